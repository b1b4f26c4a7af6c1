//! `cargo bench --bench detect`: detection on large generated repositories. One is a Node monorepo with a Rust
//! service, about 60,000 files, most of them in node_modules, target, build output, a virtualenv and .git, which
//! detection must skip; the other has 30,000 plain source files, past the walk's file limit.

use std::{
    fs,
    hint::black_box,
    path::Path,
    time::{Duration, Instant},
};

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("mkdir");
    }
    fs::write(path, text).expect("write");
}

fn main() {
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(30);
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(
        root,
        "package.json",
        r#"{"name":"big","workspaces":["packages/*"],"scripts":{"start":"node server.js"},"dependencies":{"express":"4"}}"#,
    );
    write(root, "package-lock.json", r#"{"lockfileVersion":3}"#);
    write(root, "server.js", "app.listen(process.env.PORT || 4000);\n");
    let mut files = 3;
    for p in 0..20 {
        write(
            root,
            &format!("packages/p{p}/package.json"),
            &format!(r#"{{"name":"p{p}","main":"index.js"}}"#),
        );
        files += 1;
        for i in 0..150 {
            write(
                root,
                &format!("packages/p{p}/src/m{}/f{i}.js", i % 10),
                "export const x = 1;\n",
            );
            files += 1;
        }
    }
    for i in 0..35_000 {
        write(
            root,
            &format!("node_modules/dep{}/lib/f{i}.js", i % 700),
            "module.exports = 1;\n",
        );
        files += 1;
    }
    for i in 0..6_000 {
        write(root, &format!("dist/chunk{}/f{i}.js", i % 60), "x\n");
        write(root, &format!(".git/objects/{:02x}/o{i}", i % 256), "x");
        files += 2;
    }
    // A Rust service with a deep target/ and a Python tool with a virtualenv: both must be skipped.
    write(
        root,
        "services/billing/Cargo.toml",
        "[package]\nname = \"billing\"\nversion = \"0.1.0\"\n",
    );
    write(root, "services/billing/src/main.rs", "fn main() {}\n");
    files += 2;
    for i in 0..8_000 {
        write(
            root,
            &format!(
                "services/billing/target/release/build/c{}/out/deep/er/f{i}.o",
                i % 200
            ),
            "x",
        );
        write(
            root,
            &format!(
                "tools/.venv/lib/python3.13/site-packages/p{}/m{i}.py",
                i % 300
            ),
            "x = 1\n",
        );
        files += 2;
    }
    let catalog = stagecraft::catalog::builtin().expect("catalog");
    println!("| what | files | runs | median ms | p99 ms |");
    println!("|---|---|---|---|---|");
    report(
        "Node monorepo (20 members), dependencies and build output skipped",
        files,
        runs,
        || stagecraft::detect::detect(root, None, &catalog),
    );
    report(
        "the same, one member chosen (`--member p7`)",
        files,
        runs,
        || stagecraft::detect::detect(root, Some("p7"), &catalog),
    );

    let flat = tempfile::tempdir().expect("tempdir");
    let flat_root = flat.path();
    write(flat_root, "go.mod", "module example.com/big\n\ngo 1.26\n");
    write(
        flat_root,
        "main.go",
        "package main\n\nfunc main() { http.ListenAndServe(\":8080\", nil) }\n",
    );
    for i in 0..30_000 {
        write(
            flat_root,
            &format!("internal/p{}/f{i}.go", i % 500),
            "package p\n",
        );
    }
    report(
        "30,000 source files: the walk stops at its 20,000-file limit",
        30_002,
        runs,
        || stagecraft::detect::detect(flat_root, None, &catalog),
    );
}

fn report<T, E: std::fmt::Debug>(
    what: &str,
    files: usize,
    runs: usize,
    mut detect: impl FnMut() -> Result<T, E>,
) {
    let mut samples: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            black_box(detect().expect("detect"));
            start.elapsed()
        })
        .collect();
    samples.sort();
    let at =
        |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize].as_secs_f64() * 1e3;
    println!(
        "| {what} | {files} | {runs} | {:.2} | {:.2} |",
        at(0.5),
        at(0.99)
    );
}
