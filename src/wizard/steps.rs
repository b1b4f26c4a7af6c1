//! The form of each step, built from the current answers, and how its values go back into the draft. Built
//! from the state alone: what is on the disk comes in through the loop (`App::compose`).

use std::path::Path;

use crate::{
    answers::{Answers, ArgScope, BuildArg, Draft, HealthMode, Healthcheck, User, UserMode},
    field_error::FieldError,
    fields,
};

use super::{
    form::{Form, Row, Source, SourceKind},
    state::App,
    step::Step,
};

/// Where `value` of `field` came from, in the order the layers are laid: a choice made here (it differs from
/// where the wizard started), the answers file, the project (with the file, line and detection's reason), or a
/// default, named with whose default it is.
fn source_of(app: &App<'_>, field: &str, value: &str) -> Option<Source> {
    let start = draft_value(&app.start, field);
    if start.as_deref() != Some(value) && draft_value(&app.draft, field).as_deref() == Some(value) {
        return Some(Source {
            kind: SourceKind::Chosen,
            short: "chosen here".into(),
            full: "chosen here".into(),
        });
    }
    if let Some(file) = &app.project.from_file
        && draft_value(file, field).as_deref() == Some(value)
    {
        return Some(Source {
            kind: SourceKind::AnswersFile,
            short: "answers file".into(),
            full: "from the answers file (--answers)".into(),
        });
    }
    if let Some(e) = app
        .project
        .detection
        .evidence_for(field)
        .filter(|e| e.value == value)
    {
        let at = match e.line {
            Some(line) => format!("{}:{line}", e.file),
            None => e.file.clone(),
        };
        // Some reasons already start with the file's name ("go.mod: built with go-modules").
        let full = if e.detail.starts_with(&e.file) {
            e.detail.clone()
        } else {
            format!("{at}: {}", e.detail)
        };
        return Some(Source {
            kind: SourceKind::Detected,
            full,
            short: at,
        });
    }
    if start.is_some() {
        return None;
    }
    let whose = default_of(app, field)?;
    Some(Source {
        kind: SourceKind::Default,
        short: "default".into(),
        full: whose,
    })
}

/// A field's value in a draft layer, as the form shows it.
fn draft_value(d: &Draft, field: &str) -> Option<String> {
    fields::get(d, field)
}

/// Whose default an unset field takes, in words.
fn default_of(app: &App<'_>, field: &str) -> Option<String> {
    let a = &app.answers;
    let language = app.catalog.language(&a.language)?;
    let build = app.derived.build.as_ref();
    let base = app.catalog.base(&a.base);
    let text = match field {
        "build_system" => format!("nothing detected: {}'s first build system", language.name),
        "variant" => "no variant: the build system as it is".to_string(),
        "framework" => "no framework detected".to_string(),
        "version" => format!(
            "nothing in the project pins it: {}'s default in the catalog",
            language.name
        ),
        "port" => match (base.and_then(|b| b.port), build.and_then(|b| b.port)) {
            (Some(_), _) => format!("{} listens on it", base.map_or("", |b| b.name.as_str())),
            (None, Some(_)) => format!(
                "nothing detected: the default of {}",
                build.map_or("", |b| b.name.as_str())
            ),
            (None, None) => format!("nothing detected: {}'s default port", language.name),
        },
        "command" => format!(
            "the start command of {}",
            build.map_or("the build system", |b| b.name.as_str())
        ),
        other => {
            let key = other.strip_prefix("params.")?;
            let param = build?.params.iter().find(|p| p.id == key)?;
            format!("nothing detected: the default of {}", param.name)
        }
    };
    Some(text)
}

/// A text row for a field of the table: its label, hint and value in the answers.
fn text_row(id: &str, a: &Answers) -> Row {
    match fields::field(id) {
        Some(f) => Row::text(f.id, f.label, &(f.read)(a)).with_hint(f.hint),
        None => Row::text(id, id, ""),
    }
}

/// A field's label in the table.
fn label_of(id: &str) -> &'static str {
    fields::field(id).map_or("", |f| f.label)
}

fn mark(mut row: Row, app: &App<'_>, field: &str) -> Row {
    row.source = source_of(app, field, &row.value());
    if let Some(a) = assumed(app, field) {
        row.hint = format!("assumed: {}; {}", a.why, a.fix);
    }
    row
}

