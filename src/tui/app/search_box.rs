//! The search box: queries run here or on the worker, results replace the list.

use std::sync::Arc;
use tui_input::Input;

use super::App;
use crate::action::Action;
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
    /// else on all. The list shows the view's matches; the others are counted.
    pub(super) fn run_search(&mut self) {
        let Some(search) = self.search.as_mut() else {
            return;
        };
        let text = search.input.value().to_string();
        let candidates: Vec<u32> =
            if search::narrows(&search.applied, &text) && search.pending.is_none() {
                self.visible
                    .iter()
                    .chain(&self.others)
                    .map(|i| *i as u32)
                    .collect()
            } else {
                let in_view = &self.in_view;
                let elsewhere = (0..in_view.len())
                    .filter(|i| !in_view[*i])
                    .map(|i| i as u32);
                self.base
                    .iter()
                    .map(|i| *i as u32)
                    .chain(elsewhere)
                    .collect()
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
    pub(super) fn receive_search(&mut self) {
        let (Some(worker), Some(search)) = (&self.worker, self.search.as_mut()) else {
            return;
        };
        if let Some(answer) = worker.poll() {
            search.pending = None;
            search.applied = answer.text;
            self.show_results(answer.ranked);
        }
    }

    /// Shows the view's share of `ranked` (every contact's matches, best first); the rest are
    /// the matches elsewhere.
    pub(super) fn show_results(&mut self, ranked: Vec<u32>) {
        let in_view = &self.in_view;
        // Positions past the list would be an answer for another list: never shown.
        let (here, elsewhere): (Vec<usize>, Vec<usize>) = ranked
            .into_iter()
            .map(|p| p as usize)
            .filter(|p| *p < in_view.len())
            .partition(|p| in_view[*p]);
        self.visible = here;
        self.others = elsewhere;
        self.offset = 0;
        self.set_cursor(0);
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
