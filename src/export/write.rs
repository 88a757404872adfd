//! Writers: a [`Vetted`] list to bytes, and bytes to a file, atomically.
//!
//! Writers take a `Vetted`, never contacts, so they can only write what the policy let through.
//! Every output is built fresh from the workspace's fields (a vCard here is a new 3.0 card, not a
//! copy of whatever the source file held). Files appear whole or not at all: a temporary file in
//! the same folder, fsync, rename; created readable by the user only.

use std::io::{self, Write};
use std::os::unix::fs::OpenOptionsExt as _;
use std::path::{Path, PathBuf};

use atomic_write_file::OpenOptions;
use atomic_write_file::unix::OpenOptionsExt as _;

use super::policy::{ExportKind, Row, Vetted};

/// The file formats `vetted export` writes (the command line takes their names as they are).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// LinkedIn's own export layout: `First Name,Last Name,Email Address,Company,Position`.
    Csv,
    /// Fresh vCard 3.0 cards.
    Vcard,
    /// One address a line.
    Emails,
    /// Vaguely-known contacts with their note and a message draft, as CSV.
    Outreach,
}

impl ExportFormat {
    pub fn kind(self) -> ExportKind {
        match self {
            ExportFormat::Outreach => ExportKind::Outreach,
            _ => ExportKind::Invite,
        }
    }

    /// Formats a spreadsheet opens (CSV): cells that look like formulas matter there.
    pub fn is_spreadsheet(self) -> bool {
        matches!(self, ExportFormat::Csv | ExportFormat::Outreach)
    }

    /// What a file in this format holds, as a summary says it.
    pub fn describe(self) -> &'static str {
        match self {
            ExportFormat::Csv => "CSV in LinkedIn's layout",
            ExportFormat::Vcard => "vCard 3.0",
            ExportFormat::Emails => "one address a line",
            ExportFormat::Outreach => "outreach list: name, address, note, message draft",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Vcard => "vcard",
            ExportFormat::Emails => "emails",
            ExportFormat::Outreach => "outreach",
        }
    }
}

/// Export settings (the `[export]` section of the configuration).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// Contacts per invite batch: about a week of LinkedIn invitations.
    pub limit: usize,
    /// Contacts per outreach batch: a free LinkedIn account adds a personal note to about 5
    /// invitations a month.
    pub outreach_limit: usize,
    /// The longest personal note LinkedIn takes (free accounts).
    pub note_limit: usize,
    /// The outreach message draft; `{first_name}` and `{note}` are filled in.
    pub template: String,
    /// Prefix CSV cells a spreadsheet would run as a formula with `'`.
    pub neutralize_formulas: bool,
}

impl Settings {
    /// The most contacts one batch of `kind` takes.
    pub fn limit_for(&self, kind: ExportKind) -> usize {
        match kind {
            ExportKind::Invite => self.limit,
            ExportKind::Outreach => self.outreach_limit,
        }
    }
}

pub const DEFAULT_TEMPLATE: &str = "Hi {first_name}! {note} I'd be glad to stay in touch here.";

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            limit: 100,
            outreach_limit: 5,
            note_limit: 200,
            template: DEFAULT_TEMPLATE.to_string(),
            neutralize_formulas: true,
        }
    }
}

/// A rendered export, with what the outreach list flagged.
#[derive(Debug, Default)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    /// Outreach contacts without a note ("how we know each other").
    pub without_note: usize,
    /// Outreach drafts longer than the note limit.
    pub too_long: usize,
}

/// Writes `vetted` in `format`. The format must be one of the list's kind (the policy decided
/// who is in the list for exactly that kind).
pub fn render(vetted: &Vetted, format: ExportFormat, settings: &Settings) -> Rendered {
    debug_assert_eq!(
        vetted.kind(),
        format.kind(),
        "a list is rendered only in a format of its kind"
    );
    if vetted.kind() != format.kind() {
        return Rendered::default();
    }
    let mut rendered = Rendered::default();
    match format {
        ExportFormat::Csv => {
            let mut writer = CsvCells::new(settings.neutralize_formulas, 2);
            writer.row([
                "First Name",
                "Last Name",
                "Email Address",
                "Company",
                "Position",
            ]);
            for row in vetted.rows() {
                writer.row([
                    row.first_name.as_str(),
                    &row.last_name,
                    &row.address,
                    &row.organization,
                    &row.title,
                ]);
            }
            rendered.bytes = writer.finish();
        }
        ExportFormat::Vcard => {
            for row in vetted.rows() {
                write_card(&mut rendered.bytes, row);
            }
        }
        ExportFormat::Emails => {
            for row in vetted.rows() {
                rendered.bytes.extend_from_slice(row.address.as_bytes());
                rendered.bytes.push(b'\n');
            }
        }
        ExportFormat::Outreach => {
            let mut writer = CsvCells::new(settings.neutralize_formulas, 1);
            writer.row([
                "Name",
                "Email Address",
                "Company",
                "Note",
                "Message",
                "Characters",
                "Flags",
            ]);
            for row in vetted.rows() {
                let draft = draft(row, settings);
                rendered.without_note += usize::from(!draft.has_note);
                rendered.too_long += usize::from(draft.too_long);
                let characters = draft.characters.to_string();
                writer.row([
                    row.name.as_str(),
                    &row.address,
                    &row.organization,
                    &row.note,
                    &draft.message,
                    &characters,
                    &draft.flags,
                ]);
            }
            rendered.bytes = writer.finish();
        }
    }
    rendered
}

