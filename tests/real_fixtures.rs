//! Every address book under ../shared/fixtures/real (written by other programs) imports through
//! the real binary with exit 0, yielding exactly the contacts a careful reader of the file
//! expects, and the skipped records it should report.
//!
//! Those files are not in the repository. Without them (a clone on its own) these tests are
//! listed as ignored, with the reason; build.rs decides, and the first test below checks that
//! it decided by the folder, so they can never be ignored where the files are.

mod common;

use common::{Sandbox, real_fixtures};

/// The tests below run exactly when the folder is there: build.rs sets `real_fixtures` by the
/// same rule (`VETTED_REAL_FIXTURES`, else `../shared/fixtures/real`).
#[test]
fn the_real_fixture_tests_run_exactly_when_the_files_are_here() {
    let folder = match std::env::var_os("VETTED_REAL_FIXTURES") {
        Some(folder) => std::path::PathBuf::from(folder),
        None => std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/real"),
    };
    assert_eq!(
        cfg!(real_fixtures),
        folder.is_dir(),
        "{} is {}there, but the tests were built as if it were {}; touch build.rs to rebuild",
        folder.display(),
        if folder.is_dir() { "" } else { "not " },
        if cfg!(real_fixtures) { "" } else { "not" },
    );
}

type Expected = &'static [(&'static str, &'static [&'static str])];

