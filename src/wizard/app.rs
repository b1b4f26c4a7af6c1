//! The wizard's state and its `update`. Every change goes into a `Draft` (detection < answers file < what the
//! user chose here), which is completed into `Answers` and rendered by the same engine `generate` uses, so the
//! preview is always exactly what would be written. `update` only changes state: detection, reading and writing
//! files are effects it returns, carried out by the loop (`super::run_loop`), whose results come back as actions.
//! Each screen's transitions are in `screens/`.

use std::{collections::BTreeSet, path::PathBuf};

use crossterm::event::{Event, KeyEventKind};

use crate::{
    answers::{Answers, Draft},
    catalog::Catalog,
    detect::{Detection, Member},
    dockerfile::{self, Origin, Output},
    error::field_errors,
    field_error::FieldError,
    fields::{self, Place},
};

use super::{
    action::{Action, Command, Effect, Inspect, Outcome},
    form::Form,
    keymap::{self, Screen},
    screens::{
        args::{ArgsMode, ArgsState},
        bases::{BaseFilter, BaseTable},
        preview::{PreviewMode, PreviewState},
        review::{ReviewMode, ReviewState},
    },
    steps,
    view_model::{self, Derived, ViewModel},
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Step {
    /// Which workspace member to containerise; only asked in a monorepo, before everything else.
    Member,
    Language,
    BuildSystem,
    Base,
    User,
    Healthcheck,
    Args,
    Review,
}

impl Step {
    pub const ALL: [Step; 7] = [
        Step::Language,
        Step::BuildSystem,
        Step::Base,
        Step::User,
        Step::Healthcheck,
        Step::Args,
        Step::Review,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Step::Member => "Workspace member",
            Step::Language => "Language",
            Step::BuildSystem => "Build system",
            Step::Base => "Runtime base",
            Step::User => "Non-root user",
            Step::Healthcheck => "Healthcheck",
            Step::Args => "Build args",
            Step::Review => "Review & write",
        }
    }

    /// The instructions this step produces in the Dockerfile.
    pub fn origin(self) -> Origin {
        match self {
            Step::Member | Step::Language => Origin::Language,
            Step::BuildSystem => Origin::BuildSystem,
            Step::Base => Origin::Base,
            Step::User => Origin::User,
            Step::Healthcheck => Origin::Healthcheck,
            Step::Args => Origin::BuildArgs,
            Step::Review => Origin::Options,
        }
    }

    /// 1 to 7; 0 for the member choice, which only monorepos see and which comes before the count starts.
    pub fn number(self) -> usize {
        Step::ALL
            .iter()
            .position(|s| *s == self)
            .map_or(0, |i| i + 1)
    }
}

/// Whether the help is laid over the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HelpMode {
    #[default]
    Hidden,
    Shown,
}

pub struct App<'c> {
    pub catalog: &'c Catalog,
    pub dir: PathBuf,
    pub detection: Detection,
    /// The workspace members of the folder (empty when it is not a monorepo) and the chosen one: 0 is the whole
    /// repository, `i` is `members[i - 1]`.
    pub members: Vec<Member>,
    pub member: usize,
    /// The answers file, kept to lay it over a fresh detection when another member is chosen.
    pub from_file: Option<Draft>,
    /// Detection overlaid with the answers file: what a fresh choice of language starts from.
    pub start: Draft,
    pub draft: Draft,
    pub answers: Answers,
    pub output: Option<Output>,
    pub errors: Vec<FieldError>,
    pub step: Step,
    /// Steps whose answers the user set here (their defaults no longer follow other choices).
    pub touched: BTreeSet<Step>,
    pub language: usize,
    pub form: Form,
    pub bases: BaseTable<'c>,
    pub args: ArgsState,
    pub review: ReviewState,
    pub preview: PreviewState,
    pub help: HelpMode,
    pub message: Option<String>,
    /// Set by the loop when `update` asked to leave.
    pub outcome: Option<Outcome>,
    /// The answers file the review saved, if any: a cancelled wizard must not claim it wrote nothing.
    pub saved: Option<PathBuf>,
    /// What follows from the answers (effective build system, the base's fit, the probe), computed when they change.
    pub derived: Derived,
    /// What drawing reads, brought up to date after every action.
    pub view: ViewModel,
    /// Counts the answers computed so far, so the view model rebuilds what follows from them only on change.
    pub(super) revision: u64,
}

/// Width from which the preview sits beside the form.
pub const WIDE: u16 = 100;

