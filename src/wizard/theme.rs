//! Colours and styles of the wizard, in one place.

use ratatui::style::{Color, Modifier, Style};

pub const ACCENT: Color = Color::Cyan;
pub const TITLE: Style = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
pub const DIM: Style = Style::new().fg(Color::DarkGray);
pub const ERROR: Style = Style::new().fg(Color::Red).add_modifier(Modifier::BOLD);
pub const WARN: Style = Style::new().fg(Color::Yellow);
pub const OK: Style = Style::new().fg(Color::Green);
pub const FOCUS: Style = Style::new()
    .fg(Color::Black)
    .bg(Color::Cyan)
    .add_modifier(Modifier::BOLD);
pub const DETECTED: Style = Style::new().fg(Color::Green).add_modifier(Modifier::ITALIC);
pub const KEY: Style = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);

pub const COMMENT: Style = Style::new()
    .fg(Color::DarkGray)
    .add_modifier(Modifier::ITALIC);
pub const KEYWORD: Style = Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD);
pub const FLAG: Style = Style::new().fg(Color::Blue);
pub const STRING: Style = Style::new().fg(Color::Green);
pub const VARIABLE: Style = Style::new().fg(Color::Yellow);
pub const MARK: Style = Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD);
pub const MARKED_LINE: Style = Style::new().bg(Color::Rgb(40, 40, 20));
pub const SELECTED: Style = Style::new()
    .fg(Color::Black)
    .bg(Color::Yellow)
    .add_modifier(Modifier::BOLD);
