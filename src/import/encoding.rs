//! Turning the bytes of an export into text, and saying which encoding that took.
//!
//! Address books come from programs of every age: Google's legacy CSV was UTF-16 with a BOM,
//! desktop Outlook writes the Windows code page, old phones write Shift_JIS. The order is the one
//! FORMATS.md gives: a byte-order mark wins; then UTF-16 recognised by its zero bytes; then UTF-8
//! if the bytes are valid UTF-8; then whatever legacy encoding chardetng finds most plausible.
//! Decoding never fails: a byte no encoding explains becomes U+FFFD, and the summary names the
//! encoding so the user can tell when a guess was needed.
//!
//! A file that is not valid UTF-8 is decoded line by line: a line that is valid UTF-8 stays UTF-8
//! and only the others are read in the legacy encoding. A UTF-8 export with one Latin-1 byte
//! pasted into it (a hand-edited file, two exports joined with `cat`) would otherwise have every
//! one of its UTF-8 addresses turned into mojibake (`jörg@` into `jÃ¶rg@`): an address altered.
//! A line of a single-byte code page is almost never valid UTF-8 by chance (it would take a letter
//! such as `Ã` followed by a symbol such as `©`), so for those code pages the rule holds
//! everywhere. Legacy multi-byte encodings (Shift_JIS, GBK, EUC-KR, Big5) form valid UTF-8 by
//! chance more easily, so for them a file is read line by line only when more of its non-ASCII
//! lines are valid UTF-8 than are not; otherwise it is read wholly in the legacy encoding.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

/// Text decoded from a file, and how.
#[derive(Debug)]
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    /// The encoding's name as users know it ("UTF-8", "UTF-16LE", "windows-1252", ...).
    pub encoding: &'static str,
    /// True when no BOM or valid UTF-8 said what the encoding was and it had to be guessed.
    pub guessed: bool,
    /// In a file read line by line, the lines (numbered from 1) that were not valid UTF-8 and
    /// were read in `encoding`; empty when the whole file was read in one encoding.
    pub legacy_lines: Vec<usize>,
    /// In a file read line by line, how many lines held UTF-8 beyond ASCII.
    pub utf8_lines: usize,
    /// In a file read in a multi-byte legacy encoding, the lines kept in UTF-8 all the same
    /// because they hold an address beyond ASCII in valid UTF-8 (numbered from 1).
    pub utf8_address_lines: Vec<usize>,
}

impl Decoded<'_> {
    /// How the import summary names the encoding.
    pub fn describe(&self) -> String {
        let named = if self.guessed {
            format!("{} (detected)", self.encoding)
        } else {
            self.encoding.to_string()
        };
        if !self.utf8_address_lines.is_empty() {
            return format!(
                "{named}, but {} in UTF-8",
                lines_named(&self.utf8_address_lines)
            );
        }
        if self.legacy_lines.is_empty() {
            return named;
        }
        format!("UTF-8, but {} in {named}", lines_named(&self.legacy_lines))
    }
}

/// "line 7", "lines 7 and 9", "lines 7, 9, 12, 30, 41 and 3 more".
fn lines_named(lines: &[usize]) -> String {
    const SHOWN: usize = 5;
    match lines {
        [one] => format!("line {one}"),
        _ => {
            let listed: Vec<String> = lines.iter().take(SHOWN).map(|l| l.to_string()).collect();
            let (head, last) = listed.split_at(listed.len() - 1);
            if lines.len() > SHOWN {
                format!(
                    "lines {} and {} more",
                    listed.join(", "),
                    lines.len() - SHOWN
                )
            } else {
                format!("lines {} and {}", head.join(", "), last[0])
            }
        }
    }
}

/// Decodes `bytes`, choosing the encoding as described in the module documentation.
pub fn decode(bytes: &[u8]) -> Decoded<'_> {
    decode_with_hint(bytes, None)
}

