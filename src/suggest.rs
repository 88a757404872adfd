//! Suggestions: evidence that points to a verdict, and the role-address patterns they use. A
//! suggestion is shown, and applied only with a key press (or `mark`), never silently.
//!
//! Role patterns decide suggestions, so they live here, with the rest of the domain; the
//! configuration builds them from `[roles] patterns`.

use crate::contact::{Contact, Verdict};

/// Mail both ways at least this often in each direction suggests the user knows the person.
pub const STRONG_EXCHANGE: u32 = 3;

/// Mail both ways whose latest message is this much older than the newest mail the workspace
/// has (two years) is an exchange that faded.
pub const FADED_AFTER_SECONDS: i64 = 2 * 365 * 24 * 3600;

/// Mail both ways over at least this long (two years), still going, is knowing someone however
/// few the messages.
pub const LONG_EXCHANGE_SECONDS: i64 = 2 * 365 * 24 * 3600;

/// Mail received and never answered says "don't know" only from an archive that covers at
/// least this long (a year): a week of mail says little about whom one answers.
pub const UNANSWERED_SPAN_SECONDS: i64 = 365 * 24 * 3600;

/// Why a verdict is suggested.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// Every address the contact has is a role (`noreply@`, `support@`), not a person.
    RoleAddress,
    /// Mail went both ways, often.
    StrongExchange,
    /// Mail went both ways over two years or more, and lately.
    LongExchange,
    /// Mail went both ways, but little, and not for two years.
    FadedExchange,
    /// In an address book with a phone number, and no mail either way.
    PhoneBook,
    /// Mail came from them and was never answered, in mail that covers a year or more.
    NeverAnswered,
}

impl Reason {
    pub fn describe(self) -> &'static str {
        match self {
            Reason::RoleAddress => "a role address, not a person",
            Reason::StrongExchange => "frequent mail both ways",
            Reason::LongExchange => "mail both ways for years",
            Reason::FadedExchange => "a little mail both ways, none for two years",
            Reason::PhoneBook => "a phone number in your address book, no mail",
            Reason::NeverAnswered => "wrote to you, never answered in a year of mail",
        }
    }

    /// Strong reasons are accepted with the first question of `A`; weak ones are offered after.
    pub fn is_strong(self) -> bool {
        matches!(
            self,
            Reason::RoleAddress | Reason::StrongExchange | Reason::LongExchange
        )
    }
}

/// Which suggestion rules are on (`[suggest]` in the configuration); all are by default.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Switches {
    pub role_address: bool,
    pub strong_exchange: bool,
    pub faded_exchange: bool,
    pub phone_book: bool,
    pub never_answered: bool,
}

impl Default for Switches {
    fn default() -> Switches {
        Switches {
            role_address: true,
            strong_exchange: true,
            faded_exchange: true,
            phone_book: true,
            never_answered: true,
        }
    }
}

/// What suggestions are made from besides the contact: the role patterns, the rules that are
/// on, and the time the workspace's mail covers (the first message the user sent and the
/// newest message, seconds since 1970; `None` without mail the user sent, where "never
/// answered" would mean nothing).
#[derive(Clone, Copy, Debug)]
pub struct Context<'a> {
    pub roles: &'a Roles,
    pub switches: Switches,
    pub mail_span: Option<(i64, i64)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Suggestion {
    pub verdict: Verdict,
    pub reason: Reason,
}

/// A set hashed with FxHash: asked about every contact in the view by `A`.
type FastSet<T> =
    std::collections::HashSet<T, std::hash::BuildHasherDefault<crate::store::FxHasher>>;

/// Patterns for role addresses (`noreply@`, `support@`): suggested as don't know.
///
/// Lower-case globs (`*` is any run of characters); without `@` a pattern is matched against
/// the part of the address before the `@`, with one against the whole address. They are kept
/// ready to match: a pattern without `*` is looked up, the others are tried in turn without
/// allocating. (Trying each of the default 57 on every contact made `A` take a second at a
/// million contacts.)

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Roles {
    /// Patterns without `*`: matched against the local part, or (with `@`) the whole address.
    local_parts: FastSet<String>,
    addresses: FastSet<String>,
    /// The [`byte_mask`]s of those patterns: an address whose mask is none of them is looked
    /// up in neither set.
    exact_masks: FastSet<u64>,
    /// Patterns with `*`: matched against the local part, or (with `@`) the whole address.
    local_globs: Globs,
    address_globs: Globs,
}

