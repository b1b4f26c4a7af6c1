//! The preview pane: the Dockerfile with long lines wrapped (never cut), the current step's lines marked, the
//! selected line kept in view, and the "why" box below, as tall as its sentence.

use ratatui::{
    Frame,
    layout::{Constraint, Layout, Rect},
    text::{Line, Span},
    widgets::{Block, Borders, Paragraph},
};

use crate::wizard::{app::App, preview, theme};

use super::block;

/// Every visual row of the Dockerfile at this width, each with the index of the line it belongs to.
pub fn rows(app: &App<'_>, width: u16) -> Vec<(usize, Line<'static>)> {
    let Some(output) = &app.output else {
        return Vec::new();
    };
    let marked = app.marked_lines();
    output
        .rendered
        .text
        .lines()
        .enumerate()
        .flat_map(|(n, text)| {
            let line = preview::line(text, marked.contains(&n), app.preview.line == Some(n));
            preview::wrap(line, width as usize)
                .into_iter()
                .map(move |row| (n, row))
        })
        .collect()
}

/// The first visual row to show: the row of the scrolled-to line, moved so the selected line is wholly in view,
/// and never so far down that the pane has empty rows below the end.
fn first_row(app: &App<'_>, rows: &[(usize, Line<'static>)], height: usize) -> usize {
    let row_of = |line: usize| rows.iter().position(|(n, _)| *n >= line);
    let mut first = row_of(app.preview.scroll).unwrap_or(rows.len());
    if let Some(selected) = app.preview.line
        && let Some(top) = row_of(selected)
    {
        let bottom = rows
            .iter()
            .rposition(|(n, _)| *n == selected)
            .unwrap_or(top);
        if bottom >= first + height {
            first = (bottom + 1).saturating_sub(height);
        }
        if top < first {
            first = top;
        }
    }
    first.min(rows.len().saturating_sub(height))
}

pub fn draw_preview(frame: &mut Frame<'_>, app: &App<'_>, area: Rect) {
    let step = app.step.title().to_lowercase();
    let outer = block(format!(" Dockerfile · ▌ = {step} "));
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    if app.output.is_none() {
        frame.render_widget(Paragraph::new("no preview: fix the answers first"), inner);
        return;
    }
    let why = preview::wrap_words(&app.why_text(), inner.width as usize);
    // The whole sentence, with a rule above it; only a pane too short for it and a few lines of text cuts it.
    let why_height = (why.len() as u16 + 1).min(inner.height.saturating_sub(3));
    let [text_area, why_area] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(why_height)]).areas(inner);
    let rows = rows(app, text_area.width);
    let height = text_area.height as usize;
    let first = first_row(app, &rows, height);
    let shown: Vec<Line<'static>> = rows
        .into_iter()
        .skip(first)
        .take(height)
        .map(|(_, row)| row)
        .collect();
    frame.render_widget(Paragraph::new(shown), text_area);
    let rule = Block::default()
        .borders(Borders::TOP)
        .border_style(theme::DIM);
    let why_inner = rule.inner(why_area);
    frame.render_widget(rule, why_area);
    let lines: Vec<Line<'static>> = why
        .into_iter()
        .map(|row| Line::from(Span::raw(row)))
        .collect();
    frame.render_widget(Paragraph::new(lines), why_inner);
}
