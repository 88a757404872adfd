//! The search index: every contact's fields folded into arenas, and the haystack a term is
//! matched against.

use nucleo_matcher::Utf32Str;

use super::{
    ADDRESSES, FIELD_ORDER, FIELDS, PARALLEL_ABOVE, PART, SAID, SEPARATOR, char_bit,
    grapheme_count, push_folded,
};
use crate::contact::Contact;

/// A part of a field matched on its own (an address's local part or domain, a note, a label):
/// where it starts in its entry's text, and [`char_mask`](super::char_mask) of it. It ends at
/// the next of its field's separators ([`Haystack::part_end`]), found when the mask lets a
/// term try it: kept, the end took 19 MB of a million contacts.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Part {
    start: u32,
    mask: u32,
}

/// A contact's entry: its haystack is each field folded, joined by [`SEPARATOR`], kept in one
/// of the index's two arenas. Matching happens on the folded text so that nucleo can use its
/// fast ASCII path for nearly everyone (its non-ASCII path folds every character on every
/// query, which made accented names ten times slower). Nothing is allocated per contact: at a
/// million contacts, a haystack a box (and its original text, domains and parts in boxes of
/// their own) took 640 MB and two seconds to build.
#[derive(Debug, PartialEq)]
pub(super) struct Entry {
    /// Where the folded text starts, in `ascii` or (when [`WIDE`] is in `flags`) in `wide`.
    start: u32,
    /// Where each field ends, from `start` (name, addresses, organization, note, said).
    pub(super) ends: [u32; FIELDS],
    /// Where the preferred address ends (it starts the addresses field).
    pub(super) preferred_end: u32,
    /// Which letters and digits each field holds ([`char_mask`](super::char_mask)); the union comes last.
    pub(super) masks: [u32; FIELDS + 1],
    /// The entry's parts in `parts`: first the addresses field's (each local part and
    /// domain), then those of [`SAID`].
    parts: u32,
    address_parts: u16,
    said_parts: u16,
    /// Where the original text of the fields that cannot be told from the folded text and
    /// `upper` is, in `originals` (start, length): those fields joined by [`SEPARATOR`].
    original: (u32, u32),
    /// [`WIDE`], and a bit per field whose original text is in `originals` (1 << field): a field
    /// that is not plain ASCII, or every field of a wide entry.
    flags: u8,
}

/// In an entry's `flags`: its folded text is in `wide`, not `ascii`.
const WIDE: u8 = 1 << 7;

/// Whether `text` folds to itself lower-cased, so that a bit per capital tells it back.
fn plain(text: &str) -> bool {
    text.is_ascii() && !text.contains('\r')
}

/// A position in a segment's arena. A segment is built from a share of the contacts, whose
/// text fits in 4 GiB by far; past it, an entry points nowhere and is never found (rather
/// than the screen failing).
fn offset(at: usize) -> u32 {
    u32::try_from(at).unwrap_or(u32::MAX)
}

/// A unit of folded text: a character, or a byte of a contact's plain ASCII text.
trait Unit: Copy + PartialEq {
    /// Its bit in [`char_mask`](super::char_mask).
    fn bit(self) -> u32;
}

impl Unit for char {
    fn bit(self) -> u32 {
        char_bit(self)
    }
}

impl Unit for u8 {
    fn bit(self) -> u32 {
        // By a table: the plain path builds most of the index.
        const BITS: [u32; 256] = {
            let mut bits = [0; 256];
            let mut byte = 0;
            while byte < 256 {
                bits[byte] = char_bit(byte as u8 as char);
                byte += 1;
            }
            bits
        };
        BITS[self as usize]
    }
}

/// [`char_mask`](super::char_mask) of folded text.
fn mask<T: Unit>(text: &[T]) -> u32 {
    text.iter().fold(0, |mask, unit| mask | unit.bit())
}

