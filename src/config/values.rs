//! Checks of single values in a configuration file: numbers, names from a list (with "did you
//! mean"), the message template's placeholders, role patterns.

use toml::Spanned;

use super::{ConfigError, Layer, Text};

/// A whole number of at least `least`.
pub(super) fn number(
    layer: &Layer,
    value: &Spanned<i64>,
    setting: &str,
    least: i64,
) -> Result<usize, ConfigError> {
    let number = *value.get_ref();
    if number < least {
        return layer.error(
            value.span(),
            format!("{setting} = {number}: it must be {least} or more"),
        );
    }
    usize::try_from(number).or_else(|_| {
        layer.error(
            value.span(),
            format!("{setting} = {number}: it is too large"),
        )
    })
}

/// One of `choices`, by its configuration name.
pub(super) fn named<T: Copy>(
    layer: &Layer,
    value: &Text,
    (setting, what): (&str, &str),
    choices: &[T],
    name: impl Fn(T) -> &'static str,
) -> Result<T, ConfigError> {
    if let Some(choice) = choices
        .iter()
        .copied()
        .find(|c| name(*c) == value.get_ref())
    {
        return Ok(choice);
    }
    let names: Vec<&str> = choices.iter().map(|c| name(*c)).collect();
    let hint = did_you_mean(value.get_ref(), &names)
        .map(|name| format!(" (did you mean \"{name}\"?)"))
        .unwrap_or_default();
    layer.error(
        value.span(),
        format!(
            "{setting}: unknown {what} \"{}\"{hint}; it is one of {}",
            value.get_ref(),
            names.join(", ")
        ),
    )
}

/// Placeholders the message template may use.
const PLACEHOLDERS: [&str; 5] = [
    "{first_name}",
    "{note}",
    "{organization}",
    "{last_subject}",
    "{since_year}",
];

pub(super) fn check_template(layer: &Layer, template: &Text) -> Result<(), ConfigError> {
    let text = template.get_ref();
    let mut rest = text.as_str();
    while let Some(open) = rest.find('{') {
        let after = &rest[open..];
        let placeholder = after.find('}').map_or(after, |close| &after[..=close]);
        if !PLACEHOLDERS.contains(&placeholder) {
            let hint = did_you_mean(placeholder, &PLACEHOLDERS)
                .map(|p| format!(" (did you mean \"{p}\"?)"))
                .unwrap_or_default();
            return layer.error(
                template.span(),
                format!(
                    "[export] template: unknown placeholder \"{placeholder}\"{hint}; it may use {}",
                    PLACEHOLDERS.join(", ")
                ),
            );
        }
        rest = &after[placeholder.len()..];
    }
    Ok(())
}

pub(super) fn role_pattern(layer: &Layer, value: &Text) -> Result<String, ConfigError> {
    let pattern = value.get_ref().trim().to_lowercase();
    let problem = if pattern.is_empty() || pattern.chars().all(|c| c == '*') {
        Some("it would match every address")
    } else if pattern.chars().any(char::is_whitespace) {
        Some("addresses have no spaces")
    } else if pattern.matches('@').count() > 1 {
        Some("an address has one @")
    } else {
        None
    };
    match problem {
        Some(problem) => layer.error(
            value.span(),
            format!("[roles] patterns: \"{}\": {problem}", value.get_ref()),
        ),
        None => Ok(pattern),
    }
}

/// The candidate closest to `word`, when it is close enough to be what was meant.
pub(crate) fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let normal = |s: &str| s.to_lowercase().replace(['-', ' '], "_");
    let word = normal(word);
    let (distance, best) = candidates
        .iter()
        .map(|candidate| (edit_distance(&word, &normal(candidate)), *candidate))
        .min_by_key(|(distance, _)| *distance)?;
    (distance <= (word.chars().count() / 3).max(1)).then_some(best)
}

/// Edits (insert, delete, replace, swap two neighbours) between `a` and `b`.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // d[i][j]: distance between a[..i] and b[..j].
    let mut d = vec![vec![0; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}
