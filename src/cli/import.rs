//! `vetted import`: each path through [`Workspace::import_path`], and a summary per file.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Result;

use vetted::contact::Location;
use vetted::import::mail::MailKind;
use vetted::import::{
    Format, ImportError, Invalid, MAX_FIELD_CHARS, PROBLEMS_SHOWN, Parsed, SkipReason, Skipped,
};
use vetted::store::{
    FileError, Found, ImportOptions, ImportOutcome, Imported, MailOutcome, Progress, Unit,
    Workspace,
};
use vetted::text::{count, plural, shell_words, terminal_safe};

use super::inspect::describe_counts;
use super::{display_name, report, report_inline};

pub(crate) fn run(
    out: &mut impl Write,
    workspace_path: &Path,
    files: &[PathBuf],
    options: &ImportOptions,
    verbose: bool,
) -> Result<ExitCode> {
    let vetted = &super::vetted_for(workspace_path);
    // A dry run imports for real into a copy, so that each file is shown as it would be
    // imported after the ones before it.
    let existed = workspace_path.exists();
    let (scratch, mut workspace) = if options.dry_run {
        let (folder, copy) = Workspace::scratch_copy(workspace_path)?;
        (Some(folder), copy)
    } else {
        (None, Workspace::open(workspace_path)?)
    };
    let options = &ImportOptions {
        dry_run: false,
        ..options.clone()
    };
    let dry_run = scratch.is_some();
    let mut failed = 0;
    for file in files {
        let shown = display_name(file);
        let mut bar = Bar::new(format!("importing {shown}"));
        let imported = workspace.import_path(file, options, &mut |progress| bar.show(progress));
        bar.finish();
        if !report_import(out, vetted, &shown, imported?, options, verbose)? {
            failed += 1;
        }
    }
    let counts = workspace.counts()?;
    if dry_run {
        writeln!(
            out,
            "Dry run: nothing was saved (the workspace would hold {}).",
            describe_counts(&counts)
        )?;
    } else if !existed && failed == files.len() {
        // Nothing was imported: the workspace this import made is removed again.
        drop(workspace);
        remove_workspace(workspace_path);
        writeln!(out, "Nothing was imported, so no workspace was created.")?;
    } else {
        writeln!(out, "Workspace: {}.", describe_counts(&counts))?;
    }
    Ok(if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Prints what importing one path (or one member of an archive) did; false when it failed.
fn report_import(
    out: &mut dyn Write,
    vetted: &str,
    shown: &str,
    imported: std::result::Result<Imported, FileError>,
    options: &ImportOptions,
    verbose: bool,
) -> io::Result<bool> {
    match imported {
        Ok(Imported::Book { account, outcome }) => {
            print_summary(out, vetted, shown, &account, &outcome, verbose)?;
        }
        Ok(Imported::Mail {
            kind,
            outcome,
            unreadable,
        }) => {
            print_mail_summary(out, shown, kind, &outcome, options.add_correspondents)?;
            if !unreadable.is_empty() {
                writeln!(
                    out,
                    "  {} could not be read and {} not counted:",
                    plural(unreadable.len() as u64, "message", "messages"),
                    if unreadable.len() == 1 { "was" } else { "were" }
                )?;
                let problems: Vec<String> = unreadable
                    .iter()
                    .map(|(message, error)| format!("{}: {error}", display_name(message)))
                    .collect();
                write_problems(out, &problems, verbose)?;
            }
        }
        Ok(Imported::Archive {
            kind,
            members,
            skipped,
        }) => {
            writeln!(
                out,
                "{shown}: {}, {} read{}",
                kind.describe(),
                plural(members.len() as u64, "member", "members"),
                if skipped.is_empty() {
                    String::new()
                } else {
                    format!(", {} skipped", count(skipped.len() as u64))
                }
            )?;
            let mut all = true;
            for (name, imported) in members {
                let member = format!("{shown}!/{}", terminal_safe(&name));
                all &= report_import(out, vetted, &member, imported, options, verbose)?;
            }
            if !skipped.is_empty() {
                let names: Vec<String> = skipped
                    .iter()
                    .map(|n| terminal_safe(n).into_owned())
                    .collect();
                writeln!(out, "  skipped, as vetted does not read them:")?;
                write_problems(out, &names, verbose)?;
            }
            return Ok(all);
        }
        Err(error) => {
            report(&failure(shown, &error));
            let listed = match &error {
                FileError::NotAnAddressBook(ImportError::NoContacts {
                    skipped, invalid, ..
                }) => problems_of(
                    shown,
                    &Notes {
                        skipped,
                        invalid,
                        ..Notes::default()
                    },
                ),
                FileError::NothingKnown { skipped } => skipped
                    .iter()
                    .map(|n| format!("{shown}: holds {}", terminal_safe(n)))
                    .collect(),
                _ => Vec::new(),
            };
            let mut account = Vec::new();
            write_problems(&mut account, &listed, verbose)?;
            let account = String::from_utf8_lossy(&account);
            if !account.is_empty() {
                report(account.trim_end_matches('\n'));
            }
            return Ok(false);
        }
    }
    Ok(true)
}

/// Removes a workspace file and its companions (write-ahead log, shared memory, lock).
fn remove_workspace(path: &Path) {
    for suffix in ["", "-wal", "-shm", ".lock"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(name));
    }
}

/// The error line for a file that imported nothing.
fn failure(shown: &str, error: &FileError) -> String {
    match error {
        // The message names the path itself, with its cause.
        FileError::Source(error) => format!("vetted: error: {}", chain(error)),
        FileError::NotAnAddressBook(ImportError::Empty) => {
            format!("vetted: error: {shown}: {error}")
        }
        FileError::NotAnAddressBook(error) => {
            format!("vetted: error: {shown}: {error} (nothing was imported from it)")
        }
        FileError::Mail(_) | FileError::Archive(_) | FileError::NothingKnown { .. } => format!(
            "vetted: error: {shown}: {} (nothing was imported from it)",
            chain(error)
        ),
    }
}

/// An error and its causes, as `outer: inner: innermost`.
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(inner) = cause {
        text.push_str(": ");
        text.push_str(&inner.to_string());
        cause = inner.source();
    }
    text
}

