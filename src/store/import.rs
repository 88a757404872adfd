//! Bringing parsed records into the workspace: identity resolution and merging.
//!
//! A record belongs to the contact that already has one of its
//! addresses; if its addresses belong to several contacts, those contacts are one person and are
//! merged. Decisions belong to contacts, not records, so they survive any number of re-imports,
//! and a merge keeps the more cautious verdict and flags the contact when the verdicts differed.
//! Each file is one transaction: a failed import changes nothing.

use std::borrow::Borrow;

use rusqlite::{OptionalExtension, ToSql, Transaction, params};

use super::join::{SPELL_OUT, merge};
use super::key_order::in_key_order;
use super::rows::insert_rows;
use super::{ContactId, Result, Workspace, now_millis, sqlite};
use crate::contact::{Location, Record, address_key};
use crate::import::{FormatChoice, ImportError, Parsed, parse_streaming};

/// The file an import came from, as stored in sources.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// The absolute path, which identifies the file across imports.
    pub path: String,
}

/// What an import did to the workspace.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportOutcome {
    /// Contacts created by this import.
    pub new_contacts: usize,
    /// Records that belonged to a contact the workspace had before this import.
    pub matched: usize,
    /// Records that belonged to a contact an earlier record of the same file made: the same
    /// person twice in one file.
    pub joined_in_file: usize,
    /// Contacts absorbed into another because a record showed they are the same person.
    pub joined: usize,
    /// Merged contacts whose verdicts differed: flagged for review.
    pub flagged_for_review: usize,
    /// LinkedIn connections recorded, and how many of them match a contact by address.
    pub connections: usize,
    pub connections_matching: usize,
    /// Contacts whose name is that of a connection without an address ("probably connected").
    pub connections_by_name: usize,
    /// LinkedIn invitations the user sent, and received (not recorded).
    pub invitations_sent: usize,
    pub invitations_received: usize,
    /// Contacts whose name is that of someone the user invited.
    pub invitations_matching: usize,
    /// Contacts whose name is that of someone who invited the user.
    pub invitations_received_matching: usize,
    /// Contacts with different names that a record joined (it had addresses of both): maybe a
    /// team or family card, to split again.
    pub joined_names: Vec<JoinedNames>,
    /// Records with addresses of contacts the user said are different people, which joined
    /// nobody.
    pub kept_apart: Vec<Location>,
    /// Records of a person with only some of a contact's addresses, whose name is another's
    /// (`kept`: the contact's, `joined`: the record's, `through`: the record, `addresses`:
    /// those it brought that nobody had, else all of its): maybe two people in one contact,
    /// to split.
    pub part_of: Vec<JoinedNames>,
}

/// Two contacts with different names joined into one by a record with addresses of both.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JoinedNames {
    /// The name the contact keeps, and the name of the contact that joined it.
    pub kept: String,
    pub joined: String,
    /// The addresses that came with the joined contact: what `vetted split` takes.
    pub addresses: Vec<String>,
    /// The record that joined them.
    pub through: Location,
}

impl Workspace {
    /// Imports one parsed file in one transaction. With `dry_run` the transaction is rolled
    /// back, so the outcome is exactly what a real import would do, and nothing changes.
    /// `progress` is called with the line of the file reached so far.
    pub fn import(
        &mut self,
        file: &SourceFile,
        parsed: &Parsed,
        dry_run: bool,
        progress: &mut dyn FnMut(u64),
    ) -> Result<ImportOutcome> {
        let imported = self.with_import_settings(|workspace| {
            workspace.import_batches(
                file,
                parsed.records.iter().map(|r| r.addresses.len()).sum(),
                parsed
                    .records
                    .chunks(1024)
                    .map(|records| records.iter().map(|r| (r, None)).collect()),
                drop,
                || Ok::<_, std::convert::Infallible>(parsed),
                dry_run,
                progress,
            )
        })?;
        Ok(match imported {
            Ok((outcome, _)) => outcome,
        })
    }

