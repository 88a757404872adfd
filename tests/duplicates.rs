//! One person, one contact, through the real binary: possible duplicates proposed (and only
//! those), merge, split and keep-apart from the command line, each surviving a restart; and
//! in the store, a merge or split taken back leaves the workspace exactly as it was.

mod common;

use std::collections::BTreeSet;

use common::{Sandbox, own_fixture};
use serde_json::Value;
use vetted::contact::{ContactId, Verdict};
use vetted::store::{Origin, Workspace};

fn fixture(name: &str) -> String {
    own_fixture(name).to_string_lossy().into_owned()
}

fn imported(files: &[&str]) -> Sandbox {
    let sandbox = Sandbox::new();
    let mut args = vec!["import".to_string()];
    args.extend(files.iter().map(|f| fixture(f)));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = sandbox.run(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    sandbox
}

/// The proposed groups, each as the sorted first addresses of its contacts, with the reason.
fn proposed(sandbox: &Sandbox) -> BTreeSet<(Vec<String>, String)> {
    sandbox
        .json(&["duplicates", "--json"])
        .as_array()
        .expect("array")
        .iter()
        .map(|group| {
            let mut firsts: Vec<String> = group["contacts"]
                .as_array()
                .expect("contacts")
                .iter()
                .map(|c| c["emails"][0].as_str().expect("email").to_string())
                .collect();
            firsts.sort();
            (
                firsts,
                group["reason"].as_str().expect("reason").to_string(),
            )
        })
        .collect()
}

fn group(addresses: &[&str], reason: &str) -> (Vec<String>, String) {
    let mut firsts: Vec<String> = addresses.iter().map(|a| a.to_string()).collect();
    firsts.sort();
    (firsts, reason.to_string())
}

#[test]
fn every_intended_pair_is_proposed_and_no_pair_of_different_people() {
    let sandbox = imported(&["duplicates-book.csv"]);
    // Seven pairs written as one person each; the rest of the file (similar names, one-word
    // names, role and short local parts, organizations as names, different middle initials)
    // are different people.
    let want: BTreeSet<_> = [
        group(
            &["ada@analytical.example", "ada.l@mail.example"],
            "same name",
        ),
        group(
            &["cbabbage@engine.example", "charles@diffengine.example"],
            "same name with a middle name or initials",
        ),
        group(
            &["jose@work.example", "jmartinez@home.example"],
            "same name",
        ),
        group(
            &["grace.hopper@navy.example", "grace.hopper@vassar.example"],
            "same address name at another domain",
        ),
        group(
            &["alan@bletchley.example", "turing@manchester.example"],
            "same name",
        ),
        group(
            &["siobhan@one.example", "s.obrien@two.example"],
            "same name",
        ),
        group(
            &["jl@enterprise.example", "picard@starfleet.example"],
            "same name",
        ),
    ]
    .into_iter()
    .collect();
    assert_eq!(proposed(&sandbox), want);
    let run = sandbox.run(&["duplicates"]);
    assert!(
        run.stdout.starts_with("7 groups of possible duplicates"),
        "{}",
        run.stdout
    );
    // The command names the workspace this one works on (pasted without it, it would act on
    // the default one), and pasted into a shell it does what it says.
    let vetted = format!("vetted --workspace {}", sandbox.workspace().display());
    let merge = format!("{vetted} merge ada@analytical.example ada.l@mail.example");
    assert!(
        run.stdout.contains(&format!("one person: {merge}")),
        "{}",
        run.stdout
    );
    let mut shell = std::process::Command::new("sh");
    common::clean_environment(&mut shell, sandbox.dir.path());
    let pasted = shell
        .arg("-c")
        .arg(merge.replacen("vetted", env!("CARGO_BIN_EXE_vetted"), 1))
        .output()
        .expect("sh runs");
    assert!(pasted.status.success(), "{pasted:?}");
    assert_eq!(
        sandbox.contact("ada@analytical.example")["emails"],
        serde_json::json!(["ada@analytical.example", "ada.l@mail.example"])
    );
}

#[test]
fn merge_joins_for_good_keeps_the_cautious_verdict_and_refuses_unknown_addresses() {
    let sandbox = imported(&["duplicates-book.csv"]);
    for (address, verdict) in [
        ("ada@analytical.example", "know-well"),
        ("ada.l@mail.example", "dont-know"),
    ] {
        assert_eq!(sandbox.run(&["mark", address, "--as", verdict]).code, 0);
    }
    let before = sandbox.contacts().len();
    // An unknown address: refused, nothing changed.
    let run = sandbox.run(&["merge", "ada@analytical.example", "nobody@nowhere.example"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("no contact has the address nobody@nowhere.example; nothing was changed"),
        "{}",
        run.stderr
    );
    assert_eq!(sandbox.contacts().len(), before);

    let run = sandbox.run(&["merge", "ada@analytical.example", "ada.l@mail.example"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("Their verdicts differed (know well, don't know)"),
        "{}",
        run.stdout
    );
    // A new process reads one contact with both addresses and the cautious verdict.
    assert_eq!(sandbox.contacts().len(), before - 1);
    let ada = sandbox.contact("ada.l@mail.example");
    assert_eq!(
        ada["emails"],
        serde_json::json!(["ada@analytical.example", "ada.l@mail.example"])
    );
    assert_eq!(ada["verdict"], "dont_know");
    assert_eq!(ada["needs_review"], true);
    assert!(
        !proposed(&sandbox)
            .iter()
            .any(|(a, _)| a.contains(&"ada.l@mail.example".to_string()))
    );
    // Merging what is one contact already says so.
    let run = sandbox.run(&["merge", "ada@analytical.example", "ada.l@mail.example"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("all belong to one contact already"),
        "{}",
        run.stderr
    );
    // A re-import does not part them, nor propose them again.
    sandbox.run(&["import", &fixture("duplicates-book.csv")]);
    assert_eq!(sandbox.contacts().len(), before - 1);
}

#[test]
fn kept_apart_contacts_are_not_proposed_again_even_after_a_reimport() {
    let sandbox = imported(&["duplicates-book.csv"]);
    let pair = ["jose@work.example", "jmartinez@home.example"];
    let run = sandbox.run(&["keep-apart", pair[0], pair[1]]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let is_proposed = |s: &Sandbox| {
        proposed(s)
            .iter()
            .any(|(a, _)| a.contains(&pair[0].to_string()))
    };
    assert!(!is_proposed(&sandbox));
    sandbox.run(&["import", &fixture("duplicates-book.csv")]);
    assert!(!is_proposed(&sandbox));
    assert_eq!(
        sandbox
            .run(&["keep-apart", "--undo", pair[0], pair[1]])
            .code,
        0
    );
    assert!(is_proposed(&sandbox));
}

#[test]
fn a_team_card_that_joined_two_people_is_named_and_split_again() {
    let sandbox = Sandbox::new();
    let run = sandbox.run(&["import", &fixture("team-card.vcf")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(&format!(
            "joined \"Marta Kowalska\" and \"Sebastián Ortiz\" through team-card.vcf:#3 (it has addresses of both); if they are two people, vetted --workspace {} split seb@studio.example separates them",
            sandbox.workspace().display()
        )),
        "{}",
        run.stdout
    );
    assert_eq!(
        sandbox
            .run(&["mark", "marta@studio.example", "--as", "know-well"])
            .code,
        0
    );
    // Refused with nothing changed: every address, addresses of two contacts, unknown ones.
    for args in [
        vec!["split", "marta@studio.example", "seb@studio.example"],
        vec!["split", "nobody@nowhere.example"],
    ] {
        let run = sandbox.run(&args);
        assert_eq!(run.code, 1, "{args:?}");
        assert!(
            run.stderr.contains("nothing") || run.stderr.contains("at least one"),
            "{}",
            run.stderr
        );
    }
    assert_eq!(sandbox.contacts().len(), 1);

    let run = sandbox.run(&["split", "seb@studio.example"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("into \"Sebastián Ortiz\" (1 source moved, 1 source that brought addresses of both in both)"),
        "{}",
        run.stdout
    );
    let (marta, seb) = (
        sandbox.contact("marta@studio.example"),
        sandbox.contact("seb@studio.example"),
    );
    assert_eq!(marta["name"], "Marta Kowalska");
    assert_eq!(marta["emails"], serde_json::json!(["marta@studio.example"]));
    assert_eq!(seb["name"], "Sebastián Ortiz");
    assert_eq!(seb["emails"], serde_json::json!(["seb@studio.example"]));
    for person in [&marta, &seb] {
        assert_eq!(person["verdict"], "know_well");
        assert_eq!(person["needs_review"], true);
    }
    // Marked again as it was: no verdict changes, and the answered flag is said (it read "0
    // changed", though the contact may now be exported).
    let run = sandbox.run(&["mark", "seb@studio.example", "--as", "know-well"]);
    assert_eq!(
        run.stdout.trim(),
        "Marked 1 contact as know well (0 changed, 1 no longer to review again).",
        "{}",
        run.stderr
    );
    assert_eq!(sandbox.contact("seb@studio.example")["needs_review"], false);
    // The sources went with the addresses they brought (the team card's to both).
    let sources = |address: &str| sandbox.sources_of(address);
    assert_eq!(
        sources("marta@studio.example"),
        ["team-card.vcf:#1", "team-card.vcf:#3"]
    );
    assert_eq!(
        sources("seb@studio.example"),
        ["team-card.vcf:#2", "team-card.vcf:#3"]
    );
    let workspace = Workspace::open_read_only(&sandbox.workspace())
        .expect("opens")
        .expect("exists");
    assert!(workspace.problems().expect("checks").is_empty());
}

/// Every row of every table, as text: two equal dumps are two equal workspaces.
fn dump(workspace: &Workspace) -> Vec<String> {
    let mut rows = Vec::new();
    for contact in workspace.contacts(None).expect("contacts") {
        rows.push(format!("{contact:?}"));
        rows.push(format!(
            "{:?}",
            workspace.sources(contact.id).expect("sources")
        ));
        rows.push(format!(
            "{:?}",
            workspace.history(contact.id).expect("history")
        ));
        for address in &contact.addresses {
            rows.push(format!(
                "{address} -> {:?}",
                workspace.find_address(address).expect("finds")
            ));
        }
    }
    rows.push(format!(
        "{:?}",
        workspace
            .export_candidates("invite")
            .expect("candidates")
            .len()
    ));
    rows.push(format!("{:?}", workspace.problems().expect("problems")));
    rows
}

#[test]
fn a_merge_or_split_taken_back_leaves_the_workspace_exactly_as_it_was() {
    let sandbox = imported(&["duplicates-book.csv", "team-card.vcf"]);
    let mut workspace = Workspace::open(&sandbox.workspace()).expect("opens");
    let id = |w: &Workspace, a: &str| w.find_address(a).expect("reads").expect("known");
    let (ada, lovelace) = (
        id(&workspace, "ada@analytical.example"),
        id(&workspace, "ada.l@mail.example"),
    );
    workspace
        .mark(
            &[(ada, Verdict::KnowWell), (lovelace, Verdict::Vaguely)],
            Some("met at the Analytical Society"),
            Origin::Cli,
        )
        .expect("marks");
    let original = dump(&workspace);

    let merged = workspace.merge_contacts(&[lovelace, ada]).expect("merges");
    assert_eq!(merged.into, ada.min(lovelace));
    assert_eq!(merged.verdict, Verdict::Vaguely);
    assert!(merged.differed);
    assert_ne!(dump(&workspace), original);
    workspace.restore(&merged.before, &[]).expect("restores");
    assert_eq!(dump(&workspace), original);

    let split = vetted::duplicates::split(&mut workspace, &["seb@studio.example".to_string()])
        .expect("splits");
    assert_ne!(split.new, split.from);
    assert!(workspace.problems().expect("problems").is_empty());
    workspace
        .restore(&split.before, &[split.new])
        .expect("restores");
    assert_eq!(dump(&workspace), original);
    assert_eq!(
        workspace
            .contacts_of(&["seb@studio.example".into()])
            .expect("finds"),
        vec![id(&workspace, "marta@studio.example")]
    );
    let _: ContactId = split.from;
}

#[test]
fn a_split_takes_the_sources_that_brought_the_address_even_after_the_contact_grew() {
    let sandbox = Sandbox::new();
    let book = sandbox.path("grew.csv");
    // Row 2 makes Ada with one address; row 3 brings a second; row 4 only the second.
    std::fs::write(
        &book,
        "Name,E-mail 1 - Value,E-mail 2 - Value\n\
         Ada Lovelace,ada@one.example,\n\
         Ada Lovelace,ada@one.example,ada@two.example\n\
         Ada L.,ada@two.example,\n",
    )
    .expect("write");
    let run = sandbox.run(&["import", book.to_str().expect("utf-8")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = sandbox.run(&["split", "ada@two.example"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("(1 source moved, 1 source that brought addresses of both in both)"),
        "{}",
        run.stdout
    );
    let sources = |address: &str| sandbox.sources_of(address);
    assert_eq!(sources("ada@one.example"), ["grew.csv:2", "grew.csv:3"]);
    assert_eq!(sources("ada@two.example"), ["grew.csv:3", "grew.csv:4"]);
    // Named from its own source's record, read again from the file.
    assert_eq!(sandbox.contact("ada@two.example")["name"], "Ada L.");
}

#[test]
fn sources_still_to_be_written_are_spelt_out_when_their_contact_grows() {
    let sandbox = Sandbox::new();
    let first = sandbox.path("first.csv");
    let second = sandbox.path("second.csv");
    std::fs::write(
        &first,
        "Name,E-mail 1 - Value,E-mail 2 - Value\nAda Lovelace,ada@one.example,\n",
    )
    .expect("write");
    // Row 2 matches the contact as it is (all its addresses); row 3 brings another.
    std::fs::write(
        &second,
        "Name,E-mail 1 - Value,E-mail 2 - Value\n\
         Ada Lovelace,ada@one.example,\n\
         Ada Lovelace,ada@one.example,ada@three.example\n",
    )
    .expect("write");
    for file in [&first, &second] {
        let run = sandbox.run(&["import", file.to_str().expect("utf-8")]);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    assert_eq!(sandbox.run(&["split", "ada@three.example"]).code, 0);
    let sources = |address: &str| sandbox.sources_of(address);
    assert_eq!(
        sources("ada@one.example"),
        ["first.csv:2", "second.csv:2", "second.csv:3"]
    );
    assert_eq!(sources("ada@three.example"), ["second.csv:3"]);
}

#[test]
fn a_reimport_keeps_split_and_kept_apart_people_apart_and_their_decisions() {
    let sandbox = imported(&["team-card.vcf"]);
    assert_eq!(sandbox.run(&["split", "seb@studio.example"]).code, 0);
    for (address, verdict, note) in [
        ("marta@studio.example", "know-well", "cousin"),
        ("seb@studio.example", "vaguely", "her partner"),
    ] {
        let run = sandbox.run(&["mark", address, "--as", verdict, "--note", note]);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    // The team card has both addresses again: it joins nobody, and says why.
    let run = sandbox.run(&["import", &fixture("team-card.vcf")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("team-card.vcf:#3: has addresses of contacts you said are different people (keep-apart, split); they stay apart"),
        "{}",
        run.stdout
    );
    let (marta, seb) = (
        sandbox.contact("marta@studio.example"),
        sandbox.contact("seb@studio.example"),
    );
    assert_eq!(
        (&marta["verdict"], &marta["note"]),
        (&json_str("know_well"), &json_str("cousin"))
    );
    assert_eq!(
        (&seb["verdict"], &seb["note"]),
        (&json_str("vaguely"), &json_str("her partner"))
    );
    assert_eq!(sandbox.contacts().len(), 2);

    // Kept apart by hand: the same.
    let sandbox = Sandbox::new();
    let book = sandbox.path("pair.csv");
    std::fs::write(&book, "Name,E-mail 1 - Value\nAlan Turing,alan@bletchley.example\nAlan Turing,turing@manchester.example\n").expect("write");
    assert_eq!(
        sandbox.run(&["import", book.to_str().expect("utf-8")]).code,
        0
    );
    assert_eq!(
        sandbox
            .run(&[
                "keep-apart",
                "alan@bletchley.example",
                "turing@manchester.example"
            ])
            .code,
        0
    );
    let both = sandbox.path("both.csv");
    std::fs::write(&both, "Name,E-mail 1 - Value,E-mail 2 - Value\nA. Turing,alan@bletchley.example,turing@manchester.example\n").expect("write");
    let run = sandbox.run(&["import", both.to_str().expect("utf-8")]);
    assert!(run.stdout.contains("they stay apart"), "{}", run.stdout);
    assert_eq!(sandbox.contacts().len(), 2);
    // Taking back a keep-apart that was never made says so.
    let run = sandbox.run(&[
        "keep-apart",
        "--undo",
        "ada@analytical.example",
        "alan@bletchley.example",
    ]);
    assert!(
        run.stderr
            .contains("no contact has the address ada@analytical.example"),
        "{}",
        run.stderr
    );
    assert_eq!(
        sandbox
            .run(&[
                "keep-apart",
                "--undo",
                "alan@bletchley.example",
                "turing@manchester.example"
            ])
            .code,
        0
    );
    let run = sandbox.run(&[
        "keep-apart",
        "--undo",
        "alan@bletchley.example",
        "turing@manchester.example",
    ]);
    assert!(
        run.stdout
            .contains("were not kept apart; nothing was changed"),
        "{}",
        run.stdout
    );
}

fn json_str(text: &str) -> Value {
    Value::String(text.to_string())
}

#[test]
fn a_team_card_read_first_is_named_when_each_person_comes() {
    let sandbox = Sandbox::new();
    let book = sandbox.path("both.vcf");
    std::fs::write(
        &book,
        "BEGIN:VCARD\nVERSION:3.0\nFN:The Nguyens\nEMAIL:tam@nguyen.example\nEMAIL:linh@nguyen.example\nEND:VCARD\n\
         BEGIN:VCARD\nVERSION:3.0\nFN:Tam Nguyen\nEMAIL:tam@nguyen.example\nEND:VCARD\n\
         BEGIN:VCARD\nVERSION:3.0\nFN:Linh Nguyen\nEMAIL:linh@nguyen.example\nEND:VCARD\n",
    )
    .expect("write");
    let run = sandbox.run(&["import", book.to_str().expect("utf-8")]);
    assert!(
        run.stdout.contains(&format!("both.vcf:#3: \"Linh Nguyen\" has only some of the addresses of \"The Nguyens\"; if they are different people, vetted --workspace {} split linh@nguyen.example separates them", sandbox.workspace().display())),
        "{}",
        run.stdout
    );
    // Said once: importing the file again does not repeat it.
    let run = sandbox.run(&["import", book.to_str().expect("utf-8")]);
    assert!(!run.stdout.contains("only some"), "{}", run.stdout);
    assert_eq!(sandbox.run(&["split", "linh@nguyen.example"]).code, 0);
    let names: BTreeSet<String> = sandbox.contacts().into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        names,
        ["Linh Nguyen".to_string(), "Tam Nguyen".to_string()]
            .into_iter()
            .collect()
    );
}

/// A record under one name that shares one address with another person's contact and brings
/// its own: the split it suggests takes its own addresses only, and following it leaves the
/// shared one with the contact that had it (a trial's suggested split gave Marta Tomás's work
/// address, written in capitals in her record, and made it her export address).
#[test]
fn a_suggested_split_takes_only_the_addresses_the_record_brought() {
    let sandbox = Sandbox::new();
    let book = sandbox.path("people.csv");
    std::fs::write(
        &book,
        "Name,E-mail 1 - Value,E-mail 2 - Value,E-mail 3 - Value\n\
         Tomás Ås,tomas.as@work.example,tomas@gmail.example,tomas@mail.example\n\
         Marta Vogel,marta@work.example,marta@mail.example,TOMAS.AS@WORK.EXAMPLE\n",
    )
    .expect("write");
    let run = sandbox.run(&["import", book.to_str().expect("utf-8")]);
    assert!(
        run.stdout.contains(&format!(
            "people.csv:3: \"Marta Vogel\" has only some of the addresses of \"Tomás Ås\"; if they are different people, vetted --workspace {} split marta@work.example marta@mail.example separates them",
            sandbox.workspace().display()
        )),
        "{}",
        run.stdout
    );
    let split = sandbox.run(&["split", "marta@work.example", "marta@mail.example"]);
    assert_eq!(split.code, 0, "{}{}", split.stdout, split.stderr);
    let marta = sandbox.contact("marta@work.example");
    assert_eq!(marta["name"], "Marta Vogel");
    assert_eq!(
        marta["emails"],
        serde_json::json!(["marta@work.example", "marta@mail.example"])
    );
    let tomas = sandbox.contact("tomas.as@work.example");
    assert_eq!(tomas["name"], "Tomás Ås");
    assert_eq!(
        tomas["emails"],
        serde_json::json!([
            "tomas.as@work.example",
            "tomas@gmail.example",
            "tomas@mail.example"
        ])
    );
}

#[test]
fn a_merged_contact_exports_its_name_in_first_and_last_parts() {
    let sandbox = Sandbox::new();
    let book = sandbox.path("names.csv");
    // The older contacts carry the names as people write them; the files give no name parts.
    std::fs::write(
        &book,
        "Name,E-mail 1 - Value\n\"Lovelace, Ada\",ada.l@mail.example\nAda Lovelace,ada@analytical.example\n\
         Dr. Alan Turing,alan@bletchley.example\nGrace M. Hopper,grace@navy.example\n",
    )
    .expect("write");
    assert_eq!(
        sandbox.run(&["import", book.to_str().expect("utf-8")]).code,
        0
    );
    for address in [
        "ada.l@mail.example",
        "ada@analytical.example",
        "alan@bletchley.example",
        "grace@navy.example",
    ] {
        assert_eq!(sandbox.run(&["mark", address, "--as", "know-well"]).code, 0);
    }
    assert_eq!(
        sandbox
            .run(&["merge", "ada@analytical.example", "ada.l@mail.example"])
            .code,
        0
    );
    let out = sandbox.path("out.csv");
    let run = sandbox.run(&["export", "--out", out.to_str().expect("utf-8")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(&out).expect("written");
    let rows: Vec<&str> = text.lines().skip(1).collect();
    assert_eq!(rows.len(), 3, "one row a person:\n{text}");
    for (first, last) in [
        ("Ada", "Lovelace"),
        ("Alan", "Turing"),
        ("Grace M.", "Hopper"),
    ] {
        assert!(
            rows.iter()
                .any(|r| r.starts_with(&format!("{first},{last},"))),
            "{first} {last}:\n{text}"
        );
    }
}

#[test]
fn a_merge_keeps_the_fuller_name_so_a_different_middle_is_not_proposed_next() {
    let sandbox = Sandbox::new();
    let book = sandbox.path("r2.csv");
    std::fs::write(
        &book,
        "Name,E-mail Address\nAda Lovelace,x1@a.example\nAda B. Lovelace,x3@c.example\nAda C. Lovelace,x5@e.example\n",
    )
    .expect("write");
    assert_eq!(
        sandbox.run(&["import", book.to_str().expect("utf-8")]).code,
        0
    );
    assert_eq!(
        sandbox.run(&["merge", "x1@a.example", "x3@c.example"]).code,
        0
    );
    assert_eq!(sandbox.contact("x1@a.example")["name"], "Ada B. Lovelace");
    assert_eq!(
        proposed(&sandbox),
        BTreeSet::new(),
        "B. and C. are different people"
    );
}

/// Notes about joined cards are listed like other problems: the first five, then how many
/// more, and all with --verbose (a user trial's 100k book printed 2,000 such lines).
#[test]
fn many_team_cards_are_listed_five_then_counted() {
    let sandbox = Sandbox::new();
    let book = sandbox.path("teams.vcf");
    let mut text = String::new();
    for i in 0..8 {
        text.push_str(&format!(
            "BEGIN:VCARD\nVERSION:3.0\nFN:Team {i}\nEMAIL:a{i}@t.example\nEMAIL:b{i}@t.example\nEND:VCARD\n"
        ));
    }
    for i in 0..8 {
        text.push_str(&format!(
            "BEGIN:VCARD\nVERSION:3.0\nFN:Person {i}\nEMAIL:b{i}@t.example\nEND:VCARD\n"
        ));
    }
    std::fs::write(&book, &text).expect("write");
    let run = sandbox.run(&["import", "--dry-run", book.to_str().expect("utf-8")]);
    assert_eq!(
        run.stdout.matches("has only some of the addresses").count(),
        5,
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("... and 3 more (--verbose lists them all)"),
        "{}",
        run.stdout
    );
    let run = sandbox.run(&["import", "--verbose", book.to_str().expect("utf-8")]);
    assert_eq!(
        run.stdout.matches("has only some of the addresses").count(),
        8,
        "{}",
        run.stdout
    );
}

/// A split names each half from the records its sources point at, read again from their
/// files. A file changed since (a card added above) has someone else at that card number:
/// such a record no longer holds the addresses it brought and names nobody.
#[test]
fn a_split_never_names_a_half_after_a_record_that_moved_in_its_file() {
    let sandbox = Sandbox::new();
    let file = sandbox.path("r.vcf");
    let card = |name: &str, n: &str, address: &str| {
        format!(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{name}\r\nN:{n}\r\nEMAIL:{address}\r\nEND:VCARD\r\n"
        )
    };
    let grace = card("Grace Hopper", "Hopper;Grace;;;", "grace@navy.example");
    let amazing = card("Amazing Grace", "Grace;Amazing;;;", "grace@home.example");
    std::fs::write(&file, format!("{grace}{amazing}")).expect("write");
    assert_eq!(
        sandbox.run(&["import", file.to_str().expect("utf-8")]).code,
        0
    );
    let merged = sandbox.run(&["merge", "grace@navy.example", "grace@home.example"]);
    assert_eq!(merged.code, 0, "{}", merged.stderr);
    let mallory = card(
        "Mallory Intruder",
        "Intruder;Mallory;;;",
        "mallory@evil.example",
    );
    std::fs::write(&file, format!("{mallory}{grace}{amazing}")).expect("write");
    let split = sandbox.run(&["split", "grace@home.example"]);
    assert_eq!(split.code, 0, "{}", split.stderr);
    assert!(!split.stdout.contains("Mallory"), "{}", split.stdout);
    let listed = sandbox.json(&["list", "--json"]);
    let names: Vec<&str> = listed
        .as_array()
        .expect("a list")
        .iter()
        .map(|c| c["name"].as_str().expect("a name"))
        .collect();
    assert_eq!(names.len(), 2, "{listed}");
    assert!(names.iter().all(|n| !n.contains("Mallory")), "{names:?}");
}
