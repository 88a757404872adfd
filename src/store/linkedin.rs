//! LinkedIn: the connections and invitations of its data export, and matching them to contacts.
//!
//! A connection carries an address only when its owner shared one, so most are matched by
//! name: a contact whose name, folded (case and accents ignored) and in either order of given
//! and family name, is a connection's is *probably* connected. Invitations are matched the same
//! way. Both leave people out of exports (the policy reads them through [`Signals`]).
//!
//! [`Signals`]: crate::contact::Signals

use std::collections::HashSet;

use rusqlite::{Transaction, params};

use super::{ImportOutcome, Result, Workspace, set_of};
use crate::contact::{ContactId, Verdict, address_key, join_words};
use crate::import::{Connection, Invitation, Parsed};
use crate::text::fold;

/// The ways a contact's name is compared with LinkedIn's: folded, in either order.
pub fn name_keys(name: &str, given: &str, family: &str) -> [String; 3] {
    [
        fold(name),
        fold(&join_words([given, family])),
        fold(&join_words([family, given])),
    ]
}

/// A pending outgoing LinkedIn invitation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingInvitation {
    pub name: String,
    pub sent_at: String,
    pub profile_url: String,
}

/// Records a parsed file's connections and invitations, and counts the contacts they match.
pub(super) fn record(
    tx: &Transaction<'_>,
    parsed: &Parsed,
    outcome: &mut ImportOutcome,
) -> rusqlite::Result<()> {
    for connection in &parsed.connections {
        add_connection(tx, connection, outcome)?;
    }
    for invitation in &parsed.invitations {
        add_invitation(tx, invitation, outcome)?;
    }
    let names = |keys: Vec<String>| -> HashSet<String> {
        keys.into_iter().filter(|k| !k.is_empty()).collect()
    };
    outcome.connections_by_name = contacts_named(
        tx,
        &names(
            parsed
                .connections
                .iter()
                .filter(|c| c.address.is_none())
                .map(connection_name_key)
                .collect(),
        ),
    )?;
    let invitations = |outgoing: bool| {
        names(
            parsed
                .invitations
                .iter()
                .filter(|i| i.outgoing == outgoing)
                .map(|i| fold(i.other()))
                .collect(),
        )
    };
    outcome.invitations_matching = contacts_named(tx, &invitations(true))?;
    outcome.invitations_received_matching = contacts_named(tx, &invitations(false))?;
    Ok(())
}

/// A LinkedIn connection as `Connections.csv` gave it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ConnectionRecord {
    pub first_name: String,
    pub last_name: String,
    pub company: String,
    pub position: String,
    pub connected_on: String,
}

impl Workspace {
    /// The connections without an address whose name a contact's matches: why it is
    /// "probably connected".
    pub fn connections_named_like(&self, id: ContactId) -> Result<Vec<ConnectionRecord>> {
        let err = |e| self.err(e);
        let (name, given, family): (String, String, String) = self
            .conn
            .query_row(
                "SELECT name, given_name, family_name FROM contacts WHERE id = ?1",
                [id.0],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .map_err(err)?;
        let keys = name_keys(&name, &given, &family);
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT first_name, last_name, company, position, connected_on FROM linkedin_connections
                 WHERE address IS NULL AND name_key = ?1 ORDER BY id",
            )
            .map_err(err)?;
        let mut found = Vec::new();
        for key in keys.iter().filter(|k| !k.is_empty()) {
            let rows = statement
                .query_map([key], |row| {
                    Ok(ConnectionRecord {
                        first_name: row.get(0)?,
                        last_name: row.get(1)?,
                        company: row.get(2)?,
                        position: row.get(3)?,
                        connected_on: row.get(4)?,
                    })
                })
                .map_err(err)?;
            for row in rows {
                let row = row.map_err(err)?;
                if !found.contains(&row) {
                    found.push(row);
                }
            }
        }
        Ok(found)
    }

    /// Says that contacts are not (`not: true`), or after all may be, the person a LinkedIn
    /// connection of the same name is. Kept by the contact's addresses, so it holds across
    /// imports and merges.
    pub fn set_not_connected(&mut self, ids: &[ContactId], not: bool) -> Result<()> {
        let path = self.path.clone();
        let err = |e| super::sqlite(&path, e);
        let tx = self.conn.transaction().map_err(err)?;
        for id in ids {
            if not {
                tx.execute(
                    "INSERT OR IGNORE INTO not_connected (address, at)
                     SELECT address, ?2 FROM addresses WHERE contact_id = ?1",
                    params![id.0, super::now_millis()],
                )
                .map_err(err)?;
            } else {
                tx.execute(
                    "DELETE FROM not_connected WHERE address IN
                     (SELECT address FROM addresses WHERE contact_id = ?1)",
                    [id.0],
                )
                .map_err(err)?;
            }
        }
        tx.commit().map_err(err)
    }

