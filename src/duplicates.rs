//! Possible duplicates: contacts with different addresses that are probably one person.
//!
//! vetted joins records only when they share an address, so a person with a work and a
//! private address is two contacts until the user merges them. This module proposes the pairs
//! worth a look; it never merges anything itself. Names are compared folded (case, accents and
//! punctuation ignored), in either order (`Lovelace, Ada` is `Ada Lovelace`), without titles
//! and suffixes (`Dr.`, `Jr.`, `PhD`):
//!
//! - **same name**: the same words, at least two of them (one word, `Ada`, says too little);
//! - **same name with a middle name or initials**: the same first and last word, and the
//!   middle of one is empty or matches the other's (`Ada B. Lovelace`, `Ada Byron Lovelace`,
//!   but not `Ada C. Lovelace`);
//! - **same address name at another domain**: the same local part (`ada.lovelace@`, long or
//!   with a separator, not a role such as `info@`), and no name says otherwise (one has no
//!   name, or its words are among the other's).
//!
//! A name or local part shared by more than [`MAX_GROUP`] contacts is a common one, not one
//! person, and is not proposed. Pairs the user kept apart are never proposed again.

use std::collections::HashMap;

use crate::contact::{Contact, ContactId, address_key, is_cjk};
use crate::import::reread::Reread;
use crate::store::{self, Split, Workspace};
use crate::suggest::Roles;
use crate::text::fold;

/// The most contacts one group may hold: more sharing a name are different people.
pub const MAX_GROUP: usize = 6;

/// Why contacts are proposed as one person, strongest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    SameName,
    MiddleName,
    SameLocalPart,
}

impl Reason {
    /// As `vetted duplicates` and the screen say it.
    pub fn describe(self) -> &'static str {
        match self {
            Reason::SameName => "same name",
            Reason::MiddleName => "same name with a middle name or initials",
            Reason::SameLocalPart => "same address name at another domain",
        }
    }
}

/// Contacts that are probably one person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    /// In id order (import order), at least two.
    pub contacts: Vec<ContactId>,
    /// The strongest reason that joined two of them.
    pub reason: Reason,
}

/// The words of a contact's name as a person's (given names first), folded, without titles
/// and suffixes; `None` for a name made up from an address or organization.
fn person_words(contact: &Contact) -> Option<Vec<String>> {
    if contact.name_is_fallback {
        return None;
    }
    let shown = match contact.name.split_once(',') {
        // "Lovelace, Ada": family name first. "Ada Lovelace, PhD": a suffix.
        Some((before, after)) => [words(after), words(before)].concat(),
        None => words(&contact.name),
    };
    // The name as shown keeps a middle initial the name parts may not ("Mei L. Chen" with
    // N:Chen;Mei); the parts serve when it is one word.
    let (given, family) = (words(&contact.given_name), words(&contact.family_name));
    let all = if shown.len() < 2 && !given.is_empty() && !family.is_empty() {
        [given, family].concat()
    } else {
        shown
    };
    (!all.is_empty()).then_some(all)
}

/// Folded words, apostrophes dropped (`O'Brien` is `obrien`), other punctuation a space.
fn words(text: &str) -> Vec<String> {
    let folded: String = fold(text)
        .chars()
        .filter(|c| !matches!(c, '\'' | '\u{2019}' | '`'))
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    folded
        .split_whitespace()
        .filter(|w| !is_title(w))
        .map(str::to_string)
        .collect()
}

fn is_title(word: &str) -> bool {
    matches!(
        word,
        "dr" | "mr"
            | "mrs"
            | "ms"
            | "miss"
            | "mx"
            | "prof"
            | "sir"
            | "jr"
            | "sr"
            | "ii"
            | "iii"
            | "iv"
            | "phd"
            | "md"
            | "esq"
            | "mba"
    )
}

