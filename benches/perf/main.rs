//! The performance harness: README's budgets, measured on generated address books.
//!
//! `cargo bench --bench perf [-- --contacts N] [--json PATH] [--mbox-mb N]`
//!
//! Everything runs through the library the way the product does: imports through the importers
//! and the store, searches, marks and frames through the triage screen's `App` (keys in, state
//! out), rendered to ratatui's `TestBackend`. Opening a workspace and its peak memory are
//! measured in a fresh child process, so nothing this process did before counts. When `fzf` is
//! installed, `fzf --filter` runs the same queries over the same lines, in the same run.
mod books;
mod mail;
mod measure;

use books::{google_csv, people, vcards};
use mail::{child_mbox, mbox_throughput};
use measure::{app_on, child_open, fzf, import, mb, percentile, search};

use std::io::Write;
use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use vetted::action::Action;
use vetted::config::Sort;
use vetted::tui::{Msg, Theme, view};

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
    // For profiling the possible duplicates alone: VETTED_PERF_DUPLICATES_ONLY=<rounds>.
    if let Some(rounds) = std::env::var("VETTED_PERF_DUPLICATES_ONLY")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
    {
        let reader = vetted::store::Workspace::open_read_only(&workspace)
            .expect("opens")
            .expect("exists");
        let everyone = reader.contacts(None).expect("contacts");
        let roles = vetted::config::Config::built_in().roles;
        let mut times = Vec::new();
        for _ in 0..rounds {
            let start = Instant::now();
            let groups = vetted::duplicates::find(&everyone, &[], &roles).len();
            times.push(start.elapsed());
            eprintln!("{groups} groups in {:?}", times.last().expect("one"));
        }
        println!(
            "possible duplicates p50 {:.1} ms",
            percentile(&mut times, 0.5)
        );
        return;
    }
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

    // Possible duplicates are worked out when the screen opens and after each merge or split.
    eprintln!("finding possible duplicates…");
    let reader = vetted::store::Workspace::open_read_only(&workspace)
        .expect("opens")
        .expect("exists");
    let (everyone, roles) = (
        reader.contacts(None).expect("contacts"),
        vetted::config::Config::built_in().roles,
    );
    let mut duplicates = Vec::new();
    let mut groups = 0;
    for _ in 0..3 {
        let start = Instant::now();
        groups = vetted::duplicates::find(&everyone, &[], &roles).len();
        duplicates.push(start.elapsed());
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
        duplicates_ms_p50: percentile(&mut duplicates, 0.5),
        duplicate_groups: groups,
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
    duplicates_ms_p50: f64,
    duplicate_groups: usize,
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
            &format!("possible duplicates ({} groups) p50", self.duplicate_groups),
            format!("{:.1} ms", self.duplicates_ms_p50),
            "<= 1000 ms",
            verdict(self.duplicates_ms_p50 <= 1000.0),
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
            format!("\"duplicates_ms_p50\":{}", number(self.duplicates_ms_p50)),
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
