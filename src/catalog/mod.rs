//! The catalog of languages, build systems and runtime bases: data under `assets/catalog/`, merged with user files.

mod check;
mod knowledge;
mod load;
mod model;

pub use load::{CatalogError, builtin, load, user_catalog_dir};
pub use model::*;
