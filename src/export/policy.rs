//! The export policy: the one function that decides who may leave the workspace.
//!
//! [`select`] is the only way to make a [`Vetted`] list (its fields are private to this module and
//! it has no other constructor), and every writer takes a `Vetted`, never contacts. So whatever
//! code is added later, a file can only ever hold people this function let through:
//!
//! | verdict    | invite (csv, vcard, emails) | outreach |
//! |------------|-----------------------------|----------|
//! | know well  | yes                         | no       |
//! | vaguely    | no                          | yes      |
//! | unreviewed | no                          | no       |
//! | don't know | no                          | no       |
//!
//! A contact flagged to review again (a merge joined different verdicts, or a split parted it)
//! never leaves until it is marked again: its verdict was given to someone else.
//!
//! The user's own addresses and people already connected on LinkedIn by address never leave,
//! whatever their verdict (and are counted as such: the screen asks no verdict of them). On
//! top of the verdict, people probably connected (by name), already invited there, or who
//! invited the user (their invitation is to be accepted) never leave, people exported in an earlier batch of the same
//! kind are left for `--include-exported`, and a batch stops at its limit. With mail history,
//! batches take the strongest relationships first.
//!
//! Addresses leave exactly as vetted holds them. A spreadsheet runs a cell that starts with
//! `=`, `+`, `-` or `@` as a formula, and the usual guard (a leading `'`) would change the
//! address; so a contact whose address starts that way is left out of the CSV formats, with its
//! own reason, and kept in `emails` and `vcard`, which no spreadsheet opens.
//!
//! Outside this module a `Vetted` cannot be built:
//!
//! ```compile_fail
//! let list = vetted::export::Vetted { kind: vetted::export::ExportKind::Invite, rows: Vec::new() };
//! ```

use super::ExportFormat;
use crate::contact::{Contact, ContactId, LinkedIn, Verdict, has_top_level_domain};
use crate::store::{ExportCandidate as Candidate, Workspace};

/// The two roads out: bulk invitations, or personal outreach one by one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExportKind {
    /// Know-well contacts, for a network's bulk "invite your contacts" import.
    Invite,
    /// Vaguely-known contacts, to invite one by one with a personal note.
    Outreach,
}

impl ExportKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ExportKind::Invite => "invite",
            ExportKind::Outreach => "outreach",
        }
    }

    /// The only verdict this kind of export takes.
    pub fn allowed(self) -> Verdict {
        match self {
            ExportKind::Invite => Verdict::KnowWell,
            ExportKind::Outreach => Verdict::Vaguely,
        }
    }
}

/// One person a writer may write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub id: ContactId,
    pub name: String,
    pub first_name: String,
    pub last_name: String,
    pub organization: String,
    pub title: String,
    /// The preferred address.
    pub address: String,
    pub note: String,
    /// Names the contact for tools that sync or merge vCards: the same for the same contact
    /// in every export, and again after importing the same files into a new workspace.
    pub uid: String,
    /// For message drafts: the subject of the latest thread either way, and the year of the
    /// first message (empty without mail).
    pub last_subject: String,
    pub since_year: String,
}

/// A list that passed the policy. Only [`select`] makes one.
#[derive(Debug)]
pub struct Vetted {
    kind: ExportKind,
    rows: Vec<Row>,
}

impl Vetted {
    pub fn kind(&self) -> ExportKind {
        self.kind
    }

    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

/// Why contacts were left out of an export, counted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LeftOut {
    pub unreviewed: usize,
    /// Flagged to review again: a merge joined different verdicts, or a split parted the
    /// contact, so its verdict was given to someone else.
    pub review_again: usize,
    pub dont_know: usize,
    /// Vaguely-known contacts, left out of an invite export (they belong in the outreach list).
    pub vaguely: usize,
    /// Know-well contacts, left out of an outreach export (they belong in the invite export).
    pub know_well: usize,
    pub connected: usize,
    /// A LinkedIn connection without an address has exactly the contact's name.
    pub probably_connected: usize,
    /// One of their addresses is the user's own: the user themself.
    pub yours: usize,
    /// The user already sent them a LinkedIn invitation.
    pub invited: usize,
    /// They sent the user a LinkedIn invitation: it is to be accepted, not answered with one.
    pub invited_you: usize,
    pub already_exported: usize,
    /// Their address would run as a formula in a spreadsheet (CSV formats only).
    pub formula_address: usize,
    /// Their address has no top-level domain (`raj.patel@gmail`): a typo, never sent out.
    pub no_top_level_domain: usize,
    pub over_limit: usize,
}

