//! The catalog of languages, build systems and runtime bases: data under `assets/catalog/`, merged with user files.

mod blob;
mod check;
mod error;
mod knowledge;
mod load;
mod model;

pub use error::CatalogError;
pub use load::{builtin, load, user_catalog_dir};
pub use model::*;
