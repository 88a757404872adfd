//! CSV address books: Google (current and legacy), Outlook, Thunderbird, Yahoo, Windows Address
//! Book, LinkedIn connections, and anything else with a name and an address column.
//!
//! Rather than one parser per exporter, every file goes through one reader that gives each column
//! a *role* (address, given name, organization, ...) from its header. Exporters differ in header
//! spelling, order, language and delimiter, not in meaning, so synonyms (including localized ones,
//! compared without case, accents or punctuation) carry most of the weight. Where the header says
//! nothing useful, or there is no header, the columns whose values parse as addresses are the
//! address columns. The flavour name is only for the summary, and to know that a LinkedIn
//! `Connections.csv` lists people already connected rather than contacts to review.

use ::csv::{ReaderBuilder, StringRecord, Trim};

use super::{FormatChoice, ImportError, Parsed, encoding};
use crate::contact::{Location, Record, join_words, parse_address};
use crate::import::Format;
use crate::text::{fold, single_line};

/// A person from a LinkedIn `Connections.csv`: already connected, so never to be invited.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Connection {
    pub location: Location,
    pub first_name: String,
    pub last_name: String,
    /// Most exports leave this empty: LinkedIn only includes addresses members chose to share.
    pub address: Option<String>,
    pub company: String,
    pub position: String,
    pub connected_on: String,
}

/// One row of LinkedIn's `Invitations.csv`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invitation {
    pub location: Location,
    /// The invitee's name as LinkedIn wrote it (`To`).
    pub to: String,
    /// As written (`1/29/26, 2:37 PM`).
    pub sent_at: String,
    pub message: String,
    /// Sent by the user (`OUTGOING`), not to them.
    pub outgoing: bool,
    /// The invitee's profile (newer exports only), where the invitation can be withdrawn.
    pub invitee_url: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Email,
    /// An address's type or label column (`E-mail 1 - Label`); a value starting with `*` marks
    /// the address in the next address column as the primary one (Google).
    EmailLabel,
    Given,
    Middle,
    Family,
    Formatted,
    FileAs,
    Organization,
    Title,
    ConnectedOn,
    Ignore,
}

/// Header synonyms, compared after [`header_key`] (lower case, no accents, letters and digits
/// only). English first, then the languages Outlook and Thunderbird are most used in.
const SYNONYMS: &[(Role, &[&str])] = &[
    (
        Role::Given,
        &[
            "firstname",
            "givenname",
            "first",
            "forename",
            "vorname",
            "prenom",
            "nombre",
            "nome",
            "primeironome",
            "voornaam",
            "fornamn",
            "fornavn",
            "etunimi",
            "imie",
            "jmeno",
            "имя",
            "名",
            "이름",
        ],
    ),
    (
        Role::Middle,
        &[
            "middlename",
            "additionalname",
            "middle",
            "weiterevornamen",
            "zweitername",
            "deuxiemeprenom",
            "secondprenom",
            "segundonombre",
            "secondonome",
            "tussenvoegsel",
            "mellannamn",
            "mellomnavn",
            "отчество",
        ],
    ),
    (
        Role::Family,
        &[
            "lastname",
            "familyname",
            "surname",
            "last",
            "nachname",
            "familienname",
            "nom",
            "apellidos",
            "apellido",
            "cognome",
            "sobrenome",
            "achternaam",
            "efternamn",
            "etternavn",
            "efternavn",
            "sukunimi",
            "nazwisko",
            "prijmeni",
            "фамилия",
            "姓",
            "성",
        ],
    ),
    (
        Role::Formatted,
        &[
            "displayname",
            "name",
            "fullname",
            "contactname",
            "anzeigename",
            "vollstandigername",
            "nomcomplet",
            "nomaafficher",
            "nombrecompleto",
            "nombreparamostrar",
            "nomecompleto",
            "nomevisualizzato",
            "weergavenaam",
            "visningsnamn",
            "visningsnavn",
            "nazwawyswietlana",
            "表示名",
            "显示名称",
            "顯示名稱",
        ],
    ),
    (
        Role::FileAs,
        &[
            "fileas",
            "speichernunter",
            "classersous",
            "archivarcomo",
            "archiviacome",
            "opslaanals",
        ],
    ),
    (
        Role::Organization,
        &[
            "company",
            "companyname",
            "organization",
            "organisation",
            "organizationname",
            "organisationname",
            "organization1name",
            "firma",
            "firmenname",
            "unternehmen",
            "societe",
            "entreprise",
            "organisme",
            "empresa",
            "compania",
            "azienda",
            "societa",
            "organizzazione",
            "bedrijf",
            "organisatie",
            "foretag",
            "organisasjon",
            "yritys",
            "organizacja",
            "организация",
            "компания",
            "会社",
            "会社名",
            "公司",
            "회사",
        ],
    ),
    (
        Role::Title,
        &[
            "jobtitle",
            "organizationtitle",
            "organization1title",
            "position",
            "positie",
            "berufsbezeichnung",
            "position",
            "fonction",
            "titredelemploi",
            "puesto",
            "cargo",
            "posizione",
            "qualifica",
            "functie",
            "befattning",
            "stilling",
            "tehtava",
            "stanowisko",
            "должность",
            "役職",
            "职务",
            "職稱",
        ],
    ),
    (Role::ConnectedOn, &["connectedon"]),
];

