//! The interactive wizard.

use std::path::Path;

use crate::{answers::Draft, catalog::Catalog, detect::Detection};

/// How the wizard ended.
pub enum Exit {
    /// Files were written; the report (paths and next commands) is printed after the terminal is restored.
    Written(String),
    Cancelled,
}

/// Run the wizard for `dir`. Detection gives the defaults (marked "(detected)"); an answers file wins over it.
pub fn run(
    _dir: &Path,
    _detection: Detection,
    _from_file: Option<Draft>,
    _catalog: &Catalog,
) -> anyhow::Result<Exit> {
    Ok(Exit::Cancelled)
}
