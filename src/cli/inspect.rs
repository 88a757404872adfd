//! The commands that read and change nothing: `status`, `list`, `withdraw`. They open the
//! workspace read-only, so they answer while the screen or an import holds it.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use unicode_width::UnicodeWidthStr;

use vetted::contact::{Contact, LinkedIn, Verdict};
use vetted::store::{self, Counts, Workspace};
use vetted::suggest::{self, Roles};
use vetted::text::{count, date_of_seconds, date_time_millis, plural, terminal_safe};

use super::{display_name, pad};

pub(crate) fn describe_counts(counts: &Counts) -> String {
    let mut text = format!(
        "{} ({} unreviewed, {} know well, {} vaguely, {} don't know)",
        plural(counts.contacts, "contact", "contacts"),
        count(counts.unreviewed),
        count(counts.know_well),
        count(counts.vaguely),
        count(counts.dont_know)
    );
    if counts.needs_review > 0 {
        text.push_str(&format!("; {} to review again", count(counts.needs_review)));
    }
    if counts.not_asked > 0 {
        text.push_str(&format!(
            "; of the unreviewed, {} connected on LinkedIn or you (nothing to decide)",
            count(counts.not_asked)
        ));
    }
    text
}

/// `status --json`: the counts, and the user's own addresses with how each was found.
#[derive(serde::Serialize)]
struct Status {
    #[serde(flatten)]
    counts: Counts,
    you: Vec<OwnAddressJson>,
}

#[derive(serde::Serialize)]
struct OwnAddressJson {
    address: String,
    /// `configured`, `delivered-to`, `sent-label` or `most-present`.
    found: &'static str,
}

pub(crate) fn status(out: &mut impl Write, workspace_path: &Path, json: bool) -> Result<ExitCode> {
    let (counts, identity) = match Workspace::open_read_only(workspace_path)? {
        Some(workspace) => (workspace.counts()?, workspace.identity()?),
        None => (Counts::default(), Vec::new()),
    };
    if json {
        let status = Status {
            counts,
            you: identity
                .iter()
                .map(|own| OwnAddressJson {
                    address: own.address.clone(),
                    found: own.found.as_str(),
                })
                .collect(),
        };
        serde_json::to_writer(&mut *out, &status)?;
        writeln!(out)?;
    } else {
        writeln!(out, "Workspace {}", display_name(workspace_path))?;
        writeln!(out, "  {}", describe_counts(&counts))?;
        for own in &identity {
            writeln!(
                out,
                "  your address: {} ({})",
                terminal_safe(&own.address),
                own.found.describe()
            )?;
        }
        if counts.contacts == 0 {
            writeln!(out, "  Import an address book to begin: vetted import FILE")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(serde::Serialize)]
struct ListedContact<'a> {
    id: i64,
    name: &'a str,
    /// The preferred address first.
    emails: Vec<&'a str>,
    /// The address exports use.
    preferred: &'a str,
    organization: &'a str,
    title: &'a str,
    verdict: Verdict,
    note: &'a str,
    needs_review: bool,
    /// What the address books say: their notes, labels and groups, a phone number.
    book_notes: &'a [String],
    labels: &'a [String],
    has_phone: bool,
    /// What mail says besides counts: the first message (`2019-04-02`), the subjects of the
    /// latest threads each way, and which of your addresses it went through.
    first_contact: Option<String>,
    subjects_sent: &'a [String],
    subjects_received: &'a [String],
    via: &'a [String],
    sources: Vec<store::Source>,
    /// Messages the user sent to the contact, and received from them.
    sent: u32,
    received: u32,
    /// `2024-03-02`, the latest message either way.
    last_contact: Option<String>,
    flags: Vec<&'static str>,
    suggested: Option<Verdict>,
    /// Why, in words.
    suggested_because: Option<&'static str>,
}

/// A contact's flags, as `list --json` names them.
fn flags(contact: &Contact, roles: &Roles) -> Vec<&'static str> {
    let signals = &contact.signals;
    let mut flags = Vec::new();
    if suggest::is_role(contact, roles) {
        flags.push("role_address");
    }
    match signals.linkedin {
        LinkedIn::Connected => flags.push("connected"),
        LinkedIn::ProbablyConnected => flags.push("probably_connected"),
        LinkedIn::NotConnected => {}
    }
    if signals.not_connected {
        flags.push("not_connected");
    }
    if signals.invited {
        flags.push("invited");
    }
    if signals.invited_you {
        flags.push("invited_you");
    }
    if signals.exported {
        flags.push("exported");
    }
    if contact.needs_review {
        flags.push("needs_review");
    }
    flags
}

