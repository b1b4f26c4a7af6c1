//! The wizard's state, as plain data: what came from the project, what the user is building, and where each
//! screen is. Every change goes into a `Draft` (detection < answers file < what the user chose here), which is
//! completed into `Answers` and rendered by the same engine `generate` uses, so the preview is always exactly
//! what would be written. Besides the data: the queries on it that drawing and keys both read (which screen
//! takes keys, the preview's marked lines), and `recompute`, which keeps what follows from the draft in step
//! with it. Nothing here reads the disk or knows the screens' transitions (`screens`) or `update` (`app`).

pub mod args;
pub mod bases;
pub mod preview;
pub mod review;

use std::{collections::BTreeSet, path::PathBuf};

use crate::{
    answers::{Answers, Draft},
    catalog::{BuildSystem, Catalog},
    compare::BaseRow,
    compat::Verdict,
    detect::{Detection, Member},
    dockerfile::{self, Output},
    error::field_errors,
    field_error::FieldError,
    plan::Plan,
};

use super::{
    action::Outcome,
    form::{Form, Row},
    keymap::Screen,
    step::Step,
    view_model::{PreviewMode, ViewModel},
};

pub use args::{ArgsMode, ArgsState};
pub use bases::{BaseFilter, BaseSort, BaseTable};
pub use preview::PreviewState;
pub use review::{ReviewMode, ReviewState};

/// Whether the help is laid over the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HelpMode {
    #[default]
    Hidden,
    Shown,
}

/// What follows from the answers (effective build system, the base's fit, the probe), taken from their plan
/// once per change of the answers and nowhere else in the wizard.
#[derive(Debug, Default)]
pub struct Derived {
    /// The build system with the variant and framework applied.
    pub build: Option<BuildSystem>,
    /// The chosen base's name and how it fits the app.
    pub fit: Option<(String, Verdict)>,
    /// How the health check probes the app, in words.
    pub probe: Option<String>,
}

impl Derived {
    pub fn of(plan: &Plan<'_>) -> Derived {
        Derived {
            build: Some(plan.build.clone()),
            fit: Some((plan.base.name.clone(), plan.fit.clone())),
            probe: Some(plan.probe.why.clone()),
        }
    }
}

/// What came from the project. Changed only by the results of effects: another member's detection, the
/// compose file found while the target files were looked at.
pub struct Project {
    pub dir: PathBuf,
    pub detection: Detection,
    /// The workspace members of the folder (empty when it is not a monorepo).
    pub members: Vec<Member>,
    /// The answers file, kept to lay it over a fresh detection when another member is chosen.
    pub from_file: Option<Draft>,
    /// The compose file the project already has, as the loop last found it while looking at the target files:
    /// neither `update` nor the forms read the disk.
    pub compose: Option<PathBuf>,
}

/// The wizard. Built by `App::new` (in `app`, which also enters the first step) and changed only by
/// `App::update`.
pub struct App<'c> {
    pub catalog: &'c Catalog,
    pub project: Project,

    // What the user is building: the layers of the draft, its completed answers and what follows from them.
    /// Detection overlaid with the answers file: what a fresh choice of language starts from.
    pub start: Draft,
    pub draft: Draft,
    pub answers: Answers,
    pub errors: Vec<FieldError>,
    pub output: Option<Output>,
    /// What follows from the answers (effective build system, the base's fit, the probe), computed when they change.
    pub derived: Derived,
    /// Steps whose answers the user set here (their defaults no longer follow other choices).
    pub touched: BTreeSet<Step>,
    /// Counts the answers computed so far, so the view model rebuilds what follows from them only on change.
    pub(in crate::wizard) revision: u64,

    // Where the screens are.
    pub step: Step,
    /// The chosen workspace member: 0 is the whole repository, `i` is `project.members[i - 1]`.
    pub member: usize,
    /// The selected language, an index into the catalog's languages.
    pub language: usize,
    /// The current step's form.
    pub form: Form,
    pub bases: BaseTable<'c>,
    pub args: ArgsState,
    pub review: ReviewState,
    pub preview: PreviewState,
    pub help: HelpMode,
    pub message: Option<String>,
    /// What drawing reads, brought up to date after every action.
    pub view: ViewModel,

    // How the run ended.
    /// Set by the loop when `update` asked to leave.
    pub outcome: Option<Outcome>,
    /// The answers file the review saved, if any: a cancelled wizard must not claim it wrote nothing.
    pub saved: Option<PathBuf>,
}

impl<'c> App<'c> {
    /// The state before any step is entered: detection overlaid with the answers file, completed and rendered.
    pub(in crate::wizard) fn starting(
        catalog: &'c Catalog,
        dir: PathBuf,
        detection: Detection,
        from_file: Option<Draft>,
    ) -> anyhow::Result<App<'c>> {
        let (start, language, answers) = starting_point(catalog, &detection, from_file.as_ref())?;
        let members = detection.members.clone();
        let mut app = App {
            catalog,
            project: Project {
                dir,
                detection,
                members,
                from_file,
                compose: None,
            },
            draft: start.clone(),
            start,
            answers,
            errors: Vec::new(),
            output: None,
            derived: Derived::default(),
            touched: BTreeSet::new(),
            revision: 0,
            step: Step::Language,
            member: 0,
            language,
            form: Form::default(),
            bases: BaseTable::default(),
            args: ArgsState::default(),
            review: ReviewState::default(),
            preview: PreviewState::default(),
            help: HelpMode::Hidden,
            message: None,
            view: ViewModel::default(),
            outcome: None,
            saved: None,
        };
        app.recompute();
        Ok(app)
    }

    /// Complete the draft and render it; invalid drafts keep the last good preview and show their errors.
    pub(in crate::wizard) fn recompute(&mut self) {
        match self.draft.clone().plan(self.catalog) {
            Ok(plan) => {
                self.errors.clear();
                self.output = dockerfile::generate(&plan).ok();
                self.derived = Derived::of(&plan);
                self.answers = plan.answers;
                self.revision += 1;
            }
            Err(errors) => self.errors = errors,
        }
    }

    /// Start the answers over from another detection (another workspace member was chosen).
    pub(in crate::wizard) fn start_over(&mut self, detection: Detection) -> anyhow::Result<()> {
        let (start, language, answers) =
            starting_point(self.catalog, &detection, self.project.from_file.as_ref())?;
        self.project.detection = detection;
        self.draft = start.clone();
        self.start = start;
        self.language = language;
        self.answers = answers;
        self.touched.clear();
        self.recompute();
        Ok(())
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
            .is_some_and(Row::is_text)
    }

    /// The rows of the base table (kept up to date while the base step is shown).
    pub fn base_rows(&self) -> &[BaseRow<'c>] {
        &self.bases.rows
    }
}

/// Detection overlaid with the answers file, the language it selects, and its completed answers (or the
/// language's defaults when the layers together do not validate, so the wizard can still open and show why).
fn starting_point(
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
