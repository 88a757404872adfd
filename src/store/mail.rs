//! Mail history in the workspace: every message once, whoever's archive it came from; the
//! user's own addresses, learned from all of it; and each correspondent's counts, seen from
//! those addresses.
//!
//! A message is known by its Message-ID (or a digest of its headers when it has none), so an
//! archive imported twice, Thunderbird folders that overlap a Takeout, or Gmail's "All mail"
//! next to "Sent" count each message once. The user's addresses are the workspace's, not an
//! archive's: importing Inbox and Sent apart, in either order, gives what importing them as one
//! archive gives, because the counts are worked out again from every message after each import.

use std::collections::{BTreeSet, HashSet};

use rusqlite::{Transaction, params};

use super::import::{Importer, file_id};
use super::{ImportOptions, Result, SourceFile, Workspace, now_millis, sqlite};
use crate::contact::{Location, Record, name_from_display};
use crate::import::mail::{Envelope, MailKind};
use crate::suggest::Roles;

/// How the user's own addresses were found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Found {
    /// `[identity] addresses` in the configuration.
    Configured,
    /// Mail delivered to it (`Delivered-To:`).
    DeliveredTo,
    /// Mail Gmail labelled Sent, or in a Sent folder, came from it.
    SentLabel,
    /// It is in more messages than any other address (as From, To, Cc or Delivered-To).
    MostPresent,
}

impl Found {
    /// As stored, and as `status --json` names it.
    pub fn as_str(self) -> &'static str {
        match self {
            Found::Configured => "configured",
            Found::DeliveredTo => "delivered-to",
            Found::SentLabel => "sent-label",
            Found::MostPresent => "most-present",
        }
    }

    fn parse(text: &str) -> Found {
        match text {
            "configured" => Found::Configured,
            "delivered-to" => Found::DeliveredTo,
            "sent-label" => Found::SentLabel,
            _ => Found::MostPresent,
        }
    }

    /// As the summary and `status` say it.
    pub fn describe(self) -> &'static str {
        match self {
            Found::Configured => "from the configuration",
            Found::DeliveredTo => "mail was delivered to it",
            Found::SentLabel => "it sent mail labelled Sent or kept in a Sent folder",
            Found::MostPresent => "it is in the most messages",
        }
    }
}

/// One of the user's own addresses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnAddress {
    pub address: String,
    pub found: Found,
}

/// What importing a mail archive did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MailOutcome {
    /// Messages the archive holds.
    pub messages: u64,
    /// Of those, the ones the workspace did not hold yet.
    pub new_messages: u64,
    /// Messages that name no sender (they count for no one).
    pub without_sender: u64,
    /// The user's addresses after the import.
    pub identity: Vec<OwnAddress>,
    /// They differ from before: every count was worked out again.
    pub identity_changed: bool,
    /// Correspondents in the workspace: mail both ways, only written to, only heard from.
    pub both_ways: usize,
    pub only_written: usize,
    pub only_heard: usize,
    /// Contacts with mail history, in the workspace.
    pub contacts_with_history: usize,
    /// Contacts created for people the user wrote to (`--add-correspondents`).
    pub added: usize,
    /// The archive had been imported before.
    pub replaced: bool,
}

/// Stores an archive's messages as they are read, in one transaction.
pub struct MailWriter<'w> {
    tx: Transaction<'w>,
    path: std::path::PathBuf,
    file_id: i64,
    kind: MailKind,
    replaced: bool,
    /// The archive is a Sent folder (by its name): its messages are the user's.
    sent_folder: bool,
    messages: u64,
    new_messages: u64,
    without_sender: u64,
    /// The first error a message met; the rest are not stored and `finish` reports it.
    failed: Option<rusqlite::Error>,
}

