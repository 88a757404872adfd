//! Text helpers shared by importers, the command line and the screen.
//!
//! Every byte of a contact comes from a file someone else wrote, so nothing from a file reaches
//! the terminal raw: [`terminal_safe`] turns control characters, escape sequences and
//! direction overrides into visible placeholders. A name containing `ESC ] 0 ;` can then neither
//! retitle the window nor hide text; the user sees exactly what the file holds.

use std::borrow::Cow;
use std::ops::Range;

/// The lines of a file: each as the range of its text, without its line break, and where the
/// next line begins. A line ends at LF, at CRLF, or at a CR alone: old Mac exports end their
/// lines with CR, and a file joined from exports of both kinds (`cat`) has both. Both bytes mean
/// the same in every ASCII-compatible encoding and are never part of a multi-byte character in
/// one. A text that ends with a line break has no empty line after it.
pub fn line_spans(bytes: &[u8]) -> LineSpans<'_> {
    LineSpans { bytes, at: 0 }
}

/// The iterator of [`line_spans`].
#[derive(Clone)]
pub struct LineSpans<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Iterator for LineSpans<'_> {
    type Item = (Range<usize>, usize);

    fn next(&mut self) -> Option<Self::Item> {
        let (bytes, start) = (self.bytes, self.at);
        if start >= bytes.len() {
            return None;
        }
        let (end, next) = match memchr::memchr2(b'\n', b'\r', &bytes[start..]) {
            Some(offset) => {
                let end = start + offset;
                let crlf = bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n');
                (end, end + 1 + usize::from(crlf))
            }
            None => (bytes.len(), bytes.len()),
        };
        self.at = next;
        Some((start..end, next))
    }
}

/// The lines of `text`, without their line breaks, as [`line_spans`] finds them.
pub fn lines(text: &str) -> impl Iterator<Item = &str> + Clone + '_ {
    line_spans(text.as_bytes()).map(move |(span, _)| &text[span])
}

/// Breaks `text` into lines of at most `width` columns, at spaces where it can and inside a
/// word longer than a line where it must. Line breaks in `text` are kept; an empty text is
/// one empty line. Widths are terminal columns (a CJK character takes two).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    use unicode_width::UnicodeWidthChar;
    let width = width.max(1);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut used = 0;
        // Whether the next word begins a line (no space before it).
        let mut first = true;
        for word in paragraph.split(' ') {
            let word_width: usize = word.chars().map(|c| c.width().unwrap_or(0)).sum();
            let gap = usize::from(!first);
            if used + gap + word_width <= width {
                if gap == 1 {
                    line.push(' ');
                }
                line.push_str(word);
                used += gap + word_width;
                first = false;
                continue;
            }
            if !first {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            for c in word.chars() {
                let w = c.width().unwrap_or(0);
                if used + w > width && used > 0 {
                    lines.push(std::mem::take(&mut line));
                    used = 0;
                }
                line.push(c);
                used += w;
            }
            first = false;
        }
        lines.push(line);
    }
    lines
}

/// Lower-cases and strips Latin diacritics, for matching that ignores case and accents
/// ("Jürgen" and "jurgen", "Prénom" and "prenom").
pub fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(nucleo_matcher::chars::normalize)
        .collect()
}

/// How a character that must not reach the terminal is shown instead, if it is one.
fn placeholder(c: char) -> Option<Cow<'static, str>> {
    let code = c as u32;
    match c {
        // C0 controls (including ESC, BEL, NUL, CR, LF, TAB) as their Unicode control pictures.
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + code).map(|p| Cow::Owned(p.to_string())),
        '\u{7f}' => Some(Cow::Borrowed("\u{2421}")),
        // C1 controls (CSI, OSC, ... in their 8-bit forms), direction marks, embeddings,
        // overrides and isolates, invisible separators and the BOM.
        '\u{80}'..='\u{9f}'
        | '\u{61c}'
        | '\u{200b}'
        | '\u{200e}'
        | '\u{200f}'
        | '\u{2028}'..='\u{202e}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{feff}'
        | '\u{fff9}'..='\u{fffb}' => Some(Cow::Owned(format!("<U+{code:04X}>"))),
        _ => None,
    }
}

