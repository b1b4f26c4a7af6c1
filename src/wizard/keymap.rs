//! Key bindings of the wizard as data: each screen's own table and the wizard's global one. The same tables turn
//! keys into actions, build the footer and list the help, so a key shown is a key that works.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{
    action::{Action, Command},
    form::Form,
};

/// Which table of keys applies: the step's screen in its current mode, or what is laid over it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Member,
    Language,
    /// A step that is a form: build system, user, health check.
    Form,
    /// The base table showing what fits (`Bases`) or every base (`AllBases`).
    Bases,
    AllBases,
    ArgsList,
    ArgEditor,
    /// The review's form with its findings; `ReviewWithDiff` when a diff of existing files is shown under them.
    Review,
    ReviewWithDiff,
    /// The diff of files that would be replaced, waiting for a second Enter.
    ConfirmReplace,
    FullPreview,
    Help,
}

#[derive(Debug, Clone, Copy)]
enum Mods {
    /// The screens' own keys take the key whatever is held with it.
    Any,
    Exactly(KeyModifiers),
    /// These and possibly more (Ctrl+C quits with Shift or Alt held too).
    Including(KeyModifiers),
}

#[derive(Debug, Clone, Copy)]
pub struct Key {
    code: KeyCode,
    mods: Mods,
}

impl Key {
    fn matches(&self, key: &KeyEvent) -> bool {
        self.code == key.code
            && match self.mods {
                Mods::Any => true,
                Mods::Exactly(mods) => key.modifiers == mods,
                Mods::Including(mods) => key.modifiers.contains(mods),
            }
    }

    /// A plain character: a text field types it instead.
    fn typed(&self) -> bool {
        matches!(self.code, KeyCode::Char(_))
            && matches!(
                self.mods,
                Mods::Any | Mods::Exactly(KeyModifiers::NONE | KeyModifiers::SHIFT)
            )
    }
}

const fn any(code: KeyCode) -> Key {
    Key {
        code,
        mods: Mods::Any,
    }
}

const fn exact(code: KeyCode, mods: KeyModifiers) -> Key {
    Key {
        code,
        mods: Mods::Exactly(mods),
    }
}

const fn plain(code: KeyCode) -> Key {
    exact(code, KeyModifiers::NONE)
}

const fn ch(c: char) -> Key {
    any(KeyCode::Char(c))
}

#[derive(Clone, Copy)]
pub struct Binding {
    pub keys: &'static [Key],
    pub command: Command,
    /// The key as the footer and the help show it; empty: not listed (the second key of a pair shown once).
    pub label: &'static str,
    /// What the key does, short, for the footer (and the help of a screen's own keys).
    pub what: &'static str,
    /// What the key does in full, for the help (the wizard's keys).
    pub help: &'static str,
}

const fn bind(
    keys: &'static [Key],
    command: Command,
    label: &'static str,
    what: &'static str,
) -> Binding {
    Binding {
        keys,
        command,
        label,
        what,
        help: what,
    }
}

const fn hidden(keys: &'static [Key], command: Command) -> Binding {
    bind(keys, command, "", "")
}

const UP: &[Key] = &[any(KeyCode::Up), ch('k')];
const DOWN: &[Key] = &[any(KeyCode::Down), ch('j')];

/// Paging through a diff, wherever one is shown.
const DIFF_PAGES: [Binding; 2] = [
    bind(
        &[any(KeyCode::PageDown)],
        Command::DiffPageDown,
        "PgUp/PgDn",
        "scroll diff",
    ),
    hidden(&[any(KeyCode::PageUp)], Command::DiffPageUp),
];

const LIST: &[Binding] = &[
    bind(UP, Command::Up, "↑↓", "choose"),
    hidden(DOWN, Command::Down),
    hidden(&[any(KeyCode::Home)], Command::First),
    hidden(&[any(KeyCode::End)], Command::Last),
];

/// A form's keys go to the focused field: it moves between fields and changes a choice or a toggle (a text field
/// takes its keys before any table is looked at).
const FORM: &[Binding] = &[
    bind(UP, Command::Edit, "↑↓", "field"),
    hidden(DOWN, Command::Edit),
    bind(
        &[
            any(KeyCode::Left),
            ch('h'),
            any(KeyCode::Right),
            ch('l'),
            ch(' '),
        ],
        Command::Edit,
        "←→",
        "change",
    ),
];

