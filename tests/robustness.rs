//! Importers are total: on any bytes they return records or a typed error, never a panic.
//! Random bytes, every fixture cut at many points, and fixtures with random bytes changed.

mod common;
#[path = "../fuzz/fuzz_targets/importer.rs"]
mod importer;

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use vetted::import::FormatChoice;

const CHOICES: [FormatChoice; 8] = [
    FormatChoice::Auto,
    FormatChoice::Google,
    FormatChoice::Outlook,
    FormatChoice::Thunderbird,
    FormatChoice::Linkedin,
    FormatChoice::Csv,
    FormatChoice::Vcard,
    FormatChoice::Ldif,
];

/// Every file in `folders` (not README or SOURCES files), with its bytes.
fn files_in(folders: &[PathBuf]) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    for folder in folders {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(folder)
            .unwrap_or_else(|e| panic!("{}: {e}", folder.display()))
            .map(|entry| entry.expect("entry").path())
            .filter(|path| path.is_file() && path.extension().is_none_or(|e| e != "md"))
            .collect();
        entries.sort();
        for path in entries {
            let bytes = std::fs::read(&path).expect("readable");
            files.push((path, bytes));
        }
    }
    files
}

/// The project's own fixtures (tests/fixtures).
fn own_fixtures() -> Vec<(PathBuf, Vec<u8>)> {
    files_in(&[common::own_fixture("")])
}

/// The third-party fixtures beside the repository.
fn real_fixtures() -> Vec<(PathBuf, Vec<u8>)> {
    let real = common::real_fixtures();
    let files =
        files_in(&["csv", "ldif", "vcard21", "vcard30", "vcard40", "mbox"].map(|f| real.join(f)));
    assert!(files.len() >= 50, "{} real fixtures", files.len());
    files
}

/// Every parser's output is internally consistent, whatever the input; streamed or not.
fn check(bytes: &[u8], choice: FormatChoice) {
    // The mail scanner reads anything too: every message it counts is handed over once.
    let mut visited = 0u64;
    let messages = vetted::import::mail::scan_mbox(
        bytes,
        &mut |headers, _| {
            visited += 1;
            let _ = vetted::import::mail::envelope(headers);
        },
        &mut |_| {},
    )
    .expect("a byte slice cannot fail to read");
    assert_eq!(
        messages, visited,
        "every message's headers are visited once"
    );
    importer::check(bytes, choice);
}

/// The fuzz targets, each with a folder of inputs in tests/fuzz_regressions and fuzz/seeds.
const TARGETS: [&str; 5] = ["csv", "vcard", "ldif", "mbox", "encoding"];

/// The files of `target`'s folder under `root`, which must exist (an empty one says so).
fn target_inputs(root: &Path, target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let folder = root.join(target);
    assert!(folder.is_dir(), "{} is missing", folder.display());
    files_in(&[folder])
        .into_iter()
        .filter(|(path, _)| path.file_name().is_some_and(|n| n != ".gitkeep"))
        .collect()
}

/// Inputs that once broke a fuzz target stay fixed: every one is replayed through every
/// importer. Any crash a local fuzz run left in fuzz/artifacts must have been copied here
/// (by its bytes), so none is forgotten. While the folder holds none, its README says that
/// no target has found one, and the committed seed corpus is replayed instead.
#[test]
fn every_fuzz_regression_input_parses_or_errs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let regressions = root.join("tests/fuzz_regressions");
    let mut replayed = 0;
    for target in TARGETS {
        let kept = target_inputs(&regressions, target);
        let artifacts = root.join("fuzz/artifacts").join(target);
        if artifacts.is_dir() {
            for (path, bytes) in files_in(&[artifacts]) {
                assert!(
                    kept.iter().any(|(_, k)| *k == bytes),
                    "{} found by fuzzing is not in tests/fuzz_regressions/{target}/: copy it there",
                    path.display()
                );
            }
        }
        for (_, bytes) in &kept {
            for choice in CHOICES {
                check(bytes, choice);
            }
            replayed += 1;
        }
    }
    if replayed == 0 {
        let readme = std::fs::read_to_string(regressions.join("README.md")).expect("README");
        assert!(
            readme.contains("No fuzz target has found a failing input yet"),
            "tests/fuzz_regressions holds no input, and its README does not say why"
        );
    }
}

