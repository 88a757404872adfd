//! Reading address books: detection, decoding and one parser per format family.
//!
//! The format is chosen from the content, never from the file name: people rename exports, and
//! Outlook, Thunderbird and Google all write `contacts.csv`. Every parser is lenient and total:
//! it returns the records it could read plus a precise account (file:line and value) of what it
//! could not, and only refuses a whole file when the file is not an address book at all.
//!
//! Parsers produce [`Record`]s; deciding who is the same person happens later, in the store, so
//! that identity has one implementation for every format.

pub mod archive;
mod csv;
mod detect;
pub mod encoding;
mod ldif;
pub mod mail;
pub mod reread;
pub mod source;
mod vcard;

use std::fmt;
use std::sync::mpsc::{Receiver, SyncSender, TrySendError};

use crate::contact::{InvalidAddress, Location, Record, parse_address};
use crate::text::count;
use detect::{Content, detect, is_blank, reject_binary_formats};

pub use self::csv::{Connection, Invitation};

/// A file format vetted recognises, as the import summary names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    GoogleCsv,
    GoogleLegacyCsv,
    OutlookCsv,
    ThunderbirdCsv,
    YahooCsv,
    WindowsAddressBookCsv,
    LinkedInConnections,
    LinkedInInvitations,
    GenericCsv,
    VCard,
    Ldif,
}

impl Format {
    pub fn describe(self) -> &'static str {
        match self {
            Format::GoogleCsv => "Google Contacts CSV",
            Format::GoogleLegacyCsv => "Google CSV (legacy layout)",
            Format::OutlookCsv => "Outlook CSV",
            Format::ThunderbirdCsv => "Thunderbird CSV",
            Format::YahooCsv => "Yahoo CSV",
            Format::WindowsAddressBookCsv => "Windows Address Book CSV",
            Format::LinkedInConnections => "LinkedIn connections",
            Format::LinkedInInvitations => "LinkedIn invitations",
            Format::GenericCsv => "CSV",
            Format::VCard => "vCard",
            Format::Ldif => "LDIF",
        }
    }

    /// The short name stored with each import.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::GoogleCsv => "google",
            Format::GoogleLegacyCsv => "google-legacy",
            Format::OutlookCsv => "outlook",
            Format::ThunderbirdCsv => "thunderbird",
            Format::YahooCsv => "yahoo",
            Format::WindowsAddressBookCsv => "wab",
            Format::LinkedInConnections => "linkedin",
            Format::LinkedInInvitations => "linkedin-invitations",
            Format::GenericCsv => "csv",
            Format::VCard => "vcard",
            Format::Ldif => "ldif",
        }
    }
}

/// What `--format` asks for; `Auto` detects from the content. (The command line takes these
/// names as they are: the derive spells them `auto`, `google`, ... `mbox`.)
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatChoice {
    /// Detect the format from the content
    #[default]
    Auto,
    /// Google Contacts CSV (current or legacy layout)
    Google,
    /// Outlook CSV
    Outlook,
    /// Thunderbird CSV
    Thunderbird,
    /// LinkedIn's Connections.csv
    Linkedin,
    /// Any CSV, columns found by their headers
    Csv,
    /// vCard 2.1, 3.0 or 4.0
    Vcard,
    /// LDIF (Thunderbird, LDAP)
    Ldif,
    /// A mail archive (mbox): mail history, not an address book
    Mbox,
}

impl FormatChoice {
    /// As `--format` spells it.
    pub fn name(self) -> &'static str {
        match self {
            FormatChoice::Auto => "auto",
            FormatChoice::Google => "google",
            FormatChoice::Outlook => "outlook",
            FormatChoice::Thunderbird => "thunderbird",
            FormatChoice::Linkedin => "linkedin",
            FormatChoice::Csv => "csv",
            FormatChoice::Vcard => "vcard",
            FormatChoice::Ldif => "ldif",
            FormatChoice::Mbox => "mbox",
        }
    }
}

