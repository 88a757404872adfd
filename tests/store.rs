//! The workspace's promises: identity and merging (records that share an address are one
//! contact; a merge keeps the more cautious verdict), durability of decisions
//! across re-imports, the writer lock, and refusing files that are not ours.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use vetted::contact::Verdict;
use vetted::import::{FormatChoice, parse};
use vetted::store::{Origin, SourceFile, StoreError, Workspace};

fn workspace_path(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("nested").join("workspace.sqlite3")
}

fn import(workspace: &mut Workspace, file: &str, text: &str) -> vetted::store::ImportOutcome {
    let parsed = parse(text.as_bytes(), FormatChoice::Auto).expect("parses");
    let source = SourceFile {
        path: file.to_string(),
    };
    workspace
        .import(&source, &parsed, false, &mut |_| {})
        .expect("imports")
}

fn names(workspace: &Workspace) -> Vec<(String, Vec<String>, Verdict)> {
    workspace
        .contacts(None)
        .expect("lists")
        .into_iter()
        .map(|c| (c.name.into(), c.addresses.to_vec(), c.verdict))
        .collect()
}

fn mark(workspace: &mut Workspace, address: &str, verdict: Verdict) {
    let id = workspace
        .find_address(address)
        .expect("query")
        .expect("known address");
    workspace
        .set_verdicts(&[(id, verdict)], Origin::Cli)
        .expect("marks");
}

const GOOGLE: &str = "First Name,Last Name,E-mail 1 - Value,Organization Name\n\
                      Ada,Lovelace,ada@example.org,Analytical Engines\n\
                      Charles,Babbage,cb@example.org,\n";
const VCARD: &str = "BEGIN:VCARD\nVERSION:3.0\nFN:Ada King\nEMAIL:ADA@Example.org\nEMAIL:ada@home.example\nEND:VCARD\n\
                     BEGIN:VCARD\nVERSION:3.0\nFN:Grace Hopper\nEMAIL:grace@example.org\nEND:VCARD\n";

#[test]
fn reimporting_is_idempotent() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut workspace = Workspace::open(&workspace_path(&dir)).expect("opens");
    let first = import(&mut workspace, "/data/google.csv", GOOGLE);
    assert_eq!(first.new_contacts, 2);
    let before = names(&workspace);
    let sources_before = workspace
        .sources(workspace.find_address("ada@example.org").unwrap().unwrap())
        .unwrap();
    let again = import(&mut workspace, "/data/google.csv", GOOGLE);
    assert_eq!(again.new_contacts, 0);
    assert_eq!(again.matched, 2);
    assert_eq!(names(&workspace), before);
    let sources_after = workspace
        .sources(workspace.find_address("ada@example.org").unwrap().unwrap())
        .unwrap();
    assert_eq!(sources_after, sources_before, "no duplicate sources");
}

#[test]
fn records_sharing_an_address_are_one_contact_across_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut workspace = Workspace::open(&workspace_path(&dir)).expect("opens");
    import(&mut workspace, "/data/google.csv", GOOGLE);
    let outcome = import(&mut workspace, "/data/phone.vcf", VCARD);
    assert_eq!(outcome.new_contacts, 1, "only Grace is new");
    assert_eq!(outcome.matched, 1);
    let contacts = workspace.contacts(None).unwrap();
    assert_eq!(contacts.len(), 3);
    let ada = &contacts[0];
    assert_eq!(ada.name, "Ada Lovelace", "the first name seen stays");
    assert_eq!(ada.addresses, ["ada@example.org", "ada@home.example"]);
    assert_eq!(ada.organization, "Analytical Engines");
    let sources: Vec<String> = workspace
        .sources(ada.id)
        .unwrap()
        .iter()
        .map(|s| s.short())
        .collect();
    assert_eq!(sources, ["google.csv:2", "phone.vcf:#1"]);
}

#[test]
fn records_sharing_an_address_are_one_contact_within_a_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut workspace = Workspace::open(&workspace_path(&dir)).expect("opens");
    let outcome = import(
        &mut workspace,
        "/data/dupes.csv",
        "Name,E-mail 1 - Value,E-mail 2 - Value\nAda,ada@x.org,\nAda L,ada@y.org,ADA@x.org\nAda Again,ada@y.org,\n",
    );
    assert_eq!(outcome.new_contacts, 1);
    assert_eq!(
        (outcome.matched, outcome.joined_in_file),
        (0, 2),
        "joined within the file, not already known"
    );
    assert_eq!(
        names(&workspace),
        [(
            "Ada".into(),
            vec!["ada@x.org".into(), "ada@y.org".into()],
            Verdict::Unreviewed
        )]
    );
}

