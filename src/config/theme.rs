//! Styles for every element of the screen, and the style strings configuration files use
//! (`"bold yellow on #202020"`).
//!
//! With `NO_COLOR` set, no colour is used at all: emphasis comes from bold, reverse video and
//! dimming, so the screen stays readable on any terminal.

use std::fmt::{self, Write};

use ratatui::style::{Color, Modifier, Style};

macro_rules! theme {
    ($( $(#[doc = $doc:literal])+ $field:ident, )*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub struct Theme {
            $( $(#[doc = $doc])+ pub $field: Style, )*
        }

        impl Theme {
            /// Every element's configuration name, in the order the example file lists them.
            pub const ELEMENTS: &'static [&'static str] = &[$(stringify!($field)),*];

            /// The style of the element named `name`.
            pub fn element_mut(&mut self, name: &str) -> Option<&mut Style> {
                match name {
                    $(stringify!($field) => Some(&mut self.$field),)*
                    _ => None,
                }
            }

            pub fn element(&self, name: &str) -> Option<Style> {
                match name {
                    $(stringify!($field) => Some(self.$field),)*
                    _ => None,
                }
            }
        }
    };
}

theme! {
    /// Frame lines.
    border,
    /// The title and headings of dialogs.
    title,
    /// A tab that is not shown.
    tab,
    /// The tab shown.
    tab_active,
    /// The column names above the list.
    table_header,
    /// The contact under the cursor.
    cursor,
    /// Selected contacts and the selection marker.
    selected,
    /// The know-well badge.
    know_well,
    /// The vaguely badge.
    vaguely,
    /// The don't-know badge.
    dont_know,
    /// The unreviewed badge.
    unreviewed,
    /// The badge of contacts an import asked you to look at again.
    needs_review,
    /// Secondary text.
    dim,
    /// Keys in the footer and the help screen.
    key,
    /// Error messages.
    error,
    /// Confirmations in the status line.
    info,
    /// The progress bar.
    gauge,
    /// Matched characters in search results.
    highlight,
    /// The search box.
    search,
}

/// The built-in themes a configuration can start from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preset {
    Default,
    HighContrast,
    NoColor,
}

impl Preset {
    pub const ALL: [Preset; 3] = [Preset::Default, Preset::HighContrast, Preset::NoColor];

    pub fn name(self) -> &'static str {
        match self {
            Preset::Default => "default",
            Preset::HighContrast => "high_contrast",
            Preset::NoColor => "no_color",
        }
    }

    pub fn theme(self) -> Theme {
        match self {
            Preset::Default => Theme::colors(),
            Preset::HighContrast => Theme::high_contrast(),
            Preset::NoColor => Theme::no_color(),
        }
    }
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

    /// Bright colours on the terminal's background, bold badges, a reversed cursor: for low
    /// vision and washed-out screens.
    pub fn high_contrast() -> Theme {
        let bold = |color| Style::new().fg(color).add_modifier(Modifier::BOLD);
        Theme {
            border: Style::new().fg(Color::White),
            title: bold(Color::White),
            tab: Style::new().fg(Color::White),
            tab_active: Style::new()
                .fg(Color::Black)
                .bg(Color::White)
                .add_modifier(Modifier::BOLD),
            table_header: bold(Color::White).add_modifier(Modifier::UNDERLINED),
            cursor: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            selected: bold(Color::LightCyan),
            know_well: bold(Color::LightGreen),
            vaguely: bold(Color::LightYellow),
            dont_know: bold(Color::LightRed),
            unreviewed: Style::new().fg(Color::White),
            needs_review: bold(Color::LightMagenta),
            dim: Style::new().fg(Color::Gray),
            key: bold(Color::LightCyan),
            error: bold(Color::LightRed),
            info: bold(Color::LightGreen),
            gauge: bold(Color::LightGreen),
            highlight: Style::new()
                .fg(Color::Black)
                .bg(Color::LightYellow)
                .add_modifier(Modifier::BOLD),
            search: bold(Color::LightCyan),
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

    /// This theme, unless `NO_COLOR` is set (and not empty): then no colour at all, whatever
    /// the configuration says.
    pub fn unless_no_color(self) -> Theme {
        match std::env::var_os("NO_COLOR") {
            Some(value) if !value.is_empty() => Theme::no_color(),
            _ => self,
        }
    }
}

const COLORS: &[(&str, Color)] = &[
    ("default", Color::Reset),
    ("black", Color::Black),
    ("red", Color::Red),
    ("green", Color::Green),
    ("yellow", Color::Yellow),
    ("blue", Color::Blue),
    ("magenta", Color::Magenta),
    ("cyan", Color::Cyan),
    ("gray", Color::Gray),
    ("dark_gray", Color::DarkGray),
    ("light_red", Color::LightRed),
    ("light_green", Color::LightGreen),
    ("light_yellow", Color::LightYellow),
    ("light_blue", Color::LightBlue),
    ("light_magenta", Color::LightMagenta),
    ("light_cyan", Color::LightCyan),
    ("white", Color::White),
];

const MODIFIERS: &[(&str, Modifier)] = &[
    ("bold", Modifier::BOLD),
    ("dim", Modifier::DIM),
    ("italic", Modifier::ITALIC),
    ("underlined", Modifier::UNDERLINED),
    ("reversed", Modifier::REVERSED),
    ("crossed_out", Modifier::CROSSED_OUT),
];

/// Why a style string is not one.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{reason}")]
pub struct StyleError {
    pub reason: String,
}

/// Parses a style: modifiers (`bold dim italic underlined reversed crossed_out`), then at most
/// one foreground colour, then optionally `on` and a background colour. Colours are names
/// (`dark_gray`, `light_cyan`, `default`), `#rrggbb`, or a 256-colour palette index (`0`-`255`).
/// `"plain"` is no style at all.
pub fn parse_style(text: &str) -> Result<Style, StyleError> {
    let error = |reason: String| Err(StyleError { reason });
    let mut style = Style::new();
    let mut words = text.split_whitespace().peekable();
    if words.peek().is_none() {
        return error("a style is empty; write \"plain\" for no style".into());
    }
    if text.trim() == "plain" {
        return Ok(style);
    }
    let mut foreground = false;
    while let Some(word) = words.next() {
        if let Some((_, modifier)) = MODIFIERS.iter().find(|(name, _)| *name == word) {
            style = style.add_modifier(*modifier);
        } else if word == "on" {
            let Some(background) = words.next() else {
                return error("\"on\" needs a background colour after it".into());
            };
            style = style.bg(parse_color(background)?);
            if let Some(extra) = words.next() {
                return error(format!(
                    "\"{extra}\" after the background colour; write modifiers first, then the colour, then \"on\" and the background"
                ));
            }
        } else if foreground {
            return error(format!(
                "\"{word}\": a style has one foreground colour; write \"on {word}\" for a background"
            ));
        } else {
            style = style.fg(parse_color(word)?);
            foreground = true;
        }
    }
    Ok(style)
}

fn parse_color(word: &str) -> Result<Color, StyleError> {
    if let Some((_, color)) = COLORS.iter().find(|(name, _)| *name == word) {
        return Ok(*color);
    }
    if let Some(hex) = word.strip_prefix('#') {
        if hex.len() == 6 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0);
            return Ok(Color::Rgb(channel(0), channel(2), channel(4)));
        }
        return Err(StyleError {
            reason: format!("\"{word}\" is not a colour; write #rrggbb with six hex digits"),
        });
    }
    if word.bytes().all(|b| b.is_ascii_digit()) {
        return match word.parse::<u8>() {
            Ok(index) => Ok(Color::Indexed(index)),
            Err(_) => Err(StyleError {
                reason: format!("\"{word}\" is not a palette colour; they go from 0 to 255"),
            }),
        };
    }
    let known: Vec<&str> = COLORS.iter().map(|(name, _)| *name).collect();
    let known_words: Vec<&str> = MODIFIERS
        .iter()
        .map(|(name, _)| *name)
        .chain(known.iter().copied())
        .collect();
    let hint = super::did_you_mean(word, &known_words)
        .map(|name| format!(" (did you mean \"{name}\"?)"))
        .unwrap_or_default();
    Err(StyleError {
        reason: format!(
            "\"{word}\" is not a colour or a modifier{hint}; colours are {}, #rrggbb or 0-255",
            known.join(", ")
        ),
    })
}

