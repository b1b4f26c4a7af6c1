//! The interactive wizard.

use std::path::Path;

use crate::{answers::Draft, catalog::Catalog};

/// How the wizard ended.
pub enum Exit {
    Written(String),
    Cancelled,
}

pub fn run(_dir: &Path, _draft: Draft, _catalog: &Catalog) -> anyhow::Result<Exit> {
    Ok(Exit::Cancelled)
}
