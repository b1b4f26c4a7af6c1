//! A small form model shared by the steps: rows that are choices (left/right), text fields (ratatui-textarea),
//! or toggles, each with an inline error. Keys go to the focused row first; it says whether it used them.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::TextArea;

pub enum Widget {
    Choice {
        options: Vec<(String, String)>,
        selected: usize,
    },
    Text {
        area: Box<TextArea<'static>>,
        original: String,
    },
    Toggle(bool),
}

pub struct Row {
    /// Which answer the row edits (`port`, `params.app`, `user.uid`...); errors are matched on it.
    pub id: String,
    pub label: String,
    pub widget: Widget,
    pub hint: String,
    pub error: Option<String>,
    /// Where the value came from: the project (file, line and why), the answers file, a choice made here, or a
    /// default and whose.
    pub source: Option<Source>,
    /// What an empty text field falls back to ("blank = the app's port, 8080"), shown while it is empty.
    pub fallback: Option<String>,
}

/// Where a value came from, short enough for the value's line and in full for the focused row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub kind: SourceKind,
    /// `go.mod:3`, `default`, `answers file`.
    pub short: String,
    /// The whole sentence: `go.mod:3: the go directive (a minimum) `1.22`: 1.25 is the lowest offered...`.
    pub full: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    Detected,
    AnswersFile,
    Chosen,
    Default,
}

pub fn text_area(value: &str) -> Box<TextArea<'static>> {
    let mut area = TextArea::new(vec![value.to_string()]);
    area.set_cursor_line_style(ratatui::style::Style::default());
    area.move_cursor(ratatui_textarea::CursorMove::End);
    Box::new(area)
}

impl Row {
    pub fn choice(id: &str, label: &str, options: Vec<(String, String)>, value: &str) -> Row {
        let selected = options.iter().position(|(v, _)| v == value).unwrap_or(0);
        Row::new(id, label, Widget::Choice { options, selected })
    }

    pub fn text(id: &str, label: &str, value: &str) -> Row {
        Row::new(
            id,
            label,
            Widget::Text {
                area: text_area(value),
                original: value.to_string(),
            },
        )
    }

    pub fn toggle(id: &str, label: &str, value: bool) -> Row {
        Row::new(id, label, Widget::Toggle(value))
    }

