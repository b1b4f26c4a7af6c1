//! `cargo bench --bench detect`: detection on a large generated repository (a Node monorepo with 50,000 files,
//! most of them in node_modules, build output and .git, which detection must skip).

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
    let catalog = stagecraft::catalog::builtin().expect("catalog");
    let mut samples: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            black_box(stagecraft::detect::detect(root, None, &catalog).expect("detect"));
            start.elapsed()
        })
        .collect();
    samples.sort();
    let at =
        |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize].as_secs_f64() * 1e3;
    println!("| what | files | runs | median ms | p99 ms |");
    println!("|---|---|---|---|---|");
    println!(
        "| detect a Node monorepo (20 members) | {files} | {runs} | {:.2} | {:.2} |",
        at(0.5),
        at(0.99)
    );
}
