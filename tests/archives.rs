//! Archives as people download them, through the binary: LinkedIn's data export (a ZIP) and
//! Google Takeout (a ZIP or a .tgz, built here in their own layout), read member by member
//! without unpacking, the members vetted does not read listed; other ZIPs refused as before.

mod common;

use std::io::Write;

use common::Sandbox;

const CONNECTIONS: &str = "Notes:\n\"When exporting your connection data, you may notice that some of the email addresses are missing.\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\nMei,Chen,https://www.linkedin.com/in/mei,,Robotics,Engineer,15 Mar 2024\n";
const INVITATIONS: &str = "From,To,Sent At,Message,Direction\nSam Example,Olu Adeyemi,\"1/30/26, 9:12 AM\",,OUTGOING\nPriya Raman,Sam Example,\"2/2/26, 6:01 PM\",,INCOMING\n";
const VCARDS: &str = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Olu Adeyemi\r\nEMAIL:olu@x.example\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Priya Raman\r\nEMAIL:priya@x.example\r\nEND:VCARD\r\n";
const MBOX: &str = "From sam@home.example Mon Jan  1 10:00:00 2024\nMessage-ID: <1@x>\nFrom: sam@home.example\nTo: olu@x.example\nX-Gmail-Labels: Sent\nDate: 1 Jan 2024 10:00:00 +0000\n\nhi\n\nFrom olu@x.example Tue Jan  2 10:00:00 2024\nMessage-ID: <2@x>\nFrom: olu@x.example\nTo: sam@home.example\nDate: 2 Jan 2024 10:00:00 +0000\n\nhello\n";

fn zip(path: &std::path::Path, members: &[(&str, &str)]) {
    let mut writer = zip::ZipWriter::new(std::fs::File::create(path).expect("create"));
    for (i, (name, text)) in members.iter().enumerate() {
        // Both ways members are stored: compressed and not.
        let method = if i % 2 == 0 {
            zip::CompressionMethod::Deflated
        } else {
            zip::CompressionMethod::Stored
        };
        let options = zip::write::SimpleFileOptions::default().compression_method(method);
        writer.start_file(*name, options).expect("member");
        writer.write_all(text.as_bytes()).expect("write");
    }
    writer.finish().expect("finish");
}

