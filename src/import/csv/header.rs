//! Reading a CSV file's header: which row it is, the delimiter, and what each column holds.

use ::csv::{ReaderBuilder, Trim};

use crate::contact::parse_address;
use crate::import::{Format, FormatChoice, ImportError};
use crate::text::fold;

/// What a column holds, decided from its header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Role {
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
    /// Notes about the person.
    Note,
    /// Labels, groups or categories (`Labels`, `Group Membership`, `Categories`).
    Labels,
    /// A phone number (any of them).
    Phone,
    ConnectedOn,
    Ignore,
}

/// Header synonyms, compared after [`header_key`] (lower case, no accents, letters and digits
/// only). English first, then the languages Outlook and Thunderbird are most used in.
pub(super) const SYNONYMS: &[(Role, &[&str])] = &[
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
    (
        Role::Note,
        &[
            "notes",
            "note",
            "notizen",
            "notiz",
            "remarques",
            "notas",
            "nota",
            "opmerkingen",
            "anteckningar",
            "notater",
            "muistiinpanot",
            "uwagi",
            "poznamky",
            "заметки",
            "メモ",
            "备注",
            "메모",
        ],
    ),
    (
        Role::Labels,
        &[
            "labels",
            "groupmembership",
            "categories",
            "category",
            "kategorien",
            "categorias",
            "categorie",
            "categorieen",
            "kategorier",
            "kategoriat",
            "kategorie",
            "groups",
        ],
    ),
    (Role::ConnectedOn, &["connectedon"]),
];

/// Words meaning "phone" in header keys (`Phone 1 - Value`, `Mobile Phone`, `Telefon privat`),
/// matched as substrings; a phone's label or type column is not one.
const PHONE_WORDS: &[&str] = &[
    "phone",
    "mobile",
    "telefon",
    "telephone",
    "telefoon",
    "telefono",
    "cellular",
    "handy",
    "puhelin",
];

/// Words meaning "email" in address-column headers, matched as substrings of the header key.
pub(super) const EMAIL_WORDS: &[&str] = &[
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
pub(super) const EMAIL_DESCRIPTIONS: &[&str] = &["type", "typ", "tipo", "label", "etikett", "kind"];
pub(super) const EMAIL_NOT_ADDRESS: &[&str] = &[
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
pub(super) fn header_key(header: &str) -> String {
    fold(header.trim_start_matches('\u{feff}'))
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Header cells are names, not sentences: LinkedIn's preamble says "some of the email addresses
/// are missing", which must not make it a header with an address column.
pub(super) const MAX_HEADER_CHARS: usize = 48;

pub(super) fn role_of(header: &str) -> Role {
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
    if PHONE_WORDS.iter().any(|w| key.contains(w))
        && !key.contains("phonetic")
        && !key.ends_with("label")
        && !key.ends_with("type")
    {
        return Role::Phone;
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

pub(super) fn flavour(keys: &[String], choice: FormatChoice) -> Result<Format, ImportError> {
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
    } else if (has("emailaddress")
        && (has("email2address") || has("emaildisplayname") || has("emailtype")))
        || OUTLOOK_LOCALIZED.iter().any(|k| has(k))
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
        // Everyone in a file read as Connections.csv is recorded as connected, and so never
        // exported: an address book is not taken for one.
        FormatChoice::Linkedin
            if !(has("connectedon") || (has("firstname") && has("lastname") && has("url"))) =>
        {
            return Err(ImportError::WrongFormat {
                forced: "linkedin",
                why: "it has no \"Connected On\" (or \"URL\") column, as LinkedIn's Connections.csv has; \
                      reading it as one would mark everyone in it as already connected"
                    .into(),
            });
        }
        FormatChoice::Linkedin => Format::LinkedInConnections,
        FormatChoice::Csv => Format::GenericCsv,
        _ => detected,
    })
}

pub(super) const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];
/// How far down the file a header row is looked for (LinkedIn puts a preamble first).
pub(super) const HEADER_SEARCH_LINES: usize = 60;
/// Rows read ahead to learn which columns hold addresses.
pub(super) const SAMPLE_ROWS: usize = 200;

/// Splits one physical line into cells (RFC 4180 quoting). Used on the first lines only, to
/// find the header and the delimiter, where building a full csv reader per try would cost more
/// than the whole rest of a small file.
pub(super) fn split_line(line: &str, delimiter: u8) -> Vec<String> {
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
pub(super) struct LineAt<'a> {
    pub(super) text: &'a str,
    pub(super) offset: usize,
    pub(super) number: u64,
}

pub(super) fn first_lines(text: &str, count: usize) -> Vec<LineAt<'_>> {
    // Lines end at LF, CRLF or a CR alone (an old Mac export joined with others).
    crate::text::line_spans(text.as_bytes())
        .take(count)
        .enumerate()
        .map(|(index, (span, _))| LineAt {
            offset: span.start,
            text: &text[span],
            number: index as u64 + 1,
        })
        .collect()
}