/// A progress line on stderr while a long import runs, only on a terminal.
struct Bar {
    terminal: bool,
    last: Instant,
    label: String,
    shown: bool,
}

impl Bar {
    fn new(label: String) -> Bar {
        Bar {
            terminal: io::stderr().is_terminal(),
            last: Instant::now(),
            label,
            shown: false,
        }
    }

    /// Draws `progress`, at most ten times a second, when the work is long enough for a bar to
    /// help: 50,000 lines, 16 MB of mail, 5,000 messages.
    fn show(&mut self, progress: Progress) {
        let (worth_it, unit) = match progress.unit {
            Unit::Lines => (progress.total >= 50_000, " lines"),
            Unit::Megabytes => (progress.total >= 16, " MB"),
            Unit::Messages => (progress.total >= 5_000, ""),
        };
        if !self.terminal || !worth_it || self.last.elapsed() < Duration::from_millis(100) {
            return;
        }
        let (done, total) = (
            usize::try_from(progress.done).unwrap_or(usize::MAX),
            usize::try_from(progress.total).unwrap_or(usize::MAX),
        );
        self.last = Instant::now();
        let width = 30;
        let filled = (done * width)
            .checked_div(total)
            .unwrap_or(width)
            .min(width);
        report_inline(&format!(
            "\r\x1b[2K{} [{}{}] {}/{}{}",
            self.label,
            "#".repeat(filled),
            "-".repeat(width - filled),
            count(done as u64),
            count(total as u64),
            unit
        ));
        self.shown = true;
    }

    fn finish(&mut self) {
        if self.shown {
            report_inline("\r\x1b[2K");
        }
    }
}

