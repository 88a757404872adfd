//! LDIF address books (Thunderbird, Netscape, LDAP directories; RFC 2849).
//!
//! Records are blocks of `attribute: value` lines separated by blank lines. A line starting with
//! one space continues the previous one, `attribute:: value` carries base64 (Thunderbird uses it
//! for any non-ASCII value), and mailing lists are `groupOfNames` entries listed among people.

use super::{Format, Parsed, encoding};
use crate::contact::{Location, Record};
use crate::text::single_line;

pub(super) fn parse(bytes: &[u8], stream: Option<super::Stream>) -> Parsed {
    let decoded = encoding::decode(bytes);
    let mut parsed = Parsed::new(Format::Ldif, decoded.describe(), stream);
    let mut entry: Option<Entry> = None;
    let mut pending: Option<(u64, String)> = None;

    // Physical lines are joined into logical ones first (continuations), then grouped.
    let mut logical: Vec<(u64, String)> = Vec::new();
    for (index, line) in crate::text::lines(&decoded.text).enumerate() {
        let number = index as u64 + 1;
        if let Some(rest) = line.strip_prefix(' ') {
            if let Some((_, text)) = pending.as_mut() {
                text.push_str(rest);
            }
            continue;
        }
        logical.extend(pending.take());
        pending = Some((number, line.to_string()));
    }
    logical.extend(pending.take());

    for (number, line) in logical {
        if line.trim().is_empty() {
            if let Some(done) = entry.take() {
                done.finish(&mut parsed);
            }
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let Some((name, value)) = attribute(&line) else {
            continue;
        };
        let name = name.to_ascii_lowercase();
        if name == "version" && entry.is_none() {
            continue;
        }
        if name == "dn" {
            // A new dn without a blank line before it still starts a new entry.
            if let Some(done) = entry.take() {
                done.finish(&mut parsed);
            }
        }
        let current = entry.get_or_insert_with(|| Entry::new(number));
        current.add(&name, value, number);
    }
    if let Some(done) = entry.take() {
        done.finish(&mut parsed);
    }
    parsed
}

/// Splits `name: value`, `name:: base64` and `name:< url` (which is ignored).
fn attribute(line: &str) -> Option<(&str, String)> {
    let colon = line.find(':')?;
    let name = line[..colon].split(';').next().unwrap_or("").trim();
    if name.is_empty() {
        return None;
    }
    let rest = &line[colon + 1..];
    let value = if let Some(encoded) = rest.strip_prefix(':') {
        let bytes = decode_base64(encoded.trim())?;
        String::from_utf8_lossy(&bytes).into_owned()
    } else if rest.starts_with('<') {
        return None;
    } else {
        rest.trim_start().to_string()
    };
    Some((name, value))
}

fn decode_base64(text: &str) -> Option<Vec<u8>> {
    fn sextet(c: u8) -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    }
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut buffer = 0u32;
    let mut bits = 0;
    for c in text.bytes() {
        if c == b'=' {
            break;
        }
        if c.is_ascii_whitespace() {
            continue;
        }
        buffer = (buffer << 6) | sextet(c)?;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    Some(out)
}

struct Entry {
    line: u64,
    record: Record,
    is_group: bool,
    /// Each address attribute's value, with its line.
    mail: Vec<(u64, String)>,
    has_attributes: bool,
}

impl Entry {
    fn new(line: u64) -> Entry {
        Entry {
            line,
            record: Record {
                location: Location::line(line),
                ..Record::default()
            },
            is_group: false,
            mail: Vec::new(),
            has_attributes: false,
        }
    }

    fn add(&mut self, name: &str, value: String, line: u64) {
        self.has_attributes = true;
        let set = |field: &mut String| {
            if field.is_empty() {
                *field = single_line(&value);
            }
        };
        match name {
            "mail" | "mozillasecondemail" | "mozilla_secondemail" => {
                self.mail.push((line, value.clone()))
            }
            "cn" | "displayname" => set(&mut self.record.formatted_name),
            "givenname" => set(&mut self.record.given_name),
            "sn" | "surname" => set(&mut self.record.family_name),
            "o" | "organizationname" => set(&mut self.record.organization),
            "title" => set(&mut self.record.title),
            "description" => set(&mut self.record.note),
            "telephonenumber" | "mobile" | "homephone" | "pager" | "facsimiletelephonenumber" => {
                self.record.has_phone |= value.chars().any(|c| c.is_ascii_digit());
            }
            "objectclass" => {
                let class = value.trim().to_ascii_lowercase();
                self.is_group |= matches!(
                    class.as_str(),
                    "groupofnames" | "groupofuniquenames" | "mozillaablistobsolete"
                );
            }
            _ => {}
        }
    }

    fn finish(mut self, parsed: &mut Parsed) {
        if !self.has_attributes {
            return;
        }
        if self.is_group {
            parsed.push_group(Location::line(self.line), self.record.display_name());
            return;
        }
        let mut had_invalid = false;
        for (line, value) in std::mem::take(&mut self.mail) {
            let reported = parsed.reported();
            had_invalid |= !parsed.offer_address(&mut self.record, &value, false);
            // A value worth pointing at is shown at its own line, not the entry's `dn:` (a
            // trial was sent to line 1 for a bad `mail:` on line 5).
            for value in parsed.reported_since(reported) {
                value.location.line = line;
            }
        }
        // Without an address, one may be written in the description (`write to ann@x.org`).
        let elsewhere = (self.record.addresses.is_empty() && !had_invalid)
            .then(|| {
                let note = &self.record.note;
                super::address_among_words(note)
                    .map(|address| format!("{address} in \"description: {note}\""))
            })
            .flatten();
        parsed.push_seen(self.record, had_invalid, elsewhere);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::SkipReason;

    /// A bad address is pointed at by its own line, not its entry's `dn:`.
    #[test]
    fn an_invalid_address_is_pointed_at_by_its_line() {
        let text = "dn: cn=Q\ncn: Q\nmail: ok@x.org\nmozillaSecondEmail: q@exa?mple.com\nmail: nodomain@host\n";
        let parsed = parse(text.as_bytes(), None);
        let invalid: Vec<u64> = parsed.invalid.iter().map(|i| i.location.line).collect();
        let no_domain: Vec<u64> = parsed
            .no_top_level_domain
            .iter()
            .map(|i| i.location.line)
            .collect();
        assert_eq!((invalid, no_domain), (vec![4], vec![5]));
    }

    #[test]
    fn reads_people_skips_lists_and_decodes_base64() {
        let text = "version: 1\n\ndn: cn=new list\nobjectclass: top\nobjectclass: groupOfNames\ncn: new list\nmember: cn=Ada\n\n\
                    dn: cn=Ada Lovelace,mail=ada@x.org\nobjectclass: person\ncn: Ada Lovelace\ngivenName: Ada\nsn: Lovelace\n\
                    mail: ada@x.org\nmozillaSecondEmail: ada@y.org\no:: QW5hbHl0aWNhbCDDiW5naW5lcw==\ndescription: long\n  text\n\n\
                    dn: cn=J\n    \ncn: Jürgen\nmail: jurgen@x.org";
        let parsed = parse(text.as_bytes(), None);
        assert_eq!(parsed.skipped.len(), 1);
        assert_eq!(parsed.skipped[0].reason, SkipReason::Group);
        assert_eq!(parsed.skipped[0].location.line, 3);
        assert_eq!(parsed.records.len(), 2);
        let ada = &parsed.records[0];
        assert_eq!(ada.display_name(), "Ada Lovelace");
        assert_eq!(ada.addresses, ["ada@x.org", "ada@y.org"]);
        assert_eq!(ada.organization, "Analytical Éngines");
        assert_eq!(ada.location.line, 9);
        assert_eq!(parsed.records[1].display_name(), "Jürgen");
    }

    #[test]
    fn continuation_lines_join() {
        let parsed = parse(
            b"dn: cn=A\ncn: Ada Love\n lace\nmail: ada@exa\n mple.org\n",
            None,
        );
        assert_eq!(parsed.records[0].display_name(), "Ada Lovelace");
        assert_eq!(parsed.records[0].addresses, ["ada@example.org"]);
    }

    #[test]
    fn an_address_only_in_the_description_is_named() {
        let parsed = parse(
            b"dn: cn=D\ncn: D\ndescription: write to d@x.org.\n\ndn: cn=E\ncn: E\nuid: e@host\n",
            None,
        );
        let reasons = parsed.skip_reasons();
        assert_eq!(
            reasons,
            [
                (
                    SkipReason::AddressElsewhere,
                    "an address outside the address fields (D: d@x.org in \"description: write to d@x.org.\")".to_string()
                ),
                (SkipReason::NoAddress, "no email address (E)".to_string()),
            ]
        );
    }

    #[test]
    fn old_mac_and_mixed_line_endings() {
        let parsed = parse(
            b"dn: cn=A\rcn: Ada\rmail: a@x.org\r\rdn: cn=B\r\ncn: Bob\r\n  by\r\nmail: b@x.org\r\n\r\ndn: cn=C\ncn: Cy\nmail: c@x.org\n",
            None,
        );
        let got: Vec<(String, Vec<String>, u64)> = parsed
            .records
            .iter()
            .map(|r| (r.display_name(), r.addresses.clone(), r.location.line))
            .collect();
        let want = [
            ("Ada", "a@x.org", 1),
            ("Bob by", "b@x.org", 5),
            ("Cy", "c@x.org", 10),
        ]
        .map(|(name, address, line)| (name.to_string(), vec![address.to_string()], line));
        assert_eq!(got, want);
    }

    #[test]
    fn base64_decoder() {
        assert_eq!(
            decode_base64("aGkgbW9tCg==").as_deref(),
            Some(&b"hi mom\n"[..])
        );
        assert_eq!(decode_base64("!!"), None);
    }
}
