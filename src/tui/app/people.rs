//! One person, one contact, on the screen: possible duplicates, merge, keep apart and split,
//! each saved before it is shown and undone in one step.

use std::sync::Arc;

use super::{App, Modal, Status, Tally};
use crate::config::View;
use crate::contact::ContactId;
use crate::duplicates::{self, Group};
use crate::search::{Index, Worker};
use crate::store::Snapshot;
use crate::text::{plural, terminal_safe};

/// A change to who is one person, as the undo history keeps it.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    Merge(Vec<ContactId>),
    Split(Vec<String>),
    KeepApart(Vec<ContactId>),
}

/// One undoable change to who is one person: the change (to redo it), the contacts as they
/// were before it, and the contacts it made (to undo it).
#[derive(Clone, Debug, PartialEq)]
pub(super) struct PeopleStep {
    pub(super) change: Change,
    before: Snapshot,
    made: Vec<ContactId>,
}

/// The split dialog: which of a contact's addresses leave it.
#[derive(Debug)]
pub struct SplitDialog {
    pub id: ContactId,
    pub name: String,
    pub addresses: Vec<String>,
    pub chosen: Vec<bool>,
    pub cursor: usize,
}

impl App {
    /// The groups of possible duplicates.
    pub fn duplicate_groups(&self) -> &[Group] {
        &self.groups
    }

    /// The group of possible duplicates `id` is in.
    pub fn group_of(&self, id: ContactId) -> Option<&Group> {
        let i = *self.index.get(&id)?;
        let group = self.contacts[i].signals.duplicate_group?;
        self.groups.get(group as usize)
    }

    /// Works out the possible duplicates again. Only the Possible duplicates view's count
    /// depends on them (recounting every contact's views took 20 ms at 100k, on open).
    pub(super) fn find_duplicates(&mut self) {
        let kept_apart = self.workspace.kept_apart().unwrap_or_default();
        let groups = duplicates::find(&self.contacts, &kept_apart, &self.settings.roles);
        self.show_duplicates(groups);
    }

    /// Labels the contacts of `groups` and counts them in the Duplicates tab.
    pub(super) fn show_duplicates(&mut self, groups: Vec<duplicates::Group>) {
        self.groups = groups;
        duplicates::label(&mut self.contacts, &self.groups);
        if let Some(slot) = View::ALL.iter().position(|v| *v == View::Duplicates) {
            self.counts.views[slot] = self.groups.iter().map(|g| g.contacts.len()).sum();
        }
    }

    /// Reads every contact again after a change to who is one person (contacts appeared or
    /// went), keeping `keep` under the cursor. A search is cleared: its results named rows of
    /// the list before.
    pub(super) fn reload(&mut self, keep: Option<ContactId>) {
        let mut contacts = match self.workspace.contacts(None) {
            Ok(contacts) => contacts,
            Err(error) => {
                self.status = Some(Status::Error(format!(
                    "Saved, but the list could not be read again: {error}"
                )));
                return;
            }
        };
        let (roles, domains) = super::open::address_facts(&contacts, &self.settings.roles);
        super::open::set_role_flags(&mut contacts, &roles);
        self.index = super::positions::Positions::of(&contacts);
        if let Ok(mut index) = self.search_index.write() {
            *index = Index::build(&contacts);
        }
        self.contacts = contacts;
        self.orders.clear();
        self.domains = Some(domains);
        if self.worker.is_some() {
            // A search under way answers for the old list: start afresh.
            self.worker = Some(Worker::start(Arc::clone(&self.search_index)));
        }
        // A search stays, run afresh over the new list (its results named rows of the old).
        if let Some(search) = self.search.as_mut() {
            search.applied.clear();
            search.pending = None;
        }
        self.highlights.clear();
        self.highlighted = (String::new(), 0, 0);
        self.others.clear();
        self.selected.clear();
        self.counts = Tally::default();
        for contact in &self.contacts {
            self.counts.count(contact, 1);
        }
        self.find_duplicates();
        self.details = super::Details::default();
        if self.view.hidden_when_empty() && self.view_count(self.view) == 0 {
            self.view = View::All;
        }
        self.rebuild_visible(keep);
    }

    /// The contacts a merge or keep-apart is about: the selection when two or more are
    /// selected, else the group of the contact under the cursor.
    fn people_targets(&self) -> Option<Vec<ContactId>> {
        if self.selected.len() >= 2 {
            let mut ids: Vec<ContactId> = self.selected.iter().copied().collect();
            ids.sort();
            return Some(ids);
        }
        let id = self.current()?.id;
        self.group_of(id).map(|g| g.contacts.clone())
    }

    /// The contacts a question is about, each by name and address (two "Ann Lee" told apart).
    fn names_of(&self, ids: &[ContactId]) -> String {
        let names: Vec<String> = ids
            .iter()
            .filter_map(|id| self.index.get(id))
            .map(|&i| super::marks::who(&self.contacts[i]))
            .collect();
        names.join(", ")
    }

    /// `M`: merges the group under the cursor (or the selection). Straight away in the
    /// Possible duplicates view with the details pane open, where the group is shown side by
    /// side; elsewhere after a question that names them.
    pub(super) fn merge_key(&mut self) {
        let Some(ids) = self.people_targets() else {
            self.status = Some(Status::Info(
                "Not a possible duplicate: select two or more contacts (space) to merge them"
                    .into(),
            ));
            return;
        };
        let shown = self.view == View::Duplicates && self.show_details && self.selected.len() < 2;
        if shown {
            self.apply_people(Change::Merge(ids));
        } else {
            let question = format!(
                "Merge {} into one contact? Every address, source and note is kept; the more cautious verdict wins.",
                self.names_of(&ids)
            );
            self.modal = Modal::ConfirmPeople(Change::Merge(ids), question);
        }
    }

