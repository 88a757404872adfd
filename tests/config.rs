//! The configuration file through the real binary: where it is found, that its settings reach the
//! commands, and that each kind of mistake is refused with its precise message before anything
//! is touched (tests/invalid_configs: each file's first line is the message it must produce).

mod common;

use std::path::Path;

use common::Sandbox;

const BOOK: &str = "First Name,Last Name,E-mail Address\nAda,Lovelace,ada@example.org\n\
    Alan,Turing,alan@example.org\nGrace,Hopper,grace@example.org\n";

fn with_book(sandbox: &Sandbox) -> String {
    let book = sandbox.path("book.csv");
    std::fs::write(&book, BOOK).expect("write");
    book.to_string_lossy().into_owned()
}

#[test]
fn every_kind_of_mistake_gets_its_precise_message_and_nothing_is_touched() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/invalid_configs");
    let mut files: Vec<_> = std::fs::read_dir(&folder)
        .expect("tests/invalid_configs")
        .map(|entry| entry.expect("an entry").path())
        .collect();
    files.sort();
    assert!(files.len() >= 20, "one file per kind of mistake");
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read");
        let expected = text
            .lines()
            .next()
            .and_then(|line| line.strip_prefix("# expect: "))
            .unwrap_or_else(|| panic!("{} starts with # expect: <message>", file.display()));
        let sandbox = Sandbox::new();
        let book = with_book(&sandbox);
        let output = sandbox
            .command()
            .arg("--config")
            .arg(&file)
            .args(["import", &book])
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{}: {stderr}",
            file.display()
        );
        assert_eq!(
            stderr,
            format!("vetted: error: {}:{expected}\n", file.display()),
            "{}",
            file.display()
        );
        assert!(
            !sandbox.workspace().exists(),
            "{}: a bad config touches no data",
            file.display()
        );
    }
}

#[test]
fn the_example_file_is_a_valid_configuration() {
    let sandbox = Sandbox::new();
    let book = with_book(&sandbox);
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("config.example.toml");
    let run = Sandbox::run_with(
        sandbox.command().arg("--config").arg(&example),
        &["import", &book],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn the_file_is_found_by_flag_environment_or_default_location() {
    let sandbox = Sandbox::new();
    let book = with_book(&sandbox);
    let bad = "[screen]\nsort = \"nowhere\"\n";

    // The default location: <config dir>/vetted/config.toml.
    let default = sandbox.path("config/vetted/config.toml");
    std::fs::create_dir_all(default.parent().expect("a folder")).expect("mkdir");
    std::fs::write(&default, bad).expect("write");
    let run = sandbox.run(&["import", &book]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .starts_with(&format!("vetted: error: {}:2:8: ", default.display())),
        "{}",
        run.stderr
    );

    // VETTED_CONFIG and --config take its place; --config wins over the environment.
    let good = sandbox.path("good.toml");
    std::fs::write(&good, "[export]\nbatch_size = 2\n").expect("write");
    let run = Sandbox::run_with(
        sandbox.command().env("VETTED_CONFIG", &good),
        &["import", &book],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = Sandbox::run_with(
        sandbox
            .command()
            .env("VETTED_CONFIG", &default)
            .arg("--config")
            .arg(&good),
        &["status"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);

    // A file named explicitly must exist.
    let missing = sandbox.path("missing.toml");
    let run = Sandbox::run_with(sandbox.command().arg("--config").arg(&missing), &["status"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with(&format!(
            "vetted: error: cannot read the configuration file {}: ",
            missing.display()
        )),
        "{}",
        run.stderr
    );
    // The reason once (it was printed twice: the message quotes its source).
    assert_eq!(
        run.stderr.matches("No such file or directory").count(),
        1,
        "{}",
        run.stderr
    );
}

#[test]
fn export_settings_reach_the_export_command() {
    let sandbox = Sandbox::new();
    let book = with_book(&sandbox);
    assert_eq!(sandbox.run(&["import", &book]).code, 0);
    let marked = sandbox.run(&[
        "mark",
        "ada@example.org",
        "alan@example.org",
        "grace@example.org",
        "--as",
        "know-well",
    ]);
    assert_eq!(marked.code, 0, "{}", marked.stderr);
    let config = sandbox.path("config.toml");
    std::fs::write(
        &config,
        "[export]\nbatch_size = 2\ntemplate = \"Dear {first_name}, {note}\"\n",
    )
    .expect("write");
    let out = sandbox.path("invite.csv");
    let run = Sandbox::run_with(
        sandbox.command().arg("--config").arg(&config),
        &["export", "--out", out.to_str().expect("utf-8")],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let written = std::fs::read_to_string(&out).expect("written");
    assert_eq!(written.lines().count(), 3, "a header and a batch of two");

    assert_eq!(
        sandbox
            .run(&[
                "mark",
                "grace@example.org",
                "--as",
                "vaguely",
                "--note",
                "We met in 1952."
            ])
            .code,
        0
    );
    let outreach = sandbox.path("outreach.csv");
    let run = Sandbox::run_with(
        sandbox.command().arg("--config").arg(&config),
        &[
            "export",
            "--format",
            "outreach",
            "--out",
            outreach.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let written = std::fs::read_to_string(&outreach).expect("written");
    assert!(written.contains("Dear Grace, We met in 1952."), "{written}");
}

#[test]
fn the_readme_example_is_valid() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    let section = &readme[readme
        .find("## Configuration")
        .expect("a configuration section")..];
    let start = section.find("```toml\n").expect("a TOML example") + "```toml\n".len();
    let example = &section[start..start + section[start..].find("```").expect("closed")];
    let config = vetted::config::Config::with_user_file("README.md", example)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(config.export.limit, 50);
}

#[test]
fn escape_sequences_in_a_configuration_are_quoted_inert() {
    let sandbox = Sandbox::new();
    let config = sandbox.path("config.toml");
    std::fs::write(
        &config,
        "[keys.normal]\n\"\\u001b]0;owned\\u0007\" = \"quit\"\n",
    )
    .expect("write");
    let run = Sandbox::run_with(sandbox.command().arg("--config").arg(&config), &["status"]);
    assert_eq!(run.code, 1);
    assert!(
        !run.stderr.contains('\u{1b}') && !run.stderr.contains('\u{7}'),
        "{:?}",
        run.stderr
    );
    assert!(
        run.stderr.contains("\u{241b}]0;owned\u{2407}"),
        "{:?}",
        run.stderr
    );
}