impl LeftOut {
    pub fn total(&self) -> usize {
        self.unreviewed
            + self.review_again
            + self.dont_know
            + self.vaguely
            + self.know_well
            + self.connected
            + self.probably_connected
            + self.yours
            + self.invited
            + self.invited_you
            + self.already_exported
            + self.formula_address
            + self.no_top_level_domain
            + self.over_limit
    }
}

/// What an export would write, and what it leaves out.
#[derive(Debug)]
pub struct Selection {
    pub vetted: Vetted,
    pub left_out: LeftOut,
    /// Eligible contacts not in this batch, for later batches (over the limit).
    pub remaining: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// The most contacts one batch takes.
    pub limit: usize,
    /// Take contacts exported in earlier batches again.
    pub include_exported: bool,
}

/// Decides who an export in `format` takes from the workspace.
pub fn select(
    workspace: &Workspace,
    format: ExportFormat,
    options: Options,
) -> crate::store::Result<Selection> {
    Ok(choose(
        workspace.export_candidates(format.kind().as_str())?,
        format,
        options,
    ))
}

/// The last batch of `format`'s kind, as the policy allows it now: whoever has since been
/// marked otherwise, or connected on LinkedIn, is left out with the reason. `None` when there
/// has been no batch of the kind.
pub fn select_again(
    workspace: &Workspace,
    format: ExportFormat,
) -> crate::store::Result<Option<Selection>> {
    let kind = format.kind();
    let Some(batch) = workspace.last_batch(kind.as_str())? else {
        return Ok(None);
    };
    let candidates = workspace
        .export_candidates(kind.as_str())?
        .into_iter()
        .filter(|c| batch.contains(&c.contact.id))
        .collect();
    let options = Options {
        limit: usize::MAX,
        include_exported: true,
    };
    Ok(Some(choose(candidates, format, options)))
}