/// Detection's assumption about `field`, unless the user has answered it in the wizard since.
fn assumed<'a>(app: &'a App<'_>, field: &str) -> Option<&'a crate::detect::Assumption> {
    let step = match field {
        "healthcheck" => Step::Healthcheck,
        _ => Step::BuildSystem,
    };
    // Another language than detected: detection's assumptions are about a project the user is not building.
    if app.touched.contains(&step)
        || app.project.detection.draft.language.as_deref() != Some(app.answers.language.as_str())
    {
        return None;
    }
    app.project
        .detection
        .assumed
        .iter()
        .find(|a| a.field == field)
}

/// The build-system step has nothing to ask when there is one build system with no variants, frameworks or
/// parameters.
pub fn skip_build_system(app: &App<'_>) -> bool {
    app.catalog
        .language(&app.answers.language)
        .is_some_and(|l| {
            l.build_systems.len() == 1
                && l.frameworks.is_empty()
                && l.build_systems
                    .iter()
                    .all(|b| b.variants.is_empty() && b.params.is_empty())
        })
}

pub fn form_for(app: &App<'_>, step: Step) -> Form {
    let a = &app.answers;
    let rows = match step {
        Step::Member | Step::Language | Step::Base | Step::Args => Vec::new(),
        Step::BuildSystem => {
            let Some(language) = app.catalog.language(&a.language) else {
                return Form::default();
            };
            let build = app.derived.build.as_ref();
            let raw = language.build_system(&a.build_system);
            let mut rows = vec![mark(
                Row::choice(
                    "build_system",
                    label_of("build_system"),
                    language
                        .build_systems
                        .iter()
                        .map(|b| (b.id.clone(), b.name.clone()))
                        .collect(),
                    &a.build_system,
                )
                .with_hint(raw.map(|b| b.description.clone()).unwrap_or_default()),
                app,
                "build_system",
            )];
            if let Some(raw) = raw
                && !raw.variants.is_empty()
            {
                let mut options = vec![(String::new(), "default".to_string())];
                options.extend(raw.variants.iter().map(|v| (v.id.clone(), v.name.clone())));
                let hint = raw
                    .variant(a.variant.as_deref().unwrap_or_default())
                    .map(|v| v.description.clone());
                rows.push(mark(
                    Row::choice(
                        "variant",
                        label_of("variant"),
                        options,
                        a.variant.as_deref().unwrap_or_default(),
                    )
                    .with_hint(hint.unwrap_or_default()),
                    app,
                    "variant",
                ));
            }
            let frameworks: Vec<_> = language.frameworks_for(&a.build_system).collect();
            if !frameworks.is_empty() {
                let mut options = vec![(String::new(), "none".to_string())];
                options.extend(frameworks.iter().map(|f| (f.id.clone(), f.name.clone())));
                let hint = language
                    .framework(a.framework.as_deref().unwrap_or_default())
                    .map(|f| f.description.clone());
                rows.push(mark(
                    Row::choice(
                        "framework",
                        label_of("framework"),
                        options,
                        a.framework.as_deref().unwrap_or_default(),
                    )
                    .with_hint(hint.unwrap_or_default()),
                    app,
                    "framework",
                ));
            }
            if !language.versions.is_empty() {
                // Each version with its support against today; an exact pin (Ruby 3.4.4) is offered as itself.
                let today = crate::eol::today();
                let label = |v: &String| match crate::eol::version_ends(language, v) {
                    Some(ends) => format!("{v} · {}", crate::eol::brief(ends, today)),
                    None => v.clone(),
                };
                let mut options: Vec<(String, String)> = language
                    .versions
                    .iter()
                    .map(|v| (v.clone(), label(v)))
                    .collect();
                if !language.versions.contains(&a.version) && !a.version.is_empty() {
                    options.push((a.version.clone(), label(&a.version)));
                }
                let mut row = Row::choice("version", label_of("version"), options, &a.version);
                // What the project asks for and no offered version satisfies is said where the version is chosen.
                if let Some(refusal) = app
                    .project
                    .detection
                    .refused
                    .iter()
                    .find(|r| r.field == "version")
                {
                    row = row.with_hint(refusal.message.clone());
                }
                rows.push(mark(row, app, "version"));
            }
            rows.push(mark(
                text_row("port", a).with_fallback(port_fallback(app)),
                app,
                "port",
            ));
            rows.push(mark(text_row("command", a), app, "command"));
            for param in build.iter().flat_map(|b| b.params.iter()) {
                let value = a.params.get(&param.id).cloned().unwrap_or_default();
                let id = format!("params.{}", param.id);
                rows.push(mark(
                    Row::text(&id, &param.name, &value).with_hint(param.description.clone()),
                    app,
                    &id,
                ));
            }
            rows
        }
        Step::User => {
            let base = app.catalog.base(&a.base);
            let mut options = Vec::new();
            if let Some(builtin) = base.and_then(|b| b.nonroot_user.as_ref()) {
                options.push((
                    "builtin".to_string(),
                    format!("built-in {} ({})", builtin.name, builtin.uid),
                ));
            }
            options.push(("create".to_string(), "create a user".to_string()));
            options.push(("root".to_string(), "root (not recommended)".to_string()));
            let mode = match a.user.mode {
                UserMode::Builtin => "builtin",
                UserMode::Create => "create",
                UserMode::Root => "root",
            };
            let mut rows = vec![Row::choice(
                "user.mode",
                label_of("user.mode"),
                options,
                mode,
            )];
            if a.user.mode == UserMode::Create {
                let numeric = base.is_some_and(|b| b.user_tools == crate::catalog::UserTools::None);
                if !numeric {
                    rows.push(text_row("user.name", a));
                }
                rows.push(text_row("user.uid", a));
                rows.push(text_row("user.gid", a));
            }
            rows
        }
        Step::Healthcheck => {
            let h = &a.healthcheck;
            let mode = match h.mode {
                HealthMode::None => "none",
                HealthMode::Http => "http",
                HealthMode::Tcp => "tcp",
                HealthMode::Command => "command",
            };
            let options = vec![
                ("http".to_string(), "HTTP".to_string()),
                ("tcp".to_string(), "TCP port".to_string()),
                ("command".to_string(), "command".to_string()),
                ("none".to_string(), "none".to_string()),
            ];
            let mut rows = vec![mark(
                Row::choice(
                    "healthcheck.mode",
                    label_of("healthcheck.mode"),
                    options,
                    mode,
                ),
                app,
                "healthcheck",
            )];
            match h.mode {
                HealthMode::Http | HealthMode::Tcp => {
                    if h.mode == HealthMode::Http {
                        rows.push(text_row("healthcheck.path", a));
                    }
                    rows.push(text_row("healthcheck.port", a).with_fallback(match a.port {
                        Some(port) => format!("blank = the app's port, {port}"),
                        None => "blank = the app's port (none set)".to_string(),
                    }));
                }
                HealthMode::Command => rows.push(text_row("healthcheck.command", a)),
                HealthMode::None => {}
            }
            if h.mode != HealthMode::None {
                for id in [
                    "healthcheck.interval",
                    "healthcheck.timeout",
                    "healthcheck.start_period",
                    "healthcheck.retries",
                ] {
                    rows.push(text_row(id, a));
                }
            }
            rows
        }
        Step::Review => {
            let o = &a.options;
            let actions = vec![
                ("write".to_string(), "write".to_string()),
                ("elsewhere".to_string(), "write elsewhere".to_string()),
                ("save".to_string(), "save answers".to_string()),
                ("back".to_string(), "back".to_string()),
                ("quit".to_string(), "quit".to_string()),
            ];
            let assumed: Vec<&str> = ["command", "port", "version", "healthcheck"]
                .into_iter()
                .filter(|f| assumed(app, f).is_some())
                .collect();
            let action = Row::choice("action", "On Enter", actions, "write");
            let action = if assumed.is_empty() {
                action
            } else {
                action.with_hint(format!(
                    "assumed, nothing in the project says: {} (marked on their steps)",
                    assumed.join(", ")
                ))
            };
            vec![
                action,
                Row::text(
                    "path",
                    "Dockerfile",
                    &app.project.dir.join("Dockerfile").display().to_string(),
                ),
                Row::toggle(
                    "options.dockerignore",
                    label_of("options.dockerignore"),
                    o.dockerignore,
                ),
                Row::toggle("options.comments", label_of("options.comments"), o.comments),
                Row::toggle(
                    "options.cache_mounts",
                    label_of("options.cache_mounts"),
                    o.cache_mounts,
                ),
                Row::toggle(
                    "options.test_stage",
                    label_of("options.test_stage"),
                    o.test_stage,
                ),
                // Off unless chosen; a compose file the project already has is diffed before it is replaced.
                Row::toggle("options.compose", label_of("options.compose"), o.compose)
                    .with_hint(compose_hint(app.project.compose.as_deref())),
            ]
        }
    };
    let mut rows = rows;
    if matches!(step, Step::User | Step::Healthcheck) {
        set_step_source(&mut rows, step_source(app, step));
    }
    Form::new(rows)
}

