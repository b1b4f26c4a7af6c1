//! The wizard driven through its real update and draw functions with ratatui's TestBackend: a snapshot of every
//! screen at three sizes, style assertions for marked and focused cells, and flows fed key by key.

use std::{fs, io, path::Path};

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::{Terminal, backend::TestBackend, buffer::Buffer, style::Color};
use stagecraft::port::Port;
use stagecraft::{
    answers::{Draft, UserMode},
    catalog::Catalog,
    detect::{self, Detection, Evidence},
    dockerfile,
    wizard::{
        App, Exit, Step, press as press_key, run_loop,
        state::{HelpMode, ReviewMode},
        view,
        view_model::PreviewMode,
    },
};

const FIXTURE: &str = "tests/fixtures/projects/go-basic";

fn catalog() -> Catalog {
    // Support dates are read against a fixed day, so the screens stay the same over time.
    stagecraft::eol::fix_today(stagecraft::eol::TEST_TODAY);
    stagecraft::catalog::builtin().expect("catalog")
}

fn app<'c>(catalog: &'c Catalog, dir: &Path) -> App<'c> {
    let detection = detect::detect(dir, None, catalog).expect("detect");
    App::new(catalog, dir.to_path_buf(), detection, None).expect("app")
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn press(app: &mut App<'_>, codes: &[KeyCode]) {
    for code in codes {
        press_key(app, key(*code));
    }
}

fn type_text(app: &mut App<'_>, text: &str) {
    for c in text.chars() {
        press_key(app, key(KeyCode::Char(c)));
    }
}

fn full_screen(app: &App<'_>) -> bool {
    app.preview.mode == PreviewMode::FullScreen
}

fn confirming(app: &App<'_>) -> bool {
    app.review.mode == ReviewMode::ConfirmReplace
}

