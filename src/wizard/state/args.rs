//! The build-args step's state: the selected arg, and the editor for one arg while it is open.

use crate::wizard::form::Form;

#[derive(Default)]
pub enum ArgsMode {
    #[default]
    List,
    /// Editing the arg at `index` (`None`: a new one) in `form`.
    Editing { index: Option<usize>, form: Form },
}

#[derive(Default)]
pub struct ArgsState {
    pub selected: usize,
    pub mode: ArgsMode,
}

impl ArgsState {
    /// The arg editor's form, while one is open.
    pub fn editor(&self) -> Option<&Form> {
        match &self.mode {
            ArgsMode::Editing { form, .. } => Some(form),
            ArgsMode::List => None,
        }
    }

    /// Which arg is being edited (`Some(None)`: a new one), while the editor is open.
    pub fn editing(&self) -> Option<Option<usize>> {
        match &self.mode {
            ArgsMode::Editing { index, .. } => Some(*index),
            ArgsMode::List => None,
        }
    }
}
