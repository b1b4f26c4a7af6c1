//! What each subcommand does: the CLI's glue over the library. Errors that are the user's input become
//! `BadInput` (exit 2).

pub mod bases;
pub mod catalog;
pub mod detect;
pub mod flags;
pub mod generate;
pub mod shell;

use crate::{catalog::Catalog, cli::CatalogArgs};

pub use crate::error::{BadInput, bad, field_errors};

pub fn load_catalog(args: &CatalogArgs) -> anyhow::Result<Catalog> {
    crate::eol::check_today_var().map_err(bad)?;
    crate::catalog::load(&args.dirs, args.no_user_catalog).map_err(|e| bad(e.to_string()))
}
