//! What the workspace knows about each contact beyond its address book: mail history (see
//! [`super::mail`]), LinkedIn (see [`super::linkedin`]), earlier exports and the user's own
//! addresses, gathered into the [`Signals`] read with every contact for ordering, suggestions
//! and the export policy.

use std::collections::HashSet;

use rusqlite::Connection;

use super::linkedin::name_keys;
use super::{FastMap, set_of};
use crate::contact::{Evidence, LinkedIn, Signals};

/// Everything [`Signals`] are made from, read once for a whole list of contacts.
pub(super) struct SignalSources {
    mail: FastMap<i64, (u32, u32, Option<i64>)>,
    connected: IdSet,
    exported: IdSet,
    /// Contacts that have one of the user's own addresses.
    yours: IdSet,
    /// Contacts the user said are not the connection of the same name.
    not_connected: IdSet,
    /// Names of connections without an address.
    connection_names: HashSet<String>,
    invitation_names: HashSet<String>,
    /// Names of people who invited the user.
    inviter_names: HashSet<String>,
}

/// A set of contact ids, a bit each: a million contacts asked in id order hit a hash set's
/// table at random (a cache miss each: 9% of opening a workspace whose contacts have phones).
#[derive(Default)]
struct IdSet {
    bits: Vec<u64>,
}

impl IdSet {
    fn contains(&self, id: i64) -> bool {
        usize::try_from(id)
            .ok()
            .and_then(|id| {
                self.bits
                    .get(id / 64)
                    .map(|word| word & (1 << (id % 64)) != 0)
            })
            .unwrap_or(false)
    }
}

impl FromIterator<i64> for IdSet {
    fn from_iter<I: IntoIterator<Item = i64>>(ids: I) -> IdSet {
        let mut set = IdSet::default();
        for id in ids {
            if let Ok(id) = usize::try_from(id) {
                if set.bits.len() <= id / 64 {
                    set.bits.resize(id / 64 + 1, 0);
                }
                set.bits[id / 64] |= 1 << (id % 64);
            }
        }
        set
    }
}

/// The first column of every row `sql` gives: contact ids.
fn ids(conn: &Connection, sql: &str) -> rusqlite::Result<IdSet> {
    let mut statement = conn.prepare(sql)?;
    let rows = statement.query_map([], |row| row.get::<_, i64>(0))?;
    rows.collect()
}