impl Workspace {
    /// Starts importing a mail archive: give each message to [`MailWriter::add`], then call
    /// [`MailWriter::finish`].
    pub fn mail_writer(&mut self, file: &SourceFile, kind: MailKind) -> Result<MailWriter<'_>> {
        let path = self.path.clone();
        let err = |e| sqlite(&path, e);
        let tx = self.conn.transaction().map_err(err)?;
        let file_id = file_id(&tx, &file.path).map_err(err)?;
        let replaced = tx
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM message_files WHERE file_id = ?1)
                     OR EXISTS (SELECT 1 FROM mail WHERE file_id = ?1)",
                [file_id],
                |row| row.get(0),
            )
            .map_err(err)?;
        Ok(MailWriter {
            tx,
            path,
            file_id,
            kind,
            replaced,
            sent_folder: is_sent_folder(&file.path),
            messages: 0,
            new_messages: 0,
            without_sender: 0,
            failed: None,
        })
    }

    /// The user's own addresses, as the workspace knows them, and how each was found.
    pub fn identity(&self) -> Result<Vec<OwnAddress>> {
        read_identity(&self.conn).map_err(|e| self.err(e))
    }
}

impl MailWriter<'_> {
    /// Stores one message, which starts at `at` in the archive.
    pub fn add(&mut self, envelope: &Envelope, at: Location) {
        if self.failed.is_some() {
            return;
        }
        if let Err(error) = self.store(envelope, at) {
            self.failed = Some(error);
        }
    }

    fn store(&mut self, envelope: &Envelope, at: Location) -> rusqlite::Result<()> {
        self.messages += 1;
        let sender = envelope.from.first().map(|m| m.key.as_str());
        if sender.is_none() {
            self.without_sender += 1;
        }
        let key = envelope.key();
        // The user wrote what Gmail labelled Sent, and what a Sent folder holds.
        let sent = envelope.sent_label || (self.sent_folder && sender.is_some());
        let inserted = self
            .tx
            .prepare_cached(
                "INSERT OR IGNORE INTO messages (key, sender, at, sent_label, bulk, subject) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                key,
                sender,
                envelope.date,
                sent,
                envelope.bulk,
                Some(envelope.subject.trim()).filter(|s| !s.is_empty())
            ])?;
        if inserted == 1 {
            self.new_messages += 1;
            let mut recipient = self.tx.prepare_cached(
                "INSERT OR IGNORE INTO recipients (message, address) VALUES (?1, ?2)",
            )?;
            for mailbox in &envelope.recipients {
                recipient.execute(params![key, mailbox.key])?;
            }
            let mut delivered = self.tx.prepare_cached(
                "INSERT OR IGNORE INTO delivered_to (message, address) VALUES (?1, ?2)",
            )?;
            for address in &envelope.delivered_to {
                delivered.execute(params![key, address])?;
            }
        } else if sent || envelope.bulk {
            // The same message, labelled Sent (or in a Sent folder), or seen to be list mail,
            // in this archive.
            self.tx
                .prepare_cached(
                    "UPDATE messages SET sent_label = sent_label OR ?2, bulk = bulk OR ?3 WHERE key = ?1",
                )?
                .execute(params![key, sent, envelope.bulk])?;
        }
        self.tx
            .prepare_cached(
                "INSERT OR IGNORE INTO message_files (file_id, message, line, card) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![self.file_id, key, at.line, at.card])?;
        // Names: a name its owner gave (in From) wins over one others wrote.
        let mut name = self.tx.prepare_cached(
            "INSERT INTO mail_names (address, name, from_sender, file_id, line, card)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (address) DO UPDATE SET name = excluded.name, from_sender = excluded.from_sender
             WHERE excluded.name != '' AND (excluded.from_sender OR NOT mail_names.from_sender)",
        )?;
        for (mailbox, from_sender) in envelope
            .from
            .iter()
            .take(1)
            .map(|m| (m, true))
            .chain(envelope.recipients.iter().map(|m| (m, false)))
        {
            name.execute(params![
                mailbox.key,
                mailbox.name,
                from_sender,
                self.file_id,
                at.line,
                at.card
            ])?;
        }
        Ok(())
    }

    /// Finishes the import: the archive's earlier per-archive counts go, the user's addresses
    /// are worked out again from every message (unless configured), and so is every
    /// correspondent's history. Commits, or with `options.dry_run` rolls back.
    pub fn finish(self, options: &ImportOptions) -> Result<MailOutcome> {
        let path = self.path.clone();
        let err = |e| sqlite(&path, e);
        if let Some(error) = self.failed {
            return Err(err(error));
        }
        let tx = self.tx;
        tx.execute("DELETE FROM mail WHERE file_id = ?1", [self.file_id])
            .map_err(err)?;
        let before = read_identity(&tx).map_err(err)?;
        let identity = work_out_identity(&tx, &options.identity, &options.roles).map_err(err)?;
        let identity_changed = before != identity;
        if identity_changed {
            tx.execute("DELETE FROM identity", []).map_err(err)?;
            let mut insert = tx
                .prepare("INSERT INTO identity (address, how) VALUES (?1, ?2)")
                .map_err(err)?;
            for own in &identity {
                insert
                    .execute(params![own.address, own.found.as_str()])
                    .map_err(err)?;
            }
        }
        recount(&tx).map_err(err)?;
        tx.execute(
            "INSERT INTO imports (file_id, format, encoding, records, new_contacts, matched, skipped, at)
             VALUES (?1, ?2, '', ?3, 0, 0, ?4, ?5)",
            params![
                self.file_id,
                self.kind.as_str(),
                self.messages,
                self.without_sender,
                now_millis()
            ],
        )
        .map_err(err)?;
        let import_id = tx.last_insert_rowid();
        let added = match options.add_correspondents {
            Some(least) => add_correspondents(&tx, self.file_id, import_id, least).map_err(err)?,
            None => 0,
        };
        let count = |sql: &str| -> rusqlite::Result<usize> { tx.query_row(sql, [], |r| r.get(0)) };
        let outcome = MailOutcome {
            messages: self.messages,
            new_messages: self.new_messages,
            without_sender: self.without_sender,
            identity,
            identity_changed: identity_changed && !before.is_empty(),
            both_ways: count(
                "SELECT count(*) FROM correspondents WHERE sent > 0 AND received > 0",
            )
            .map_err(err)?,
            only_written: count(
                "SELECT count(*) FROM correspondents WHERE sent > 0 AND received = 0",
            )
            .map_err(err)?,
            only_heard: count(
                "SELECT count(*) FROM correspondents WHERE sent = 0 AND received > 0",
            )
            .map_err(err)?,
            contacts_with_history: count(
                "SELECT count(DISTINCT a.contact_id) FROM addresses a
                 WHERE a.address IN (SELECT address FROM correspondents UNION SELECT address FROM mail)",
            )
            .map_err(err)?,
            added,
            replaced: self.replaced,
        };
        if options.dry_run {
            tx.rollback().map_err(err)?;
        } else {
            tx.commit().map_err(err)?;
        }
        Ok(outcome)
    }
}

