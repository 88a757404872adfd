//! The list: which contacts the view shows, in which order, and the cursor over them.

use std::cmp::Reverse;
use std::sync::Arc;

use super::{App, Details};
use crate::config::{Sort, View};
use crate::contact::{Contact, ContactId};
use crate::search::Scope;
use crate::sorting::{folded_prefix, name_key, sort_on_two_threads};

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
        let in_view: Vec<bool> = self.contacts.iter().map(|c| view.shows(c)).collect();
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
                let order = sorted(&self.contacts, sort);
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

/// Every contact's position in `sort`'s order: [`place`]'s order, made fast. A name order's
/// key folds each name into a new string, and sorting a million of them compared strings at
/// random places in memory 20 million times (a second). Here names and domains are sorted as
/// numbers (see [`text_keys`]), and only contacts whose numbers are equal and say too little
/// compare their keys.
pub(super) fn sorted(contacts: &[Contact], sort: Sort) -> Vec<u32> {
    if !matches!(sort, Sort::Name | Sort::Domain) {
        // Numbers and dates: cheap to compare as they are.
        let mut keyed: Vec<(Place, usize)> = (0..contacts.len())
            .map(|i| place(contacts, sort, i))
            .collect();
        keyed.sort_unstable();
        return keyed.into_iter().map(|(_, i)| i as u32).collect();
    }
    let (keys, complete) = text_keys(contacts, sort);
    let mut order = sort_on_two_threads(keys, |a, b| a.cmp(b));
    // Equal numbers: the same domain and the same first bytes of the name. Sorted by the
    // folded names, stably, so that equal names stay in import order.
    for run in order.chunk_by_mut(|a, b| (a.0, a.1) == (b.0, b.1)) {
        if run.len() > 1 && !run.iter().all(|(_, _, k)| complete[*k as usize]) {
            run.sort_by_cached_key(|(_, _, k)| name_key(&contacts[*k as usize].name));
        }
    }
    order.into_iter().map(|(_, _, k)| k).collect()
}

/// A key of [`text_keys`]: the domain's rank (zero by name), the folded name's first 16
/// bytes as two numbers, and the contact's position.
type TextKey = (u32, [u64; 2], u32);

/// Each contact's key under a name or domain order as numbers, and whether those numbers are
/// all of the key (else contacts with equal numbers compare their folded names).
///
/// Domains are ranked once each among the distinct domains instead of lower-cased for every
/// contact (most contacts share a few). Worked out on both cores for a big list, each half
/// numbering the domains it meets, the two then ranked together.
fn text_keys(contacts: &[Contact], sort: Sort) -> (Vec<TextKey>, Vec<bool>) {
    let by_domain = sort == Sort::Domain;
    let mut keys: Vec<TextKey> = vec![(0, [0; 2], 0); contacts.len()];
    let mut complete = vec![false; contacts.len()];
    // Fills the keys of contacts from `first` on, numbering the domains it meets, and returns
    // those domains.
    let share = |first: usize, keys: &mut [TextKey], complete: &mut [bool]| -> Vec<&str> {
        let mut seen: crate::store::FastMap<&str, u32> = crate::store::FastMap::default();
        for (at, (key, fits)) in keys.iter_mut().zip(complete).enumerate() {
            let k = first + at;
            let contact = &contacts[k];
            let domain = if by_domain {
                let domain = contact
                    .preferred_address()
                    .rsplit_once('@')
                    .map_or("", |(_, d)| d);
                let next = seen.len() as u32;
                *seen.entry(domain).or_insert(next)
            } else {
                0
            };
            let (prefix, whole) = folded_prefix::<16>(&contact.name);
            let (high, low) = prefix.split_at(8);
            let number = |half: &[u8]| u64::from_be_bytes(half.try_into().unwrap_or_default());
            *key = (domain, [number(high), number(low)], k as u32);
            *fits = whole;
        }
        let mut domains = vec![""; seen.len()];
        for (domain, n) in seen {
            domains[n as usize] = domain;
        }
        domains
    };
    let half = if contacts.len() < 50_000 {
        contacts.len()
    } else {
        contacts.len() / 2
    };
    let (first_keys, second_keys) = keys.split_at_mut(half);
    let (first_complete, second_complete) = complete.split_at_mut(half);
    let shares = std::thread::scope(|scope| {
        let second = (half < contacts.len())
            .then(|| scope.spawn(|| share(half, second_keys, second_complete)));
        let mut shares = vec![(0, share(0, first_keys, first_complete))];
        if let Some(second) = second {
            let domains = second
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            shares.push((half, domains));
        }
        shares
    });
    if !by_domain {
        return (keys, complete);
    }
    // Every share's domains in lower case, ranked together; equal ones share a rank.
    let mut distinct: Vec<(String, usize, usize)> = shares
        .iter()
        .enumerate()
        .flat_map(|(s, (_, domains))| {
            domains
                .iter()
                .enumerate()
                .map(move |(n, domain)| (domain.to_lowercase(), s, n))
        })
        .collect();
    distinct.sort_unstable();
    let mut ranks: Vec<Vec<u32>> = shares.iter().map(|(_, d)| vec![0; d.len()]).collect();
    let mut rank = 0;
    for (i, (domain, s, n)) in distinct.iter().enumerate() {
        if i > 0 && distinct[i - 1].0 != *domain {
            rank += 1;
        }
        ranks[*s][*n] = rank;
    }
    let starts: Vec<usize> = shares.iter().map(|(first, _)| *first).collect();
    for (s, ranks) in ranks.iter().enumerate() {
        let end = starts.get(s + 1).copied().unwrap_or(keys.len());
        for key in &mut keys[starts[s]..end] {
            key.0 = ranks[key.0 as usize];
        }
    }
    (keys, complete)
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