/// Globs, each with the [`byte_mask`] of its literal parts: a text whose mask lacks one of
/// these bits cannot match (one AND instead of a search: most addresses lack a letter of
/// `noreply`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Globs {
    needs: Vec<u64>,
    globs: Vec<Glob>,
}

impl Globs {
    fn push(&mut self, pattern: &str) {
        let mut parts: Vec<String> = pattern.split('*').map(str::to_string).collect();
        let last = parts.pop().unwrap_or_default();
        let first = parts.remove(0);
        self.needs
            .push(byte_mask(pattern.as_bytes()) & !byte_mask(b"*"));
        self.globs.push(Glob {
            first,
            middle: parts
                .iter()
                .map(|part| memchr::memmem::Finder::new(part.as_bytes()).into_owned())
                .collect(),
            last,
        });
    }

    fn matches(&self, text: &str, mask: u64) -> bool {
        // The masks first, all of them without stopping (a loop the compiler can vectorise):
        // most addresses match none.
        let candidate = self
            .needs
            .iter()
            .fold(false, |any, needs| any | (needs & !mask == 0));
        candidate
            && self
                .needs
                .iter()
                .zip(&self.globs)
                .any(|(needs, glob)| needs & !mask == 0 && glob.matches(text))
    }
}

/// A pattern with `*`: `first*middle*...*last`. The middle parts are searched for with
/// searchers built once (`str::find` builds one on every call: most of the time of matching).
#[derive(Clone, Debug)]
struct Glob {
    first: String,
    middle: Vec<memchr::memmem::Finder<'static>>,
    last: String,
}

impl PartialEq for Glob {
    fn eq(&self, other: &Glob) -> bool {
        let needles = |glob: &Glob| -> Vec<Vec<u8>> {
            glob.middle.iter().map(|f| f.needle().to_vec()).collect()
        };
        (&self.first, &self.last) == (&other.first, &other.last) && needles(self) == needles(other)
    }
}

impl Eq for Glob {}

impl Roles {
    pub fn new(patterns: Vec<String>) -> Roles {
        let mut roles = Roles::default();
        for pattern in &patterns {
            let whole_address = pattern.contains('@');
            match (pattern.contains('*'), whole_address) {
                (false, whole_address) => {
                    let exact = if whole_address {
                        &mut roles.addresses
                    } else {
                        &mut roles.local_parts
                    };
                    exact.insert(pattern.clone());
                    roles.exact_masks.insert(byte_mask(pattern.as_bytes()));
                }
                (true, false) => roles.local_globs.push(pattern),
                (true, true) => roles.address_globs.push(pattern),
            }
        }
        roles
    }

    /// Whether `address` looks like a role rather than a person.
    pub fn matches(&self, address: &str) -> bool {
        let address = address.trim();
        let masks = address_masks(address.as_bytes());
        if masks.whole & NEEDS_LOWERING == 0 {
            self.matches_lower_case(address, masks)
        } else {
            let lower = address.to_lowercase();
            self.matches_lower_case(&lower, address_masks(lower.as_bytes()))
        }
    }

    /// [`matches`](Roles::matches) for an address already lower-cased and trimmed. Most
    /// addresses fail on their masks alone: `A` asks about every contact in the view.
    fn matches_lower_case(&self, address: &str, masks: Masks) -> bool {
        let local = masks.at.map_or(address, |at| &address[..at]);
        if self.exact_masks.contains(&masks.local) && self.local_parts.contains(local)
            || self.exact_masks.contains(&masks.whole) && self.addresses.contains(address)
        {
            return true;
        }
        self.local_globs.matches(local, masks.local)
            || self.address_globs.matches(address, masks.whole)
    }
}

