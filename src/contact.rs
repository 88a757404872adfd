//! The domain: verdicts, email addresses and the records importers produce.
//!
//! Nothing here does I/O. Identity in vetted is the email address: two records that share an
//! address are one person, so the one place that decides what an address *is* and
//! how two of them compare lives here, and every importer and the store go through it.

use std::fmt;

use serde::Serialize;

/// What the user decided about a contact.
///
/// The order of caution (used when an import joins two contacts that were decided differently)
/// is `DontKnow` > `Unreviewed` > `Vaguely` > `KnowWell`: a merge must never make anyone more
/// likely to be invited than either half was.
///
/// The command line spells them `know-well`, `vaguely`, `dont-know`, `unreviewed`.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, clap::ValueEnum,
)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Not decided yet
    #[default]
    Unreviewed,
    /// They will recognise you: bulk invite
    KnowWell,
    /// They might: invite one by one, with a note
    Vaguely,
    /// Never invited
    DontKnow,
}

impl Verdict {
    pub const ALL: [Verdict; 4] = [
        Verdict::Unreviewed,
        Verdict::KnowWell,
        Verdict::Vaguely,
        Verdict::DontKnow,
    ];

    /// The stable name used in the store, in JSON and in config files.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Unreviewed => "unreviewed",
            Verdict::KnowWell => "know_well",
            Verdict::Vaguely => "vaguely",
            Verdict::DontKnow => "dont_know",
        }
    }

    /// How the verdict reads in sentences and on screen.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Unreviewed => "unreviewed",
            Verdict::KnowWell => "know well",
            Verdict::Vaguely => "vaguely",
            Verdict::DontKnow => "don't know",
        }
    }

    /// Accepts the stored name (`know_well`) and the command-line spelling (`know-well`).
    pub fn parse(text: &str) -> Option<Verdict> {
        let wanted = text.trim().to_ascii_lowercase().replace('-', "_");
        Verdict::ALL.into_iter().find(|v| v.as_str() == wanted)
    }

    fn caution(self) -> u8 {
        match self {
            Verdict::KnowWell => 0,
            Verdict::Vaguely => 1,
            Verdict::Unreviewed => 2,
            Verdict::DontKnow => 3,
        }
    }

    /// The verdict a contact keeps when two contacts carrying `self` and `other` become one.
    pub fn more_cautious(self, other: Verdict) -> Verdict {
        if other.caution() > self.caution() {
            other
        } else {
            self
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A contact's row id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ContactId(pub i64);

/// A contact's text field: up to 24 bytes kept inline, without an allocation of its own (most
/// names, organizations and titles), longer ones on the heap. A million contacts in memory
/// took ~100 MB less than with a `String` each.
pub type Text = compact_str::CompactString;

/// A contact's addresses, as written, in the order first seen: one text, an address a line,
/// as the workspace stores them (an address never holds a line break). A `Vec<String>` took a
/// list and a string per address; this is one allocation, none for a short single address.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Addresses(Text);

impl Addresses {
    /// The addresses of `text`, one a line (as the `contacts` table holds them).
    pub fn from_lines(text: &str) -> Addresses {
        if text.ends_with('\n') || text.contains("\n\n") || text.contains('\r') {
            // Not as vetted writes them: read as `lines` would, without empty ones.
            return text.lines().filter(|line| !line.is_empty()).collect();
        }
        Addresses(Text::new(text))
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &str> + Clone + '_ {
        (!self.0.is_empty())
            .then(|| self.0.split('\n'))
            .into_iter()
            .flatten()
    }

    pub fn len(&self) -> usize {
        if self.0.is_empty() {
            0
        } else {
            1 + self.0.bytes().filter(|b| *b == b'\n').count()
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn first(&self) -> Option<&str> {
        self.iter().next()
    }

    /// The addresses one a line, as stored.
    pub fn as_lines(&self) -> &str {
        &self.0
    }

    /// The addresses joined by `separator`.
    pub fn join(&self, separator: &str) -> String {
        self.iter().collect::<Vec<_>>().join(separator)
    }

    pub fn to_vec(&self) -> Vec<String> {
        self.iter().map(str::to_string).collect()
    }
}

impl<S: AsRef<str>> FromIterator<S> for Addresses {
    fn from_iter<I: IntoIterator<Item = S>>(addresses: I) -> Addresses {
        let mut text = Text::default();
        for address in addresses {
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(address.as_ref());
        }
        Addresses(text)
    }
}

impl std::fmt::Debug for Addresses {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<'a> IntoIterator for &'a Addresses {
    type Item = &'a str;
    type IntoIter = Box<dyn Iterator<Item = &'a str> + 'a>;
    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

impl<const N: usize> PartialEq<[&str; N]> for Addresses {
    fn eq(&self, other: &[&str; N]) -> bool {
        self.iter().eq(other.iter().copied())
    }
}

/// A contact as lists and the triage screen show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contact {
    pub id: ContactId,
    /// As shown. The given and family names are often read out of it ([`Contact::given_name`]):
    /// change it with [`Contact::set_name`], which keeps them.
    pub name: Text,
    /// The name was made up from an address or an organization, not given for a person.
    pub name_is_fallback: bool,
    /// Where the given and family names are ([`NameParts`]).
    pub(crate) parts: NameParts,
    pub organization: Text,
    /// As written, in the order they were first seen.
    pub addresses: Addresses,
    pub verdict: Verdict,
    /// A title, the user's note, a chosen address: what few contacts have ([`Contact::title`],
    /// [`Contact::note`], [`Contact::preferred`]). `None` when none is set.
    pub(crate) rare: Option<Box<Rare>>,
    /// An import joined contacts that had different verdicts; the user should look again.
    pub needs_review: bool,
    pub signals: Signals,
    /// What its address books say of the person besides names and addresses, when any does.
    pub evidence: Option<Box<Evidence>>,
}

/// The fields of a [`Contact`] that few contacts have, boxed apart: empty, they took 72 bytes
/// of every contact (72 MB of a million contacts' 256 MB in memory).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Rare {
    /// The one of them many contacts do have (a job title: 65% of the bench's cards, many of a
    /// work address book's): kept in a box of 32 bytes. Boxed with the rest, a title took 128
    /// bytes (84 MB of a million contacts).
    title: Text,
    more: Option<Box<More>>,
}

/// The [`Rare`] fields that few contacts have, boxed apart again.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct More {
    note: Text,
    /// The key of the address the user chose to export the contact with (`vetted prefer`).
    preferred: Option<Text>,
    /// Given and family names that are not the halves of the name ([`NameParts::Apart`]).
    given: Text,
    family: Text,
}

/// Where a contact's given and family names are. Most are the two halves of its name (`Ada
/// Lovelace` from Ada and Lovelace), told by where it splits instead of held twice: two texts
/// took 48 bytes of every contact (47 MB of a million contacts in memory).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum NameParts {
    /// Neither is known.
    #[default]
    None,
    /// The name is the given name, a space, the family name; the space is at this byte.
    Split(u16),
    /// The name is the given name alone, or the family name alone.
    Given,
    Family,
    /// In [`Rare`], as given.
    Apart,
}

impl NameParts {
    /// How `given` and `family` stand to `name`.
    fn of(name: &str, given: &str, family: &str) -> NameParts {
        match (given.is_empty(), family.is_empty()) {
            (true, true) => NameParts::None,
            (false, true) if given == name => NameParts::Given,
            (true, false) if family == name => NameParts::Family,
            (false, false)
                if name.len() == given.len() + 1 + family.len()
                    && name.starts_with(given)
                    && name.ends_with(family)
                    && name.as_bytes()[given.len()] == b' ' =>
            {
                u16::try_from(given.len()).map_or(NameParts::Apart, NameParts::Split)
            }
            _ => NameParts::Apart,
        }
    }
}

impl Contact {
    /// A contact with these fields; the title, note and preferred address are set apart.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        id: ContactId,
        name: Text,
        name_is_fallback: bool,
        (given_name, family_name): (Text, Text),
        organization: Text,
        addresses: Addresses,
        verdict: Verdict,
        needs_review: bool,
    ) -> Contact {
        let mut contact = Contact {
            id,
            name,
            name_is_fallback,
            parts: NameParts::None,
            organization,
            addresses,
            verdict,
            rare: None,
            needs_review,
            signals: Signals::default(),
            evidence: None,
        };
        contact.set_name_parts(given_name, family_name);
        contact
    }

    /// The given name, from the file's own fields (vCard N, a CSV's First Name), or empty.
    pub fn given_name(&self) -> &str {
        match self.parts {
            NameParts::Split(at) => self.name.get(..usize::from(at)).unwrap_or(""),
            NameParts::Given => &self.name,
            NameParts::Apart => self.more().map_or("", |more| &more.given),
            NameParts::None | NameParts::Family => "",
        }
    }

    /// The family name, as [`Contact::given_name`].
    pub fn family_name(&self) -> &str {
        match self.parts {
            NameParts::Split(at) => self.name.get(usize::from(at) + 1..).unwrap_or(""),
            NameParts::Family => &self.name,
            NameParts::Apart => self.more().map_or("", |more| &more.family),
            NameParts::None | NameParts::Given => "",
        }
    }

    pub fn set_name_parts(&mut self, given: Text, family: Text) {
        self.parts = NameParts::of(&self.name, &given, &family);
        let apart = self.parts == NameParts::Apart;
        self.change_more(|more| {
            (more.given, more.family) = if apart {
                (given, family)
            } else {
                Default::default()
            };
        });
    }

    /// Changes the name shown, keeping the given and family names.
    pub fn set_name(&mut self, name: Text) {
        let (given, family) = (self.given_name().into(), self.family_name().into());
        self.name = name;
        self.set_name_parts(given, family);
    }

    pub fn title(&self) -> &str {
        self.rare.as_ref().map_or("", |rare| &rare.title)
    }

    /// The user's note about the contact.
    pub fn note(&self) -> &str {
        self.more().map_or("", |more| &more.note)
    }

    /// The key of the address the user chose to export the contact with (`vetted prefer`);
    /// `None` is the first.
    pub fn preferred(&self) -> Option<&str> {
        self.more().and_then(|more| more.preferred.as_deref())
    }

    pub fn set_title(&mut self, title: Text) {
        self.change_rare(|rare| rare.title = title);
    }

    pub fn set_note(&mut self, note: Text) {
        self.change_more(|more| more.note = note);
    }

    pub fn set_preferred(&mut self, preferred: Option<Text>) {
        self.change_more(|more| more.preferred = preferred);
    }

    /// Changes the rare fields, boxing them when one is set and letting the box go when none
    /// is left (so that equal contacts compare equal). A change that sets nothing allocates
    /// nothing: every contact read sets its given and family names, most to nothing here.
    fn change_rare(&mut self, change: impl FnOnce(&mut Rare)) {
        self.rare = change_boxed(self.rare.take(), change);
    }

    fn more(&self) -> Option<&More> {
        self.rare.as_ref().and_then(|rare| rare.more.as_deref())
    }

    /// [`Contact::change_rare`] for the fields boxed apart again.
    fn change_more(&mut self, change: impl FnOnce(&mut More)) {
        self.change_rare(|rare| rare.more = change_boxed(rare.more.take(), change));
    }
}

/// `boxed` changed by `change`: the same box, a new one if there was none and the change
/// set something, none if nothing is left set.
fn change_boxed<T: Default + PartialEq>(
    boxed: Option<Box<T>>,
    change: impl FnOnce(&mut T),
) -> Option<Box<T>> {
    match boxed {
        Some(mut value) => {
            change(&mut value);
            (*value != T::default()).then_some(value)
        }
        None => {
            let mut value = T::default();
            change(&mut value);
            (value != T::default()).then(|| Box::new(value))
        }
    }
}

#[cfg(test)]
impl Contact {
    /// A contact for unit tests: a name and addresses, nothing else known.
    pub(crate) fn for_test(id: i64, name: &str, addresses: &[&str]) -> Contact {
        Contact {
            id: ContactId(id),
            name: name.into(),
            name_is_fallback: false,
            parts: NameParts::None,
            organization: Text::default(),
            addresses: addresses.iter().collect(),
            verdict: Verdict::Unreviewed,
            rare: None,
            needs_review: false,
            signals: Default::default(),
            evidence: None,
        }
    }
}

/// What a contact's address books say of the person, from all its sources: notes, labels and
/// groups, a phone number. Evidence of knowing someone, for the screen, search and exports.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Evidence {
    /// Each source's note, in import order, without repeats.
    pub notes: Vec<String>,
    /// Labels and groups, without repeats.
    pub labels: Vec<String>,
    /// The first message either way (seconds since 1970, UTC).
    pub first_contact: Option<i64>,
    /// The subjects of the latest threads the user wrote them, and they wrote the user (up to
    /// three each, latest first, `Re:` and `Fwd:` stripped).
    pub subjects_sent: Vec<String>,
    pub subjects_received: Vec<String>,
    /// The user's own addresses the mail went through.
    pub via: Vec<String>,
}

