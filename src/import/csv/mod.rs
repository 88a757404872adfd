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

mod header;
mod linkedin;

use ::csv::StringRecord;

use super::{FormatChoice, ImportError, NoContacts, Parsed, encoding};
use crate::contact::{Location, Record, join_words, parse_address};
use crate::import::Format;
use crate::text::single_line;
use header::{
    HEADER_SEARCH_LINES, Role, address_columns, find_header, first_lines, flavour, header_key,
    header_language, looks_like_addresses, reader, role_of, sniff_delimiter,
};
pub use linkedin::{Connection, Invitation};
use linkedin::{connection, invitations, is_invitations_header};

/// The columns of Thunderbird's CSV export, in order: what `--format thunderbird` reads a file
/// without a header row as.
const THUNDERBIRD_COLUMNS: &[&str] = &[
    "First Name",
    "Last Name",
    "Display Name",
    "Nickname",
    "Primary Email",
    "Secondary Email",
    "Screen Name",
    "Work Phone",
    "Home Phone",
    "Fax Number",
    "Pager Number",
    "Mobile Number",
    "Home Address",
    "Home Address 2",
    "Home City",
    "Home State",
    "Home ZipCode",
    "Home Country",
    "Work Address",
    "Work Address 2",
    "Work City",
    "Work State",
    "Work ZipCode",
    "Work Country",
    "Job Title",
    "Department",
    "Organization",
    "Web Page 1",
    "Web Page 2",
    "Birth Year",
    "Birth Month",
    "Birth Day",
    "Custom 1",
    "Custom 2",
    "Custom 3",
    "Custom 4",
    "Notes",
];

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
            // Thunderbird's own layout, asked for by name, maps a file without a header.
            None if choice == FormatChoice::Thunderbird => {
                let keys: Vec<String> = THUNDERBIRD_COLUMNS.iter().map(|c| header_key(c)).collect();
                let roles = THUNDERBIRD_COLUMNS.iter().map(|c| role_of(c)).collect();
                (b',', 0, 1, roles, keys, false)
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
    // A quote opened and never closed would swallow every row after it into one field; it is
    // read as a plain character instead, and the summary says where.
    let (body, unclosed) = close_quotes(&text[start_offset..], delimiter);
    let body: &str = &body;

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

    if !roles.contains(&Role::Email) && format != Format::LinkedInConnections {
        // No column holds addresses: every row would be skipped. Say which columns there are.
        let first = reader(body, delimiter)
            .records()
            .next()
            .and_then(Result::ok)
            .map(|row| {
                row.iter()
                    .map(|c| single_line(c.trim()))
                    .filter(|c| !c.is_empty())
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        let columns = match find_header(&lines) {
            Some(header) => header.cells.iter().map(|c| single_line(c.trim())).collect(),
            None => first,
        };
        let rows = reader(body, delimiter)
            .records()
            .filter_map(Result::ok)
            .filter(|row| row.iter().any(|v| !v.trim().is_empty()))
            .count();
        // Plain text with not one `@` in it (a note, a list of names) is no address book at
        // all: its "columns" would be its first line.
        let why = if columns.len() <= 1 && !body.contains('@') {
            let first_line = body.lines().map(str::trim).find(|l| !l.is_empty());
            NoContacts::NoAddressAnywhere {
                first_line: single_line(first_line.unwrap_or_default())
                    .chars()
                    .take(80)
                    .collect(),
            }
        } else {
            NoContacts::NoAddressColumn { columns }
        };
        return Err(ImportError::NoContacts {
            why,
            records_read: rows.saturating_sub(usize::from(skip_first)),
            skipped: Vec::new(),
            invalid: Vec::new(),
        });
    }
    let column_names: Vec<String> = if skip_first {
        find_header(&lines)
            .map(|h| h.cells.iter().map(|c| single_line(c.trim())).collect())
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    let mut parsed = Parsed::new(format, decoded.describe(), stream);
    parsed.language = header_language(&header_keys);
    let mut lines = LineCounter::new(body, start_line);
    let unclosed_lines: Vec<u64> = unclosed
        .iter()
        .map(|offset| lines.line_at(*offset))
        .collect();
    let mut lines = LineCounter::new(body, start_line);
    parsed.unclosed_quotes = unclosed_lines
        .iter()
        .map(|line| (Location::line(*line), 0))
        .collect();
    let mut rows = reader(body, delimiter);
    // One row read into again and again: a new one a row was two allocations of each.
    let mut row = StringRecord::new();
    if first_row_is_header {
        // Whatever it holds, the next read replaces it.
        let _ = rows.read_record(&mut row);
    }
    // The csv crate only fails on invalid UTF-8, which decoding has ruled out, and on I/O
    // errors, which a byte slice cannot have. Stop rather than loop.
    while let Ok(true) = rows.read_record(&mut row) {
        if row.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        let location = Location::line(
            lines.line_at(
                row.position()
                    .map_or(0, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX)),
            ),
        );
        // Exports joined with `cat` repeat their header: that row is no one.
        if !column_names.is_empty()
            && row.len() == column_names.len()
            && row
                .iter()
                .zip(&column_names)
                .all(|(cell, name)| cell.trim_start_matches('\u{feff}').trim() == name)
        {
            parsed.unread.push((
                location,
                "the header row again (files joined one after another?): not read as a person"
                    .to_string(),
            ));
            continue;
        }
        if format == Format::LinkedInConnections {
            let connection = connection(&mut parsed, &row, &roles, location);
            parsed.records_read += 1;
            parsed.connections.push(connection);
            continue;
        }
        // Rows after a repaired quote are the ones it would have swallowed.
        if let Some(last) = parsed
            .unclosed_quotes
            .iter_mut()
            .rev()
            .find(|(at, _)| at.line < location.line)
        {
            last.1 += 1;
        }
        let swallowed = swallowed_addresses(&row, &roles, delimiter);
        if !swallowed.is_empty() {
            parsed.swallowed.push((location, swallowed));
        }
        // A line of a file without a header that names several people, as a pasted `To:`
        // line does (`Ann <ann@x.org>, Bob <bob@x.org>`), is one record each.
        let named = if first_row_is_header || skip_first {
            Vec::new()
        } else {
            named_mailboxes(&row, &roles)
        };
        if named.len() > 1 {
            for (name, address) in named {
                let (formatted_name, given_name, family_name) =
                    crate::contact::name_from_display(&single_line(name));
                let mut record = Record {
                    location,
                    formatted_name,
                    given_name,
                    family_name,
                    ..Record::default()
                };
                let had_invalid = !parsed.offer_address(&mut record, address, false);
                parsed.push_seen(record, had_invalid, None);
            }
            continue;
        }
        let (mut record, had_invalid) = record(&mut parsed, &row, &roles, location);
        if !record.has_personal_name()
            && let [(name, _)] = named.as_slice()
        {
            (record.formatted_name, record.given_name, record.family_name) =
                crate::contact::name_from_display(&single_line(name));
        }
        let elsewhere = if record.addresses.is_empty() && !had_invalid {
            address_outside_fields(&row, &roles, &column_names)
        } else {
            None
        };
        parsed.push_seen(record, had_invalid, elsewhere);
    }
    Ok(parsed)
}

/// `body` with every quote that opens a field and is never closed taken out (read as text),
/// and the byte offsets, in the text returned, of the lines where that happened. A quoted field
/// may hold line breaks, so an unclosed quote is only known at the end of the file; after
/// each repair the rest is scanned again.
fn close_quotes(body: &str, delimiter: u8) -> (std::borrow::Cow<'_, str>, Vec<usize>) {
    let mut text = std::borrow::Cow::Borrowed(body);
    let mut repaired = Vec::new();
    let mut from = 0;
    while let Some(quote) = unclosed_quote(&text.as_bytes()[from..], delimiter) {
        let quote = from + quote;
        // Lines end at LF, CRLF or a CR alone.
        let line_start = text[..quote].rfind(['\n', '\r']).map_or(0, |at| at + 1);
        let owned = text.to_mut();
        owned.remove(quote);
        repaired.push(line_start);
        from = owned[quote..]
            .find(['\n', '\r'])
            .map_or(owned.len(), |at| quote + at + 1);
    }
    (text, repaired)
}

/// The offset of a quote that opens a field (at the start of a line or after the delimiter)
/// and is still open at the end of `bytes`, the way the csv crate reads quotes (`""` inside a
/// quoted field is one quote character).
fn unclosed_quote(bytes: &[u8], delimiter: u8) -> Option<usize> {
    let mut open: Option<usize> = None;
    let mut field_start = true;
    let mut at = 0;
    while at < bytes.len() {
        let byte = bytes[at];
        match open {
            Some(_) if byte == b'"' && bytes.get(at + 1) == Some(&b'"') => at += 1,
            Some(_) if byte == b'"' => open = None,
            Some(_) => {}
            None if byte == b'"' && field_start => open = Some(at),
            None => {}
        }
        field_start = open.is_none() && (byte == delimiter || byte == b'\n' || byte == b'\r');
        at += 1;
    }
    open
}

/// Line numbers from byte offsets. The csv crate's own line count lags by one after a CRLF
/// record terminator, so records are located by counting line breaks up to their first byte:
/// LF, CRLF and a CR alone each end a line, as the csv crate reads them (a file joined from old
/// Mac and other exports has all three).
struct LineCounter<'a> {
    bytes: &'a [u8],
    offset: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str, first_line: u64) -> LineCounter<'a> {
        LineCounter {
            bytes: text.as_bytes(),
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
            let bytes = self.bytes;
            let breaks = memchr::memchr2_iter(b'\n', b'\r', &bytes[self.offset..offset])
                .map(|at| self.offset + at)
                // The CR of a CRLF is not a break of its own.
                .filter(|&at| bytes[at] == b'\n' || bytes.get(at + 1) != Some(&b'\n'))
                .count();
            self.line += breaks as u64;
            self.offset = offset;
        }
        self.line
    }
}

