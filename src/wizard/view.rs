//! Drawing: a pure function of the app state. Form on the left, live preview on the right (or alone, full
//! screen, on `f` and on narrow terminals), footer built from the keymap.

mod bases;
mod form;
mod preview;

use ratatui::{
    Frame,
    layout::{Constraint, Layout, Rect},
    style::Style,
    text::{Line, Span},
    widgets::{Block, Borders, Clear, Paragraph, Wrap},
};

use crate::{
    answers::{HealthMode, UserMode},
    dockerfile::probe_method,
};

use super::{
    app::{App, Step, TargetState},
    keymap, theme,
};

pub use bases::{LEGEND, abbreviate};
pub use preview::rows as preview_rows;

use bases::{draw_bases, fit_cell};
use form::draw_form_with;
use preview::draw_preview;

pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;

pub fn draw(frame: &mut Frame<'_>, app: &App<'_>) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let text = format!(
            "stagecraft needs at least {MIN_WIDTH}x{MIN_HEIGHT}; this terminal is {}x{}",
            area.width, area.height
        );
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
        return;
    }
    let [header, body, message, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(5),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    draw_header(frame, app, header);
    if app.preview.shown {
        draw_preview(frame, app, body);
    } else if app.narrow() {
        draw_step(frame, app, body);
    } else {
        let split = if app.step == Step::Base { 68 } else { 50 };
        let [left, right] = Layout::horizontal([
            Constraint::Percentage(split),
            Constraint::Percentage(100 - split),
        ])
        .areas(body);
        draw_step(frame, app, left);
        draw_preview(frame, app, right);
    }
    draw_message(frame, app, message);
    draw_footer(frame, app, footer);
    if app.help {
        draw_help(frame, app, area);
    }
}

