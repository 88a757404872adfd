//! vCard 2.1, 3.0 and 4.0.
//!
//! calcard parses the property grammar (parameters, quoted-printable with `CHARSET=`, escapes,
//! structured values, 2.1's bare type parameters). In front of it sits a splitter that works line
//! by line, for four reasons calcard cannot cover:
//! - **line numbers**: every card is reported as `file:line (card #n)`, the line its own
//!   (an invalid address: the line that holds it, when no fold or encoding hides it);
//! - **isolation**: each card is parsed on its own, so a broken card cannot swallow the next;
//! - **size**: `PHOTO`, `LOGO`, `SOUND` and `KEY` values (hundreds of KB of base64, 2.1 blocks
//!   that end at a blank line) are dropped before parsing, since vetted never shows them, and
//!   so is every property vetted does not read (`ADR`, `UID`...): calcard is most of the time
//!   an import of a vCard takes;
//! - **old dialects**: 2.1's bare `QUOTED-PRINTABLE` parameter (Thunderbird wrote
//!   `fn;quoted-printable:`) is rewritten to `ENCODING=QUOTED-PRINTABLE`, which calcard decodes;
//!   and a quoted list of types (`TYPE="work,pref"`) is unquoted, since calcard keeps only the
//!   types it knows of one, and `pref` is not one of them.
//!
//! Plain cards (one property a line, no escapes, no parameter but `TYPE` and `PREF`: a phone's
//! or mail program's plain export) are read without calcard, as it reads them (see `plain`).
//!
//! The splitter finds where each card begins and ends in one pass; cleaning a card's text and
//! parsing it are done a turn of cards at a time, on two threads when there are two cores, and
//! taken in the file's order.
//!
//! Text is decoded before splitting: valid UTF-8 stays UTF-8; raw 8-bit text that folding split
//! in the middle of a UTF-8 character is re-joined at the byte level; anything else is decoded
//! with the file's own `CHARSET=` label, or the encoding chardetng finds.

use std::borrow::Cow;

use calcard::vcard::{
    VCard, VCardKind, VCardParameterName, VCardParameterValue, VCardProperty, VCardValue,
};
use calcard::{Entry, Parser};

mod layout;
mod plain;
mod pointing;

use super::encoding::{self, Decoded};
use super::{Format, NoContacts, Parsed, SkipReason};
use crate::contact::{Location, Record};
use crate::text::single_line;
use layout::{Card, Layout, cards_of, opens_agent_card};
use pointing::{address_outside_fields, line_of};

/// Properties whose values are never needed and can be huge.
const DROPPED: &[&str] = &["PHOTO", "LOGO", "SOUND", "KEY", "X-MS-OL-DESIGN"];

pub(super) fn parse(bytes: &[u8], stream: Option<super::Stream>) -> Parsed {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    parse_on(bytes, stream, cores)
}

/// [`parse`], with the cards read on two threads when `cores` is more than one.
fn parse_on(bytes: &[u8], stream: Option<super::Stream>, cores: usize) -> Parsed {
    let decoded = decode(bytes);
    let mut parsed = Parsed::new(Format::VCard, decoded.describe(), stream);
    let text = &decoded.text;
    let Layout {
        cards,
        stray_end,
        unread,
    } = cards_of(text);
    parsed.unread = unread;
    parsed.ended_inside = cards.last().filter(|card| card.unfinished).map(|card| {
        let location = Location::card(card.number, card.line);
        (location, card_text(text, card).1)
    });
    if cards.is_empty() {
        let (line, why) = match stray_end {
            Some(line) => (line, "END:VCARD with no BEGIN:VCARD before it"),
            None => (1, "no BEGIN:VCARD line"),
        };
        parsed.broken = Some(NoContacts::NoCompleteRecord {
            kind: "card",
            line,
            why: why.to_string(),
        });
    }
    let mut raw_lines: Option<Vec<&str>> = None;
    each_reading(text, &cards, cores, |card, reading| {
        let reported = parsed.reported();
        take(&mut parsed, card, reading);
        // A value worth pointing at is shown at its own line, not the card's first.
        for value in parsed.reported_since(reported) {
            let lines = raw_lines.get_or_insert_with(|| crate::text::lines(text).collect());
            if let Some(line) = line_of(lines, card.line, &value.value) {
                value.location.line = line;
            }
        }
    });
    // The last card's address was the line left out: that is why it has none.
    if let Some((location, Some(_))) = &parsed.ended_inside
        && let Some(last) = parsed.skipped.last_mut()
        && last.location == *location
        && last.reason == SkipReason::NoAddress
    {
        last.reason = SkipReason::AddressCutShort;
    }
    parsed
}

fn decode(bytes: &[u8]) -> Decoded<'_> {
    let plain = encoding::decode(bytes);
    if !plain.guessed {
        return plain;
    }
    // Raw 8-bit UTF-8 folded in the middle of a character is invalid UTF-8 only because of the
    // fold; removing folds at the byte level makes it whole again.
    let unfolded = unfold_bytes(bytes);
    if let Ok(text) = String::from_utf8(unfolded) {
        return Decoded::whole(Cow::Owned(text), encoding_rs::UTF_8, false);
    }
    encoding::decode_with_hint(bytes, charset_hint(bytes))
}

