//! Widgets drawn from view models built by hand: no catalog, no detection, no answers. What each widget shows
//! is only what its model says.

use ratatui::{Terminal, backend::TestBackend, buffer::Buffer, layout::Rect, style::Color};

use crate::{
    compat::Fit,
    wizard::{
        action::TargetState,
        form::{Form, Row},
        keymap::Footer,
        view_model::{
            BaseLine, BasesModel, DiffModel, FitModel, Note, PreviewModel, ReviewModel, Tone,
        },
    },
};

use super::{draw_bases, draw_footer, draw_preview, draw_review};

fn draw(width: u16, height: u16, widget: impl FnOnce(&mut ratatui::Frame<'_>, Rect)) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal
        .draw(|frame| {
            let area = frame.area();
            widget(frame, area);
        })
        .expect("draw");
    terminal.backend().buffer().clone()
}

fn text(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in 0..area.height {
        let line: String = (0..area.width)
            .map(|x| buffer[(x, y)].symbol().to_string())
            .collect();
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn footer() -> Footer {
    Footer {
        entries: vec![
            ("↑↓", "base"),
            ("s", "sort"),
            ("a", "show all"),
            ("Enter", "next"),
            ("Esc", "back"),
            ("f", "preview"),
            ("?", "help"),
            ("Ctrl+C", "quit"),
            ("[ ]", "why"),
            ("PgUp/PgDn", "scroll"),
        ],
        own: 3,
    }
}

#[test]
fn the_footer_lists_its_model_and_drops_the_least_needed_when_narrow() {
    let wide = draw(120, 1, |frame, area| draw_footer(frame, &footer(), area));
    insta::assert_snapshot!("footer_120", text(&wide));
    let narrow = draw(50, 1, |frame, area| draw_footer(frame, &footer(), area));
    insta::assert_snapshot!("footer_50", text(&narrow));
    let narrow = text(&narrow);
    for kept in ["Enter next", "f preview", "? help", "Ctrl+C quit"] {
        assert!(narrow.contains(kept), "{kept}: {narrow}");
    }
    assert_eq!(wide[(1, 0)].fg, Color::Cyan, "keys are coloured");
}

fn preview() -> PreviewModel {
    PreviewModel {
        step: "non-root user".into(),
        lines: Some(
            [
                "# syntax=docker/dockerfile:1",
                "FROM golang:1.25 AS builder",
                "RUN go build -o /out/app .",
                "FROM gcr.io/distroless/static-debian12:nonroot",
                "# nonroot: the base's own user",
                "USER 65532:65532",
                "HEALTHCHECK --interval=30s --timeout=5s CMD [\"/usr/local/bin/wget\", \"-q\", \"http://127.0.0.1:8080/\"]",
                "ENTRYPOINT [\"/app\"]",
            ]
            .map(String::from)
            .to_vec(),
        ),
        marked: vec![4, 5],
        selected: Some(5),
        scroll: 0,
        why: "why (user): the base's built-in non-root user, so nothing is created".into(),
    }
}

#[test]
fn the_preview_marks_the_steps_lines_selects_one_and_says_why() {
    let buffer = draw(50, 16, |frame, area| draw_preview(frame, &preview(), area));
    insta::assert_snapshot!("preview_50x16", text(&buffer));
    let screen = text(&buffer);
    let row = screen
        .lines()
        .position(|l| l.contains("USER 65532"))
        .expect("the selected line") as u16;
    assert_eq!(buffer[(1, row)].symbol(), "›");
    assert_eq!(buffer[(2, row)].bg, Color::Yellow, "the selected line");
    let marked = screen
        .lines()
        .position(|l| l.contains("# nonroot"))
        .expect("a marked line") as u16;
    assert_eq!(buffer[(1, marked)].symbol(), "▌");
    // No text: the pane says why instead of drawing an old Dockerfile.
    let empty = PreviewModel {
        lines: None,
        ..preview()
    };
    let screen = text(&draw(50, 8, |frame, area| {
        draw_preview(frame, &empty, area)
    }));
    assert!(
        screen.contains("no preview: fix the answers first"),
        "{screen}"
    );
}

fn base(name: &str, fit: Fit, pull: Option<f64>) -> BaseLine {
    BaseLine {
        name: name.into(),
        image: format!("example.test/{}:1", name.to_lowercase().replace(' ', "-")),
        fit,
        recommended: fit == Fit::Fits && pull.is_some_and(|p| p < 1.0),
        reason: match fit {
            Fit::Fits => "a static binary needs nothing from the base".into(),
            Fit::Caveat => "works, but carries a runtime the app does not use".into(),
            Fit::No => "has no shell to run the build's start script".into(),
        },
        caveats: Vec::new(),
        notes: vec!["no shell: use exec-form commands".into()],
        pull_mb: pull,
        disk_mb: pull.map(|p| p * 2.0),
        size: match pull {
            Some(p) => format!("{p:.1} MB pull / {:.1} MB on disk", p * 2.0),
            None => "pull: not published / on disk: not published".into(),
        },
        shell: (fit != Fit::Fits).then(|| "sh".to_string()),
        package_manager: None,
        libc: "none".into(),
        uid: Some(65532),
        nonroot_user: Some("nonroot 65532".into()),
        ca_certs: true,
        probes: if fit == Fit::Fits {
            Vec::new()
        } else {
            vec!["wget".into(), "nc".into()]
        },
        support: None,
        support_ended: false,
        pitfalls: Vec::new(),
        estimate: pull.map(|p| (p + 8.0, 300.0)),
        source: "the image's published manifest".into(),
    }
}

#[test]
fn the_base_table_draws_its_rows_status_and_the_selected_base_in_full() {
    let model = BasesModel {
        rows: vec![
            base("Static", Fit::Fits, Some(0.5)),
            base("Small Linux", Fit::Caveat, Some(3.5)),
            base("Unknown size", Fit::No, None),
        ],
        selected: 1,
        status: "all 3 by size: 1 fit, then 1 with a caveat, then 1 that do not fit".into(),
    };
    let buffer = draw(100, 22, |frame, area| draw_bases(frame, &model, area));
    insta::assert_snapshot!("bases_100x22", text(&buffer));
    let screen = text(&buffer);
    let flat: String = screen.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("only a caveat because: works, but carries"),
        "the selected row's reason: {screen}"
    );
    assert!(
        flat.contains("fits ★"),
        "the recommended base is starred: {screen}"
    );
}

#[test]
fn the_review_draws_findings_or_only_the_diff_while_a_replacement_waits() {
    let form = Form::new(vec![
        Row::choice(
            "action",
            "On Enter",
            vec![("write".into(), "write".into())],
            "write",
        ),
        Row::toggle("options.dockerignore", ".dockerignore", true),
    ]);
    let model = ReviewModel {
        valid: true,
        targets: vec![
            ("/p/Dockerfile".into(), TargetState::Replaced),
            ("/p/.dockerignore".into(), TargetState::Created),
        ],
        fit: Some(FitModel {
            base: "Static".into(),
            fit: Fit::Fits,
            reason: "a static binary needs nothing from the base".into(),
            details: vec!["no shell: use exec-form commands".into()],
        }),
        warnings: vec![Note::new("• no health check", Tone::Warn)],
        diff: Some(DiffModel {
            lines: vec![
                "--- /p/Dockerfile".into(),
                "+++ /p/Dockerfile".into(),
                "-FROM mine:1".into(),
                "+FROM golang:1.25 AS builder".into(),
            ],
            first: 0,
        }),
        confirming: false,
    };
    let summary = draw(70, 24, |frame, area| {
        draw_review(frame, &model, &form, area)
    });
    insta::assert_snapshot!("review_70x24", text(&summary));
    let confirming = ReviewModel {
        confirming: true,
        diff: model.diff.clone().map(|d| DiffModel { first: 2, ..d }),
        ..model
    };
    let screen = text(&draw(70, 16, |frame, area| {
        draw_review(frame, &confirming, &form, area)
    }));
    assert!(
        !screen.contains("Findings") && screen.contains("from line 3 of 4"),
        "{screen}"
    );
    assert!(
        screen.contains("-FROM mine:1") && !screen.contains("--- /p/Dockerfile"),
        "{screen}"
    );
}
