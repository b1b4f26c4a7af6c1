//! The transitions of each screen, as `impl App` blocks beside the state only that screen has. The keys each
//! screen takes are data in `keymap`; these functions are what their commands do.

pub mod args;
pub mod bases;
pub mod form;
pub mod language;
pub mod member;
pub mod preview;
pub mod review;

#[cfg(test)]
mod tests;