    /// Reads a file's `bytes` on a second thread while this one stores the records as they
    /// come, in one transaction: an import as the CLI runs it. When the bytes are not an
    /// address book, the reason is returned instead and the workspace is unchanged.
    ///
    /// Whichever thread would otherwise wait prepares the records (what storing
    /// one needs that does not depend on the workspace): for a CSV, storing is the slower
    /// half and the reading thread prepares them; for a vCard, reading is, and this thread
    /// does. See [`parse_streaming`].
    pub fn import_bytes(
        &mut self,
        file: &SourceFile,
        bytes: &[u8],
        choice: FormatChoice,
        dry_run: bool,
        progress: &mut dyn FnMut(u64),
    ) -> Result<std::result::Result<(ImportOutcome, Parsed), ImportError>> {
        std::thread::scope(|scope| {
            // A few batches in flight let the parser run ahead without holding the file.
            let (sender, batches) = std::sync::mpsc::sync_channel(4);
            let (give_back, returned) = std::sync::mpsc::channel();
            let parser =
                scope.spawn(move || parse_streaming(bytes, choice, Prepared::of, sender, returned));
            let finish = || match parser.join() {
                Ok(parsed) => parsed,
                Err(panic) => std::panic::resume_unwind(panic),
            };
            // On a store error `batches` is dropped on return, so the parser stops waiting.
            self.with_import_settings(|workspace| {
                workspace.import_batches(
                    file,
                    bytes.len() / BYTES_PER_ADDRESS,
                    batches.iter(),
                    // Freed where they were made: glibc's allocator makes a thread that frees
                    // another's memory contend for that thread's arena while it allocates.
                    // Freeing them here made the import 10% slower (742 against 674 ms).
                    |batch| drop(give_back.send(batch)),
                    finish,
                    dry_run,
                    progress,
                )
            })
        })
    }

    /// Runs `import` with the settings an import wants, and restores the screen's after it.
    fn with_import_settings<T>(
        &mut self,
        import: impl FnOnce(&mut Workspace) -> Result<T>,
    ) -> Result<T> {
        let path = self.path.clone();
        let err = |e| sqlite(&path, e);
        // A bigger page cache while importing (16 MB measured best: 14% faster at 100k
        // contacts); the screen keeps SQLite's small default.
        //
        // Foreign keys are not checked while importing: every row an import writes points at a
        // contact, file or import it has just written or looked up, and checking it anyway
        // looked each address's contact up at random in the contacts table (200 ms of a 1.3 s
        // import of 100k contacts). A merge deletes what the cascade would have. The property
        // tests check the finished workspace with `problems`.
        self.conn
            .execute_batch("PRAGMA cache_size = -16384; PRAGMA foreign_keys = OFF")
            .map_err(err)?;
        let result = import(self);
        self.conn
            .execute_batch("PRAGMA cache_size = -2000; PRAGMA foreign_keys = ON")
            .map_err(err)?;
        result
    }