/// What the review's compose option does, given the compose file the project already has.
pub fn compose_hint(existing: Option<&Path>) -> String {
    match existing {
        Some(path) => format!(
            "{} exists: turning this on shows the diff before replacing it; also writes README.Docker.md",
            path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default()
        ),
        None => "writes compose.yaml (one service, port on 127.0.0.1, the health check) and README.Docker.md"
            .to_string(),
    }
}

/// The first row says where the step's answers came from in full; the rows under it say it short.
fn set_step_source(rows: &mut [Row], source: Source) {
    for (i, row) in rows.iter_mut().enumerate() {
        row.source = Some(if i == 0 {
            source.clone()
        } else {
            Source {
                full: source.short.clone(),
                ..source.clone()
            }
        });
    }
}

/// Where the user and health-check answers came from: set here, the answers file, or what follows from the base.
fn step_source(app: &App<'_>, step: Step) -> Source {
    let from_file = app.project.from_file.as_ref().is_some_and(|f| match step {
        Step::User => f.user.is_some(),
        _ => f.healthcheck.is_some(),
    });
    let base = app
        .catalog
        .base(&app.answers.base)
        .map_or(String::new(), |b| b.name.clone());
    if app.touched.contains(&step) {
        Source {
            kind: SourceKind::Chosen,
            short: "chosen here".into(),
            full: "chosen here".into(),
        }
    } else if from_file {
        Source {
            kind: SourceKind::AnswersFile,
            short: "answers file".into(),
            full: "from the answers file (--answers)".into(),
        }
    } else {
        let full = match (step, app.answers.user.mode) {
            (Step::User, UserMode::Builtin) => format!("default: {base}'s own non-root user"),
            (Step::User, _) => format!("default: {base} has no non-root user, so one is created"),
            _ => format!("default: a check {base} can run"),
        };
        Source {
            kind: SourceKind::Default,
            short: "default".into(),
            full,
        }
    }
}