/// Enough of a name to stand for one person: two words, or one in a script whose names are
/// written without spaces (`山田太郎`).
fn says_enough(words: &[String]) -> bool {
    match words {
        [] => false,
        [one] => one.chars().count() >= 2 && one.chars().any(is_cjk),
        _ => true,
    }
}

/// Whether two middles (the words between the first and the last) may be one person's: one
/// is empty, or each word of the shorter is a word of the longer or its initial.
fn middles_agree(a: &[String], b: &[String]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    short.iter().all(|word| {
        long.iter().any(|other| {
            word == other
                || (word.chars().count() == 1 && other.starts_with(word.as_str()))
                || (other.chars().count() == 1 && word.starts_with(other.as_str()))
        })
    })
}

/// A local part specific enough to be one person's: with a separator (`ada.lovelace`) and five
/// characters, or eight without.
fn personal_local_part(local: &str) -> bool {
    let length = local.chars().count();
    if local.contains(['.', '_', '-']) {
        length >= 5
    } else {
        length >= 8
    }
}

/// Union-find over contact positions.
struct Sets {
    parent: Vec<usize>,
}

impl Sets {
    fn root(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    fn join(&mut self, a: usize, b: usize) {
        let (a, b) = (self.root(a), self.root(b));
        if a != b {
            self.parent[a.max(b)] = a.min(b);
        }
    }
}

/// The groups of possible duplicates among `contacts`, in the order of their first contact.
/// `kept_apart` holds pairs of addresses whose contacts the user said are different people;
/// `roles` tells role addresses (`info@`), whose local parts say nothing about a person.
pub fn find(contacts: &[Contact], kept_apart: &[(String, String)], roles: &Roles) -> Vec<Group> {
    let names: Vec<Option<Vec<String>>> = contacts.iter().map(person_words).collect();
    let mut pairs: Vec<(usize, usize, Reason)> = Vec::new();
    let pair_up = |bucket: &[usize],
                   reason: Reason,
                   pairs: &mut Vec<_>,
                   ok: &dyn Fn(usize, usize) -> bool| {
        if bucket.len() < 2 || bucket.len() > MAX_GROUP {
            return;
        }
        for (n, &a) in bucket.iter().enumerate() {
            for &b in &bucket[n + 1..] {
                if ok(a, b) {
                    pairs.push((a, b, reason));
                }
            }
        }
    };

    // Same words, in any order; same first and last word.
    let mut by_words: HashMap<Vec<&str>, Vec<usize>> = HashMap::new();
    let mut by_ends: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    for (i, words) in names.iter().enumerate() {
        let Some(words) = words.as_deref().filter(|w| says_enough(w)) else {
            continue;
        };
        let mut sorted: Vec<&str> = words.iter().map(String::as_str).collect();
        sorted.sort_unstable();
        by_words.entry(sorted).or_default().push(i);
        if let [first, .., last] = words
            && first.chars().count() > 1
            && last.chars().count() > 1
        {
            by_ends.entry((first, last)).or_default().push(i);
        }
    }
    for bucket in by_words.values() {
        pair_up(bucket, Reason::SameName, &mut pairs, &|_, _| true);
    }
    let middle = |i: usize| -> &[String] {
        let words = names[i].as_deref().unwrap_or_default();
        &words[1..words.len() - 1]
    };
    let same_words = |a: usize, b: usize| {
        let sorted = |i: usize| {
            let mut w = names[i].clone().unwrap_or_default();
            w.sort_unstable();
            w
        };
        sorted(a) == sorted(b)
    };
    for bucket in by_ends.values() {
        pair_up(bucket, Reason::MiddleName, &mut pairs, &|a, b| {
            !same_words(a, b) && middles_agree(middle(a), middle(b))
        });
    }

    // The same local part at different domains, where no name says otherwise.
    let mut by_local: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, contact) in contacts.iter().enumerate() {
        let mut locals: Vec<String> = contact
            .addresses
            .iter()
            .filter(|a| !roles.matches(a))
            .filter_map(|a| {
                let key = address_key(a);
                let (local, _) = key.rsplit_once('@')?;
                personal_local_part(local).then(|| local.to_string())
            })
            .collect();
        locals.sort_unstable();
        locals.dedup();
        for local in locals {
            by_local.entry(local).or_default().push(i);
        }
    }
    let names_agree = |a: usize, b: usize| match (&names[a], &names[b]) {
        (Some(x), Some(y)) => {
            let within =
                |small: &[String], large: &[String]| small.iter().all(|w| large.contains(w));
            x != y && (within(x, y) || within(y, x))
        }
        _ => true,
    };
    for bucket in by_local.values() {
        pair_up(bucket, Reason::SameLocalPart, &mut pairs, &names_agree);
    }

