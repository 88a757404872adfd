//! Suggestions (DESIGN section 8): evidence that points to a verdict. A suggestion is shown and
//! applied only with a key press (or `mark`), never silently.

use crate::config::Roles;
use crate::contact::Verdict;
use crate::store::Contact;

/// Mail both ways at least this often in each direction suggests the user knows the person.
pub const STRONG_EXCHANGE: u32 = 3;

/// Why a verdict is suggested.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// Every address the contact has is a role (`noreply@`, `support@`), not a person.
    RoleAddress,
    /// Mail went both ways, often.
    StrongExchange,
}

impl Reason {
    pub fn describe(self) -> &'static str {
        match self {
            Reason::RoleAddress => "a role address, not a person",
            Reason::StrongExchange => "frequent mail both ways",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Suggestion {
    pub verdict: Verdict,
    pub reason: Reason,
}

/// Whether every one of the contact's addresses is a role address.
pub fn is_role(contact: &Contact, roles: &Roles) -> bool {
    !contact.addresses.is_empty() && contact.addresses.iter().all(|a| roles.matches(a))
}

/// The verdict the evidence points to, for a contact not reviewed yet. A role address wins over
/// mail history: a support desk that answered often is still not a person to invite.
pub fn suggest(contact: &Contact, roles: &Roles) -> Option<Suggestion> {
    if contact.verdict != Verdict::Unreviewed {
        return None;
    }
    if is_role(contact, roles) {
        return Some(Suggestion {
            verdict: Verdict::DontKnow,
            reason: Reason::RoleAddress,
        });
    }
    let signals = &contact.signals;
    if signals.sent >= STRONG_EXCHANGE && signals.received >= STRONG_EXCHANGE {
        return Some(Suggestion {
            verdict: Verdict::KnowWell,
            reason: Reason::StrongExchange,
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{ContactId, Signals};

    fn contact(addresses: &[&str], sent: u32, received: u32) -> Contact {
        Contact {
            id: ContactId(1),
            name: "X".into(),
            given_name: String::new(),
            family_name: String::new(),
            organization: String::new(),
            title: String::new(),
            addresses: addresses.iter().map(|a| a.to_string()).collect(),
            verdict: Verdict::Unreviewed,
            note: String::new(),
            needs_review: false,
            signals: Signals {
                sent,
                received,
                ..Signals::default()
            },
        }
    }

    #[test]
    fn roles_suggest_dont_know_and_strong_exchanges_know_well() {
        let roles = crate::config::Config::built_in().roles;
        let suggested = |c: &Contact| suggest(c, &roles).map(|s| (s.verdict, s.reason));
        assert_eq!(
            suggested(&contact(&["noreply@github.com"], 0, 40)),
            Some((Verdict::DontKnow, Reason::RoleAddress))
        );
        assert_eq!(
            suggested(&contact(&["support@shop.example"], 5, 5)),
            Some((Verdict::DontKnow, Reason::RoleAddress)),
            "a role stays a role"
        );
        assert_eq!(
            suggested(&contact(&["info@ada.example", "ada@x.org"], 0, 0)),
            None,
            "one personal address is enough to be a person"
        );
        assert_eq!(
            suggested(&contact(&["ada@x.org"], 3, 3)),
            Some((Verdict::KnowWell, Reason::StrongExchange))
        );
        assert_eq!(suggested(&contact(&["ada@x.org"], 9, 2)), None);
        let mut decided = contact(&["noreply@x.org"], 0, 0);
        decided.verdict = Verdict::KnowWell;
        assert_eq!(
            suggested(&decided),
            None,
            "decisions are not second-guessed"
        );
    }
}