impl SignalSources {
    pub(super) fn load(conn: &Connection) -> rusqlite::Result<SignalSources> {
        let mut mail = FastMap::default();
        let mut statement = conn.prepare(
            // Counts from every message, and the per-archive counts of earlier versions for
            // archives not imported again since.
            "SELECT a.contact_id, sum(m.sent), sum(m.received), max(m.last_contact)
             FROM (SELECT address, sent, received, last_contact FROM correspondents
                   UNION ALL SELECT address, sent, received, last_contact FROM mail) m
             JOIN addresses a ON a.address = m.address GROUP BY a.contact_id",
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
            connected: ids(
                conn,
                "SELECT DISTINCT a.contact_id FROM linkedin_connections l JOIN addresses a ON a.address = l.address",
            )?,
            exported: ids(conn, "SELECT DISTINCT contact_id FROM export_rows")?,
            // The user's few addresses looked up among all, not all looked up among them: left
            // to itself SQLite read every address (90 ms of opening a million contacts).
            yours: ids(
                conn,
                "SELECT DISTINCT a.contact_id FROM identity i CROSS JOIN addresses a ON a.address = i.address",
            )?,
            not_connected: ids(
                conn,
                "SELECT DISTINCT a.contact_id FROM not_connected n CROSS JOIN addresses a ON a.address = n.address",
            )?,
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

    /// The signals of contact `id`, named so; `phone` as [`book_facts`] says.
    pub(super) fn for_contact(
        &self,
        id: i64,
        (name, given, family): (&str, &str, &str),
        phone: bool,
    ) -> Signals {
        // Most sets are empty in most workspaces: not even hashed then (a million contacts).
        let has = |set: &IdSet| set.contains(id);
        let (sent, received, last_contact) = if self.mail.is_empty() {
            Default::default()
        } else {
            self.mail.get(&id).copied().unwrap_or_default()
        };
        let by_name = |names: &HashSet<String>| {
            !names.is_empty()
                && name_keys(name, given, family)
                    .iter()
                    .any(|key| !key.is_empty() && names.contains(key))
        };
        let not_connected = has(&self.not_connected);
        let linkedin = if has(&self.connected) {
            LinkedIn::Connected
        } else if !not_connected && by_name(&self.connection_names) {
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
            exported: has(&self.exported),
            yours: has(&self.yours),
            not_connected,
            duplicate_group: None,
            phone,
            role: None,
        }
    }
}

/// What the address books say of the contacts with ids in `ids` (both ends included), for
/// each that has a source with a note, labels or a phone: in id order, the notes and labels
/// (each source's in import order) and whether one gives a phone number. Read by each reader
/// over its own ids: the whole table read up front, twice, was a third of opening a million
/// contacts, on one core while the other waited.
pub(super) fn book_facts(
    conn: &Connection,
    ids: (i64, i64),
) -> rusqlite::Result<Vec<(i64, Option<Evidence>, bool)>> {
    let mut statement = conn.prepare(
        "SELECT contact_id, import_id, line, note, labels, phone FROM sources
         WHERE contact_id BETWEEN ?1 AND ?2 AND (phone OR note IS NOT NULL OR labels IS NOT NULL)
         ORDER BY contact_id",
    )?;
    let mut rows = statement.query([ids.0, ids.1])?;
    let mut facts = Vec::new();
    // One contact's sources at a time: (import, line, note, labels).
    type Source = (i64, i64, Option<String>, Option<String>);
    let mut sources: Vec<Source> = Vec::new();
    let mut current: Option<(i64, bool)> = None;
    let mut finish = |id: i64, phone: bool, sources: &mut Vec<Source>| {
        let mut evidence: Option<Evidence> = None;
        sources.sort_by_key(|(import, line, _, _)| (*import, *line));
        for (_, _, note, labels) in sources.drain(..) {
            if note.is_some() || labels.is_some() {
                evidence
                    .get_or_insert_default()
                    .add(note.as_deref(), labels.as_deref().unwrap_or_default());
            }
        }
        facts.push((id, evidence, phone));
    };
    while let Some(row) = rows.next()? {
        let (id, phone): (i64, bool) = (row.get(0)?, row.get(5)?);
        match &mut current {
            Some((same, any_phone)) if *same == id => *any_phone |= phone,
            _ => {
                if let Some((previous, any_phone)) = current.replace((id, phone)) {
                    finish(previous, any_phone, &mut sources);
                }
            }
        }
        sources.push((row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?));
    }
    if let Some((id, phone)) = current {
        finish(id, phone, &mut sources);
    }
    Ok(facts)
}

/// `book`'s notes and labels with what `mail` says (books say nothing else).
pub(super) fn joined(book: Option<Evidence>, mail: Option<Evidence>) -> Option<Evidence> {
    match (book, mail) {
        (Some(book), Some(mail)) => Some(Evidence {
            notes: book.notes,
            labels: book.labels,
            ..mail
        }),
        (book, mail) => book.or(mail),
    }
}

impl super::Workspace {
    /// What mail says besides counts, per contact that has any, in id order: the first
    /// message, subjects, and the user's addresses it went through.
    pub(super) fn mail_evidence(&self) -> rusqlite::Result<Vec<(i64, Evidence)>> {
        let mut mail: super::FastMap<i64, Evidence> = super::FastMap::default();
        let mut statement = self.conn.prepare(
            "SELECT a.contact_id, c.first_contact, c.via, c.subjects_sent, c.subjects_received
             FROM correspondents c JOIN addresses a ON a.address = c.address
             WHERE c.first_contact IS NOT NULL OR c.subjects_sent IS NOT NULL
                OR c.subjects_received IS NOT NULL",
        )?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            let evidence = mail.entry(row.get(0)?).or_default();
            if let Some(first) = row.get::<_, Option<i64>>(1)? {
                evidence.first_contact =
                    Some(evidence.first_contact.map_or(first, |f| f.min(first)));
            }
            // `via` is a group_concat (commas); subjects are one a line.
            let items = |i: usize, separator: char| -> rusqlite::Result<Vec<String>> {
                Ok(row
                    .get::<_, Option<String>>(i)?
                    .map(|t| t.split(separator).map(str::to_string).collect())
                    .unwrap_or_default())
            };
            for (list, more) in [
                (&mut evidence.via, items(2, ',')?),
                (&mut evidence.subjects_sent, items(3, '\n')?),
                (&mut evidence.subjects_received, items(4, '\n')?),
            ] {
                for item in more.into_iter().filter(|i| !i.is_empty()) {
                    if list.len() < super::mail::SUBJECTS && !list.contains(&item) {
                        list.push(item);
                    }
                }
            }
        }
        // In id order, the order contacts are read in: taken with a cursor, not looked up.
        let mut mail: Vec<(i64, Evidence)> = mail.into_iter().collect();
        mail.sort_unstable_by_key(|(id, _)| *id);
        Ok(mail)
    }

    /// The time the workspace's personal mail covers: from the first message the user sent to
    /// the newest message (seconds since 1970). `None` without mail the user sent, where
    /// "never answered" would mean nothing.
    pub fn mail_span(&self) -> super::Result<Option<(i64, i64)>> {
        self.conn
            .query_row(
                "SELECT (SELECT min(at) FROM messages WHERE NOT bulk
                           AND sender IN (SELECT address FROM identity)),
                        max(at)
                 FROM messages WHERE NOT bulk AND at IS NOT NULL",
                [],
                |row| Ok((row.get::<_, Option<i64>>(0)?, row.get::<_, Option<i64>>(1)?)),
            )
            .map(|span| match span {
                (Some(first), Some(last)) => Some((first, last)),
                _ => None,
            })
            .map_err(|e| self.err(e))
    }
}
