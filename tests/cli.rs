//! The command line as scripts and people use it: exit codes, output formats, errors that name
//! what is wrong, and nothing changed by a command that failed.

mod common;

use std::io::Read;
use std::os::unix::fs::PermissionsExt;
use std::process::Stdio;

use common::{Sandbox, own_fixture};
use vetted::store::Workspace;

fn write(sandbox: &Sandbox, name: &str, text: &str) -> String {
    let path = sandbox.path(name);
    std::fs::write(&path, text).expect("write");
    path.to_string_lossy().into_owned()
}

const PEOPLE: &str = "First Name,Last Name,E-mail Address,Company\n\
                      Ada,Lovelace,ada@example.org,Analytical Engines\n\
                      Charles,Babbage,cb@example.org,\n\
                      Grace,Hopper,grace@example.org,Navy\n";

#[test]
fn status_of_a_new_workspace_is_all_zero_and_creates_nothing() {
    let sandbox = Sandbox::new();
    let json = sandbox.json(&["status", "--json"]);
    assert_eq!(
        json,
        serde_json::json!({"contacts": 0, "unreviewed": 0, "know_well": 0, "vaguely": 0, "dont_know": 0, "needs_review": 0, "not_asked": 0, "you": []})
    );
    assert!(!sandbox.workspace().exists());
    let run = sandbox.run(&["status"]);
    assert!(
        run.stdout.contains("Import an address book to begin"),
        "{}",
        run.stdout
    );
}

#[test]
fn import_mark_status_list() {
    let sandbox = Sandbox::new();
    let file = write(&sandbox, "people.csv", PEOPLE);
    let run = sandbox.run(&["import", &file]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("people.csv: CSV, UTF-8, 3 records"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("3 new contacts, 0 already known"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("Workspace: 3 contacts (3 unreviewed"),
        "{}",
        run.stdout
    );

    let run = sandbox.run(&[
        "mark",
        "ADA@example.org",
        "grace@example.org",
        "--as",
        "know-well",
        "--note",
        "conference",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("Marked 2 contacts as know well"),
        "{}",
        run.stdout
    );
    assert_eq!(
        sandbox
            .run(&["mark", "cb@example.org", "--as", "dont-know"])
            .code,
        0
    );

    let status = sandbox.json(&["status", "--json"]);
    assert_eq!(status["know_well"], 2);
    assert_eq!(status["dont_know"], 1);
    assert_eq!(status["unreviewed"], 0);

    let listed = sandbox.json(&["list", "--verdict", "know-well", "--json"]);
    let listed = listed.as_array().expect("array");
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0]["name"], "Ada Lovelace");
    assert_eq!(listed[0]["emails"], serde_json::json!(["ada@example.org"]));
    assert_eq!(listed[0]["organization"], "Analytical Engines");
    assert_eq!(listed[0]["verdict"], "know_well");
    assert_eq!(listed[0]["note"], "conference");
    assert_eq!(listed[0]["sources"][0]["line"], 2);
    assert!(
        listed[0]["sources"][0]["file"]
            .as_str()
            .expect("file")
            .ends_with("people.csv")
    );

    let text = sandbox.run(&["list"]).stdout;
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3);
    assert!(
        lines[0].starts_with("know well")
            && lines[0].contains("Ada Lovelace")
            && lines[0].contains("ada@example.org")
    );
    assert!(lines[1].starts_with("don't know") && lines[1].contains("Charles Babbage"));
}

