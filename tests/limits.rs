//! Bad files and limits, through the real binary: huge lines, huge photos, a 2 GB mbox, files
//! that cannot be read. Each gets a clear message or a bounded, streamed import; memory is held
//! to a limit (`prlimit --as`) so that reading a file whole would fail the test.

mod common;

use std::io::Write;
use std::process::Command;

use common::{Run, Sandbox};

/// `vetted ARGS` on the sandbox's workspace with its address space limited to `megabytes`.
fn run_limited(sandbox: &Sandbox, megabytes: u64, args: &[&str]) -> Run {
    let reference = sandbox.command();
    let mut command = Command::new("prlimit");
    // The same clean environment as the reference command (which lists every variable it has).
    command.env_clear();
    command
        .arg(format!("--as={}", megabytes << 20))
        .arg("--")
        .arg(reference.get_program())
        .args(reference.get_args())
        .args(args);
    for (key, value) in reference.get_envs() {
        match value {
            Some(value) => command.env(key, value),
            None => command.env_remove(key),
        };
    }
    Run::from(command.output().expect("runs prlimit"))
}

#[test]
fn a_megabyte_long_line_is_cut_and_said_so() {
    let sandbox = Sandbox::new();
    let file = sandbox.path("long.csv");
    let mut text = String::from("Name,Email\n");
    text.push_str(&"x".repeat(1 << 20));
    text.push_str(",long@example.org\nAda,ada@example.org\n");
    std::fs::write(&file, text).expect("write");
    let run = sandbox.run(&["import", file.to_str().expect("utf-8")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(
            "long.csv:2: a name, organization, title or note longer than 1,000 characters was cut"
        ),
        "{}",
        run.stdout
    );
    let contacts = sandbox.contacts();
    assert_eq!(contacts.len(), 2);
    assert_eq!(
        contacts[0].0.chars().count(),
        1001,
        "1,000 characters and …"
    );
}

#[test]
fn a_fifty_megabyte_photo_is_skipped_in_bounded_memory() {
    let sandbox = Sandbox::new();
    let file = sandbox.path("photo.vcf");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&file).expect("create"));
    out.write_all(b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nPHOTO;ENCODING=b;TYPE=JPEG:")
        .expect("write");
    let line = [b'Q'; 74];
    for _ in 0..(50 << 20) / 77 {
        out.write_all(&line).expect("write");
        out.write_all(b"\r\n ").expect("write");
    }
    out.write_all(b"QQ\r\nEMAIL:ada@example.org\r\nEND:VCARD\r\n")
        .expect("write");
    drop(out);
    let run = run_limited(&sandbox, 1024, &["import", file.to_str().expect("utf-8")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        sandbox.contacts(),
        [(
            "Ada Lovelace".to_string(),
            vec!["ada@example.org".to_string()]
        )]
    );
}

#[test]
fn a_two_gigabyte_mbox_streams_in_bounded_memory() {
    let sandbox = Sandbox::new();
    let file = sandbox.path("huge.mbox");
    let mut mbox = std::fs::File::create(&file).expect("create");
    mbox.write_all(
        b"From me@home.example Mon Jan  1 10:00:00 2024\nFrom: me@home.example\nTo: ada@example.org\nDate: Mon, 1 Jan 2024 10:00:00 +0000\n\n",
    )
    .expect("write");
    // A sparse 2 GB body (no disk space used), then one more message after it.
    let tail = b"\nFrom ada@example.org Tue Jan  2 10:00:00 2024\nFrom: ada@example.org\nTo: me@home.example\nDate: Tue, 2 Jan 2024 10:00:00 +0000\n\nthanks\n";
    let size = (2u64 << 30) + 1;
    mbox.set_len(size).expect("sparse");
    use std::io::Seek;
    mbox.seek(std::io::SeekFrom::Start(size)).expect("seek");
    mbox.write_all(tail).expect("write");
    drop(mbox);
    let run = run_limited(&sandbox, 512, &["import", file.to_str().expect("utf-8")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("huge.mbox: mail archive (mbox), 2 messages"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("1 correspondent in all the mail imported: 1 both ways"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_file_that_cannot_be_read_is_named_and_the_rest_imports() {
    use std::os::unix::fs::PermissionsExt;
    let sandbox = Sandbox::new();
    let shared = sandbox.path("shared");
    let mut vetted = sandbox.unprivileged(&shared);
    let secret = shared.join("secret.csv");
    std::fs::write(&secret, "Name,Email\nAda,ada@example.org\n").expect("write");
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let open = shared.join("open.csv");
    std::fs::write(&open, "Name,Email\nGrace,grace@example.org\n").expect("write");
    std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let output = vetted
        .arg("import")
        .arg(&secret)
        .arg(&open)
        .output()
        .expect("runs vetted");
    let run = Run::from(output);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr
            .contains(&format!("cannot read {}", secret.display()))
            && run.stderr.contains("Permission denied"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("open.csv: CSV"), "{}", run.stdout);
}

#[test]
fn a_maildir_with_an_unreadable_message_counts_the_rest() {
    use std::os::unix::fs::PermissionsExt;
    let sandbox = Sandbox::new();
    let shared = sandbox.path("shared");
    let mut vetted = sandbox.unprivileged(&shared);
    let maildir = shared.join("Mail");
    for sub in ["cur", "new", "tmp"] {
        std::fs::create_dir_all(maildir.join(sub)).expect("mkdir");
    }
    for folder in [&maildir, &maildir.join("cur"), &maildir.join("new")] {
        std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o777)).expect("chmod");
    }
    let message =
        "From: ada@example.org\nTo: me@home.example\nDate: 1 Apr 2024 10:00:00 +0000\n\nhi\n";
    for (name, mode) in [("cur/1:2,S", 0o644), ("cur/2:2,S", 0o000), ("new/3", 0o644)] {
        let path = maildir.join(name);
        std::fs::write(&path, message).expect("write");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).expect("chmod");
    }
    let output = vetted
        .arg("import")
        .arg(&maildir)
        .output()
        .expect("runs vetted");
    let run = Run::from(output);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("mail folder (Maildir), 2 messages"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("1 message could not be read and was not counted:")
            && run.stdout.contains("cur/2:2,S: Permission denied"),
        "{}",
        run.stdout
    );
}