/// Whether a spreadsheet would run a cell holding `text` as a formula.
pub fn runs_as_formula(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// Records a written list as a batch, so the next export of its kind continues after it.
/// Call only once the file is in place.
pub fn record(
    workspace: &mut Workspace,
    vetted: &Vetted,
    format: &str,
    file: &std::path::Path,
) -> crate::store::Result<()> {
    let rows: Vec<(ContactId, &str)> = vetted
        .rows
        .iter()
        .map(|r| (r.id, r.address.as_str()))
        .collect();
    workspace.record_export(vetted.kind.as_str(), format, file, &rows)
}

/// The policy itself, on candidates already read (in their export order).
fn choose(mut candidates: Vec<Candidate>, format: ExportFormat, options: Options) -> Selection {
    let kind = format.kind();
    let spreadsheet = format.is_spreadsheet();
    // Strongest relationships first; a stable sort keeps the order among equals.
    candidates.sort_by_key(|c| std::cmp::Reverse(c.contact.signals.relationship()));
    let mut left_out = LeftOut::default();
    let mut rows = Vec::new();
    let allowed = kind.allowed();
    for candidate in candidates {
        // You, and people connected by address, first: no verdict is asked of them (the
        // screen leaves them out of its queue), so that is why they are left out.
        if candidate.contact.signals.yours {
            left_out.yours += 1;
            continue;
        }
        if candidate.contact.signals.linkedin == LinkedIn::Connected {
            left_out.connected += 1;
            continue;
        }
        if candidate.contact.verdict != allowed {
            match candidate.contact.verdict {
                Verdict::Unreviewed => left_out.unreviewed += 1,
                Verdict::DontKnow => left_out.dont_know += 1,
                Verdict::Vaguely => left_out.vaguely += 1,
                Verdict::KnowWell => left_out.know_well += 1,
            }
            continue;
        }
        if candidate.contact.needs_review {
            left_out.review_again += 1;
            continue;
        }
        if candidate.contact.signals.linkedin == LinkedIn::ProbablyConnected {
            left_out.probably_connected += 1;
            continue;
        }
        if candidate.contact.signals.invited {
            left_out.invited += 1;
            continue;
        }
        if candidate.contact.signals.invited_you {
            left_out.invited_you += 1;
            continue;
        }
        if candidate.exported && !options.include_exported {
            left_out.already_exported += 1;
            continue;
        }
        if spreadsheet && runs_as_formula(candidate.contact.preferred_address()) {
            left_out.formula_address += 1;
            continue;
        }
        if !has_top_level_domain(candidate.contact.preferred_address()) {
            left_out.no_top_level_domain += 1;
            continue;
        }
        if rows.len() >= options.limit {
            left_out.over_limit += 1;
            continue;
        }
        rows.push(row(candidate.contact));
    }
    Selection {
        vetted: Vetted { kind, rows },
        left_out,
        remaining: left_out.over_limit,
    }
}

/// Whether `name` is an address rather than a person's name: Outlook fills an empty display
/// name with the address (`jdoe@x.example`, `'jdoe@x.example'`, `<jdoe@x.example>`,
/// `mailto:jdoe@x.example`), and such a name is made up too. One word with an `@` inside.
fn is_an_address(name: &str) -> bool {
    let name = name.trim().trim_matches(['\'', '"', '<', '>']);
    let name = name.strip_prefix("mailto:").unwrap_or(name);
    !name.contains(char::is_whitespace)
        && name
            .split_once('@')
            .is_some_and(|(local, domain)| !local.is_empty() && !domain.is_empty())
}

pub(crate) fn row(contact: Contact) -> Row {
    let uid = uid(contact.addresses.first().unwrap_or(""));
    let address = contact.preferred_address().to_string();
    let (title, note) = (contact.title().to_string(), contact.note().to_string());
    // Given and family names when the file had them; otherwise from the display name
    // (`Lovelace, Ada`, `Dr. Alan Turing`, `Grace M. Hopper`: see `name_parts`), unless that
    // was made up from an address or an organization, or is an address: `jdoe`, `Acme Corp` or
    // `jdoe@x.example` is nobody's first and last name (an outreach draft said "Hi Acme!"; now it says it has no first name).
    let (given, family) = (contact.given_name(), contact.family_name());
    let (first_name, last_name) = if is_an_address(given) || is_an_address(family) {
        (String::new(), String::new())
    } else if !given.is_empty() || !family.is_empty() {
        (given.into(), family.into())
    } else if contact.name_is_fallback || is_an_address(&contact.name) {
        (String::new(), String::new())
    } else {
        crate::contact::name_parts(&contact.name)
    };
    let evidence = contact.evidence.as_deref();
    let last_subject = evidence
        .and_then(|e| {
            e.subjects_received
                .first()
                .or(e.subjects_sent.first())
                .cloned()
        })
        .unwrap_or_default();
    let since_year = evidence
        .and_then(|e| e.first_contact)
        .map(|first| crate::text::date_of_seconds(first)[..4].to_string())
        .unwrap_or_default();
    Row {
        id: contact.id,
        uid,
        address,
        name: contact.name.into(),
        first_name,
        last_name,
        organization: contact.organization.into(),
        title,
        last_subject,
        since_year,
        note,
    }
}

/// A contact's vCard UID, from the address it was first seen with (which a later merge or a
/// preferred address does not change): a UUID (version 8, RFC 9562) made of the 128-bit FNV-1a
/// hash of the address's key, so it needs no stored state and no random numbers.
pub fn uid(first_address: &str) -> String {
    let mut hash: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    for byte in crate::contact::address_key(first_address).bytes() {
        hash ^= u128::from(byte);
        hash = hash.wrapping_mul(0x0000_0000_0100_0000_0000_0000_0000_013b);
    }
    // Version 8 (custom) and the RFC 4122 variant.
    let hash = (hash & !(0xf << 76) | (0x8 << 76)) & !(0x3 << 62) | (0x2 << 62);
    let hex = format!("{hash:032x}");
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contact::Signals;

    fn candidate(id: i64, verdict: Verdict) -> Candidate {
        Candidate {
            contact: Contact {
                verdict,
                ..Contact::for_test(
                    id,
                    &format!("Person {id}"),
                    &[&format!("p{id}@example.org")],
                )
            },
            exported: false,
        }
    }

    const ALL: Options = Options {
        limit: usize::MAX,
        include_exported: false,
    };

    #[test]
    fn each_kind_takes_only_its_verdict() {
        let candidates: Vec<Candidate> = Verdict::ALL
            .iter()
            .enumerate()
            .map(|(i, v)| candidate(i as i64, *v))
            .collect();
        for format in [ExportFormat::Csv, ExportFormat::Outreach] {
            let kind = format.kind();
            let selection = choose(candidates.clone(), format, ALL);
            assert_eq!(selection.vetted.len(), 1);
            let id = selection.vetted.rows()[0].id;
            let verdict = candidates
                .iter()
                .find(|c| c.contact.id == id)
                .map(|c| c.contact.verdict);
            assert_eq!(verdict, Some(kind.allowed()));
            assert_eq!(selection.left_out.total(), 3);
        }
    }

    #[test]
    fn connected_invited_exported_and_over_limit_are_counted() {
        let mut candidates: Vec<Candidate> =
            (0..8).map(|i| candidate(i, Verdict::KnowWell)).collect();
        candidates[0].contact.signals.linkedin = LinkedIn::Connected;
        candidates[1].exported = true;
        candidates[6].contact.signals.linkedin = LinkedIn::ProbablyConnected;
        candidates[7].contact.signals.invited = true;
        let selection = choose(
            candidates.clone(),
            ExportFormat::Csv,
            Options {
                limit: 2,
                include_exported: false,
            },
        );
        let ids: Vec<i64> = selection.vetted.rows().iter().map(|r| r.id.0).collect();
        assert_eq!(ids, [2, 3]);
        assert_eq!(selection.left_out.connected, 1);
        assert_eq!(selection.left_out.probably_connected, 1);
        assert_eq!(selection.left_out.invited, 1);
        assert_eq!(selection.left_out.already_exported, 1);
        assert_eq!(selection.left_out.over_limit, 2);
        assert_eq!(selection.remaining, 2);
        let again = choose(
            candidates,
            ExportFormat::Csv,
            Options {
                limit: 10,
                include_exported: true,
            },
        );
        let ids: Vec<i64> = again.vetted.rows().iter().map(|r| r.id.0).collect();
        assert_eq!(
            ids,
            [1, 2, 3, 4, 5],
            "connected and invited people never leave, even with --include-exported"
        );
    }

    #[test]
    fn batches_take_the_strongest_relationships_first() {
        let mut candidates: Vec<Candidate> =
            (0..5).map(|i| candidate(i, Verdict::KnowWell)).collect();
        let mail = |sent, received, last| Signals {
            sent,
            received,
            last_contact: Some(last),
            ..Signals::default()
        };
        candidates[1].contact.signals = mail(1, 0, 50); // one-way
        candidates[2].contact.signals = mail(4, 2, 10); // two-way
        candidates[3].contact.signals = mail(9, 1, 90); // two-way, but one reply
        candidates[4].contact.signals = mail(0, 7, 99); // they wrote, never the user
        let selection = choose(
            candidates,
            ExportFormat::Csv,
            Options {
                limit: 3,
                include_exported: false,
            },
        );
        let ids: Vec<i64> = selection.vetted.rows().iter().map(|r| r.id.0).collect();
        assert_eq!(ids, [2, 3, 1]);
    }

    #[test]
    fn names_are_split_only_when_the_file_gave_none() {
        let mut given = candidate(1, Verdict::KnowWell);
        given.contact.set_name("Ada Lovelace".into());
        given.contact.set_name_parts("Ada".into(), "King".into());
        let mut plain = candidate(2, Verdict::KnowWell);
        plain.contact.name = "Charles Babbage Jr.".into();
        let mut single = candidate(3, Verdict::KnowWell);
        single.contact.name = "Cher".into();
        // Made up, or an address given as the name (Outlook writes them so): no parts.
        let mut made_up = candidate(4, Verdict::KnowWell);
        made_up.contact.name = "Acme Corp".into();
        made_up.contact.name_is_fallback = true;
        let mut address = candidate(5, Verdict::KnowWell);
        address.contact.name = address
            .contact
            .addresses
            .first()
            .unwrap_or("")
            .to_uppercase()
            .into();
        let mut wrapped = candidate(6, Verdict::KnowWell);
        wrapped.contact.name = "'someone.else@x.example'".into();
        let mut in_parts = candidate(7, Verdict::KnowWell);
        in_parts.contact.set_name("kim@k.example".into());
        in_parts
            .contact
            .set_name_parts("kim@k.example".into(), String::new().into());
        let mut at_sign = candidate(8, Verdict::KnowWell);
        at_sign.contact.name = "Ana @ Home".into();
        let selection = choose(
            vec![
                given, plain, single, made_up, address, wrapped, in_parts, at_sign,
            ],
            ExportFormat::Csv,
            ALL,
        );
        let names: Vec<(&str, &str)> = selection
            .vetted
            .rows()
            .iter()
            .map(|r| (r.first_name.as_str(), r.last_name.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                ("Ada", "King"),
                ("Charles", "Babbage Jr."),
                ("Cher", ""),
                ("", ""),
                ("", ""),
                ("", ""),
                ("", ""),
                ("Ana @", "Home")
            ]
        );
    }

    #[test]
    fn a_uid_is_a_uuid_of_the_first_address_whatever_its_case() {
        // Pinned: a UID that changed between versions would make sync tools see new people
        // (README shows this one).
        assert_eq!(
            uid("ada@analytical.example"),
            "urn:uuid:79c36250-41d2-8642-bd8a-ad81046cafa7"
        );
        let a = uid("Ada@Example.org");
        assert_eq!(a, uid(" ada@example.org"), "the address's key decides");
        assert_ne!(a, uid("ada@example.com"));
        let hex = a.strip_prefix("urn:uuid:").expect("a URN");
        let groups: Vec<usize> = hex.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12]);
        assert!(hex.chars().all(|c| c == '-' || c.is_ascii_hexdigit()));
        assert_eq!(&hex[14..15], "8", "version 8");
        assert!("89ab".contains(&hex[19..20]), "RFC 4122 variant");
    }
}