#[test]
fn marking_an_unknown_address_names_it_and_changes_nothing() {
    let sandbox = Sandbox::new();
    let file = write(&sandbox, "people.csv", PEOPLE);
    sandbox.run(&["import", &file]);
    let run = sandbox.run(&[
        "mark",
        "ada@example.org",
        "nobody@nowhere.example",
        "--as",
        "know-well",
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("nobody@nowhere.example"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("nothing was changed"), "{}", run.stderr);
    assert_eq!(sandbox.json(&["status", "--json"])["know_well"], 0);
}

#[test]
fn usage_errors_exit_2() {
    let sandbox = Sandbox::new();
    assert_eq!(sandbox.run(&["frobnicate"]).code, 2);
    assert_eq!(sandbox.run(&["mark", "a@b.c"]).code, 2, "--as is required");
    assert_eq!(sandbox.run(&["mark", "a@b.c", "--as", "maybe"]).code, 2);
    assert_eq!(sandbox.run(&["import"]).code, 2);
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let sandbox = Sandbox::new();
    let mut text = String::from("Name,Email\n");
    for i in 0..20_000 {
        text.push_str(&format!("Person {i},person{i}@example.org\n"));
    }
    let file = write(&sandbox, "many.csv", &text);
    assert_eq!(sandbox.run(&["import", &file]).code, 0);
    let mut child = sandbox
        .command()
        .arg("list")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut first = [0u8; 64];
    stdout.read_exact(&mut first).expect("some output");
    drop(stdout);
    let output = child.wait_with_output().expect("waits");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn a_second_writer_is_refused_while_readers_read() {
    let sandbox = Sandbox::new();
    let file = write(&sandbox, "people.csv", PEOPLE);
    sandbox.run(&["import", &file]);
    let holder = Workspace::open(&sandbox.workspace()).expect("holds the lock");
    for args in [
        vec!["import", &file],
        vec!["mark", "ada@example.org", "--as", "vaguely"],
    ] {
        let run = sandbox.run(&args);
        assert_eq!(run.code, 1, "{args:?}");
        assert!(
            run.stderr.contains("is in use by another vetted process"),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr
                .contains(&sandbox.workspace().display().to_string()),
            "{}",
            run.stderr
        );
    }
    assert_eq!(sandbox.json(&["status", "--json"])["contacts"], 3);
    assert_eq!(sandbox.contacts().len(), 3);
    drop(holder);
    assert_eq!(
        sandbox
            .run(&["mark", "ada@example.org", "--as", "vaguely"])
            .code,
        0
    );
}

#[test]
fn unreadable_inputs_are_reported_and_the_rest_imports() {
    let sandbox = Sandbox::new();
    let good = write(&sandbox, "people.csv", PEOPLE);
    let empty = write(&sandbox, "empty.csv", "");
    let folder = sandbox.path("folder");
    std::fs::create_dir(&folder).expect("mkdir");
    let fifo = sandbox.path("pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    let missing = sandbox.path("missing.csv");
    let zip = sandbox.path("contacts.xlsx");
    // A whole ZIP holding what a workbook holds (a damaged one is said to be damaged).
    let mut writer = zip::ZipWriter::new(std::fs::File::create(&zip).expect("create"));
    writer
        .start_file(
            "[Content_Types].xml",
            zip::write::SimpleFileOptions::default(),
        )
        .expect("member");
    std::io::Write::write_all(&mut writer, b"<Types/>").expect("write");
    writer.finish().expect("finish");
    let args = [
        "import",
        &empty,
        folder.to_str().expect("utf-8"),
        fifo.to_str().expect("utf-8"),
        missing.to_str().expect("utf-8"),
        zip.to_str().expect("utf-8"),
        &good,
    ];
    let run = sandbox.run(&args);
    assert_eq!(run.code, 1);
    for expected in [
        "empty.csv: the file is empty",
        "folder is a folder",
        "pipe is not a regular file",
        "cannot read",
        "contacts.xlsx: this is a ZIP archive (perhaps an Excel .xlsx workbook",
    ] {
        assert!(
            run.stderr.contains(expected),
            "{expected:?} not in\n{}",
            run.stderr
        );
    }
    assert!(run.stdout.contains("people.csv: CSV"), "{}", run.stdout);
    assert_eq!(sandbox.contacts().len(), 3);
}

#[test]
fn dry_run_saves_nothing_not_even_a_new_workspace() {
    let sandbox = Sandbox::new();
    let file = write(&sandbox, "people.csv", PEOPLE);
    let run = sandbox.run(&["import", "--dry-run", &file]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("3 new contacts"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("Dry run: nothing was saved (the workspace would hold 3 contacts"),
        "{}",
        run.stdout
    );
    assert!(!sandbox.workspace().exists());
    sandbox.run(&["import", &file]);
    let run = sandbox.run(&[
        "import",
        "--dry-run",
        own_fixture("vcard40.vcf").to_str().expect("utf-8"),
    ]);
    assert!(run.stdout.contains("2 new contacts"), "{}", run.stdout);
    assert_eq!(sandbox.contacts().len(), 3);
}

#[test]
fn the_workspace_comes_from_the_environment_and_is_private() {
    let sandbox = Sandbox::new();
    let file = write(&sandbox, "people.csv", PEOPLE);
    let elsewhere = sandbox.path("deep/er/ws.sqlite3");
    let mut command = sandbox.without_workspace();
    command
        .args(["import", &file])
        .env("VETTED_WORKSPACE", &elsewhere);
    assert!(command.status().expect("runs").success());
    let mode = std::fs::metadata(&elsewhere)
        .expect("created")
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o600);
}

#[test]
fn the_default_workspace_lives_in_the_data_folder() {
    let sandbox = Sandbox::new();
    let file = write(&sandbox, "people.csv", PEOPLE);
    let data = sandbox.path("xdg-data");
    let status = sandbox
        .without_workspace()
        .args(["import", &file])
        .env("XDG_DATA_HOME", &data)
        .status()
        .expect("runs");
    assert!(status.success());
    assert!(data.join("vetted/workspace.sqlite3").exists());
}

#[test]
fn invalid_addresses_are_listed_with_file_and_line_and_the_rest_counted() {
    let sandbox = Sandbox::new();
    let mut text = String::from("Name,Email\n");
    for i in 0..12 {
        text.push_str(&format!("Broken {i},not-an-address-{i}\n"));
    }
    text.push_str("Fine,fine@example.org\n");
    let file = write(&sandbox, "broken.csv", &text);
    let run = sandbox.run(&["import", &file]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout
            .contains("12 skipped: 12 with an invalid email address"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("broken.csv:2: invalid email address \"not-an-address-0\" (record skipped)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("... and 7 more (--verbose lists them all)"),
        "{}",
        run.stdout
    );
    let verbose = sandbox.run(&["import", "--verbose", &file]);
    assert!(
        verbose
            .stdout
            .contains("broken.csv:13: invalid email address \"not-an-address-11\""),
        "{}",
        verbose.stdout
    );
}

#[test]
fn hostile_names_are_inert_in_list_output() {
    let sandbox = Sandbox::new();
    let file = write(
        &sandbox,
        "evil.csv",
        "Name,Email\n\"Eve\u{1b}]0;owned\u{7}\u{1b}[2J\u{202e}gnp.exe\",eve@example.org\n",
    );
    sandbox.run(&["import", &file]);
    let listed = sandbox.run(&["list"]).stdout;
    assert!(
        !listed.contains('\u{1b}') && !listed.contains('\u{7}') && !listed.contains('\u{202e}'),
        "{listed:?}"
    );
    assert!(listed.contains("Eve\u{241b}]0;owned"), "{listed:?}");
    // JSON keeps the data exactly, escaped.
    let json = sandbox.run(&["list", "--json"]).stdout;
    assert!(json.contains("\\u001b]0;owned"), "{json}");
}

#[test]
fn completions_are_generated() {
    let sandbox = Sandbox::new();
    let run = sandbox.run(&["completions", "bash"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("vetted") && run.stdout.contains("import"));
}