fn print_summary(
    out: &mut dyn Write,
    vetted: &str,
    shown: &str,
    parsed: &Parsed,
    outcome: &ImportOutcome,
    verbose: bool,
) -> io::Result<()> {
    writeln!(
        out,
        "{shown}: {}, {}, {}",
        parsed.describe_format(),
        parsed.encoding,
        plural(parsed.records_read as u64, "record", "records")
    )?;
    // When most of a file was skipped, that comes first.
    if parsed.skipped.len() * 2 > parsed.records_read {
        writeln!(
            out,
            "  most of it was skipped: {} of {} (why, below)",
            count(parsed.skipped.len() as u64),
            plural(parsed.records_read as u64, "record", "records")
        )?;
    }
    if parsed.format == Format::LinkedInConnections {
        writeln!(
            out,
            "  {} recorded; they are already connected, so they are not added for review and will never be exported ({} match contacts here by address, {} probably by name)",
            plural(
                outcome.connections as u64,
                "LinkedIn connection",
                "LinkedIn connections"
            ),
            count(outcome.connections_matching as u64),
            count(outcome.connections_by_name as u64)
        )?;
    } else if parsed.format == Format::LinkedInInvitations {
        writeln!(
            out,
            "  {} sent ({} to contacts here, by name): they will not be exported again; vetted withdraw lists those to people you mark don't know",
            plural(outcome.invitations_sent as u64, "invitation", "invitations"),
            count(outcome.invitations_matching as u64)
        )?;
        if outcome.invitations_received > 0 {
            writeln!(
                out,
                "  {} received ({} from contacts here, by name): accept those on LinkedIn; they are never answered with an invitation of yours",
                plural(
                    outcome.invitations_received as u64,
                    "invitation",
                    "invitations"
                ),
                count(outcome.invitations_received_matching as u64)
            )?;
        }
    } else {
        let mut line = format!(
            "  {}, {} already known",
            plural(outcome.new_contacts as u64, "new contact", "new contacts"),
            count(outcome.matched as u64)
        );
        if outcome.joined_in_file > 0 {
            line.push_str(&format!(
                ", {} joined within the file (the same address as an earlier record)",
                plural(outcome.joined_in_file as u64, "record", "records")
            ));
        }
        if outcome.joined > 0 {
            line.push_str(&format!(
                ", {} joined into others (same address)",
                plural(outcome.joined as u64, "contact", "contacts")
            ));
        }
        if outcome.flagged_for_review > 0 {
            line.push_str(&format!(
                ", {} to review again (their verdicts differed)",
                count(outcome.flagged_for_review as u64)
            ));
        }
        writeln!(out, "{line}")?;
        let file = Path::new(shown)
            .file_name()
            .map_or_else(|| shown.to_string(), |n| n.to_string_lossy().into_owned());
        let at = |location: &vetted::contact::Location| match location.card {
            Some(card) => format!("{file}:#{card}"),
            None => format!("{file}:{}", location.line),
        };
        // Each kind of note a line each, the first few unless `verbose` (a generated book of
        // 100k contacts printed 2,000 lines of them).
        let joined = outcome.joined_names.iter().map(|joined| {
            format!(
                "joined \"{}\" and \"{}\" through {} (it has addresses of both); if they are two people, {vetted} split {} separates them",
                terminal_safe(&joined.kept),
                terminal_safe(&joined.joined),
                at(&joined.through),
                terminal_safe(&shell_words(&joined.addresses))
            )
        });
        let part_of = outcome.part_of.iter().map(|part| {
            format!(
                "{}: \"{}\" has only some of the addresses of \"{}\"; if they are different people, {vetted} split {} separates them",
                at(&part.through),
                terminal_safe(&part.joined),
                terminal_safe(&part.kept),
                terminal_safe(&shell_words(&part.addresses))
            )
        });
        let kept_apart = outcome.kept_apart.iter().map(|location| {
            format!(
                "{}: has addresses of contacts you said are different people (keep-apart, split); they stay apart",
                at(location)
            )
        });
        for lines in [
            joined.collect::<Vec<_>>(),
            part_of.collect(),
            kept_apart.collect(),
        ] {
            write_problems(out, &lines, verbose)?;
        }
    }
    if !parsed.skipped.is_empty() {
        let mut reasons: Vec<(SkipReason, usize)> = Vec::new();
        for skipped in &parsed.skipped {
            match reasons.iter_mut().find(|(r, _)| *r == skipped.reason) {
                Some((_, n)) => *n += 1,
                None => reasons.push((skipped.reason.clone(), 1)),
            }
        }
        let parts: Vec<String> = reasons
            .iter()
            .map(|(reason, n)| reason.counted(*n as u64))
            .collect();
        writeln!(
            out,
            "  {} skipped: {}",
            count(parsed.skipped.len() as u64),
            parts.join("; ")
        )?;
    }
    write_problems(out, &problems(shown, parsed), verbose)
}

