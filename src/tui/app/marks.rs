//! Marks, one or many, and undo and redo: every change is saved before it is shown.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Instant;

use super::list::place;
use super::people::PeopleStep;
use super::{App, Modal, Status};
use crate::contact::{Contact, ContactId, Text, Verdict};
use crate::store::Origin;
use crate::suggest::{self, Reason, Suggestion};
use crate::text::{count, plural, terminal_safe};
use crate::tui::view::truncate;

/// One undoable change: each contact's verdict before and after, or a change to who is one
/// person (a merge, a split, a keep-apart).
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Step {
    changes: Vec<(ContactId, Verdict, Verdict)>,
    people: Option<PeopleStep>,
    /// `p`: the contact, and the key of its export address before and after (`None`: the
    /// first address).
    preferred: Option<(ContactId, Option<Text>, Option<Text>)>,
}

impl Step {
    pub(super) fn people(step: PeopleStep) -> Step {
        Step {
            changes: Vec::new(),
            people: Some(step),
            preferred: None,
        }
    }

    pub(super) fn preferred(id: ContactId, before: Option<Text>, after: Option<Text>) -> Step {
        Step {
            changes: Vec::new(),
            people: None,
            preferred: Some((id, before, after)),
        }
    }
}

/// A mark waiting for confirmation.
#[derive(Debug)]
pub struct PendingMark {
    /// Each contact and the verdict it is to get.
    pub changes: Vec<(ContactId, Verdict)>,
    /// What the dialog asks ("Mark 37 contacts as don't know?").
    pub question: String,
    /// The question asked after this one, yes or no (the weaker suggestions after the strong).
    pub then: Option<Box<PendingMark>>,
}

/// Suggestions found: each contact's verdict, and per reason its verdict and how many.
type Found = (Vec<(ContactId, Verdict)>, Vec<(Reason, Verdict, u64)>);

/// Decisions made in this session one contact at a time, for the marks-per-minute figure: the
/// pace of reading people. A bulk mark (a selection, `A`) is not read one by one, and counted,
/// it showed 97,761/min after one `A`; an undone mark no longer counts.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Pace {
    marks: u64,
    first: Option<Instant>,
    pub(super) per_minute: Option<u64>,
}

impl Pace {
    pub(super) fn record(&mut self, marks: u64, now: Instant) {
        self.first.get_or_insert(now);
        self.marks += marks;
        self.refresh(now);
    }

    /// An undone mark: no longer counted.
    pub(super) fn forget(&mut self, marks: u64, now: Instant) {
        self.marks = self.marks.saturating_sub(marks);
        self.refresh(now);
    }

    pub(super) fn refresh(&mut self, now: Instant) {
        if let Some(first) = self.first {
            // Within the first minute the rate is simply the marks made so far.
            let minutes = (now.saturating_duration_since(first).as_secs_f64() / 60.0).max(1.0);
            self.per_minute = Some((self.marks as f64 / minutes).round() as u64);
        }
    }
}

impl App {
    pub(super) fn mark(&mut self, verdict: Verdict) {
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
        // Decisions this would overturn: always asked about, by name.
        let overturned: Vec<&Contact> = targets
            .iter()
            .filter_map(|id| self.index.get(id).map(|i| &self.contacts[*i]))
            .filter(|c| c.verdict != Verdict::Unreviewed && c.verdict != verdict)
            .collect();
        if targets.len() > self.settings.screen.confirm_above || !overturned.is_empty() {
            let mut question = format!(
                "Mark {} as {}?",
                plural(targets.len() as u64, "contact", "contacts"),
                verdict.label()
            );
            if !overturned.is_empty() {
                question.push_str(&overturned_text(&overturned));
            }
            self.modal = Modal::ConfirmMark(PendingMark {
                changes,
                question,
                then: None,
            });
        } else {
            self.apply_changes(&changes, true);
        }
    }

    /// The suggestion for a contact, if any: see [`suggest::suggest_with`].
    pub fn suggestion(&self, contact: &Contact) -> Option<Suggestion> {
        suggest::suggest_with(
            contact,
            &suggest::Context {
                roles: &self.settings.roles,
                switches: self.settings.suggest,
                mail_span: self.mail_span,
            },
        )
    }