/// Why a record was not imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SkipReason {
    /// The record has no email address at all.
    NoAddress,
    /// Every value in its address fields was invalid (each is also listed in `invalid`).
    InvalidAddress,
    /// A contact group or mailing list, not a person.
    Group,
    /// No address field holds an address, but the record does elsewhere (a column the header
    /// does not name as one, a malformed line): `what` says where.
    AddressElsewhere,
    /// The file ends inside the record, and its address was on the last line, which may be cut
    /// short (`b2@example.co` may have been `.com`): left out, it is not "no email address".
    AddressCutShort,
}

impl SkipReason {
    pub fn describe(&self) -> &'static str {
        match self {
            SkipReason::NoAddress => "no email address",
            SkipReason::InvalidAddress => "invalid email address",
            SkipReason::Group => "a group, not a person",
            SkipReason::AddressElsewhere => "an address outside the address fields",
            SkipReason::AddressCutShort => {
                "its address was on the file's last line, which may be cut short"
            }
        }
    }

    /// `n` records skipped for this reason, as the import summary counts them.
    pub fn counted(&self, n: u64) -> String {
        let n_ = crate::text::count(n);
        match self {
            SkipReason::NoAddress => format!("{n_} without an email address"),
            SkipReason::InvalidAddress => format!("{n_} with an invalid email address"),
            SkipReason::Group if n == 1 => "1 group (not a person)".to_string(),
            SkipReason::Group => format!("{n_} groups (not people)"),
            SkipReason::AddressElsewhere => {
                format!("{n_} with an address outside the address fields")
            }
            SkipReason::AddressCutShort => {
                format!("{n_} whose address was on a last line that may be cut short")
            }
        }
    }
}

/// A record that was read but not imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    pub location: Location,
    pub reason: SkipReason,
    /// Something that identifies the record to the user (its name, organization or first value).
    pub what: String,
}

/// A value in an address field that is not an email address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invalid {
    pub location: Location,
    pub value: String,
}

/// Records a streaming parse sends at a time: big enough that the channel costs nothing, small
/// enough that the store starts at once.
const BATCH: usize = 1024;

/// Where a streaming parse sends its records. A trait only so that [`Parsed`] need not carry
/// the type of what records are prepared into ([`Batches`] is the one kind).
trait Sink: Send {
    /// Takes one record; sends a batch when one is full.
    fn push(&mut self, record: Record);
    /// Sends the records taken since the last batch.
    fn flush(&mut self);
}

/// A streaming parse's destination: records in batches, each record perhaps with what
/// `prepare` made of it on the parsing thread.
type Stream = Box<dyn Sink>;

impl fmt::Debug for dyn Sink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Sink")
    }
}

/// A batch of a streaming parse: records, each perhaps prepared.
pub type Batch<T> = Vec<(Record, Option<T>)>;

struct Batches<T> {
    sender: SyncSender<Batch<T>>,
    /// Batches the receiver is done with, freed here.
    returned: Receiver<Batch<T>>,
    prepare: fn(&Record) -> T,
    batch: Batch<T>,
    /// The receiving end has gone (the import failed): records are dropped.
    closed: bool,
}

impl<T: Send> Sink for Batches<T> {
    fn push(&mut self, record: Record) {
        if self.closed {
            return;
        }
        self.batch.push((record, None));
        if self.batch.len() == BATCH {
            self.flush();
        }
    }

    /// Sends the batch at once when the receiver has room for it: it is keeping up, so this
    /// thread is the slower one, and the receiver prepares the records itself. When it has
    /// no room, this thread would only wait, so it prepares them first.
    fn flush(&mut self) {
        if self.closed || self.batch.is_empty() {
            return;
        }
        let next = match self.returned.try_recv() {
            Ok(mut used) => {
                used.clear();
                used
            }
            Err(_) => Vec::with_capacity(BATCH),
        };
        let batch = std::mem::replace(&mut self.batch, next);
        self.closed = match self.sender.try_send(batch) {
            Ok(()) => false,
            Err(TrySendError::Full(mut batch)) => {
                for (record, prepared) in &mut batch {
                    *prepared = Some((self.prepare)(record));
                }
                self.sender.send(batch).is_err()
            }
            Err(TrySendError::Disconnected(_)) => true,
        };
    }
}

