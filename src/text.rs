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
    let mut folded = String::with_capacity(text.len());
    for c in text.chars() {
        fold_letter(c, |f| folded.push(f));
    }
    folded
}

/// Gives `c` folded to `out`: lower case, without its accents ([`fold_char`]), `œ`, `æ`, `þ`,
/// `ß` and `ð` spelt oe, ae, th, ss and d, and a combining accent (of a name written decomposed)
/// as nothing. What names are compared and sorted by; search folds a character to one, so
/// that its matches can be shown where they are.
pub fn fold_letter(c: char, mut out: impl FnMut(char)) {
    if c.is_ascii() {
        return out(c.to_ascii_lowercase());
    }
    if let Some(folded) = LATIN.get(c as usize - 0x80) {
        return folded
            .letter
            .iter()
            .filter(|f| **f != '\0')
            .for_each(|f| out(*f));
    }
    fold_letter_worked_out(c, out);
}

/// The folds of the letters most names are written in (U+0080 to U+1EFF: Latin-1, Latin
/// Extended-A, -B and Additional, Greek, Cyrillic and the scripts between), worked out once:
/// lower-casing and looking up each accented letter again took a third of the time of
/// sorting a million names.
struct Folded {
    /// What [`fold_letter`] gives, NUL for nothing (a fold never gives NUL).
    letter: [char; 2],
    /// What [`fold_char`] gives.
    char: char,
}

static LATIN: std::sync::LazyLock<Vec<Folded>> = std::sync::LazyLock::new(|| {
    ('\u{80}'..'\u{1F00}')
        .map(|c| {
            let mut letter = ['\0'; 2];
            let mut n = 0;
            fold_letter_worked_out(c, |f| {
                // Two at most in this range (checked by a test).
                if let Some(slot) = letter.get_mut(n) {
                    *slot = f;
                }
                n += 1;
            });
            Folded {
                letter,
                char: fold_char_worked_out(c),
            }
        })
        .collect()
});

/// [`fold_letter`] the long way.
fn fold_letter_worked_out(c: char, mut out: impl FnMut(char)) {
    for lower in c.to_lowercase() {
        match lower {
            'œ' => "oe".chars().for_each(&mut out),
            'æ' => "ae".chars().for_each(&mut out),
            'þ' => "th".chars().for_each(&mut out),
            'ß' => "ss".chars().for_each(&mut out),
            'ð' => out('d'),
            c if is_combining_mark(c) => {}
            c => out(fold_char_worked_out(c)),
        }
    }
}

/// `text` with its Latin accents taken off, case kept (`Phạm Ångström` is `Pham Angstrom`): a
/// letter as [`fold_char`] folds it, in its own case; a combining accent (of text written
/// decomposed) left out.
pub fn without_accents(text: &str) -> String {
    text.chars()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| {
            if c.is_ascii() {
                return c;
            }
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(only), None) if c != only => {
                    let base = fold_char(only);
                    if base.is_ascii() {
                        base.to_ascii_uppercase()
                    } else {
                        c
                    }
                }
                _ => fold_char(c),
            }
        })
        .collect()
}

/// A combining accent: written after its letter, in a name stored decomposed (`e` and
/// U+0301 for `é`).
pub fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}')
}

/// A lower-case letter without its accents (`ễ` is `e`, `ø` is `o`); other characters as
/// they are. Search, sorting by name and the duplicate finder all fold with it, so they agree.
///
/// Letters that decompose into an ASCII letter and accents come from [`BASE_LETTERS`]; the
/// few Latin letters that do not (`ø`, `đ`, `ł`) from nucleo-matcher's table, below U+0250
/// only: above, its table (0.3.1) is wrong, `ạ` to `o`, `ả` to `r`, `ễ` unchanged, small
/// capitals to `A`, and Vietnamese names were scrambled in search and never matched as
/// duplicates.
pub fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c;
    }
    match LATIN.get(c as usize - 0x80) {
        Some(folded) => folded.char,
        None => fold_char_worked_out(c),
    }
}