/// The seed corpus the fuzz runs start from (fuzz/seeds, the project's own small inputs for
/// the cases each format is known for): at least three a target, every one replayed.
#[test]
fn every_fuzz_seed_parses_or_errs() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds");
    for target in TARGETS {
        let inputs = target_inputs(&seeds, target);
        assert!(
            inputs.len() >= 3,
            "fuzz/seeds/{target} holds {} inputs",
            inputs.len()
        );
        for (path, bytes) in inputs {
            for choice in CHOICES {
                let result = std::panic::catch_unwind(|| check(&bytes, choice));
                assert!(result.is_ok(), "{} as {choice:?} panicked", path.display());
            }
        }
    }
}

/// Every file cut at about 200 points, always including the first bytes and the end: Auto at
/// every cut, and the forced formats taking turns, so each parser sees every file.
fn truncated_anywhere(files: &[(PathBuf, Vec<u8>)]) {
    for (path, bytes) in files {
        let step = (bytes.len() / 200).max(1);
        let cuts = (0..bytes.len()).step_by(step).chain([bytes.len()]);
        for (index, cut) in cuts.enumerate() {
            for choice in [FormatChoice::Auto, CHOICES[1 + index % (CHOICES.len() - 1)]] {
                let result = std::panic::catch_unwind(|| check(&bytes[..cut], choice));
                assert!(
                    result.is_ok(),
                    "{} cut at {cut} as {choice:?} panicked",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn every_own_fixture_truncated_anywhere_parses_or_errs() {
    truncated_anywhere(&own_fixtures());
}

#[test]
#[cfg_attr(
    not(real_fixtures),
    ignore = "reads ../shared/fixtures/real (or VETTED_REAL_FIXTURES), third-party files not in the repository"
)]
fn every_real_fixture_truncated_anywhere_parses_or_errs() {
    truncated_anywhere(&real_fixtures());
}

/// Every file with bytes changed at random, each file on its own: 8 cases a file, so no file
/// is left out by the draw.
fn mutated(files: &[(PathBuf, Vec<u8>)]) {
    use proptest::test_runner::{Config, TestRunner};
    let edits = proptest::collection::vec((any::<usize>(), any::<u8>()), 1..16);
    for (path, original) in files {
        let mut runner = TestRunner::new(Config {
            cases: 8,
            failure_persistence: None,
            ..Config::default()
        });
        let result = runner.run(&edits, |edits| {
            let mut bytes = original.clone();
            for (at, value) in edits {
                if !bytes.is_empty() {
                    let index = at % bytes.len();
                    bytes[index] = value;
                }
            }
            check(&bytes, FormatChoice::Auto);
            Ok(())
        });
        if let Err(failure) = result {
            panic!("{} with bytes changed: {failure}", path.display());
        }
    }
}

#[test]
fn every_own_fixture_mutated_parses_or_errs() {
    mutated(&own_fixtures());
}

#[test]
#[cfg_attr(
    not(real_fixtures),
    ignore = "reads ../shared/fixtures/real (or VETTED_REAL_FIXTURES), third-party files not in the repository"
)]
fn every_real_fixture_mutated_parses_or_errs() {
    mutated(&real_fixtures());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn random_bytes_parse_or_err(bytes in proptest::collection::vec(any::<u8>(), 0..2048), choice in 0usize..CHOICES.len()) {
        check(&bytes, CHOICES[choice]);
    }

    #[test]
    fn random_text_with_format_markers_parses_or_err(
        lines in proptest::collection::vec(
            prop_oneof![
                Just("BEGIN:VCARD".to_string()),
                Just("END:VCARD".to_string()),
                Just("dn: cn=x".to_string()),
                Just("EMAIL;PREF;QUOTED-PRINTABLE:=C3=".to_string()),
                Just("FN;CHARSET=SHIFT_JIS:\u{ff8a}".to_string()),
                Just(" folded".to_string()),
                Just("mail:: !!!".to_string()),
                Just("E-mail 1 - Value,First Name".to_string()),
                Just("\"unterminated,quote".to_string()),
                "[ -~]{0,40}",
                "\\PC{0,20}",
            ],
            0..40,
        ),
        crlf in any::<bool>(),
        choice in 0usize..CHOICES.len(),
    ) {
        let text = lines.join(if crlf { "\r\n" } else { "\n" });
        check(text.as_bytes(), CHOICES[choice]);
    }
}
