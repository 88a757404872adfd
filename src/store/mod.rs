//! The workspace: one SQLite file holding every contact, decision and import.
//!
//! Durability is the product's second promise: a verdict is committed (WAL, `synchronous=FULL`)
//! before the caller can show it, so a crash, `kill -9` or closed terminal loses nothing that was
//! shown as saved. Writers hold an exclusive lock on a file beside the workspace for their whole
//! life; the operating system releases it when the process dies, so there is never a stale lock
//! to clean up. Readers (`status`, `list`) take no lock: WAL lets them read the last committed
//! state while a writer works.

mod fast;
pub(crate) use fast::{FastMap, FxHasher};
mod batches;
mod import;
mod ingest;
mod join;
mod key_order;
mod linkedin;
mod lock;
mod mail;
mod people;
mod read;
mod rows;
mod schema;
mod signals;

pub use batches::{BatchRecord, ExportCandidate};

use std::fs::{self, OpenOptions};
use std::io;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};

use crate::contact::{ContactId, Verdict, address_key};

pub use self::import::{ImportOutcome, JoinedNames, SourceFile};
pub use self::ingest::{FileError, ImportOptions, Imported, Progress, Unit};
pub use self::linkedin::{ConnectionRecord, PendingInvitation, name_keys};
use self::lock::Lock;
pub use self::mail::{Found, MailOutcome, MailWriter, OwnAddress, thread_subject};
pub use self::people::{Merged, Snapshot, Split};
pub use self::read::TWO_READERS_ABOVE;
pub use self::schema::CURRENT_VERSION;

/// Errors from the workspace. Each names the workspace, because a user may have several.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "the workspace {} is in use by another vetted process (an import, a mark or the triage screen); try again when it has finished",
        path.display()
    )]
    InUse { path: PathBuf },
    #[error("{} is not a vetted workspace (not an SQLite database made by vetted); it was left untouched", path.display())]
    NotAWorkspace { path: PathBuf },
    #[error(
        "there is no workspace at {}: import an address book first (vetted import FILE), or name the workspace with --workspace",
        path.display()
    )]
    NoWorkspace { path: PathBuf },
    #[error(
        "the workspace {} was written by a newer vetted (schema version {found}, this one knows up to {supported}); upgrade vetted to open it",
        path.display()
    )]
    NewerVersion {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error(
        "the workspace {} uses an older layout (schema version {found}); any command that writes (import, mark, the triage screen) upgrades it, after saving a copy",
        path.display()
    )]
    OlderVersion { path: PathBuf, found: i64 },
    #[error("cannot create the workspace folder {}", path.display())]
    CreateFolder { path: PathBuf, source: io::Error },
    #[error("cannot open the workspace {}", path.display())]
    Open { path: PathBuf, source: io::Error },
    #[error("no contact has the address {address}")]
    UnknownAddress { address: String },
    #[error("these addresses are all one contact's already: there is nothing to merge")]
    NothingToMerge,
    #[error(
        "{addresses} belong to different contacts: split off the addresses of one contact at a time; nothing was changed"
    )]
    SplitAcross { addresses: String },
    #[error(
        "{addresses}: that is every address of {name}, and a split must leave at least one behind; nothing was changed"
    )]
    SplitAll { name: String, addresses: String },
    #[error(
        "cannot write the workspace {}: the disk is full or failing (SQLite: {detail}); nothing was changed",
        path.display()
    )]
    Disk { path: PathBuf, detail: String },
    #[error("workspace {}: {source}", path.display())]
    Sqlite {
        path: PathBuf,
        source: rusqlite::Error,
    },
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Counts per verdict, as `status` prints them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub contacts: u64,
    pub unreviewed: u64,
    pub know_well: u64,
    pub vaguely: u64,
    pub dont_know: u64,
    pub needs_review: u64,
    /// Of the unreviewed, those no verdict is asked of: connected on LinkedIn by address, or
    /// the user (the screen leaves them out of its queue; no export takes them).
    pub not_asked: u64,
}