/// Splits `text[from..to]` (positions from the entry's start) at any of `at` into parts (empty
/// ones left out), appended to `parts`.
fn push_parts<T: Unit>(text: &[T], from: u32, to: u32, at: &[T], parts: &mut Vec<Part>) {
    let mut part_start = from;
    for index in from..=to {
        if index == to || at.contains(&text[index as usize]) {
            if index > part_start {
                parts.push(Part {
                    start: part_start,
                    mask: mask(&text[part_start as usize..index as usize]),
                });
            }
            part_start = index + 1;
        }
    }
}

/// Appends `piece` folded to `chars` and as it is to `text`. Separators in it would move field
/// and part boundaries: they become spaces.
fn add_text(chars: &mut Vec<char>, text: &mut String, piece: &str) {
    if piece.contains([SEPARATOR, PART]) {
        let piece = piece.replace([SEPARATOR, PART], " ");
        push_folded(chars, &piece);
        text.push_str(&piece);
    } else {
        push_folded(chars, piece);
        text.push_str(piece);
    }
}

/// A segment of the index: the entries of a run of contacts, built on one thread, and the
/// arenas their text and parts are in.
#[derive(Default)]
struct Arenas {
    entries: Vec<Entry>,
    ascii: Vec<u8>,
    /// A bit per byte of `ascii`: whether the original character is a capital.
    upper: Vec<u64>,
    wide: Vec<char>,
    parts: Vec<Part>,
    originals: String,
    /// Scratch space for one contact's folded text.
    chars: Vec<char>,
    /// Scratch space for one contact's original text.
    text: String,
}

/// Whether `text` goes into a haystack as it is, lower-cased: plain ASCII without a separator.
fn plain_piece(text: &str) -> bool {
    plain(text) && !text.contains([SEPARATOR, PART])
}

impl Arenas {
    fn push(&mut self, contact: &Contact) {
        let said: Vec<&str> = contact.evidence.as_ref().map_or_else(Vec::new, |book| {
            book.notes
                .iter()
                .chain(&book.labels)
                .chain(&book.subjects_sent)
                .chain(&book.subjects_received)
                .map(String::as_str)
                .collect()
        });
        let plain = plain_piece(&contact.name)
            && plain_piece(contact.addresses.as_lines())
            && plain_piece(&contact.organization)
            && plain_piece(contact.note())
            && said.iter().all(|piece| plain_piece(piece));
        if plain {
            self.push_plain(contact, &said);
        } else {
            self.push_any(contact, &said);
        }
    }

