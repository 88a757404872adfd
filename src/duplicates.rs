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
    let (given, family) = (words(contact.given_name()), words(contact.family_name()));
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
        .filter(|c| !dropped_in_words(*c))
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    folded
        .split_whitespace()
        .filter(|w| !is_title(w))
        .map(str::to_string)
        .collect()
}

/// Characters a word goes on through: apostrophes, and combining accents (a name written
/// decomposed, `Zoe` and U+0308, is the same name as `Zoë`, which folds to `zoe`; the accent
/// split it into two words).
fn dropped_in_words(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '`') || crate::text::is_combining_mark(c)
}

fn is_title(word: &str) -> bool {
    TITLES.contains(&word)
}

/// Titles and suffixes, left out of names (folded words have no dots).
const TITLES: [&str; 17] = crate::contact::NAME_TITLES;

/// FNV-1a: a hash fed as it goes, for keys built without strings.
const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// Feeds one value (a character, a word's hash) to `hash`.
fn mix(hash: u64, value: u64) -> u64 {
    (hash ^ value).wrapping_mul(0x0100_0000_01b3).rotate_left(5)
}

fn hash_chars(chars: impl Iterator<Item = char>) -> u64 {
    chars.fold(OFFSET, |h, c| mix(h, u64::from(c)))
}

/// The hash of `text` lower-cased (as [`address_key`] lower-cases), ASCII without the tables.
fn hash_lower(text: &str) -> u64 {
    if text.is_ascii() {
        text.bytes()
            .fold(OFFSET, |h, b| mix(h, u64::from(b.to_ascii_lowercase())))
    } else {
        hash_chars(text.chars().flat_map(char::to_lowercase))
    }
}

/// The contacts that share a key, run by run, where a run is of two to [`MAX_GROUP`].
fn runs(mut keys: Vec<(u64, u32)>) -> Vec<Vec<usize>> {
    keys.sort_unstable();
    keys.dedup();
    keys.chunk_by(|a, b| a.0 == b.0)
        .filter(|run| (2..=MAX_GROUP).contains(&run.len()))
        .map(|run| run.iter().map(|(_, i)| *i as usize).collect())
        .collect()
}

/// A word of a name, as its hash: what the buckets need.
#[derive(Clone, Copy, Debug)]
struct WordHash {
    hash: u64,
    chars: u32,
    cjk: bool,
}

/// Adds the words of `text` to `out` as [`words`] makes them (folded, apostrophes dropped,
/// titles left out), hashed.
fn hash_words(text: &str, titles: &[u64], out: &mut Vec<WordHash>) {
    let mut current: Option<WordHash> = None;
    let mut take = |c: char, current: &mut Option<WordHash>| {
        if dropped_in_words(c) {
            return;
        }
        if c.is_alphanumeric() {
            let word = current.get_or_insert(WordHash {
                hash: OFFSET,
                chars: 0,
                cjk: false,
            });
            word.hash = mix(word.hash, u64::from(c));
            word.chars += 1;
            word.cjk |= is_cjk(c);
        } else if let Some(word) = current.take()
            && !titles.contains(&word.hash)
        {
            out.push(word);
        }
    };
    for c in text.chars() {
        // ASCII needs neither the case tables nor the accent folding (most names are ASCII).
        if c.is_ascii() {
            take(c.to_ascii_lowercase(), &mut current);
        } else {
            crate::text::fold_letter(c, |folded| take(folded, &mut current));
        }
    }
    take(' ', &mut current);
}

/// [`person_words`], hashed, in `shown` or `parts` (reused buffers); `None` when the name is
/// made up or says too little.
fn hashed_words<'b>(
    contact: &Contact,
    titles: &[u64],
    shown: &'b mut Vec<WordHash>,
    parts: &'b mut Vec<WordHash>,
) -> Option<&'b [WordHash]> {
    if contact.name_is_fallback {
        return None;
    }
    shown.clear();
    match contact.name.split_once(',') {
        Some((before, after)) => {
            hash_words(after, titles, shown);
            hash_words(before, titles, shown);
        }
        None => hash_words(&contact.name, titles, shown),
    }
    let words: &[WordHash] = if shown.len() < 2 {
        parts.clear();
        hash_words(contact.given_name(), titles, parts);
        let given = parts.len();
        hash_words(contact.family_name(), titles, parts);
        if given > 0 && parts.len() > given {
            parts
        } else {
            shown
        }
    } else {
        shown
    };
    let enough = match words {
        [] => false,
        [one] => one.chars >= 2 && one.cjk,
        _ => true,
    };
    enough.then_some(words)
}