/// (file, contacts as (name, addresses), the summary's "skipped" line or "" for none; or, for a
/// file that holds nobody to import, "refused: " and the reason the error gives)
const FIXTURES: &[(&str, Expected, &str)] = &[
    // CSV
    (
        "csv/horde-Outlook.csv",
        &[("Firman Wandayandi", &["firman@php.net"])],
        "",
    ),
    (
        "csv/horde-WAB.csv",
        &[("Firman Wandayandi", &["firman@php.net"])],
        "",
    ),
    (
        "csv/horde-Yahoo.csv",
        &[("Firman Wandayandi", &["firman@php.net"])],
        "",
    ),
    (
        "csv/horde-bug_6311.csv",
        &[("John Smith", &["john@example.com"])],
        "",
    ),
    ("csv/linkedin-Connections.csv", &[], ""),
    (
        "csv/rolomind-google.csv",
        &[
            ("John Doe", &["john@example.com"]),
            ("Jane Smith", &["jane@example.com"]),
            ("Bob Wilson", &["bob@startup.com"]),
            ("Alice Brown", &["alice.brown@email.com"]),
        ],
        "",
    ),
    (
        "csv/roundcube-all.csv",
        &[(
            "Display Name",
            &["home@example.com", "work@example.com", "other@example.com"],
        )],
        "",
    ),
    (
        "csv/roundcube-gmail.csv",
        &[(
            "Prefix Firstname Middle Lastname Suffix",
            &[
                "home@aaa.pl",
                "work@email.pl",
                "unknown@email.com",
                "other@email.com",
            ],
        )],
        "",
    ),
    (
        "csv/tb-basic_addressbook.csv",
        &[("John Doe", &["johndoe@host.invalid"])],
        "",
    ),
    (
        "csv/tb-csv_no_header.csv",
        &[
            ("John Doe", &["john@doe.invalid"]),
            ("Jane Doe", &["jane@doe.invalid"]),
        ],
        "",
    ),
    (
        "csv/tb-csv_semicolon.csv",
        &[
            ("John Doe", &["john@doe.invalid"]),
            ("Jane Doe", &["jane@doe.invalid"]),
        ],
        "",
    ),
    (
        "csv/tb-export.csv",
        &[
            ("contact number one", &["contact1@invalid"]),
            ("contact number two", &["contact2@invalid"]),
        ],
        "",
    ),
    (
        "csv/tb-quote.csv",
        &[],
        "refused: its only record has no email address vetted can use",
    ),
    // LDIF
    (
        "ldif/mailpile-contacttest.ldif",
        &[("Douglas Adams", &["Douglas@douglasadams.com"])],
        "",
    ),
    (
        "ldif/tb-basic_ldif_addressbook.ldif",
        &[(
            "Display Name",
            &["primaryemail@host.invalid", "secondemail@host.invalid"],
        )],
        "",
    ),
    (
        "ldif/tb-export.ldif",
        &[
            ("contact number one", &["contact1@invalid"]),
            ("contact number two", &["contact2@invalid"]),
        ],
        "1 skipped: 1 group (not a person)",
    ),
    (
        "ldif/tb-import.ldif",
        &[("contact number one", &["contact1@invalid"])],
        "1 skipped: 1 group (not a person)",
    ),
    (
        "ldif/turba-import.ldif",
        &[
            ("John Smith", &["js23@school.edu"]),
            ("Charlie Brown", &["brown@school.edu", "brown@gmail.com"]),
        ],
        "",
    ),
    // vCard 2.1
    (
        "vcard21/android-v21_complicated.vcf",
        &[(
            "Joe Due",
            &["forrestgump@walladalla.com", "cell@example.com"],
        )],
        "",
    ),
    (
        "vcard21/android-v21_multiple_entry.vcf",
        &[],
        "refused: none of its 3 records has an email address vetted can use",
    ),
    (
        "vcard21/ezvcard-John_Doe_ANDROID.vcf",
        &[
            ("john.doe", &["john.doe@company.com"]),
            ("jane.doe", &["jane.doe@company.com"]),
            ("Ñ Ñ Ñ Ñ", &["bob@company.com"]),
            ("ÑÑÑÑ", &["henry@company.com"]),
        ],
        "2 skipped: 2 without an email address",
    ),
    (
        "vcard21/ezvcard-John_Doe_BLACK_BERRY.vcf",
        &[],
        "refused: its only record has no email address vetted can use",
    ),
    (
        "vcard21/ezvcard-outlook-2003.vcf",
        &[("John Doe III", &["jdoe@hotmail.com"])],
        "",
    ),
    (
        "vcard21/ezvcard-outlook-2007.vcf",
        &[("Mr. Michael Angstadt Jr.", &["mike.angstadt@gmail.com"])],
        "",
    ),
    (
        "vcard21/kcontacts-vcard10.vcf",
        &[],
        "refused: none of its 5 records has an email address vetted can use",
    ),
    (
        "vcard21/tb-emptylines_vcard_addressbook.vcf",
        &[
            ("John Doe", &["john.doe@genericemail.invalid"]),
            ("Jane Doe", &["jane.doe@genericemail.invalid"]),
        ],
        "",
    ),
    (
        "vcard21/turba-export_21.vcf",
        &[("Jan Schneiderö", &["jan@horde.org"])],
        "",
    ),
    // vCard 3.0
    (
        "vcard30/ezvcard-John_Doe_EVOLUTION.vcf",
        &[("Mr. John Richter, James Doe Sr.", &["john.doe@ibm.com"])],
        "",
    ),
    (
        "vcard30/ezvcard-John_Doe_IPHONE.vcf",
        &[("Mr. John Richter James Doe Sr.", &["john.doe@ibm.com"])],
        "",
    ),
    (
        "vcard30/ezvcard-John_Doe_MAC_ADDRESS_BOOK.vcf",
        &[("Mr. John Richter,James Doe Sr.", &["john.doe@ibm.com"])],
        "",
    ),
    (
        "vcard30/ezvcard-gmail-single2.vcf",
        &[(
            "VCard Test",
            &[
                "email@example.com",
                "homeemail@example.com",
                "workemail@example.com",
                "otheremail@example.com",
                "customcategory@example.com",
            ],
        )],
        "",
    ),
    (
        "vcard30/ezvcard-thunderbird-MoreFunctions.vcf",
        &[(
            "John Doe",
            &[
                "doe.john@hotmail.com",
                "additional-email@company.com",
                "additional-email1@company.com",
                "additional-email2@company.com",
                "additional-email3@company.com",
            ],
        )],
        "",
    ),
    (
        "vcard30/kcontacts-vcard9.vcf",
        &[],
        "refused: its only record has no email address vetted can use",
    ),
    (
        "vcard30/roundcube-apple.vcf",
        &[],
        "refused: its only record has no email address vetted can use",
    ),
    (
        "vcard30/tb-dos_vcard_addressbook.vcf",
        &[("Name Surname", &["example@gmail.com"])],
        "",
    ),
    (
        "vcard30/tb-v3-binary-jpeg.vcf",
        &[],
        "refused: its only record has no email address vetted can use",
    ),
    (
        "vcard30/turba-bug_9207.vcf",
        &[("Mr. Jan K. Schneiderö", &["jan@horde.org"])],
        "",
    ),
    // vCard 4.0
    (
        "vcard40/android-v40_sort_as.vcf",
        &[],
        "refused: its only record has no email address vetted can use",
    ),
    (
        "vcard40/calcard-049.vcf",
        &[("Simon Perreault", &["simon.perreault@viagenie.ca"])],
        "",
    ),
    (
        "vcard40/ezvcard-fullcontact.vcf",
        &[(
            "Prefix FirstName MiddleName LastName Suffix",
            &[
                "home@example.com",
                "work@example.com",
                "school@example.com",
                "other@example.com",
                "custom@example.com",
            ],
        )],
        "",
    ),
    (
        "vcard40/khard-altid.vcf",
        &[],
        "refused: its only record has no email address vetted can use",
    ),
    (
        "vcard40/khard-photov4.vcf",
        &[],
        "refused: its only record has no email address vetted can use",
    ),
    (
        "vcard40/tb-import.vcf",
        &[("contact number one", &["contact1@invalid"])],
        "",
    ),
    (
        "vcard40/tb-v4-uri-png.vcf",
        &[],
        "refused: its only record has no email address vetted can use",
    ),
];