/// Words meaning "email" in address-column headers, matched as substrings of the header key.
const EMAIL_WORDS: &[&str] = &[
    "mail",
    "correo",
    "courriel",
    "messagerie",
    "postaelettronica",
    "epost",
    "sahkoposti",
    "почт",
    "メール",
    "邮件",
    "郵件",
    "메일",
];

/// Headers that mention email but describe it rather than hold it: a type, a label, a display
/// name ("E-mail Display Name" holds `John Smith (john@example.com)`).
const EMAIL_DESCRIPTIONS: &[&str] = &["type", "typ", "tipo", "label", "etikett", "kind"];
const EMAIL_NOT_ADDRESS: &[&str] = &[
    "display",
    "anzeige",
    "angezeigt",
    "affich",
    "visualiz",
    "mostrar",
    "weergave",
    "visning",
    "name",
    "nom",
    "mailing",
    "street",
    "format",
    "html",
    "usehtml",
];

/// Lower-cased, accent-folded, letters and digits only: "E-mail 1 - Value" -> "email1value",
/// "Prénom" -> "prenom".
fn header_key(header: &str) -> String {
    fold(header.trim_start_matches('\u{feff}'))
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Header cells are names, not sentences: LinkedIn's preamble says "some of the email addresses
/// are missing", which must not make it a header with an address column.
const MAX_HEADER_CHARS: usize = 48;

fn role_of(header: &str) -> Role {
    let key = header_key(header);
    if key.is_empty() || header.chars().count() > MAX_HEADER_CHARS {
        return Role::Ignore;
    }
    if EMAIL_WORDS.iter().any(|w| key.contains(w)) {
        if EMAIL_DESCRIPTIONS.iter().any(|w| key.contains(w)) {
            return Role::EmailLabel;
        }
        if !EMAIL_NOT_ADDRESS.iter().any(|w| key.contains(w)) {
            return Role::Email;
        }
        return Role::Ignore;
    }
    for (role, words) in SYNONYMS {
        if words.contains(&key.as_str()) {
            return *role;
        }
    }
    // Google's numbered groups: "Organization 2 - Name", "Organization 2 - Title".
    if let Some(rest) = key.strip_prefix("organization")
        && rest.starts_with(|c: char| c.is_ascii_digit())
    {
        if rest.ends_with("name") {
            return Role::Organization;
        }
        if rest.ends_with("title") {
            return Role::Title;
        }
    }
    Role::Ignore
}

fn flavour(keys: &[String], choice: FormatChoice) -> Result<Format, ImportError> {
    let has = |k: &str| keys.iter().any(|h| h == k);
    let google_value = keys.iter().any(|h| {
        h.strip_prefix("email")
            .and_then(|rest| rest.strip_suffix("value"))
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
    });
    let google = || {
        if has("givenname") {
            Format::GoogleLegacyCsv
        } else {
            Format::GoogleCsv
        }
    };
    let detected = if has("connectedon") {
        Format::LinkedInConnections
    } else if google_value {
        google()
    } else if has("primaryemail") {
        Format::ThunderbirdCsv
    } else if has("yahooid") || has("alternateemail1") {
        Format::YahooCsv
    } else if has("emailaddress")
        && (has("email2address") || has("emaildisplayname") || has("emailtype"))
    {
        Format::OutlookCsv
    } else if has("emailaddress") && has("name") {
        Format::WindowsAddressBookCsv
    } else {
        Format::GenericCsv
    };
    Ok(match choice {
        FormatChoice::Google => google(),
        FormatChoice::Outlook => Format::OutlookCsv,
        FormatChoice::Thunderbird => Format::ThunderbirdCsv,
        FormatChoice::Linkedin => Format::LinkedInConnections,
        FormatChoice::Csv => Format::GenericCsv,
        _ => detected,
    })
}

/// LinkedIn's `Invitations.csv`: `From,To,Sent At,Message,Direction[,...]`.
fn is_invitations_header(line: &str) -> bool {
    let keys: Vec<String> = split_line(line, b',')
        .iter()
        .map(|c| header_key(c))
        .collect();
    keys.iter().any(|k| k == "direction") && keys.iter().any(|k| k == "sentat")
}

const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];
/// How far down the file a header row is looked for (LinkedIn puts a preamble first).
const HEADER_SEARCH_LINES: usize = 60;
/// Rows read ahead to learn which columns hold addresses.
const SAMPLE_ROWS: usize = 200;

