//! Bringing parsed records into the workspace: identity resolution and merging.
//!
//! DESIGN section 3 in code. A record belongs to the contact that already has one of its
//! addresses; if its addresses belong to several contacts, those contacts are one person and are
//! merged. Decisions belong to contacts, not records, so they survive any number of re-imports,
//! and a merge keeps the more cautious verdict and flags the contact when the verdicts differed.
//! Each file is one transaction: a failed import changes nothing.

use rusqlite::{OptionalExtension, Transaction, params};

use super::{ContactId, Origin, Result, Workspace, now_millis, sqlite};
use crate::contact::{Record, Verdict, address_key};
use crate::import::{Connection, Parsed};
use crate::text::fold;

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
    /// Records that belonged to a contact the workspace (or an earlier record) already had.
    pub matched: usize,
    /// Contacts absorbed into another because a record showed they are the same person.
    pub joined: usize,
    /// Merged contacts whose verdicts differed: flagged for review.
    pub flagged_for_review: usize,
    /// LinkedIn connections recorded, and how many of them match a contact by address.
    pub connections: usize,
    pub connections_matching: usize,
}

struct Existing {
    verdict: Verdict,
    note: String,
}

impl Workspace {
    /// Imports one parsed file in one transaction. With `dry_run` the transaction is rolled
    /// back, so the outcome is exactly what a real import would do, and nothing changes.
    /// `progress` is called with the number of records handled so far.
    pub fn import(
        &mut self,
        file: &SourceFile,
        parsed: &Parsed,
        dry_run: bool,
        progress: &mut dyn FnMut(usize),
    ) -> Result<ImportOutcome> {
        let path = self.path.clone();
        let err = |e| sqlite(&path, e);
        let tx = self.conn.transaction().map_err(err)?;
        tx.execute(
            "INSERT OR IGNORE INTO files (path) VALUES (?1)",
            [&file.path],
        )
        .map_err(err)?;
        let file_id: i64 = tx
            .query_row(
                "SELECT id FROM files WHERE path = ?1",
                [&file.path],
                |row| row.get(0),
            )
            .map_err(err)?;
        tx.execute(
            "INSERT INTO imports (file_id, format, encoding, records, new_contacts, matched, skipped, at)
             VALUES (?1, ?2, ?3, ?4, 0, 0, ?5, ?6)",
            params![
                file_id,
                parsed.format.as_str(),
                parsed.encoding,
                parsed.records_read,
                parsed.skipped.len(),
                now_millis()
            ],
        )
        .map_err(err)?;
        let import_id = tx.last_insert_rowid();
        let mut outcome = ImportOutcome::default();
        for (index, record) in parsed.records.iter().enumerate() {
            add_record(&tx, file_id, import_id, record, &mut outcome).map_err(err)?;
            if index % 1024 == 1023 {
                progress(index + 1);
            }
        }
        for connection in &parsed.connections {
            add_connection(&tx, connection, &mut outcome).map_err(err)?;
        }
        progress(parsed.records.len());
        tx.execute(
            "UPDATE imports SET new_contacts = ?2, matched = ?3 WHERE id = ?1",
            params![import_id, outcome.new_contacts, outcome.matched],
        )
        .map_err(err)?;
        if dry_run {
            tx.rollback().map_err(err)?;
        } else {
            tx.commit().map_err(err)?;
        }
        Ok(outcome)
    }
}

fn add_record(
    tx: &Transaction<'_>,
    file_id: i64,
    import_id: i64,
    record: &Record,
    outcome: &mut ImportOutcome,
) -> rusqlite::Result<()> {
    let keys: Vec<String> = record.addresses.iter().map(|a| address_key(a)).collect();
    let mut owners: Vec<ContactId> = Vec::new();
    {
        let mut find = tx.prepare_cached("SELECT contact_id FROM addresses WHERE address = ?1")?;
        for key in &keys {
            if let Some(id) = find.query_row([key], |row| row.get(0)).optional()?
                && !owners.contains(&ContactId(id))
            {
                owners.push(ContactId(id));
            }
        }
    }
    owners.sort();
    let (contact, mut rank) = match owners.split_first() {
        None => {
            outcome.new_contacts += 1;
            (insert_contact(tx, record)?, 0)
        }
        Some((&first, others)) => {
            outcome.matched += 1;
            for &other in others {
                if merge(tx, other, first)? {
                    outcome.flagged_for_review += 1;
                }
                outcome.joined += 1;
            }
            fill_in(tx, first, record)?;
            let mut next_rank = tx.prepare_cached(
                "SELECT coalesce(max(rank) + 1, 0) FROM addresses WHERE contact_id = ?1",
            )?;
            (
                first,
                next_rank.query_row([first.0], |row| row.get::<_, i64>(0))?,
            )
        }
    };
    {
        let mut insert = tx.prepare_cached(
            "INSERT OR IGNORE INTO addresses (address, contact_id, written, rank) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (key, written) in keys.iter().zip(&record.addresses) {
            if insert.execute(params![key, contact.0, written, rank])? > 0 {
                rank += 1;
            }
        }
    }
    let mut source = tx.prepare_cached(
        "INSERT OR IGNORE INTO sources (contact_id, file_id, line, card, import_id) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    source.execute(params![
        contact.0,
        file_id,
        record.location.line,
        record.location.card,
        import_id
    ])?;
    Ok(())
}

fn insert_contact(tx: &Transaction<'_>, record: &Record) -> rusqlite::Result<ContactId> {
    let mut insert = tx.prepare_cached(
        "INSERT INTO contacts (name, name_is_fallback, given_name, family_name, organization, title)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    insert.execute(params![
        record.display_name(),
        record.personal_name().is_none(),
        record.given_name,
        record.family_name,
        record.organization,
        record.title
    ])?;
    Ok(ContactId(tx.last_insert_rowid()))
}