/// Each byte's bit in a [`byte_mask`]: one per lower-case ASCII letter and digit, and one each
/// for `.`, `-`, `_` and `@`; one for an upper-case ASCII letter and one for any byte of a
/// non-ASCII character (either means the text needs lower-casing first); one for the rest.
const BITS: [u8; 256] = {
    let mut bits = [40; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        bits[b] = match byte {
            b'a'..=b'z' => byte - b'a',
            b'0'..=b'9' => 26 + byte - b'0',
            b'.' => 36,
            b'-' => 37,
            b'_' => 38,
            b'@' => 39,
            b'A'..=b'Z' => 41,
            0x80..=0xFF => 42,
            _ => 40,
        };
        b += 1;
    }
    bits
};

/// The bits of a mask that mean its text is not all lower-case ASCII.
const NEEDS_LOWERING: u64 = 1 << 41 | 1 << 42;

/// Every byte of a text sets its bit ([`BITS`]), so a pattern's bits not all in a text's mean
/// the pattern's literal parts are not all in it, and two texts with different masks differ.
fn byte_mask(text: &[u8]) -> u64 {
    text.iter()
        .fold(0, |mask, &b| mask | 1 << BITS[usize::from(b)])
}

/// An address's masks, from one pass over it.
#[derive(Clone, Copy)]
struct Masks {
    /// Of the local part: the bytes before the last `@` (all of them without one).
    local: u64,
    /// Of the whole address.
    whole: u64,
    /// Where the last `@` is.
    at: Option<usize>,
}

fn address_masks(address: &[u8]) -> Masks {
    let (mut whole, mut before_at, mut at) = (0u64, None, None);
    for (i, &b) in address.iter().enumerate() {
        if b == b'@' {
            before_at = Some(whole);
            at = Some(i);
        }
        whole |= 1 << BITS[usize::from(b)];
    }
    Masks {
        local: before_at.unwrap_or(whole),
        whole,
        at,
    }
}

impl Glob {
    fn matches(&self, text: &str) -> bool {
        let mut rest = text.as_bytes();
        // Empty ends (`*noreply*`) are common; comparing them is not free.
        if !self.first.is_empty() {
            match rest.strip_prefix(self.first.as_bytes()) {
                Some(after) => rest = after,
                None => return false,
            }
        }
        for part in &self.middle {
            match part.find(rest) {
                Some(at) => rest = &rest[at + part.needle().len()..],
                None => return false,
            }
        }
        self.last.is_empty() || rest.ends_with(self.last.as_bytes())
    }
}

/// Whether every one of the contact's addresses is a role address.
pub fn is_role(contact: &Contact, roles: &Roles) -> bool {
    !contact.addresses.is_empty() && contact.addresses.iter().all(|a| roles.matches(a))
}

/// The verdict the role patterns and mail both ways point to, with every rule on and no
/// knowledge of the mail's span: see [`suggest_with`].
pub fn suggest(contact: &Contact, roles: &Roles) -> Option<Suggestion> {
    suggest_with(
        contact,
        &Context {
            roles,
            switches: Switches::default(),
            mail_span: None,
        },
    )
}