/// Like [`decode`], but when the bytes are neither Unicode nor valid UTF-8, a `hint` taken from
/// the file itself (a vCard `CHARSET=` parameter) is preferred over statistical detection.
pub fn decode_with_hint<'a>(bytes: &'a [u8], hint: Option<&'static Encoding>) -> Decoded<'a> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        // A UTF-8 mark on a file with lines in a code page (one typed in on a Windows machine):
        // read line by line, not with those lines' letters replaced by U+FFFD.
        if encoding == UTF_8 && std::str::from_utf8(body).is_err() {
            return decode_by_line(body, hint);
        }
        return Decoded::whole(decode_without_bom(encoding, body), encoding, false);
    }
    if let Some(encoding) = utf16_without_bom(bytes) {
        return Decoded::whole(decode_without_bom(encoding, bytes), encoding, true);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Decoded::whole(Cow::Borrowed(text), UTF_8, false),
        Err(_) => decode_by_line(bytes, hint),
    }
}

impl<'a> Decoded<'a> {
    /// A file read wholly in one encoding.
    pub fn whole(text: Cow<'a, str>, encoding: &'static Encoding, guessed: bool) -> Self {
        Decoded {
            text,
            encoding: name(encoding),
            guessed,
            legacy_lines: Vec::new(),
            utf8_lines: 0,
            utf8_address_lines: Vec::new(),
        }
    }
}

/// The lines of `bytes`, each with its line break.
fn lines_with_breaks(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    crate::text::line_spans(bytes).map(move |(span, next)| &bytes[span.start..next])
}

/// Decodes bytes that are not valid UTF-8: line by line where that is safe (module docs).
fn decode_by_line<'a>(bytes: &'a [u8], hint: Option<&'static Encoding>) -> Decoded<'a> {
    let mut legacy_lines = Vec::new();
    let mut utf8_lines = 0;
    for (number, line) in lines_with_breaks(bytes).enumerate() {
        match std::str::from_utf8(line) {
            Ok(text) => utf8_lines += usize::from(!text.is_ascii()),
            Err(_) => legacy_lines.push(number + 1),
        }
    }
    let encoding = hint.unwrap_or_else(|| {
        // Only the lines that are not UTF-8 say which code page they are in.
        let mut sample = Vec::new();
        for (number, line) in lines_with_breaks(bytes).enumerate() {
            if legacy_lines.binary_search(&(number + 1)).is_ok() {
                sample.extend_from_slice(line);
                if sample.len() >= DETECTION_SAMPLE {
                    break;
                }
            }
        }
        detect_legacy(&sample)
    });
    let single_byte = encoding.is_single_byte();
    // Whether lines that are valid UTF-8 are read as UTF-8 (see the module documentation).
    let utf8_wins = single_byte || utf8_lines > legacy_lines.len();
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 4);
    let mut utf8_address_lines = Vec::new();
    let mut utf8_in_part = false;
    for (number, line) in lines_with_breaks(bytes).enumerate() {
        match std::str::from_utf8(line) {
            Ok(valid) if utf8_wins => text.push_str(valid),
            // A single-byte code page's text is invalid UTF-8 only at its letters beyond
            // ASCII: the rest of the line (an address pasted in from elsewhere) is read as
            // UTF-8 wherever it is valid.
            Err(_) if single_byte => utf8_in_part |= decode_in_runs(line, encoding, &mut text),
            // A line all in UTF-8 whose address is read as UTF-8 is UTF-8 throughout (its
            // name too).
            Ok(valid) => {
                let start = text.len();
                if decode_by_word(line, encoding, &mut text) {
                    text.truncate(start);
                    text.push_str(valid);
                    utf8_address_lines.push(number + 1);
                }
            }
            Err(_) => {
                if decode_by_word(line, encoding, &mut text) {
                    utf8_address_lines.push(number + 1);
                }
            }
        }
    }
    if utf8_wins && (utf8_lines > 0 || utf8_in_part) {
        return Decoded {
            text: Cow::Owned(text),
            legacy_lines,
            utf8_lines,
            ..Decoded::whole(Cow::Borrowed(""), encoding, true)
        };
    }
    Decoded {
        text: Cow::Owned(text),
        utf8_address_lines,
        ..Decoded::whole(Cow::Borrowed(""), encoding, true)
    }
}