fn draw_header(frame: &mut Frame<'_>, app: &App<'_>, area: Rect) {
    let mut spans = vec![
        Span::styled(" stagecraft ", theme::TITLE),
        Span::styled(
            match app.step.number() {
                0 => format!("{} ", app.step.title()),
                n => format!("{n}/{} {} ", Step::ALL.len(), app.step.title()),
            },
            theme::TITLE,
        ),
    ];
    for step in Step::ALL {
        let style = if step == app.step {
            theme::FOCUS
        } else {
            theme::DIM
        };
        spans.push(Span::raw(" "));
        spans.push(Span::styled(format!("{}", step.number()), style));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn step_keys(app: &App<'_>) -> &'static [(&'static str, &'static str)] {
    if app.preview.shown {
        return &[("↑↓", "line"), ("Esc", "back to the form")];
    }
    match app.step {
        Step::Member | Step::Language => &[("↑↓", "choose")],
        Step::Base if app.bases.show_all => &[("↑↓", "base"), ("s", "sort"), ("a", "only fits")],
        Step::Base => &[("↑↓", "base"), ("s", "sort"), ("a", "show all")],
        Step::Args if app.args.editing.is_some() => {
            &[("↑↓", "field"), ("Enter", "save arg"), ("Esc", "cancel")]
        }
        Step::Args => &[("a", "add"), ("e", "edit"), ("d", "delete")],
        Step::Review if app.review.confirm_overwrite => &[
            ("Enter", "confirm replace"),
            ("Esc", "keep them"),
            ("↑↓", "scroll diff"),
        ],
        _ => &[("↑↓", "field"), ("←→", "change")],
    }
}

/// What Enter does on this screen, for the footer: "next" except on the review, where it acts.
fn enter_does(app: &App<'_>) -> &'static str {
    if app.step != Step::Review {
        return "next";
    }
    match app.form.value("action").as_deref() {
        Some("elsewhere") => "write elsewhere",
        Some("save") => "save answers",
        Some("back") => "back",
        Some("quit") => "quit",
        _ => "write",
    }
}

/// Whether keys now go into a text field.
fn typing(app: &App<'_>) -> bool {
    let text = |form: &super::form::Form| form.focused().is_some_and(super::form::Row::is_text);
    if app.preview.shown || app.help {
        return false;
    }
    match app.step {
        Step::Args => app.args.editing.as_ref().is_some_and(|(_, f)| text(f)),
        Step::Review if app.review.confirm_overwrite => false,
        Step::BuildSystem | Step::User | Step::Healthcheck | Step::Review => text(&app.form),
        _ => false,
    }
}

fn draw_footer(frame: &mut Frame<'_>, app: &App<'_>, area: Rect) {
    let mut spans = Vec::new();
    let own = step_keys(app);
    let mut entries = keymap::footer(own, enter_does(app));
    // In a text field `f` and `?` are typed, so the footer does not offer them there.
    if typing(app) {
        entries.retain(|(key, _)| !matches!(*key, "f" | "?"));
    }
    for (key, what) in keymap::fit(entries, own.len(), area.width as usize) {
        spans.push(Span::styled(format!(" {key}"), theme::KEY));
        spans.push(Span::styled(format!(" {what} "), theme::DIM));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn draw_message(frame: &mut Frame<'_>, app: &App<'_>, area: Rect) {
    let line = match &app.message {
        Some(m) => Line::styled(format!(" {m}"), theme::WARN),
        None => match app.errors.first() {
            Some(e) => Line::styled(format!(" {}: {}", e.field, e.message), theme::ERROR),
            None => Line::raw(""),
        },
    };
    frame.render_widget(Paragraph::new(line), area);
}

pub(crate) fn block(title: String) -> Block<'static> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme::DIM)
        .title(Span::styled(title, theme::TITLE))
}

fn draw_step(frame: &mut Frame<'_>, app: &App<'_>, area: Rect) {
    let outer = block(format!(" {} ", app.step.title()));
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    match app.step {
        Step::Member => draw_members(frame, app, inner),
        Step::Language => draw_languages(frame, app, inner),
        Step::Base => draw_bases(frame, app, inner),
        Step::Args => draw_args(frame, app, inner),
        Step::Review => draw_review(frame, app, inner),
        Step::User => {
            let extra = user_notes(app);
            draw_form_with(frame, &app.form, inner, extra);
        }
        Step::Healthcheck => {
            let extra = health_notes(app);
            draw_form_with(frame, &app.form, inner, extra);
        }
        Step::BuildSystem => draw_form_with(frame, &app.form, inner, Vec::new()),
    }
}

fn draw_members(frame: &mut Frame<'_>, app: &App<'_>, area: Rect) {
    let mut lines = vec![
        Line::raw("This folder is a workspace. Which part goes into the image?"),
        Line::raw(""),
    ];
    let whole = std::iter::once(("whole repository".to_string(), ".".to_string()));
    let members = app.members.iter().map(|m| (m.name.clone(), m.path.clone()));
    for (i, (name, path)) in whole.chain(members).enumerate() {
        let selected = i == app.member;
        let marker = if selected { "› " } else { "  " };
        lines.push(Line::from(vec![
            Span::styled(
                format!("{marker}{name}"),
                if selected { theme::FOCUS } else { Style::new() },
            ),
            Span::styled(format!("  {path}"), theme::DIM),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "The image is built from the whole repository (one lockfile, one context); a member only decides what is \
         built and run. Enter detects it and goes on.",
        theme::DIM,
    ));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

fn draw_languages(frame: &mut Frame<'_>, app: &App<'_>, area: Rect) {
    let detected = app.detection.draft.language.as_deref();
    let mut lines = Vec::new();
    if !app.members.is_empty() {
        let current = app.member.checked_sub(1).and_then(|i| app.members.get(i));
        let label = current.map_or("the whole repository".to_string(), |m| {
            format!("{} ({})", m.name, m.path)
        });
        lines.push(Line::from(vec![
            Span::styled("Workspace member: ", theme::TITLE),
            Span::styled(label, theme::KEY),
            Span::styled("  Esc: choose another", theme::DIM),
        ]));
        lines.push(Line::raw(""));
    }
    for (i, language) in app.catalog.languages.iter().enumerate() {
        let selected = i == app.language;
        let marker = if selected { "› " } else { "  " };
        let mut spans = vec![Span::styled(
            format!("{marker}{}", language.name),
            if selected { theme::FOCUS } else { Style::new() },
        )];
        if detected == Some(language.id.as_str()) {
            spans.push(Span::styled(" (detected)", theme::DETECTED));
        }
        lines.push(Line::from(spans));
        if selected {
            lines.push(Line::styled(
                format!("    {}", language.description),
                theme::DIM,
            ));
        }
    }
    if let Some(e) = app.detection.evidence_for("language") {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            format!("detected from {}: {}", e.file, e.detail),
            theme::DETECTED,
        ));
    }
    for note in &app.detection.undecided {
        lines.push(Line::styled(format!("note: {note}"), theme::WARN));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

fn user_notes(app: &App<'_>) -> Vec<Line<'static>> {
    let base = app.catalog.base(&app.answers.base);
    let name = base.map_or(String::new(), |b| b.name.clone());
    match app.answers.user.mode {
        UserMode::Root => vec![Line::styled(
            "⚠ running as root: a process that escapes the container starts as root on the host's kernel. Choose this only when the app truly needs it.",
            theme::ERROR,
        )],
        UserMode::Builtin => vec![Line::styled(
            format!("{name} already has this user; nothing is created."),
            theme::OK,
        )],
        UserMode::Create => match base.map(|b| b.user_tools) {
            Some(crate::catalog::UserTools::None) => vec![Line::styled(
                format!(
                    "{name} has no /etc/passwd or user tools: the user is numeric (USER uid:gid), which needs no entry."
                ),
                theme::DIM,
            )],
            Some(crate::catalog::UserTools::Busybox) => {
                vec![Line::styled(
                    "created with busybox addgroup -S / adduser -S (Alpine syntax)",
                    theme::DIM,
                )]
            }
            _ => vec![Line::styled(
                "created with groupadd / useradd --no-log-init (Debian syntax)",
                theme::DIM,
            )],
        },
    }
}

fn health_notes(app: &App<'_>) -> Vec<Line<'static>> {
    let Some(base) = app.catalog.base(&app.answers.base) else {
        return Vec::new();
    };
    let (_, reason) = probe_method(&app.answers, base);
    let style = if app.answers.healthcheck.mode == HealthMode::None {
        theme::WARN
    } else {
        theme::OK
    };
    vec![Line::styled(format!("probe: {reason}"), style)]
}

fn draw_args(frame: &mut Frame<'_>, app: &App<'_>, area: Rect) {
    let [list, editor] = Layout::vertical([Constraint::Min(3), Constraint::Length(8)]).areas(area);
    let mut lines = Vec::new();
    if app.answers.args.is_empty() {
        lines.push(Line::styled(
            "No build args. `a` adds one (e.g. APP_VERSION for -ldflags or labels).",
            theme::DIM,
        ));
    }
    for (i, arg) in app.answers.args.iter().enumerate() {
        let style = if i == app.args.selected && app.args.editing.is_none() {
            theme::FOCUS
        } else {
            Style::new()
        };
        lines.push(Line::styled(
            format!(" {}={}  [{}]", arg.name, arg.default, arg.scope.label()),
            style,
        ));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "global: before the first FROM (usable in FROM lines) and re-declared in each stage; builder/runtime: only there. \
         Secrets never go in args: use RUN --mount=type=secret.",
        theme::DIM,
    ));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), list);
    if let Some((index, form)) = &app.args.editing {
        let title = if index.is_some() {
            " Edit build arg "
        } else {
            " New build arg "
        };
        let b = block(title.to_string());
        let inner = b.inner(editor);
        frame.render_widget(b, editor);
        draw_form_with(frame, form, inner, Vec::new());
    }
}

fn draw_review(frame: &mut Frame<'_>, app: &App<'_>, area: Rect) {
    let [form_area, rest] =
        Layout::vertical([Constraint::Length(7), Constraint::Min(3)]).areas(area);
    draw_form_with(frame, &app.form, form_area, Vec::new());
    let mut lines: Vec<Line<'static>> = Vec::new();
    // While a replacement waits for confirmation only the diff is shown: it is what Enter would do.
    if !app.review.confirm_overwrite {
        lines.push(Line::styled("Findings", theme::TITLE));
        if app.errors.is_empty() {
            lines.push(Line::styled(
                "✓ every answer is valid; Enter writes the files",
                theme::OK,
            ));
        }
        for (path, state) in &app.review.targets {
            let path = path.display();
            lines.push(match state {
                TargetState::Created => Line::styled(format!("• writes {path} (new)"), theme::DIM),
                TargetState::Unchanged => {
                    Line::styled(format!("• {path} already has exactly this"), theme::DIM)
                }
                TargetState::Replaced => Line::styled(
                    format!("• {path} exists and differs: Enter shows the diff first; a replaced file is kept as .bak"),
                    theme::WARN,
                ),
            });
        }
        if let Ok(build) = crate::plan::effective_build(app.catalog, &app.answers)
            && let Some(base) = app.catalog.base(&app.answers.base)
        {
            let v = crate::compat::check(app.catalog, &build, &app.answers.version, base);
            lines.push(Line::from(vec![
                Span::raw(format!("{}: ", base.name)),
                fit_cell(v.fit, false),
                Span::raw(format!(" — {}", v.reason)),
            ]));
            for c in v.caveats.iter().chain(v.notes.iter()) {
                lines.push(Line::styled(format!("• {c}"), theme::DIM));
            }
        }
        if app.answers.user.mode == UserMode::Root {
            lines.push(Line::styled(
                "• runs as root (chosen explicitly)",
                theme::ERROR,
            ));
        }
        if app.answers.healthcheck.mode == HealthMode::None {
            lines.push(Line::styled("• no health check", theme::WARN));
        }
        for note in &app.detection.undecided {
            lines.push(Line::styled(format!("• {note}"), theme::WARN));
        }
    }
    if let Some(diff) = &app.review.diff {
        if !app.review.confirm_overwrite {
            lines.push(Line::raw(""));
        }
        let total = diff.lines().count();
        let first = app.review.diff_scroll.min(total.saturating_sub(1));
        lines.push(Line::styled(
            format!(
                "diff against what is there, from line {} of {total} (PgUp/PgDn scroll)",
                first + 1
            ),
            theme::TITLE,
        ));
        for l in diff.lines().skip(first) {
            let style = if l.starts_with('+') {
                theme::OK
            } else if l.starts_with('-') {
                theme::ERROR
            } else {
                theme::DIM
            };
            // Long diff lines wrap like the preview's, with the continuation mark, so a wrapped part is never
            // read as a line of its own.
            let line = Line::from(vec![Span::raw(""), Span::styled(l.to_string(), style)]);
            lines.extend(crate::wizard::preview::wrap(line, rest.width as usize));
        }
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), rest);
}

fn draw_help(frame: &mut Frame<'_>, app: &App<'_>, area: Rect) {
    let width = area.width.min(70);
    let height = area.height.min(20);
    let rect = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    let mut lines = vec![Line::styled("Keys on this screen", theme::TITLE)];
    for (key, what) in step_keys(app) {
        lines.push(Line::from(vec![
            Span::styled(format!("{key:>10}  "), theme::KEY),
            Span::raw(*what),
        ]));
    }
    for b in keymap::BINDINGS.iter().filter(|b| !b.label.is_empty()) {
        lines.push(Line::from(vec![
            Span::styled(format!("{:>10}  ", b.label), theme::KEY),
            Span::raw(b.help),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "The builder stage has the whole toolchain and is thrown away; the runtime stage gets only the build output, so the image is a fraction of the size. Press any key.",
        theme::DIM,
    ));
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block(" Help ".into())),
        rect,
    );
}