/// An outreach message and what is wrong with it.
#[derive(Debug, PartialEq, Eq)]
pub struct Draft {
    pub message: String,
    pub characters: usize,
    pub has_note: bool,
    pub too_long: bool,
    pub flags: String,
}

/// Fills the template for one contact. The note is a sentence of its own in the message: a
/// full stop is added where it ends without one, so it never runs into the template's next
/// words. The length is counted as a web form's `maxlength` counts it, in UTF-16 code units
/// (an emoji counts 2), so a draft within the limit fits LinkedIn's note box.
pub fn draft(row: &Row, settings: &Settings) -> Draft {
    let note = sentence(row.note.trim());
    let note = note.as_str();
    let filled = settings
        .template
        .replace("{first_name}", row.first_name.trim())
        .replace("{organization}", row.organization.trim())
        .replace("{last_subject}", row.last_subject.trim())
        .replace("{since_year}", row.since_year.trim())
        .replace("{note}", note);
    // An empty note leaves a double space behind; collapse runs of spaces, keep line breaks.
    let message = filled
        .lines()
        .map(|line| {
            line.split(' ')
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string();
    let characters = message.encode_utf16().count();
    let has_note = !note.is_empty();
    let too_long = characters > settings.note_limit;
    let mut flags = Vec::new();
    if !has_note {
        flags.push("no note: write how you know each other".to_string());
    }
    // A placeholder the template uses that has nothing to say for this contact leaves a hole
    // in the message ("since  at ,"): said, so the draft is edited before it is sent.
    let empty: Vec<&str> = [
        ("{organization}", row.organization.trim()),
        ("{last_subject}", row.last_subject.trim()),
        ("{since_year}", row.since_year.trim()),
        ("{first_name}", row.first_name.trim()),
    ]
    .into_iter()
    .filter(|(placeholder, value)| value.is_empty() && settings.template.contains(placeholder))
    .map(|(placeholder, _)| placeholder)
    .collect();
    if !empty.is_empty() {
        flags.push(format!("nothing for {}: edit the draft", empty.join(", ")));
    }
    if too_long {
        flags.push(format!(
            "{characters} characters, over the {} limit",
            settings.note_limit
        ));
    }
    Draft {
        message,
        characters,
        has_note,
        too_long,
        flags: flags.join("; "),
    }
}

/// `text` ending as a sentence does: with `.`, `!`, `?` or `…` (perhaps inside a closing quote or
/// bracket); a full stop is added to anything else that is not empty.
fn sentence(text: &str) -> String {
    // It begins as a sentence does, too ("met at the wedding" after "Hi Eve!").
    let mut chars = text.chars();
    let text = match chars.next() {
        Some(first) if first.is_lowercase() => first.to_uppercase().chain(chars).collect(),
        _ => text.to_string(),
    };
    let end = text.trim_end_matches(['"', '\'', ')', ']', '”', '’', '»']);
    if text.is_empty() || end.ends_with(['.', '!', '?', '…']) {
        text
    } else {
        format!("{text}.")
    }
}

/// CSV rows, with formula neutralising for every cell but the address, which is written
/// exactly (the policy keeps addresses a spreadsheet would run out of CSV files).
struct CsvCells {
    writer: csv::Writer<Vec<u8>>,
    neutralize: bool,
    /// The column that holds the address.
    address: usize,
}

impl CsvCells {
    fn new(neutralize: bool, address: usize) -> CsvCells {
        CsvCells {
            writer: csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .from_writer(Vec::new()),
            neutralize,
            address,
        }
    }

    fn row<'a>(&mut self, cells: impl IntoIterator<Item = &'a str>) {
        let cells: Vec<std::borrow::Cow<'a, str>> = cells
            .into_iter()
            .enumerate()
            .map(|(column, cell)| {
                if self.neutralize && column != self.address {
                    neutralize_formula(cell)
                } else {
                    cell.into()
                }
            })
            .collect();
        // Writing to a Vec cannot fail.
        let _ = self.writer.write_record(cells.iter().map(|c| c.as_bytes()));
    }

    fn finish(self) -> Vec<u8> {
        self.writer.into_inner().unwrap_or_default()
    }
}

/// A cell a spreadsheet would evaluate (`=`, `+`, `-`, `@`, tab, carriage return first) gets a
/// leading `'`, which spreadsheets show as text. OWASP's advice for CSV injection.
pub fn neutralize_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    if super::policy::runs_as_formula(cell) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

fn escape_vcard(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            other => out.push(other),
        }
    }
    out
}

