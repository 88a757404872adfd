//! Styles for every element of the screen.
//!
//! With `NO_COLOR` set, no colour is used at all: emphasis comes from bold, reverse video and
//! dimming, so the screen stays readable on any terminal.

use ratatui::style::{Color, Modifier, Style};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Theme {
    pub border: Style,
    pub title: Style,
    pub tab: Style,
    pub tab_active: Style,
    pub table_header: Style,
    pub cursor: Style,
    pub selected: Style,
    pub know_well: Style,
    pub vaguely: Style,
    pub dont_know: Style,
    pub unreviewed: Style,
    pub needs_review: Style,
    pub dim: Style,
    pub key: Style,
    pub error: Style,
    pub info: Style,
    pub gauge: Style,
    /// Matched characters in search results.
    pub highlight: Style,
    pub search: Style,
}

impl Theme {
    pub fn colors() -> Theme {
        Theme {
            border: Style::new().fg(Color::DarkGray),
            title: Style::new().add_modifier(Modifier::BOLD),
            tab: Style::new(),
            tab_active: Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            table_header: Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            cursor: Style::new()
                .bg(Color::Indexed(236))
                .add_modifier(Modifier::BOLD),
            selected: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            know_well: Style::new().fg(Color::Green),
            vaguely: Style::new().fg(Color::Yellow),
            dont_know: Style::new().fg(Color::Red),
            unreviewed: Style::new().fg(Color::DarkGray),
            needs_review: Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD),
            dim: Style::new().fg(Color::DarkGray),
            key: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            error: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            info: Style::new().fg(Color::Green),
            gauge: Style::new().fg(Color::Green),
            highlight: Style::new()
                .fg(Color::Yellow)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            search: Style::new().fg(Color::Cyan),
        }
    }

    pub fn no_color() -> Theme {
        let plain = Style::new();
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let dim = Style::new().add_modifier(Modifier::DIM);
        Theme {
            border: plain,
            title: bold,
            tab: plain,
            tab_active: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            table_header: Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            cursor: Style::new().add_modifier(Modifier::REVERSED),
            selected: bold,
            know_well: bold,
            vaguely: plain,
            dont_know: plain,
            unreviewed: dim,
            needs_review: bold,
            dim,
            key: bold,
            error: bold,
            info: plain,
            gauge: plain,
            highlight: Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            search: bold,
        }
    }

    /// The theme for this environment: `NO_COLOR` (set and not empty) turns colour off.
    pub fn from_env() -> Theme {
        match std::env::var_os("NO_COLOR") {
            Some(value) if !value.is_empty() => Theme::no_color(),
            _ => Theme::colors(),
        }
    }
}
