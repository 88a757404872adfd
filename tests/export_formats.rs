//! What an export writes, byte for byte, through the real binary: addresses exactly as held,
//! in every format; files that other programs read back (an independent vCard parser, a CSV
//! reader, vetted's own importer into a new workspace); standard output; the last batch again;
//! the address the user chose; Excel's byte-order mark.

mod common;

use common::{Run, Sandbox};

/// Know-well people, three of them with addresses a spreadsheet would run as a formula, one
/// with two addresses; two vaguely known, with and without a note.
const PEOPLE: &str = "First Name,Last Name,E-mail 1 - Value,E-mail 2 - Value,Organization Name\n\
    Ada,Lovelace,ada@analytical.example,ada.l@home.example,Analytical Engines\n\
    Plus,Sign,+plus@example.com,,\n\
    Dash,Line,-dash@example.com,,\n\
    Equals,Sign,=eq@example.com,,\n\
    Zoë,Ångström,zoe@optik.example,,Nordic Optics AB\n\
    Vague,One,vague1@example.org,,\n\
    Vague,Two,vague2@example.org,,\n";

const KNOWN: [&str; 5] = [
    "ada@analytical.example",
    "+plus@example.com",
    "-dash@example.com",
    "=eq@example.com",
    "zoe@optik.example",
];

