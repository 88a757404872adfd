//! The keymap: which key sequence triggers which action, in each mode.
//!
//! Keys reach the application only through [`Keymap::resolve`], which also handles sequences
//! (`g g`): a key that begins a longer binding waits for the next one.

use std::collections::BTreeMap;

use super::keys::{Key, KeySequence};
use crate::action::{Action, Mode};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Keymap {
    bindings: BTreeMap<Mode, Vec<(KeySequence, Action)>>,
}

/// What a key press means, given the keys pressed before it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resolved {
    Action(Action),
    /// The keys so far begin a longer binding; wait for the next key.
    Pending,
    /// No binding; the key may still be text (search box, note editor).
    Unbound,
}

/// Why a set of bindings cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BindingError {
    #[error("{mode}: \"{first}\" and \"{second}\" are the same key")]
    Duplicate {
        mode: &'static str,
        first: String,
        second: String,
    },
    #[error(
        "{mode}: \"{prefix}\" is bound, so \"{longer}\" can never be typed; unbind one of them"
    )]
    Prefix {
        mode: &'static str,
        prefix: String,
        longer: String,
    },
}

impl Keymap {
    /// Builds a keymap from `(mode, key sequence, action)` bindings, refusing conflicts.
    pub fn new(
        entries: impl IntoIterator<Item = (Mode, KeySequence, Action)>,
    ) -> Result<Keymap, BindingError> {
        let mut bindings: BTreeMap<Mode, Vec<(KeySequence, Action)>> = BTreeMap::new();
        for (mode, sequence, action) in entries {
            let list = bindings.entry(mode).or_default();
            for (existing, _) in list.iter() {
                if *existing == sequence {
                    return Err(BindingError::Duplicate {
                        mode: mode.name(),
                        first: existing.to_string(),
                        second: sequence.to_string(),
                    });
                }
                let (short, long) = if existing.0.len() < sequence.0.len() {
                    (existing, &sequence)
                } else {
                    (&sequence, existing)
                };
                if long.0.starts_with(&short.0) {
                    return Err(BindingError::Prefix {
                        mode: mode.name(),
                        prefix: short.to_string(),
                        longer: long.to_string(),
                    });
                }
            }
            list.push((sequence, action));
        }
        Ok(Keymap { bindings })
    }

    pub fn bindings(&self, mode: Mode) -> &[(KeySequence, Action)] {
        self.bindings.get(&mode).map_or(&[], Vec::as_slice)
    }

    /// The key sequences bound to `action` in `mode`, as the user would write them, shortest
    /// first (so hints show `y` rather than `enter`).
    pub fn keys_for(&self, mode: Mode, action: Action) -> Vec<String> {
        let mut keys: Vec<String> = self
            .bindings(mode)
            .iter()
            .filter(|(_, a)| *a == action)
            .map(|(k, _)| k.to_string())
            .collect();
        keys.sort_by(|a, b| {
            a.chars()
                .count()
                .cmp(&b.chars().count())
                .then_with(|| a.cmp(b))
        });
        keys
    }

    /// Resolves `key`, pressed after the keys in `pending` (which this updates).
    pub fn resolve(&self, mode: Mode, pending: &mut Vec<Key>, key: Key) -> Resolved {
        pending.push(key);
        let bindings = self.bindings(mode);
        if let Some((_, action)) = bindings.iter().find(|(sequence, _)| sequence.0 == *pending) {
            pending.clear();
            return Resolved::Action(*action);
        }
        if bindings
            .iter()
            .any(|(sequence, _)| sequence.0.starts_with(pending))
        {
            return Resolved::Pending;
        }
        // The keys before did not lead anywhere with this one; try it on its own.
        let had_prefix = pending.len() > 1;
        pending.clear();
        if had_prefix {
            return self.resolve(mode, pending, key);
        }
        Resolved::Unbound
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seq(text: &str) -> KeySequence {
        text.parse().expect("valid")
    }

    fn key(text: &str) -> Key {
        text.parse().expect("valid")
    }

    #[test]
    fn sequences_wait_for_their_next_key() {
        let keymap = Keymap::new([
            (Mode::Normal, seq("g g"), Action::GoTop),
            (Mode::Normal, seq("G"), Action::GoBottom),
            (Mode::Normal, seq("j"), Action::MoveDown),
        ])
        .expect("no conflicts");
        let mut pending = Vec::new();
        assert_eq!(
            keymap.resolve(Mode::Normal, &mut pending, key("g")),
            Resolved::Pending
        );
        assert_eq!(
            keymap.resolve(Mode::Normal, &mut pending, key("g")),
            Resolved::Action(Action::GoTop)
        );
        assert!(pending.is_empty());
        assert_eq!(
            keymap.resolve(Mode::Normal, &mut pending, key("g")),
            Resolved::Pending
        );
        assert_eq!(
            keymap.resolve(Mode::Normal, &mut pending, key("j")),
            Resolved::Action(Action::MoveDown),
            "a broken sequence still runs its last key"
        );
        assert_eq!(
            keymap.resolve(Mode::Normal, &mut pending, key("x")),
            Resolved::Unbound
        );
        assert_eq!(
            keymap.resolve(Mode::Help, &mut pending, key("j")),
            Resolved::Unbound,
            "modes are separate"
        );
    }

    #[test]
    fn conflicts_are_refused() {
        let duplicate = Keymap::new([
            (Mode::Normal, seq("K"), Action::MoveUp),
            (Mode::Normal, seq("shift-k"), Action::MoveDown),
        ]);
        assert_eq!(
            duplicate.err().map(|e| e.to_string()).as_deref(),
            Some("normal: \"K\" and \"K\" are the same key")
        );
        let prefix = Keymap::new([
            (Mode::Normal, seq("g"), Action::GoTop),
            (Mode::Normal, seq("g g"), Action::GoBottom),
        ]);
        assert!(matches!(prefix, Err(BindingError::Prefix { .. })));
        let separate = Keymap::new([
            (Mode::Normal, seq("g"), Action::GoTop),
            (Mode::Help, seq("g g"), Action::GoBottom),
        ]);
        assert!(separate.is_ok(), "modes do not conflict with each other");
    }
}