    /// Every contact in the view with a suggestion, in the list's order (without a search, in
    /// memory order: at a million contacts sorted by name, that halved the time), looked for
    /// on both cores in a big view.
    fn suggestions_in_view(&self) -> Vec<(ContactId, Suggestion)> {
        let context = suggest::Context {
            roles: &self.settings.roles,
            switches: self.settings.suggest,
            mail_span: self.mail_span,
        };
        let (contacts, view, visible) = (&self.contacts, self.view, &self.visible);
        let searching = self.search.is_some();
        let found = |positions: &mut dyn Iterator<Item = usize>| -> Vec<(ContactId, Suggestion)> {
            positions
                .filter_map(|i| {
                    let contact = &contacts[i];
                    suggest::suggest_with(contact, &context).map(|s| (contact.id, s))
                })
                .collect()
        };
        let in_view = |range: std::ops::Range<usize>| -> Vec<(ContactId, Suggestion)> {
            if searching {
                found(&mut visible[range].iter().copied())
            } else {
                found(&mut range.filter(|i| view.shows(&contacts[*i])))
            }
        };
        let total = if searching {
            visible.len()
        } else {
            contacts.len()
        };
        if total < 50_000 {
            return in_view(0..total);
        }
        let half = total / 2;
        let (mut first, second) = std::thread::scope(|scope| {
            let second = scope.spawn(|| in_view(half..total));
            (
                in_view(0..half),
                second
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            )
        });
        first.extend(second);
        first
    }

    /// Asks to apply the strong suggestions in the view at once (one undo step), then offers
    /// the weak ones with a second question (another step). Each question names the first
    /// few it would mark, with their addresses: they may be off screen.
    pub(super) fn accept_suggestions(&mut self) {
        const NAMED: usize = 3;
        // Per strength, each reason's verdict and count, in the order first met.
        let mut strong = Found::default();
        let mut weak = Found::default();
        for (id, suggestion) in self.suggestions_in_view() {
            let (changes, reasons) = if suggestion.reason.is_strong() {
                &mut strong
            } else {
                &mut weak
            };
            changes.push((id, suggestion.verdict));
            match reasons.iter_mut().find(|(r, _, _)| *r == suggestion.reason) {
                Some((_, _, n)) => *n += 1,
                None => reasons.push((suggestion.reason, suggestion.verdict, 1)),
            }
        }
        let ask = |(changes, reasons): Found, weaker: bool| -> Option<PendingMark> {
            if changes.is_empty() {
                return None;
            }
            // Per verdict, how many and why: "2 know well (frequent mail both ways; mail both
            // ways for years)".
            let mut by_verdict: Vec<(Verdict, u64, Vec<&str>)> = Vec::new();
            for (reason, verdict, n) in &reasons {
                match by_verdict.iter_mut().find(|(v, _, _)| v == verdict) {
                    Some((_, total, why)) => {
                        *total += n;
                        why.push(reason.describe());
                    }
                    None => by_verdict.push((*verdict, *n, vec![reason.describe()])),
                }
            }
            // Whom, by name and address: the marks fall on rows the screen may not show.
            let whom = |verdict: Verdict, n: u64| -> String {
                let named: Vec<String> = changes
                    .iter()
                    .filter(|(_, v)| *v == verdict)
                    .take(NAMED)
                    .filter_map(|(id, _)| self.index.get(id).map(|&i| who(&self.contacts[i])))
                    .collect();
                let more = match n.saturating_sub(NAMED as u64) {
                    0 => String::new(),
                    more => format!(" and {} more", count(more)),
                };
                format!("{}{more}", named.join(", "))
            };
            let parts: Vec<String> = by_verdict
                .iter()
                .map(|(verdict, n, why)| {
                    format!(
                        "{} {} ({}): {}",
                        count(*n),
                        verdict.label(),
                        why.join("; "),
                        whom(*verdict, *n)
                    )
                })
                .collect();
            let question = format!(
                "Accept {}{}: {}?",
                plural(changes.len() as u64, "suggestion", "suggestions"),
                if weaker { " on weaker evidence" } else { "" },
                parts.join("; ")
            );
            Some(PendingMark {
                changes,
                question,
                then: None,
            })
        };
        let weak = ask(weak, true);
        self.modal = match ask(strong, false) {
            Some(mut first) => {
                first.then = weak.map(Box::new);
                Modal::ConfirmMark(first)
            }
            None => match weak {
                Some(only) => Modal::ConfirmMark(only),
                None => {
                    self.status = Some(Status::Info("No suggestions in this view".into()));
                    return;
                }
            },
        };
    }