/// What a blank Port falls back to, for the build-system step.
fn port_fallback(app: &App<'_>) -> String {
    let mut cleared = app.draft.clone();
    cleared.port = None;
    match cleared.complete(app.catalog).ok().and_then(|a| a.port) {
        Some(port) => format!("blank = the default, {port}"),
        None => "blank = no port (no EXPOSE, no HTTP health check)".to_string(),
    }
}

/// Write the form's rows that `wanted` picks into a draft layer through the field table; a value a field refuses
/// is an error at that field and changes nothing.
fn write_rows(
    form: &Form,
    d: &mut Draft,
    wanted: impl Fn(&str) -> bool,
    errors: &mut Vec<FieldError>,
) {
    for row in form.rows.iter().filter(|r| wanted(&r.id)) {
        if let Err(e) = fields::write(d, &row.id, &row.value()) {
            errors.push(FieldError::new(&row.id, e));
        }
    }
}

/// Write the current form into the draft. Returns errors found while reading the fields (numbers, quoting).
pub fn apply(app: &mut App<'_>) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let form = &app.form;
    let a = &app.answers;
    let d = &mut app.draft;
    match app.step {
        Step::Member | Step::Language | Step::Base | Step::Args => {}
        Step::BuildSystem => {
            if let Some(bs) = form.value("build_system")
                && bs != a.build_system
            {
                *d = d.clone().overlay(crate::answers::Draft {
                    build_system: Some(bs),
                    ..Default::default()
                });
                return errors;
            }
            // Another framework starts another command.
            if let Some(f) = form.value("framework")
                && d.framework.as_deref().unwrap_or_default() != f
            {
                d.command = None;
            }
            for row in &form.rows {
                let (id, value) = (row.id.as_str(), row.value());
                // A command or parameter is chosen here only when it differs from what the answers have: the
                // catalog's template stays a template until then.
                let unchanged = (id == "command" || id.starts_with("params."))
                    && fields::read(a, id).as_deref() == Some(value.as_str());
                if id == "build_system" || unchanged {
                    continue;
                }
                if let Err(e) = fields::write(d, id, &value) {
                    errors.push(FieldError::new(id, e));
                }
            }
        }
        Step::User => {
            let mode = match form.value("user.mode").as_deref() {
                Some("builtin") => UserMode::Builtin,
                Some("root") => UserMode::Root,
                _ => UserMode::Create,
            };
            let mut user = User {
                mode,
                ..a.user.clone()
            };
            if mode == UserMode::Create && a.user.mode != UserMode::Create {
                user = User::created(
                    app.catalog
                        .base(&a.base)
                        .is_some_and(|b| b.user_tools == crate::catalog::UserTools::None),
                );
            } else if mode == UserMode::Create {
                let mut edited = Draft {
                    user: Some(user.clone()),
                    ..Draft::default()
                };
                write_rows(form, &mut edited, |id| id != "user.mode", &mut errors);
                user = edited.user.unwrap_or(user);
            }
            d.user = Some(user);
        }
        Step::Healthcheck => {
            let mode = match form.value("healthcheck.mode").as_deref() {
                Some("none") => HealthMode::None,
                Some("command") => HealthMode::Command,
                Some("tcp") => HealthMode::Tcp,
                _ => HealthMode::Http,
            };
            let mut h = Healthcheck {
                mode,
                ..a.healthcheck.clone()
            };
            if mode == a.healthcheck.mode {
                let mut edited = Draft::default();
                write_rows(
                    form,
                    &mut edited,
                    |id| id != "healthcheck.mode",
                    &mut errors,
                );
                edited.health.apply(&mut h);
            } else if mode == HealthMode::Command && h.command.is_empty() {
                h.command = a.command.clone();
                h.command.push("--health".into());
            }
            d.healthcheck = Some(h);
        }
        Step::Review => {
            let mut o = a.options.clone();
            let mut edited = Draft::default();
            write_rows(
                form,
                &mut edited,
                |id| id.starts_with("options."),
                &mut errors,
            );
            edited.switches.apply(&mut o);
            d.options = Some(o);
        }
    }
    errors
}

