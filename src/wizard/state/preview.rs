//! The preview's state: which line is selected (its reason is shown) and where it is scrolled to, beside the
//! form or full screen; and what follows from it: the lines the current step produced and the selected line's
//! reason.

use crate::{
    dockerfile::Origin,
    wizard::{step::Step, view_model::PreviewMode},
};

use super::App;

#[derive(Default)]
pub struct PreviewState {
    pub scroll: usize,
    /// The selected preview line, whose reason is shown; `None` when the current step has no line in the
    /// Dockerfile (then the why box says so instead of showing another step's reason).
    pub line: Option<usize>,
    pub mode: PreviewMode,
}

impl PreviewState {
    pub fn toggle(&mut self) {
        self.mode = match self.mode {
            PreviewMode::Beside => PreviewMode::FullScreen,
            PreviewMode::FullScreen => PreviewMode::Beside,
        };
    }
}

impl App<'_> {
    /// Select the first line the current step produced (the answers or the step changed).
    pub(in crate::wizard) fn jump_preview_to_step(&mut self) {
        match self.marked_lines().into_iter().next() {
            Some(first) => {
                self.preview.line = Some(first);
                self.preview.scroll = first.saturating_sub(3);
            }
            None => {
                self.preview.line = None;
                // The review is about the whole file: show it from the top.
                if self.step == Step::Review {
                    self.preview.scroll = 0;
                }
            }
        }
    }

    /// Preview line indexes produced by the current step.
    pub fn marked_lines(&self) -> Vec<usize> {
        let Some(output) = &self.output else {
            return Vec::new();
        };
        let origins: Vec<Origin> = output.model.instructions().map(|i| i.origin).collect();
        output
            .rendered
            .lines
            .iter()
            .enumerate()
            .filter(|(_, info)| {
                info.instruction
                    .and_then(|i| origins.get(i))
                    .is_some_and(|o| *o == self.step.origin())
            })
            .map(|(n, _)| n)
            .collect()
    }

    /// The reason for the selected preview line.
    pub fn selected_why(&self) -> Option<(Origin, String)> {
        let output = self.output.as_ref()?;
        let index = output.rendered.lines.get(self.preview.line?)?.instruction?;
        let ins = output.model.instructions().nth(index)?;
        Some((ins.origin, ins.why.clone()))
    }

    /// What the why box says: the selected line's reason, or why there is none.
    pub fn why_text(&self) -> String {
        match (self.preview.line, self.selected_why()) {
            (Some(_), Some((origin, why))) if !why.is_empty() => {
                format!("why ({}): {why}", origin.label())
            }
            (Some(_), _) => {
                "this line explains itself; [ ] select another line to see why it is there".into()
            }
            (None, _) if self.step == Step::Args => {
                "why (build args): no build args, so this step adds no line; `a` adds one".into()
            }
            (None, _) => format!(
                "why ({}): this step adds no line to this Dockerfile; [ ] select a line to see why it is there",
                self.step.title().to_lowercase()
            ),
        }
    }

    /// How many lines the preview has.
    pub(in crate::wizard) fn line_count(&self) -> usize {
        self.output.as_ref().map_or(0, |o| o.rendered.lines.len())
    }
}
