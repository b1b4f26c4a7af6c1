//! Every combination the catalog allows (language x build system x variant x framework x fitting base, with user,
//! health check and option variants) is linted by hadolint and parsed by BuildKit's own parser.

mod common;

use std::fs;

#[test]
fn every_combination_is_lint_clean_and_parses_as_intended() {
    let catalog = common::catalog();
    let combos = common::combos(&catalog);
    assert!(combos.len() > 2000, "only {} combinations", combos.len());
    let cases: Vec<_> = combos
        .into_iter()
        .map(|c| {
            let output = common::render(&c.answers, &catalog);
            (c.label, c.answers, output)
        })
        .collect();
    dump(&cases);
    for (label, _, output) in &cases {
        let lines: Vec<&str> = output.dockerfile().lines().collect();
        for (i, line) in lines.iter().enumerate() {
            if line.starts_with("# hadolint ignore=") {
                let reason = i.checked_sub(1).map(|p| lines[p]).unwrap_or_default();
                assert!(
                    reason.starts_with("# ") && reason.len() > 20 && !reason.contains("hadolint"),
                    "{label}: `{line}` has no reason above it"
                );
            }
        }
    }
    let Some(tools) = common::tools() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    let files = common::write_cases(dir.path(), &cases);
    let labels: Vec<String> = cases.iter().map(|c| c.0.clone()).collect();

    let findings = common::hadolint_findings(&tools, &files, &labels);
    let problems = common::parse_problems(&tools, dir.path());
    if !findings.is_empty() || !problems.is_empty() {
        let keep = std::env::temp_dir().join("stagecraft-sweep");
        let _ = fs::remove_dir_all(&keep);
        let _ = fs::rename(dir.path(), &keep);
        panic!(
            "{} hadolint findings, {} parse problems (files kept in {}):\n{}\n{}",
            findings.len(),
            problems.len(),
            keep.display(),
            findings
                .iter()
                .take(40)
                .cloned()
                .collect::<Vec<_>>()
                .join("\n"),
            serde_json::to_string_pretty(&problems.iter().take(20).collect::<Vec<_>>())
                .unwrap_or_default()
        );
    }
    println!(
        "sweep: {} combinations linted by hadolint and parsed by BuildKit's parser",
        cases.len()
    );
}

/// `STAGECRAFT_SWEEP_DUMP=DIR` writes every combination's Dockerfile and .dockerignore there, named by label, so
/// two trees can be compared byte for byte (`diff -r`) when a change must not alter any output.
fn dump(
    cases: &[(
        String,
        stagecraft::answers::Answers,
        stagecraft::dockerfile::Output,
    )],
) {
    let Some(dir) = std::env::var_os("STAGECRAFT_SWEEP_DUMP") else {
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    fs::create_dir_all(&dir).expect("dump folder");
    for (label, _, output) in cases {
        let name: String = label
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        fs::write(dir.join(format!("{name}.Dockerfile")), output.dockerfile()).expect("dump");
        fs::write(
            dir.join(format!("{name}.dockerignore")),
            &output.dockerignore,
        )
        .expect("dump");
    }
}
