//! `vetted export`: the next batch through [`export::write_batch`] (or [`export::preview`] for
//! a dry run), and what it wrote and left out.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;

use vetted::export::{self, ExportFormat, ExportKind, Preview};
use vetted::store::Workspace;
use vetted::text::plural;

use super::display_name;

/// What `vetted export` was asked for.
pub(crate) struct Request<'a> {
    pub file: &'a Path,
    pub format: ExportFormat,
    pub include_exported: bool,
    pub dry_run: bool,
    pub force: bool,
}

fn describe_format(format: ExportFormat) -> &'static str {
    match format {
        ExportFormat::Csv => "CSV in LinkedIn's layout",
        ExportFormat::Vcard => "vCard 3.0",
        ExportFormat::Emails => "one address a line",
        ExportFormat::Outreach => "outreach list: name, address, note, message draft",
    }
}

pub(crate) fn run(
    out: &mut impl Write,
    workspace_path: &Path,
    request: &Request<'_>,
    settings: &export::Settings,
) -> Result<ExitCode> {
    let shown = display_name(request.file);
    let preview = if request.dry_run {
        let workspace = match Workspace::open_read_only(workspace_path)? {
            Some(workspace) => workspace,
            None => Workspace::open_in_memory()?,
        };
        export::preview(
            &workspace,
            request.format,
            settings,
            request.include_exported,
        )?
    } else {
        let mut workspace = Workspace::open(workspace_path)?;
        export::write_batch(
            &mut workspace,
            request.format,
            request.file,
            settings,
            request.include_exported,
            request.force,
        )?
        .preview
    };
    let written = plural(preview.len() as u64, "contact", "contacts");
    if preview.is_empty() {
        let whom = match request.format.kind() {
            ExportKind::Invite => "know-well contacts",
            ExportKind::Outreach => "vaguely-known contacts",
        };
        writeln!(
            out,
            "Nothing to export: no {whom} are waiting for a batch; {shown} was not written."
        )?;
    } else {
        let verb = if request.dry_run {
            "Would write"
        } else {
            "Wrote"
        };
        writeln!(
            out,
            "{verb} {written} to {shown} ({}).",
            describe_format(request.format)
        )?;
        for line in warnings(&preview, settings) {
            writeln!(out, "  {line}")?;
        }
    }
    for line in export::left_out_lines(&preview.selection, settings.limit) {
        writeln!(out, "{line}")?;
    }
    let left = &preview.selection.left_out;
    if left.vaguely > 0 {
        writeln!(
            out,
            "Vaguely-known contacts go in the outreach list: --format outreach."
        )?;
    }
    if left.already_exported > 0 && !request.include_exported {
        writeln!(
            out,
            "--include-exported takes the contacts of earlier batches again."
        )?;
    }
    if request.dry_run {
        writeln!(out, "Dry run: nothing was written or recorded.")?;
    }
    Ok(ExitCode::SUCCESS)
}

/// What the outreach list flagged, as the summary says it.
fn warnings(preview: &Preview, settings: &export::Settings) -> Vec<String> {
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
