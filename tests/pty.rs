//! The real binary in a pseudo-terminal: keys in, screen out (vt100), store checked afterwards.

mod common;

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use common::Sandbox;
use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const PEOPLE: &str = "First Name,Last Name,Email\nAda,Lovelace,ada@example.org\nCharles,Babbage,cb@example.org\n\
                      Zoë,Ångström,zoe@example.org\nGrace,Hopper,grace@example.org\n";

struct Session {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    screen: Arc<Mutex<vt100::Parser>>,
    /// Every byte the program wrote to the terminal.
    written: Arc<Mutex<Vec<u8>>>,
    /// The terminal's master side, shared with the reader thread. When `hang_up` is set, the
    /// reader lets go of it (and of its own handle) after its next read, which hangs the
    /// terminal up, as closing a window does.
    master: Arc<Mutex<Option<Box<dyn portable_pty::MasterPty + Send>>>>,
    hang_up: Arc<std::sync::atomic::AtomicBool>,
    reader: Option<JoinHandle<()>>,
}

impl Session {
    fn start(sandbox: &Sandbox, args: &[&str]) -> Session {
        Session::start_with_env(sandbox, args, &[])
    }

    fn start_with_env(sandbox: &Sandbox, args: &[&str], env: &[(&str, &str)]) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 35,
                cols: 120,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let mut command = CommandBuilder::new(
            std::env::var("VETTED_TEST_BIN").unwrap_or(env!("CARGO_BIN_EXE_vetted").into()),
        );
        command.arg("--workspace");
        command.arg(sandbox.workspace());
        command.args(args);
        command.env("TERM", "xterm-256color");
        command.env("HOME", sandbox.dir.path());
        command.env_remove("VETTED_CONFIG");
        command.env_remove("NO_COLOR");
        command.env("XDG_CONFIG_HOME", sandbox.dir.path().join("config"));
        command.env("XDG_DATA_HOME", sandbox.dir.path().join("data"));
        for (name, value) in env {
            command.env(name, value);
        }
        command.cwd(sandbox.dir.path());
        let child = pty.slave.spawn_command(command).expect("spawns");
        drop(pty.slave);
        let mut output = pty.master.try_clone_reader().expect("reader");
        let writer = pty.master.take_writer().expect("writer");
        let master = Arc::new(Mutex::new(Some(pty.master)));
        let held = Arc::clone(&master);
        let size = |n: u16| std::num::NonZeroU16::new(n).expect("not zero");
        let screen = Arc::new(Mutex::new(vt100::Parser::new(size(35), size(120), 0)));
        let shared = Arc::clone(&screen);
        let written = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&written);
        let hang_up = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let hang_up_requested = Arc::clone(&hang_up);
        let reader = std::thread::spawn(move || {
            let mut buffer = [0u8; 8192];
            while let Ok(n) = output.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                shared.lock().expect("screen").process(&buffer[..n]);
                log.lock().expect("log").extend_from_slice(&buffer[..n]);
                if hang_up_requested.load(std::sync::atomic::Ordering::SeqCst) {
                    held.lock().expect("master").take();
                    break;
                }
            }
        });
        Session {
            child,
            writer,
            screen,
            written,
            master,
            hang_up,
            reader: Some(reader),
        }
    }

    fn contents(&self) -> String {
        self.screen.lock().expect("screen").screen().contents()
    }

    /// Waits until the screen shows `text`.
    fn wait_for(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if self.contents().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("the screen never showed {text:?}:\n{}", self.contents());
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("writes");
        self.writer.flush().expect("flushes");
    }

    fn signal(&self, name: &str) {
        let pid = self.child.process_id().expect("pid").to_string();
        let status = std::process::Command::new("kill")
            .args([&format!("-{name}"), &pid])
            .status()
            .expect("kill");
        assert!(status.success());
    }

    /// Waits for the process to end, then for the reader to drain, and returns the final screen.
    fn finish(mut self) -> (portable_pty::ExitStatus, vt100::Screen) {
        let deadline = Instant::now() + Duration::from_secs(20);
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("status") {
                break status;
            }
            assert!(
                Instant::now() < deadline,
                "vetted did not exit:\n{}",
                self.contents()
            );
            std::thread::sleep(Duration::from_millis(20));
        };
        drop(self.writer);
        if let Some(reader) = self.reader.take() {
            reader.join().expect("reader thread");
        }
        let screen = self.screen.lock().expect("screen").screen().clone();
        (status, screen)
    }
}

