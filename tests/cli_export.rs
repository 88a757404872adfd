//! `vetted export` through the real binary: formats, batches, summaries, and failures that leave
//! no file behind and consume no batch.

mod common;

use std::os::unix::fs::PermissionsExt;

use common::{Run, Sandbox};

/// Six know-well people (one with formula-like fields), two vaguely, one don't know, one unreviewed.
fn sandbox() -> Sandbox {
    let sandbox = Sandbox::new();
    populate(&sandbox, &mut |args| sandbox.run(args));
    sandbox
}

/// Imports and marks [`sandbox`]'s people with `run`.
fn populate(sandbox: &Sandbox, run: &mut dyn FnMut(&[&str]) -> Run) {
    let file = sandbox.path("people.csv");
    let mut text = String::from(
        "First Name,Last Name,E-mail 1 - Value,Organization Name,Organization Title\n",
    );
    for i in 1..=6 {
        text.push_str(&format!("Known,Person{i},known{i}@example.org,Org {i},\n"));
    }
    text.push_str("=HYPERLINK(\"x\"),@evil,formula@example.org,+Corp,-Boss\n");
    text.push_str("Vague,One,vague1@example.org,,\nVague,Two,vague2@example.org,,\nStranger,Danger,stranger@example.org,,\nNot,Yet,notyet@example.org,,\n");
    std::fs::write(&file, text).expect("write");
    assert_eq!(run(&["import", file.to_str().expect("utf-8")]).code, 0);
    let mut known: Vec<String> = (1..=6).map(|i| format!("known{i}@example.org")).collect();
    known.push("formula@example.org".into());
    let mut args = vec!["mark"];
    args.extend(known.iter().map(String::as_str));
    args.extend(["--as", "know-well"]);
    assert_eq!(run(&args).code, 0);
    assert_eq!(
        run(&[
            "mark",
            "vague1@example.org",
            "--as",
            "vaguely",
            "--note",
            "We met at the 2019 meetup."
        ])
        .code,
        0
    );
    assert_eq!(
        run(&["mark", "vague2@example.org", "--as", "vaguely"]).code,
        0
    );
    assert_eq!(
        run(&["mark", "stranger@example.org", "--as", "dont-know"]).code,
        0
    );
}

fn read(sandbox: &Sandbox, name: &str) -> String {
    std::fs::read_to_string(sandbox.path(name)).expect("the export exists")
}

#[test]
fn csv_in_linkedin_layout_with_formulas_neutralised_and_private() {
    let sandbox = sandbox();
    let out = sandbox.path("invite.csv");
    let run = sandbox.run(&["export", "--out", out.to_str().expect("utf-8")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("Wrote 7 contacts to"), "{}", run.stdout);
    assert!(
        run.stdout.contains("1 unreviewed")
            && run.stdout.contains("1 don't know")
            && run.stdout.contains("2 vaguely"),
        "{}",
        run.stdout
    );
    let text = read(&sandbox, "invite.csv");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "First Name,Last Name,Email Address,Company,Position"
    );
    assert_eq!(lines[1], "Known,Person1,known1@example.org,Org 1,");
    assert_eq!(
        lines[7],
        "\"'=HYPERLINK(\"\"x\"\")\",'@evil,formula@example.org,'+Corp,'-Boss"
    );
    assert_eq!(lines.len(), 8);
    let mode = std::fs::metadata(&out)
        .expect("exists")
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o600);
}

