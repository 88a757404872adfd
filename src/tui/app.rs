//! The triage screen's state, and the one function that changes it.
//!
//! Input flows one way: a key becomes an [`Action`] in the keymap, [`App::update`] applies it
//! (writing to the store first when it changes a decision), and the view renders `&App`. A mark
//! reaches the screen only after the store has committed it, so what the screen shows as marked
//! survives any crash. The store is the truth; the contacts held here are its mirror, changed
//! only after a successful write.

use std::cmp::Reverse;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use crossterm::event::{Event, KeyEvent};
use ratatui_textarea::TextArea;
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use crate::action::{Action, Mode};

use crate::config::{Config, Key, Keymap, Resolved, Screen};
use crate::config::{Sort, View};
use crate::contact::Verdict;
use crate::contact::{Contact, ContactId};
use crate::export::{self, ExportFormat, ExportKind};
use crate::search::{self, Highlights, Query, Searcher, Worker};
use crate::store::{HistoryEntry, Origin, Source, Workspace};
use crate::suggest::{self, Reason, Roles, Suggestion};
use crate::text::{count, fold, plural};

/// Behaviour settings of the screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    pub screen: Screen,
    pub export: export::Settings,
    /// Role-address patterns, for suggestions.
    pub roles: Roles,
    /// Where exports from the screen are written.
    pub export_folder: PathBuf,
    /// Above this many contacts, searches run on a thread of their own so typing never waits.
    pub background_search_above: usize,
}

impl Settings {
    /// The screen's settings from the loaded configuration: its `[screen]`, `[export]` and
    /// `[roles]`, never the built-in ones in their place.
    pub fn from_config(config: &Config, export_folder: PathBuf) -> Settings {
        Settings {
            screen: config.screen.clone(),
            export: config.export.clone(),
            roles: config.roles.clone(),
            export_folder,
            background_search_above: 250_000,
        }
    }
}

impl Default for Settings {
    fn default() -> Settings {
        Settings::from_config(&Config::built_in(), PathBuf::from("."))
    }
}

/// Everything the screen can be told.
#[derive(Debug)]
pub enum Msg {
    /// A key from the terminal.
    Key(KeyEvent),
    /// An action, as a resolved key gives it (tests send these directly).
    Action(Action),
    /// A left click at a screen position.
    Click {
        column: u16,
        row: u16,
    },
    /// Mouse wheel: positive scrolls down.
    Scroll(i32),
    /// Pasted text.
    Paste(String),
    Resize {
        width: u16,
        height: u16,
    },
    /// Time passes (refreshes the marks-per-minute rate).
    Tick(Instant),
}

/// One undoable change: each contact's verdict before and after.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Step {
    changes: Vec<(ContactId, Verdict, Verdict)>,
}

/// A mark waiting for confirmation.
#[derive(Debug)]
pub struct PendingMark {
    /// Each contact and the verdict it is to get.
    pub changes: Vec<(ContactId, Verdict)>,
    /// What the dialog asks ("Mark 37 contacts as don't know?").
    pub question: String,
}

/// What the export dialog would write.
#[derive(Debug)]
pub struct ExportPreview {
    pub kind: ExportKind,
    pub file: PathBuf,
    pub count: usize,
    pub lines: Vec<String>,
}

/// A window over the list, when one is open.
pub enum Modal {
    None,
    Help {
        scroll: usize,
    },
    ConfirmMark(PendingMark),
    Export(ExportPreview),
    Note {
        id: ContactId,
        editor: Box<TextArea<'static>>,
    },
}

/// The search box and its results.
pub struct SearchState {
    pub input: Input,
    /// The box is open for typing (search mode); otherwise the filter is just kept.
    pub editing: bool,
    /// The query the list shows results for.
    pub applied: String,
    /// A background search under way (its generation), when one is.
    pending: Option<u64>,
}

impl SearchState {
    pub fn searching(&self) -> bool {
        self.pending.is_some()
    }
}

/// Details of the contact under the cursor, read from the store when the cursor moves there.
#[derive(Clone, Debug, Default)]
pub struct Details {
    pub id: Option<ContactId>,
    pub sources: Vec<Source>,
    pub history: Vec<HistoryEntry>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    Info(String),
    Error(String),
}

/// Marks made in this session, for the marks-per-minute figure.
#[derive(Clone, Copy, Debug, Default)]
struct Pace {
    marks: u64,
    first: Option<Instant>,
    per_minute: Option<u64>,
}

impl Pace {
    fn record(&mut self, marks: u64, now: Instant) {
        self.first.get_or_insert(now);
        self.marks += marks;
        self.refresh(now);
    }

    fn refresh(&mut self, now: Instant) {
        if let Some(first) = self.first {
            // Within the first minute the rate is simply the marks made so far.
            let minutes = (now.saturating_duration_since(first).as_secs_f64() / 60.0).max(1.0);
            self.per_minute = Some((self.marks as f64 / minutes).round() as u64);
        }
    }
}

