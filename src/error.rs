//! Errors that are the user's input: exit code 2, the message on stderr. Shared by the CLI, the resolve step and
//! the writers, so none of them depends on another for it.

use crate::field_error::FieldError;

/// A problem with what the user gave us: exit code 2, message on stderr.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct BadInput(pub String);

pub fn bad(message: impl Into<String>) -> anyhow::Error {
    BadInput(message.into()).into()
}

/// Several field errors as one message.
pub fn field_errors(context: &str, errors: &[FieldError]) -> anyhow::Error {
    let mut message = format!("{context}:");
    for e in errors {
        message.push_str(&format!("\n  - {}: {}", e.field, e.message));
    }
    bad(message)
}