#[test]
fn verdicts_and_notes_survive_reimports() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut workspace = Workspace::open(&workspace_path(&dir)).expect("opens");
    import(&mut workspace, "/data/google.csv", GOOGLE);
    mark(&mut workspace, "ada@example.org", Verdict::KnowWell);
    let ada = workspace.find_address("ada@example.org").unwrap().unwrap();
    workspace.set_note(ada, "met at the Royal Society").unwrap();
    import(&mut workspace, "/data/google.csv", GOOGLE);
    import(&mut workspace, "/data/phone.vcf", VCARD);
    let contacts = workspace.contacts(None).unwrap();
    assert_eq!(contacts[0].verdict, Verdict::KnowWell);
    assert_eq!(contacts[0].note(), "met at the Royal Society");
    assert!(!contacts[0].needs_review);
}

#[test]
fn a_merge_keeps_the_more_cautious_verdict_and_flags_for_review() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut workspace = Workspace::open(&workspace_path(&dir)).expect("opens");
    import(
        &mut workspace,
        "/data/a.csv",
        "Name,Email\nAda Work,ada@work.org\nAda Home,ada@home.org\nBob,bob@x.org\nBob Two,bob2@x.org\n",
    );
    mark(&mut workspace, "ada@work.org", Verdict::KnowWell);
    mark(&mut workspace, "ada@home.org", Verdict::DontKnow);
    mark(&mut workspace, "bob@x.org", Verdict::Vaguely);
    mark(&mut workspace, "bob2@x.org", Verdict::Vaguely);
    let ada_home = workspace.find_address("ada@home.org").unwrap().unwrap();
    workspace.set_note(ada_home, "who?").unwrap();
    // A later file shows that both Adas, and both Bobs, are one person each.
    let outcome = import(
        &mut workspace,
        "/data/b.vcf",
        "BEGIN:VCARD\nFN:Ada\nEMAIL:ada@work.org\nEMAIL:ada@home.org\nEND:VCARD\n\
         BEGIN:VCARD\nFN:Bob\nEMAIL:bob@x.org\nEMAIL:bob2@x.org\nEND:VCARD\n",
    );
    assert_eq!(outcome.joined, 2);
    assert_eq!(outcome.flagged_for_review, 1, "only the Adas disagreed");
    let contacts = workspace.contacts(None).unwrap();
    assert_eq!(contacts.len(), 2);
    let ada = &contacts[0];
    assert_eq!(ada.verdict, Verdict::DontKnow);
    assert!(ada.needs_review);
    assert_eq!(ada.note(), "who?");
    assert_eq!(ada.addresses, ["ada@work.org", "ada@home.org"]);
    let history = workspace.history(ada.id).unwrap();
    let last = history.last().expect("merge recorded");
    assert_eq!(
        (last.old, last.new, last.origin.as_str()),
        (Verdict::KnowWell, Verdict::DontKnow, "merge")
    );
    let bob = &contacts[1];
    assert_eq!(bob.verdict, Verdict::Vaguely);
    assert!(!bob.needs_review);
    assert_eq!(workspace.counts().unwrap().needs_review, 1);
    assert_eq!(workspace.problems().unwrap(), Vec::<String>::new());
    // Marking the contact again is the review.
    mark(&mut workspace, "ada@home.org", Verdict::DontKnow);
    assert_eq!(workspace.counts().unwrap().needs_review, 0);
}

#[test]
fn a_real_name_replaces_a_fallback_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut workspace = Workspace::open(&workspace_path(&dir)).expect("opens");
    import(&mut workspace, "/data/a.csv", "Email\nada.l@x.org\n");
    assert_eq!(workspace.contacts(None).unwrap()[0].name, "ada.l");
    import(
        &mut workspace,
        "/data/b.csv",
        "First Name,Last Name,Email\nAda,Lovelace,ada.l@x.org\n",
    );
    assert_eq!(workspace.contacts(None).unwrap()[0].name, "Ada Lovelace");
    import(
        &mut workspace,
        "/data/c.csv",
        "First Name,Last Name,Email\nAugusta,King,ada.l@x.org\n",
    );
    assert_eq!(
        workspace.contacts(None).unwrap()[0].name,
        "Ada Lovelace",
        "a real name is never replaced"
    );
}

