//! What address books say of a person besides names and addresses (issue 18): notes, labels
//! and groups, a phone number; read from vCard, Google and Outlook CSV and LDIF, kept per
//! source, given in `list --json`, shown on the screen with where they came from, searchable,
//! and kept through a merge and a split.

mod common;
mod screen;

use common::{Sandbox, own_fixture};
use serde_json::{Value, json};

fn fixture(name: &str) -> String {
    own_fixture(name).to_string_lossy().into_owned()
}

#[test]
fn every_format_gives_its_notes_labels_and_phones() {
    let sandbox = Sandbox::new();
    let run = sandbox.run(&[
        "import",
        &fixture("evidence-phone.vcf"),
        &fixture("evidence-google.csv"),
        &fixture("evidence-outlook.csv"),
        &fixture("evidence-thunderbird.ldif"),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let ada = sandbox.contact("ada@analytical.example");
    assert_eq!(
        ada["book_notes"],
        json!([
            "Met at PyCon 2023, talked about engines",
            "Ada from the Analytical Society"
        ])
    );
    // Google's system group is not a label; its "* " mark is dropped.
    assert_eq!(ada["labels"], json!(["Friends", "Conference", "Coworkers"]));
    assert_eq!(ada["has_phone"], true);
    // Kept per source, with where it came from.
    let sources = ada["sources"].as_array().expect("sources");
    assert_eq!(
        sources[0]["note"],
        "Met at PyCon 2023, talked about engines"
    );
    assert_eq!(sources[1]["labels"], json!(["Coworkers"]));
    // A phone label without a number, and a phonetic name, are no phone.
    let charles = sandbox.contact("cb@engine.example");
    assert_eq!(charles["has_phone"], false);
    assert_eq!(charles["labels"], json!([]));
    assert_eq!(charles["book_notes"], json!([]));
    let grace = sandbox.contact("grace@navy.example");
    assert_eq!(grace["labels"], json!(["Navy", "Friends"]));
    assert_eq!(grace["book_notes"], json!(["Compiler pioneer"]));
    assert_eq!(grace["has_phone"], true);
    let alan = sandbox.contact("alan@bletchley.example");
    assert_eq!(alan["book_notes"], json!(["Hut 8"]));
    assert_eq!(alan["has_phone"], true);
}

#[test]
fn a_merge_keeps_what_each_source_said_and_a_split_takes_it_along() {
    let sandbox = Sandbox::new();
    let book = sandbox.path("two.csv");
    std::fs::write(
        &book,
        "Name,E-mail 1 - Value,Notes\nAda Lovelace,ada@one.example,From the Society\nLovelace Ada,ada@two.example,From the races\n",
    )
    .expect("write");
    assert_eq!(
        sandbox.run(&["import", book.to_str().expect("utf-8")]).code,
        0
    );
    assert_eq!(
        sandbox
            .run(&["merge", "ada@one.example", "ada@two.example"])
            .code,
        0
    );
    assert_eq!(
        sandbox.contact("ada@two.example")["book_notes"],
        json!(["From the Society", "From the races"])
    );
    assert_eq!(sandbox.run(&["split", "ada@two.example"]).code, 0);
    assert_eq!(
        sandbox.contact("ada@one.example")["book_notes"],
        json!(["From the Society"])
    );
    assert_eq!(
        sandbox.contact("ada@two.example")["book_notes"],
        json!(["From the races"])
    );
}

#[test]
fn the_screen_shows_it_with_its_source_and_finds_contacts_by_it() {
    let mut screen = screen::Screen::new(
        "First Name,Last Name,E-mail 1 - Value,Phone 1 - Value,Notes,Labels\n\
         Ada,Lovelace,ada@analytical.example,+44 1,Met at PyCon 2023,* myContacts ::: Coworkers\n\
         Charles,Babbage,cb@engine.example,,,\n",
    );
    screen.keys("/pycon");
    screen.key(crossterm::event::KeyCode::Enter);
    assert_eq!(screen.app.rows(), 1);
    assert_eq!(screen.current(), "Ada Lovelace");
    let shown = screen.render(120, 35);
    assert!(
        shown.contains("contacts.csv:2 (note \"Met at PyCon 2023\"; Coworkers; phone)"),
        "{shown}"
    );
}

#[test]
fn a_phone_number_without_mail_suggests_vaguely_unless_the_rule_is_off() {
    let sandbox = Sandbox::new();
    assert_eq!(
        sandbox
            .run(&["import", &fixture("evidence-phone.vcf")])
            .code,
        0
    );
    let ada = sandbox.contact("ada@analytical.example");
    assert_eq!(ada["suggested"], "vaguely");
    assert_eq!(
        ada["suggested_because"],
        "a phone number in your address book, no mail"
    );
    // Charles has no phone: nothing to suggest.
    assert_eq!(
        sandbox.contact("cb@engine.example")["suggested"],
        Value::Null
    );
    let config = sandbox.path("config.toml");
    std::fs::write(&config, "[suggest]\nphone_book = false\n").expect("write");
    let run = Sandbox::run_with(
        sandbox.command().arg("--config").arg(&config),
        &["list", "--json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let listed: Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert!(
        listed
            .as_array()
            .expect("array")
            .iter()
            .all(|c| c["suggested"].is_null()),
        "{listed}"
    );
}

#[test]
fn mail_gives_the_first_message_the_latest_subjects_and_the_address_it_went_through() {
    let sandbox = Sandbox::new();
    let run = sandbox.run(&[
        "import",
        &fixture("mail-history-book.csv"),
        &fixture("mail-history.mbox"),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let ada = sandbox.contact("ada@analytical.example");
    assert_eq!(ada["first_contact"], "2024-01-10");
    // Latest first, Re: stripped.
    assert_eq!(
        ada["subjects_sent"],
        json!(["Programme", "Notes", "Engines"])
    );
    assert_eq!(
        ada["subjects_received"],
        json!(["Programme", "Notes", "Engines"])
    );
    assert_eq!(ada["via"], json!(["me@home.example"]));
    // Searchable, and a message draft may use them.
    let mut screen = screen::Screen::prepared(
        "First Name,Last Name,E-mail 1 - Value\nAda,Lovelace,ada@analytical.example\nCharles,Babbage,cb@engine.example\n",
        vetted::tui::Settings::default(),
        vetted::config::Config::built_in().keymap,
        |workspace| {
            let options = vetted::store::ImportOptions::default();
            workspace
                .import_path(&own_fixture("mail-history.mbox"), &options, &mut |_| {})
                .expect("stored")
                .expect("mail");
        },
    );
    screen.keys("/programme");
    screen.key(crossterm::event::KeyCode::Enter);
    assert_eq!(screen.current(), "Ada Lovelace");
    let shown = screen.render(120, 35);
    assert!(shown.contains("since 2024"), "{shown}");
}

#[test]
fn thread_subjects_lose_reply_and_forward_prefixes() {
    use vetted::store::thread_subject;
    assert_eq!(thread_subject("Re: AW: Fwd: Lunch"), "Lunch");
    assert_eq!(thread_subject("RE:re: Engines"), "Engines");
    assert_eq!(thread_subject("Réf: Devis"), "Devis");
    assert_eq!(thread_subject("Rebooting"), "Rebooting");
    assert_eq!(thread_subject("Re:"), "");
    assert_eq!(
        thread_subject("Re[2]: Odp: Rif: Re : Ynt: 回复: Plan"),
        "Plan"
    );
}

/// A Gmail-like book of 3,000 contacts and its mail: a third are role and newsletter
/// addresses, 300 people write back and forth (a sixth of them little, years ago), 200 wrote
/// and were never answered, 400 are in the phone's address book without mail, and the rest
/// are names only. Returns the book and the mbox.
fn gmail_like(sandbox: &Sandbox) -> (std::path::PathBuf, std::path::PathBuf) {
    use std::fmt::Write as _;
    const YEAR: i64 = 365 * 24 * 3600;
    let start = 1_600_000_000; // September 2020: three years of mail follow.
    let mut book = String::from("Name,E-mail 1 - Value,Phone 1 - Value,Labels\n");
    let mut mbox = String::new();
    let mut message = 0;
    let mut mail = |from: &str, to: &str, at: i64, mbox: &mut String| {
        message += 1;
        let date = chrono_like(at);
        let _ = write!(
            mbox,
            "From {from} Mon Jan  1 00:00:00 2024\nFrom: {from}\nTo: {to}\nSubject: Thread {message}\nDate: {date}\nMessage-ID: <{message}@gmail-like>\n\nHello\n\n"
        );
    };
    for i in 0..3000 {
        let (name, address, phone) = match i {
            0..1000 => {
                let role = ["newsletter", "noreply", "info", "support", "updates"][i % 5];
                (format!("Shop {i}"), format!("{role}@shop{i}.example"), "")
            }
            _ => (
                format!("Person{i} Example"),
                format!("person{i}@mail.example"),
                "",
            ),
        };
        let phone = if (1500..1900).contains(&i) {
            "+44 20 7946 0000"
        } else {
            phone
        };
        let _ = writeln!(book, "{name},{address},{phone},* myContacts");
        match i {
            // Newsletters write, nobody answers (role addresses say so first).
            0..1000 if i % 10 == 0 => mail(&address, "me@home.example", start + YEAR, &mut mbox),
            // Back and forth, often and lately.
            1000..1250 => {
                for k in 0..3 {
                    let at = start + 2 * YEAR + k * 1000 + i as i64;
                    mail("me@home.example", &address, at, &mut mbox);
                    mail(&address, "me@home.example", at + 10, &mut mbox);
                }
            }
            // A little, three years ago.
            1250..1300 => {
                mail("me@home.example", &address, start + i as i64, &mut mbox);
                mail(
                    &address,
                    "me@home.example",
                    start + 10 + i as i64,
                    &mut mbox,
                );
            }
            // Wrote, never answered.
            1300..1500 => mail(
                &address,
                "me@home.example",
                start + YEAR + i as i64,
                &mut mbox,
            ),
            _ => {}
        }
    }
    // The newest message, three years after the first.
    mail(
        "me@home.example",
        "person1000@mail.example",
        start + 3 * YEAR,
        &mut mbox,
    );
    let (book_path, mbox_path) = (sandbox.path("contacts.csv"), sandbox.path("mail.mbox"));
    std::fs::write(&book_path, book).expect("book");
    std::fs::write(&mbox_path, mbox).expect("mbox");
    (book_path, mbox_path)
}

/// An RFC 2822 date for seconds since 1970 (UTC), without a date library.
fn chrono_like(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let (mut year, mut day) = (1970, days);
    loop {
        let length = if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 {
            366
        } else {
            365
        };
        if day < length {
            break;
        }
        day -= length;
        year += 1;
    }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let months = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    let names = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let mut month = 0;
    while day >= months[month] {
        day -= months[month];
        month += 1;
    }
    let time = seconds.rem_euclid(86_400);
    format!(
        "{} {} {year} {:02}:{:02}:{:02} +0000",
        day + 1,
        names[month],
        time / 3600,
        time % 3600 / 60,
        time % 60
    )
}

#[test]
fn on_a_gmail_like_book_most_contacts_get_a_suggestion_and_triage_takes_few_keys() {
    let sandbox = Sandbox::new();
    let (book, mbox) = gmail_like(&sandbox);
    let run = sandbox.run(&[
        "import",
        book.to_str().expect("utf-8"),
        mbox.to_str().expect("utf-8"),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let contacts = sandbox.json(&["list", "--json"]);
    let contacts = contacts.as_array().expect("array");
    assert_eq!(contacts.len(), 3000);
    let mut reasons: std::collections::BTreeMap<String, usize> = Default::default();
    for contact in contacts {
        if let Some(reason) = contact["suggested_because"].as_str() {
            *reasons.entry(reason.to_string()).or_default() += 1;
        }
    }
    let suggested: usize = reasons.values().sum();
    // Every suggestion accepted with A (y for the strong, y for the weak: three keys), then one
    // key for each contact left.
    let keys = 3 + (contacts.len() - suggested);
    let share = suggested as f64 / contacts.len() as f64;
    let per_contact = keys as f64 / contacts.len() as f64;
    println!(
        "suggestions {suggested}/3000 ({:.0}%), keys per decided contact {per_contact:.2}: {reasons:?}",
        share * 100.0
    );
    assert_eq!(reasons["a role address, not a person"], 1000);
    assert_eq!(reasons["frequent mail both ways"], 250);
    assert_eq!(reasons["a little mail both ways, none for two years"], 50);
    assert_eq!(
        reasons["wrote to you, never answered in a year of mail"],
        200
    );
    assert_eq!(reasons["a phone number in your address book, no mail"], 400);
    assert!(share >= 0.6 && per_contact <= 0.5, "{share} {per_contact}");
}

#[test]
fn labels_keep_escaped_commas_and_leave_out_google_system_groups() {
    let sandbox = Sandbox::new();
    let card = sandbox.path("card.vcf");
    std::fs::write(
        &card,
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ada Lovelace\nEMAIL:ada@x.example\nCATEGORIES:Friends\\, close,Kyoto trip\nEND:VCARD\n",
    )
    .expect("write");
    let legacy = sandbox.path("legacy.csv");
    std::fs::write(
        &legacy,
        "Name,Given Name,E-mail 1 - Value,Group Membership\nCharles Babbage,Charles,cb@x.example,* My Contacts ::: Berlin\n",
    )
    .expect("write");
    let run = sandbox.run(&[
        "import",
        card.to_str().expect("utf-8"),
        legacy.to_str().expect("utf-8"),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        sandbox.contact("ada@x.example")["labels"],
        json!(["Friends, close", "Kyoto trip"])
    );
    assert_eq!(sandbox.contact("cb@x.example")["labels"], json!(["Berlin"]));
}

#[test]
fn a_search_term_stays_within_one_note_label_or_subject() {
    let mut screen = screen::Screen::new(
        "First Name,Last Name,E-mail 1 - Value,Notes,Labels\n\
         Dan,Brown,dan@x.example,Met at the gym,* myContacts ::: Work\n\
         Eve,Stone,eve@x.example,,\n",
    );
    let matches = |screen: &mut screen::Screen, query: &str| {
        screen.keys("/");
        screen.keys(query);
        screen.key(crossterm::event::KeyCode::Enter);
        let rows = screen.app.rows();
        screen.key(crossterm::event::KeyCode::Esc);
        rows
    };
    assert_eq!(matches(&mut screen, "gym"), 1);
    assert_eq!(matches(&mut screen, "work"), 1);
    assert_eq!(
        matches(&mut screen, "gymwork"),
        0,
        "letters from a note and a label"
    );
}
