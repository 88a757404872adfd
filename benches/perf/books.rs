//! Generated address books: deterministic people with realistic names, accents and CJK,
//! several addresses each and duplicates, written as a Google CSV and as vCards.

/// A small deterministic generator (xorshift), so every run measures the same data.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

pub const FIRST: &[&str] = &[
    "Ada", "Zoë", "Jürgen", "Søren", "Amara", "Mei", "Hélène", "Kwame", "Priya", "Łukasz",
    "Siobhán", "José", "Øyvind", "Renée", "Sakura", "Björn", "Grace", "Tomás", "Ingrid", "Dmitri",
    "Lukas", "Raúl", "Noémie", "Elif", "Mateus", "Aisha", "Henrik", "Marta", "Pedro", "Yusuf",
    "Clara", "Oskar", "Leïla", "Jonas", "Inés", "Tariq", "Sofía", "Emil", "Greta", "Nikolai",
    "Rosa", "Anders", "Yara", "Felix", "Nadia", "Kofi", "Lena", "Matteo", "Saanvi", "Arjun",
    "Camille", "Thabo", "Martin", "Martina", "Anna", "John", "Mary", "David", "Sarah", "Michael",
    "Laura", "James", "Emma", "Robert", "Olivia",
];
pub const LAST: &[&str] = &[
    "Lovelace",
    "Ångström",
    "Müller",
    "Kierkegård",
    "Okafor",
    "Chen",
    "Dubois",
    "Mensah",
    "Raman",
    "Wójcik",
    "O'Brien",
    "Martínez",
    "Ås",
    "Größe",
    "Tanaka",
    "Åkesson",
    "Hopper",
    "Novák",
    "Berg",
    "Vogel",
    "Navarro",
    "Rahman",
    "Castillo",
    "Jansen",
    "Lund",
    "Petrov",
    "Bianchi",
    "Nyberg",
    "Costa",
    "Brandt",
    "Rossi",
    "Asante",
    "Hoffmann",
    "Ricci",
    "Iyer",
    "Mehta",
    "Moreau",
    "Nkosi",
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Martin",
    "Kowalski",
    "Nowak",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Dahl",
    "Holm",
];
pub const CJK: &[(&str, &str)] = &[
    ("王", "芳"),
    ("李", "小龙"),
    ("张", "伟"),
    ("刘", "洋"),
    ("陈", "静"),
    ("佐藤", "健"),
    ("山田", "花子"),
    ("高橋", "翔"),
    ("김", "민준"),
    ("박", "서연"),
    ("Иванова", "Ольга"),
    ("Νικολάου", "Αλέξανδρος"),
];
pub const ORGS: &[&str] = &[
    "Analytical Engines Ltd",
    "Nordic Optics AB",
    "Harbour Lane & Co.",
    "Kaisha K.K.",
    "Tessellate Ltd",
    "Blue Harbour Consulting",
    "Atelier Dubois",
    "University of Examplia",
    "Greenfield Robotics",
    "Lisbon Data Meetup",
    "Fjord Fintech",
    "Sakura Design Studio",
    "Acme Corp",
    "Globex",
    "Initech",
    "",
    "",
    "",
];
pub const TITLES: &[&str] = &[
    "Engineer",
    "Product Manager",
    "Designer",
    "Researcher",
    "CTO",
    "Lecturer",
    "Consultant",
    "",
    "",
];
pub const PERSONAL: &[&str] = &[
    "gmail.example",
    "outlook.example",
    "mail.example",
    "web.example",
    "posteo.example",
];

pub struct Person {
    pub given: String,
    pub family: String,
    pub organization: String,
    pub title: String,
    pub addresses: Vec<String>,
    pub note: String,
}

