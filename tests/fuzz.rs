//! Fuzzing at scale over the three inputs stagecraft reads from outside: answers files, catalog files and the
//! files of a project folder. Every case must end quickly, without a panic, in either a clear error or a
//! Dockerfile whose every line is an instruction, a comment or a continuation (no injected line).
//!
//! The case count per target is `STAGECRAFT_FUZZ_CASES` (default 1000, which keeps CI's run of all three under a
//! minute); the README's Reliability section records the larger runs.

mod common;

use std::{
    fs,
    os::unix::fs::symlink,
    path::Path,
    time::{Duration, Instant},
};

use proptest::{
    prelude::*,
    test_runner::{Config, TestRunner},
};
use stagecraft::{
    answers::Draft,
    catalog::{self, Catalog},
    detect,
};

/// No single case may take longer than this (a FIFO, /dev/zero or a huge file would).
const CASE_LIMIT: Duration = Duration::from_secs(5);

fn runner() -> TestRunner {
    let cases = std::env::var("STAGECRAFT_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    })
}

const INSTRUCTIONS: &[&str] = &[
    "FROM",
    "RUN",
    "COPY",
    "ARG",
    "ENV",
    "WORKDIR",
    "USER",
    "EXPOSE",
    "CMD",
    "ENTRYPOINT",
    "HEALTHCHECK",
    "LABEL",
    "STOPSIGNAL",
    "SHELL",
    "VOLUME",
    "ADD",
    "ONBUILD",
];

/// Every logical line of the Dockerfile starts with an instruction or is a comment; no control characters.
fn assert_well_formed(text: &str) -> Result<(), TestCaseError> {
    let mut continued = false;
    let mut heredoc: Option<String> = None;
    for line in text.lines() {
        prop_assert!(
            !line.chars().any(|c| c.is_control() && c != '\t'),
            "control character in {line:?}"
        );
        if let Some(end) = &heredoc {
            if line.trim() == end {
                heredoc = None;
            }
            continue;
        }
        let trimmed = line.trim_start();
        if !continued && !trimmed.is_empty() && !trimmed.starts_with('#') {
            let word = trimmed.split_whitespace().next().unwrap_or_default();
            prop_assert!(
                INSTRUCTIONS.contains(&word),
                "a line that is not an instruction: {line:?}\n{text}"
            );
            if let Some(i) = trimmed.find("<<") {
                let marker: String = trimmed[i + 2..]
                    .trim_start_matches(['-', '\'', '"'])
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !marker.is_empty() {
                    heredoc = Some(marker);
                }
            }
        }
        continued = !trimmed.starts_with('#') && line.trim_end().ends_with('\\');
    }
    Ok(())
}

/// Render what a draft completes to, if it does; errors are fine, panics and malformed output are not.
fn render_if_valid(draft: Draft, catalog: &Catalog) -> Result<(), TestCaseError> {
    let Ok(answers) = draft.complete(catalog) else {
        return Ok(());
    };
    if let Ok(output) = common::generate(&answers, catalog) {
        assert_well_formed(output.dockerfile())?;
    }
    Ok(())
}

/// Text that stresses parsers and renderers: control characters, quotes, braces, long runs.
fn nasty() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        proptest::string::string_regex(r#"[a-z0-9 /._:=@{}\\"'$`\n\r\t<>#;&|-]{0,24}"#)
            .expect("regex"),
        Just("a\nRUN id".to_string()),
        Just("--network=host make".to_string()),
        Just("{port}{version}{app}".to_string()),
        (1usize..6000).prop_map(|n| "x".repeat(n)),
    ]
}

const ANSWER_KEYS: &[&str] = &[
    "language",
    "build_system",
    "variant",
    "framework",
    "version",
    "base",
    "port",
    "command",
    "params.main_package",
    "params.build_command",
    "user.mode",
    "user.name",
    "user.uid",
    "healthcheck.mode",
    "healthcheck.path",
    "healthcheck.interval",
    "healthcheck.command",
    "options.dockerignore",
];

