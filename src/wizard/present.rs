//! The view model brought up to date from the state after each action: what each screen shows, the footer and
//! the help from the keymap, the preview's text and marks. Only what changed is taken again.

use crate::{
    answers::{HealthMode, UserMode},
    catalog::UserTools,
};

use super::{
    keymap,
    state::{App, BaseFilter, BaseSort, HelpMode, ReviewMode},
    step::Step,
    view_model::{
        ArgsModel, BaseLine, BasesModel, Body, DiffModel, FitModel, Header, LanguageModel,
        LanguageRow, MemberModel, Note, ReviewModel, Tone, ViewModel,
    },
};

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
    let members = app
        .project
        .members
        .iter()
        .map(|m| (m.name.clone(), m.path.clone()));
    MemberModel {
        rows: whole.chain(members).collect(),
        selected: app.member,
    }
}

fn languages(app: &App<'_>) -> LanguageModel {
    let detected = app.project.detection.draft.language.as_deref();
    let member = (!app.project.members.is_empty()).then(|| {
        let current = app
            .member
            .checked_sub(1)
            .and_then(|i| app.project.members.get(i));
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
            .project
            .detection
            .evidence_for("language")
            .map(|e| format!("detected from {}: {}", e.file, e.detail)),
        notes: app.project.detection.undecided.clone(),
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
    for note in &app.project.detection.undecided {
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