/// An address in a column that is not an address column, as "`address` in column `name`".
fn address_outside_fields(row: &StringRecord, roles: &[Role], names: &[String]) -> Option<String> {
    row.iter().enumerate().find_map(|(column, value)| {
        if roles.get(column) == Some(&Role::Email) {
            return None;
        }
        let address = value
            .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '<' | '>'))
            .find(|token| token.contains('@') && parse_address(token).is_ok())?;
        let column = match names.get(column).filter(|n| !n.is_empty()) {
            Some(name) => format!("column \"{name}\""),
            None => format!("column {}", column + 1),
        };
        Some(format!("{address} in {column}"))
    })
}

/// The address cells of a row written as `Name <address>`, with a name, as (name, address):
/// all of them, or none when any address cell is written otherwise.
fn named_mailboxes<'r>(row: &'r StringRecord, roles: &[Role]) -> Vec<(&'r str, &'r str)> {
    let mut named = Vec::new();
    for (column, role) in roles.iter().enumerate() {
        let value = cell(row, column);
        if *role != Role::Email || value.is_empty() {
            continue;
        }
        let parts = value
            .strip_suffix('>')
            .and_then(|rest| rest.rsplit_once('<'))
            .map(|(name, address)| (name.trim().trim_matches('"').trim(), address.trim()));
        match parts {
            Some((name, address)) if !name.is_empty() && !address.is_empty() => {
                named.push((name, address));
            }
            _ => return Vec::new(),
        }
    }
    named
}

