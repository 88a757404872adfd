//! The performance harness: DESIGN section 9's budgets, measured on generated address books.
//!
//! `cargo bench --bench perf [-- --contacts N] [--json PATH] [--mbox-mb N]`
//!
//! Everything runs through the library the way the product does: imports through the importers
//! and the store, searches, marks and frames through the triage screen's `App` (keys in, state
//! out), rendered to ratatui's `TestBackend`. Opening a workspace and its peak memory are
//! measured in a fresh child process, so nothing this process did before counts. When `fzf` is
//! installed, `fzf --filter` runs the same queries over the same lines, in the same run.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use vetted::action::Action;
use vetted::config::Config;
use vetted::config::Sort;
use vetted::import::FormatChoice;
use vetted::store::{SourceFile, Workspace};
use vetted::tui::{App, Msg, Settings, Theme, view};

struct Args {
    contacts: usize,
    json: Option<PathBuf>,
    mbox_mb: Option<usize>,
    /// Internal: open this workspace, render one frame, report time and memory.
    child_open: Option<PathBuf>,
    /// Internal: scan this mbox, report time, messages and memory.
    child_mbox: Option<PathBuf>,
    /// Measure only the mail-history scan (with --mbox-mb).
    mbox_only: bool,
    /// Write the generated address books into this folder and stop (to profile or reproduce).
    write_books: Option<PathBuf>,
}

fn args() -> Args {
    let mut args = Args {
        contacts: 100_000,
        json: None,
        mbox_mb: None,
        child_open: None,
        child_mbox: None,
        mbox_only: false,
        write_books: None,
    };
    let mut raw = std::env::args().skip(1);
    while let Some(arg) = raw.next() {
        match arg.as_str() {
            "--contacts" => {
                args.contacts = raw
                    .next()
                    .and_then(|v| v.parse().ok())
                    .expect("--contacts N")
            }
            "--json" => args.json = raw.next().map(PathBuf::from),
            "--mbox-mb" => args.mbox_mb = raw.next().and_then(|v| v.parse().ok()),
            "--child-open" => args.child_open = raw.next().map(PathBuf::from),
            "--child-mbox" => args.child_mbox = raw.next().map(PathBuf::from),
            "--mbox-only" => args.mbox_only = true,
            "--write-books" => args.write_books = raw.next().map(PathBuf::from),
            _ => {} // cargo passes --bench; filters are not used here
        }
    }
    args
}

// ---- generated address books ----