/// Everything one file yielded.
#[derive(Debug)]
pub struct Parsed {
    pub format: Format,
    /// The encoding, as the summary shows it ("UTF-8", "windows-1252 (detected)").
    pub encoding: String,
    /// Records read from the file, whether imported or skipped.
    pub records_read: usize,
    pub records: Vec<Record>,
    pub skipped: Vec<Skipped>,
    pub invalid: Vec<Invalid>,
    /// People the user is already connected with on LinkedIn (only from `Connections.csv`).
    pub connections: Vec<Connection>,
    /// Invitations sent and received on LinkedIn (only from `Invitations.csv`).
    pub invitations: Vec<Invitation>,
    /// Records with a name, organization or title longer than [`MAX_FIELD_CHARS`], which was cut.
    pub cut: Vec<Location>,
    /// Lines where a quote opened a CSV field and was never closed, read as a plain character,
    /// each with how many records after it that quote would have swallowed into one field.
    pub unclosed_quotes: Vec<(Location, usize)>,
    /// Records with a quoted field that runs over lines looking like rows of their own (with
    /// the delimiter and an address), or addresses in columns past the header's: a closing
    /// quote is probably missing, and the people on those lines were not read. Each with the
    /// addresses found there.
    pub swallowed: Vec<(Location, Vec<String>)>,
    /// The file ends inside a record (a vCard without its END:VCARD): where it began, and
    /// the last line, when it held an address and did not end with a line break (it may be
    /// cut short, so it was left out).
    pub ended_inside: Option<(Location, Option<String>)>,
    /// Lines read in part or not at all, each with what happened (a vCard's `END:VCARD` with no
    /// `BEGIN:VCARD` before it; a card that ends where the next begins, without its own end).
    pub unread: Vec<(Location, String)>,
    /// Records with an address, whether kept in `records` or streamed.
    pub imported: usize,
    /// Where the first card or entry broke, for a file in which none was complete.
    pub broken: Option<NoContacts>,
    /// The language of a CSV header in another language than English ("German").
    pub language: Option<&'static str>,
    /// Addresses imported without a top-level domain (`raj.patel@gmail`): kept, flagged, and
    /// never exported.
    pub no_top_level_domain: Vec<Invalid>,
    /// Set by [`parse_streaming`]: records go there instead of into `records`.
    stream: Option<Stream>,
}

/// The longest name, organization or title kept; longer ones (a megabyte line, a runaway
/// quoted cell) are cut, and the summary says where.
pub const MAX_FIELD_CHARS: usize = 1000;

impl Parsed {
    fn new(format: Format, encoding: String, stream: Option<Stream>) -> Parsed {
        Parsed {
            stream,
            format,
            encoding,
            records_read: 0,
            records: Vec::new(),
            skipped: Vec::new(),
            invalid: Vec::new(),
            connections: Vec::new(),
            invitations: Vec::new(),
            cut: Vec::new(),
            unclosed_quotes: Vec::new(),
            swallowed: Vec::new(),
            ended_inside: None,
            unread: Vec::new(),
            imported: 0,
            broken: None,
            language: None,
            no_top_level_domain: Vec::new(),
        }
    }

    /// The format as the summary names it, with the language of a localized header.
    pub fn describe_format(&self) -> String {
        match self.language {
            Some(language) => format!("{} ({language} headers)", self.format.describe()),
            None => self.format.describe().to_string(),
        }
    }

    /// Files a finished record: imported when it has an address, otherwise skipped with the
    /// reason. `had_invalid` says whether invalid values were found in its address fields.
    fn push(&mut self, record: Record, had_invalid: bool) {
        self.push_seen(record, had_invalid, None);
    }

