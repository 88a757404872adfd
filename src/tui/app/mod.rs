//! The triage screen's state, and the one function that changes it.
//!
//! Input flows one way: a key becomes an [`Action`] in the keymap, [`App::update`] applies it
//! (writing to the store first when it changes a decision), and the view renders `&App`. A mark
//! reaches the screen only after the store has committed it, so what the screen shows as marked
//! survives any crash. The store is the truth; the contacts held here are its mirror, changed
//! only after a successful write.

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
use crate::export::{self, ExportFormat};
use crate::search::{Highlights, Index, Scope, Searcher, Worker};
use crate::store::{HistoryEntry, Source, Workspace};
use crate::suggest::Roles;
use crate::text::count;

mod dialogs;
mod dropped;
mod list;
mod marks;
mod open;
mod people;
mod positions;
mod search_box;
mod tally;

pub use dropped::BUSY;

pub use dialogs::ExportDialog;
pub use marks::PendingMark;
use marks::{Pace, Step};
pub use people::SplitDialog;
pub use search_box::SearchState;
pub use tally::marker_states;
use tally::{Tally, verdict_slot};

/// Behaviour settings of the screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    pub screen: Screen,
    pub export: export::Settings,
    /// Role-address patterns, for suggestions.
    pub roles: Roles,
    /// Which suggestion rules are on.
    pub suggest: crate::suggest::Switches,
    /// Where exports from the screen are written.
    pub export_folder: PathBuf,
    /// Above this many contacts, searches run on a thread of their own so typing never waits
    /// (below it, a search takes a few milliseconds on one core: less than a frame).
    pub background_search_above: usize,
    /// Above this many contacts, the first frame shows before the search index and the
    /// possible duplicates are made ([`App::opening`]); below it, all of the opening takes
    /// under a fifth of a second and the first frame is the finished screen.
    pub first_frame_early_above: usize,
}