/// Splits one physical line into cells (RFC 4180 quoting). Used on the first lines only, to
/// find the header and the delimiter, where building a full csv reader per try would cost more
/// than the whole rest of a small file.
fn split_line(line: &str, delimiter: u8) -> Vec<String> {
    let delimiter = char::from(delimiter);
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut chars = line.chars().peekable();
    let mut quoted = false;
    let mut at_start = true;
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    cell.push('"');
                } else {
                    quoted = false;
                }
            } else {
                cell.push(c);
            }
        } else if c == '"' && at_start {
            quoted = true;
            at_start = false;
        } else if c == delimiter {
            cells.push(std::mem::take(&mut cell));
            at_start = true;
        } else {
            cell.push(c);
            at_start = false;
        }
    }
    cells.push(cell);
    cells
}

/// A line and where it starts.
struct LineAt<'a> {
    text: &'a str,
    offset: usize,
    number: u64,
}

fn first_lines(text: &str, count: usize) -> Vec<LineAt<'_>> {
    let mut out = Vec::new();
    let mut offset = 0;
    for (index, line) in text.split_inclusive('\n').take(count).enumerate() {
        out.push(LineAt {
            text: line.trim_end_matches(['\n', '\r']),
            offset,
            number: index as u64 + 1,
        });
        offset += line.len();
    }
    out
}

struct Header {
    line: u64,
    offset: usize,
    delimiter: u8,
    cells: Vec<String>,
    roles: Vec<Role>,
}

