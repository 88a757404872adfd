//! The search box: queries run here or on the worker, results replace the list.

use tui_input::Input;

use super::App;
use crate::action::Action;
use crate::contact::ContactId;
use crate::search::{self, Query};

/// The search box and its results.
pub struct SearchState {
    pub input: Input,
    /// The box is open for typing (search mode); otherwise the filter is just kept.
    pub editing: bool,
    /// The query the list shows results for.
    pub applied: String,
    /// A background search under way (its generation), when one is.
    pub(super) pending: Option<u64>,
    /// Where the cursor goes when the answer arrives: this contact, if it is among the
    /// results (an undo's, a view's kept row), else the best match.
    pub(super) cursor_to: Option<ContactId>,
}

impl SearchState {
    pub fn searching(&self) -> bool {
        self.pending.is_some()
    }
}

impl App {
    pub(super) fn act_search(&mut self, action: Action) {
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
            Action::SearchAll => self.search_all(),
            Action::Cancel => self.clear_search(),
            Action::MoveDown => self.move_cursor(1),
            Action::MoveUp => self.move_cursor(-1),
            Action::PageDown => self.move_cursor(self.page_rows().max(1) as isize),
            Action::PageUp => self.move_cursor(-(self.page_rows().max(1) as isize)),
            Action::Quit => self.quit = true,
            _ => {}
        }
    }

    pub(super) fn clear_search(&mut self) {
        let keep = self.current().map(|c| c.id);
        self.search = None;
        self.highlights.clear();
        self.others.clear();
        self.rebuild_visible(keep);
    }

    /// Shows the All view, keeping the search: every match, whatever its verdict.
    pub(super) fn search_all(&mut self) {
        if self.view != crate::config::View::All {
            let keep = self.current().map(|c| c.id);
            self.view = crate::config::View::All;
            self.rebuild_visible(keep);
        }
    }

    /// While searching, how many matches the other views hold.
    pub fn matches_elsewhere(&self) -> usize {
        self.others.len()
    }

    /// Runs the search box's query (after it changed) over every contact, this view's first:
    /// on the previous results (here and elsewhere) when the new query only narrows them,
    /// else on all. The list shows the view's matches; the others are counted. With a worker,
    /// the keystroke only sends the query: the candidates are listed there too.
    pub(super) fn run_search(&mut self) {
        let Some(search) = self.search.as_mut() else {
            return;
        };
        let text = search.input.value().to_string();
        let narrows = search::narrows(&search.applied, &text) && search.pending.is_none();
        match &self.worker {
            Some(worker) => {
                let narrows = narrows.then(|| search.applied.clone());
                search.pending = Some(worker.request(&text, self.scope.clone(), narrows));
            }
            None => {
                let candidates: Vec<u32> = if narrows {
                    self.visible
                        .iter()
                        .chain(&self.others)
                        .map(|i| *i as u32)
                        .collect()
                } else {
                    self.scope.everyone()
                };
                let query = Query::parse(&text);
                let ranked = match self.search_index.read() {
                    Ok(index) => self.searcher.rank(&index, &query, &candidates, &|| false),
                    Err(_) => None,
                };
                if let Some(ranked) = ranked {
                    search.applied = text;
                    let (here, elsewhere) = self.scope.split(&ranked);
                    self.show_results(here, elsewhere);
                }
            }
        }
    }

    /// Takes the newest background search result, if one arrived. One split against a view
    /// that has changed since (a mark while it ran) is split again.
    pub(super) fn receive_search(&mut self) {
        let (Some(worker), Some(search)) = (&self.worker, self.search.as_mut()) else {
            return;
        };
        if let Some(answer) = worker.poll() {
            search.pending = None;
            if let (refused @ 1.., Some(last)) = std::mem::take(&mut self.refused) {
                // Said again now: the "Still searching" line would read as if still so.
                self.status = Some(super::Status::Info(format!(
                    "{} typed before the results showed {} not done (the last: {})",
                    crate::text::plural(refused as u64, "key", "keys"),
                    if refused == 1 { "was" } else { "were" },
                    what(last)
                )));
            }
            search.applied = answer.text;
            let (here, elsewhere) = if answer.stamp == self.scope.stamp {
                (answer.here, answer.elsewhere)
            } else {
                let in_view = &self.scope.in_view;
                answer
                    .here
                    .into_iter()
                    .chain(answer.elsewhere)
                    .filter(|p| *p < in_view.len())
                    .partition(|p| in_view[*p])
            };
            self.show_results(here, elsewhere);
        }
    }

    /// Shows the view's matches, best first; the rest are the matches elsewhere.
    pub(super) fn show_results(&mut self, here: Vec<usize>, elsewhere: Vec<usize>) {
        let keep = self.search.as_mut().and_then(|s| s.cursor_to.take());
        self.visible = here;
        self.others = elsewhere;
        self.offset = 0;
        let position = keep
            .and_then(|id| self.index.get(&id))
            .and_then(|i| self.visible.iter().position(|v| v == i));
        self.set_cursor(position.unwrap_or(0));
        self.keep_selection_on_screen();
    }

    /// Unselects the selected contacts the list no longer shows: a mark key marks the
    /// selection, and a user trial marked two contacts it could not see after a search.
    pub(super) fn keep_selection_on_screen(&mut self) {
        if self.selected.is_empty() {
            return;
        }
        let shown: std::collections::HashSet<ContactId> =
            self.visible.iter().map(|&i| self.contacts[i].id).collect();
        let before = self.selected.len();
        self.selected.retain(|id| shown.contains(id));
        let dropped = before - self.selected.len();
        if dropped > 0 {
            let unselected = format!(
                "{} not in this list unselected",
                crate::text::plural(dropped as u64, "selected contact", "selected contacts")
            );
            // After what the same moment said (keys refused while searching), not instead.
            self.status = Some(match self.status.take() {
                Some(super::Status::Info(said)) => {
                    super::Status::Info(format!("{said}; {unselected}"))
                }
                Some(super::Status::Error(said)) => {
                    super::Status::Error(format!("{said}; {unselected}"))
                }
                None => super::Status::Info(unselected),
            });
        }
    }

    /// Searches the list afresh after it changed under a search (view, order, an undo), the
    /// cursor then going to `keep` when it is among the results.
    pub(super) fn search_again(&mut self, keep: Option<ContactId>) {
        if let Some(search) = self.search.as_mut() {
            search.applied.clear();
            search.pending = None;
            search.cursor_to = keep;
            self.run_search();
        }
        // The list is another (view, order, contacts) than the one searched before: until the
        // answer arrives it shows nothing rather than rows that may not match.
        if self.waiting_for_search() {
            self.visible.clear();
            self.others.clear();
            self.set_cursor(0);
        }
    }

    /// Computes match positions for the rows on screen (and only those).
    pub(super) fn refresh_highlights(&mut self) {
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
}

/// What `action` does, in a few words for a status line: its help line without the part in
/// brackets, lower-cased ("mark as don't know").
pub(super) fn what(action: Action) -> String {
    let description = action.description();
    let short = description
        .split_once(" (")
        .map_or(description, |(short, _)| short);
    let mut chars = short.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_lowercase().chain(chars).collect()
    })
}