/// The files that hold someone to import.
fn importable() -> impl Iterator<Item = &'static (&'static str, Expected, &'static str)> {
    FIXTURES
        .iter()
        .filter(|(_, _, skipped)| !skipped.starts_with("refused: "))
}

fn import_one(relative: &str) -> (Sandbox, common::Run) {
    let sandbox = Sandbox::new();
    let path = real_fixtures().join(relative);
    let run = sandbox.run(&["import", path.to_str().expect("utf-8 path")]);
    (sandbox, run)
}

#[test]
#[cfg_attr(
    not(real_fixtures),
    ignore = "reads ../shared/fixtures/real (or VETTED_REAL_FIXTURES), third-party files not in the repository"
)]
fn every_real_address_book_imports_exactly() {
    let mut failures = Vec::new();
    for (relative, expected, skipped) in FIXTURES {
        let (sandbox, run) = import_one(relative);
        if let Some(reason) = skipped.strip_prefix("refused: ") {
            // Refused with its reason, and nothing created.
            if run.code != 1 || !run.stderr.contains(reason) || sandbox.workspace().exists() {
                failures.push(format!(
                    "{relative}: want refused ({reason}), got exit {}: {}{}",
                    run.code, run.stdout, run.stderr
                ));
            }
            continue;
        }
        if run.code != 0 {
            failures.push(format!("{relative}: exit {} ({})", run.code, run.stderr));
            continue;
        }
        let got = sandbox.contacts();
        let want: Vec<(String, Vec<String>)> = expected
            .iter()
            .map(|(name, emails)| {
                (
                    name.to_string(),
                    emails.iter().map(|e| e.to_string()).collect(),
                )
            })
            .collect();
        if got != want {
            failures.push(format!("{relative}:\n  got  {got:?}\n  want {want:?}"));
        }
        let skipped_line = run
            .stdout
            .lines()
            .find(|l| l.contains(" skipped: "))
            .map(str::trim)
            .unwrap_or("");
        if skipped_line != *skipped {
            failures.push(format!(
                "{relative}: skipped line {skipped_line:?}, want {skipped:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
#[cfg_attr(
    not(real_fixtures),
    ignore = "reads ../shared/fixtures/real (or VETTED_REAL_FIXTURES), third-party files not in the repository"
)]
fn every_real_address_book_is_covered() {
    let root = real_fixtures();
    for folder in ["csv", "ldif", "vcard21", "vcard30", "vcard40"] {
        for entry in std::fs::read_dir(root.join(folder)).expect("folder") {
            let name = format!(
                "{folder}/{}",
                entry.expect("entry").file_name().to_string_lossy()
            );
            assert!(
                FIXTURES.iter().any(|(f, _, _)| *f == name),
                "{name} has no expectation here"
            );
        }
    }
}

#[test]
#[cfg_attr(
    not(real_fixtures),
    ignore = "reads ../shared/fixtures/real (or VETTED_REAL_FIXTURES), third-party files not in the repository"
)]
fn no_name_shows_encoding_remnants() {
    let sandbox = Sandbox::new();
    let root = real_fixtures();
    let mut args = vec!["import".to_string()];
    for (relative, _, _) in importable() {
        args.push(root.join(relative).to_string_lossy().into_owned());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = sandbox.run(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let listed = sandbox.json(&["list", "--json"]);
    for contact in listed.as_array().expect("array") {
        for field in ["name", "organization", "title"] {
            let value = contact[field].as_str().expect("string");
            for remnant in [
                "=C3", "=20", "\\,", "\\;", "\\n", "Ã", "\u{fffd}", "=\r", "\r", "\n",
            ] {
                assert!(
                    !value.contains(remnant),
                    "{field} {value:?} contains {remnant:?}"
                );
            }
        }
    }
}

#[test]
#[cfg_attr(
    not(real_fixtures),
    ignore = "reads ../shared/fixtures/real (or VETTED_REAL_FIXTURES), third-party files not in the repository"
)]
fn importing_every_file_twice_changes_nothing() {
    let sandbox = Sandbox::new();
    let root = real_fixtures();
    let files: Vec<String> = importable()
        .map(|(f, _, _)| root.join(f).to_string_lossy().into_owned())
        .collect();
    let mut args = vec!["import"];
    args.extend(files.iter().map(String::as_str));
    assert_eq!(sandbox.run(&args).code, 0);
    let first = sandbox.json(&["list", "--json"]);
    assert_eq!(sandbox.run(&args).code, 0);
    assert_eq!(sandbox.json(&["list", "--json"]), first);
}

/// Every real mailbox, its number of messages (SOURCES.md) and how many of them name a sender.
/// A naive split on lines starting with "From " gets several of them wrong.
const MAILBOXES: &[(&str, u64, u64)] = &[
    ("tb-mbox_modern.mbox", 2, 2),
    ("tb-mbox_mboxrd.mbox", 2, 2),
    ("mailutils-teaparty.mbox", 95, 95),
    ("mailutils-bigto.mbox", 1, 1),
    ("mime4j-mbox.rlug.mbox", 5, 5),
    ("mbox-messageparser-mailarc-1.mbox", 16, 16),
    // One message (line 1009) was sent with ELM and has no From: header at all.
    ("mailbox-mbox.src.mbox", 45, 44),
    ("roundcube-import.mbox", 3, 3),
];

#[test]
#[cfg_attr(
    not(real_fixtures),
    ignore = "reads ../shared/fixtures/real (or VETTED_REAL_FIXTURES), third-party files not in the repository"
)]
fn every_real_mailbox_scans_with_exact_message_counts() {
    let root = real_fixtures().join("mbox");
    let mut failures = Vec::new();
    for entry in std::fs::read_dir(&root).expect("mbox folder") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        let Some((_, expected, senders)) = MAILBOXES.iter().find(|(n, _, _)| *n == name) else {
            failures.push(format!("{name} has no expectation here"));
            continue;
        };
        let file = std::fs::File::open(root.join(&name)).expect("open");
        let mut with_sender = 0;
        let messages = vetted::import::mail::scan_mbox(
            file,
            &mut |headers, _| {
                with_sender +=
                    usize::from(!vetted::import::mail::envelope(headers).from.is_empty());
            },
            &mut |_| {},
        )
        .expect("scans");
        if messages != *expected || with_sender as u64 != *senders {
            failures.push(format!(
                "{name}: {messages} messages ({with_sender} with a sender), want {expected} ({senders})"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
#[cfg_attr(
    not(real_fixtures),
    ignore = "reads ../shared/fixtures/real (or VETTED_REAL_FIXTURES), third-party files not in the repository"
)]
fn every_real_mailbox_imports_as_mail_history() {
    // Each archive is someone else's mail: each goes into a workspace of its own (in one
    // workspace, the user would be whoever is in the most messages of all of them).
    let root = real_fixtures().join("mbox");
    let mut added = 0;
    for (name, messages, _) in MAILBOXES {
        let sandbox = Sandbox::new();
        let path = root.join(name);
        let run = sandbox.run(&[
            "import",
            path.to_str().expect("utf-8"),
            "--add-correspondents",
            "1",
        ]);
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        let expected = format!(
            "{name}: mail archive (mbox), {messages} message{}",
            if *messages == 1 { "" } else { "s" }
        );
        assert!(
            run.stdout.contains(&expected),
            "{expected:?} in {}",
            run.stdout
        );
        let listed = sandbox.json(&["list", "--json"]);
        let contacts = listed.as_array().expect("array");
        assert!(
            contacts.iter().all(|c| c["sent"].as_u64() >= Some(1)),
            "{name}: only people written to were added"
        );
        added += contacts.len();
    }
    // Most of these archives are mailing lists: whoever is in the most messages (the list)
    // writes to few people. 14 when this was written.
    assert!(added >= 10, "{added} contacts");
}
