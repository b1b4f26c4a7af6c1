//! The interactive wizard, as a state machine: keys become actions through each screen's bindings (`keymap`),
//! `App::update` (`app`) changes the state (`state`) through each screen's transitions (`screens`) and returns
//! effects, which the loop here carries out (detection, looking at and writing files) and feeds back as actions.
//! After each action the view model (`view_model`) is brought up to date (`present`), and drawing (`view`) reads
//! only it. The steps' forms are built in `steps` and `form`; the preview's highlighting is in `preview`. Files
//! are written through the same engine `generate` uses.
//!
//! The modules are layered, each importing only those before it here: `action`, `form`, `step` and `theme`;
//! `keymap`; `view_model`; `state`; `steps` and `present`; `screens`; `app`; then `view` and this loop
//! (docs/architecture.md draws it).

pub mod action;
pub mod app;
pub mod form;
pub mod keymap;
pub mod present;
pub mod preview;
pub mod screens;
pub mod state;
pub mod step;
pub mod steps;
pub mod theme;
pub mod view;
pub mod view_model;

use std::{
    io,
    path::{Path, PathBuf},
    sync::{
        Arc,
        atomic::{AtomicBool, AtomicUsize, Ordering},
    },
    time::Duration,
};

use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste, Event, KeyEvent};
use ratatui::{Terminal, backend::Backend};
use signal_hook::{
    SigId,
    consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM},
    flag,
};

use crate::{
    answers::Draft,
    catalog::Catalog,
    compose,
    detect::{self, Detection},
    output,
    write::{self, Existing},
};

pub use action::{Action, Command, Effect, Outcome as Exit};
pub use state::App;
pub use step::Step;

use action::{Inspected, TargetState};

/// How the wizard on the real terminal ended.
#[derive(Debug)]
pub enum Ending {
    Written(String),
    /// Quit or Ctrl+C; `saved` is the answers file the review saved before, if any.
    Cancelled {
        saved: Option<PathBuf>,
    },
    /// Stopped by SIGTERM, SIGHUP, SIGQUIT or SIGINT (its number); the terminal was restored first.
    Signalled {
        signal: i32,
        saved: Option<PathBuf>,
    },
}

/// The signals that end the wizard: each restores the terminal before the process exits. A second one of them
/// while the first is handled terminates at once (the terminal may then stay raw, but nothing can hang).
const STOP_SIGNALS: [i32; 4] = [SIGTERM, SIGHUP, SIGQUIT, SIGINT];

/// The longest a read waits before the loop looks at the signals again.
const TICK: Duration = Duration::from_millis(100);

/// Events handled before the next frame is drawn: a burst of input (a paste in a terminal without bracketed
/// paste, a held key) is applied in batches instead of one frame per key.
const BATCH: usize = 1024;

/// How long the drain of pending input waits: crossterm's /dev/tty reader does not look at the terminal at all
/// with a zero timeout.
const DRAIN: Duration = Duration::from_millis(1);

struct Signals {
    caught: Arc<AtomicUsize>,
    ids: Vec<SigId>,
}

impl Signals {
    fn register() -> io::Result<Signals> {
        let caught = Arc::new(AtomicUsize::new(0));
        let twice = Arc::new(AtomicBool::new(false));
        let mut ids = Vec::new();
        for signal in STOP_SIGNALS {
            ids.push(flag::register_conditional_shutdown(
                signal,
                128 + signal,
                Arc::clone(&twice),
            )?);
            ids.push(flag::register(signal, Arc::clone(&twice))?);
            ids.push(flag::register_usize(
                signal,
                Arc::clone(&caught),
                signal as usize,
            )?);
        }
        Ok(Signals { caught, ids })
    }

    fn caught(&self) -> Option<i32> {
        match self.caught.load(Ordering::Relaxed) {
            0 => None,
            n => i32::try_from(n).ok(),
        }
    }
}

