//! `vetted mark` and `vetted prefer`: decisions from the command line, all or nothing.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Result, bail};

use vetted::contact::{ContactId, Verdict};
use vetted::store::{Origin, StoreError, Workspace};
use vetted::text::{count, plural, terminal_safe};

/// The contacts with `addresses`, each once, in the order named; every unknown address named
/// in one error, so that a command changes all or nothing.
pub(crate) fn contacts_of(workspace: &Workspace, addresses: &[String]) -> Result<Vec<ContactId>> {
    let mut ids: Vec<ContactId> = Vec::new();
    let mut unknown = Vec::new();
    for address in addresses {
        match workspace.find_address(address)? {
            Some(id) if !ids.contains(&id) => ids.push(id),
            Some(_) => {}
            None => unknown.push(terminal_safe(address).into_owned()),
        }
    }
    if !unknown.is_empty() {
        bail!(
            "no contact has the address{} {}; nothing was changed",
            if unknown.len() == 1 { "" } else { "es" },
            unknown.join(", ")
        );
    }
    Ok(ids)
}

pub(crate) fn run(
    out: &mut impl Write,
    workspace_path: &Path,
    addresses: &[String],
    verdict: Verdict,
    note: Option<&str>,
) -> Result<ExitCode> {
    let mut workspace = Workspace::open_existing(workspace_path)?;
    let ids = contacts_of(&workspace, addresses)?;
    let changes: Vec<(ContactId, Verdict)> = ids.iter().map(|id| (*id, verdict)).collect();
    // A mark answers a flag to review again even when the verdict stays: say so, or "0
    // changed" hides that the contact may now be exported.
    let flagged = workspace.flagged_to_review(&ids)?;
    let changed = workspace.mark(&changes, note, Origin::Cli)?;
    writeln!(
        out,
        "Marked {} as {} ({} changed{}{}).",
        plural(ids.len() as u64, "contact", "contacts"),
        verdict.label(),
        count(changed.len() as u64),
        if flagged > 0 {
            format!(", {} no longer to review again", count(flagged as u64))
        } else {
            String::new()
        },
        if note.is_some() {
            ", note replaced"
        } else {
            ""
        }
    )?;
    Ok(ExitCode::SUCCESS)
}

/// `vetted prefer ADDRESS`: the address its contact is exported with.
pub(crate) fn prefer(
    out: &mut impl Write,
    workspace_path: &Path,
    address: &str,
) -> Result<ExitCode> {
    let mut workspace = Workspace::open_existing(workspace_path)?;
    match workspace.prefer(address) {
        Ok(_) => {}
        Err(StoreError::UnknownAddress { .. }) => bail!(
            "no contact has the address {}; nothing was changed",
            terminal_safe(address)
        ),
        Err(error) => return Err(error.into()),
    };
    writeln!(
        out,
        "Exports now use {} for its contact.",
        terminal_safe(address.trim())
    )?;
    Ok(ExitCode::SUCCESS)
}

/// `vetted not-connected ADDRESS...`: these contacts are not (or, with `--undo`, may be) the
/// people LinkedIn connections of the same names are. All or nothing, like `mark`.
pub(crate) fn not_connected(
    out: &mut impl Write,
    workspace_path: &Path,
    addresses: &[String],
    not: bool,
) -> Result<ExitCode> {
    let mut workspace = Workspace::open_existing(workspace_path)?;
    let ids = contacts_of(&workspace, addresses)?;
    workspace.set_not_connected(&ids, not)?;
    let who = plural(ids.len() as u64, "contact", "contacts");
    if not {
        writeln!(
            out,
            "{who} marked as not the LinkedIn connection of the same name; they may be exported as their verdict allows."
        )?;
    } else {
        writeln!(
            out,
            "{who} may be the LinkedIn connection of the same name again (probably connected: never exported)."
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