/// The verdict the evidence points to, for a contact not reviewed yet, the first rule that is
/// on and applies: a role address (don't know), mail both ways often (know well), a little
/// mail both ways that faded (vaguely), mail received and never answered (don't know), a
/// phone number and no mail (vaguely). A role address wins over mail history: a support desk
/// that answered often is still not a person to invite.
pub fn suggest_with(contact: &Contact, context: &Context<'_>) -> Option<Suggestion> {
    if contact.verdict != Verdict::Unreviewed {
        return None;
    }
    let on = context.switches;
    let signals = &contact.signals;
    let suggestion = |verdict, reason| Some(Suggestion { verdict, reason });
    if on.role_address
        && signals
            .role
            .unwrap_or_else(|| is_role(contact, context.roles))
    {
        return suggestion(Verdict::DontKnow, Reason::RoleAddress);
    }
    let both_ways = signals.sent > 0 && signals.received > 0;
    if on.strong_exchange && signals.sent >= STRONG_EXCHANGE && signals.received >= STRONG_EXCHANGE
    {
        return suggestion(Verdict::KnowWell, Reason::StrongExchange);
    }
    if let Some((first, last)) = context.mail_span {
        let recent = signals
            .last_contact
            .is_some_and(|at| at >= last - FADED_AFTER_SECONDS);
        let since = contact.evidence.as_ref().and_then(|e| e.first_contact);
        if on.strong_exchange
            && signals.sent >= 2
            && signals.received >= 2
            && recent
            && since
                .zip(signals.last_contact)
                .is_some_and(|(from, to)| to - from >= LONG_EXCHANGE_SECONDS)
        {
            return suggestion(Verdict::KnowWell, Reason::LongExchange);
        }
        if on.faded_exchange
            && both_ways
            && signals
                .last_contact
                .is_some_and(|at| at < last - FADED_AFTER_SECONDS)
        {
            return suggestion(Verdict::Vaguely, Reason::FadedExchange);
        }
        // They wrote while the user's own mail was kept (an archive of sent mail from 2020
        // says nothing of a message from 2006).
        if on.never_answered
            && signals.received > 0
            && signals.sent == 0
            && last - first >= UNANSWERED_SPAN_SECONDS
            && signals.last_contact.is_some_and(|at| at >= first)
        {
            return suggestion(Verdict::DontKnow, Reason::NeverAnswered);
        }
    }
    if on.phone_book && signals.sent == 0 && signals.received == 0 && signals.phone {
        return suggestion(Verdict::Vaguely, Reason::PhoneBook);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contact::Signals;

    fn contact(addresses: &[&str], sent: u32, received: u32) -> Contact {
        Contact {
            signals: Signals {
                sent,
                received,
                ..Signals::default()
            },
            ..Contact::for_test(1, "X", addresses)
        }
    }

    #[test]
    fn weaker_evidence_suggests_with_its_reason_and_each_rule_can_be_turned_off() {
        const YEAR: i64 = 365 * 24 * 3600;
        let roles = Roles::default();
        let span = Some((0, 5 * YEAR));
        let with = |c: &Contact, switches: Switches, mail_span| {
            suggest_with(
                c,
                &Context {
                    roles: &roles,
                    switches,
                    mail_span,
                },
            )
            .map(|s| (s.verdict, s.reason, s.reason.is_strong()))
        };
        let on = Switches::default();
        // A little mail both ways, the last three years before the newest: faded.
        let mut faded = contact(&["ada@x.org"], 1, 2);
        faded.signals.last_contact = Some(2 * YEAR);
        assert_eq!(
            with(&faded, on, span),
            Some((Verdict::Vaguely, Reason::FadedExchange, false))
        );
        // The same a year before the newest: no suggestion; nor without knowing the span.
        faded.signals.last_contact = Some(4 * YEAR);
        assert_eq!(with(&faded, on, span), None);
        faded.signals.last_contact = Some(2 * YEAR);
        assert_eq!(with(&faded, on, None), None);
        // Wrote, never answered, in five years of mail: don't know; in half a year: nothing.
        let mut unanswered = contact(&["bob@x.org"], 0, 4);
        unanswered.signals.last_contact = Some(YEAR);
        assert_eq!(
            with(&unanswered, on, span),
            Some((Verdict::DontKnow, Reason::NeverAnswered, false))
        );
        assert_eq!(with(&unanswered, on, Some((0, YEAR / 2))), None);
        // They wrote before the user's own mail begins: it says nothing of answering.
        assert_eq!(with(&unanswered, on, Some((2 * YEAR, 5 * YEAR))), None);
        // A phone number and no mail: vaguely.
        let mut phone = contact(&["cy@x.org"], 0, 0);
        phone.signals.phone = true;
        assert_eq!(
            with(&phone, on, None),
            Some((Verdict::Vaguely, Reason::PhoneBook, false))
        );
        // Each rule off: no suggestion from it.
        let off = Switches {
            faded_exchange: false,
            never_answered: false,
            phone_book: false,
            ..on
        };
        assert_eq!(with(&faded, off, span), None);
        assert_eq!(with(&unanswered, off, span), None);
        assert_eq!(with(&phone, off, span), None);
        let strong = contact(&["dee@x.org"], 3, 3);
        assert_eq!(
            with(&strong, on, span),
            Some((Verdict::KnowWell, Reason::StrongExchange, true))
        );
        let strong_off = Switches {
            strong_exchange: false,
            ..on
        };
        assert_eq!(with(&strong, strong_off, span), None);
        // Once a year both ways for three years, the last this year: known for years.
        // One message each way two years apart is too little; two each way is an exchange.
        let mut thin = contact(&["eve@x.org"], 1, 1);
        thin.signals.last_contact = Some(5 * YEAR - 10);
        thin.evidence = Some(Box::new(crate::contact::Evidence {
            first_contact: Some(2 * YEAR),
            ..Default::default()
        }));
        assert_eq!(with(&thin, on, span), None);
        let mut long = contact(&["eve@x.org"], 2, 2);
        long.signals.last_contact = Some(5 * YEAR - 10);
        long.evidence = Some(Box::new(crate::contact::Evidence {
            first_contact: Some(2 * YEAR),
            ..Default::default()
        }));
        assert_eq!(
            with(&long, on, span),
            Some((Verdict::KnowWell, Reason::LongExchange, true))
        );
        assert_eq!(with(&long, strong_off, span), None);
    }

    #[test]
    fn roles_suggest_dont_know_and_strong_exchanges_know_well() {
        let roles = Roles::new(vec!["noreply".into(), "support".into(), "info".into()]);
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

    #[test]
    fn role_patterns_match_the_local_part_or_the_whole_address() {
        let roles = Roles::new(vec![
            "*noreply*".into(),
            "info".into(),
            "notification*".into(),
            "*@bounce.example.com".into(),
        ]);
        assert!(roles.matches("NoReply@github.com"));
        assert!(roles.matches("ci-noreply-bot@x.org"));
        assert!(roles.matches("info@shop.example"));
        assert!(!roles.matches("information.desk@x.org"), "info is whole");
        assert!(roles.matches("notifications@x.org"));
        assert!(roles.matches("anyone@bounce.example.com"));
        assert!(!roles.matches("ada@example.com"));
        let glob = Roles::new(vec!["a*b*c".into(), "ab*ba".into(), "*xy*xy".into()]);
        assert!(glob.matches("axxbyyc@x.org"));
        assert!(!glob.matches("axxbyy@x.org"));
        assert!(!glob.matches("aba@x.org"), "the ends may not overlap");
        assert!(!glob.matches("xy@x.org"), "nor the parts");
        assert!(glob.matches("xyxy@x.org"));
    }

    /// A glob, matched the plain way: the meaning [`Roles::matches`] keeps.
    fn glob_matches(pattern: &str, text: &str) -> bool {
        let parts: Vec<&str> = pattern.split('*').collect();
        let (first, rest_parts) = parts.split_first().expect("one part at least");
        let Some(mut rest) = text.strip_prefix(first) else {
            return false;
        };
        let Some((last, middle)) = rest_parts.split_last() else {
            return rest.is_empty();
        };
        for part in middle {
            match rest.find(part) {
                Some(at) => rest = &rest[at + part.len()..],
                None => return false,
            }
        }
        rest.len() >= last.len() && rest.ends_with(last)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn role_matching_means_what_the_globs_say(
            patterns in proptest::collection::vec("[abé1_*@.-]{0,5}", 0..6),
            address in "[ \\tabAB1_@.É-]{0,9}",
        ) {
            let roles = Roles::new(patterns.clone());
            let lower = address.trim().to_lowercase();
            let local = lower.rsplit_once('@').map_or(&*lower, |(local, _)| local);
            let expected = patterns.iter().any(|pattern| {
                glob_matches(pattern, if pattern.contains('@') { &lower } else { local })
            });
            proptest::prop_assert_eq!(roles.matches(&address), expected);
        }
    }
}
