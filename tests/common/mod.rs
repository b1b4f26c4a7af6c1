//! Shared by the sweep, the injection property test and the snapshot tests: every combination the catalog allows,
//! and the external checkers (hadolint, BuildKit's parser) from the project's virtualenv.
#![allow(dead_code)]

use std::{
    fs,
    path::{Path, PathBuf},
    process::{Command, Stdio},
};

use serde_json::{Value, json};
use stagecraft::{
    answers::{Answers, ArgScope, BuildArg, Draft, HealthMode, User, UserMode},
    catalog::Catalog,
    compat::{self, Fit},
    dockerfile::{self, Body, Keyword, Output},
    plan,
};

pub fn catalog() -> Catalog {
    // Support dates (recommendations, default versions) are read against a fixed day: output stays the same.
    stagecraft::eol::fix_today(stagecraft::eol::TEST_TODAY);
    stagecraft::catalog::builtin().expect("the built-in catalog loads")
}

/// One generated case.
pub struct Combo {
    pub label: String,
    pub answers: Answers,
}

/// Language x build system x variant x framework x every base that fits x every user mode x every health-check
/// mode, with the options (comments, cache mounts, test stage, build args) rotating across them.
pub fn combos(catalog: &Catalog) -> Vec<Combo> {
    let mut out = Vec::new();
    for language in &catalog.languages {
        for bs in &language.build_systems {
            let variants: Vec<Option<String>> = std::iter::once(None)
                .chain(bs.variants.iter().map(|v| Some(v.id.clone())))
                .collect();
            let frameworks: Vec<Option<String>> = std::iter::once(None)
                .chain(language.frameworks_for(&bs.id).map(|f| Some(f.id.clone())))
                .collect();
            for variant in &variants {
                for framework in &frameworks {
                    let draft = Draft {
                        language: Some(language.id.clone()),
                        build_system: Some(bs.id.clone()),
                        variant: variant.clone(),
                        framework: framework.clone(),
                        ..Draft::default()
                    };
                    let defaults = draft.clone().complete(catalog).unwrap_or_else(|e| {
                        panic!(
                            "{}/{}/{variant:?}/{framework:?} has no valid defaults: {e:?}",
                            language.id, bs.id
                        )
                    });
                    let build = plan::effective_build(catalog, &defaults).expect("effective build");
                    for base in &catalog.bases {
                        if compat::check(catalog, &build, &defaults.version, base).fit == Fit::No {
                            continue;
                        }
                        let completed = Draft {
                            base: Some(base.id.clone()),
                            ..draft.clone()
                        }
                        .complete(catalog)
                        .unwrap_or_else(|e| panic!("{}/{}/{}: {e:?}", language.id, bs.id, base.id));
                        for user_and_health in 0..9 {
                            let mut answers = completed.clone();
                            let tweak = vary(&mut answers, user_and_health, out.len());
                            let label = format!(
                                "{}/{}/{}/{}/{} {tweak}",
                                language.id,
                                bs.id,
                                variant.as_deref().unwrap_or("-"),
                                framework.as_deref().unwrap_or("-"),
                                base.id
                            );
                            out.push(Combo { label, answers });
                        }
                    }
                }
            }
        }
    }
    out
}

fn vary(answers: &mut Answers, user_and_health: usize, i: usize) -> String {
    let mut what = Vec::new();
    match user_and_health % 3 {
        1 => {
            answers.user = User {
                mode: UserMode::Create,
                name: "web".into(),
                uid: 20001,
                gid: 20002,
            };
            what.push("user=web");
        }
        2 => {
            answers.user.mode = UserMode::Root;
            what.push("user=root");
        }
        _ => what.push("user=default"),
    }
    match user_and_health / 3 {
        1 => {
            answers.healthcheck.mode = HealthMode::Command;
            answers.healthcheck.command = vec!["/app/healthcheck".into(), "--quiet".into()];
            what.push("health=command");
        }
        2 => {
            answers.healthcheck.mode = HealthMode::None;
            what.push("health=none");
        }
        // Where the default is a TCP check, every other case probes an HTTP route instead, so both are swept.
        _ if answers.healthcheck.mode == HealthMode::Tcp && i.is_multiple_of(2) => {
            answers.healthcheck.mode = HealthMode::Http;
            answers.healthcheck.path = "/api/v1/health-check/?probe=it's".into();
            what.push("health=http");
        }
        _ => what.push("health=default"),
    }
    match (i / 7) % 4 {
        1 => {
            answers.options.comments = false;
            what.push("no-comments");
        }
        2 => {
            answers.options.cache_mounts = false;
            what.push("no-cache-mounts");
        }
        3 => {
            answers.options.test_stage = true;
            answers.args = vec![
                BuildArg {
                    name: "REGISTRY_MIRROR".into(),
                    default: "mirror.local/library".into(),
                    scope: ArgScope::Global,
                },
                BuildArg {
                    name: "APP_VERSION".into(),
                    default: "1.2 \"beta\" $HOME".into(),
                    scope: ArgScope::Builder,
                },
                BuildArg {
                    name: "LOG_LEVEL".into(),
                    default: String::new(),
                    scope: ArgScope::Runtime,
                },
            ];
            what.push("test-stage+args");
        }
        _ => {}
    }
    what.join(",")
}