fn sandbox() -> Sandbox {
    let sandbox = Sandbox::new();
    let file = sandbox.path("people.csv");
    std::fs::write(&file, PEOPLE).expect("write");
    assert_eq!(
        sandbox.run(&["import", file.to_str().expect("utf-8")]).code,
        0
    );
    sandbox
}

fn verdicts(sandbox: &Sandbox) -> Vec<(String, String)> {
    sandbox
        .json(&["list", "--json"])
        .as_array()
        .expect("array")
        .iter()
        .map(|c| {
            (
                c["name"].as_str().expect("name").to_string(),
                c["verdict"].as_str().expect("verdict").to_string(),
            )
        })
        .collect()
}

fn assert_restored(screen: &vt100::Screen) {
    assert!(!screen.alternate_screen(), "the alternate screen was left");
    assert!(!screen.hide_cursor(), "the cursor is visible again");
    assert!(
        !screen.contents().contains("reviewed"),
        "the triage screen is gone:\n{}",
        screen.contents()
    );
}

#[test]
fn marking_three_contacts_with_keys_then_quitting() {
    let sandbox = sandbox();
    let mut session = Session::start(&sandbox, &[]);
    session.wait_for("0/4 reviewed");
    session.wait_for("Ada Lovelace");
    session.send("1");
    session.wait_for("1/4 reviewed");
    session.send("2");
    session.wait_for("2/4 reviewed");
    session.send("3");
    session.wait_for("3/4 reviewed");
    assert!(session.contents().contains("Grace Hopper"));
    session.send("q");
    let (status, screen) = session.finish();
    assert!(status.success(), "{status:?}");
    assert_restored(&screen);
    assert_eq!(
        verdicts(&sandbox),
        [
            ("Ada Lovelace".to_string(), "know_well".to_string()),
            ("Charles Babbage".to_string(), "vaguely".to_string()),
            ("Zoë Ångström".to_string(), "dont_know".to_string()),
            ("Grace Hopper".to_string(), "unreviewed".to_string()),
        ]
    );
}

#[test]
fn ctrl_c_quits_and_restores_the_terminal() {
    let sandbox = sandbox();
    let mut session = Session::start(&sandbox, &[]);
    session.wait_for("0/4 reviewed");
    session.send("x");
    session.wait_for("1/4 reviewed");
    session.send("\u{3}");
    let (status, screen) = session.finish();
    assert!(status.success(), "{status:?}");
    assert_restored(&screen);
    assert_eq!(verdicts(&sandbox)[0].1, "dont_know");
}

#[test]
fn sigterm_and_sighup_restore_the_terminal_and_keep_every_mark() {
    for signal in ["TERM", "HUP"] {
        let sandbox = sandbox();
        let mut session = Session::start(&sandbox, &[]);
        session.wait_for("0/4 reviewed");
        session.send("w");
        session.wait_for("1/4 reviewed");
        session.signal(signal);
        let (_status, screen) = session.finish();
        assert_restored(&screen);
        assert_eq!(verdicts(&sandbox)[0].1, "know_well", "SIG{signal}");
        // No stale lock: a writer can start at once.
        assert_eq!(
            sandbox
                .run(&["mark", "grace@example.org", "--as", "vaguely"])
                .code,
            0,
            "SIG{signal}"
        );
    }
}

#[test]
fn the_demo_opens_on_the_sample_address_book() {
    let sandbox = Sandbox::new();
    let mut session = Session::start(&sandbox, &["demo"]);
    session.wait_for("vetted · demo");
    session.wait_for("0/204 reviewed");
    session.send("q");
    let (status, screen) = session.finish();
    assert!(status.success());
    assert_restored(&screen);
    assert!(
        !sandbox.workspace().exists(),
        "the demo does not touch the real workspace"
    );
}

