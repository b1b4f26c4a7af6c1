//! `cargo bench --bench generate`: the speed of `stagecraft generate` as a whole process (what a script pays), its
//! peak memory, and the speed of its parts in process, on two sample projects: a small Go service and a FastAPI app
//! locked with uv. Prints tables for the README.
//!
//! `BENCH_RUNS=N` sets the runs per case (default 300). `BENCH_BIN=PATH` times that build of stagecraft instead of the
//! bench's own (whose dependencies carry the dev-dependencies' features: the shipped binary is built on its own). `BENCH_NIXPACKS=1` also times `nixpacks plan DIR` on the same
//! projects in the same run, installing nixpacks into `target/bench-tools` first when it is not there (a build of
//! several minutes).

use std::{
    fs,
    hint::black_box,
    path::{Path, PathBuf},
    process::{Command, ExitCode, Stdio},
    time::{Duration, Instant},
};

/// Set in the environment of the bench's own re-run that measures one process's peak memory.
const RSS_CHILD: &str = "STAGECRAFT_BENCH_RSS_CHILD";

const GO_MOD: &str = "module example.com/hello\n\ngo 1.26\n";
const GO_MAIN: &str = "package main\n\nfunc main() {}\n";

const PYPROJECT: &str = r#"[project]
name = "api"
version = "0.1.0"
description = "A small FastAPI service"
requires-python = ">=3.12"
dependencies = [
    "fastapi>=0.115",
    "uvicorn[standard]>=0.32",
]
"#;

const MAIN_PY: &str = r#"from fastapi import FastAPI

app = FastAPI(title="api")


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/items/{item_id}")
def item(item_id: int) -> dict[str, int]:
    return {"item_id": item_id}
"#;

/// A uv lockfile of the shape `uv lock` writes for fastapi + uvicorn (hashes shortened to keep the bench small).
fn uv_lock() -> String {
    let packages: [(&str, &str, &[&str]); 12] = [
        ("annotated-types", "0.7.0", &[]),
        ("anyio", "4.6.2", &["idna", "sniffio"]),
        ("api", "0.1.0", &["fastapi", "uvicorn"]),
        ("click", "8.1.7", &[]),
        (
            "fastapi",
            "0.115.5",
            &["pydantic", "starlette", "typing-extensions"],
        ),
        ("h11", "0.14.0", &[]),
        ("idna", "3.10", &[]),
        (
            "pydantic",
            "2.10.1",
            &["annotated-types", "pydantic-core", "typing-extensions"],
        ),
        ("pydantic-core", "2.27.1", &["typing-extensions"]),
        ("sniffio", "1.3.1", &[]),
        ("starlette", "0.41.3", &["anyio"]),
        ("uvicorn", "0.32.1", &["click", "h11"]),
    ];
    let mut out = String::from("version = 1\nrequires-python = \">=3.12\"\n");
    for (i, (name, version, deps)) in packages.iter().enumerate() {
        out.push_str(&format!(
            "\n[[package]]\nname = \"{name}\"\nversion = \"{version}\"\n"
        ));
        if *name == "api" {
            out.push_str("source = { virtual = \".\" }\n");
        } else {
            out.push_str("source = { registry = \"https://pypi.org/simple\" }\n");
        }
        if !deps.is_empty() {
            out.push_str("dependencies = [\n");
            for dep in *deps {
                out.push_str(&format!("    {{ name = \"{dep}\" }},\n"));
            }
            out.push_str("]\n");
        }
        if *name != "api" {
            out.push_str(&format!(
                "sdist = {{ url = \"https://files.pythonhosted.org/packages/{name}-{version}.tar.gz\", hash = \"sha256:{i:064x}\", size = {} }}\n\
                 wheels = [\n    {{ url = \"https://files.pythonhosted.org/packages/{name}-{version}-py3-none-any.whl\", hash = \"sha256:{:064x}\", size = {} }},\n]\n",
                10_000 + i * 37,
                i + 100,
                9_000 + i * 41
            ));
        }
    }
    out
}

fn stats(mut samples: Vec<Duration>) -> (f64, f64, f64) {
    samples.sort();
    let at =
        |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize].as_secs_f64() * 1e3;
    (at(0.5), at(0.9), at(0.99))
}

fn row(name: &str, samples: Vec<Duration>) -> f64 {
    let n = samples.len();
    let (p50, p90, p99) = stats(samples);
    println!("| {name} | {n} | {p50:.3} | {p90:.3} | {p99:.3} |");
    p50
}

fn time_process(exe: &Path, args: &[&str], dir: &Path, runs: usize) -> Vec<Duration> {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            let status = Command::new(exe)
                .args(args)
                .current_dir(dir)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .expect("run the program");
            let elapsed = start.elapsed();
            assert!(status.success(), "{} {args:?} failed", exe.display());
            elapsed
        })
        .collect()
}

/// Peak resident memory of one run of `exe args` in `dir`, in KiB: the bench runs itself with `RSS_CHILD` set, and
/// that process reads `getrusage(RUSAGE_CHILDREN)` after its only child, so nothing else counts.
fn peak_rss_kib(exe: &Path, args: &[&str], dir: &Path) -> u64 {
    let me = std::env::current_exe().expect("bench executable");
    let out = Command::new(me)
        .env(RSS_CHILD, exe)
        .args(args)
        .current_dir(dir)
        .stderr(Stdio::inherit())
        .output()
        .expect("run the bench's memory probe");
    assert!(out.status.success(), "memory probe failed for {args:?}");
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .expect("peak RSS in KiB")
}