impl Settings {
    /// The screen's settings from the loaded configuration: its `[screen]`, `[export]` and
    /// `[roles]`, never the built-in ones in their place.
    pub fn from_config(config: &Config, export_folder: PathBuf) -> Settings {
        Settings {
            screen: config.screen.clone(),
            export: config.export.clone(),
            roles: config.roles.clone(),
            suggest: config.suggest,
            export_folder,
            background_search_above: 10_000,
            first_frame_early_above: 100_000,
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

/// A window over the list, when one is open.
pub enum Modal {
    None,
    Help {
        scroll: usize,
    },
    ConfirmMark(PendingMark),
    /// A merge waiting for confirmation, and the question that names who.
    ConfirmPeople(people::Change, String),
    /// Choosing the addresses to split off a contact.
    Split(Box<SplitDialog>),
    Export(Box<ExportDialog>),
    Note {
        id: ContactId,
        editor: Box<TextArea<'static>>,
    },
}

/// Details of the contact under the cursor, read from the store when the cursor moves there.
#[derive(Clone, Debug, Default)]
pub struct Details {
    pub id: Option<ContactId>,
    pub sources: Vec<Source>,
    pub history: Vec<HistoryEntry>,
    /// The LinkedIn connections whose name the contact's matches (when it is probably
    /// connected, or the user said it is not).
    pub connections: Vec<crate::store::ConnectionRecord>,
    /// Where each contact of its group of possible duplicates was found (when it is in one).
    pub group_sources: Vec<Vec<Source>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    Info(String),
    Error(String),
}

pub struct App {
    workspace: Workspace,
    keymap: Keymap,
    settings: Settings,
    title: String,
    contacts: Vec<Contact>,
    index: positions::Positions,
    counts: Tally,
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
    /// Keys refused while a search's answer was awaited (how many, and the last one's action):
    /// said again when the answer shows.
    refused: (usize, Option<Action>),
    pending: Vec<Key>,
    size: (u16, u16),
    quit: bool,
    /// The user asked to suspend (ctrl-z); the event loop does it and clears this.
    suspend: bool,
    /// The view's contacts in the sort order before any search (what a search searches
    /// first), and whether the view shows each contact (by index: read per result while
    /// searching, where asking `View::shows` of each contact cost a cache miss each). Shared
    /// with the search worker.
    scope: Scope,
    /// While searching: the matches in other views than this one, ranked.
    others: Vec<usize>,
    /// Every contact in each order asked for so far (see `App::order`).
    orders: Vec<(Sort, Vec<u32>)>,
    /// Each contact's domain as a number, for the order by domain (see `list::Domains`).
    domains: Option<list::Domains>,
    search_index: Arc<RwLock<Index>>,
    searcher: Searcher,
    worker: Option<Worker>,
    search: Option<SearchState>,
    /// Match positions for the rows on screen, by contact index.
    highlights: HashMap<usize, Highlights>,
    /// What `highlights` was computed for: (query, first row, rows).
    highlighted: (String, usize, usize),
    /// The groups of possible duplicates; each contact in one carries its position.
    groups: Vec<crate::duplicates::Group>,
    /// The time the workspace's mail covers, for suggestions.
    mail_span: Option<(i64, i64)>,
    /// Set until [`App::finish_opening`] ran.
    opening: Option<open::Opening>,
}

impl App {
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
        self.counts.verdicts[verdict_slot(verdict)]
    }
    pub fn view_count(&self, view: View) -> usize {
        View::ALL
            .iter()
            .position(|v| *v == view)
            .map_or(0, |slot| self.counts.views[slot])
    }
    /// Contacts out of the queue: decided (and not to review again), or with nothing to decide
    /// (connected on LinkedIn, the user).
    /// Contacts a decision is asked for: all but those the queue leaves out.
    pub fn to_decide(&self) -> usize {
        self.total() - self.counts.out_of_queue
    }
    /// Of [`App::to_decide`], those decided (and not flagged to review again).
    pub fn reviewed(&self) -> usize {
        self.to_decide()
            .saturating_sub(self.view_count(View::Unreviewed))
    }
    /// Whether any contact carries a state marker (the table then has their column).
    pub fn any_markers(&self) -> bool {
        self.counts.marked > 0
    }
    /// Unreviewed contacts the queue leaves out: connected on LinkedIn, or the user.
    pub fn out_of_queue(&self) -> usize {
        self.counts.out_of_queue
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
    /// The contact with `id`, if the workspace has it.
    pub fn contact(&self, id: ContactId) -> Option<&Contact> {
        self.index.get(&id).map(|i| &self.contacts[*i])
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
    /// Whether `event` quits in the current mode (`q` in the list, ctrl-c anywhere, as the
    /// keymap says). A quit typed while the screen was busy is still done: it decides nothing.
    pub fn quits(&self, event: &KeyEvent) -> bool {
        Key::from_event(event).is_some_and(|key| {
            let mut pending = Vec::new();
            self.keymap.resolve(self.mode(), &mut pending, key) == Resolved::Action(Action::Quit)
        })
    }

    pub fn mode(&self) -> Mode {
        match &self.modal {
            Modal::None if self.search.as_ref().is_some_and(|s| s.editing) => Mode::Search,
            Modal::None => Mode::Normal,
            Modal::Help { .. } => Mode::Help,
            Modal::ConfirmMark(_) | Modal::ConfirmPeople(..) => Mode::Confirm,
            Modal::Split(_) => Mode::Split,
            Modal::Export(dialog) if dialog.path.is_some() => Mode::Path,
            Modal::Export(_) => Mode::Export,
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
    /// Whether the user asked to suspend; asking again needs another key.
    pub fn take_suspend(&mut self) -> bool {
        std::mem::take(&mut self.suspend)
    }

    // ---- update ----

    /// Applies one message. The only place the screen's state changes.
    pub fn update(&mut self, msg: Msg) {
        // Only a new size can wait for the search index and the duplicates (`App::opening`).
        if !matches!(msg, Msg::Resize { .. }) {
            self.finish_opening();
        }
        if self.too_small() && !self.take_while_too_small(&msg) {
            return;
        }
        match msg {
            Msg::Key(event) => self.key(event),
            Msg::Action(action) => {
                self.status = None;
                self.act(action);
            }
            // A click or a scroll reads the list on screen, which a search is about to replace.
            Msg::Click { .. } | Msg::Scroll(_) if self.waiting_for_search() => {}
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
                } else if let Modal::Export(dialog) = &mut self.modal {
                    if let Some(path) = dialog.path.as_mut() {
                        for c in text.chars() {
                            path.handle(tui_input::InputRequest::InsertChar(c));
                        }
                    }
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
                if self.too_small()
                    && matches!(
                        self.modal,
                        Modal::ConfirmMark(_)
                            | Modal::ConfirmPeople(..)
                            | Modal::Split(_)
                            | Modal::Export(_)
                    )
                {
                    // A question nobody can see is never answered: it is withdrawn (a merge's
                    // and the split chooser too; a note being written stays, with its text).
                    self.modal = Modal::None;
                    self.status = Some(Status::Info(
                        "The question was cancelled when the window became too small; nothing changed"
                            .into(),
                    ));
                }
            }
            Msg::Tick(now) => {
                self.pace.refresh(now);
                self.receive_search();
            }
        }
        self.refresh_details();
        self.refresh_highlights();
    }

    /// The window is too small to show the screen (it shows a request for a bigger one).
    pub fn too_small(&self) -> bool {
        super::layout::layout(self.size, self.show_details)
            .table
            .is_none()
    }

    /// Whether `msg` may act while the window is too small: nothing is decided on a screen
    /// the user cannot see, so only a resize, time passing and quitting (the keys that quit
    /// from the list, as the small screen says) get through.
    fn take_while_too_small(&mut self, msg: &Msg) -> bool {
        match msg {
            Msg::Resize { .. } | Msg::Tick(_) => true,
            Msg::Action(action) => *action == Action::Quit,
            Msg::Key(event) => {
                if let Some(key) = Key::from_event(event) {
                    let mut pending = Vec::new();
                    if self.keymap.resolve(Mode::Normal, &mut pending, key)
                        == Resolved::Action(Action::Quit)
                    {
                        self.quit = true;
                    }
                }
                self.pending.clear();
                false
            }
            Msg::Click { .. } | Msg::Scroll(_) | Msg::Paste(_) => false,
        }
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
                    note_key(editor, event);
                } else if let Modal::Export(dialog) = &mut self.modal {
                    if let Some(path) = dialog.path.as_mut() {
                        path.handle_event(&Event::Key(event));
                    }
                } else if let Some(search) = self.search.as_mut().filter(|s| s.editing) {
                    let before = search.input.value().to_string();
                    search.input.handle_event(&Event::Key(event));
                    if search.input.value() != before {
                        search.cursor_to = None;
                        self.run_search();
                    }
                }
            }
        }
    }

    /// Whether `action` may act while a search's answer is awaited: nothing that reads the
    /// list or the cursor (which are about to change), only leaving, the search box itself,
    /// and what changes no contact.
    fn acts_while_searching(action: Action) -> bool {
        matches!(
            action,
            Action::Quit
                | Action::Suspend
                | Action::Cancel
                | Action::AcceptSearch
                | Action::Search
                | Action::Help
                | Action::ToggleDetails
        )
    }

    /// Hands `action` to its mode's handler. Which actions a mode takes is written once, in
    /// [`Mode::accepts`] (the configuration checks bindings against it too); anything else is
    /// ignored here, so no handler sees an action its mode does not take.
    fn act(&mut self, action: Action) {
        let mode = self.mode();
        if !mode.accepts(action) {
            return;
        }
        if self.waiting_for_search()
            && matches!(mode, Mode::Normal | Mode::Search)
            && !Self::acts_while_searching(action)
        {
            // The list on screen is about to be replaced by the search's answer: a key typed
            // now was typed at a list the user has not seen yet. Nothing acts on it.
            self.refused = (self.refused.0 + 1, Some(action));
            self.status = Some(Status::Info(format!(
                "Still searching: {} not done{}; the results are not on the screen yet",
                search_box::what(action),
                match self.refused.0 {
                    1 => String::new(),
                    n => format!(" ({n} keys so far)"),
                }
            )));
            return;
        }
        if action == Action::Suspend {
            // From any mode; what was open is still open after `fg`.
            self.suspend = true;
            return;
        }
        match mode {
            Mode::Normal => self.act_normal(action),
            Mode::Search => self.act_search(action),
            Mode::Help => self.act_help(action),
            Mode::Confirm => self.act_confirm(action),
            Mode::Export => self.act_export(action),
            Mode::Path => self.act_path(action),
            Mode::Note => self.act_note(action),
            Mode::Split => self.act_split(action),
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
                        TextArea::new(contact.note().lines().map(str::to_string).collect());
                    editor.set_wrap_mode(ratatui_textarea::WrapMode::WordOrGlyph);
                    editor.move_cursor(ratatui_textarea::CursorMove::Bottom);
                    editor.move_cursor(ratatui_textarea::CursorMove::End);
                    self.modal = Modal::Note {
                        id: contact.id,
                        editor: Box::new(editor),
                    };
                }
            }
            Action::ToggleDetails => self.show_details = !self.show_details,
            Action::PreferAddress => self.prefer_next_address(),
            Action::Export => self.open_export(ExportFormat::Csv, None),
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
                    cursor_to: None,
                });
            }
            // Mode::accepts keeps the dialogs' own actions out of the list.
            Action::Confirm
            | Action::SwitchList
            | Action::ChooseDestination
            | Action::AcceptPath
            | Action::SaveNote
            | Action::AcceptSearch => {}
            Action::SearchAll => self.search_all(),
            // Handled for every mode in `act`.
            Action::Suspend => {}
            Action::NotConnected => self.toggle_not_connected(),
            Action::Merge => self.merge_key(),
            Action::KeepApart => self.keep_apart_key(),
            Action::Split => self.open_split(),
        }
    }

    fn click(&mut self, column: u16, row: u16) {
        let _ = column;
        if !matches!(self.modal, Modal::None) {
            return;
        }
        let layout = super::layout::layout(self.size, self.show_details);
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
}

