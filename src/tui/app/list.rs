//! The list: which contacts the view shows, in which order, and the cursor over them.

use std::cmp::Reverse;
use std::sync::Arc;

use super::{App, Details};
use crate::config::{Sort, View};
use crate::contact::{Contact, ContactId};
use crate::search::Scope;
use crate::sorting::{folded_prefix, name_key, sort_by_buckets};

impl App {
    /// How many rows the list shows at the current size.
    pub fn page_rows(&self) -> usize {
        crate::tui::layout::layout(self.size, self.show_details)
            .table
            .map_or(1, |t| usize::from(t.height.saturating_sub(1)))
    }

    pub(super) fn set_cursor(&mut self, position: usize) {
        self.cursor = position.min(self.visible.len().saturating_sub(1));
        self.scroll_to_cursor();
    }

    pub(super) fn move_cursor(&mut self, by: isize) {
        let target = (self.cursor as isize + by).max(0) as usize;
        self.set_cursor(target);
    }

    pub(super) fn scroll_to_cursor(&mut self) {
        let page = self.page_rows().max(1);
        if self.cursor < self.offset {
            self.offset = self.cursor;
        } else if self.cursor >= self.offset + page {
            self.offset = self.cursor + 1 - page;
        }
        let last_page = self.visible.len().saturating_sub(page);
        self.offset = self.offset.min(last_page);
    }

    /// Moves `by` tabs on (round), past the Review again and Duplicates tabs while they are
    /// empty.
    pub(super) fn switch_view(&mut self, by: usize) {
        let mut position = View::ALL.iter().position(|v| *v == self.view).unwrap_or(0);
        loop {
            position = (position + by) % View::ALL.len();
            let view = View::ALL[position];
            if !view.hidden_when_empty() || self.view_count(view) > 0 {
                self.view = view;
                break;
            }
        }
        self.rebuild_visible(None);
    }

    /// Recomputes the list (view and sort), keeping `keep` under the cursor when it is shown.
    pub(super) fn rebuild_visible(&mut self, keep: Option<ContactId>) {
        let view = self.view;
        let in_view = shown_by(&self.contacts, view);
        let visible: Vec<usize> = if view == View::Duplicates {
            // Group by group, whatever the order: a group is read together.
            let contacts = &self.contacts;
            let mut visible: Vec<usize> = (0..contacts.len()).filter(|i| in_view[*i]).collect();
            visible.sort_by_key(|&i| (contacts[i].signals.duplicate_group, i));
            visible
        } else if self.sort == Sort::ImportOrder {
            (0..self.contacts.len()).filter(|i| in_view[*i]).collect()
        } else {
            self.order(self.sort)
                .iter()
                .map(|i| *i as usize)
                .filter(|i| in_view[*i])
                .collect()
        };
        self.scope = Scope {
            list: Arc::new(visible.clone()),
            in_view: Arc::new(in_view),
            stamp: self.scope.stamp + 1,
        };
        self.visible = visible;
        // The view or order changed under a search: search the new list afresh.
        self.search_again(keep);
        let position = keep
            .and_then(|id| self.index.get(&id))
            .and_then(|i| self.visible.iter().position(|v| v == i));
        self.offset = 0;
        self.set_cursor(position.unwrap_or(0));
        self.keep_selection_on_screen();
    }

    /// Every contact in `sort`'s order, sorted once per order and kept: switching views then
    /// only picks the view's contacts out of it (sorting a million contacts by name on each
    /// switch took most of a second). Marks change no order's key; what does (a reload, a
    /// preferred address) drops the orders it changes.
    fn order(&mut self, sort: Sort) -> &[u32] {
        let at = match self.orders.iter().position(|(s, _)| *s == sort) {
            Some(at) => at,
            None => {
                let order = if sort == Sort::Domain {
                    // The order by name, kept too, split by domain.
                    self.order(Sort::Name);
                    let by_name = self.orders.iter().find(|(s, _)| *s == Sort::Name);
                    let by_name = by_name.map_or(&[][..], |(_, o)| o);
                    let ranks = match &self.domains {
                        Some(domains) => domains.ranks(&self.contacts),
                        None => domain_ranks(&self.contacts),
                    };
                    by_domain(&ranks, by_name)
                } else {
                    sorted(&self.contacts, sort)
                };
                self.orders.push((sort, order));
                self.orders.len() - 1
            }
        };
        &self.orders[at].1
    }

