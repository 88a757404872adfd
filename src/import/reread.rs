//! Reading a record again from where an import found it: a split names the contacts it
//! leaves from their own sources' records.

use std::collections::HashMap;
use std::path::PathBuf;

use super::source::{self, Holds};
use super::{FormatChoice, parse};
use crate::contact::Record;

/// The records of the address books read so far, by path (`None`: the file cannot be read
/// as an address book any more: gone, changed into something else, mail, an archive).
#[derive(Default)]
pub struct Reread {
    files: HashMap<PathBuf, Option<Vec<Record>>>,
}

impl Reread {
    /// The record that begins at `line` (and is card `card`) of the address book at `path`,
    /// if the file still holds it.
    pub fn record(&mut self, path: &str, line: u64, card: Option<u64>) -> Option<Record> {
        let records = self
            .files
            .entry(PathBuf::from(path))
            .or_insert_with_key(|path| {
                let opened = source::open(path, FormatChoice::Auto).ok()?;
                let Holds::Book(bytes) = opened.holds else {
                    return None;
                };
                parse(&bytes, FormatChoice::Auto).ok().map(|p| p.records)
            })
            .as_ref()?;
        records
            .iter()
            .find(|r| r.location.line == line && r.location.card == card)
            .cloned()
    }
}
