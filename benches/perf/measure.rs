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

/// In a fresh process: open the workspace, build the screen, render the first frame.
pub fn child_open(path: &Path) {
    let start = Instant::now();
    let app = app_on(path);
    let mut terminal = Terminal::new(TestBackend::new(120, 35)).expect("terminal");
    terminal
        .draw(|frame| view::render(frame, &app, &Theme::no_color()))
        .expect("draws");
    let open_ms = start.elapsed().as_secs_f64() * 1e3;
    println!("{open_ms} {}", peak_rss_mb());
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
