//! One person, one contact: merging contacts the user says are one person, splitting off
//! addresses that are someone else's, keeping apart contacts that only look alike, and taking
//! any of these back.
//!
//! A merge works as an import's join does (the more cautious verdict wins, flagged to review
//! again when the verdicts differed; addresses, sources, notes and exports all kept). A split
//! moves addresses, and the sources that brought them, into a contact of its own; both keep the
//! verdict, the note and the history, and are flagged to review again. Each returns a
//! [`Snapshot`] of the contacts as they were, which [`Workspace::restore`] puts back exactly:
//! the screen's undo.

use std::collections::HashMap;

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Transaction, params, params_from_iter};

use super::join::merge;
use super::{Result, Source, StoreError, Workspace, now_millis, sqlite};
use crate::contact::{ContactId, Record, Verdict, address_key, local_part};

/// Contacts as they were before a change, every row that belongs to them: enough to put them
/// back exactly.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Snapshot {
    /// Per table, the column names and the rows.
    tables: Vec<SavedTable>,
    /// The contacts saved, and their addresses (keys).
    contacts: Vec<(ContactId, Vec<String>)>,
    /// Pairs of addresses the change recorded as kept apart (a split), and those it forgot (a
    /// merge): undone with it.
    apart_added: Vec<(String, String)>,
    apart_removed: Vec<(String, String)>,
}

/// One table's rows of the contacts saved: its name, its columns, the rows.
#[derive(Clone, Debug, PartialEq)]
struct SavedTable(&'static str, Vec<String>, Vec<Vec<Value>>);

/// The tables that hold a contact's rows, and the column that names the contact.
const OWNED: [(&str, &str); 4] = [
    ("contacts", "id"),
    ("sources", "contact_id"),
    ("export_rows", "contact_id"),
    ("verdict_history", "contact_id"),
];

impl Snapshot {
    /// The contacts it holds.
    pub fn ids(&self) -> Vec<ContactId> {
        self.contacts.iter().map(|(id, _)| *id).collect()
    }
}

fn snapshot(tx: &Transaction<'_>, ids: &[ContactId]) -> rusqlite::Result<Snapshot> {
    let mut saved = Snapshot::default();
    for (table, column) in OWNED {
        let mut statement = tx.prepare(&format!("SELECT * FROM {table} WHERE {column} = ?1"))?;
        let names: Vec<String> = statement.column_names().map(str::to_string).collect();
        let mut rows = Vec::new();
        for id in ids {
            let found = statement.query_map([id.0], |row| {
                (0..names.len())
                    .map(|i| row.get::<_, Value>(i))
                    .collect::<rusqlite::Result<Vec<Value>>>()
            })?;
            for row in found {
                rows.push(row?);
            }
        }
        saved.tables.push(SavedTable(table, names, rows));
    }
    for id in ids {
        let addresses: String = tx.query_row(
            "SELECT addresses FROM contacts WHERE id = ?1",
            [id.0],
            |row| row.get(0),
        )?;
        saved
            .contacts
            .push((*id, addresses.lines().map(address_key).collect()));
    }
    Ok(saved)
}

/// A contact's address keys.
fn keys_of(tx: &Transaction<'_>, id: ContactId) -> rusqlite::Result<Vec<String>> {
    let addresses: Option<String> = tx
        .query_row(
            "SELECT addresses FROM contacts WHERE id = ?1",
            [id.0],
            |r| r.get(0),
        )
        .optional()?;
    Ok(addresses
        .unwrap_or_default()
        .lines()
        .map(address_key)
        .collect())
}

/// Every pair of addresses of two different sets, the smaller key first.
fn pairs_between(sets: &[Vec<String>]) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    for (n, one) in sets.iter().enumerate() {
        for other in &sets[n + 1..] {
            for a in one {
                for b in other {
                    pairs.push(if a <= b {
                        (a.clone(), b.clone())
                    } else {
                        (b.clone(), a.clone())
                    });
                }
            }
        }
    }
    pairs
}

/// Records `pairs` as kept apart; returns those that were not yet.
fn add_apart(
    tx: &Transaction<'_>,
    pairs: &[(String, String)],
) -> rusqlite::Result<Vec<(String, String)>> {
    let mut insert =
        tx.prepare_cached("INSERT OR IGNORE INTO kept_apart (a, b, at) VALUES (?1, ?2, ?3)")?;
    let mut added = Vec::new();
    for (a, b) in pairs {
        if insert.execute(params![a, b, now_millis()])? > 0 {
            added.push((a.clone(), b.clone()));
        }
    }
    Ok(added)
}