const REVIEW_WITH_DIFF: &[Binding] = &[FORM[0], FORM[1], FORM[2], DIFF_PAGES[0], DIFF_PAGES[1]];

const BASES: &[Binding] = &[
    bind(UP, Command::Up, "↑↓", "base"),
    hidden(DOWN, Command::Down),
    bind(&[ch('s')], Command::ToggleSort, "s", "sort"),
    bind(&[ch('a')], Command::ToggleAllBases, "a", "show all"),
];

const ALL_BASES: &[Binding] = &[
    BASES[0],
    BASES[1],
    BASES[2],
    bind(&[ch('a')], Command::ToggleAllBases, "a", "only fits"),
];

const ARGS_LIST: &[Binding] = &[
    hidden(UP, Command::Up),
    hidden(DOWN, Command::Down),
    bind(&[ch('a')], Command::AddArg, "a", "add"),
    bind(&[ch('e')], Command::EditArg, "e", "edit"),
    bind(
        &[ch('d'), any(KeyCode::Delete)],
        Command::DeleteArg,
        "d",
        "delete",
    ),
];

/// The arg editor keeps every other key for its fields: Tab does not leave the step with the arg half typed.
const ARG_EDITOR: &[Binding] = &[
    bind(
        &[any(KeyCode::Up), any(KeyCode::Down)],
        Command::Edit,
        "↑↓",
        "field",
    ),
    bind(
        &[any(KeyCode::Enter)],
        Command::SaveArg,
        "Enter",
        "save arg",
    ),
    bind(&[any(KeyCode::Esc)], Command::CancelArg, "Esc", "cancel"),
    hidden(&[any(KeyCode::Tab), any(KeyCode::BackTab)], Command::Edit),
];

/// While a replacement waits, the arrows scroll the diff and the form stays as it was confirmed.
const CONFIRM_REPLACE: &[Binding] = &[
    bind(
        &[any(KeyCode::Enter), any(KeyCode::Tab)],
        Command::Next,
        "Enter",
        "confirm replace",
    ),
    bind(
        &[any(KeyCode::Esc), any(KeyCode::BackTab)],
        Command::Back,
        "Esc",
        "keep them",
    ),
    bind(UP, Command::DiffUp, "↑↓", "scroll diff"),
    hidden(DOWN, Command::DiffDown),
    DIFF_PAGES[0],
    DIFF_PAGES[1],
];

const FULL_PREVIEW: &[Binding] = &[
    bind(UP, Command::LineUp, "↑↓", "line"),
    hidden(DOWN, Command::LineDown),
    bind(
        &[any(KeyCode::Esc)],
        Command::ClosePreview,
        "Esc",
        "back to the form",
    ),
];

const NONE: KeyModifiers = KeyModifiers::NONE;

/// The wizard's keys, after the screen's own.
pub const GLOBAL: &[Binding] = &[
    Binding {
        keys: &[plain(KeyCode::Enter), plain(KeyCode::Tab)],
        command: Command::Next,
        label: "Enter",
        what: "next",
        help: "accept this step and go on (on the last step: write)",
    },
    Binding {
        keys: &[
            exact(KeyCode::BackTab, KeyModifiers::SHIFT),
            plain(KeyCode::BackTab),
            plain(KeyCode::Esc),
        ],
        command: Command::Back,
        label: "Esc",
        what: "back",
        help: "back (in a text field: undo the edit first)",
    },
    Binding {
        // `p` is kept for those used to it; `f` works at every size.
        keys: &[plain(KeyCode::Char('f')), plain(KeyCode::Char('p'))],
        command: Command::TogglePreview,
        label: "f",
        what: "preview",
        help: "full-screen preview (f again or Esc: back)",
    },
    Binding {
        keys: &[
            plain(KeyCode::Char('?')),
            exact(KeyCode::Char('?'), KeyModifiers::SHIFT),
        ],
        command: Command::Help,
        label: "?",
        what: "help",
        help: "help",
    },
    Binding {
        keys: &[Key {
            code: KeyCode::Char('c'),
            mods: Mods::Including(KeyModifiers::CONTROL),
        }],
        command: Command::Quit,
        label: "Ctrl+C",
        what: "quit",
        help: "quit without writing",
    },
    Binding {
        keys: &[plain(KeyCode::Char(']'))],
        command: Command::LineDown,
        label: "[ ]",
        what: "why",
        help: "select a preview line to see why it is there",
    },
    Binding {
        keys: &[exact(KeyCode::Char('['), NONE)],
        command: Command::LineUp,
        label: "",
        what: "",
        help: "",
    },
    Binding {
        keys: &[plain(KeyCode::PageDown)],
        command: Command::PreviewDown,
        label: "PgUp/PgDn",
        what: "scroll",
        help: "scroll the preview",
    },
    Binding {
        keys: &[plain(KeyCode::PageUp)],
        command: Command::PreviewUp,
        label: "",
        what: "",
        help: "",
    },
];

