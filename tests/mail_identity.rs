//! Mail history belongs to the workspace: each message counts once however many archives hold
//! it, and the user's own addresses are learned from all of it, so Inbox and Sent imported
//! apart, in either order, count what one archive holding both counts. Through the binary.

mod common;

use common::Sandbox;
use serde_json::Value;

/// A message, mbox style, with a Message-ID.
fn message(id: &str, from: &str, to: &str, day: u32, extra: &str) -> String {
    format!(
        "From {from} Mon Jan {day:>2} 10:00:00 2024\nMessage-ID: <{id}@example>\nFrom: {from}\nTo: {to}\n{extra}Date: {day} Jan 2024 10:00:00 +0000\nSubject: note {id}\n\nbody\n\n"
    )
}

/// Thunderbird keeps each folder as its own mbox: the Inbox has what others sent (GitHub
/// most of all), Sent what the user wrote.
fn inbox() -> String {
    let mut text = String::new();
    for day in 1..=6 {
        text.push_str(&message(
            &format!("gh{day}"),
            "noreply@github.com",
            "sam@home.example",
            day,
            "",
        ));
    }
    text.push_str(&message("a1", "ada@x.example", "sam@home.example", 7, ""));
    text.push_str(&message("a2", "ada@x.example", "sam@home.example", 9, ""));
    text.push_str(&message("b1", "bob@y.example", "sam@home.example", 8, ""));
    text
}

fn sent() -> String {
    let mut text = String::new();
    text.push_str(&message("s1", "sam@home.example", "ada@x.example", 8, ""));
    text.push_str(&message("s2", "sam@home.example", "zoe@z.example", 10, ""));
    text
}

const BOOK: &str = "Name,Email\nAda,ada@x.example\nBob,bob@y.example\nZoë,zoe@z.example\nGitHub,noreply@github.com\nSam (me),sam@home.example\n";

/// (address, sent, received, last contact) for every contact, from `list --json`.
fn histories(sandbox: &Sandbox) -> Vec<(String, u64, u64, Value)> {
    sandbox
        .json(&["list", "--json"])
        .as_array()
        .expect("array")
        .iter()
        .map(|c| {
            (
                c["preferred"].as_str().expect("address").to_string(),
                c["sent"].as_u64().expect("sent"),
                c["received"].as_u64().expect("received"),
                c["last_contact"].clone(),
            )
        })
        .collect()
}

fn sandbox_with(files: &[(&str, String)]) -> Sandbox {
    let sandbox = Sandbox::new();
    let book = sandbox.path("book.csv");
    std::fs::write(&book, BOOK).expect("write");
    assert_eq!(
        sandbox.run(&["import", book.to_str().expect("utf-8")]).code,
        0
    );
    for (name, text) in files {
        let path = sandbox.path(name);
        std::fs::write(&path, text).expect("write");
        let run = sandbox.run(&["import", path.to_str().expect("utf-8")]);
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
    }
    sandbox
}

#[test]
fn inbox_and_sent_apart_in_either_order_count_as_one_archive() {
    let together = sandbox_with(&[("All", inbox() + &sent())]);
    let sent_first = sandbox_with(&[("Sent", sent()), ("Inbox", inbox())]);
    let inbox_first = sandbox_with(&[("Inbox", inbox()), ("Sent", sent())]);
    let expected = histories(&together);
    assert_eq!(histories(&sent_first), expected);
    assert_eq!(histories(&inbox_first), expected);
    let ada = expected
        .iter()
        .find(|(a, ..)| a == "ada@x.example")
        .expect("Ada");
    assert_eq!((ada.1, ada.2), (1, 2), "one written to her, two from her");
    // GitHub sent the most, but the user is in every message: the user is Sam.
    let status = together.json(&["status", "--json"]);
    assert_eq!(
        status["you"],
        serde_json::json!([{"address": "sam@home.example", "found": "most-present"}])
    );
    let run = together.run(&["status"]);
    assert!(
        run.stdout
            .contains("your address: sam@home.example (it is in the most messages)"),
        "{}",
        run.stdout
    );
}