impl Drop for Signals {
    fn drop(&mut self) {
        for id in self.ids.drain(..) {
            signal_hook::low_level::unregister(id);
        }
    }
}

/// The next event, waiting at most `TICK`; `None` when none came or a stop signal arrived.
fn next_event(signals: &Signals, wait: Duration) -> io::Result<Option<Event>> {
    if signals.caught().is_some() {
        return Ok(None);
    }
    if crossterm::event::poll(wait)? {
        return crossterm::event::read().map(Some);
    }
    Ok(None)
}

fn restore_terminal() {
    let _ = crossterm::execute!(io::stdout(), DisableBracketedPaste);
    ratatui::restore();
}

/// Run the wizard on the real terminal. The terminal is restored before this returns, on every path: an
/// outcome, an error, a stop signal (SIGTERM, SIGHUP, SIGQUIT, `kill -INT`) and a panic (the hook below, on top
/// of the one `ratatui::init` installs).
pub fn run(
    dir: &Path,
    detection: Detection,
    from_file: Option<Draft>,
    catalog: &Catalog,
) -> anyhow::Result<Ending> {
    let mut app = App::new(catalog, dir.to_path_buf(), detection, from_file)?;
    let signals = Signals::register()?;
    let mut terminal = ratatui::init();
    let ratatui_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = crossterm::execute!(io::stdout(), DisableBracketedPaste);
        ratatui_hook(info);
    }));
    // A paste arrives as one event of text: its newlines are not Enter, and it is not thousands of keys.
    let _ = crossterm::execute!(io::stdout(), EnableBracketedPaste);
    let result = live_loop(&mut terminal, &mut app, &signals);
    restore_terminal();
    let _ = std::panic::take_hook();
    result?;
    let saved = app.saved.clone();
    if let Some(signal) = signals.caught() {
        return Ok(Ending::Signalled { signal, saved });
    }
    Ok(match app.outcome {
        Some(Exit::Written(report)) => Ending::Written(report),
        Some(Exit::Cancelled) | None => Ending::Cancelled { saved },
    })
}

/// The loop on the real terminal: never blocks longer than `TICK` (so a signal is seen), and draws once per batch
/// of pending events.
fn live_loop<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App<'_>,
    signals: &Signals,
) -> anyhow::Result<()>
where
    B::Error: std::error::Error + Send + Sync + 'static,
{
    let mut changed = true;
    let mut drawn_at = terminal.size()?;
    loop {
        if changed {
            drawn_at = terminal.size()?;
            terminal.draw(|frame| view::draw(frame, app))?;
        }
        if app.outcome.is_some() || signals.caught().is_some() {
            return Ok(());
        }
        let Some(event) = next_event(signals, TICK)? else {
            // Idle: redraw only when the window changed size (a resize event may be coalesced or missed).
            changed = terminal.size()? != drawn_at;
            continue;
        };
        changed = true;
        let mut batch = vec![event];
        while batch.len() < BATCH {
            match next_event(signals, DRAIN)? {
                Some(event) => batch.push(event),
                None => break,
            }
        }
        for event in coalesce(batch, app.typing()) {
            handle(app, &event);
            if app.outcome.is_some() {
                break;
            }
        }
    }
}

/// Feed one terminal event: the action it asks for on the current screen goes through `update`.
pub fn handle(app: &mut App<'_>, event: &Event) {
    if let Some(action) = app.action_for(event) {
        dispatch(app, action);
    }
}

/// Feed one key.
pub fn press(app: &mut App<'_>, key: KeyEvent) {
    handle(app, &Event::Key(key));
}

/// Run an action through `update`, carry out each effect it asks for and feed the result back, until no effect
/// is left or the wizard is to end.
pub fn dispatch(app: &mut App<'_>, action: Action) {
    let mut effect = app.update(action);
    while let Some(next) = effect.take() {
        match carry_out(app.catalog, next) {
            Done::Report(result) => effect = app.update(result),
            Done::End(outcome) => app.outcome = Some(outcome),
        }
    }
}

