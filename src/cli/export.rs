//! `vetted export`: the batch asked for through [`export::write_batch`] (or [`export::preview`]
//! for a dry run), and what it wrote and left out.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Result, bail};

use vetted::export::{self, Destination, ExportKind, Preview, Request};
use vetted::store::Workspace;
use vetted::text::{plural, terminal_safe};

use super::display_name;

/// What `vetted export` was asked for.
pub(crate) struct Command<'a> {
    /// The file, or `-` for standard output.
    pub file: &'a Path,
    pub request: Request,
    pub dry_run: bool,
    pub force: bool,
}

pub(crate) fn run(
    out: &mut impl Write,
    workspace_path: &Path,
    command: &Command<'_>,
    settings: &export::Settings,
) -> Result<ExitCode> {
    let to_stdout = command.file == Path::new("-");
    let shown = if to_stdout {
        "standard output".to_string()
    } else {
        display_name(command.file)
    };
    let request = &command.request;
    let (preview, workspace) = if command.dry_run {
        let workspace = match Workspace::open_read_only(workspace_path)? {
            Some(workspace) => workspace,
            None => Workspace::open_in_memory()?,
        };
        match export::preview(&workspace, request, settings)? {
            Some(preview) => (preview, workspace),
            None => bail!(export::BatchError::NoEarlierBatch {
                kind: request.format.kind()
            }),
        }
    } else {
        let mut workspace = Workspace::open_existing(workspace_path)?;
        let mut stdout = io::stdout().lock();
        let destination = if to_stdout {
            Destination::Stream {
                name: "-",
                out: &mut stdout,
            }
        } else {
            Destination::File {
                path: command.file,
                force: command.force,
            }
        };
        let batch = export::write_batch(&mut workspace, request, settings, destination)?;
        (batch.preview, workspace)
    };
    let to_accept = export::invitations_to_accept(&workspace, &preview)?;
    // With the file on standard output, the summary goes to standard error.
    let mut stderr = io::stderr().lock();
    let summary: &mut dyn Write = if to_stdout { &mut stderr } else { out };
    summarise(summary, &shown, command, &preview, settings)?;
    for line in to_accept {
        writeln!(summary, "{line}")?;
    }
    Ok(ExitCode::SUCCESS)
}

fn summarise(
    out: &mut dyn Write,
    shown: &str,
    command: &Command<'_>,
    preview: &Preview,
    settings: &export::Settings,
) -> io::Result<()> {
    let request = &command.request;
    let written = plural(preview.len() as u64, "contact", "contacts");
    let (whom, batch) = match request.format.kind() {
        ExportKind::Invite => ("know-well contacts", "an invite batch"),
        ExportKind::Outreach => ("vaguely-known contacts", "an outreach batch"),
    };
    if preview.is_empty() && request.again {
        writeln!(
            out,
            "Nothing to write again: none of the last batch's {whom} may be exported now; {shown} was not written."
        )?;
    } else if preview.is_empty() {
        writeln!(
            out,
            "Nothing to export: no {whom} are waiting for {batch}; {shown} was not written."
        )?;
    } else {
        let verb = match (command.dry_run, request.again) {
            (true, false) => "Would write",
            (true, true) => "Would write the last batch again:",
            (false, false) => "Wrote",
            (false, true) => "Wrote the last batch again:",
        };
        writeln!(
            out,
            "{verb} {written} to {shown} ({}).",
            request.format.describe()
        )?;
        for line in export::warnings(preview, settings) {
            writeln!(out, "  {line}")?;
        }
        if command.dry_run {
            for row in preview.selection.vetted.rows() {
                writeln!(
                    out,
                    "  {} <{}>",
                    terminal_safe(&row.name),
                    terminal_safe(&row.address)
                )?;
            }
        }
    }
    for line in export::left_out_lines(&preview.selection, preview.limit) {
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
            "--include-exported takes the contacts of earlier batches again; --again writes the last batch again."
        )?;
    }
    if request.again {
        writeln!(out, "No new batch was recorded.")?;
    }
    if command.dry_run {
        if !preview.is_empty()
            && !command.force
            && command.file != Path::new("-")
            && command.file.exists()
        {
            writeln!(
                out,
                "{shown} exists: the export would stop there and write nothing; --force replaces it, or choose another --out."
            )?;
        }
        writeln!(out, "Dry run: nothing was written or recorded.")?;
    }
    Ok(())
}