/// Forgets `pairs` as kept apart; returns those that were.
fn remove_apart(
    tx: &Transaction<'_>,
    pairs: &[(String, String)],
) -> rusqlite::Result<Vec<(String, String)>> {
    let mut delete = tx.prepare_cached("DELETE FROM kept_apart WHERE a = ?1 AND b = ?2")?;
    let mut removed = Vec::new();
    for (a, b) in pairs {
        if delete.execute(params![a, b])? > 0 {
            removed.push((a.clone(), b.clone()));
        }
    }
    Ok(removed)
}

/// What a merge did.
#[derive(Clone, Debug)]
pub struct Merged {
    /// The contact the others joined (the oldest).
    pub into: ContactId,
    /// The verdict it has now: the most cautious of theirs.
    pub verdict: Verdict,
    /// Their verdicts differed: it is flagged to review again.
    pub differed: bool,
    /// The contacts as they were, for [`Workspace::restore`].
    pub before: Snapshot,
}

/// What a split did.
#[derive(Clone, Debug)]
pub struct Split {
    /// The contact the addresses left.
    pub from: ContactId,
    /// The contact they make now.
    pub new: ContactId,
    /// The addresses that moved, as written.
    pub moved: Vec<String>,
    /// The names each has now.
    pub from_name: String,
    pub new_name: String,
    /// Sources that moved with the addresses (those that brought only them), and those that
    /// brought addresses of both and so are in both.
    pub moved_sources: usize,
    pub shared_sources: usize,
    /// The contact as it was, for [`Workspace::restore`] (which also removes `new`).
    pub before: Snapshot,
}

/// A contact's fields as a split reads and rewrites them.
struct Fields {
    name: String,
    name_is_fallback: bool,
    given_name: String,
    family_name: String,
    organization: String,
    title: String,
}

impl Fields {
    /// The fields the first of `records` with a person's name gives (organization and title
    /// from the first that has them); `None` when none has a name.
    fn of(records: &[Record]) -> Option<Fields> {
        let named = records.iter().find(|r| r.personal_name().is_some())?;
        let first = |get: fn(&Record) -> &str| {
            records
                .iter()
                .map(get)
                .find(|v| !v.trim().is_empty())
                .unwrap_or_default()
                .to_string()
        };
        Some(Fields {
            name: named.personal_name().unwrap_or_default(),
            name_is_fallback: false,
            given_name: named.given_name.clone(),
            family_name: named.family_name.clone(),
            organization: first(|r| &r.organization),
            title: first(|r| &r.title),
        })
    }
}

