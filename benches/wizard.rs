//! `cargo bench --bench wizard`: key-to-frame time of the wizard (update + render into a TestBackend at 200x60)
//! on every screen, and cold start to the first frame (catalog, detection, first completion and draw).

use std::{
    hint::black_box,
    path::Path,
    time::{Duration, Instant},
};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::{Terminal, backend::TestBackend};
use stagecraft::wizard::{App, Step, view};

fn stats(mut samples: Vec<Duration>) -> (f64, f64, f64) {
    samples.sort();
    let at =
        |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize].as_secs_f64() * 1e3;
    (at(0.5), at(0.99), at(1.0))
}

fn main() {
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(500);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/go-hello");
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("terminal");

    let cold: Vec<Duration> = (0..50)
        .map(|_| {
            let start = Instant::now();
            let catalog = stagecraft::catalog::builtin().expect("catalog");
            let detection = stagecraft::detect::detect(&dir, None, &catalog).expect("detect");
            let mut app = App::new(&catalog, dir.clone(), detection, None).expect("app");
            app.width = 200;
            terminal.draw(|f| view::draw(f, &app)).expect("draw");
            start.elapsed()
        })
        .collect();

    let catalog = stagecraft::catalog::builtin().expect("catalog");
    let detection = stagecraft::detect::detect(&dir, None, &catalog).expect("detect");
    let mut app = App::new(&catalog, dir.clone(), detection, None).expect("app");
    app.width = 200;
    println!("| screen (200x60) | key | runs | median ms | p99 ms | max ms |");
    println!("|---|---|---|---|---|---|");
    for step in Step::ALL {
        while app.step != step {
            app.key(&KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
        }
        // A key that changes what is shown: move the selection or the field focus, which recomputes the preview
        // where the step edits answers.
        let keys: [KeyCode; 2] = match step {
            Step::Language | Step::Base | Step::Args => [KeyCode::Down, KeyCode::Up],
            _ => [KeyCode::Right, KeyCode::Left],
        };
        let samples: Vec<Duration> = (0..runs)
            .map(|i| {
                let start = Instant::now();
                app.key(&KeyEvent::new(keys[i % 2], KeyModifiers::NONE));
                terminal
                    .draw(|f| view::draw(f, black_box(&app)))
                    .expect("draw");
                start.elapsed()
            })
            .collect();
        let (p50, p99, max) = stats(samples);
        println!(
            "| {} | {:?} | {runs} | {p50:.3} | {p99:.3} | {max:.3} |",
            step.title(),
            keys[0]
        );
    }
    let (p50, p99, max) = stats(cold);
    println!(
        "| cold start to first frame (catalog + detection + first draw) | - | 50 | {p50:.3} | {p99:.3} | {max:.3} |"
    );
}