#[test]
fn a_bad_configuration_is_reported_before_the_screen_opens() {
    let sandbox = sandbox();
    let config = sandbox.path("config.toml");
    std::fs::write(&config, "[theme]\nborder = \"purple\"\n").expect("write");
    let session = Session::start(&sandbox, &["--config", config.to_str().expect("utf-8")]);
    let written = Arc::clone(&session.written);
    let (status, screen) = session.finish();
    assert_eq!(status.exit_code(), 1);
    assert!(
        screen
            .contents()
            .contains("config.toml:2:10: [theme] border = \"purple\""),
        "{}",
        screen.contents()
    );
    let written = written.lock().expect("log").clone();
    let text = String::from_utf8_lossy(&written);
    assert!(
        !text.contains("\x1b[?1049h") && !text.contains("\x1b[?25l"),
        "the terminal was never taken over: {text:?}"
    );
}

#[test]
fn a_configuration_rebinds_keys_in_the_real_terminal() {
    let sandbox = sandbox();
    let config = sandbox.path("config.toml");
    std::fs::write(
        &config,
        "[keys.normal]\n\"j\" = \"mark_know_well\"\n\"1\" = \"none\"\n\n[theme]\npreset = \"high_contrast\"\n\n[screen]\nview = \"all\"\n",
    )
    .expect("write");
    let mut session = Session::start(&sandbox, &["--config", config.to_str().expect("utf-8")]);
    session.wait_for("0/4 reviewed");
    session.wait_for("j know well");
    session.send("1j");
    session.wait_for("1/4 reviewed");
    session.send("q");
    let (status, screen) = session.finish();
    assert!(status.success());
    assert_restored(&screen);
    assert_eq!(
        verdicts(&sandbox)[0],
        ("Ada Lovelace".into(), "know_well".into())
    );
    assert_eq!(verdicts(&sandbox)[1].1, "unreviewed", "1 is unbound");
}

/// Whether the bytes hold any SGR colour (foreground or background, 16, 256 or RGB colours).
fn has_colour(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes);
    text.split("\x1b[").skip(1).any(|sequence| {
        let Some(end) = sequence.find(|c: char| c.is_ascii_alphabetic()) else {
            return false;
        };
        if !sequence[end..].starts_with('m') {
            return false;
        }
        sequence[..end].split(';').any(|p| {
            matches!(
                p.parse::<u16>(),
                Ok(30..=38 | 40..=48 | 90..=97 | 100..=107)
            )
        })
    })
}

#[test]
fn no_color_wins_over_the_configured_theme() {
    let sandbox = sandbox();
    let config = sandbox.path("config.toml");
    std::fs::write(&config, "[theme]\nborder = \"red on blue\"\n").expect("write");
    let config = config.to_str().expect("utf-8");
    for no_color in [false, true] {
        let env: &[(&str, &str)] = if no_color { &[("NO_COLOR", "1")] } else { &[] };
        let mut session = Session::start_with_env(&sandbox, &["--config", config], env);
        session.wait_for("0/4 reviewed");
        session.send("q");
        let written = Arc::clone(&session.written);
        let (status, _) = session.finish();
        assert!(status.success());
        let written = written.lock().expect("log").clone();
        assert_eq!(has_colour(&written), !no_color, "NO_COLOR set: {no_color}");
    }
}

#[test]
fn closing_the_terminal_ends_vetted_and_keeps_every_mark() {
    let sandbox = sandbox();
    let mut session = Session::start(&sandbox, &[]);
    session.wait_for("0/4 reviewed");
    session.send("w");
    session.wait_for("1/4 reviewed");
    // Close the terminal: the kernel hangs it up (SIGHUP, then end of input). No key is sent;
    // a resize makes vetted redraw, which wakes the reader so it can let go of the terminal.
    session
        .hang_up
        .store(true, std::sync::atomic::Ordering::SeqCst);
    let Session {
        mut child,
        writer,
        reader,
        master,
        ..
    } = session;
    drop(writer);
    if let Some(master) = master.lock().expect("master").as_ref() {
        master
            .resize(PtySize {
                rows: 36,
                cols: 120,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize");
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = child.try_wait().expect("status") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("vetted kept running after its terminal closed");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(
        status.success(),
        "a closed window is an ordinary end, not a crash: {status:?}"
    );
    if let Some(reader) = reader {
        reader.join().expect("reader");
    }
    assert_eq!(verdicts(&sandbox)[0].1, "know_well");
    assert_eq!(
        sandbox
            .run(&["mark", "grace@example.org", "--as", "vaguely"])
            .code,
        0,
        "no stale lock"
    );
}