    /// Saves the verdict for `targets`, then (only if that succeeded) shows it.
    pub(super) fn apply_mark(&mut self, targets: &[ContactId], verdict: Verdict, advance: bool) {
        let changes: Vec<(ContactId, Verdict)> = targets.iter().map(|id| (*id, verdict)).collect();
        self.apply_changes(&changes, advance);
    }

    /// Saves `changes` and mirrors them in memory: the one way a verdict changes on the screen,
    /// for marks, undo and redo alike. The undo step is what the store says it changed (each
    /// contact's verdict before), not what memory thought. On failure nothing is shown, and
    /// the status says why (`failed` begins the message).
    pub(super) fn commit(
        &mut self,
        changes: &[(ContactId, Verdict)],
        failed: &str,
    ) -> Option<Step> {
        let before = match self.workspace.set_verdicts(changes, Origin::Tui) {
            Ok(before) => before,
            Err(error) => {
                self.status = Some(Status::Error(format!("{failed}: {error}")));
                return None;
            }
        };
        let after: HashMap<ContactId, Verdict> = changes.iter().copied().collect();
        let step = Step {
            changes: before
                .into_iter()
                .filter_map(|(id, old)| after.get(&id).map(|new| (id, old, *new)))
                .collect(),
            people: None,
            preferred: None,
        };
        for (id, verdict) in changes {
            let Some(&index) = self.index.get(id) else {
                continue;
            };
            let contact = &mut self.contacts[index];
            self.counts.count(contact, -1);
            // A mark (or its undo) answers a flag to review again.
            contact.needs_review = false;
            contact.verdict = *verdict;
            self.counts.count(contact, 1);
        }
        // The details pane shows the history, which just grew.
        self.details.id = None;
        Some(step)
    }