fn render(app: &mut App<'_>, width: u16, height: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal.draw(|frame| view::draw(frame, app)).expect("draw");
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

/// The cell holding `symbol` on the first screen line that contains `line`.
fn cell_at(buffer: &Buffer, line: &str, symbol: &str) -> (u16, u16) {
    let screen = text(buffer);
    let row = screen
        .lines()
        .position(|l| l.contains(line))
        .unwrap_or_else(|| panic!("no line with `{line}`:\n{screen}")) as u16;
    let x = (0..buffer.area.width)
        .find(|x| buffer[(*x, row)].symbol() == symbol)
        .unwrap_or_else(|| panic!("no `{symbol}` on the line with `{line}`"));
    (x, row)
}

fn go_to(app: &mut App<'_>, step: Step) {
    while app.step != step {
        let before = app.step;
        press(app, &[KeyCode::Enter]);
        assert_ne!(app.step, before, "stuck at {before:?}: {:?}", app.message);
    }
}

#[test]
fn every_screen_at_four_sizes() {
    let catalog = catalog();
    for (width, height) in [(100, 30), (80, 24), (60, 20), (200, 60)] {
        let mut app = app(&catalog, Path::new(FIXTURE));
        for step in Step::ALL {
            go_to(&mut app, step);
            let name = format!(
                "{:02}_{}_{width}x{height}",
                step.number(),
                step.title().replace([' ', '&'], "_")
            );
            insta::assert_snapshot!(name, text(&render(&mut app, width, height)));
        }
    }
}

/// The preview pane's text rows in a drawn screen: `(left, right)` inner columns and the rows above the why box.
fn preview_pane(buffer: &Buffer) -> Option<(u16, u16, Vec<u16>)> {
    let screen = text(buffer);
    let title = screen.lines().position(|l| l.contains("Dockerfile ·"))? as u16;
    let width = buffer.area.width;
    let dockerfile = screen.lines().nth(title as usize)?.find("Dockerfile ·")?;
    let left = screen.lines().nth(title as usize)?[..dockerfile]
        .chars()
        .count() as u16
        - 2;
    let right = (left + 1..width).find(|x| buffer[(*x, title)].symbol() == "┐")?;
    let rows = (title + 1..buffer.area.height)
        .take_while(|y| {
            let first = buffer[(left + 1, *y)].symbol();
            first != "─" && first != "└"
        })
        .collect();
    Some((left + 1, right - 1, rows))
}

/// No preview row is cut: a row that reaches the pane's last column is followed by a continuation row.
fn assert_no_cut_line(buffer: &Buffer, context: &str) {
    let (left, right, rows) = preview_pane(buffer).unwrap_or_else(|| {
        panic!("{context}: no preview pane:\n{}", text(buffer));
    });
    assert!(rows.len() > 2, "{context}: a preview with text rows");
    for pair in rows.windows(2) {
        let (y, next) = (pair[0], pair[1]);
        if buffer[(right, y)].symbol() != " " {
            assert_eq!(
                buffer[(left + 1, next)].symbol(),
                "↪",
                "{context}: row {y} reaches the edge and the next row does not continue it:\n{}",
                text(buffer)
            );
        }
    }
    let last = *rows.last().expect("rows");
    assert_eq!(
        buffer[(right, last)].symbol(),
        " ",
        "{context}: the last row reaches the edge:\n{}",
        text(buffer)
    );
}

#[test]
fn no_preview_line_is_cut_at_any_size_or_step() {
    let catalog = catalog();
    for (width, height) in [(60, 20), (80, 24), (100, 30), (200, 60)] {
        let mut app = app(&catalog, Path::new(FIXTURE));
        for step in Step::ALL {
            go_to(&mut app, step);
            if width >= 100 {
                let beside = render(&mut app, width, height);
                assert_no_cut_line(&beside, &format!("{step:?} {width}x{height}"));
            }
            press(&mut app, &[KeyCode::Char('f')]);
            let full = render(&mut app, width, height);
            assert_no_cut_line(&full, &format!("{step:?} {width}x{height} full screen"));
            assert!(full_screen(&app), "f shows the preview full screen");
            press(&mut app, &[KeyCode::Esc]);
            assert!(!full_screen(&app), "Esc leaves the full-screen preview");
        }
    }
}

#[test]
fn the_full_screen_preview_hides_the_form_and_its_arrows_pick_lines() {
    let catalog = catalog();
    let mut app = app(&catalog, Path::new(FIXTURE));
    go_to(&mut app, Step::User);
    let beside = text(&render(&mut app, 120, 40));
    assert!(beside.contains("Run as"), "{beside}");
    press(&mut app, &[KeyCode::Char('f')]);
    let full = text(&render(&mut app, 120, 40));
    assert!(
        !full.contains("Run as") && full.contains("USER 65532:65532"),
        "{full}"
    );
    let before = app.preview.line;
    press(&mut app, &[KeyCode::Down]);
    assert_eq!(
        app.preview.line,
        before.map(|l| l + 1),
        "↓ selects the next line"
    );
    assert_eq!(app.step, Step::User, "the step is unchanged");
    press(&mut app, &[KeyCode::Char('f')]);
    assert!(!full_screen(&app), "f again returns to the form");
}

#[test]
fn the_why_box_belongs_to_the_current_step_and_shows_the_whole_sentence() {
    let catalog = catalog();
    let mut app = app(&catalog, Path::new(FIXTURE));
    go_to(&mut app, Step::Args);
    let screen = text(&render(&mut app, 100, 30));
    assert!(
        !screen.contains("why (healthcheck)") && screen.contains("why (build args)"),
        "the build-args step shows the health check's reason:\n{screen}"
    );
    // A long reason is shown whole, however narrow the pane: every word of it is on the screen.
    go_to(&mut app, Step::Review);
    press(&mut app, &[KeyCode::Esc, KeyCode::Esc]);
    assert_eq!(app.step, Step::Healthcheck);
    let why = app.why_text();
    for (width, height) in [(100, 30), (200, 60)] {
        let screen = text(&render(&mut app, width, height));
        let flat: String = screen.split_whitespace().collect::<Vec<_>>().join(" ");
        let last_word = why.split_whitespace().last().expect("words");
        assert!(
            flat.contains(last_word),
            "{width}x{height}: `{why}` is cut:\n{screen}"
        );
    }
}

#[test]
fn keys_that_a_text_field_types_are_not_offered_while_typing() {
    let catalog = catalog();
    let mut app = app(&catalog, Path::new(FIXTURE));
    go_to(&mut app, Step::BuildSystem);
    let footer = |app: &mut App<'_>| {
        let screen = text(&render(app, 120, 40));
        screen.lines().last().expect("footer").to_string()
    };
    assert!(footer(&mut app).contains("f preview"));
    while app.form.focused().map(|r| r.id.as_str()) != Some("port") {
        press(&mut app, &[KeyCode::Down]);
    }
    let typing = footer(&mut app);
    assert!(
        !typing.contains("f preview") && !typing.contains("? help"),
        "{typing}"
    );
    press(&mut app, &[KeyCode::Char('f')]);
    assert!(!full_screen(&app), "f is typed into the field");
}

#[test]
fn the_review_footer_says_what_enter_does_there() {
    let catalog = catalog();
    let dir = tempfile::tempdir().expect("tempdir");
    for f in ["go.mod", "main.go"] {
        fs::copy(Path::new(FIXTURE).join(f), dir.path().join(f)).expect("copy");
    }
    let mut app = app(&catalog, dir.path());
    go_to(&mut app, Step::Review);
    for width in [60, 100, 200] {
        let footer = text(&render(&mut app, width, 30));
        let footer = footer.lines().last().expect("footer");
        assert!(
            footer.contains("Enter write") && !footer.contains("Enter next"),
            "{width}: {footer}"
        );
    }
    press(&mut app, &[KeyCode::Right, KeyCode::Right]);
    let footer = text(&render(&mut app, 100, 30));
    assert!(
        footer
            .lines()
            .last()
            .expect("footer")
            .contains("Enter save answers")
    );
    press(&mut app, &[KeyCode::Left, KeyCode::Left]);
    fs::write(dir.path().join("Dockerfile"), "FROM mine:1\n").expect("write");
    press(&mut app, &[KeyCode::Enter]);
    let confirm = text(&render(&mut app, 100, 30));
    assert!(
        confirm
            .lines()
            .last()
            .expect("footer")
            .contains("Enter confirm replace"),
        "{confirm}"
    );
    assert!(
        confirm.lines().any(|l| l.starts_with("│↪")),
        "a long diff line continues on a marked row:\n{confirm}"
    );
}

