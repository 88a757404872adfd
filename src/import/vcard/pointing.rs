//! Where in a card what the summary reports is: the line of an invalid address, and an
//! address written outside the address fields.

use std::borrow::Cow;

use super::{is_marker, opens_agent_card, property_name};
use crate::text::single_line;

/// The number of the first EMAIL line of a card (starting at line `first`) that holds
/// `value`, up to the card's end: the line a property starts on, read as calcard reads it
/// (folds joined, escapes undone: a trial's `foo\,bar@x.org`, and addresses folded over two
/// lines, were pointed at by the card's first line). `None` when an encoding hides it: the
/// card's line stands.
pub(super) fn line_of(lines: &[&str], first: u64, value: &str) -> Option<u64> {
    let from = usize::try_from(first).ok()?.checked_sub(1)?;
    if value.is_empty() {
        return None;
    }
    for (n, line) in lines.iter().enumerate().skip(from) {
        if n > from && is_marker(line, "END:VCARD") {
            return None;
        }
        // On an EMAIL line (`FN:bob` and `EMAIL:bob` both hold "bob").
        let email_line = property_name(line).is_some_and(|name| {
            let name = name.rsplit('.').next().unwrap_or(name);
            name.eq_ignore_ascii_case("EMAIL")
        });
        if !email_line {
            continue;
        }
        let mut whole = Cow::Borrowed(*line);
        for continued in lines[n + 1..]
            .iter()
            .map_while(|l| l.strip_prefix([' ', '\t']))
        {
            whole.to_mut().push_str(continued);
        }
        if unescaped(&whole).contains(value) {
            return Some(n as u64 + 1);
        }
    }
    None
}

/// `text` with vCard's escapes undone as calcard undoes them: `\n` a line break, any other
/// character after `\` itself.
fn unescaped(text: &str) -> Cow<'_, str> {
    if !text.contains('\\') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    Cow::Owned(out)
}

/// Properties whose values hold an `@` without being anyone's email address: identifiers,
/// links, chat handles and keys.
const NOT_ADDRESSES: &[&str] = &[
    "UID",
    "URL",
    "PRODID",
    "SOURCE",
    "KEY",
    "IMPP",
    "MEMBER",
    "RELATED",
    "CALURI",
    "CALADRURI",
    "FBURL",
    "X-JABBER",
    "X-SOCIALPROFILE",
];

/// An address in a card's lines (`body`) that no EMAIL property gave: on a malformed line (no
/// property name, as in `EMAIL ada@example.org`), in a property named like one (`X-EMAIL`), or
/// in a note, postal address or label, as "`address` in `the line`". UIDs, URLs and chat
/// handles hold `@` too and are not looked at; nor is a nested (AGENT) card.
pub(super) fn address_outside_fields(body: &str) -> Option<String> {
    let mut depth = 0usize;
    unfolded_lines(body)
        .into_iter()
        .filter(|line| {
            let line: &str = line;
            if is_marker(line, "BEGIN:VCARD") || opens_agent_card(line) {
                depth += 1;
            } else if is_marker(line, "END:VCARD") {
                depth = depth.saturating_sub(1);
                return false;
            }
            depth == 0
                && line.contains('@')
                && (property_name(line)
                    .is_none_or(|name| !NOT_ADDRESSES.iter().any(|n| n.eq_ignore_ascii_case(name)))
                    // `URL:mailto:ann@x.org` is an address all the same.
                    || line.to_ascii_lowercase().contains("mailto:"))
        })
        .find_map(|line| {
            crate::import::address_among_words(&line)
                .map(|address| format!("{address} in \"{}\"", single_line(&line)))
        })
}

/// A card's lines with folded ones joined back, as they were written: `NOTE:call five@exa` and
/// ` mple.com` are one line (a trial was told of `five@exa`, and a folded `UID` was read as a
/// line of no property).
fn unfolded_lines(body: &str) -> Vec<Cow<'_, str>> {
    let mut lines: Vec<Cow<'_, str>> = Vec::new();
    for line in crate::text::lines(body) {
        match (line.strip_prefix([' ', '\t']), lines.last_mut()) {
            (Some(rest), Some(last)) => last.to_mut().push_str(rest),
            _ => lines.push(Cow::Borrowed(line)),
        }
    }
    lines
}
