//! Key bindings of the wizard. The same table dispatches keys and builds the footer, so the footer always lists
//! exactly the keys that work on the current screen.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a key asks the wizard to do once the focused step did not consume it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Next,
    Back,
    Quit,
    Help,
    TogglePreview,
    PreviewUp,
    PreviewDown,
    LineUp,
    LineDown,
}

pub struct Binding {
    pub keys: &'static [(KeyCode, KeyModifiers)],
    pub label: &'static str,
    pub help: &'static str,
    pub action: Action,
}

const NONE: KeyModifiers = KeyModifiers::NONE;

pub const BINDINGS: &[Binding] = &[
    Binding {
        keys: &[(KeyCode::Enter, NONE), (KeyCode::Tab, NONE)],
        label: "Enter",
        help: "accept this step and go on (on the last step: write)",
        action: Action::Next,
    },
    Binding {
        keys: &[
            (KeyCode::BackTab, KeyModifiers::SHIFT),
            (KeyCode::BackTab, NONE),
            (KeyCode::Esc, NONE),
        ],
        label: "Esc",
        help: "back (in a text field: undo the edit first)",
        action: Action::Back,
    },
    Binding {
        // `p` is kept for those used to it; `f` works at every size.
        keys: &[(KeyCode::Char('f'), NONE), (KeyCode::Char('p'), NONE)],
        label: "f",
        help: "full-screen preview (f again or Esc: back)",
        action: Action::TogglePreview,
    },
    Binding {
        keys: &[
            (KeyCode::Char('?'), NONE),
            (KeyCode::Char('?'), KeyModifiers::SHIFT),
        ],
        label: "?",
        help: "help",
        action: Action::Help,
    },
    Binding {
        keys: &[(KeyCode::Char('c'), KeyModifiers::CONTROL)],
        label: "Ctrl+C",
        help: "quit without writing",
        action: Action::Quit,
    },
    Binding {
        keys: &[(KeyCode::Char(']'), NONE)],
        label: "[ ]",
        help: "select a preview line to see why it is there",
        action: Action::LineDown,
    },
    Binding {
        keys: &[(KeyCode::Char('['), NONE)],
        label: "",
        help: "",
        action: Action::LineUp,
    },
    Binding {
        keys: &[(KeyCode::PageDown, NONE)],
        label: "PgUp/PgDn",
        help: "scroll the preview",
        action: Action::PreviewDown,
    },
    Binding {
        keys: &[(KeyCode::PageUp, NONE)],
        label: "",
        help: "",
        action: Action::PreviewUp,
    },
];

/// The wizard-level action for a key, if any.
pub fn action(key: &KeyEvent) -> Option<Action> {
    BINDINGS
        .iter()
        .find(|b| {
            b.keys
                .iter()
                .any(|(code, mods)| *code == key.code && key.modifiers == *mods)
        })
        .map(|b| b.action)
}

/// `(key, what)` pairs for the footer: the step's own keys first, then the wizard's. `enter` says what Enter
/// does here ("next", or "write" on the last step).
pub fn footer(
    step_keys: &[(&'static str, &'static str)],
    enter: &'static str,
) -> Vec<(&'static str, &'static str)> {
    let mut out: Vec<(&str, &str)> = step_keys.to_vec();
    let taken = |label: &str| step_keys.iter().any(|(k, _)| *k == label);
    for b in BINDINGS
        .iter()
        .filter(|b| !b.label.is_empty() && !taken(b.label))
    {
        let short = match b.action {
            Action::Next => enter,
            Action::Back => "back",
            Action::Quit => "quit",
            Action::Help => "help",
            Action::TogglePreview => "preview",
            Action::LineDown | Action::LineUp => "why",
            Action::PreviewDown | Action::PreviewUp => "scroll",
        };
        out.push((b.label, short));
    }
    out
}

/// How soon a footer entry is dropped when the footer does not fit (lower goes first); `None` never goes, so a
/// narrow terminal still shows how to quit, where help is and how to see the preview. Help lists them all.
fn drop_rank(key: &str, index: usize, step_keys: usize) -> Option<u8> {
    match key {
        "?" | "Ctrl+C" | "f" | "Enter" => None,
        "PgUp/PgDn" => Some(0),
        "[ ]" => Some(1),
        "Esc" => Some(2),
        _ if index == 0 => Some(5),
        _ if index < step_keys => Some(3),
        _ => Some(0),
    }
}

/// Drop the least needed footer entries until the footer fits `width` columns. `step_keys` is how many of the
/// entries are the step's own (they come first).
pub fn fit(
    mut entries: Vec<(&'static str, &'static str)>,
    step_keys: usize,
    width: usize,
) -> Vec<(&'static str, &'static str)> {
    let cells = |e: &[(&str, &str)]| {
        e.iter()
            .map(|(k, w)| k.chars().count() + w.chars().count() + 3)
            .sum::<usize>()
    };
    let mut step_keys = step_keys;
    while cells(&entries) > width {
        let victim = entries
            .iter()
            .enumerate()
            .filter_map(|(i, (k, _))| drop_rank(k, i, step_keys).map(|r| (r, i)))
            .min_by_key(|(rank, i)| (*rank, std::cmp::Reverse(*i)));
        let Some((_, i)) = victim else { break };
        entries.remove(i);
        if i < step_keys {
            step_keys -= 1;
        }
    }
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_narrow_footer_keeps_help_and_quit() {
        let step = [("a", "add"), ("e", "edit"), ("d", "delete")];
        let all = footer(&step, "next");
        let fitted = fit(all.clone(), step.len(), 60);
        let labels: Vec<&str> = fitted.iter().map(|(k, _)| *k).collect();
        for kept in ["a", "Ctrl+C", "?", "f", "Enter"] {
            assert!(labels.contains(&kept), "{kept} dropped: {labels:?}");
        }
        assert!(!labels.contains(&"PgUp/PgDn"));
        assert_eq!(
            fit(all.clone(), step.len(), 500),
            all,
            "nothing is dropped when it fits"
        );
    }
}
