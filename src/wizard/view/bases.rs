//! The runtime-base table: what fits first, caveats and misfits behind `a` (grouped below, each with its
//! reason in the detail pane), full column headers, and cells abbreviated with `…` (never cut) whose full
//! values the detail pane shows.

use ratatui::{
    Frame,
    layout::{Constraint, Layout, Rect},
    style::{Modifier, Style},
    text::{Line, Span},
    widgets::{Cell, Paragraph, Row as TableRow, Table, Wrap},
};

use crate::{
    compare,
    compat::Fit,
    wizard::{
        theme,
        view_model::{BaseLine, BasesModel},
    },
};

pub fn fit_cell(fit: Fit, recommended: bool) -> Span<'static> {
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

/// `text` if it fits in `width` columns, else its start and `…`.
pub fn abbreviate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut out: String = text.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Below this width the table leaves out the package-manager, user and CA columns (the detail pane has them), so
/// the names stay readable.
const NARROW: u16 = 80;
const NARROW_DROPS: [usize; 3] = [4, 6, 7];
/// From this much room for names on, the image gets its own column and names get `NAME` columns.
const WIDE_NAME: u16 = 60;
const NAME: u16 = 26;

/// Column headers and widths; the first column takes what is left.
const COLUMNS: [(&str, u16); 10] = [
    ("base", 0),
    ("pull", 5),
    ("disk", 5),
    ("shell", 5),
    ("pkg", 3),
    ("libc", 5),
    ("user", 5),
    ("CA", 3),
    ("probe", 5),
    ("fit", 6),
];

pub const LEGEND: &str = "pull/disk: MB compressed/unpacked, as published (— none) · user: built-in non-root uid · \
     CA: CA certificates · probe: tools a health check can use";
/// The legend for a narrow table, which has no user and CA columns.
const NARROW_LEGEND: &str = "pull/disk: MB compressed/unpacked, as published (— none) · probe: tools a health check can use";

fn cells(r: &BaseLine, name_width: usize) -> Vec<Cell<'static>> {
    let fixed = |i: usize, text: String| Cell::from(abbreviate(&text, COLUMNS[i].1 as usize));
    let size = |v: Option<f64>| v.map_or("—".to_string(), |v| compare::mb(Some(v)));
    vec![
        Cell::from(abbreviate(&r.name, name_width)),
        fixed(1, size(r.pull_mb)),
        fixed(2, size(r.disk_mb)),
        fixed(3, r.shell.as_deref().unwrap_or("-").to_string()),
        fixed(4, r.package_manager.as_deref().unwrap_or("-").to_string()),
        fixed(5, r.libc.clone()),
        fixed(6, r.uid.map_or("-".to_string(), |uid| uid.to_string())),
        fixed(7, if r.ca_certs { "yes" } else { "no" }.to_string()),
        fixed(
            8,
            if r.probes.is_empty() {
                "-".to_string()
            } else {
                r.probes.join(",")
            },
        ),
        Cell::from(fit_cell(r.fit, r.recommended)),
    ]
}

/// The base table, its status and legend, and the selected base in full below.
pub fn draw_bases(frame: &mut Frame<'_>, model: &BasesModel, area: Rect) {
    let rows = &model.rows;
    let width = area.width as usize;
    let mut status = crate::wizard::preview::wrap_words(&model.status, width);
    let legend = if area.width >= NARROW {
        LEGEND
    } else {
        NARROW_LEGEND
    };
    status.extend(crate::wizard::preview::wrap_words(legend, width));
    let [table_area, status_area, details] = Layout::vertical([
        Constraint::Percentage(50),
        Constraint::Length(status.len() as u16),
        Constraint::Min(0),
    ])
    .areas(area);
    let keep = |i: &usize| area.width >= NARROW || !NARROW_DROPS.contains(i);
    let columns: Vec<(usize, (&str, u16))> = COLUMNS
        .into_iter()
        .enumerate()
        .filter(|(i, _)| keep(i))
        .collect();
    let fixed: u16 = columns.iter().map(|(_, c)| c.1).sum::<u16>() + columns.len() as u16 - 1;
    let mut name_width = area.width.saturating_sub(fixed).max(4);
    // Wide enough: the image and tag get a column of their own beside the name.
    let image_width = (name_width >= WIDE_NAME).then(|| {
        let image = name_width - NAME - 1;
        name_width = NAME;
        image
    });
    let mut headers: Vec<&str> = columns.iter().map(|(_, c)| c.0).collect();
    if image_width.is_some() {
        headers.insert(1, "image");
    }
    let header = TableRow::new(headers).style(Style::new().add_modifier(Modifier::BOLD));
    let visible = table_area.height.saturating_sub(1) as usize;
    let offset = model.selected.saturating_sub(visible.saturating_sub(1));
    let body: Vec<TableRow<'_>> = rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(visible)
        .map(|(i, r)| {
            let style = if i == model.selected {
                theme::FOCUS
            } else {
                Style::new()
            };
            let mut cells: Vec<Cell<'static>> = cells(r, name_width as usize)
                .into_iter()
                .enumerate()
                .filter(|(i, _)| keep(i))
                .map(|(_, c)| c)
                .collect();
            if let Some(width) = image_width {
                cells.insert(1, Cell::from(abbreviate(&r.image, width as usize)));
            }
            TableRow::new(cells).style(style)
        })
        .collect();
    let mut widths: Vec<Constraint> = columns
        .iter()
        .map(|(_, (_, w))| Constraint::Length(if *w == 0 { name_width } else { *w }))
        .collect();
    if let Some(width) = image_width {
        widths.insert(1, Constraint::Length(width));
    }
    frame.render_widget(
        Table::new(body, widths).header(header).column_spacing(1),
        table_area,
    );
    frame.render_widget(
        Paragraph::new(
            status
                .into_iter()
                .map(|s| Line::styled(s, theme::DIM))
                .collect::<Vec<_>>(),
        ),
        status_area,
    );
    frame.render_widget(
        Paragraph::new(detail_lines(rows.get(model.selected))).wrap(Wrap { trim: false }),
        details,
    );
}

/// The selected base in full: image, fit and why, sizes with their source, every probe, notes, pitfalls.
fn detail_lines(row: Option<&BaseLine>) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let Some(r) = row else {
        lines.push(Line::styled(LEGEND, theme::DIM));
        return lines;
    };
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
    let why = match r.fit {
        Fit::Fits => "why it fits",
        Fit::Caveat => "only a caveat because",
        Fit::No => "does not fit because",
    };
    lines.push(Line::raw(format!("{why}: {}", r.reason)));
    for c in &r.caveats {
        lines.push(Line::styled(format!("caveat: {c}"), theme::WARN));
    }
    let probes = if r.probes.is_empty() {
        "none (a static probe is copied in)".to_string()
    } else {
        r.probes.join(", ")
    };
    lines.push(Line::raw(format!(
        "probes: {probes} · shell: {} · package manager: {} · libc: {} · non-root user: {} · CA certificates: {}",
        r.shell.as_deref().unwrap_or("none"),
        r.package_manager.as_deref().unwrap_or("none"),
        r.libc,
        r.nonroot_user.as_deref().unwrap_or("none"),
        if r.ca_certs { "yes" } else { "no" },
    )));
    lines.push(Line::raw(format!("size: {}", r.size)));
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
    if let Some((final_mb, single)) = r.estimate {
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
    lines
}