/// A TOML value for an answers key: sometimes right-typed and plausible, sometimes anything.
fn answer_value() -> impl Strategy<Value = String> {
    prop_oneof![
        nasty().prop_map(|s| toml_string(&s)),
        prop::sample::select(vec![
            "\"go\"",
            "\"node\"",
            "\"python\"",
            "\"rust\"",
            "\"custom\"",
            "\"create\"",
            "\"http\"",
            "\"command\"",
            "\"alpine\"",
            "\"scratch\"",
            "8080",
            "0",
            "-1",
            "99999999999",
            "true",
            "[\"/app/x\", \"{port}\"]",
            "[]",
            "{}",
            "\"/health\"",
            "\"30s\"",
        ])
        .prop_map(String::from),
        any::<i64>().prop_map(|n| n.to_string()),
        prop::collection::vec(nasty(), 0..4).prop_map(|v| format!(
            "[{}]",
            v.iter()
                .map(|s| toml_string(s))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    ]
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn answers_file() -> impl Strategy<Value = String> {
    prop_oneof![
        // Structured: dotted keys with values of any shape.
        prop::collection::vec((prop::sample::select(ANSWER_KEYS), answer_value()), 0..10).prop_map(
            |pairs| {
                pairs
                    .iter()
                    .map(|(k, v)| format!("{k} = {v}\n"))
                    .collect::<String>()
            }
        ),
        // Unstructured: any text at all.
        any::<String>(),
    ]
}

#[test]
fn fuzz_answers_files() {
    let catalog = common::catalog();
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("answers.toml");
    let mut runner = runner();
    runner
        .run(&answers_file(), |text| {
            let start = Instant::now();
            fs::write(&path, &text).expect("write");
            match stagecraft::commands::generate::read_answers_file(&path) {
                Ok(draft) => render_if_valid(draft, &catalog)?,
                Err(e) => {
                    let message = e.to_string();
                    prop_assert!(!message.is_empty());
                    prop_assert!(
                        message.len() < 20_000,
                        "the error repeats the input: {} bytes",
                        message.len()
                    );
                }
            }
            prop_assert!(start.elapsed() < CASE_LIMIT, "took {:?}", start.elapsed());
            Ok(())
        })
        .expect("answers files");
}

/// A user catalog file: the fields of a build system, each maybe replaced by hostile text.
fn catalog_file() -> impl Strategy<Value = (String, usize, String)> {
    const FIELDS: &[(&str, &str)] = &[
        ("builder", "\"debian:trixie-slim\""),
        ("workdir", "\"/src\""),
        ("manifests", "[\"Makefile\"]"),
        ("build", "[{ run = \"make\", why = \"build\" }]"),
        ("artifacts", "[{ from = \"/src/app\", to = \"/app/app\" }]"),
        ("command", "[\"/app/app\"]"),
        ("env", "{ X = \"1\" }"),
        ("runtime_env", "{ Y = \"2\" }"),
        ("health_path", "\"/health\""),
        ("needs", "{ libc = \"glibc\" }"),
        ("recommended", "[\"debian-trixie-slim\"]"),
    ];
    (0..FIELDS.len(), nasty(), prop::bool::ANY).prop_map(|(i, value, as_list)| {
        let mut body = String::from(
            "[[language]]\nid = \"fz\"\nname = \"Fuzz\"\ndescription = \"d\"\n\n[[language.build_system]]\nid = \"make\"\nname = \"make\"\ndescription = \"d\"\n",
        );
        for (j, (key, default)) in FIELDS.iter().enumerate() {
            let value = if i == j {
                match (*key, as_list) {
                    ("build", _) => format!("[{{ run = {} }}]", toml_string(&value)),
                    ("artifacts", _) => format!("[{{ from = {}, to = \"/app/app\" }}]", toml_string(&value)),
                    ("env" | "runtime_env" | "needs", _) => format!("{{ X = {} }}", toml_string(&value)),
                    (_, true) => format!("[{}]", toml_string(&value)),
                    _ => toml_string(&value),
                }
            } else {
                default.to_string()
            };
            body.push_str(&format!("{key} = {value}\n"));
        }
        (body, i, value)
    })
}

#[test]
fn fuzz_catalog_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cat = dir.path().join("cat");
    fs::create_dir(&cat).expect("mkdir");
    let mut runner = runner();
    runner
        .run(&catalog_file(), |(body, _, _)| {
            let start = Instant::now();
            fs::write(cat.join("fuzz.toml"), &body).expect("write");
            match catalog::load(std::slice::from_ref(&cat), true) {
                Ok(catalog) => render_if_valid(
                    Draft {
                        language: Some("fz".into()),
                        ..Draft::default()
                    },
                    &catalog,
                )?,
                Err(e) => prop_assert!(e.to_string().contains("fuzz.toml"), "{e}"),
            }
            prop_assert!(start.elapsed() < CASE_LIMIT, "took {:?}", start.elapsed());
            Ok(())
        })
        .expect("catalog files");
}

const PROJECT_FILES: &[&str] = &[
    "package.json",
    "pnpm-workspace.yaml",
    "Cargo.toml",
    "go.mod",
    "pyproject.toml",
    "requirements.txt",
    "Gemfile",
    "composer.json",
    "pom.xml",
    ".nvmrc",
    ".python-version",
    "Procfile",
    "main.go",
    "src/main.rs",
    "app.py",
    "server.js",
    ".env",
    ".gitignore",
    ".dockerignore",
    "src/.gitignore",
];

#[derive(Debug, Clone)]
enum Odd {
    Text(String),
    Bytes(Vec<u8>),
    Big(usize),
    LinkToDevZero,
    LinkOutside,
    Fifo,
    Dir,
}

fn odd_file() -> impl Strategy<Value = Odd> {
    prop_oneof![
        4 => nasty().prop_map(Odd::Text),
        2 => prop::sample::select(vec![
            "{\"name\":\"x\",\"scripts\":{\"start\":\"node {port}.js\"},\"dependencies\":{\"express\":\"*\"}}",
            "module x\n\ngo 1.22\n",
            "[package]\nname = \"x\"\nversion = \"0.1.0\"\n[workspace]\nmembers = [\"../../etc\"]\n",
            "packages:\n  - '../*'\n",
            "[project]\nname = \"x\"\nrequires-python = \">=3.99\"\n",
            "web: gunicorn 'a\nRUN id':app\n",
            "PORT=99999\n",
        ])
        .prop_map(|s| Odd::Text(s.to_string())),
        1 => prop::collection::vec(any::<u8>(), 0..256).prop_map(Odd::Bytes),
        1 => (512 * 1024usize..700 * 1024).prop_map(Odd::Big),
        1 => Just(Odd::LinkToDevZero),
        1 => Just(Odd::LinkOutside),
        1 => Just(Odd::Fifo),
        1 => Just(Odd::Dir),
    ]
}

fn place(root: &Path, rel: &str, odd: &Odd) {
    let path = root.join(rel);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("mkdir");
    }
    match odd {
        Odd::Text(text) => fs::write(&path, text).expect("write"),
        Odd::Bytes(bytes) => fs::write(&path, bytes).expect("write"),
        Odd::Big(n) => fs::write(&path, "{".repeat(*n)).expect("write"),
        Odd::LinkToDevZero => symlink("/dev/zero", &path).expect("symlink"),
        Odd::LinkOutside => symlink("/etc/passwd", &path).expect("symlink"),
        Odd::Fifo => {
            let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).expect("path");
            // SAFETY: mkfifo with a valid NUL-terminated path.
            let rc = unsafe { libc::mkfifo(c.as_ptr(), 0o644) };
            assert_eq!(rc, 0, "mkfifo {}", path.display());
        }
        Odd::Dir => fs::create_dir_all(&path).expect("mkdir"),
    }
}

#[test]
fn fuzz_project_folders() {
    let catalog = common::catalog();
    let mut runner = runner();
    let files = prop::collection::btree_map(prop::sample::select(PROJECT_FILES), odd_file(), 1..6);
    runner
        .run(&files, |files| {
            let dir = tempfile::tempdir().expect("tempdir");
            for (rel, odd) in &files {
                place(dir.path(), rel, odd);
            }
            let start = Instant::now();
            let detection = detect::detect(dir.path(), None, &catalog);
            prop_assert!(
                start.elapsed() < CASE_LIMIT,
                "detection took {:?}",
                start.elapsed()
            );
            if let Ok(detection) = detection
                && detection.draft.language.is_some()
            {
                render_if_valid(detection.draft, &catalog)?;
            }
            Ok(())
        })
        .expect("project folders");
}