impl Evidence {
    /// Adds what one source says.
    pub fn add(&mut self, note: Option<&str>, labels: &str) {
        if let Some(note) = note.map(str::trim).filter(|n| !n.is_empty())
            && !self.notes.iter().any(|n| n == note)
        {
            self.notes.push(note.to_string());
        }
        for label in labels.lines() {
            if !self.labels.iter().any(|l| l.eq_ignore_ascii_case(label)) {
                self.labels.push(label.to_string());
            }
        }
    }
}

impl Contact {
    /// The address exports use: the one the user chose, else the first seen.
    pub fn preferred_address(&self) -> &str {
        self.preferred()
            .and_then(|key| self.addresses.iter().find(|a| same_address(a, key)))
            .or(self.addresses.first())
            .unwrap_or("")
    }

    /// The addresses, the preferred one first.
    pub fn addresses_preferred_first(&self) -> Vec<&str> {
        let preferred = self.preferred_address();
        std::iter::once(preferred)
            .filter(|p| !p.is_empty())
            .chain(self.addresses.iter().filter(|a| *a != preferred))
            .collect()
    }
}

/// Whether a contact is already connected with the user on LinkedIn.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum LinkedIn {
    #[default]
    NotConnected,
    /// A connection without an address has exactly this contact's name.
    ProbablyConnected,
    /// A connection has one of this contact's addresses.
    Connected,
}