/// [`fold_char`] the long way.
fn fold_char_worked_out(c: char) -> char {
    if c.is_ascii() {
        return c;
    }
    if let Ok(at) = BASE_LETTERS.binary_search_by_key(&c, |&(from, _)| from) {
        return BASE_LETTERS[at].1;
    }
    // Greek vowels with tonos or dialytika, Cyrillic ё, and eth (a user trial found `αλεξ`
    // missing Αλέξ, `елка` missing Ёлка and `dora` missing Ðóra).
    match c {
        'ά' => return 'α',
        'έ' => return 'ε',
        'ή' => return 'η',
        'ί' | 'ϊ' | 'ΐ' => return 'ι',
        'ό' => return 'ο',
        'ύ' | 'ϋ' | 'ΰ' => return 'υ',
        'ώ' => return 'ω',
        'ё' => return 'е',
        'ð' => return 'd',
        _ => {}
    }
    if c < '\u{0250}' {
        nucleo_matcher::chars::normalize(c)
    } else {
        c
    }
}

/// Every lower-case letter of Latin-1, Latin Extended-A and -B and Latin Extended Additional
/// whose canonical decomposition starts with an ASCII letter, and that letter (generated
/// from Unicode's decompositions with Python's `unicodedata`), in order.
const BASE_LETTERS: [(char, char); 246] = [
    ('\u{00E0}', 'a'),
    ('\u{00E1}', 'a'),
    ('\u{00E2}', 'a'),
    ('\u{00E3}', 'a'),
    ('\u{00E4}', 'a'),
    ('\u{00E5}', 'a'),
    ('\u{00E7}', 'c'),
    ('\u{00E8}', 'e'),
    ('\u{00E9}', 'e'),
    ('\u{00EA}', 'e'),
    ('\u{00EB}', 'e'),
    ('\u{00EC}', 'i'),
    ('\u{00ED}', 'i'),
    ('\u{00EE}', 'i'),
    ('\u{00EF}', 'i'),
    ('\u{00F1}', 'n'),
    ('\u{00F2}', 'o'),
    ('\u{00F3}', 'o'),
    ('\u{00F4}', 'o'),
    ('\u{00F5}', 'o'),
    ('\u{00F6}', 'o'),
    ('\u{00F9}', 'u'),
    ('\u{00FA}', 'u'),
    ('\u{00FB}', 'u'),
    ('\u{00FC}', 'u'),
    ('\u{00FD}', 'y'),
    ('\u{00FF}', 'y'),
    ('\u{0101}', 'a'),
    ('\u{0103}', 'a'),
    ('\u{0105}', 'a'),
    ('\u{0107}', 'c'),
    ('\u{0109}', 'c'),
    ('\u{010B}', 'c'),
    ('\u{010D}', 'c'),
    ('\u{010F}', 'd'),
    ('\u{0113}', 'e'),
    ('\u{0115}', 'e'),
    ('\u{0117}', 'e'),
    ('\u{0119}', 'e'),
    ('\u{011B}', 'e'),
    ('\u{011D}', 'g'),
    ('\u{011F}', 'g'),
    ('\u{0121}', 'g'),
    ('\u{0123}', 'g'),
    ('\u{0125}', 'h'),
    ('\u{0129}', 'i'),
    ('\u{012B}', 'i'),
    ('\u{012D}', 'i'),
    ('\u{012F}', 'i'),
    ('\u{0135}', 'j'),
    ('\u{0137}', 'k'),
    ('\u{013A}', 'l'),
    ('\u{013C}', 'l'),
    ('\u{013E}', 'l'),
    ('\u{0144}', 'n'),
    ('\u{0146}', 'n'),
    ('\u{0148}', 'n'),
    ('\u{014D}', 'o'),
    ('\u{014F}', 'o'),
    ('\u{0151}', 'o'),
    ('\u{0155}', 'r'),
    ('\u{0157}', 'r'),
    ('\u{0159}', 'r'),
    ('\u{015B}', 's'),
    ('\u{015D}', 's'),
    ('\u{015F}', 's'),
    ('\u{0161}', 's'),
    ('\u{0163}', 't'),
    ('\u{0165}', 't'),
    ('\u{0169}', 'u'),
    ('\u{016B}', 'u'),
    ('\u{016D}', 'u'),
    ('\u{016F}', 'u'),
    ('\u{0171}', 'u'),
    ('\u{0173}', 'u'),
    ('\u{0175}', 'w'),
    ('\u{0177}', 'y'),
    ('\u{017A}', 'z'),
    ('\u{017C}', 'z'),
    ('\u{017E}', 'z'),
    ('\u{01A1}', 'o'),
    ('\u{01B0}', 'u'),
    ('\u{01CE}', 'a'),
    ('\u{01D0}', 'i'),
    ('\u{01D2}', 'o'),
    ('\u{01D4}', 'u'),
    ('\u{01D6}', 'u'),
    ('\u{01D8}', 'u'),
    ('\u{01DA}', 'u'),
    ('\u{01DC}', 'u'),
    ('\u{01DF}', 'a'),
    ('\u{01E1}', 'a'),
    ('\u{01E7}', 'g'),
    ('\u{01E9}', 'k'),
    ('\u{01EB}', 'o'),
    ('\u{01ED}', 'o'),
    ('\u{01F0}', 'j'),
    ('\u{01F5}', 'g'),
    ('\u{01F9}', 'n'),
    ('\u{01FB}', 'a'),
    ('\u{0201}', 'a'),
    ('\u{0203}', 'a'),
    ('\u{0205}', 'e'),
    ('\u{0207}', 'e'),
    ('\u{0209}', 'i'),
    ('\u{020B}', 'i'),
    ('\u{020D}', 'o'),
    ('\u{020F}', 'o'),
    ('\u{0211}', 'r'),
    ('\u{0213}', 'r'),
    ('\u{0215}', 'u'),
    ('\u{0217}', 'u'),
    ('\u{0219}', 's'),
    ('\u{021B}', 't'),
    ('\u{021F}', 'h'),
    ('\u{0227}', 'a'),
    ('\u{0229}', 'e'),
    ('\u{022B}', 'o'),
    ('\u{022D}', 'o'),
    ('\u{022F}', 'o'),
    ('\u{0231}', 'o'),
    ('\u{0233}', 'y'),
    ('\u{1E01}', 'a'),
    ('\u{1E03}', 'b'),
    ('\u{1E05}', 'b'),
    ('\u{1E07}', 'b'),
    ('\u{1E09}', 'c'),
    ('\u{1E0B}', 'd'),
    ('\u{1E0D}', 'd'),
    ('\u{1E0F}', 'd'),
    ('\u{1E11}', 'd'),
    ('\u{1E13}', 'd'),
    ('\u{1E15}', 'e'),
    ('\u{1E17}', 'e'),
    ('\u{1E19}', 'e'),
    ('\u{1E1B}', 'e'),
    ('\u{1E1D}', 'e'),
    ('\u{1E1F}', 'f'),
    ('\u{1E21}', 'g'),
    ('\u{1E23}', 'h'),
    ('\u{1E25}', 'h'),
    ('\u{1E27}', 'h'),
    ('\u{1E29}', 'h'),
    ('\u{1E2B}', 'h'),
    ('\u{1E2D}', 'i'),
    ('\u{1E2F}', 'i'),
    ('\u{1E31}', 'k'),
    ('\u{1E33}', 'k'),
    ('\u{1E35}', 'k'),
    ('\u{1E37}', 'l'),
    ('\u{1E39}', 'l'),
    ('\u{1E3B}', 'l'),
    ('\u{1E3D}', 'l'),
    ('\u{1E3F}', 'm'),
    ('\u{1E41}', 'm'),
    ('\u{1E43}', 'm'),
    ('\u{1E45}', 'n'),
    ('\u{1E47}', 'n'),
    ('\u{1E49}', 'n'),
    ('\u{1E4B}', 'n'),
    ('\u{1E4D}', 'o'),
    ('\u{1E4F}', 'o'),
    ('\u{1E51}', 'o'),
    ('\u{1E53}', 'o'),
    ('\u{1E55}', 'p'),
    ('\u{1E57}', 'p'),
    ('\u{1E59}', 'r'),
    ('\u{1E5B}', 'r'),
    ('\u{1E5D}', 'r'),
    ('\u{1E5F}', 'r'),
    ('\u{1E61}', 's'),
    ('\u{1E63}', 's'),
    ('\u{1E65}', 's'),
    ('\u{1E67}', 's'),
    ('\u{1E69}', 's'),
    ('\u{1E6B}', 't'),
    ('\u{1E6D}', 't'),
    ('\u{1E6F}', 't'),
    ('\u{1E71}', 't'),
    ('\u{1E73}', 'u'),
    ('\u{1E75}', 'u'),
    ('\u{1E77}', 'u'),
    ('\u{1E79}', 'u'),
    ('\u{1E7B}', 'u'),
    ('\u{1E7D}', 'v'),
    ('\u{1E7F}', 'v'),
    ('\u{1E81}', 'w'),
    ('\u{1E83}', 'w'),
    ('\u{1E85}', 'w'),
    ('\u{1E87}', 'w'),
    ('\u{1E89}', 'w'),
    ('\u{1E8B}', 'x'),
    ('\u{1E8D}', 'x'),
    ('\u{1E8F}', 'y'),
    ('\u{1E91}', 'z'),
    ('\u{1E93}', 'z'),
    ('\u{1E95}', 'z'),
    ('\u{1E96}', 'h'),
    ('\u{1E97}', 't'),
    ('\u{1E98}', 'w'),
    ('\u{1E99}', 'y'),
    ('\u{1EA1}', 'a'),
    ('\u{1EA3}', 'a'),
    ('\u{1EA5}', 'a'),
    ('\u{1EA7}', 'a'),
    ('\u{1EA9}', 'a'),
    ('\u{1EAB}', 'a'),
    ('\u{1EAD}', 'a'),
    ('\u{1EAF}', 'a'),
    ('\u{1EB1}', 'a'),
    ('\u{1EB3}', 'a'),
    ('\u{1EB5}', 'a'),
    ('\u{1EB7}', 'a'),
    ('\u{1EB9}', 'e'),
    ('\u{1EBB}', 'e'),
    ('\u{1EBD}', 'e'),
    ('\u{1EBF}', 'e'),
    ('\u{1EC1}', 'e'),
    ('\u{1EC3}', 'e'),
    ('\u{1EC5}', 'e'),
    ('\u{1EC7}', 'e'),
    ('\u{1EC9}', 'i'),
    ('\u{1ECB}', 'i'),
    ('\u{1ECD}', 'o'),
    ('\u{1ECF}', 'o'),
    ('\u{1ED1}', 'o'),
    ('\u{1ED3}', 'o'),
    ('\u{1ED5}', 'o'),
    ('\u{1ED7}', 'o'),
    ('\u{1ED9}', 'o'),
    ('\u{1EDB}', 'o'),
    ('\u{1EDD}', 'o'),
    ('\u{1EDF}', 'o'),
    ('\u{1EE1}', 'o'),
    ('\u{1EE3}', 'o'),
    ('\u{1EE5}', 'u'),
    ('\u{1EE7}', 'u'),
    ('\u{1EE9}', 'u'),
    ('\u{1EEB}', 'u'),
    ('\u{1EED}', 'u'),
    ('\u{1EEF}', 'u'),
    ('\u{1EF1}', 'u'),
    ('\u{1EF3}', 'y'),
    ('\u{1EF5}', 'y'),
    ('\u{1EF7}', 'y'),
    ('\u{1EF9}', 'y'),
];

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
mod fold_tests {
    use super::*;

