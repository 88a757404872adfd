//! The mail scanner on arbitrary bytes: every message counted is visited once, headers parse
//! without panicking, and every envelope has a key and only valid, lower-cased addresses.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vetted::import::mail::{envelope, scan_mbox};

fuzz_target!(|data: &[u8]| {
    let mut visited = 0u64;
    let messages = scan_mbox(
        data,
        &mut |headers, _| {
            visited += 1;
            let envelope = envelope(headers);
            assert!(!envelope.key().is_empty());
            for mailbox in envelope.from.iter().chain(&envelope.recipients) {
                assert_eq!(mailbox.key, vetted::contact::address_key(&mailbox.key));
                assert!(vetted::contact::parse_address(&mailbox.key).is_ok());
            }
        },
        &mut |_| {},
    )
    .expect("a byte slice cannot fail to read");
    assert_eq!(messages, visited);
});