/// Evidence about a contact, for sorting, suggestions and the export policy.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Signals {
    /// Messages the user sent to the contact's addresses.
    pub sent: u32,
    /// Messages received from them.
    pub received: u32,
    /// The latest message either way (seconds since 1970, UTC).
    pub last_contact: Option<i64>,
    pub linkedin: LinkedIn,
    /// The user sent this contact a LinkedIn invitation (matched by name).
    pub invited: bool,
    /// This contact sent the user a LinkedIn invitation (matched by name): to accept, not to
    /// answer with another.
    pub invited_you: bool,
    /// The contact was written to an export before.
    pub exported: bool,
    /// One of the contact's addresses is the user's own: this is the user.
    pub yours: bool,
    /// The user said this is not the person a LinkedIn connection of the same name is (so
    /// `linkedin` is not `ProbablyConnected`).
    pub not_connected: bool,
    /// Some address book holds a phone number for the contact (a flag here, not in
    /// [`Contact::evidence`]: most cards have a phone, and a box each cost memory).
    pub phone: bool,
    /// The group of possible duplicates the contact is in ([`crate::duplicates`]): set by
    /// those who work them out, not stored.
    pub duplicate_group: Option<u32>,
    /// Whether every one of the contact's addresses is a role address
    /// ([`crate::suggest::is_role`]), when worked out beforehand with the role patterns in
    /// use: the screen does so as it opens, so that `A` does not read every address of a
    /// million contacts again (120 ms). Not stored; `None` is worked out when asked.
    pub role: Option<bool>,
}

impl Signals {
    /// How strong the relationship looks, for ordering (greater is stronger): the smaller
    /// direction first, so mail both ways comes before mail one way and a long exchange before
    /// one reply; then mail the user wrote, then mail received, then the latest. Without mail
    /// history all keys are equal, so a stable sort keeps the import order.
    pub fn relationship(&self) -> (u32, u32, u32, Option<i64>) {
        (
            self.sent.min(self.received),
            self.sent,
            self.received,
            self.last_contact,
        )
    }
}

/// The key two addresses are compared by: trimmed and lower-cased, nothing else.
///
/// The local part keeps every character (no dot or `+tag` folding): those rules belong to a few
/// providers and applying them to everyone would merge different people.
pub fn address_key(address: &str) -> String {
    address.trim().to_lowercase()
}

/// Whether two addresses have the same [`address_key`], without making either key: records are
/// checked for repeated addresses as they are read, and nearly every address is ASCII.
pub fn same_address(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim(), b.trim());
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        a.to_lowercase() == b.to_lowercase()
    }
}

/// Why a value that sat where an address belongs is not one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidAddress {
    pub value: String,
}

/// Cleans a value found in an address field and checks that it is an email address.
///
/// Accepts the forms exporters really write: surrounding whitespace, `<addr>`, `mailto:addr`
/// (vCard 4.0 `VALUE=uri`) and `Name <addr>`. Returns the address as written (case kept), or
/// the offending value: Exchange distinguished names (`/O=EXCHANGELABS/...`), values without `@`
/// and values with spaces are reported, never imported.
pub fn parse_address(value: &str) -> Result<String, InvalidAddress> {
    let invalid = || InvalidAddress {
        value: value.trim().to_string(),
    };
    let mut candidate = value.trim();
    if candidate.ends_with('>')
        && let Some(open) = candidate.rfind('<')
    {
        // Display text holds no address of its own: `Ann <a@x.org>, Bob <b@y.org>` is two
        // addresses (split by the importers), not Bob's with Ann's dropped.
        if candidate[..open].contains(['@', '<', '>']) {
            return Err(invalid());
        }
        candidate = &candidate[open + 1..candidate.len() - 1];
    }
    if let Some(scheme) = candidate.get(..7)
        && scheme.eq_ignore_ascii_case("mailto:")
    {
        // A mailto link's headers (`?subject=hi`) are not its address (a trial exported
        // `query@example.com?subject=hi`).
        candidate = candidate[7..].split('?').next().unwrap_or_default();
    }
    let candidate = candidate.trim();
    // No mail goes to a longer address (RFC 5321: a path of 256 octets, its brackets
    // included); the parts' own limits (64 and 254) let one of 319 through (a trial's).
    if candidate.len() <= MAX_ADDRESS_BYTES
        && ascii_verdict(candidate).unwrap_or_else(|| is_address(candidate))
    {
        Ok(candidate.to_string())
    } else {
        Err(invalid())
    }
}