/// Returns `text` with every character that could act on a terminal (or hide or reorder text)
/// replaced by a visible placeholder. Borrows when nothing needed replacing.
pub fn terminal_safe(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| placeholder(c).is_some()) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match placeholder(c) {
            Some(shown) => out.push_str(&shown),
            None => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// `text` as one word of a POSIX shell command line, to paste as printed: as it is when every
/// character is safe there (letters, digits, `@._+%=,:/-`), else in single quotes (`'` written
/// `'\''`). A valid address may hold `'` or `"` (`o'hara@example.org`), which printed bare
/// broke the command a user pasted.
pub fn shell_word(text: &str) -> Cow<'_, str> {
    let safe = |c: char| c.is_alphanumeric() || "@._+%=,:/-".contains(c);
    if !text.is_empty() && text.chars().all(safe) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(format!("'{}'", text.replace('\'', r"'\''")))
}

/// Each of `texts` as a word of a shell command line ([`shell_word`]), joined by spaces, as
/// the arguments of a command: after `--` when one starts with `-` (`-dash@example.org` is a
/// valid address, and would be read as an option).
pub fn shell_words<T: AsRef<str>>(texts: &[T]) -> String {
    let words: Vec<Cow<'_, str>> = texts.iter().map(|t| shell_word(t.as_ref())).collect();
    let words = words.join(" ");
    if texts.iter().any(|t| t.as_ref().starts_with('-')) {
        format!("-- {words}")
    } else {
        words
    }
}

