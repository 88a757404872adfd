//! What the workspace knows about each contact beyond its address book: mail history (imported
//! here), LinkedIn (see [`super::linkedin`]) and earlier exports, gathered into the
//! [`Signals`] read with every contact for ordering, suggestions and the export policy.

use std::collections::{HashMap, HashSet};

use rusqlite::{Connection, ToSql, params};

use super::import::{Importer, file_id, insert_rows};
use super::linkedin::name_keys;
use super::set_of;
use super::{Result, SourceFile, Workspace, now_millis, sqlite};
use crate::contact::{LinkedIn, Record, Signals, name_from_display};
use crate::import::mail::History;

/// Everything [`Signals`] are made from, read once for a whole list of contacts.
pub(super) struct SignalSources {
    mail: HashMap<i64, (u32, u32, Option<i64>)>,
    connected: HashSet<i64>,
    exported: HashSet<i64>,
    /// Names of connections without an address.
    connection_names: HashSet<String>,
    invitation_names: HashSet<String>,
    /// Names of people who invited the user.
    inviter_names: HashSet<String>,
}

impl SignalSources {
    pub(super) fn load(conn: &Connection) -> rusqlite::Result<SignalSources> {
        let mut mail = HashMap::new();
        let mut statement = conn.prepare(
            "SELECT a.contact_id, sum(m.sent), sum(m.received), max(m.last_contact)
             FROM mail m JOIN addresses a ON a.address = m.address GROUP BY a.contact_id",
        )?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            let count = |i: usize| -> rusqlite::Result<u32> {
                Ok(u32::try_from(row.get::<_, i64>(i)?).unwrap_or(u32::MAX))
            };
            mail.insert(row.get(0)?, (count(1)?, count(2)?, row.get(3)?));
        }
        Ok(SignalSources {
            mail,
            connected: set_of(
                conn,
                "SELECT DISTINCT a.contact_id FROM linkedin_connections l JOIN addresses a ON a.address = l.address",
            )?,
            exported: set_of(conn, "SELECT DISTINCT contact_id FROM export_rows")?,
            connection_names: set_of(
                conn,
                "SELECT DISTINCT name_key FROM linkedin_connections WHERE address IS NULL AND name_key != ''",
            )?,
            invitation_names: set_of(
                conn,
                "SELECT DISTINCT name_key FROM linkedin_invitations WHERE name_key != '' AND NOT incoming",
            )?,
            inviter_names: set_of(
                conn,
                "SELECT DISTINCT name_key FROM linkedin_invitations WHERE name_key != '' AND incoming",
            )?,
        })
    }

    pub(super) fn for_contact(&self, id: i64, name: &str, given: &str, family: &str) -> Signals {
        let (sent, received, last_contact) = self.mail.get(&id).copied().unwrap_or_default();
        let by_name = |names: &HashSet<String>| {
            !names.is_empty()
                && name_keys(name, given, family)
                    .iter()
                    .any(|key| !key.is_empty() && names.contains(key))
        };
        let linkedin = if self.connected.contains(&id) {
            LinkedIn::Connected
        } else if by_name(&self.connection_names) {
            LinkedIn::ProbablyConnected
        } else {
            LinkedIn::NotConnected
        };
        Signals {
            sent,
            received,
            last_contact,
            linkedin,
            invited: by_name(&self.invitation_names),
            invited_you: by_name(&self.inviter_names),
            exported: self.exported.contains(&id),
        }
    }
}

/// What importing a mail archive did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MailOutcome {
    /// Addresses the archive has history for.
    pub correspondents: usize,
    /// Contacts that now have history from this archive.
    pub contacts_with_history: usize,
    /// Contacts created for people the user wrote to (`--add-correspondents`).
    pub added: usize,
    /// The archive had been imported before; its earlier counts were replaced.
    pub replaced: bool,
}

impl Workspace {
    /// Records a scanned archive's history, replacing what an earlier import of the same file
    /// recorded. With `add_correspondents`, people the user sent at least that many messages to
    /// and who are not contacts yet become contacts. One transaction; `dry_run` rolls it back.
    pub fn import_mail(
        &mut self,
        file: &SourceFile,
        format: &str,
        history: &History,
        add_correspondents: Option<u32>,
        dry_run: bool,
    ) -> Result<MailOutcome> {
        let path = self.path.clone();
        let err = |e| sqlite(&path, e);
        let tx = self.conn.transaction().map_err(err)?;
        let file_id = file_id(&tx, &file.path).map_err(err)?;
        let replaced = tx
            .execute("DELETE FROM mail WHERE file_id = ?1", [file_id])
            .map_err(err)?
            > 0;
        tx.execute(
            "INSERT INTO imports (file_id, format, encoding, records, new_contacts, matched, skipped, at)
             VALUES (?1, ?2, '', ?3, 0, 0, ?4, ?5)",
            params![
                file_id,
                format,
                history.messages,
                history.without_sender,
                now_millis()
            ],
        )
        .map_err(err)?;
        let import_id = tx.last_insert_rowid();
        let rows: Vec<[&dyn ToSql; 6]> = history
            .correspondents
            .iter()
            .map(|c| {
                [
                    &file_id as &dyn ToSql,
                    &c.key,
                    &c.name,
                    &c.sent,
                    &c.received,
                    &c.last,
                ]
            })
            .collect();
        insert_rows(
            &tx,
            "INSERT INTO mail (file_id, address, name, sent, received, last_contact) VALUES ",
            &rows,
        )
        .map_err(err)?;
        let mut added = 0;
        if let Some(least) = add_correspondents {
            let mut importer = Importer::new(&tx, file_id, import_id).map_err(err)?;
            let mut known = tx
                .prepare("SELECT 1 FROM addresses WHERE address = ?1")
                .map_err(err)?;
            for person in history.correspondents.iter().filter(|c| c.sent >= least) {
                if known.exists([&person.key]).map_err(err)? {
                    continue;
                }
                let (formatted_name, given_name, family_name) = name_from_display(&person.name);
                let record = Record {
                    location: person.first_seen,
                    formatted_name,
                    given_name,
                    family_name,
                    addresses: vec![person.key.clone()],
                    ..Record::default()
                };
                importer.add(&record).map_err(err)?;
            }
            importer.write_new_addresses().map_err(err)?;
            added = importer.outcome.new_contacts;
        }
        let contacts_with_history: usize = tx
            .query_row(
                "SELECT count(DISTINCT a.contact_id) FROM mail m JOIN addresses a ON a.address = m.address
                 WHERE m.file_id = ?1",
                [file_id],
                |row| row.get(0),
            )
            .map_err(err)?;
        tx.execute(
            "UPDATE imports SET new_contacts = ?2, matched = ?3 WHERE id = ?1",
            params![import_id, added, contacts_with_history],
        )
        .map_err(err)?;
        if dry_run {
            tx.rollback().map_err(err)?;
        } else {
            tx.commit().map_err(err)?;
        }
        Ok(MailOutcome {
            correspondents: history.correspondents.len(),
            contacts_with_history,
            added,
            replaced,
        })
    }
}
