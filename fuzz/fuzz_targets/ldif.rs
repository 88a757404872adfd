//! The ldif importer on arbitrary bytes: Ok or a typed error, never a panic or a hang, and a
//! consistent result.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vetted::import::{FormatChoice, parse};

fuzz_target!(|data: &[u8]| {
    if let Ok(parsed) = parse(data, FormatChoice::Ldif) {
        assert_eq!(
            parsed.records_read,
            parsed.records.len()
                + parsed.skipped.len()
                + parsed.connections.len()
                + parsed.invitations.len()
        );
        for record in &parsed.records {
            assert!(!record.addresses.is_empty());
            assert!(!record.display_name().is_empty());
        }
    }
});