/// Removes line folds (a line break followed by one space or tab) from raw bytes.
fn unfold_bytes(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let fold_len = match &bytes[i..] {
            [b'\r', b'\n', b' ' | b'\t', ..] => 3,
            [b'\n' | b'\r', b' ' | b'\t', ..] => 2,
            _ => 0,
        };
        if fold_len > 0 {
            i += fold_len;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

/// The first non-UTF-8 `CHARSET=` label in the file, used to decode raw 8-bit values.
fn charset_hint(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let needle = b"CHARSET=";
    let mut start = 0;
    while let Some(pos) = find_ignore_case(&bytes[start..], needle) {
        let label_start = start + pos + needle.len();
        let label: Vec<u8> = bytes[label_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'))
            .copied()
            .collect();
        if let Some(encoding) = std::str::from_utf8(&label)
            .ok()
            .and_then(encoding::encoding_for_label)
            && encoding != encoding_rs::UTF_8
        {
            return Some(encoding);
        }
        start = label_start;
    }
    None
}

fn find_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window.eq_ignore_ascii_case(needle))
}

/// The property name of a content line (`item1.EMAIL;TYPE=x:...` -> `EMAIL`), if the line is one.
fn property_name(line: &str) -> Option<&str> {
    // One pass over the bytes up to the first `;` or `:` (a search for either char, then a
    // check of what came before, was a tenth of reading a card).
    for (end, byte) in line.bytes().enumerate() {
        match byte {
            b';' | b':' if end > 0 => {
                let name = &line[..end];
                return Some(name.rfind('.').map_or(name, |dot| &name[dot + 1..]));
            }
            b if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.') => {}
            _ => return None,
        }
    }
    None
}

/// The properties [`read_card`] looks at. The others (`ADR`, `UID`, `PRODID`, `X-ABLabel`...)
/// are left out of the text calcard parses, which is most of the time an import of a vCard
/// takes. `VERSION` tells calcard the dialect.
const READ: &[&str] = &[
    "VERSION",
    "FN",
    "N",
    "ORG",
    "TITLE",
    "NOTE",
    "CATEGORIES",
    "TEL",
    "EMAIL",
    "KIND",
    "X-ADDRESSBOOKSERVER-KIND",
    "X-EVOLUTION-FILE-AS",
];

/// Whether calcard is given the property `name`: one [`read_card`] reads, or one named like an
/// address (`X-EMAIL`), which [`address_outside_fields`] looks at.
fn is_read(name: &str) -> bool {
    READ.iter().any(|r| r.eq_ignore_ascii_case(name))
        || name
            .as_bytes()
            .windows(4)
            .any(|w| w.eq_ignore_ascii_case(b"MAIL"))
}

/// A content line with its folded and soft-broken continuation lines, written into its card's
/// text as it is read (when calcard is to see it).
struct Property {
    /// Where it starts in the card's text; `None` when it is left out.
    start: Option<usize>,
    is_email: bool,
    quoted_printable: bool,
    has_charset: bool,
    /// The last line ended with a quoted-printable soft break (`=`): the next line continues it,
    /// whatever it starts with.
    soft_break: bool,
}

impl Property {
    fn start(line: &str, name: Option<&str>, card: &mut String) -> Property {
        let head = line.find(':').map_or(line, |colon| &line[..colon]);
        let (mut quoted_printable, mut rewritten, mut has_charset) = (false, false, false);
        for param in head.split(';').skip(1) {
            let bare = param.eq_ignore_ascii_case("QUOTED-PRINTABLE");
            rewritten |= bare || quoted_types(param).is_some();
            quoted_printable |= bare || param.eq_ignore_ascii_case("ENCODING=QUOTED-PRINTABLE");
            has_charset |= param
                .get(..8)
                .is_some_and(|k| k.eq_ignore_ascii_case("CHARSET="));
        }
        // A line with no property name is junk to calcard, but may hold an address.
        let start = name.is_none_or(is_read).then(|| {
            let start = card.len();
            if rewritten {
                push_normalized(line, card);
            } else {
                card.push_str(line);
            }
            start
        });
        Property {
            start,
            is_email: name.is_some_and(|name| name.eq_ignore_ascii_case("EMAIL")),
            quoted_printable,
            has_charset,
            soft_break: quoted_printable && line.ends_with('='),
        }
    }

    fn continue_with(&mut self, line: &str, card: &mut String) {
        if self.start.is_some() {
            card.push_str("\r\n");
            card.push_str(line);
        }
        self.soft_break = self.quoted_printable && line.ends_with('=');
    }

    /// Ends the property in the card's text. Quoted-printable without `CHARSET=` is UTF-8 when
    /// its bytes are valid UTF-8 (phones write it that way); calcard would assume ISO-8859-1.
    fn finish(self, card: &mut String) {
        let Some(start) = self.start else {
            return;
        };
        // A soft break with nothing after it (the card ended): calcard would join `END:VCARD`
        // to the value.
        if self.soft_break && card.ends_with('=') {
            card.pop();
        }
        if self.quoted_printable
            && !self.has_charset
            && let Some(colon) = card[start..].find(':')
        {
            let bytes = decode_quoted_printable(&card[start + colon + 1..]);
            if !bytes.is_ascii() && std::str::from_utf8(&bytes).is_ok() {
                let name_end = card[start..].find(';').unwrap_or(colon).min(colon);
                card.insert_str(start + name_end, ";CHARSET=UTF-8");
            }
        }
        card.push_str("\r\n");
    }
}

fn decode_quoted_printable(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok());
            if let Some(value) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(value);
                i += 3;
                continue;
            }
            // A soft line break: `=` then CRLF or LF.
            let skip = match bytes.get(i + 1..) {
                Some([b'\r', b'\n', ..]) => 3,
                Some([b'\n', ..]) => 2,
                _ => 1,
            };
            i += skip;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

