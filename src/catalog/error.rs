//! The error every catalog step reports (parsing a file, checking its fields, checking references across files):
//! its own module, so that loading and checking both use it without depending on each other.

use std::fmt;

/// A problem in one catalog file, with where it is.
#[derive(Debug, thiserror::Error)]
pub struct CatalogError {
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl fmt::Display for CatalogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "catalog file {}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ", line {line}")?;
            if let Some(column) = self.column {
                write!(f, ", column {column}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}