    /// [`Arenas::push`] for a contact whose text is all plain ASCII (most): built in the arena
    /// itself, byte by byte, with no scratch copy in UTF-32 (building the index took 1.6 s at
    /// a million contacts, most of it passes over those copies).
    fn push_plain(&mut self, contact: &Contact, said: &[&str]) {
        let preferred = contact.preferred_address();
        let start = self.ascii.len();
        let mut ends = [0u32; FIELDS];
        for (field, end) in ends.iter_mut().enumerate() {
            if field > 0 {
                self.ascii.push(SEPARATOR as u8);
            }
            match field {
                0 => self.ascii.extend_from_slice(contact.name.as_bytes()),
                // The preferred address first, as in `push_any`.
                ADDRESSES => {
                    let others = contact.addresses.iter().filter(|a| *a != preferred);
                    let all = std::iter::once(preferred)
                        .filter(|p| !p.is_empty())
                        .chain(others);
                    for (n, address) in all.enumerate() {
                        if n > 0 {
                            self.ascii.push(b' ');
                        }
                        self.ascii.extend_from_slice(address.as_bytes());
                    }
                }
                2 => self
                    .ascii
                    .extend_from_slice(contact.organization.as_bytes()),
                3 => self.ascii.extend_from_slice(contact.note().as_bytes()),
                _ => {
                    for (n, piece) in said.iter().enumerate() {
                        if n > 0 {
                            self.ascii.push(PART as u8);
                        }
                        self.ascii.extend_from_slice(piece.as_bytes());
                    }
                }
            }
            *end = offset(self.ascii.len() - start);
        }
        self.upper.resize(self.ascii.len().div_ceil(64), 0);
        for at in start..self.ascii.len() {
            let byte = self.ascii[at];
            if byte.is_ascii_uppercase() {
                self.upper[at / 64] |= 1 << (at % 64);
                self.ascii[at] = byte.to_ascii_lowercase();
            }
        }
        let folded = &self.ascii[start..];
        let mut masks = [0u32; FIELDS + 1];
        for field in 0..FIELDS {
            let from = if field == 0 {
                0
            } else {
                ends[field - 1] as usize + 1
            };
            masks[field] = mask(&folded[from..ends[field] as usize]);
            masks[FIELDS] |= masks[field];
        }
        let parts = self.parts.len();
        push_parts(folded, ends[0] + 1, ends[ADDRESSES], b"@ ", &mut self.parts);
        let address_parts = self.parts.len() - parts;
        let said_start = ends[SAID - 1] + 1;
        push_parts(
            folded,
            said_start,
            ends[SAID],
            &[PART as u8],
            &mut self.parts,
        );
        let said_parts = self.parts.len() - parts - address_parts;
        self.entries.push(Entry {
            start: offset(start),
            ends,
            preferred_end: ends[0] + 1 + offset(preferred.len()),
            masks,
            parts: offset(parts),
            address_parts: address_parts.min(usize::from(u16::MAX)) as u16,
            said_parts: said_parts.min(usize::from(u16::MAX)) as u16,
            original: (offset(self.originals.len()), 0),
            flags: 0,
        });
    }

    /// [`Arenas::push`] for any contact: folded character by character.
    fn push_any(&mut self, contact: &Contact, said: &[&str]) {
        let preferred = contact.preferred_address();
        let mut chars = std::mem::take(&mut self.chars);
        let mut text = std::mem::take(&mut self.text);
        chars.clear();
        text.clear();
        let mut ends = [0u32; FIELDS];
        let mut masks = [0u32; FIELDS + 1];
        for field in 0..FIELDS {
            if field > 0 {
                chars.push(SEPARATOR);
                text.push(SEPARATOR);
            }
            let start = chars.len();
            match field {
                0 => add_text(&mut chars, &mut text, &contact.name),
                // The preferred address first: highlights in the table's Email column fall in it.
                ADDRESSES => {
                    let others = contact.addresses.iter();
                    let all = std::iter::once(preferred)
                        .filter(|p| !p.is_empty())
                        .chain(others.filter(|a| *a != preferred));
                    for (n, address) in all.enumerate() {
                        if n > 0 {
                            add_text(&mut chars, &mut text, " ");
                        }
                        add_text(&mut chars, &mut text, address);
                    }
                }
                2 => add_text(&mut chars, &mut text, &contact.organization),
                3 => add_text(&mut chars, &mut text, contact.note()),
                _ => {
                    for (n, piece) in said.iter().enumerate() {
                        if n > 0 {
                            chars.push(PART);
                            text.push(PART);
                        }
                        add_text(&mut chars, &mut text, piece);
                    }
                }
            }
            ends[field] = chars.len() as u32;
            masks[field] = mask(&chars[start..]);
            masks[FIELDS] |= masks[field];
        }
        let preferred_end = ends[0] + 1 + grapheme_count(preferred);
        let parts = self.parts.len();
        push_parts(
            &chars,
            ends[0] + 1,
            ends[ADDRESSES],
            &['@', ' '],
            &mut self.parts,
        );
        let address_parts = self.parts.len() - parts;
        push_parts(
            &chars,
            ends[SAID - 1] + 1,
            ends[SAID],
            &[PART],
            &mut self.parts,
        );
        let said_parts = self.parts.len() - parts - address_parts;
        let wide = !chars.iter().all(char::is_ascii);
        let start = if wide {
            self.wide.len()
        } else {
            self.ascii.len()
        };
        // The fields whose original text is kept: plain ASCII folds to itself lower-cased, and
        // a bit per capital tells the original (a copy of every field of every contact with an
        // accent took 73 MB at a million contacts).
        let mut flags = if wide { WIDE } else { 0 };
        let at = self.originals.len();
        for (field, piece) in text.split(SEPARATOR).enumerate() {
            if wide || !plain(piece) {
                if flags & !WIDE != 0 {
                    self.originals.push(SEPARATOR);
                }
                self.originals.push_str(piece);
                flags |= 1 << field;
            }
        }
        let original = (offset(at), offset(self.originals.len() - at));
        if wide {
            self.wide.extend_from_slice(&chars);
        } else {
            self.ascii.extend(chars.iter().map(|c| *c as u8));
            self.upper.resize(self.ascii.len().div_ceil(64), 0);
            for (field, piece) in text.split(SEPARATOR).enumerate() {
                if flags & (1 << field) != 0 {
                    continue;
                }
                let field_start = if field == 0 {
                    0
                } else {
                    ends[field - 1] as usize + 1
                };
                for (i, byte) in piece.bytes().enumerate() {
                    if byte.is_ascii_uppercase() {
                        let bit = start + field_start + i;
                        self.upper[bit / 64] |= 1 << (bit % 64);
                    }
                }
            }
        }
        self.entries.push(Entry {
            start: offset(start),
            ends,
            preferred_end,
            masks,
            parts: offset(parts),
            address_parts: address_parts.min(usize::from(u16::MAX)) as u16,
            said_parts: said_parts.min(usize::from(u16::MAX)) as u16,
            original,
            flags,
        });
        self.chars = chars;
        self.text = text;
    }
}

