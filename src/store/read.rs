//! Reading the contact list: every contact with its signals and evidence, a big workspace in
//! two halves on two threads.

use std::path::Path;

use rusqlite::{Connection, OpenFlags, params};

use super::{Result, Workspace, signals};
use crate::contact::{Addresses, Contact, ContactId, Text, Verdict};

impl Workspace {
    /// Every contact in import order, optionally only those with one verdict.
    ///
    /// A big workspace is read in two halves by id, the second on another thread over a second
    /// connection (opening a million contacts spent a second on one core while the other
    /// waited). Should anything be committed while the halves are read, they could be of two
    /// moments: then it is read again on one connection.
    pub fn contacts(&self, verdict: Option<Verdict>) -> Result<Vec<Contact>> {
        let err = |e| self.err(e);
        let signals = signals::SignalSources::load(&self.conn).map_err(err)?;
        let mut mail = self.mail_evidence().map_err(err)?;
        let (first, last): (i64, i64) = self
            .conn
            .query_row(
                // Apart: min and max in one SELECT read every row (90 ms at a million).
                "SELECT coalesce((SELECT min(id) FROM contacts), 1),
                        coalesce((SELECT max(id) FROM contacts), 0)",
                [],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .map_err(err)?;
        let span = usize::try_from(last - first + 1).unwrap_or(0);
        let file = self.path != Path::new(":memory:");
        if verdict.is_none() && file && span > TWO_READERS_ABOVE {
            let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            if let Ok(second) = Connection::open_with_flags(&self.path, flags) {
                let version = |conn: &Connection| -> rusqlite::Result<i64> {
                    conn.query_row("PRAGMA data_version", [], |row| row.get(0))
                };
                let before = (
                    version(&self.conn).map_err(err)?,
                    version(&second).map_err(err)?,
                );
                let middle = first + (last - first + 1) / 2;
                let later = mail.split_off(mail.partition_point(|(id, _)| *id < middle));
                let halves = std::thread::scope(|scope| {
                    let signals = &signals;
                    let second_half = scope.spawn(move || {
                        let read = read_contacts(&second, signals, later, None, (middle, last), 0);
                        read.and_then(|contacts| Ok((contacts, version(&second)?)))
                    });
                    let first_half = read_contacts(
                        &self.conn,
                        signals,
                        std::mem::take(&mut mail),
                        None,
                        (first, middle - 1),
                        span,
                    );
                    (
                        first_half,
                        second_half
                            .join()
                            .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                    )
                });
                let (mut contacts, (second_half, second_after)) =
                    (halves.0.map_err(err)?, halves.1.map_err(err)?);
                if (version(&self.conn).map_err(err)?, second_after) == before {
                    contacts.extend(second_half);
                    return Ok(contacts);
                }
                mail = self.mail_evidence().map_err(err)?;
            }
        }
        let room = if verdict.is_none() { span } else { 0 };
        read_contacts(&self.conn, &signals, mail, verdict, (first, last), room).map_err(err)
    }
}

/// Workspaces with more ids than this are read on two threads ([`Workspace::contacts`]).
/// Below, reading takes about a tenth of a second on one core, and the second half, held
/// apart until it joins the first, would raise the peak (by 13 MB at 100k, of a 100 MB
/// budget).
pub const TWO_READERS_ABOVE: usize = 150_000;

/// The contacts with ids in `ids` (both ends included), optionally only those with one
/// verdict, in id order, given `mail` (what mail says of each contact, in id order, from
/// [`Workspace::mail_evidence`]); what their address books say is read here, for these ids
/// only ([`signals::book_facts`]). Room for `room` contacts is made at once: grown by
/// doubling, the list was copied at each step and the old copy held while the new one filled
/// (a quarter of reading a million contacts). Room never filled costs address space only.
fn read_contacts(
    conn: &Connection,
    signals: &signals::SignalSources,
    mail: Vec<(i64, crate::contact::Evidence)>,
    verdict: Option<Verdict>,
    ids: (i64, i64),
    room: usize,
) -> rusqlite::Result<Vec<Contact>> {
    let mut mail = mail.into_iter().peekable();
    let mut books = signals::book_facts(conn, ids)?.into_iter().peekable();
    let mut statement = conn.prepare(
        "SELECT id, name, given_name, family_name, organization, title, verdict, note, needs_review, addresses, preferred, name_is_fallback
         FROM contacts WHERE (?1 IS NULL OR verdict = ?1) AND id BETWEEN ?2 AND ?3 ORDER BY id",
    )?;
    let rows = statement.query_map(params![verdict.map(Verdict::as_str), ids.0, ids.1], |row| {
        let id: i64 = row.get(0)?;
        // Read in place: a short text is kept inline, with nothing allocated.
        let text = |column: usize| -> rusqlite::Result<Text> {
            Ok(Text::new(row.get_ref(column)?.as_str()?))
        };
        let (name, given_name, family_name) = (text(1)?, text(2)?, text(3)?);
        // Both in id order: what is said of ids not read (another verdict) is passed by.
        while books.next_if(|(book, _, _)| *book < id).is_some() {}
        while mail.next_if(|(mailed, _)| *mailed < id).is_some() {}
        let (book, phone) = books
            .next_if(|(book, _, _)| *book == id)
            .map_or((None, false), |(_, evidence, phone)| (evidence, phone));
        let evidence = signals::joined(book, mail.next_if(|(m, _)| *m == id).map(|(_, e)| e));
        let signals = signals.for_contact(id, (&name, &given_name, &family_name), phone);
        let mut contact = Contact::new(
            ContactId(id),
            name,
            row.get(11)?,
            (given_name, family_name),
            text(4)?,
            Addresses::from_lines(row.get_ref(9)?.as_str()?),
            Verdict::parse(row.get_ref(6)?.as_str()?).unwrap_or_default(),
            row.get(8)?,
        );
        contact.signals = signals;
        let (title, note) = (row.get_ref(5)?.as_str()?, row.get_ref(7)?.as_str()?);
        let preferred = row.get_ref(10)?.as_str_or_null()?;
        if !title.is_empty() || !note.is_empty() || preferred.is_some() {
            contact.set_title(title.into());
            contact.set_note(note.into());
            contact.set_preferred(preferred.map(Text::new));
        }
        contact.evidence = evidence.map(Box::new);
        Ok(contact)
    })?;
    let mut contacts = Vec::with_capacity(room.min(1 << 24));
    for contact in rows {
        contacts.push(contact?);
    }
    Ok(contacts)
}