fn read_identity(conn: &rusqlite::Connection) -> rusqlite::Result<Vec<OwnAddress>> {
    let mut statement = conn.prepare("SELECT address, how FROM identity ORDER BY address")?;
    let rows = statement.query_map([], |row| {
        Ok(OwnAddress {
            address: row.get(0)?,
            found: Found::parse(&row.get::<_, String>(1)?),
        })
    })?;
    rows.collect()
}

/// The user's addresses: the configured ones; else every address mail was delivered to and
/// every sender of mail Gmail labelled Sent; else the address in the most messages. Never a
/// role address (`noreply@...` is in many messages, and is nobody).
fn work_out_identity(
    tx: &Transaction<'_>,
    configured: &[String],
    roles: &Roles,
) -> rusqlite::Result<Vec<OwnAddress>> {
    let own = |addresses: BTreeSet<String>, found: Found| -> Vec<OwnAddress> {
        addresses
            .into_iter()
            .filter(|a| !roles.matches(a))
            .map(|address| OwnAddress { address, found })
            .collect()
    };
    if !configured.is_empty() {
        let keys = configured
            .iter()
            .map(|a| crate::contact::address_key(a))
            .collect();
        return Ok(own(keys, Found::Configured));
    }
    let set = |sql: &str| -> rusqlite::Result<BTreeSet<String>> {
        let mut statement = tx.prepare(sql)?;
        let rows = statement.query_map([], |row| row.get(0))?;
        rows.collect()
    };
    let mut identity = own(
        set("SELECT DISTINCT address FROM delivered_to")?,
        Found::DeliveredTo,
    );
    let mut seen: HashSet<String> = identity.iter().map(|o| o.address.clone()).collect();
    for sender in own(
        set("SELECT DISTINCT sender FROM messages WHERE sent_label AND sender IS NOT NULL")?,
        Found::SentLabel,
    ) {
        if seen.insert(sender.address.clone()) {
            identity.push(sender);
        }
    }
    // The address in the most personal messages, in any header: the owner of an Inbox is in
    // its To, of a Sent folder in its From. Between two as often, the one that sent more.
    // Mailing-list mail does not vote (a list's address is in all of it), nor role addresses.
    let mut statement = tx.prepare(
        "SELECT address, count(DISTINCT message) AS n, sum(sent) AS s FROM (
             SELECT key AS message, sender AS address, 1 AS sent FROM messages
             WHERE sender IS NOT NULL AND NOT bulk
             UNION ALL SELECT r.message, r.address, 0 FROM recipients r
             JOIN messages m ON m.key = r.message WHERE NOT m.bulk
         ) GROUP BY address ORDER BY n DESC, s DESC, address",
    )?;
    // (address, messages it is in, messages it sent), most present first.
    let mut presence: Vec<(String, i64, i64)> = Vec::new();
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        let address: String = row.get(0)?;
        if !roles.matches(&address) {
            presence.push((address, row.get(1)?, row.get(2)?));
        }
    }
    let Some((address, most, sent)) = presence.first() else {
        identity.sort_by(|a, b| a.address.cmp(&b.address));
        return Ok(identity);
    };
    // Beside addresses found otherwise, the most present one is the user's too when it is in
    // more messages than any of them and both sent mail and received it (as a person does;
    // a list's address only receives): one message delivered to a shared mailbox must not
    // outvote a whole Inbox and Sent folder.
    let strongest = presence
        .iter()
        .filter(|(a, ..)| seen.contains(a))
        .map(|(_, n, _)| *n)
        .max()
        .unwrap_or(0);
    let received = most - sent;
    let joins = identity.is_empty()
        || (!seen.contains(address) && *most > strongest && *sent > 0 && received > 0);
    if joins {
        identity.push(OwnAddress {
            address: address.clone(),
            found: Found::MostPresent,
        });
    }
    identity.sort_by(|a, b| a.address.cmp(&b.address));
    Ok(identity)
}

