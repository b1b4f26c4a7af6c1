//! `stagecraft catalog`: what the catalog holds, as JSON for scripts or a short table for people.

use std::io::Write;

use anyhow::Context;
use serde::Serialize;

use crate::cli::{CatalogArgs, CatalogCmdArgs, TableFormat};

use super::load_catalog;

#[derive(Serialize)]
struct Item<'a> {
    id: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct BuildSystemOut<'a> {
    id: &'a str,
    name: &'a str,
    variants: Vec<Item<'a>>,
    frameworks: Vec<Item<'a>>,
}

#[derive(Serialize)]
struct LanguageOut<'a> {
    id: &'a str,
    name: &'a str,
    versions: &'a [String],
    default_version: &'a str,
    build_systems: Vec<BuildSystemOut<'a>>,
}

#[derive(Serialize)]
struct BaseOut<'a> {
    id: &'a str,
    name: &'a str,
    image: String,
}

#[derive(Serialize)]
struct CatalogOut<'a> {
    languages: Vec<LanguageOut<'a>>,
    bases: Vec<BaseOut<'a>>,
}

pub fn run(args: CatalogCmdArgs, catalog_args: &CatalogArgs) -> anyhow::Result<()> {
    let catalog = load_catalog(catalog_args)?;
    let out = CatalogOut {
        languages: catalog
            .languages
            .iter()
            .map(|l| LanguageOut {
                id: &l.id,
                name: &l.name,
                versions: &l.versions,
                default_version: &l.default_version,
                build_systems: l
                    .build_systems
                    .iter()
                    .map(|b| BuildSystemOut {
                        id: &b.id,
                        name: &b.name,
                        variants: b
                            .variants
                            .iter()
                            .map(|v| Item {
                                id: &v.id,
                                name: &v.name,
                            })
                            .collect(),
                        frameworks: l
                            .frameworks_for(&b.id)
                            .map(|f| Item {
                                id: &f.id,
                                name: &f.name,
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect(),
        bases: catalog
            .bases
            .iter()
            .map(|b| {
                let version = b
                    .runtime
                    .as_ref()
                    .and_then(|r| r.versions.first())
                    .map_or("", String::as_str);
                BaseOut {
                    id: &b.id,
                    name: &b.name,
                    image: b.reference(version),
                }
            })
            .collect(),
    };
    let mut stdout = std::io::stdout().lock();
    match args.format {
        TableFormat::Json => {
            let text =
                serde_json::to_string_pretty(&out).context("cannot serialise the catalog")?;
            writeln!(stdout, "{text}")?;
        }
        TableFormat::Table => {
            writeln!(stdout, "Languages and build systems:")?;
            for l in &out.languages {
                let systems: Vec<String> = l
                    .build_systems
                    .iter()
                    .map(|b| {
                        let mut s = b.id.to_string();
                        if !b.variants.is_empty() {
                            s.push_str(&format!(
                                " (variants: {})",
                                b.variants
                                    .iter()
                                    .map(|v| v.id)
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ));
                        }
                        s
                    })
                    .collect();
                writeln!(
                    stdout,
                    "  {:<10} {:<22} {}",
                    l.id,
                    l.name,
                    systems.join("; ")
                )?;
            }
            writeln!(stdout, "\nRuntime bases (details: stagecraft bases):")?;
            for b in &out.bases {
                writeln!(stdout, "  {:<28} {}", b.id, b.image)?;
            }
        }
    }
    Ok(())
}