#[test]
fn the_inbox_alone_never_takes_a_role_address_for_the_user() {
    let sandbox = Sandbox::new();
    let path = sandbox.path("Inbox");
    std::fs::write(&path, inbox()).expect("write");
    let run = sandbox.run(&["import", path.to_str().expect("utf-8")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("your address: sam@home.example"),
        "{}",
        run.stdout
    );
    // Even where GitHub is in as many messages as the user: a role address is nobody.
    let mut only_github = String::new();
    for day in 1..=4 {
        only_github.push_str(&message(
            &format!("n{day}"),
            "noreply@github.com",
            &format!("person{day}@home.example"),
            day,
            "",
        ));
    }
    let lonely = Sandbox::new();
    let path = lonely.path("Notifications");
    std::fs::write(&path, only_github).expect("write");
    let run = lonely.run(&["import", path.to_str().expect("utf-8")]);
    assert!(
        !run.stdout.contains("your address: noreply@github.com"),
        "{}",
        run.stdout
    );
}

#[test]
fn each_message_counts_once_however_many_archives_hold_it() {
    let once = sandbox_with(&[("All", inbox() + &sent())]);
    // The same archive twice, and a Sent folder that overlaps "All mail".
    let twice = sandbox_with(&[("All", inbox() + &sent()), ("Sent", sent())]);
    let run = twice.run(&["import", twice.path("All").to_str().expect("utf-8")]);
    assert!(
        run.stdout
            .contains("11 messages (0 new; 11 already in the workspace"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("imported before: its messages are counted once"),
        "{}",
        run.stdout
    );
    assert_eq!(histories(&twice), histories(&once));
    // Messages without a Message-ID are told apart by their headers, and counted once too.
    let strip = |text: String| -> String {
        text.lines()
            .filter(|l| !l.starts_with("Message-ID:"))
            .map(|l| format!("{l}\n"))
            .collect()
    };
    let anonymous = sandbox_with(&[("All", strip(inbox() + &sent())), ("Sent", strip(sent()))]);
    assert_eq!(histories(&anonymous), histories(&once));
}

#[test]
fn delivered_to_and_gmails_sent_label_name_the_user_and_a_change_recounts() {
    // First a mailing-list archive, where the list is in every message...
    let list: String = (1..=3)
        .map(|day| {
            message(
                &format!("l{day}"),
                &format!("member{day}@x.example"),
                "list@x.example",
                day,
                "",
            )
        })
        .collect();
    // ... then Takeout mail that says whose mailbox it is.
    let takeout = message(
        "t1",
        "sam@home.example",
        "member1@x.example",
        5,
        "X-Gmail-Labels: Sent\n",
    ) + &message(
        "t2",
        "member2@x.example",
        "sam@home.example",
        6,
        "Delivered-To: sam@home.example\n",
    );
    let sandbox = Sandbox::new();
    let first = sandbox.path("list.mbox");
    std::fs::write(&first, list).expect("write");
    let run = sandbox.run(&["import", first.to_str().expect("utf-8")]);
    assert!(
        run.stdout.contains("your address: list@x.example"),
        "{}",
        run.stdout
    );
    let second = sandbox.path("takeout.mbox");
    std::fs::write(&second, takeout).expect("write");
    let run = sandbox.run(&[
        "import",
        second.to_str().expect("utf-8"),
        "--add-correspondents",
        "1",
    ]);
    assert!(
        run.stdout.contains(
            "your address: sam@home.example (it sent mail labelled Sent or kept in a Sent folder, mail was delivered to it)"
        ) || run
            .stdout
            .contains("your address: sam@home.example (mail was delivered to it)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("your addresses changed with this archive: every count was worked out again"),
        "{}",
        run.stdout
    );
    // Counted again from all the mail, as Sam: member1 was written to once and wrote once.
    let member1 = sandbox
        .json(&["list", "--json"])
        .as_array()
        .expect("array")
        .iter()
        .find(|c| c["preferred"] == "member1@x.example")
        .cloned()
        .expect("added from mail");
    assert_eq!(
        (member1["sent"].as_u64(), member1["received"].as_u64()),
        (Some(1), Some(1))
    );
}

#[test]
fn your_own_address_is_never_exported() {
    let sandbox = sandbox_with(&[("All", inbox() + &sent())]);
    assert_eq!(
        sandbox
            .run(&[
                "mark",
                "--as",
                "know-well",
                "sam@home.example",
                "ada@x.example"
            ])
            .code,
        0
    );
    let out = sandbox.path("invite.txt");
    let run = sandbox.run(&[
        "export",
        "--out",
        out.to_str().expect("utf-8"),
        "--format",
        "emails",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(&out).expect("file"),
        "ada@x.example\n"
    );
    assert!(
        run.stdout.contains("1 you (an address of yours)"),
        "{}",
        run.stdout
    );
    // Bob, Zoë and GitHub unreviewed, and you: the total counts you too.
    assert!(run.stdout.contains("Left out 4:"), "{}", run.stdout);
}

/// The person behind a shared mailbox: one message delivered to the team's address must not
/// take the place of the address a whole Inbox and Sent folder belong to.
#[test]
fn one_message_to_a_shared_mailbox_does_not_outvote_the_inbox_and_sent() {
    let shared = message(
        "t1",
        "customer@c.example",
        "support-team@shared.example",
        12,
        "Delivered-To: support-team@shared.example\n",
    );
    let sandbox = sandbox_with(&[
        ("Inbox", inbox()),
        ("Sent", sent()),
        ("shared.mbox", shared),
    ]);
    let you: Vec<String> = sandbox.json(&["status", "--json"])["you"]
        .as_array()
        .expect("array")
        .iter()
        .map(|own| own["address"].as_str().expect("address").to_string())
        .collect();
    assert_eq!(you, ["sam@home.example", "support-team@shared.example"]);
    let ada = histories(&sandbox)
        .into_iter()
        .find(|(a, ..)| a == "ada@x.example")
        .expect("Ada");
    assert_eq!((ada.1, ada.2), (1, 2), "Sam's mail still counts");
    let run = sandbox.run(&["export", "--format", "emails", "--dry-run", "--out", "-"]);
    assert!(!run.stderr.contains("sam@home.example"), "{}", run.stderr);
}

/// A mailing-list archive: the announcer and the list are in every message, but list mail
/// (List-Id, Precedence: list) is nobody's correspondence, so neither becomes "you", nor a
/// contact; the friend the user wrote to is added.
#[test]
fn mailing_list_mail_names_no_one_and_adds_no_one() {
    let mut archive = String::new();
    for day in 1..=10 {
        archive.push_str(&message(
            &format!("ann{day}"),
            "announce@project.example",
            "users@project.example",
            day,
            "List-Id: Project users <users.project.example>\nPrecedence: list\n",
        ));
    }
    archive.push_str(&message(
        "f1",
        "me@mine.example",
        "friend@f.example",
        20,
        "",
    ));
    archive.push_str(&message(
        "f2",
        "friend@f.example",
        "me@mine.example",
        21,
        "",
    ));
    archive.push_str(&message("f3", "me@mine.example", "other@o.example", 22, ""));
    let sandbox = Sandbox::new();
    let path = sandbox.path("list.mbox");
    std::fs::write(&path, archive).expect("write");
    let run = sandbox.run(&[
        "import",
        path.to_str().expect("utf-8"),
        "--add-correspondents",
        "1",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        !run.stdout.contains("your address: announce@")
            && !run.stdout.contains("your address: users@"),
        "{}",
        run.stdout
    );
    let added: Vec<String> = histories(&sandbox).into_iter().map(|h| h.0).collect();
    assert!(added.contains(&"friend@f.example".to_string()), "{added:?}");
    assert!(
        !added.iter().any(|a| a.contains("project.example")),
        "{added:?}"
    );
}

/// A Sent folder's messages are the user's, whatever address they came from: a Takeout for
/// one address and Thunderbird's Sent folder for another both count.
#[test]
fn a_sent_folder_names_its_sender_as_the_user() {
    let takeout = message(
        "g1",
        "ada@x.example",
        "sam@gmail.example",
        3,
        "Delivered-To: sam@gmail.example\n",
    ) + &message(
        "g2",
        "bob@y.example",
        "sam@gmail.example",
        4,
        "Delivered-To: sam@gmail.example\n",
    );
    let work_sent = message("w1", "sam@work.example", "zoe@z.example", 5, "");
    let sandbox = sandbox_with(&[("takeout.mbox", takeout), ("Sent", work_sent)]);
    let status = sandbox.json(&["status", "--json"]);
    assert_eq!(
        status["you"],
        serde_json::json!([
            {"address": "sam@gmail.example", "found": "delivered-to"},
            {"address": "sam@work.example", "found": "sent-label"}
        ])
    );
    let zoe = histories(&sandbox)
        .into_iter()
        .find(|(a, ..)| a == "zoe@z.example")
        .expect("Zoë");
    assert_eq!(zoe.1, 1, "written to from the work address");
}