/// What BuildKit's parser must see for this output.
pub fn expectation(file: &str, label: &str, answers: &Answers, output: &Output) -> Value {
    let instructions: Vec<Value> = output
        .model
        .instructions()
        .filter(|i| i.keyword != Keyword::Note)
        .map(|i| {
            let exec = match &i.body {
                Body::Exec { prefix, words } => Some(
                    prefix
                        .iter()
                        .map(|p| p.to_string())
                        .chain(words.iter().cloned())
                        .collect::<Vec<_>>(),
                ),
                Body::Text(_) => None,
            };
            let arg = (i.keyword == Keyword::Arg).then(|| match &i.body {
                // Several names without defaults (`ARG TARGETOS TARGETARCH`): one word each.
                Body::Text(t) if t.contains(' ') && !t.contains('=') => {
                    json!({ "names": t.split(' ').collect::<Vec<_>>() })
                }
                Body::Text(t) => {
                    let (name, value) = match t.split_once('=') {
                        Some((n, _)) => {
                            let value = answers
                                .args
                                .iter()
                                .find(|a| a.name == n)
                                .map(|a| a.default.clone())
                                .unwrap_or_else(|| t[n.len() + 1..].to_string());
                            (n.to_string(), Some(value))
                        }
                        None => (t.clone(), None),
                    };
                    json!({ "name": name, "value": value })
                }
                Body::Exec { .. } => Value::Null,
            });
            let run = match (&i.body, i.keyword) {
                (Body::Text(t), Keyword::Run) => Some(t.clone()),
                _ => None,
            };
            json!({ "cmd": i.keyword.as_str(), "flags": i.flags, "exec": exec, "arg": arg, "run": run })
        })
        .collect();
    json!({
        "file": file,
        "label": label,
        "instructions": instructions,
        "stages": output.model.stages.iter().map(|s| s.name.clone()).collect::<Vec<_>>(),
        "nonroot": answers.user.mode != UserMode::Root,
        "healthcheck": answers.healthcheck.mode != HealthMode::None,
    })
}

/// hadolint and the Python with BuildKit's parser, from `.venv` (installed by scripts/test).
pub struct Tools {
    pub hadolint: PathBuf,
    pub python: PathBuf,
}

pub fn tools() -> Option<Tools> {
    let venv = std::env::var_os("STAGECRAFT_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv"));
    let tools = Tools {
        hadolint: venv.join("bin/hadolint"),
        python: venv.join("bin/python"),
    };
    if tools.hadolint.is_file() && tools.python.is_file() {
        return Some(tools);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!(
            "hadolint and BuildKit's parser are missing in {}; scripts/test installs them",
            venv.display()
        );
    }
    eprintln!(
        "skipping: no {} (run scripts/test to install hadolint and BuildKit's parser)",
        venv.display()
    );
    None
}

/// Write each case's Dockerfile and the expectations into `dir`.
pub fn write_cases(dir: &Path, cases: &[(String, Answers, Output)]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut expect = Vec::new();
    for (n, (label, answers, output)) in cases.iter().enumerate() {
        let name = format!("{n:05}.Dockerfile");
        let path = dir.join(&name);
        fs::write(&path, output.dockerfile()).expect("write case");
        expect.push(expectation(&name, label, answers, output));
        files.push(path);
    }
    fs::write(
        dir.join("expect.json"),
        serde_json::to_string(&expect).expect("json"),
    )
    .expect("write expect.json");
    files
}

/// hadolint findings at warning level or above, as `label: line N CODE message`.
pub fn hadolint_findings(tools: &Tools, files: &[PathBuf], labels: &[String]) -> Vec<String> {
    let mut findings = Vec::new();
    for (chunk_index, chunk) in files.chunks(200).enumerate() {
        let out = Command::new(&tools.hadolint)
            .arg("-f")
            .arg("json")
            .args(chunk)
            .output()
            .expect("run hadolint");
        let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "hadolint printed no JSON ({e}): {}",
                String::from_utf8_lossy(&out.stderr)
            )
        });
        for f in report.as_array().expect("array") {
            let level = f["level"].as_str().unwrap_or_default();
            if level == "error" || level == "warning" {
                let file = f["file"].as_str().unwrap_or_default();
                let index = chunk
                    .iter()
                    .position(|p| p.to_string_lossy() == file)
                    .map(|p| chunk_index * 200 + p);
                let label = index.map(|i| labels[i].as_str()).unwrap_or(file);
                findings.push(format!(
                    "{label}: line {} {} {} ({})",
                    f["line"],
                    f["code"].as_str().unwrap_or_default(),
                    f["message"].as_str().unwrap_or_default(),
                    file
                ));
            }
        }
    }
    findings
}

/// Problems BuildKit's parser found against the expectations.
pub fn parse_problems(tools: &Tools, dir: &Path) -> Vec<Value> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools/check_parse.py");
    let out = Command::new(&tools.python)
        .arg(script)
        .arg(dir)
        .output()
        .expect("run the parser check");
    assert!(
        out.status.success(),
        "parser check failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).expect("parser check prints JSON");
    report.as_array().cloned().unwrap_or_default()
}

pub fn render(answers: &Answers, catalog: &Catalog) -> Output {
    generate(answers, catalog).unwrap_or_else(|e| panic!("render failed: {e:?}\n{answers:#?}"))
}

/// Validate and render completed answers, as `generate` does: the plan, then the Dockerfile.
pub fn generate(
    answers: &Answers,
    catalog: &Catalog,
) -> Result<Output, Vec<stagecraft::field_error::FieldError>> {
    let plan = stagecraft::plan::Plan::new(answers.clone(), catalog)?;
    dockerfile::generate(&plan).map_err(|e| vec![e])
}

/// The real binary run in `dir`: no user catalog, today pinned to the date the catalog texts were written against,
/// standard input closed.
pub fn stagecraft_in(args: &[&str], dir: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_stagecraft"))
        .args(args)
        .current_dir(dir)
        .env("XDG_CONFIG_HOME", dir.join(".no-user-config"))
        .env("STAGECRAFT_TODAY", "2026-12-01")
        .stdin(Stdio::null())
        .output()
        .expect("run stagecraft")
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
