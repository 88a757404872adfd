//! Command-line definitions and the commands that need no screen.
//!
//! Output meant for people goes to stdout; progress goes to stderr, only when it is a terminal;
//! errors go to stderr with their cause chain. Text that came from a file passes through
//! `terminal_safe` before it is printed, so an address book cannot drive the terminal.

use std::fs;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use unicode_width::UnicodeWidthStr;

use vetted::config::{self, Config};
use vetted::contact::ContactId;
use vetted::contact::{Location, Verdict};
use vetted::export::{self, ExportFormat};
use vetted::import::{self, FormatChoice, ImportError, PROBLEMS_SHOWN, Parsed, SkipReason};
use vetted::mail;
use vetted::store::{self, Counts, Origin, SourceFile, Workspace};
use vetted::suggest;
use vetted::text::{count, date_of_seconds, plural, terminal_safe};
use vetted::tui;

/// Decide who in your old address books you really know, before any of them gets an invitation.
#[derive(Debug, Parser)]
#[command(name = "vetted", version, about, long_about = None)]
struct Cli {
    /// The workspace file [default: <data dir>/vetted/workspace.sqlite3]
    #[arg(long, global = true, env = "VETTED_WORKSPACE", value_name = "PATH")]
    workspace: Option<PathBuf>,

