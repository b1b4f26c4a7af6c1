//! CLI flags -> a `Draft` layer and the post-completion tweaks (health timings, options).

use crate::{
    answers::{Answers, ArgScope, BuildArg, Draft, HealthMode, Healthcheck, User, UserMode},
    cli::AnswerFlags,
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
    let mk = |mode| User {
        mode,
        name: "app".into(),
        uid: 10001,
        gid: 10001,
    };
    match spec {
        "builtin" => return Ok(mk(UserMode::Builtin)),
        "root" => return Ok(mk(UserMode::Root)),
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
    let uid = number(parts.next(), "uid")?.unwrap_or(10001);
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

pub fn parse_healthcheck(spec: &str, base: Option<Healthcheck>) -> anyhow::Result<Healthcheck> {
    let mut h = base.unwrap_or_else(Healthcheck::none);
    if spec == "none" {
        h.mode = HealthMode::None;
    } else if spec == "http" {
        h.mode = HealthMode::Http;
    } else if let Some(rest) = spec.strip_prefix("http:") {
        h.mode = HealthMode::Http;
        let (path, port) = match rest.rsplit_once('@') {
            Some((path, port)) => {
                let port: u16 = port.parse().ok().filter(|p| *p > 0).ok_or_else(|| {
                    bad(format!(
                        "--healthcheck {spec}: `{port}` is not a port (1-65535)"
                    ))
                })?;
                (path, Some(port))
            }
            None => (rest, None),
        };
        h.path = path.to_string();
        h.port = port;
    } else if spec == "tcp" || spec.starts_with("tcp@") {
        h.mode = HealthMode::Tcp;
        h.port = match spec.strip_prefix("tcp@") {
            None => None,
            Some(port) => Some(port.parse().ok().filter(|p| *p > 0).ok_or_else(|| {
                bad(format!(
                    "--healthcheck {spec}: `{port}` is not a port (1-65535)"
                ))
            })?),
        };
    } else if let Some(command) = spec.strip_prefix("cmd:") {
        h.mode = HealthMode::Command;
        h.command = split_command("--healthcheck cmd:", command)?;
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

/// The flags that set answers, as a draft layer.
pub fn draft_from_flags(flags: &AnswerFlags, below: &Draft) -> anyhow::Result<Draft> {
    let port = flags
        .port
        .map(|p| {
            validate::port(p).map_err(|e| bad(format!("--port: {e}")))?;
            u16::try_from(p).map_err(|_| bad(format!("--port: {p} is not a port")))
        })
        .transpose()?;
    let mut params = std::collections::BTreeMap::new();
    for p in &flags.params {
        let (k, v) = p
            .split_once('=')
            .ok_or_else(|| bad(format!("--param `{p}`: write it as KEY=VALUE")))?;
        params.insert(k.to_string(), v.to_string());
    }
    Ok(Draft {
        files: None,
        language: flags.language.clone(),
        build_system: flags.build_system.clone(),
        variant: flags.variant.clone(),
        framework: flags.framework.clone(),
        version: flags.version.clone(),
        base: flags.base.clone(),
        port,
        command: flags
            .command
            .as_deref()
            .map(|c| split_command("--command", c))
            .transpose()?,
        detected_command: None,
        detected_healthcheck: None,
        params,
        user: flags.user.as_deref().map(parse_user).transpose()?,
        healthcheck: flags
            .healthcheck
            .as_deref()
            .map(|h| {
                let base = below
                    .healthcheck
                    .clone()
                    .or_else(|| below.detected_healthcheck.clone());
                parse_healthcheck(h, base)
            })
            .transpose()?,
        args: if flags.args.is_empty() {
            None
        } else {
            Some(
                flags
                    .args
                    .iter()
                    .map(|a| parse_arg(a))
                    .collect::<anyhow::Result<Vec<_>>>()?,
            )
        },
        options: None,
    })
}

/// Flags that adjust completed answers (timings of the health check and the on/off options).
pub fn apply_tweaks(flags: &AnswerFlags, answers: &mut Answers) {
    let h = &mut answers.healthcheck;
    if let Some(v) = &flags.health_interval {
        h.interval = v.clone();
    }
    if let Some(v) = &flags.health_timeout {
        h.timeout = v.clone();
    }
    if let Some(v) = &flags.health_start_period {
        h.start_period = v.clone();
    }
    if let Some(v) = flags.health_retries {
        h.retries = v;
    }
    let o = &mut answers.options;
    if flags.no_cache_mounts {
        o.cache_mounts = false;
    }
    if flags.test_stage {
        o.test_stage = true;
    }
    if flags.no_comments {
        o.comments = false;
    }
    if flags.no_dockerignore {
        o.dockerignore = false;
    }
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
        let h = parse_healthcheck("http:/healthz@9000", None).expect("ok");
        assert_eq!(
            (h.mode, h.path.as_str(), h.port),
            (HealthMode::Http, "/healthz", Some(9000))
        );
        let h = parse_healthcheck("cmd:/app/server -health 'a b'", None).expect("ok");
        assert_eq!(h.command, vec!["/app/server", "-health", "a b"]);
        assert!(parse_healthcheck("tcp:80", None).is_err());
        assert!(parse_healthcheck("cmd:'unclosed", None).is_err());
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