/// Lists problems a line each, the first [`PROBLEMS_SHOWN`] unless `verbose`.
fn write_problems(out: &mut dyn Write, problems: &[String], verbose: bool) -> io::Result<()> {
    let limit = if verbose { usize::MAX } else { PROBLEMS_SHOWN };
    for problem in problems.iter().take(limit) {
        writeln!(out, "    {problem}")?;
    }
    if problems.len() > limit {
        writeln!(
            out,
            "    ... and {} more (--verbose lists them all)",
            count((problems.len() - limit) as u64)
        )?;
    }
    Ok(())
}

/// Everything worth pointing at in a file, by line: skipped records and invalid addresses.
fn problems(shown: &str, parsed: &Parsed) -> Vec<String> {
    problems_of(
        shown,
        &Notes {
            skipped: &parsed.skipped,
            invalid: &parsed.invalid,
            unclosed_quotes: &parsed.unclosed_quotes,
            swallowed: &parsed.swallowed,
            cut: &parsed.cut,
            no_top_level_domain: &parsed.no_top_level_domain,
            ended_inside: parsed.ended_inside.as_ref(),
            unread: &parsed.unread,
        },
    )
}

/// The parts of a parser's account that point at lines of the file.
#[derive(Default)]
struct Notes<'a> {
    skipped: &'a [Skipped],
    invalid: &'a [Invalid],
    unclosed_quotes: &'a [(Location, usize)],
    swallowed: &'a [(Location, Vec<String>)],
    cut: &'a [Location],
    no_top_level_domain: &'a [Invalid],
    ended_inside: Option<&'a (Location, Option<String>)>,
    unread: &'a [(Location, String)],
}

