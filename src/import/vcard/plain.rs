//! Plain cards read without calcard's tokenizer: most of an import of a vCard went to it.
//!
//! A card as [`card_text`](super::card_text) cleans it is plain when each of its lines is one
//! property vetted reads (`VERSION`, `FN`, `N`, `ORG`, `TITLE`, `NOTE`, `TEL`, `EMAIL`,
//! `CATEGORIES`), perhaps after a group (`item1.`), with no parameter but `TYPE=` with plain
//! words and `PREF=` with a small number, and a value with no escape (`\`), no control character
//! and, for `N`, no comma: the plain export of a phone or a mail program, such as the bench's
//! Apple-style cards (all but the tenth whose note has an escape). The third-party fixtures,
//! written to exercise every feature, have 11 plain cards of 38. For such a card the entries
//! are read here, as calcard reads them where [`read_card`](super::read_card) looks (the
//! property, its values, and the preference its parameters give); anything else goes to
//! calcard. Tests hold the two equal on every card of the fixtures and on generated cards.

use calcard::vcard::{
    VCardEntry, VCardParameter, VCardParameterName, VCardParameterValue, VCardProperty, VCardValue,
};

/// How each property's value is split into values, as calcard splits it.
#[derive(Clone, Copy)]
enum Split {
    /// One value: `FN`, `TITLE`, `NOTE`, `TEL`, `EMAIL`, `VERSION`.
    None,
    /// Components at `;`, whitespace kept: `N` (with no comma, which would nest a list in a
    /// component), `ORG`.
    Semicolon,
    /// A list at `,`, each item trimmed of spaces: `CATEGORIES` (a value with a tab, which
    /// calcard trims too, is not plain).
    Comma,
}

const PROPERTIES: &[(&str, VCardProperty, Split)] = &[
    ("VERSION", VCardProperty::Version, Split::None),
    ("FN", VCardProperty::Fn, Split::None),
    ("N", VCardProperty::N, Split::Semicolon),
    ("ORG", VCardProperty::Org, Split::Semicolon),
    ("TITLE", VCardProperty::Title, Split::None),
    ("NOTE", VCardProperty::Note, Split::None),
    ("TEL", VCardProperty::Tel, Split::None),
    ("EMAIL", VCardProperty::Email, Split::None),
    ("CATEGORIES", VCardProperty::Categories, Split::Comma),
];

/// The entries of `text` (a card as `card_text` writes it: `BEGIN:VCARD`, one property a line,
/// `END:VCARD`, lines ending in CRLF) when the card is plain; `None` when calcard is to read it.
pub(super) fn entries(text: &str) -> Option<Vec<VCardEntry>> {
    let body = text
        .strip_prefix("BEGIN:VCARD\r\n")?
        .strip_suffix("END:VCARD\r\n")?;
    let mut entries = Vec::with_capacity(12);
    // Lines end in CRLF; a lone LF would be inside a line, which is not plain.
    for line in body.split_terminator('\n') {
        entries.push(entry(line.strip_suffix('\r')?)?);
    }
    Some(entries)
}

/// A group or property name as calcard reads it whole: letters, digits and `-`.
fn is_word(text: &[u8]) -> bool {
    !text.is_empty() && text.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-')
}