/// The style as a configuration file writes it; [`parse_style`] reads it back.
pub fn style_string(style: Style) -> String {
    struct Words(String);
    impl Words {
        fn push(&mut self, word: impl fmt::Display) {
            if !self.0.is_empty() {
                self.0.push(' ');
            }
            let _ = write!(self.0, "{word}");
        }
    }
    let mut words = Words(String::new());
    for (name, modifier) in MODIFIERS {
        if style.add_modifier.contains(*modifier) {
            words.push(name);
        }
    }
    if let Some(color) = style.fg {
        words.push(color_string(color));
    }
    if let Some(color) = style.bg {
        words.push("on");
        words.push(color_string(color));
    }
    if words.0.is_empty() {
        "plain".into()
    } else {
        words.0
    }
}

fn color_string(color: Color) -> String {
    if let Some((name, _)) = COLORS.iter().find(|(_, c)| *c == color) {
        return (*name).to_string();
    }
    match color {
        Color::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
        Color::Indexed(index) => index.to_string(),
        other => format!("{other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styles_round_trip() {
        for text in [
            "plain",
            "bold",
            "red",
            "bold underlined yellow on #202020",
            "reversed",
            "dark_gray on 236",
            "on light_blue",
            "italic default",
        ] {
            let style = parse_style(text).expect(text);
            assert_eq!(style_string(style), text);
        }
        for preset in Preset::ALL {
            let theme = preset.theme();
            for element in Theme::ELEMENTS {
                let style = theme.element(element).expect("an element");
                assert_eq!(
                    parse_style(&style_string(style)),
                    Ok(style),
                    "{element} of {}",
                    preset.name()
                );
            }
        }
    }

    #[test]
    fn bad_styles_say_what_is_wrong() {
        let reason = |text| parse_style(text).expect_err(text).reason;
        assert!(reason("").contains("empty"));
        assert!(reason("#12345").contains("six hex digits"));
        assert!(reason("300").contains("0 to 255"));
        assert!(reason("red blue").contains("one foreground colour"));
        assert!(reason("bold on").contains("needs a background"));
        assert!(reason("on red bold").contains("\"bold\" after the background"));
        let unknown = reason("yelow");
        assert!(unknown.contains("\"yelow\" is not a colour"), "{unknown}");
        assert!(unknown.contains("did you mean \"yellow\""), "{unknown}");
    }
}