#[test]
fn every_value_says_where_it_came_from_and_blank_fields_their_fallback() {
    let catalog = catalog();
    let mut app = app(&catalog, Path::new(FIXTURE));
    go_to(&mut app, Step::BuildSystem);
    press(&mut app, &[KeyCode::Down, KeyCode::Down]);
    assert_eq!(app.form.focused().map(|r| r.id.as_str()), Some("version"));
    let wide = text(&render(&mut app, 200, 60));
    assert!(
        wide.contains(
            "↳ go.mod:3: the go directive (a minimum) `1.22`: 1.25 is the lowest supported"
        ) && wide.contains("version offered that satisfies it"),
        "{wide}"
    );
    assert!(
        wide.contains("9000  (main.go:9: from the listen address)"),
        "{wide}"
    );
    assert!(
        wide.contains("/app/hello  (the start command of Go modules)"),
        "{wide}"
    );
    // Narrower, the value keeps a short source and the focused row the whole sentence.
    let narrow = text(&render(&mut app, 80, 24));
    assert!(narrow.contains("‹ 1.25 ›  (go.mod:3)"), "{narrow}");
    assert!(
        narrow.contains("lowest supported version offered that satisfies it"),
        "{narrow}"
    );
    // A value changed here says so.
    press(&mut app, &[KeyCode::Right]);
    let chosen = text(&render(&mut app, 200, 60));
    assert!(chosen.contains("(chosen here)"), "{chosen}");

    go_to(&mut app, Step::Healthcheck);
    let screen = text(&render(&mut app, 100, 30));
    assert!(
        screen.contains("Port          blank = the app's port, 9000"),
        "{screen}"
    );
    assert!(
        screen.contains("‹ TCP port ›  (default)")
            && screen.contains("Interval      30s  (default)"),
        "{screen}"
    );
    press(&mut app, &[KeyCode::Down, KeyCode::Down, KeyCode::Down]);
    type_text(&mut app, "0");
    let changed = text(&render(&mut app, 100, 30));
    assert!(changed.contains("(chosen here)"), "{changed}");
}

#[test]
fn the_base_table_shows_what_fits_and_groups_caveats_below_with_the_reason() {
    let catalog = catalog();
    let mut app = app(&catalog, Path::new(FIXTURE));
    go_to(&mut app, Step::Base);
    assert!(
        app.base_rows()
            .iter()
            .all(|r| r.fit == stagecraft::compat::Fit::Fits),
        "the default view lists only what fits a Go binary"
    );
    let screen = text(&render(&mut app, 100, 30));
    for runtime in ["Python", "PHP", "Node", "Temurin"] {
        assert!(
            !screen.contains(runtime),
            "{runtime} listed as fitting:\n{screen}"
        );
    }
    assert!(screen.contains("pull") && screen.contains("disk") && !screen.contains("MB C/U"));
    press(&mut app, &[KeyCode::Char('a')]);
    let fits: Vec<_> = app.base_rows().iter().map(|r| r.fit).collect();
    assert!(
        fits.is_sorted(),
        "fits, then caveats, then misfits: {fits:?}"
    );
    let python = app
        .base_rows()
        .iter()
        .position(|r| r.id == "python-slim")
        .expect("python-slim in the full view");
    while app.bases.selected < python {
        press(&mut app, &[KeyCode::Down]);
    }
    let screen = text(&render(&mut app, 100, 30));
    let flat: String = screen.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("only a caveat because: works, but carries"),
        "{screen}"
    );
}

#[test]
fn no_base_table_cell_is_cut_at_100_columns() {
    let catalog = catalog();
    let mut app = app(&catalog, Path::new(FIXTURE));
    go_to(&mut app, Step::Base);
    press(&mut app, &[KeyCode::Char('a')]);
    let rows = app.base_rows().len();
    for _ in 0..rows {
        let buffer = render(&mut app, 100, 30);
        let screen = text(&buffer);
        let selected = &app.base_rows()[app.bases.selected];
        let line = screen
            .lines()
            .find(|l| l.contains(&view::abbreviate(selected.name, 18)[..3]))
            .expect("row");
        // Every cell is whole or ends in `…`, and the detail pane has the whole value.
        let cells: Vec<&str> = line.trim_matches('│').split_whitespace().collect();
        assert!(cells.iter().all(|c| !c.is_empty()), "{line}");
        let flat: String = screen.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            flat.contains(&selected.image),
            "full image of {}:\n{screen}",
            selected.id
        );
        let probes = selected.probes.join(", ");
        assert!(probes.is_empty() || flat.contains(&probes), "{screen}");
        press(&mut app, &[KeyCode::Down]);
    }
    let every_probe_cell_whole = app.base_rows().iter().all(|r| {
        let cell = r.probes.join(",");
        cell.len() <= 5 || view::abbreviate(&cell, 5).ends_with('…')
    });
    assert!(every_probe_cell_whole);
}