/// Where a contact was found, and what that record said of the person besides names and
/// addresses.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Source {
    pub file: String,
    pub line: u64,
    pub card: Option<u64>,
    /// The address book's note.
    pub note: Option<String>,
    /// Its labels and groups.
    pub labels: Vec<String>,
    /// It holds a phone number.
    pub phone: bool,
}

impl Source {
    /// `contacts.csv:14` or `phone.vcf:#3`, with the file's name only.
    pub fn short(&self) -> String {
        let name = Path::new(&self.file)
            .file_name()
            .map_or_else(|| self.file.clone(), |n| n.to_string_lossy().into_owned());
        match self.card {
            Some(card) => format!("{name}:#{card}"),
            None => format!("{name}:{}", self.line),
        }
    }
}

/// One change of a contact's verdict.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryEntry {
    pub old: Verdict,
    pub new: Verdict,
    /// Milliseconds since the Unix epoch.
    pub at: i64,
    pub origin: String,
}

/// Who changed a verdict, as recorded in the history.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    Cli,
    Tui,
    Merge,
}

impl Origin {
    fn as_str(self) -> &'static str {
        match self {
            Origin::Cli => "cli",
            Origin::Tui => "tui",
            Origin::Merge => "merge",
        }
    }
}

pub struct Workspace {
    conn: Connection,
    path: PathBuf,
    // Held for the life of a writing workspace; dropping it releases the lock.
    _lock: Option<Lock>,
}

/// The default workspace: `<data dir>/workspace.sqlite3`.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "vetted")
        .map(|dirs| dirs.data_dir().join("workspace.sqlite3"))
}

fn now_millis() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

impl Workspace {
    /// Opens (creating if needed) the workspace for writing, taking its lock.
    pub fn open(path: &Path) -> Result<Workspace> {
        let lock = Lock::acquire(path)?;
        let existed = path.exists();
        if !existed {
            create_private_file(path)?;
        }
        let conn = Connection::open(path).map_err(|source| sqlite(path, source))?;
        let mut workspace = Workspace {
            conn,
            path: path.to_path_buf(),
            _lock: Some(lock),
        };
        // Identify the file before any pragma that writes (journal_mode rewrites the header):
        // a file that is not ours must come out untouched, with no lock file beside it.
        let version = match workspace.check_identity() {
            Ok(version) => version,
            Err(error) => {
                if let Some(lock) = workspace._lock.take() {
                    drop(workspace);
                    lock.discard();
                }
                return Err(error);
            }
        };
        workspace.configure(false)?;
        workspace.migrate(version)?;
        Ok(workspace)
    }

    /// Opens the workspace at `path` for writing, as [`Workspace::open`] does, but only when
    /// it exists: commands that change decisions (mark, prefer, export) do not make an empty
    /// workspace at a mistyped path.
    pub fn open_existing(path: &Path) -> Result<Workspace> {
        if !path.exists() {
            return Err(StoreError::NoWorkspace {
                path: path.to_path_buf(),
            });
        }
        Workspace::open(path)
    }

    /// A workspace that lives in memory only: for dry runs against a workspace that does not
    /// exist yet (which must not create it), for tests and for benchmarks.
    pub fn open_in_memory() -> Result<Workspace> {
        let path = PathBuf::from(":memory:");
        let conn = Connection::open_in_memory().map_err(|source| sqlite(&path, source))?;
        let mut workspace = Workspace {
            conn,
            path,
            _lock: None,
        };
        workspace.configure(false)?;
        workspace.migrate(0)?;
        Ok(workspace)
    }