/// Rewrites 2.1's bare `QUOTED-PRINTABLE` parameter to `ENCODING=QUOTED-PRINTABLE`, and a
/// quoted list of types (`TYPE="work,pref"`, as RFC 6350's own examples write it) to the same
/// list unquoted: of a quoted list calcard keeps only the types it knows, and `pref` is not one
/// of them (a trial's preferred address was exported second).
///
/// Called for a line [`Property::start`] found one of them in; writes it into `card`.
fn push_normalized(line: &str, card: &mut String) {
    let Some(colon) = line.find(':') else {
        card.push_str(line);
        return;
    };
    for (index, part) in line[..colon].split(';').enumerate() {
        if index > 0 {
            card.push(';');
        }
        if index == 0 {
            card.push_str(part);
        } else if part.eq_ignore_ascii_case("QUOTED-PRINTABLE") {
            card.push_str("ENCODING=QUOTED-PRINTABLE");
        } else if let Some(types) = quoted_types(part) {
            card.push_str(&part[..part.find('=').unwrap_or(0)]);
            card.push('=');
            card.push_str(&types);
        } else {
            card.push_str(part);
        }
    }
    card.push_str(&line[colon..]);
}

/// The list of a parameter `TYPE="a,b"` (or `"a, b"`) of plain words, without its quotes or
/// spaces: `a,b`.
fn quoted_types(parameter: &str) -> Option<String> {
    let (key, value) = parameter.split_once('=')?;
    let list = value.strip_prefix('"')?.strip_suffix('"')?;
    if !key.eq_ignore_ascii_case("TYPE") {
        return None;
    }
    let words: Vec<&str> = list
        .split(',')
        .map(|w| w.trim_matches([' ', '\t']))
        .collect();
    words
        .iter()
        .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        .then(|| words.join(","))
}

fn is_marker(line: &str, marker: &str) -> bool {
    // Most lines are told apart by their first byte.
    if !matches!(
        line.as_bytes().first(),
        Some(b'B' | b'b' | b'E' | b'e' | b' ' | b'\t' | 0xEF)
    ) {
        return false;
    }
    let line = line.trim().trim_start_matches('\u{feff}');
    line.len() == marker.len() && line.eq_ignore_ascii_case(marker)
}

/// A card's text, cleaned for calcard:
/// - a nested card (2.1 `AGENT`) is left out;
/// - `PHOTO` and the like are dropped with their base64 (2.1 blocks end at a blank line), and
///   so are the properties vetted does not read;
/// - 2.1's bare `QUOTED-PRINTABLE` parameter is spelt out, a quoted list of types unquoted,
///   and a UTF-8 charset added where quoted-printable bytes are UTF-8.
///
/// With it, the last line when the file ends in the middle of it and it is an address (left
/// out: `b2@example.co` may have been `.com`).
fn card_text(text: &str, card: &Card) -> (String, Option<String>) {
    let body = &text[card.body.clone()];
    let mut out = String::with_capacity(body.len() + 32);
    out.push_str("BEGIN:VCARD\r\n");
    let mut property: Option<Property> = None;
    let mut depth = 0usize;
    let mut dropping = false;
    for line in crate::text::lines(body) {
        if is_marker(line, "BEGIN:VCARD") || (depth == 0 && opens_agent_card(line)) {
            depth += 1;
            continue;
        }
        if is_marker(line, "END:VCARD") {
            depth = depth.saturating_sub(1);
            continue;
        }
        if depth > 0 {
            continue;
        }
        if let Some(open) = property.as_mut().filter(|p| p.soft_break) {
            open.continue_with(line, &mut out);
            continue;
        }
        if line.trim().is_empty() {
            // A blank line ends a 2.1 base64 block; elsewhere it means nothing.
            dropping = false;
            continue;
        }
        if line.starts_with([' ', '\t']) {
            if !dropping && let Some(open) = property.as_mut() {
                open.continue_with(line, &mut out);
            }
            continue;
        }
        let name = property_name(line);
        match name {
            Some(name) => dropping = DROPPED.iter().any(|d| d.eq_ignore_ascii_case(name)),
            // Unindented base64 after a dropped property; otherwise junk, which calcard skips.
            None if dropping => continue,
            None => {}
        }
        if let Some(done) = property.take() {
            done.finish(&mut out);
        }
        if !dropping {
            property = Some(Property::start(line, name, &mut out));
        }
    }
    let mut dropped = None;
    if let Some(done) = property.take() {
        match done.start {
            // Cut short: the file ends in the middle of its last line, or the card ends (with the
            // file) right after a quoted-printable soft break, whose value goes on in a line the
            // file does not have (a trial exported `seven@example.co` from `seven=40example.co=`).
            Some(start) if (card.cut || (card.unfinished && done.soft_break)) && done.is_email => {
                // Shown unfolded: a fold's line break and the space after it are not the
                // value's (a trial was shown `five@exa␍␊ mple.co`).
                let text = out.split_off(start);
                let unfolded = text.replace("\r\n ", "").replace("\r\n\t", "");
                dropped = Some(unfolded.replace("\r\n", "").trim().to_string());
            }
            _ => done.finish(&mut out),
        }
    }
    out.push_str("END:VCARD\r\n");
    (out, dropped)
}

fn value_text(value: &VCardValue) -> Option<Cow<'_, str>> {
    match value {
        VCardValue::Text(text) => Some(Cow::Borrowed(text)),
        VCardValue::Component(parts) => Some(Cow::Owned(parts.join(" "))),
        VCardValue::Binary(data) => Some(String::from_utf8_lossy(&data.data)),
        _ => None,
    }
}

fn first_text(values: &[VCardValue]) -> String {
    values
        .iter()
        .filter_map(value_text)
        .map(|t| single_line(&t))
        .find(|t| !t.is_empty())
        .unwrap_or_default()
}

fn nth_text(values: &[VCardValue], index: usize) -> String {
    values
        .get(index)
        .and_then(value_text)
        .map(|t| single_line(&t))
        .unwrap_or_default()
}

