//! vetted: decide, one key per person, who in your old address books you really know, so that
//! only vetted people ever reach an invitation list.
//!
//! The library holds everything but the command-line glue: the domain ([`contact`]), the
//! importers ([`import`]) and the workspace store ([`store`]). None of it depends on the
//! terminal, so tests and benchmarks drive it directly.
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

pub mod action;
pub mod config;
pub mod contact;
pub mod duplicates;
pub mod export;
pub mod import;
pub mod memory;
pub mod search;
pub(crate) mod sorting;
pub mod store;
pub mod suggest;
pub mod text;
pub mod tui;