    /// One import, in one transaction: the records come in `batches` (in file order, each
    /// batch with its records [prepared](Prepared)) and then `finish` gives the rest of the
    /// parser's account, or its error, which rolls it back. About `addresses` addresses are
    /// expected. Callers run it inside [`Workspace::with_import_settings`].
    #[allow(clippy::too_many_arguments)]
    fn import_batches<R: Borrow<Record>, P: Borrow<Parsed>, E>(
        &mut self,
        file: &SourceFile,
        addresses: usize,
        batches: impl IntoIterator<Item = Vec<(R, Option<Prepared>)>>,
        mut done: impl FnMut(Vec<(R, Option<Prepared>)>),
        finish: impl FnOnce() -> std::result::Result<P, E>,
        dry_run: bool,
        progress: &mut dyn FnMut(u64),
    ) -> Result<std::result::Result<(ImportOutcome, P), E>> {
        let path = self.path.clone();
        let err = |e| sqlite(&path, e);
        let tx = self.conn.transaction().map_err(err)?;
        let file_id = file_id(&tx, &file.path).map_err(err)?;
        // What the parser found is only known at the end; the row is completed then.
        tx.execute(
            "INSERT INTO imports (file_id, format, encoding, records, new_contacts, matched, skipped, at)
             VALUES (?1, '', '', 0, 0, 0, 0, ?2)",
            params![file_id, now_millis()],
        )
        .map_err(err)?;
        let import_id = tx.last_insert_rowid();
        let mut importer = Importer::new(&tx, file_id, import_id).map_err(err)?;
        importer.expect(addresses);
        for mut batch in batches {
            importer.add_all(&mut batch).map_err(err)?;
            if let Some((last, _)) = batch.last() {
                progress(last.borrow().location.line);
            }
            done(batch);
        }
        let account = match finish() {
            Ok(account) => account,
            // Dropping the transaction rolls it back.
            Err(error) => return Ok(Err(error)),
        };
        let parsed: &Parsed = account.borrow();
        importer.write_new_addresses().map_err(err)?;
        let mut outcome = std::mem::take(&mut importer.outcome);
        // The identity map (a string per address) is freed on another thread while this one
        // commits: the other core has nothing else to do by now (100k contacts: 15 ms off the
        // import).
        let known = std::mem::take(&mut importer.known);
        // Where no thread can be made, it is freed here (the closure is dropped).
        let freeing = std::thread::Builder::new().spawn(move || drop(known)).ok();
        drop(importer);
        super::linkedin::record(&tx, parsed, &mut outcome).map_err(err)?;
        tx.execute(
            "UPDATE imports SET format = ?2, encoding = ?3, records = ?4, new_contacts = ?5,
                matched = ?6, skipped = ?7
             WHERE id = ?1",
            params![
                import_id,
                parsed.format.as_str(),
                parsed.encoding,
                parsed.records_read,
                outcome.new_contacts,
                outcome.matched,
                parsed.skipped.len()
            ],
        )
        .map_err(err)?;
        if dry_run {
            tx.rollback().map_err(err)?;
        } else {
            tx.commit().map_err(err)?;
        }
        if let Some(freeing) = freeing {
            // Freeing cannot fail; a panic there would be the allocator's, and changes nothing.
            let _ = freeing.join();
        }
        Ok(Ok((outcome, account)))
    }
}

/// Bytes of a file per address in it, at least, for sizing the identity map ahead: the
/// benchmark's Google CSV has 95, vCards have more. Too big a guess costs address space only.
const BYTES_PER_ADDRESS: usize = 64;

/// What storing a record needs that the record alone decides: worked out on the reading
/// thread when it has time (see [`Workspace::import_bytes`]), else when the record is stored.
pub(super) struct Prepared {
    /// Its addresses' keys, in the record's order.
    keys: Vec<String>,
    /// The record's personal name, or else a fallback name.
    name: String,
    /// Whether `name` is a fallback, which a personal name from a later record replaces.
    fallback: bool,
    /// The addresses as a new contact stores them: one a line.
    addresses: String,
}

impl Prepared {
    pub(super) fn of(record: &Record) -> Prepared {
        let personal_name = record.personal_name();
        Prepared {
            keys: record.addresses.iter().map(|a| address_key(a)).collect(),
            fallback: personal_name.is_none(),
            name: personal_name.unwrap_or_else(|| record.display_name()),
            addresses: join_addresses(record.addresses.iter().map(String::as_str)),
        }
    }

    fn personal_name(&self) -> Option<&str> {
        (!self.fallback).then_some(self.name.as_str())
    }
}

/// A contact first seen in the records being added, not written yet.
struct NewContact<'r> {
    id: ContactId,
    record: &'r Record,
    prepared: &'r Prepared,
}

use super::FastMap;

/// The id of the file at `path`, recorded on first sight.
pub(super) fn file_id(tx: &Transaction<'_>, path: &str) -> rusqlite::Result<i64> {
    tx.execute("INSERT OR IGNORE INTO files (path) VALUES (?1)", [path])?;
    tx.query_row("SELECT id FROM files WHERE path = ?1", [path], |row| {
        row.get(0)
    })
}

/// A contact's addresses as stored: as written, preferred first, one a line.
fn join_addresses<'a>(addresses: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for address in addresses {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(address);
    }
    out
}