    pub(super) fn refresh_details(&mut self) {
        let id = self.current().map(|c| c.id);
        if id == self.details.id {
            return;
        }
        self.details = match id {
            None => Details::default(),
            Some(id) => {
                let by_name = self.current().is_some_and(|c| {
                    c.signals.not_connected
                        || c.signals.linkedin == crate::contact::LinkedIn::ProbablyConnected
                });
                let group: Vec<ContactId> = self
                    .group_of(id)
                    .map(|g| g.contacts.clone())
                    .unwrap_or_default();
                Details {
                    group_sources: group
                        .iter()
                        .map(|id| self.workspace.sources(*id).unwrap_or_default())
                        .collect(),
                    id: Some(id),
                    sources: self.workspace.sources(id).unwrap_or_default(),
                    history: self.workspace.history(id).unwrap_or_default(),
                    connections: if by_name {
                        self.workspace
                            .connections_named_like(id)
                            .unwrap_or_default()
                    } else {
                        Vec::new()
                    },
                }
            }
        };
    }
}

/// Where contact `i` goes in the list under `sort`: by this key, and equals in import order.
/// The one definition of each order, for building the list and for putting a contact back.
pub(super) fn place(contacts: &[Contact], sort: Sort, i: usize) -> (Place, usize) {
    let contact = &contacts[i];
    let key = match sort {
        Sort::ImportOrder => Place::Import,
        Sort::Relationship => Place::Relationship(Reverse(contact.signals.relationship())),
        Sort::LastContact => Place::LastContact(Reverse(contact.signals.last_contact)),
        Sort::Name => Place::Name(name_key(&contact.name)),
        Sort::Domain => {
            let domain = contact
                .preferred_address()
                .rsplit_once('@')
                .map_or("", |(_, d)| d);
            Place::Domain(domain.to_lowercase(), name_key(&contact.name))
        }
    };
    (key, i)
}

/// Every contact's position in `sort`'s order: [`place`]'s order, made fast (see
/// [`by_name`] and [`by_domain`]).
pub(super) fn sorted(contacts: &[Contact], sort: Sort) -> Vec<u32> {
    match sort {
        Sort::Name => by_name(contacts),
        Sort::Domain => by_domain(&domain_ranks(contacts), &by_name(contacts)),
        _ => {
            // Numbers and dates: cheap to compare as they are.
            let mut keyed: Vec<(Place, usize)> = (0..contacts.len())
                .map(|i| place(contacts, sort, i))
                .collect();
            keyed.sort_unstable();
            keyed.into_iter().map(|(_, i)| i as u32).collect()
        }
    }
}

/// A name's key as numbers: the folded name's first 16 bytes, and the contact's position.
type NameKey = ([u64; 2], u32);

/// Every contact's position in the order by name. A name order's key folds each name into a
/// new string, and sorting a million of them compared strings at random places in memory 20
/// million times (a second). Here names are sorted by their first 16 folded bytes as numbers,
/// and only contacts whose numbers are equal and say too little compare their keys; in
/// buckets by their first two bytes, on both cores (see [`sort_by_buckets`]).
fn by_name(contacts: &[Contact]) -> Vec<u32> {
    let (keys, complete) = name_keys(contacts);
    let sort = |part: &mut [NameKey]| {
        part.sort_unstable();
        // Equal numbers: the same first bytes of the name. Sorted by the folded names,
        // stably, so that equal names stay in import order.
        for run in part.chunk_by_mut(|a, b| a.0 == b.0) {
            if run.len() > 1 && !run.iter().all(|(_, k)| complete[*k as usize]) {
                // By longer prefixes first (no allocation), the whole keys only if need be.
                let longer = |k: u32| folded_prefix::<64>(&contacts[k as usize].name);
                if run.iter().all(|(_, k)| longer(*k).1) {
                    run.sort_by_cached_key(|(_, k)| longer(*k).0);
                } else {
                    run.sort_by_cached_key(|(_, k)| name_key(&contacts[*k as usize].name));
                }
            }
        }
    };
    sort_by_buckets(&keys, |(number, _)| (number[0] >> 48) as u16, sort)
        .into_iter()
        .map(|(_, k)| k)
        .collect()
}

