//! The language list: moving the selection chooses the language at once, so the preview follows it.

use crate::answers::Draft;

use crate::wizard::{action::Command, state::App};

impl App<'_> {
    pub(in crate::wizard) fn move_language(&mut self, command: Command) {
        let n = self.catalog.languages.len();
        let next = match command {
            Command::Up => self.language.saturating_sub(1),
            Command::Down => (self.language + 1).min(n.saturating_sub(1)),
            Command::First => 0,
            Command::Last => n.saturating_sub(1),
            _ => self.language,
        };
        if next != self.language {
            self.language = next;
            self.choose_language();
        }
    }

    /// Start the answers from the selected language: what the project said when it is the detected one, else
    /// the language's defaults over what does not depend on the language.
    pub(in crate::wizard) fn choose_language(&mut self) {
        let Some(language) = self.catalog.languages.get(self.language) else {
            return;
        };
        if self.start.language.as_deref() == Some(language.id.as_str()) {
            self.draft = self.start.clone();
        } else {
            let mut draft = self.start.clone().overlay(Draft {
                language: Some(language.id.clone()),
                ..Draft::default()
            });
            draft.base = None;
            draft.user = None;
            draft.port = None;
            self.draft = draft;
        }
        self.touched.clear();
        self.recompute();
        self.jump_preview_to_step();
    }
}