/// The longest address mail can go to, in bytes.
const MAX_ADDRESS_BYTES: usize = 254;

/// Whether a cleaned candidate is an address: by `email_address`'s rules, on a host name.
fn is_address(candidate: &str) -> bool {
    // U+FFFD stands for bytes no encoding explained: the address as written is not known.
    // Nor is one with a control character (a windows-1252 byte the code page leaves
    // undefined, such as 0x81, decodes to one), or with an invisible one: a byte-order mark
    // left by joined files, a zero-width space or a direction mark would make an address
    // nobody can type, that `vetted mark` cannot find and that looks like another (a trial's).
    !candidate
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || c == '\u{FFFD}' || is_invisible_format(c))
        && is_plain_address(candidate)
        && is_host_name(candidate)
}

/// Characters that show as nothing: Unicode's formatting characters (general category Cf)
/// that files carry (the soft hyphen, zero-width and direction marks, word joiners, the
/// byte-order mark, tags) and the default-ignorable ones a trial found besides (the combining
/// grapheme joiner, Hangul fillers, variation selectors).
fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{AD}'
            | '\u{34F}'
            | '\u{61C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FFA0}'
            | '\u{E0000}'..='\u{E007F}'
            | '\u{E0100}'..='\u{E01EF}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
    )
}

/// What [`is_address`] decides of an ASCII candidate without a `"` (nearly every value a file
/// holds), in one pass over each part; `None` for any other, which the full rules decide.
/// The full rules split the candidate three times and look at every character four times: a
/// fifth of reading a Google CSV. A property test holds the two equal.
fn ascii_verdict(candidate: &str) -> Option<bool> {
    let bytes = candidate.as_bytes();
    if bytes.iter().any(|&b| !b.is_ascii() || b == b'"') {
        return None;
    }
    let Some(at) = bytes.iter().rposition(|&b| b == b'@') else {
        return Some(false);
    };
    let (local, domain) = (&bytes[..at], &bytes[at + 1..]);
    // RFC 5322's atext, as email_address reads it (whitespace and controls are not in it).
    let atext = |b: &u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~".contains(b);
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && local
            .split(|&b| b == b'.')
            .all(|atom| !atom.is_empty() && atom.iter().all(atext));
    // A host name's labels: letters, digits and `-`, a letter or digit at each end.
    let label_ok = |label: &[u8]| {
        label.len() <= 63
            && label.first().is_some_and(u8::is_ascii_alphanumeric)
            && label.last().is_some_and(u8::is_ascii_alphanumeric)
            && label
                .iter()
                .all(|&b| b.is_ascii_alphanumeric() || b == b'-')
    };
    Some(local_ok && domain.len() <= 254 && domain.split(|&b| b == b'.').all(label_ok))
}

/// Whether an address's domain can name a mail host: letters (any script, for international
/// domains), digits, `-` and `.`. RFC 5322 lets a domain hold `?`, `#`, `/`, `%`, `!` or `_`,
/// and email_address takes them, but no mail goes there: `a@example.com?x=1` is a link cut
/// wrong, not an address to invite (a trial found such addresses exported).
fn is_host_name(address: &str) -> bool {
    address.rsplit_once('@').is_some_and(|(_, domain)| {
        domain
            .chars()
            .all(|c| !c.is_ascii() || c.is_ascii_alphanumeric() || c == '-' || c == '.')
    })
}

/// Whether an address's domain ends in a top-level domain (`gmail.com`, not `gmail`). Mail
/// needs one to leave a private network; an address without one is almost always a typo.
pub fn has_top_level_domain(address: &str) -> bool {
    address
        .rsplit_once('@')
        .and_then(|(_, domain)| domain.trim_end_matches('.').rsplit_once('.'))
        .is_some_and(|(_, tld)| {
            tld.chars().count() >= 2 && !tld.chars().all(|c| c.is_ascii_digit())
        })
}

/// Whether `candidate`, which has no whitespace, is an address by `email_address`'s rules
/// without display text or domain literals.
///
/// This is what `EmailAddress::parse_with_options` decides with those options, step by step:
/// without whitespace there is no display text (" <" separates it), and the crate's own
/// `is_valid_local_part` and `is_valid_domain` check the parts (a local part starting with
/// `<`, which the crate refuses as a stray display bracket, is never valid either). It skips the crate's search for
/// display text, which looks at every character, and the copy it returns: a sixth of reading a
/// Google CSV. A property test holds the two equal.
fn is_plain_address(candidate: &str) -> bool {
    use email_address::EmailAddress;
    let Some((local, domain)) = candidate.rsplit_once('@') else {
        return false;
    };
    EmailAddress::is_valid_local_part(local)
        && !(domain.starts_with('[') && domain.ends_with(']'))
        && EmailAddress::is_valid_domain(domain)
}

/// The local part of an address, used as the name of last resort.
pub fn local_part(address: &str) -> &str {
    address.rsplit_once('@').map_or(address, |(local, _)| local)
}

/// Where in its file a record was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Location {
    /// 1-based line of the record's first line.
    pub line: u64,
    /// 1-based card number, for vCard files (shown as `file.vcf:#3`).
    pub card: Option<u64>,
}

impl Location {
    pub fn line(line: u64) -> Location {
        Location { line, card: None }
    }

