//! The ldif importer on arbitrary bytes.
#![no_main]

#[path = "importer.rs"]
mod importer;

use libfuzzer_sys::fuzz_target;
use vetted::import::FormatChoice;

fuzz_target!(|data: &[u8]| importer::check(data, FormatChoice::Ldif));