pub struct App {
    workspace: Workspace,
    keymap: Keymap,
    settings: Settings,
    title: String,
    contacts: Vec<Contact>,
    index: HashMap<ContactId, usize>,
    counts: [usize; 4],
    view: View,
    sort: Sort,
    /// Some contact has mail history (mail columns and orders only show then).
    has_mail: bool,
    /// Indices into `contacts` of the rows the list shows, in order.
    visible: Vec<usize>,
    cursor: usize,
    offset: usize,
    selected: HashSet<ContactId>,
    modal: Modal,
    undo: Vec<Step>,
    redo: Vec<Step>,
    pace: Pace,
    /// Where the pace's time comes from: the system's clock, or a test's.
    clock: Box<dyn Fn() -> Instant>,
    show_details: bool,
    details: Details,
    status: Option<Status>,
    pending: Vec<Key>,
    size: (u16, u16),
    quit: bool,
    /// The view's contacts in the sort order, before any search: what a search searches.
    base: Vec<usize>,
    search_index: Arc<RwLock<search::Index>>,
    searcher: Searcher,
    worker: Option<Worker>,
    search: Option<SearchState>,
    /// Match positions for the rows on screen, by contact index.
    highlights: HashMap<usize, Highlights>,
    /// What `highlights` was computed for: (query, first row, rows).
    highlighted: (String, usize, usize),
}

fn verdict_slot(verdict: Verdict) -> usize {
    match verdict {
        Verdict::Unreviewed => 0,
        Verdict::KnowWell => 1,
        Verdict::Vaguely => 2,
        Verdict::DontKnow => 3,
    }
}

