//! `vetted duplicates`, `merge`, `split` and `keep-apart`: one person, one contact.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Result, bail};

use super::mark::contacts_of;
use vetted::config::Config;
use vetted::contact::{Contact, ContactId};
use vetted::duplicates;
use vetted::store::Workspace;
use vetted::text::{plural, shell_words, terminal_safe};

/// A contact as `vetted duplicates --json` gives it.
#[derive(serde::Serialize)]
struct Listed<'a> {
    id: i64,
    name: &'a str,
    emails: Vec<&'a str>,
    verdict: &'static str,
}

#[derive(serde::Serialize)]
struct ListedGroup<'a> {
    contacts: Vec<Listed<'a>>,
    reason: &'static str,
}

/// `vetted duplicates [--json]`: the groups of contacts that are probably one person.
pub(crate) fn list(
    out: &mut impl Write,
    workspace_path: &Path,
    json: bool,
    config: &Config,
) -> Result<ExitCode> {
    let Some(workspace) = Workspace::open_read_only(workspace_path)? else {
        if json {
            writeln!(out, "[]")?;
        } else {
            writeln!(out, "No workspace yet: import an address book first.")?;
        }
        return Ok(ExitCode::SUCCESS);
    };
    let (contacts, groups) = duplicates::in_workspace(&workspace, &config.roles)?;
    let by_id: HashMap<ContactId, &Contact> = contacts.iter().map(|c| (c.id, c)).collect();
    if json {
        let listed: Vec<ListedGroup<'_>> = groups
            .iter()
            .map(|group| ListedGroup {
                contacts: group
                    .contacts
                    .iter()
                    .filter_map(|id| by_id.get(id))
                    .map(|c| Listed {
                        id: c.id.0,
                        name: &c.name,
                        emails: c.addresses.iter().collect(),
                        verdict: c.verdict.as_str(),
                    })
                    .collect(),
                reason: group.reason.describe(),
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &listed)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    if groups.is_empty() {
        writeln!(out, "No possible duplicates.")?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        out,
        "{} (never merged unless you say so):",
        plural(
            groups.len() as u64,
            "group of possible duplicates",
            "groups of possible duplicates"
        )
    )?;
    let vetted = super::vetted_for(workspace_path);
    for group in &groups {
        writeln!(out, "\n{}:", group.reason.describe())?;
        let members: Vec<&Contact> = group
            .contacts
            .iter()
            .filter_map(|id| by_id.get(id).copied())
            .collect();
        for contact in &members {
            let sources: Vec<String> = workspace
                .sources(contact.id)?
                .iter()
                .map(|s| s.short())
                .collect();
            writeln!(
                out,
                "  {}  {}  ({}; {})",
                terminal_safe(&contact.name),
                terminal_safe(&contact.addresses.join(", ")),
                contact.verdict.label(),
                terminal_safe(&sources.join(", "))
            )?;
        }
        let first: Vec<&str> = members.iter().filter_map(|c| c.addresses.first()).collect();
        writeln!(
            out,
            "  one person: {vetted} merge {0}\n  different people: {vetted} keep-apart {0}",
            terminal_safe(&shell_words(&first)),
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `vetted merge ADDRESS ADDRESS...`: the contacts with these addresses are one person.
pub(crate) fn merge(
    out: &mut impl Write,
    workspace_path: &Path,
    addresses: &[String],
) -> Result<ExitCode> {
    let mut workspace = Workspace::open_existing(workspace_path)?;
    let ids = contacts_of(&workspace, addresses)?;
    if ids.len() < 2 {
        bail!(
            "{} all belong to one contact already; nothing was changed",
            terminal_safe(&addresses.join(" "))
        );
    }
    let before: Vec<Contact> = workspace
        .contacts(None)?
        .into_iter()
        .filter(|c| ids.contains(&c.id))
        .collect();
    let merged = workspace.merge_contacts(&ids)?;
    let names: Vec<String> = before
        .iter()
        .map(|c| format!("\"{}\"", terminal_safe(&c.name)))
        .collect();
    writeln!(
        out,
        "Merged {} into one contact ({}): every address, source and note kept.",
        names.join(" and "),
        merged.verdict.label()
    )?;
    if merged.differed {
        let verdicts: Vec<&str> = before.iter().map(|c| c.verdict.label()).collect();
        writeln!(
            out,
            "Their verdicts differed ({}): it keeps the more cautious and is flagged to review again.",
            verdicts.join(", ")
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `vetted split ADDRESS...`: these addresses are someone else's.
pub(crate) fn split(
    out: &mut impl Write,
    workspace_path: &Path,
    addresses: &[String],
) -> Result<ExitCode> {
    let mut workspace = Workspace::open_existing(workspace_path)?;
    contacts_of(&workspace, addresses)?;
    let split = duplicates::split(&mut workspace, addresses)?;
    writeln!(
        out,
        "Split {} off \"{}\" into \"{}\" ({}{}); both keep the verdict and are flagged to review again.",
        terminal_safe(&split.moved.join(", ")),
        terminal_safe(&split.from_name),
        terminal_safe(&split.new_name),
        plural(split.moved_sources as u64, "source moved", "sources moved"),
        if split.shared_sources > 0 {
            format!(
                ", {} that brought addresses of both in both",
                plural(split.shared_sources as u64, "source", "sources")
            )
        } else {
            String::new()
        }
    )?;
    Ok(ExitCode::SUCCESS)
}

/// `vetted keep-apart ADDRESS ADDRESS...`: these contacts only look alike.
pub(crate) fn keep_apart(
    out: &mut impl Write,
    workspace_path: &Path,
    addresses: &[String],
    undo: bool,
) -> Result<ExitCode> {
    let mut workspace = Workspace::open_existing(workspace_path)?;
    let ids = contacts_of(&workspace, addresses)?;
    if ids.len() < 2 {
        bail!(
            "{} all belong to one contact; name an address of each contact to keep apart; nothing was changed",
            terminal_safe(&addresses.join(" "))
        );
    }
    if undo {
        if workspace.forget_kept_apart(&ids)? == 0 {
            writeln!(
                out,
                "These contacts were not kept apart; nothing was changed."
            )?;
        } else {
            writeln!(out, "They may be proposed as duplicates again.")?;
        }
    } else {
        workspace.keep_apart(&ids)?;
        writeln!(
            out,
            "{} kept apart: not proposed as duplicates of each other again.",
            plural(ids.len() as u64, "contact", "contacts")
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
