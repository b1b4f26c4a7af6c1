//! The review's state: what Enter would do to each target file, the diff of those it would replace, and whether
//! a replacement waits for a second Enter.

use std::path::PathBuf;

use crate::wizard::action::TargetState;

/// Whether the review waits for a second Enter before replacing files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReviewMode {
    #[default]
    Summary,
    /// The files that exist and differ are shown as a diff; Enter replaces them (keeping `.bak`), Esc keeps them.
    ConfirmReplace,
}

#[derive(Default)]
pub struct ReviewState {
    /// The files Enter would write, looked at when the review is entered and whenever its form changes.
    pub targets: Vec<(PathBuf, TargetState)>,
    /// A diff against existing files, shown before anything is replaced.
    pub diff: Option<String>,
    /// First diff line shown: a replaced file's diff is often longer than the screen.
    pub diff_scroll: usize,
    pub mode: ReviewMode,
}
