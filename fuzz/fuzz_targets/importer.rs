//! What every importer must hold on any bytes: Ok or a typed error, never a panic or a hang,
//! and a consistent result, the same whether the records are kept or streamed to another
//! thread. The fuzz targets run it, and so do the robustness tests (tests/robustness.rs).

use vetted::import::{FormatChoice, parse, parse_streaming};

pub fn check(data: &[u8], choice: FormatChoice) {
    let whole = parse(data, choice);
    let (streamed, records) = std::thread::scope(|scope| {
        let (sender, batches) = std::sync::mpsc::sync_channel(1);
        let (_, returned) = std::sync::mpsc::channel();
        let parser = scope.spawn(move || parse_streaming(data, choice, |_| (), sender, returned));
        let records: Vec<_> = batches.iter().flatten().map(|(record, _)| record).collect();
        (parser.join().expect("no panic"), records)
    });
    match (&whole, &streamed) {
        (Ok(whole), Ok(streamed)) => {
            assert_eq!(records, whole.records, "streaming yields the same records");
            assert_eq!(
                (streamed.records_read, &streamed.skipped, &streamed.invalid),
                (whole.records_read, &whole.skipped, &whole.invalid)
            );
        }
        (Err(whole), Err(streamed)) => {
            assert_eq!(whole, streamed);
            assert!(records.is_empty(), "a refused file streams nothing");
        }
        _ => panic!("parse and parse_streaming disagree"),
    }
    if let Ok(parsed) = whole {
        assert_eq!(
            parsed.records_read,
            parsed.records.len()
                + parsed.skipped.len()
                + parsed.connections.len()
                + parsed.invitations.len(),
            "every record read is imported, skipped, a connection or an invitation"
        );
        for record in &parsed.records {
            assert!(!record.display_name().is_empty());
            assert!(
                !record.addresses.is_empty(),
                "imported records have an address"
            );
            for address in &record.addresses {
                assert!(
                    vetted::contact::parse_address(address).is_ok(),
                    "{address:?} is valid"
                );
            }
        }
    }
}