#[test]
fn help_and_narrow_preview_screens() {
    let catalog = catalog();
    let mut app = app(&catalog, Path::new(FIXTURE));
    go_to(&mut app, Step::Base);
    press(&mut app, &[KeyCode::Char('?')]);
    insta::assert_snapshot!("help_100x30", text(&render(&mut app, 100, 30)));
    press(&mut app, &[KeyCode::Char('x')]);
    assert_eq!(app.help, HelpMode::Hidden, "any key closes help");
    press(&mut app, &[KeyCode::Char('p')]);
    let screen = text(&render(&mut app, 80, 24));
    assert!(
        screen.contains("Dockerfile ·") && !screen.contains("image:tag"),
        "{screen}"
    );
    insta::assert_snapshot!("preview_toggled_80x24", screen);
}

#[test]
fn any_size_from_1x1_renders_without_panic() {
    let catalog = catalog();
    let mut app = app(&catalog, Path::new(FIXTURE));
    for step in Step::ALL {
        go_to(&mut app, step);
        for width in [1, 2, 5, 10, 39, 40, 41, 60, 99, 100, 101, 160] {
            for height in [1, 2, 5, 11, 12, 13, 20, 40] {
                let screen = text(&render(&mut app, width, height));
                if width < 40 || height < 12 {
                    assert!(
                        width < 10 || height < 2 || screen.contains("needs"),
                        "{width}x{height}:\n{screen}"
                    );
                }
            }
        }
    }
}

#[test]
fn the_current_steps_lines_are_marked_and_the_focus_is_visible() {
    let catalog = catalog();
    let mut app = app(&catalog, Path::new(FIXTURE));
    go_to(&mut app, Step::User);
    let buffer = render(&mut app, 140, 40);
    let screen = text(&buffer);
    let (x, row) = cell_at(&buffer, "▌USER 65532:65532", "▌");
    assert_eq!(
        buffer[(x, row)].fg,
        Color::Yellow,
        "the gutter mark is coloured"
    );
    let user_line = screen.lines().find(|l| l.contains("▌USER")).expect("user");
    assert!(user_line.contains("USER 65532:65532"));
    let unmarked = screen
        .lines()
        .position(|l| l.contains(" EXPOSE 9000"))
        .expect("EXPOSE") as u16;
    assert!(
        (0..140).all(|x| buffer[(x, unmarked)].symbol() != "▌"),
        "EXPOSE is not the user step's line"
    );
    let focus_row = screen
        .lines()
        .position(|l| l.contains("Run as"))
        .expect("form row") as u16;
    let fx = (0..140)
        .find(|x| buffer[(*x, focus_row)].symbol() == "R")
        .expect("label");
    assert_eq!(
        buffer[(fx, focus_row)].bg,
        Color::Cyan,
        "the focused row is highlighted"
    );
    assert!(
        screen.contains("why (user):"),
        "the selected line's reason is shown:\n{screen}"
    );
}

#[test]
fn detection_prefills_the_answers_and_marks_them() {
    let catalog = catalog();
    let detection = Detection {
        draft: Draft {
            language: Some("python".into()),
            framework: Some("fastapi".into()),
            port: Port::new(9001),
            ..Draft::default()
        },
        evidence: vec![Evidence {
            field: "port".into(),
            value: "9001".into(),
            file: "app/main.py".into(),
            line: Some(12),
            detail: "the run() call".into(),
        }],
        ..Detection::default()
    };
    let mut app = App::new(
        &catalog,
        Path::new("/nowhere").to_path_buf(),
        detection,
        None,
    )
    .expect("app");
    assert_eq!(app.answers.language, "python");
    assert_eq!(app.answers.port, Port::new(9001));
    assert!(app.answers.command.iter().any(|w| w == "uvicorn"));
    go_to(&mut app, Step::BuildSystem);
    let screen = text(&render(&mut app, 120, 30));
    assert!(
        screen.contains("9001  (app/main.py:12: the run() call)"),
        "{screen}"
    );
}

#[test]
fn an_answers_file_prefills_the_wizard() {
    let catalog = catalog();
    let file = Draft {
        base: Some("alpine".into()),
        port: Port::new(7000),
        ..Draft::default()
    };
    let detection = detect::detect(Path::new(FIXTURE), None, &catalog).expect("detect");
    let app = App::new(&catalog, FIXTURE.into(), detection, Some(file)).expect("app");
    assert_eq!(
        (app.answers.base.as_str(), app.answers.port),
        ("alpine", Port::new(7000))
    );
}

