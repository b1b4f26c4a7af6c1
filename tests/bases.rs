//! `stagecraft bases`: what fits is listed apart from what fits only with a caveat, and every size is either a
//! published figure or says why there is none.

use std::process::Command;

fn bases(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_stagecraft"))
        .arg("bases")
        .args(args)
        .arg("--no-user-catalog")
        .output()
        .expect("run stagecraft bases");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn runtimes_a_go_binary_does_not_use_are_listed_as_caveats_with_the_reason() {
    let table = bases(&["--language", "go", "--fitting"]);
    let caveats = table
        .find("fits only with a caveat")
        .unwrap_or_else(|| panic!("no caveat group:\n{table}"));
    assert!(
        table.find("fits this app:").is_some_and(|f| f < caveats),
        "{table}"
    );
    for image in ["python:", "php:", "node:", "eclipse-temurin:"] {
        let at = table
            .find(image)
            .unwrap_or_else(|| panic!("{image} missing:\n{table}"));
        assert!(
            at > caveats,
            "{image} is listed as fitting a Go binary:\n{table}"
        );
    }
    let python = table
        .lines()
        .find(|l| l.starts_with("python-slim "))
        .expect("python-slim row");
    assert!(
        python.contains("caveat") && python.contains("works, but carries"),
        "{python}"
    );
    assert!(
        !table.contains("MB C/U"),
        "the size columns are spelled out"
    );
    assert!(table.contains("PULL MB") && table.contains("DISK MB"));
}

#[test]
fn every_size_is_published_or_says_why_not() {
    let catalog = stagecraft::catalog::builtin().expect("catalog");
    for base in &catalog.bases {
        let size = &base.size;
        if size.compressed_mb.is_none() || size.uncompressed_mb.is_none() {
            assert!(
                size.note.contains("not published"),
                "{}: a missing figure must say why: {:?}",
                base.id,
                size.note
            );
        }
        if size.compressed_mb.is_some() && size.uncompressed_mb.is_some() {
            assert!(!size.note.contains("not published"), "{}", base.id);
        }
    }
    let json = bases(&["--format", "json"]);
    let rows: serde_json::Value = serde_json::from_str(&json).expect("json");
    let rows = rows.as_array().expect("rows");
    assert_eq!(rows.len(), catalog.bases.len());
    assert!(
        rows.iter().all(|r| r["size_note"].is_string()),
        "size_note in JSON"
    );
}