/// Each contact's [`NameKey`], and whether its numbers are all of the key (else contacts with
/// equal numbers compare their folded names); a big list's on both cores.
fn name_keys(contacts: &[Contact]) -> (Vec<NameKey>, Vec<bool>) {
    let mut keys: Vec<NameKey> = vec![([0; 2], 0); contacts.len()];
    let mut complete = vec![false; contacts.len()];
    let fill = |first: usize, keys: &mut [NameKey], complete: &mut [bool]| {
        for (at, (key, fits)) in keys.iter_mut().zip(complete).enumerate() {
            let k = first + at;
            let (prefix, whole) = folded_prefix::<16>(&contacts[k].name);
            let (high, low) = prefix.split_at(8);
            let number = |half: &[u8]| u64::from_be_bytes(half.try_into().unwrap_or_default());
            *key = ([number(high), number(low)], k as u32);
            *fits = whole;
        }
    };
    let half = half_of(contacts.len());
    let (first_keys, second_keys) = keys.split_at_mut(half);
    let (first_complete, second_complete) = complete.split_at_mut(half);
    let apart = !second_keys.is_empty();
    side_by_side(
        || fill(0, first_keys, first_complete),
        || fill(half, second_keys, second_complete),
        apart,
    );
    (keys, complete)
}

/// Whether `view` shows each contact; a big list's on both cores (reading a million contacts
/// is most of the time of a switch).
fn shown_by(contacts: &[Contact], view: View) -> Vec<bool> {
    let mut shown = vec![false; contacts.len()];
    let half = half_of(contacts.len());
    let (first, second) = shown.split_at_mut(half);
    let fill = |shown: &mut [bool], contacts: &[Contact]| {
        for (shown, contact) in shown.iter_mut().zip(contacts) {
            *shown = view.shows(contact);
        }
    };
    let apart = !second.is_empty();
    side_by_side(
        || fill(first, &contacts[..half]),
        || fill(second, &contacts[half..]),
        apart,
    );
    shown
}

/// Where a list of `len` is split to be worked on both cores: not at all (at its end) below
/// 50,000, where a thread would cost more than it saves.
fn half_of(len: usize) -> usize {
    if len < 50_000 { len } else { len / 2 }
}

/// Runs `first` and `second`, on both cores when both have work ([`half_of`] left the second
/// half empty for a short list: then no thread is started).
fn side_by_side<A: Send, B: Send>(
    first: impl FnOnce() -> A + Send,
    second: impl FnOnce() -> B + Send,
    apart: bool,
) -> (A, B) {
    if !apart {
        let a = first();
        return (a, second());
    }
    std::thread::scope(|scope| {
        let later = scope.spawn(second);
        let earlier = first();
        let later = later
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (earlier, later)
    })
}

/// Every contact's position in the order by domain, from the order by name and each contact's
/// domain's rank ([`domain_ranks`]): each domain's contacts by name (equal names in import
/// order), the domains in order of their lower-case text. A stable counting sort of the order
/// by name by rank: sorting by domain then name as numbers took 230 ms at a million.
fn by_domain(ranks: &[u32], by_name: &[u32]) -> Vec<u32> {
    let mut starts = vec![0usize; ranks.iter().max().map_or(0, |r| *r as usize + 2)];
    for rank in ranks {
        starts[*rank as usize + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut order = vec![0; by_name.len()];
    for &k in by_name {
        let at = &mut starts[ranks[k as usize] as usize];
        order[*at] = k;
        *at += 1;
    }
    order
}

/// Each contact's domain's rank among the distinct domains in lower case (equal ones share a
/// rank). Domains are ranked once each instead of lower-cased for every contact (most
/// contacts share a few): worked out on both cores for a big list, each half numbering the
/// domains it meets, the two then ranked together.
fn domain_ranks<'a>(contacts: &'a [Contact]) -> Vec<u32> {
    let number = |part: &'a [Contact]| {
        let mut numbers = DomainNumbers::default();
        part.iter().for_each(|contact| numbers.push(contact));
        numbers.finish()
    };
    let (first, second) = contacts.split_at(half_of(contacts.len()));
    let (earlier, later) = side_by_side(|| number(first), || number(second), !second.is_empty());
    let halves = [(first, earlier), (second, later)];
    let texts: Vec<Vec<&str>> = halves.iter().map(|(part, d)| d.texts(part)).collect();
    let tables = rank_together(&texts);
    halves
        .iter()
        .zip(&tables)
        .flat_map(|((_, domains), table)| domains.of.iter().map(|n| table[*n as usize]))
        .collect()
}

