//! The preview pane: the Dockerfile with long lines wrapped (never cut), the current step's lines marked, the
//! selected line kept in view, and the "why" box below, as tall as its sentence.

use ratatui::{
    Frame,
    layout::{Constraint, Layout, Rect},
    text::{Line, Span},
    widgets::{Block, Borders, Paragraph},
};

use crate::wizard::{preview, theme, view_model::PreviewModel};

use super::block;

/// Every visual row of the Dockerfile at this width, each with the index of the line it belongs to.
pub fn rows(model: &PreviewModel, width: u16) -> Vec<(usize, Line<'static>)> {
    let Some(lines) = &model.lines else {
        return Vec::new();
    };
    lines
        .iter()
        .enumerate()
        .flat_map(|(n, text)| {
            let line = preview::line(text, model.marked.contains(&n), model.selected == Some(n));
            preview::wrap(line, width as usize)
                .into_iter()
                .map(move |row| (n, row))
        })
        .collect()
}

/// The first visual row to show: the row of the scrolled-to line, moved so the selected line is wholly in view,
/// and never so far down that the pane has empty rows below the end.
fn first_row(model: &PreviewModel, rows: &[(usize, Line<'static>)], height: usize) -> usize {
    let row_of = |line: usize| rows.iter().position(|(n, _)| *n >= line);
    let mut first = row_of(model.scroll).unwrap_or(rows.len());
    if let Some(selected) = model.selected
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

/// The Dockerfile with the step's lines marked, the selected line in view, and its reason below.
pub fn draw_preview(frame: &mut Frame<'_>, model: &PreviewModel, area: Rect) {
    let outer = block(format!(" Dockerfile · ▌ = {} ", model.step));
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    if model.lines.is_none() {
        frame.render_widget(Paragraph::new("no preview: fix the answers first"), inner);
        return;
    }
    let why = preview::wrap_words(&model.why, inner.width as usize);
    // The whole sentence, with a rule above it; only a pane too short for it and a few lines of text cuts it.
    let why_height = (why.len() as u16 + 1).min(inner.height.saturating_sub(3));
    let [text_area, why_area] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(why_height)]).areas(inner);
    let rows = rows(model, text_area.width);
    let height = text_area.height as usize;
    let first = first_row(model, &rows, height);
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
