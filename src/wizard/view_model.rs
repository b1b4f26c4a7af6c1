//! What drawing reads: plain data (text, tones, fits, selections), brought up to date by `update` after each
//! action (`present`), so every widget can be drawn from a model built by hand, without a catalog or a
//! detection.

use crate::{
    compare::{self, BaseRow},
    compat::Fit,
};

use super::{action::TargetState, keymap::Footer, step::Step};

/// Where the preview is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PreviewMode {
    /// Beside the form when the terminal is wide enough.
    #[default]
    Beside,
    /// Instead of the form (`f`; the only way to see it when narrow).
    FullScreen,
}

/// How a line of text is coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tone {
    #[default]
    Plain,
    Dim,
    Ok,
    Warn,
    Error,
    Detected,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Note {
    pub text: String,
    pub tone: Tone,
}

impl Note {
    pub fn new(text: impl Into<String>, tone: Tone) -> Note {
        Note {
            text: text.into(),
            tone,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub title: &'static str,
    /// 1 to `count`; 0 for a step before the count starts (the member choice).
    pub number: usize,
    pub count: usize,
}

impl Default for Header {
    fn default() -> Header {
        Header {
            title: "",
            number: 0,
            count: Step::ALL.len(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ViewModel {
    pub header: Header,
    pub body: Body,
    pub preview: PreviewModel,
    pub preview_mode: PreviewMode,
    /// The share of the width the step takes beside the preview, in percent.
    pub split: u16,
    /// The line above the footer: a message, or the first error.
    pub status: Option<Note>,
    pub footer: Footer,
    /// The help's list of keys, while the help is shown.
    pub help: Option<Vec<(&'static str, &'static str)>>,
    /// What the parts below were last computed from, so they are computed again only on change.
    pub(in crate::wizard) built: Built,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(in crate::wizard) struct Built {
    /// The answers' revision the preview's text was taken from.
    pub(in crate::wizard) text: Option<u64>,
    /// The revision and step the marked lines are for.
    pub(in crate::wizard) marked: Option<(u64, Step)>,
    /// The base table's generation the rows were copied from.
    pub(in crate::wizard) bases: Option<u64>,
}

/// The step's pane.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Body {
    #[default]
    Empty,
    Member(MemberModel),
    Language(LanguageModel),
    /// A form step; `notes` go under the form.
    Form {
        notes: Vec<Note>,
    },
    Bases(BasesModel),
    Args(ArgsModel),
    Review(ReviewModel),
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MemberModel {
    /// `(name, path)`; the first is the whole repository.
    pub rows: Vec<(String, String)>,
    pub selected: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LanguageModel {
    /// The workspace member the answers are for, in a monorepo.
    pub member: Option<String>,
    pub rows: Vec<LanguageRow>,
    pub selected: usize,
    /// Where detection found the language.
    pub evidence: Option<String>,
    /// What detection could not decide.
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LanguageRow {
    pub name: String,
    pub description: String,
    pub detected: bool,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct BasesModel {
    pub rows: Vec<BaseLine>,
    pub selected: usize,
    /// What the table shows and what `a` adds.
    pub status: String,
}

/// One base as the table and its detail pane show it.
#[derive(Debug, Clone, PartialEq)]
pub struct BaseLine {
    pub name: String,
    /// `image:tag` for this app's version.
    pub image: String,
    pub fit: Fit,
    pub recommended: bool,
    pub reason: String,
    pub caveats: Vec<String>,
    pub notes: Vec<String>,
    pub pull_mb: Option<f64>,
    pub disk_mb: Option<f64>,
    /// Sizes with their source: "2.0 MB pull / 4.5 MB on disk (busybox 1.38.0)".
    pub size: String,
    pub shell: Option<String>,
    pub package_manager: Option<String>,
    pub libc: String,
    /// The built-in non-root user's uid, and its name with it.
    pub uid: Option<u32>,
    pub nonroot_user: Option<String>,
    pub ca_certs: bool,
    pub probes: Vec<String>,
    pub support: Option<String>,
    pub support_ended: bool,
    pub pitfalls: Vec<String>,
    /// Rough final and single-stage image sizes, MB.
    pub estimate: Option<(f64, f64)>,
    pub source: String,
}

impl BaseLine {
    pub fn from_row(r: &BaseRow<'_>) -> BaseLine {
        BaseLine {
            name: r.name.to_string(),
            image: r.image.clone(),
            fit: r.fit,
            recommended: r.recommended,
            reason: r.reason.clone(),
            caveats: r.caveats.clone(),
            notes: r.notes.clone(),
            pull_mb: r.size_compressed_mb,
            disk_mb: r.size_uncompressed_mb,
            size: size_text(r),
            shell: r.shell.map(str::to_string),
            package_manager: r.package_manager.map(str::to_string),
            libc: r.libc.to_string(),
            uid: r.base.nonroot_user.as_ref().map(|u| u.uid),
            nonroot_user: r.nonroot_user.clone(),
            ca_certs: r.ca_certs,
            probes: r.probes.iter().map(|p| p.to_string()).collect(),
            support: r.support.clone(),
            support_ended: r.support_ended,
            pitfalls: r.pitfalls.clone(),
            estimate: r.estimate_final_mb.zip(r.estimate_single_stage_mb),
            source: r.source.to_string(),
        }
    }
}

/// "2.0 MB pull / 4.5 MB on disk (busybox 1.38.0)", or what is not published and why.
fn size_text(r: &BaseRow<'_>) -> String {
    let part = |v: Option<f64>, what: &str| match v {
        Some(v) => format!("{} MB {what}", compare::mb(Some(v))),
        None => format!("{what}: not published"),
    };
    let mut out = format!(
        "{} / {}",
        part(r.size_compressed_mb, "pull"),
        part(r.size_uncompressed_mb, "on disk")
    );
    if !r.base.size.note.is_empty() {
        out.push_str(&format!(" ({})", r.base.size.note));
    }
    out
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ArgsModel {
    /// `NAME=default  [scope]` per arg.
    pub rows: Vec<String>,
    /// The highlighted arg; none while the editor is open.
    pub selected: Option<usize>,
    /// The editor's title, while it is open.
    pub editor: Option<&'static str>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReviewModel {
    /// Every answer is valid.
    pub valid: bool,
    pub targets: Vec<(String, TargetState)>,
    pub fit: Option<FitModel>,
    /// Root, no health check, what detection could not decide.
    pub warnings: Vec<Note>,
    pub diff: Option<DiffModel>,
    /// A replacement waits for a second Enter: only the diff is shown.
    pub confirming: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FitModel {
    pub base: String,
    pub fit: Fit,
    pub reason: String,
    /// Caveats, then notes.
    pub details: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DiffModel {
    pub lines: Vec<String>,
    /// The first line shown.
    pub first: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PreviewModel {
    /// The current step's name, in the pane's title.
    pub step: String,
    /// The Dockerfile's lines; `None` when the answers do not render.
    pub lines: Option<Vec<String>>,
    /// Lines the current step produced.
    pub marked: Vec<usize>,
    pub selected: Option<usize>,
    pub scroll: usize,
    pub why: String,
}