impl Screen {
    /// The screen's own keys, looked at before the wizard's.
    pub fn bindings(self) -> &'static [Binding] {
        match self {
            Screen::Member | Screen::Language => LIST,
            Screen::Form | Screen::Review => FORM,
            Screen::ReviewWithDiff => REVIEW_WITH_DIFF,
            Screen::Bases => BASES,
            Screen::AllBases => ALL_BASES,
            Screen::ArgsList => ARGS_LIST,
            Screen::ArgEditor => ARG_EDITOR,
            Screen::ConfirmReplace => CONFIRM_REPLACE,
            Screen::FullPreview => FULL_PREVIEW,
            Screen::Help => &[],
        }
    }

    /// What a key no table has does: the arg editor hands it to its fields; elsewhere nothing.
    fn fallback(self) -> Option<Command> {
        (self == Screen::ArgEditor).then_some(Command::Edit)
    }
}

fn command_for(bindings: &[Binding], key: &KeyEvent) -> Option<Command> {
    bindings
        .iter()
        .find(|b| b.keys.iter().any(|k| k.matches(key)))
        .map(|b| b.command)
}

fn action(command: Command, key: &KeyEvent) -> Action {
    match command {
        Command::Edit => Action::Edit(*key),
        other => Action::Do(other),
    }
}

/// The action for a key on `screen`, whose live form (if any) is `form`. In order: quitting, closing the help,
/// a focused text field typing the key, the screen's keys, the wizard's keys, the screen's fallback.
pub fn resolve(screen: Screen, form: Option<&Form>, key: &KeyEvent) -> Option<Action> {
    if command_for(GLOBAL, key) == Some(Command::Quit) {
        return Some(Action::Do(Command::Quit));
    }
    if screen == Screen::Help {
        return Some(Action::Do(Command::CloseHelp));
    }
    if form
        .and_then(Form::focused)
        .is_some_and(|row| row.is_text() && row.takes(key))
    {
        return Some(Action::Edit(*key));
    }
    command_for(screen.bindings(), key)
        .or_else(|| command_for(GLOBAL, key))
        .or_else(|| screen.fallback())
        .map(|command| action(command, key))
}

/// The footer's entries, `(key, what)`: the screen's own keys first, then the wizard's that the screen does not
/// relabel. `enter` says what Enter does here ("next", or the review's action). While a text field has the
/// focus, the wizard's keys it would type instead are left out.
pub fn footer(screen: Screen, enter: &'static str, typing: bool) -> Footer {
    let own: Vec<(&'static str, &'static str)> = screen
        .bindings()
        .iter()
        .filter(|b| !b.label.is_empty())
        .map(|b| (b.label, b.what))
        .collect();
    let taken = |label: &str| own.iter().any(|(k, _)| *k == label);
    let mut entries = own.clone();
    for b in GLOBAL
        .iter()
        .filter(|b| !b.label.is_empty() && !taken(b.label))
    {
        if typing && b.keys.iter().all(Key::typed) {
            continue;
        }
        let what = if b.command == Command::Next {
            enter
        } else {
            b.what
        };
        entries.push((b.label, what));
    }
    Footer {
        own: own.len(),
        entries,
    }
}

/// The help's list for `screen`: its own keys, then every key of the wizard with its full text.
pub fn help(screen: Screen) -> Vec<(&'static str, &'static str)> {
    screen
        .bindings()
        .iter()
        .filter(|b| !b.label.is_empty())
        .map(|b| (b.label, b.what))
        .chain(
            GLOBAL
                .iter()
                .filter(|b| !b.label.is_empty())
                .map(|b| (b.label, b.help)),
        )
        .collect()
}