impl Workspace {
    /// The contacts that have `addresses`, each once, in the order first named; refuses an
    /// address no contact has with [`StoreError::UnknownAddress`].
    pub fn contacts_of(&self, addresses: &[String]) -> Result<Vec<ContactId>> {
        let mut ids = Vec::new();
        for address in addresses {
            let Some(id) = self.find_address(&address_key(address))? else {
                return Err(StoreError::UnknownAddress {
                    address: address.clone(),
                });
            };
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        Ok(ids)
    }

    /// Merges `ids` into the oldest of them, in one transaction.
    pub fn merge_contacts(&mut self, ids: &[ContactId]) -> Result<Merged> {
        let mut ids = ids.to_vec();
        ids.sort();
        ids.dedup();
        let path = self.path.clone();
        let err = |e| sqlite(&path, e);
        let Some((&into, gone)) = ids.split_first().filter(|(_, gone)| !gone.is_empty()) else {
            return Err(StoreError::NothingToMerge);
        };
        let tx = self.conn.transaction().map_err(err)?;
        let mut before = snapshot(&tx, &ids).map_err(err)?;
        // Said to be one person now: no longer kept apart.
        let sets: Vec<Vec<String>> = before.contacts.iter().map(|(_, k)| k.clone()).collect();
        before.apart_removed = remove_apart(&tx, &pairs_between(&sets)).map_err(err)?;
        // The fullest of their names that extends the kept one (`Ada B. Lovelace` over `Ada
        // Lovelace`): the merged contact is then not taken for a third with another middle.
        let names: Vec<(String, bool)> = ids
            .iter()
            .map(|id| {
                tx.query_row(
                    "SELECT name, name_is_fallback FROM contacts WHERE id = ?1",
                    [id.0],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
            })
            .collect::<rusqlite::Result<_>>()
            .map_err(err)?;
        let fuller = names
            .iter()
            .skip(1)
            .filter(|(name, fallback)| {
                !fallback && !names[0].1 && super::join::extends_name(name, &names[0].0)
            })
            .max_by_key(|(name, _)| name.split_whitespace().count())
            .map(|(name, _)| name.clone());
        let mut differed = false;
        for &other in gone {
            differed |= merge(&tx, other, into).map_err(err)?.differed;
        }
        if let Some(name) = fuller {
            tx.execute(
                "UPDATE contacts SET name = ?2 WHERE id = ?1",
                params![into.0, name],
            )
            .map_err(err)?;
        }
        let verdict: String = tx
            .query_row(
                "SELECT verdict FROM contacts WHERE id = ?1",
                [into.0],
                |r| r.get(0),
            )
            .map_err(err)?;
        tx.commit().map_err(err)?;
        Ok(Merged {
            into,
            verdict: Verdict::parse(&verdict).unwrap_or_default(),
            differed,
            before,
        })
    }

    /// Moves `addresses` (all of one contact's, not all of them) into a contact of their own,
    /// with the sources that brought them. `read` gives the record a source holds, if its file
    /// can still be read: the names of both contacts come from their own sources' records
    /// (else from mail, else the address).
    pub fn split_off(
        &mut self,
        addresses: &[String],
        read: &mut dyn FnMut(&Source) -> Option<Record>,
    ) -> Result<Split> {
        let ids = self.contacts_of(addresses)?;
        let from = match ids.as_slice() {
            [one] => *one,
            _ => {
                return Err(StoreError::SplitAcross {
                    addresses: addresses.join(" "),
                });
            }
        };
        let keys: Vec<String> = addresses.iter().map(|a| address_key(a)).collect();
        let path = self.path.clone();
        let err = |e| sqlite(&path, e);
        let tx = self.conn.transaction().map_err(err)?;
        let (all, preferred, name): (String, Option<String>, String) = tx
            .query_row(
                "SELECT addresses, preferred, name FROM contacts WHERE id = ?1",
                [from.0],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .map_err(err)?;
        let (moved, kept): (Vec<&str>, Vec<&str>) =
            all.lines().partition(|a| keys.contains(&address_key(a)));
        if kept.is_empty() {
            return Err(StoreError::SplitAll {
                name,
                addresses: addresses.join(" "),
            });
        }
        let mut before = snapshot(&tx, &[from]).map_err(err)?;
        // Said to be different people: an import that finds their addresses on one card again
        // (a team card) does not join them.
        let sides = [
            moved.iter().map(|a| address_key(a)).collect::<Vec<_>>(),
            kept.iter().map(|a| address_key(a)).collect(),
        ];
        before.apart_added = add_apart(&tx, &pairs_between(&sides)).map_err(err)?;
        let new: i64 = tx
            .query_row("SELECT max(id) + 1 FROM contacts", [], |row| row.get(0))
            .map_err(err)?;
        let new = ContactId(new);
        // The new contact exists before its sources and addresses point at it; its fields are
        // filled in below.
        tx.execute(
            "INSERT INTO contacts (id, name, verdict, note, needs_review, addresses)
             SELECT ?1, '', verdict, note, 1, ?2 FROM contacts WHERE id = ?3",
            params![new.0, moved.join("\n"), from.0],
        )
        .map_err(err)?;

        // Each source goes where its addresses went (to both when it brought some of each).
        let mut sources = tx
            .prepare(
                "SELECT s.file_id, s.line, s.card, s.addresses, f.path FROM sources s
                 JOIN files f ON f.id = s.file_id WHERE s.contact_id = ?1 ORDER BY s.import_id, s.line",
            )
            .map_err(err)?;
        type Row = (i64, u64, Option<u64>, Option<String>, String);
        let rows: Vec<Row> = sources
            .query_map([from.0], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })
            .map_err(err)?
            .collect::<rusqlite::Result<_>>()
            .map_err(err)?;
        drop(sources);
        let (mut new_records, mut shared_new, mut from_records, mut shared_from) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let (mut moved_sources, mut shared_sources) = (0, 0);
        for (file_id, line, card, brought, file) in rows {
            let brought: Vec<&str> = brought.as_deref().unwrap_or(&all).lines().collect();
            let here = |side: &[&str]| -> Vec<&str> {
                brought
                    .iter()
                    .copied()
                    .filter(|a| side.iter().any(|s| address_key(s) == address_key(a)))
                    .collect()
            };
            let (to_new, to_from) = (here(&moved), here(&kept));
            // The file may have changed since: a record found at the same line or card that
            // no longer holds what it brought is someone else's (a card added above it named a
            // split-off half after a stranger), and names nobody.
            let record = read(&Source {
                file: file.clone(),
                line,
                card,
                ..Source::default()
            })
            .filter(|record| {
                brought.iter().all(|b| {
                    record
                        .addresses
                        .iter()
                        .any(|a| address_key(a) == address_key(b))
                })
            });
            if !to_new.is_empty() {
                tx.execute(
                    "INSERT INTO sources (contact_id, file_id, line, card, import_id, addresses, note, labels, phone)
                     SELECT ?1, file_id, line, card, import_id, ?5, note, labels, phone FROM sources
                     WHERE contact_id = ?2 AND file_id = ?3 AND line = ?4",
                    params![new.0, from.0, file_id, line, to_new.join("\n")],
                )
                .map_err(err)?;
            }
            if to_from.is_empty() {
                tx.execute(
                    "DELETE FROM sources WHERE contact_id = ?1 AND file_id = ?2 AND line = ?3",
                    params![from.0, file_id, line],
                )
                .map_err(err)?;
                moved_sources += 1;
            } else {
                tx.execute(
                    "UPDATE sources SET addresses = ?4 WHERE contact_id = ?1 AND file_id = ?2 AND line = ?3",
                    params![from.0, file_id, line, to_from.join("\n")],
                )
                .map_err(err)?;
                shared_sources += usize::from(!to_new.is_empty());
            }
            // A record that brought only one side's addresses speaks for that side first.
            match (record, to_new.is_empty(), to_from.is_empty()) {
                (Some(r), false, true) => new_records.push(r),
                (Some(r), true, false) => from_records.push(r),
                (Some(r), false, false) => {
                    shared_new.push(r.clone());
                    shared_from.push(r);
                }
                _ => {}
            }
        }
        new_records.extend(shared_new);
        from_records.extend(shared_from);
        let mail_name = |addresses: &[&str]| -> rusqlite::Result<Option<String>> {
            for address in addresses {
                let name: Option<String> = tx
                    .query_row(
                        "SELECT name FROM mail_names WHERE address = ?1 AND name != ''",
                        [address_key(address)],
                        |row| row.get(0),
                    )
                    .optional()?;
                if name.is_some() {
                    return Ok(name);
                }
            }
            Ok(None)
        };
        let named = |name: String| Fields {
            name,
            name_is_fallback: false,
            given_name: String::new(),
            family_name: String::new(),
            organization: String::new(),
            title: String::new(),
        };
        let new_fields = match Fields::of(&new_records) {
            Some(fields) => fields,
            None => match mail_name(&moved).map_err(err)? {
                Some(name) => named(name),
                None => Fields {
                    name_is_fallback: true,
                    ..named(local_part(moved[0]).to_string())
                },
            },
        };
        let from_fields = match Fields::of(&from_records) {
            Some(fields) => Some(fields),
            None => mail_name(&kept).map_err(err)?.map(named),
        };

        let preferred_moves = preferred
            .as_deref()
            .is_some_and(|p| moved.iter().any(|a| address_key(a) == p));
        tx.execute(
            "UPDATE contacts SET name = ?2, name_is_fallback = ?3, given_name = ?4, family_name = ?5,
                organization = ?6, title = ?7, preferred = ?8
             WHERE id = ?1",
            params![
                new.0,
                new_fields.name,
                new_fields.name_is_fallback,
                new_fields.given_name,
                new_fields.family_name,
                new_fields.organization,
                new_fields.title,
                preferred.as_deref().filter(|_| preferred_moves),
            ],
        )
        .map_err(err)?;
        tx.execute(
            "UPDATE contacts SET needs_review = 1, addresses = ?2,
                preferred = CASE WHEN ?3 THEN NULL ELSE preferred END
             WHERE id = ?1",
            params![from.0, kept.join("\n"), preferred_moves],
        )
        .map_err(err)?;
        if let Some(fields) = &from_fields {
            tx.execute(
                "UPDATE contacts SET name = ?2, name_is_fallback = 0, given_name = ?3, family_name = ?4,
                    organization = CASE WHEN ?5 = '' THEN organization ELSE ?5 END,
                    title = CASE WHEN ?6 = '' THEN title ELSE ?6 END
                 WHERE id = ?1",
                params![
                    from.0,
                    fields.name,
                    fields.given_name,
                    fields.family_name,
                    fields.organization,
                    fields.title
                ],
            )
            .map_err(err)?;
        }
        for address in &moved {
            tx.execute(
                "UPDATE addresses SET contact_id = ?2 WHERE address = ?1",
                params![address_key(address), new.0],
            )
            .map_err(err)?;
        }
        // What was exported to a moved address was exported to the new contact; the history
        // that led to the verdict is both contacts'.
        let exported: Vec<(i64, String)> = {
            let mut statement = tx
                .prepare("SELECT export_id, address FROM export_rows WHERE contact_id = ?1")
                .map_err(err)?;
            statement
                .query_map([from.0], |row| Ok((row.get(0)?, row.get(1)?)))
                .map_err(err)?
                .collect::<rusqlite::Result<_>>()
                .map_err(err)?
        };
        for (export, address) in exported {
            if keys.contains(&address_key(&address)) {
                tx.execute(
                    "UPDATE export_rows SET contact_id = ?3
                     WHERE export_id = ?1 AND contact_id = ?2 AND address = ?4",
                    params![export, from.0, new.0, address],
                )
                .map_err(err)?;
            }
        }
        tx.execute(
            "INSERT INTO verdict_history (contact_id, old, new, at, origin)
             SELECT ?2, old, new, at, origin FROM verdict_history WHERE contact_id = ?1 ORDER BY id",
            params![from.0, new.0],
        )
        .map_err(err)?;
        let from_name: String = tx
            .query_row("SELECT name FROM contacts WHERE id = ?1", [from.0], |r| {
                r.get(0)
            })
            .map_err(err)?;
        tx.commit().map_err(err)?;
        Ok(Split {
            moved: moved.iter().map(|a| a.to_string()).collect(),
            from,
            new,
            from_name,
            new_name: new_fields.name,
            moved_sources,
            shared_sources,
            before,
        })
    }

    /// Says that `ids` are different people: they are not proposed as duplicates of each other
    /// again (kept by address, so it holds across imports).
    pub fn keep_apart(&mut self, ids: &[ContactId]) -> Result<usize> {
        self.apart(ids, true)
    }

    /// Takes [`Workspace::keep_apart`] back; returns how many pairs of addresses were kept
    /// apart (none: they were not).
    pub fn forget_kept_apart(&mut self, ids: &[ContactId]) -> Result<usize> {
        self.apart(ids, false)
    }

    /// Keeps apart (or no longer) every two of `ids`; returns how many pairs of addresses
    /// that added or removed.
    fn apart(&mut self, ids: &[ContactId], keep: bool) -> Result<usize> {
        let path = self.path.clone();
        let err = |e| sqlite(&path, e);
        let tx = self.conn.transaction().map_err(err)?;
        let mut sets = Vec::new();
        for id in ids {
            sets.push(keys_of(&tx, *id).map_err(err)?);
        }
        let changed = if keep {
            add_apart(&tx, &pairs_between(&sets)).map_err(err)?.len()
        } else {
            remove_apart(&tx, &pairs_between(&sets)).map_err(err)?.len()
        };
        tx.commit().map_err(err)?;
        Ok(changed)
    }

    /// The pairs of addresses whose contacts the user kept apart.
    pub fn kept_apart(&self) -> Result<Vec<(String, String)>> {
        let mut statement = self
            .conn
            .prepare("SELECT a, b FROM kept_apart")
            .map_err(|e| self.err(e))?;
        let rows = statement
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    /// Puts the contacts of `before` back as they were, and removes the contacts in `made`
    /// (those the change created), in one transaction.
    pub fn restore(&mut self, before: &Snapshot, made: &[ContactId]) -> Result<()> {
        let path = self.path.clone();
        let err = |e| sqlite(&path, e);
        let tx = self.conn.transaction().map_err(err)?;
        let ids: Vec<i64> = before
            .contacts
            .iter()
            .map(|(id, _)| id.0)
            .chain(made.iter().map(|id| id.0))
            .collect();
        for id in &ids {
            for (table, column) in OWNED.iter().rev() {
                tx.execute(&format!("DELETE FROM {table} WHERE {column} = ?1"), [id])
                    .map_err(err)?;
            }
        }
        for SavedTable(table, names, rows) in &before.tables {
            let marks = vec!["?"; names.len()].join(", ");
            let sql = format!(
                "INSERT INTO {table} ({}) VALUES ({marks})",
                names.join(", ")
            );
            let mut insert = tx.prepare(&sql).map_err(err)?;
            for row in rows {
                insert.execute(params_from_iter(row.iter())).map_err(err)?;
            }
        }
        let mut owner: HashMap<&str, i64> = HashMap::new();
        for (id, keys) in &before.contacts {
            for key in keys {
                owner.insert(key, id.0);
            }
        }
        for (key, id) in owner {
            tx.execute(
                "INSERT OR REPLACE INTO addresses (address, contact_id) VALUES (?1, ?2)",
                params![key, id],
            )
            .map_err(err)?;
        }
        remove_apart(&tx, &before.apart_added).map_err(err)?;
        add_apart(&tx, &before.apart_removed).map_err(err)?;
        tx.commit().map_err(err)
    }
}
