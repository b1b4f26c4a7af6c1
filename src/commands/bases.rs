//! `stagecraft bases`: the side-by-side table of runtime bases, with fit for an app when one is named.

use std::io::Write;

use anyhow::Context;

use crate::{
    answers::Draft,
    cli::{BasesArgs, CatalogArgs, SortBy, TableFormat},
    compare::{self, AppNeeds, BaseRow},
    compat::Fit,
};

use super::{field_errors, load_catalog};

pub fn run(args: BasesArgs, catalog_args: &CatalogArgs) -> anyhow::Result<()> {
    let catalog = load_catalog(catalog_args)?;
    let plan = match &args.language {
        Some(language) => {
            let draft = Draft {
                language: Some(language.clone()),
                build_system: args.build_system.clone(),
                variant: args.variant.clone(),
                framework: args.framework.clone(),
                version: args.version.clone(),
                ..Draft::default()
            };
            Some(
                draft
                    .plan(&catalog)
                    .map_err(|e| field_errors("cannot check bases for this app", &e))?,
            )
        }
        None => None,
    };
    let app = plan.as_ref().map(AppNeeds::of);
    let mut rows = compare::rows(&catalog, app.as_ref());
    match args.sort {
        SortBy::Size => compare::sort_by_size(&mut rows),
        SortBy::Name => compare::sort_by_name(&mut rows),
    }
    compare::group_by_fit(&mut rows);
    if args.fitting {
        rows.retain(|r| r.compatible);
    }
    let mut stdout = std::io::stdout().lock();
    match args.format {
        TableFormat::Json => {
            writeln!(
                stdout,
                "{}",
                serde_json::to_string_pretty(&rows).context("cannot serialise the table")?
            )?;
        }
        TableFormat::Table => write!(stdout, "{}", table(&rows))?,
    }
    Ok(())
}

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

fn fit_cell(row: &BaseRow<'_>) -> String {
    let mark = match row.fit {
        Fit::Fits => "fits",
        Fit::Caveat => "caveat",
        Fit::No => "no",
    };
    if row.recommended {
        format!("{mark} *")
    } else {
        mark.to_string()
    }
}

/// "ended 2026-06-10" or "ends in 20 months": the date itself is in the JSON and the detail pane.
fn support_cell(row: &BaseRow<'_>) -> String {
    row.base.support_ends.map_or_else(
        || "-".into(),
        |ends| crate::eol::brief(ends, crate::eol::today()),
    )
}

/// The plain-text table: what fits first, then what fits only with a caveat, then what does not, each group
/// under its own heading when an app is named; `*` marks the recommended base.
pub fn table(rows: &[BaseRow<'_>]) -> String {
    let header = [
        "ID", "IMAGE", "PULL MB", "DISK MB", "SHELL", "PKG", "LIBC", "NON-ROOT", "CA", "PROBE",
        "SUPPORT", "FIT", "REASON",
    ];
    let size = |v: Option<f64>| v.map_or_else(|| "n/p".to_string(), |v| compare::mb(Some(v)));
    let cells = |r: &BaseRow<'_>| {
        [
            r.id.to_string(),
            r.image.clone(),
            size(r.size_compressed_mb),
            size(r.size_uncompressed_mb),
            r.shell.unwrap_or("-").to_string(),
            r.package_manager.unwrap_or("-").to_string(),
            r.libc.to_string(),
            r.nonroot_user.clone().unwrap_or_else(|| "-".into()),
            yes_no(r.ca_certs).to_string(),
            if r.probes.is_empty() {
                "-".into()
            } else {
                r.probes.join(",")
            },
            support_cell(r),
            fit_cell(r),
            r.reason.clone(),
        ]
    };
    let all: Vec<[String; 13]> = rows.iter().map(cells).collect();
    let mut widths = header.map(str::len);
    for row in &all {
        for (w, cell) in widths.iter_mut().zip(row.iter()) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |row: &[String]| {
        let mut s = String::new();
        for (i, cell) in row.iter().enumerate() {
            if i + 1 == row.len() {
                s.push_str(cell);
            } else {
                s.push_str(&format!("{cell:<width$}  ", width = widths[i]));
            }
        }
        s.trim_end().to_string() + "\n"
    };
    let mut out = line(&header.map(String::from));
    let checked = rows.iter().any(|r| r.fit != Fit::Fits);
    for (fit, heading) in [
        (Fit::Fits, "fits this app:"),
        (Fit::Caveat, "fits only with a caveat (REASON says why):"),
        (Fit::No, "does not fit this app (REASON says why):"),
    ] {
        let group: Vec<&[String; 13]> = rows
            .iter()
            .zip(&all)
            .filter(|(r, _)| r.fit == fit)
            .map(|(_, c)| c)
            .collect();
        if group.is_empty() {
            continue;
        }
        if checked {
            out.push_str(&format!("\n{heading}\n"));
        }
        for row in group {
            out.push_str(&line(row));
        }
    }
    out.push_str(
        "\nPULL MB: compressed download, DISK MB: unpacked size, linux/amd64, as published; n/p = not published \
         (--format json gives each figure's source in size_note, or why there is none).\n",
    );
    out.push_str("SUPPORT: the distribution's security support, against today's date (- = no published end).\n");
    if rows.iter().any(|r| r.recommended) {
        out.push_str("* recommended for this app.\n");
    }
    out
}