/// Whether an archive's file or folder name says it holds the mail the user sent: `Sent`,
/// `Sent Items`, `Sent Mail.mbox`, Maildir's `.Sent`, `INBOX.Sent`, and their names in the
/// languages mail programs use most.
fn is_sent_folder(path: &str) -> bool {
    let name = path
        .trim_end_matches(['/', '\\'])
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or("");
    let name = name.strip_suffix(".mbox").unwrap_or(name);
    let name = name
        .rsplit('.')
        .next()
        .unwrap_or(name)
        .trim()
        .to_lowercase();
    const SENT: [&str; 20] = [
        "sent",
        "sent items",
        "sent mail",
        "sent messages",
        "sent-mail",
        "sentmail",
        "outbox",
        "gesendet",
        "gesendete elemente",
        "gesendete objekte",
        "envoyés",
        "éléments envoyés",
        "messages envoyés",
        "enviados",
        "elementos enviados",
        "posta inviata",
        "inviati",
        "verzonden",
        "verzonden items",
        "skickat",
    ];
    SENT.contains(&name.as_str())
}

/// Every correspondent's history, from every message, seen from the identity: messages the
/// user sent to them (as To, Cc or Bcc), messages they sent, and the latest either way.
/// Mailing-list and automated mail is not correspondence and counts for nobody.
fn recount(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    tx.execute("DELETE FROM correspondents", [])?;
    // `me`: the user's address the message went through (the sender of mail the user wrote;
    // a recipient, or else the Delivered-To, of mail received).
    tx.execute(
        "INSERT INTO correspondents (address, sent, received, last_contact, first_contact, via)
         SELECT address, sum(sent), sum(received), max(at), min(at), group_concat(DISTINCT me) FROM (
             SELECT r.address AS address, 1 AS sent, 0 AS received, m.at AS at, m.sender AS me
             FROM messages m JOIN recipients r ON r.message = m.key
             WHERE NOT m.bulk AND m.sender IN (SELECT address FROM identity)
               AND r.address NOT IN (SELECT address FROM identity)
             UNION ALL
             SELECT m.sender, 0, 1, m.at, coalesce(
                 (SELECT r.address FROM recipients r JOIN identity i ON i.address = r.address
                  WHERE r.message = m.key LIMIT 1),
                 (SELECT d.address FROM delivered_to d JOIN identity i ON i.address = d.address
                  WHERE d.message = m.key LIMIT 1))
             FROM messages m
             WHERE NOT m.bulk AND m.sender IS NOT NULL
               AND m.sender NOT IN (SELECT address FROM identity)
         ) GROUP BY address",
        [],
    )?;
    latest_subjects(tx)
}