/// One contact's entry with its text: what a term is matched against.
pub(super) struct Haystack<'a> {
    pub(super) entry: &'a Entry,
    pub(super) folded: Utf32Str<'a>,
    parts: &'a [Part],
    segment: &'a Arenas,
}

impl<'a> Haystack<'a> {
    pub(super) fn field(&self, index: usize) -> Utf32Str<'a> {
        let start = if index == 0 {
            0
        } else {
            self.entry.ends[index - 1] + 1
        };
        self.folded.slice_u32(start..self.entry.ends[index])
    }

    fn address_parts(&self) -> &'a [Part] {
        &self.parts[..usize::from(self.entry.address_parts)]
    }

    fn said_parts(&self) -> &'a [Part] {
        let from = usize::from(self.entry.address_parts);
        &self.parts[from..from + usize::from(self.entry.said_parts)]
    }

    /// The parts a term must match within, in the order they are tried, each with its start in
    /// the haystack and whether it can hold a term of mask `needed` at all. Addresses split into
    /// local parts and domains: a fuzzy term picking letters from "ada" and "example" in
    /// ada@example.org is noise, and shorter parts are cheaper to align.
    ///
    /// Returns the first `Some` that `visit` gives for a part (its start, the part).
    ///
    /// A term with an `@` in it (`ada@example.org`, `ada@ex`) is matched against whole addresses
    /// instead: no local part or domain holds an `@` (a pasted address found nobody).
    pub(super) fn first_part<T>(
        &self,
        needed: u32,
        whole_addresses: bool,
        mut visit: impl FnMut(u32, Utf32Str<'a>) -> Option<T>,
    ) -> Option<T> {
        for field in FIELD_ORDER {
            if needed & !self.entry.masks[field] != 0 {
                continue;
            }
            if field == ADDRESSES && whole_addresses {
                if let Some(found) = self.each_address(&mut visit) {
                    return Some(found);
                }
                continue;
            }
            let parts = match field {
                ADDRESSES => self.address_parts(),
                SAID => self.said_parts(),
                _ => {
                    let start = if field == 0 {
                        0
                    } else {
                        self.entry.ends[field - 1] + 1
                    };
                    if let Some(found) = visit(start, self.field(field)) {
                        return Some(found);
                    }
                    continue;
                }
            };
            for part in parts {
                if needed & !part.mask == 0
                    && let Some(found) = visit(
                        part.start,
                        self.folded
                            .slice_u32(part.start..self.part_end(part.start, field)),
                    )
                {
                    return Some(found);
                }
            }
        }
        None
    }

    /// Gives `visit` each address whole (they are one a space in their field), with its start,
    /// until it gives `Some`.
    fn each_address<T>(&self, visit: &mut impl FnMut(u32, Utf32Str<'a>) -> Option<T>) -> Option<T> {
        let (first, end) = (
            self.entry.ends[ADDRESSES - 1] + 1,
            self.entry.ends[ADDRESSES],
        );
        let mut start = first;
        while start < end {
            let next = self.part_end(start, ADDRESSES);
            // `part_end` stops at an `@` too: past it, on to the space or the field's end.
            let stop = if next < end && self.folded.get(next) == '@' {
                self.part_end(next + 1, ADDRESSES)
            } else {
                next
            };
            if let Some(found) = visit(start, self.folded.slice_u32(start..stop)) {
                return Some(found);
            }
            start = stop + 1;
        }
        None
    }

    /// Where a part of `field` (addresses or [`SAID`]) starting at `start` ends: at the next of
    /// the separators [`Arenas::push`] split that field at, or at the field's end.
    fn part_end(&self, start: u32, field: usize) -> u32 {
        let end = self.entry.ends[field];
        let separator = |c: char| {
            if field == ADDRESSES {
                c == '@' || c == ' '
            } else {
                c == PART
            }
        };
        let (from, to) = (start as usize, end as usize);
        let found = match self.folded {
            Utf32Str::Ascii(bytes) => bytes
                .get(from..to)
                .and_then(|text| text.iter().position(|b| separator(char::from(*b)))),
            Utf32Str::Unicode(chars) => chars
                .get(from..to)
                .and_then(|text| text.iter().position(|c| separator(*c))),
        };
        found.map_or(end, |at| start + at as u32)
    }

    /// The field a part starting at `start` belongs to.
    pub(super) fn field_at(&self, start: u32) -> usize {
        self.entry
            .ends
            .iter()
            .position(|end| start <= *end)
            .unwrap_or(FIELDS - 1)
    }

    /// A field's original text (case and accents as written).
    pub(super) fn original_field(&self, index: usize) -> String {
        if let Some(text) = self.stored(index) {
            return text.to_string();
        }
        let start = if index == 0 {
            0
        } else {
            self.entry.ends[index - 1] as usize + 1
        };
        let (from, to) = (
            self.entry.start as usize + start,
            self.entry.start as usize + self.entry.ends[index] as usize,
        );
        let upper = &self.segment.upper;
        (from..to)
            .map(|at| {
                let byte = self.segment.ascii.get(at).copied().unwrap_or(b' ');
                if upper
                    .get(at / 64)
                    .is_some_and(|word| word & (1 << (at % 64)) != 0)
                {
                    char::from(byte.to_ascii_uppercase())
                } else {
                    char::from(byte)
                }
            })
            .collect()
    }

    /// A field's original text when it is kept as written (it is not plain ASCII).
    fn stored(&self, index: usize) -> Option<&'a str> {
        let flags = self.entry.flags & !WIDE;
        if flags & (1 << index) == 0 {
            return None;
        }
        let (at, len) = (
            self.entry.original.0 as usize,
            self.entry.original.1 as usize,
        );
        let text = self.segment.originals.get(at..at + len).unwrap_or("");
        // The kept fields before this one.
        let before = (flags & ((1 << index) - 1)).count_ones() as usize;
        Some(text.split(SEPARATOR).nth(before).unwrap_or(""))
    }

    /// Whether an address is at `wanted` (lower-cased) or a subdomain of it. Domains compare
    /// whole and exactly, accents included: a filter that picks contacts to mark must not
    /// take another company's (`@café.example` is not cafe.example). Plain ASCII text folds
    /// to itself lower-cased, so it is compared as folded; other text as written.
    pub(super) fn has_domain(&self, wanted: &[char]) -> bool {
        // Whether `domain` (`len` characters, the `i`th given by `at`) is `wanted` or ends
        // with `.wanted`.
        let at_domain = |len: usize, at: &dyn Fn(usize) -> char| {
            len >= wanted.len()
                && (len == wanted.len() || at(len - wanted.len() - 1) == '.')
                && (0..wanted.len()).all(|i| at(len - wanted.len() + i) == wanted[i])
        };
        if let Some(addresses) = self.stored(ADDRESSES) {
            return addresses.split(' ').any(|address| {
                let Some((_, domain)) = address.rsplit_once('@') else {
                    return false;
                };
                if domain.is_ascii() {
                    let bytes = domain.as_bytes();
                    at_domain(bytes.len(), &|i| char::from(bytes[i].to_ascii_lowercase()))
                } else {
                    let lower: Vec<char> = domain.chars().flat_map(char::to_lowercase).collect();
                    at_domain(lower.len(), &|i| lower[i])
                }
            });
        }
        self.address_parts().iter().any(|part| {
            part.start > 0
                && self.folded.get(part.start - 1) == '@'
                && at_domain(
                    (self.part_end(part.start, ADDRESSES) - part.start) as usize,
                    &|i| self.folded.get(part.start + i as u32),
                )
        })
    }
}