/// The memory probe: run the program once, print the peak RSS of its children in KiB.
fn rss_child(exe: &str) -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let status = Command::new(exe)
        .args(&args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    if !status.is_ok_and(|s| s.success()) {
        return ExitCode::FAILURE;
    }
    // SAFETY: getrusage only writes the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    if unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) } != 0 {
        return ExitCode::FAILURE;
    }
    // Linux reports ru_maxrss in KiB.
    println!("{}", usage.ru_maxrss);
    ExitCode::SUCCESS
}

/// nixpacks under target/bench-tools, installed there first when missing.
fn nixpacks() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    let root = target.join("bench-tools");
    let exe = root.join("bin/nixpacks");
    if !exe.exists() {
        eprintln!(
            "installing nixpacks into {} (several minutes)",
            root.display()
        );
        let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(["install", "nixpacks", "--locked", "--root"])
            .arg(&root)
            .status()
            .expect("run cargo install");
        assert!(status.success(), "cargo install nixpacks failed");
    }
    exe
}

struct Sample {
    name: &'static str,
    dir: tempfile::TempDir,
}

fn samples() -> Vec<Sample> {
    let go = tempfile::tempdir().expect("tempdir");
    fs::write(go.path().join("go.mod"), GO_MOD).expect("go.mod");
    fs::write(go.path().join("main.go"), GO_MAIN).expect("main.go");
    let py = tempfile::tempdir().expect("tempdir");
    fs::write(py.path().join("pyproject.toml"), PYPROJECT).expect("pyproject.toml");
    fs::write(py.path().join("uv.lock"), uv_lock()).expect("uv.lock");
    fs::write(py.path().join("main.py"), MAIN_PY).expect("main.py");
    vec![
        Sample {
            name: "Go (go.mod + main.go)",
            dir: go,
        },
        Sample {
            name: "FastAPI + uv (pyproject, uv.lock, main.py with /health)",
            dir: py,
        },
    ]
}

fn main() -> ExitCode {
    if let Some(exe) = std::env::var_os(RSS_CHILD) {
        return rss_child(&exe.to_string_lossy());
    }
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let with_nixpacks = std::env::var("BENCH_NIXPACKS").is_ok_and(|v| v == "1");
    let exe = std::env::var_os("BENCH_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_stagecraft")));
    let exe = exe.as_path();
    let size = fs::metadata(exe).map(|m| m.len()).unwrap_or(0);
    let nixpacks = with_nixpacks.then(nixpacks);
    let samples = samples();

    println!(
        "stagecraft {} ({} bytes, {:.2} MiB)\n",
        exe.display(),
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
    let go_dir = samples[0].dir.path();
    // Warm the page cache so the first sample does not measure the disk.
    let _ = time_process(exe, &["--version"], go_dir, 5);
    // What starting any process costs on this machine: the floor under every row below.
    if let Some(floor) = ["/bin/true", "/usr/bin/true"]
        .iter()
        .map(Path::new)
        .find(|p| p.exists())
    {
        row(
            "`true`: a process that does nothing (the machine's floor)",
            time_process(floor, &[], go_dir, runs),
        );
    }
    row(
        "`generate --language go --stdout --no-detect` (process)",
        time_process(
            exe,
            &["generate", "--language", "go", "--stdout", "--no-detect"],
            go_dir,
            runs,
        ),
    );
    let out = tempfile::tempdir().expect("tempdir");
    fs::copy(go_dir.join("go.mod"), out.path().join("go.mod")).expect("copy");
    row(
        "`generate` writing Dockerfile + .dockerignore, Go (process)",
        time_process(
            exe,
            &["generate", "--language", "go", "--force"],
            out.path(),
            runs,
        ),
    );

    println!(
        "\nWith detection, the same runs for each program, alternating so that both see the same machine:\n"
    );
    println!("| project | program | runs | median ms | p90 ms | p99 ms | peak RSS KiB |");
    println!("|---|---|---|---|---|---|---|");
    let generate: &[&str] = &["generate", "--stdout"];
    for sample in &samples {
        let dir = sample.dir.path();
        let mut ours = Vec::with_capacity(runs);
        let mut theirs = Vec::with_capacity(runs);
        if let Some(nixpacks) = &nixpacks {
            let _ = time_process(nixpacks, &["plan", "."], dir, 3);
        }
        // Interleaved in batches: a burst of load on the shared machine then hits both programs alike.
        for _ in 0..runs.div_ceil(10) {
            ours.extend(time_process(exe, generate, dir, 10));
            if let Some(nixpacks) = &nixpacks {
                theirs.extend(time_process(nixpacks, &["plan", "."], dir, 10));
            }
        }
        let rss = peak_rss_kib(exe, generate, dir);
        let (p50, p90, p99) = stats(ours.clone());
        println!(
            "| {} | `stagecraft generate --stdout` | {} | {p50:.3} | {p90:.3} | {p99:.3} | {rss} |",
            sample.name,
            ours.len()
        );
        if let Some(nixpacks) = &nixpacks {
            let rss = peak_rss_kib(nixpacks, &["plan", "."], dir);
            let (n50, n90, n99) = stats(theirs.clone());
            println!(
                "| {} | `nixpacks plan .` | {} | {n50:.3} | {n90:.3} | {n99:.3} | {rss} |",
                sample.name,
                theirs.len()
            );
            println!(
                "| {} | stagecraft / nixpacks (median) | | {:.2} | | | |",
                sample.name,
                p50 / n50
            );
        }
    }
    ExitCode::SUCCESS
}