    /// Saves `changes` as one undo step, then (only if that succeeded) shows them.
    pub(super) fn apply_changes(&mut self, changes: &[(ContactId, Verdict)], advance: bool) {
        let Some(step) = self.commit(changes, "Not saved, nothing was marked") else {
            return;
        };
        // Every contact marked, including one marked as it was: that answers its flag to
        // review again, so it may leave the view too.
        let changed: Vec<ContactId> = changes.iter().map(|(id, _)| *id).collect();
        // New decisions: changing one's mind about someone already decided is not reading
        // another person (a trial marked one contact back and forth to 10/min).
        let decided = step
            .changes
            .iter()
            .filter(|(_, before, after)| {
                *before == Verdict::Unreviewed && *after != Verdict::Unreviewed
            })
            .count();
        if decided > 0 && changes.len() == 1 {
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

    /// After verdicts changed: drop rows the view no longer shows, then place the cursor on
    /// the next contact still to decide at or after the first changed row (so a bulk mark
    /// skips none between the marked ones). Only the changed contacts are looked at for a
    /// single mark: at a million contacts, re-checking every row made each mark take 26 ms.
    pub(super) fn after_change(&mut self, changed: &[ContactId], advance: bool) {
        let position = self.cursor;
        let view = self.view;
        let under_cursor = self.visible.get(position).copied();
        let changed_rows: HashSet<usize> = changed
            .iter()
            .filter_map(|id| self.index.get(id).copied())
            .collect();
        // The first changed row in the list: usually the one under the cursor.
        let anchor = match self.visible.get(position) {
            Some(i) if changed.len() == 1 && changed_rows.contains(i) => Some(position),
            _ => self.visible.iter().position(|i| changed_rows.contains(i)),
        }
        .unwrap_or(position);
        let in_view = Arc::make_mut(&mut self.scope.in_view);
        for &i in &changed_rows {
            in_view[i] = view.shows(&self.contacts[i]);
        }
        self.scope.stamp += 1;
        let gone: HashSet<usize> = changed_rows
            .iter()
            .copied()
            .filter(|i| !in_view[*i])
            .collect();
        for list in [&mut self.visible, Arc::make_mut(&mut self.scope.list)] {
            match gone.len() {
                0 => {}
                // One mark: usually the row under the cursor.
                1 => {
                    let index = gone.iter().next().copied();
                    let at = match list.get(anchor) {
                        Some(i) if Some(*i) == index => Some(anchor),
                        _ => list.iter().position(|i| Some(*i) == index),
                    };
                    if let Some(at) = at {
                        list.remove(at);
                    }
                }
                _ => list.retain(|i| !gone.contains(i)),
            }
        }
        if self.search.is_some() {
            // Still matches, now in another view.
            self.others.extend(gone.iter().copied());
        }
        if !advance {
            self.set_cursor(position);
            return;
        }
        // A bulk mark made with the cursor elsewhere (on a contact not marked) leaves it there.
        if let Some(i) =
            under_cursor.filter(|i| !changed_rows.contains(i) && self.scope.in_view[*i])
            && let Some(at) = self.visible.iter().position(|v| *v == i)
        {
            self.set_cursor(at);
            return;
        }
        // No changed row lies before the anchor, so it is still the first changed place.
        let to_decide = |i: usize| {
            let contact = &self.contacts[i];
            !changed_rows.contains(&i)
                && (contact.verdict == Verdict::Unreviewed || contact.needs_review)
        };
        let next = (anchor..self.visible.len())
            .chain(0..anchor)
            .find(|p| to_decide(self.visible[*p]));
        // Nothing left to decide: on past the changed row, when it stayed.
        let stayed = self
            .visible
            .get(anchor)
            .is_some_and(|i| changed_rows.contains(i));
        self.set_cursor(next.unwrap_or(anchor + usize::from(stayed)));
    }

    pub(super) fn undo(&mut self) {
        self.travel(true);
    }

    pub(super) fn redo(&mut self) {
        self.travel(false);
    }

    /// Undoes the last step (`back`) or redoes the last undone one: its contacts get their
    /// verdicts from before (or after) it, and the step moves to the other stack. When saving
    /// fails, it stays where it was.
    fn travel(&mut self, back: bool) {
        let (empty, done) = if back {
            ("Nothing to undo", "Undone")
        } else {
            ("Nothing to redo", "Redone")
        };
        let popped = if back {
            self.undo.pop()
        } else {
            self.redo.pop()
        };
        let Some(step) = popped else {
            self.status = Some(Status::Info(empty.into()));
            return;
        };
        if let Some((id, before, after)) = step.preferred.clone() {
            let key = if back { before } else { after };
            if self.set_preferred(id, key) {
                self.status = Some(Status::Info(format!("{done}: the export address")));
                if back {
                    self.redo.push(step);
                } else {
                    self.undo.push(step);
                }
            } else if back {
                self.undo.push(step);
            } else {
                self.redo.push(step);
            }
            return;
        }
        if let Some(people) = step.people.clone() {
            // Undone: the contacts as they were. Redone: the change made again, which gives
            // the step its new "before".
            let moved = if back {
                self.undo_people(&people).then_some(step)
            } else {
                self.do_people(people.change.clone()).map(Step::people)
            };
            match moved {
                Some(step) => {
                    if back {
                        self.status =
                            Some(Status::Info("Undone: the contacts are as they were".into()));
                        self.redo.push(step);
                    } else {
                        self.undo.push(step);
                    }
                }
                // Not saved: the step stays where it was (the status says why).
                None if back => self.undo.push(Step::people(people)),
                None => self.redo.push(Step::people(people)),
            }
            return;
        }
        let changes: Vec<(ContactId, Verdict)> = step
            .changes
            .iter()
            .map(|(id, before, after)| (*id, if back { *before } else { *after }))
            .collect();
        let restored = self.restore(&changes);
        if let [(_, before, after)] = step.changes[..]
            && restored
            && before == Verdict::Unreviewed
            && after != Verdict::Unreviewed
        {
            let now = (self.clock)();
            if back {
                self.pace.forget(1, now);
            } else {
                self.pace.record(1, now);
            }
        }
        if restored {
            self.status = Some(Status::Info(format!(
                "{done} ({})",
                plural(changes.len() as u64, "contact", "contacts")
            )));
        }
        // Undone steps wait to be redone, redone ones to be undone; a failed one stays put.
        if back == restored {
            self.redo.push(step);
        } else {
            self.undo.push(step);
        }
    }

    /// Saves and shows verdicts from the undo history; the first contact gets the cursor.
    pub(super) fn restore(&mut self, changes: &[(ContactId, Verdict)]) -> bool {
        if self.commit(changes, "Not saved, nothing changed").is_none() {
            return false;
        }
        let changed: Vec<ContactId> = changes.iter().map(|(id, _)| *id).collect();
        self.replace_changed(&changed);
        true
    }

    /// After an undo or redo: each contact that changed leaves the list or comes back at its
    /// place in the order, and the first of them gets the cursor. A few are put back one by
    /// one; more than [`PUT_BACK_AT_MOST`], and the list is picked out of the kept order again.
    pub(super) fn replace_changed(&mut self, changed: &[ContactId]) {
        // Each put back in place moves the rest of the list: undoing a mark of 278,211
        // contacts at a million took 26 s that way.
        if changed.len() > PUT_BACK_AT_MOST {
            self.rebuild_visible(changed.first().copied());
            return;
        }
        let (view, sort) = (self.view, self.sort);
        self.scope.stamp += 1;
        for id in changed {
            let Some(&i) = self.index.get(id) else {
                continue;
            };
            let wanted = place(&self.contacts, sort, i);
            let contacts = &self.contacts;
            let list = Arc::make_mut(&mut self.scope.list);
            let at = list.partition_point(|&j| place(contacts, sort, j) < wanted);
            let listed = list.get(at) == Some(&i);
            let shown = view.shows(&contacts[i]);
            Arc::make_mut(&mut self.scope.in_view)[i] = shown;
            match (shown, listed) {
                (true, false) => list.insert(at, i),
                (false, true) => {
                    list.remove(at);
                }
                _ => {}
            }
        }
        if self.search.is_some() {
            // Search results follow the list: search it afresh.
            self.search_again(changed.first().copied());
        } else {
            self.visible = self.scope.list.to_vec();
        }
        let position = changed
            .first()
            .and_then(|id| self.index.get(id))
            .and_then(|i| self.visible.iter().position(|v| v == i));
        self.set_cursor(position.unwrap_or(self.cursor));
    }
}

/// Contacts an undo or redo puts back in the list one by one ([`App::replace_changed`]); above,
/// the list is picked out of its order again (a few milliseconds at a million contacts, about
/// what putting back this many takes there).
const PUT_BACK_AT_MOST: usize = 32;

/// A contact as a question names it: its name and export address, each cut short (names and
/// addresses come from files and may be anything: a 900-character name pushed a question's
/// y/n line off the screen).
pub(super) fn who(contact: &Contact) -> String {
    format!(
        "{} <{}>",
        truncate(&terminal_safe(&contact.name), 32),
        truncate(&terminal_safe(contact.preferred_address()), 48)
    )
}

/// How the question names decisions a bulk mark would overturn: how many, by verdict, and
/// the first few names.
fn overturned_text(overturned: &[&Contact]) -> String {
    const NAMED: usize = 3;
    let mut by_verdict: Vec<(Verdict, usize)> = Vec::new();
    for contact in overturned {
        match by_verdict.iter_mut().find(|(v, _)| *v == contact.verdict) {
            Some((_, n)) => *n += 1,
            None => by_verdict.push((contact.verdict, 1)),
        }
    }
    let counts: Vec<String> = by_verdict
        .iter()
        .map(|(verdict, n)| format!("{} {}", count(*n as u64), verdict.label()))
        .collect();
    let mut names: Vec<String> = overturned
        .iter()
        .take(NAMED)
        .map(|c| crate::text::terminal_safe(&c.name).into_owned())
        .collect();
    if overturned.len() > NAMED {
        names.push(format!("{} more", count((overturned.len() - NAMED) as u64)));
    }
    let marked = if overturned.len() == 1 {
        "is marked"
    } else {
        "are marked"
    };
    format!(
        " {} of them {marked} otherwise now ({}): {}.",
        count(overturned.len() as u64),
        counts.join(", "),
        names.join(", ")
    )
}