/// Each correspondent's latest subjects each way, up to [`SUBJECTS`], `Re:` and `Fwd:` (and
/// their German, Nordic, French and Spanish forms) stripped and repeats folded.
fn latest_subjects(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    let mut statement = tx.prepare(
        "SELECT r.address, 1, m.subject, m.at FROM messages m JOIN recipients r ON r.message = m.key
         WHERE NOT m.bulk AND m.subject IS NOT NULL AND m.sender IN (SELECT address FROM identity)
           AND r.address NOT IN (SELECT address FROM identity)
         UNION ALL
         SELECT m.sender, 0, m.subject, m.at FROM messages m
         WHERE NOT m.bulk AND m.subject IS NOT NULL AND m.sender IS NOT NULL
           AND m.sender NOT IN (SELECT address FROM identity)
         ORDER BY 1, 2, 4 DESC",
    )?;
    let mut update = tx.prepare(
        "UPDATE correspondents SET subjects_sent = ?2, subjects_received = ?3 WHERE address = ?1",
    )?;
    let mut rows = statement.query([])?;
    let mut current: Option<String> = None;
    let mut lists: [Vec<String>; 2] = Default::default();
    let mut flush = |address: &Option<String>, lists: &mut [Vec<String>; 2]| {
        if let Some(address) = address {
            let text = |list: &[String]| (!list.is_empty()).then(|| list.join("\n"));
            update.execute(params![address, text(&lists[1]), text(&lists[0])])?;
        }
        *lists = Default::default();
        Ok::<(), rusqlite::Error>(())
    };
    while let Some(row) = rows.next()? {
        let address: String = row.get(0)?;
        if current.as_deref() != Some(address.as_str()) {
            flush(&current, &mut lists)?;
            current = Some(address);
        }
        let sent: bool = row.get(1)?;
        let list = &mut lists[usize::from(sent)];
        if list.len() < SUBJECTS {
            let subject = thread_subject(&row.get::<_, String>(2)?);
            if !subject.is_empty() && !list.iter().any(|s| s.eq_ignore_ascii_case(&subject)) {
                list.push(subject);
            }
        }
    }
    flush(&current, &mut lists)
}