    /// [`Parsed::push`], for a record whose text holds an address outside its address fields
    /// (`elsewhere` says where): skipped without one, it is not "no email address".
    fn push_seen(&mut self, mut record: Record, had_invalid: bool, elsewhere: Option<String>) {
        self.records_read += 1;
        if record.cut_long_fields(MAX_FIELD_CHARS) {
            self.cut.push(record.location);
        }
        if record.addresses.is_empty() {
            let name = record.display_name();
            let (reason, what) = match (had_invalid, elsewhere) {
                (true, _) => (SkipReason::InvalidAddress, name),
                (false, Some(place)) if name.is_empty() => (SkipReason::AddressElsewhere, place),
                (false, Some(place)) => (SkipReason::AddressElsewhere, format!("{name}: {place}")),
                (false, None) => (SkipReason::NoAddress, name),
            };
            self.skipped.push(Skipped {
                location: record.location,
                reason,
                what,
            });
        } else if let Some(stream) = &mut self.stream {
            self.imported += 1;
            stream.push(record);
        } else {
            self.imported += 1;
            self.records.push(record);
        }
    }

    /// Sends the last batch and closes the stream, which tells the receiver the file is done.
    /// When the receiving end has gone (the import failed), the rest of the file was still
    /// read, for its account, but its records dropped.
    fn finish(mut self) -> Parsed {
        if let Some(mut stream) = self.stream.take() {
            stream.flush();
        }
        self
    }

    fn push_group(&mut self, location: Location, what: String) {
        self.records_read += 1;
        self.skipped.push(Skipped {
            location,
            reason: SkipReason::Group,
            what,
        });
    }

    /// How many invalid values have been reported so far: give it to [`Parsed::reported_since`].
    fn reported(&self) -> (usize, usize) {
        (self.invalid.len(), self.no_top_level_domain.len())
    }

    /// The invalid values (and those without a top-level domain) reported since `reported`,
    /// to point each at its own line rather than its record's first.
    fn reported_since(
        &mut self,
        (invalid, no_domain): (usize, usize),
    ) -> impl Iterator<Item = &mut Invalid> {
        self.invalid[invalid..]
            .iter_mut()
            .chain(&mut self.no_top_level_domain[no_domain..])
    }

    /// Adds `value` to `record` if it is an address, or records it as invalid.
    /// Returns false when the value was invalid.
    fn offer_address(&mut self, record: &mut Record, value: &str, preferred: bool) -> bool {
        self.offer_checked(record, check_address(value), preferred)
    }

    /// [`Parsed::offer_address`] for a value [`check_address`] has looked at already (on
    /// another thread).
    fn offer_checked(&mut self, record: &mut Record, checked: Checked, preferred: bool) -> bool {
        let Some(checked) = checked else {
            return true;
        };
        match checked {
            Ok(address) => {
                if !crate::contact::has_top_level_domain(&address) {
                    self.no_top_level_domain.push(Invalid {
                        location: record.location,
                        value: address.clone(),
                    });
                }
                record.add_address(address, preferred);
                true
            }
            Err(InvalidAddress { value }) => {
                self.invalid.push(Invalid {
                    location: record.location,
                    value,
                });
                false
            }
        }
    }
}

/// What a value in an address field holds: nothing (`None`), an address, or not an address.
type Checked = Option<Result<String, InvalidAddress>>;

/// The addresses of one value: itself, or, when it is not an address but a list of them
/// separated by `;` or `,` (as Outlook and hand-made sheets write several in one cell, and some phones in one vCard EMAIL), each of
/// them. A list with anything but addresses in it stays one value, reported as invalid. (An
/// address may hold `;` or `,` in quotes: a valid one is never split.)
pub(super) fn several(value: &str) -> impl Iterator<Item = &str> {
    // Most values are one address: no list is made for them.
    let pieces = (value.contains([';', ',']) && parse_address(value).is_err())
        .then(|| {
            let pieces: Vec<&str> = value
                .split([';', ','])
                .map(str::trim)
                .filter(|piece| !piece.is_empty())
                .collect();
            // `a@x.org,` is one address with a stray separator.
            (!pieces.is_empty() && pieces.iter().all(|piece| parse_address(piece).is_ok()))
                .then_some(pieces)
        })
        .flatten();
    let one = pieces.is_none().then_some(value);
    one.into_iter().chain(pieces.into_iter().flatten())
}