/// Finds the header row: the first line (within the first lines of the file) that, split by some
/// delimiter, names an address column, or names two known columns and holds no address itself.
fn find_header(lines: &[LineAt<'_>]) -> Option<Header> {
    for line in lines.iter().filter(|l| !l.text.trim().is_empty()) {
        let mut best: Option<(usize, Header)> = None;
        for delimiter in DELIMITERS {
            if !line.text.as_bytes().contains(&delimiter) && delimiter != b',' {
                continue;
            }
            let cells = split_line(line.text, delimiter);
            if cells.iter().any(|c| parse_address(c).is_ok()) {
                continue;
            }
            let roles: Vec<Role> = cells.iter().map(|c| role_of(c)).collect();
            let known = roles.iter().filter(|r| **r != Role::Ignore).count();
            let has_email = roles.contains(&Role::Email);
            if (has_email || known >= 2) && best.as_ref().is_none_or(|(score, _)| known > *score) {
                let header = Header {
                    line: line.number,
                    offset: line.offset,
                    delimiter,
                    cells,
                    roles,
                };
                best = Some((known, header));
            }
        }
        if let Some((_, header)) = best {
            return Some(header);
        }
    }
    None
}

/// For files without a usable header: the delimiter that splits the first lines most evenly.
fn sniff_delimiter(lines: &[LineAt<'_>]) -> u8 {
    let sample: Vec<&str> = lines
        .iter()
        .map(|l| l.text)
        .filter(|t| !t.trim().is_empty())
        .take(10)
        .collect();
    let mut best = (b',', 0usize);
    for delimiter in DELIMITERS {
        let counts: Vec<usize> = sample
            .iter()
            .map(|line| split_line(line, delimiter).len().saturating_sub(1))
            .collect();
        let min = counts.iter().copied().min().unwrap_or(0);
        if min > best.1 {
            best = (delimiter, min);
        }
    }
    best.0
}

fn reader(text: &str, delimiter: u8) -> ::csv::Reader<&[u8]> {
    ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .trim(Trim::None)
        .from_reader(text.as_bytes())
}

/// Counts, per column, non-empty values and values that are addresses, over the first rows.
fn address_columns(text: &str, delimiter: u8) -> Vec<(usize, usize)> {
    let mut stats: Vec<(usize, usize)> = Vec::new();
    for record in reader(text, delimiter)
        .records()
        .take(SAMPLE_ROWS)
        .flatten()
    {
        if stats.len() < record.len() {
            stats.resize(record.len(), (0, 0));
        }
        for (column, value) in record.iter().enumerate() {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            stats[column].0 += 1;
            if value
                .split(":::")
                .any(|v| parse_address(v.trim().trim_start_matches("* ")).is_ok())
            {
                stats[column].1 += 1;
            }
        }
    }
    stats
}

/// Whether a column looks like it holds addresses (or Exchange names standing in for them).
fn looks_like_addresses(text: &str, delimiter: u8, column: usize) -> bool {
    let mut seen_value = false;
    for record in reader(text, delimiter)
        .records()
        .take(SAMPLE_ROWS)
        .flatten()
    {
        let value = record.get(column).unwrap_or("").trim();
        if value.is_empty() {
            continue;
        }
        seen_value = true;
        if value.contains('@')
            || value
                .get(..3)
                .is_some_and(|p| p.eq_ignore_ascii_case("/o="))
        {
            return true;
        }
    }
    !seen_value
}

pub(super) fn parse(
    bytes: &[u8],
    choice: FormatChoice,
    stream: Option<super::Stream>,
) -> Result<Parsed, ImportError> {
    let decoded = encoding::decode(bytes);
    let text: &str = &decoded.text;
    let lines = first_lines(text, HEADER_SEARCH_LINES);
    if let Some(header) = lines
        .iter()
        .take(5)
        .find(|line| is_invitations_header(line.text))
    {
        return Ok(invitations(text, header, decoded.describe()));
    }

    let (delimiter, start_offset, start_line, mut roles, header_keys, skip_first) =
        match find_header(&lines) {
            Some(header) => {
                let keys: Vec<String> = header.cells.iter().map(|c| header_key(c)).collect();
                (
                    header.delimiter,
                    header.offset,
                    header.line,
                    header.roles,
                    keys,
                    true,
                )
            }
            None => (sniff_delimiter(&lines), 0, 1, Vec::new(), Vec::new(), false),
        };
    let format = flavour(&header_keys, choice)?;
    if !skip_first
        && matches!(
            choice,
            FormatChoice::Google | FormatChoice::Outlook | FormatChoice::Linkedin
        )
    {
        return Err(ImportError::WrongFormat {
            forced: match choice {
                FormatChoice::Google => "google",
                FormatChoice::Outlook => "outlook",
                _ => "linkedin",
            },
            why: "no header row naming its columns was found".into(),
        });
    }
    let body = &text[start_offset..];

    // Header columns named like addresses whose values never look like one (a "Mail Merge" flag,
    // say) are not address columns.
    for (column, role) in roles.iter_mut().enumerate() {
        if *role == Role::Email
            && !looks_like_addresses(body_after_header(body, skip_first), delimiter, column)
        {
            *role = Role::Ignore;
        }
    }
    // Without an address column from the header, the content decides.
    let mut first_row_is_header = skip_first;
    if !roles.contains(&Role::Email) {
        let stats = address_columns(body, delimiter);
        if roles.len() < stats.len() {
            roles.resize(stats.len(), Role::Ignore);
        }
        for (column, (values, addresses)) in stats.iter().enumerate() {
            if *addresses > 0 && addresses * 2 >= *values {
                roles[column] = Role::Email;
            }
        }
        if !roles
            .iter()
            .any(|r| matches!(r, Role::Given | Role::Family | Role::Formatted))
        {
            // The first column with text that is not an address is the name.
            if let Some(column) = (0..roles.len()).find(|c| {
                roles[*c] == Role::Ignore && stats.get(*c).is_some_and(|(values, _)| *values > 0)
            }) {
                roles[column] = Role::Formatted;
            }
        }
        // A first row without any address above rows that have them is a header in a
        // language vetted does not know, not a person.
        if !first_row_is_header {
            first_row_is_header = reader(body, delimiter)
                .records()
                .next()
                .and_then(Result::ok)
                .is_some_and(|first| {
                    roles.contains(&Role::Email)
                        && !first.iter().any(|v| parse_address(v).is_ok())
                        && first.iter().any(|v| !v.trim().is_empty())
                        && stats.iter().any(|(_, a)| *a > 0)
                });
        }
    }

    let mut parsed = Parsed::new(format, decoded.describe(), stream);
    let mut lines = LineCounter::new(body, start_line);
    let mut rows = reader(body, delimiter).into_records();
    if first_row_is_header {
        rows.next();
    }
    for row in rows {
        let row = match row {
            Ok(row) => row,
            // The csv crate only fails on invalid UTF-8, which decoding has ruled out, and
            // on I/O errors, which a byte slice cannot have. Stop rather than loop.
            Err(_) => break,
        };
        if row.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        let location = Location::line(
            lines.line_at(
                row.position()
                    .map_or(0, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX)),
            ),
        );
        if format == Format::LinkedInConnections {
            let connection = connection(&mut parsed, &row, &roles, location);
            parsed.records_read += 1;
            parsed.connections.push(connection);
            continue;
        }
        let (record, had_invalid) = record(&mut parsed, &row, &roles, location);
        parsed.push(record, had_invalid);
    }
    Ok(parsed)
}

/// LinkedIn's `Invitations.csv`, from its header row on: who was invited, when, and which way.
fn invitations(text: &str, header: &LineAt<'_>, encoding: String) -> Parsed {
    let keys: Vec<String> = split_line(header.text, b',')
        .iter()
        .map(|c| header_key(c))
        .collect();
    let column = |name: &str| keys.iter().position(|k| k == name);
    let (to, sent_at, message, direction, url) = (
        column("to"),
        column("sentat"),
        column("message"),
        column("direction"),
        column("inviteeprofileurl"),
    );
    let mut parsed = Parsed::new(Format::LinkedInInvitations, encoding, None);
    let body = &text[header.offset..];
    let mut lines = LineCounter::new(body, header.number);
    for row in reader(body, b',').into_records().skip(1) {
        let Ok(row) = row else { break };
        if row.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        let cell = |at: Option<usize>| {
            at.and_then(|i| row.get(i))
                .map(|v| single_line(v.trim()))
                .unwrap_or_default()
        };
        let location = Location::line(
            lines.line_at(
                row.position()
                    .map_or(0, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX)),
            ),
        );
        parsed.records_read += 1;
        parsed.invitations.push(Invitation {
            location,
            to: cell(to),
            sent_at: cell(sent_at),
            message: cell(message),
            outgoing: cell(direction).eq_ignore_ascii_case("outgoing"),
            invitee_url: cell(url),
        });
    }
    parsed
}

