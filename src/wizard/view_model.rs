//! What drawing reads: plain data (text, tones, fits, selections), brought up to date by `update` after each
//! action, so every widget can be drawn from a model built by hand, without a catalog or a detection. What
//! follows from the answers (effective build system, the base's fit, the probe) is computed here, once per
//! change of the answers, and nowhere else in the wizard.

use crate::{
    answers::{HealthMode, UserMode},
    catalog::{BuildSystem, UserTools},
    compare::{self, BaseRow},
    compat::{Fit, Verdict},
    plan::Plan,
};

use super::{
    action::TargetState,
    app::{App, HelpMode, Step},
    keymap::{self, Footer},
    screens::{bases::BaseFilter, bases::BaseSort, preview::PreviewMode, review::ReviewMode},
};

/// What follows from the answers, computed when they change.
#[derive(Debug, Default)]
pub struct Derived {
    /// The build system with the variant and framework applied.
    pub build: Option<BuildSystem>,
    /// The chosen base's name and how it fits the app.
    pub fit: Option<(String, Verdict)>,
    /// How the health check probes the app, in words.
    pub probe: Option<String>,
}

pub fn derive(plan: &Plan<'_>) -> Derived {
    Derived {
        build: Some(plan.build.clone()),
        fit: Some((plan.base.name.clone(), plan.fit.clone())),
        probe: Some(plan.probe.why.clone()),
    }
}

/// How a line of text is coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tone {
    #[default]
    Plain,
    Dim,
    Ok,
    Warn,
    Error,
    Detected,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Note {
    pub text: String,
    pub tone: Tone,
}

