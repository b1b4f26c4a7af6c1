//! Form rows: label, value, where the value came from, error and hint. The focused text row is the live text
//! area. Rows scroll so the focused one is always on screen.

use ratatui::{
    Frame,
    layout::Rect,
    style::{Modifier, Style},
    text::{Line, Span, Text},
    widgets::{Paragraph, Wrap},
};

use crate::wizard::{
    form::{Form, Row, SourceKind, Widget},
    preview::wrap_words,
    theme,
};

fn source_style(kind: SourceKind) -> Style {
    match kind {
        SourceKind::Detected | SourceKind::AnswersFile => theme::DETECTED,
        SourceKind::Chosen => theme::KEY,
        SourceKind::Default => theme::DIM,
    }
}

/// The value as shown when the row is not being typed into: a choice in ‹ › when focused, an empty text field's
/// fallback in dim.
fn value_spans(row: &Row, focused: bool, width: usize) -> Vec<Span<'static>> {
    let shown = row.display();
    // A long path keeps its end, the part that differs: `…/projects/go-basic/Dockerfile`.
    let count = shown.chars().count();
    let shown = if count > width && width > 1 {
        let tail: String = shown.chars().skip(count - (width - 1)).collect();
        format!("…{tail}")
    } else {
        shown
    };
    match &row.widget {
        Widget::Choice { .. } | Widget::Toggle(_) if focused => {
            vec![Span::styled(format!("‹ {shown} ›"), theme::KEY)]
        }
        Widget::Text { .. } if shown.is_empty() => match &row.fallback {
            Some(f) => vec![Span::styled(f.clone(), theme::DIM)],
            None => Vec::new(),
        },
        _ => vec![Span::raw(shown)],
    }
}

/// One row laid out: its value line and the lines under it (indented), so rows can be measured before drawing.
struct Laid {
    value: Vec<Span<'static>>,
    under: Vec<Line<'static>>,
}

fn lay_out(row: &Row, focused: bool, value_width: usize, width: usize, indent: usize) -> Laid {
    let mut value = value_spans(row, focused, value_width);
    let typing = focused && row.is_text();
    let mut under = Vec::new();
    // An empty field's fallback already says where its value comes from.
    let falls_back = row.fallback.is_some() && row.value().is_empty();
    if let Some(source) = row.source.as_ref().filter(|_| !falls_back) {
        let used: usize = value.iter().map(Span::width).sum();
        let style = source_style(source.kind);
        let full = format!("  ({})", source.full);
        if !typing && used + full.chars().count() <= value_width {
            value.push(Span::styled(full, style));
        } else {
            if !typing {
                value.push(Span::styled(format!("  ({})", source.short), style));
            }
            if focused || typing {
                for text in wrap_words(&format!("↳ {}", source.full), width.saturating_sub(indent))
                {
                    under.push(Line::styled(format!("{:indent$}{text}", ""), style));
                }
            }
        }
    }
    let mut push = |text: String, style: Style| {
        for piece in wrap_words(&text, width.saturating_sub(3)) {
            under.push(Line::styled(format!("   {piece}"), style));
        }
    };
    if let Some(e) = &row.error {
        push(format!("✗ {e}"), theme::ERROR);
    }
    if focused && !row.hint.is_empty() {
        push(row.hint.clone(), theme::DIM);
    }
    Laid { value, under }
}

pub fn draw_form_with(frame: &mut Frame<'_>, form: &Form, area: Rect, extra: Vec<Line<'static>>) {
    let label_width = form
        .rows
        .iter()
        .map(|r| r.label.chars().count())
        .max()
        .unwrap_or(0) as u16
        + 3;
    let label_width = label_width.min(area.width);
    let value_width = area.width.saturating_sub(label_width) as usize;
    let laid: Vec<Laid> = form
        .rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            lay_out(
                row,
                i == form.focus,
                value_width,
                area.width as usize,
                label_width as usize,
            )
        })
        .collect();
    let height = |l: &Laid| 1 + l.under.len();
    // The first row drawn: the top, unless the focused row would be below the bottom.
    let mut first = 0;
    while first < form.focus
        && laid[first..=form.focus.min(laid.len().saturating_sub(1))]
            .iter()
            .map(height)
            .sum::<usize>()
            > area.height as usize
    {
        first += 1;
    }
    let mut y = area.y;
    let bottom = area.y + area.height;
    for (i, (row, laid)) in form.rows.iter().zip(&laid).enumerate().skip(first) {
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
            width: label_width,
            height: 1,
        };
        frame.render_widget(
            Paragraph::new(Span::styled(format!(" {} ", row.label), label_style)),
            label,
        );
        let value_area = Rect {
            x: area.x + label.width,
            y,
            width: value_width as u16,
            height: 1,
        };
        match (&row.widget, focused) {
            (Widget::Text { area: text, .. }, true) => frame.render_widget(&**text, value_area),
            _ => frame.render_widget(Paragraph::new(Line::from(laid.value.clone())), value_area),
        }
        y += 1;
        for line in &laid.under {
            if y >= bottom {
                break;
            }
            frame.render_widget(
                Paragraph::new(line.clone()),
                Rect {
                    x: area.x,
                    y,
                    width: area.width,
                    height: 1,
                },
            );
            y += 1;
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
