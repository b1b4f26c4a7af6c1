//! The runtime-base table's state: its rows as shown (sorted, filtered), the selection, and how they are listed.

use crate::compare::BaseRow;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BaseSort {
    #[default]
    Size,
    Name,
}

/// Which bases the table lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BaseFilter {
    /// What fits (and the current base, whatever its fit).
    #[default]
    Fitting,
    /// Also the bases that fit only with a caveat and those that do not fit (grouped below what fits).
    All,
}

#[derive(Default)]
pub struct BaseTable<'c> {
    pub selected: usize,
    pub sort: BaseSort,
    pub filter: BaseFilter,
    /// How many bases fit, fit with a caveat, and do not fit this app.
    pub counts: (usize, usize, usize),
    /// The table as shown (sorted, filtered). Computed on entering the step and when the app or the view
    /// changes, not per key or per frame: it checks every base in the catalog.
    pub(in crate::wizard) rows: Vec<BaseRow<'c>>,
    /// Counts the times `rows` was computed, so the view model copies them only when they change.
    pub(in crate::wizard) generation: u64,
}