#[test]
fn batches_continue_and_never_repeat() {
    let sandbox = sandbox();
    let mut seen = Vec::new();
    for batch in 1..=4 {
        let name = format!("batch{batch}.txt");
        let out = sandbox.path(&name);
        let run = sandbox.run(&[
            "export",
            "--out",
            out.to_str().expect("utf-8"),
            "--format",
            "emails",
            "--limit",
            "3",
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        if batch == 4 {
            assert!(run.stdout.contains("Nothing to export"), "{}", run.stdout);
            assert!(!out.exists());
            assert!(
                run.stdout
                    .contains("7 already exported in an earlier batch"),
                "{}",
                run.stdout
            );
            continue;
        }
        let remaining = [4, 1, 0][batch - 1];
        if remaining > 0 {
            assert!(
                run.stdout
                    .contains(&format!("{remaining} over the batch limit of 3")),
                "{}",
                run.stdout
            );
        }
        for line in read(&sandbox, &name).lines() {
            assert!(!seen.contains(&line.to_string()), "{line} exported twice");
            seen.push(line.to_string());
        }
    }
    assert_eq!(seen.len(), 7);
    let again = sandbox.path("again.txt");
    let run = sandbox.run(&[
        "export",
        "--out",
        again.to_str().expect("utf-8"),
        "--format",
        "emails",
        "--include-exported",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("Wrote 7 contacts"), "{}", run.stdout);
    let mut everyone: Vec<String> = read(&sandbox, "again.txt")
        .lines()
        .map(str::to_string)
        .collect();
    everyone.sort();
    seen.sort();
    assert_eq!(everyone, seen, "--include-exported takes everyone again");
}

#[test]
fn outreach_lists_vaguely_known_people_with_drafts_and_flags() {
    let sandbox = sandbox();
    let out = sandbox.path("outreach.csv");
    let run = sandbox.run(&[
        "export",
        "--out",
        out.to_str().expect("utf-8"),
        "--format",
        "outreach",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("Wrote 2 contacts"), "{}", run.stdout);
    assert!(
        run.stdout.contains("1 contact has no note yet"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("7 know well (they belong in the invite list)"),
        "{}",
        run.stdout
    );
    let text = read(&sandbox, "outreach.csv");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(
        headers,
        [
            "Name",
            "Email Address",
            "Company",
            "Note",
            "Message",
            "Characters",
            "Flags"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(
        &rows[0][4],
        "Hi Vague! We met at the 2019 meetup. I'd be glad to stay in touch here."
    );
    assert_eq!(&rows[0][6], "");
    assert_eq!(&rows[1][1], "vague2@example.org");
    assert!(rows[1][6].starts_with("no note"));
}

#[test]
fn vcard_export_is_fresh_and_valid_enough_to_import_again() {
    let sandbox = sandbox();
    let out = sandbox.path("invite.vcf");
    assert_eq!(
        sandbox
            .run(&[
                "export",
                "--out",
                out.to_str().expect("utf-8"),
                "--format",
                "vcard"
            ])
            .code,
        0
    );
    let text = read(&sandbox, "invite.vcf");
    assert_eq!(text.matches("BEGIN:VCARD\r\n").count(), 7);
    assert!(
        text.contains("FN:=HYPERLINK(\"x\") @evil\r\n"),
        "vCard keeps data as data: {text}"
    );
    let other = Sandbox::new();
    assert_eq!(other.run(&["import", out.to_str().expect("utf-8")]).code, 0);
    assert_eq!(other.contacts().len(), 7);
}

#[test]
fn an_existing_file_is_replaced_only_with_force() {
    let sandbox = sandbox();
    let out = sandbox.path("invite.csv");
    std::fs::write(&out, "precious").expect("write");
    let run = sandbox.run(&["export", "--out", out.to_str().expect("utf-8")]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("already exists; use --force to replace it"),
        "{}",
        run.stderr
    );
    assert_eq!(read(&sandbox, "invite.csv"), "precious");
    let run = sandbox.run(&["export", "--out", out.to_str().expect("utf-8"), "--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(read(&sandbox, "invite.csv").starts_with("First Name,"));
    assert_eq!(
        std::fs::metadata(&out)
            .expect("exists")
            .permissions()
            .mode()
            & 0o777,
        0o600
    );
}

/// After a failed export nothing is left behind and the next export takes the same contacts.
fn assert_consumed_nothing(sandbox: &Sandbox) {
    assert_nothing_consumed_in(sandbox.dir.path(), &mut |args| sandbox.run(args));
}

/// [`assert_consumed_nothing`] for a workspace `run` reaches, with exports tried in `folder`.
fn assert_nothing_consumed_in(folder: &std::path::Path, run: &mut dyn FnMut(&[&str]) -> Run) {
    let leftovers: Vec<String> = std::fs::read_dir(folder)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("invite") || n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
    let out = folder.join("after.txt");
    let after = run(&[
        "export",
        "--out",
        out.to_str().expect("utf-8"),
        "--format",
        "emails",
    ]);
    assert_eq!(after.code, 0, "{}", after.stderr);
    assert!(
        after.stdout.contains("Wrote 7 contacts"),
        "a failed export consumed its batch: {}",
        after.stdout
    );
}

#[test]
fn a_missing_folder_fails_cleanly() {
    let sandbox = sandbox();
    let out = sandbox.path("no/such/folder/invite.csv");
    let run = sandbox.run(&["export", "--out", out.to_str().expect("utf-8")]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("does not exist"), "{}", run.stderr);
    assert_consumed_nothing(&sandbox);
}

#[test]
fn a_folder_as_target_fails_cleanly() {
    let sandbox = sandbox();
    let out = sandbox.path("invite-folder");
    std::fs::create_dir(&out).expect("mkdir");
    let run = sandbox.run(&["export", "--out", out.to_str().expect("utf-8"), "--force"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("is a folder"), "{}", run.stderr);
    std::fs::remove_dir(&out).expect("rmdir");
    assert_consumed_nothing(&sandbox);
}

#[test]
fn a_read_only_folder_fails_cleanly() {
    // Run so that permissions apply (as nobody when the tests run as root).
    let sandbox = Sandbox::new();
    let home = sandbox.path("home");
    let mut run = |args: &[&str]| Sandbox::run_with(&mut sandbox.unprivileged(&home), args);
    populate(&sandbox, &mut run);
    let folder = home.join("locked");
    std::fs::create_dir(&folder).expect("mkdir");
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o555)).expect("chmod");
    let out = folder.join("invite.csv");
    let failed = run(&["export", "--out", out.to_str().expect("utf-8")]);
    assert_eq!(failed.code, 1, "{}", failed.stdout);
    assert!(
        failed.stderr.contains("no permission to write in"),
        "{}",
        failed.stderr
    );
    assert_eq!(std::fs::read_dir(&folder).expect("dir").count(), 0);
    assert_nothing_consumed_in(&home, &mut run);
}

#[test]
fn devices_pipes_and_links_are_never_replaced() {
    let sandbox = sandbox();
    // As root, a rename over /dev/full would replace the device node itself.
    let before = std::fs::symlink_metadata("/dev/full")
        .expect("/dev/full")
        .file_type();
    let run = sandbox.run(&["export", "--out", "/dev/full", "--force"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stderr.contains("/dev/full is a device, pipe or socket"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::symlink_metadata("/dev/full")
            .expect("/dev/full")
            .file_type(),
        before
    );
    let target = sandbox.path("target.csv");
    std::fs::write(&target, "keep").expect("write");
    let link = sandbox.path("invite-link.csv");
    std::os::unix::fs::symlink(&target, &link).expect("symlink");
    let run = sandbox.run(&["export", "--out", link.to_str().expect("utf-8"), "--force"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("is a symbolic link"), "{}", run.stderr);
    assert!(
        std::fs::symlink_metadata(&link)
            .expect("link")
            .file_type()
            .is_symlink()
    );
    std::fs::remove_file(&link).expect("rm");
    assert_eq!(std::fs::read_to_string(&target).expect("target"), "keep");
    assert_consumed_nothing(&sandbox);
}

#[test]
#[ignore = "needs user namespaces (unshare -rm) for a private tmpfs; .ci/run runs it with --ignored"]
fn a_full_disk_fails_cleanly() {
    // A tiny tmpfs in a private mount namespace stands in for a full disk.
    let sandbox = sandbox();
    let mount = sandbox.path("small");
    std::fs::create_dir(&mount).expect("mkdir");
    let out = mount.join("invite.csv");
    let script = format!(
        "mount -t tmpfs -o size=4k tmpfs '{}' && head -c 4096 /dev/zero > '{}/filler' 2>/dev/null; \
         '{}' --workspace '{}' export --out '{}'; echo \"exit=$?\"; ls -A '{}'",
        mount.display(),
        mount.display(),
        env!("CARGO_BIN_EXE_vetted"),
        sandbox.workspace().display(),
        out.display(),
        mount.display()
    );
    let output = std::process::Command::new("unshare")
        .args(["-rm", "sh", "-c", &script])
        .output();
    let output = output.expect("unshare runs (util-linux)");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && !stderr.contains("mount:"),
        "cannot make a private tmpfs here (user namespaces?), so a full disk cannot be simulated: {stderr}"
    );
    assert!(stdout.contains("exit=1"), "{stdout}{stderr}");
    assert!(stderr.contains("the disk is full"), "{stderr}");
    assert_eq!(
        stdout
            .lines()
            .filter(|l| !l.starts_with("exit="))
            .collect::<Vec<_>>(),
        ["filler"],
        "no partial file: {stdout}"
    );
    assert_consumed_nothing(&sandbox);
}

#[test]
fn dry_run_writes_and_records_nothing() {
    let sandbox = sandbox();
    let out = sandbox.path("invite.csv");
    let run = sandbox.run(&["export", "--out", out.to_str().expect("utf-8"), "--dry-run"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("Would write 7 contacts"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("Dry run: nothing was written or recorded.")
    );
    assert!(!out.exists());
    assert_consumed_nothing(&sandbox);
}

#[test]
fn a_dry_run_says_when_the_real_one_would_stop_at_an_existing_file() {
    let sandbox = sandbox();
    let out = sandbox.path("invite.csv");
    std::fs::write(&out, "mine\n").expect("write");
    let run = sandbox.run(&["export", "--out", out.to_str().expect("utf-8"), "--dry-run"]);
    assert!(
        run.stdout.contains(
            "invite.csv exists: the export would stop there and write nothing; --force replaces it"
        ),
        "{}",
        run.stdout
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "mine\n");
}

#[test]
fn commands_that_change_decisions_need_a_workspace_that_exists() {
    let sandbox = Sandbox::new();
    let missing = sandbox.path("mistyped.sqlite3");
    let missing = missing.to_str().expect("utf-8");
    for args in [
        vec!["--workspace", missing, "export", "--out", "x.csv"],
        vec![
            "--workspace",
            missing,
            "mark",
            "--as",
            "know-well",
            "a@example.org",
        ],
        vec!["--workspace", missing, "prefer", "a@example.org"],
    ] {
        let run = Sandbox::run_with(&mut sandbox.without_workspace(), &args);
        assert_eq!(run.code, 1, "{args:?}");
        assert!(
            run.stderr.contains("there is no workspace at"),
            "{args:?}: {}",
            run.stderr
        );
        assert!(!std::path::Path::new(missing).exists(), "{args:?} made one");
    }
    // A file that is not a workspace is refused and left with nothing beside it.
    let other = sandbox.path("photo.png");
    std::fs::write(&other, b"\x89PNG\r\n\x1a\nnot a database").expect("write");
    let run = Sandbox::run_with(
        &mut sandbox.without_workspace(),
        &[
            "--workspace",
            other.to_str().unwrap(),
            "mark",
            "--as",
            "vaguely",
            "a@b.org",
        ],
    );
    assert!(
        run.stderr.contains("is not a vetted workspace"),
        "{}",
        run.stderr
    );
    let beside: Vec<_> = std::fs::read_dir(sandbox.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert!(!beside.iter().any(|n| n.ends_with(".lock")), "{beside:?}");
}

#[test]
fn a_byte_order_mark_is_only_for_csv() {
    let sandbox = sandbox();
    let out = sandbox.path("cards.vcf");
    let run = sandbox.run(&[
        "export",
        "--format",
        "vcard",
        "--bom",
        "--out",
        out.to_str().expect("utf-8"),
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("--bom is for CSV files"),
        "{}",
        run.stderr
    );
    assert!(!out.exists());
}

/// Given and family names are one record's pair, never one from each: two cards of one
/// address, `Cher` (given name only) and `Cherilyn Sarkisian`, export as Cher alone, not as
/// `Cher,Sarkisian`, which neither file gave. A later file with another name for the address
/// brings no names to it either.
#[test]
fn first_and_last_names_are_never_mixed_from_two_records() {
    let sandbox = Sandbox::new();
    let cards = sandbox.path("cher.vcf");
    std::fs::write(
        &cards,
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cher\r\nN:;Cher;;;\r\nEMAIL:same@w.example\r\nEND:VCARD\r\n\
         BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cherilyn Sarkisian\r\nN:Sarkisian;Cherilyn;;;\r\nEMAIL:same@w.example\r\nEND:VCARD\r\n\
         BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Alan Turing\r\nEMAIL:alan@w.example\r\nEND:VCARD\r\n",
    )
    .expect("write");
    let other = sandbox.path("other.csv");
    std::fs::write(
        &other,
        "First Name,Last Name,Display Name,Primary Email\n,Smith,,alan@w.example\n",
    )
    .expect("write");
    for file in [&cards, &other] {
        assert_eq!(
            sandbox.run(&["import", file.to_str().expect("utf-8")]).code,
            0
        );
    }
    let marked = sandbox.run(&[
        "mark",
        "same@w.example",
        "alan@w.example",
        "--as",
        "know-well",
    ]);
    assert_eq!(marked.code, 0, "{}", marked.stderr);
    let out = sandbox.path("invite.csv");
    let run = sandbox.run(&["export", "--out", out.to_str().expect("utf-8")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = read(&sandbox, "invite.csv");
    assert!(text.contains("\nCher,,same@w.example"), "{text}");
    assert!(text.contains("\nAlan,Turing,alan@w.example"), "{text}");
}