#[test]
fn an_invalid_value_keeps_the_step_and_says_why_next_to_the_field() {
    let catalog = catalog();
    let mut app = app(&catalog, Path::new(FIXTURE));
    go_to(&mut app, Step::BuildSystem);
    while app.form.focused().map(|r| r.id.as_str()) != Some("port") {
        press(&mut app, &[KeyCode::Down]);
    }
    press(
        &mut app,
        &[
            KeyCode::Backspace,
            KeyCode::Backspace,
            KeyCode::Backspace,
            KeyCode::Backspace,
        ],
    );
    type_text(&mut app, "99999");
    press(&mut app, &[KeyCode::Enter]);
    assert_eq!(
        app.step,
        Step::BuildSystem,
        "cannot leave with an invalid port"
    );
    let screen = text(&render(&mut app, 100, 30));
    assert!(screen.contains("✗"), "{screen}");
    // Esc in a text field first undoes the edit, and only then means back.
    press(&mut app, &[KeyCode::Esc]);
    assert_eq!(app.step, Step::BuildSystem);
    assert_eq!(app.form.value("port").as_deref(), Some("9000"));
    press(&mut app, &[KeyCode::Esc]);
    assert_eq!(app.step, Step::Language);
}

#[test]
fn root_needs_an_explicit_choice_and_warns() {
    let catalog = catalog();
    let mut app = app(&catalog, Path::new(FIXTURE));
    go_to(&mut app, Step::User);
    press(&mut app, &[KeyCode::Right, KeyCode::Right]);
    assert_eq!(app.answers.user.mode, UserMode::Root);
    let screen = text(&render(&mut app, 120, 30));
    assert!(screen.contains("running as root"), "{screen}");
    assert!(
        app.output
            .as_ref()
            .expect("output")
            .dockerfile()
            .contains("USER 0:0")
    );
}

#[test]
fn bases_that_do_not_fit_are_refused_with_the_reason() {
    let catalog = catalog();
    let dir = Path::new("tests/fixtures/projects/python-pip-flask");
    let mut app = app(&catalog, dir);
    go_to(&mut app, Step::Base);
    press(&mut app, &[KeyCode::Char('a')]);
    let rows = app.base_rows();
    let scratch = rows
        .iter()
        .position(|r| r.id == "scratch")
        .expect("scratch listed with all bases");
    app.bases.selected = scratch;
    press(&mut app, &[KeyCode::Enter]);
    assert_eq!(app.step, Step::Base);
    assert!(
        app.message.as_deref().is_some_and(|m| m.contains("Python")),
        "{:?}",
        app.message
    );
}

#[test]
fn build_args_are_added_refused_and_deleted() {
    let catalog = catalog();
    let mut app = app(&catalog, Path::new(FIXTURE));
    go_to(&mut app, Step::Args);
    press(&mut app, &[KeyCode::Char('a')]);
    type_text(&mut app, "DB_PASSWORD");
    press(&mut app, &[KeyCode::Enter]);
    assert!(
        app.args.editing().is_some(),
        "a secret-looking name is refused"
    );
    let screen = text(&render(&mut app, 120, 40));
    assert!(screen.contains("--mount=type=secret"), "{screen}");
    for _ in 0..11 {
        press(&mut app, &[KeyCode::Backspace]);
    }
    type_text(&mut app, "APP_VERSION");
    press(&mut app, &[KeyCode::Down]);
    type_text(&mut app, "1.2.3");
    press(&mut app, &[KeyCode::Down, KeyCode::Left]);
    press(&mut app, &[KeyCode::Enter]);
    assert!(app.args.editing().is_none());
    assert_eq!(app.answers.args.len(), 1);
    let dockerfile = app
        .output
        .as_ref()
        .expect("output")
        .dockerfile()
        .to_string();
    assert!(
        dockerfile.starts_with("# syntax") && dockerfile.contains("ARG APP_VERSION=1.2.3\n\n"),
        "global: {dockerfile}"
    );
    press(&mut app, &[KeyCode::Char('d')]);
    assert!(app.answers.args.is_empty());
}

fn scripted(codes: Vec<KeyCode>) -> impl FnMut() -> io::Result<Event> {
    let mut events = codes.into_iter().map(|c| Event::Key(key(c)));
    move || {
        events
            .next()
            .ok_or_else(|| io::Error::other("script ran out"))
    }
}