    pub fn card(card: u64, line: u64) -> Location {
        Location {
            line,
            card: Some(card),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.card {
            Some(card) => write!(f, "{} (card #{card})", self.line),
            None => write!(f, "{}", self.line),
        }
    }
}

/// One person as one file describes them, before identity is resolved against the workspace.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Record {
    pub location: Location,
    /// The name the file gives for display (FN, "Display Name", "Name"), if any.
    pub formatted_name: String,
    pub given_name: String,
    pub family_name: String,
    /// "File as" / company-style names, used only when no personal name exists.
    pub file_as: String,
    pub organization: String,
    pub title: String,
    /// Valid addresses, as written, preferred first, without duplicates (by [`address_key`]).
    pub addresses: Vec<String>,
    /// What the address book says of the person: its note (vCard `NOTE`, a Notes column).
    pub note: String,
    /// Its labels and groups (vCard `CATEGORIES`, Google's Labels, Outlook's Categories).
    pub labels: Vec<String>,
    /// The record holds a phone number: a person in your phone's address book.
    pub has_phone: bool,
}

impl Record {
    /// Adds a label unless it is empty, a system group (`* myContacts`) or there already
    /// (compared ignoring case); a leading `* ` (Google's system mark) is dropped.
    pub fn add_label(&mut self, label: &str) {
        // Google's system group is on nearly every row: dropped before anything is built.
        let bare = label.trim().trim_start_matches("* ").trim();
        if bare.is_empty() || bare.eq_ignore_ascii_case("mycontacts") {
            return;
        }
        let label = label
            .trim()
            .trim_start_matches("* ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if label.is_empty()
            || label.replace(' ', "").eq_ignore_ascii_case("mycontacts")
            || self.labels.iter().any(|l| l.eq_ignore_ascii_case(&label))
        {
            return;
        }
        self.labels.push(label);
    }
}

impl Default for Location {
    fn default() -> Self {
        Location::line(0)
    }
}

impl Record {
    /// Cuts every text field longer than `limit` characters, ending it with `…`; says whether
    /// any was.
    pub fn cut_long_fields(&mut self, limit: usize) -> bool {
        let mut cut = false;
        for field in [
            &mut self.formatted_name,
            &mut self.given_name,
            &mut self.family_name,
            &mut self.file_as,
            &mut self.organization,
            &mut self.title,
            &mut self.note,
        ] {
            // Bytes bound characters from above: most fields skip the count.
            if field.len() > limit
                && let Some((at, _)) = field.char_indices().nth(limit)
            {
                field.truncate(at);
                field.push('…');
                cut = true;
            }
        }
        cut
    }

    /// The name to show: FN, then the N parts, then organization or file-as, then the local
    /// part of the preferred address.
    pub fn display_name(&self) -> String {
        self.personal_name()
            .or_else(|| non_empty(&self.file_as))
            .or_else(|| non_empty(&self.organization))
            .or_else(|| self.addresses.first().map(|a| local_part(a).to_string()))
            .unwrap_or_default()
    }

    /// The name this record gives for a person, if it gives one (not a fallback). Chinese,
    /// Japanese and Korean names put the family name first.
    pub fn personal_name(&self) -> Option<String> {
        non_empty(&self.formatted_name).or_else(|| {
            let (given, family) = (self.given_name.as_str(), self.family_name.as_str());
            let joined = if family.chars().any(is_cjk) {
                join_words([family, given])
            } else {
                join_words([given, family])
            };
            non_empty(&joined)
        })
    }

    /// Whether [`Record::personal_name`] gives a name, without making it.
    pub fn has_personal_name(&self) -> bool {
        [&self.formatted_name, &self.given_name, &self.family_name]
            .iter()
            .any(|part| !part.trim().is_empty())
    }

    /// Adds an address unless the record already has it; `preferred` puts it first.
    pub fn add_address(&mut self, address: String, preferred: bool) {
        if let Some(existing) = self
            .addresses
            .iter()
            .position(|a| same_address(a, &address))
        {
            if preferred && existing != 0 {
                let moved = self.addresses.remove(existing);
                self.addresses.insert(0, moved);
            }
            return;
        }
        if preferred {
            self.addresses.insert(0, address);
        } else {
            self.addresses.push(address);
        }
    }
}

/// Titles and suffixes of names, lower-case and without dots: not part of a first or last
/// name, nor of what tells two names apart.
pub const NAME_TITLES: [&str; 17] = [
    "dr", "mr", "mrs", "ms", "miss", "mx", "prof", "sir", "jr", "sr", "ii", "iii", "iv", "phd",
    "md", "esq", "mba",
];

fn is_name_title(word: &str) -> bool {
    let bare = word.trim_end_matches('.').to_ascii_lowercase();
    NAME_TITLES.contains(&bare.as_str())
}

/// A first and a last name from a display name, for files that want both (LinkedIn's CSV, a
/// vCard's N): `Lovelace, Ada` is Ada / Lovelace; a title before the name and a suffix after
/// a comma are left out (`Dr. Alan Turing, PhD` is Alan / Turing; `Charles Babbage Jr.` keeps
/// his); initials after the first name stay with it (`Grace M. Hopper` is Grace M. / Hopper);
/// otherwise the name splits at its first space, which keeps `Ludwig van Beethoven`'s family
/// name whole. A name of one word is a first name.
pub fn name_parts(name: &str) -> (String, String) {
    // Titles before the name go (`Dr.`); a suffix after it stays with the last name (`Jr.`),
    // unless a comma set it apart (`, PhD`).
    let words = |text: &str| -> Vec<String> {
        text.split_whitespace()
            .skip_while(|w| is_name_title(w))
            .map(str::to_string)
            .collect()
    };
    let said = |text: &str| text.split_whitespace().any(|w| !is_name_title(w));
    let (given, family): (Vec<String>, Vec<String>) = match name.split_once(',') {
        Some((before, after)) if said(after) => (words(after), words(before)),
        Some((before, _)) => split_words(words(before)),
        None => split_words(words(name)),
    };
    if given.is_empty() && family.is_empty() {
        // Nothing but a title ("Dr."): better that than no name at all.
        return (name.trim().to_string(), String::new());
    }
    (given.join(" "), family.join(" "))
}

/// The first word and the initials after it, then the rest.
fn split_words(mut words: Vec<String>) -> (Vec<String>, Vec<String>) {
    if words.len() < 2 {
        return (words, Vec::new());
    }
    let initial = |w: &String| w.trim_end_matches('.').chars().count() == 1;
    let mut first = 1;
    while first < words.len() - 1 && initial(&words[first]) {
        first += 1;
    }
    let rest = words.split_off(first);
    (words, rest)
}

/// Han, kana and Hangul: scripts whose names are written family name first.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30ff}'   // Hiragana, Katakana
        | '\u{3400}'..='\u{4dbf}' // CJK Extension A
        | '\u{4e00}'..='\u{9fff}' // CJK Unified Ideographs
        | '\u{f900}'..='\u{faff}' // CJK Compatibility Ideographs
        | '\u{ac00}'..='\u{d7af}' // Hangul syllables
        | '\u{1100}'..='\u{11ff}' // Hangul Jamo
        | '\u{20000}'..='\u{2ffff}')
}