/// The first word of `text` that is an address (`write to ann@x.org.`): words end at white
/// space and at the punctuation around addresses. For records whose address sits outside their
/// address fields, to say where.
fn address_among_words(text: &str) -> Option<&str> {
    // `?` ends a link's address too: `mailto:ann@x.org?subject=hi` names ann@x.org.
    text.split(|c: char| {
        c.is_whitespace() || matches!(c, ':' | ';' | ',' | '<' | '>' | '(' | ')' | '"' | '?')
    })
    .map(|word| word.trim_end_matches(['.', '\\']))
    .find(|word| word.contains('@') && parse_address(word).is_ok())
}

/// Looks at a value found in an address field; the work of [`Parsed::offer_address`] that
/// needs no [`Parsed`], so it can be done on any thread.
fn check_address(value: &str) -> Checked {
    (!value.trim().is_empty()).then(|| parse_address(value))
}

/// Why a whole file could not be imported.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ImportError {
    #[error("the file is empty")]
    Empty,
    #[error("this is mail, not an address book; vetted import reads it as mail history")]
    MailArchive,
    #[error("this is {what}, not an address book{hint}")]
    NotAnAddressBook {
        what: &'static str,
        hint: &'static str,
    },
    #[error("--format {forced} does not fit this file: {why}")]
    WrongFormat { forced: &'static str, why: String },
    /// The file was read and holds nobody to import; the records it read are listed.
    #[error("{why}")]
    NoContacts {
        why: NoContacts,
        records_read: usize,
        skipped: Vec<Skipped>,
        invalid: Vec<Invalid>,
    },
}

/// Why a file that was read yields no contact.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NoContacts {
    #[error(
        "no column holds email addresses (its columns: {}); if one does, name it \"E-mail\" in the header row, or choose the layout with --format google, outlook, thunderbird or csv",
        columns.join(", ")
    )]
    NoAddressColumn { columns: Vec<String> },
    #[error("no complete {kind}: the first one breaks at line {line} ({why})")]
    NoCompleteRecord {
        kind: &'static str,
        line: u64,
        why: String,
    },
    #[error(
        "{} vetted can use (listed below)",
        if *records == 0 {
            "it has a header row and no records after it; nothing".to_string()
        } else if *records == 1 {
            "its only record has no email address".to_string()
        } else {
            format!("none of its {} records has an email address", count(*records as u64))
        }
    )]
    NoAddresses { records: usize },
    #[error(
        "the file ends inside its only card, and the card's address was on that last line, which may be cut short (listed below)"
    )]
    OnlyAddressCutShort,
    #[error(
        "no line holds an email address: it does not look like an address book (its first line: \"{first_line}\")"
    )]
    NoAddressAnywhere { first_line: String },
}

/// Whether a file that begins with `head` is mail (an mbox, or a single message) rather than an
/// address book.
pub fn is_mail(head: &[u8]) -> bool {
    detect(head) == Content::Mbox
}

/// Parses one file's bytes into records.
pub fn parse(bytes: &[u8], choice: FormatChoice) -> Result<Parsed, ImportError> {
    parse_into(bytes, choice, None)
}

/// Parses like [`parse`], but sends the records to `batches` as they are read (in file order,
/// in batches), so that another thread can store them meanwhile. Records this thread had time
/// to prepare (while the receiver was behind) go with what `prepare` made of them; the others
/// with `None`. Batches the receiver sends back on `returned` are freed here (and their room
/// reused): see [`Workspace::import_bytes`](crate::store::Workspace::import_bytes) for why.
/// The stream ends when the parse does: the sender is dropped on return, error or not. The
/// returned account has no records; everything else is there.
pub fn parse_streaming<T: Send + 'static>(
    bytes: &[u8],
    choice: FormatChoice,
    prepare: fn(&Record) -> T,
    batches: SyncSender<Batch<T>>,
    returned: Receiver<Batch<T>>,
) -> Result<Parsed, ImportError> {
    let stream = Batches {
        sender: batches,
        returned,
        prepare,
        batch: Vec::with_capacity(BATCH),
        closed: false,
    };
    parse_into(bytes, choice, Some(Box::new(stream)))
}

