//! The mail scanner on arbitrary bytes: every message counted is visited once, headers parse
//! without panicking, and the tally's counts add up.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vetted::contact::Location;
use vetted::import::mail::{Tally, envelope, scan_mbox};

fuzz_target!(|data: &[u8]| {
    let mut tally = Tally::default();
    let mut visited = 0u64;
    let messages = scan_mbox(
        data,
        &mut |headers, line| {
            visited += 1;
            tally.add(&envelope(headers), Location::line(line));
        },
        &mut |_| {},
    )
    .expect("a byte slice cannot fail to read");
    assert_eq!(messages, visited);
    let history = tally.finish(&[]);
    assert_eq!(history.messages, messages);
    for person in &history.correspondents {
        assert!(person.sent > 0 || person.received > 0);
        assert!(!history.user.contains(&person.key));
    }
});