/// The local part of `address` when it is specific enough to be one person's and not a role.
fn personal_local<'a>(address: &'a str, roles: &Roles) -> Option<&'a str> {
    let (local, _) = address.trim().rsplit_once('@')?;
    (personal_local_part(local) && !roles.matches(address)).then_some(local)
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

/// The groups of possible duplicates among `contacts`, in the order of their first contact.
/// `kept_apart` holds pairs of addresses whose contacts the user said are different people;
/// `roles` tells role addresses (`info@`), whose local parts say nothing about a person.
pub fn find(contacts: &[Contact], kept_apart: &[(String, String)], roles: &Roles) -> Vec<Group> {
    // First every contact is put in buckets by hashes of its name's words and of its address
    // names, building no strings (strings for each of 100k contacts took a third of a
    // second); then only the contacts that share a bucket are looked at closely.
    let titles: Vec<u64> = TITLES.iter().map(|t| hash_chars(t.chars())).collect();
    let (mut shown, mut parts, mut sorted) = (Vec::new(), Vec::new(), Vec::new());
    let mut by_words: Vec<(u64, u32)> = Vec::with_capacity(contacts.len());
    let mut by_ends: Vec<(u64, u32)> = Vec::with_capacity(contacts.len());
    let mut by_local: Vec<(u64, u32)> = Vec::with_capacity(contacts.len());
    for (i, contact) in contacts.iter().enumerate() {
        let i = i as u32;
        if let Some(words) = hashed_words(contact, &titles, &mut shown, &mut parts) {
            sorted.clear();
            sorted.extend(words.iter().map(|w| w.hash));
            sorted.sort_unstable();
            by_words.push((sorted.iter().fold(OFFSET, |h, w| mix(h, *w)), i));
            if let [first, .., last] = words
                && first.chars > 1
                && last.chars > 1
            {
                by_ends.push((mix(first.hash, last.hash), i));
            }
        }
        // Role addresses are told apart later, among the few that share an address name.
        for address in &contact.addresses {
            if let Some((local, _)) = address.trim().rsplit_once('@')
                && personal_local_part(local)
            {
                by_local.push((hash_lower(local), i));
            }
        }
    }
    let (by_words, by_ends, by_local) = (runs(by_words), runs(by_ends), runs(by_local));

    // The words and address names of those contacts, spelt out.
    let names: HashMap<usize, Vec<String>> = by_words
        .iter()
        .chain(&by_ends)
        .chain(&by_local)
        .flatten()
        .filter_map(|&i| person_words(&contacts[i]).map(|w| (i, w)))
        .collect();
    let local_parts: HashMap<usize, Vec<String>> = by_local
        .iter()
        .flatten()
        .map(|&i| {
            let mut own: Vec<String> = contacts[i]
                .addresses
                .iter()
                .filter_map(|a| personal_local(a, roles))
                .map(str::to_lowercase)
                .collect();
            own.sort_unstable();
            (i, own)
        })
        .collect();
    let sorted_words = |i: usize| {
        let mut w = names.get(&i).cloned().unwrap_or_default();
        w.sort_unstable();
        w
    };
    let same_words =
        |a: usize, b: usize| names.contains_key(&a) && sorted_words(a) == sorted_words(b);
    let same_ends = |a: usize, b: usize| match (names.get(&a), names.get(&b)) {
        (Some(x), Some(y)) => x.first() == y.first() && x.last() == y.last(),
        _ => false,
    };
    let middle = |i: usize| -> &[String] {
        let words = names.get(&i).map_or(&[][..], Vec::as_slice);
        words
            .get(1..words.len().saturating_sub(1))
            .unwrap_or_default()
    };
    let share_a_local = |a: usize, b: usize| {
        let (x, y) = (&local_parts[&a], &local_parts[&b]);
        x.iter().any(|l| y.binary_search(l).is_ok())
    };
    let names_agree = |a: usize, b: usize| match (names.get(&a), names.get(&b)) {
        (Some(x), Some(y)) => {
            let within =
                |small: &[String], large: &[String]| small.iter().all(|w| large.contains(w));
            x != y && (within(x, y) || within(y, x))
        }
        _ => true,
    };
    let mut pairs: Vec<(usize, usize, Reason)> = Vec::new();
    let mut pair_up =
        |buckets: &[Vec<usize>], reason: Reason, ok: &dyn Fn(usize, usize) -> bool| {
            for bucket in buckets {
                for (n, &a) in bucket.iter().enumerate() {
                    for &b in &bucket[n + 1..] {
                        if ok(a, b) {
                            pairs.push((a, b, reason));
                        }
                    }
                }
            }
        };
    pair_up(&by_words, Reason::SameName, &same_words);
    pair_up(&by_ends, Reason::MiddleName, &|a, b| {
        same_ends(a, b) && !same_words(a, b) && middles_agree(middle(a), middle(b))
    });
    // The same local part at different domains, where no name says otherwise.
    pair_up(&by_local, Reason::SameLocalPart, &|a, b| {
        share_a_local(a, b) && names_agree(a, b)
    });

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

    // Groups in which every two are proposed as one person: a group is merged whole, so it
    // must never hold two that only each look like a third (`Ada B. Lovelace` and `Ada C.
    // Lovelace`, both like `Ada Lovelace`). Strongest pairs first; a contact joins a group only
    // when it pairs with all of it, else it waits for the next look (after this group is
    // merged or kept apart).
    let proposed: std::collections::HashSet<(usize, usize)> = pairs
        .iter()
        .map(|(a, b, _)| ((*a).min(*b), (*a).max(*b)))
        .collect();
    let pairs_with = |x: usize, y: usize| proposed.contains(&(x.min(y), x.max(y)));
    pairs.sort_unstable_by_key(|(a, b, reason)| (*reason, (*a).min(*b), (*a).max(*b)));
    let mut groups: Vec<(Vec<usize>, Reason)> = Vec::new();
    let mut group_of: HashMap<usize, usize> = HashMap::new();
    for &(a, b, reason) in &pairs {
        match (group_of.get(&a).copied(), group_of.get(&b).copied()) {
            (None, None) => {
                group_of.insert(a, groups.len());
                group_of.insert(b, groups.len());
                groups.push((vec![a, b], reason));
            }
            (Some(g), None) | (None, Some(g)) => {
                let newcomer = if group_of.contains_key(&a) { b } else { a };
                let (members, strongest) = &mut groups[g];
                if members.len() < MAX_GROUP && members.iter().all(|m| pairs_with(*m, newcomer)) {
                    members.push(newcomer);
                    *strongest = (*strongest).min(reason);
                    group_of.insert(newcomer, g);
                }
            }
            (Some(_), Some(_)) => {}
        }
    }
    let mut found: Vec<Group> = groups
        .into_iter()
        .map(|(members, reason)| {
            let mut ids: Vec<ContactId> = members.iter().map(|&i| contacts[i].id).collect();
            ids.sort();
            Group {
                contacts: ids,
                reason,
            }
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
        Contact::for_test(id, name, &[address])
    }

    fn pairs(contacts: &[Contact]) -> Vec<(Vec<i64>, Reason)> {
        find(contacts, &[], &Roles::new(vec!["info".into()]))
            .into_iter()
            .map(|g| (g.contacts.iter().map(|id| id.0).collect(), g.reason))
            .collect()
    }

    /// A name written with combining accents (as some exports write it, decomposed) is the
    /// same name as one written precomposed.
    #[test]
    fn a_decomposed_name_is_the_same_name() {
        let contacts = [
            person(1, "Zoë Ångström", "zoe@optik.example"),
            person(2, "Zoe\u{308} A\u{30A}ngstro\u{308}m", "z.a@mail.example"),
            person(3, "José Núñez", "jose@one.example"),
            person(4, "Jose\u{301} Nu\u{301}n\u{303}ez", "jn@two.example"),
            person(5, "Anh Nguy\u{1EC5}n", "n1@a.example"),
            person(6, "Anh Nguyen", "n2@c.example"),
            person(7, "Jürgen Weiß", "w1@de.example"),
            person(8, "Jurgen Weiss", "w2@de.example"),
            person(9, "Jurgen Weis", "w3@de.example"),
            person(10, "Þór Jónsson", "t1@is.example"),
            person(11, "Thor Jonsson", "t2@is.example"),
        ];
        assert_eq!(
            pairs(&contacts),
            vec![
                (vec![1, 2], Reason::SameName),
                (vec![3, 4], Reason::SameName),
                (vec![5, 6], Reason::SameName),
                (vec![7, 8], Reason::SameName),
                (vec![10, 11], Reason::SameName)
            ]
        );
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
        // 4 and 5 each look like 3 but not like each other: one group never holds both (it
        // would be merged whole); 5 waits until 3 and 4 are settled.
        assert_eq!(found[1], (vec![3, 4], Reason::MiddleName));
        assert_eq!(found.len(), 2);
        let apart = [
            person(4, "Charles X. Babbage", "d@four.example"),
            person(5, "Charles Y. Babbage", "e@five.example"),
        ];
        assert_eq!(pairs(&apart), vec![]);
    }

    #[test]
    fn a_group_is_one_where_every_two_look_alike() {
        let contacts = [
            person(1, "Ada Lovelace", "a@one.example"),
            person(2, "Ada B. Lovelace", "b@two.example"),
            person(3, "Ada C. Lovelace", "c@three.example"),
            person(4, "LOVELACE ADA", "d@four.example"),
        ];
        // 1 and 4 are the same name; 2 and 3 each look like 1 but not like each other (nor,
        // in that order, like 4): they wait until 1 and 4 are settled.
        assert_eq!(pairs(&contacts), vec![(vec![1, 4], Reason::SameName)]);
        let merged = [
            person(1, "Ada Lovelace", "a@one.example"),
            person(2, "Ada B. Lovelace", "b@two.example"),
            person(3, "Ada C. Lovelace", "c@three.example"),
        ];
        assert_eq!(pairs(&merged), vec![(vec![1, 2], Reason::MiddleName)]);
        // Kept apart from 2, 1 is proposed with 3 next.
        let apart = [("a@one.example".to_string(), "b@two.example".to_string())];
        let groups = find(&merged, &apart, &Roles::default());
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].contacts, [ContactId(1), ContactId(3)]);
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

    fn named(name: &str, given: &str, family: &str) -> Contact {
        let mut contact = person(1, name, "x@example.org");
        contact.set_name_parts(given.into(), family.into());
        contact
    }

    proptest::proptest! {
        /// The buckets hash the words without building them: they must be the words
        /// `person_words` builds, each hashed, and say as much.
        #[test]
        fn hashed_words_are_the_words_spelt_out(
            name in "[A-Za-zÀ-ÿ' ,.\\-’`山田花子\u{0301}\u{0308}\u{030A}]{0,24}",
            given in "[A-Za-zé. ]{0,8}",
            family in "[A-Za-zø ]{0,8}",
        ) {
            let contact = named(&name, &given, &family);
            let titles: Vec<u64> = TITLES.iter().map(|t| hash_chars(t.chars())).collect();
            let (mut shown, mut parts) = (Vec::new(), Vec::new());
            let hashed: Option<Vec<u64>> = hashed_words(&contact, &titles, &mut shown, &mut parts)
                .map(|w| w.iter().map(|w| w.hash).collect());
            let spelt: Option<Vec<u64>> = person_words(&contact)
                .filter(|w| match w.as_slice() {
                    [] => false,
                    [one] => one.chars().count() >= 2 && one.chars().any(is_cjk),
                    _ => true,
                })
                .map(|w| w.iter().map(|w| hash_chars(w.chars())).collect());
            proptest::prop_assert_eq!(hashed, spelt);
        }

        #[test]
        fn a_local_part_hashes_as_its_key_does(local in "[A-Za-zÅÉ._-]{0,12}") {
            proptest::prop_assert_eq!(hash_lower(&local), hash_chars(local.to_lowercase().chars()));
        }
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