/// Lower is more preferred: `PREF=1` beats `PREF=2`; a bare `PREF` or `TYPE=pref` counts as 1.
fn preference(entry: &calcard::vcard::VCardEntry) -> u32 {
    let mut best = u32::MAX;
    for param in &entry.params {
        let rank = match (&param.name, &param.value) {
            (VCardParameterName::Pref, VCardParameterValue::Integer(n)) => *n,
            (VCardParameterName::Pref, _) => 1,
            (VCardParameterName::Type, VCardParameterValue::Text(t))
                if t.eq_ignore_ascii_case("pref") =>
            {
                1
            }
            (VCardParameterName::Other(name), _) if name.eq_ignore_ascii_case("pref") => 1,
            _ => continue,
        };
        best = best.min(rank);
    }
    best
}

fn parse_card(text: &str) -> Option<VCard> {
    // calcard is a third-party parser fed hostile input; a panic in it must cost one card, not
    // the import.
    std::panic::catch_unwind(|| match Parser::new(text).entry() {
        Entry::VCard(card) => Some(card),
        _ => None,
    })
    .ok()
    .flatten()
}

/// What one card says, read on any thread ([`each_reading`]): calcard's parse and what vetted
/// takes from it, with its addresses already checked. [`take`] adds it to the account.
// Nearly every reading is a person's: boxing the record would allocate once per card for
// nothing.
#[allow(clippy::large_enum_variant)]
enum Reading {
    /// calcard could not read the card.
    Unread,
    /// A group card (`KIND:group`), by its name.
    Group(String),
    /// A person's card: its record without addresses; its EMAIL values, most preferred first
    /// (the file's order among equals), each checked; and when none is an address, an address
    /// found outside them.
    Person(Record, Vec<super::Checked>, Option<String>),
}

fn read_card(file: &str, card: &Card) -> Reading {
    let mut record = Record {
        location: Location::card(card.number, card.line),
        ..Record::default()
    };
    let (text, cut_short) = card_text(file, card);
    let entries = match plain::entries(&text) {
        Some(entries) => entries,
        None => match parse_card(&text) {
            Some(vcard) => vcard.entries,
            None => return Reading::Unread,
        },
    };
    let mut is_group = false;
    let mut emails: Vec<(u32, String)> = Vec::new();
    for entry in &entries {
        match &entry.name {
            VCardProperty::Fn if record.formatted_name.is_empty() => {
                record.formatted_name = first_text(&entry.values);
            }
            VCardProperty::N if record.family_name.is_empty() && record.given_name.is_empty() => {
                record.family_name = nth_text(&entry.values, 0);
                record.given_name = nth_text(&entry.values, 1);
            }
            VCardProperty::Org if record.organization.is_empty() => {
                record.organization = nth_text(&entry.values, 0);
            }
            VCardProperty::Title if record.title.is_empty() => {
                record.title = first_text(&entry.values);
            }
            VCardProperty::Note if record.note.is_empty() => {
                record.note = first_text(&entry.values);
            }
            VCardProperty::Categories => {
                // Each value is one label (an escaped comma stays inside it).
                for value in entry.values.iter().filter_map(value_text) {
                    record.add_label(&value);
                }
            }
            VCardProperty::Tel => {
                record.has_phone |= entry
                    .values
                    .iter()
                    .filter_map(value_text)
                    .any(|t| t.chars().any(|c| c.is_ascii_digit()));
            }
            VCardProperty::Email => {
                for value in entry.values.iter().filter_map(value_text) {
                    let rank = preference(entry);
                    emails.extend(super::several(&value).map(|a| (rank, a.to_string())));
                }
            }
            VCardProperty::Kind => {
                is_group |= entry.values.iter().any(|v| match v {
                    VCardValue::Kind(kind) => *kind == VCardKind::Group,
                    other => {
                        value_text(other).is_some_and(|t| t.trim().eq_ignore_ascii_case("group"))
                    }
                });
            }
            VCardProperty::Other(name) if name.eq_ignore_ascii_case("X-ADDRESSBOOKSERVER-KIND") => {
                is_group |= first_text(&entry.values).eq_ignore_ascii_case("group");
            }
            VCardProperty::Other(name) if name.eq_ignore_ascii_case("X-EVOLUTION-FILE-AS") => {
                record.file_as = first_text(&entry.values);
            }
            _ => {}
        }
    }
    if is_group {
        return Reading::Group(record.display_name());
    }
    // Stable: among equal preferences the file's order stands.
    emails.sort_by_key(|(rank, _)| *rank);
    let checked: Vec<super::Checked> = emails
        .iter()
        .map(|(_, value)| super::check_address(value))
        .collect();
    // Without an address, one may sit where no EMAIL property gave it.
    // Not when the card's last address was cut short: its lines are that address, not one
    // outside the fields (a trial saw `five@exa` of a cut fold given as one).
    let elsewhere = if cut_short.is_some() || checked.iter().any(|c| matches!(c, Some(Ok(_)))) {
        None
    } else {
        let body = &file[card.body.clone()];
        // A last line cut short is not read (`card_text`), here either.
        let body = match card.cut {
            true => body.rfind(['\n', '\r']).map_or("", |end| &body[..end]),
            false => body,
        };
        address_outside_fields(body)
    };
    Reading::Person(record, checked, elsewhere)
}

/// Adds what [`read_card`] read of `card` to the account.
fn take(parsed: &mut Parsed, card: &Card, reading: Reading) {
    let location = Location::card(card.number, card.line);
    match reading {
        Reading::Unread => parsed.push(
            Record {
                location,
                ..Record::default()
            },
            false,
        ),
        Reading::Group(name) => parsed.push_group(location, name),
        Reading::Person(mut record, checked, elsewhere) => {
            let mut had_invalid = false;
            for checked in checked {
                had_invalid |= !parsed.offer_checked(&mut record, checked, false);
            }
            let elsewhere = elsewhere.filter(|_| record.addresses.is_empty());
            parsed.push_seen(record, had_invalid, elsewhere);
        }
    }
}