#[test]
fn dry_run_changes_nothing_and_reports_exactly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut workspace = Workspace::open(&workspace_path(&dir)).expect("opens");
    import(&mut workspace, "/data/google.csv", GOOGLE);
    let parsed = parse(VCARD.as_bytes(), FormatChoice::Auto).unwrap();
    let source = SourceFile {
        path: "/data/phone.vcf".into(),
    };
    let dry = workspace
        .import(&source, &parsed, true, &mut |_| {})
        .unwrap();
    assert_eq!(workspace.contacts(None).unwrap().len(), 2);
    let real = workspace
        .import(&source, &parsed, false, &mut |_| {})
        .unwrap();
    assert_eq!(dry, real);
    assert_eq!(workspace.contacts(None).unwrap().len(), 3);
}

#[test]
fn a_second_writer_is_refused_and_readers_still_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = workspace_path(&dir);
    let mut writer = Workspace::open(&path).expect("opens");
    import(&mut writer, "/data/google.csv", GOOGLE);
    match Workspace::open(&path) {
        Err(StoreError::InUse { path: named }) => assert_eq!(named, path),
        Err(other) => panic!("expected InUse, got {other}"),
        Ok(_) => panic!("a second writer must be refused"),
    }
    let message = Workspace::open(&path).err().unwrap().to_string();
    assert!(
        message.contains(&path.display().to_string()) && message.contains("in use"),
        "{message}"
    );
    let reader = Workspace::open_read_only(&path)
        .expect("reads")
        .expect("exists");
    assert_eq!(reader.counts().unwrap().contacts, 2);
    drop(writer);
    Workspace::open(&path).expect("the lock is released with its holder");
}

#[test]
fn reading_a_missing_workspace_creates_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = workspace_path(&dir);
    assert!(Workspace::open_read_only(&path).unwrap().is_none());
    assert!(!path.exists());
}

#[test]
fn files_are_private() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = workspace_path(&dir);
    let mut workspace = Workspace::open(&path).expect("opens");
    import(&mut workspace, "/data/google.csv", GOOGLE);
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(path.parent().unwrap()), 0o700);
    for suffix in ["-wal", "-shm", ".lock"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let sidecar = PathBuf::from(name);
        if sidecar.exists() {
            assert_eq!(mode(&sidecar), 0o600, "{}", sidecar.display());
        }
    }
}

#[test]
fn a_file_that_is_not_a_workspace_is_refused_and_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text_file = dir.path().join("notes.txt");
    std::fs::write(&text_file, "shopping list\n".repeat(400)).unwrap();
    let other_db = dir.path().join("other.sqlite3");
    {
        let conn = rusqlite::Connection::open(&other_db).unwrap();
        conn.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
            .unwrap();
    }
    for path in [&text_file, &other_db] {
        let before = std::fs::read(path).unwrap();
        for result in [
            Workspace::open(path).err(),
            Workspace::open_read_only(path).err(),
        ] {
            match result {
                Some(StoreError::NotAWorkspace { .. }) => {}
                other => panic!("{}: expected NotAWorkspace, got {other:?}", path.display()),
            }
        }
        assert!(
            std::fs::read(path).unwrap() == before,
            "{} was changed",
            path.display()
        );
    }
}

#[test]
fn a_workspace_from_a_newer_vetted_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = workspace_path(&dir);
    drop(Workspace::open(&path).expect("creates"));
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", 999).unwrap();
    }
    for result in [
        Workspace::open(&path).err(),
        Workspace::open_read_only(&path).err(),
    ] {
        match result {
            Some(StoreError::NewerVersion { found: 999, .. }) => {}
            other => panic!("expected NewerVersion, got {other:?}"),
        }
    }
}