    #[test]
    fn letters_fold_to_their_base_letter() {
        for (c, base) in [
            ('é', 'e'),
            ('ø', 'o'),
            ('đ', 'd'),
            ('ł', 'l'),
            ('\u{1EA1}', 'a'),
            ('\u{1EA3}', 'a'),
            ('\u{1EC5}', 'e'),
            ('\u{1EE9}', 'u'),
            ('\u{1E03}', 'b'),
            ('\u{01D6}', 'u'),
        ] {
            assert_eq!(fold_char(c), base, "{c}");
        }
        // Nothing to fold: as they are (nucleo-matcher's table made small capitals `A`).
        for c in ['李', '\u{1D00}', '\u{2071}', 'я'] {
            assert_eq!(fold_char(c), c, "{c}");
        }
        assert_eq!(fold("Phạm NGUYỄN"), "pham nguyen");
        assert_eq!(fold("Αλέξης Ёлка Ðóra"), "αλεξης елка dora");
        assert_eq!(fold("Weiß Œdipe Þór Ævar ð"), "weiss oedipe thor aevar d");
        assert_eq!(fold("Zoe\u{308} A\u{30A}ngstro\u{308}m"), "zoe angstrom");
    }

    /// The folds worked out beforehand are the folds, for every letter they hold.
    #[test]
    fn the_latin_folds_kept_are_those_worked_out() {
        for c in '\u{80}'..'\u{2000}' {
            let mut long_way = Vec::new();
            fold_letter_worked_out(c, |f| long_way.push(f));
            let mut kept = Vec::new();
            fold_letter(c, |f| kept.push(f));
            assert!(long_way.len() <= 2 && !long_way.contains(&'\0'), "{c}");
            assert_eq!(kept, long_way, "{c}");
            assert_eq!(fold_char(c), fold_char_worked_out(c), "{c}");
        }
        assert_eq!(fold("İstanbul ÆSIR"), "istanbul aesir");
    }

    #[test]
    fn the_table_is_in_order_for_its_search() {
        assert!(BASE_LETTERS.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(
            BASE_LETTERS
                .iter()
                .all(|(_, base)| base.is_ascii_lowercase())
        );
    }
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