/// Appends `line` (not valid UTF-8) to `text`: its valid UTF-8 runs as they are, the bytes
/// between them in the single-byte `encoding`. True when a run held UTF-8 beyond ASCII.
fn decode_in_runs(line: &[u8], encoding: &'static Encoding, text: &mut String) -> bool {
    let mut beyond_ascii = false;
    for chunk in line.utf8_chunks() {
        text.push_str(chunk.valid());
        beyond_ascii |= !chunk.valid().is_ascii();
        text.push_str(&decode_without_bom(encoding, chunk.invalid()));
    }
    beyond_ascii
}

/// Appends `line` to `text` in the multi-byte legacy `encoding`, except for words (between
/// spaces and the punctuation around addresses) that are addresses beyond ASCII in valid UTF-8
/// and read as UTF-8 more plausibly ([`plausibly_utf8`]). Those bytes are all below 0x40,
/// which no multi-byte encoding uses inside a character, so no character is cut. True when a
/// word was kept in UTF-8.
fn decode_by_word(line: &[u8], encoding: &'static Encoding, text: &mut String) -> bool {
    let is_break = |b: &u8| b.is_ascii_whitespace() || b",;<>\":".contains(b);
    let mut kept = false;
    let mut rest = line;
    while !rest.is_empty() {
        let end = rest.iter().position(is_break).unwrap_or(rest.len());
        let (word, after) = rest.split_at(end);
        match std::str::from_utf8(word) {
            Ok(valid)
                if !valid.is_ascii() && valid.contains('@') && plausibly_utf8(valid, encoding) =>
            {
                text.push_str(valid);
                kept = true;
            }
            _ => text.push_str(&decode_without_bom(encoding, word)),
        }
        let breaks = after.iter().take_while(|b| is_break(b)).count();
        // Below 0x40: ASCII in every encoding this reads.
        text.extend(after[..breaks].iter().map(|&b| char::from(b)));
        rest = &after[breaks..];
    }
    kept
}

/// Whether an address that is valid UTF-8 is more plausibly UTF-8 than `encoding`: its
/// letters beyond ASCII are letters, and either Latin ones (`jörg@bücher.example`) or ones the
/// legacy reading turns into nonsense (half-width katakana, undecodable bytes). A GBK name's
/// bytes can form valid UTF-8 by chance, but not Latin letters and a legacy reading both.
fn plausibly_utf8(word: &str, encoding: &'static Encoding) -> bool {
    let beyond_ascii = || word.chars().filter(|c| !c.is_ascii());
    if !beyond_ascii().all(char::is_alphabetic) {
        return false;
    }
    beyond_ascii().all(|c| ('\u{C0}'..='\u{24F}').contains(&c))
        || decode_without_bom(encoding, word.as_bytes())
            .chars()
            .any(|c| c == '\u{FFFD}' || ('\u{FF61}'..='\u{FF9F}').contains(&c))
}

/// How much text chardetng is given: plenty to tell code pages apart, cheap for huge files.
const DETECTION_SAMPLE: usize = 1 << 20;

/// Whether `bytes` are UTF-16 text: a UTF-16 byte-order mark, or the zero bytes of one.
pub fn is_utf16(bytes: &[u8]) -> bool {
    matches!(Encoding::for_bom(bytes), Some((encoding, _)) if encoding != UTF_8)
        || utf16_without_bom(bytes).is_some()
}

fn decode_without_bom<'a>(encoding: &'static Encoding, bytes: &'a [u8]) -> Cow<'a, str> {
    encoding.decode_without_bom_handling(bytes).0
}