fn non_empty(text: &str) -> Option<String> {
    let trimmed = text.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_string())
}

/// Joins non-empty name parts with single spaces.
/// A display name from a mail header, as a person's name: `Doe, Jane` (the way address books
/// and directories write it) is Jane Doe, given name Jane, family name Doe. Returns the
/// formatted name and, when it was in that order, the given and family names. A comma before a
/// suffix (`Smith, Jr.`) or a company's form (`Acme, Inc.`) is not that order.
pub fn name_from_display(display: &str) -> (String, String, String) {
    const NOT_GIVEN_NAMES: &[&str] = &[
        "jr", "sr", "ii", "iii", "iv", "phd", "md", "esq", "inc", "ltd", "llc", "gmbh", "ag", "sa",
        "bv", "co", "corp", "plc",
    ];
    let display = display.trim();
    if let Some((family, given)) = display.split_once(',') {
        let (family, given) = (family.trim(), given.trim());
        let word = given.trim_end_matches('.').to_ascii_lowercase();
        if !family.is_empty()
            && !given.is_empty()
            && !given.contains(',')
            && !display.contains('@')
            && !NOT_GIVEN_NAMES.contains(&word.as_str())
        {
            return (
                join_words([given, family]),
                given.to_string(),
                family.to_string(),
            );
        }
    }
    (display.to_string(), String::new(), String::new())
}