fn parse_into(
    bytes: &[u8],
    choice: FormatChoice,
    stream: Option<Stream>,
) -> Result<Parsed, ImportError> {
    if is_blank(bytes) {
        return Err(ImportError::Empty);
    }
    reject_binary_formats(bytes)?;
    let detected = detect(bytes);
    // A CSV layout forced on a file that is plainly something else is refused, not read as
    // rows of nothing.
    if !matches!(
        choice,
        FormatChoice::Auto | FormatChoice::Vcard | FormatChoice::Ldif | FormatChoice::Mbox
    ) {
        let what = match detected {
            Content::VCard => Some("a vCard file"),
            Content::Ldif => Some("an LDIF file"),
            Content::Mbox => Some("mail (an mbox)"),
            Content::Csv => None,
        };
        if let Some(what) = what {
            return Err(ImportError::WrongFormat {
                forced: choice.name(),
                why: format!("it is {what}; leave --format out to read it as one"),
            });
        }
    }
    // vCard forced on LDIF, and the other way round, is refused the same way.
    let clash = match (choice, detected) {
        (FormatChoice::Vcard, Content::Ldif) => Some("an LDIF file"),
        (FormatChoice::Ldif, Content::VCard) => Some("a vCard file"),
        (FormatChoice::Vcard | FormatChoice::Ldif, Content::Mbox) => Some("mail (an mbox)"),
        _ => None,
    };
    if let Some(what) = clash {
        return Err(ImportError::WrongFormat {
            forced: choice.name(),
            why: format!("it is {what}; leave --format out to read it as one"),
        });
    }
    let content = match choice {
        FormatChoice::Auto => detected,
        FormatChoice::Vcard => Content::VCard,
        FormatChoice::Ldif => Content::Ldif,
        FormatChoice::Mbox => Content::Mbox,
        FormatChoice::Google
        | FormatChoice::Outlook
        | FormatChoice::Thunderbird
        | FormatChoice::Linkedin
        | FormatChoice::Csv => Content::Csv,
    };
    let parsed = match content {
        Content::VCard => vcard::parse(bytes, stream),
        Content::Ldif => ldif::parse(bytes, stream),
        Content::Mbox => return Err(ImportError::MailArchive),
        Content::Csv => csv::parse(bytes, choice, stream)?,
    };
    let parsed = parsed.finish();
    // A file that was read but holds nobody is a failure with its reason, not a success with
    // zero records.
    if parsed.imported == 0 && parsed.connections.is_empty() && parsed.invitations.is_empty() {
        let cut_short =
            matches!(&parsed.skipped[..], [only] if only.reason == SkipReason::AddressCutShort);
        let why = match (parsed.broken.clone(), parsed.records_read) {
            (Some(broken), 0) => broken,
            (_, 1) if cut_short => NoContacts::OnlyAddressCutShort,
            _ => NoContacts::NoAddresses {
                records: parsed.records_read,
            },
        };
        return Err(ImportError::NoContacts {
            why,
            records_read: parsed.records_read,
            skipped: parsed.skipped,
            invalid: parsed.invalid,
        });
    }
    Ok(parsed)
}

/// How problems are listed under an import summary: at most this many, then a count.
pub const PROBLEMS_SHOWN: usize = 5;

impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.reason.describe())?;
        if !self.what.is_empty() {
            write!(f, " ({})", self.what)?;
        }
        Ok(())
    }
}

