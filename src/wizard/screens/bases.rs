//! The runtime-base table: what fits this app first, every base behind `a`; moving the selection chooses a
//! base that fits and says why one does not.

use crate::{
    compare::{self, AppNeeds},
    compat::Fit,
    wizard::{
        action::Command,
        state::{App, BaseFilter, BaseSort},
        step::Step,
    },
};

impl App<'_> {
    fn refresh_base_rows(&mut self) {
        let language = self.catalog.language(&self.answers.language);
        let app = self
            .derived
            .build
            .as_ref()
            .zip(language)
            .map(|(build, language)| AppNeeds {
                build,
                version: &self.answers.version,
                language,
                files: &self.answers.files,
            });
        let mut rows = compare::rows(self.catalog, app.as_ref());
        match self.bases.sort {
            BaseSort::Size => compare::sort_by_size(&mut rows),
            BaseSort::Name => compare::sort_by_name(&mut rows),
        }
        compare::group_by_fit(&mut rows);
        let count = |fit: Fit| rows.iter().filter(|r| r.fit == fit).count();
        self.bases.counts = (count(Fit::Fits), count(Fit::Caveat), count(Fit::No));
        // The current base stays listed even when it is only a caveat, so the table never hides what is chosen.
        if self.bases.filter == BaseFilter::Fitting {
            let current = &self.answers.base;
            rows.retain(|r| r.fit == Fit::Fits || r.id == current.as_str());
        }
        self.bases.rows = rows;
        self.bases.generation += 1;
    }

    pub(in crate::wizard) fn reselect_base(&mut self) {
        self.refresh_base_rows();
        self.bases.selected = self
            .base_rows()
            .iter()
            .position(|r| r.id == self.answers.base)
            .unwrap_or(0);
    }

    /// Move the selection; a base that fits becomes the answer, one that does not says why.
    pub(in crate::wizard) fn move_base(&mut self, command: Command) {
        let count = self.base_rows().len();
        match command {
            Command::Up => self.bases.selected = self.bases.selected.saturating_sub(1),
            Command::Down => {
                self.bases.selected = (self.bases.selected + 1).min(count.saturating_sub(1))
            }
            _ => return,
        }
        let Some(row) = self.base_rows().get(self.bases.selected) else {
            return;
        };
        if row.compatible {
            let id = row.id.to_string();
            self.set_base(&id);
            self.message = None;
        } else {
            self.message = Some(format!("{} does not fit: {}", row.name, row.reason));
        }
    }

    pub(in crate::wizard) fn toggle_sort(&mut self) {
        self.bases.sort = match self.bases.sort {
            BaseSort::Size => BaseSort::Name,
            BaseSort::Name => BaseSort::Size,
        };
        self.reselect_base();
    }

    pub(in crate::wizard) fn toggle_all_bases(&mut self) {
        self.bases.filter = match self.bases.filter {
            BaseFilter::Fitting => BaseFilter::All,
            BaseFilter::All => BaseFilter::Fitting,
        };
        self.reselect_base();
    }

    /// Why the selected base cannot be taken, if it cannot.
    pub(in crate::wizard) fn refused_base(&self) -> Option<String> {
        let row = self.base_rows().get(self.bases.selected)?;
        (!row.compatible).then(|| format!("{} does not fit this app: {}", row.name, row.reason))
    }

    fn set_base(&mut self, id: &str) {
        self.draft.base = Some(id.to_string());
        if !self.touched.contains(&Step::User) {
            self.draft.user = None;
        }
        if !self.touched.contains(&Step::Healthcheck) {
            // Detection's health check (kept apart in the draft) applies again; the probe tool follows the base.
            self.draft.healthcheck = None;
        }
        self.touched.insert(Step::Base);
        self.recompute();
        self.jump_preview_to_step();
    }
}