/// A key typed in the note editor. Line editing follows the search box (readline): ctrl-u
/// clears the line, ctrl-w deletes the word before the cursor, ctrl-k the rest of the line,
/// ctrl-a and ctrl-e go to its start and end; the rest is the editor's own.
fn note_key(editor: &mut TextArea<'static>, event: KeyEvent) {
    use ratatui_textarea::CursorMove;
    if event.modifiers == crossterm::event::KeyModifiers::CONTROL {
        match event.code {
            crossterm::event::KeyCode::Char('u') => {
                editor.move_cursor(CursorMove::End);
                editor.delete_line_by_head();
                return;
            }
            crossterm::event::KeyCode::Char('w') => {
                editor.delete_word();
                return;
            }
            crossterm::event::KeyCode::Char('k') => {
                editor.delete_line_by_end();
                return;
            }
            crossterm::event::KeyCode::Char('a') => {
                editor.move_cursor(CursorMove::Head);
                return;
            }
            crossterm::event::KeyCode::Char('e') => {
                editor.move_cursor(CursorMove::End);
                return;
            }
            _ => {}
        }
    }
    editor.input(event);
}

/// How often the event loop wakes without input: to refresh the pace and notice signals.
pub const TICK: Duration = Duration::from_millis(250);
/// How often it wakes while a background search runs, to show its answer promptly.
pub const SEARCH_TICK: Duration = Duration::from_millis(8);
