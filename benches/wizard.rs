//! `cargo bench --bench wizard`: how long the wizard takes from a key to the next frame, per screen (update plus a
//! full render into a 200x60 TestBackend, the same work the real loop does before the terminal flushes), and
//! how long the real binary takes from start to its first frame in a pseudo-terminal. Prints tables for the README.

use std::{
    fs,
    hint::black_box,
    path::Path,
    process::Command,
    time::{Duration, Instant},
};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::{Terminal, backend::TestBackend};
use stagecraft::{
    catalog::Catalog,
    detect,
    wizard::{App, Step, press, view},
};

const WIDTH: u16 = 200;
const HEIGHT: u16 = 60;

fn stats(mut samples: Vec<Duration>) -> (f64, f64, f64) {
    samples.sort();
    let at =
        |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize].as_secs_f64() * 1e3;
    (at(0.5), at(0.99), at(1.0))
}

fn row(name: &str, samples: Vec<Duration>) {
    let n = samples.len();
    let (p50, p99, max) = stats(samples);
    println!("| {name} | {n} | {p50:.3} | {p99:.3} | {max:.3} |");
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/go-hello");
    for f in ["go.mod", "main.go"] {
        fs::copy(example.join(f), dir.path().join(f)).expect("copy the example");
    }
    dir
}

fn app<'c>(catalog: &'c Catalog, dir: &Path) -> App<'c> {
    let detection = detect::detect(dir, None, catalog).expect("detect");
    App::new(catalog, dir.to_path_buf(), detection, None).expect("app")
}

fn go_to(app: &mut App<'_>, step: Step) {
    while app.step != step {
        let before = app.step;
        press(app, key(KeyCode::Enter));
        assert_ne!(app.step, before, "stuck at {before:?}: {:?}", app.message);
    }
}

/// Keys that change something on the screen and undo it again, so every sample does real work (a recompute of
/// the answers and the preview where the key changes an answer) and the state does not drift.
fn keys_for(step: Step) -> [KeyCode; 2] {
    match step {
        Step::Language | Step::Base => [KeyCode::Down, KeyCode::Up],
        Step::Args => [KeyCode::Char('a'), KeyCode::Esc],
        _ => [KeyCode::Right, KeyCode::Left],
    }
}

fn key_to_frame(catalog: &Catalog, dir: &Path, step: Step, runs: usize) -> Vec<Duration> {
    let mut app = app(catalog, dir);
    go_to(&mut app, step);
    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("terminal");
    terminal
        .draw(|frame| view::draw(frame, &app))
        .expect("draw");
    let keys = keys_for(step);
    (0..runs)
        .map(|i| {
            let k = key(keys[i % 2]);
            let start = Instant::now();
            press(&mut app, k);
            terminal
                .draw(|frame| view::draw(frame, &app))
                .expect("draw");
            let elapsed = start.elapsed();
            assert_eq!(app.step, step, "the bench keys must stay on the screen");
            elapsed
        })
        .collect()
}

/// In process: catalog, detection, the wizard's state and its first frame.
fn first_frame_in_process(dir: &Path, runs: usize) -> Vec<Duration> {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            let catalog = stagecraft::catalog::builtin().expect("catalog");
            let app = app(&catalog, dir);
            let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("terminal");
            terminal
                .draw(|frame| view::draw(frame, &app))
                .expect("draw");
            black_box(terminal.backend().buffer().area);
            start.elapsed()
        })
        .collect()
}

/// The real binary in a pseudo-terminal: from spawn until the first frame is on the screen.
fn first_frame_in_pty(dir: &Path, runs: usize) -> Vec<Duration> {
    (0..runs)
        .map(|_| {
            let mut cmd = Command::new(env!("CARGO_BIN_EXE_stagecraft"));
            cmd.arg(dir)
                .env("TERM", "xterm-256color")
                .env("XDG_CONFIG_HOME", dir.join(".no-config"));
            let start = Instant::now();
            let mut session = expectrl::Session::spawn(cmd).expect("spawn in a pty");
            let mut screen = vt100::Parser::new(40, 120, 0);
            let mut buf = [0u8; 16384];
            loop {
                if let Ok(n) = session.try_read(&mut buf) {
                    screen.process(&buf[..n]);
                }
                if screen.screen().contents().contains("1/7 Language") {
                    break;
                }
                assert!(
                    start.elapsed() < Duration::from_secs(20),
                    "no first frame: {}",
                    screen.screen().contents()
                );
                std::thread::yield_now();
            }
            let elapsed = start.elapsed();
            session.send("\x03").expect("ctrl-c");
            let deadline = Instant::now() + Duration::from_secs(20);
            while session.is_alive().unwrap_or(false) && Instant::now() < deadline {
                let _ = session.try_read(&mut buf);
                std::thread::sleep(Duration::from_millis(5));
            }
            elapsed
        })
        .collect()
}

fn main() {
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    let dir = project();
    let catalog = stagecraft::catalog::builtin().expect("catalog");

    println!("key to frame, update + render into a {WIDTH}x{HEIGHT} TestBackend (ms)\n");
    println!("| screen | keys | median | p99 | max |");
    println!("|---|---|---|---|---|");
    for step in Step::ALL {
        let name = format!("{}/7 {}", step.number(), step.title());
        row(&name, key_to_frame(&catalog, dir.path(), step, runs));
    }

    println!("\ncold start to the first frame (ms)\n");
    println!("| what | runs | median | p99 | max |");
    println!("|---|---|---|---|---|");
    row(
        "in process: catalog + detect + state + first render",
        first_frame_in_process(dir.path(), runs.min(300)),
    );
    row(
        "real binary in a pty: spawn until the first frame shows",
        first_frame_in_pty(dir.path(), (runs / 100).clamp(5, 30)),
    );
}