/// What carrying out an effect came to.
enum Done {
    /// The action that reports how the work went.
    Report(Action),
    /// The wizard ends.
    End(Exit),
}

/// Do the work of an effect (detection, the disk) and say how it went.
fn carry_out(catalog: &Catalog, effect: Effect) -> Done {
    Done::Report(match effect {
        Effect::Exit(outcome) => return Done::End(outcome),
        Effect::Detect { dir, member } => Action::Detected(
            detect::detect(&dir, member.as_deref(), catalog)
                .map(Box::new)
                .map_err(|e| e.to_string()),
        ),
        Effect::Inspect { files, purpose } => {
            let targets =
                output::targets(&files.dir, &files.dockerfile, &files.answers, &files.output)
                    .into_iter()
                    .map(|(path, content)| {
                        let (state, diff) = match write::existing(&path, &content) {
                            Ok(Existing::Missing) => (TargetState::Created, None),
                            Ok(Existing::Same) => (TargetState::Unchanged, None),
                            Ok(Existing::Different(old)) => (
                                TargetState::Replaced,
                                Some(write::unified_diff(
                                    &old,
                                    &content,
                                    &path.display().to_string(),
                                )),
                            ),
                            Err(_) => (TargetState::Replaced, None),
                        };
                        Inspected { path, state, diff }
                    })
                    .collect();
            Action::Inspected {
                targets,
                purpose,
                compose: compose::existing(&files.dir),
            }
        }
        Effect::Write(files) => Action::Written(
            output::write_outputs(
                &files.dir,
                &files.dockerfile,
                &files.answers,
                &files.output,
                true,
            )
            .map(|lines| {
                let mut report = lines.join("\n");
                report.push_str("\n\n");
                report.push_str(&output::next_steps(
                    &files.dir,
                    &files.dockerfile,
                    &files.answers,
                ));
                report
            })
            .map_err(|e| format!("{e:#}")),
        ),
        Effect::SaveAnswers { path, text } => Action::Saved(
            write::write_atomic(&path, &text)
                .map(|_| path)
                .map_err(|e| format!("{e:#}")),
        ),
    })
}

/// A run of plain characters read at once (a paste in a terminal without bracketed paste) becomes one paste, so
/// the answers are recomputed once and not once per character. Only while a text field has the focus: there a
/// character is only text.
fn coalesce(batch: Vec<Event>, into_text: bool) -> Vec<Event> {
    use crossterm::event::{KeyCode, KeyEventKind, KeyModifiers};
    if !into_text || batch.len() < 2 {
        return batch;
    }
    let mut out = Vec::with_capacity(batch.len());
    let mut run = String::new();
    let mut events = batch.into_iter();
    for event in events.by_ref() {
        match &event {
            Event::Key(key)
                if key.kind != KeyEventKind::Release
                    && (key.modifiers - KeyModifiers::SHIFT).is_empty()
                    && matches!(key.code, KeyCode::Char(_)) =>
            {
                if let KeyCode::Char(c) = key.code {
                    run.push(c);
                }
            }
            Event::Key(key) if key.kind == KeyEventKind::Release => {}
            _ => {
                if !run.is_empty() {
                    out.push(Event::Paste(std::mem::take(&mut run)));
                }
                out.push(event);
                // Any other key may move the focus off the text field: the rest stays keys.
                break;
            }
        }
    }
    if !run.is_empty() {
        out.push(Event::Paste(run));
    }
    out.extend(events);
    out
}

/// Draw, read an event, update, until the app has an outcome. Generic over the backend and the event source so
/// tests and benchmarks drive the real loop.
pub fn run_loop<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App<'_>,
    mut next_event: impl FnMut() -> io::Result<Event>,
) -> anyhow::Result<()>
where
    B::Error: std::error::Error + Send + Sync + 'static,
{
    loop {
        terminal.draw(|frame| view::draw(frame, app))?;
        if app.outcome.is_some() {
            return Ok(());
        }
        let event = next_event()?;
        handle(app, &event);
    }
}

