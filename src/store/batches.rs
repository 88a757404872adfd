//! Exports as the store keeps them: who may be exported ([`Workspace::export_candidates`], what
//! the export policy reads) and the batches written (recorded only once their file is in
//! place).

use std::path::Path;

use rusqlite::params;

use super::{Result, Workspace, now_millis, sqlite};
use crate::contact::{Contact, ContactId};

/// A contact as the export policy sees it: the contact, and whether an earlier batch of the
/// kind asked for holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportCandidate {
    pub contact: Contact,
    pub exported: bool,
}

/// A batch, as recorded when it was exported.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct BatchRecord {
    pub id: i64,
    /// Milliseconds since 1970 (UTC).
    pub at: i64,
    /// `invite` or `outreach`.
    pub kind: String,
    pub format: String,
    /// The file written (absolute), or `-` for standard output.
    pub file: String,
    pub contacts: u64,
}

impl Workspace {
    /// Every contact as the export policy sees it, in import order (the policy orders batches).
    /// `kind` names the batch series ("invite" or "outreach") whose earlier exports count.
    pub fn export_candidates(&self, kind: &str) -> Result<Vec<ExportCandidate>> {
        let mut statement = self
            .conn
            .prepare(
                "SELECT DISTINCT r.contact_id FROM export_rows r JOIN exports e ON e.id = r.export_id WHERE e.kind = ?1",
            )
            .map_err(|e| self.err(e))?;
        let exported: std::collections::HashSet<i64> = statement
            .query_map([kind], |row| row.get(0))
            .map_err(|e| self.err(e))?
            .collect::<Result<_, _>>()
            .map_err(|e| self.err(e))?;
        Ok(self
            .contacts(None)?
            .into_iter()
            .map(|contact| ExportCandidate {
                exported: exported.contains(&contact.id.0),
                contact,
            })
            .collect())
    }

    /// Records an export batch of `kind`: the contacts written and the address each was written
    /// with. The export module calls this only once the file is in place.
    pub fn record_export(
        &mut self,
        kind: &str,
        format: &str,
        file: &Path,
        rows: &[(ContactId, &str)],
    ) -> Result<()> {
        let path = self.path.clone();
        let err = |e| sqlite(&path, e);
        let tx = self.conn.transaction().map_err(err)?;
        tx.execute(
            "INSERT INTO exports (kind, format, file, contacts, at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                kind,
                format,
                file.to_string_lossy(),
                rows.len(),
                now_millis()
            ],
        )
        .map_err(err)?;
        let export_id = tx.last_insert_rowid();
        {
            let mut insert = tx
                .prepare("INSERT OR IGNORE INTO export_rows (export_id, contact_id, address) VALUES (?1, ?2, ?3)")
                .map_err(err)?;
            for (id, address) in rows {
                insert
                    .execute(params![export_id, id.0, address])
                    .map_err(err)?;
            }
        }
        tx.commit().map_err(err)
    }

    /// The contacts of the latest batch of `kind`, if there has been one.
    pub fn last_batch(&self, kind: &str) -> Result<Option<std::collections::HashSet<ContactId>>> {
        let latest: Option<i64> = self
            .conn
            .query_row(
                "SELECT max(id) FROM exports WHERE kind = ?1",
                [kind],
                |row| row.get(0),
            )
            .map_err(|e| self.err(e))?;
        let Some(latest) = latest else {
            return Ok(None);
        };
        let mut statement = self
            .conn
            .prepare("SELECT contact_id FROM export_rows WHERE export_id = ?1")
            .map_err(|e| self.err(e))?;
        let ids = statement
            .query_map([latest], |row| Ok(ContactId(row.get(0)?)))
            .map_err(|e| self.err(e))?
            .collect::<Result<_, _>>()
            .map_err(|e| self.err(e))?;
        Ok(Some(ids))
    }

    /// Every batch exported, oldest first.
    pub fn batches(&self) -> Result<Vec<BatchRecord>> {
        let mut statement = self
            .conn
            .prepare("SELECT id, at, kind, format, file, contacts FROM exports ORDER BY id")
            .map_err(|e| self.err(e))?;
        let rows = statement
            .query_map([], |row| {
                Ok(BatchRecord {
                    id: row.get(0)?,
                    at: row.get(1)?,
                    kind: row.get(2)?,
                    format: row.get(3)?,
                    file: row.get(4)?,
                    contacts: row.get(5)?,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.err(e))
    }
}