#[test]
fn a_workspace_from_the_previous_release_is_backed_up_then_migrated() {
    // tests/workspaces/v2.sqlite3 was written by vetted at schema version 2: the two
    // fixtures google-contacts.csv and vcard21-outlook.vcf imported, Zoë and Émile marked know
    // well with a note, Jürgen Weiß marked don't know, and a one-contact export batch.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("workspace.sqlite3");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/workspaces/v2.sqlite3"),
        &path,
    )
    .expect("copy");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    match Workspace::open_read_only(&path) {
        Err(StoreError::OlderVersion { found: 2, .. }) => {}
        other => panic!("a reader cannot read an old layout: {:?}", other.err()),
    }
    let workspace = Workspace::open(&path).expect("migrates");
    assert_eq!(
        workspace.schema_version().unwrap(),
        vetted::store::CURRENT_VERSION
    );
    let contacts = workspace.contacts(None).unwrap();
    let summary: Vec<(&str, Verdict, usize)> = contacts
        .iter()
        .map(|c| (c.name.as_str(), c.verdict, c.addresses.len()))
        .collect();
    assert_eq!(
        summary,
        [
            ("Zoë Ångström", Verdict::KnowWell, 3),
            ("Jürgen Weiß", Verdict::DontKnow, 2),
            ("Blue Harbour", Verdict::Unreviewed, 1),
            ("Seven Addresses", Verdict::Unreviewed, 7),
            ("Émile Zola du Mont-Saint-Michel", Verdict::KnowWell, 2),
            ("Jürgen Faßbender", Verdict::Unreviewed, 1),
            ("José Martínez", Verdict::Unreviewed, 1),
        ]
    );
    assert_eq!(
        contacts[0].addresses,
        [
            "zoe.angstrom@mail.example",
            "zoe@nordic-optics.example",
            "zoe.home@mail.example"
        ],
        "order kept"
    );
    assert_eq!(contacts[0].note(), "Met at the optics fair");
    assert_eq!(
        workspace.find_address("S7@seven.example").unwrap(),
        Some(contacts[3].id),
        "identity kept"
    );
    let batch = workspace.export_candidates("invite").unwrap();
    assert_eq!(
        batch.iter().filter(|c| c.exported).count(),
        1,
        "the export batch survives"
    );
    assert_eq!(workspace.history(contacts[1].id).unwrap().len(), 1);
    let mut backup = path.as_os_str().to_owned();
    backup.push(".v2.bak");
    let backup = PathBuf::from(backup);
    assert_eq!(
        std::fs::metadata(&backup)
            .expect("backup made")
            .permissions()
            .mode()
            & 0o777,
        0o600
    );
    let old = rusqlite::Connection::open(&backup).unwrap();
    let version: i64 = old
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 2);
    // Opening again migrates nothing and makes no new backup.
    drop(workspace);
    std::fs::remove_file(&backup).unwrap();
    drop(Workspace::open(&path).expect("opens"));
    assert!(!backup.exists());
}

/// The CLI reads a file on one thread while it stores on another; what lands must be exactly
/// what importing the whole parse at once gives, batch boundaries and all. Every file under
/// `folders` (mail among them: both ways must refuse it alike), then `extra`.
fn streamed_import_stores_what_a_whole_parse_does(
    mut folders: Vec<PathBuf>,
    extra: Vec<(String, Vec<u8>)>,
) -> usize {
    let mut books: Vec<(String, Vec<u8>)> = Vec::new();
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("a fixture folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_none_or(|e| e != "md") {
                books.push((
                    path.display().to_string(),
                    std::fs::read(&path).expect("read"),
                ));
            }
        }
    }
    books.sort();
    assert!(books.len() > 20, "{} files", books.len());
    books.extend(extra);
    let dir = tempfile::tempdir().expect("tempdir");
    let mut whole = Workspace::open(&dir.path().join("whole.sqlite3")).expect("opens");
    let mut streamed = Workspace::open(&dir.path().join("streamed.sqlite3")).expect("opens");
    for (name, bytes) in &books {
        let source = SourceFile { path: name.clone() };
        let parsed = match parse(bytes, FormatChoice::Auto) {
            Ok(parsed) => parsed,
            Err(error) => {
                let streamed = streamed
                    .import_bytes(&source, bytes, FormatChoice::Auto, false, &mut |_| {})
                    .expect("stores");
                assert_eq!(streamed.err(), Some(error), "{name}");
                continue;
            }
        };
        let expected = whole
            .import(&source, &parsed, false, &mut |_| {})
            .expect("imports");
        let mut lines = Vec::new();
        let (outcome, account) = streamed
            .import_bytes(&source, bytes, FormatChoice::Auto, false, &mut |line| {
                lines.push(line)
            })
            .expect("stores")
            .expect("parses");
        assert_eq!(outcome, expected, "{name}");
        assert_eq!(account.records_read, parsed.records_read, "{name}");
        assert_eq!(account.skipped, parsed.skipped, "{name}");
        assert!(lines.is_sorted(), "{name}: progress goes forward");
    }
    assert_eq!(
        whole.contacts(None).unwrap(),
        streamed.contacts(None).unwrap()
    );
    assert_eq!(streamed.problems().unwrap(), Vec::<String>::new());
    streamed.contacts(None).unwrap().len()
}

