//! Signals that speed up triage, through the real binary: mail history from mbox files and
//! Maildirs, role-address and two-way suggestions, LinkedIn connections and invitations, and
//! what they do to `list --json`, the export and `vetted withdraw`.

mod common;

use common::{Sandbox, own_fixture};
use serde_json::Value;

fn fixture(name: &str) -> String {
    own_fixture(name).to_string_lossy().into_owned()
}

/// A sandbox with the mail scenario's address book imported.
fn with_book() -> Sandbox {
    let sandbox = Sandbox::new();
    let run = sandbox.run(&["import", &fixture("mail-history-book.csv")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    sandbox
}

fn history(sandbox: &Sandbox, address: &str) -> (u64, u64, Value) {
    let c = sandbox.contact(address);
    (
        c["sent"].as_u64().expect("sent"),
        c["received"].as_u64().expect("received"),
        c["last_contact"].clone(),
    )
}

#[test]
fn mail_history_counts_each_way_and_a_reimport_replaces_it() {
    let sandbox = with_book();
    let run = sandbox.run(&["import", &fixture("mail-history.mbox")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for line in [
        "mail-history.mbox: mail archive (mbox), 10 messages",
        "your address: me@home.example (it is in the most messages)",
        "4 correspondents in all the mail imported: 2 both ways, 1 only written to, 1 only heard from",
        "3 contacts have mail history",
    ] {
        assert!(run.stdout.contains(line), "{line:?} in:\n{}", run.stdout);
    }
    let ada = (3, 3, Value::from("2024-03-06"));
    assert_eq!(history(&sandbox, "ada@analytical.example"), ada);
    // Bcc counts as written to; the message without a Date still counts.
    let zoe = (2, 1, Value::from("2024-03-05"));
    assert_eq!(history(&sandbox, "zoe@optik.example"), zoe);
    let github = (0, 2, Value::from("2024-03-08"));
    assert_eq!(history(&sandbox, "noreply@github.com"), github);
    let grace = (0, 0, Value::Null);
    assert_eq!(history(&sandbox, "grace@navy.example"), grace);

    let again = sandbox.run(&["import", &fixture("mail-history.mbox")]);
    assert!(
        again
            .stdout
            .contains("imported before: its messages are counted once, not added again"),
        "{}",
        again.stdout
    );
    assert_eq!(
        history(&sandbox, "ada@analytical.example"),
        ada,
        "not doubled"
    );
}

#[test]
fn suggestions_and_flags_follow_the_evidence() {
    let sandbox = with_book();
    assert_eq!(
        sandbox.run(&["import", &fixture("mail-history.mbox")]).code,
        0
    );
    let github = sandbox.contact("noreply@github.com");
    assert_eq!(github["flags"], serde_json::json!(["role_address"]));
    assert_eq!(github["suggested"], "dont_know");
    let ada = sandbox.contact("ada@analytical.example");
    assert_eq!(ada["suggested"], "know_well", "three messages each way");
    assert_eq!(ada["flags"], serde_json::json!([]));
    assert_eq!(
        sandbox.contact("zoe@optik.example")["suggested"],
        Value::Null
    );
    // A decision is never second-guessed.
    assert_eq!(
        sandbox
            .run(&["mark", "noreply@github.com", "--as", "know-well"])
            .code,
        0
    );
    assert_eq!(
        sandbox.contact("noreply@github.com")["suggested"],
        Value::Null
    );
}

#[test]
fn configured_addresses_decide_what_was_sent() {
    let sandbox = with_book();
    let config = sandbox.path("config.toml");
    // Ada's address as the user's own: what she sent is now "sent by the user".
    std::fs::write(
        &config,
        "[identity]\naddresses = [\"ADA@analytical.example\"]\n",
    )
    .expect("write");
    let run = Sandbox::run_with(
        sandbox.command().arg("--config").arg(&config),
        &["import", &fixture("mail-history.mbox")],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("your address: ada@analytical.example (from the configuration)"),
        "{}",
        run.stdout
    );
    assert_eq!(
        history(&sandbox, "zoe@optik.example").0,
        0,
        "Ada never wrote to Zoë"
    );
}

#[test]
fn correspondents_can_become_contacts() {
    let sandbox = Sandbox::new();
    let run = sandbox.run(&[
        "import",
        &fixture("mail-history.mbox"),
        "--add-correspondents",
        "2",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("2 contacts added"), "{}", run.stdout);
    let names: Vec<(String, Vec<String>)> = sandbox.contacts();
    let mut addresses: Vec<String> = names.iter().flat_map(|(_, a)| a.clone()).collect();
    addresses.sort();
    assert_eq!(
        addresses,
        ["ada@analytical.example", "zoe@optik.example"],
        "written to at least twice; Charles (once) and GitHub (never) are not added"
    );
    assert!(names.iter().any(|(n, _)| n == "Ada Lovelace"), "{names:?}");
    assert!(
        names.iter().any(|(n, _)| n == "Zoë Ångström"),
        "the RFC 2047 name: {names:?}"
    );
}

#[test]
fn a_maildir_folder_is_read_message_by_message() {
    let sandbox = with_book();
    let maildir = sandbox.path("Mail/INBOX");
    for sub in ["cur", "new", "tmp"] {
        std::fs::create_dir_all(maildir.join(sub)).expect("mkdir");
    }
    let message = |from: &str, to: &str, day: u32| {
        format!(
            "From: {from}\r\nTo: {to}\r\nSubject: hi\r\nDate: {day} Apr 2024 10:00:00 +0000\r\n\r\nbody\r\nFrom: not a header\r\n"
        )
    };
    let files = [
        (
            "cur/1.host:2,S",
            message("me@home.example", "ada@analytical.example", 1),
        ),
        (
            "cur/2.host:2,S",
            message("me@home.example", "ada@analytical.example", 2),
        ),
        (
            "new/3.host",
            message("ada@analytical.example", "me@home.example", 3),
        ),
    ];
    for (name, text) in files {
        std::fs::write(maildir.join(name), text).expect("write");
    }
    let run = sandbox.run(&["import", maildir.to_str().expect("utf-8")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("mail folder (Maildir), 3 messages"),
        "{}",
        run.stdout
    );
    assert_eq!(
        history(&sandbox, "ada@analytical.example"),
        (2, 1, Value::from("2024-04-03"))
    );
    // A folder that is not a Maildir is refused, naming what to do.
    let plain = sandbox.path("plain");
    std::fs::create_dir_all(&plain).expect("mkdir");
    let run = sandbox.run(&["import", plain.to_str().expect("utf-8")]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("is a folder"), "{}", run.stderr);
}

#[test]
fn linkedin_invitations_flag_contacts_and_withdraw_lists_the_regretted_ones() {
    let sandbox = Sandbox::new();
    assert_eq!(
        sandbox
            .run(&["import", &fixture("linkedin-people.csv")])
            .code,
        0
    );
    let run = sandbox.run(&["import", &fixture("linkedin-invitations.csv")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("2 invitations sent (2 to contacts here, by name)"),
        "{}",
        run.stdout
    );
    assert_eq!(
        sandbox.contact("olu@x.example")["flags"],
        serde_json::json!(["invited"])
    );
    assert_eq!(
        sandbox.contact("priya@x.example")["flags"],
        serde_json::json!(["invited_you"]),
        "she invited the user: her invitation is to be accepted"
    );

    let none = sandbox.run(&["withdraw"]);
    assert!(
        none.stdout.contains("No pending LinkedIn invitations"),
        "{}",
        none.stdout
    );
    // Invitations are known: no hint to import them.
    assert!(
        !none.stdout.contains("vetted import Invitations.csv"),
        "{}",
        none.stdout
    );
    let fresh = Sandbox::new();
    assert_eq!(
        fresh.run(&["import", &fixture("linkedin-people.csv")]).code,
        0
    );
    let unknown = fresh.run(&["withdraw"]);
    assert!(
        unknown.stdout.contains("vetted import Invitations.csv"),
        "without invitations the hint says where they come from: {}",
        unknown.stdout
    );
    for address in ["olu@x.example", "mei@robotics.example"] {
        assert_eq!(sandbox.run(&["mark", address, "--as", "dont-know"]).code, 0);
    }
    let pending = sandbox.json(&["withdraw", "--json"]);
    let names: Vec<&str> = pending
        .as_array()
        .expect("array")
        .iter()
        .map(|p| p["name"].as_str().expect("name"))
        .collect();
    assert_eq!(names, ["Mei Chen", "Olu Adeyemi"]);
    assert_eq!(pending[1]["profile_url"], "https://www.linkedin.com/in/olu");
    let text = sandbox.run(&["withdraw"]);
    assert!(
        text.stdout.contains("2 invitations pending"),
        "{}",
        text.stdout
    );

    // Mei accepted: she is a connection now (by name), so her invitation is no longer pending.
    assert_eq!(
        sandbox
            .run(&["import", &fixture("linkedin-connections-url.csv")])
            .code,
        0
    );
    assert_eq!(
        sandbox.contact("mei@robotics.example")["flags"],
        serde_json::json!(["probably_connected", "invited"])
    );
    let pending = sandbox.json(&["withdraw", "--json"]);
    assert_eq!(pending.as_array().map(Vec::len), Some(1));
    assert_eq!(pending[0]["name"], "Olu Adeyemi");
}

/// Mei is probably connected (her name is a connection's), the user invited Olu, and Priya
/// invited the user: none of them is invited (again); Priya is listed as an invitation to
/// accept. Tomas, with none of that, is written.
#[test]
fn the_export_leaves_out_invited_inviting_and_probably_connected_people() {
    let sandbox = Sandbox::new();
    for file in [
        "linkedin-people.csv",
        "linkedin-invitations-old.csv",
        "linkedin-connections-url.csv",
    ] {
        assert_eq!(sandbox.run(&["import", &fixture(file)]).code, 0);
    }
    let tomas = sandbox.path("tomas.csv");
    std::fs::write(
        &tomas,
        "First Name,Last Name,E-mail Address\nTomas,Berg,tomas@x.example\n",
    )
    .expect("write");
    assert_eq!(
        sandbox
            .run(&["import", tomas.to_str().expect("utf-8")])
            .code,
        0
    );
    let marked = sandbox.run(&[
        "mark",
        "mei@robotics.example",
        "olu@x.example",
        "priya@x.example",
        "tomas@x.example",
        "--as",
        "know-well",
    ]);
    assert_eq!(marked.code, 0, "{}", marked.stderr);
    let out = sandbox.path("invite.csv");
    let run = sandbox.run(&["export", "--out", out.to_str().expect("utf-8")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let written = std::fs::read_to_string(&out).expect("written");
    assert!(written.contains("tomas@x.example"), "{written}");
    assert!(
        !written.contains("olu@") && !written.contains("mei@") && !written.contains("priya@"),
        "{written}"
    );
    for line in [
        "1 probably connected on LinkedIn (a connection has the same name)",
        "1 already invited on LinkedIn",
        "1 invited you on LinkedIn: accept their invitation instead (below)",
        "Invitations to accept on LinkedIn (My Network, Invitations), from people you marked know well:",
        "  Priya Raman  sent 2/2/26, 6:01 PM",
    ] {
        assert!(run.stdout.contains(line), "{line:?} in:\n{}", run.stdout);
    }
}

#[test]
fn batches_take_the_people_you_write_to_first() {
    let sandbox = with_book();
    assert_eq!(
        sandbox.run(&["import", &fixture("mail-history.mbox")]).code,
        0
    );
    let marked = sandbox.run(&[
        "mark",
        "grace@navy.example",
        "noreply@github.com",
        "zoe@optik.example",
        "ada@analytical.example",
        "--as",
        "know-well",
    ]);
    assert_eq!(marked.code, 0, "{}", marked.stderr);
    let out = sandbox.path("invite.txt");
    let run = sandbox.run(&[
        "export",
        "--format",
        "emails",
        "--out",
        out.to_str().expect("utf-8"),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let written = std::fs::read_to_string(&out).expect("written");
    let order: Vec<&str> = written.lines().collect();
    assert_eq!(
        order,
        [
            "ada@analytical.example",
            "zoe@optik.example",
            "noreply@github.com",
            "grace@navy.example"
        ],
        "three each way, then two and one, then only received, then no mail (import order)"
    );
}

/// "Not the same person": a contact only named like a connection can be said not to be it, by
/// address, so it holds when the connections are imported again; `--undo` takes it back.
#[test]
fn a_probable_connection_can_be_refused_and_the_refusal_holds() {
    let sandbox = Sandbox::new();
    for file in ["linkedin-people.csv", "linkedin-connections-url.csv"] {
        let run = sandbox.run(&["import", &fixture(file)]);
        assert_eq!(run.code, 0, "{file}: {}", run.stderr);
    }
    let flags = |sandbox: &Sandbox| sandbox.contact("mei@robotics.example")["flags"].clone();
    assert_eq!(flags(&sandbox), serde_json::json!(["probably_connected"]));
    assert_eq!(
        sandbox
            .run(&["mark", "--as", "know-well", "mei@robotics.example"])
            .code,
        0
    );
    let run = sandbox.run(&["not-connected", "nobody@x.example", "mei@robotics.example"]);
    assert_eq!(run.code, 1, "an unknown address changes nothing");
    assert_eq!(flags(&sandbox), serde_json::json!(["probably_connected"]));
    let run = sandbox.run(&["not-connected", "MEI@robotics.example"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(flags(&sandbox), serde_json::json!(["not_connected"]));
    // The connections again: still refused.
    let run = sandbox.run(&["import", &fixture("linkedin-connections-url.csv")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(flags(&sandbox), serde_json::json!(["not_connected"]));
    let run = sandbox.run(&["export", "--format", "emails", "--out", "-"]);
    assert_eq!(run.stdout, "mei@robotics.example\n", "{}", run.stderr);
    let run = sandbox.run(&["not-connected", "--undo", "mei@robotics.example"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        flags(&sandbox),
        serde_json::json!(["probably_connected", "exported"])
    );
}

/// The details pane's "which connection": the connection a contact's name matches, once,
/// whether it matches by the display name or by the name parts.
#[test]
fn a_probable_connection_names_the_connection_it_matched_once() {
    let sandbox = Sandbox::new();
    for file in ["linkedin-people.csv", "linkedin-connections-url.csv"] {
        assert_eq!(sandbox.run(&["import", &fixture(file)]).code, 0);
    }
    let workspace = vetted::store::Workspace::open_read_only(&sandbox.workspace())
        .expect("opens")
        .expect("exists");
    let mei = workspace
        .find_address("mei@robotics.example")
        .expect("reads")
        .expect("known");
    let matched = workspace.connections_named_like(mei).expect("reads");
    assert_eq!(
        matched,
        [vetted::store::ConnectionRecord {
            first_name: "Mei".into(),
            last_name: "Chen".into(),
            company: "Shenzhen Robotics".into(),
            position: "Engineer".into(),
            connected_on: "07 Jun 2022".into(),
        }]
    );
    let olu = workspace
        .find_address("olu@x.example")
        .expect("reads")
        .expect("known");
    assert_eq!(workspace.connections_named_like(olu).expect("reads"), []);
}

/// The summary of a Connections.csv counts what it recorded and whom it matched, each way.
#[test]
fn a_connections_summary_counts_connections_and_matches() {
    let sandbox = Sandbox::new();
    assert_eq!(
        sandbox
            .run(&["import", &fixture("linkedin-people.csv")])
            .code,
        0
    );
    let connections = sandbox.path("Connections.csv");
    std::fs::write(
        &connections,
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n\
         Olu,Adeyemi,https://www.linkedin.com/in/olu,olu@x.example,Acme,CTO,01 Jan 2024\n\
         Mei,Chen,https://www.linkedin.com/in/mei,,Shenzhen Robotics,Engineer,07 Jun 2022\n\
         Nobody,Known,https://www.linkedin.com/in/nobody,nobody@else.example,,,02 Feb 2023\n",
    )
    .expect("write");
    let run = sandbox.run(&["import", connections.to_str().expect("utf-8")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("3 LinkedIn connections recorded")
            && run
                .stdout
                .contains("(1 match contacts here by address, 1 probably by name)"),
        "{}",
        run.stdout
    );
}