impl App {
    /// Loads the workspace's contacts and opens on the Unreviewed view.
    pub fn new(
        workspace: Workspace,
        keymap: Keymap,
        settings: Settings,
        title: String,
    ) -> crate::store::Result<App> {
        let contacts = workspace.contacts(None)?;
        let index = contacts
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id, i))
            .collect();
        let mut counts = [0; 4];
        for contact in &contacts {
            counts[verdict_slot(contact.verdict)] += 1;
        }
        let search_index = Arc::new(RwLock::new(search::Index::build(&contacts)));
        let worker = (contacts.len() > settings.background_search_above)
            .then(|| Worker::start(Arc::clone(&search_index)));
        let has_mail = contacts
            .iter()
            .any(|c| c.signals.sent > 0 || c.signals.received > 0);
        let view = settings.screen.view;
        // Without mail history, a mail order would be the import order under another name.
        let sort = match settings.screen.sort {
            sort if sort.needs_mail() && !has_mail => Sort::ImportOrder,
            sort => sort,
        };
        let mut app = App {
            workspace,
            keymap,
            settings,
            title,
            contacts,
            index,
            counts,
            view,
            sort,
            has_mail,
            visible: Vec::new(),
            cursor: 0,
            offset: 0,
            selected: HashSet::new(),
            modal: Modal::None,
            undo: Vec::new(),
            redo: Vec::new(),
            pace: Pace::default(),
            clock: Box::new(Instant::now),
            show_details: true,
            details: Details::default(),
            status: None,
            pending: Vec::new(),
            size: (80, 24),
            quit: false,
            base: Vec::new(),
            search_index,
            searcher: Searcher::default(),
            worker,
            search: None,
            highlights: HashMap::new(),
            highlighted: (String::new(), 0, 0),
        };
        app.rebuild_visible(None);
        Ok(app)
    }

    /// The screen with its time (for the marks-per-minute figure) read from `clock` instead of
    /// the system's clock, so that tests do not depend on how fast they run.
    pub fn with_clock(mut self, clock: impl Fn() -> Instant + 'static) -> App {
        self.clock = Box::new(clock);
        self
    }

    // ---- what the view reads ----

    pub fn title(&self) -> &str {
        &self.title
    }
    pub fn keymap(&self) -> &Keymap {
        &self.keymap
    }
    pub fn settings(&self) -> &Settings {
        &self.settings
    }
    /// The columns after the name: the configured ones, without mail columns until there is
    /// mail history.
    pub fn columns(&self) -> Vec<crate::config::Column> {
        self.settings
            .screen
            .columns
            .iter()
            .copied()
            .filter(|c| self.has_mail || !c.needs_mail())
            .collect()
    }
    pub fn total(&self) -> usize {
        self.contacts.len()
    }
    pub fn count(&self, verdict: Verdict) -> usize {
        self.counts[verdict_slot(verdict)]
    }
    pub fn view_count(&self, view: View) -> usize {
        match view {
            View::All => self.total(),
            View::Unreviewed => self.count(Verdict::Unreviewed),
            View::KnowWell => self.count(Verdict::KnowWell),
            View::Vaguely => self.count(Verdict::Vaguely),
            View::DontKnow => self.count(Verdict::DontKnow),
        }
    }
    pub fn reviewed(&self) -> usize {
        self.total() - self.count(Verdict::Unreviewed)
    }
    pub fn marks_per_minute(&self) -> Option<u64> {
        self.pace.per_minute
    }
    pub fn view(&self) -> View {
        self.view
    }
    pub fn sort(&self) -> Sort {
        self.sort
    }
    pub fn rows(&self) -> usize {
        self.visible.len()
    }
    pub fn cursor(&self) -> usize {
        self.cursor
    }
    pub fn offset(&self) -> usize {
        self.offset
    }
    /// The contact at a position of the list.
    pub fn row(&self, position: usize) -> Option<&Contact> {
        self.visible.get(position).map(|i| &self.contacts[*i])
    }
    pub fn current(&self) -> Option<&Contact> {
        self.row(self.cursor)
    }
    pub fn is_selected(&self, id: ContactId) -> bool {
        self.selected.contains(&id)
    }
    pub fn selected_count(&self) -> usize {
        self.selected.len()
    }
    pub fn modal(&self) -> &Modal {
        &self.modal
    }
    pub fn search(&self) -> Option<&SearchState> {
        self.search.as_ref()
    }
    /// Match positions in the displayed fields of a contact on screen, when searching.
    pub fn highlights(&self, id: ContactId) -> Option<&Highlights> {
        self.index_of(id).and_then(|i| self.highlights.get(&i))
    }
    fn index_of(&self, id: ContactId) -> Option<usize> {
        self.index.get(&id).copied()
    }
    pub fn mode(&self) -> Mode {
        match self.modal {
            Modal::None if self.search.as_ref().is_some_and(|s| s.editing) => Mode::Search,
            Modal::None => Mode::Normal,
            Modal::Help { .. } => Mode::Help,
            Modal::ConfirmMark(_) | Modal::Export(_) => Mode::Confirm,
            Modal::Note { .. } => Mode::Note,
        }
    }
    pub fn show_details(&self) -> bool {
        self.show_details
    }
    pub fn details(&self) -> &Details {
        &self.details
    }
    pub fn status(&self) -> Option<&Status> {
        self.status.as_ref()
    }
    pub fn pending_keys(&self) -> &[Key] {
        &self.pending
    }
    pub fn size(&self) -> (u16, u16) {
        self.size
    }
    pub fn should_quit(&self) -> bool {
        self.quit
    }
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    // ---- update ----

    /// Applies one message. The only place the screen's state changes.
    pub fn update(&mut self, msg: Msg) {
        match msg {
            Msg::Key(event) => self.key(event),
            Msg::Action(action) => {
                self.status = None;
                self.act(action);
            }
            Msg::Click { column, row } => self.click(column, row),
            Msg::Scroll(lines) => {
                if matches!(self.modal, Modal::None) {
                    self.move_cursor(lines as isize);
                }
            }
            Msg::Paste(text) => {
                let text = text.replace(['\r', '\n'], " ");
                if let Modal::Note { editor, .. } = &mut self.modal {
                    editor.insert_str(text);
                } else if let Some(search) = self.search.as_mut().filter(|s| s.editing) {
                    for c in text.chars() {
                        search.input.handle(tui_input::InputRequest::InsertChar(c));
                    }
                    self.run_search();
                }
            }
            Msg::Resize { width, height } => {
                self.size = (width, height);
                self.scroll_to_cursor();
            }
            Msg::Tick(now) => {
                self.pace.refresh(now);
                self.receive_search();
            }
        }
        self.refresh_details();
        self.refresh_highlights();
    }

    /// What holds the background search worker, when there is one ([`Worker::gate`]).
    pub fn search_gate(&self) -> Option<Arc<std::sync::Mutex<()>>> {
        self.worker.as_ref().map(Worker::gate)
    }

    /// Whether a background search is under way (the event loop then wakes up more often).
    pub fn waiting_for_search(&self) -> bool {
        self.search.as_ref().is_some_and(SearchState::searching)
    }

    fn key(&mut self, event: KeyEvent) {
        let Some(key) = Key::from_event(&event) else {
            return;
        };
        let mode = self.mode();
        match self.keymap.resolve(mode, &mut self.pending, key) {
            Resolved::Action(action) => {
                self.status = None;
                self.act(action);
            }
            Resolved::Pending => {}
            Resolved::Unbound => {
                if let Modal::Note { editor, .. } = &mut self.modal {
                    editor.input(event);
                } else if let Some(search) = self.search.as_mut().filter(|s| s.editing) {
                    let before = search.input.value().to_string();
                    search.input.handle_event(&Event::Key(event));
                    if search.input.value() != before {
                        self.run_search();
                    }
                }
            }
        }
    }

    fn act(&mut self, action: Action) {
        match &self.modal {
            Modal::None if self.mode() == Mode::Search => self.act_search(action),
            Modal::None => self.act_normal(action),
            Modal::Help { .. } => self.act_help(action),
            Modal::ConfirmMark(_) | Modal::Export(_) => self.act_confirm(action),
            Modal::Note { .. } => self.act_note(action),
        }
    }

    fn act_normal(&mut self, action: Action) {
        let page = self.page_rows().max(1) as isize;
        match action {
            Action::MoveDown => self.move_cursor(1),
            Action::MoveUp => self.move_cursor(-1),
            Action::PageDown => self.move_cursor(page),
            Action::PageUp => self.move_cursor(-page),
            Action::GoTop => self.set_cursor(0),
            Action::GoBottom => self.set_cursor(self.visible.len().saturating_sub(1)),
            Action::MarkKnowWell => self.mark(Verdict::KnowWell),
            Action::MarkVaguely => self.mark(Verdict::Vaguely),
            Action::MarkDontKnow => self.mark(Verdict::DontKnow),
            Action::ClearMark => self.mark(Verdict::Unreviewed),
            Action::Undo => self.undo(),
            Action::Redo => self.redo(),
            Action::NextView => self.switch_view(1),
            Action::PrevView => self.switch_view(View::ALL.len() - 1),
            Action::AcceptSuggestions => self.accept_suggestions(),
            Action::CycleSort => {
                self.sort = self.sort.next();
                while self.sort.needs_mail() && !self.has_mail {
                    self.sort = self.sort.next();
                }
                let keep = self.current().map(|c| c.id);
                self.rebuild_visible(keep);
                self.status = Some(Status::Info(format!("Sorted by {}", self.sort.label())));
            }
            Action::ToggleSelect => {
                if let Some(id) = self.current().map(|c| c.id) {
                    if !self.selected.remove(&id) {
                        self.selected.insert(id);
                    }
                    self.move_cursor(1);
                }
            }
            Action::SelectAll => {
                let ids: Vec<ContactId> =
                    self.visible.iter().map(|i| self.contacts[*i].id).collect();
                self.selected.extend(ids);
                self.status = Some(Status::Info(format!(
                    "{} selected; a mark key marks them all, esc clears the selection",
                    count(self.selected.len() as u64)
                )));
            }
            Action::EditNote => {
                if let Some(contact) = self.current() {
                    let mut editor =
                        TextArea::new(contact.note.lines().map(str::to_string).collect());
                    editor.move_cursor(ratatui_textarea::CursorMove::Bottom);
                    editor.move_cursor(ratatui_textarea::CursorMove::End);
                    self.modal = Modal::Note {
                        id: contact.id,
                        editor: Box::new(editor),
                    };
                }
            }
            Action::ToggleDetails => self.show_details = !self.show_details,
            Action::Export => self.open_export(ExportKind::Invite),
            Action::Help => self.modal = Modal::Help { scroll: 0 },
            Action::Quit => self.quit = true,
            Action::Cancel => {
                if !self.selected.is_empty() {
                    self.selected.clear();
                    self.status = Some(Status::Info("Selection cleared".into()));
                } else if self.search.is_some() {
                    self.clear_search();
                }
            }
            Action::Search => {
                let text = self
                    .search
                    .as_ref()
                    .map(|s| s.input.value().to_string())
                    .unwrap_or_default();
                let applied = self
                    .search
                    .as_ref()
                    .map(|s| s.applied.clone())
                    .unwrap_or_default();
                self.search = Some(SearchState {
                    input: Input::new(text),
                    editing: true,
                    applied,
                    pending: None,
                });
            }
            Action::Confirm | Action::SwitchList | Action::SaveNote | Action::AcceptSearch => {}
        }
    }

    fn act_search(&mut self, action: Action) {
        match action {
            Action::AcceptSearch => {
                let empty = self
                    .search
                    .as_ref()
                    .is_some_and(|s| s.input.value().trim().is_empty());
                if empty {
                    self.clear_search();
                } else if let Some(search) = self.search.as_mut() {
                    search.editing = false;
                }
            }
            Action::Cancel => self.clear_search(),
            Action::MoveDown => self.move_cursor(1),
            Action::MoveUp => self.move_cursor(-1),
            Action::PageDown => self.move_cursor(self.page_rows().max(1) as isize),
            Action::PageUp => self.move_cursor(-(self.page_rows().max(1) as isize)),
            Action::Quit => self.quit = true,
            _ => {}
        }
    }

    fn clear_search(&mut self) {
        let keep = self.current().map(|c| c.id);
        self.search = None;
        self.highlights.clear();
        self.rebuild_visible(keep);
    }

    /// Runs the search box's query (after it changed): on the previous results when the new
    /// query only narrows them, else on the whole view.
    fn run_search(&mut self) {
        let Some(search) = self.search.as_mut() else {
            return;
        };
        let text = search.input.value().to_string();
        let candidates: Vec<u32> =
            if search::narrows(&search.applied, &text) && search.pending.is_none() {
                self.visible.iter().map(|i| *i as u32).collect()
            } else {
                self.base.iter().map(|i| *i as u32).collect()
            };
        match &self.worker {
            Some(worker) => {
                search.pending = Some(worker.request(&text, Arc::new(candidates)));
            }
            None => {
                let query = Query::parse(&text);
                let ranked = match self.search_index.read() {
                    Ok(index) => self.searcher.rank(&index, &query, &candidates, &|| false),
                    Err(_) => None,
                };
                if let Some(ranked) = ranked {
                    search.applied = text;
                    self.show_results(ranked);
                }
            }
        }
    }

    /// Takes the newest background search result, if one arrived.
    fn receive_search(&mut self) {
        let (Some(worker), Some(search)) = (&self.worker, self.search.as_mut()) else {
            return;
        };
        if let Some(answer) = worker.poll() {
            search.pending = None;
            search.applied = answer.text;
            self.show_results(answer.ranked);
        }
    }

    fn show_results(&mut self, ranked: Vec<u32>) {
        self.visible = ranked.into_iter().map(|p| p as usize).collect();
        self.offset = 0;
        self.set_cursor(0);
    }

    /// Computes match positions for the rows on screen (and only those).
    fn refresh_highlights(&mut self) {
        let Some(search) = &self.search else {
            return;
        };
        let rows = self.page_rows();
        let key = (
            search.applied.clone(),
            self.offset,
            rows.min(self.visible.len()),
        );
        if key == self.highlighted && self.highlights.len() <= rows {
            return;
        }
        let query = Query::parse(&search.applied);
        self.highlights.clear();
        if let Ok(index) = self.search_index.read() {
            for position in self.offset..(self.offset + rows).min(self.visible.len()) {
                let contact = self.visible[position];
                self.highlights
                    .insert(contact, self.searcher.highlights(&index, &query, contact));
            }
        }
        self.highlighted = key;
    }

    fn act_help(&mut self, action: Action) {
        match action {
            Action::Help | Action::Cancel => self.modal = Modal::None,
            Action::Quit => self.quit = true,
            Action::MoveDown | Action::PageDown => {
                if let Modal::Help { scroll } = &mut self.modal {
                    *scroll += 1;
                }
            }
            Action::MoveUp | Action::PageUp => {
                if let Modal::Help { scroll } = &mut self.modal {
                    *scroll = scroll.saturating_sub(1);
                }
            }
            _ => {}
        }
    }

    fn act_confirm(&mut self, action: Action) {
        match action {
            Action::Confirm => match std::mem::replace(&mut self.modal, Modal::None) {
                Modal::ConfirmMark(pending) => self.apply_changes(&pending.changes, false),
                Modal::Export(preview) => self.write_export(&preview),
                other => self.modal = other,
            },
            Action::Cancel => {
                self.modal = Modal::None;
                self.status = Some(Status::Info("Cancelled; nothing changed".into()));
            }
            Action::SwitchList => {
                if let Modal::Export(preview) = &self.modal {
                    let other = match preview.kind {
                        ExportKind::Invite => ExportKind::Outreach,
                        ExportKind::Outreach => ExportKind::Invite,
                    };
                    self.open_export(other);
                }
            }
            Action::Quit => self.quit = true,
            _ => {}
        }
    }

    fn act_note(&mut self, action: Action) {
        match action {
            Action::SaveNote => {
                let Modal::Note { id, editor } = &self.modal else {
                    return;
                };
                let id = *id;
                let note = editor.lines().join("\n").trim().to_string();
                match self.workspace.set_note(id, &note) {
                    Ok(()) => {
                        if let Some(&index) = self.index.get(&id) {
                            self.contacts[index].note = note;
                            if let Ok(mut search_index) = self.search_index.write() {
                                search_index.update(index, &self.contacts[index]);
                            }
                        }
                        self.modal = Modal::None;
                        self.status = Some(Status::Info("Note saved".into()));
                    }
                    Err(error) => {
                        self.status =
                            Some(Status::Error(format!("The note was not saved: {error}")));
                    }
                }
            }
            Action::Cancel => {
                self.modal = Modal::None;
                self.status = Some(Status::Info("Note unchanged".into()));
            }
            _ => {}
        }
    }

    fn click(&mut self, column: u16, row: u16) {
        let _ = column;
        if !matches!(self.modal, Modal::None) {
            return;
        }
        let layout = super::view::layout(self.size, self.show_details);
        if let Some(table) = layout.table {
            let first_row = table.y + 1;
            if row >= first_row && row < table.y + table.height {
                let position = self.offset + usize::from(row - first_row);
                if position < self.visible.len() {
                    self.cursor = position;
                }
            }
        }
    }

    // ---- list and cursor ----

    /// How many rows the list shows at the current size.
    pub fn page_rows(&self) -> usize {
        super::view::layout(self.size, self.show_details)
            .table
            .map_or(1, |t| usize::from(t.height.saturating_sub(1)))
    }

    fn set_cursor(&mut self, position: usize) {
        self.cursor = position.min(self.visible.len().saturating_sub(1));
        self.scroll_to_cursor();
    }

    fn move_cursor(&mut self, by: isize) {
        let target = (self.cursor as isize + by).max(0) as usize;
        self.set_cursor(target);
    }

    fn scroll_to_cursor(&mut self) {
        let page = self.page_rows().max(1);
        if self.cursor < self.offset {
            self.offset = self.cursor;
        } else if self.cursor >= self.offset + page {
            self.offset = self.cursor + 1 - page;
        }
        let last_page = self.visible.len().saturating_sub(page);
        self.offset = self.offset.min(last_page);
    }

    fn switch_view(&mut self, by: usize) {
        let position = View::ALL.iter().position(|v| *v == self.view).unwrap_or(0);
        self.view = View::ALL[(position + by) % View::ALL.len()];
        self.rebuild_visible(None);
    }

    /// Recomputes the list (view and sort), keeping `keep` under the cursor when it is shown.
    fn rebuild_visible(&mut self, keep: Option<ContactId>) {
        let view = self.view;
        let mut visible: Vec<usize> = (0..self.contacts.len())
            .filter(|i| view.shows(self.contacts[*i].verdict))
            .collect();
        if self.sort != Sort::ImportOrder {
            let (contacts, sort) = (&self.contacts, self.sort);
            visible.sort_by_cached_key(|&i| place(contacts, sort, i));
        }
        self.base = visible.clone();
        self.visible = visible;
        if let Some(search) = self.search.as_mut() {
            // The view or order changed under a search: search the new list afresh.
            search.applied.clear();
            search.pending = None;
            self.run_search();
        }
        let position = keep
            .and_then(|id| self.index.get(&id))
            .and_then(|i| self.visible.iter().position(|v| v == i));
        self.offset = 0;
        self.set_cursor(position.unwrap_or(0));
    }

    fn refresh_details(&mut self) {
        let id = self.current().map(|c| c.id);
        if id == self.details.id {
            return;
        }
        self.details = match id {
            None => Details::default(),
            Some(id) => Details {
                id: Some(id),
                sources: self.workspace.sources(id).unwrap_or_default(),
                history: self.workspace.history(id).unwrap_or_default(),
            },
        };
    }

    // ---- marking ----

    fn mark(&mut self, verdict: Verdict) {
        if self.selected.is_empty() {
            if let Some(id) = self.current().map(|c| c.id) {
                self.apply_mark(&[id], verdict, true);
            }
            return;
        }
        // The selection, in the list's order (then any selected contact the view hides).
        let mut targets: Vec<ContactId> = self
            .visible
            .iter()
            .map(|i| self.contacts[*i].id)
            .filter(|id| self.selected.contains(id))
            .collect();
        let shown: HashSet<ContactId> = targets.iter().copied().collect();
        let mut hidden: Vec<ContactId> = self
            .selected
            .iter()
            .copied()
            .filter(|id| !shown.contains(id))
            .collect();
        hidden.sort();
        targets.extend(hidden);
        let changes: Vec<(ContactId, Verdict)> = targets.iter().map(|id| (*id, verdict)).collect();
        if targets.len() > self.settings.screen.confirm_above {
            let question = format!(
                "Mark {} as {}?",
                plural(targets.len() as u64, "contact", "contacts"),
                verdict.label()
            );
            self.modal = Modal::ConfirmMark(PendingMark { changes, question });
        } else {
            self.apply_changes(&changes, false);
        }
    }

    /// The suggestion for a contact (role address, strong two-way mail), if any.
    pub fn suggestion(&self, contact: &Contact) -> Option<Suggestion> {
        suggest::suggest(contact, &self.settings.roles)
    }

    /// Asks to apply every suggestion in the view at once (one undo step).
    fn accept_suggestions(&mut self) {
        let mut changes = Vec::new();
        let (mut roles, mut strong) = (0u64, 0u64);
        // Without a search the view is every contact it shows: read them in memory order,
        // not list order (at a million contacts sorted by name, that halved the time).
        let in_view: Box<dyn Iterator<Item = &Contact>> = match &self.search {
            None => Box::new(self.contacts.iter().filter(|c| self.view.shows(c.verdict))),
            Some(_) => Box::new(self.visible.iter().map(|&i| &self.contacts[i])),
        };
        for contact in in_view {
            if let Some(suggestion) = self.suggestion(contact) {
                changes.push((contact.id, suggestion.verdict));
                match suggestion.reason {
                    Reason::RoleAddress => roles += 1,
                    Reason::StrongExchange => strong += 1,
                }
            }
        }
        if changes.is_empty() {
            self.status = Some(Status::Info("No suggestions in this view".into()));
            return;
        }
        let mut parts = Vec::new();
        if roles > 0 {
            parts.push(format!("{} don't know (role addresses)", count(roles)));
        }
        if strong > 0 {
            parts.push(format!(
                "{} know well (frequent mail both ways)",
                count(strong)
            ));
        }
        let question = format!(
            "Accept {}: {}?",
            plural(changes.len() as u64, "suggestion", "suggestions"),
            parts.join(", ")
        );
        self.modal = Modal::ConfirmMark(PendingMark { changes, question });
    }

    /// Saves the verdict for `targets`, then (only if that succeeded) shows it.
    fn apply_mark(&mut self, targets: &[ContactId], verdict: Verdict, advance: bool) {
        let changes: Vec<(ContactId, Verdict)> = targets.iter().map(|id| (*id, verdict)).collect();
        self.apply_changes(&changes, advance);
    }

    /// Saves `changes` as one undo step, then (only if that succeeded) shows them.
    fn apply_changes(&mut self, changes: &[(ContactId, Verdict)], advance: bool) {
        if let Err(error) = self.workspace.set_verdicts(changes, Origin::Tui) {
            self.status = Some(Status::Error(format!(
                "Not saved, nothing was marked: {error}"
            )));
            return;
        }
        let step = self.apply_in_memory(changes);
        let changed: Vec<ContactId> = step.changes.iter().map(|(id, _, _)| *id).collect();
        let decided = step
            .changes
            .iter()
            .filter(|(_, _, after)| *after != Verdict::Unreviewed)
            .count();
        if decided > 0 {
            self.pace.record(decided as u64, (self.clock)());
        }
        if !step.changes.is_empty() {
            self.undo.push(step);
            self.redo.clear();
        }
        self.selected.clear();
        if changes.len() > 1 {
            let verdicts: HashSet<Verdict> = changes.iter().map(|(_, v)| *v).collect();
            let how = match verdicts.into_iter().collect::<Vec<_>>()[..] {
                [one] => format!("as {}", one.label()),
                _ => "as suggested".to_string(),
            };
            self.status = Some(Status::Info(format!(
                "Marked {} {how}",
                plural(changes.len() as u64, "contact", "contacts")
            )));
        }
        self.after_change(&changed, advance && self.settings.screen.auto_advance);
    }

    /// Mirrors saved verdicts in memory; returns the undo step (contacts that changed).
    fn apply_in_memory(&mut self, changes: &[(ContactId, Verdict)]) -> Step {
        let mut step = Step {
            changes: Vec::new(),
        };
        for (id, verdict) in changes {
            let Some(&index) = self.index.get(id) else {
                continue;
            };
            let contact = &mut self.contacts[index];
            let before = contact.verdict;
            contact.needs_review = false;
            if before != *verdict {
                self.counts[verdict_slot(before)] -= 1;
                self.counts[verdict_slot(*verdict)] += 1;
                contact.verdict = *verdict;
                step.changes.push((*id, before, *verdict));
            }
        }
        // The details pane shows the history, which just grew.
        self.details.id = None;
        step
    }

    /// After verdicts changed: drop rows the view no longer shows, then place the cursor.
    /// Only the changed contacts are looked at: at a million contacts, re-checking every row
    /// made each mark take 26 ms.
    fn after_change(&mut self, changed: &[ContactId], advance: bool) {
        let position = self.cursor;
        let view = self.view;
        let was_shown = self.visible.get(position).copied();
        let gone: HashSet<usize> = changed
            .iter()
            .filter_map(|id| self.index.get(id).copied())
            .filter(|i| !view.shows(self.contacts[*i].verdict))
            .collect();
        for list in [&mut self.visible, &mut self.base] {
            match gone.len() {
                0 => {}
                // One mark: usually the row under the cursor.
                1 => {
                    let index = gone.iter().next().copied();
                    let at = match list.get(position) {
                        Some(i) if Some(*i) == index => Some(position),
                        _ => list.iter().position(|i| Some(*i) == index),
                    };
                    if let Some(at) = at {
                        list.remove(at);
                    }
                }
                _ => list.retain(|i| !gone.contains(i)),
            }
        }
        let still_shown = was_shown.is_some_and(|i| view.shows(self.contacts[i].verdict));
        if advance && still_shown {
            // The contact stays in this view: go on to the next unreviewed one after it.
            let next = (position + 1..self.visible.len())
                .chain(0..position)
                .find(|p| self.contacts[self.visible[*p]].verdict == Verdict::Unreviewed);
            self.set_cursor(next.unwrap_or(position + 1));
        } else {
            // The contact left the view; the next one has moved up into its place.
            self.set_cursor(position);
        }
    }

    fn undo(&mut self) {
        let Some(step) = self.undo.pop() else {
            self.status = Some(Status::Info("Nothing to undo".into()));
            return;
        };
        let changes: Vec<(ContactId, Verdict)> = step
            .changes
            .iter()
            .map(|(id, before, _)| (*id, *before))
            .collect();
        if self.restore(&changes) {
            self.status = Some(Status::Info(format!(
                "Undone ({})",
                plural(changes.len() as u64, "contact", "contacts")
            )));
            self.redo.push(step);
        } else {
            self.undo.push(step);
        }
    }

    fn redo(&mut self) {
        let Some(step) = self.redo.pop() else {
            self.status = Some(Status::Info("Nothing to redo".into()));
            return;
        };
        let changes: Vec<(ContactId, Verdict)> = step
            .changes
            .iter()
            .map(|(id, _, after)| (*id, *after))
            .collect();
        if self.restore(&changes) {
            self.status = Some(Status::Info(format!(
                "Redone ({})",
                plural(changes.len() as u64, "contact", "contacts")
            )));
            self.undo.push(step);
        } else {
            self.redo.push(step);
        }
    }

    /// Saves and shows verdicts from the undo history; the first contact gets the cursor.
    fn restore(&mut self, changes: &[(ContactId, Verdict)]) -> bool {
        if let Err(error) = self.workspace.set_verdicts(changes, Origin::Tui) {
            self.status = Some(Status::Error(format!(
                "Not saved, nothing changed: {error}"
            )));
            return false;
        }
        self.apply_in_memory(changes);
        let changed: Vec<ContactId> = changes.iter().map(|(id, _)| *id).collect();
        self.replace_changed(&changed);
        true
    }

    /// After an undo or redo: each contact that changed leaves the list or comes back at its
    /// place in the order, and the first of them gets the cursor. Only those contacts are
    /// looked at: rebuilding the whole list took a second at a million contacts.
    fn replace_changed(&mut self, changed: &[ContactId]) {
        let (view, sort) = (self.view, self.sort);
        for id in changed {
            let Some(&i) = self.index.get(id) else {
                continue;
            };
            let wanted = place(&self.contacts, sort, i);
            let at = self
                .base
                .partition_point(|&j| place(&self.contacts, sort, j) < wanted);
            let listed = self.base.get(at) == Some(&i);
            match (view.shows(self.contacts[i].verdict), listed) {
                (true, false) => self.base.insert(at, i),
                (false, true) => {
                    self.base.remove(at);
                }
                _ => {}
            }
        }
        if let Some(search) = self.search.as_mut() {
            // Search results follow the list: search it afresh.
            search.applied.clear();
            search.pending = None;
            self.run_search();
        } else {
            self.visible = self.base.clone();
        }
        let position = changed
            .first()
            .and_then(|id| self.index.get(id))
            .and_then(|i| self.visible.iter().position(|v| v == i));
        self.set_cursor(position.unwrap_or(self.cursor));
    }

    // ---- export ----

    fn open_export(&mut self, kind: ExportKind) {
        let format = match kind {
            ExportKind::Invite => ExportFormat::Csv,
            ExportKind::Outreach => ExportFormat::Outreach,
        };
        let preview = match export::preview(&self.workspace, format, &self.settings.export, false) {
            Ok(preview) => preview,
            Err(error) => {
                self.status = Some(Status::Error(format!("Cannot prepare the export: {error}")));
                return;
            }
        };
        let name = match kind {
            ExportKind::Invite => "vetted-invite",
            ExportKind::Outreach => "vetted-outreach",
        };
        let file = unused_file(&self.settings.export_folder, name);
        let lines = export::left_out_lines(&preview.selection, self.settings.export.limit);
        self.modal = Modal::Export(ExportPreview {
            kind,
            file,
            count: preview.len(),
            lines,
        });
    }

    fn write_export(&mut self, preview: &ExportPreview) {
        let format = match preview.kind {
            ExportKind::Invite => ExportFormat::Csv,
            ExportKind::Outreach => ExportFormat::Outreach,
        };
        let written = export::write_batch(
            &mut self.workspace,
            format,
            &preview.file,
            &self.settings.export,
            false,
            false,
        );
        self.status = Some(match written {
            Ok(batch) if batch.file.is_none() => Status::Info("Nothing to export".into()),
            Ok(batch) => Status::Info(format!(
                "Wrote {} to {}",
                plural(batch.preview.len() as u64, "contact", "contacts"),
                preview.file.display()
            )),
            Err(error @ export::BatchError::Record { .. }) => Status::Error(error.to_string()),
            Err(error) => Status::Error(format!("Export failed, nothing was recorded: {error}")),
        });
    }
}

