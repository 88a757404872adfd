//! Turning the bytes of an export into text, and saying which encoding that took.
//!
//! Address books come from programs of every age: Google's legacy CSV was UTF-16 with a BOM,
//! desktop Outlook writes the Windows code page, old phones write Shift_JIS. The order is the one
//! FORMATS.md gives: a byte-order mark wins; then UTF-16 recognised by its zero bytes; then UTF-8
//! if the bytes are valid UTF-8; then whatever legacy encoding chardetng finds most plausible.
//! Decoding never fails: a byte no encoding explains becomes U+FFFD, and the summary names the
//! encoding so the user can tell when a guess was needed.

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
}

impl Decoded<'_> {
    /// How the import summary names the encoding.
    pub fn describe(&self) -> String {
        if self.guessed {
            format!("{} (detected)", self.encoding)
        } else {
            self.encoding.to_string()
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
        return Decoded {
            text: decode_without_bom(encoding, body),
            encoding: name(encoding),
            guessed: false,
        };
    }
    if let Some(encoding) = utf16_without_bom(bytes) {
        return Decoded {
            text: decode_without_bom(encoding, bytes),
            encoding: name(encoding),
            guessed: true,
        };
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Decoded {
            text: Cow::Borrowed(text),
            encoding: "UTF-8",
            guessed: false,
        },
        Err(_) => {
            let encoding = hint.unwrap_or_else(|| detect_legacy(bytes));
            Decoded {
                text: decode_without_bom(encoding, bytes),
                encoding: name(encoding),
                guessed: true,
            }
        }
    }
}

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
    // A bounded prefix is plenty to tell code pages apart and keeps huge files cheap.
    detector.feed(&bytes[..bytes.len().min(1 << 20)], bytes.len() <= 1 << 20);
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
