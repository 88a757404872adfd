//! Counts per verdict and per view, and the state markers a contact carries.

use crate::config::View;
use crate::contact::{Contact, Verdict};

pub(super) fn verdict_slot(verdict: Verdict) -> usize {
    match verdict {
        Verdict::Unreviewed => 0,
        Verdict::KnowWell => 1,
        Verdict::Vaguely => 2,
        Verdict::DontKnow => 3,
    }
}

/// Counts per verdict and per view, kept as contacts change.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Tally {
    pub(super) verdicts: [usize; 4],
    pub(super) views: [usize; View::ALL.len()],
    /// Unreviewed contacts left out of the queue (connected on LinkedIn, or the user).
    pub(super) out_of_queue: usize,
    /// Contacts with a state marker.
    pub(super) marked: usize,
}

/// Which state markers a contact carries, in the legend's order: to review again, you,
/// connected, probably connected, invited, invited you, exported.
pub fn marker_states(contact: &Contact) -> [bool; 7] {
    let signals = &contact.signals;
    [
        contact.needs_review,
        signals.yours,
        signals.linkedin == crate::contact::LinkedIn::Connected,
        signals.linkedin == crate::contact::LinkedIn::ProbablyConnected,
        signals.invited,
        signals.invited_you,
        signals.exported,
    ]
}

impl Tally {
    /// Counts `contact` in (`by` 1) or out (`by` -1).
    pub(super) fn count(&mut self, contact: &Contact, by: isize) {
        let add = |slot: &mut usize| *slot = slot.saturating_add_signed(by);
        add(&mut self.verdicts[verdict_slot(contact.verdict)]);
        for (slot, view) in View::ALL.iter().enumerate() {
            if view.shows(contact) {
                add(&mut self.views[slot]);
            }
        }
        if (contact.verdict == Verdict::Unreviewed || contact.needs_review)
            && View::out_of_queue(contact)
        {
            add(&mut self.out_of_queue);
        }
        if marker_states(contact).contains(&true) {
            add(&mut self.marked);
        }
    }
}
