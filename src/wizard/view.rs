//! Drawing: a pure function of the app state. Form on the left, live preview on the right (or toggled on
//! narrow terminals), footer built from the keymap.

use ratatui::{
    Frame,
    layout::{Constraint, Layout, Rect},
    style::{Modifier, Style},
    text::{Line, Span, Text},
    widgets::{Block, Borders, Cell, Clear, Paragraph, Row as TableRow, Table, Wrap},
};

use crate::{
    answers::{HealthMode, UserMode},
    compare,
    compat::Fit,
    dockerfile::probe_method,
};

use super::{
    app::{App, Step, TargetState},
    form::{Form, Widget},
    keymap, preview, theme,
};

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
    if app.narrow() {
        if app.preview.shown {
            draw_preview(frame, app, body);
        } else {
            draw_step(frame, app, body);
        }
    } else {
        let split = if app.step == Step::Base { 75 } else { 50 };
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
    match app.step {
        Step::Member | Step::Language => &[("↑↓", "choose")],
        Step::Base => &[("↑↓", "base"), ("s", "sort"), ("a", "all/fitting")],
        Step::Args if app.args.editing.is_some() => {
            &[("↑↓", "field"), ("Enter", "save arg"), ("Esc", "cancel")]
        }
        Step::Args => &[("a", "add"), ("e", "edit"), ("d", "delete")],
        Step::Review if app.review.confirm_overwrite => &[
            ("Enter", "replace (old kept as .bak)"),
            ("Esc", "keep them"),
            ("↑↓", "scroll diff"),
        ],
        _ => &[("↑↓", "field"), ("←→", "change")],
    }
}

fn draw_footer(frame: &mut Frame<'_>, app: &App<'_>, area: Rect) {
    let mut spans = Vec::new();
    let own = step_keys(app);
    let entries = keymap::footer(own, app.narrow());
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

fn block(title: String) -> Block<'static> {
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

/// Form rows: label, value (the focused text row is the live text area), "(detected)", error and hint lines.
fn draw_form_with(frame: &mut Frame<'_>, form: &Form, area: Rect, extra: Vec<Line<'static>>) {
    let label_width = form
        .rows
        .iter()
        .map(|r| r.label.chars().count())
        .max()
        .unwrap_or(0) as u16
        + 3;
    let mut y = area.y;
    let bottom = area.y + area.height;
    for (i, row) in form.rows.iter().enumerate() {
        if y >= bottom {
            break;
        }
        let focused = i == form.focus;
        let label_style = if focused {
            theme::FOCUS
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        };
        let label = Rect {
            x: area.x,
            y,
            width: label_width.min(area.width),
            height: 1,
        };
        frame.render_widget(
            Paragraph::new(Span::styled(format!(" {} ", row.label), label_style)),
            label,
        );
        let value_area = Rect {
            x: area.x + label.width,
            y,
            width: area.width.saturating_sub(label.width),
            height: 1,
        };
        match (&row.widget, focused) {
            (Widget::Text { area: text, .. }, true) => frame.render_widget(&**text, value_area),
            (Widget::Choice { .. }, true) | (Widget::Toggle(_), true) => {
                let mut spans = vec![Span::styled(format!("‹ {} ›", row.display()), theme::KEY)];
                if let Some(d) = &row.detected {
                    spans.push(Span::styled(format!(" (detected: {d})"), theme::DETECTED));
                }
                frame.render_widget(Paragraph::new(Line::from(spans)), value_area);
            }
            _ => {
                let mut spans = vec![Span::raw(row.display())];
                if let Some(d) = &row.detected {
                    spans.push(Span::styled(format!(" (detected: {d})"), theme::DETECTED));
                }
                frame.render_widget(Paragraph::new(Line::from(spans)), value_area);
            }
        }
        y += 1;
        let mut under: Vec<Line<'static>> = Vec::new();
        if let Some(e) = &row.error {
            under.push(Line::styled(format!("   ✗ {e}"), theme::ERROR));
        }
        if focused && !row.hint.is_empty() {
            under.push(Line::styled(format!("   {}", row.hint), theme::DIM));
        }
        for line in under {
            if y >= bottom {
                break;
            }
            let height = (line.width() as u16 / area.width.max(1) + 1).min(bottom - y);
            frame.render_widget(
                Paragraph::new(line).wrap(Wrap { trim: false }),
                Rect {
                    x: area.x,
                    y,
                    width: area.width,
                    height,
                },
            );
            y += height;
        }
    }
    if y + 1 < bottom && !extra.is_empty() {
        let rest = Rect {
            x: area.x,
            y: y + 1,
            width: area.width,
            height: bottom - y - 1,
        };
        frame.render_widget(
            Paragraph::new(Text::from(extra)).wrap(Wrap { trim: false }),
            rest,
        );
    }
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

fn fit_cell(fit: Fit, recommended: bool) -> Span<'static> {
    let (text, style) = match fit {
        Fit::Fits => ("fits", theme::OK),
        Fit::Caveat => ("caveat", theme::WARN),
        Fit::No => ("no", theme::ERROR),
    };
    Span::styled(
        if recommended {
            format!("{text} ★")
        } else {
            text.to_string()
        },
        style,
    )
}

fn draw_bases(frame: &mut Frame<'_>, app: &App<'_>, area: Rect) {
    let rows = app.base_rows();
    let [table_area, details] =
        Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(area);
    let header = TableRow::new([
        "image:tag",
        "MB C/U",
        "sh",
        "pkg",
        "libc",
        "user",
        "CA",
        "probe",
        "fit",
    ])
    .style(Style::new().add_modifier(Modifier::BOLD));
    let visible = table_area.height.saturating_sub(1) as usize;
    let offset = app.bases.selected.saturating_sub(visible.saturating_sub(1));
    let body: Vec<TableRow<'_>> = rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(visible)
        .map(|(i, r)| {
            let style = if i == app.bases.selected {
                theme::FOCUS
            } else {
                Style::new()
            };
            TableRow::new(vec![
                Cell::from(short_image(&r.image)),
                Cell::from(format!(
                    "{}/{}",
                    compare::mb(r.size_compressed_mb),
                    compare::mb(r.size_uncompressed_mb)
                )),
                Cell::from(r.shell.unwrap_or("-").to_string()),
                Cell::from(r.package_manager.unwrap_or("-").to_string()),
                Cell::from(r.libc),
                Cell::from(
                    r.base
                        .nonroot_user
                        .as_ref()
                        .map_or("-".to_string(), |u| u.uid.to_string()),
                ),
                Cell::from(if r.ca_certs { "yes" } else { "no" }),
                Cell::from(if r.probes.is_empty() {
                    "-".to_string()
                } else {
                    r.probes.join(",")
                }),
                Cell::from(fit_cell(r.fit, r.recommended)),
            ])
            .style(style)
        })
        .collect();
    let widths = [
        Constraint::Fill(1),
        Constraint::Length(8),
        Constraint::Length(4),
        Constraint::Length(3),
        Constraint::Length(5),
        Constraint::Length(5),
        Constraint::Length(3),
        Constraint::Length(6),
        Constraint::Length(8),
    ];
    frame.render_widget(
        Table::new(body, widths).header(header).column_spacing(1),
        table_area,
    );
    let mut lines = Vec::new();
    if let Some(r) = rows.get(app.bases.selected) {
        lines.push(Line::from(vec![
            Span::styled(r.image.clone(), theme::TITLE),
            Span::raw(" — "),
            fit_cell(r.fit, r.recommended),
            Span::styled(
                if r.recommended {
                    " recommended for this app"
                } else {
                    ""
                },
                theme::OK,
            ),
        ]));
        lines.push(Line::raw(format!("why: {}", r.reason)));
        for c in &r.caveats {
            lines.push(Line::styled(format!("caveat: {c}"), theme::WARN));
        }
        for n in &r.notes {
            lines.push(Line::styled(format!("note: {n}"), theme::DIM));
        }
        if let Some(support) = &r.support {
            let style = if r.support_ended {
                theme::WARN
            } else {
                theme::DIM
            };
            lines.push(Line::styled(format!("support: {support}"), style));
        }
        for p in &r.pitfalls {
            lines.push(Line::styled(format!("pitfall: {p}"), theme::DIM));
        }
        if let (Some(final_mb), Some(single)) = (r.estimate_final_mb, r.estimate_single_stage_mb) {
            lines.push(Line::styled(
                format!(
                    "estimate: final image ~{} MB vs ~{} MB single-stage on the builder ({:.0}x smaller)",
                    compare::mb(Some(final_mb)),
                    compare::mb(Some(single)),
                    single / final_mb.max(0.1)
                ),
                theme::OK,
            ));
        }
        lines.push(Line::styled(format!("source: {}", r.source), theme::DIM));
    }
    let sort = if app.bases.by_size { "size" } else { "name" };
    let shown = if app.bases.show_unfit {
        "all bases"
    } else {
        "fitting bases"
    };
    lines.push(Line::styled(
        format!("sorted by {sort}; showing {shown}"),
        theme::DIM,
    ));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), details);
}