/// How many subjects each way are kept per correspondent.
pub const SUBJECTS: usize = 3;

/// A subject without the prefixes replies and forwards add (`Re: AW: Fwd: Lunch` is `Lunch`),
/// on one line.
pub fn thread_subject(subject: &str) -> String {
    const PREFIXES: [&str; 17] = [
        "re:", "re :", "fwd:", "fw:", "aw:", "wg:", "sv:", "vs:", "antw:", "tr:", "rv:", "réf:",
        "odp:", "rif:", "ynt:", "回复:", "转发:",
    ];
    let mut rest = subject.trim();
    loop {
        // `Re[2]:` counts replies.
        if let Some(after) = rest
            .get(..3)
            .filter(|p| p.eq_ignore_ascii_case("re["))
            .and_then(|_| rest[3..].find("]:").map(|end| &rest[3 + end + 2..]))
        {
            rest = after.trim_start();
            continue;
        }
        let lower = rest.to_lowercase();
        match PREFIXES.iter().find(|p| lower.starts_with(*p)) {
            Some(prefix) => match rest.get(prefix.len()..) {
                Some(after) => rest = after.trim_start(),
                None => break,
            },
            None => break,
        }
    }
    crate::text::single_line(rest)
}

/// Adds as contacts the people the user wrote to at least `least` times who are not contacts.
fn add_correspondents(
    tx: &Transaction<'_>,
    file_id: i64,
    import_id: i64,
    least: u32,
) -> rusqlite::Result<usize> {
    let mut importer = Importer::new(tx, file_id, import_id)?;
    let mut statement = tx.prepare(
        "SELECT c.address, coalesce(n.name, ''), n.file_id, n.line, n.card FROM correspondents c
         LEFT JOIN mail_names n ON n.address = c.address
         WHERE c.sent >= ?1 AND c.address NOT IN (SELECT address FROM addresses)
           AND c.address NOT IN (SELECT address FROM identity)
         ORDER BY n.file_id, n.line, c.address",
    )?;
    // An address, the name mail gave it, and where it was first seen (file, line, card).
    type Person = (String, String, Option<i64>, Option<u64>, Option<u64>);
    let people: Vec<Person> = statement
        .query_map([least], |row| {
            Ok((
                row.get(0)?,
                row.get(1)?,
                row.get(2)?,
                row.get(3)?,
                row.get(4)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    for (address, name, seen_in, line, card) in people {
        let (formatted_name, given_name, family_name) = name_from_display(&name);
        // Where the address was first seen, when that was in this archive.
        let location = match (seen_in == Some(file_id), line) {
            (true, Some(line)) => Location { line, card },
            _ => Location::default(),
        };
        let record = Record {
            location,
            formatted_name,
            given_name,
            family_name,
            addresses: vec![address],
            ..Record::default()
        };
        importer.add(&record)?;
    }
    importer.write_new_addresses()?;
    Ok(importer.outcome.new_contacts)
}

#[cfg(test)]
mod tests {
    use super::is_sent_folder;

    #[test]
    fn sent_folders_are_known_by_their_names() {
        for sent in [
            "/home/me/.thunderbird/x.default/Mail/Local Folders/Sent",
            "Takeout/Mail/Sent Mail.mbox",
            "/home/me/Maildir/.Sent/",
            "INBOX.Sent Items",
            "C:\\Users\\me\\Gesendete Elemente",
            "archive.zip!/Takeout/Mail/Sent.mbox",
        ] {
            assert!(is_sent_folder(sent), "{sent}");
        }
        for other in [
            "Inbox",
            "All mail Including Spam and Trash.mbox",
            "sent.txt",
            "",
        ] {
            assert!(!is_sent_folder(other), "{other}");
        }
    }
}