impl<'c> App<'c> {
    pub fn new(
        catalog: &'c Catalog,
        dir: PathBuf,
        detection: Detection,
        from_file: Option<Draft>,
    ) -> anyhow::Result<App<'c>> {
        let (start, language, answers) = starting_point(catalog, &detection, from_file.as_ref())?;
        let members = detection.members.clone();
        let first_step = if members.is_empty() {
            Step::Language
        } else {
            Step::Member
        };
        let mut app = App {
            catalog,
            dir,
            detection,
            members,
            member: 0,
            from_file,
            draft: start.clone(),
            start,
            answers,
            output: None,
            errors: Vec::new(),
            step: Step::Language,
            touched: BTreeSet::new(),
            language,
            form: Form::default(),
            bases: BaseTable::default(),
            args: ArgsState::default(),
            review: ReviewState::default(),
            preview: PreviewState::default(),
            help: HelpMode::Hidden,
            message: None,
            outcome: None,
            saved: None,
            derived: Derived::default(),
            view: ViewModel::default(),
            revision: 0,
        };
        app.recompute();
        // The first step is never the review, so entering it asks for nothing to be looked at.
        let effect = app.enter(first_step);
        debug_assert!(effect.is_none());
        app.refresh_view();
        Ok(app)
    }

    /// The one entry for changes: apply `action`, bring the view model up to date, and return the work the loop
    /// is to do (its result comes back as another action).
    pub fn update(&mut self, action: Action) -> Option<Effect> {
        let effect = match action {
            Action::Do(command) => self.command(command),
            Action::Edit(key) => self.edit(&key),
            Action::Paste(text) => self.paste(&text),
            Action::Detected(detection) => self.detected(detection),
            Action::Inspected { targets, purpose } => self.inspected(targets, purpose),
            Action::Written(Ok(report)) => Some(Effect::Exit(Outcome::Written(report))),
            Action::Written(Err(e)) => {
                self.message = Some(format!("not written: {e}"));
                None
            }
            Action::Saved(saved) => {
                self.saved_answers(saved);
                None
            }
        };
        self.refresh_view();
        effect
    }

    fn command(&mut self, command: Command) -> Option<Effect> {
        match command {
            Command::Quit => return Some(Effect::Exit(Outcome::Cancelled)),
            Command::Next => return self.next(),
            Command::Back => return self.back(),
            Command::Help => self.help = HelpMode::Shown,
            Command::CloseHelp => self.help = HelpMode::Hidden,
            Command::TogglePreview => self.preview.toggle(),
            Command::ClosePreview => self.preview.mode = PreviewMode::Beside,
            Command::PreviewDown => self.page(10),
            Command::PreviewUp => self.page(-10),
            Command::LineDown => self.move_line(1),
            Command::LineUp => self.move_line(-1),
            Command::Up | Command::Down | Command::First | Command::Last => match self.step {
                Step::Member => self.move_member(command),
                Step::Language => self.move_language(command),
                Step::Base => self.move_base(command),
                Step::Args => self.move_arg(command),
                _ => {}
            },
            Command::ToggleSort => self.toggle_sort(),
            Command::ToggleAllBases => self.toggle_all_bases(),
            Command::AddArg => self.add_arg(),
            Command::EditArg => self.edit_arg(),
            Command::DeleteArg => self.delete_arg(),
            Command::SaveArg => self.save_arg(),
            Command::CancelArg => self.args.mode = ArgsMode::List,
            Command::DiffUp => self.scroll_diff(-1),
            Command::DiffDown => self.scroll_diff(1),
            Command::DiffPageUp => self.scroll_diff(-10),
            Command::DiffPageDown => self.scroll_diff(10),
            // Keys for a field arrive as `Action::Edit`, with the key.
            Command::Edit => {}
        }
        None
    }

    /// The screen that takes keys now: the help over everything, else [`App::screen_under_help`].
    pub fn screen(&self) -> Screen {
        match self.help {
            HelpMode::Shown => Screen::Help,
            HelpMode::Hidden => self.screen_under_help(),
        }
    }

    /// The screen the footer and the help are about: the full-screen preview or the step in its current mode.
    pub fn screen_under_help(&self) -> Screen {
        if self.preview.mode == PreviewMode::FullScreen {
            return Screen::FullPreview;
        }
        match self.step {
            Step::Member => Screen::Member,
            Step::Language => Screen::Language,
            Step::BuildSystem | Step::User | Step::Healthcheck => Screen::Form,
            Step::Base => match self.bases.filter {
                BaseFilter::Fitting => Screen::Bases,
                BaseFilter::All => Screen::AllBases,
            },
            Step::Args => match self.args.mode {
                ArgsMode::List => Screen::ArgsList,
                ArgsMode::Editing { .. } => Screen::ArgEditor,
            },
            Step::Review => match (self.review.mode, &self.review.diff) {
                (ReviewMode::ConfirmReplace, _) => Screen::ConfirmReplace,
                (ReviewMode::Summary, Some(_)) => Screen::ReviewWithDiff,
                (ReviewMode::Summary, None) => Screen::Review,
            },
        }
    }

    /// The form keys are typed into on this screen, if any.
    pub fn live_form(&self) -> Option<&Form> {
        match self.screen() {
            Screen::Form | Screen::Review | Screen::ReviewWithDiff => Some(&self.form),
            Screen::ArgEditor => self.args.editor(),
            _ => None,
        }
    }

    /// Whether keys now go into a text field.
    pub fn typing(&self) -> bool {
        self.live_form()
            .and_then(Form::focused)
            .is_some_and(super::form::Row::is_text)
    }

    /// The action a terminal event asks for on the current screen, if any.
    pub fn action_for(&self, event: &Event) -> Option<Action> {
        match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => {
                keymap::resolve(self.screen(), self.live_form(), key)
            }
            Event::Paste(text) => Some(Action::Paste(text.clone())),
            _ => None,
        }
    }

    /// Complete the draft and render it; invalid drafts keep the last good preview and show their errors.
    pub(super) fn recompute(&mut self) {
        match self.draft.clone().plan(self.catalog) {
            Ok(plan) => {
                self.errors.clear();
                self.output = dockerfile::generate(&plan).ok();
                self.derived = view_model::derive(&plan);
                self.answers = plan.answers;
                self.revision += 1;
            }
            Err(errors) => self.errors = errors,
        }
    }

    /// Bring the view model up to date with the state.
    pub(super) fn refresh_view(&mut self) {
        let mut view = std::mem::take(&mut self.view);
        view_model::refresh(&mut view, self);
        self.view = view;
    }

    pub(super) fn steps_applicable(&self) -> Vec<Step> {
        let member = (!self.members.is_empty()).then_some(Step::Member);
        member
            .into_iter()
            .chain(Step::ALL)
            .filter(|s| *s != Step::BuildSystem || !steps::skip_build_system(self))
            .collect()
    }

    /// Go to a step: build its form from the current answers and point the preview at its lines. Entering the
    /// review asks for the target files to be looked at.
    pub(super) fn enter(&mut self, step: Step) -> Option<Effect> {
        self.step = step;
        self.message = None;
        self.review = ReviewState::default();
        self.args.mode = ArgsMode::List;
        self.form = steps::form_for(self, step);
        let _ = self.form.set_errors(&self.errors);
        if step == Step::Base {
            self.reselect_base();
        }
        self.jump_preview_to_step();
        if step == Step::Review {
            return self.inspect(Inspect::Enter);
        }
        None
    }

    fn next(&mut self) -> Option<Effect> {
        match self.step {
            Step::Review => return self.perform_review(),
            Step::Member => {
                self.message = None;
                return Some(self.detect_member());
            }
            Step::Language => self.choose_language(),
            Step::Base => {
                if let Some(refused) = self.refused_base() {
                    self.message = Some(refused);
                    return None;
                }
            }
            _ => {}
        }
        self.advance()
    }

    /// Leave the step for the next one, unless an error keeps it.
    pub(super) fn advance(&mut self) -> Option<Effect> {
        if self.form.has_errors() || !self.step_errors().is_empty() {
            let first = self
                .step_errors()
                .first()
                .map(|e| format!("{}: {}", e.field, e.message));
            self.message =
                Some(first.unwrap_or_else(|| "fix the field marked in red first".to_string()));
            return None;
        }
        let steps = self.steps_applicable();
        let at = steps.iter().position(|s| *s == self.step).unwrap_or(0);
        let next = *steps.get(at + 1)?;
        self.enter(next)
    }

    /// Errors that keep this step from being left.
    fn step_errors(&self) -> Vec<&FieldError> {
        let place = match self.step {
            Step::Member => None,
            Step::Language => Some(Place::Language),
            Step::BuildSystem => Some(Place::BuildSystem),
            Step::Base => Some(Place::Base),
            Step::User => Some(Place::User),
            Step::Healthcheck => Some(Place::Healthcheck),
            Step::Args => Some(Place::Args),
            Step::Review => Some(Place::Review),
        };
        self.errors
            .iter()
            .filter(|e| place.is_some() && fields::place_of(&e.field) == place)
            .collect()
    }

    pub(super) fn back(&mut self) -> Option<Effect> {
        if self.review.mode == ReviewMode::ConfirmReplace {
            self.review.mode = ReviewMode::Summary;
            self.message = Some("not written".into());
            return None;
        }
        let steps = self.steps_applicable();
        let at = steps.iter().position(|s| *s == self.step).unwrap_or(0);
        let previous = *steps.get(at.checked_sub(1)?)?;
        self.enter(previous)
    }
}

/// Detection overlaid with the answers file, the language it selects, and its completed answers (or the
/// language's defaults when the layers together do not validate, so the wizard can still open and show why).
pub(super) fn starting_point(
    catalog: &Catalog,
    detection: &Detection,
    from_file: Option<&Draft>,
) -> anyhow::Result<(Draft, usize, Answers)> {
    let mut start = detection.draft.clone();
    if let Some(file) = from_file {
        start = start.overlay(file.clone());
    }
    if start.language.is_none() {
        start.language = catalog.languages.first().map(|l| l.id.clone());
    }
    let language = catalog
        .languages
        .iter()
        .position(|l| Some(&l.id) == start.language.as_ref())
        .unwrap_or(0);
    let answers = match start.clone().complete(catalog) {
        Ok(answers) => answers,
        Err(errors) => {
            let first = Draft {
                language: start.language.clone(),
                ..Draft::default()
            };
            first
                .complete(catalog)
                .map_err(|_| field_errors("the answers cannot be completed", &errors))?
        }
    };
    Ok((start, language, answers))
}