/// Cards a thread reads at a time when a file's cards are read on two.
const CARDS_PER_TURN: usize = 256;

/// Reads `cards` and hands each, with its [`Reading`], to `take`, in the file's order. calcard
/// is most of an import of a vCard (its store waits on it), so with more than one of `cores`
/// a second thread reads every other turn of [`CARDS_PER_TURN`] cards, running ahead of
/// this one, which reads the rest and takes them all in order.
fn each_reading(text: &str, cards: &[Card], cores: usize, mut take: impl FnMut(&Card, Reading)) {
    if cores < 2 || cards.len() <= 2 * CARDS_PER_TURN {
        for card in cards {
            take(card, read_card(text, card));
        }
        return;
    }
    let turns: Vec<&[Card]> = cards.chunks(CARDS_PER_TURN).collect();
    let read_turn =
        |turn: &[Card]| -> Vec<Reading> { turn.iter().map(|card| read_card(text, card)).collect() };
    std::thread::scope(|scope| {
        // A couple of turns ahead at most: what it read waits here, in memory.
        let (send, receive) = std::sync::mpsc::sync_channel::<Vec<Reading>>(2);
        let theirs: Vec<&[Card]> = turns.iter().skip(1).step_by(2).copied().collect();
        let helper = scope.spawn(move || {
            for turn in theirs {
                if send.send(read_turn(turn)).is_err() {
                    return;
                }
            }
        });
        for (n, turn) in turns.iter().enumerate() {
            let readings = if n % 2 == 0 {
                read_turn(turn)
            } else {
                match receive.recv() {
                    Ok(readings) => readings,
                    // The helper stopped early: only a panic does that, raised below.
                    Err(_) => break,
                }
            };
            for (card, reading) in turn.iter().zip(readings) {
                take(card, reading);
            }
        }
        drop(receive);
        if let Err(panic) = helper.join() {
            std::panic::resume_unwind(panic);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::SkipReason;

    fn parse_text(text: &str) -> Parsed {
        parse(text.as_bytes(), None)
    }

    #[test]
    fn reads_the_basics_of_every_version() {
        let parsed = parse_text(
            "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Lovelace;Ada;;;\r\nEMAIL;PREF;INTERNET:ada@x.org\r\nEND:VCARD\r\n\
             BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Charles Babbage\r\nitem1.EMAIL;type=INTERNET;type=pref:cb@x.org\r\nORG:Difference;Engines\r\nEND:VCARD\r\n\
             BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Grace\r\nEMAIL;PREF=2:g2@x.org\r\nEMAIL;TYPE=work;PREF=1:g1@x.org\r\nEMAIL;VALUE=uri:mailto:g3@x.org\r\nEND:VCARD\r\n",
        );
        let got: Vec<(String, Vec<String>, u64)> = parsed
            .records
            .iter()
            .map(|r| (r.display_name(), r.addresses.clone(), r.location.line))
            .collect();
        assert_eq!(
            got,
            [
                ("Ada Lovelace".into(), vec!["ada@x.org".into()], 1),
                ("Charles Babbage".into(), vec!["cb@x.org".into()], 6),
                (
                    "Grace".into(),
                    vec!["g1@x.org".into(), "g2@x.org".into(), "g3@x.org".into()],
                    12
                ),
            ]
        );
        assert_eq!(parsed.records[1].organization, "Difference");
    }

    /// RFC 6350 writes a list of types in quotes; `pref` among them makes the address the
    /// preferred one (calcard alone dropped it: a trial's export took the other address).
    #[test]
    fn a_quoted_list_of_types_keeps_its_pref() {
        for types in [
            "\"work,pref\"",
            "\"PREF,work\"",
            "\"INTERNET,PREF\"",
            "\"work, pref\"",
        ] {
            let parsed = parse_text(&format!(
                "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Q T\r\nEMAIL;TYPE=work:first@x.example\r\n\
                 EMAIL;TYPE={types}:second@x.example\r\nEND:VCARD\r\n"
            ));
            assert_eq!(
                parsed.records[0].addresses,
                ["second@x.example", "first@x.example"],
                "{types}"
            );
        }
    }

    /// An invalid address is pointed at by its own line, escaped or not.
    #[test]
    fn an_invalid_escaped_address_is_pointed_at_by_its_line() {
        let parsed = parse_text(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Esc\r\nEMAIL:ok@x.org\r\nEMAIL:foo\\,bar@x.org\r\n\
             EMAIL:foo\\:bar@x.org\r\nEMAIL;TYPE=work:\r\n  fold\\,ed@x.org\r\nEND:VCARD\r\n",
        );
        let pointed: Vec<(u64, &str)> = parsed
            .invalid
            .iter()
            .map(|i| (i.location.line, i.value.as_str()))
            .collect();
        assert_eq!(
            pointed,
            [
                (5, "foo,bar@x.org"),
                (6, "foo:bar@x.org"),
                (7, "fold,ed@x.org")
            ]
        );
    }

    #[test]
    fn quoted_printable_in_every_spelling() {
        let parsed = parse_text(
            "BEGIN:VCARD\nVERSION:2.1\nfn;quoted-printable:=C3=89mile Zola\nemail;internet:e@x.org\nEND:VCARD\n\
             BEGIN:VCARD\nVERSION:2.1\nFN;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:Fran=E7oise =\nM=FCller\nEMAIL:f@x.org\nEND:VCARD\n",
        );
        let names: Vec<String> = parsed.records.iter().map(Record::display_name).collect();
        assert_eq!(names, ["Émile Zola", "Françoise Müller"]);
    }

    #[test]
    fn folding_that_splits_a_utf8_character() {
        let mut bytes = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zo\xC3".to_vec();
        bytes.extend_from_slice(b"\r\n \xAB Ang\r\nEMAIL:z@x.org\r\nEND:VCARD\r\n");
        let parsed = parse(&bytes, None);
        assert_eq!(parsed.records[0].display_name(), "Zoë Ang");
        assert_eq!(parsed.encoding, "UTF-8");
    }

    #[test]
    fn photos_are_dropped_and_the_card_survives() {
        let photo = "A".repeat(76);
        let text = format!(
            "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Ada\r\nPHOTO;ENCODING=BASE64;TYPE=JPEG:\r\n    {photo}\r\n    {photo}\r\n\r\nEMAIL:ada@x.org\r\nEND:VCARD\r\n\
             BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bob\r\nPHOTO;BASE64:\r\n  {photo}\r\n  {photo}\r\nEMAIL:bob@x.org\r\nEND:VCARD\r\n"
        );
        let parsed = parse_text(&text);
        let cards = cards_of(&text).cards;
        let (first, _) = card_text(&text, &cards[0]);
        assert!(!first.contains("AAAA"), "{first}");
        assert_eq!(parsed.records.len(), 2);
        assert_eq!(parsed.records[1].addresses, ["bob@x.org"]);
    }

    #[test]
    fn groups_and_cards_without_address_are_skipped_with_reasons() {
        let parsed = parse_text(
            "BEGIN:VCARD\nVERSION:4.0\nKIND:group\nFN:Team\nEMAIL:team@x.org\nEND:VCARD\n\
             BEGIN:VCARD\nVERSION:3.0\nFN:Apple Group\nX-ADDRESSBOOKSERVER-KIND:group\nEND:VCARD\n\
             BEGIN:VCARD\nVERSION:3.0\nFN:Phone Only\nTEL:123\nEND:VCARD\n\
             BEGIN:VCARD\nVERSION:3.0\nFN:Exchange\nEMAIL:/O=ORG/CN=X\nEND:VCARD\n",
        );
        let reasons: Vec<(SkipReason, String)> = parsed
            .skipped
            .iter()
            .map(|s| (s.reason.clone(), s.what.clone()))
            .collect();
        assert_eq!(
            reasons,
            [
                (SkipReason::Group, "Team".into()),
                (SkipReason::Group, "Apple Group".into()),
                (SkipReason::NoAddress, "Phone Only".into()),
                (SkipReason::InvalidAddress, "Exchange".into()),
            ]
        );
        assert_eq!(parsed.invalid[0].location.card, Some(4));
        assert_eq!(parsed.records_read, 4);
    }

    #[test]
    fn several_addresses_in_one_email_value_are_each_read() {
        let parsed = parse_text(
            "BEGIN:VCARD\nVERSION:3.0\nFN:Two\nEMAIL:a@x.org, b@y.org\nEND:VCARD\n\
             BEGIN:VCARD\nVERSION:3.0\nFN:Trailing\nEMAIL:t@x.org,\nEND:VCARD\n\
             BEGIN:VCARD\nVERSION:3.0\nFN:Named\nEMAIL:Ann <a5@x.org>, Bob <b5@y.org>\nEND:VCARD\n\
             BEGIN:VCARD\nVERSION:3.0\nFN:Esc\nEMAIL:e@x.org\\;f@y.org\nEND:VCARD\n\
             BEGIN:VCARD\nVERSION:3.0\nFN:Bad\nEMAIL:g@x.org, not one\nEND:VCARD\n",
        );
        let got: Vec<Vec<String>> = parsed.records.iter().map(|r| r.addresses.clone()).collect();
        assert_eq!(
            got,
            [
                vec!["a@x.org", "b@y.org"],
                vec!["t@x.org"],
                vec!["a5@x.org", "b5@y.org"],
                vec!["e@x.org", "f@y.org"]
            ]
        );
        assert_eq!(parsed.invalid[0].value, "g@x.org, not one");
    }

    #[test]
    fn an_address_in_a_note_or_label_is_named_but_not_one_in_a_uid_or_url() {
        let parsed = parse_text(
            "BEGIN:VCARD\nVERSION:3.0\nFN:Noted\nNOTE:write to noted@x.org\\, not the old one\nEND:VCARD\n\
             BEGIN:VCARD\nVERSION:3.0\nFN:Labelled\nitem1.X-ABLabel:(lab@x.org)\nEND:VCARD\n\
             BEGIN:VCARD\nVERSION:3.0\nFN:Ids\nUID:abc@host.example\nURL:http://u:p@x.org\nIMPP:xmpp:me@chat.example\nEND:VCARD\n\
             BEGIN:VCARD\nVERSION:3.0\nFN:Link\nURL:mailto:link@x.org?subject=hi\nEND:VCARD\n\
             BEGIN:VCARD\nVERSION:2.1\nFN:Boss\nAGENT:\nBEGIN:VCARD\nEMAIL:asst@x.org\nEND:VCARD\nEND:VCARD\n\
             BEGIN:VCARD\nVERSION:3.0\nFN:Folded\nNOTE:call five@exa\n mple.com please\nEND:VCARD\n\
             BEGIN:VCARD\nVERSION:3.0\nFN:Folded Id\nUID:urn:uuid:12\n 34@host.example\nEND:VCARD\n",
        );
        let reasons = parsed.skip_reasons();
        assert_eq!(
            reasons,
            [
                (
                    SkipReason::AddressElsewhere,
                    "an address outside the address fields (Noted: noted@x.org in \"NOTE:write to noted@x.org\\, not the old one\")".into()
                ),
                (
                    SkipReason::AddressElsewhere,
                    "an address outside the address fields (Labelled: lab@x.org in \"item1.X-ABLabel:(lab@x.org)\")".into()
                ),
                (SkipReason::NoAddress, "no email address (Ids)".into()),
                (
                    SkipReason::AddressElsewhere,
                    "an address outside the address fields (Link: link@x.org in \"URL:mailto:link@x.org?subject=hi\")".into()
                ),
                (SkipReason::NoAddress, "no email address (Boss)".into()),
                (
                    SkipReason::AddressElsewhere,
                    "an address outside the address fields (Folded: five@example.com in \"NOTE:call five@example.com please\")".into()
                ),
                (SkipReason::NoAddress, "no email address (Folded Id)".into()),
            ]
        );
    }

    /// Cards read on two threads are taken exactly as on one: the same records, reasons,
    /// invalid values and lines, in the same order, over turns of every length, with a file
    /// that ends inside its last card.
    #[test]
    fn two_threads_read_what_one_does() {
        let mut text = String::new();
        for n in 0..(5 * CARDS_PER_TURN + 17) {
            let card = match n % 7 {
                0 => format!("FN:Group {n}\nKIND:group\nEMAIL:g{n}@x.org\n"),
                1 => format!("FN:Phone {n}\nTEL:555 {n}\n"),
                2 => format!("FN:Bad {n}\nEMAIL:bad {n} at x\nEMAIL:ok{n}@x.org\n"),
                3 => format!("FN:Elsewhere {n}\nX-EMAIL:e{n}@x.org\n"),
                4 => format!("FN;QUOTED-PRINTABLE:=C3=89mile {n}\nEMAIL:q{n}@x.org\n"),
                5 => format!("N:Doe;Jo {n};;;\nUID:{n}@uid\nEMAIL:j{n}@localhost\n"),
                _ => format!(
                    "FN:Plain {n}\nADR:;;{n} Road\nEMAIL;PREF=2:b{n}@x.org\nEMAIL;PREF=1:a{n}@x.org\n"
                ),
            };
            text.push_str(&format!("BEGIN:VCARD\nVERSION:3.0\n{card}END:VCARD\n"));
        }
        text.push_str("BEGIN:VCARD\nFN:Last\nEMAIL:last@x.or");
        let one = parse_on(text.as_bytes(), None, 1);
        let two = parse_on(text.as_bytes(), None, 2);
        assert!(one.records.len() > 2 * CARDS_PER_TURN);
        assert!(!one.invalid.is_empty() && !one.skipped.is_empty());
        assert_eq!(format!("{one:?}"), format!("{two:?}"));
    }

    /// calcard sees only the properties vetted reads, and the lines an address may hide in.
    #[test]
    fn calcard_is_given_only_what_is_read() {
        let text = "BEGIN:VCARD\nVERSION:3.0\nPRODID:-//Apple//EN\nFN:Ada\nitem1.EMAIL:a@x.org\nitem1.X-ABLabel:_$!<Work>!$_\nADR;TYPE=home:;;1 Road\n  folded on\nX-MAIL:b@x.org\nbroken line c@x.org\nUID:u@x\nEND:VCARD\n";
        let cards = cards_of(text).cards;
        let (card, _) = card_text(text, &cards[0]);
        assert_eq!(
            card,
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nitem1.EMAIL:a@x.org\r\nX-MAIL:b@x.org\r\nbroken line c@x.org\r\nEND:VCARD\r\n"
        );
    }

    #[test]
    fn no_version_no_end_and_broken_lines() {
        let parsed =
            parse_text("BEGIN:VCARD\nFN:No Version\nthis line is broken\nEMAIL:nv@x.org\n");
        assert_eq!(parsed.records[0].addresses, ["nv@x.org"]);
        assert_eq!(parsed.records[0].display_name(), "No Version");
    }

    /// A card that never ends is read up to the next card, which is read too; a
    /// quoted-printable soft break on a card's last line does not swallow `END:VCARD`.
    #[test]
    fn a_card_without_end_or_with_a_last_soft_break_loses_nobody() {
        let parsed = parse_text(
            "BEGIN:VCARD\nFN:Never Ends\nEMAIL:never@x.org\n\
             BEGIN:VCARD\nFN:Next\nEMAIL:next@x.org\nEND:VCARD\n\
             BEGIN:VCARD\nVERSION:2.1\nFN:Soft\nEMAIL;ENCODING=QUOTED-PRINTABLE:soft@x.org=\r\nEND:VCARD\r\n",
        );
        let got: Vec<(Vec<String>, u64)> = parsed
            .records
            .iter()
            .map(|r| (r.addresses.clone(), r.location.line))
            .collect();
        assert_eq!(
            got,
            [
                (vec!["never@x.org".to_string()], 1),
                (vec!["next@x.org".to_string()], 4),
                (vec!["soft@x.org".to_string()], 8),
            ]
        );
        assert!(parsed.invalid.is_empty(), "{:?}", parsed.invalid);
        assert_eq!(
            parsed.unread,
            [(
                Location::card(1, 1),
                "no END:VCARD before the next BEGIN:VCARD (line 4): the card was read up to there"
                    .to_string()
            )]
        );
    }

    #[test]
    fn mixed_line_endings_lose_nobody() {
        // Exports joined with `cat`: an old Mac one (CR), a Windows one (CRLF), a Unix one (LF),
        // and a folded, quoted-printable value on CR lines.
        let parsed = parse_text(
            "BEGIN:VCARD\rVERSION:2.1\rFN:Mac One\rEMAIL:mac1@x.org\rEND:VCARD\r\
             BEGIN:VCARD\rVERSION:2.1\rFN;ENCODING=QUOTED-PRINTABLE:Mac =\rTwo\rEMAIL:mac2@x.org\rEND:VCARD\r\
             BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Win\r\n dows\r\nEMAIL:win@x.org\r\nEND:VCARD\r\n\
             BEGIN:VCARD\nVERSION:3.0\nFN:Unix\nEMAIL:unix@x.org\nEND:VCARD\n\
             BEGIN:VCARD\rVERSION:3.0\rFN:Mac Three\rEMAIL:mac3@x.org\rEND:VCARD",
        );
        let got: Vec<(String, Vec<String>, u64)> = parsed
            .records
            .iter()
            .map(|r| (r.display_name(), r.addresses.clone(), r.location.line))
            .collect();
        let want = [
            ("Mac One", "mac1@x.org", 1),
            ("Mac Two", "mac2@x.org", 6),
            ("Windows", "win@x.org", 12),
            ("Unix", "unix@x.org", 18),
            ("Mac Three", "mac3@x.org", 23),
        ]
        .map(|(name, address, line)| (name.to_string(), vec![address.to_string()], line));
        assert_eq!(got, want);
        assert!(parsed.skipped.is_empty(), "{:?}", parsed.skipped);
        assert!(parsed.ended_inside.is_none());
    }

    #[test]
    fn nested_agent_cards_are_not_people() {
        let parsed = parse_text(
            "BEGIN:VCARD\nVERSION:2.1\nFN:Boss\nEMAIL:boss@x.org\nAGENT:\nBEGIN:VCARD\nFN:Assistant\nEMAIL:asst@x.org\nEND:VCARD\nEND:VCARD\n\
             BEGIN:VCARD\nVERSION:2.1\nFN:Grouped\nitem1.AGENT:\nBEGIN:VCARD\nFN:Other\nEMAIL:other@x.org\nEND:VCARD\nEND:VCARD\n",
        );
        assert_eq!(parsed.records.len(), 1);
        assert_eq!(parsed.records[0].addresses, ["boss@x.org"]);
        // The agent's card starting on the AGENT line (2.1), and 3.0's on that one line alone.
        let parsed = parse_text(
            "BEGIN:VCARD\nVERSION:2.1\nFN:Chief\nEMAIL:chief@x.org\nAGENT:BEGIN:VCARD\nFN:Inline\nEMAIL:inline@x.org\nEND:VCARD\nTEL:1\nEND:VCARD\n\
             BEGIN:VCARD\nVERSION:3.0\nFN:Three\nAGENT:BEGIN:VCARD\\nFN:A\\nEMAIL:a@x.org\\nEND:VCARD\nEMAIL:three@x.org\nEND:VCARD\n\
             BEGIN:VCARD\nFN:After\nEMAIL:after@x.org\nEND:VCARD\n",
        );
        let got: Vec<Vec<String>> = parsed.records.iter().map(|r| r.addresses.clone()).collect();
        assert_eq!(got, [["chief@x.org"], ["three@x.org"], ["after@x.org"]]);
        assert!(parsed.unread.is_empty(), "{:?}", parsed.unread);
        // An agent's card, then no END:VCARD for the outer one: the next card is a card.
        let parsed = parse_text(
            "BEGIN:VCARD\nVERSION:2.1\nFN:Outer\nEMAIL:outer@x.org\nAGENT:\nBEGIN:VCARD\nFN:Nested\nEMAIL:nested@x.org\nEND:VCARD\n\
             BEGIN:VCARD\nFN:Next\nEMAIL:next@x.org\nEND:VCARD\n",
        );
        let got: Vec<Vec<String>> = parsed.records.iter().map(|r| r.addresses.clone()).collect();
        assert_eq!(got, [["outer@x.org"], ["next@x.org"]]);
        assert_eq!(parsed.unread.len(), 1, "{:?}", parsed.unread);
        // The same with 3.0's one-line escaped agent card.
        let parsed = parse_text(
            "BEGIN:VCARD\nVERSION:3.0\nFN:Boss\nEMAIL:boss@x.org\nAGENT:BEGIN:VCARD\\nFN:A\\nEMAIL:a@x.org\\nEND:VCARD\n\
             BEGIN:VCARD\nFN:Next\nEMAIL:next@x.org\nEND:VCARD\n",
        );
        let got: Vec<Vec<String>> = parsed.records.iter().map(|r| r.addresses.clone()).collect();
        assert_eq!(got, [["boss@x.org"], ["next@x.org"]]);
    }

    #[test]
    fn lines_outside_any_card_are_reported_when_they_may_hold_someone() {
        let parsed = parse_text(
            "BEGIN:VCARD\nFN:One\nEMAIL:one@x.org\nEND:VCARD\n\
             VERSION:3.0\nFN:Headless\nEMAIL:headless@x.org\nEND:VCARD\n\
             END:VCARD\n\
             stray note@x.org\n\
             BEGIN:VCARD\nFN:Two\nEMAIL:two@x.org\nEND:VCARD\n\
             just a trailer\n",
        );
        let got: Vec<Vec<String>> = parsed.records.iter().map(|r| r.addresses.clone()).collect();
        assert_eq!(got, [["one@x.org"], ["two@x.org"]]);
        let unread: Vec<(u64, &str)> = parsed
            .unread
            .iter()
            .map(|(at, why)| (at.line, why.as_str()))
            .collect();
        assert_eq!(
            unread,
            [
                (
                    5,
                    "lines 5-8 end with END:VCARD but no BEGIN:VCARD opens them: they were not read as a card"
                ),
                (
                    10,
                    "line 10 is outside any card (no BEGIN:VCARD before it) and holds an @: it was not read"
                ),
            ]
        );
    }

    #[test]
    fn escapes_are_resolved() {
        let parsed = parse_text(
            "BEGIN:VCARD\nVERSION:3.0\nFN:Doe\\, John\nN:Doe;John;Richter\\, James;;\nORG:Company\\, The;Dept\nEMAIL:j@x.org\nEND:VCARD\n",
        );
        assert_eq!(parsed.records[0].display_name(), "Doe, John");
        assert_eq!(parsed.records[0].organization, "Company, The");
    }
}