pub(super) struct Header {
    pub(super) line: u64,
    pub(super) offset: usize,
    pub(super) delimiter: u8,
    pub(super) cells: Vec<String>,
    pub(super) roles: Vec<Role>,
}

/// Finds the header row: the first line (within the first lines of the file) that, split by some
/// delimiter, names an address column, or names two known columns and holds no address itself.
pub(super) fn find_header(lines: &[LineAt<'_>]) -> Option<Header> {
    for line in lines.iter().filter(|l| !l.text.trim().is_empty()) {
        let mut best: Option<(usize, Header)> = None;
        for delimiter in DELIMITERS {
            if !line.text.as_bytes().contains(&delimiter) && delimiter != b',' {
                continue;
            }
            let cells = split_line(line.text, delimiter);
            // Header cells name columns; one that holds an address is data.
            if cells
                .iter()
                .any(|c| c.contains('@') || parse_address(c).is_ok())
            {
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
pub(super) fn sniff_delimiter(lines: &[LineAt<'_>]) -> u8 {
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

pub(super) fn reader(text: &str, delimiter: u8) -> ::csv::Reader<&[u8]> {
    ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .trim(Trim::None)
        .from_reader(text.as_bytes())
}

/// Counts, per column, non-empty values and values that are addresses, over the first rows.
pub(super) fn address_columns(text: &str, delimiter: u8) -> Vec<(usize, usize)> {
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
pub(super) fn looks_like_addresses(text: &str, delimiter: u8, column: usize) -> bool {
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

/// Columns only Outlook's localized exports write (the type and display name of an address).
const OUTLOOK_LOCALIZED: &[&str] = &[
    "emailtyp",
    "emailangezeigtername",
    "email2adresse",
    "typedemessagerie",
    "adressedemessagerie2",
    "tipodecorreoelectronico",
    "direcciondecorreoelectronico2",
];

/// Header words of other languages than English, by language, compared after [`header_key`]:
/// the summary names the language of a localized export ("Outlook CSV (German headers)").
const LANGUAGES: &[(&str, &[&str])] = &[
    (
        "German",
        &[
            "vorname",
            "nachname",
            "weiterevornamen",
            "firma",
            "emailadresse",
            "anrede",
            "notizen",
        ],
    ),
    (
        "French",
        &[
            "prenom",
            "societe",
            "adresseemail",
            "adressedemessagerie",
            "fonction",
        ],
    ),
    (
        "Spanish",
        &[
            "nombre",
            "apellidos",
            "apellido",
            "correoelectronico",
            "empresa",
        ],
    ),
    (
        "Italian",
        &["cognome", "indirizzoemail", "azienda", "secondonome"],
    ),
    (
        "Portuguese",
        &["primeironome", "sobrenome", "enderecodeemail"],
    ),
    (
        "Dutch",
        &["voornaam", "achternaam", "tussenvoegsel", "bedrijf"],
    ),
    (
        "Swedish",
        &["fornamn", "efternamn", "mellannamn", "foretag"],
    ),
    ("Norwegian", &["etternavn", "mellomnavn"]),
    ("Danish", &["efternavn", "virksomhed"]),
    ("Finnish", &["etunimi", "sukunimi", "sahkoposti", "yritys"]),
    ("Polish", &["imie", "nazwisko", "firma1"]),
    ("Czech", &["jmeno", "prijmeni"]),
    ("Russian", &["имя", "фамилия", "отчество"]),
    ("Japanese", &["名", "姓"]),
    ("Korean", &["이름", "성"]),
];

/// The language of a header, when its words are another language's.
pub(super) fn header_language(keys: &[String]) -> Option<&'static str> {
    LANGUAGES
        .iter()
        .find(|(_, words)| keys.iter().any(|k| words.contains(&k.as_str())))
        .map(|(language, _)| *language)
}