/// Whether two places are in the same record: a vCard's invalid address is shown at its own
/// line, the card at its first.
fn same_record(a: &Location, b: &Location) -> bool {
    match (a.card, b.card) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

/// [`problems`], from the parts of a parser's account.
fn problems_of(shown: &str, notes: &Notes<'_>) -> Vec<String> {
    let &Notes {
        skipped,
        invalid,
        unclosed_quotes,
        swallowed,
        cut,
        no_top_level_domain,
        ended_inside,
        unread,
    } = notes;
    let file = Path::new(shown)
        .file_name()
        .map_or(shown.to_string(), |n| n.to_string_lossy().into_owned());
    let parsed_skipped = skipped;
    let mut lines: Vec<(u64, String)> = Vec::new();
    for invalid in invalid {
        let skipped = parsed_skipped
            .iter()
            .any(|s| same_record(&s.location, &invalid.location));
        let consequence = if skipped {
            "record skipped"
        } else {
            "ignored; the record's other addresses were imported"
        };
        lines.push((
            invalid.location.line,
            format!(
                "{file}:{}: invalid email address \"{}\" ({consequence})",
                invalid.location,
                terminal_safe(&invalid.value)
            ),
        ));
    }
    for skipped in parsed_skipped
        .iter()
        .filter(|s| s.reason != SkipReason::InvalidAddress)
    {
        lines.push((
            skipped.location.line,
            format!(
                "{file}:{}: skipped, {}",
                skipped.location,
                terminal_safe(&skipped.to_string())
            ),
        ));
    }
    for (location, after) in unclosed_quotes {
        lines.push((
            location.line,
            format!(
                "{file}:{location}: a quote opens a field and is never closed; it was read as a plain character, so the {} after it {} read on {} own instead of as one field",
                plural(*after as u64, "record", "records"),
                if *after == 1 { "was" } else { "were" },
                if *after == 1 { "its" } else { "their" }
            ),
        ));
    }
    if let Some((location, dropped)) = ended_inside {
        let dropped = match dropped {
            Some(line) => format!(
                "; its last line, \"{}\", was left out, since an address cut short would reach the wrong person",
                terminal_safe(line)
            ),
            None => String::new(),
        };
        lines.push((
            location.line,
            format!(
                "{file}:{location}: the file ends inside this card, with no END:VCARD: it may have been cut short, so the card was read as far as it goes{dropped}"
            ),
        ));
    }
    for (location, addresses) in swallowed {
        let shown: Vec<String> = addresses
            .iter()
            .take(3)
            .map(|a| terminal_safe(a).into_owned())
            .collect();
        let more = addresses.len().saturating_sub(shown.len());
        let more = if more > 0 {
            format!(" and {} more", count(more as u64))
        } else {
            String::new()
        };
        lines.push((
            location.line,
            format!(
                "{file}:{location}: a quoted field runs on over lines that look like rows of their own ({}{more}); a closing quote is probably missing, so those people were not read: fix the quote and import the file again",
                shown.join(", ")
            ),
        ));
    }
    for address in no_top_level_domain {
        lines.push((
            address.location.line,
            format!(
                "{file}:{}: \"{}\" has no top-level domain (.com, .org, ...): kept, but never exported until it is fixed or another address is chosen (vetted prefer)",
                address.location,
                terminal_safe(&address.value)
            ),
        ));
    }
    for (location, what) in unread {
        lines.push((location.line, format!("{file}:{location}: {what}")));
    }
    for location in cut {
        lines.push((
            location.line,
            format!(
                "{file}:{location}: a name, organization, title or note longer than {} characters was cut",
                count(MAX_FIELD_CHARS as u64)
            ),
        ));
    }
    lines.sort_by_key(|(line, _)| *line);
    lines.into_iter().map(|(_, text)| text).collect()
}

fn print_mail_summary(
    out: &mut dyn Write,
    shown: &str,
    kind: MailKind,
    outcome: &MailOutcome,
    add_correspondents: Option<u32>,
) -> io::Result<()> {
    let mut first = format!(
        "{shown}: {}, {}",
        kind.describe(),
        plural(outcome.messages, "message", "messages")
    );
    if outcome.new_messages < outcome.messages {
        first.push_str(&format!(
            " ({} new; {} already in the workspace from this or another archive, counted once)",
            count(outcome.new_messages),
            count(outcome.messages - outcome.new_messages)
        ));
    }
    writeln!(out, "{first}")?;
    match outcome.identity.as_slice() {
        [] => writeln!(
            out,
            "  no message names an address of yours yet, so nothing counts as sent by you; [identity] addresses in the configuration says which they are"
        )?,
        own => {
            let listed: Vec<String> = own
                .iter()
                .map(|o| format!("{} ({})", terminal_safe(&o.address), o.found.describe()))
                .collect();
            writeln!(
                out,
                "  your {}: {}{}",
                if own.len() == 1 {
                    "address"
                } else {
                    "addresses"
                },
                listed.join(", "),
                if own.iter().all(|o| o.found == Found::Configured) {
                    ""
                } else {
                    "; [identity] addresses in the configuration overrides this"
                }
            )?;
        }
    }
    if outcome.identity_changed {
        writeln!(
            out,
            "  your addresses changed with this archive: every count was worked out again from all the mail imported"
        )?;
    }
    let correspondents = outcome.both_ways + outcome.only_written + outcome.only_heard;
    writeln!(
        out,
        "  {} in all the mail imported: {} both ways, {} only written to, {} only heard from",
        plural(correspondents as u64, "correspondent", "correspondents"),
        count(outcome.both_ways as u64),
        count(outcome.only_written as u64),
        count(outcome.only_heard as u64)
    )?;
    let mut line = format!(
        "  {} mail history",
        plural(
            outcome.contacts_with_history as u64,
            "contact has",
            "contacts have"
        )
    );
    if let Some(least) = add_correspondents {
        line.push_str(&format!(
            "; {} (people you wrote to at least {} that were not contacts yet)",
            plural(outcome.added as u64, "contact added", "contacts added"),
            plural(u64::from(least), "time", "times")
        ));
    }
    writeln!(out, "{line}")?;
    if outcome.without_sender > 0 {
        writeln!(
            out,
            "  {} without a sender not counted",
            plural(outcome.without_sender, "message", "messages")
        )?;
    }
    if outcome.replaced {
        writeln!(
            out,
            "  imported before: its messages are counted once, not added again"
        )?;
    }
    Ok(())
}