fn entry(line: &str) -> Option<VCardEntry> {
    // One pass over the line's head: the name (after one group), then parameters, to `:`.
    let bytes = line.as_bytes();
    let head_end = bytes.iter().position(|&b| b == b':')?;
    let (head, value) = (&bytes[..head_end], &line[head_end + 1..]);
    if value.bytes().any(|b| b == b'\\' || b < 0x20 || b == 0x7f) {
        return None;
    }
    let name_end = head.iter().position(|&b| b == b';').unwrap_or(head.len());
    let name = match head[..name_end].iter().position(|&b| b == b'.') {
        Some(dot) if is_word(&head[..dot]) => &head[dot + 1..name_end],
        Some(_) => return None,
        None => &head[..name_end],
    };
    if !is_word(name) {
        return None;
    }
    let &(_, ref property, split) = PROPERTIES
        .iter()
        .find(|(known, _, _)| known.as_bytes().eq_ignore_ascii_case(name))?;
    let mut preference: Option<u32> = None;
    if name_end < head.len() {
        for parameter in head[name_end + 1..].split(|&b| b == b';') {
            let equals = parameter.iter().position(|&b| b == b'=')?;
            let (key, values) = (&parameter[..equals], &parameter[equals + 1..]);
            let rank = if key.eq_ignore_ascii_case(b"TYPE") {
                let mut pref = false;
                for value in values.split(|&b| b == b',') {
                    if !is_word(value) {
                        return None;
                    }
                    pref |= value.eq_ignore_ascii_case(b"pref");
                }
                pref.then_some(1)
            } else if key.eq_ignore_ascii_case(b"PREF")
                && (1..=3).contains(&values.len())
                && values[0] != b'0'
                && values.iter().all(u8::is_ascii_digit)
            {
                Some(values.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
            } else {
                return None;
            };
            if let Some(rank) = rank {
                preference = Some(preference.map_or(rank, |p: u32| p.min(rank)));
            }
        }
    }
    let text = |value: &str| VCardValue::Text(value.to_string());
    let values = match split {
        Split::None => vec![text(value)],
        Split::Semicolon if *property == VCardProperty::N && value.contains(',') => return None,
        Split::Semicolon => value.split(';').map(text).collect(),
        Split::Comma => value
            .split(',')
            .map(|item| text(item.trim_matches(' ')))
            .collect(),
    };
    Some(VCardEntry {
        group: None,
        name: property.clone(),
        // Only what the preference needs: the best rank the parameters gave.
        params: preference
            .map(|rank| VCardParameter {
                name: VCardParameterName::Pref,
                value: VCardParameterValue::Integer(rank),
            })
            .into_iter()
            .collect(),
        values,
    })
}

#[cfg(test)]
mod tests {
    use super::super::{card_text, cards_of, decode, parse_card, preference};
    use super::*;
    use proptest::prelude::*;

    /// What `read_card` reads of an entry: the property, its values, its preference.
    type Reading = Vec<(VCardProperty, Vec<VCardValue>, u32)>;

    fn project(entries: &[VCardEntry]) -> Reading {
        entries
            .iter()
            .map(|e| (e.name.clone(), e.values.clone(), preference(e)))
            .collect()
    }

    fn by_calcard(text: &str) -> Reading {
        project(&parse_card(text).expect("calcard reads it").entries)
    }

    /// Reads `text` here when it is plain, and checks that calcard reads the same.
    fn read_both(text: &str) -> Option<Reading> {
        let ours = project(&entries(text)?);
        assert_eq!(ours, by_calcard(text), "{text}");
        Some(ours)
    }

    #[test]
    fn an_apple_card_is_read_here_as_calcard_reads_it() {
        let text = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Okafor;Dmitri;;;\r\nFN:Dmitri Okafor\r\n\
                    ORG:Analytical Engines Ltd;\r\nTITLE:Designer\r\n\
                    item1.EMAIL;type=INTERNET;type=WORK;type=pref:dmitri@engines.example\r\n\
                    item2.EMAIL;type=INTERNET;type=HOME:d@posteo.example\r\n\
                    TEL;type=CELL;type=VOICE;type=pref:+1 555 0000000\r\n\
                    CATEGORIES:myContacts, Friends ,\r\nEND:VCARD\r\n";
        let read = read_both(text).expect("plain");
        assert_eq!(read.len(), 9);
        // The preferred address ranks first, the other not at all.
        assert_eq!((read[5].2, read[6].2), (1, u32::MAX));
    }

    #[test]
    fn escapes_parameters_and_folds_go_to_calcard() {
        for line in [
            "NOTE:two\\nlines",
            "N:Doe;Jane,Janet;;;",
            "EMAIL;INTERNET:a@x.org",
            "EMAIL;ENCODING=QUOTED-PRINTABLE:a@x.org",
            "EMAIL;TYPE=\"work,pref\":a@x.org",
            "EMAIL;PREF=01:a@x.org",
            "X-EMAIL:a@x.org",
            "a.b.EMAIL:a@x.org",
            "FN:Ada\r\n  Lovelace",
            "KIND:group",
        ] {
            let text = format!("BEGIN:VCARD\r\nVERSION:4.0\r\n{line}\r\nEND:VCARD\r\n");
            assert!(entries(&text).is_none(), "{line}");
        }
    }

    /// Compares every plain card of every vCard file in `folder` and the folders in it;
    /// returns how many were plain.
    fn compare_folder(folder: &std::path::Path) -> usize {
        let mut plain = 0;
        for file in std::fs::read_dir(folder).expect("fixtures").flatten() {
            let path = file.path();
            if path.is_dir() {
                plain += compare_folder(&path);
                continue;
            }
            if !path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("vcf"))
            {
                continue;
            }
            let bytes = std::fs::read(&path).expect("reads");
            let decoded = decode(&bytes);
            for card in cards_of(&decoded.text).cards {
                let (text, _) = card_text(&decoded.text, &card);
                plain += usize::from(read_both(&text).is_some());
            }
        }
        plain
    }

    /// Every plain card of the repository's own vCard fixtures reads here as calcard reads it,
    /// and they have plain cards.
    #[test]
    fn every_plain_card_of_our_fixtures_reads_as_calcard_reads_it() {
        let ours = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let plain = compare_folder(&ours);
        assert!(plain >= 5, "only {plain} plain cards among our fixtures");
    }

    /// The same for the third-party exports (`../shared/fixtures/real`).
    #[test]
    #[cfg_attr(
        not(real_fixtures),
        ignore = "reads ../shared/fixtures/real (or VETTED_REAL_FIXTURES), third-party files not in the repository"
    )]
    fn every_plain_card_of_the_real_fixtures_reads_as_calcard_reads_it() {
        #[cfg(real_fixtures)]
        {
            let real = std::path::Path::new(env!("VETTED_REAL_FIXTURES_DIR"));
            let plain = compare_folder(real);
            eprintln!("{plain} plain cards among the real fixtures, each read as calcard reads it");
            assert!(plain > 0, "no plain card among the real fixtures");
        }
        #[cfg(not(real_fixtures))]
        panic!("built without the real fixtures: this test should have been ignored");
    }

    fn name() -> impl Strategy<Value = String> {
        let names = prop::sample::select(vec![
            "VERSION",
            "FN",
            "fn",
            "N",
            "Org",
            "TITLE",
            "NOTE",
            "TEL",
            "EMAIL",
            "email",
            "CATEGORIES",
            "X-EMAIL",
            "NICKNAME",
            "N_X",
        ]);
        let group = prop::sample::select(vec!["", "item1.", "a-b.", "x_y.", "."]);
        (group, names).prop_map(|(g, n)| format!("{g}{n}"))
    }

    fn parameter() -> impl Strategy<Value = String> {
        prop::sample::select(vec![
            ";type=pref",
            ";TYPE=INTERNET",
            ";type=WORK,pref",
            ";TYPE=home,PREF",
            ";PREF=1",
            ";PREF=2",
            ";pref=10",
            ";PREF=0",
            ";TYPE=",
            ";TYPE=a b",
            ";INTERNET",
            ";CHARSET=UTF-8",
            ";VALUE=uri",
            ";LANGUAGE=en",
        ])
        .prop_map(str::to_string)
    }

    /// A line of any name, parameters and value; mostly ones this reader takes, so that the
    /// cards it is compared on are not all sent to calcard.
    fn line() -> impl Strategy<Value = String> {
        let value = prop_oneof![
            4 => "[ a-zé;,:=\".@\t-]{0,12}",
            1 => "[ a-zé;,:=\"\\\\.@\t\u{1}-]{0,12}",
        ];
        let parameters = prop_oneof![
            2 => Just(Vec::new()),
            2 => prop::collection::vec(parameter(), 1..3),
        ];
        (name(), parameters, value)
            .prop_map(|(name, parameters, value)| format!("{name}{}:{value}", parameters.concat()))
    }

    fn card(lines: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
        prop::collection::vec(lines, 0..4).prop_map(|lines| {
            let mut text = String::from("BEGIN:VCARD\r\nVERSION:3.0\r\n");
            for line in lines {
                text.push_str(&line);
                text.push_str("\r\n");
            }
            text.push_str("END:VCARD\r\n");
            text
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Cards of anything a value may hold (separators, quotes, escapes, spaces at either
        /// end, accents, control characters): where this reader takes one, calcard reads the
        /// same.
        #[test]
        fn a_card_read_here_reads_as_calcard_reads_it(text in card(line())) {
            read_both(&text);
        }

        /// Cards of plain words are taken here: the test above is not passed by taking none.
        #[test]
        fn cards_of_plain_values_are_read_here(
            text in card(
                (prop::sample::select(vec!["FN", "item1.EMAIL", "ORG", "CATEGORIES", "TEL"]),
                 prop::sample::select(vec!["", ";type=pref", ";TYPE=WORK;PREF=2"]),
                 "[ a-zé;.@-]{0,12}")
                    .prop_map(|(n, p, v)| format!("{n}{p}:{v}"))
            )
        ) {
            prop_assert!(read_both(&text).is_some(), "{}", text);
        }
    }
}