#[cfg(test)]
mod tests {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use super::*;
    use crate::wizard::{keymap::Screen, state::ReviewMode};

    #[test]
    fn the_loop_carries_out_effects_and_feeds_their_results_back() {
        crate::eol::fix_today(crate::eol::TEST_TODAY);
        let catalog = crate::catalog::builtin().expect("catalog");
        let dir = tempfile::tempdir().expect("tempdir");
        let fixture = Path::new("tests/fixtures/projects/go-basic");
        std::fs::copy(fixture.join("go.mod"), dir.path().join("go.mod")).expect("copy");
        std::fs::write(dir.path().join("Dockerfile"), "FROM mine:1\n").expect("write");
        std::fs::write(dir.path().join("docker-compose.yml"), "services: {}\n").expect("write");
        let detection = detect::detect(dir.path(), None, &catalog).expect("detect");
        let mut app = App::new(&catalog, dir.path().to_path_buf(), detection, None).expect("app");
        while app.step != Step::Review {
            dispatch(&mut app, Action::Do(Command::Next));
        }
        // Entering the review looked at the disk.
        let dockerfile = dir.path().join("Dockerfile");
        assert_eq!(
            app.review.targets.first(),
            Some(&(dockerfile.clone(), TargetState::Replaced))
        );
        assert!(
            app.review
                .diff
                .as_deref()
                .is_some_and(|d| d.contains("-FROM mine:1"))
        );
        // The compose file the loop found is what the compose option says.
        assert_eq!(
            app.project.compose,
            Some(dir.path().join("docker-compose.yml"))
        );
        let hint = app
            .form
            .rows
            .iter()
            .find(|r| r.id == "options.compose")
            .map(|r| r.hint.as_str());
        assert!(
            hint.is_some_and(|h| h.starts_with("docker-compose.yml exists")),
            "{hint:?}"
        );
        // Enter looks again and asks first; the second Enter writes, and the wizard ends with the report.
        dispatch(&mut app, Action::Do(Command::Next));
        assert_eq!(app.review.mode, ReviewMode::ConfirmReplace);
        assert_eq!(app.screen(), Screen::ConfirmReplace);
        assert!(app.outcome.is_none());
        dispatch(&mut app, Action::Do(Command::Next));
        let Some(Exit::Written(report)) = &app.outcome else {
            panic!("not written: {:?}", app.message)
        };
        assert!(report.contains("docker build"), "{report}");
        let expected = app
            .output
            .as_ref()
            .expect("output")
            .dockerfile()
            .to_string();
        assert_eq!(
            std::fs::read_to_string(&dockerfile).expect("read"),
            expected
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("Dockerfile.bak")).expect("backup"),
            "FROM mine:1\n"
        );
    }

    fn key(code: KeyCode, modifiers: KeyModifiers) -> Event {
        Event::Key(KeyEvent::new(code, modifiers))
    }

    #[test]
    fn item_11_a_burst_of_characters_becomes_one_paste() {
        let mut burst: Vec<Event> = "ab c"
            .chars()
            .map(|c| key(KeyCode::Char(c), KeyModifiers::NONE))
            .collect();
        burst.push(key(KeyCode::Char('c'), KeyModifiers::CONTROL));
        burst.push(key(KeyCode::Char('x'), KeyModifiers::NONE));
        let merged = coalesce(burst.clone(), true);
        assert_eq!(
            merged,
            vec![
                Event::Paste("ab c".into()),
                key(KeyCode::Char('c'), KeyModifiers::CONTROL),
                key(KeyCode::Char('x'), KeyModifiers::NONE),
            ]
        );
        // Outside a text field a character is a command: nothing is merged.
        assert_eq!(coalesce(burst.clone(), false), burst);
    }
}