/// The keys the footer offers; `own` of them (the first) are the screen's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Footer {
    pub entries: Vec<(&'static str, &'static str)>,
    pub own: usize,
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

/// Drop the least needed footer entries until the footer fits `width` columns.
pub fn fit(footer: &Footer, width: usize) -> Vec<(&'static str, &'static str)> {
    let cells = |e: &[(&str, &str)]| {
        e.iter()
            .map(|(k, w)| k.chars().count() + w.chars().count() + 3)
            .sum::<usize>()
    };
    let mut entries = footer.entries.clone();
    let mut step_keys = footer.own;
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

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn a_narrow_footer_keeps_help_and_quit() {
        let all = footer(Screen::ArgsList, "next", false);
        let fitted = fit(&all, 60);
        let labels: Vec<&str> = fitted.iter().map(|(k, _)| *k).collect();
        for kept in ["a", "Ctrl+C", "?", "f", "Enter"] {
            assert!(labels.contains(&kept), "{kept} dropped: {labels:?}");
        }
        assert!(!labels.contains(&"PgUp/PgDn"));
        assert_eq!(
            fit(&all, 500),
            all.entries,
            "nothing is dropped when it fits"
        );
    }

    /// Every key a screen lists in its footer resolves, on that screen, to the command listed with it.
    #[test]
    fn every_listed_key_does_what_the_footer_says() {
        let screens = [
            Screen::Member,
            Screen::Language,
            Screen::Form,
            Screen::Bases,
            Screen::AllBases,
            Screen::ArgsList,
            Screen::ArgEditor,
            Screen::Review,
            Screen::ReviewWithDiff,
            Screen::ConfirmReplace,
            Screen::FullPreview,
        ];
        for screen in screens {
            let shown = footer(screen, "next", false);
            for (label, _) in &shown.entries {
                let binding = screen
                    .bindings()
                    .iter()
                    .chain(GLOBAL)
                    .find(|b| b.label == *label)
                    .expect("a listed key has a binding");
                for k in binding.keys {
                    let event = KeyEvent::new(
                        k.code,
                        match k.mods {
                            Mods::Any => KeyModifiers::NONE,
                            Mods::Exactly(m) | Mods::Including(m) => m,
                        },
                    );
                    let resolved = match resolve(screen, None, &event) {
                        Some(Action::Do(c)) => Some(c),
                        Some(Action::Edit(_)) => Some(Command::Edit),
                        _ => None,
                    };
                    assert_eq!(
                        resolved,
                        Some(binding.command),
                        "{screen:?}: `{label}` ({:?})",
                        k.code
                    );
                }
            }
        }
    }

    #[test]
    fn help_and_footer_list_the_same_keys() {
        for screen in [Screen::Bases, Screen::ArgEditor, Screen::ConfirmReplace] {
            let footer: Vec<&str> = footer(screen, "next", false)
                .entries
                .iter()
                .map(|(k, _)| *k)
                .collect();
            let help: Vec<&str> = help(screen).iter().map(|(k, _)| *k).collect();
            for k in &footer {
                assert!(
                    help.contains(k),
                    "{screen:?}: {k} in the footer, not in help"
                );
            }
        }
    }

    #[test]
    fn a_text_field_types_characters_and_the_footer_leaves_them_out() {
        let form = Form::new(vec![super::super::form::Row::text("port", "Port", "80")]);
        assert!(matches!(
            resolve(Screen::Form, Some(&form), &key(KeyCode::Char('f'))),
            Some(Action::Edit(_))
        ));
        assert_eq!(
            resolve(Screen::Form, Some(&form), &key(KeyCode::Enter)).map(|a| format!("{a:?}")),
            Some("Do(Next)".to_string())
        );
        let typing = footer(Screen::Form, "next", true);
        let labels: Vec<&str> = typing.entries.iter().map(|(k, _)| *k).collect();
        assert!(!labels.contains(&"f") && !labels.contains(&"?") && labels.contains(&"Ctrl+C"));
        // Ctrl+C quits from any screen, the help too; any other key closes the help.
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert!(matches!(
            resolve(Screen::Help, None, &ctrl_c),
            Some(Action::Do(Command::Quit))
        ));
        assert!(matches!(
            resolve(Screen::Help, None, &key(KeyCode::Char('x'))),
            Some(Action::Do(Command::CloseHelp))
        ));
    }
}