/// The domain of a contact's preferred address, as written.
fn domain_of(contact: &Contact) -> &str {
    contact
        .preferred_address()
        .rsplit_once('@')
        .map_or("", |(_, d)| d)
}

/// Lists of domains, each numbered in its own way (by position), ranked together: per list,
/// each domain's rank among all of them in lower case (equal ones share a rank).
fn rank_together(lists: &[Vec<&str>]) -> Vec<Vec<u32>> {
    let mut distinct: Vec<(String, usize, usize)> = lists
        .iter()
        .enumerate()
        .flat_map(|(l, domains)| {
            domains
                .iter()
                .enumerate()
                .map(move |(n, domain)| (domain.to_lowercase(), l, n))
        })
        .collect();
    distinct.sort_unstable();
    let mut table: Vec<Vec<u32>> = lists.iter().map(|d| vec![0; d.len()]).collect();
    let mut rank = 0;
    for (i, (domain, l, n)) in distinct.iter().enumerate() {
        if i > 0 && distinct[i - 1].0 != *domain {
            rank += 1;
        }
        table[*l][*n] = rank;
    }
    table
}

/// Each contact's domain as a number, worked out as the screen opens, while the addresses
/// are read for the role flags anyway: the first switch to the order by domain then reads no
/// address (doing so took 70-100 ms at a million). Dropped when a preferred address changes
/// (the order is then worked out from the addresses), made again on a reload.
#[derive(Debug, Default)]
pub(super) struct Domains {
    /// Per contact, by position: its domain's number.
    of: Vec<u32>,
    /// Per number, the first contact with that domain (its text is read from there).
    first: Vec<u32>,
}

/// Numbers the domains of contacts given in turn: see [`Domains`].
#[derive(Default)]
pub(super) struct DomainNumbers<'a> {
    seen: crate::store::FastMap<&'a str, u32>,
    domains: Domains,
}

impl<'a> DomainNumbers<'a> {
    /// Numbers the domain of `contact`, the next contact by position.
    pub(super) fn push(&mut self, contact: &'a Contact) {
        let next = self.seen.len() as u32;
        let number = *self.seen.entry(domain_of(contact)).or_insert(next);
        if number == next {
            self.domains.first.push(self.domains.of.len() as u32);
        }
        self.domains.of.push(number);
    }

    pub(super) fn finish(self) -> Domains {
        self.domains
    }
}

impl Domains {
    /// Each contact's domain's rank, as [`domain_ranks`] gives it.
    fn ranks(&self, contacts: &[Contact]) -> Vec<u32> {
        let table = rank_together(&[self.texts(contacts)])
            .pop()
            .unwrap_or_default();
        self.of.iter().map(|n| table[*n as usize]).collect()
    }

    /// Each number's domain, read from `contacts` (those numbered).
    fn texts<'a>(&self, contacts: &'a [Contact]) -> Vec<&'a str> {
        self.first
            .iter()
            .map(|k| domain_of(&contacts[*k as usize]))
            .collect()
    }
}

