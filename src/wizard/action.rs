//! What goes into the wizard's `update` (actions: commands bound to keys, edits, and the results of effects) and
//! what comes out of it (effects: the work that touches the disk or the project, carried out by the loop).

use std::path::PathBuf;

use crossterm::event::KeyEvent;

use crate::{answers::Answers, detect::Detection, dockerfile::Output};

/// A command a key is bound to. Screens and the wizard list their bindings as data (`keymap`); a command says
/// what to do, never which key asked for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// Accept the step and go on; on the review, do what its action row says.
    Next,
    Back,
    Quit,
    Help,
    CloseHelp,
    TogglePreview,
    ClosePreview,
    PreviewUp,
    PreviewDown,
    LineUp,
    LineDown,
    /// Move the selection in a list (members, languages, bases, build args).
    Up,
    Down,
    First,
    Last,
    ToggleSort,
    ToggleAllBases,
    AddArg,
    EditArg,
    DeleteArg,
    SaveArg,
    CancelArg,
    DiffUp,
    DiffDown,
    DiffPageUp,
    DiffPageDown,
    /// Hand the key to the focused form field (typing, cycling a choice, moving between fields).
    Edit,
}

/// The input of `App::update`.
#[derive(Debug)]
pub enum Action {
    Do(Command),
    /// A key for the focused form field.
    Edit(KeyEvent),
    /// Text for the focused text field, applied at once.
    Paste(String),
    /// Detection of the chosen workspace member finished (its error in words).
    Detected(Result<Box<Detection>, String>),
    /// What writing would do to each target file, looked at on the disk, and the compose file the project
    /// already has (the review's compose option says whether it would be replaced).
    Inspected {
        targets: Vec<Inspected>,
        purpose: Inspect,
        compose: Option<PathBuf>,
    },
    /// The files were written (the report to print) or not (why).
    Written(Result<String, String>),
    /// The answers file was saved (where) or not (why).
    Saved(Result<PathBuf, String>),
}

impl From<Command> for Action {
    fn from(command: Command) -> Action {
        Action::Do(command)
    }
}

/// Why the target files are looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inspect {
    /// The review was entered: what each file would become, and the diff of those that differ.
    Enter,
    /// The review's form changed: only what each file would become.
    Refresh,
    /// Enter on the review: write, unless a file differs (then show the diff and ask first).
    Write,
}

/// One target file as found on the disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inspected {
    pub path: PathBuf,
    pub state: TargetState,
    /// The unified diff against what is there, when it differs.
    pub diff: Option<String>,
}

/// What writing would do to one target file, shown in the review's findings before Enter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetState {
    Created,
    Unchanged,
    /// Exists with other content: Enter shows the diff first and a replacement keeps a `.bak`.
    Replaced,
}

/// Work `update` asks for: the loop carries it out and feeds the result back as an action.
#[derive(Debug, Clone)]
pub enum Effect {
    /// Detect the project again for one workspace member (`None`: the whole repository).
    Detect {
        dir: PathBuf,
        member: Option<String>,
    },
    /// Look at the files writing these answers would touch.
    Inspect { files: Files, purpose: Inspect },
    /// Write the files (replacing what differs, keeping a `.bak`).
    Write(Files),
    /// Save the answers file.
    SaveAnswers { path: PathBuf, text: String },
    /// Leave the wizard.
    Exit(Outcome),
}

/// The files of one set of answers: where the Dockerfile goes, and what goes into it and beside it.
#[derive(Debug, Clone)]
pub struct Files {
    pub dir: PathBuf,
    pub dockerfile: PathBuf,
    pub answers: Answers,
    pub output: Output,
}

/// How the wizard ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Written(String),
    Cancelled,
}