fn tgz(path: &std::path::Path, members: &[(&str, &str)]) {
    let encoder = flate2::write::GzEncoder::new(
        std::fs::File::create(path).expect("create"),
        flate2::Compression::default(),
    );
    let mut builder = tar::Builder::new(encoder);
    for (name, text) in members {
        let mut header = tar::Header::new_gnu();
        header.set_size(text.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        builder
            .append_data(&mut header, name, text.as_bytes())
            .expect("member");
    }
    builder.into_inner().expect("tar").finish().expect("gzip");
}

fn flags(sandbox: &Sandbox, address: &str) -> serde_json::Value {
    sandbox
        .json(&["list", "--json"])
        .as_array()
        .expect("array")
        .iter()
        .find(|c| c["preferred"] == address)
        .map(|c| c["flags"].clone())
        .unwrap_or_else(|| panic!("no contact {address}"))
}

#[test]
fn a_linkedin_export_zip_is_read_as_it_comes() {
    let sandbox = Sandbox::new();
    let book = sandbox.path("book.vcf");
    std::fs::write(&book, VCARDS).expect("write");
    assert_eq!(
        sandbox.run(&["import", book.to_str().expect("utf-8")]).code,
        0
    );
    let archive = sandbox.path("Basic_LinkedInDataExport_12-01-2026.zip");
    zip(
        &archive,
        &[
            ("Connections.csv", CONNECTIONS),
            ("Invitations.csv", INVITATIONS),
            ("Profile.csv", "First Name\nSam\n"),
            ("messages.csv", "CONVERSATION ID\n1\n"),
        ],
    );
    let run = sandbox.run(&["import", archive.to_str().expect("utf-8")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for line in [
        "Basic_LinkedInDataExport_12-01-2026.zip: ZIP archive, 2 members read, 2 skipped",
        "Basic_LinkedInDataExport_12-01-2026.zip!/Connections.csv: LinkedIn connections",
        "Basic_LinkedInDataExport_12-01-2026.zip!/Invitations.csv: LinkedIn invitations",
        "  skipped, as vetted does not read them:",
        "    Profile.csv",
        "    messages.csv",
    ] {
        assert!(run.stdout.contains(line), "{line:?} in:\n{}", run.stdout);
    }
    assert_eq!(
        flags(&sandbox, "olu@x.example"),
        serde_json::json!(["invited"])
    );
    assert_eq!(
        flags(&sandbox, "priya@x.example"),
        serde_json::json!(["invited_you"])
    );
    // The same archive again changes nothing.
    let before = sandbox.json(&["list", "--json"]);
    assert_eq!(
        sandbox
            .run(&["import", archive.to_str().expect("utf-8")])
            .code,
        0
    );
    assert_eq!(sandbox.json(&["list", "--json"]), before);
}

#[test]
fn a_takeout_archive_brings_contacts_and_mail_zip_or_tgz() {
    let members = [
        ("Takeout/Contacts/My Contacts/My Contacts.vcf", VCARDS),
        ("Takeout/Mail/All mail Including Spam and Trash.mbox", MBOX),
        ("Takeout/Drive/notes.txt", "not for vetted"),
        ("Takeout/archive_browser.html", "<html></html>"),
    ];
    let mut results = Vec::new();
    for name in [
        "takeout-20261201T000000Z-001.zip",
        "takeout-20261201T000000Z-001.tgz",
    ] {
        let sandbox = Sandbox::new();
        let archive = sandbox.path(name);
        if name.ends_with(".zip") {
            zip(&archive, &members);
        } else {
            tgz(&archive, &members);
        }
        let run = sandbox.run(&["import", archive.to_str().expect("utf-8")]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        for line in [
            "2 members read, 2 skipped",
            "!/Takeout/Contacts/My Contacts/My Contacts.vcf: vCard, UTF-8, 2 records",
            "!/Takeout/Mail/All mail Including Spam and Trash.mbox: mail archive (mbox), 2 messages",
            "your address: sam@home.example (it sent mail labelled Sent or kept in a Sent folder)",
            "    Takeout/Drive/notes.txt",
        ] {
            assert!(
                run.stdout.contains(line),
                "{name}: {line:?} in:\n{}",
                run.stdout
            );
        }
        let olu = sandbox
            .json(&["list", "--json"])
            .as_array()
            .expect("array")
            .iter()
            .find(|c| c["preferred"] == "olu@x.example")
            .cloned()
            .expect("Olu");
        results.push((olu["sent"].clone(), olu["received"].clone()));
    }
    assert_eq!(results[0], (serde_json::json!(1), serde_json::json!(1)));
    assert_eq!(results[0], results[1], "zip and tgz read alike");
}

#[test]
fn other_zips_are_refused_and_an_archive_of_nothing_known_fails() {
    let sandbox = Sandbox::new();
    let workbook = sandbox.path("contacts.xlsx");
    zip(
        &workbook,
        &[
            ("[Content_Types].xml", "<Types/>"),
            ("xl/workbook.xml", "<workbook/>"),
        ],
    );
    let run = sandbox.run(&["import", workbook.to_str().expect("utf-8")]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("this is a ZIP archive (perhaps an Excel .xlsx workbook or a data-export archive), not an address book; unpack it, or save the sheet as CSV"),
        "{}",
        run.stderr
    );
    let photos = sandbox.path("takeout-photos.tgz");
    tgz(&photos, &[("Takeout/Google Photos/a.jpg", "jpeg")]);
    let run = sandbox.run(&["import", photos.to_str().expect("utf-8")]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("the archive holds nothing vetted reads"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("holds Takeout/Google Photos/a.jpg"),
        "{}",
        run.stderr
    );
    assert!(!sandbox.workspace().exists(), "nothing was created");
}
