//! `stagecraft detect`: the detected answers and the evidence for each, as TOML or JSON.

use anyhow::Context;

use crate::cli::{CatalogArgs, DetectArgs, DetectFormat};

use super::{bad, generate::project_dir, load_catalog};

pub fn run(args: DetectArgs, catalog_args: &CatalogArgs) -> anyhow::Result<()> {
    let catalog = load_catalog(catalog_args)?;
    let dir = project_dir(args.dir.as_deref())?;
    let detection = crate::detect::detect(&dir, args.member.as_deref(), &catalog)
        .map_err(|e| bad(e.to_string()))?;
    let text = match args.format {
        DetectFormat::Json => {
            serde_json::to_string_pretty(&detection).context("cannot serialise the detection")?
                + "\n"
        }
        DetectFormat::Toml => {
            toml::to_string(&detection).context("cannot serialise the detection")?
        }
    };
    super::generate::print_result(&text)
}