/// The entries for a run of contacts, built on the calling thread.
fn segment(part: &[Contact]) -> Arenas {
    let mut arenas = Arenas::default();
    // Sized once: grown by doubling, the arenas held up to twice their text, and
    // copied it on the way.
    let (mut text, mut parts) = (0, 0);
    for contact in part {
        let said = contact.evidence.as_ref().map_or((0, 0), |book| {
            let all = || {
                book.notes
                    .iter()
                    .chain(&book.labels)
                    .chain(&book.subjects_sent)
                    .chain(&book.subjects_received)
            };
            (all().map(|t| t.len() + 1).sum(), all().count())
        });
        text += FIELDS
            + contact.name.len()
            + contact.organization.len()
            + contact.note().len()
            + contact.addresses.iter().map(|a| a.len() + 1).sum::<usize>()
            + said.0;
        parts += 2 * contact.addresses.len() + said.1;
    }
    arenas.entries.reserve_exact(part.len());
    arenas.ascii.reserve_exact(text);
    arenas.parts.reserve_exact(parts);
    for contact in part {
        arenas.push(contact);
    }
    arenas.chars = Vec::new();
    arenas.text = String::new();
    // The room above counts every contact's text as ASCII; what went to `wide` instead is
    // given back (10 MB of a million contacts). A shrink in place, not a copy.
    arenas.ascii.shrink_to_fit();
    arenas.upper.shrink_to_fit();
    arenas.wide.shrink_to_fit();
    arenas.parts.shrink_to_fit();
    arenas.originals.shrink_to_fit();
    arenas
}

