//! The only road out of the workspace.
//!
//! [`policy::select`] decides who may leave (the truth table is in its module) and is the only
//! maker of a [`Vetted`] list; [`write`] turns a `Vetted` list into bytes and a file. The
//! command line and the screen both go through [`preview`] and [`write_batch`] below, which
//! do select, render, write atomically and record the batch, in that order. Nothing else in
//! vetted writes contacts anywhere, so "nobody unvetted reaches an export" is a property of
//! the types, and the property tests in `tests/export.rs` check it on random workspaces.

pub mod policy;
pub mod write;

use std::path::{Path, PathBuf};

pub use policy::{ExportKind, LeftOut, Options, Row, Selection, Vetted, record, select};
pub use write::{ExportFormat, Rendered, SaveError, Settings, render, save};

use crate::store::{StoreError, Workspace};
use crate::text::{count, plural};

/// What a batch would write: who, as which bytes, and who is left out and why.
#[derive(Debug)]
pub struct Preview {
    pub format: ExportFormat,
    pub selection: Selection,
    pub rendered: Rendered,
}

impl Preview {
    /// How many contacts the batch holds.
    pub fn len(&self) -> usize {
        self.selection.vetted.len()
    }

    pub fn is_empty(&self) -> bool {
        self.selection.vetted.is_empty()
    }
}

/// The next batch in `format`, as `settings` (its limit, template...) shape it, without
/// writing or recording anything. `include_exported` takes earlier batches' contacts again.
pub fn preview(
    workspace: &Workspace,
    format: ExportFormat,
    settings: &Settings,
    include_exported: bool,
) -> Result<Preview, StoreError> {
    let options = Options {
        limit: settings.limit,
        include_exported,
    };
    let selection = select(workspace, format.kind(), options)?;
    let rendered = render(&selection.vetted, format, settings);
    Ok(Preview {
        format,
        selection,
        rendered,
    })
}

/// A batch written (or, when it is empty, not: no file is made for nobody).
#[derive(Debug)]
pub struct Batch {
    pub preview: Preview,
    /// The file, absolute, when one was written.
    pub file: Option<PathBuf>,
}

/// Why a batch was not written, or written but not recorded.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Nothing was written and nothing recorded.
    #[error(transparent)]
    Save(#[from] SaveError),
    #[error(
        "{} was written, but the batch could not be recorded; the next export will include these contacts again",
        file.display()
    )]
    Record {
        file: PathBuf,
        #[source]
        source: StoreError,
    },
}

/// Writes the next batch in `format` to `file`: selects, renders, writes the file whole
/// (temporary file, fsync, rename; an existing file only with `force`), and only then records
/// the batch, so a failed write consumes nothing.
pub fn write_batch(
    workspace: &mut Workspace,
    format: ExportFormat,
    file: &Path,
    settings: &Settings,
    include_exported: bool,
    force: bool,
) -> Result<Batch, BatchError> {
    let preview = preview(workspace, format, settings, include_exported)?;
    if preview.is_empty() {
        return Ok(Batch {
            preview,
            file: None,
        });
    }
    save(file, &preview.rendered.bytes, force)?;
    let absolute = std::fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf());
    record(
        workspace,
        &preview.selection.vetted,
        format.as_str(),
        &absolute,
    )
    .map_err(|source| BatchError::Record {
        file: absolute.clone(),
        source,
    })?;
    Ok(Batch {
        preview,
        file: Some(absolute),
    })
}

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