    /// How many LinkedIn invitations the workspace knows of, either way.
    pub fn invitation_count(&self) -> Result<u64> {
        self.conn
            .query_row("SELECT count(*) FROM linkedin_invitations", [], |row| {
                row.get(0)
            })
            .map_err(|e| self.err(e))
    }

    /// Invitations people sent the user on LinkedIn, from people now marked `verdict` who are
    /// not connections yet: the ones to accept rather than answer with an invitation.
    pub fn invitations_to_accept(&self, verdict: Verdict) -> Result<Vec<PendingInvitation>> {
        self.pending_invitations(verdict, true)
    }

    /// Outgoing LinkedIn invitations to people now marked don't know, that have not become
    /// connections: the ones worth withdrawing.
    pub fn invitations_to_withdraw(&self) -> Result<Vec<PendingInvitation>> {
        self.pending_invitations(Verdict::DontKnow, false)
    }

    /// Invitations in one direction (`incoming`: sent to the user) that are still pending (no
    /// connection has the name) and concern someone now marked `verdict`, in file order.
    fn pending_invitations(
        &self,
        verdict: Verdict,
        incoming: bool,
    ) -> Result<Vec<PendingInvitation>> {
        let mut marked: HashSet<String> = HashSet::new();
        let mut statement = self
            .conn
            .prepare("SELECT name, given_name, family_name FROM contacts WHERE verdict = ?1")
            .map_err(|e| self.err(e))?;
        let mut rows = statement
            .query([verdict.as_str()])
            .map_err(|e| self.err(e))?;
        while let Some(row) = rows.next().map_err(|e| self.err(e))? {
            let text = |i: usize| row.get::<_, String>(i);
            let (Ok(name), Ok(given), Ok(family)) = (text(0), text(1), text(2)) else {
                continue;
            };
            marked.extend(name_keys(&name, &given, &family));
        }
        marked.remove("");
        let connected: HashSet<String> =
            set_of(&self.conn, "SELECT name_key FROM linkedin_connections")
                .map_err(|e| self.err(e))?;
        let mut statement = self
            .conn
            .prepare(
                "SELECT name, name_key, sent_at, profile_url FROM linkedin_invitations
                 WHERE incoming = ?1 ORDER BY id",
            )
            .map_err(|e| self.err(e))?;
        let rows = statement
            .query_map([incoming], |row| {
                Ok((
                    row.get::<_, String>(1)?,
                    PendingInvitation {
                        name: row.get(0)?,
                        sent_at: row.get(2)?,
                        profile_url: row.get(3)?,
                    },
                ))
            })
            .map_err(|e| self.err(e))?;
        let mut pending = Vec::new();
        for row in rows {
            let (key, invitation) = row.map_err(|e| self.err(e))?;
            if marked.contains(&key) && !connected.contains(&key) {
                pending.push(invitation);
            }
        }
        Ok(pending)
    }
}

fn connection_name_key(connection: &Connection) -> String {
    fold(&crate::contact::join_words([
        connection.first_name.as_str(),
        connection.last_name.as_str(),
    ]))
}

fn add_connection(
    tx: &Transaction<'_>,
    connection: &Connection,
    outcome: &mut ImportOutcome,
) -> rusqlite::Result<()> {
    let name_key = connection_name_key(connection);
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

/// Records one LinkedIn invitation, sent by the user or to them.
pub(super) fn add_invitation(
    tx: &rusqlite::Transaction<'_>,
    invitation: &Invitation,
    outcome: &mut super::ImportOutcome,
) -> rusqlite::Result<()> {
    let mut insert = tx.prepare_cached(
        "INSERT OR IGNORE INTO linkedin_invitations (name, name_key, sent_at, message, profile_url, incoming)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let (url, counter) = if invitation.outgoing {
        (&invitation.invitee_url, &mut outcome.invitations_sent)
    } else {
        (&invitation.inviter_url, &mut outcome.invitations_received)
    };
    insert.execute(params![
        invitation.other(),
        fold(invitation.other()),
        invitation.sent_at,
        invitation.message,
        url,
        !invitation.outgoing
    ])?;
    *counter += 1;
    Ok(())
}

/// The contact ids whose names match `keys` (for counting LinkedIn matches by name).
pub(super) fn contacts_named(
    tx: &rusqlite::Transaction<'_>,
    keys: &HashSet<String>,
) -> rusqlite::Result<usize> {
    if keys.is_empty() {
        return Ok(0);
    }
    let mut statement = tx.prepare("SELECT name, given_name, family_name FROM contacts")?;
    let mut rows = statement.query([])?;
    let mut matching = 0;
    while let Some(row) = rows.next()? {
        let (name, given, family): (String, String, String) =
            (row.get(0)?, row.get(1)?, row.get(2)?);
        if name_keys(&name, &given, &family)
            .iter()
            .any(|key| !key.is_empty() && keys.contains(key))
        {
            matching += 1;
        }
    }
    Ok(matching)
}
