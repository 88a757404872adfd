//! The list: which contacts the view shows, in which order, and the cursor over them.

use std::cmp::Reverse;
use std::sync::Arc;

use super::{App, Details};
use crate::config::{Sort, View};
use crate::contact::{Contact, ContactId};
use crate::search::Scope;
use crate::text::fold;

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
        Sort::Name => Place::Name(fold(&contact.name)),
        Sort::Domain => {
            let domain = contact
                .preferred_address()
                .rsplit_once('@')
                .map_or("", |(_, d)| d);
            Place::Domain(domain.to_lowercase(), fold(&contact.name))
        }
    };
    (key, i)
}

/// Every contact's position in `sort`'s order. Sorting a million names compared strings at
/// random places in memory 20 million times (a second); here the keys' first eight bytes are
/// sorted as numbers, and only contacts whose first eight bytes are equal compare their keys.
pub(super) fn sorted(contacts: &[Contact], sort: Sort) -> Vec<u32> {
    let keyed = sort_keys(contacts, sort);
    // By domain, the number is the domain's rank among the distinct domains, then the name's
    // first four bytes: most contacts share a few domains, whose first eight bytes alone left
    // runs of hundreds of thousands to compare as strings (1.5 s at a million contacts).
    let mut ranks: crate::store::FastMap<&str, u64> = crate::store::FastMap::default();
    if sort == Sort::Domain {
        for (place, _) in &keyed {
            if let Place::Domain(domain, _) = place {
                ranks.entry(domain.as_str()).or_insert(0);
            }
        }
        let mut distinct: Vec<&str> = ranks.keys().copied().collect();
        distinct.sort_unstable();
        for (rank, domain) in distinct.into_iter().enumerate() {
            ranks.insert(domain, rank as u64);
        }
    }
    let mut order: Vec<(u64, u32)> = keyed
        .iter()
        .enumerate()
        .map(|(k, (place, _))| {
            let leading = match place {
                Place::Domain(domain, name) => {
                    let rank = ranks
                        .get(domain.as_str())
                        .copied()
                        .unwrap_or(u64::MAX >> 32);
                    rank << 32 | leading_bytes(name) >> 32
                }
                _ => place.leading_bytes(),
            };
            (leading, k as u32)
        })
        .collect();
    order.sort_unstable();
    for run in order.chunk_by_mut(|a, b| a.0 == b.0) {
        if run.len() > 1 {
            run.sort_unstable_by(|a, b| keyed[a.1 as usize].cmp(&keyed[b.1 as usize]));
        }
    }
    order
        .into_iter()
        .map(|(_, k)| keyed[k as usize].1 as u32)
        .collect()
}

/// Every contact's [`place`] under `sort`, worked out on both cores for a big list (each key
/// of a name order folds a name).
fn sort_keys(contacts: &[Contact], sort: Sort) -> Vec<(Place, usize)> {
    let keys = |range: std::ops::Range<usize>| -> Vec<(Place, usize)> {
        range.map(|i| place(contacts, sort, i)).collect()
    };
    if contacts.len() < 50_000 {
        return keys(0..contacts.len());
    }
    let half = contacts.len() / 2;
    let (mut first, second) = std::thread::scope(|scope| {
        let second = scope.spawn(|| keys(half..contacts.len()));
        let first = keys(0..half);
        (
            first,
            second
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
        )
    });
    first.extend(second);
    first
}

/// The key of [`place`]; one sort only ever compares keys of one kind.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Place {
    Import,
    Relationship(Reverse<(u32, u32, u32, Option<i64>)>),
    LastContact(Reverse<Option<i64>>),
    Name(String),
    Domain(String, String),
}

impl Place {
    /// A number that sorts as the key does, or ties: the first eight bytes of a name (see
    /// [`leading_bytes`]); zero for the other keys, which compare cheaply anyway (and the
    /// domain order has its own).
    fn leading_bytes(&self) -> u64 {
        match self {
            Place::Name(text) => leading_bytes(text),
            _ => 0,
        }
    }
}

/// A text's first eight bytes as a number that sorts as they do (shorter texts padded with
/// zeros, which sort first, as the end of a string does).
fn leading_bytes(text: &str) -> u64 {
    let mut bytes = [0; 8];
    let len = text.len().min(8);
    bytes[..len].copy_from_slice(&text.as_bytes()[..len]);
    u64::from_be_bytes(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contact(id: i64, name: &str, address: &str) -> Contact {
        Contact::for_test(id, name, &[address])
    }

    /// The order by numbers and runs is the order of the keys: checked against sorting the
    /// keys themselves, on names and domains that share their first eight bytes (or all of
    /// them), differ in case or accents, or are shorter than eight bytes.
    #[test]
    fn sorting_by_leading_bytes_gives_the_keys_order() {
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
            "martin smith",
        ];
        let domains = [
            "example.org",
            "example.com",
            "EXAMPLE.org",
            "x.io",
            "example.organic",
        ];
        let contacts: Vec<Contact> = (0..200)
            .map(|i| {
                let name = names[(i * 7) % names.len()];
                let domain = domains[(i * 3) % domains.len()];
                contact(i as i64, name, &format!("u{i}@{domain}"))
            })
            .collect();
        for sort in [
            Sort::Name,
            Sort::Domain,
            Sort::ImportOrder,
            Sort::LastContact,
        ] {
            let mut expected: Vec<(Place, usize)> = (0..contacts.len())
                .map(|i| place(&contacts, sort, i))
                .collect();
            expected.sort();
            let expected: Vec<u32> = expected.into_iter().map(|(_, i)| i as u32).collect();
            assert_eq!(sorted(&contacts, sort), expected, "{sort:?}");
        }
    }
}