/// Whether the form's rows depend on what was just changed (another build system, user or health mode).
pub fn rebuild_needed(app: &App<'_>) -> bool {
    let fresh = form_for(app, app.step);
    let ids = |f: &Form| f.rows.iter().map(|r| r.id.clone()).collect::<Vec<_>>();
    ids(&fresh) != ids(&app.form)
        || app
            .form
            .value("build_system")
            .is_some_and(|v| v != app.answers.build_system)
}

pub fn arg_form(arg: Option<&BuildArg>) -> Form {
    let scope = arg.map_or("builder", |a| a.scope.label());
    Form::new(vec![
        Row::text("name", "Name", arg.map_or("", |a| a.name.as_str()))
            .with_hint("letters, digits and _ (APP_VERSION)"),
        Row::text("default", "Default", arg.map_or("", |a| a.default.as_str())),
        Row::choice(
            "scope",
            "Scope",
            ArgScope::ALL
                .iter()
                .map(|s| {
                    let label = match s {
                        ArgScope::Global => "global (FROM lines and every stage)",
                        ArgScope::Builder => "builder stage",
                        ArgScope::Runtime => "runtime stage",
                    };
                    (s.label().to_string(), label.to_string())
                })
                .collect(),
            scope,
        ),
    ])
}

pub fn arg_from_form(form: &Form) -> BuildArg {
    let scope = form.value("scope").unwrap_or_default();
    BuildArg {
        name: form.value("name").unwrap_or_default().trim().to_string(),
        default: form.value("default").unwrap_or_default(),
        scope: ArgScope::ALL
            .into_iter()
            .find(|s| s.label() == scope)
            .unwrap_or(ArgScope::Builder),
    }
}

/// Say again where each value came from after an edit (a changed value is "chosen here" now).
pub fn refresh_sources(app: &mut App<'_>) {
    if matches!(app.step, Step::User | Step::Healthcheck) {
        let source = step_source(app, app.step);
        set_step_source(&mut app.form.rows, source);
        return;
    }
    if app.step != Step::BuildSystem {
        return;
    }
    let sources: Vec<Option<Source>> = app
        .form
        .rows
        .iter()
        .map(|r| source_of(app, &r.id, &r.value()))
        .collect();
    for (row, source) in app.form.rows.iter_mut().zip(sources) {
        row.source = source;
    }
}