#[test]
fn enter_through_the_defaults_writes_what_generate_writes() {
    let catalog = catalog();
    let dir = tempfile::tempdir().expect("tempdir");
    for f in ["go.mod", "main.go"] {
        fs::copy(Path::new(FIXTURE).join(f), dir.path().join(f)).expect("copy");
    }
    let mut app = app(&catalog, dir.path());
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    run_loop(&mut terminal, &mut app, scripted(vec![KeyCode::Enter; 7])).expect("loop");
    let Some(Exit::Written(report)) = &app.outcome else {
        panic!("not written: {:?}", app.message)
    };
    assert!(
        report.contains("docker build") && report.contains("--target builder"),
        "{report}"
    );
    let detection = detect::detect(dir.path(), None, &catalog).expect("detect");
    let plan = detection.draft.plan(&catalog).expect("plan");
    let expected = dockerfile::generate(&plan).expect("generate");
    assert_eq!(
        fs::read_to_string(dir.path().join("Dockerfile")).expect("written"),
        expected.dockerfile()
    );
    assert_eq!(
        fs::read_to_string(dir.path().join(".dockerignore")).expect("written"),
        expected.dockerignore
    );
}

#[test]
fn an_existing_dockerfile_is_replaced_only_after_the_diff_and_a_second_enter() {
    let catalog = catalog();
    let dir = tempfile::tempdir().expect("tempdir");
    fs::copy(Path::new(FIXTURE).join("go.mod"), dir.path().join("go.mod")).expect("copy");
    fs::write(dir.path().join("Dockerfile"), "FROM mine:1\n").expect("write");
    let mut app = app(&catalog, dir.path());
    go_to(&mut app, Step::Review);
    press(&mut app, &[KeyCode::Enter]);
    assert!(app.outcome.is_none() && confirming(&app));
    let screen = text(&render(&mut app, 120, 40));
    assert!(
        screen.contains("-FROM mine:1"),
        "the diff is shown:\n{screen}"
    );
    press(&mut app, &[KeyCode::Esc]);
    assert!(!confirming(&app));
    assert_eq!(
        fs::read_to_string(dir.path().join("Dockerfile")).expect("read"),
        "FROM mine:1\n"
    );
    press(&mut app, &[KeyCode::Enter, KeyCode::Enter]);
    assert!(matches!(app.outcome, Some(Exit::Written(_))));
    assert_eq!(
        fs::read_to_string(dir.path().join("Dockerfile.bak")).expect("backup"),
        "FROM mine:1\n"
    );
}

#[test]
fn ctrl_c_cancels_without_writing() {
    let catalog = catalog();
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(&catalog, dir.path());
    go_to(&mut app, Step::Review);
    press_key(
        &mut app,
        KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL),
    );
    assert_eq!(app.outcome, Some(Exit::Cancelled));
    assert!(!dir.path().join("Dockerfile").exists());
}

#[test]
fn changing_the_language_recomputes_the_later_steps() {
    let catalog = catalog();
    let mut app = app(&catalog, Path::new(FIXTURE));
    let go_base = app.answers.base.clone();
    press(&mut app, &[KeyCode::Down, KeyCode::Down]);
    assert_eq!(app.answers.language, "node");
    assert_eq!(app.answers.base, "node-slim");
    assert_ne!(go_base, app.answers.base);
    press(&mut app, &[KeyCode::Up, KeyCode::Up]);
    assert_eq!(app.answers.language, "go");
    assert_eq!(
        app.answers.port,
        Port::new(9000),
        "going back restores the detected answers"
    );
}

#[test]
fn a_workspace_asks_for_the_member_first_and_detects_the_chosen_one() {
    let catalog = catalog();
    let dir = Path::new("tests/fixtures/projects/node-workspace");
    let mut app = app(&catalog, dir);
    assert_eq!(app.step, Step::Member, "a monorepo starts at the member");
    for (width, height) in [(100, 30), (80, 24), (60, 20)] {
        let screen = text(&render(&mut app, width, height));
        assert!(
            screen.contains("Workspace member") && screen.contains("@acme/api"),
            "{screen}"
        );
        insta::assert_snapshot!(format!("00_Workspace_member_{width}x{height}"), screen);
    }
    press(&mut app, &[KeyCode::Down, KeyCode::Enter]);
    assert_eq!(app.step, Step::Language);
    let member = detect::detect(dir, Some("@acme/api"), &catalog).expect("detect member");
    let expected = member.draft.clone().complete(&catalog).expect("answers");
    assert_eq!(app.answers, expected, "the member's own detection is used");
    assert_eq!(
        app.project.detection.evidence, member.evidence,
        "evidence shown is the member's"
    );
    press(&mut app, &[KeyCode::Esc]);
    assert_eq!(app.step, Step::Member, "the member can be revisited");
    press(&mut app, &[KeyCode::Up, KeyCode::Enter]);
    let root = detect::detect(dir, None, &catalog).expect("detect root");
    assert_eq!(app.project.detection.evidence, root.evidence);
}

