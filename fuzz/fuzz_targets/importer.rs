//! What every importer target checks: Ok or a typed error, never a panic or a hang, and a
//! consistent result.

use vetted::import::{FormatChoice, parse};

pub fn check(data: &[u8], choice: FormatChoice) {
    if let Ok(parsed) = parse(data, choice) {
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
}