#[cfg(test)]
impl Parsed {
    /// Each skipped record's reason, and how the summary says it, for readers' tests.
    pub(crate) fn skip_reasons(&self) -> Vec<(SkipReason, String)> {
        self.skipped
            .iter()
            .map(|s| (s.reason.clone(), s.to_string()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The other way, a reader with room gets records unprepared, is what every streamed import
    /// in the tests does (tests/store.rs).
    #[test]
    fn a_streaming_parse_prepares_records_while_the_reader_has_no_room() {
        use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
        static PREPARED: AtomicUsize = AtomicUsize::new(0);
        fn prepare(record: &Record) -> String {
            PREPARED.fetch_add(1, SeqCst);
            record.display_name()
        }
        let mut csv = String::from("Name,E-mail 1 - Value\n");
        for i in 0..3000 {
            csv.push_str(&format!("P{i},p{i}@x.org\n"));
        }
        let bytes = csv.as_bytes();
        let whole = parse(bytes, FormatChoice::Auto).expect("parses");
        let received: Vec<(Record, Option<String>)> = std::thread::scope(|scope| {
            let (sender, batches) = std::sync::mpsc::sync_channel(0);
            let (_, returned) = std::sync::mpsc::channel();
            let parser = scope.spawn(move || {
                parse_streaming(bytes, FormatChoice::Auto, prepare, sender, returned)
            });
            // Nothing is received until a whole batch is prepared, which happens only because
            // there was no room for it. (A minute is only there to fail rather than hang.)
            let start = std::time::Instant::now();
            while PREPARED.load(SeqCst) < BATCH {
                if start.elapsed().as_secs() > 60 {
                    drop(batches);
                    panic!("the parser never prepared a batch it had no room for");
                }
                std::thread::yield_now();
            }
            let received = batches.iter().flatten().collect();
            parser.join().expect("no panic").expect("parses");
            received
        });
        assert!(
            received[..BATCH]
                .iter()
                .all(|(r, p)| p.as_ref() == Some(&r.display_name()))
        );
        assert!(
            received
                .iter()
                .all(|(r, p)| p.as_ref().is_none_or(|p| *p == r.display_name()))
        );
        let records: Vec<Record> = received.into_iter().map(|(r, _)| r).collect();
        assert_eq!(records, whole.records);
    }

    #[test]
    fn detects_by_content_not_name() {
        assert_eq!(
            detect(b"\r\n\r\nBEGIN:VCARD\r\nVERSION:2.1\r\n"),
            Content::VCard
        );
        assert_eq!(detect(b"begin:vcard\nfn:x\n"), Content::VCard);
        assert_eq!(detect(b"\xEF\xBB\xBFBEGIN:VCARD\n"), Content::VCard);
        assert_eq!(
            detect(b"dn: cn=Ada,mail=ada@x.org\nmail: ada@x.org\n"),
            Content::Ldif
        );
        assert_eq!(detect(b"version: 1\ndn: cn=Ada\n"), Content::Ldif);
        assert_eq!(
            detect(b"From ada@x.org Sat Jan  3 01:05:34 1996\nFrom: ada@x.org\n"),
            Content::Mbox
        );
        assert_eq!(
            detect(b"First Name,Last Name,E-mail Address\n"),
            Content::Csv
        );
        assert_eq!(detect(b"version,name\n1,Ada\n"), Content::Csv);
    }

    #[test]
    fn refuses_files_that_are_not_address_books() {
        assert_eq!(
            parse(b"  \n\n", FormatChoice::Auto).err(),
            Some(ImportError::Empty)
        );
        // Plain text without an address is not an address book (it was "no column holds
        // email addresses (its columns: hello world)").
        let Err(ImportError::NoContacts { why, .. }) =
            parse(b"hello world\nsecond line\n", FormatChoice::Auto)
        else {
            panic!("refused");
        };
        assert_eq!(
            why.to_string(),
            "no line holds an email address: it does not look like an address book (its first line: \"hello world\")"
        );
        for only_a_mark in [
            &b"\xef\xbb\xbf"[..],
            b"\xef\xbb\xbf\r\n",
            b"\xff\xfe\n\0",
            b"\xfe\xff",
        ] {
            assert_eq!(
                parse(only_a_mark, FormatChoice::Auto).err(),
                Some(ImportError::Empty),
                "{only_a_mark:?}"
            );
        }
        assert!(matches!(
            parse(b"PK\x03\x04rest", FormatChoice::Auto),
            Err(ImportError::NotAnAddressBook { .. })
        ));
        assert_eq!(
            parse(
                b"From x Sat Jan  3 01:05:34 1996\nFrom: x@y.z\n\nhi\n",
                FormatChoice::Auto
            )
            .err(),
            Some(ImportError::MailArchive)
        );
    }
}