    /// The settings file [default: <config dir>/vetted/config.toml]
    #[arg(long, global = true, env = "VETTED_CONFIG", value_name = "PATH")]
    config: Option<PathBuf>,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Try the triage screen on a sample address book (nothing is kept afterwards)
    Demo,
    /// Import address books (CSV, vCard, LDIF), LinkedIn exports, and mail archives (mbox files,
    /// Maildir folders: whom you write to), in any number and any order
    Import {
        /// Files (or Maildir folders) to import
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Read the files as this format instead of detecting it from their content
        #[arg(long, value_enum, default_value_t = FormatArg::Auto)]
        format: FormatArg,
        /// Show what would be imported, and change nothing
        #[arg(long)]
        dry_run: bool,
        /// List every skipped record and invalid address, not only the first few
        #[arg(long, short)]
        verbose: bool,
        /// From mail archives, also add as contacts the people you sent at least N messages to
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
        add_correspondents: Option<u32>,
    },
    /// Count contacts per verdict
    Status {
        /// Print one JSON object
        #[arg(long)]
        json: bool,
    },
    /// List contacts, one a line, in import order
    List {
        /// Only contacts with this verdict
        #[arg(long, value_enum)]
        verdict: Option<VerdictArg>,
        /// Print a JSON array
        #[arg(long)]
        json: bool,
    },
    /// Set the verdict of the contacts with these addresses
    Mark {
        /// Addresses of the contacts to mark (compared without regard to case)
        #[arg(required = true, value_name = "ADDRESS")]
        addresses: Vec<String>,
        /// The verdict
        #[arg(long = "as", value_enum, value_name = "VERDICT")]
        verdict: VerdictArg,
        /// Replace the contacts' note ("how we know each other")
        #[arg(long)]
        note: Option<String>,
    },
    /// Write the vetted contacts to a file: know-well ones for a bulk invite, or vaguely-known
    /// ones as a personal outreach list
    Export {
        /// The file to write
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// csv (LinkedIn's layout), vcard, emails (one a line), or outreach (vaguely-known
        /// contacts with a message draft)
        #[arg(long, value_enum, default_value_t = ExportFormatArg::Csv)]
        format: ExportFormatArg,
        /// The most contacts in this batch [default: 100, about a week of LinkedIn invitations]
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
        limit: Option<u64>,
        /// Include contacts exported in earlier batches
        #[arg(long)]
        include_exported: bool,
        /// Show what would be written, and write and record nothing
        #[arg(long)]
        dry_run: bool,
        /// Replace FILE if it exists
        #[arg(long)]
        force: bool,
    },
    /// List the LinkedIn invitations you sent to people you now mark as don't know, so you can
    /// withdraw them (needs LinkedIn's Invitations.csv imported)
    Withdraw {
        /// Print a JSON array
        #[arg(long)]
        json: bool,
    },
    /// Print a shell completion script
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum FormatArg {
    Auto,
    Google,
    Outlook,
    Thunderbird,
    Linkedin,
    Csv,
    Vcard,
    Ldif,
    /// A mail archive (mbox)
    Mbox,
}

impl From<FormatArg> for FormatChoice {
    fn from(arg: FormatArg) -> FormatChoice {
        match arg {
            FormatArg::Mbox => FormatChoice::Auto,
            FormatArg::Auto => FormatChoice::Auto,
            FormatArg::Google => FormatChoice::Google,
            FormatArg::Outlook => FormatChoice::Outlook,
            FormatArg::Thunderbird => FormatChoice::Thunderbird,
            FormatArg::Linkedin => FormatChoice::Linkedin,
            FormatArg::Csv => FormatChoice::Csv,
            FormatArg::Vcard => FormatChoice::Vcard,
            FormatArg::Ldif => FormatChoice::Ldif,
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ExportFormatArg {
    Csv,
    Vcard,
    Emails,
    Outreach,
}

impl From<ExportFormatArg> for ExportFormat {
    fn from(arg: ExportFormatArg) -> ExportFormat {
        match arg {
            ExportFormatArg::Csv => ExportFormat::Csv,
            ExportFormatArg::Vcard => ExportFormat::Vcard,
            ExportFormatArg::Emails => ExportFormat::Emails,
            ExportFormatArg::Outreach => ExportFormat::Outreach,
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum VerdictArg {
    KnowWell,
    Vaguely,
    DontKnow,
    Unreviewed,
}

impl From<VerdictArg> for Verdict {
    fn from(arg: VerdictArg) -> Verdict {
        match arg {
            VerdictArg::KnowWell => Verdict::KnowWell,
            VerdictArg::Vaguely => Verdict::Vaguely,
            VerdictArg::DontKnow => Verdict::DontKnow,
            VerdictArg::Unreviewed => Verdict::Unreviewed,
        }
    }
}

pub fn run() -> Result<ExitCode> {
    let cli = Cli::parse();
    // Settings come first: a mistake in them stops everything before any file is touched.
    let config = load_config(cli.config.as_deref())?;
    let workspace = match cli.workspace {
        Some(path) => path,
        None => store::default_path()
            .context("cannot find a data folder for the workspace; pass --workspace PATH")?,
    };
    let mut out = io::stdout().lock();
    match cli.command {
        None => triage(&workspace, config),
        Some(Command::Demo) => demo(config),
        Some(Command::Import {
            files,
            format,
            dry_run,
            verbose,
            add_correspondents,
        }) => {
            let options = ImportOptions {
                format,
                dry_run,
                verbose,
                add_correspondents,
                identity: &config.identity.addresses,
            };
            import_files(&mut out, &workspace, &files, &options)
        }
        Some(Command::Status { json }) => status(&mut out, &workspace, json),
        Some(Command::List { verdict, json }) => list(
            &mut out,
            &workspace,
            verdict.map(Verdict::from),
            json,
            &config.roles,
        ),
        Some(Command::Withdraw { json }) => withdraw(&mut out, &workspace, json),
        Some(Command::Mark {
            addresses,
            verdict,
            note,
        }) => mark(
            &mut out,
            &workspace,
            &addresses,
            verdict.into(),
            note.as_deref(),
        ),
        Some(Command::Export {
            out: file,
            format,
            limit,
            include_exported,
            dry_run,
            force,
        }) => {
            let mut settings = config.export;
            if let Some(limit) = limit {
                settings.limit = usize::try_from(limit).unwrap_or(usize::MAX);
            }
            let request = ExportRequest {
                file: &file,
                format: format.into(),
                include_exported,
                dry_run,
                force,
            };
            export_contacts(&mut out, &workspace, &request, &settings)
        }
        Some(Command::Completions { shell }) => {
            clap_complete::generate(shell, &mut Cli::command(), "vetted", &mut out);
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Writes a line to stderr. Unlike `eprintln!`, a closed stderr is not a panic.
fn report(line: &str) {
    let safe: Vec<_> = line.lines().map(terminal_safe).collect();
    let _ = writeln!(io::stderr(), "{}", safe.join("\n"));
}

fn report_inline(text: &str) {
    let mut stderr = io::stderr();
    let _ = stderr.write_all(text.as_bytes());
    let _ = stderr.flush();
}

/// The largest file read as an address book; anything bigger is not one.
const MAX_ADDRESS_BOOK_BYTES: u64 = 1 << 30;

/// The metadata of a file to import, refusing what cannot be read safely (FIFOs that would
/// block forever, devices). Folders are allowed only when they are Maildirs.
fn importable(path: &Path) -> Result<fs::Metadata> {
    let metadata = fs::metadata(path).with_context(|| format!("cannot read {}", path.display()))?;
    if metadata.is_dir() && !mail::is_maildir(path) {
        bail!(
            "{} is a folder; name the files inside it (only Maildir folders, with cur/ and new/ inside, are read whole)",
            path.display()
        );
    }
    if !metadata.is_file() && !metadata.is_dir() {
        bail!(
            "{} is not a regular file (a pipe, socket or device)",
            path.display()
        );
    }
    Ok(metadata)
}

/// Reads a file that should be an address book, refusing what cannot be read safely
/// (directories, FIFOs that would block forever, devices, absurd sizes).
fn read_file(path: &Path) -> Result<Vec<u8>> {
    let metadata = importable(path)?;
    if metadata.is_dir() {
        bail!("{} is a mail folder, not an address book", path.display());
    }
    if metadata.len() > MAX_ADDRESS_BOOK_BYTES {
        bail!(
            "{} is {} MB, too large for an address book",
            path.display(),
            count(metadata.len() >> 20)
        );
    }
    fs::read(path).with_context(|| format!("cannot read {}", path.display()))
}

/// Shows a progress line on stderr while a long import runs, only on a terminal.
struct Progress {
    enabled: bool,
    /// After the numbers (" MB").
    unit: &'static str,
    last: Instant,
    label: String,
    shown: bool,
}

impl Progress {
    /// `worth_it`: the work is long enough for a progress line to help.
    fn new(label: String, worth_it: bool) -> Progress {
        Progress {
            enabled: io::stderr().is_terminal() && worth_it,
            unit: "",
            last: Instant::now(),
            label,
            shown: false,
        }
    }

    fn update(&mut self, done: usize, total: usize) {
        if !self.enabled || self.last.elapsed() < Duration::from_millis(100) {
            return;
        }
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
            self.unit
        ));
        self.shown = true;
    }

    fn finish(&mut self) {
        if self.shown {
            report_inline("\r\x1b[2K");
        }
    }
}

fn display_name(path: &Path) -> String {
    terminal_safe(&path.display().to_string()).into_owned()
}

struct ImportOptions<'a> {
    format: FormatArg,
    dry_run: bool,
    verbose: bool,
    add_correspondents: Option<u32>,
    /// The user's own addresses, from the configuration.
    identity: &'a [String],
}

fn import_files(
    out: &mut impl Write,
    workspace_path: &Path,
    files: &[PathBuf],
    options: &ImportOptions<'_>,
) -> Result<ExitCode> {
    let dry_run = options.dry_run;
    let mut workspace = if dry_run && !workspace_path.exists() {
        Workspace::open_in_memory()?
    } else {
        Workspace::open(workspace_path)?
    };
    let mut failed = 0;
    for file in files {
        let shown = display_name(file);
        let mail = match mail_kind(file, options.format) {
            Ok(mail) => mail,
            Err(error) => {
                failed += 1;
                report(&format!("vetted: error: {error:#}"));
                continue;
            }
        };
        if let Some(kind) = mail {
            match import_mail(out, &mut workspace, file, kind, options) {
                Ok(()) => {}
                Err(error) => {
                    failed += 1;
                    report(&format!(
                        "vetted: error: {shown}: {error:#} (nothing was imported from it)"
                    ));
                }
            }
            continue;
        }
        let bytes = match read_file(file) {
            Ok(bytes) => bytes,
            Err(error) => {
                failed += 1;
                report(&format!("vetted: error: {error:#}"));
                continue;
            }
        };
        let absolute = fs::canonicalize(file).unwrap_or_else(|_| file.clone());
        let source = SourceFile {
            path: absolute.to_string_lossy().into_owned(),
        };
        // The file is read on one core while its records are stored on the other, so progress
        // is the line reached.
        let lines = bytes.iter().filter(|&&b| b == b'\n').count() + 1;
        let mut progress = Progress::new(format!("importing {shown}"), lines >= 50_000);
        progress.unit = " lines";
        let imported = workspace.import_bytes(
            &source,
            &bytes,
            FormatChoice::from(options.format),
            dry_run,
            &mut |line| progress.update(usize::try_from(line).unwrap_or(usize::MAX), lines),
        );
        progress.finish();
        match imported? {
            Ok((outcome, parsed)) => {
                print_summary(out, &shown, &parsed, &outcome, options.verbose)?;
            }
            Err(error) => {
                failed += 1;
                let hint = match error {
                    ImportError::Empty => "",
                    _ => " (nothing was imported from it)",
                };
                report(&format!("vetted: error: {shown}: {error}{hint}"));
            }
        }
    }
    let counts = workspace.counts()?;
    if dry_run {
        writeln!(out, "Dry run: nothing was saved.")?;
    } else {
        writeln!(out, "Workspace: {}.", describe_counts(&counts))?;
    }
    Ok(if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn print_summary(
    out: &mut impl Write,
    shown: &str,
    parsed: &Parsed,
    outcome: &store::ImportOutcome,
    verbose: bool,
) -> io::Result<()> {
    writeln!(
        out,
        "{shown}: {}, {}, {}",
        parsed.format.describe(),
        parsed.encoding,
        plural(parsed.records_read as u64, "record", "records")
    )?;
    if parsed.format == import::Format::LinkedInConnections {
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
    } else if parsed.format == import::Format::LinkedInInvitations {
        writeln!(
            out,
            "  {} sent ({} to contacts here, by name): they will not be exported again; vetted withdraw lists those to people you mark don't know",
            plural(outcome.invitations_sent as u64, "invitation", "invitations"),
            count(outcome.invitations_matching as u64)
        )?;
        if outcome.invitations_received > 0 {
            writeln!(
                out,
                "  {} received (not used)",
                plural(
                    outcome.invitations_received as u64,
                    "invitation",
                    "invitations"
                )
            )?;
        }
    } else {
        let mut line = format!(
            "  {}, {} already known",
            plural(outcome.new_contacts as u64, "new contact", "new contacts"),
            count(outcome.matched as u64)
        );
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
            .map(|(reason, n)| format!("{} {}", count(*n as u64), reason.describe()))
            .collect();
        writeln!(
            out,
            "  {} skipped: {}",
            count(parsed.skipped.len() as u64),
            parts.join(", ")
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
    let file = Path::new(shown)
        .file_name()
        .map_or(shown.to_string(), |n| n.to_string_lossy().into_owned());
    let mut lines: Vec<(u64, String)> = Vec::new();
    for invalid in &parsed.invalid {
        let skipped = parsed
            .skipped
            .iter()
            .any(|s| s.location == invalid.location);
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
    for skipped in parsed
        .skipped
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
    for location in &parsed.cut {
        lines.push((
            location.line,
            format!(
                "{file}:{location}: a name, organization or title longer than {} characters was cut",
                count(import::MAX_FIELD_CHARS as u64)
            ),
        ));
    }
    lines.sort_by_key(|(line, _)| *line);
    lines.into_iter().map(|(_, text)| text).collect()
}

fn describe_counts(counts: &Counts) -> String {
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
    text
}

fn status(out: &mut impl Write, workspace_path: &Path, json: bool) -> Result<ExitCode> {
    let counts = match Workspace::open_read_only(workspace_path)? {
        Some(workspace) => workspace.counts()?,
        None => Counts::default(),
    };
    if json {
        serde_json::to_writer(&mut *out, &counts)?;
        writeln!(out)?;
    } else {
        writeln!(out, "Workspace {}", display_name(workspace_path))?;
        writeln!(out, "  {}", describe_counts(&counts))?;
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
    emails: &'a [String],
    organization: &'a str,
    title: &'a str,
    verdict: Verdict,
    note: &'a str,
    needs_review: bool,
    sources: Vec<store::Source>,
    /// Messages the user sent to the contact, and received from them.
    sent: u32,
    received: u32,
    /// `2024-03-02`, the latest message either way.
    last_contact: Option<String>,
    flags: Vec<&'static str>,
    suggested: Option<Verdict>,
}

/// A contact's flags, as `list --json` names them.
fn flags(contact: &vetted::contact::Contact, roles: &suggest::Roles) -> Vec<&'static str> {
    let signals = &contact.signals;
    let mut flags = Vec::new();
    if suggest::is_role(contact, roles) {
        flags.push("role_address");
    }
    match signals.linkedin {
        vetted::contact::LinkedIn::Connected => flags.push("connected"),
        vetted::contact::LinkedIn::ProbablyConnected => flags.push("probably_connected"),
        vetted::contact::LinkedIn::NotConnected => {}
    }
    if signals.invited {
        flags.push("invited");
    }
    if signals.exported {
        flags.push("exported");
    }
    if contact.needs_review {
        flags.push("needs_review");
    }
    flags
}

fn list(
    out: &mut impl Write,
    workspace_path: &Path,
    verdict: Option<Verdict>,
    json: bool,
    roles: &suggest::Roles,
) -> Result<ExitCode> {
    let Some(workspace) = Workspace::open_read_only(workspace_path)? else {
        if json {
            writeln!(out, "[]")?;
        }
        return Ok(ExitCode::SUCCESS);
    };
    let contacts = workspace.contacts(verdict)?;
    if json {
        write!(out, "[")?;
        for (index, contact) in contacts.iter().enumerate() {
            if index > 0 {
                write!(out, ",")?;
            }
            let listed = ListedContact {
                id: contact.id.0,
                name: &contact.name,
                emails: &contact.addresses,
                organization: &contact.organization,
                title: &contact.title,
                verdict: contact.verdict,
                note: &contact.note,
                needs_review: contact.needs_review,
                sources: workspace.sources(contact.id)?,
                sent: contact.signals.sent,
                received: contact.signals.received,
                last_contact: contact.signals.last_contact.map(date_of_seconds),
                flags: flags(contact, roles),
                suggested: suggest::suggest(contact, roles).map(|s| s.verdict),
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
                terminal_safe(&c.addresses.join(", ")).into_owned(),
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
            "{:<10}{mark} {}  {}  {}",
            contact.verdict.label(),
            pad(name, name_width),
            pad(addresses, address_width),
            organization
        );
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Pads to a display width (CJK characters are two columns wide).
fn pad(text: &str, width: usize) -> String {
    let shown = text.width();
    if shown >= width {
        text.to_string()
    } else {
        format!("{text}{}", " ".repeat(width - shown))
    }
}

fn mark(
    out: &mut impl Write,
    workspace_path: &Path,
    addresses: &[String],
    verdict: Verdict,
    note: Option<&str>,
) -> Result<ExitCode> {
    let mut workspace = Workspace::open(workspace_path)?;
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
    let changes: Vec<(ContactId, Verdict)> = ids.iter().map(|id| (*id, verdict)).collect();
    let changed = workspace.mark(&changes, note, Origin::Cli)?;
    writeln!(
        out,
        "Marked {} as {} ({} changed{}).",
        plural(ids.len() as u64, "contact", "contacts"),
        verdict.label(),
        count(changed.len() as u64),
        if note.is_some() {
            ", note replaced"
        } else {
            ""
        }
    )?;
    Ok(ExitCode::SUCCESS)
}

struct ExportRequest<'a> {
    file: &'a Path,
    format: ExportFormat,
    include_exported: bool,
    dry_run: bool,
    force: bool,
}

fn describe_format(format: ExportFormat) -> &'static str {
    match format {
        ExportFormat::Csv => "CSV in LinkedIn's layout",
        ExportFormat::Vcard => "vCard 3.0",
        ExportFormat::Emails => "one address a line",
        ExportFormat::Outreach => "outreach list: name, address, note, message draft",
    }
}

fn export_contacts(
    out: &mut impl Write,
    workspace_path: &Path,
    request: &ExportRequest<'_>,
    settings: &export::Settings,
) -> Result<ExitCode> {
    let mut workspace = if request.dry_run {
        match Workspace::open_read_only(workspace_path)? {
            Some(workspace) => workspace,
            None => Workspace::open_in_memory()?,
        }
    } else {
        Workspace::open(workspace_path)?
    };
    let options = export::Options {
        limit: settings.limit,
        include_exported: request.include_exported,
    };
    let selection = export::select(&workspace, request.format.kind(), options)?;
    let shown = display_name(request.file);
    let written = plural(selection.vetted.len() as u64, "contact", "contacts");
    if selection.vetted.is_empty() {
        let whom = match request.format.kind() {
            export::ExportKind::Invite => "know-well contacts",
            export::ExportKind::Outreach => "vaguely-known contacts",
        };
        writeln!(
            out,
            "Nothing to export: no {whom} are waiting for a batch; {shown} was not written."
        )?;
    } else {
        let rendered = export::render(&selection.vetted, request.format, settings);
        if request.dry_run {
            writeln!(
                out,
                "Would write {written} to {shown} ({}).",
                describe_format(request.format)
            )?;
        } else {
            export::save(request.file, &rendered.bytes, request.force)?;
            let absolute =
                fs::canonicalize(request.file).unwrap_or_else(|_| request.file.to_path_buf());
            export::record(&mut workspace, &selection.vetted, request.format.as_str(), &absolute)
                .context("the file was written, but the batch could not be recorded; the next export will include these contacts again")?;
            writeln!(
                out,
                "Wrote {written} to {shown} ({}).",
                describe_format(request.format)
            )?;
        }
        if rendered.without_note > 0 {
            writeln!(
                out,
                "  {} no note yet (flagged in the file): write how you know each other first",
                plural(rendered.without_note as u64, "contact has", "contacts have")
            )?;
        }
        if rendered.too_long > 0 {
            writeln!(
                out,
                "  {} over {} characters (flagged in the file): LinkedIn would cut them",
                plural(
                    rendered.too_long as u64,
                    "message draft is",
                    "message drafts are"
                ),
                settings.note_limit
            )?;
        }
    }
    for line in export::left_out_lines(&selection, settings.limit) {
        writeln!(out, "{line}")?;
    }
    let left = &selection.left_out;
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

fn require_terminal() -> Result<()> {
    if !io::stdin().is_terminal() || !io::stdout().is_terminal() {
        bail!(
            "the triage screen needs a terminal; from scripts, use status, list, mark and export"
        );
    }
    Ok(())
}

/// The settings: the built-in ones, with the user's file over them. An explicit path must exist;
/// the default one may not.
fn load_config(explicit: Option<&Path>) -> Result<Config> {
    if let Some(path) = explicit {
        return Ok(Config::load(path)?);
    }
    match config::default_path() {
        Some(path) if path.exists() => Ok(Config::load(&path)?),
        _ => Ok(Config::defaults()?),
    }
}

fn open_screen(workspace: Workspace, title: String, config: Config) -> Result<ExitCode> {
    let settings = tui::Settings {
        screen: config.screen,
        export: config.export,
        export_folder: std::env::current_dir()
            .context("cannot find the current folder (exports are written there)")?,
        ..tui::Settings::default()
    };
    let app = tui::App::new(workspace, config.keymap, settings, title)?;
    tui::run(app, config.theme.unless_no_color()).context("the terminal failed")?;
    Ok(ExitCode::SUCCESS)
}

/// `vetted` with no command: the triage screen on the workspace.
fn triage(workspace_path: &Path, config: Config) -> Result<ExitCode> {
    require_terminal()?;
    if !workspace_path.exists() {
        bail!(
            "there is no workspace at {} yet; import an address book first (vetted import FILE), or try vetted demo",
            display_name(workspace_path)
        );
    }
    let workspace = Workspace::open(workspace_path)?;
    let title = workspace_path
        .file_stem()
        .map_or_else(|| "workspace".into(), |s| s.to_string_lossy().into_owned());
    open_screen(workspace, title, config)
}

/// The sample address book `vetted demo` opens: a Google CSV and an Apple vCard file.
const DEMO_FILES: [(&str, &[u8]); 2] = [
    (
        "google-contacts.csv",
        include_bytes!("../assets/demo/google-contacts.csv"),
    ),
    ("phone.vcf", include_bytes!("../assets/demo/phone.vcf")),
];

/// The demo's mail history (generated by assets/demo/make-mail.py).
const DEMO_MAIL: &[u8] = include_bytes!("../assets/demo/mail.mbox");

/// `vetted demo`: the triage screen on a throw-away workspace seeded from the sample files.
fn demo(config: Config) -> Result<ExitCode> {
    require_terminal()?;
    let folder = tempfile::Builder::new().prefix("vetted-demo-").tempdir()?;
    let mut workspace = Workspace::open(&folder.path().join("demo.sqlite3"))?;
    for (name, bytes) in DEMO_FILES {
        let path = folder.path().join(name);
        fs::write(&path, bytes)?;
        let parsed = import::parse(bytes, FormatChoice::Auto)
            .with_context(|| format!("the demo file {name}"))?;
        let source = SourceFile {
            path: path.to_string_lossy().into_owned(),
        };
        workspace.import(&source, &parsed, false, &mut |_| {})?;
    }
    let mut tally = mail::Tally::default();
    mail::scan_mbox(
        DEMO_MAIL,
        &mut |headers, line| tally.add(&mail::envelope(headers), Location::line(line)),
        &mut |_| {},
    )?;
    let mail_path = folder.path().join("mail.mbox");
    fs::write(&mail_path, DEMO_MAIL)?;
    let source = SourceFile {
        path: mail_path.to_string_lossy().into_owned(),
    };
    let history = tally.finish(&[]);
    workspace.import_mail(&source, "mbox", &history, None, false)?;
    let code = open_screen(workspace, "demo".into(), config);
    drop(folder);
    code
}

/// The kinds of mail archive `import` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum MailKind {
    Mbox,
    Maildir,
}

impl MailKind {
    fn describe(self) -> &'static str {
        match self {
            MailKind::Mbox => "mail archive (mbox)",
            MailKind::Maildir => "mail folder (Maildir)",
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            MailKind::Mbox => "mbox",
            MailKind::Maildir => "maildir",
        }
    }
}

/// Whether `path` is mail (and which kind), judged by its content, not its name.
fn mail_kind(path: &Path, format: FormatArg) -> Result<Option<MailKind>> {
    let metadata = importable(path)?;
    if metadata.is_dir() {
        return Ok(Some(MailKind::Maildir));
    }
    if matches!(format, FormatArg::Mbox) {
        return Ok(Some(MailKind::Mbox));
    }
    if !matches!(format, FormatArg::Auto) {
        return Ok(None);
    }
    let mut head = Vec::with_capacity(64 * 1024);
    fs::File::open(path)
        .and_then(|file| io::Read::read_to_end(&mut io::Read::take(file, 64 * 1024), &mut head))
        .with_context(|| format!("cannot read {}", path.display()))?;
    Ok(import::is_mail(&head).then_some(MailKind::Mbox))
}

/// Scans a mail archive and records its history.
fn import_mail(
    out: &mut impl Write,
    workspace: &mut Workspace,
    path: &Path,
    kind: MailKind,
    options: &ImportOptions<'_>,
) -> Result<()> {
    let shown = display_name(path);
    let mut tally = mail::Tally::default();
    let mut unreadable = Vec::new();
    match kind {
        MailKind::Mbox => {
            let file = fs::File::open(path).context("cannot open it")?;
            let total_mb = file.metadata().map_or(0, |m| m.len()) >> 20;
            let mut progress = Progress::new(format!("scanning {shown}"), total_mb >= 16);
            progress.unit = " MB";
            let scanned = mail::scan_mbox(
                file,
                &mut |headers, line| {
                    tally.add(&mail::envelope(headers), Location::line(line));
                },
                &mut |bytes| progress.update((bytes >> 20) as usize, total_mb as usize),
            );
            progress.finish();
            scanned.context("cannot read it")?;
        }
        MailKind::Maildir => {
            let messages = mail::maildir_messages(path).context("cannot list its messages")?;
            let mut progress = Progress::new(format!("scanning {shown}"), messages.len() >= 5_000);
            let mut headers = Vec::new();
            for (index, message) in messages.iter().enumerate() {
                // One unreadable message is reported; the rest of the folder still counts.
                if let Err(error) = mail::message_headers(message, &mut headers) {
                    unreadable.push(format!("{}: {error}", display_name(message)));
                    continue;
                }
                let number = index as u64 + 1;
                tally.add(&mail::envelope(&headers), Location::card(number, 0));
                progress.update(index + 1, messages.len());
            }
            progress.finish();
        }
    }
    let history = tally.finish(options.identity);
    let absolute = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let source = SourceFile {
        path: absolute.to_string_lossy().into_owned(),
    };
    let outcome = workspace.import_mail(
        &source,
        kind.as_str(),
        &history,
        options.add_correspondents,
        options.dry_run,
    )?;
    print_mail_summary(out, &shown, kind, &history, &outcome, options)?;
    if !unreadable.is_empty() {
        writeln!(
            out,
            "  {} could not be read and {} not counted:",
            plural(unreadable.len() as u64, "message", "messages"),
            if unreadable.len() == 1 { "was" } else { "were" }
        )?;
        write_problems(out, &unreadable, options.verbose)?;
    }
    Ok(())
}

fn print_mail_summary(
    out: &mut impl Write,
    shown: &str,
    kind: MailKind,
    history: &mail::History,
    outcome: &store::MailOutcome,
    options: &ImportOptions<'_>,
) -> io::Result<()> {
    writeln!(
        out,
        "{shown}: {}, {}",
        kind.describe(),
        plural(history.messages, "message", "messages")
    )?;
    let user = terminal_safe(&history.user.join(", ")).into_owned();
    if history.inferred {
        if user.is_empty() {
            writeln!(
                out,
                "  no message names a sender, so nothing counts as sent by you"
            )?;
        } else {
            writeln!(
                out,
                "  your address: {user} (the most frequent sender; set [identity] addresses in the configuration if that is wrong)"
            )?;
        }
    } else {
        writeln!(out, "  your addresses: {user} (from the configuration)")?;
    }
    let both = history
        .correspondents
        .iter()
        .filter(|c| c.sent > 0 && c.received > 0)
        .count();
    let written = history
        .correspondents
        .iter()
        .filter(|c| c.sent > 0 && c.received == 0)
        .count();
    let heard = history.correspondents.len() - both - written;
    writeln!(
        out,
        "  {}: {} both ways, {} only written to, {} only heard from",
        plural(
            history.correspondents.len() as u64,
            "correspondent",
            "correspondents"
        ),
        count(both as u64),
        count(written as u64),
        count(heard as u64)
    )?;
    let mut line = format!(
        "  {} mail history from it",
        plural(
            outcome.contacts_with_history as u64,
            "contact has",
            "contacts have"
        )
    );
    if let Some(least) = options.add_correspondents {
        line.push_str(&format!(
            "; {} (people you wrote to at least {} that were not contacts yet)",
            plural(outcome.added as u64, "contact added", "contacts added"),
            plural(u64::from(least), "time", "times")
        ));
    }
    writeln!(out, "{line}")?;
    if history.without_sender > 0 {
        writeln!(
            out,
            "  {} without a sender not counted",
            plural(history.without_sender, "message", "messages")
        )?;
    }
    if outcome.replaced {
        writeln!(
            out,
            "  imported before: its earlier counts were replaced, not added to"
        )?;
    }
    Ok(())
}

#[derive(serde::Serialize)]
struct ListedInvitation<'a> {
    name: &'a str,
    sent_at: &'a str,
    profile_url: &'a str,
}

/// `vetted withdraw`: pending invitations to people now marked don't know.
fn withdraw(out: &mut impl Write, workspace_path: &Path, json: bool) -> Result<ExitCode> {
    let pending = match Workspace::open_read_only(workspace_path)? {
        Some(workspace) => workspace.invitations_to_withdraw()?,
        None => Vec::new(),
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
        writeln!(
            out,
            "(vetted knows your invitations from LinkedIn's Invitations.csv: vetted import Invitations.csv)"
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        out,
        "{} to people you marked don't know; withdraw them on LinkedIn (My Network, Manage, Sent):",
        plural(
            pending.len() as u64,
            "Pending invitation",
            "Pending invitations"
        )
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