/// Addresses a row holds where a quote left open would have put them: on the later lines of a
/// field that runs over lines, when such a line looks like a row of its own (it has the
/// delimiter); or in a column past the header's. A note that merely spans lines is not one.
fn swallowed_addresses(row: &StringRecord, roles: &[Role], delimiter: u8) -> Vec<String> {
    let addresses_in = |text: &str| -> Vec<String> {
        text.split(|c: char| {
            c.is_whitespace()
                || c == char::from(delimiter)
                || matches!(c, ',' | ';' | '<' | '>' | '"')
        })
        .filter(|token| token.contains('@') && parse_address(token).is_ok())
        .map(str::to_string)
        .collect()
    };
    let mut found = Vec::new();
    for (column, value) in row.iter().enumerate() {
        if !roles.is_empty() && column >= roles.len() {
            found.extend(addresses_in(value));
            continue;
        }
        // Lines end at LF, CRLF or a CR alone, in a cell as in the file.
        for line in crate::text::lines(value).skip(1) {
            if line.as_bytes().contains(&delimiter) {
                found.extend(addresses_in(line));
            }
        }
    }
    found
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
    // Google marks the primary address in the label cell before the value cell, part for part:
    // `* Work ::: Home` over `a ::: b` makes `a` the primary one.
    let mut starred_labels: Vec<bool> = Vec::new();
    for (column, role) in roles.iter().enumerate() {
        let value = cell(row, column);
        match role {
            Role::Email => {
                for (position, part) in cell_parts(value).enumerate() {
                    let part = part.trim();
                    let (part, starred) = match part.strip_prefix('*') {
                        Some(rest) => (rest.trim(), true),
                        None => (part, false),
                    };
                    let labelled = starred_labels.get(position).copied().unwrap_or(false);
                    for address in super::several(part) {
                        if !parsed.offer_address(&mut record, address, starred || labelled) {
                            had_invalid = true;
                        }
                    }
                }
                starred_labels.clear();
            }
            Role::EmailLabel => {
                starred_labels = cell_parts(value)
                    .map(|label| label.trim().starts_with('*'))
                    .collect();
            }
            Role::Given => set_once(&mut record.given_name, value),
            Role::Middle => set_once(&mut middle, value),
            Role::Family => set_once(&mut record.family_name, value),
            Role::Formatted => set_once(&mut record.formatted_name, value),
            Role::FileAs => set_once(&mut record.file_as, value),
            Role::Organization => set_once(&mut record.organization, value),
            Role::Title => set_once(&mut record.title, value),
            Role::Note => set_once(&mut record.note, value),
            Role::Labels => {
                // Google: `* myContacts ::: Coworkers`; Outlook: `Business;Friends`.
                for label in value.split(":::").flat_map(|part| part.split(';')) {
                    record.add_label(label);
                }
            }
            Role::Phone => record.has_phone |= value.chars().any(|c| c.is_ascii_digit()),
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
    use super::header::{role_of, split_line};
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
        // Exports joined with `cat`: CR, CRLF and LF lines in one file.
        let mixed = parse_text(
            "Display Name,Primary Email\rAda,ada@x.org\rBob,bob@x.org\r\nCy,cy@x.org\nDi,di@x.org\rEd,\"e\r\nd\"@x.org\n",
        );
        let lines: Vec<u64> = mixed.records.iter().map(|r| r.location.line).collect();
        assert_eq!(lines, [2, 3, 4, 5]);
        assert_eq!(mixed.invalid[0].location.line, 6);
        // A CR-only export first, then an LF one: the header is the first line, not all of the
        // CR part (which was lost), and an unclosed quote is found on its own line.
        let joined = parse_text("Name,E-mail\rC1,c1@x.org\nC2,\r\nC3,c3@x.org\n");
        assert_eq!(
            names_and_addresses(&joined),
            [("C1", "c1@x.org"), ("C3", "c3@x.org")]
                .map(|(n, a)| (n.to_string(), vec![a.to_string()]))
        );
        assert_eq!(joined.skipped[0].location.line, 3);
        let repeated = parse_text("Name,E-mail\nAnn,ann@x.org\nName,E-mail\nBob,bob@x.org\n");
        assert_eq!(repeated.records.len(), 2);
        assert!(repeated.invalid.is_empty(), "{:?}", repeated.invalid);
        assert_eq!(repeated.unread[0].0.line, 3);
        let quoted = parse_text("Name,E-mail\rAnn,ann@x.org\r\"Bob,bob@x.org\rCat,cat@x.org\r");
        assert_eq!(
            quoted.unclosed_quotes,
            [(crate::contact::Location::line(3), 1)]
        );
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

    /// Several addresses in one cell, as Outlook and hand-made sheets write them, are each
    /// imported (a user trial lost a whole record to `jane@acme.example;info@acme.example`);
    /// a quoted address with a `;` or `,` in it stays whole, and a list with a non-address in
    /// it is one invalid value.
    #[test]
    fn several_addresses_in_one_cell_are_each_imported() {
        let parsed = parse_text(
            "Name,Email\n\
             Jane Doe,\"jane@acme.example;info@acme.example\"\n\
             Joe Bloggs,\"joe@x.example, joe@y.example\"\n\
             Quoted,\"\"\"a,b\"\"@x.example\"\n\
             Odd,\"odd@x.example; not an address\"\n",
        );
        assert_eq!(
            names_and_addresses(&parsed)[..2],
            [
                (
                    "Jane Doe".into(),
                    vec!["jane@acme.example".into(), "info@acme.example".into()]
                ),
                (
                    "Joe Bloggs".into(),
                    vec!["joe@x.example".into(), "joe@y.example".into()]
                ),
            ]
        );
        assert_eq!(
            names_and_addresses(&parsed)[2],
            ("Quoted".into(), vec!["\"a,b\"@x.example".into()])
        );
        assert_eq!(parsed.invalid.len(), 1, "{:?}", parsed.invalid);
        assert_eq!(parsed.invalid[0].value, "odd@x.example; not an address");
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
