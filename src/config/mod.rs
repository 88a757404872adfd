//! Configuration: built-in defaults from one embedded TOML file, overridden by the user's.
//!
//! Settings load in layers: the built-in file, then the user's `config.toml`, which changes only
//! what it names. Every value is checked where it is read, with its position, so a mistake is
//! reported as `path:line:column: what is wrong "value"` before the terminal or the workspace is
//! touched.

pub mod keymap;
pub mod keys;
pub mod screen;
pub mod theme;
mod values;

use values::{check_template, did_you_mean, named, number, role_pattern};

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use crate::action::{Action, Mode};
use crate::contact::parse_address;
use crate::export;
use crate::suggest::Roles;
pub use keymap::{Keymap, Resolved};
pub use keys::{Key, KeySequence};
pub use screen::{Column, Screen, Sort, View};
pub use theme::{Preset, Theme};

/// The built-in settings, as a TOML document.
pub const DEFAULTS: &str = include_str!("../../assets/default-config.toml");

/// The user's own addresses (mail they sent is told apart from mail they received).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Identity {
    pub addresses: Vec<String>,
}

/// Every setting, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub keymap: Keymap,
    pub theme: Theme,
    pub screen: Screen,
    pub export: export::Settings,
    pub identity: Identity,
    pub roles: Roles,
    /// Which suggestion rules are on.
    pub suggest: crate::suggest::Switches,
}

/// Why settings cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read the configuration file {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{origin}:{line}:{column}: {message}")]
    Invalid {
        /// The file, or "built-in defaults".
        origin: String,
        line: usize,
        column: usize,
        message: String,
    },
}

/// `<config dir>/config.toml` (`~/.config/vetted/config.toml` on Linux).
pub fn default_path() -> Option<std::path::PathBuf> {
    directories::ProjectDirs::from("", "", "vetted")
        .map(|dirs| dirs.config_dir().join("config.toml"))
}

/// Where the built-in settings' errors point (they are tested never to have any).
const BUILT_IN: &str = "built-in defaults";

impl Config {
    /// The built-in settings.
    pub fn defaults() -> Result<Config, ConfigError> {
        let mut draft = Draft::default();
        draft.apply(&Layer::new(BUILT_IN, DEFAULTS))?;
        draft.finish()
    }

    /// The built-in settings, for tests and benchmarks (the built-in file is tested to load).
    pub fn built_in() -> Config {
        match Config::defaults() {
            Ok(config) => config,
            Err(error) => panic!("the built-in settings do not load: {error}"),
        }
    }

    /// The built-in settings with the file at `path` over them.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Config::with_user_file(&path.display().to_string(), &text)
    }

    /// The built-in settings with `text` (read from `origin`) over them.
    pub fn with_user_file(origin: &str, text: &str) -> Result<Config, ConfigError> {
        let mut draft = Draft::default();
        draft.apply(&Layer::new(BUILT_IN, DEFAULTS))?;
        draft.apply(&Layer::new(origin, text))?;
        draft.finish()
    }
}

/// A place in a configuration file, for messages.
#[derive(Clone, Debug)]
struct Place {
    origin: Arc<str>,
    line: usize,
    column: usize,
}

impl Place {
    fn error(&self, message: String) -> ConfigError {
        ConfigError::Invalid {
            origin: self.origin.to_string(),
            line: self.line,
            column: self.column,
            message,
        }
    }

    fn is_built_in(&self) -> bool {
        &*self.origin == BUILT_IN
    }

    /// "line 4" within the same file, the full place otherwise.
    fn describe(&self) -> String {
        if self.is_built_in() {
            "the built-in defaults".into()
        } else {
            format!("line {}", self.line)
        }
    }
}

/// One configuration file being read.
struct Layer<'a> {
    origin: Arc<str>,
    text: &'a str,
}

impl<'a> Layer<'a> {
    fn new(origin: &str, text: &'a str) -> Layer<'a> {
        Layer {
            origin: origin.into(),
            text,
        }
    }

    fn place(&self, span: Range<usize>) -> Place {
        let before = &self.text[..span.start.min(self.text.len())];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |at| at + 1);
        Place {
            origin: self.origin.clone(),
            line,
            column: before[line_start..].chars().count() + 1,
        }
    }