/// Adds to `existing` (addresses one a line) those of `more` it does not have yet, in order.
pub(super) fn extend_addresses<'a>(
    existing: &str,
    more: impl IntoIterator<Item = &'a str>,
) -> String {
    let mut keys: Vec<String> = existing.lines().map(address_key).collect();
    let mut out = existing.to_string();
    for address in more {
        let key = address_key(address);
        if !keys.contains(&key) {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(address);
            keys.push(key);
        }
    }
    out
}

/// One file's import, inside its transaction. Statements are prepared once for the whole file.
///
/// Identity while the import runs lives in a map: the owner of every address seen so far, and
/// whether the address is new to the workspace. When the workspace held no addresses before the
/// import, an address the map does not know is new and the database need not be asked (a first
/// import of 100k contacts made 220k lookups). New addresses are written at the end, sorted: in
/// key order the B-tree is walked once instead of at random.
pub(super) struct Importer<'t> {
    tx: &'t Transaction<'t>,
    file_id: i64,
    import_id: i64,
    known: FastMap<String, (ContactId, bool)>,
    ask_database: bool,
    /// The id the next new contact gets; ids from `unwritten` on are not in the table yet.
    next_id: i64,
    /// The first id this import gives: contacts from it on are the file's own.
    first_new_id: i64,
    unwritten: i64,
    find: rusqlite::Statement<'t>,
    read_addresses: rusqlite::Statement<'t>,
    read_name: rusqlite::Statement<'t>,
    has_source: rusqlite::Statement<'t>,
    fill_in: rusqlite::Statement<'t>,
    spell_out: rusqlite::Statement<'t>,
    extend: rusqlite::Statement<'t>,
    /// Pairs of addresses whose contacts the user said are different people.
    kept_apart: std::collections::HashSet<(String, String)>,
    pub(super) outcome: ImportOutcome,
}