#[test]
fn a_hand_made_detection_with_members_offers_them_and_keeps_its_draft() {
    let catalog = catalog();
    let detection = Detection {
        draft: Draft {
            language: Some("rust".into()),
            ..Draft::default()
        },
        members: vec![detect::Member {
            name: "server".into(),
            path: "crates/server".into(),
        }],
        ..Detection::default()
    };
    let mut app = App::new(&catalog, FIXTURE.into(), detection, None).expect("app");
    assert_eq!(app.step, Step::Member);
    assert_eq!(app.answers.language, "rust", "the draft pre-fills");
    let screen = text(&render(&mut app, 100, 30));
    assert!(
        screen.contains("server") && screen.contains("crates/server"),
        "{screen}"
    );
    // The fixture has no such member: the wizard says so and stays.
    press(&mut app, &[KeyCode::Down, KeyCode::Enter]);
    assert_eq!(app.step, Step::Member);
    assert!(
        app.message
            .as_deref()
            .is_some_and(|m| m.contains("no workspace member")),
        "{:?}",
        app.message
    );
}

#[test]
fn a_long_diff_scrolls_and_write_elsewhere_asks_for_the_path() {
    let catalog = catalog();
    let dir = tempfile::tempdir().expect("tempdir");
    for f in ["go.mod", "main.go"] {
        fs::copy(Path::new(FIXTURE).join(f), dir.path().join(f)).expect("copy");
    }
    fs::write(dir.path().join("Dockerfile"), "FROM mine:1\n").expect("write");
    let mut app = app(&catalog, dir.path());
    go_to(&mut app, Step::Review);
    press(&mut app, &[KeyCode::Enter]);
    let top = text(&render(&mut app, 100, 30));
    assert!(top.contains("from line 1 of"), "{top}");
    assert!(top.contains("Enter confirm replace"), "footer: {top}");
    press(&mut app, &[KeyCode::Down, KeyCode::Down, KeyCode::Right]);
    let scrolled = text(&render(&mut app, 100, 30));
    assert!(scrolled.contains("from line 3 of"), "{scrolled}");
    assert_eq!(
        app.form.value("action").as_deref(),
        Some("write"),
        "the form is frozen while the diff is up"
    );
    press(&mut app, &[KeyCode::Esc]);
    assert!(!confirming(&app), "Esc keeps the old file");

    // Write elsewhere: the first Enter moves to the path, the second writes there and leaves the old file alone.
    press(&mut app, &[KeyCode::Right]);
    assert_eq!(app.form.value("action").as_deref(), Some("elsewhere"));
    press(&mut app, &[KeyCode::Enter]);
    assert_eq!(app.form.focused().map(|r| r.id.as_str()), Some("path"));
    assert!(app.outcome.is_none());
    let elsewhere = dir.path().join("Dockerfile.new");
    let typed = app.form.value("path").expect("path").len();
    for _ in 0..typed {
        press(&mut app, &[KeyCode::Backspace]);
    }
    type_text(&mut app, &elsewhere.display().to_string());
    press(&mut app, &[KeyCode::Enter]);
    assert!(
        matches!(app.outcome, Some(Exit::Written(_))),
        "{:?}",
        app.message
    );
    assert!(elsewhere.exists());
    assert_eq!(
        fs::read_to_string(dir.path().join("Dockerfile")).expect("read"),
        "FROM mine:1\n"
    );
}

#[test]
fn help_and_footer_list_the_full_screen_preview_at_every_size() {
    let catalog = catalog();
    let mut app = app(&catalog, Path::new(FIXTURE));
    for (width, height) in [(120, 40), (80, 30), (60, 20)] {
        let footer = text(&render(&mut app, width, height));
        let last = footer.lines().last().expect("footer").to_string();
        assert!(last.contains("f preview"), "{width}: {last}");
        press(&mut app, &[KeyCode::Char('?')]);
        let help = text(&render(&mut app, width, height));
        assert!(
            help.contains("Keys on this screen") && help.contains("full-screen preview"),
            "{help}"
        );
        press(&mut app, &[KeyCode::Char('x')]);
    }
}

#[test]
fn the_selected_preview_line_keeps_its_text_readable() {
    let catalog = catalog();
    let mut app = app(&catalog, Path::new(FIXTURE));
    go_to(&mut app, Step::User);
    let buffer = render(&mut app, 140, 40);
    let (x, row) = cell_at(&buffer, "›# nonroot", "#");
    let cell = &buffer[(x, row)];
    assert_ne!(cell.fg, cell.bg, "text and background differ");
    assert_eq!(cell.bg, Color::Yellow, "the selection is marked");
}