pub fn ascii_slug(text: &str) -> String {
    text.chars()
        .map(|c| {
            vetted::text::fold(&c.to_string())
                .chars()
                .next()
                .unwrap_or(c)
        })
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

pub fn people(count: usize) -> Vec<Person> {
    let mut rng = Rng(0x5eed_cafe_f00d_1234);
    let mut people: Vec<Person> = Vec::with_capacity(count);
    for i in 0..count {
        let (given, family) = if rng.chance(5) {
            let (family, given) = CJK[rng.below(CJK.len())];
            (given.to_string(), family.to_string())
        } else {
            (rng.pick(FIRST).to_string(), rng.pick(LAST).to_string())
        };
        let organization = rng.pick(ORGS).to_string();
        let slug = format!("{}.{}", ascii_slug(&given), ascii_slug(&family));
        let slug = if slug.len() < 3 {
            format!("person{i}")
        } else {
            slug
        };
        let mut addresses = Vec::new();
        if !organization.is_empty() {
            addresses.push(format!(
                "{slug}{i}@{}.example",
                ascii_slug(&organization).to_lowercase()
            ));
        }
        let extra = 1 + rng.below(2);
        for n in 0..extra {
            addresses.push(format!(
                "{slug}{}{i}@{}",
                if n == 0 { "" } else { "." },
                rng.pick(PERSONAL)
            ));
        }
        // Duplicates: some records repeat an address of an earlier record, so they merge.
        if i > 10 && rng.chance(4) {
            let earlier = &people[rng.below(i)];
            addresses.push(earlier.addresses[0].to_uppercase());
        }
        let note = if rng.chance(10) {
            "Met at a conference; follow up about the project.".into()
        } else {
            String::new()
        };
        let title = if organization.is_empty() {
            String::new()
        } else {
            rng.pick(TITLES).to_string()
        };
        people.push(Person {
            given,
            family,
            organization,
            title,
            addresses,
            note,
        });
    }
    people
}

/// A Google Contacts export, with the columns Google writes (most of them empty, as in life).
pub fn google_csv(people: &[Person]) -> String {
    let mut header = vec![
        "First Name",
        "Middle Name",
        "Last Name",
        "Phonetic First Name",
        "Phonetic Middle Name",
        "Phonetic Last Name",
        "Name Prefix",
        "Name Suffix",
        "Nickname",
        "File As",
        "Organization Name",
        "Organization Title",
        "Organization Department",
        "Birthday",
        "Notes",
        "Photo",
        "Labels",
    ]
    .into_iter()
    .map(String::from)
    .collect::<Vec<_>>();
    for n in 1..=3 {
        header.push(format!("E-mail {n} - Label"));
        header.push(format!("E-mail {n} - Value"));
    }
    for n in 1..=2 {
        header.push(format!("Phone {n} - Label"));
        header.push(format!("Phone {n} - Value"));
    }
    for part in [
        "Label",
        "Formatted",
        "Street",
        "City",
        "PO Box",
        "Region",
        "Postal Code",
        "Country",
        "Extended Address",
    ] {
        header.push(format!("Address 1 - {part}"));
    }
    for field in [
        "Website 1 - Label",
        "Website 1 - Value",
        "Custom Field 1 - Label",
        "Custom Field 1 - Value",
    ] {
        header.push(field.to_string());
    }
    let mut out = header.join(",");
    out.push('\n');
    let quote = |s: &str| {
        if s.contains([',', '"', '\n']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_string()
        }
    };
    for (i, p) in people.iter().enumerate() {
        let mut cells: Vec<String> = vec![
            quote(&p.given),
            String::new(),
            quote(&p.family),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            quote(&p.organization),
            quote(&p.title),
            String::new(),
            String::new(),
            quote(&p.note),
            String::new(),
            "* myContacts".into(),
        ];
        for n in 0..3 {
            match p.addresses.get(n) {
                Some(address) => {
                    cells.push(if n == 0 {
                        "* Work".into()
                    } else {
                        "Home".into()
                    });
                    cells.push(address.clone());
                }
                None => cells.extend([String::new(), String::new()]),
            }
        }
        cells.extend([
            "Mobile".into(),
            format!("+44 7700 {:06}", i % 1_000_000),
            String::new(),
            String::new(),
        ]);
        if i % 4 == 0 {
            cells.extend([
                "Home".into(),
                "\"12 High Street\nLeeds LS1 4AP\nUnited Kingdom\"".into(),
                "12 High Street".into(),
                "Leeds".into(),
                String::new(),
                String::new(),
                "LS1 4AP".into(),
                "United Kingdom".into(),
                String::new(),
            ]);
        } else {
            cells.extend(std::iter::repeat_n(String::new(), 9));
        }
        cells.extend([String::new(), String::new(), String::new(), String::new()]);
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

/// An Apple-style vCard 3.0 export.
pub fn vcards(people: &[Person]) -> String {
    let mut out = String::new();
    for (i, p) in people.iter().enumerate() {
        out.push_str("BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//iOS 17.0//EN\r\n");
        out.push_str(&format!(
            "N:{};{};;;\r\nFN:{} {}\r\n",
            p.family, p.given, p.given, p.family
        ));
        if !p.organization.is_empty() {
            out.push_str(&format!("ORG:{};\r\n", p.organization.replace(',', "\\,")));
        }
        if !p.title.is_empty() {
            out.push_str(&format!("TITLE:{}\r\n", p.title));
        }
        for (n, address) in p.addresses.iter().enumerate() {
            let kind = if n == 0 { "WORK;type=pref" } else { "HOME" };
            out.push_str(&format!(
                "item{}.EMAIL;type=INTERNET;type={kind}:{address}\r\n",
                n + 1
            ));
        }
        out.push_str(&format!(
            "TEL;type=CELL;type=VOICE;type=pref:+1 555 {:07}\r\n",
            i % 10_000_000
        ));
        if !p.note.is_empty() {
            out.push_str(&format!(
                "NOTE:{}\r\n",
                p.note.replace(',', "\\,").replace(';', "\\;")
            ));
        }
        out.push_str(&format!(
            "UID:{:08x}-0000-4000-8000-{:012x}\r\nEND:VCARD\r\n",
            i, i
        ));
    }
    out
}