impl Note {
    pub fn new(text: impl Into<String>, tone: Tone) -> Note {
        Note {
            text: text.into(),
            tone,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub title: &'static str,
    /// 1 to `count`; 0 for a step before the count starts (the member choice).
    pub number: usize,
    pub count: usize,
}

impl Default for Header {
    fn default() -> Header {
        Header {
            title: "",
            number: 0,
            count: Step::ALL.len(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ViewModel {
    pub header: Header,
    pub body: Body,
    pub preview: PreviewModel,
    pub preview_mode: PreviewMode,
    /// The share of the width the step takes beside the preview, in percent.
    pub split: u16,
    /// The line above the footer: a message, or the first error.
    pub status: Option<Note>,
    pub footer: Footer,
    /// The help's list of keys, while the help is shown.
    pub help: Option<Vec<(&'static str, &'static str)>>,
    /// What the parts below were last computed from, so they are computed again only on change.
    built: Built,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Built {
    /// The answers' revision the preview's text was taken from.
    text: Option<u64>,
    /// The revision and step the marked lines are for.
    marked: Option<(u64, Step)>,
    /// The base table's generation the rows were copied from.
    bases: Option<u64>,
}

/// The step's pane.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Body {
    #[default]
    Empty,
    Member(MemberModel),
    Language(LanguageModel),
    /// A form step; `notes` go under the form.
    Form {
        notes: Vec<Note>,
    },
    Bases(BasesModel),
    Args(ArgsModel),
    Review(ReviewModel),
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MemberModel {
    /// `(name, path)`; the first is the whole repository.
    pub rows: Vec<(String, String)>,
    pub selected: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LanguageModel {
    /// The workspace member the answers are for, in a monorepo.
    pub member: Option<String>,
    pub rows: Vec<LanguageRow>,
    pub selected: usize,
    /// Where detection found the language.
    pub evidence: Option<String>,
    /// What detection could not decide.
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LanguageRow {
    pub name: String,
    pub description: String,
    pub detected: bool,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct BasesModel {
    pub rows: Vec<BaseLine>,
    pub selected: usize,
    /// What the table shows and what `a` adds.
    pub status: String,
}

/// One base as the table and its detail pane show it.
#[derive(Debug, Clone, PartialEq)]
pub struct BaseLine {
    pub name: String,
    /// `image:tag` for this app's version.
    pub image: String,
    pub fit: Fit,
    pub recommended: bool,
    pub reason: String,
    pub caveats: Vec<String>,
    pub notes: Vec<String>,
    pub pull_mb: Option<f64>,
    pub disk_mb: Option<f64>,
    /// Sizes with their source: "2.0 MB pull / 4.5 MB on disk (busybox 1.38.0)".
    pub size: String,
    pub shell: Option<String>,
    pub package_manager: Option<String>,
    pub libc: String,
    /// The built-in non-root user's uid, and its name with it.
    pub uid: Option<u32>,
    pub nonroot_user: Option<String>,
    pub ca_certs: bool,
    pub probes: Vec<String>,
    pub support: Option<String>,
    pub support_ended: bool,
    pub pitfalls: Vec<String>,
    /// Rough final and single-stage image sizes, MB.
    pub estimate: Option<(f64, f64)>,
    pub source: String,
}

impl BaseLine {
    fn from_row(r: &BaseRow<'_>) -> BaseLine {
        BaseLine {
            name: r.name.to_string(),
            image: r.image.clone(),
            fit: r.fit,
            recommended: r.recommended,
            reason: r.reason.clone(),
            caveats: r.caveats.clone(),
            notes: r.notes.clone(),
            pull_mb: r.size_compressed_mb,
            disk_mb: r.size_uncompressed_mb,
            size: size_text(r),
            shell: r.shell.map(str::to_string),
            package_manager: r.package_manager.map(str::to_string),
            libc: r.libc.to_string(),
            uid: r.base.nonroot_user.as_ref().map(|u| u.uid),
            nonroot_user: r.nonroot_user.clone(),
            ca_certs: r.ca_certs,
            probes: r.probes.iter().map(|p| p.to_string()).collect(),
            support: r.support.clone(),
            support_ended: r.support_ended,
            pitfalls: r.pitfalls.clone(),
            estimate: r.estimate_final_mb.zip(r.estimate_single_stage_mb),
            source: r.source.to_string(),
        }
    }
}

/// "2.0 MB pull / 4.5 MB on disk (busybox 1.38.0)", or what is not published and why.
fn size_text(r: &BaseRow<'_>) -> String {
    let part = |v: Option<f64>, what: &str| match v {
        Some(v) => format!("{} MB {what}", compare::mb(Some(v))),
        None => format!("{what}: not published"),
    };
    let mut out = format!(
        "{} / {}",
        part(r.size_compressed_mb, "pull"),
        part(r.size_uncompressed_mb, "on disk")
    );
    if !r.base.size.note.is_empty() {
        out.push_str(&format!(" ({})", r.base.size.note));
    }
    out
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ArgsModel {
    /// `NAME=default  [scope]` per arg.
    pub rows: Vec<String>,
    /// The highlighted arg; none while the editor is open.
    pub selected: Option<usize>,
    /// The editor's title, while it is open.
    pub editor: Option<&'static str>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReviewModel {
    /// Every answer is valid.
    pub valid: bool,
    pub targets: Vec<(String, TargetState)>,
    pub fit: Option<FitModel>,
    /// Root, no health check, what detection could not decide.
    pub warnings: Vec<Note>,
    pub diff: Option<DiffModel>,
    /// A replacement waits for a second Enter: only the diff is shown.
    pub confirming: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FitModel {
    pub base: String,
    pub fit: Fit,
    pub reason: String,
    /// Caveats, then notes.
    pub details: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DiffModel {
    pub lines: Vec<String>,
    /// The first line shown.
    pub first: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PreviewModel {
    /// The current step's name, in the pane's title.
    pub step: String,
    /// The Dockerfile's lines; `None` when the answers do not render.
    pub lines: Option<Vec<String>>,
    /// Lines the current step produced.
    pub marked: Vec<usize>,
    pub selected: Option<usize>,
    pub scroll: usize,
    pub why: String,
}

/// Bring `view` up to date with `app`. Cheap parts are taken every time; the preview's text and marks only when
/// the answers or the step changed, the base rows only when the table was computed again.
pub fn refresh(view: &mut ViewModel, app: &App<'_>) {
    let step = app.step;
    view.header = Header {
        title: step.title(),
        number: step.number(),
        count: Step::ALL.len(),
    };
    view.preview_mode = app.preview.mode;
    view.split = if step == Step::Base { 68 } else { 50 };
    view.status = match &app.message {
        Some(m) => Some(Note::new(m.clone(), Tone::Warn)),
        None => app
            .errors
            .first()
            .map(|e| Note::new(format!("{}: {}", e.field, e.message), Tone::Error)),
    };
    let screen = app.screen_under_help();
    view.footer = keymap::footer(screen, enter_does(app), app.typing());
    view.help = (app.help == HelpMode::Shown).then(|| keymap::help(screen));
    refresh_preview(view, app);
    view.body = match step {
        Step::Member => Body::Member(members(app)),
        Step::Language => Body::Language(languages(app)),
        Step::BuildSystem => Body::Form { notes: Vec::new() },
        Step::User => Body::Form {
            notes: user_notes(app),
        },
        Step::Healthcheck => Body::Form {
            notes: health_notes(app),
        },
        Step::Base => {
            let mut body = match std::mem::take(&mut view.body) {
                Body::Bases(model) if view.built.bases == Some(app.bases.generation) => model,
                _ => BasesModel {
                    rows: app.base_rows().iter().map(BaseLine::from_row).collect(),
                    ..BasesModel::default()
                },
            };
            view.built.bases = Some(app.bases.generation);
            body.selected = app.bases.selected;
            body.status = bases_status(app);
            Body::Bases(body)
        }
        Step::Args => Body::Args(args(app)),
        Step::Review => Body::Review(review(app)),
    };
    if step != Step::Base {
        view.built.bases = None;
    }
}

fn refresh_preview(view: &mut ViewModel, app: &App<'_>) {
    let p = &mut view.preview;
    if view.built.text != Some(app.revision) {
        p.lines = app
            .output
            .as_ref()
            .map(|o| o.rendered.text.lines().map(str::to_string).collect());
        view.built.text = Some(app.revision);
    }
    if view.built.marked != Some((app.revision, app.step)) {
        p.marked = app.marked_lines();
        p.step = app.step.title().to_lowercase();
        view.built.marked = Some((app.revision, app.step));
    }
    p.selected = app.preview.line;
    p.scroll = app.preview.scroll;
    p.why = app.why_text();
}

/// What Enter does on this screen, for the footer: "next" except on the review, where it acts.
fn enter_does(app: &App<'_>) -> &'static str {
    if app.step != Step::Review {
        return "next";
    }
    match app.form.value("action").as_deref() {
        Some("elsewhere") => "write elsewhere",
        Some("save") => "save answers",
        Some("back") => "back",
        Some("quit") => "quit",
        _ => "write",
    }
}

fn members(app: &App<'_>) -> MemberModel {
    let whole = std::iter::once(("whole repository".to_string(), ".".to_string()));
    let members = app.members.iter().map(|m| (m.name.clone(), m.path.clone()));
    MemberModel {
        rows: whole.chain(members).collect(),
        selected: app.member,
    }
}

fn languages(app: &App<'_>) -> LanguageModel {
    let detected = app.detection.draft.language.as_deref();
    let member = (!app.members.is_empty()).then(|| {
        let current = app.member.checked_sub(1).and_then(|i| app.members.get(i));
        current.map_or("the whole repository".to_string(), |m| {
            format!("{} ({})", m.name, m.path)
        })
    });
    LanguageModel {
        member,
        rows: app
            .catalog
            .languages
            .iter()
            .map(|l| LanguageRow {
                name: l.name.clone(),
                description: l.description.clone(),
                detected: detected == Some(l.id.as_str()),
            })
            .collect(),
        selected: app.language,
        evidence: app
            .detection
            .evidence_for("language")
            .map(|e| format!("detected from {}: {}", e.file, e.detail)),
        notes: app.detection.undecided.clone(),
    }
}

fn user_notes(app: &App<'_>) -> Vec<Note> {
    let base = app.catalog.base(&app.answers.base);
    let name = base.map_or(String::new(), |b| b.name.clone());
    let note = match app.answers.user.mode {
        UserMode::Root => Note::new(
            "⚠ running as root: a process that escapes the container starts as root on the host's kernel. Choose this only when the app truly needs it.",
            Tone::Error,
        ),
        UserMode::Builtin => Note::new(
            format!("{name} already has this user; nothing is created."),
            Tone::Ok,
        ),
        UserMode::Create => match base.map(|b| b.user_tools) {
            Some(UserTools::None) => Note::new(
                format!(
                    "{name} has no /etc/passwd or user tools: the user is numeric (USER uid:gid), which needs no entry."
                ),
                Tone::Dim,
            ),
            Some(UserTools::Busybox) => Note::new(
                "created with busybox addgroup -S / adduser -S (Alpine syntax)",
                Tone::Dim,
            ),
            _ => Note::new(
                "created with groupadd / useradd --no-log-init (Debian syntax)",
                Tone::Dim,
            ),
        },
    };
    vec![note]
}

fn health_notes(app: &App<'_>) -> Vec<Note> {
    let Some(reason) = &app.derived.probe else {
        return Vec::new();
    };
    let tone = if app.answers.healthcheck.mode == HealthMode::None {
        Tone::Warn
    } else {
        Tone::Ok
    };
    vec![Note::new(format!("probe: {reason}"), tone)]
}

/// What the table shows and what `a` adds, e.g. "the 9 that fit, by size · a: also 6 with a caveat, 15 not
/// fitting".
fn bases_status(app: &App<'_>) -> String {
    let (fits, caveats, misfits) = app.bases.counts;
    let sort = match app.bases.sort {
        BaseSort::Size => "size",
        BaseSort::Name => "name",
    };
    match app.bases.filter {
        BaseFilter::All => format!(
            "all {} by {sort}: {fits} fit, then {caveats} with a caveat, then {misfits} that do not fit",
            fits + caveats + misfits
        ),
        BaseFilter::Fitting => format!(
            "the {fits} that fit, by {sort} · a: also {caveats} with a caveat, {misfits} not fitting"
        ),
    }
}

fn args(app: &App<'_>) -> ArgsModel {
    let editing = app.args.editing();
    ArgsModel {
        rows: app
            .answers
            .args
            .iter()
            .map(|a| format!(" {}={}  [{}]", a.name, a.default, a.scope.label()))
            .collect(),
        selected: editing.is_none().then_some(app.args.selected),
        editor: editing.map(|index| {
            if index.is_some() {
                " Edit build arg "
            } else {
                " New build arg "
            }
        }),
    }
}

fn review(app: &App<'_>) -> ReviewModel {
    let mut warnings = Vec::new();
    if app.answers.user.mode == UserMode::Root {
        warnings.push(Note::new("• runs as root (chosen explicitly)", Tone::Error));
    }
    if app.answers.healthcheck.mode == HealthMode::None {
        warnings.push(Note::new("• no health check", Tone::Warn));
    }
    for note in &app.detection.undecided {
        warnings.push(Note::new(format!("• {note}"), Tone::Warn));
    }
    ReviewModel {
        valid: app.errors.is_empty(),
        targets: app
            .review
            .targets
            .iter()
            .map(|(path, state)| (path.display().to_string(), *state))
            .collect(),
        fit: app.derived.fit.as_ref().map(|(base, v)| FitModel {
            base: base.clone(),
            fit: v.fit,
            reason: v.reason.clone(),
            details: v.caveats.iter().chain(v.notes.iter()).cloned().collect(),
        }),
        warnings,
        diff: app.review.diff.as_ref().map(|d| DiffModel {
            lines: d.lines().map(str::to_string).collect(),
            first: app.review.diff_scroll,
        }),
        confirming: app.review.mode == ReviewMode::ConfirmReplace,
    }
}
