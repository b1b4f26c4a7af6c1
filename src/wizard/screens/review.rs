//! The review: what Enter would do to each target file, the diff of those it would replace, and the action row
//! (write, write elsewhere, save the answers, back, quit). Looking at the files and writing them are effects.

use std::path::PathBuf;

use crate::wizard::{
    action::{Effect, Files, Inspect, Inspected, Outcome},
    state::{App, ReviewMode},
    steps,
};

impl App<'_> {
    /// Where the Dockerfile goes: the typed path, or the project's `Dockerfile`.
    pub fn target_path(&self) -> PathBuf {
        let typed = self.form.value("path").unwrap_or_default();
        if typed.trim().is_empty() {
            self.project.dir.join("Dockerfile")
        } else {
            PathBuf::from(typed.trim())
        }
    }

    fn files(&self) -> Option<Files> {
        Some(Files {
            dir: self.project.dir.clone(),
            dockerfile: self.target_path(),
            answers: self.answers.clone(),
            output: self.output.clone()?,
        })
    }

    /// The compose file the project has, as the loop found it: the compose option's hint says it.
    pub(in crate::wizard) fn found_compose(&mut self, compose: Option<PathBuf>) {
        if compose == self.project.compose {
            return;
        }
        self.project.compose = compose;
        let hint = steps::compose_hint(self.project.compose.as_deref());
        if let Some(row) = self
            .form
            .rows
            .iter_mut()
            .find(|r| r.id == "options.compose")
        {
            row.hint = hint;
        }
    }

    /// Ask for the target files to be looked at (reading them while drawing would make drawing depend on the
    /// disk). Without a Dockerfile there is nothing to look at.
    pub(in crate::wizard) fn inspect(&mut self, purpose: Inspect) -> Option<Effect> {
        match self.files() {
            Some(files) => Some(Effect::Inspect { files, purpose }),
            None => {
                self.review.targets.clear();
                None
            }
        }
    }

    /// What the files on the disk are like: the findings say it; on Enter, a file that differs is shown as a
    /// diff first, and otherwise the files are written.
    pub(in crate::wizard) fn inspected(
        &mut self,
        targets: Vec<Inspected>,
        purpose: Inspect,
    ) -> Option<Effect> {
        let diffs: Vec<&str> = targets.iter().filter_map(|t| t.diff.as_deref()).collect();
        let diff = (!diffs.is_empty()).then(|| diffs.join("\n"));
        self.review.targets = targets.iter().map(|t| (t.path.clone(), t.state)).collect();
        match purpose {
            Inspect::Refresh => None,
            Inspect::Enter => {
                self.review.diff = diff;
                None
            }
            Inspect::Write => {
                self.review.diff = diff;
                if self.review.diff.is_none() {
                    return self.files().map(Effect::Write);
                }
                self.review.mode = ReviewMode::ConfirmReplace;
                self.message = Some(
                    "these files exist and differ: Enter replaces them (the old ones are kept as .bak), Esc keeps them"
                        .into(),
                );
                None
            }
        }
    }

    /// What the action row says Enter on the review is to do, when it can act: not while an answer is invalid
    /// (the message says which) or when nothing is rendered.
    pub(in crate::wizard) fn review_choice(&mut self) -> Option<String> {
        if let Some(first) = self.errors.first() {
            self.message = Some(format!("not written: {first}"));
            return None;
        }
        self.output.as_ref()?;
        Some(self.form.value("action").unwrap_or_else(|| "write".into()))
    }

    /// Enter on the review does what the action row chose (any choice but back, which `app` takes: it leaves
    /// the step).
    pub(in crate::wizard) fn perform_review(&mut self, choice: &str) -> Option<Effect> {
        match choice {
            "quit" => Some(Effect::Exit(Outcome::Cancelled)),
            "elsewhere" if self.form.focused().is_none_or(|r| r.id != "path") => {
                if let Some(i) = self.form.rows.iter().position(|r| r.id == "path") {
                    self.form.focus = i;
                }
                self.message = Some(
                    "type where the Dockerfile goes, then Enter writes it there (.dockerignore stays in the project folder)"
                        .into(),
                );
                None
            }
            "save" => Some(Effect::SaveAnswers {
                path: self.project.dir.join("stagecraft.toml"),
                text: self.answers.to_toml(),
            }),
            // A confirmed replacement writes what was shown; otherwise the files are looked at first.
            _ => match self.review.mode {
                ReviewMode::ConfirmReplace => self.files().map(Effect::Write),
                ReviewMode::Summary => self.inspect(Inspect::Write),
            },
        }
    }

    pub(in crate::wizard) fn saved_answers(&mut self, saved: Result<PathBuf, String>) {
        match saved {
            Ok(path) => {
                self.message = Some(format!(
                    "saved the answers to {} (replay: stagecraft generate --answers)",
                    path.display()
                ));
                self.saved = Some(path);
            }
            Err(e) => self.message = Some(format!("could not save the answers: {e}")),
        }
    }

    pub(in crate::wizard) fn scroll_diff(&mut self, delta: isize) {
        let lines = self.review.diff.as_ref().map_or(0, |d| d.lines().count());
        let scroll = self.review.diff_scroll as isize + delta;
        self.review.diff_scroll = scroll.clamp(0, lines as isize) as usize;
    }
}