pub fn join_words<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for part in parts {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(part);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contact_without_rare_fields_stays_small() {
        // A million contacts are held in memory: every byte here is a megabyte there.
        assert!(
            std::mem::size_of::<Contact>() <= 144,
            "{}",
            std::mem::size_of::<Contact>()
        );
        let mut contact = Contact::for_test(1, "Ada", &["ada@x.org"]);
        let plain = contact.clone();
        contact.set_note("met at PyCon".into());
        assert_eq!(contact.note(), "met at PyCon");
        assert_ne!(contact, plain);
        contact.set_note("".into());
        // Nothing set: no box, and equal to a contact that never had one.
        assert!(contact.rare.is_none());
        assert_eq!(contact, plain);
        // A title alone, what most contacts with any of these have, takes a small box.
        assert!(std::mem::size_of::<Rare>() <= 32);
        contact.set_title("Engineer".into());
        contact.set_note("met at PyCon".into());
        contact.set_note("".into());
        assert_eq!(contact.title(), "Engineer");
        assert!(
            contact
                .rare
                .as_ref()
                .is_some_and(|rare| rare.more.is_none())
        );
        contact.set_title("".into());
        assert_eq!(contact, plain);
    }

    /// The one text holds the addresses exactly, in order, whatever their number and length
    /// (short ones are kept inline); a stored text not as vetted writes it reads as its lines.
    #[test]
    fn addresses_keep_each_address_exactly_and_in_order() {
        for list in [
            vec![],
            vec!["a@x.org"],
            vec!["Ada.Lovelace@Example.ORG", "ada@home.example", "a@b.c"],
            vec!["very.long.local.part.beyond.inline.size@a-very-long-domain.example"],
        ] {
            let addresses: Addresses = list.iter().collect();
            assert_eq!(addresses.iter().collect::<Vec<_>>(), list);
            assert_eq!(addresses.len(), list.len());
            assert_eq!(addresses.is_empty(), list.is_empty());
            assert_eq!(addresses.first(), list.first().copied());
            assert_eq!(Addresses::from_lines(addresses.as_lines()), addresses);
            assert_eq!(addresses.to_vec(), list);
        }
        let odd = Addresses::from_lines("a@x.org\r\n\nb@x.org\n");
        assert_eq!(odd, ["a@x.org", "b@x.org"]);
        assert_eq!(odd.len(), 2);
    }

    #[test]
    fn a_display_name_gives_a_first_and_a_last_name() {
        let parts = |name: &str| {
            let (first, last) = name_parts(name);
            (first, last)
        };
        let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
        assert_eq!(parts("Ada Lovelace"), pair("Ada", "Lovelace"));
        assert_eq!(parts("Lovelace, Ada"), pair("Ada", "Lovelace"));
        assert_eq!(parts("Lovelace, Ada B."), pair("Ada B.", "Lovelace"));
        assert_eq!(parts("Dr. Alan Turing"), pair("Alan", "Turing"));
        assert_eq!(parts("Alan Turing, PhD"), pair("Alan", "Turing"));
        assert_eq!(parts("Grace M. Hopper"), pair("Grace M.", "Hopper"));
        assert_eq!(
            parts("Ludwig van Beethoven"),
            pair("Ludwig", "van Beethoven")
        );
        assert_eq!(parts("Cher"), pair("Cher", ""));
        assert_eq!(parts("Charles Babbage Jr."), pair("Charles", "Babbage Jr."));
        assert_eq!(parts("J. R. R."), pair("J. R.", "R."));
        assert_eq!(parts(""), pair("", ""));
        assert_eq!(parts("Dr."), pair("Dr.", ""));
    }

    #[test]
    fn verdict_names_round_trip() {
        for verdict in Verdict::ALL {
            assert_eq!(Verdict::parse(verdict.as_str()), Some(verdict));
            assert_eq!(
                Verdict::parse(&verdict.as_str().replace('_', "-")),
                Some(verdict)
            );
        }
        assert_eq!(Verdict::parse("maybe"), None);
    }

    #[test]
    fn merge_keeps_the_more_cautious_verdict() {
        use Verdict::*;
        let order = [KnowWell, Vaguely, Unreviewed, DontKnow];
        for (i, a) in order.iter().enumerate() {
            for (j, b) in order.iter().enumerate() {
                let expected = order[i.max(j)];
                assert_eq!(a.more_cautious(*b), expected, "{a:?} + {b:?}");
            }
        }
    }

    #[test]
    fn addresses_compare_trimmed_and_case_insensitively_only() {
        assert_eq!(address_key("  Ada@Example.ORG "), "ada@example.org");
        assert_ne!(address_key("a.da@x.org"), address_key("ada@x.org"));
        assert_ne!(address_key("ada+tag@x.org"), address_key("ada@x.org"));
    }

    /// An address longer than mail allows is refused, though each part is within its own
    /// limit; one of exactly 254 bytes is taken.
    #[test]
    fn an_address_longer_than_254_bytes_is_refused() {
        let label = "d".repeat(63);
        let domain = format!("{label}.{label}.{label}.{}", "e".repeat(61));
        assert_eq!(domain.len(), 253);
        let longest = format!("{}@{}", "a", &domain[..252]);
        assert_eq!(longest.len(), 254);
        assert_eq!(parse_address(&longest), Ok(longest.clone()));
        assert!(parse_address(&format!("aa@{}", &domain[..252])).is_err());
        assert!(parse_address(&format!("{}@{domain}", "a".repeat(64))).is_err());
        // Counted in bytes whichever rules decide (`é` is two).
        assert!(parse_address(&format!("é@{}", &domain[..252])).is_err());
    }

    /// An address with an invisible character in it is refused, not imported as another
    /// address that looks the same.
    #[test]
    fn an_address_with_an_invisible_character_is_refused() {
        for address in [
            "\u{FEFF}bomin@example.org",
            "zw\u{200B}sp@example.org",
            "soft\u{AD}hy@example.org",
            "rl\u{202E}o@example.org",
            "a@exa\u{2060}mple.org",
            "c\u{34F}j@example.org",
            "t\u{E0041}g@example.org",
            "h\u{3164}f@example.org",
            "v\u{FE0F}s@example.org",
        ] {
            assert!(parse_address(address).is_err(), "{address:?}");
        }
        assert!(parse_address("zoë@exämple.org").is_ok());
    }

    /// The shortcut takes the addresses files hold, and leaves what it cannot decide.
    #[test]
    fn the_ascii_verdict_decides_plain_addresses() {
        assert_eq!(ascii_verdict("ada.lovelace+x@mail.example.org"), Some(true));
        assert_eq!(ascii_verdict("ada@example.com?x=1"), Some(false));
        assert_eq!(ascii_verdict("ada@exa_mple.com"), Some(false));
        assert_eq!(ascii_verdict("\"a b\"@example.org"), None);
        assert_eq!(ascii_verdict("zoë@example.org"), None);
    }

    proptest::proptest! {
        #[test]
        fn is_plain_address_decides_as_email_address_does(
            candidate in "[a-z.@<>\\[\\]\"\\\\0-9é_+-]{0,12}|[a-z]{1,3}@\\[[0-9.]{1,7}\\]|\"[a@ ]{0,3}\"@[a-z.]{1,5}",
        ) {
            let options = email_address::Options::default()
                .without_display_text()
                .without_domain_literal();
            proptest::prop_assume!(!candidate.chars().any(char::is_whitespace));
            let crate_says = email_address::EmailAddress::parse_with_options(&candidate, options).is_ok();
            proptest::prop_assert_eq!(is_plain_address(&candidate), crate_says, "{:?}", candidate);
        }

        /// The ASCII shortcut decides as the full rules do wherever it decides: around each
        /// length limit (64 for the local part, 63 a label, 254 the domain), on every kind of
        /// ASCII character, quotes and brackets.
        #[test]
        fn the_ascii_verdict_is_the_full_rules(
            candidate in "[a-z.@<>\\[\\]\"\\\\0-9_+!#$%&'*/=?^`{|}~ \t\x01\x7f-]{0,14}|[a-z]{60,68}@[a-z]{1,3}\\.[a-z]{2}|[a-z]{0,2}[!#$%&'*/=?^`{|}~+_.\"<>\\[\\]\\\\-]{1,2}[a-z]{0,2}@[a-z]{1,3}\\.[a-z]{2}|[a-z]{1,3}@[a-z-]{58,66}(\\.[a-z]{1,3})?|[a-z]@([a-z]{60,63}\\.){4}[a-z]{1,12}|[a-zA-Z0-9._-]{1,8}@[a-zA-Z0-9.-]{1,8}",
        ) {
            if let Some(verdict) = ascii_verdict(&candidate) {
                proptest::prop_assert_eq!(verdict, is_address(&candidate), "{:?}", candidate);
            } else {
                proptest::prop_assert!(candidate.contains('"'), "{:?}", candidate);
            }
        }

        /// The shortcut agrees with comparing keys, on ASCII, on letters whose lower case is
        /// longer or ASCII (`İ`, the Kelvin sign), and around whitespace.
        #[test]
        fn same_address_is_equal_keys(
            a in "[ \t]?[aAzZ.@İiK\u{212A}éÉß]{0,6}[ \n]?",
            b in "[ \t]?[aAzZ.@İiK\u{212A}éÉß]{0,6}[ \n]?",
        ) {
            proptest::prop_assert_eq!(same_address(&a, &b), address_key(&a) == address_key(&b));
            proptest::prop_assert!(same_address(&a, &a.to_uppercase()) == (address_key(&a) == address_key(&a.to_uppercase())));
        }

        /// Given and family names read back as given, whether they are the halves of the name
        /// (most often, and then not held twice), one of them is the name, or neither; and
        /// after the name changes.
        #[test]
        fn name_parts_read_back_as_given(
            given in "[ aé李]{0,3}",
            family in "[ bß李]{0,3}",
            other in "[ aé]{0,4}",
            shape in 0usize..4,
            renamed in "[ ab]{0,4}",
        ) {
            let name = match shape {
                0 => format!("{given} {family}"),
                1 => given.clone(),
                2 => family.clone(),
                _ => other,
            };
            let mut contact = Contact::new(
                ContactId(1),
                name.as_str().into(),
                false,
                (given.as_str().into(), family.as_str().into()),
                Text::default(),
                Addresses::default(),
                Verdict::Unreviewed,
                false,
            );
            proptest::prop_assert_eq!(contact.given_name(), given.as_str());
            proptest::prop_assert_eq!(contact.family_name(), family.as_str());
            proptest::prop_assert_eq!(contact.name.as_str(), name.as_str());
            // Nothing is boxed for names that are the name's halves.
            if shape == 0 && !given.is_empty() && !family.is_empty() {
                proptest::prop_assert!(contact.rare.is_none());
            }
            contact.set_name(renamed.as_str().into());
            proptest::prop_assert_eq!(contact.given_name(), given.as_str());
            proptest::prop_assert_eq!(contact.family_name(), family.as_str());
        }
    }

    #[test]
    fn parse_address_accepts_what_exporters_write() {
        for (value, expected) in [
            (" ada@example.org ", "ada@example.org"),
            ("<ada@example.org>", "ada@example.org"),
            ("mailto:Ada@Example.org", "Ada@Example.org"),
            ("MAILTO:ada@example.org", "ada@example.org"),
            ("Ada Lovelace <ada@example.org>", "ada@example.org"),
            ("\"Smith, Jo\" <jo@example.org>", "jo@example.org"),
            ("contact1@invalid", "contact1@invalid"),
            ("o'brien@example.ie", "o'brien@example.ie"),
            ("zoë@exämple.de", "zoë@exämple.de"),
            ("mailto:query@example.com?subject=hi", "query@example.com"),
            ("a-b@mail-1.example.co.uk", "a-b@mail-1.example.co.uk"),
        ] {
            assert_eq!(parse_address(value).as_deref(), Ok(expected), "{value}");
        }
    }

    #[test]
    fn parse_address_rejects_what_is_not_an_address() {
        for value in [
            "/O=EXCHANGELABS/OU=EXCHANGE ADMINISTRATIVE GROUP/CN=RECIPIENTS/CN=ADA",
            "ada at example.org",
            "ada lovelace@example.org",
            "ÑÑÑÑ",
            "@example.org",
            "ada@",
            "",
            "SMTP",
            // Bytes no encoding explained: the address as written is not known.
            "jos\u{FFFD}@ni\u{FFFD}o.example",
            "bad\u{81}@example.org",
            // Two addresses, not the last one.
            "Ann <a5@x.org>, Bob <b5@y.org>",
            // Domains no mail host has, which RFC 5322 allows.
            "a@example.com?x=1",
            "a@example.com#frag",
            "a@example.com/path",
            "a@exa%mple.com",
            "a@ex!ample.com",
            "a@exa_mple.com",
        ] {
            assert!(parse_address(value).is_err(), "{value} should be invalid");
        }
    }

    #[test]
    fn display_name_falls_back_in_order() {
        let mut record = Record {
            addresses: vec!["ada.l@example.org".into()],
            ..Record::default()
        };
        assert_eq!(record.display_name(), "ada.l");
        record.organization = "Analytical Engines".into();
        assert_eq!(record.display_name(), "Analytical Engines");
        record.file_as = "Lovelace, Ada".into();
        assert_eq!(record.display_name(), "Lovelace, Ada");
        record.family_name = "Lovelace".into();
        assert_eq!(record.display_name(), "Lovelace");
        record.given_name = "Ada".into();
        assert_eq!(record.display_name(), "Ada Lovelace");
        record.formatted_name = "Countess of Lovelace".into();
        assert_eq!(record.display_name(), "Countess of Lovelace");
    }

    #[test]
    fn cjk_names_put_the_family_name_first() {
        let name = |given: &str, family: &str| {
            Record {
                given_name: given.into(),
                family_name: family.into(),
                ..Record::default()
            }
            .display_name()
        };
        assert_eq!(name("小龙", "李"), "李 小龙");
        assert_eq!(name("健", "佐藤"), "佐藤 健");
        assert_eq!(name("민준", "김"), "김 민준");
        assert_eq!(name("Ken", "Sato"), "Ken Sato");
    }

    #[test]
    fn add_address_dedupes_and_orders_preferred_first() {
        let mut record = Record::default();
        record.add_address("b@x.org".into(), false);
        record.add_address("a@x.org".into(), false);
        record.add_address("A@X.org".into(), true);
        record.add_address("B@x.org".into(), false);
        assert_eq!(record.addresses, ["a@x.org", "b@x.org"]);
    }

    #[test]
    fn last_comma_first_display_names_are_read_as_names() {
        let name = |d: &str| name_from_display(d);
        assert_eq!(
            name("Doe, Jane"),
            ("Jane Doe".into(), "Jane".into(), "Doe".into())
        );
        assert_eq!(
            name(" van der Berg,  Anna Maria "),
            (
                "Anna Maria van der Berg".into(),
                "Anna Maria".into(),
                "van der Berg".into()
            )
        );
        for kept in [
            "Smith, Jr.",
            "Acme, Inc.",
            "Ada Lovelace",
            "a@b.org, x",
            "A, B, C",
            ", Jane",
        ] {
            assert_eq!(
                name(kept),
                (kept.trim().into(), String::new(), String::new()),
                "{kept}"
            );
        }
    }

    #[test]
    fn a_top_level_domain_is_told_apart() {
        for with in [
            "a@gmail.com",
            "a@mail.example.co.uk",
            "a@xn--bcher-kva.example",
            "a@x.org.",
        ] {
            assert!(has_top_level_domain(with), "{with}");
        }
        for without in ["raj.patel@gmail", "a@localhost", "a@10.0.0.1", "a@x.c"] {
            assert!(!has_top_level_domain(without), "{without}");
        }
    }
}