/// A small deterministic generator (xorshift), so every run measures the same data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const FIRST: &[&str] = &[
    "Ada", "Zoë", "Jürgen", "Søren", "Amara", "Mei", "Hélène", "Kwame", "Priya", "Łukasz",
    "Siobhán", "José", "Øyvind", "Renée", "Sakura", "Björn", "Grace", "Tomás", "Ingrid", "Dmitri",
    "Lukas", "Raúl", "Noémie", "Elif", "Mateus", "Aisha", "Henrik", "Marta", "Pedro", "Yusuf",
    "Clara", "Oskar", "Leïla", "Jonas", "Inés", "Tariq", "Sofía", "Emil", "Greta", "Nikolai",
    "Rosa", "Anders", "Yara", "Felix", "Nadia", "Kofi", "Lena", "Matteo", "Saanvi", "Arjun",
    "Camille", "Thabo", "Martin", "Martina", "Anna", "John", "Mary", "David", "Sarah", "Michael",
    "Laura", "James", "Emma", "Robert", "Olivia",
];
const LAST: &[&str] = &[
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
const CJK: &[(&str, &str)] = &[
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
const ORGS: &[&str] = &[
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
const TITLES: &[&str] = &[
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
const PERSONAL: &[&str] = &[
    "gmail.example",
    "outlook.example",
    "mail.example",
    "web.example",
    "posteo.example",
];

struct Person {
    given: String,
    family: String,
    organization: String,
    title: String,
    addresses: Vec<String>,
    note: String,
}

fn ascii_slug(text: &str) -> String {
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

fn people(count: usize) -> Vec<Person> {
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
fn google_csv(people: &[Person]) -> String {
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
fn vcards(people: &[Person]) -> String {
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

// ---- measuring ----

fn percentile(samples: &mut [Duration], p: f64) -> f64 {
    if samples.is_empty() {
        return f64::NAN;
    }
    samples.sort();
    let index = ((samples.len() - 1) as f64 * p).round() as usize;
    samples[index].as_secs_f64() * 1e3
}

fn mb(bytes: usize) -> f64 {
    bytes as f64 / 1_000_000.0
}

fn import(workspace_path: &Path, file: &Path) -> (Duration, usize) {
    let bytes = std::fs::read(file).expect("generated file");
    let mut workspace = Workspace::open(workspace_path).expect("workspace");
    let source = SourceFile {
        path: file.to_string_lossy().into_owned(),
    };
    // As the CLI imports: read on one core, stored on the other, and closed, which moves what
    // the import wrote to the write-ahead log into the database file.
    let start = Instant::now();
    let (_, parsed) = workspace
        .import_bytes(&source, &bytes, FormatChoice::Auto, false, &mut |_| {})
        .expect("imports")
        .expect("parses");
    drop(workspace);
    (start.elapsed(), parsed.records_read)
}

fn app_on(workspace_path: &Path) -> App {
    let workspace = Workspace::open(workspace_path).expect("workspace");
    let keymap = Config::defaults().expect("defaults").keymap;
    let mut app = App::new(workspace, keymap, Settings::default(), "bench".into()).expect("app");
    app.update(Msg::Resize {
        width: 120,
        height: 35,
    });
    app
}

fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// In a fresh process: open the workspace, build the screen, render the first frame.
fn child_open(path: &Path) {
    let start = Instant::now();
    let app = app_on(path);
    let mut terminal = Terminal::new(TestBackend::new(120, 35)).expect("terminal");
    terminal
        .draw(|frame| view::render(frame, &app, &Theme::no_color()))
        .expect("draws");
    let open_ms = start.elapsed().as_secs_f64() * 1e3;
    println!("{open_ms} {}", peak_rss_mb());
}

const QUERIES: &[&str] = &[
    "martin",
    "chen",
    "jurgen",
    "zoe ang",
    "lovel",
    "kowal",
    "tanaka",
    "@acmecorp.example",
];

struct Search {
    keystroke: Vec<Duration>,
    ready: Vec<Duration>,
    /// Every query as typed, prefix by prefix (the same set fzf gets).
    typed: Vec<String>,
}

/// Types each query a key at a time, as a person would, timing each key until its results show.
fn search(app: &mut App) -> Search {
    let mut result = Search {
        keystroke: Vec::new(),
        ready: Vec::new(),
        typed: Vec::new(),
    };
    for query in QUERIES {
        app.update(Msg::Action(Action::Search));
        let mut typed = String::new();
        for c in query.chars() {
            typed.push(c);
            let start = Instant::now();
            app.update(Msg::Key(KeyEvent::new(
                KeyCode::Char(c),
                KeyModifiers::NONE,
            )));
            result.keystroke.push(start.elapsed());
            // With a background search, the results show when the answer arrives.
            while app.waiting_for_search() {
                std::thread::sleep(Duration::from_micros(200));
                app.update(Msg::Tick(Instant::now()));
            }
            result.ready.push(start.elapsed());
            if std::env::var_os("VETTED_PERF_DETAIL").is_some() {
                eprintln!(
                    "  {typed:<20} {:>8.2} ms  {} rows",
                    start.elapsed().as_secs_f64() * 1e3,
                    app.rows()
                );
            }
            result.typed.push(typed.clone());
        }
        app.update(Msg::Action(Action::Cancel));
    }
    result
}

/// `fzf --filter` over the same lines (name, addresses, organization) and the same queries.
fn fzf(lines: &Path, queries: &[String]) -> Option<Vec<Duration>> {
    let probe = Command::new("fzf").arg("--version").output().ok()?;
    if !probe.status.success() {
        return None;
    }
    let mut times = Vec::new();
    for query in queries {
        let input = std::fs::File::open(lines).ok()?;
        let start = Instant::now();
        let status = Command::new("fzf")
            .args(["--filter", query])
            .stdin(input)
            .stdout(std::process::Stdio::null())
            .status()
            .ok()?;
        times.push(start.elapsed());
        // fzf exits 1 when nothing matches; that is a result, not a failure.
        if status.code().is_none_or(|c| c > 1) {
            return None;
        }
    }
    Some(times)
}

fn main() {
    let args = args();
    if let Some(path) = &args.child_open {
        child_open(path);
        return;
    }
    if let Some(path) = &args.child_mbox {
        child_mbox(path);
        return;
    }
    if args.mbox_only {
        let size = args.mbox_mb.unwrap_or(1024);
        let dir = tempfile::Builder::new()
            .prefix("vetted-perf-")
            .tempdir()
            .expect("tempdir");
        match mbox_throughput(dir.path(), size) {
            Some((mb_s, rss)) => println!(
                "mail-history scan of a generated {size} MB mbox: {mb_s:.0} MB/s, peak RSS {rss:.0} MB (target >= 200 MB/s, bounded memory)"
            ),
            None => println!("the mbox scan failed"),
        }
        return;
    }
    let n = args.contacts;
    eprintln!(
        "vetted perf: {n} contacts (release build: {})",
        !cfg!(debug_assertions)
    );
    let dir = tempfile::Builder::new()
        .prefix("vetted-perf-")
        .tempdir()
        .expect("tempdir");
    let people = people(n);
    let books = args
        .write_books
        .clone()
        .unwrap_or_else(|| dir.path().to_path_buf());
    std::fs::create_dir_all(&books).expect("books folder");
    let csv_path = books.join("contacts.csv");
    let vcf_path = books.join("contacts.vcf");
    std::fs::write(&csv_path, google_csv(&people)).expect("write");
    std::fs::write(&vcf_path, vcards(&people)).expect("write");
    if args.write_books.is_some() {
        eprintln!("wrote {} and {}", csv_path.display(), vcf_path.display());
        return;
    }
    let lines_path = dir.path().join("lines.txt");
    {
        let mut lines = std::io::BufWriter::new(std::fs::File::create(&lines_path).expect("lines"));
        for p in &people {
            writeln!(
                lines,
                "{} {} {} {}",
                p.given,
                p.family,
                p.addresses.join(" "),
                p.organization
            )
            .expect("write");
        }
    }
    let csv_bytes = std::fs::metadata(&csv_path).map_or(0, |m| m.len() as usize);
    let vcf_bytes = std::fs::metadata(&vcf_path).map_or(0, |m| m.len() as usize);
    drop(people);

    eprintln!("importing…");
    let workspace = dir.path().join("csv.sqlite3");
    let (csv_time, csv_records) = import(&workspace, &csv_path);
    let (vcf_time, vcf_records) = import(&dir.path().join("vcard.sqlite3"), &vcf_path);

    eprintln!("opening (in a fresh process)…");
    let output = Command::new(std::env::current_exe().expect("exe"))
        .arg("--child-open")
        .arg(&workspace)
        .output()
        .expect("child");
    let reported = String::from_utf8_lossy(&output.stdout);
    let mut parts = reported
        .split_whitespace()
        .map(|v| v.parse::<f64>().unwrap_or(f64::NAN));
    let (open_ms, rss_mb) = (
        parts.next().unwrap_or(f64::NAN),
        parts.next().unwrap_or(f64::NAN),
    );

    eprintln!("searching…");
    let mut app = app_on(&workspace);
    let mut searched = search(&mut app);
    // For profiling the search alone: VETTED_PERF_SEARCH_ONLY=<rounds> repeats it, then stops.
    if let Some(rounds) = std::env::var("VETTED_PERF_SEARCH_ONLY")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
    {
        for _ in 0..rounds {
            search(&mut app);
        }
        return;
    }
    let fzf_times = fzf(&lines_path, &searched.typed);

    eprintln!("rendering…");
    let mut terminal = Terminal::new(TestBackend::new(120, 35)).expect("terminal");
    let theme = Theme::no_color();
    let mut frames = Vec::new();
    for _ in 0..500 {
        app.update(Msg::Action(Action::MoveDown));
        let start = Instant::now();
        terminal
            .draw(|frame| view::render(frame, &app, &theme))
            .expect("draws");
        frames.push(start.elapsed());
    }

    eprintln!("marking…");
    let mut marks = Vec::new();
    app.update(Msg::Action(Action::GoTop));
    for i in 0..300 {
        let action = [
            Action::MarkKnowWell,
            Action::MarkVaguely,
            Action::MarkDontKnow,
        ][i % 3];
        let start = Instant::now();
        app.update(Msg::Action(action));
        marks.push(start.elapsed());
    }
    // Undo puts contacts back in the list in order; by name is the dearest order to keep.
    while app.sort() != Sort::Name {
        app.update(Msg::Action(Action::CycleSort));
    }
    let mut undos = Vec::new();
    for _ in 0..100 {
        let start = Instant::now();
        app.update(Msg::Action(Action::Undo));
        undos.push(start.elapsed());
    }
    // `A` looks for suggestions over the whole view; whatever it finds is only asked about.
    let mut suggestions = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        app.update(Msg::Action(Action::AcceptSuggestions));
        suggestions.push(start.elapsed());
        app.update(Msg::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)));
    }

    let mut mbox_mb_s = None;
    let mut mbox_rss_mb = None;
    if let Some(size) = args.mbox_mb {
        eprintln!("scanning a {size} MB mbox…");
        if let Some((mb_s, rss)) = mbox_throughput(dir.path(), size) {
            mbox_mb_s = Some(mb_s);
            mbox_rss_mb = Some(rss);
        }
    }

    let report = Report {
        contacts: n,
        import_csv_mb_s: mb(csv_bytes) / csv_time.as_secs_f64(),
        import_csv_contacts_s: csv_records as f64 / csv_time.as_secs_f64(),
        import_csv_mb: mb(csv_bytes),
        import_vcard_mb_s: mb(vcf_bytes) / vcf_time.as_secs_f64(),
        import_vcard_contacts_s: vcf_records as f64 / vcf_time.as_secs_f64(),
        import_vcard_mb: mb(vcf_bytes),
        open_ms,
        search_ms_p50: percentile(&mut searched.ready, 0.5),
        search_ms_p95: percentile(&mut searched.ready, 0.95),
        keystroke_ms_p95: percentile(&mut searched.keystroke, 0.95),
        fzf_filter_ms_p50: fzf_times.map(|mut t| percentile(&mut t, 0.5)),
        mark_ms_p50: percentile(&mut marks, 0.5),
        mark_ms_p99: percentile(&mut marks, 0.99),
        undo_ms_p50: percentile(&mut undos, 0.5),
        undo_ms_p99: percentile(&mut undos, 0.99),
        suggestions_ms_p50: percentile(&mut suggestions, 0.5),
        frame_ms_p50: percentile(&mut frames, 0.5),
        frame_ms_p99: percentile(&mut frames, 0.99),
        rss_mb,
        mbox_mb_s,
        mbox_rss_mb,
    };
    report.print();
    if let Some(path) = &args.json {
        std::fs::write(path, report.json()).expect("writes the JSON report");
    }
}

/// Writes a deterministic mbox of about `size_mb` MB: a user and two thousand correspondents,
/// plain messages of a few KB and one in ten with a base64 attachment, as a mailbox export has.
fn write_mbox(path: &Path, size_mb: usize) -> u64 {
    let mut out =
        std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path).expect("mbox"));
    let mut rng = Rng(0x5eed_3a11);
    let target = (size_mb as u64) << 20;
    let mut written = 0u64;
    let text_line =
        "Thanks for the notes from Tuesday; I have gone through them and added a few comments.\n";
    let base64_line =
        "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0NTY3\n";
    let person = |n: usize| format!("Person {n} <person{n}@corp{}.example>", n % 97);
    let mut message = 0u64;
    while written < target {
        message += 1;
        let user_sends = rng.below(10) < 3;
        let other = person(rng.below(2000));
        let (from, to) = if user_sends {
            ("Sam Example <me@home.example>".to_string(), other)
        } else {
            (other, "Sam Example <me@home.example>".to_string())
        };
        let day = 1 + rng.below(28);
        let mut text = format!(
            "From me@home.example Mon Jan {day:2} 10:{:02}:00 2024\n\
             Return-Path: <bounce@mail.example>\n\
             Received: from mx.example (mx.example [192.0.2.1])\n\tby mail.example with ESMTPS id {message}\n\tfor <me@home.example>; Mon, {day} Jan 2024 10:00:00 +0000\n\
             From: {from}\nTo: {to}\nCc: {}\nSubject: =?UTF-8?Q?Re:_Notes_=E2=80=94_{message}?=\n\
             Date: Mon, {day} Jan 2024 10:{:02}:00 +0000\nMessage-ID: <{message}@mail.example>\n\
             MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b{message}\"\n\n--b{message}\n\
             Content-Type: text/plain; charset=utf-8\n\n",
            rng.below(60),
            person(rng.below(2000)),
            rng.below(60)
        );
        for _ in 0..(10 + rng.below(40)) {
            text.push_str(text_line);
        }
        if rng.below(10) == 0 {
            text.push_str(&format!(
                "--b{message}\nContent-Type: application/pdf\nContent-Transfer-Encoding: base64\n\n"
            ));
            for _ in 0..(200 + rng.below(1200)) {
                text.push_str(base64_line);
            }
        }
        text.push_str(&format!("--b{message}--\n\n"));
        out.write_all(text.as_bytes()).expect("write");
        written += text.len() as u64;
    }
    out.flush().expect("flush");
    written
}

/// In a fresh process: scan an mbox as `vetted import` does, report seconds, messages and
/// peak memory.
fn child_mbox(path: &Path) {
    let start = Instant::now();
    let file = std::fs::File::open(path).expect("mbox");
    let mut tally = vetted::import::mail::Tally::default();
    let messages = vetted::import::mail::scan_mbox(
        file,
        &mut |headers, line| {
            tally.add(
                &vetted::import::mail::envelope(headers),
                vetted::contact::Location::line(line),
            );
        },
        &mut |_| {},
    )
    .expect("scans");
    let history = tally.finish(&[]);
    let seconds = start.elapsed().as_secs_f64();
    assert_eq!(history.user, ["me@home.example"]);
    println!("{seconds} {messages} {}", peak_rss_mb());
}

/// Mail-history scanning throughput (MB/s) and the scanning process's peak RSS (MB).
fn mbox_throughput(dir: &Path, size_mb: usize) -> Option<(f64, f64)> {
    let path = dir.join("mail.mbox");
    let bytes = write_mbox(&path, size_mb);
    let output = Command::new(std::env::current_exe().ok()?)
        .arg("--child-mbox")
        .arg(&path)
        .output()
        .ok()?;
    let reported = String::from_utf8_lossy(&output.stdout);
    let mut parts = reported.split_whitespace();
    let seconds: f64 = parts.next()?.parse().ok()?;
    let messages: u64 = parts.next()?.parse().ok()?;
    let rss: f64 = parts.next()?.parse().ok()?;
    eprintln!(
        "  {} messages, {:.0} MB in {seconds:.2} s",
        messages,
        mb(bytes as usize)
    );
    let _ = std::fs::remove_file(&path);
    Some((mb(bytes as usize) / seconds, rss))
}

struct Report {
    contacts: usize,
    import_csv_mb_s: f64,
    import_csv_contacts_s: f64,
    import_csv_mb: f64,
    import_vcard_mb_s: f64,
    import_vcard_contacts_s: f64,
    import_vcard_mb: f64,
    open_ms: f64,
    search_ms_p50: f64,
    search_ms_p95: f64,
    keystroke_ms_p95: f64,
    fzf_filter_ms_p50: Option<f64>,
    mark_ms_p50: f64,
    mark_ms_p99: f64,
    undo_ms_p50: f64,
    undo_ms_p99: f64,
    suggestions_ms_p50: f64,
    frame_ms_p50: f64,
    frame_ms_p99: f64,
    rss_mb: f64,
    mbox_mb_s: Option<f64>,
    mbox_rss_mb: Option<f64>,
}

impl Report {
    fn print(&self) {
        let n = self.contacts;
        let check = |ok: bool| if ok { "ok" } else { "MISSED" };
        let budget = n == 100_000;
        let verdict = |ok: bool| if budget { check(ok) } else { "" };
        println!();
        println!(
            "vetted performance, {} contacts",
            vetted::text::count(n as u64)
        );
        println!("{:<44} {:>14} {:>16}", "measure", "result", "budget (100k)");
        let row = |name: &str, value: String, budget: &str, ok: &str| {
            println!("{name:<44} {value:>14} {budget:>16} {ok}")
        };
        row(
            &format!("import CSV ({:.1} MB)", self.import_csv_mb),
            format!("{:.1} MB/s", self.import_csv_mb_s),
            ">= 50 MB/s",
            verdict(self.import_csv_mb_s >= 50.0),
        );
        row(
            "  contacts per second",
            format!("{:.0}", self.import_csv_contacts_s),
            "",
            "",
        );
        row(
            &format!("import vCard ({:.1} MB)", self.import_vcard_mb),
            format!("{:.1} MB/s", self.import_vcard_mb_s),
            "",
            "",
        );
        row(
            "  contacts per second",
            format!("{:.0}", self.import_vcard_contacts_s),
            "",
            "",
        );
        row(
            "open to first frame",
            format!("{:.0} ms", self.open_ms),
            "<= 400 ms",
            verdict(self.open_ms <= 400.0),
        );
        row(
            "peak RSS, workspace open",
            format!("{:.0} MB", self.rss_mb),
            "<= 150 MB",
            verdict(self.rss_mb <= 150.0),
        );
        row(
            "search per keystroke p50",
            format!("{:.2} ms", self.search_ms_p50),
            "",
            "",
        );
        row(
            "search per keystroke p95",
            format!("{:.2} ms", self.search_ms_p95),
            "<= 16 ms",
            verdict(self.search_ms_p95 <= 16.0),
        );
        row(
            "  time the keystroke itself took, p95",
            format!("{:.2} ms", self.keystroke_ms_p95),
            "",
            "",
        );
        match self.fzf_filter_ms_p50 {
            Some(fzf) => row(
                "fzf --filter, same lines and queries, p50",
                format!("{fzf:.2} ms"),
                ">= 4x search p95",
                verdict(self.search_ms_p95 * 4.0 <= fzf),
            ),
            None => row("fzf --filter", "not installed".into(), "", ""),
        }
        row(
            "mark, durable (synchronous=FULL) p50",
            format!("{:.2} ms", self.mark_ms_p50),
            "",
            "",
        );
        row(
            "mark, durable p99",
            format!("{:.2} ms", self.mark_ms_p99),
            "<= 5 ms",
            verdict(self.mark_ms_p99 <= 5.0),
        );
        row(
            "undo, durable, sorted by name p50",
            format!("{:.2} ms", self.undo_ms_p50),
            "",
            "",
        );
        row("undo p99", format!("{:.2} ms", self.undo_ms_p99), "", "");
        row(
            "suggestions in the view (A) p50",
            format!("{:.2} ms", self.suggestions_ms_p50),
            "",
            "",
        );
        row(
            "frame 120x35 while scrolling p50",
            format!("{:.3} ms", self.frame_ms_p50),
            "",
            "",
        );
        row(
            "frame p99",
            format!("{:.3} ms", self.frame_ms_p99),
            "<= 4 ms",
            verdict(self.frame_ms_p99 <= 4.0),
        );
        if let Some(mbox) = self.mbox_mb_s {
            row(
                "mail history scan",
                format!("{mbox:.0} MB/s"),
                ">= 200 MB/s",
                verdict(mbox >= 200.0),
            );
        }
        if let Some(rss) = self.mbox_rss_mb {
            row(
                "  peak RSS while scanning",
                format!("{rss:.0} MB"),
                "bounded",
                "",
            );
        }
    }

    fn json(&self) -> String {
        let number = |v: f64| {
            if v.is_finite() {
                format!("{v:.3}")
            } else {
                "null".into()
            }
        };
        let mut fields = vec![
            format!("\"contacts\":{}", self.contacts),
            format!("\"import_csv_mb_s\":{}", number(self.import_csv_mb_s)),
            format!(
                "\"import_csv_contacts_s\":{}",
                number(self.import_csv_contacts_s)
            ),
            format!("\"import_vcard_mb_s\":{}", number(self.import_vcard_mb_s)),
            format!(
                "\"import_vcard_contacts_s\":{}",
                number(self.import_vcard_contacts_s)
            ),
            format!("\"open_ms\":{}", number(self.open_ms)),
            format!("\"search_ms_p50\":{}", number(self.search_ms_p50)),
            format!("\"search_ms_p95\":{}", number(self.search_ms_p95)),
            format!("\"keystroke_ms_p95\":{}", number(self.keystroke_ms_p95)),
            format!(
                "\"fzf_filter_ms_p50\":{}",
                self.fzf_filter_ms_p50.map_or("null".into(), number)
            ),
            format!("\"mark_ms_p50\":{}", number(self.mark_ms_p50)),
            format!("\"mark_ms_p99\":{}", number(self.mark_ms_p99)),
            format!("\"undo_ms_p50\":{}", number(self.undo_ms_p50)),
            format!("\"undo_ms_p99\":{}", number(self.undo_ms_p99)),
            format!("\"suggestions_ms_p50\":{}", number(self.suggestions_ms_p50)),
            format!("\"frame_ms_p50\":{}", number(self.frame_ms_p50)),
            format!("\"frame_ms_p99\":{}", number(self.frame_ms_p99)),
            format!("\"rss_mb\":{}", number(self.rss_mb)),
        ];
        if let Some(mbox) = self.mbox_mb_s {
            fields.push(format!("\"mbox_mb_s\":{}", number(mbox)));
        }
        if let Some(rss) = self.mbox_rss_mb {
            fields.push(format!("\"mbox_rss_mb\":{}", number(rss)));
        }
        format!("{{{}}}\n", fields.join(","))
    }
}
