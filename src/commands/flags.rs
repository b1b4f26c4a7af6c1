//! CLI flags -> the top `Draft` layer. Settings given one at a time (a health check's interval, an option
//! switched off) are draft fields too, so nothing is changed after the answers are completed.

use crate::{
    answers::{ArgScope, BuildArg, Draft, HealthMode, HealthSettings, User, UserMode},
    cli::AnswerFlags,
    fields,
    port::Port,
    validate,
};

use super::bad;

fn split_command(flag: &str, text: &str) -> anyhow::Result<Vec<String>> {
    let words = shell_words::split(text).map_err(|e| {
        bad(format!(
            "{flag} `{text}`: {e}; close the quote or escape it"
        ))
    })?;
    if words.is_empty() {
        return Err(bad(format!("{flag} is empty; give the program to run")));
    }
    Ok(words)
}

pub fn parse_user(spec: &str) -> anyhow::Result<User> {
    match spec {
        "builtin" => return Ok(User::with_mode(UserMode::Builtin)),
        "root" => return Ok(User::with_mode(UserMode::Root)),
        _ => {}
    }
    let mut parts = spec.split(':');
    let name = parts.next().unwrap_or_default().to_string();
    let number = |part: Option<&str>, what: &str| -> anyhow::Result<Option<u32>> {
        part.map(|p| {
            p.parse::<u32>().map_err(|_| {
                // A number too large for an id is not "not a number".
                if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) {
                    bad(format!(
                        "--user {spec}: {what} `{p}` is too large; pick a number from 1 to 2147483646"
                    ))
                } else {
                    bad(format!(
                        "--user {spec}: {what} `{p}` is not a number (NAME:UID:GID)"
                    ))
                }
            })
        })
        .transpose()
    };
    let uid = number(parts.next(), "uid")?.unwrap_or(User::DEFAULT_ID);
    let gid = number(parts.next(), "gid")?.unwrap_or(uid);
    if parts.next().is_some() {
        return Err(bad(format!(
            "--user {spec}: too many `:`; use builtin, root or NAME[:UID[:GID]]"
        )));
    }
    validate::user_name(&name).map_err(|e| bad(format!("--user: {e}")))?;
    Ok(User {
        mode: UserMode::Create,
        name,
        uid,
        gid,
    })
}

/// `--healthcheck SPEC` as settings over the check the other layers decide: `http` keeps their path and port,
/// `http:/PATH` and `tcp` probe the app's port unless `@PORT` names another.
pub fn parse_healthcheck(spec: &str) -> anyhow::Result<HealthSettings> {
    let mut h = HealthSettings::default();
    let port = |port: &str| -> anyhow::Result<Port> {
        port.parse()
            .map_err(|e| bad(format!("--healthcheck {spec}: {e}")))
    };
    if spec == "none" {
        h.mode = Some(HealthMode::None);
    } else if spec == "http" {
        h.mode = Some(HealthMode::Http);
    } else if let Some(rest) = spec.strip_prefix("http:") {
        h.mode = Some(HealthMode::Http);
        let (path, at) = match rest.rsplit_once('@') {
            Some((path, at)) => (path, Some(port(at)?)),
            None => (rest, None),
        };
        h.path = Some(path.to_string());
        h.port = Some(at);
    } else if spec == "tcp" || spec.starts_with("tcp@") {
        h.mode = Some(HealthMode::Tcp);
        h.port = Some(spec.strip_prefix("tcp@").map(port).transpose()?);
    } else if let Some(command) = spec.strip_prefix("cmd:") {
        h.mode = Some(HealthMode::Command);
        h.command = Some(split_command("--healthcheck cmd:", command)?);
    } else {
        return Err(bad(format!(
            "--healthcheck `{spec}`: use none, http, http:/PATH, http:/PATH@PORT, tcp, tcp@PORT or cmd:COMMAND"
        )));
    }
    Ok(h)
}

pub fn parse_arg(spec: &str) -> anyhow::Result<BuildArg> {
    let (scope, rest) = match spec.split_once(':') {
        Some((scope, rest)) if !scope.contains('=') => {
            let scope = ArgScope::ALL
                .into_iter()
                .find(|s| s.label() == scope)
                .ok_or_else(|| {
                    bad(format!(
                        "--arg {spec}: scope `{scope}` is not global, builder or runtime"
                    ))
                })?;
            (scope, rest)
        }
        _ => (ArgScope::Builder, spec),
    };
    let (name, default) = rest.split_once('=').unwrap_or((rest, ""));
    Ok(BuildArg {
        name: name.to_string(),
        default: default.to_string(),
        scope,
    })
}