#[test]
fn a_streamed_import_of_our_fixtures_stores_what_a_whole_parse_does() {
    // 3,000 records, so several batches, where later records join earlier contacts.
    let mut big = String::from("Name,E-mail 1 - Value,E-mail 2 - Value\n");
    for i in 0..3000 {
        big.push_str(&format!("P{i},p{i}@x.org,p{}@y.org\n", (i * 7) % 2000));
    }
    let contacts = streamed_import_stores_what_a_whole_parse_does(
        vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")],
        vec![("/big.csv".into(), big.into_bytes())],
    );
    assert!(contacts > 2000, "{contacts} contacts");
}

#[test]
#[cfg_attr(
    not(real_fixtures),
    ignore = "reads ../shared/fixtures/real (or VETTED_REAL_FIXTURES), third-party files not in the repository"
)]
fn a_streamed_import_of_the_real_files_stores_what_a_whole_parse_does() {
    let contacts =
        streamed_import_stores_what_a_whole_parse_does(vec![common::real_fixtures()], Vec::new());
    assert!(contacts > 25, "{contacts} contacts");
}

#[test]
fn a_file_that_is_not_an_address_book_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut workspace = Workspace::open(&dir.path().join("w.sqlite3")).expect("opens");
    import(&mut workspace, "/a.csv", "Name,Email\nAda,ada@x.org\n");
    let before = workspace.contacts(None).unwrap();
    let source = SourceFile {
        path: "/mail".into(),
    };
    let result = workspace
        .import_bytes(
            &source,
            b"From ada@x.org Mon Jan  1 00:00:00 2024\nFrom: ada@x.org\n\nhi\n",
            FormatChoice::Auto,
            false,
            &mut |_| {},
        )
        .expect("the store is fine");
    assert!(
        matches!(result, Err(vetted::import::ImportError::MailArchive)),
        "{:?}",
        result.map(|(outcome, _)| outcome)
    );
    assert_eq!(workspace.contacts(None).unwrap(), before);
    assert_eq!(workspace.problems().unwrap(), Vec::<String>::new());
}

/// A big workspace is read in two halves on two connections: every contact comes back once,
/// in id order, with its own evidence, and filtered by verdict alike (the split falls between
/// two ids; evidence near it must go to the right half).
#[test]
fn a_big_workspace_reads_every_contact_once_in_order_with_its_evidence() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = workspace_path(&dir);
    let mut workspace = Workspace::open(&path).expect("workspace");
    let count = vetted::store::TWO_READERS_ABOVE + 1;
    let middle = count / 2;
    let mut csv = String::from("Name,E-mail Address,Notes\n");
    for i in 0..count {
        let note = if i % 997 == 0 || (middle - 10..middle + 10).contains(&i) {
            format!("note {i}")
        } else {
            String::new()
        };
        csv.push_str(&format!("Person {i},p{i}@x.org,{note}\n"));
    }
    import(&mut workspace, "/big.csv", &csv);
    let know = workspace
        .find_address(&format!("p{middle}@x.org"))
        .unwrap()
        .unwrap();
    workspace
        .set_verdicts(&[(know, Verdict::KnowWell)], Origin::Cli)
        .unwrap();
    let contacts = workspace.contacts(None).expect("contacts");
    assert_eq!(contacts.len(), count);
    for (i, contact) in contacts.iter().enumerate() {
        assert_eq!(contact.name, format!("Person {i}"));
        assert_eq!(contact.addresses, [format!("p{i}@x.org").as_str()]);
        let notes = contact.evidence.as_ref().map(|e| e.notes.clone());
        let expected = (i % 997 == 0 || (middle - 10..middle + 10).contains(&i))
            .then(|| vec![format!("note {i}")]);
        assert_eq!(notes, expected, "{i}");
    }
    assert!(contacts.windows(2).all(|w| w[0].id < w[1].id));
    let known = workspace
        .contacts(Some(Verdict::KnowWell))
        .expect("contacts");
    assert_eq!(known.len(), 1);
    assert_eq!(known[0].name, format!("Person {middle}"));
}