/// The key of [`place`]; one sort only ever compares keys of one kind.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Place {
    Import,
    Relationship(Reverse<(u32, u32, u32, Option<i64>)>),
    LastContact(Reverse<Option<i64>>),
    Name(Vec<u8>),
    Domain(String, Vec<u8>),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contact(id: i64, name: &str, address: &str) -> Contact {
        Contact::for_test(id, name, &[address])
    }

    /// Names sort as a reader expects: numbers as numbers, ligatures and Þ spelled out (a user
    /// trial found Item 10 before Item 2, and Œuvre and Þór after Zed).
    #[test]
    fn names_sort_as_a_reader_expects() {
        let names = [
            "Zed Last",
            "Item 100",
            "Þór Jónsson",
            "Item 9",
            "Oscar",
            "Item 10",
            "Œuvre",
            "Item 1",
            "Item 2",
            "Thomas",
            "Tamsin",
        ];
        let contacts: Vec<Contact> = names
            .iter()
            .enumerate()
            .map(|(i, name)| contact(i as i64, name, &format!("u{i}@x.example")))
            .collect();
        let order: Vec<&str> = sorted(&contacts, Sort::Name)
            .into_iter()
            .map(|k| names[k as usize])
            .collect();
        assert_eq!(
            order,
            [
                "Item 1",
                "Item 2",
                "Item 9",
                "Item 10",
                "Item 100",
                "Œuvre",
                "Oscar",
                "Tamsin",
                "Thomas",
                "Þór Jónsson",
                "Zed Last"
            ]
        );
    }

    /// The order by numbers and runs is the order of the keys: checked against sorting the
    /// keys themselves, on names that share their first 16 folded bytes (or all of them), are
    /// longer or shorter, differ in case or accents, grow when lower-cased or hold a NUL, and
    /// on domains that differ only in case. `contacts` is big enough to be split between two
    /// threads when over 50,000, so that both halves' domains are ranked together.
    fn check_orders(count: usize) {
        let names = [
            "Martin Smithers",
            "martin smith",
            "Martin Smith",
            "Martina",
            "Zoë",
            "zoe",
            "Zoé Ab",
            "",
            "Ångström",
            "Martin Smitt",
            "a",
            "A",
            "a\0",
            "a\0b",
            "martin smith",
            "Alexandra Rodriguez-Smith",
            "ALEXANDRA RODRIGUEZ-SMYTH",
            "Alexandra Rodríguez",
            "Ängström Ångström Ü",
            "ängström ångström u",
            "İstanbul Ltd",
            "Straße und Strasse",
            "王伟",
            "Item 2",
            "Item 10",
            "Item 0000000000000000010",
            "Item 2b",
            "Room 12345678901234567890",
            "Œuvre Complète",
            "Þór Jónsson",
        ];
        let domains = [
            "example.org",
            "example.com",
            "EXAMPLE.org",
            "x.io",
            "example.organic",
            "Café.example",
        ];
        let contacts: Vec<Contact> = (0..count)
            .map(|i| {
                let name = names[(i * 7) % names.len()];
                let domain = domains[(i * 5 + i / 1000) % domains.len()];
                contact(i as i64, name, &format!("u{i}@{domain}"))
            })
            .collect();
        for sort in [
            Sort::Name,
            Sort::Domain,
            Sort::ImportOrder,
            Sort::LastContact,
            Sort::Relationship,
        ] {
            let mut expected: Vec<(Place, usize)> = (0..contacts.len())
                .map(|i| place(&contacts, sort, i))
                .collect();
            expected.sort();
            let expected: Vec<u32> = expected.into_iter().map(|(_, i)| i as u32).collect();
            assert_eq!(sorted(&contacts, sort), expected, "{sort:?}");
            if sort == Sort::Domain {
                // As the screen works it out, from the numbers kept since it opened.
                let mut numbers = DomainNumbers::default();
                contacts.iter().for_each(|contact| numbers.push(contact));
                let ranks = numbers.finish().ranks(&contacts);
                assert_eq!(by_domain(&ranks, &by_name(&contacts)), expected, "kept");
            }
        }
    }

    #[test]
    fn sorting_by_numbers_gives_the_keys_order() {
        check_orders(300);
    }

    #[test]
    fn sorting_a_big_list_on_two_threads_gives_the_keys_order() {
        check_orders(60_000);
    }
}