/// Everything searched, one entry per contact (in the same order as the contacts), in
/// segments built on a thread each and kept as they are (putting them together copied half
/// the index and held it twice at the peak).
#[derive(Default)]
pub struct Index {
    segments: Vec<Arenas>,
    /// Contacts per segment; the last may have fewer.
    per_segment: usize,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Index({} contacts)", self.len())
    }
}

impl Index {
    /// Builds the index, on all cores for large lists (it is on the way to the first frame).
    pub fn build(contacts: &[Contact]) -> Index {
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(8);
        let build = segment;
        if threads == 1 || contacts.len() < PARALLEL_ABOVE {
            return Index {
                segments: vec![build(contacts)],
                per_segment: contacts.len().max(1),
            };
        }
        let chunk = contacts.len().div_ceil(threads);
        let segments = std::thread::scope(|scope| {
            let handles: Vec<_> = contacts
                .chunks(chunk)
                .map(|part| scope.spawn(move || build(part)))
                .collect();
            // A lost segment would shift every later entry against its contact: never go on
            // without one.
            handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                })
                .collect()
        });
        Index {
            segments,
            per_segment: chunk,
        }
    }

    /// The haystack of the contact at `position`.
    pub(super) fn haystack(&self, position: usize) -> Option<Haystack<'_>> {
        let segment = self.segments.get(position / self.per_segment.max(1))?;
        let entry = segment.entries.get(position % self.per_segment.max(1))?;
        let (start, length) = (entry.start as usize, entry.ends[FIELDS - 1] as usize);
        let folded = if entry.flags & WIDE != 0 {
            Utf32Str::Unicode(segment.wide.get(start..start + length)?)
        } else {
            Utf32Str::Ascii(segment.ascii.get(start..start + length)?)
        };
        let count = usize::from(entry.address_parts) + usize::from(entry.said_parts);
        let parts = segment
            .parts
            .get(entry.parts as usize..entry.parts as usize + count)?;
        Some(Haystack {
            entry,
            folded,
            parts,
            segment,
        })
    }

    /// Refreshes one contact's entry (after its note changed). Its new text goes at the end
    /// of its segment's arenas; the old stays unused (a note edit is rare).
    pub fn update(&mut self, position: usize, contact: &Contact) {
        let per_segment = self.per_segment.max(1);
        let Some(segment) = self.segments.get_mut(position / per_segment) else {
            return;
        };
        let at = position % per_segment;
        if at >= segment.entries.len() {
            return;
        }
        segment.push(contact);
        segment.entries.swap_remove(at);
    }

    pub fn len(&self) -> usize {
        self.segments.iter().map(|s| s.entries.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain-ASCII path builds exactly what the general one does: the same folded text,
    /// capitals, parts, masks and ends, for contacts with capitals, several addresses, a
    /// preferred one that is not the first, digits, punctuation, empty fields and notes.
    #[test]
    fn the_plain_path_builds_what_the_general_one_does() {
        let mut contacts = Vec::new();
        for i in 0..300i64 {
            let addresses = [
                format!("User.{i}@Example.ORG"),
                format!("x{}@b-c.example", i * 7),
                "Zed@Q.io".to_string(),
            ];
            let count = 1 + (i % 3) as usize;
            let list: Vec<&str> = addresses[..count].iter().map(String::as_str).collect();
            let mut contact = Contact::for_test(
                i,
                ["Ada LOVELACE 2", "", "o'Brien, Jo"][i as usize % 3],
                &list,
            );
            contact.organization = ["ACME Ltd.", "", "x"][i as usize % 3].into();
            contact.set_note(["", "Met at PyCon 2023", "call @ 5"][i as usize % 3].into());
            if i % 4 == 1 && count > 1 {
                contact.set_preferred(Some(addresses[count - 1].to_lowercase().into()));
            }
            if i % 5 == 2 {
                let mut evidence = crate::contact::Evidence::default();
                evidence.add(Some("Old Friend"), "Family\nWork");
                contact.evidence = Some(Box::new(evidence));
            }
            contacts.push(contact);
        }
        let (mut plain, mut general) = (Arenas::default(), Arenas::default());
        for contact in &contacts {
            let said: Vec<&str> = contact.evidence.as_ref().map_or_else(Vec::new, |book| {
                book.notes
                    .iter()
                    .chain(&book.labels)
                    .map(String::as_str)
                    .collect()
            });
            plain.push_plain(contact, &said);
            general.push_any(contact, &said);
        }
        assert_eq!(plain.ascii, general.ascii);
        assert_eq!(plain.upper, general.upper);
        assert_eq!(plain.parts, general.parts);
        assert_eq!(plain.entries, general.entries);
        assert!(plain.wide.is_empty() && general.wide.is_empty());
    }
}