/// Completes a contact with what a new record knows and it did not: a real name where only a
/// fallback existed, and empty fields. Nothing the contact already has is overwritten, so
/// re-importing never changes a contact.
fn fill_in(tx: &Transaction<'_>, id: ContactId, record: &Record) -> rusqlite::Result<()> {
    let mut update = tx.prepare_cached(
        "UPDATE contacts SET
            name = CASE WHEN name_is_fallback AND ?2 IS NOT NULL THEN ?2 ELSE name END,
            name_is_fallback = name_is_fallback AND ?2 IS NULL,
            given_name = CASE WHEN given_name = '' THEN ?3 ELSE given_name END,
            family_name = CASE WHEN family_name = '' THEN ?4 ELSE family_name END,
            organization = CASE WHEN organization = '' THEN ?5 ELSE organization END,
            title = CASE WHEN title = '' THEN ?6 ELSE title END
         WHERE id = ?1",
    )?;
    update.execute(params![
        id.0,
        record.personal_name(),
        record.given_name,
        record.family_name,
        record.organization,
        record.title
    ])?;
    Ok(())
}

fn existing(tx: &Transaction<'_>, id: ContactId) -> rusqlite::Result<Existing> {
    tx.query_row(
        "SELECT verdict, note FROM contacts WHERE id = ?1",
        [id.0],
        |row| {
            Ok(Existing {
                verdict: Verdict::parse(&row.get::<_, String>(0)?).unwrap_or_default(),
                note: row.get(1)?,
            })
        },
    )
}

/// Merges contact `from` into `into` (the older one). Returns true when the verdicts differed
/// and the contact was flagged for review.
fn merge(tx: &Transaction<'_>, from: ContactId, into: ContactId) -> rusqlite::Result<bool> {
    let kept = existing(tx, into)?;
    let gone = existing(tx, from)?;
    let verdict = kept.verdict.more_cautious(gone.verdict);
    let differ = kept.verdict != gone.verdict;
    let note = match (kept.note.trim().is_empty(), gone.note.trim().is_empty()) {
        (_, true) => kept.note.clone(),
        (true, false) => gone.note.clone(),
        (false, false) if kept.note == gone.note => kept.note.clone(),
        (false, false) => format!("{}\n{}", kept.note, gone.note),
    };
    tx.execute(
        "UPDATE contacts SET
            verdict = ?2,
            note = ?3,
            needs_review = needs_review OR ?4 OR (SELECT needs_review FROM contacts WHERE id = ?5),
            name = CASE WHEN name_is_fallback AND NOT (SELECT name_is_fallback FROM contacts WHERE id = ?5)
                        THEN (SELECT name FROM contacts WHERE id = ?5) ELSE name END,
            name_is_fallback = name_is_fallback AND (SELECT name_is_fallback FROM contacts WHERE id = ?5),
            given_name = CASE WHEN given_name = '' THEN (SELECT given_name FROM contacts WHERE id = ?5) ELSE given_name END,
            family_name = CASE WHEN family_name = '' THEN (SELECT family_name FROM contacts WHERE id = ?5) ELSE family_name END,
            organization = CASE WHEN organization = '' THEN (SELECT organization FROM contacts WHERE id = ?5) ELSE organization END,
            title = CASE WHEN title = '' THEN (SELECT title FROM contacts WHERE id = ?5) ELSE title END
         WHERE id = ?1",
        params![into.0, verdict.as_str(), note, differ, from.0],
    )?;
    if verdict != kept.verdict {
        tx.execute(
            "INSERT INTO verdict_history (contact_id, old, new, at, origin) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![into.0, kept.verdict.as_str(), verdict.as_str(), now_millis(), Origin::Merge.as_str()],
        )?;
    }
    tx.execute(
        "UPDATE addresses SET contact_id = ?2,
            rank = rank + (SELECT coalesce(max(rank) + 1, 0) FROM addresses WHERE contact_id = ?2)
         WHERE contact_id = ?1",
        params![from.0, into.0],
    )?;
    tx.execute(
        "INSERT OR IGNORE INTO sources (contact_id, file_id, line, card, import_id)
         SELECT ?2, file_id, line, card, import_id FROM sources WHERE contact_id = ?1",
        params![from.0, into.0],
    )?;
    tx.execute(
        "INSERT OR IGNORE INTO export_rows (export_id, contact_id, address)
         SELECT export_id, ?2, address FROM export_rows WHERE contact_id = ?1",
        params![from.0, into.0],
    )?;
    tx.execute(
        "UPDATE verdict_history SET contact_id = ?2 WHERE contact_id = ?1",
        params![from.0, into.0],
    )?;
    tx.execute("DELETE FROM contacts WHERE id = ?1", [from.0])?;
    Ok(differ)
}

fn add_connection(
    tx: &Transaction<'_>,
    connection: &Connection,
    outcome: &mut ImportOutcome,
) -> rusqlite::Result<()> {
    let name_key = fold(&crate::contact::join_words([
        connection.first_name.as_str(),
        connection.last_name.as_str(),
    ]));
    let address = connection.address.as_deref().map(address_key);
    let mut insert = tx.prepare_cached(
        "INSERT OR IGNORE INTO linkedin_connections (first_name, last_name, name_key, address, company, position, connected_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    insert.execute(params![
        connection.first_name,
        connection.last_name,
        name_key,
        address,
        connection.company,
        connection.position,
        connection.connected_on
    ])?;
    outcome.connections += 1;
    if let Some(address) = address {
        let mut find = tx.prepare_cached("SELECT 1 FROM addresses WHERE address = ?1")?;
        if find.exists([address])? {
            outcome.connections_matching += 1;
        }
    }
    Ok(())
}