#[test]
fn the_review_says_what_enter_will_do_to_each_file() {
    let catalog = catalog();
    let dir = tempfile::tempdir().expect("tempdir");
    fs::copy(Path::new(FIXTURE).join("go.mod"), dir.path().join("go.mod")).expect("copy");
    fs::write(dir.path().join("Dockerfile"), "FROM mine:1\n").expect("write");
    let mut app = app(&catalog, dir.path());
    go_to(&mut app, Step::Review);
    let screen = text(&render(&mut app, 160, 40));
    assert!(screen.contains("Dockerfile exists and differs"), "{screen}");
    assert!(screen.contains(".dockerignore (new)"), "{screen}");
    // Turning the .dockerignore off takes it out of what is written.
    while app.form.focused().map(|r| r.id.as_str()) != Some("options.dockerignore") {
        press(&mut app, &[KeyCode::Down]);
    }
    press(&mut app, &[KeyCode::Right]);
    let screen = text(&render(&mut app, 160, 40));
    assert!(!screen.contains(".dockerignore (new)"), "{screen}");
}

#[test]
fn a_workspace_member_is_chosen_in_the_wizard() {
    let catalog = catalog();
    let dir = Path::new("tests/fixtures/projects/node-workspace");
    let mut app = app(&catalog, dir);
    assert_eq!(app.project.members.len(), 2);
    press(&mut app, &[KeyCode::Enter]);
    assert!(text(&render(&mut app, 120, 30)).contains("Workspace member: the whole repository"));
    press(&mut app, &[KeyCode::Esc, KeyCode::Down, KeyCode::Enter]);
    assert_eq!(app.project.members[app.member - 1].name, "@acme/api");
    assert_eq!(app.answers.port, Port::new(5050));
    assert_eq!(app.answers.command, vec!["node", "packages/api/server.js"]);
    let screen = text(&render(&mut app, 120, 30));
    assert!(screen.contains("@acme/api (packages/api)"), "{screen}");
}

#[test]
fn the_compose_toggle_adds_the_compose_files_to_what_is_written() {
    let catalog = catalog();
    let dir = tempfile::tempdir().expect("tempdir");
    fs::copy(Path::new(FIXTURE).join("go.mod"), dir.path().join("go.mod")).expect("copy");
    let mut app = app(&catalog, dir.path());
    go_to(&mut app, Step::Review);
    let screen = text(&render(&mut app, 160, 40));
    assert!(
        !screen.contains("compose.yaml"),
        "off unless chosen: {screen}"
    );
    while app.form.focused().map(|r| r.id.as_str()) != Some("options.compose") {
        press(&mut app, &[KeyCode::Down]);
    }
    press(&mut app, &[KeyCode::Right]);
    assert!(app.answers.options.compose);
    let screen = text(&render(&mut app, 160, 40));
    assert!(
        screen.contains("compose.yaml (new)") && screen.contains("README.Docker.md (new)"),
        "{screen}"
    );

    // A compose file the project already has is the one shown, as differing, never a second one.
    let dir = tempfile::tempdir().expect("tempdir");
    fs::copy(Path::new(FIXTURE).join("go.mod"), dir.path().join("go.mod")).expect("copy");
    fs::write(dir.path().join("docker-compose.yml"), "services: {}\n").expect("write");
    let mut app = self::app(&catalog, dir.path());
    go_to(&mut app, Step::Review);
    while app.form.focused().map(|r| r.id.as_str()) != Some("options.compose") {
        press(&mut app, &[KeyCode::Down]);
    }
    press(&mut app, &[KeyCode::Right]);
    let screen = text(&render(&mut app, 160, 40));
    assert!(
        screen.contains("docker-compose.yml exists and differs"),
        "{screen}"
    );
    assert!(!screen.contains("compose.yaml (new)"), "{screen}");
}

#[test]
fn a_version_the_catalog_cannot_satisfy_is_said_at_the_version_field() {
    let catalog = catalog();
    let mut app = app(
        &catalog,
        Path::new("tests/fixtures/projects/versions-python-316"),
    );
    go_to(&mut app, Step::BuildSystem);
    while app.form.focused().map(|r| r.id.as_str()) != Some("version") {
        press(&mut app, &[KeyCode::Down]);
    }
    let hint = app
        .form
        .focused()
        .map(|r| r.hint.clone())
        .unwrap_or_default();
    assert!(
        hint.contains("pyproject.toml:5") && hint.contains("Python 3.16 or newer"),
        "{hint}"
    );
    let screen = text(&render(&mut app, 200, 60));
    assert!(screen.contains("pyproject.toml:5"), "{screen}");
}

/// The wizard's fields parse through the same field table as flags and detection: one message per kind of value.
#[test]
fn wizard_fields_parse_like_flags() {
    let catalog = catalog();
    let mut app = app(&catalog, Path::new(FIXTURE));
    go_to(&mut app, Step::Healthcheck);
    press(&mut app, &[KeyCode::Down]);
    type_text(&mut app, "x");
    let screen = text(&render(&mut app, 120, 30));
    assert!(
        screen.contains("`x` is not a port; use 1 to 65535"),
        "{screen}"
    );
    assert_eq!(
        app.answers.healthcheck.port, None,
        "a refused port changes nothing"
    );
    press(&mut app, &[KeyCode::Backspace]);
    type_text(&mut app, "9100");
    assert_eq!(app.answers.healthcheck.port, Port::new(9100));
}