/// Writes a content line, folded at 75 octets without splitting a character (RFC 2426).
fn content_line(out: &mut Vec<u8>, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.extend_from_slice(b"\r\n ");
            width = 1;
        }
        let mut buffer = [0u8; 4];
        out.extend_from_slice(c.encode_utf8(&mut buffer).as_bytes());
        width += len;
    }
    out.extend_from_slice(b"\r\n");
}

fn write_card(out: &mut Vec<u8>, row: &Row) {
    content_line(out, "BEGIN:VCARD");
    content_line(out, "VERSION:3.0");
    content_line(out, &format!("FN:{}", escape_vcard(&row.name)));
    content_line(
        out,
        &format!(
            "N:{};{};;;",
            escape_vcard(&row.last_name),
            escape_vcard(&row.first_name)
        ),
    );
    content_line(out, &format!("EMAIL;TYPE=INTERNET:{}", row.address));
    content_line(out, &format!("UID:{}", row.uid));
    if !row.organization.is_empty() {
        content_line(out, &format!("ORG:{}", escape_vcard(&row.organization)));
    }
    if !row.title.is_empty() {
        content_line(out, &format!("TITLE:{}", escape_vcard(&row.title)));
    }
    content_line(out, "END:VCARD");
}

/// Why an export file could not be written. Nothing is left behind and nothing is recorded.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("{} already exists; use --force to replace it", path.display())]
    Exists { path: PathBuf },
    #[error("{} is a folder; name a file to write", path.display())]
    IsFolder { path: PathBuf },
    #[error("{} is {what}; vetted only writes regular files", path.display())]
    NotRegular { path: PathBuf, what: &'static str },
    /// `reason` already says what `io` means, so `io` is kept out of the error chain.
    #[error("cannot write {}: {reason}", path.display())]
    Write {
        path: PathBuf,
        reason: String,
        io: io::Error,
    },
}