    /// `K`: the group under the cursor (or the selection) are different people.
    pub(super) fn keep_apart_key(&mut self) {
        match self.people_targets() {
            Some(ids) => self.apply_people(Change::KeepApart(ids)),
            None => {
                self.status = Some(Status::Info(
                    "Not a possible duplicate: nothing to keep apart".into(),
                ))
            }
        }
    }

    /// `S`: opens the split dialog for the contact under the cursor.
    pub(super) fn open_split(&mut self) {
        let Some(contact) = self.current() else {
            return;
        };
        if contact.addresses.len() < 2 {
            self.status = Some(Status::Info(
                "This contact has one address: nothing to split off".into(),
            ));
            return;
        }
        self.modal = Modal::Split(Box::new(SplitDialog {
            id: contact.id,
            name: contact.name.to_string(),
            addresses: contact.addresses.to_vec(),
            chosen: vec![false; contact.addresses.len()],
            cursor: 0,
        }));
    }

    pub(super) fn act_split(&mut self, action: crate::action::Action) {
        use crate::action::Action;
        let Modal::Split(dialog) = &mut self.modal else {
            return;
        };
        let last = dialog.addresses.len().saturating_sub(1);
        match action {
            Action::MoveDown => dialog.cursor = (dialog.cursor + 1).min(last),
            Action::MoveUp => dialog.cursor = dialog.cursor.saturating_sub(1),
            Action::ToggleSelect => {
                let at = dialog.cursor;
                dialog.chosen[at] = !dialog.chosen[at];
                dialog.cursor = (dialog.cursor + 1).min(last);
            }
            Action::Confirm => {
                let chosen: Vec<String> = dialog
                    .addresses
                    .iter()
                    .zip(&dialog.chosen)
                    .filter(|(_, c)| **c)
                    .map(|(a, _)| a.clone())
                    .collect();
                if chosen.is_empty() {
                    self.status = Some(Status::Info(
                        "Choose the addresses to split off with space first".into(),
                    ));
                } else if chosen.len() == dialog.addresses.len() {
                    self.status = Some(Status::Info(
                        "Leave at least one address behind: a split makes two contacts".into(),
                    ));
                } else {
                    self.modal = Modal::None;
                    self.apply_people(Change::Split(chosen));
                }
            }
            Action::Cancel => {
                self.modal = Modal::None;
                self.status = Some(Status::Info("Cancelled; nothing changed".into()));
            }
            Action::Quit => self.quit = true,
            _ => {}
        }
    }

    /// Saves `change` as one undo step, then (only if that succeeded) shows it.
    pub(super) fn apply_people(&mut self, change: Change) {
        if let Some(step) = self.do_people(change) {
            self.undo.push(super::marks::Step::people(step));
            self.redo.clear();
        }
    }

    /// Saves `change`; on success shows it and returns its undo step, else says why.
    pub(super) fn do_people(&mut self, change: Change) -> Option<PeopleStep> {
        let result = match &change {
            Change::Merge(ids) => self.workspace.merge_contacts(ids).map(|merged| {
                // Short: a status line of 80 columns must keep the verdict and the undo key.
                let text = format!(
                    "Merged {} contacts: {}{} (u undoes)",
                    ids.len(),
                    merged.verdict.label(),
                    if merged.differed {
                        ", the more cautious; review again"
                    } else {
                        ""
                    }
                );
                (merged.before, Vec::new(), Some(merged.into), text)
            }),
            Change::Split(addresses) => {
                duplicates::split(&mut self.workspace, addresses).map(|split| {
                    let text = format!(
                        "Split off \"{}\": both to review again (u undoes)",
                        crate::tui::view::truncate(&terminal_safe(&split.new_name), 30)
                    );
                    (split.before, vec![split.new], Some(split.new), text)
                })
            }
            Change::KeepApart(ids) => self.workspace.keep_apart(ids).map(|_| {
                let text = format!(
                    "{} kept apart, not proposed again (u undoes)",
                    plural(ids.len() as u64, "contact", "contacts")
                );
                (Snapshot::default(), Vec::new(), ids.first().copied(), text)
            }),
        };
        match result {
            Ok((before, made, keep, text)) => {
                self.reload(keep);
                self.status = Some(Status::Info(text));
                Some(PeopleStep {
                    change,
                    before,
                    made,
                })
            }
            Err(error) => {
                self.status = Some(Status::Error(format!(
                    "Not saved, nothing changed: {error}"
                )));
                None
            }
        }
    }

    /// Undoes `step`: puts its contacts back as they were. Whether that was saved.
    pub(super) fn undo_people(&mut self, step: &PeopleStep) -> bool {
        let result = match &step.change {
            Change::KeepApart(ids) => self.workspace.forget_kept_apart(ids).map(|_| ()),
            Change::Merge(_) | Change::Split(_) => self.workspace.restore(&step.before, &step.made),
        };
        match result {
            Ok(()) => {
                let keep = match &step.change {
                    Change::KeepApart(ids) => ids.first().copied(),
                    Change::Merge(_) | Change::Split(_) => step.before.ids().first().copied(),
                };
                self.reload(keep);
                true
            }
            Err(error) => {
                self.status = Some(Status::Error(format!(
                    "Not saved, nothing changed: {error}"
                )));
                false
            }
        }
    }
}