/// Line numbers from byte offsets. The csv crate's own line count lags by one after a CRLF
/// record terminator, so records are located by counting line breaks up to their first byte.
struct LineCounter<'a> {
    bytes: &'a [u8],
    break_byte: u8,
    offset: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str, first_line: u64) -> LineCounter<'a> {
        let bytes = text.as_bytes();
        // Files with old Mac line endings break lines with CR alone.
        let break_byte = if bytes.contains(&b'\n') { b'\n' } else { b'\r' };
        LineCounter {
            bytes,
            break_byte,
            offset: 0,
            line: first_line,
        }
    }

    /// The line on which the record starting at byte `offset` begins (offsets only grow).
    fn line_at(&mut self, mut offset: usize) -> u64 {
        // After a CR terminator, the record's reported start is the LF that completes it.
        while self
            .bytes
            .get(offset)
            .is_some_and(|b| *b == b'\n' || *b == b'\r')
        {
            offset += 1;
        }
        let offset = offset.min(self.bytes.len());
        if offset > self.offset {
            let breaks = self.bytes[self.offset..offset]
                .iter()
                .filter(|b| **b == self.break_byte)
                .count();
            self.line += breaks as u64;
            self.offset = offset;
        }
        self.line
    }
}

fn body_after_header(body: &str, skip_first: bool) -> &str {
    if !skip_first {
        return body;
    }
    // The header is one physical line (it was found line by line).
    body.split_once('\n').map_or("", |(_, rest)| rest)
}

