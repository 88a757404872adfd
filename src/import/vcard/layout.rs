//! Where each card of a vCard file begins and ends, found in one pass over its lines: what is
//! inside a card is read later, on whichever thread reads it. A card without `END:VCARD` ends
//! where the next begins; a 2.1 `AGENT` card inside a card is not a card of the file; lines
//! outside any card that may hold someone are reported.

use super::{is_marker, property_name};
use crate::contact::Location;

/// Where one card is in a file's text: its number, the line of its `BEGIN:VCARD`, and the
/// bytes between that line and its `END:VCARD` (the file's end when it has none).
#[derive(Debug, Clone)]
pub(super) struct Card {
    pub(super) number: u64,
    pub(super) line: u64,
    pub(super) body: std::ops::Range<usize>,
    /// The file ends inside the card: it has no `END:VCARD`.
    pub(super) unfinished: bool,
    /// The file ends inside the card, in the middle of a line: its last line may be cut short.
    pub(super) cut: bool,
}

/// Whether a line is 2.1's `AGENT:BEGIN:VCARD`: an agent's card that starts on the line of its
/// `AGENT` property and goes on over the lines after it. (3.0 writes the whole card on that one
/// line, with `\n` escapes, and ends it there.)
pub(super) fn opens_agent_card(line: &str) -> bool {
    const BEGIN: &[u8] = b"BEGIN:VCARD";
    let end = line.trim_end().as_bytes();
    // Most lines are told apart by their end.
    end.len() > BEGIN.len()
        && end[end.len() - BEGIN.len()..].eq_ignore_ascii_case(BEGIN)
        && property_name(line).is_some_and(|name| name.eq_ignore_ascii_case("AGENT"))
        && line
            .split_once(':')
            .is_some_and(|(_, value)| is_marker(value.trim_start(), "BEGIN:VCARD"))
}

/// Lines outside any card, since the last card ended: the first and last that are not blank,
/// and whether any holds an `@`.
struct Outside {
    first: u64,
    last: u64,
    has_at: bool,
}

/// What [`cards_of`] finds: the cards, the line of the first `END:VCARD` outside any card, and
/// the lines it could not read as part of one, with why.
pub(super) struct Layout {
    pub(super) cards: Vec<Card>,
    pub(super) stray_end: Option<u64>,
    pub(super) unread: Vec<(Location, String)>,
}

/// The cards of a file. Only where each card begins and ends is found here, in one pass; what
/// is inside is read by [`card_text`], on whichever thread reads the card.
pub(super) fn cards_of(text: &str) -> Layout {
    let mut cards = Vec::new();
    let mut stray_end = None;
    let mut unread = Vec::new();
    let mut current: Option<Card> = None;
    let mut outside: Option<Outside> = None;
    let mut depth = 0usize;
    let mut after_agent = false;
    // Lines outside any card are worth a word only when one may be a lost address.
    let lost = |outside: Option<Outside>, unread: &mut Vec<(Location, String)>| {
        if let Some(outside) = outside.filter(|o| o.has_at) {
            unread.push((
                Location::line(outside.first),
                if outside.first == outside.last {
                    format!(
                        "line {} is outside any card (no BEGIN:VCARD before it) and holds an @: it was not read",
                        outside.first
                    )
                } else {
                    format!(
                        "lines {}-{} are outside any card (no BEGIN:VCARD before them), with an @ in them: they were not read",
                        outside.first, outside.last
                    )
                },
            ));
        }
    };
    for (index, (span, at)) in crate::text::line_spans(text.as_bytes()).enumerate() {
        let (start, line) = (span.start, &text[span]);
        let number = index as u64 + 1;
        if is_marker(line, "BEGIN:VCARD") {
            if current.is_some() && (depth > 0 || after_agent) {
                // A nested card (2.1 AGENT) is not a person of this file.
                depth += 1;
                after_agent = false;
            } else {
                // A card without `END:VCARD` ends where the next begins: it swallowed every
                // card after it.
                if let Some(mut card) = current.take() {
                    card.body.end = start.max(card.body.start);
                    unread.push((
                        Location::card(card.number, card.line),
                        format!(
                            "no END:VCARD before the next BEGIN:VCARD (line {number}): the card was read up to there"
                        ),
                    ));
                    cards.push(card);
                }
                lost(outside.take(), &mut unread);
                after_agent = false;
                current = Some(Card {
                    number: cards.len() as u64 + 1,
                    line: number,
                    body: at..text.len(),
                    unfinished: false,
                    cut: false,
                });
            }
        } else if is_marker(line, "END:VCARD") {
            match current.as_mut() {
                None => {
                    stray_end.get_or_insert(number);
                    if let Some(outside) = outside.take() {
                        unread.push((
                            Location::line(outside.first),
                            format!(
                                "lines {}-{number} end with END:VCARD but no BEGIN:VCARD opens them: they were not read as a card",
                                outside.first
                            ),
                        ));
                    }
                }
                Some(_) if depth > 0 => {
                    depth -= 1;
                    // The agent's card is over: a BEGIN:VCARD after it begins the next card.
                    after_agent = false;
                }
                Some(card) => {
                    // Up to `END:VCARD`.
                    card.body.end = start.max(card.body.start);
                    cards.extend(current.take());
                }
            }
        } else if current.is_none() {
            if !line.trim().is_empty() {
                let has_at = line.contains('@');
                match outside.as_mut() {
                    Some(o) => {
                        o.last = number;
                        o.has_at |= has_at;
                    }
                    None => {
                        outside = Some(Outside {
                            first: number,
                            last: number,
                            has_at,
                        })
                    }
                }
            }
        } else if depth == 0 && !line.starts_with([' ', '\t']) {
            if opens_agent_card(line) {
                depth += 1;
                after_agent = false;
            } else {
                // Only 2.1's empty `AGENT:` (`item1.AGENT:` too) opens a card inside a card on
                // the lines after it; 3.0's one-line escaped value is the whole card.
                after_agent = property_name(line)
                    .is_some_and(|name| name.eq_ignore_ascii_case("AGENT"))
                    && line
                        .split_once(':')
                        .is_some_and(|(_, value)| value.trim().is_empty());
            }
        }
    }
    lost(outside, &mut unread);
    if let Some(mut card) = current {
        card.unfinished = true;
        card.cut = !text.ends_with(['\n', '\r']);
        cards.push(card);
    }
    Layout {
        cards,
        stray_end,
        unread,
    }
}
