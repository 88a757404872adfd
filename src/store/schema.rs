//! The workspace schema and its forward migrations.
//!
//! `PRAGMA user_version` is the schema version; each entry of [`MIGRATIONS`] moves a workspace
//! one version forward and runs in the same transaction as the version bump, so a workspace is
//! always at exactly one known version. A workspace from a newer vetted is refused rather than
//! guessed at, and an older one is copied aside before it is migrated.

/// Marks an SQLite file as a vetted workspace ("vett"), so that another program's database is
/// refused instead of being written into.
pub const APPLICATION_ID: i32 = 0x7665_7474;

/// Migration `i` takes a workspace from version `i` to version `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    // 1: contacts, their addresses and sources, verdict history, imports, LinkedIn connections.
    "
    CREATE TABLE files (
        id INTEGER PRIMARY KEY,
        -- Absolute path: the same file imported again is recognised by it.
        path TEXT NOT NULL UNIQUE
    );
    CREATE TABLE imports (
        id INTEGER PRIMARY KEY,
        file_id INTEGER NOT NULL REFERENCES files(id),
        format TEXT NOT NULL,
        encoding TEXT NOT NULL,
        records INTEGER NOT NULL,
        new_contacts INTEGER NOT NULL,
        matched INTEGER NOT NULL,
        skipped INTEGER NOT NULL,
        at INTEGER NOT NULL
    );
    CREATE TABLE contacts (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        -- The name was made up from an address or organization; a real one replaces it.
        name_is_fallback INTEGER NOT NULL DEFAULT 0,
        given_name TEXT NOT NULL DEFAULT '',
        family_name TEXT NOT NULL DEFAULT '',
        organization TEXT NOT NULL DEFAULT '',
        title TEXT NOT NULL DEFAULT '',
        verdict TEXT NOT NULL DEFAULT 'unreviewed'
            CHECK (verdict IN ('unreviewed', 'know_well', 'vaguely', 'dont_know')),
        note TEXT NOT NULL DEFAULT '',
        needs_review INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE addresses (
        -- Trimmed and lower-cased: the identity of a contact (see contact::address_key).
        address TEXT PRIMARY KEY,
        contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        -- As the file wrote it.
        written TEXT NOT NULL,
        -- 0 is the preferred address.
        rank INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX addresses_by_contact ON addresses(contact_id, rank);
    CREATE TABLE sources (
        contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        file_id INTEGER NOT NULL REFERENCES files(id),
        line INTEGER NOT NULL,
        card INTEGER,
        import_id INTEGER NOT NULL REFERENCES imports(id),
        PRIMARY KEY (contact_id, file_id, line)
    ) WITHOUT ROWID;
    CREATE TABLE verdict_history (
        id INTEGER PRIMARY KEY,
        contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        old TEXT NOT NULL,
        new TEXT NOT NULL,
        at INTEGER NOT NULL,
        origin TEXT NOT NULL
    );
    CREATE INDEX verdict_history_by_contact ON verdict_history(contact_id, id);
    CREATE TABLE linkedin_connections (
        id INTEGER PRIMARY KEY,
        first_name TEXT NOT NULL,
        last_name TEXT NOT NULL,
        -- Lower-cased, accent-folded full name, for matching connections without an address.
        name_key TEXT NOT NULL,
        address TEXT,
        company TEXT NOT NULL,
        position TEXT NOT NULL,
        connected_on TEXT NOT NULL,
        UNIQUE (name_key, address, connected_on)
    );
    CREATE INDEX linkedin_connections_by_address ON linkedin_connections(address);
    ",
    // 2: export batches, so that each export continues where the last one of its kind stopped.
    "
    CREATE TABLE exports (
        id INTEGER PRIMARY KEY,
        -- 'invite' (bulk: know well only) or 'outreach' (vaguely, one by one).
        kind TEXT NOT NULL CHECK (kind IN ('invite', 'outreach')),
        format TEXT NOT NULL,
        file TEXT NOT NULL,
        contacts INTEGER NOT NULL,
        at INTEGER NOT NULL
    );
    CREATE TABLE export_rows (
        export_id INTEGER NOT NULL REFERENCES exports(id),
        contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        address TEXT NOT NULL,
        PRIMARY KEY (export_id, contact_id)
    ) WITHOUT ROWID;
    CREATE INDEX export_rows_by_contact ON export_rows(contact_id);
    ",
    // 3: each contact's addresses, as written and preferred first, move into its row (one a
    // line); the addresses table keeps only identity (address -> contact). Opening a workspace
    // then reads one table in order, and an import writes one text B-tree per address, not two.
    "
    ALTER TABLE contacts ADD COLUMN addresses TEXT NOT NULL DEFAULT '';
    UPDATE contacts SET addresses = coalesce(
        (SELECT group_concat(written, char(10) ORDER BY rank) FROM addresses a WHERE a.contact_id = contacts.id),
        '');
    DROP INDEX addresses_by_contact;
    ALTER TABLE addresses DROP COLUMN rank;
    ALTER TABLE addresses DROP COLUMN written;
    CREATE INDEX addresses_by_contact ON addresses(contact_id);
    ",
    // 4: mail history per archive and address (a re-import replaces its file's rows, so nothing
    // is counted twice), and the invitations the user sent on LinkedIn.
    "
    CREATE TABLE mail (
        file_id INTEGER NOT NULL REFERENCES files(id),
        -- Trimmed and lower-cased, like addresses.address.
        address TEXT NOT NULL,
        -- The display name the messages gave.
        name TEXT NOT NULL DEFAULT '',
        -- Messages the user sent to the address, and received from it.
        sent INTEGER NOT NULL,
        received INTEGER NOT NULL,
        -- The latest message either way, in seconds since 1970 (UTC).
        last_contact INTEGER,
        PRIMARY KEY (file_id, address)
    ) WITHOUT ROWID;
    CREATE INDEX mail_by_address ON mail(address);
    CREATE TABLE linkedin_invitations (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        -- Lower-cased, accent-folded, for matching contacts by name.
        name_key TEXT NOT NULL,
        sent_at TEXT NOT NULL,
        message TEXT NOT NULL,
        profile_url TEXT NOT NULL,
        UNIQUE (name_key, sent_at)
    );
    ",
    // 5: nothing looks addresses up by contact (each contact's row lists its own, and a merge
    // repoints them by address), so the index only cost time: it was rebuilt on every first
    // import (100 ms at 100k contacts) and kept up on every later one.
    "
    DROP INDEX addresses_by_contact;
    ",
    // 6: the address the user chose to export a contact with (`vetted prefer`; its key, or
    // NULL for the first), and invitations people sent the user (to accept, never to repeat).
    "
    ALTER TABLE contacts ADD COLUMN preferred TEXT;
    ALTER TABLE linkedin_invitations ADD COLUMN incoming INTEGER NOT NULL DEFAULT 0;
    ",
    // 7: mail history by message, so that each message counts once however many archives hold
    // it, and the user's own addresses are the workspace's, learned from all its mail. The
    // per-archive counts of earlier versions (`mail`) stay until their archive is imported
    // again.
    "
    CREATE TABLE messages (
        -- The Message-ID, or a digest of the headers for a message without one.
        key TEXT PRIMARY KEY,
        -- Trimmed and lower-cased From (or Sender); NULL when the message names none.
        sender TEXT,
        -- Seconds since 1970 (UTC), from Date.
        at INTEGER,
        -- The user wrote it: Gmail's X-Gmail-Labels holds Sent, or it is in a Sent folder.
        sent_label INTEGER NOT NULL DEFAULT 0
    ) WITHOUT ROWID;
    CREATE INDEX messages_by_sender ON messages(sender);
    CREATE TABLE recipients (
        message TEXT NOT NULL REFERENCES messages(key),
        -- To, Cc or Bcc, trimmed and lower-cased.
        address TEXT NOT NULL,
        PRIMARY KEY (message, address)
    ) WITHOUT ROWID;
    CREATE INDEX recipients_by_address ON recipients(address);
    CREATE TABLE delivered_to (
        message TEXT NOT NULL REFERENCES messages(key),
        address TEXT NOT NULL,
        PRIMARY KEY (message, address)
    ) WITHOUT ROWID;
    CREATE TABLE message_files (
        file_id INTEGER NOT NULL REFERENCES files(id),
        message TEXT NOT NULL REFERENCES messages(key),
        line INTEGER NOT NULL,
        card INTEGER,
        PRIMARY KEY (file_id, message)
    ) WITHOUT ROWID;
    -- The name each address was last given, preferably by its owner (in From).
    CREATE TABLE mail_names (
        address TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        from_sender INTEGER NOT NULL,
        -- Where the address was first seen.
        file_id INTEGER NOT NULL,
        line INTEGER NOT NULL,
        card INTEGER
    ) WITHOUT ROWID;
    -- The user's own addresses, and how each was found.
    CREATE TABLE identity (
        address TEXT PRIMARY KEY,
        how TEXT NOT NULL
    ) WITHOUT ROWID;
    -- Per address, the history the messages give, seen from the identity; recomputed after
    -- each mail import.
    CREATE TABLE correspondents (
        address TEXT PRIMARY KEY,
        sent INTEGER NOT NULL,
        received INTEGER NOT NULL,
        last_contact INTEGER
    ) WITHOUT ROWID;
    ",
    // 8: mailing-list and automated mail (List-Id, Precedence: bulk...): not correspondence,
    // so it neither tells who the user is nor counts as history. Messages stored before are
    // taken as personal until their archive is imported again.
    "
    ALTER TABLE messages ADD COLUMN bulk INTEGER NOT NULL DEFAULT 0;
    ",
    // 9: "not the person connected on LinkedIn with this name", said by the user, by address so
    // that it holds across imports and merges.
    "
    CREATE TABLE not_connected (
        address TEXT PRIMARY KEY,
        at INTEGER NOT NULL
    ) WITHOUT ROWID;
    ",
    // 10: which of its contact's addresses each source brought (one a line, as written; NULL:
    // all of them, which a first import writes without cost and a join spells out before the
    // contact gains an address), so that a split takes along the sources of what it moves; and
    // contacts the user said are different people, by a pair of addresses each (the smaller
    // key first), so that they are not proposed as duplicates again.
    "
    ALTER TABLE sources ADD COLUMN addresses TEXT;
    CREATE TABLE kept_apart (
        a TEXT NOT NULL,
        b TEXT NOT NULL,
        at INTEGER NOT NULL,
        PRIMARY KEY (a, b)
    ) WITHOUT ROWID;
    ",
    // 11: what each source says of the person besides names and addresses: its note, its
    // labels (one a line), and whether it holds a phone number. NULL and 0 when it says
    // nothing, which costs a first import almost nothing.
    "
    ALTER TABLE sources ADD COLUMN note TEXT;
    ALTER TABLE sources ADD COLUMN labels TEXT;
    ALTER TABLE sources ADD COLUMN phone INTEGER NOT NULL DEFAULT 0;
    ",
    // 12: what mail says besides counts: each message's subject, and per correspondent the
    // first message either way, the user's own addresses the mail went through (one a line),
    // and the subjects of the latest threads each way (up to three, one a line). Messages
    // stored before have no subject until their archive is imported again.
    "
    ALTER TABLE messages ADD COLUMN subject TEXT;
    ALTER TABLE correspondents ADD COLUMN first_contact INTEGER;
    ALTER TABLE correspondents ADD COLUMN via TEXT;
    ALTER TABLE correspondents ADD COLUMN subjects_sent TEXT;
    ALTER TABLE correspondents ADD COLUMN subjects_received TEXT;
    ",
    // 13: a contact can hold several rows of one batch: two contacts exported in the same batch
    // and merged later keep both addresses written (keyed by contact alone, the merge dropped
    // one, and a split could then export that person again). Rows lost that way before are
    // not recovered.
    "
    CREATE TABLE export_rows_by_address (
        export_id INTEGER NOT NULL REFERENCES exports(id),
        contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        address TEXT NOT NULL,
        PRIMARY KEY (export_id, contact_id, address)
    ) WITHOUT ROWID;
    INSERT INTO export_rows_by_address SELECT export_id, contact_id, address FROM export_rows;
    DROP TABLE export_rows;
    ALTER TABLE export_rows_by_address RENAME TO export_rows;
    CREATE INDEX export_rows_by_contact ON export_rows(contact_id);
    ",
];

/// The version this build of vetted writes.
pub const CURRENT_VERSION: i64 = MIGRATIONS.len() as i64;
