//! Timing helpers and the measurements that drive the triage screen.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use vetted::action::Action;
use vetted::config::Config;
use vetted::import::FormatChoice;
use vetted::store::{SourceFile, Workspace};
use vetted::tui::{App, Msg, Settings, Theme, view};

pub fn percentile(samples: &mut [Duration], p: f64) -> f64 {
    if samples.is_empty() {
        return f64::NAN;
    }
    samples.sort();
    let index = ((samples.len() - 1) as f64 * p).round() as usize;
    samples[index].as_secs_f64() * 1e3
}

pub fn mb(bytes: usize) -> f64 {
    bytes as f64 / 1_000_000.0
}

pub fn import(workspace_path: &Path, file: &Path) -> (Duration, usize) {
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

pub fn app_on(workspace_path: &Path) -> App {
    let workspace = Workspace::open(workspace_path).expect("workspace");
    let keymap = Config::defaults().expect("defaults").keymap;
    let mut app = App::new(workspace, keymap, Settings::default(), "bench".into()).expect("app");
    app.update(Msg::Resize {
        width: 120,
        height: 35,
    });
    app
}

pub fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// In a fresh process, as `vetted` opens its screen: the workspace read, the first frame
/// rendered, then the opening finished (search index and possible duplicates). Prints the
/// time to the first frame, the peak memory once finished, and the time until keys are taken.
pub fn child_open(path: &Path) {
    let start = Instant::now();
    let workspace = Workspace::open(path).expect("workspace");
    let keymap = Config::defaults().expect("defaults").keymap;
    let mut app =
        App::opening(workspace, keymap, Settings::default(), "bench".into()).expect("app");
    app.update(Msg::Resize {
        width: 120,
        height: 35,
    });
    let mut terminal = Terminal::new(TestBackend::new(120, 35)).expect("terminal");
    terminal
        .draw(|frame| view::render(frame, &app, &Theme::no_color()))
        .expect("draws");
    let open_ms = start.elapsed().as_secs_f64() * 1e3;
    app.finish_opening();
    let ready_ms = start.elapsed().as_secs_f64() * 1e3;
    println!("{open_ms} {} {ready_ms}", peak_rss_mb());
}

pub const QUERIES: &[&str] = &[
    "martin",
    "chen",
    "jurgen",
    "zoe ang",
    "lovel",
    "kowal",
    "tanaka",
    "@acmecorp.example",
];

pub struct Search {
    pub keystroke: Vec<Duration>,
    pub ready: Vec<Duration>,
    /// Every query as typed, prefix by prefix (the same set fzf gets).
    pub typed: Vec<String>,
}

/// Types each query a key at a time, as a person would, timing each key until its results show.
pub fn search(app: &mut App) -> Search {
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
                    "  {typed:<20} {:>8.2} ms  {} rows  (the keystroke itself {:.2} ms)",
                    start.elapsed().as_secs_f64() * 1e3,
                    app.rows(),
                    result
                        .keystroke
                        .last()
                        .map_or(0.0, |d| d.as_secs_f64() * 1e3)
                );
            }
            result.typed.push(typed.clone());
        }
        app.update(Msg::Action(Action::Cancel));
    }
    result
}

/// `fzf --filter` over the same lines (name, addresses, organization) and the same queries.
pub fn fzf(lines: &Path, queries: &[String]) -> Option<Vec<Duration>> {
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

/// The processor's model and how many cores this process may use, printed above the table:
/// the absolute figures only mean something next to them.
pub fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .and_then(|v| v.split_once(':'))
        .map_or("unknown processor", |(_, v)| v.trim())
        .to_string();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    format!("{model}, {cores} cores")
}

/// The matcher's own speed, the baseline search is held to: nucleo-matcher alone, one thread,
/// over the same lines fzf reads, each query as typed scored against every line and the matches
/// sorted by score, with nothing kept between keystrokes.
pub fn nucleo_bare(lines: &Path, queries: &[String]) -> Vec<Duration> {
    use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
    use nucleo_matcher::{Config, Matcher, Utf32String};
    let text = std::fs::read_to_string(lines).expect("lines");
    let haystacks: Vec<Utf32String> = text.lines().map(Utf32String::from).collect();
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut times = Vec::new();
    for query in queries {
        let start = Instant::now();
        let pattern = Pattern::parse(query, CaseMatching::Smart, Normalization::Smart);
        let mut matches: Vec<(u32, u32)> = haystacks
            .iter()
            .enumerate()
            .filter_map(|(i, h)| {
                pattern
                    .score(h.slice(..), &mut matcher)
                    .map(|s| (s, i as u32))
            })
            .collect();
        matches.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        times.push(start.elapsed());
        std::hint::black_box(matches);
    }
    times
}

/// SQLite's own ceiling for what an import writes: every row the import of `imported` wrote,
/// read back into memory before the clock starts, inserted into a new workspace (the same
/// schema, pragmas and page size) in one transaction with 64-row statements, committed and
/// closed (which moves the write-ahead log into the database file, as an import's time
/// includes). Nothing is resolved, parsed or sorted while the clock runs.
pub fn sqlite_ceiling(imported: &Path, fresh: &Path) -> Duration {
    use rusqlite::types::Value;
    let read = rusqlite::Connection::open(imported).expect("opens the imported workspace");
    let names: Vec<String> = read
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .expect("tables");
    let mut tables: Vec<(String, usize, Vec<Value>)> = Vec::new();
    for name in names {
        let mut statement = read
            .prepare(&format!("SELECT * FROM \"{name}\""))
            .expect("reads");
        let width = statement.column_count();
        let mut values = Vec::new();
        let mut rows = statement.query([]).expect("reads");
        while let Some(row) = rows.next().expect("row") {
            for c in 0..width {
                values.push(row.get::<_, Value>(c).expect("value"));
            }
        }
        if !values.is_empty() {
            tables.push((name, width, values));
        }
    }
    drop(read);
    drop(Workspace::open(fresh).expect("a new workspace"));
    let mut conn = rusqlite::Connection::open(fresh).expect("opens");
    conn.execute_batch(
        "PRAGMA synchronous = FULL; PRAGMA foreign_keys = OFF; PRAGMA cache_size = -16384",
    )
    .expect("pragmas");
    const PER_STATEMENT: usize = 64;
    let start = Instant::now();
    let tx = conn.transaction().expect("transaction");
    for (name, width, values) in &tables {
        let row = format!("({})", vec!["?"; *width].join(","));
        let head = format!("INSERT INTO \"{name}\" VALUES ");
        let many = format!("{head}{}", vec![row.as_str(); PER_STATEMENT].join(","));
        let one = format!("{head}{row}");
        let chunk = width * PER_STATEMENT;
        let (full, rest) = values.split_at(values.len() - values.len() % chunk);
        for (sql, values, size) in [(many, full, chunk), (one, rest, *width)] {
            let mut statement = tx.prepare(&sql).expect("prepares");
            for group in values.chunks(size) {
                for (i, value) in group.iter().enumerate() {
                    statement.raw_bind_parameter(i + 1, value).expect("binds");
                }
                statement.raw_execute().expect("inserts");
            }
        }
    }
    tx.commit().expect("commits");
    drop(conn);
    start.elapsed()
}