pub(crate) fn list(
    out: &mut impl Write,
    workspace_path: &Path,
    verdict: Option<Verdict>,
    json: bool,
    roles: &Roles,
    switches: suggest::Switches,
) -> Result<ExitCode> {
    let Some(workspace) = Workspace::open_read_only(workspace_path)? else {
        if json {
            writeln!(out, "[]")?;
        }
        return Ok(ExitCode::SUCCESS);
    };
    let contacts = workspace.contacts(verdict)?;
    let context = suggest::Context {
        roles,
        switches,
        mail_span: workspace.mail_span()?,
    };
    if json {
        write!(out, "[")?;
        for (index, contact) in contacts.iter().enumerate() {
            if index > 0 {
                write!(out, ",")?;
            }
            let listed = ListedContact {
                id: contact.id.0,
                name: &contact.name,
                emails: contact.addresses_preferred_first(),
                preferred: contact.preferred_address(),
                organization: &contact.organization,
                title: contact.title(),
                verdict: contact.verdict,
                note: contact.note(),
                needs_review: contact.needs_review,
                book_notes: contact
                    .evidence
                    .as_ref()
                    .map_or(&[], |b| b.notes.as_slice()),
                labels: contact
                    .evidence
                    .as_ref()
                    .map_or(&[], |b| b.labels.as_slice()),
                has_phone: contact.signals.phone,
                first_contact: contact
                    .evidence
                    .as_ref()
                    .and_then(|e| e.first_contact)
                    .map(date_of_seconds),
                subjects_sent: contact
                    .evidence
                    .as_ref()
                    .map_or(&[], |e| e.subjects_sent.as_slice()),
                subjects_received: contact
                    .evidence
                    .as_ref()
                    .map_or(&[], |e| e.subjects_received.as_slice()),
                via: contact.evidence.as_ref().map_or(&[], |e| e.via.as_slice()),
                sources: workspace.sources(contact.id)?,
                sent: contact.signals.sent,
                received: contact.signals.received,
                last_contact: contact.signals.last_contact.map(date_of_seconds),
                flags: flags(contact, roles),
                suggested: suggest::suggest_with(contact, &context).map(|s| s.verdict),
                suggested_because: suggest::suggest_with(contact, &context)
                    .map(|s| s.reason.describe()),
            };
            serde_json::to_writer(&mut *out, &listed)?;
        }
        writeln!(out, "]")?;
        return Ok(ExitCode::SUCCESS);
    }
    let rows: Vec<(String, String, String)> = contacts
        .iter()
        .map(|c| {
            (
                terminal_safe(&c.name).into_owned(),
                terminal_safe(&c.addresses_preferred_first().join(", ")).into_owned(),
                terminal_safe(&c.organization).into_owned(),
            )
        })
        .collect();
    let name_width = rows
        .iter()
        .map(|(n, _, _)| n.width())
        .max()
        .unwrap_or(0)
        .min(32);
    let address_width = rows
        .iter()
        .map(|(_, a, _)| a.width())
        .max()
        .unwrap_or(0)
        .min(40);
    for (contact, (name, addresses, organization)) in contacts.iter().zip(&rows) {
        let mark = if contact.needs_review { "!" } else { " " };
        let line = format!(
            "{:<10} {mark} {}  {}  {}",
            contact.verdict.label(),
            pad(name, name_width),
            pad(addresses, address_width),
            organization
        );
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(serde::Serialize)]
struct ListedInvitation<'a> {
    name: &'a str,
    sent_at: &'a str,
    profile_url: &'a str,
}

/// `vetted withdraw`: pending invitations to people now marked don't know.
pub(crate) fn withdraw(
    out: &mut impl Write,
    workspace_path: &Path,
    json: bool,
) -> Result<ExitCode> {
    let (pending, known) = match Workspace::open_read_only(workspace_path)? {
        Some(workspace) => (
            workspace.invitations_to_withdraw()?,
            workspace.invitation_count()?,
        ),
        None => (Vec::new(), 0),
    };
    if json {
        let listed: Vec<ListedInvitation<'_>> = pending
            .iter()
            .map(|p| ListedInvitation {
                name: &p.name,
                sent_at: &p.sent_at,
                profile_url: &p.profile_url,
            })
            .collect();
        serde_json::to_writer(&mut *out, &listed)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    if pending.is_empty() {
        writeln!(
            out,
            "No pending LinkedIn invitations to people you marked don't know."
        )?;
        if known == 0 {
            writeln!(
                out,
                "(vetted knows your invitations from LinkedIn's Invitations.csv: vetted import Invitations.csv)"
            )?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        out,
        "{} pending to people you marked don't know; withdraw them on LinkedIn (My Network, Manage, Sent):",
        plural(pending.len() as u64, "invitation", "invitations")
    )?;
    let width = pending
        .iter()
        .map(|p| terminal_safe(&p.name).width())
        .max()
        .unwrap_or(0)
        .min(32);
    for invitation in &pending {
        let line = format!(
            "  {}  sent {}  {}",
            pad(&terminal_safe(&invitation.name), width),
            terminal_safe(&invitation.sent_at),
            terminal_safe(&invitation.profile_url)
        );
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `vetted batches`: every batch exported so far, oldest first.
pub(crate) fn batches(out: &mut impl Write, workspace_path: &Path, json: bool) -> Result<ExitCode> {
    let batches = match Workspace::open_read_only(workspace_path)? {
        Some(workspace) => workspace.batches()?,
        None => Vec::new(),
    };
    if json {
        serde_json::to_writer(&mut *out, &batches)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    if batches.is_empty() {
        writeln!(
            out,
            "No batch has been exported yet: vetted export --out FILE"
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    for batch in &batches {
        let line = format!(
            "{}  {:<8} {:<8} {:>6}  {}",
            date_time_millis(batch.at),
            batch.kind,
            batch.format,
            count(batch.contacts),
            terminal_safe(&batch.file)
        );
        writeln!(out, "{}", line.trim_end())?;
    }
    writeln!(
        out,
        "vetted export --again --format F --out FILE writes the last batch of a kind again."
    )?;
    Ok(ExitCode::SUCCESS)
}