/// `<folder>/<name>-<date>.csv`, or with `-2`, `-3`, ... when that file exists.
fn unused_file(folder: &std::path::Path, name: &str) -> PathBuf {
    let date = crate::text::date(std::time::SystemTime::now());
    let mut candidate = folder.join(format!("{name}-{date}.csv"));
    let mut n = 2;
    while candidate.exists() {
        candidate = folder.join(format!("{name}-{date}-{n}.csv"));
        n += 1;
    }
    candidate
}

/// How often the event loop wakes without input: to refresh the pace and notice signals.
pub const TICK: Duration = Duration::from_millis(250);
/// How often it wakes while a background search runs, to show its answer promptly.
pub const SEARCH_TICK: Duration = Duration::from_millis(8);

/// Where contact `i` goes in the list under `sort`: by this key, and equals in import order.
/// The one definition of each order, for building the list and for putting a contact back.
fn place(contacts: &[Contact], sort: Sort, i: usize) -> (Place, usize) {
    let contact = &contacts[i];
    let key = match sort {
        Sort::ImportOrder => Place::Import,
        Sort::Relationship => Place::Relationship(Reverse(contact.signals.relationship())),
        Sort::LastContact => Place::LastContact(Reverse(contact.signals.last_contact)),
        Sort::Name => Place::Name(fold(&contact.name)),
        Sort::Domain => {
            let domain = contact
                .preferred_address()
                .rsplit_once('@')
                .map_or("", |(_, d)| d);
            Place::Domain(domain.to_lowercase(), fold(&contact.name))
        }
    };
    (key, i)
}

/// The key of [`place`]; one sort only ever compares keys of one kind.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum Place {
    Import,
    Relationship(Reverse<(bool, u32, u32, u32, Option<i64>)>),
    LastContact(Reverse<Option<i64>>),
    Name(String),
    Domain(String, String),
}
