//! Configuration: built-in defaults from one embedded TOML file, overridden by the user's.

pub mod keymap;
pub mod keys;

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::action::{Action, Mode};
pub use keymap::{Keymap, Resolved};
pub use keys::{Key, KeySequence};

/// The built-in settings, as a TOML document.
pub const DEFAULTS: &str = include_str!("../../assets/default-config.toml");

/// `[keys.<mode>]` tables: key string -> action name.
type KeyTables = BTreeMap<String, BTreeMap<String, String>>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    keys: KeyTables,
}

/// Why settings cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{0}")]
    Toml(#[from] toml::de::Error),
    #[error("[keys.{mode}] \"{key}\": {reason}")]
    Binding {
        mode: String,
        key: String,
        reason: String,
    },
    #[error(transparent)]
    Conflict(#[from] keymap::BindingError),
}

#[derive(Clone, Debug)]
pub struct Config {
    pub keymap: Keymap,
}

impl Config {
    /// The built-in settings.
    pub fn defaults() -> Result<Config, ConfigError> {
        let file: File = toml::from_str(DEFAULTS)?;
        Ok(Config {
            keymap: keymap_from(&file.keys)?,
        })
    }
}

fn keymap_from(tables: &KeyTables) -> Result<Keymap, ConfigError> {
    let mut entries = Vec::new();
    for (mode_name, table) in tables {
        let binding_error = |key: &str, reason: String| ConfigError::Binding {
            mode: mode_name.clone(),
            key: key.to_string(),
            reason,
        };
        let Some(mode) = Mode::from_name(mode_name) else {
            return Err(binding_error("", format!("unknown mode {mode_name:?}")));
        };
        for (key, action_name) in table {
            if action_name == "none" {
                continue;
            }
            let sequence: KeySequence = key
                .parse()
                .map_err(|e: keys::KeyError| binding_error(key, e.reason))?;
            let action = Action::from_name(action_name)
                .ok_or_else(|| binding_error(key, format!("unknown action {action_name:?}")))?;
            entries.push((mode, sequence, action));
        }
    }
    Ok(Keymap::new(entries)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_load() {
        let config = Config::defaults().expect("the embedded defaults are valid");
        assert_eq!(
            config.keymap.keys_for(Mode::Normal, Action::MarkKnowWell),
            ["1", "w"]
        );
        assert_eq!(
            config.keymap.keys_for(Mode::Normal, Action::GoTop),
            ["g g", "home"]
        );
        assert_eq!(
            config.keymap.keys_for(Mode::Confirm, Action::Confirm),
            ["y", "enter"]
        );
    }
}
