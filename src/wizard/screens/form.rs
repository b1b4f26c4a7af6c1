//! The steps that are forms (build system, user, health check, the review's options): a key or a paste edits
//! the focused field, and a changed value goes into the draft at once.

use crossterm::event::KeyEvent;

use crate::{
    validate,
    wizard::{
        form::{Row, Widget},
        state::{App, ArgsMode, ReviewMode},
        steps,
    },
};

impl App<'_> {
    /// A key for the focused field of the arg editor or of the step's form. Whether the step's answers changed.
    pub(in crate::wizard) fn edit(&mut self, key: &KeyEvent) -> bool {
        if let ArgsMode::Editing { form, .. } = &mut self.args.mode {
            form.key(key);
            return false;
        }
        let before: Vec<String> = self.form.rows.iter().map(Row::value).collect();
        if !self.form.key(key) {
            return false;
        }
        let after: Vec<String> = self.form.rows.iter().map(Row::value).collect();
        if before == after {
            return false;
        }
        self.touched.insert(self.step);
        self.review.mode = ReviewMode::Summary;
        self.apply_form();
        true
    }

    /// A paste is text for the focused field, applied once: its newlines are not Enter, and a long paste is not
    /// thousands of keystrokes each recomputing the Dockerfile. Whether the step's answers changed.
    pub(in crate::wizard) fn paste(&mut self, text: &str) -> bool {
        if !self.typing() {
            return false;
        }
        let editing_arg = matches!(self.args.mode, ArgsMode::Editing { .. });
        let form = match &mut self.args.mode {
            ArgsMode::Editing { form, .. } => form,
            ArgsMode::List => &mut self.form,
        };
        let Some(Widget::Text { area, .. }) = form.rows.get_mut(form.focus).map(|r| &mut r.widget)
        else {
            return false;
        };
        // No field takes more than a value may hold; the rest of a huge paste is dropped, not drawn.
        let room =
            validate::MAX_TEXT.saturating_sub(area.lines().iter().map(|l| l.chars().count()).sum());
        let clean: String = text
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .take(room)
            .collect();
        area.insert_str(clean);
        if editing_arg {
            return false;
        }
        self.touched.insert(self.step);
        self.review.mode = ReviewMode::Summary;
        self.apply_form();
        true
    }

    /// Write the form into the draft, recompute, and show errors next to their fields.
    fn apply_form(&mut self) {
        let parse_errors = steps::apply(self);
        self.recompute();
        let mut errors = parse_errors;
        errors.extend(self.errors.iter().cloned());
        let focus = self.form.focus;
        if steps::rebuild_needed(self) {
            self.form = steps::form_for(self, self.step);
            self.form.focus = focus.min(self.form.rows.len().saturating_sub(1));
        }
        steps::refresh_sources(self);
        let rest = self.form.set_errors(&errors);
        self.message = rest.first().cloned();
        self.jump_preview_to_step();
    }
}