fn name(encoding: &'static Encoding) -> &'static str {
    if encoding == UTF_8 {
        "UTF-8"
    } else {
        encoding.name()
    }
}

/// UTF-16 text without a BOM shows itself through zero bytes: ASCII characters (delimiters,
/// digits, Latin letters) have a zero high byte, so one of the two byte positions is mostly zero.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let zero_even = sample.iter().step_by(2).filter(|b| **b == 0).count();
    let zero_odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|b| **b == 0)
        .count();
    // Text in other encodings has no NUL bytes at all; demanding that a third of the pairs have
    // one keeps binary files from being taken for UTF-16 by accident.
    if zero_odd * 3 >= pairs && zero_even * 20 < pairs {
        Some(UTF_16LE)
    } else if zero_even * 3 >= pairs && zero_odd * 20 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

fn detect_legacy(bytes: &[u8]) -> &'static Encoding {
    use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Allow);
    let sample = &bytes[..bytes.len().min(DETECTION_SAMPLE)];
    detector.feed(sample, sample.len() == bytes.len());
    // Only called once the bytes are known not to be UTF-8.
    detector.guess(None, Utf8Detection::Deny)
}

/// Looks up an encoding by a label found in a file (`CHARSET=ISO-8859-1`, `Shift_JIS`, ...).
pub fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(label.trim().as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        if bom {
            out.extend_from_slice(if big_endian {
                &[0xFE, 0xFF]
            } else {
                &[0xFF, 0xFE]
            });
        }
        for unit in text.encode_utf16() {
            let bytes = if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            };
            out.extend_from_slice(&bytes);
        }
        out
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let plain = decode("Zoë,zoe@example.org".as_bytes());
        assert_eq!(plain.text, "Zoë,zoe@example.org");
        assert_eq!(plain.describe(), "UTF-8");
        let bom = decode(b"\xEF\xBB\xBFName\n");
        assert_eq!(bom.text, "Name\n");
        assert_eq!(bom.encoding, "UTF-8");
    }

    #[test]
    fn utf16_in_both_byte_orders_with_and_without_bom() {
        let text = "Name,E-mail 1 - Value\nJürgen,j@example.de\n";
        for big_endian in [false, true] {
            for bom in [false, true] {
                let decoded = decode_owned(utf16(text, big_endian, bom));
                assert_eq!(decoded.0, text, "be={big_endian} bom={bom}");
                let expected = if big_endian { "UTF-16BE" } else { "UTF-16LE" };
                assert_eq!(decoded.1, expected);
            }
        }
    }

    fn decode_owned(bytes: Vec<u8>) -> (String, &'static str) {
        let decoded = decode(&bytes);
        (decoded.text.into_owned(), decoded.encoding)
    }

    #[test]
    fn windows_1252_is_detected_and_said() {
        let bytes = b"First Name,Last Name,E-mail Address\nJos\xe9,Mart\xednez,jose@example.es\nFran\xe7oise,M\xfcller,f@example.fr\n";
        let decoded = decode(bytes);
        assert!(decoded.text.contains("José,Martínez"), "{}", decoded.text);
        assert!(decoded.text.contains("Françoise,Müller"));
        assert!(decoded.guessed);
        assert!(decoded.describe().contains("(detected)"));
    }

    #[test]
    fn a_utf8_file_with_one_latin1_line_keeps_its_utf8_lines() {
        let bytes = b"Name,Email\nJ\xc3\xb6rg,j\xc3\xb6rg@b\xc3\xbccher.example\r\nJos\xe9,jos\xe9@example.es\rZo\xc3\xab,z@x.org";
        let decoded = decode(bytes);
        assert_eq!(
            decoded.text,
            "Name,Email\nJörg,jörg@bücher.example\r\nJosé,josé@example.es\rZoë,z@x.org"
        );
        assert_eq!(decoded.legacy_lines, [3]);
        assert_eq!(
            decoded.describe(),
            "UTF-8, but line 3 in windows-1252 (detected)"
        );
    }

    #[test]
    fn a_utf8_mark_on_a_file_with_a_latin1_line_reads_it_line_by_line() {
        let bytes = b"\xEF\xBB\xBFName\nJ\xc3\xb6rg,j\xc3\xb6rg@x.org\nJos\xe9,jos\xe9@x.org\n";
        let decoded = decode(bytes);
        assert_eq!(decoded.text, "Name\nJörg,jörg@x.org\nJosé,josé@x.org\n");
        assert_eq!(decoded.legacy_lines, [3]);
    }

    #[test]
    fn a_legacy_file_is_read_as_before() {
        let bytes = b"Jos\xe9,j@x.org\nFran\xe7oise,f@x.org\nAda,a@x.org\n";
        let decoded = decode(bytes);
        assert_eq!(
            decoded.text,
            "José,j@x.org\nFrançoise,f@x.org\nAda,a@x.org\n"
        );
        assert_eq!(decoded.describe(), "windows-1252 (detected)");
        assert!(decoded.legacy_lines.is_empty());
    }

    #[test]
    fn a_multibyte_legacy_file_with_a_line_that_happens_to_be_utf8_is_read_whole() {
        // Shift_JIS "安藤" and "佐藤" on two lines, then bytes that are both valid UTF-8 ("あ")
        // and valid Shift_JIS: with more lines not UTF-8, the file is Shift_JIS throughout.
        let bytes = b"\x88\xc0\x93\xa1\n\x8d\xb2\x93\xa1\n\xe3\x81\x82\n";
        let hint = encoding_for_label("SHIFT_JIS");
        let decoded = decode_with_hint(bytes, hint);
        let (whole, _, _) = encoding_rs::SHIFT_JIS.decode(bytes);
        assert_eq!(decoded.text, whole);
        assert!(decoded.text.starts_with("安藤\n佐藤\n"), "{}", decoded.text);
        assert_eq!(decoded.describe(), "Shift_JIS (detected)");
    }

    #[test]
    fn a_utf8_address_in_a_mostly_shift_jis_file_stays_utf8() {
        // A UTF-8 line with jörg@bücher.example, then two Shift_JIS lines ("安藤", "佐藤").
        let bytes =
            b"J\xc3\xb6rg,j\xc3\xb6rg@b\xc3\xbccher.example\n\x88\xc0\x93\xa1,a@x.jp\n\x8d\xb2\x93\xa1,s@x.jp\n";
        let decoded = decode_with_hint(bytes, encoding_for_label("SHIFT_JIS"));
        assert_eq!(
            decoded.text,
            "Jörg,jörg@bücher.example\n安藤,a@x.jp\n佐藤,s@x.jp\n"
        );
        assert_eq!(
            decoded.describe(),
            "Shift_JIS (detected), but line 1 in UTF-8"
        );
    }

    #[test]
    fn within_a_line_an_address_keeps_its_own_encoding() {
        // A windows-1252 name beside a UTF-8 address, on one line.
        let decoded = decode(b"Name,Email\nRen\xe9e Caf\xe9,j\xc3\xb6rg@b\xc3\xbccher.example\n");
        assert_eq!(decoded.text, "Name,Email\nRenée Café,jörg@bücher.example\n");
        assert_eq!(
            decoded.describe(),
            "UTF-8, but line 2 in windows-1252 (detected)"
        );
        // A Shift_JIS name ("山本") beside a UTF-8 address.
        let sjis = encoding_for_label("SHIFT_JIS");
        let decoded = decode_with_hint(b"\x8eR\x96{,mixed@b\xc3\xbccher.example\n", sjis);
        assert_eq!(decoded.text, "山本,mixed@bücher.example\n");
        // GBK ("郑伟") whose bytes are valid UTF-8 by chance is read as GBK, address too.
        let gbk = encoding_for_label("GBK");
        let name = b"\xd6\xa3\xce\xb0";
        assert!(std::str::from_utf8(name).is_ok());
        let mut line = name.to_vec();
        line.extend_from_slice(b",");
        line.extend_from_slice(name);
        line.extend_from_slice(b"@example.cn\n\xd5\xc5\xc8\xfd,z@example.cn\n");
        let decoded = decode_with_hint(&line, gbk);
        assert_eq!(decoded.text, "郑伟,郑伟@example.cn\n张三,z@example.cn\n");
    }

    #[test]
    fn lines_are_named_briefly() {
        assert_eq!(lines_named(&[4]), "line 4");
        assert_eq!(lines_named(&[4, 9]), "lines 4 and 9");
        assert_eq!(lines_named(&[1, 2, 3]), "lines 1, 2 and 3");
        assert_eq!(
            lines_named(&[1, 2, 3, 4, 5, 6, 7]),
            "lines 1, 2, 3, 4, 5 and 2 more"
        );
    }

    proptest::proptest! {
        /// Lines of UTF-8 and of Latin-1 (letters from U+00C0 up, so a Latin-1 line is never
        /// valid UTF-8), joined with any line breaks: every line reads back as it was written.
        #[test]
        fn every_line_reads_back_in_its_own_encoding(
            lines in proptest::collection::vec(
                ("[a-z@.]{0,6}[À-ÿ]{0,3}[a-z@.]{0,6}", proptest::bool::ANY, 0..3usize),
                1..12,
            )
        ) {
            let mut bytes = Vec::new();
            let mut expected = String::new();
            let mut legacy = Vec::new();
            let mut utf8_beyond_ascii = false;
            let (mut number, mut after_cr) = (0, false);
            for (text, latin1, newline) in &lines {
                let newline = ["\n", "\r\n", "\r"][*newline];
                // A CR, then an empty line ended by LF, is one CRLF: no line of its own.
                if !(after_cr && text.is_empty() && newline == "\n") {
                    number += 1;
                }
                after_cr = newline == "\r";
                if *latin1 && !text.is_ascii() {
                    bytes.extend(text.chars().map(|c| c as u32 as u8));
                    legacy.push(number);
                } else {
                    bytes.extend_from_slice(text.as_bytes());
                    utf8_beyond_ascii |= !text.is_ascii();
                }
                bytes.extend_from_slice(newline.as_bytes());
                expected.push_str(text);
                expected.push_str(newline);
            }
            let decoded = decode_with_hint(&bytes, Some(encoding_rs::WINDOWS_1252));
            proptest::prop_assert_eq!(&decoded.text, &expected);
            if legacy.is_empty() {
                proptest::prop_assert_eq!(decoded.describe(), "UTF-8");
            } else if utf8_beyond_ascii {
                proptest::prop_assert_eq!(&decoded.legacy_lines, &legacy);
            } else {
                proptest::prop_assert_eq!(decoded.describe(), "windows-1252 (detected)");
            }
        }
    }

    #[test]
    fn a_hint_beats_detection_for_non_utf8() {
        // "安藤" in Shift_JIS.
        let bytes = b"N;CHARSET=SHIFT_JIS:\x88\xc0\x93\xa1\n";
        let hint = encoding_for_label("SHIFT_JIS");
        let decoded = decode_with_hint(bytes, hint);
        assert!(decoded.text.contains("安藤"), "{}", decoded.text);
        assert_eq!(decoded.encoding, "Shift_JIS");
    }

    #[test]
    fn never_panics_on_odd_input() {
        for bytes in [
            &b""[..],
            b"\xff",
            b"\xfe",
            b"\x00",
            b"\x00\x00\x00",
            b"\xff\xfe\x00",
        ] {
            let _ = decode(bytes);
        }
    }
}
