//! Encoding detection and format detection on arbitrary bytes: decoding never panics and
//! yields valid text, and whatever the content looks like, parsing ends in Ok or a typed error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vetted::import::{FormatChoice, encoding, is_mail, parse};

fuzz_target!(|data: &[u8]| {
    let decoded = encoding::decode(data);
    assert!(decoded.text.len() <= data.len() * 3 + 3);
    let _ = decoded.describe();
    let _ = is_mail(data);
    let _ = parse(data, FormatChoice::Auto);
});