    // Pairs the user kept apart are not proposed (the map of every address only when some
    // were: it is most of the time this takes).
    let owner: HashMap<String, usize> = if kept_apart.is_empty() {
        HashMap::new()
    } else {
        contacts
            .iter()
            .enumerate()
            .flat_map(|(i, c)| c.addresses.iter().map(move |a| (address_key(a), i)))
            .collect()
    };
    let apart: std::collections::HashSet<(usize, usize)> = kept_apart
        .iter()
        .filter_map(|(a, b)| {
            let (a, b) = (*owner.get(a)?, *owner.get(b)?);
            Some((a.min(b), a.max(b)))
        })
        .collect();
    pairs.retain(|(a, b, _)| a != b && !apart.contains(&((*a).min(*b), (*a).max(*b))));

    let mut sets = Sets {
        parent: (0..contacts.len()).collect(),
    };
    for (a, b, _) in &pairs {
        sets.join(*a, *b);
    }
    let mut groups: HashMap<usize, (Vec<usize>, Reason)> = HashMap::new();
    for (a, b, reason) in &pairs {
        let root = sets.root(*a);
        let group = groups.entry(root).or_insert((Vec::new(), *reason));
        group.1 = group.1.min(*reason);
        group.0.extend([*a, *b]);
    }
    let mut found: Vec<Group> = groups
        .into_values()
        .filter_map(|(mut members, reason)| {
            members.sort_unstable();
            members.dedup();
            if members.len() > MAX_GROUP {
                return None;
            }
            let mut ids: Vec<ContactId> = members.iter().map(|&i| contacts[i].id).collect();
            ids.sort();
            Some(Group {
                contacts: ids,
                reason,
            })
        })
        .collect();
    found.sort_by_key(|g| g.contacts[0]);
    found
}

/// Numbers each contact of `groups` with its group (its position there), and clears the number
/// of every other contact.
pub fn label(contacts: &mut [Contact], groups: &[Group]) {
    let group_of: HashMap<ContactId, u32> = groups
        .iter()
        .enumerate()
        .flat_map(|(n, g)| g.contacts.iter().map(move |id| (*id, n as u32)))
        .collect();
    for contact in contacts {
        contact.signals.duplicate_group = group_of.get(&contact.id).copied();
    }
}

/// Every contact of the workspace, numbered with its group, and the groups: what `vetted
/// duplicates` lists and the screen's view shows.
pub fn in_workspace(
    workspace: &Workspace,
    roles: &Roles,
) -> store::Result<(Vec<Contact>, Vec<Group>)> {
    let mut contacts = workspace.contacts(None)?;
    let groups = find(&contacts, &workspace.kept_apart()?, roles);
    label(&mut contacts, &groups);
    Ok((contacts, groups))
}