/// `image:tag` without the registry host, which the table has no room for (the details show the full name).
fn short_image(image: &str) -> String {
    match image.split_once('/') {
        Some((host, rest)) if host.contains('.') => rest.to_string(),
        _ => image.to_string(),
    }
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
            let v = crate::compat::check(&build, &app.answers.version, base);
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
            lines.push(Line::styled(l.to_string(), style));
        }
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), rest);
}

fn draw_preview(frame: &mut Frame<'_>, app: &App<'_>, area: Rect) {
    let title = format!(" Dockerfile · ▌ = {} ", app.step.title().to_lowercase());
    let outer = block(title);
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    let Some(output) = &app.output else {
        frame.render_widget(Paragraph::new("no preview: fix the answers first"), inner);
        return;
    };
    let why_height = 3.min(inner.height / 3);
    let [text_area, why_area] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(why_height)]).areas(inner);
    let marked = app.marked_lines();
    let lines: Vec<Line<'static>> = output
        .rendered
        .text
        .lines()
        .enumerate()
        .skip(app.preview.scroll)
        .take(text_area.height as usize)
        .map(|(n, text)| preview::line(text, marked.contains(&n), n == app.preview.line))
        .collect();
    frame.render_widget(Paragraph::new(lines), text_area);
    let why = match app.selected_why() {
        Some((origin, why)) if !why.is_empty() => format!("why ({}): {why}", origin.label()),
        _ => "[ ] select a line to see why it is there".to_string(),
    };
    frame.render_widget(
        Paragraph::new(Line::styled(why, theme::DIM)).wrap(Wrap { trim: true }),
        why_area,
    );
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
    for b in keymap::BINDINGS
        .iter()
        .filter(|b| !b.label.is_empty() && keymap::applies(b, app.narrow()))
    {
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
