//! `cargo bench --bench generate`: the speed of `stagecraft generate` as a whole process (what a script pays),
//! and of its parts in process. Prints a table for the README.

use std::{
    fs,
    hint::black_box,
    process::{Command, Stdio},
    time::{Duration, Instant},
};

fn stats(mut samples: Vec<Duration>) -> (f64, f64, f64) {
    samples.sort();
    let at =
        |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize].as_secs_f64() * 1e3;
    (at(0.5), at(0.9), at(0.99))
}

fn row(name: &str, samples: Vec<Duration>) {
    let n = samples.len();
    let (p50, p90, p99) = stats(samples);
    println!("| {name} | {n} | {p50:.3} | {p90:.3} | {p99:.3} |");
}

fn time_process(args: &[&str], dir: &std::path::Path, runs: usize) -> Vec<Duration> {
    let exe = env!("CARGO_BIN_EXE_stagecraft");
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            let status = Command::new(exe)
                .args(args)
                .current_dir(dir)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .expect("run stagecraft");
            let elapsed = start.elapsed();
            assert!(status.success(), "stagecraft {args:?} failed");
            elapsed
        })
        .collect()
}

fn main() {
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(
        dir.path().join("go.mod"),
        "module example.com/hello\n\ngo 1.26\n",
    )
    .expect("go.mod");
    fs::write(
        dir.path().join("main.go"),
        "package main\n\nfunc main() {}\n",
    )
    .expect("main.go");
    let exe = env!("CARGO_BIN_EXE_stagecraft");
    let size = fs::metadata(exe).map(|m| m.len()).unwrap_or(0);

    println!(
        "stagecraft {} ({} bytes, {:.2} MB)\n",
        exe,
        size,
        size as f64 / 1_048_576.0
    );
    println!("| what | runs | median ms | p90 ms | p99 ms |");
    println!("|---|---|---|---|---|");
    let load: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            black_box(stagecraft::catalog::builtin().expect("catalog"));
            start.elapsed()
        })
        .collect();
    row("catalog load + check (in process)", load);

    let catalog = stagecraft::catalog::builtin().expect("catalog");
    let answers = stagecraft::answers::Draft {
        language: Some("go".into()),
        ..Default::default()
    }
    .complete(&catalog)
    .expect("answers");
    // Validation runs when the plan is made, so it is measured with the render.
    let render: Vec<Duration> = (0..runs * 10)
        .map(|_| {
            let start = Instant::now();
            black_box(
                stagecraft::plan::Plan::new(black_box(answers.clone()), &catalog)
                    .map(|plan| stagecraft::dockerfile::generate(&plan).expect("render"))
                    .expect("plan"),
            );
            start.elapsed()
        })
        .collect();
    row("validate + render + text (in process)", render);
    // Warm the page cache so the first sample does not measure the disk.
    let _ = time_process(&["--version"], dir.path(), 5);
    row(
        "`generate --language go --stdout --no-detect` (process)",
        time_process(
            &["generate", "--language", "go", "--stdout", "--no-detect"],
            dir.path(),
            runs,
        ),
    );
    row(
        "`generate --stdout` with detection (process)",
        time_process(&["generate", "--stdout"], dir.path(), runs),
    );
    let out = tempfile::tempdir().expect("tempdir");
    fs::copy(dir.path().join("go.mod"), out.path().join("go.mod")).expect("copy");
    row(
        "`generate` writing Dockerfile + .dockerignore (process)",
        time_process(
            &["generate", "--language", "go", "--force"],
            out.path(),
            runs,
        ),
    );
}
