//! Key strings as configuration files write them: `"j"`, `"K"`, `"ctrl-d"`, `"shift-tab"`,
//! `"enter"`, `"space"`, `"f1"`, and sequences such as `"g g"`.
//!
//! A [`Key`] is normalised so that one key has one spelling: letters carry their case (`"K"`, not
//! `"shift-k"`), shift-tab is its own key, modifiers come in the order ctrl, alt, shift. Parsing
//! and displaying round-trip, which is what lets the help screen show the bindings exactly as a
//! user would write them.

use std::fmt;
use std::str::FromStr;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Code {
    Char(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
    Insert,
    Home,
    End,
    PageUp,
    PageDown,
    Up,
    Down,
    Left,
    Right,
    F(u8),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    pub code: Code,
    pub ctrl: bool,
    pub alt: bool,
    /// Only for keys without case (`shift-up`); letters carry shift in their case.
    pub shift: bool,
}

impl Key {
    pub const fn plain(code: Code) -> Key {
        Key {
            code,
            ctrl: false,
            alt: false,
            shift: false,
        }
    }

    /// The key a terminal event stands for, or `None` for keys vetted never binds.
    pub fn from_event(event: &KeyEvent) -> Option<Key> {
        let code = match event.code {
            KeyCode::Char(c) => Code::Char(c),
            KeyCode::Enter => Code::Enter,
            KeyCode::Esc => Code::Esc,
            KeyCode::Tab if event.modifiers.contains(KeyModifiers::SHIFT) => Code::BackTab,
            KeyCode::Tab => Code::Tab,
            KeyCode::BackTab => Code::BackTab,
            KeyCode::Backspace => Code::Backspace,
            KeyCode::Delete => Code::Delete,
            KeyCode::Insert => Code::Insert,
            KeyCode::Home => Code::Home,
            KeyCode::End => Code::End,
            KeyCode::PageUp => Code::PageUp,
            KeyCode::PageDown => Code::PageDown,
            KeyCode::Up => Code::Up,
            KeyCode::Down => Code::Down,
            KeyCode::Left => Code::Left,
            KeyCode::Right => Code::Right,
            KeyCode::F(n) => Code::F(n),
            _ => return None,
        };
        let shift = event.modifiers.contains(KeyModifiers::SHIFT);
        Some(Key {
            code,
            ctrl: event.modifiers.contains(KeyModifiers::CONTROL),
            alt: event.modifiers.contains(KeyModifiers::ALT),
            shift: shift && !matches!(code, Code::Char(_) | Code::BackTab),
        })
    }
}

/// Why a key string is not one.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{reason}")]
pub struct KeyError {
    pub reason: String,
}

const NAMES: &[(&str, Code)] = &[
    ("enter", Code::Enter),
    ("esc", Code::Esc),
    ("tab", Code::Tab),
    ("backtab", Code::BackTab),
    ("space", Code::Char(' ')),
    ("backspace", Code::Backspace),
    ("delete", Code::Delete),
    ("insert", Code::Insert),
    ("home", Code::Home),
    ("end", Code::End),
    ("pageup", Code::PageUp),
    ("pagedown", Code::PageDown),
    ("up", Code::Up),
    ("down", Code::Down),
    ("left", Code::Left),
    ("right", Code::Right),
];

/// Other spellings people write, accepted and shown in the canonical form.
const ALIASES: &[(&str, &str)] = &[
    ("return", "enter"),
    ("escape", "esc"),
    ("del", "delete"),
    ("ins", "insert"),
    ("pgup", "pageup"),
    ("pgdn", "pagedown"),
    ("page_up", "pageup"),
    ("page_down", "pagedown"),
];

impl FromStr for Key {
    type Err = KeyError;

    fn from_str(text: &str) -> Result<Key, KeyError> {
        let error = |reason: String| KeyError { reason };
        if text.is_empty() {
            return Err(error("an empty key".into()));
        }
        let mut rest = text;
        let mut key = Key::plain(Code::Esc);
        loop {
            let lower = rest.to_ascii_lowercase();
            let prefix = ["ctrl-", "alt-", "shift-"]
                .into_iter()
                .find(|p| lower.starts_with(p) && rest.len() > p.len());
            match prefix {
                Some("ctrl-") => key.ctrl = true,
                Some("alt-") => key.alt = true,
                Some(_) => key.shift = true,
                None => break,
            }
            rest = &rest[prefix.map_or(0, str::len)..];
        }
        let mut chars = rest.chars();
        key.code = match (chars.next(), chars.next()) {
            (Some(c), None) if !c.is_whitespace() && !c.is_control() => Code::Char(c),
            _ => {
                let lower = rest.to_ascii_lowercase();
                let name = ALIASES
                    .iter()
                    .find(|(alias, _)| *alias == lower)
                    .map_or(lower.as_str(), |(_, n)| n);
                if let Some((_, code)) = NAMES.iter().find(|(n, _)| *n == name) {
                    *code
                } else if let Some(number) =
                    name.strip_prefix('f').and_then(|n| n.parse::<u8>().ok())
                {
                    if !(1..=24).contains(&number) {
                        return Err(error(format!(
                            "there is no function key {rest:?} (f1 to f24)"
                        )));
                    }
                    Code::F(number)
                } else {
                    return Err(error(format!(
                        "unknown key {rest:?} (write a single character, or one of enter, esc, tab, space, backspace, delete, insert, home, end, pageup, pagedown, up, down, left, right, f1-f24, with ctrl-, alt- or shift- before it)"
                    )));
                }
            }
        };
        // One spelling per key: shift on a letter is its upper case; shift-tab is backtab.
        if key.shift {
            match key.code {
                Code::Char(c) if c.is_alphabetic() => {
                    key.code = Code::Char(c.to_uppercase().next().unwrap_or(c));
                    key.shift = false;
                }
                Code::Char(c) => {
                    return Err(error(format!(
                        "shift-{c} is not a key of its own; write the character shift makes instead"
                    )));
                }
                Code::Tab | Code::BackTab => {
                    key.code = Code::BackTab;
                    key.shift = false;
                }
                _ => {}
            }
        }
        Ok(key)
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("ctrl-")?;
        }
        if self.alt {
            f.write_str("alt-")?;
        }
        if self.shift {
            f.write_str("shift-")?;
        }
        match self.code {
            Code::BackTab => f.write_str("shift-tab"),
            Code::Char(' ') => f.write_str("space"),
            Code::Char(c) => write!(f, "{c}"),
            Code::F(n) => write!(f, "f{n}"),
            code => {
                let name = NAMES
                    .iter()
                    .find(|(_, c)| *c == code)
                    .map_or("?", |(n, _)| n);
                f.write_str(name)
            }
        }
    }
}