/// Writes `bytes` to `path` atomically, mode 0600. An existing file is replaced only with
/// `force`, and only if it is a regular file: the rename would otherwise replace a device node,
/// a pipe or a symbolic link itself (not what it points to).
pub fn save(path: &Path, bytes: &[u8], force: bool) -> Result<(), SaveError> {
    if let Ok(metadata) = std::fs::symlink_metadata(path) {
        let kind = metadata.file_type();
        let what = if kind.is_dir() {
            return Err(SaveError::IsFolder {
                path: path.to_path_buf(),
            });
        } else if kind.is_symlink() {
            "a symbolic link (name the file it points to)"
        } else if !kind.is_file() {
            "a device, pipe or socket"
        } else if !force {
            return Err(SaveError::Exists {
                path: path.to_path_buf(),
            });
        } else {
            ""
        };
        if !what.is_empty() {
            return Err(SaveError::NotRegular {
                path: path.to_path_buf(),
                what,
            });
        }
    }
    let write_error = |source: io::Error| {
        let folder = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let reason = match source.kind() {
            io::ErrorKind::NotFound => format!("the folder {} does not exist", folder.display()),
            io::ErrorKind::PermissionDenied => {
                format!("no permission to write in {}", folder.display())
            }
            io::ErrorKind::StorageFull => "the disk is full".to_string(),
            io::ErrorKind::ReadOnlyFilesystem => "the file system is read-only".to_string(),
            _ => source.to_string(),
        };
        SaveError::Write {
            path: path.to_path_buf(),
            reason,
            io: source,
        }
    };
    let mut options = OpenOptions::new();
    options.preserve_mode(false).mode(0o600);
    let mut file = options.open(path).map_err(write_error)?;
    file.write_all(bytes).map_err(write_error)?;
    file.commit().map_err(write_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        for cell in ["=1+1", "+44 20", "-5", "@SUM(A1)", "\tx", "\rx"] {
            assert!(neutralize_formula(cell).starts_with('\''), "{cell:?}");
        }
        for cell in ["Ada", "ada@example.org", "", "1+1", "O'Brien"] {
            assert_eq!(neutralize_formula(cell), cell);
        }
    }

    #[test]
    fn vcard_lines_fold_at_75_octets_on_character_boundaries() {
        let mut out = Vec::new();
        let long = format!("FN:{}", "Ünïcödé ".repeat(20));
        content_line(&mut out, &long);
        let text = String::from_utf8(out).expect("still UTF-8");
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        }
        assert_eq!(
            text.replace("\r\n ", "").strip_suffix("\r\n"),
            Some(long.as_str())
        );
    }

    #[test]
    fn drafts_fill_the_template_and_flag_problems() {
        let settings = Settings::default();
        let mut row = Row {
            id: crate::contact::ContactId(1),
            name: "Ada Lovelace".into(),
            first_name: "Ada".into(),
            last_name: "Lovelace".into(),
            organization: String::new(),
            title: String::new(),
            address: "ada@example.org".into(),
            note: "We met at the Analytical Society.".into(),
            uid: String::new(),
            last_subject: String::new(),
            since_year: String::new(),
        };
        let good = draft(&row, &settings);
        assert_eq!(
            good.message,
            "Hi Ada! We met at the Analytical Society. I'd be glad to stay in touch here."
        );
        assert_eq!(good.flags, "");
        row.note.clear();
        let bare = draft(&row, &settings);
        assert_eq!(bare.message, "Hi Ada! I'd be glad to stay in touch here.");
        assert!(!bare.has_note && bare.flags.starts_with("no note"));
        row.note = "x".repeat(190);
        let long = draft(&row, &settings);
        assert!(
            long.too_long && long.flags.contains("over the 200 limit"),
            "{}",
            long.flags
        );
        row.note = "Great talk.".into();
        row.organization = " Analytical Engines ".into();
        let with_organization = Settings {
            template: "Hi {first_name}! {note} How is {organization}?".into(),
            ..Settings::default()
        };
        assert_eq!(
            draft(&row, &with_organization).message,
            "Hi Ada! Great talk. How is Analytical Engines?"
        );
        row.last_subject = "Engines".into();
        row.since_year = "2019".into();
        let from_mail = Settings {
            template: "Hi {first_name}, since {since_year}: {last_subject}?".into(),
            ..Settings::default()
        };
        assert_eq!(
            draft(&row, &from_mail).message,
            "Hi Ada, since 2019: Engines?"
        );
        // A placeholder with nothing to say is flagged; a note begins as a sentence.
        row.since_year.clear();
        row.note = "met at the wedding".into();
        let holed = draft(&row, &from_mail);
        assert!(
            holed
                .flags
                .contains("nothing for {since_year}: edit the draft"),
            "{}",
            holed.flags
        );
        let capital = draft(&row, &Settings::default());
        assert!(
            capital.message.starts_with("Hi Ada! Met at the wedding."),
            "{}",
            capital.message
        );
    }

    #[test]
    fn a_note_is_a_sentence_of_its_own_and_length_counts_utf16() {
        let settings = Settings::default();
        let row = |note: &str| Row {
            id: crate::contact::ContactId(1),
            name: "Ada Lovelace".into(),
            first_name: "Ada".into(),
            last_name: "Lovelace".into(),
            organization: String::new(),
            title: String::new(),
            address: "ada@example.org".into(),
            note: note.into(),
            uid: String::new(),
            last_subject: String::new(),
            since_year: String::new(),
        };
        assert_eq!(
            draft(&row("We met at the Accra hackathon"), &settings).message,
            "Hi Ada! We met at the Accra hackathon. I'd be glad to stay in touch here."
        );
        for ended in [
            "Great talk!",
            "Remember me?",
            "You said \"see you.\"",
            "(Lisbon, 2019.)",
        ] {
            let message = draft(&row(ended), &settings).message;
            assert!(message.contains(&format!(" {ended} I'd")), "{message}");
        }
        let bare = draft(&row("   "), &settings);
        assert_eq!(bare.message, "Hi Ada! I'd be glad to stay in touch here.");
        // "Hi Ada! 🎉. ..." is 45 characters and 46 UTF-16 units.
        let emoji = draft(&row("🎉"), &settings);
        assert_eq!(emoji.message.chars().count(), 45);
        assert_eq!(emoji.characters, 46);
    }
}
