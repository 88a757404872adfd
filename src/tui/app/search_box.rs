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
        self.rebuild_visible(keep);
    }

    /// Runs the search box's query (after it changed): on the previous results when the new
    /// query only narrows them, else on the whole view.
    pub(super) fn run_search(&mut self) {
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

    pub(super) fn show_results(&mut self, ranked: Vec<u32>) {
        self.visible = ranked.into_iter().map(|p| p as usize).collect();
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
