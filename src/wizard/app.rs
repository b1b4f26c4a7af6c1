//! The wizard's `update`: the one entry for changes. It applies an action through the screens' transitions
//! (`screens/`), moves between steps, and brings the view model up to date (`present`). `update` only changes
//! state: detection, reading and writing files are effects it returns, carried out by the loop
//! (`super::run_loop`), whose results come back as actions. The state itself is in `state`.

use std::path::PathBuf;

use crossterm::event::{Event, KeyEventKind};

use crate::{
    answers::Draft,
    catalog::Catalog,
    detect::Detection,
    field_error::FieldError,
    fields::{self, Place},
};

use super::{
    action::{Action, Command, Effect, Inspect, Outcome},
    keymap, present,
    state::{App, ArgsMode, HelpMode, ReviewMode, ReviewState},
    step::Step,
    steps,
    view_model::PreviewMode,
};

impl<'c> App<'c> {
    pub fn new(
        catalog: &'c Catalog,
        dir: PathBuf,
        detection: Detection,
        from_file: Option<Draft>,
    ) -> anyhow::Result<App<'c>> {
        let first_step = if detection.members.is_empty() {
            Step::Language
        } else {
            Step::Member
        };
        let mut app = App::starting(catalog, dir, detection, from_file)?;
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
            Action::Edit(key) => {
                let changed = self.edit(&key);
                self.form_applied(changed)
            }
            Action::Paste(text) => {
                let changed = self.paste(&text);
                self.form_applied(changed)
            }
            Action::Detected(detection) => {
                if self.detected(detection) {
                    self.advance()
                } else {
                    None
                }
            }
            Action::Inspected {
                targets,
                purpose,
                compose,
            } => {
                self.found_compose(compose);
                self.inspected(targets, purpose)
            }
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

    /// Bring the view model up to date with the state.
    fn refresh_view(&mut self) {
        let mut view = std::mem::take(&mut self.view);
        present::refresh(&mut view, self);
        self.view = view;
    }

    /// After the form went into the draft: on the review, the target files are looked at again (the options
    /// decide which are written).
    fn form_applied(&mut self, changed: bool) -> Option<Effect> {
        if changed && self.step == Step::Review {
            return self.inspect(Inspect::Refresh);
        }
        None
    }

    fn steps_applicable(&self) -> Vec<Step> {
        let member = (!self.project.members.is_empty()).then_some(Step::Member);
        member
            .into_iter()
            .chain(Step::ALL)
            .filter(|s| *s != Step::BuildSystem || !steps::skip_build_system(self))
            .collect()
    }

    /// Go to a step: build its form from the current answers and point the preview at its lines. Entering the
    /// review asks for the target files to be looked at.
    fn enter(&mut self, step: Step) -> Option<Effect> {
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
            Step::Review => {
                return match self.review_choice().as_deref() {
                    None => None,
                    Some("back") => self.back(),
                    Some(choice) => self.perform_review(choice),
                };
            }
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
    fn advance(&mut self) -> Option<Effect> {
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

    fn back(&mut self) -> Option<Effect> {
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