    fn new(id: &str, label: &str, widget: Widget) -> Row {
        Row {
            id: id.into(),
            label: label.into(),
            widget,
            hint: String::new(),
            error: None,
            source: None,
            fallback: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Row {
        self.hint = hint.into();
        self
    }

    /// Say what an empty field means; a focused empty text field shows it as its placeholder.
    pub fn with_fallback(mut self, fallback: impl Into<String>) -> Row {
        let fallback = fallback.into();
        if let Widget::Text { area, .. } = &mut self.widget {
            area.set_placeholder_text(fallback.clone());
        }
        self.fallback = Some(fallback);
        self
    }

    pub fn value(&self) -> String {
        match &self.widget {
            Widget::Choice { options, selected } => options
                .get(*selected)
                .map(|o| o.0.clone())
                .unwrap_or_default(),
            Widget::Text { area, .. } => area.lines().join(""),
            Widget::Toggle(on) => on.to_string(),
        }
    }

    pub fn display(&self) -> String {
        match &self.widget {
            Widget::Choice { options, selected } => options
                .get(*selected)
                .map(|o| o.1.clone())
                .unwrap_or_default(),
            Widget::Text { area, .. } => area.lines().join(""),
            Widget::Toggle(on) => if *on { "yes" } else { "no" }.into(),
        }
    }

    pub fn is_text(&self) -> bool {
        matches!(self.widget, Widget::Text { .. })
    }

    /// Whether [`Row::key`] would use `key`, asked without using it: a text field types nearly every key.
    pub fn takes(&self, key: &KeyEvent) -> bool {
        match &self.widget {
            Widget::Choice { options, .. } => {
                !options.is_empty()
                    && matches!(
                        key.code,
                        KeyCode::Left | KeyCode::Right | KeyCode::Char('h' | 'l' | ' ')
                    )
            }
            Widget::Toggle(_) => matches!(
                key.code,
                KeyCode::Left | KeyCode::Right | KeyCode::Char(' ' | 'h' | 'l')
            ),
            Widget::Text { area, original } => match key.code {
                KeyCode::Enter
                | KeyCode::Tab
                | KeyCode::BackTab
                | KeyCode::Up
                | KeyCode::Down
                | KeyCode::PageUp
                | KeyCode::PageDown => false,
                KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => false,
                KeyCode::Esc => area.lines().join("") != *original,
                _ => true,
            },
        }
    }

    /// Offer a key; `true` when the row used it.
    fn key(&mut self, key: &KeyEvent) -> bool {
        match &mut self.widget {
            Widget::Choice { options, selected } => match key.code {
                KeyCode::Left | KeyCode::Char('h') if !options.is_empty() => {
                    *selected = (*selected + options.len() - 1) % options.len();
                    true
                }
                KeyCode::Right | KeyCode::Char('l') | KeyCode::Char(' ') if !options.is_empty() => {
                    *selected = (*selected + 1) % options.len();
                    true
                }
                _ => false,
            },
            Widget::Toggle(on) => match key.code {
                KeyCode::Left
                | KeyCode::Right
                | KeyCode::Char(' ')
                | KeyCode::Char('h')
                | KeyCode::Char('l') => {
                    *on = !*on;
                    true
                }
                _ => false,
            },
            Widget::Text { area, original } => match key.code {
                KeyCode::Enter | KeyCode::Tab | KeyCode::BackTab | KeyCode::Up | KeyCode::Down => {
                    false
                }
                KeyCode::PageUp | KeyCode::PageDown => false,
                KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => false,
                KeyCode::Esc => {
                    let current = area.lines().join("");
                    if current == *original {
                        false
                    } else {
                        let placeholder = area.placeholder_text().to_string();
                        *area = text_area(original);
                        area.set_placeholder_text(placeholder);
                        true
                    }
                }
                _ => {
                    area.input(*key);
                    true
                }
            },
        }
    }
}

#[derive(Default)]
pub struct Form {
    pub rows: Vec<Row>,
    pub focus: usize,
}

impl Form {
    pub fn new(rows: Vec<Row>) -> Form {
        Form { rows, focus: 0 }
    }

    pub fn get(&self, id: &str) -> Option<&Row> {
        self.rows.iter().find(|r| r.id == id)
    }

    pub fn value(&self, id: &str) -> Option<String> {
        self.get(id).map(Row::value)
    }

    pub fn focused(&self) -> Option<&Row> {
        self.rows.get(self.focus)
    }

    /// Offer a key to the form: the focused row first, then row navigation. `true` when used.
    pub fn key(&mut self, key: &KeyEvent) -> bool {
        if let Some(row) = self.rows.get_mut(self.focus)
            && row.key(key)
        {
            return true;
        }
        let text = self.focused().is_some_and(Row::is_text);
        match key.code {
            KeyCode::Up => self.move_focus(-1),
            KeyCode::Down => self.move_focus(1),
            KeyCode::Char('k') if !text => self.move_focus(-1),
            KeyCode::Char('j') if !text => self.move_focus(1),
            _ => false,
        }
    }

    fn move_focus(&mut self, delta: isize) -> bool {
        if self.rows.is_empty() {
            return false;
        }
        let n = self.rows.len() as isize;
        let next = (self.focus as isize + delta).clamp(0, n - 1) as usize;
        if next != self.focus {
            if let Some(Widget::Text { area, original }) =
                self.rows.get_mut(self.focus).map(|r| &mut r.widget)
            {
                *original = area.lines().join("");
            }
            self.focus = next;
        }
        true
    }

    /// Put errors next to the rows they belong to; errors for other fields are returned.
    pub fn set_errors(&mut self, errors: &[crate::field_error::FieldError]) -> Vec<String> {
        for row in &mut self.rows {
            row.error = None;
        }
        let mut rest = Vec::new();
        for e in errors {
            match self
                .rows
                .iter_mut()
                .find(|r| e.field == r.id || e.field.starts_with(&format!("{}.", r.id)))
            {
                Some(row) if row.error.is_none() => row.error = Some(e.message.clone()),
                Some(_) => {}
                None => rest.push(format!("{}: {}", e.field, e.message)),
            }
        }
        rest
    }

    pub fn has_errors(&self) -> bool {
        self.rows.iter().any(|r| r.error.is_some())
    }
}