/// The flags that set answers, as a draft layer. Each is written through the field table, so a flag parses
/// like the same field in the wizard; the error names the flag and what it was given.
pub fn draft_from_flags(flags: &AnswerFlags) -> anyhow::Result<Draft> {
    let mut d = Draft::default();
    let on = |given: bool, value: &str| given.then(|| value.to_string());
    let given = [
        ("--language", "language", flags.language.clone()),
        ("--build-system", "build_system", flags.build_system.clone()),
        ("--variant", "variant", flags.variant.clone()),
        ("--framework", "framework", flags.framework.clone()),
        ("--lang-version", "version", flags.version.clone()),
        ("--base", "base", flags.base.clone()),
        ("--port", "port", flags.port.map(|p| p.to_string())),
        ("--command", "command", flags.command.clone()),
        (
            "--health-interval",
            "healthcheck.interval",
            flags.health_interval.clone(),
        ),
        (
            "--health-timeout",
            "healthcheck.timeout",
            flags.health_timeout.clone(),
        ),
        (
            "--health-start-period",
            "healthcheck.start_period",
            flags.health_start_period.clone(),
        ),
        (
            "--health-retries",
            "healthcheck.retries",
            flags.health_retries.map(|r| r.to_string()),
        ),
        // Flags only switch away from the defaults; an option left alone keeps what the layers below say.
        (
            "--no-cache-mounts",
            "options.cache_mounts",
            on(flags.no_cache_mounts, "false"),
        ),
        (
            "--no-dockerignore",
            "options.dockerignore",
            on(flags.no_dockerignore, "false"),
        ),
        (
            "--test-stage",
            "options.test_stage",
            on(flags.test_stage, "true"),
        ),
        (
            "--no-comments",
            "options.comments",
            on(flags.no_comments, "false"),
        ),
    ];
    for (flag, id, value) in given {
        let Some(text) = value else { continue };
        if id == "command" {
            split_command(flag, &text)?;
        }
        fields::write(&mut d, id, &text).map_err(|e| bad(format!("{flag} `{text}`: {e}")))?;
    }
    for p in &flags.params {
        let (k, v) = p
            .split_once('=')
            .ok_or_else(|| bad(format!("--param `{p}`: write it as KEY=VALUE")))?;
        d.params.insert(k.to_string(), v.to_string());
    }
    d.user = flags.user.as_deref().map(parse_user).transpose()?;
    if let Some(spec) = flags.healthcheck.as_deref() {
        let check = parse_healthcheck(spec)?;
        // The timings given with their own flags win over nothing: `--healthcheck` sets none of them.
        d.health = HealthSettings {
            interval: d.health.interval.take(),
            timeout: d.health.timeout.take(),
            start_period: d.health.start_period.take(),
            retries: d.health.retries.take(),
            ..check
        };
    }
    if !flags.args.is_empty() {
        d.args = Some(
            flags
                .args
                .iter()
                .map(|a| parse_arg(a))
                .collect::<anyhow::Result<Vec<_>>>()?,
        );
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_specs() {
        assert_eq!(parse_user("builtin").expect("ok").mode, UserMode::Builtin);
        let u = parse_user("web:2000").expect("ok");
        assert_eq!((u.name.as_str(), u.uid, u.gid), ("web", 2000, 2000));
        let u = parse_user("web:2000:3000").expect("ok");
        assert_eq!(u.gid, 3000);
        assert!(parse_user("web:x").is_err());
        assert!(parse_user("Web").is_err());
    }

    #[test]
    fn healthcheck_specs() {
        let h = parse_healthcheck("http:/healthz@9000").expect("ok");
        assert_eq!(
            (h.mode, h.path.as_deref(), h.port),
            (
                Some(HealthMode::Http),
                Some("/healthz"),
                Some(Port::new(9000))
            )
        );
        // `http` alone keeps the path and port of the check below; `tcp` probes the app's port again.
        let h = parse_healthcheck("http").expect("ok");
        assert_eq!((h.path, h.port), (None, None));
        assert_eq!(parse_healthcheck("tcp").expect("ok").port, Some(None));
        let h = parse_healthcheck("cmd:/app/server -health 'a b'").expect("ok");
        assert_eq!(
            h.command,
            Some(vec!["/app/server".into(), "-health".into(), "a b".into()])
        );
        assert!(parse_healthcheck("tcp:80").is_err());
        assert!(parse_healthcheck("cmd:'unclosed").is_err());
    }

    /// Flags are a plain layer: settings given one at a time go over the check and options the layers below
    /// decide, and nothing is changed once the answers are complete.
    #[test]
    fn flags_layer_settings_over_the_check_below() {
        let catalog = crate::catalog::builtin().expect("catalog");
        let file = Draft::from_toml(
            "language = \"go\"\n[healthcheck]\nmode = \"http\"\npath = \"/ready\"\ntimeout = \"9s\"\n",
        )
        .expect("file");
        let timings = AnswerFlags {
            health_interval: Some("5s".into()),
            health_retries: Some(7),
            no_comments: true,
            test_stage: true,
            ..AnswerFlags::default()
        };
        let a = file
            .clone()
            .overlay(draft_from_flags(&timings).expect("flags"))
            .complete(&catalog)
            .expect("valid");
        let h = &a.healthcheck;
        assert_eq!(
            (
                h.mode,
                h.path.as_str(),
                h.interval.as_str(),
                h.timeout.as_str(),
                h.retries
            ),
            (HealthMode::Http, "/ready", "5s", "9s", 7)
        );
        assert!(!a.options.comments && a.options.test_stage && a.options.cache_mounts);
        let tcp = AnswerFlags {
            healthcheck: Some("tcp@9100".into()),
            ..timings
        };
        let a = file
            .overlay(draft_from_flags(&tcp).expect("flags"))
            .complete(&catalog)
            .expect("valid");
        let h = &a.healthcheck;
        assert_eq!(
            (h.mode, h.port, h.interval.as_str(), h.timeout.as_str()),
            (HealthMode::Tcp, Port::new(9100), "5s", "9s")
        );
    }

    #[test]
    fn arg_specs() {
        let a = parse_arg("APP_VERSION=1.2").expect("ok");
        assert_eq!(
            (a.name.as_str(), a.default.as_str(), a.scope),
            ("APP_VERSION", "1.2", ArgScope::Builder)
        );
        let a = parse_arg("global:REGISTRY=docker.io/x:y").expect("ok");
        assert_eq!(
            (a.default.as_str(), a.scope),
            ("docker.io/x:y", ArgScope::Global)
        );
        assert!(parse_arg("nope:X=1").is_err());
    }
}
