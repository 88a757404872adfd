//! The command line: arguments, and the printing of what the library returns.
//!
//! Each command family has its file; the work itself (importing a path, writing a batch,
//! marking) is the library's, so the screen, the demo and the tests do it the same way.
//! Output meant for people goes to stdout; progress goes to stderr, only when it is a terminal;
//! errors go to stderr with their cause chain. Text that came from a file passes through
//! `terminal_safe` before it is printed, so an address book cannot drive the terminal.

mod export;
mod import;
mod inspect;
mod mark;
mod people;
mod screen;

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{CommandFactory, Parser, Subcommand};
use unicode_width::UnicodeWidthStr;

use vetted::config::{self, Config};
use vetted::contact::Verdict;
use vetted::export::ExportFormat;
use vetted::import::FormatChoice;
use vetted::store::{self, ImportOptions};
use vetted::text::terminal_safe;

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
        #[arg(long, value_enum, default_value_t = FormatChoice::Auto)]
        format: FormatChoice,
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
        verdict: Option<Verdict>,
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
        verdict: Verdict,
        /// Replace the contacts' note ("how we know each other")
        #[arg(long)]
        note: Option<String>,
    },
    /// Export this contact with this address (one of its addresses)
    Prefer {
        /// The address to export its contact with
        #[arg(value_name = "ADDRESS")]
        address: String,
    },
    /// Say that these contacts are not the people LinkedIn connections of the same names are
    /// (so they may be exported); --undo takes it back
    NotConnected {
        /// An address of each contact
        #[arg(value_name = "ADDRESS", required = true)]
        addresses: Vec<String>,
        /// They may be the connections after all
        #[arg(long)]
        undo: bool,
    },
    /// List contacts that are probably one person: the same name (in any order, with or
    /// without a middle name), or the same address name at another domain
    Duplicates {
        /// Print a JSON array of groups
        #[arg(long)]
        json: bool,
    },
    /// Merge the contacts with these addresses into one: every address, source and note kept,
    /// the more cautious verdict
    Merge {
        /// An address of each contact (at least two contacts)
        #[arg(value_name = "ADDRESS", required = true, num_args = 2..)]
        addresses: Vec<String>,
    },
    /// Move these addresses (all of one contact) into a contact of their own, with the sources
    /// that brought them; both are flagged to review again
    Split {
        #[arg(value_name = "ADDRESS", required = true)]
        addresses: Vec<String>,
    },
    /// Say that the contacts with these addresses are different people: they are not proposed
    /// as duplicates of each other again; --undo takes it back
    KeepApart {
        /// An address of each contact
        #[arg(value_name = "ADDRESS", required = true, num_args = 2..)]
        addresses: Vec<String>,
        #[arg(long)]
        undo: bool,
    },
    /// Write the vetted contacts to a file: know-well ones for a bulk invite, or vaguely-known
    /// ones as a personal outreach list
    Export {
        /// The file to write; - writes to standard output (the summary then goes to standard
        /// error)
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// csv (LinkedIn's layout), vcard, emails (one a line), or outreach (vaguely-known
        /// contacts with a message draft)
        #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
        format: ExportFormat,
        /// The most contacts in this batch [default: 100 for invites, about a week of LinkedIn
        /// invitations; 5 for outreach, the personal notes a free account gets a month]
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
        limit: Option<u64>,
        /// Include contacts exported in earlier batches
        #[arg(long)]
        include_exported: bool,
        /// Write the last batch of this kind again (in any format of its kind), as the policy
        /// allows it today; no new batch is recorded
        #[arg(long, conflicts_with_all = ["include_exported", "limit"])]
        again: bool,
        /// Begin a CSV file with a UTF-8 byte-order mark, so that Excel opens it with the
        /// right characters when double-clicked
        #[arg(long)]
        bom: bool,
        /// Show what would be written, and write and record nothing
        #[arg(long)]
        dry_run: bool,
        /// Replace FILE if it exists
        #[arg(long)]
        force: bool,
    },
    /// List the batches exported so far: when, which kind and format, how many, which file
    Batches {
        /// Print a JSON array
        #[arg(long)]
        json: bool,
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

/// How a command printed for pasting names vetted: with `--workspace` when the workspace is
/// not the one the pasted command would find by itself (`VETTED_WORKSPACE`'s, else the
/// default), so that it acts on the workspace the user is working on.
pub(crate) fn vetted_for(workspace: &Path) -> String {
    let found = std::env::var_os("VETTED_WORKSPACE")
        .map(PathBuf::from)
        .or_else(store::default_path);
    if found.as_deref() == Some(workspace) {
        "vetted".to_string()
    } else {
        let path = vetted::text::shell_word(&workspace.to_string_lossy()).into_owned();
        format!("vetted --workspace {}", terminal_safe(&path))
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
        None => screen::triage(&workspace, config),
        Some(Command::Demo) => screen::demo(config),
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
                add_correspondents,
                identity: config.identity.addresses,
                roles: config.roles,
            };
            import::run(&mut out, &workspace, &files, &options, verbose)
        }
        Some(Command::Status { json }) => inspect::status(&mut out, &workspace, json),
        Some(Command::List { verdict, json }) => inspect::list(
            &mut out,
            &workspace,
            verdict,
            json,
            &config.roles,
            config.suggest,
        ),
        Some(Command::Withdraw { json }) => inspect::withdraw(&mut out, &workspace, json),
        Some(Command::Mark {
            addresses,
            verdict,
            note,
        }) => mark::run(&mut out, &workspace, &addresses, verdict, note.as_deref()),
        Some(Command::Export {
            out: file,
            format,
            limit,
            include_exported,
            again,
            bom,
            dry_run,
            force,
        }) => {
            if bom && !format.is_spreadsheet() {
                anyhow::bail!(
                    "--bom is for CSV files (--format csv or outreach); a {} file has no byte-order mark",
                    format.as_str()
                );
            }
            let mut settings = config.export;
            if let Some(limit) = limit {
                let limit = usize::try_from(limit).unwrap_or(usize::MAX);
                settings.limit = limit;
                settings.outreach_limit = limit;
            }
            let request = vetted::export::Request {
                format,
                include_exported,
                again,
                bom,
            };
            let command = export::Command {
                file: &file,
                request,
                dry_run,
                force,
            };
            export::run(&mut out, &workspace, &command, &settings)
        }
        Some(Command::Prefer { address }) => mark::prefer(&mut out, &workspace, &address),
        Some(Command::NotConnected { addresses, undo }) => {
            mark::not_connected(&mut out, &workspace, &addresses, !undo)
        }
        Some(Command::Duplicates { json }) => people::list(&mut out, &workspace, json, &config),
        Some(Command::Merge { addresses }) => people::merge(&mut out, &workspace, &addresses),
        Some(Command::Split { addresses }) => people::split(&mut out, &workspace, &addresses),
        Some(Command::KeepApart { addresses, undo }) => {
            people::keep_apart(&mut out, &workspace, &addresses, undo)
        }
        Some(Command::Batches { json }) => inspect::batches(&mut out, &workspace, json),
        Some(Command::Completions { shell }) => {
            clap_complete::generate(shell, &mut Cli::command(), "vetted", &mut out);
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Writes a line to stderr. Unlike `eprintln!`, a closed stderr is not a panic.
pub(crate) fn report(line: &str) {
    let safe: Vec<_> = line.lines().map(terminal_safe).collect();
    let _ = writeln!(io::stderr(), "{}", safe.join("\n"));
}

pub(crate) fn report_inline(text: &str) {
    let mut stderr = io::stderr();
    let _ = stderr.write_all(text.as_bytes());
    let _ = stderr.flush();
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

pub(crate) fn display_name(path: &Path) -> String {
    terminal_safe(&path.display().to_string()).into_owned()
}

/// Pads to a display width (CJK characters are two columns wide).
pub(crate) fn pad(text: &str, width: usize) -> String {
    let shown = text.width();
    if shown >= width {
        text.to_string()
    } else {
        format!("{text}{}", " ".repeat(width - shown))
    }
}
