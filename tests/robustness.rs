//! Importers are total: on any bytes they return records or a typed error, never a panic.
//! Random bytes, every fixture cut at many points, and fixtures with random bytes changed.

mod common;
#[path = "../fuzz/fuzz_targets/importer.rs"]
mod importer;

use std::path::PathBuf;

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

fn all_fixtures() -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let real = common::real_fixtures();
    let folders = ["csv", "ldif", "vcard21", "vcard30", "vcard40", "mbox"].map(|f| real.join(f));
    for folder in folders.iter().chain([&common::own_fixture("")]) {
        for entry in std::fs::read_dir(folder).expect("fixture folder") {
            let path = entry.expect("entry").path();
            let bytes = std::fs::read(&path).expect("readable");
            files.push((path, bytes));
        }
    }
    files
}

/// Every parser's output is internally consistent, whatever the input; streamed or not.
fn check(bytes: &[u8], choice: FormatChoice) {
    // The mail scanner reads anything too: every message it counts is handed over once.
    let mut visited = 0u64;
    let messages = vetted::mail::scan_mbox(
        bytes,
        &mut |headers, _| {
            visited += 1;
            let _ = vetted::mail::envelope(headers);
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

#[test]
fn every_fuzz_regression_input_parses_or_errs() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions");
    let mut replayed = 0;
    for folder in std::fs::read_dir(&root).expect("tests/fuzz_regressions") {
        let folder = folder.expect("entry").path();
        if !folder.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&folder).expect("a target's folder") {
            let bytes = std::fs::read(file.expect("entry").path()).expect("readable");
            for choice in CHOICES {
                check(&bytes, choice);
            }
            replayed += 1;
        }
    }
    eprintln!("replayed {replayed} fuzz regression inputs");
}

#[test]
fn every_fixture_truncated_anywhere_parses_or_errs() {
    for (path, bytes) in all_fixtures() {
        // About 200 cut points per file, always including the first bytes and the end.
        let step = (bytes.len() / 200).max(1);
        let cuts = (0..bytes.len()).step_by(step).chain([bytes.len()]);
        // Auto at every cut; the forced formats take turns, so each parser sees every file.
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

    #[test]
    fn mutated_fixtures_parse_or_err(file in 0usize..64, edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..16)) {
        let fixtures = FIXTURES.with(|f| f.clone());
        let (_, original) = &fixtures[file % fixtures.len()];
        let mut bytes = original.clone();
        for (at, value) in edits {
            if !bytes.is_empty() {
                let index = at % bytes.len();
                bytes[index] = value;
            }
        }
        check(&bytes, FormatChoice::Auto);
    }
}

thread_local! {
    static FIXTURES: Vec<(PathBuf, Vec<u8>)> = all_fixtures();
}
