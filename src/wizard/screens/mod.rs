//! The transitions of each screen, as `impl App` blocks over the state in `state`. The keys each screen takes
//! are data in `keymap`; these functions are what their commands do. A screen does not call another screen or
//! move between steps: what follows (the next step, looking at the files again) is decided in `app`.

pub mod args;
pub mod bases;
pub mod form;
pub mod language;
pub mod member;
pub mod preview;
pub mod review;

#[cfg(test)]
mod tests;