/// Collapses runs of whitespace (including line breaks) to single spaces and trims the ends:
/// names and organizations are single-line values even when a file split them.
pub fn single_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// A count with thousands separators, as people read them: `12,345`.
pub fn count(n: impl Into<u64>) -> String {
    let digits = n.into().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// `1 contact`, `2 contacts`: a count with its noun.
pub fn plural(n: impl Into<u64>, one: &str, many: &str) -> String {
    let n = n.into();
    format!("{} {}", count(n), if n == 1 { one } else { many })
}

/// Days since 1970-01-01 to a (year, month, day) civil date (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// `2026-11-26` (UTC) for a point in time.
pub fn date(time: std::time::SystemTime) -> String {
    let seconds = match time.duration_since(std::time::UNIX_EPOCH) {
        Ok(elapsed) => elapsed.as_secs() as i64,
        Err(before) => -(before.duration().as_secs() as i64),
    };
    let (year, month, day) = civil_from_days(seconds.div_euclid(86_400));
    format!("{year:04}-{month:02}-{day:02}")
}

/// `2026-11-26` (UTC) for seconds since the Unix epoch.
pub fn date_of_seconds(seconds: i64) -> String {
    let (year, month, day) = civil_from_days(seconds.div_euclid(86_400));
    format!("{year:04}-{month:02}-{day:02}")
}

/// `2026-11-26 14:03 UTC` for milliseconds since the Unix epoch.
pub fn date_time_millis(millis: i64) -> String {
    let seconds = millis.div_euclid(1000);
    let (year, month, day) = civil_from_days(seconds.div_euclid(86_400));
    let minute_of_day = seconds.rem_euclid(86_400) / 60;
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        minute_of_day / 60,
        minute_of_day % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_end_at_lf_crlf_or_cr_alone() {
        let text = "a\nb\r\nc\rd\r\re";
        let got: Vec<&str> = lines(text).collect();
        assert_eq!(got, ["a", "b", "c", "d", "", "e"]);
        let spans: Vec<_> = line_spans(b"ab\r\ncd\n").collect();
        assert_eq!(spans, [(0..2, 4), (4..6, 7)]);
        assert_eq!(lines("").count(), 0);
        assert_eq!(lines("\n").collect::<Vec<_>>(), [""]);
    }

    /// What the shell reads back from a printed word is the text itself.
    #[test]
    fn shell_words_paste_back_exactly() {
        for text in [
            "ada@example.org",
            "josé@münchen.example",
            "o'hara.ann@home.example",
            "\"john..doe\"@example.org",
            "a b@example.org",
            "$HOME@x.example",
            "",
        ] {
            let word = shell_word(text);
            let echoed = std::process::Command::new("sh")
                .args(["-c", &format!("printf %s {word}")])
                .output()
                .expect("sh runs");
            assert_eq!(String::from_utf8_lossy(&echoed.stdout), text, "{word}");
        }
        assert_eq!(shell_word("ada@example.org"), "ada@example.org");
        // An address that starts with `-` is an argument, not an option.
        assert_eq!(
            shell_words(&["-dash@a.example", "o'hara@b.example"]),
            r"-- -dash@a.example 'o'\''hara@b.example'"
        );
        assert_eq!(shell_words(&["a@b.example"]), "a@b.example");
    }

    #[test]
    fn wrap_breaks_at_spaces_and_inside_long_words() {
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("a\n\nb", 5), ["a", "", "b"]);
        assert_eq!(wrap("", 5), [""]);
        // Indentation is kept.
        assert_eq!(wrap("   12 left", 20), ["   12 left"]);
        // Wide characters count two columns.
        assert_eq!(wrap("日本語です", 4), ["日本", "語で", "す"]);
    }

    proptest::proptest! {
        #[test]
        fn wrap_keeps_every_character_and_the_width(
            text in "[a-z \n日é]{0,60}",
            width in 2usize..12,
        ) {
            use unicode_width::UnicodeWidthStr;
            let lines = wrap(&text, width);
            for line in &lines {
                proptest::prop_assert!(line.width() <= width, "{line:?} wider than {width}");
            }
            let kept: String = lines.concat().chars().filter(|c| !c.is_whitespace()).collect();
            let model: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            proptest::prop_assert_eq!(kept, model);
            proptest::prop_assert!(lines.len() > text.matches('\n').count());
        }
    }

    #[test]
    fn dates_are_civil() {
        assert_eq!(date_time_millis(0), "1970-01-01 00:00 UTC");
        assert_eq!(date_time_millis(1_795_653_780_000), "2026-11-26 00:43 UTC");
        assert_eq!(date_time_millis(951_782_400_000), "2000-02-29 00:00 UTC");
        assert_eq!(date_of_seconds(951_782_400), "2000-02-29");
        assert_eq!(date_of_seconds(-1), "1969-12-31");
        assert_eq!(
            date(std::time::UNIX_EPOCH + std::time::Duration::from_secs(86_400 * 365)),
            "1971-01-01"
        );
    }

    #[test]
    fn counts_read_like_numbers() {
        assert_eq!(count(0u64), "0");
        assert_eq!(count(999u64), "999");
        assert_eq!(count(1000u64), "1,000");
        assert_eq!(count(1234567u64), "1,234,567");
        assert_eq!(plural(1u64, "contact", "contacts"), "1 contact");
        assert_eq!(plural(2u64, "contact", "contacts"), "2 contacts");
    }

    #[test]
    fn fold_ignores_case_and_accents() {
        assert_eq!(fold("Zoë Ångström"), "zoe angstrom");
        assert_eq!(fold("JÜRGEN"), "jurgen");
        assert_eq!(fold("Prénom"), "prenom");
        assert_eq!(fold("安藤"), "安藤");
    }

    #[test]
    fn terminal_safe_neutralises_escape_sequences() {
        let hostile = "Eve\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31m\u{202e}gnp.exe\u{0}";
        let shown = terminal_safe(hostile);
        assert!(!shown.chars().any(|c| c.is_control()), "{shown:?}");
        assert!(shown.contains('\u{241b}'), "ESC is shown as a picture");
        assert!(shown.contains("<U+202E>"));
        assert!(shown.contains("<U+009B>"));
        assert!(shown.starts_with("Eve"));
    }

    #[test]
    fn terminal_safe_borrows_clean_text() {
        assert!(matches!(terminal_safe("Zoë 安藤 👩‍🔬"), Cow::Borrowed(_)));
    }

    #[test]
    fn single_line_collapses_breaks() {
        assert_eq!(single_line("  Ada\r\n  Lovelace\t"), "Ada Lovelace");
    }
}
