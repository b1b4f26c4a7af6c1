//! Drawing: a pure function of the view model (and the live forms, whose text fields draw their own cursor).
//! Form on the left, live preview on the right (or alone, full screen, on `f` and on narrow terminals), footer
//! from the keymap. Each widget takes only its part of the model, so it can be drawn from one built by hand.

mod bases;
mod form;
mod preview;
#[cfg(test)]
mod tests;

use ratatui::{
    Frame,
    layout::{Constraint, Layout, Rect},
    style::Style,
    text::{Line, Span},
    widgets::{Block, Borders, Clear, Paragraph, Wrap},
};

use super::{
    action::TargetState,
    form::Form,
    keymap::{self, Footer},
    state::App,
    theme,
    view_model::{
        ArgsModel, Body, Header, LanguageModel, MemberModel, Note, PreviewMode, ReviewModel, Tone,
        ViewModel,
    },
};

pub use bases::{LEGEND, abbreviate, draw_bases};
pub use form::draw_form_with;
pub use preview::{draw_preview, rows as preview_rows};

use bases::fit_cell;

/// Width from which the preview sits beside the form.
pub const WIDE: u16 = 100;

pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;

/// Draw the wizard as its view model says.
pub fn draw(frame: &mut Frame<'_>, app: &App<'_>) {
    render(frame, &app.view, &app.form, app.args.editor());
}

/// Draw a view model: `form` is the step's form, `editor` the arg editor's while it is open.
pub fn render(frame: &mut Frame<'_>, view: &ViewModel, form: &Form, editor: Option<&Form>) {
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
    draw_header(frame, &view.header, header);
    if view.preview_mode == PreviewMode::FullScreen {
        draw_preview(frame, &view.preview, body);
    } else if area.width < WIDE {
        draw_step(frame, view, form, editor, body);
    } else {
        let [left, right] = Layout::horizontal([
            Constraint::Percentage(view.split),
            Constraint::Percentage(100 - view.split),
        ])
        .areas(body);
        draw_step(frame, view, form, editor, left);
        draw_preview(frame, &view.preview, right);
    }
    draw_status(frame, view.status.as_ref(), message);
    draw_footer(frame, &view.footer, footer);
    if let Some(keys) = &view.help {
        draw_help(frame, keys, area);
    }
}

pub(crate) fn style(tone: Tone) -> Style {
    match tone {
        Tone::Plain => Style::new(),
        Tone::Dim => theme::DIM,
        Tone::Ok => theme::OK,
        Tone::Warn => theme::WARN,
        Tone::Error => theme::ERROR,
        Tone::Detected => theme::DETECTED,
    }
}

fn note_line(note: &Note) -> Line<'static> {
    Line::styled(note.text.clone(), style(note.tone))
}