/// Splits `addresses` off their contact ([`Workspace::split_off`]), naming both contacts from
/// the records their sources hold, read again from the address books that are still there.
pub fn split(workspace: &mut Workspace, addresses: &[String]) -> store::Result<Split> {
    let mut reread = Reread::default();
    workspace.split_off(addresses, &mut |source| {
        reread.record(&source.file, source.line, source.card)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(id: i64, name: &str, address: &str) -> Contact {
        Contact {
            id: ContactId(id),
            name: name.into(),
            name_is_fallback: false,
            given_name: String::new(),
            family_name: String::new(),
            organization: String::new(),
            title: String::new(),
            addresses: vec![address.into()],
            preferred: None,
            verdict: Default::default(),
            note: String::new(),
            needs_review: false,
            signals: Default::default(),
        }
    }

    fn pairs(contacts: &[Contact]) -> Vec<(Vec<i64>, Reason)> {
        find(contacts, &[], &Roles::new(vec!["info".into()]))
            .into_iter()
            .map(|g| (g.contacts.iter().map(|id| id.0).collect(), g.reason))
            .collect()
    }

    #[test]
    fn the_same_name_in_either_order_is_proposed() {
        let contacts = [
            person(1, "Ada Lovelace", "ada@analytical.example"),
            person(2, "Lovelace, Ada", "ada.l@mail.example"),
            person(3, "Dr. ADA LOVELACE", "countess@example.org"),
        ];
        assert_eq!(pairs(&contacts), vec![(vec![1, 2, 3], Reason::SameName)]);
    }

    #[test]
    fn a_middle_name_or_initial_is_proposed_but_a_different_initial_is_not() {
        let contacts = [
            person(1, "Ada Lovelace", "a@one.example"),
            person(2, "Ada B. Lovelace", "b@two.example"),
            person(3, "Charles Babbage", "c@three.example"),
            person(4, "Charles X. Babbage", "d@four.example"),
            person(5, "Charles Y. Babbage", "e@five.example"),
        ];
        let found = pairs(&contacts);
        assert_eq!(found[0], (vec![1, 2], Reason::MiddleName));
        // 4 and 5 each match 3, and so are in its group; but not with each other alone.
        assert_eq!(found[1], (vec![3, 4, 5], Reason::MiddleName));
        let apart = [
            person(4, "Charles X. Babbage", "d@four.example"),
            person(5, "Charles Y. Babbage", "e@five.example"),
        ];
        assert_eq!(pairs(&apart), vec![]);
    }

    #[test]
    fn similar_names_and_single_words_are_not_proposed() {
        let contacts = [
            person(1, "Alex Morgan", "a@one.example"),
            person(2, "Alexandra Morgan", "b@two.example"),
            person(3, "Alex Morgen", "c@three.example"),
            person(4, "Ada", "d@four.example"),
            person(5, "Ada", "e@five.example"),
        ];
        assert_eq!(pairs(&contacts), vec![]);
    }

    #[test]
    fn the_same_local_part_is_proposed_unless_names_differ_or_it_is_a_role() {
        let mut nameless = person(2, "ada.lovelace", "ada.lovelace@mail.example");
        nameless.name_is_fallback = true;
        let contacts = [
            person(1, "Ada Lovelace", "ada.lovelace@work.example"),
            nameless,
            person(3, "Grace Hopper", "info@navy.example"),
            person(4, "Alan Turing", "info@bletchley.example"),
            person(5, "Alan Turing", "alan@bletchley.example"),
            person(6, "Joan Clarke", "alan@hut8.example"),
        ];
        assert_eq!(
            pairs(&contacts),
            vec![
                (vec![1, 2], Reason::SameLocalPart),
                (vec![4, 5], Reason::SameName),
            ]
        );
    }

    #[test]
    fn common_names_and_kept_apart_pairs_are_not_proposed() {
        let many: Vec<Contact> = (0..=MAX_GROUP as i64)
            .map(|i| person(i, "John Smith", &format!("john{i}@example.org")))
            .collect();
        assert_eq!(pairs(&many), vec![]);
        let two = [
            person(1, "Ada Lovelace", "ada@one.example"),
            person(2, "Ada Lovelace", "ada@two.example"),
        ];
        let apart = [("ada@two.example".to_string(), "ada@one.example".to_string())];
        assert_eq!(find(&two, &apart, &Roles::default()), vec![]);
    }
}