/// One or more keys pressed in turn (`"g g"`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeySequence(pub Vec<Key>);

impl FromStr for KeySequence {
    type Err = KeyError;

    fn from_str(text: &str) -> Result<KeySequence, KeyError> {
        let keys = text
            .split_whitespace()
            .map(Key::from_str)
            .collect::<Result<Vec<_>, _>>()?;
        if keys.is_empty() {
            return Err(KeyError {
                reason: "an empty key".into(),
            });
        }
        Ok(KeySequence(keys))
    }
}

impl fmt::Display for KeySequence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, key) in self.0.iter().enumerate() {
            if index > 0 {
                f.write_str(" ")?;
            }
            write!(f, "{key}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_strings_round_trip() {
        for text in [
            "j",
            "K",
            "?",
            "/",
            "0",
            "ctrl-d",
            "ctrl-r",
            "alt-x",
            "ctrl-alt-delete",
            "shift-tab",
            "enter",
            "esc",
            "space",
            "backspace",
            "pagedown",
            "pageup",
            "home",
            "end",
            "up",
            "shift-up",
            "f1",
            "f12",
            "g g",
            "ctrl-x ctrl-s",
            "é",
        ] {
            let parsed: KeySequence = text.parse().unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(parsed.to_string(), text);
        }
    }

    #[test]
    fn other_spellings_normalise() {
        for (written, canonical) in [
            ("shift-k", "K"),
            ("Return", "enter"),
            ("ESCAPE", "esc"),
            ("PgDn", "pagedown"),
            ("CTRL-d", "ctrl-d"),
            ("Ctrl-D", "ctrl-D"),
            ("shift-Tab", "shift-tab"),
            ("backtab", "shift-tab"),
            ("F5", "f5"),
        ] {
            assert_eq!(
                written.parse::<Key>().map(|k| k.to_string()),
                Ok(canonical.to_string()),
                "{written}"
            );
        }
    }

    #[test]
    fn malformed_keys_are_refused_with_a_reason() {
        for text in [
            "", "ctrl-", "hyper-x", "f0", "f99", "shift-1", "enterr", "ctrl-dd",
        ] {
            let result = text.parse::<KeySequence>();
            assert!(result.is_err(), "{text:?} parsed as {:?}", result);
        }
        let message = "enterr"
            .parse::<Key>()
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(message.contains("unknown key \"enterr\""), "{message}");
    }

    #[test]
    fn terminal_events_map_to_the_same_keys() {
        let event = |code, modifiers| KeyEvent::new(code, modifiers);
        let cases = [
            (event(KeyCode::Char('K'), KeyModifiers::SHIFT), "K"),
            (event(KeyCode::Char('d'), KeyModifiers::CONTROL), "ctrl-d"),
            (event(KeyCode::BackTab, KeyModifiers::SHIFT), "shift-tab"),
            (event(KeyCode::Tab, KeyModifiers::SHIFT), "shift-tab"),
            (event(KeyCode::Char(' '), KeyModifiers::NONE), "space"),
            (event(KeyCode::Up, KeyModifiers::SHIFT), "shift-up"),
        ];
        for (event, text) in cases {
            assert_eq!(
                Key::from_event(&event).map(|k| k.to_string()).as_deref(),
                Some(text)
            );
        }
    }
}
