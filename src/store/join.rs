//! Joining two contacts into one: an import's join when a record has addresses of both, and
//! the user's merge.

use rusqlite::{Transaction, params};

use super::import::extend_addresses;
use super::{Origin, now_millis};
use crate::contact::{ContactId, Verdict, address_key};
use crate::text::fold;

struct Existing {
    verdict: Verdict,
    note: String,
    addresses: String,
    /// The name, when it is a person's (not made up from an address or organization).
    name: Option<String>,
}

fn existing(tx: &Transaction<'_>, id: ContactId) -> rusqlite::Result<Existing> {
    tx.query_row(
        "SELECT verdict, note, addresses, CASE WHEN name_is_fallback THEN NULL ELSE name END FROM contacts WHERE id = ?1",
        [id.0],
        |row| {
            Ok(Existing {
                verdict: Verdict::parse(&row.get::<_, String>(0)?).unwrap_or_default(),
                note: row.get(1)?,
                addresses: row.get(2)?,
                name: row.get(3)?,
            })
        },
    )
}

/// Gives the sources of contact ?1 that stand for all of its addresses (NULL) the addresses
/// ?2, which are all of them now: done before the contact gains or loses one.
pub(super) const SPELL_OUT: &str =
    "UPDATE sources SET addresses = ?2 WHERE contact_id = ?1 AND addresses IS NULL";

/// What [`merge`] did.
pub(super) struct Joined {
    /// The verdicts differed: the contact is flagged for review.
    pub differed: bool,
    /// The keys of the addresses that moved.
    pub moved: Vec<String>,
    /// Both had a person's name, and the names differ (folded): the names kept and joined,
    /// and the joined contact's addresses as written.
    pub names: Option<(String, String, Vec<String>)>,
}

/// Merges contact `from` into `into` (the older one).
pub(super) fn merge(
    tx: &Transaction<'_>,
    from: ContactId,
    into: ContactId,
) -> rusqlite::Result<Joined> {
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
    let addresses = extend_addresses(&kept.addresses, gone.addresses.lines());
    tx.execute(
        "UPDATE contacts SET
            verdict = ?2,
            note = ?3,
            addresses = ?6,
            needs_review = needs_review OR ?4 OR (SELECT needs_review FROM contacts WHERE id = ?5),
            name = CASE WHEN name_is_fallback AND NOT (SELECT name_is_fallback FROM contacts WHERE id = ?5)
                        THEN (SELECT name FROM contacts WHERE id = ?5) ELSE name END,
            name_is_fallback = name_is_fallback AND (SELECT name_is_fallback FROM contacts WHERE id = ?5),
            given_name = CASE WHEN given_name = '' AND family_name = '' AND ((name_is_fallback AND NOT (SELECT name_is_fallback FROM contacts WHERE id = ?5)) OR name = (SELECT name FROM contacts WHERE id = ?5))
                THEN (SELECT given_name FROM contacts WHERE id = ?5) ELSE given_name END,
            family_name = CASE WHEN given_name = '' AND family_name = '' AND ((name_is_fallback AND NOT (SELECT name_is_fallback FROM contacts WHERE id = ?5)) OR name = (SELECT name FROM contacts WHERE id = ?5))
                THEN (SELECT family_name FROM contacts WHERE id = ?5) ELSE family_name END,
            organization = CASE WHEN organization = '' THEN (SELECT organization FROM contacts WHERE id = ?5) ELSE organization END,
            title = CASE WHEN title = '' THEN (SELECT title FROM contacts WHERE id = ?5) ELSE title END,
            preferred = coalesce(preferred, (SELECT preferred FROM contacts WHERE id = ?5))
         WHERE id = ?1",
        params![into.0, verdict.as_str(), note, differ, from.0, addresses],
    )?;
    if verdict != kept.verdict {
        tx.execute(
            "INSERT INTO verdict_history (contact_id, old, new, at, origin) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![into.0, kept.verdict.as_str(), verdict.as_str(), now_millis(), Origin::Merge.as_str()],
        )?;
    }
    for (id, addresses) in [(into, &kept.addresses), (from, &gone.addresses)] {
        tx.prepare_cached(SPELL_OUT)?
            .execute(params![id.0, addresses])?;
    }
    let moved: Vec<String> = gone.addresses.lines().map(address_key).collect();
    {
        let mut repoint =
            tx.prepare_cached("UPDATE addresses SET contact_id = ?2 WHERE address = ?1")?;
        for key in &moved {
            repoint.execute(params![key, into.0])?;
        }
    }
    tx.execute(
        "INSERT OR IGNORE INTO sources (contact_id, file_id, line, card, import_id, addresses, note, labels, phone)
         SELECT ?2, file_id, line, card, import_id, addresses, note, labels, phone FROM sources WHERE contact_id = ?1",
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
    // What `ON DELETE CASCADE` would remove; an import runs with foreign keys off.
    tx.execute("DELETE FROM sources WHERE contact_id = ?1", [from.0])?;
    tx.execute("DELETE FROM export_rows WHERE contact_id = ?1", [from.0])?;
    tx.execute("DELETE FROM contacts WHERE id = ?1", [from.0])?;
    let names = match (kept.name, gone.name) {
        (Some(kept_name), Some(gone_name)) if fold(&kept_name) != fold(&gone_name) => Some((
            kept_name,
            gone_name,
            gone.addresses.lines().map(str::to_string).collect(),
        )),
        _ => None,
    };
    Ok(Joined {
        differed: differ,
        moved,
        names,
    })
}

/// A name's words, folded, punctuation ignored.
fn name_words(text: &str) -> Vec<String> {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Whether two names may be one person's: the words of one are all among the other's (`Ada`
/// and `Ada Lovelace`, `Lovelace, Ada` and `Ada Lovelace`).
pub(super) fn same_person_name(a: &str, b: &str) -> bool {
    let (a, b) = (name_words(a), name_words(b));
    a.iter().all(|w| b.contains(w)) || b.iter().all(|w| a.contains(w))
}

/// Whether `fuller` is `name` with more words (a middle name, initials): every word of `name`
/// is in it, and it has more.
pub(super) fn extends_name(fuller: &str, name: &str) -> bool {
    let (fuller, name) = (name_words(fuller), name_words(name));
    fuller.len() > name.len() && name.iter().all(|w| fuller.contains(w))
}
