//! `FieldError`: a problem with one field of the answers, named by its dotted path so the CLI can print it and
//! the wizard can put it next to the field.

/// A problem with one field of the answers.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct FieldError {
    /// Dotted path of the field (`healthcheck.interval`, `arg[2].name`).
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}