fn cell(row: &StringRecord, column: usize) -> &str {
    row.get(column).unwrap_or("").trim()
}

/// Builds a record from a row; returns it with whether invalid address values were found.
fn record(
    parsed: &mut Parsed,
    row: &StringRecord,
    roles: &[Role],
    location: Location,
) -> (Record, bool) {
    let mut record = Record {
        location,
        ..Record::default()
    };
    let mut middle = String::new();
    let mut had_invalid = false;
    let mut next_is_primary = false;
    for (column, role) in roles.iter().enumerate() {
        let value = cell(row, column);
        match role {
            Role::Email => {
                for part in cell_parts(value) {
                    let part = part.trim();
                    let (part, starred) = match part.strip_prefix('*') {
                        Some(rest) => (rest.trim(), true),
                        None => (part, false),
                    };
                    if !parsed.offer_address(&mut record, part, starred || next_is_primary) {
                        had_invalid = true;
                    }
                }
                next_is_primary = false;
            }
            Role::EmailLabel => next_is_primary = value.starts_with('*'),
            Role::Given => set_once(&mut record.given_name, value),
            Role::Middle => set_once(&mut middle, value),
            Role::Family => set_once(&mut record.family_name, value),
            Role::Formatted => set_once(&mut record.formatted_name, value),
            Role::FileAs => set_once(&mut record.file_as, value),
            Role::Organization => set_once(&mut record.organization, value),
            Role::Title => set_once(&mut record.title, value),
            Role::ConnectedOn | Role::Ignore => {}
        }
    }
    if record.formatted_name.is_empty() && !middle.is_empty() {
        record.formatted_name = join_words([
            record.given_name.as_str(),
            middle.as_str(),
            record.family_name.as_str(),
        ]);
    }
    // A row without an address is skipped, and the summary names it; a row with one always
    // has a name (the address's local part at least).
    if record.addresses.is_empty() && record.display_name().is_empty() {
        // Something to recognise a skipped row by.
        record.file_as = row
            .iter()
            .map(str::trim)
            .find(|v| !v.is_empty())
            .map(single_line)
            .unwrap_or_default();
    }
    (record, had_invalid)
}

fn connection(
    parsed: &mut Parsed,
    row: &StringRecord,
    roles: &[Role],
    location: Location,
) -> Connection {
    let (record, _) = record(parsed, row, roles, location);
    let connected_on = roles
        .iter()
        .position(|r| *r == Role::ConnectedOn)
        .map(|c| cell(row, c).to_string())
        .unwrap_or_default();
    Connection {
        location,
        first_name: record.given_name,
        last_name: record.family_name,
        address: record.addresses.into_iter().next(),
        company: record.organization,
        position: record.title,
        connected_on,
    }
}

/// The values in one cell: Google joins several addresses with ` ::: `. Most cells hold one
/// value or none, so `:::` is only looked for where there is a colon.
fn cell_parts(value: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(value);
    std::iter::from_fn(move || {
        let current = rest.take()?;
        match current
            .contains(':')
            .then(|| current.split_once(":::"))
            .flatten()
        {
            Some((part, more)) => {
                rest = Some(more);
                Some(part)
            }
            None => Some(current),
        }
    })
}