    /// A writable copy of the workspace at `path` (or a new one, when there is none), in a
    /// folder of its own that is deleted with the returned guard: a dry run imports into it
    /// for real, so that several files show exactly what importing them would do, and the
    /// workspace itself is neither changed nor locked.
    pub fn scratch_copy(path: &Path) -> Result<(tempfile::TempDir, Workspace)> {
        let folder = tempfile::Builder::new()
            .prefix("vetted-dry-run-")
            .tempdir()
            .map_err(|source| StoreError::Open {
                path: std::env::temp_dir(),
                source,
            })?;
        let copy = folder.path().join("workspace.sqlite3");
        if path.exists() {
            let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            let conn =
                Connection::open_with_flags(path, flags).map_err(|source| sqlite(path, source))?;
            let original = Workspace {
                conn,
                path: path.to_path_buf(),
                _lock: None,
            };
            original.check_identity()?;
            original
                .conn
                .execute("VACUUM INTO ?1", [copy.to_string_lossy()])
                .map_err(|source| sqlite(path, source))?;
        }
        let workspace = Workspace::open(&copy)?;
        Ok((folder, workspace))
    }

    /// Opens an existing workspace for reading only, without the lock; `None` when there is no
    /// workspace at `path` yet.
    pub fn open_read_only(path: &Path) -> Result<Option<Workspace>> {
        if !path.exists() {
            return Ok(None);
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn =
            Connection::open_with_flags(path, flags).map_err(|source| sqlite(path, source))?;
        let workspace = Workspace {
            conn,
            path: path.to_path_buf(),
            _lock: None,
        };
        workspace.configure(true)?;
        let version = workspace.check_identity()?;
        if version > CURRENT_VERSION {
            return Err(StoreError::NewerVersion {
                path: path.to_path_buf(),
                found: version,
                supported: CURRENT_VERSION,
            });
        }
        if version == 0 {
            // Created by a writer that has not finished setting it up: nothing to read yet.
            return Ok(None);
        }
        if version < CURRENT_VERSION {
            return Err(StoreError::OlderVersion {
                path: path.to_path_buf(),
                found: version,
            });
        }
        Ok(Some(workspace))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn err(&self, source: rusqlite::Error) -> StoreError {
        sqlite(&self.path, source)
    }

    fn configure(&self, read_only: bool) -> Result<()> {
        // The bundled SQLite is built with STAT4, which re-prepares a statement whenever a new
        // bound value might change its plan: on every row of an import. vetted's queries are
        // fixed and indexed, so a stable plan is what we want (it halved import time).
        self.conn
            .set_db_config(
                rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
                true,
            )
            .map_err(|e| self.err(e))?;
        // New workspaces get 32 KB pages (SQLite ignores the setting for an existing one): a
        // commit writes each page to the WAL as a frame with two system calls, and a first
        // import of 100k contacts writes 30 MB. With 4 KB pages that import took 8% longer
        // through the CLI, closing included (623 against 574 ms); marks, opening the screen and
        // memory measured the same (README, Performance).
        let pragmas = if read_only {
            "PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;"
        } else {
            "PRAGMA busy_timeout = 5000; PRAGMA page_size = 32768; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"
        };
        self.conn
            .execute_batch(pragmas)
            .map_err(|source| self.classify(source))
    }

    /// Maps "file is not a database" to the error users understand.
    fn classify(&self, source: rusqlite::Error) -> StoreError {
        if source.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) {
            StoreError::NotAWorkspace {
                path: self.path.clone(),
            }
        } else {
            self.err(source)
        }
    }

    /// Checks that the file is a vetted workspace (or empty) and returns its schema version.
    fn check_identity(&self) -> Result<i64> {
        let read = |pragma: &str| -> Result<i64> {
            self.conn
                .query_row(pragma, [], |row| row.get(0))
                .map_err(|source| self.classify(source))
        };
        let application_id = read("PRAGMA application_id")?;
        let version = read("PRAGMA user_version")?;
        let tables = read("SELECT count(*) FROM sqlite_master")?;
        let ours = application_id == i64::from(schema::APPLICATION_ID);
        let empty = application_id == 0 && version == 0 && tables == 0;
        if !ours && !empty {
            return Err(StoreError::NotAWorkspace {
                path: self.path.clone(),
            });
        }
        Ok(version)
    }

    fn migrate(&mut self, version: i64) -> Result<()> {
        if version > CURRENT_VERSION {
            return Err(StoreError::NewerVersion {
                path: self.path.clone(),
                found: version,
                supported: CURRENT_VERSION,
            });
        }
        if version == CURRENT_VERSION {
            return Ok(());
        }
        if version > 0 {
            self.backup(version)?;
        }
        let tx = self.conn.transaction().map_err(|e| sqlite(&self.path, e))?;
        for (index, sql) in schema::MIGRATIONS.iter().enumerate().skip(version as usize) {
            tx.execute_batch(sql).map_err(|e| sqlite(&self.path, e))?;
            tx.pragma_update(None, "user_version", index as i64 + 1)
                .map_err(|e| sqlite(&self.path, e))?;
        }
        tx.pragma_update(None, "application_id", schema::APPLICATION_ID)
            .map_err(|e| sqlite(&self.path, e))?;
        tx.commit().map_err(|e| sqlite(&self.path, e))
    }

    /// Copies the workspace aside before a migration: `<workspace>.v<N>.bak`.
    fn backup(&self, version: i64) -> Result<()> {
        let mut name = self.path.as_os_str().to_owned();
        name.push(format!(".v{version}.bak"));
        let target = PathBuf::from(name);
        if target.exists() {
            return Ok(());
        }
        let target_text = target.to_string_lossy().into_owned();
        self.conn
            .execute("VACUUM INTO ?1", [target_text])
            .map_err(|e| self.err(e))?;
        fs::set_permissions(&target, std::os::unix::fs::PermissionsExt::from_mode(0o600)).map_err(
            |source| StoreError::Open {
                path: target.clone(),
                source,
            },
        )
    }

    /// What is wrong with the workspace's own bookkeeping, one line a problem (none when it is
    /// sound): rows that point at nothing, and an identity table (addresses) that disagrees with
    /// the contacts' own addresses. Reads every contact: for tests and diagnosis.
    pub fn problems(&self) -> Result<Vec<String>> {
        let pairs = |sql: &str| -> Result<Vec<(String, String)>> {
            let mut statement = self.conn.prepare(sql).map_err(|e| self.err(e))?;
            let rows = statement
                .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
                .map_err(|e| self.err(e))?;
            rows.collect::<rusqlite::Result<_>>()
                .map_err(|e| self.err(e))
        };
        let mut problems: Vec<String> =
            pairs("SELECT \"table\", parent FROM pragma_foreign_key_check")?
                .into_iter()
                .map(|(table, parent)| format!("a row of {table} points at a missing {parent} row"))
                .collect();
        let mut written = std::collections::BTreeSet::new();
        for (id, addresses) in pairs("SELECT CAST(id AS TEXT), addresses FROM contacts")? {
            for address in addresses.lines() {
                if !written.insert((crate::contact::address_key(address), id.clone())) {
                    problems.push(format!("contact {id} lists {address} twice"));
                }
            }
        }
        let identity: std::collections::BTreeSet<(String, String)> =
            pairs("SELECT address, CAST(contact_id AS TEXT) FROM addresses")?
                .into_iter()
                .collect();
        for (key, id) in written.difference(&identity) {
            problems.push(format!(
                "contact {id} lists {key}, which the identity table does not give it"
            ));
        }
        for (key, id) in identity.difference(&written) {
            problems.push(format!(
                "the identity table gives {key} to contact {id}, which does not list it"
            ));
        }
        Ok(problems)
    }

    pub fn schema_version(&self) -> Result<i64> {
        self.conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .map_err(|e| self.err(e))
    }

    pub fn counts(&self) -> Result<Counts> {
        let mut counts = Counts::default();
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT verdict, count(*), sum(needs_review) FROM contacts GROUP BY verdict",
            )
            .map_err(|e| self.err(e))?;
        let rows = statement
            .query_map([], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, u64>(1)?,
                    row.get::<_, u64>(2)?,
                ))
            })
            .map_err(|e| self.err(e))?;
        for row in rows {
            let (verdict, count, review) = row.map_err(|e| self.err(e))?;
            counts.contacts += count;
            counts.needs_review += review;
            match Verdict::parse(&verdict) {
                Some(Verdict::Unreviewed) | None => counts.unreviewed += count,
                Some(Verdict::KnowWell) => counts.know_well += count,
                Some(Verdict::Vaguely) => counts.vaguely += count,
                Some(Verdict::DontKnow) => counts.dont_know += count,
            }
        }
        counts.not_asked = self
            .conn
            .query_row(
                "SELECT count(*) FROM contacts WHERE verdict = 'unreviewed' AND id IN (
                     SELECT a.contact_id FROM linkedin_connections l
                     JOIN addresses a ON a.address = l.address
                     UNION SELECT a.contact_id FROM addresses a
                     JOIN identity i ON i.address = a.address)",
                [],
                |row| row.get(0),
            )
            .map_err(|e| self.err(e))?;
        Ok(counts)
    }

    /// Where a contact was found, in import order.
    pub fn sources(&self, id: ContactId) -> Result<Vec<Source>> {
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT files.path, line, card, note, labels, phone FROM sources JOIN files ON files.id = sources.file_id
                 WHERE contact_id = ?1 ORDER BY import_id, line",
            )
            .map_err(|e| self.err(e))?;
        let rows = statement
            .query_map([id.0], |row| {
                Ok(Source {
                    file: row.get(0)?,
                    line: row.get(1)?,
                    card: row.get(2)?,
                    note: row.get(3)?,
                    labels: row
                        .get::<_, Option<String>>(4)?
                        .map(|l| l.lines().map(str::to_string).collect())
                        .unwrap_or_default(),
                    phone: row.get(5)?,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.err(e))
    }

    /// A contact's verdict changes, oldest first.
    pub fn history(&self, id: ContactId) -> Result<Vec<HistoryEntry>> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT old, new, at, origin FROM verdict_history WHERE contact_id = ?1 ORDER BY id")
            .map_err(|e| self.err(e))?;
        let rows = statement
            .query_map([id.0], |row| {
                Ok(HistoryEntry {
                    old: Verdict::parse(&row.get::<_, String>(0)?).unwrap_or_default(),
                    new: Verdict::parse(&row.get::<_, String>(1)?).unwrap_or_default(),
                    at: row.get(2)?,
                    origin: row.get(3)?,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.err(e))
    }

    /// The contact that has `address` (compared trimmed and case-insensitively).
    pub fn find_address(&self, address: &str) -> Result<Option<ContactId>> {
        self.conn
            .query_row(
                "SELECT contact_id FROM addresses WHERE address = ?1",
                [address_key(address)],
                |row| row.get(0).map(ContactId),
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    /// Sets verdicts in one durable transaction and returns each contact's previous verdict
    /// (for undo). Contacts whose verdict does not change are left out of the result and the
    /// history. Marking a contact also clears its needs-review flag: the user has looked.
    pub fn set_verdicts(
        &mut self,
        changes: &[(ContactId, Verdict)],
        origin: Origin,
    ) -> Result<Vec<(ContactId, Verdict)>> {
        self.mark(changes, None, origin)
    }

    /// [`Workspace::set_verdicts`], also replacing the note of every contact in `changes` when
    /// `note` is given, all in one transaction.
    pub fn mark(
        &mut self,
        changes: &[(ContactId, Verdict)],
        note: Option<&str>,
        origin: Origin,
    ) -> Result<Vec<(ContactId, Verdict)>> {
        let path = self.path.clone();
        let err = |e| sqlite(&path, e);
        let tx = self.conn.transaction().map_err(err)?;
        let mut previous = Vec::with_capacity(changes.len());
        {
            let mut read = tx
                .prepare_cached("SELECT verdict FROM contacts WHERE id = ?1")
                .map_err(err)?;
            let mut write = tx
                .prepare_cached("UPDATE contacts SET verdict = ?2, needs_review = 0, note = coalesce(?3, note) WHERE id = ?1")
                .map_err(err)?;
            let mut history = tx
                .prepare_cached("INSERT INTO verdict_history (contact_id, old, new, at, origin) VALUES (?1, ?2, ?3, ?4, ?5)")
                .map_err(err)?;
            let at = now_millis();
            for (id, verdict) in changes {
                let old: Option<String> = read
                    .query_row([id.0], |row| row.get(0))
                    .optional()
                    .map_err(err)?;
                let Some(old) = old.and_then(|v| Verdict::parse(&v)) else {
                    continue;
                };
                write
                    .execute(params![id.0, verdict.as_str(), note])
                    .map_err(err)?;
                if old != *verdict {
                    history
                        .execute(params![
                            id.0,
                            old.as_str(),
                            verdict.as_str(),
                            at,
                            origin.as_str()
                        ])
                        .map_err(err)?;
                    previous.push((*id, old));
                }
            }
        }
        tx.commit().map_err(err)?;
        Ok(previous)
    }

    /// Makes `address` the one its contact is exported with. Returns the contact, or
    /// [`StoreError::UnknownAddress`] with nothing changed.
    pub fn prefer(&mut self, address: &str) -> Result<ContactId> {
        let key = address_key(address);
        let Some(id) = self.find_address(&key)? else {
            return Err(StoreError::UnknownAddress {
                address: address.to_string(),
            });
        };
        self.set_preferred(id, Some(&key))?;
        Ok(id)
    }

    /// How many of `ids` are flagged to review again.
    pub fn flagged_to_review(&self, ids: &[ContactId]) -> Result<usize> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT needs_review FROM contacts WHERE id = ?1")
            .map_err(|e| self.err(e))?;
        let mut flagged = 0;
        for id in ids {
            let review: Option<bool> = statement
                .query_row([id.0], |row| row.get(0))
                .optional()
                .map_err(|e| self.err(e))?;
            flagged += usize::from(review == Some(true));
        }
        Ok(flagged)
    }

    /// Sets the address a contact is exported with, by its key (`None`: the first), as an
    /// undo puts it back.
    pub fn set_preferred(&mut self, id: ContactId, key: Option<&str>) -> Result<()> {
        self.conn
            .execute(
                "UPDATE contacts SET preferred = ?2 WHERE id = ?1",
                params![id.0, key],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Replaces a contact's note, durably.
    pub fn set_note(&mut self, id: ContactId, note: &str) -> Result<()> {
        self.conn
            .execute(
                "UPDATE contacts SET note = ?2 WHERE id = ?1",
                params![id.0, note],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }
}

/// The first two columns of every row `sql` gives, as a set of pairs.
pub(super) fn set_of_pairs(
    conn: &Connection,
    sql: &str,
) -> rusqlite::Result<std::collections::HashSet<(String, String)>> {
    let mut statement = conn.prepare(sql)?;
    let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
    rows.collect()
}

/// The first column of every row `sql` gives, as a set.
pub(super) fn set_of<T, S>(
    conn: &Connection,
    sql: &str,
) -> rusqlite::Result<std::collections::HashSet<T, S>>
where
    T: rusqlite::types::FromSql + std::hash::Hash + Eq,
    S: std::hash::BuildHasher + Default,
{
    let mut statement = conn.prepare(sql)?;
    let rows = statement.query_map([], |row| row.get(0))?;
    rows.collect()
}

fn sqlite(path: &Path, source: rusqlite::Error) -> StoreError {
    let path = path.to_path_buf();
    match source.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DiskFull | rusqlite::ErrorCode::SystemIoFailure) => {
            StoreError::Disk {
                path,
                detail: source.to_string(),
            }
        }
        _ => StoreError::Sqlite { path, source },
    }
}

/// Creates the workspace file (and its folder) readable by the user only: contacts are
/// personal data. SQLite gives its -wal and -shm files the same mode as the database.
fn create_private_file(path: &Path) -> Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty())
        && !parent.exists()
    {
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(parent)
            .map_err(|source| StoreError::CreateFolder {
                path: parent.to_path_buf(),
                source,
            })?;
    }
    OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .open(path)
        .map(drop)
        .map_err(|source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        })
}
