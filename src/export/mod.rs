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
use crate::text::{count, plural, terminal_safe};

/// What to export: the next batch in a format, or the last one again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Request {
    pub format: ExportFormat,
    /// Take contacts of earlier batches again.
    pub include_exported: bool,
    /// Write the last batch of the format's kind again (as the policy allows it today),
    /// instead of the next one; nothing new is recorded.
    pub again: bool,
    /// Begin a CSV file with a UTF-8 byte-order mark, for Excel.
    pub bom: bool,
}

impl Request {
    /// The next batch in `format`.
    pub fn next(format: ExportFormat) -> Request {
        Request {
            format,
            include_exported: false,
            again: false,
            bom: false,
        }
    }
}

/// What a batch would write: who, as which bytes, and who is left out and why.
#[derive(Debug)]
pub struct Preview {
    pub request: Request,
    pub selection: Selection,
    pub rendered: Rendered,
    /// The batch's limit, as `settings` set it for the kind.
    pub limit: usize,
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

/// The batch `request` asks for, as `settings` (its limits, template...) shape it, without
/// writing or recording anything. `None` when it asks for the last batch and there is none.
pub fn preview(
    workspace: &Workspace,
    request: &Request,
    settings: &Settings,
) -> Result<Option<Preview>, StoreError> {
    let limit = settings.limit_for(request.format.kind());
    let selection = if request.again {
        match policy::select_again(workspace, request.format)? {
            Some(selection) => selection,
            None => return Ok(None),
        }
    } else {
        let options = Options {
            limit,
            include_exported: request.include_exported,
        };
        select(workspace, request.format, options)?
    };
    let mut rendered = render(&selection.vetted, request.format, settings);
    if request.bom && request.format.is_spreadsheet() && !rendered.bytes.is_empty() {
        rendered.bytes.splice(0..0, *b"\xef\xbb\xbf");
    }
    Ok(Some(Preview {
        request: *request,
        selection,
        rendered,
        limit,
    }))
}

/// Where a batch goes.
pub enum Destination<'a> {
    /// A file, written whole or not at all; an existing one is replaced only with `force`.
    File { path: &'a Path, force: bool },
    /// A stream (standard output), named for the batch record.
    Stream {
        name: &'a str,
        out: &'a mut dyn std::io::Write,
    },
}

/// A batch written (or, when it is empty, not: no file is made for nobody).
#[derive(Debug)]
pub struct Batch {
    pub preview: Preview,
    /// Where it was written (an absolute path, or the stream's name), when it was.
    pub written_to: Option<PathBuf>,
}

/// Why a batch was not written, or written but not recorded.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("there is no earlier {} batch to write again", kind.as_str())]
    NoEarlierBatch { kind: ExportKind },
    /// Nothing was written and nothing recorded.
    #[error(transparent)]
    Save(#[from] SaveError),
    /// The stream failed part way; nothing was recorded.
    #[error("cannot write the export to {name}; nothing was recorded")]
    Stream {
        name: String,
        #[source]
        source: std::io::Error,
    },
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

/// Writes the batch `request` asks for to `destination`: selects, renders, writes (a file
/// whole: temporary file, fsync, rename), and only then records a new batch, so a failed write
/// consumes nothing. Writing the last batch again records nothing.
pub fn write_batch(
    workspace: &mut Workspace,
    request: &Request,
    settings: &Settings,
    destination: Destination<'_>,
) -> Result<Batch, BatchError> {
    let Some(preview) = preview(workspace, request, settings)? else {
        return Err(BatchError::NoEarlierBatch {
            kind: request.format.kind(),
        });
    };
    if preview.is_empty() {
        return Ok(Batch {
            preview,
            written_to: None,
        });
    }
    let written_to = match destination {
        Destination::File { path, force } => {
            save(path, &preview.rendered.bytes, force)?;
            std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
        }
        Destination::Stream { name, out } => {
            let stream = |source| BatchError::Stream {
                name: name.to_string(),
                source,
            };
            out.write_all(&preview.rendered.bytes).map_err(stream)?;
            out.flush().map_err(stream)?;
            PathBuf::from(name)
        }
    };
    if !request.again {
        record(
            workspace,
            &preview.selection.vetted,
            request.format.as_str(),
            &written_to,
        )
        .map_err(|source| BatchError::Record {
            file: written_to.clone(),
            source,
        })?;
    }
    Ok(Batch {
        preview,
        written_to: Some(written_to),
    })
}

/// The outreach message `contact` would get with `note` as its note: what the note editor
/// shows as the user types (the same template and length count as the outreach export).
pub fn draft_with_note(
    contact: &crate::contact::Contact,
    note: &str,
    settings: &Settings,
) -> write::Draft {
    let mut row = policy::row(contact.clone());
    row.note = note.to_string();
    write::draft(&row, settings)
}

/// The invitations the user should accept on LinkedIn rather than answer with one: from people
/// the batch left out because they invited the user. A heading and a line each, or nothing.
pub fn invitations_to_accept(
    workspace: &Workspace,
    preview: &Preview,
) -> Result<Vec<String>, StoreError> {
    if preview.selection.left_out.invited_you == 0 {
        return Ok(Vec::new());
    }
    let allowed = preview.request.format.kind().allowed();
    let invitations = workspace.invitations_to_accept(allowed)?;
    if invitations.is_empty() {
        return Ok(Vec::new());
    }
    let mut lines = vec![format!(
        "Invitations to accept on LinkedIn (My Network, Invitations), from people you marked {}:",
        allowed.label()
    )];
    for invitation in &invitations {
        let line = format!(
            "  {}  sent {}  {}",
            terminal_safe(&invitation.name),
            terminal_safe(&invitation.sent_at),
            terminal_safe(&invitation.profile_url)
        );
        lines.push(line.trim_end().to_string());
    }
    Ok(lines)
}

/// What the batch's file flags (outreach drafts without a note or too long), as the summary
/// and the screen's preview both say it.
pub fn warnings(preview: &Preview, settings: &Settings) -> Vec<String> {
    let mut lines = Vec::new();
    let rendered = &preview.rendered;
    if rendered.without_note > 0 {
        lines.push(format!(
            "{} no note yet (flagged in the file): write how you know each other first",
            plural(rendered.without_note as u64, "contact has", "contacts have")
        ));
    }
    if rendered.too_long > 0 {
        lines.push(format!(
            "{} over {} characters (flagged in the file): LinkedIn would cut them",
            plural(
                rendered.too_long as u64,
                "message draft is",
                "message drafts are"
            ),
            settings.note_limit
        ));
    }
    lines
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
    reason(
        left.review_again,
        "to review again (a merge or a split changed who they are): mark them again".into(),
    );
    reason(left.dont_know, "don't know".into());
    reason(
        left.vaguely,
        "vaguely (they belong in the outreach list)".into(),
    );
    reason(
        left.know_well,
        "know well (they belong in the invite list)".into(),
    );
    reason(left.yours, "you (an address of yours)".into());
    reason(left.connected, "already connected on LinkedIn".into());
    reason(
        left.probably_connected,
        "probably connected on LinkedIn (a connection has the same name)".into(),
    );
    reason(left.invited, "already invited on LinkedIn".into());
    reason(
        left.invited_you,
        "invited you on LinkedIn: accept their invitation instead (below)".into(),
    );
    reason(
        left.already_exported,
        "already exported in an earlier batch".into(),
    );
    reason(
        left.formula_address,
        "with an address a spreadsheet would run as a formula (=, +, - or @ first): kept exact, so left out of CSV; --format emails or vcard writes them".into(),
    );
    reason(
        left.no_top_level_domain,
        "with an address without a top-level domain (like name@gmail): fix the file, or choose another address with vetted prefer".into(),
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
