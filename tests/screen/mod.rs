//! The triage screen without a terminal, for the tests of `tests/tui*.rs`: an [`App`] over a
//! private workspace, driven by actions and keys, with the store read back through a second,
//! read-only connection and frames rendered to ratatui's `TestBackend`.
#![allow(dead_code)]

use std::cell::Cell;
use std::rc::Rc;
use std::time::Instant;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use vetted::action::Action;
use vetted::config::Config;
use vetted::contact::Verdict;
use vetted::import::{FormatChoice, parse};
use vetted::store::{SourceFile, Workspace};
use vetted::tui::{App, Msg, Settings, Theme, view};

pub const PEOPLE: &str = "First Name,Last Name,E-mail 1 - Value,E-mail 2 - Value,Organization Name\n\
    Ada,Lovelace,ada@analytical.example,ada.l@mail.example,Analytical Engines\n\
    Charles,Babbage,cb@analytical.example,,Analytical Engines\n\
    Zoë,Ångström,zoe@optik.example,,Nordic Optics AB\n\
    小龙,李,li.xiaolong@kaisha.example,,Kaisha K.K.\n\
    Grace,Hopper,grace@navy.example,,US Navy\n\
    Alan,Turing,alan@bletchley.example,,\n\
    Emmy,Noether,emmy@goettingen.example,,Universität Göttingen\n\
    Hedy,Lamarr,hedy@mgm.example,,MGM\n\
    Katherine,Johnson,katherine@nasa.example,,NASA\n\
    Edsger,Dijkstra,edsger@tue.example,,TU Eindhoven\n";

pub struct Screen {
    pub app: App,
    pub dir: tempfile::TempDir,
    /// The screen's clock: it stands still unless a test moves it.
    pub now: Rc<Cell<Instant>>,
}

impl Screen {
    pub fn new(text: &str) -> Screen {
        Screen::with_settings(text, Settings::default())
    }

    /// The screen as a user file (`config.toml` text) over the defaults sets it up.
    pub fn configured(text: &str, user_file: &str) -> Screen {
        let config = Config::with_user_file("config.toml", user_file).expect("a valid config");
        let settings = Settings::from_config(&config, std::path::PathBuf::from("."));
        Screen::build(text, settings, config.keymap)
    }

    pub fn with_settings(text: &str, settings: Settings) -> Screen {
        Screen::build(text, settings, Config::built_in().keymap)
    }

    pub fn build(text: &str, settings: Settings, keymap: vetted::config::Keymap) -> Screen {
        Screen::prepared(text, settings, keymap, |_| {})
    }

    /// Like [`Screen::build`], with `prepare` run on the workspace before the screen opens.
    pub fn prepared(
        text: &str,
        mut settings: Settings,
        keymap: vetted::config::Keymap,
        prepare: impl FnOnce(&mut Workspace),
    ) -> Screen {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("workspace.sqlite3");
        let mut workspace = Workspace::open(&path).expect("workspace");
        if !text.is_empty() {
            let parsed = parse(text.as_bytes(), FormatChoice::Auto).expect("parses");
            workspace
                .import(
                    &SourceFile {
                        path: "/data/contacts.csv".into(),
                    },
                    &parsed,
                    false,
                    &mut |_| {},
                )
                .expect("imports");
        }
        prepare(&mut workspace);
        settings.export_folder = dir.path().to_path_buf();
        let now = Rc::new(Cell::new(Instant::now()));
        let clock = Rc::clone(&now);
        // As the screen opens: in two steps above `first_frame_early_above` contacts.
        let mut app = App::opening(workspace, keymap, settings, "contacts".into())
            .expect("app")
            .with_clock(move || clock.get());
        app.update(Msg::Resize {
            width: 120,
            height: 35,
        });
        Screen { app, dir, now }
    }

    pub fn act(&mut self, actions: &[Action]) {
        for action in actions {
            self.app.update(Msg::Action(*action));
        }
    }

    pub fn keys(&mut self, keys: &str) {
        for c in keys.chars() {
            self.app.update(Msg::Key(KeyEvent::new(
                KeyCode::Char(c),
                KeyModifiers::NONE,
            )));
        }
    }

    pub fn key(&mut self, code: KeyCode) {
        self.app
            .update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }

    pub fn current(&self) -> String {
        self.app
            .current()
            .map(|c| c.name.to_string())
            .unwrap_or_default()
    }

    /// Verdicts as another process sees them in the store.
    pub fn stored(&self) -> Vec<(String, Verdict)> {
        let reader = Workspace::open_read_only(&self.dir.path().join("workspace.sqlite3"))
            .expect("reads")
            .expect("exists");
        reader
            .contacts(None)
            .expect("contacts")
            .into_iter()
            .map(|c| (c.name.into(), c.verdict))
            .collect()
    }

    pub fn stored_verdict(&self, name: &str) -> Verdict {
        self.stored()
            .into_iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
            .expect("known name")
    }

    pub fn render(&mut self, width: u16, height: u16) -> String {
        self.app.update(Msg::Resize { width, height });
        let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
        terminal
            .draw(|frame| view::render(frame, &self.app, &Theme::no_color()))
            .expect("draws");
        terminal.backend().to_string()
    }
}