    fn error<T>(&self, span: Range<usize>, message: String) -> Result<T, ConfigError> {
        Err(self.place(span).error(message))
    }
}

type Text = Spanned<String>;

/// A configuration file as written. Every field is optional: a layer changes what it names.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct File {
    keys: BTreeMap<Text, BTreeMap<Text, Text>>,
    theme: BTreeMap<Text, Text>,
    screen: ScreenFile,
    export: ExportFile,
    identity: IdentityFile,
    roles: RolesFile,
    suggest: SuggestFile,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct SuggestFile {
    role_address: Option<bool>,
    strong_exchange: Option<bool>,
    faded_exchange: Option<bool>,
    phone_book: Option<bool>,
    never_answered: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct ScreenFile {
    auto_advance: Option<bool>,
    confirm_above: Option<Spanned<i64>>,
    columns: Option<Vec<Text>>,
    sort: Option<Text>,
    view: Option<Text>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct ExportFile {
    batch_size: Option<Spanned<i64>>,
    outreach_batch_size: Option<Spanned<i64>>,
    note_limit: Option<Spanned<i64>>,
    template: Option<Text>,
    neutralize_formulas: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct IdentityFile {
    addresses: Option<Vec<Text>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct RolesFile {
    patterns: Option<Vec<Text>>,
}

/// A key binding and where it was made.
#[derive(Clone, Debug)]
struct Binding {
    /// As written, for messages.
    written: String,
    action: Action,
    place: Place,
}

/// Settings gathered from the layers read so far.
#[derive(Default)]
struct Draft {
    keys: BTreeMap<Mode, BTreeMap<KeySequence, Binding>>,
    /// Built-in bindings a file unbound or rebound, and where (for "no way out" errors).
    keys_taken: BTreeMap<Mode, Vec<(Action, Place)>>,
    theme: Option<Theme>,
    auto_advance: Option<bool>,
    confirm_above: Option<usize>,
    columns: Option<Vec<Column>>,
    sort: Option<Sort>,
    view: Option<View>,
    batch_size: Option<usize>,
    outreach_batch_size: Option<usize>,
    note_limit: Option<usize>,
    template: Option<String>,
    neutralize_formulas: Option<bool>,
    identity: Option<Vec<String>>,
    roles: Option<Vec<String>>,
    /// `[suggest]`: each rule's switch, as the layers set them.
    suggest: [Option<bool>; 5],
}

impl Draft {
    fn apply(&mut self, layer: &Layer) -> Result<(), ConfigError> {
        let file: File = toml::from_str(layer.text).map_err(|error| {
            let span = error.span().unwrap_or(0..0);
            // serde's word for a setting is "field".
            let mut message =
                error
                    .message()
                    .trim_end()
                    .replacen("unknown field", "unknown setting", 1);
            // An unknown setting gets the "did you mean" an unknown action gets.
            if message.starts_with("unknown setting") {
                let quoted: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
                if let Some((unknown, known)) = quoted.split_first()
                    && let Some(name) = did_you_mean(unknown, known)
                {
                    message = format!(
                        "unknown setting `{unknown}` (did you mean \"{name}\"?); the settings here are {}",
                        known.join(", ")
                    );
                }
            }
            // Quote what the parser stopped at, unless the message already names it.
            let written = layer.text.get(span.clone()).unwrap_or("").trim();
            let written = written.trim_matches('"');
            if !written.is_empty()
                && !written.contains('\n')
                && written.chars().count() <= 60
                && !message.contains(written)
            {
                message = format!("{message}: \"{written}\"");
            }
            layer.place(span).error(message)
        })?;
        self.apply_keys(layer, &file.keys)?;
        self.apply_theme(layer, &file.theme)?;

        let rules = file.suggest;
        for (slot, value) in self.suggest.iter_mut().zip([
            rules.role_address,
            rules.strong_exchange,
            rules.faded_exchange,
            rules.phone_book,
            rules.never_answered,
        ]) {
            set(slot, value);
        }
        let screen = file.screen;
        set(&mut self.auto_advance, screen.auto_advance);
        if let Some(value) = screen.confirm_above {
            self.confirm_above = Some(number(layer, &value, "[screen] confirm_above", 0)?);
        }
        if let Some(names) = screen.columns {
            let mut columns = Vec::new();
            for name in &names {
                let column = named(
                    layer,
                    name,
                    ("[screen] columns", "column"),
                    &Column::ALL,
                    |c| c.name(),
                )?;
                if columns.contains(&column) {
                    return layer.error(
                        name.span(),
                        format!("[screen] columns: \"{}\" is listed twice", name.get_ref()),
                    );
                }
                columns.push(column);
            }
            self.columns = Some(columns);
        }
        if let Some(name) = &screen.sort {
            self.sort = Some(named(
                layer,
                name,
                ("[screen] sort", "order"),
                &Sort::ALL,
                |s| s.name(),
            )?);
        }
        if let Some(name) = &screen.view {
            self.view = Some(named(
                layer,
                name,
                ("[screen] view", "view"),
                &View::ALL,
                |v| v.name(),
            )?);
        }

        let export = file.export;
        if let Some(value) = export.batch_size {
            self.batch_size = Some(number(layer, &value, "[export] batch_size", 1)?);
        }
        if let Some(value) = export.outreach_batch_size {
            self.outreach_batch_size =
                Some(number(layer, &value, "[export] outreach_batch_size", 1)?);
        }
        if let Some(value) = export.note_limit {
            self.note_limit = Some(number(layer, &value, "[export] note_limit", 1)?);
        }
        if let Some(template) = export.template {
            check_template(layer, &template)?;
            self.template = Some(template.into_inner());
        }
        set(&mut self.neutralize_formulas, export.neutralize_formulas);

        if let Some(values) = file.identity.addresses {
            let mut addresses = Vec::new();
            for value in values {
                match parse_address(value.get_ref()) {
                    Ok(address) => addresses.push(address),
                    Err(_) => {
                        return layer.error(
                            value.span(),
                            format!(
                                "[identity] addresses: \"{}\" is not an email address",
                                value.get_ref()
                            ),
                        );
                    }
                }
            }
            self.identity = Some(addresses);
        }
        if let Some(values) = file.roles.patterns {
            let mut patterns = Vec::new();
            for value in values {
                patterns.push(role_pattern(layer, &value)?);
            }
            self.roles = Some(patterns);
        }
        Ok(())
    }

    fn apply_keys(
        &mut self,
        layer: &Layer,
        tables: &BTreeMap<Text, BTreeMap<Text, Text>>,
    ) -> Result<(), ConfigError> {
        for (mode_name, table) in tables {
            let mode = named(layer, mode_name, ("[keys]", "mode"), &Mode::ALL, |m| {
                m.name()
            })?;
            let section = format!("[keys.{}]", mode.name());
            // Within one file, two spellings of one key ("K" and "shift-k") are a mistake.
            let mut written_here: BTreeMap<KeySequence, Place> = BTreeMap::new();
            for (key, action_name) in in_file_order(table) {
                let place = layer.place(key.span());
                let sequence: KeySequence =
                    key.get_ref().parse().map_err(|e: keys::KeyError| {
                        place.error(format!("{section} \"{}\": {}", key.get_ref(), e.reason))
                    })?;
                if let Some(first) = written_here.insert(sequence.clone(), place.clone()) {
                    return Err(place.error(format!(
                        "{section} \"{}\" is the same key as the one bound on {}",
                        key.get_ref(),
                        first.describe()
                    )));
                }
                let bindings = self.keys.entry(mode).or_default();
                if let Some(old) = bindings.remove(&sequence) {
                    self.keys_taken
                        .entry(mode)
                        .or_default()
                        .push((old.action, place.clone()));
                }
                if action_name.get_ref() == "none" {
                    continue;
                }
                let action = Action::from_name(action_name.get_ref()).ok_or_else(|| {
                    let names: Vec<&str> = Action::ALL.iter().map(|a| a.name()).collect();
                    let hint = did_you_mean(action_name.get_ref(), &names)
                        .map(|name| format!(" (did you mean \"{name}\"?)"))
                        .unwrap_or_default();
                    layer.place(action_name.span()).error(format!(
                        "{section} \"{}\": unknown action \"{}\"{hint}; the help screen (?) lists every action, and \"none\" unbinds the key",
                        key.get_ref(),
                        action_name.get_ref()
                    ))
                })?;
                if !mode.accepts(action) {
                    let modes: Vec<&str> = Mode::accepting(action).map(Mode::name).collect();
                    return layer.error(
                        action_name.span(),
                        format!(
                            "{section} \"{}\": \"{}\" does nothing in {} mode; it works in {}",
                            key.get_ref(),
                            action.name(),
                            mode.name(),
                            modes.join(", ")
                        ),
                    );
                }
                bindings.insert(
                    sequence,
                    Binding {
                        written: key.get_ref().clone(),
                        action,
                        place,
                    },
                );
            }
        }
        Ok(())
    }

    fn apply_theme(
        &mut self,
        layer: &Layer,
        table: &BTreeMap<Text, Text>,
    ) -> Result<(), ConfigError> {
        // The preset first, whatever its place in the table: elements change the preset.
        if let Some((_, name)) = table.iter().find(|(key, _)| key.get_ref() == "preset") {
            let preset = named(
                layer,
                name,
                ("[theme] preset", "preset"),
                &Preset::ALL,
                |p| p.name(),
            )?;
            self.theme = Some(preset.theme());
        }
        for (element, value) in in_file_order(table) {
            if element.get_ref() == "preset" {
                continue;
            }
            let theme = self.theme.get_or_insert_with(Theme::colors);
            let Some(style) = theme.element_mut(element.get_ref()) else {
                let mut names = vec!["preset"];
                names.extend_from_slice(Theme::ELEMENTS);
                let hint = did_you_mean(element.get_ref(), &names)
                    .map(|name| format!(" (did you mean \"{name}\"?)"))
                    .unwrap_or_default();
                return layer.error(
                    element.span(),
                    format!(
                        "[theme]: unknown element \"{}\"{hint}; the elements are {}",
                        element.get_ref(),
                        names.join(", ")
                    ),
                );
            };
            *style = theme::parse_style(value.get_ref()).map_err(|e| {
                layer.place(value.span()).error(format!(
                    "[theme] {} = \"{}\": {}",
                    element.get_ref(),
                    value.get_ref(),
                    e.reason
                ))
            })?;
        }
        Ok(())
    }

    fn finish(self) -> Result<Config, ConfigError> {
        let keymap = self.keymap()?;
        let missing = |name: &str| ConfigError::Invalid {
            origin: BUILT_IN.into(),
            line: 1,
            column: 1,
            message: format!("{name} has no value"),
        };
        let export = export::Settings {
            limit: self
                .batch_size
                .ok_or_else(|| missing("[export] batch_size"))?,
            outreach_limit: self
                .outreach_batch_size
                .ok_or_else(|| missing("[export] outreach_batch_size"))?,
            note_limit: self
                .note_limit
                .ok_or_else(|| missing("[export] note_limit"))?,
            template: self.template.ok_or_else(|| missing("[export] template"))?,
            neutralize_formulas: self
                .neutralize_formulas
                .ok_or_else(|| missing("[export] neutralize_formulas"))?,
        };
        Ok(Config {
            keymap,
            theme: self.theme.ok_or_else(|| missing("[theme] preset"))?,
            screen: Screen {
                auto_advance: self
                    .auto_advance
                    .ok_or_else(|| missing("[screen] auto_advance"))?,
                confirm_above: self
                    .confirm_above
                    .ok_or_else(|| missing("[screen] confirm_above"))?,
                columns: self.columns.ok_or_else(|| missing("[screen] columns"))?,
                sort: self.sort.ok_or_else(|| missing("[screen] sort"))?,
                view: self.view.ok_or_else(|| missing("[screen] view"))?,
            },
            export,
            identity: Identity {
                addresses: self
                    .identity
                    .ok_or_else(|| missing("[identity] addresses"))?,
            },
            roles: Roles::new(self.roles.ok_or_else(|| missing("[roles] patterns"))?),
            suggest: {
                let [
                    role_address,
                    strong_exchange,
                    faded_exchange,
                    phone_book,
                    never_answered,
                ] = self
                    .suggest
                    .map(|on| on.ok_or_else(|| missing("[suggest] a rule")));
                crate::suggest::Switches {
                    role_address: role_address?,
                    strong_exchange: strong_exchange?,
                    faded_exchange: faded_exchange?,
                    phone_book: phone_book?,
                    never_answered: never_answered?,
                }
            },
        })
    }

    /// The merged bindings, refusing conflicts and modes left without a way out.
    fn keymap(&self) -> Result<Keymap, ConfigError> {
        for (mode, bindings) in &self.keys {
            let section = format!("[keys.{}]", mode.name());
            let list: Vec<(&KeySequence, &Binding)> = bindings.iter().collect();
            for (i, (short, short_binding)) in list.iter().enumerate() {
                for (long, long_binding) in &list[i + 1..] {
                    let (short, short_binding, long, long_binding) =
                        if short.0.len() <= long.0.len() {
                            (short, short_binding, long, long_binding)
                        } else {
                            (long, long_binding, short, short_binding)
                        };
                    if long.0.starts_with(&short.0) {
                        return Err(prefix_conflict(
                            &section,
                            (short_binding, &short.to_string()),
                            (long_binding, &long.to_string()),
                        ));
                    }
                }
            }
        }
        for mode in Mode::ALL {
            let bindings = self.keys.get(&mode);
            for group in mode.required() {
                let bound = bindings.is_some_and(|b| b.values().any(|b| group.contains(&b.action)));
                if bound {
                    continue;
                }
                let names: Vec<String> = group.iter().map(|a| format!("\"{a}\"")).collect();
                let message = format!(
                    "[keys.{}]: no key is left for {}; there would be no way out of {} mode",
                    mode.name(),
                    names.join(" or "),
                    mode.name()
                );
                let taken = self.keys_taken.get(&mode).and_then(|taken| {
                    taken
                        .iter()
                        .rev()
                        .find(|(action, _)| group.contains(action))
                });
                return Err(match taken {
                    Some((_, place)) => place.error(message),
                    None => missing_place().error(message),
                });
            }
        }
        let entries = self.keys.iter().flat_map(|(mode, bindings)| {
            bindings
                .iter()
                .map(|(sequence, binding)| (*mode, sequence.clone(), binding.action))
        });
        Keymap::new(entries).map_err(|e| missing_place().error(e.to_string()))
    }
}

fn missing_place() -> Place {
    Place {
        origin: BUILT_IN.into(),
        line: 1,
        column: 1,
    }
}

/// Two bindings where one key sequence begins the other, reported at the later file's binding.
fn prefix_conflict(
    section: &str,
    (short, short_keys): (&Binding, &str),
    (long, long_keys): (&Binding, &str),
) -> ConfigError {
    let short_is_newer = !short.place.is_built_in() || long.place.is_built_in();
    let (here, other, other_keys) = if short_is_newer {
        (short, long, long_keys)
    } else {
        (long, short, short_keys)
    };
    let whose = if other.place.is_built_in() {
        "the built-in binding".to_string()
    } else {
        format!("the binding on {}", other.place.describe())
    };
    let problem = if short_is_newer {
        format!(
            "{whose} \"{long_keys}\" ({}) starts with this key, so it could never be typed",
            long.action
        )
    } else {
        format!(
            "it starts with {whose} \"{short_keys}\" ({}), so it could never be typed",
            short.action
        )
    };
    here.place.error(format!(
        "{section} \"{}\": {problem}; unbind one of them (\"{other_keys}\" = \"none\")",
        here.written
    ))
}

/// A table's entries in the order the file has them (so the first mistake is reported first).
fn in_file_order<V>(table: &BTreeMap<Text, V>) -> Vec<(&Text, &V)> {
    let mut entries: Vec<(&Text, &V)> = table.iter().collect();
    entries.sort_by_key(|(key, _)| key.span().start);
    entries
}

fn set<T>(slot: &mut Option<T>, value: Option<T>) {
    if value.is_some() {
        *slot = value;
    }
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
        assert_eq!(config.export, export::Settings::default());
        assert_eq!(config.theme, Theme::colors());
    }

    const EXAMPLE: &str = include_str!("../../config.example.toml");

    fn user(text: &str) -> Config {
        Config::with_user_file("config.toml", text).expect("a valid user file")
    }

    #[test]
    fn the_example_file_is_the_defaults() {
        assert_eq!(user(EXAMPLE), Config::built_in());
        // The theme's elements are commented out (uncommented, they would pin every colour and
        // make the preset pointless); uncommented, they must still be the default preset.
        let marker = "# The elements, as the default preset draws them:\n";
        let start = EXAMPLE.find(marker).expect("the theme's element list") + marker.len();
        let lines: Vec<&str> = EXAMPLE[start..]
            .lines()
            .take_while(|line| line.starts_with("# "))
            .map(|line| &line[2..])
            .collect();
        let names: Vec<&str> = lines
            .iter()
            .map(|line| line.split(" = ").next().unwrap_or(""))
            .collect();
        assert_eq!(names, Theme::ELEMENTS, "every element, in order");
        let uncommented = format!("[theme]\n{}\n", lines.join("\n"));
        assert_eq!(user(&uncommented).theme, Theme::colors());
        // And the defaults really are what the example's element list says.
        for name in Theme::ELEMENTS {
            let line = lines.iter().find(|l| l.starts_with(&format!("{name} ")));
            let written = line.and_then(|l| l.split('"').nth(1)).unwrap_or("");
            let style = Theme::colors().element(name).expect("an element");
            assert_eq!(written, theme::style_string(style), "{name}");
        }
    }

    #[test]
    fn a_partial_file_keeps_every_other_default() {
        let defaults = Config::built_in();
        let config = user(
            "[keys.normal]\n\"j\" = \"mark_know_well\"\n\"x\" = \"none\"\n\"shift-g\" = \"none\"\n\"ctrl-d\" = \"go_bottom\"\n\n[screen]\nsort = \"name\"\n",
        );
        for mode in Mode::ALL {
            let mut expected: Vec<(String, Action)> = defaults
                .keymap
                .bindings(mode)
                .iter()
                .map(|(keys, action)| (keys.to_string(), *action))
                .collect();
            if mode == Mode::Normal {
                // "shift-g" is another spelling of "G": it unbinds the built-in "G".
                expected.retain(|(keys, _)| !["j", "x", "G", "ctrl-d"].contains(&keys.as_str()));
                expected.push(("j".into(), Action::MarkKnowWell));
                expected.push(("ctrl-d".into(), Action::GoBottom));
            }
            let mut actual: Vec<(String, Action)> = config
                .keymap
                .bindings(mode)
                .iter()
                .map(|(keys, action)| (keys.to_string(), *action))
                .collect();
            expected.sort();
            actual.sort();
            assert_eq!(actual, expected, "{}", mode.name());
        }
        assert_eq!(config.screen.sort, Sort::Name);
        assert_eq!(
            Screen {
                sort: defaults.screen.sort,
                ..config.screen.clone()
            },
            defaults.screen
        );
        assert_eq!(config.theme, defaults.theme);
        assert_eq!(config.export, defaults.export);
        assert_eq!(config.roles, defaults.roles);
    }

    #[test]
    fn a_preset_with_elements_over_it() {
        let config = user("[theme]\ncursor = \"bold on #303030\"\npreset = \"high_contrast\"\n");
        let mut expected = Theme::high_contrast();
        expected.cursor = theme::parse_style("bold on #303030").expect("a style");
        assert_eq!(
            config.theme, expected,
            "the preset applies first, wherever it is written"
        );
        let recoloured = user("[theme]\nborder = \"blue\"\n");
        assert_eq!(
            recoloured.theme,
            Theme {
                border: theme::parse_style("blue").expect("a style"),
                ..Theme::colors()
            }
        );
    }

    #[test]
    fn errors_point_at_the_line_and_column() {
        let error = Config::with_user_file("c.toml", "\n[screen]\nsort =   \"nmae\"\n")
            .expect_err("a bad sort");
        assert_eq!(
            error.to_string(),
            "c.toml:3:10: [screen] sort: unknown order \"nmae\" (did you mean \"name\"?); it is one of relationship, last_contact, import, name, domain"
        );
    }

    #[test]
    fn suggestions_are_close_or_absent() {
        let names = ["mark_know_well", "mark_vaguely", "quit"];
        assert_eq!(
            did_you_mean("mark_known_well", &names),
            Some("mark_know_well")
        );
        assert_eq!(did_you_mean("mark-vaguely", &names), Some("mark_vaguely"));
        assert_eq!(did_you_mean("exit", &names), None);
    }
}
