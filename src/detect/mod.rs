//! Project detection: pre-fill answers from the project's own files, with evidence for every value.

use std::path::Path;

use serde::Serialize;

use crate::{answers::Draft, catalog::Catalog};

/// One detected value and what said so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// The answer it sets (`language`, `build_system`, `version`, `port`, `command`, `params.main_package`...).
    pub field: String,
    pub value: String,
    /// File relative to the project folder.
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// Why this file says so, in words.
    pub detail: String,
}

/// A workspace member of a monorepo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Member {
    pub name: String,
    pub path: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Detection {
    pub draft: Draft,
    pub evidence: Vec<Evidence>,
    /// What could not be decided, in words (two lockfiles, no manifest, unreadable file...).
    pub undecided: Vec<String>,
    pub members: Vec<Member>,
}

#[derive(Debug, thiserror::Error)]
pub enum DetectError {
    #[error("{0} is not a folder")]
    NotADir(String),
    #[error("no workspace member `{name}`; members: {known}")]
    UnknownMember { name: String, known: String },
}

impl Detection {
    /// The evidence for one field, if any.
    pub fn evidence_for(&self, field: &str) -> Option<&Evidence> {
        self.evidence.iter().find(|e| e.field == field)
    }
}

pub fn detect(
    dir: &Path,
    member: Option<&str>,
    _catalog: &Catalog,
) -> Result<Detection, DetectError> {
    if !dir.is_dir() {
        return Err(DetectError::NotADir(dir.display().to_string()));
    }
    let _ = member;
    Ok(Detection::default())
}
