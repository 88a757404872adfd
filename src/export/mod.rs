//! The only road out of the workspace.
//!
//! [`policy::select`] decides who may leave (DESIGN section 2) and is the only maker of a
//! [`Vetted`] list; [`write`] turns a `Vetted` list into a file. Nothing else in vetted writes
//! contacts anywhere, so "nobody unvetted reaches an export" is a property of the types, and the
//! property tests in `tests/export.rs` check it on random workspaces.

pub mod policy;
pub mod write;

pub use policy::{ExportKind, LeftOut, Options, Row, Selection, Vetted, record, select};
pub use write::{ExportFormat, Rendered, SaveError, Settings, render, save};

use crate::text::{count, plural};

/// The lines of an export summary that say who was left out and why, and what remains.
pub fn left_out_lines(selection: &Selection, limit: usize) -> Vec<String> {
    let kind = selection.vetted.kind();
    let left = &selection.left_out;
    let mut lines = Vec::new();
    let mut reason = |n: usize, text: String| {
        if n > 0 {
            lines.push(format!("{:>7} {text}", count(n as u64)));
        }
    };
    reason(left.unreviewed, "unreviewed".into());
    reason(left.dont_know, "don't know".into());
    reason(
        left.vaguely,
        "vaguely (they belong in the outreach list)".into(),
    );
    reason(
        left.know_well,
        "know well (they belong in the invite list)".into(),
    );
    reason(left.connected, "already connected on LinkedIn".into());
    reason(
        left.probably_connected,
        "probably connected on LinkedIn (a connection has the same name)".into(),
    );
    reason(left.invited, "already invited on LinkedIn".into());
    reason(
        left.already_exported,
        "already exported in an earlier batch".into(),
    );
    reason(
        left.over_limit,
        format!("over the batch limit of {}", count(limit as u64)),
    );
    if lines.is_empty() {
        return lines;
    }
    let mut out = vec![format!("Left out {}:", count(left.total() as u64))];
    out.extend(lines);
    if selection.remaining > 0 {
        let who = match kind {
            ExportKind::Invite => plural(
                selection.remaining as u64,
                "know-well contact remains",
                "know-well contacts remain",
            ),
            ExportKind::Outreach => plural(
                selection.remaining as u64,
                "vaguely-known contact remains",
                "vaguely-known contacts remain",
            ),
        };
        out.push(format!("{who} for the next batches."));
    }
    out
}