impl<'t> Importer<'t> {
    pub(super) fn new(
        tx: &'t Transaction<'t>,
        file_id: i64,
        import_id: i64,
    ) -> rusqlite::Result<Importer<'t>> {
        let next_id: i64 =
            tx.query_row("SELECT coalesce(max(id), 0) + 1 FROM contacts", [], |row| {
                row.get(0)
            })?;
        Ok(Importer {
            tx,
            file_id,
            import_id,
            known: FastMap::default(),
            ask_database: tx.query_row("SELECT EXISTS (SELECT 1 FROM addresses)", [], |row| {
                row.get(0)
            })?,
            next_id,
            first_new_id: next_id,
            unwritten: 0,
            find: tx.prepare("SELECT contact_id FROM addresses WHERE address = ?1")?,
            read_addresses: tx.prepare("SELECT addresses FROM contacts WHERE id = ?1")?,
            read_name: tx.prepare(
                "SELECT CASE WHEN name_is_fallback THEN NULL ELSE name END FROM contacts WHERE id = ?1",
            )?,
            has_source: tx.prepare(
                "SELECT EXISTS (SELECT 1 FROM sources WHERE contact_id = ?1 AND file_id = ?2 AND line = ?3)",
            )?,
            // Completes a contact with what a new record knows and it did not: a real name where
            // only a fallback existed, empty fields, and addresses it lacked (after its own).
            // Nothing the contact has is overwritten, so re-importing never changes a contact.
            // Given and family names come as a pair, from a record with the contact's name (or
            // the record whose name replaces a made-up one): one from each record made
            // `Cher Sarkisian` of `Cher` and `Cherilyn Sarkisian`. (SET reads the old row.)
            fill_in: tx.prepare(
                "UPDATE contacts SET
                    name = CASE WHEN name_is_fallback AND ?2 IS NOT NULL THEN ?2 ELSE name END,
                    name_is_fallback = name_is_fallback AND ?2 IS NULL,
                    given_name = CASE WHEN given_name = '' AND family_name = ''
                        AND (name_is_fallback OR name = ?2) AND ?2 IS NOT NULL
                        THEN ?3 ELSE given_name END,
                    family_name = CASE WHEN given_name = '' AND family_name = ''
                        AND (name_is_fallback OR name = ?2) AND ?2 IS NOT NULL
                        THEN ?4 ELSE family_name END,
                    organization = CASE WHEN organization = '' THEN ?5 ELSE organization END,
                    title = CASE WHEN title = '' THEN ?6 ELSE title END,
                    addresses = ?7
                 WHERE id = ?1",
            )?,
            spell_out: tx.prepare(SPELL_OUT)?,
            extend: tx.prepare("UPDATE contacts SET addresses = ?2 WHERE id = ?1")?,
            kept_apart: super::set_of_pairs(tx, "SELECT a, b FROM kept_apart")?,
            outcome: ImportOutcome::default(),
        })
    }

    /// Whether two of a record's addresses belong to contacts the user kept apart.
    fn kept_apart_among(&self, keys: &[String], owned: &[Option<ContactId>]) -> bool {
        if self.kept_apart.is_empty() {
            return false;
        }
        keys.iter().zip(owned).enumerate().any(|(n, (a, owner_a))| {
            keys[n + 1..]
                .iter()
                .zip(&owned[n + 1..])
                .any(|(b, owner_b)| {
                    owner_a.is_some()
                        && owner_b.is_some()
                        && owner_a != owner_b
                        && self.kept_apart.contains(&if a <= b {
                            (a.clone(), b.clone())
                        } else {
                            (b.clone(), a.clone())
                        })
                })
        })
    }

    /// Makes room in the identity map for about `addresses` more addresses: growing it as it
    /// fills rehashed every entry each time (5% of a first import). Capped at 4M (160 MB).
    pub(super) fn expect(&mut self, addresses: usize) {
        self.known.reserve(addresses.min(4 << 20));
    }

    /// The contact that has `key`, if any: from this import's map, else from the workspace.
    fn owner(&mut self, key: &str) -> rusqlite::Result<Option<ContactId>> {
        if let Some((id, _)) = self.known.get(key) {
            return Ok(Some(*id));
        }
        if !self.ask_database {
            return Ok(None);
        }
        let found = self
            .find
            .query_row([key], |row| row.get(0))
            .optional()?
            .map(ContactId);
        if let Some(id) = found {
            self.known.insert(key.to_string(), (id, false));
        }
        Ok(found)
    }

    /// Adds one record.
    pub(super) fn add(&mut self, record: &Record) -> rusqlite::Result<()> {
        self.add_all(&mut [(record, None)])
    }

    /// Adds `records` in order, each with what [`Prepared::of`] made of it (made here where it
    /// is `None`). New contacts and all sources are written at the end, many rows to a
    /// statement (a statement a row was a third of a first import); a record that needs a
    /// contact's row as stored (to complete or merge it) writes what is pending first.
    pub(super) fn add_all<R: Borrow<Record>>(
        &mut self,
        records: &mut [(R, Option<Prepared>)],
    ) -> rusqlite::Result<()> {
        self.unwritten = self.next_id;
        let mut new_contacts: Vec<NewContact<'_>> = Vec::new();
        let mut sources: Vec<(ContactId, &Record, Option<String>)> =
            Vec::with_capacity(records.len());
        for (record, prepared) in records.iter_mut() {
            let record: &Record = (*record).borrow();
            let prepared = prepared.get_or_insert_with(|| Prepared::of(record));
            let keys = std::mem::take(&mut prepared.keys);
            let prepared = &*prepared;
            let mut owners: Vec<ContactId> = Vec::new();
            // Each address's owner, in the record's order.
            let mut owned: Vec<Option<ContactId>> = Vec::with_capacity(keys.len());
            for key in &keys {
                let id = self.owner(key)?;
                owned.push(id);
                if let Some(id) = id
                    && !owners.contains(&id)
                {
                    owners.push(id);
                }
            }
            owners.sort();
            let (contact, brought) = match owners.split_first() {
                None => {
                    self.outcome.new_contacts += 1;
                    let id = ContactId(self.next_id);
                    self.next_id += 1;
                    new_contacts.push(NewContact {
                        id,
                        record,
                        prepared,
                    });
                    (id, None)
                }
                Some((&first, others)) => {
                    if !others.is_empty() || owners.iter().any(|id| id.0 >= self.unwritten) {
                        self.write(&mut new_contacts, &mut sources)?;
                    }
                    if owners.iter().all(|id| id.0 >= self.first_new_id) {
                        self.outcome.joined_in_file += 1;
                    } else {
                        self.outcome.matched += 1;
                    }
                    if !others.is_empty() && self.kept_apart_among(&keys, &owned) {
                        // The user said these are different people (keep-apart, split): the
                        // record joins nobody. Each keeps the addresses it has, and the source
                        // for them; an address nobody had goes to the first.
                        self.outcome.kept_apart.push(record.location);
                        let theirs = |owner: ContactId, unowned: bool| -> String {
                            join_addresses(
                                record
                                    .addresses
                                    .iter()
                                    .zip(&owned)
                                    .filter(|(_, o)| **o == Some(owner) || (unowned && o.is_none()))
                                    .map(|(a, _)| a.as_str()),
                            )
                        };
                        for &other in others {
                            sources.push((other, record, Some(theirs(other, false))));
                        }
                        let before: String =
                            self.read_addresses.query_row([first.0], |row| row.get(0))?;
                        let mine = theirs(first, true);
                        let addresses = extend_addresses(&before, mine.lines());
                        if addresses.len() != before.len() {
                            for (id, _, brought) in sources.iter_mut() {
                                if *id == first && brought.is_none() {
                                    *brought = Some(before.clone());
                                }
                            }
                            self.spell_out.execute(params![first.0, before])?;
                            self.extend.execute(params![first.0, addresses])?;
                        }
                        for (key, owner) in keys.into_iter().zip(&owned) {
                            if owner.is_none() {
                                self.known.insert(key, (first, true));
                            }
                        }
                        sources.push((first, record, Some(mine)));
                        continue;
                    }
                    for &other in others {
                        let joined = merge(self.tx, other, first)?;
                        self.outcome.flagged_for_review += usize::from(joined.differed);
                        self.outcome.joined += 1;
                        if let Some((kept, joined_name, addresses)) = joined.names {
                            self.outcome.joined_names.push(JoinedNames {
                                kept,
                                joined: joined_name,
                                addresses,
                                through: record.location,
                            });
                        }
                        for key in joined.moved {
                            if let Some(entry) = self.known.get_mut(&key) {
                                entry.0 = first;
                            }
                        }
                    }
                    let before: String =
                        self.read_addresses.query_row([first.0], |row| row.get(0))?;
                    let addresses =
                        extend_addresses(&before, record.addresses.iter().map(String::as_str));
                    if addresses.len() != before.len() {
                        // The contact gains an address its sources did not bring: those that
                        // stand for "all of them" are spelt out first, in the table and among
                        // the sources still to be written (writing them first broke up the
                        // many-row statements: 10% of an import with 2% of records joining).
                        for (id, _, brought) in sources.iter_mut() {
                            if *id == first && brought.is_none() {
                                *brought = Some(before.clone());
                            }
                        }
                        self.spell_out.execute(params![first.0, before])?;
                    }
                    // This record's source brought all of the contact's addresses, or some.
                    let brought = (record.addresses.len() != addresses.lines().count())
                        .then(|| join_addresses(record.addresses.iter().map(String::as_str)));
                    // A person's record with only some of a contact's addresses, under another
                    // person's name: maybe a team or family card joined them (read first).
                    if let (Some(_), Some(name)) = (&brought, prepared.personal_name())
                        && let Some(theirs) = self
                            .read_name
                            .query_row([first.0], |row| row.get::<_, Option<String>>(0))?
                        && !super::join::same_person_name(name, &theirs)
                        && !self.has_source.query_row(
                            params![first.0, self.file_id, record.location.line],
                            |row| row.get::<_, bool>(0),
                        )?
                    {
                        // What a split should take: the addresses this record brought, that
                        // nobody had; the one it shares stays with the contact that had it (a
                        // trial's split gave one person's address to another). A record that
                        // brought none (a person's card after their team's) gives all of its.
                        let own: Vec<String> = record
                            .addresses
                            .iter()
                            .zip(&owned)
                            .filter(|(_, owner)| owner.is_none())
                            .map(|(address, _)| address.clone())
                            .collect();
                        self.outcome.part_of.push(JoinedNames {
                            kept: theirs,
                            joined: name.to_string(),
                            addresses: if own.is_empty() {
                                record.addresses.clone()
                            } else {
                                own
                            },
                            through: record.location,
                        });
                    }
                    self.fill_in.execute(params![
                        first.0,
                        prepared.personal_name(),
                        record.given_name,
                        record.family_name,
                        record.organization,
                        record.title,
                        addresses
                    ])?;
                    (first, brought)
                }
            };
            for key in keys {
                self.known.entry(key).or_insert((contact, true));
            }
            sources.push((contact, record, brought));
        }
        self.write(&mut new_contacts, &mut sources)
    }

    /// Writes the pending new contacts and sources, and empties both lists.
    fn write(
        &mut self,
        new_contacts: &mut Vec<NewContact<'_>>,
        sources: &mut Vec<(ContactId, &Record, Option<String>)>,
    ) -> rusqlite::Result<()> {
        let rows: Vec<[&dyn ToSql; 8]> = new_contacts
            .iter()
            .map(|c| {
                [
                    &c.id.0 as &dyn ToSql,
                    &c.prepared.name,
                    &c.prepared.fallback,
                    &c.record.given_name,
                    &c.record.family_name,
                    &c.record.organization,
                    &c.record.title,
                    &c.prepared.addresses,
                ]
            })
            .collect();
        insert_rows(
            self.tx,
            "INSERT INTO contacts (id, name, name_is_fallback, given_name, family_name, organization, title, addresses) VALUES ",
            &rows,
        )?;
        // What a record says besides names and addresses: NULL when nothing (most records).
        let said: Vec<(Option<&str>, Option<String>)> = sources
            .iter()
            .map(|(_, record, _)| {
                (
                    Some(record.note.as_str()).filter(|n| !n.is_empty()),
                    (!record.labels.is_empty()).then(|| record.labels.join("\n")),
                )
            })
            .collect();
        let rows: Vec<[&dyn ToSql; 9]> = sources
            .iter()
            .zip(&said)
            .map(|((id, record, brought), (note, labels))| {
                [
                    &id.0 as &dyn ToSql,
                    &self.file_id,
                    &record.location.line,
                    &record.location.card,
                    &self.import_id,
                    brought,
                    note,
                    labels,
                    &record.has_phone,
                ]
            })
            .collect();
        insert_rows(
            self.tx,
            "INSERT OR IGNORE INTO sources (contact_id, file_id, line, card, import_id, addresses, note, labels, phone) VALUES ",
            &rows,
        )?;
        new_contacts.clear();
        sources.clear();
        self.unwritten = self.next_id;
        Ok(())
    }

    /// Writes the addresses new to the workspace, in key order.
    ///
    /// Another thread (the file is read by now, so a core is free) puts them in order and
    /// copies each key, in that order, into chunks ([`super::key_order`]) while this one
    /// writes the chunks it has. Binding a key where the identity map holds it read it from
    /// memory that was cold (the keys were made all through the import): a cache miss an
    /// address, 36 ms of writing 233k. Sorting them here first kept this thread from writing
    /// for another 30 ms.
    pub(super) fn write_new_addresses(&mut self) -> rusqlite::Result<()> {
        let known = &self.known;
        let tx = self.tx;
        std::thread::scope(|scope| {
            let (send, chunks) = std::sync::mpsc::sync_channel(4);
            let sorting = std::thread::Builder::new().spawn_scoped(scope, move || {
                in_key_order(known, &mut |c| send.send(c).is_ok())
            });
            if sorting.is_err() {
                // No thread to be had: the chunks are made here first, then written.
                let mut all = Vec::new();
                in_key_order(known, &mut |chunk| {
                    all.push(chunk);
                    true
                });
                return all.iter().try_for_each(|chunk| chunk.write(tx));
            }
            // Returning early drops `chunks`, which stops the sorting thread.
            chunks.iter().try_for_each(|chunk| chunk.write(tx))
        })?;
        for (_, new) in self.known.values_mut() {
            *new = false;
        }
        Ok(())
    }
}
