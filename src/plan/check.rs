//! Validation of completed answers against the catalog: every bad field with its fix. Runs once, inside
//! `Plan::with_build`, on the effective build and base verdict the plan keeps.

use crate::{
    answers::{Answers, BuildArg, HealthMode, UserMode},
    catalog::{Base, BuildSystem, Language, PinPolicy},
    compat::{self, Verdict},
    field_error::FieldError,
    validate,
};

/// Every problem with `a`, each naming its field and the fix; empty means renderable. `base` is the answers' base
/// with its verdict for this build, `None` when the catalog has no such base.
pub(super) fn check(
    a: &Answers,
    language: &Language,
    build: &BuildSystem,
    base: Option<(&Base, &Verdict)>,
) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let mut push = |field: &str, r: validate::Check| {
        if let Err(message) = r {
            errors.push(FieldError::new(field, message));
        }
    };
    // An exact pin (Ruby's `3.4.4`) is a patch release of an offered line.
    let exact_ok = language.pins == PinPolicy::Exact
        && crate::eol::line_of(&language.versions, &a.version).is_some();
    if !language.versions.is_empty() && !language.versions.contains(&a.version) && !exact_ok {
        push(
            "version",
            Err(format!(
                "`{}` is not offered for {}; choose one of {}",
                a.version,
                language.name,
                language.versions.join(", ")
            )),
        );
    }
    match base {
        None => push(
            "base",
            Err(format!(
                "unknown base `{}`; `stagecraft bases` lists them",
                a.base
            )),
        ),
        Some((base, verdict)) => {
            if verdict.fit == compat::Fit::No {
                push(
                    "base",
                    Err(format!(
                        "{} does not fit this app: {}",
                        base.name, verdict.reason
                    )),
                );
            }
            validate_user(a, base, &mut push);
        }
    }
    push("command", validate::command(&a.command));
    for (key, value) in &a.params {
        match build.params.iter().find(|p| &p.id == key) {
            Some(param) => push(&format!("params.{key}"), validate::param(param.kind, value)),
            None => push(
                &format!("params.{key}"),
                Err(format!(
                    "unknown parameter for {}; known: {}",
                    build.name,
                    build
                        .params
                        .iter()
                        .map(|p| p.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            ),
        }
    }
    validate_healthcheck(a, &mut push);
    for e in a.files.validate(language) {
        push(&e.field, Err(e.message));
    }
    let mut seen = std::collections::BTreeSet::new();
    for (i, arg) in a.args.iter().enumerate() {
        let twice = !seen.insert(arg.name.as_str());
        for e in arg_problems(arg, twice, language) {
            push(&format!("arg[{i}].{}", e.field), Err(e.message));
        }
    }
    errors
}

/// The problems of one build arg, each under its own field (`name`, `default`): checked here for the answers
/// and by the wizard's arg editor before the arg is added. `twice`: another arg already has its name.
pub fn arg_problems(arg: &BuildArg, twice: bool, language: &Language) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let mut push = |field: &str, r: validate::Check| {
        if let Err(message) = r {
            errors.push(FieldError::new(field, message));
        }
    };
    push("name", validate::arg_name(&arg.name));
    push("default", validate::text(&arg.default));
    if twice {
        push("name", Err(format!("`{}` is declared twice", arg.name)));
    }
    if language.version_arg.as_ref() == Some(&arg.name) {
        push(
            "name",
            Err(format!(
                "`{}` is set from the version answer; change the version instead",
                arg.name
            )),
        );
    }
    errors
}

fn validate_user(a: &Answers, base: &Base, push: &mut impl FnMut(&str, validate::Check)) {
    match a.user.mode {
        UserMode::Root => {}
        UserMode::Builtin => {
            if base.nonroot_user.is_none() {
                push(
                    "user.mode",
                    Err(format!(
                        "{} has no built-in non-root user; choose `create` to add one",
                        base.name
                    )),
                );
            }
        }
        UserMode::Create => {
            push("user.name", validate::user_name(&a.user.name));
            push("user.uid", validate::non_root_id(a.user.uid));
            push("user.gid", validate::non_root_id(a.user.gid));
            if let Some(builtin) = &base.nonroot_user
                && builtin.in_passwd
                && builtin.uid == a.user.uid
                && builtin.name != a.user.name
            {
                push(
                    "user.uid",
                    Err(format!(
                        "{} already has user `{}` with uid {}; use the built-in user or another uid",
                        base.name, builtin.name, builtin.uid
                    )),
                );
            }
        }
    }
}

fn validate_healthcheck(a: &Answers, push: &mut impl FnMut(&str, validate::Check)) {
    let h = &a.healthcheck;
    match h.mode {
        HealthMode::None => return,
        HealthMode::Http | HealthMode::Tcp => {
            if h.mode == HealthMode::Http {
                push("healthcheck.path", validate::http_path(&h.path));
            }
            if h.port.or(a.port).is_none() {
                push(
                    "healthcheck.port",
                    Err("the app has no port to probe; set a port, or choose a command or no healthcheck".into()),
                );
            }
        }
        HealthMode::Command => push("healthcheck.command", validate::command(&h.command)),
    }
    push(
        "healthcheck.interval",
        validate::positive_duration(&h.interval),
    );
    push(
        "healthcheck.timeout",
        validate::positive_duration(&h.timeout),
    );
    push(
        "healthcheck.start_period",
        validate::duration_ms(&h.start_period).map(|_| ()),
    );
    push("healthcheck.retries", validate::retries(h.retries));
}