fn set_once(field: &mut String, value: &str) {
    if field.is_empty() && !value.is_empty() {
        *field = single_line(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::SkipReason;

    proptest::proptest! {
        #[test]
        fn cell_parts_splits_as_split_does(value in "[a: ]{0,12}") {
            let parts: Vec<&str> = cell_parts(&value).collect();
            proptest::prop_assert_eq!(parts, value.split(":::").collect::<Vec<_>>());
        }
    }

    fn parse_text(text: &str) -> Parsed {
        parse(text.as_bytes(), FormatChoice::Auto, None).expect("parses")
    }

    fn names_and_addresses(parsed: &Parsed) -> Vec<(String, Vec<String>)> {
        parsed
            .records
            .iter()
            .map(|r| (r.display_name(), r.addresses.clone()))
            .collect()
    }

    #[test]
    fn split_line_follows_rfc4180_quoting() {
        assert_eq!(
            split_line(r#"a,"b,c","d""e",,"#, b','),
            ["a", "b,c", "d\"e", "", ""]
        );
        assert_eq!(split_line("x;y\tz", b';'), ["x", "y\tz"]);
        assert_eq!(split_line("", b','), [""]);
    }

    #[test]
    fn header_keys_ignore_case_accents_and_punctuation() {
        assert_eq!(header_key("E-mail 1 - Value"), "email1value");
        assert_eq!(header_key("\u{feff}Prénom"), "prenom");
        assert_eq!(role_of("E-Mail-Adresse"), Role::Email);
        assert_eq!(role_of("Adresse de messagerie"), Role::Email);
        assert_eq!(role_of("Dirección de correo electrónico"), Role::Email);
        assert_eq!(role_of("E-mail Display Name"), Role::Ignore);
        assert_eq!(role_of("E-mail 1 - Label"), Role::EmailLabel);
        assert_eq!(role_of("E-mail Type"), Role::EmailLabel);
        assert_eq!(role_of("Organisation"), Role::Organization);
        assert_eq!(role_of("Organization 2 - Name"), Role::Organization);
        assert_eq!(role_of("Nachname"), Role::Family);
        assert_eq!(role_of("Title"), Role::Ignore, "Outlook's Title is Mr./Ms.");
    }

    #[test]
    fn google_multi_value_cells_and_primary_marker() {
        let parsed = parse_text(
            "First Name,Last Name,E-mail 1 - Label,E-mail 1 - Value,E-mail 2 - Label,E-mail 2 - Value\n\
             Ada,Lovelace,Home,ada@home.org ::: * ada@work.org,* Other,ada@other.org\n",
        );
        assert_eq!(parsed.format, Format::GoogleCsv);
        assert_eq!(
            parsed.records[0].addresses,
            ["ada@other.org", "ada@work.org", "ada@home.org"]
        );
    }

    #[test]
    fn semicolons_tabs_and_preambles() {
        let semi = parse_text("Display Name;Primary Email\nAda;ada@x.org\n");
        assert_eq!(
            names_and_addresses(&semi),
            [("Ada".into(), vec!["ada@x.org".into()])]
        );
        let tabs = parse_text("First Name\tLast Name\tPrimary Email\t\nAda\tL\tada@x.org\t\n");
        assert_eq!(
            names_and_addresses(&tabs),
            [("Ada L".into(), vec!["ada@x.org".into()])]
        );
        let preamble = parse_text(
            "Notes:\n\"Some text, with a comma\"\n\nFirst Name,Last Name,Email Address,Company\nAda,L,ada@x.org,AE\n",
        );
        assert_eq!(preamble.records[0].location.line, 5);
    }

    #[test]
    fn line_numbers_survive_crlf_and_multi_line_cells() {
        let parsed = parse_text(
            "Display Name,Primary Email,Notes\r\nAda,ada@x.org,\"two\r\nlines\"\r\nBob,bob@x.org,\r\n\r\nCy,cy@x.org,\r\n",
        );
        let lines: Vec<u64> = parsed.records.iter().map(|r| r.location.line).collect();
        assert_eq!(lines, [2, 4, 6]);
        let mac = parse_text("Display Name,Primary Email\rAda,ada@x.org\rBob,bob@x.org\r");
        let lines: Vec<u64> = mac.records.iter().map(|r| r.location.line).collect();
        assert_eq!(lines, [2, 3]);
    }

    #[test]
    fn no_header_finds_address_columns_by_content() {
        let parsed = parse_text("Ada Lovelace,Ada,ada@x.org\nCharles Babbage,Charles,cb@x.org\n");
        assert_eq!(
            names_and_addresses(&parsed),
            [
                ("Ada Lovelace".into(), vec!["ada@x.org".into()]),
                ("Charles Babbage".into(), vec!["cb@x.org".into()])
            ]
        );
    }

    #[test]
    fn unknown_language_header_is_not_a_person() {
        let parsed = parse_text("Όνομα,Ηλεκτρονικό ταχυδρομείο\nΝίκος,nikos@example.gr\n");
        assert_eq!(parsed.records_read, 1);
        assert!(parsed.skipped.is_empty(), "{:?}", parsed.skipped);
        assert_eq!(
            names_and_addresses(&parsed),
            [("Νίκος".into(), vec!["nikos@example.gr".into()])]
        );
    }

    #[test]
    fn exchange_names_are_reported_not_imported() {
        let parsed = parse_text(
            "First Name,Last Name,E-mail Address,E-mail Type,E-mail 2 Address\n\
             Ada,L,/O=EXCHANGELABS/OU=EXCHANGE/CN=RECIPIENTS/CN=ADA,EX,\n\
             Bob,B,/O=EXCHANGELABS/OU=EXCHANGE/CN=RECIPIENTS/CN=BOB,EX,bob@x.org\n",
        );
        assert_eq!(parsed.format, Format::OutlookCsv);
        assert_eq!(parsed.records.len(), 1);
        assert_eq!(parsed.skipped[0].reason, SkipReason::InvalidAddress);
        assert_eq!(parsed.skipped[0].location.line, 2);
        assert_eq!(parsed.invalid.len(), 2);
        assert_eq!(parsed.invalid[1].location.line, 3);
        assert!(parsed.invalid[0].value.starts_with("/O=EXCHANGELABS"));
    }

    #[test]
    fn rows_without_address_are_counted() {
        let parsed =
            parse_text("First Name,Last Name,Company,Primary Email\n,,Acme,\nAda,L,,ada@x.org\n");
        assert_eq!(parsed.records_read, 2);
        assert_eq!(parsed.skipped.len(), 1);
        assert_eq!(parsed.skipped[0].reason, SkipReason::NoAddress);
        assert_eq!(parsed.skipped[0].what, "Acme");
    }

    #[test]
    fn linkedin_connections_are_not_contacts() {
        let parsed = parse_text(
            "Notes:\n\"When exporting ...\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n\
             Ada,Lovelace,https://x,,AE,Countess,15 Mar 2024\r\nBob,B,https://y,bob@x.org,,,1 Jan 2020\r\n",
        );
        assert_eq!(parsed.format, Format::LinkedInConnections);
        assert!(parsed.records.is_empty());
        assert_eq!(parsed.connections.len(), 2);
        assert_eq!(parsed.connections[0].address, None);
        assert_eq!(parsed.connections[0].connected_on, "15 Mar 2024");
        assert_eq!(parsed.connections[1].address.as_deref(), Some("bob@x.org"));
    }

    #[test]
    fn linkedin_invitations_are_read_with_and_without_url_columns() {
        for (text, url) in [
            (
                "From,To,Sent At,Message,Direction\r\nAda Lovelace,Charles Babbage,\"1/29/26, 2:37 PM\",\"Hi, Charles\",OUTGOING\r\nGrace Hopper,Ada Lovelace,\"2/1/26, 9:00 AM\",,INCOMING\r\n",
                "",
            ),
            (
                "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\nAda Lovelace,Charles Babbage,\"1/29/26, 2:37 PM\",\"Hi, Charles\",OUTGOING,https://www.linkedin.com/in/ada,https://www.linkedin.com/in/cb\nGrace Hopper,Ada Lovelace,\"2/1/26, 9:00 AM\",,INCOMING,https://www.linkedin.com/in/grace,https://www.linkedin.com/in/ada\n",
                "https://www.linkedin.com/in/cb",
            ),
        ] {
            let parsed = parse(text.as_bytes(), FormatChoice::Auto, None).expect("parses");
            assert_eq!(parsed.format, Format::LinkedInInvitations);
            assert!(parsed.records.is_empty(), "invitations are not contacts");
            assert_eq!(parsed.invitations.len(), 2);
            let sent = &parsed.invitations[0];
            assert_eq!(
                (
                    sent.to.as_str(),
                    sent.sent_at.as_str(),
                    sent.message.as_str()
                ),
                ("Charles Babbage", "1/29/26, 2:37 PM", "Hi, Charles")
            );
            assert!(sent.outgoing && !parsed.invitations[1].outgoing);
            assert_eq!(sent.invitee_url, url);
            assert_eq!(sent.location.line, 2);
            assert_eq!(parsed.invitations[1].location.line, 3);
        }
    }
}
