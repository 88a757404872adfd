//! Where each contact is in the list read from the workspace, by id.

use crate::contact::{Contact, ContactId};

/// Each contact's position in the contact list, by id. The workspace gives contacts in id
/// order and its ids are dense (merges leave few gaps), so a table indexed by id from the
/// smallest takes 8 bytes a contact and answers without hashing: a hash map took ~35 MB at a
/// million contacts.
#[derive(Debug, Default)]
pub(super) struct Positions {
    first: i64,
    /// `NONE` where no contact has the id.
    table: Vec<usize>,
}

const NONE: usize = usize::MAX;

impl Positions {
    pub(super) fn get(&self, id: &ContactId) -> Option<&usize> {
        let at = usize::try_from(id.0.checked_sub(self.first)?).ok()?;
        self.table.get(at).filter(|p| **p != NONE)
    }

    /// The positions of `contacts`.
    pub(super) fn of(contacts: &[Contact]) -> Positions {
        let (Some(first), Some(last)) = (
            contacts.iter().map(|c| c.id.0).min(),
            contacts.iter().map(|c| c.id.0).max(),
        ) else {
            return Positions::default();
        };
        let span = usize::try_from(last - first).unwrap_or(0) + 1;
        let mut table = vec![NONE; span];
        for (position, contact) in contacts.iter().enumerate() {
            table[(contact.id.0 - first) as usize] = position;
        }
        Positions { first, table }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_id_and_nothing_else() {
        let ids = [5, 6, 9, 12, 40];
        let contacts: Vec<Contact> = ids
            .iter()
            .map(|id| Contact::for_test(*id, "", &[]))
            .collect();
        let positions = Positions::of(&contacts);
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(positions.get(&ContactId(*id)), Some(&i));
        }
        for absent in [-1, 0, 4, 7, 8, 13, 39, 41, i64::MIN, i64::MAX] {
            assert_eq!(positions.get(&ContactId(absent)), None, "{absent}");
        }
        let empty = Positions::of(&[]);
        assert_eq!(empty.get(&ContactId(1)), None);
    }
}