pub fn draw_header(frame: &mut Frame<'_>, header: &Header, area: Rect) {
    let mut spans = vec![
        Span::styled(" stagecraft ", theme::TITLE),
        Span::styled(
            match header.number {
                0 => format!("{} ", header.title),
                n => format!("{n}/{} {} ", header.count, header.title),
            },
            theme::TITLE,
        ),
    ];
    for number in 1..=header.count {
        let style = if number == header.number {
            theme::FOCUS
        } else {
            theme::DIM
        };
        spans.push(Span::raw(" "));
        spans.push(Span::styled(format!("{number}"), style));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The footer: the keys that work here, the least needed left out when they do not fit.
pub fn draw_footer(frame: &mut Frame<'_>, footer: &Footer, area: Rect) {
    let mut spans = Vec::new();
    for (key, what) in keymap::fit(footer, area.width as usize) {
        spans.push(Span::styled(format!(" {key}"), theme::KEY));
        spans.push(Span::styled(format!(" {what} "), theme::DIM));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn draw_status(frame: &mut Frame<'_>, status: Option<&Note>, area: Rect) {
    let line = match status {
        Some(note) => Line::styled(format!(" {}", note.text), style(note.tone)),
        None => Line::raw(""),
    };
    frame.render_widget(Paragraph::new(line), area);
}

pub(crate) fn block(title: String) -> Block<'static> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme::DIM)
        .title(Span::styled(title, theme::TITLE))
}

fn draw_step(
    frame: &mut Frame<'_>,
    view: &ViewModel,
    form: &Form,
    editor: Option<&Form>,
    area: Rect,
) {
    let outer = block(format!(" {} ", view.header.title));
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    match &view.body {
        Body::Empty => {}
        Body::Member(model) => draw_members(frame, model, inner),
        Body::Language(model) => draw_languages(frame, model, inner),
        Body::Bases(model) => draw_bases(frame, model, inner),
        Body::Args(model) => draw_args(frame, model, editor, inner),
        Body::Review(model) => draw_review(frame, model, form, inner),
        Body::Form { notes } => {
            draw_form_with(frame, form, inner, notes.iter().map(note_line).collect())
        }
    }
}

fn draw_members(frame: &mut Frame<'_>, model: &MemberModel, area: Rect) {
    let mut lines = vec![
        Line::raw("This folder is a workspace. Which part goes into the image?"),
        Line::raw(""),
    ];
    for (i, (name, path)) in model.rows.iter().enumerate() {
        let selected = i == model.selected;
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

fn draw_languages(frame: &mut Frame<'_>, model: &LanguageModel, area: Rect) {
    let mut lines = Vec::new();
    if let Some(member) = &model.member {
        lines.push(Line::from(vec![
            Span::styled("Workspace member: ", theme::TITLE),
            Span::styled(member.clone(), theme::KEY),
            Span::styled("  Esc: choose another", theme::DIM),
        ]));
        lines.push(Line::raw(""));
    }
    for (i, language) in model.rows.iter().enumerate() {
        let selected = i == model.selected;
        let marker = if selected { "› " } else { "  " };
        let mut spans = vec![Span::styled(
            format!("{marker}{}", language.name),
            if selected { theme::FOCUS } else { Style::new() },
        )];
        if language.detected {
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
    if let Some(evidence) = &model.evidence {
        lines.push(Line::raw(""));
        lines.push(Line::styled(evidence.clone(), theme::DETECTED));
    }
    for note in &model.notes {
        lines.push(Line::styled(format!("note: {note}"), theme::WARN));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

fn draw_args(frame: &mut Frame<'_>, model: &ArgsModel, editor: Option<&Form>, area: Rect) {
    let [list, editor_area] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(8)]).areas(area);
    let mut lines = Vec::new();
    if model.rows.is_empty() {
        lines.push(Line::styled(
            "No build args. `a` adds one (e.g. APP_VERSION for -ldflags or labels).",
            theme::DIM,
        ));
    }
    for (i, row) in model.rows.iter().enumerate() {
        let style = if Some(i) == model.selected {
            theme::FOCUS
        } else {
            Style::new()
        };
        lines.push(Line::styled(row.clone(), style));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "global: before the first FROM (usable in FROM lines) and re-declared in each stage; builder/runtime: only there. \
         Secrets never go in args: use RUN --mount=type=secret.",
        theme::DIM,
    ));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), list);
    if let (Some(title), Some(form)) = (model.editor, editor) {
        let b = block(title.to_string());
        let inner = b.inner(editor_area);
        frame.render_widget(b, editor_area);
        draw_form_with(frame, form, inner, Vec::new());
    }
}

/// The review: its form, then the findings (what each file becomes, the base's fit, warnings) and the diff of
/// files that differ; while a replacement waits, only the diff.
pub fn draw_review(frame: &mut Frame<'_>, model: &ReviewModel, form: &Form, area: Rect) {
    let [form_area, rest] =
        Layout::vertical([Constraint::Length(7), Constraint::Min(3)]).areas(area);
    draw_form_with(frame, form, form_area, Vec::new());
    let mut lines: Vec<Line<'static>> = Vec::new();
    if !model.confirming {
        lines.push(Line::styled("Findings", theme::TITLE));
        if model.valid {
            lines.push(Line::styled(
                "✓ every answer is valid; Enter writes the files",
                theme::OK,
            ));
        }
        for (path, state) in &model.targets {
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
        if let Some(fit) = &model.fit {
            lines.push(Line::from(vec![
                Span::raw(format!("{}: ", fit.base)),
                fit_cell(fit.fit, false),
                Span::raw(format!(" — {}", fit.reason)),
            ]));
            for detail in &fit.details {
                lines.push(Line::styled(format!("• {detail}"), theme::DIM));
            }
        }
        lines.extend(model.warnings.iter().map(note_line));
    }
    if let Some(diff) = &model.diff {
        if !model.confirming {
            lines.push(Line::raw(""));
        }
        let total = diff.lines.len();
        let first = diff.first.min(total.saturating_sub(1));
        lines.push(Line::styled(
            format!(
                "diff against what is there, from line {} of {total} (PgUp/PgDn scroll)",
                first + 1
            ),
            theme::TITLE,
        ));
        for l in diff.lines.iter().skip(first) {
            let style = if l.starts_with('+') {
                theme::OK
            } else if l.starts_with('-') {
                theme::ERROR
            } else {
                theme::DIM
            };
            // Long diff lines wrap like the preview's, with the continuation mark, so a wrapped part is never
            // read as a line of its own.
            let line = Line::from(vec![Span::raw(""), Span::styled(l.clone(), style)]);
            lines.extend(super::preview::wrap(line, rest.width as usize));
        }
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), rest);
}

/// The help over the screen: the keys of the screen under it, then the wizard's, as the keymap lists them.
pub fn draw_help(frame: &mut Frame<'_>, keys: &[(&'static str, &'static str)], area: Rect) {
    let width = area.width.min(70);
    let height = area.height.min(20);
    let rect = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    let mut lines = vec![Line::styled("Keys on this screen", theme::TITLE)];
    for (key, what) in keys {
        lines.push(Line::from(vec![
            Span::styled(format!("{key:>10}  "), theme::KEY),
            Span::raw(*what),
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