fn sandbox() -> Sandbox {
    let sandbox = Sandbox::new();
    let file = sandbox.path("people.csv");
    std::fs::write(&file, PEOPLE).expect("write");
    let run = sandbox.run(&["import", file.to_str().expect("utf-8")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut args = vec!["mark", "--as", "know-well", "--"];
    args.extend(KNOWN);
    let run = sandbox.run(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = sandbox.run(&[
        "mark",
        "vague1@example.org",
        "--as",
        "vaguely",
        "--note",
        "We met at the Accra hackathon",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = sandbox.run(&["mark", "vague2@example.org", "--as", "vaguely"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    sandbox
}

fn export(sandbox: &Sandbox, args: &[&str]) -> Run {
    let mut all = vec!["export"];
    all.extend(args);
    let run = sandbox.run(&all);
    assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    run
}

fn path(sandbox: &Sandbox, name: &str) -> String {
    sandbox.path(name).to_str().expect("utf-8").to_string()
}

/// The values of one column of a CSV file, read with the csv crate.
fn column(bytes: &[u8], name: &str) -> Vec<String> {
    let mut reader = csv::Reader::from_reader(bytes);
    let at = reader
        .headers()
        .expect("a header")
        .iter()
        .position(|h| h == name)
        .expect("the column");
    reader
        .records()
        .map(|r| r.expect("a valid row")[at].to_string())
        .collect()
}

#[test]
fn addresses_are_written_exactly_or_left_out_of_csv_with_the_reason() {
    let sandbox = sandbox();
    let csv = path(&sandbox, "invite.csv");
    let run = export(&sandbox, &["--out", &csv]);
    let written = column(&std::fs::read(&csv).expect("the file"), "Email Address");
    assert_eq!(written, ["ada@analytical.example", "zoe@optik.example"]);
    assert!(
        run.stdout
            .contains("3 with an address a spreadsheet would run as a formula"),
        "{}",
        run.stdout
    );
    // The same people, exactly, where no spreadsheet is involved.
    let emails = path(&sandbox, "invite.txt");
    export(&sandbox, &["--out", &emails, "--format", "emails"]);
    let text = std::fs::read_to_string(&emails).expect("the file");
    assert_eq!(
        text.lines().collect::<Vec<_>>(),
        ["+plus@example.com", "-dash@example.com", "=eq@example.com"]
    );
    let vcard = path(&sandbox, "all.vcf");
    export(
        &sandbox,
        &["--out", &vcard, "--format", "vcard", "--include-exported"],
    );
    let text = std::fs::read_to_string(&vcard).expect("the file");
    for address in KNOWN {
        assert!(
            text.contains(&format!("\r\nEMAIL;TYPE=INTERNET:{address}\r\n")),
            "{address} in\n{text}"
        );
    }
}

/// Every card holds what RFC 2426 asks of a 3.0 card, as calcard (a parser vetted's writer does
/// not use) reads it: VERSION, FN, N, one EMAIL and a UID, lines of at most 75 octets.
#[test]
fn vcards_are_read_back_by_an_independent_parser_with_stable_uids() {
    let sandbox = sandbox();
    let vcard = path(&sandbox, "invite.vcf");
    export(&sandbox, &["--out", &vcard, "--format", "vcard"]);
    let bytes = std::fs::read(&vcard).expect("the file");
    let text = String::from_utf8(bytes.clone()).expect("UTF-8");
    assert!(text.split("\r\n").all(|line| line.len() <= 75));
    let mut parser = calcard::Parser::new(&text);
    let mut uids = Vec::new();
    loop {
        match parser.entry() {
            calcard::Entry::VCard(card) => {
                let names: Vec<String> = card
                    .entries
                    .iter()
                    .map(|e| e.name.as_str().to_ascii_uppercase())
                    .collect();
                for required in ["VERSION", "FN", "N", "EMAIL", "UID"] {
                    assert_eq!(
                        names.iter().filter(|n| *n == required).count(),
                        1,
                        "{required} in {names:?}"
                    );
                }
                let uid = card
                    .entries
                    .iter()
                    .find(|e| e.name.as_str().eq_ignore_ascii_case("UID"))
                    .and_then(|e| e.values.first())
                    .and_then(|v| v.as_text())
                    .expect("a UID value")
                    .to_string();
                uids.push(uid);
            }
            calcard::Entry::Eof => break,
            other => panic!("not a card: {other:?}"),
        }
    }
    assert_eq!(uids.len(), 5);
    let distinct: std::collections::BTreeSet<&String> = uids.iter().collect();
    assert_eq!(distinct.len(), 5, "one UID per contact");
    // The same batch again: the same UIDs. The same files in a new workspace: the same UIDs.
    let again = path(&sandbox, "again.vcf");
    export(&sandbox, &["--out", &again, "--format", "vcard", "--again"]);
    assert_eq!(std::fs::read(&again).expect("the file"), bytes);
    let fresh = self::sandbox();
    let other = path(&fresh, "invite.vcf");
    export(&fresh, &["--out", &other, "--format", "vcard"]);
    assert_eq!(std::fs::read(&other).expect("the file"), bytes);
}

/// Each format, imported into a new workspace, gives the same people with the same addresses.
#[test]
fn every_format_imports_again_into_the_same_people() {
    for (format, kind) in [
        ("csv", "know_well"),
        ("vcard", "know_well"),
        ("emails", "know_well"),
        ("outreach", "vaguely"),
    ] {
        let sandbox = sandbox();
        let out = path(&sandbox, &format!("out.{format}"));
        export(
            &sandbox,
            &["--out", &out, "--format", format, "--limit", "100"],
        );
        let listed = sandbox.json(&["list", "--json"]);
        let mut expected: Vec<String> = Vec::new();
        for contact in listed.as_array().expect("contacts") {
            let address = contact["preferred"]
                .as_str()
                .expect("preferred")
                .to_string();
            let formula = address.starts_with(['=', '+', '-']);
            if contact["verdict"] == kind && !(formula && matches!(format, "csv" | "outreach")) {
                expected.push(address);
            }
        }
        let fresh = Sandbox::new();
        let run = fresh.run(&["import", &out]);
        assert_eq!(run.code, 0, "{format}: {}{}", run.stdout, run.stderr);
        let mut imported: Vec<String> = fresh
            .contacts()
            .into_iter()
            .flat_map(|(_, emails)| emails)
            .collect();
        imported.sort();
        expected.sort();
        assert_eq!(imported, expected, "{format}");
        if format != "emails" {
            let names: Vec<String> = fresh.contacts().into_iter().map(|(n, _)| n).collect();
            assert!(
                names.iter().all(|n| !n.contains('@')),
                "{format}: {names:?}"
            );
        }
    }
}

#[test]
fn out_dash_writes_to_standard_output_and_the_summary_to_standard_error() {
    let sandbox = sandbox();
    let mut command = sandbox.command();
    command.current_dir(sandbox.dir.path());
    let run = Sandbox::run_with(
        &mut command,
        &["export", "--out", "-", "--format", "emails"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout.lines().collect::<Vec<_>>(),
        [
            "ada@analytical.example",
            "+plus@example.com",
            "-dash@example.com",
            "=eq@example.com",
            "zoe@optik.example"
        ]
    );
    assert!(
        run.stderr
            .contains("Wrote 5 contacts to standard output (one address a line)."),
        "{}",
        run.stderr
    );
    assert!(!sandbox.path("-").exists(), "no file named -");
    let batches = sandbox.json(&["batches", "--json"]);
    assert_eq!(batches[0]["file"], "-");
    assert_eq!(batches[0]["contacts"], 5);
}

#[test]
fn the_last_batch_is_written_again_as_the_policy_allows_it_today() {
    let sandbox = sandbox();
    let first = path(&sandbox, "first.txt");
    export(
        &sandbox,
        &["--out", &first, "--format", "emails", "--limit", "2"],
    );
    let again = path(&sandbox, "again.vcf");
    let run = export(&sandbox, &["--out", &again, "--format", "vcard", "--again"]);
    assert!(
        run.stdout
            .contains("Wrote the last batch again: 2 contacts")
    );
    assert!(run.stdout.contains("No new batch was recorded."));
    let text = std::fs::read_to_string(&again).expect("the file");
    for address in ["ada@analytical.example", "+plus@example.com"] {
        assert!(text.contains(address), "{address} in {text}");
    }
    // Marked don't know since: never written again.
    assert_eq!(
        sandbox
            .run(&["mark", "--as", "dont-know", "--", "+plus@example.com"])
            .code,
        0
    );
    let third = path(&sandbox, "third.txt");
    let run = export(
        &sandbox,
        &["--out", &third, "--format", "emails", "--again"],
    );
    assert_eq!(
        std::fs::read_to_string(&third).expect("the file"),
        "ada@analytical.example\n"
    );
    assert!(run.stdout.contains("1 don't know"), "{}", run.stdout);
    let batches = sandbox.json(&["batches", "--json"]);
    assert_eq!(batches.as_array().map(Vec::len), Some(1), "{batches}");
    // A batch of one kind is never written in a format of the other.
    let run = sandbox.run(&[
        "export",
        "--out",
        &path(&sandbox, "o.csv"),
        "--format",
        "outreach",
        "--again",
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("there is no earlier outreach batch to write again"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_chosen_address_is_the_one_exported() {
    let sandbox = sandbox();
    let run = sandbox.run(&["prefer", "ADA.L@home.example"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let listed = sandbox.json(&["list", "--json"]);
    assert_eq!(listed[0]["preferred"], "ada.l@home.example");
    assert_eq!(
        listed[0]["emails"],
        serde_json::json!(["ada.l@home.example", "ada@analytical.example"])
    );
    let csv = path(&sandbox, "invite.csv");
    export(&sandbox, &["--out", &csv]);
    let written = column(&std::fs::read(&csv).expect("the file"), "Email Address");
    assert_eq!(written, ["ada.l@home.example", "zoe@optik.example"]);
    let run = sandbox.run(&["prefer", "nobody@example.org"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("no contact has the address nobody@example.org"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_byte_order_mark_only_when_asked_and_only_for_csv() {
    let sandbox = sandbox();
    let plain = path(&sandbox, "plain.csv");
    export(&sandbox, &["--out", &plain]);
    assert!(
        std::fs::read(&plain)
            .expect("file")
            .starts_with(b"First Name,")
    );
    let marked = path(&sandbox, "marked.csv");
    export(&sandbox, &["--out", &marked, "--again", "--bom"]);
    let bytes = std::fs::read(&marked).expect("file");
    assert!(bytes.starts_with(b"\xef\xbb\xbfFirst Name,"));
    // A vCard has no byte-order mark: asking for one is a mistake, said, not ignored.
    let vcard = path(&sandbox, "marked.vcf");
    let run = sandbox.run(&[
        "export", "--out", &vcard, "--again", "--bom", "--format", "vcard",
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("--bom is for CSV files"),
        "{}",
        run.stderr
    );
    assert!(!std::path::Path::new(&vcard).exists());
}

#[test]
fn outreach_batches_hold_five_and_notes_read_as_sentences() {
    let sandbox = Sandbox::new();
    let mut text = String::from("Name,Email\n");
    for i in 0..7 {
        text.push_str(&format!("Person {i},p{i}@example.org\n"));
    }
    let file = sandbox.path("people.csv");
    std::fs::write(&file, text).expect("write");
    assert_eq!(
        sandbox.run(&["import", file.to_str().expect("utf-8")]).code,
        0
    );
    let mut args = vec![
        "mark",
        "--as",
        "vaguely",
        "--note",
        "We met at the Accra hackathon",
    ];
    let addresses: Vec<String> = (0..7).map(|i| format!("p{i}@example.org")).collect();
    args.extend(addresses.iter().map(String::as_str));
    assert_eq!(sandbox.run(&args).code, 0);
    let out = path(&sandbox, "outreach.csv");
    let run = export(&sandbox, &["--out", &out, "--format", "outreach"]);
    assert!(run.stdout.contains("Wrote 5 contacts"), "{}", run.stdout);
    assert!(
        run.stdout.contains("2 over the batch limit of 5"),
        "{}",
        run.stdout
    );
    let bytes = std::fs::read(&out).expect("file");
    let messages = column(&bytes, "Message");
    assert_eq!(
        messages[0],
        "Hi Person! We met at the Accra hackathon. I'd be glad to stay in touch here."
    );
}
