//! Importing a path: the one workflow the command line, `vetted demo` and the tests share.
//!
//! [`Workspace::import_path`] opens the path ([`source::open`]: what it holds, by content),
//! then stores an address book (read on one core, stored on the other: see
//! [`Workspace::import_bytes`]) or scans mail history (streamed) and records it. It returns
//! a typed account of what happened, which callers print; it prints nothing itself. Progress
//! goes to a callback, so the command line can draw a bar and everyone else can ignore it.

use std::io::{self, Read};
use std::path::{Path, PathBuf};

use super::{ImportOutcome, MailOutcome, Result, SourceFile, Workspace};
use crate::contact::Location;
use crate::import::archive::{self, ArchiveError, ArchiveKind, MemberKind};
use crate::import::mail::{self, Envelope, MailKind};
use crate::import::source::{self, Holds, MAX_ADDRESS_BOOK_BYTES, SourceError};
use crate::import::{FormatChoice, ImportError, Parsed};
use crate::suggest::Roles;

/// How an import reads its files and what it may change.
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// The format to read address books as; `Mbox` reads a file as mail.
    pub format: FormatChoice,
    /// Work out everything, then roll back: nothing is saved.
    pub dry_run: bool,
    /// From mail, also add as contacts the people the user wrote to at least this often.
    pub add_correspondents: Option<u32>,
    /// The user's own addresses, from the configuration; without them, mail history learns
    /// them from every message.
    pub identity: Vec<String>,
    /// Role addresses (`noreply@`), which are never taken for the user's own.
    pub roles: Roles,
}

/// What a progress report counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// Lines of an address book read.
    Lines,
    /// Megabytes of an mbox scanned.
    Megabytes,
    /// Messages of a Maildir read.
    Messages,
}

/// How far the import of one file has come.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
    pub unit: Unit,
}

/// What importing one path did.
#[derive(Debug)]
pub enum Imported {
    /// An address book or a LinkedIn export: the parser's account (its records already
    /// stored) and what storing them did.
    Book {
        account: Box<Parsed>,
        outcome: ImportOutcome,
    },
    /// A mail archive or folder: the history it holds and what recording it did.
    Mail {
        kind: MailKind,
        outcome: MailOutcome,
        /// Messages of a Maildir that could not be read (the rest counted).
        unreadable: Vec<(PathBuf, io::Error)>,
    },
    /// An archive as downloaded: each member vetted reads, and the names of the others.
    Archive {
        kind: ArchiveKind,
        members: Vec<(String, std::result::Result<Imported, FileError>)>,
        skipped: Vec<String>,
    },
}

/// Why one path imported nothing. The workspace is unchanged by it, and other paths go on.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error(transparent)]
    Source(#[from] SourceError),
    #[error(transparent)]
    NotAnAddressBook(#[from] ImportError),
    #[error("cannot read it")]
    Mail(#[source] io::Error),
    #[error(transparent)]
    Archive(#[from] ArchiveError),
    #[error(
        "the archive holds nothing vetted reads (it reads Connections.csv and Invitations.csv from LinkedIn's export, and the Contacts and Mail folders of Google Takeout)"
    )]
    NothingKnown { skipped: Vec<String> },
}

impl Workspace {
    /// Imports what `path` holds, in one transaction (rolled back with `dry_run`); an archive's
    /// members each in their own. The outer error is the workspace's (stop); the inner one is
    /// the file's (say so, go on).
    pub fn import_path(
        &mut self,
        path: &Path,
        options: &ImportOptions,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<std::result::Result<Imported, FileError>> {
        let opened = match source::open(path, options.format) {
            Ok(opened) => opened,
            Err(error) => return Ok(Err(error.into())),
        };
        let source = SourceFile {
            path: opened.path.to_string_lossy().into_owned(),
        };
        match opened.holds {
            Holds::Book(bytes) => self.import_book(&source, &bytes, options, progress),
            Holds::Mbox(file, length) => {
                let mut report = |bytes: u64| {
                    progress(Progress {
                        done: bytes >> 20,
                        total: length >> 20,
                        unit: Unit::Megabytes,
                    })
                };
                self.import_mbox(&source, file, options, &mut report)
            }
            Holds::Maildir(messages) => {
                let mut writer = self.mail_writer(&source, MailKind::Maildir)?;
                let unreadable = scan_maildir(
                    &messages,
                    &mut |envelope, at| writer.add(&envelope, at),
                    progress,
                );
                let outcome = writer.finish(options)?;
                Ok(Ok(Imported::Mail {
                    kind: MailKind::Maildir,
                    outcome,
                    unreadable,
                }))
            }
            Holds::Archive(file, kind) => self.import_archive(&source, file, kind, options),
        }
    }

    /// An address book's bytes, read on one core and stored on the other.
    fn import_book(
        &mut self,
        source: &SourceFile,
        bytes: &[u8],
        options: &ImportOptions,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<std::result::Result<Imported, FileError>> {
        let total = memchr::memchr_iter(b'\n', bytes).count() as u64 + 1;
        let stored = self.import_bytes(
            source,
            bytes,
            options.format,
            options.dry_run,
            &mut |line| {
                progress(Progress {
                    done: line,
                    total,
                    unit: Unit::Lines,
                })
            },
        )?;
        Ok(match stored {
            Ok((outcome, account)) => Ok(Imported::Book {
                account: Box::new(account),
                outcome,
            }),
            Err(error) => Err(error.into()),
        })
    }

    /// An mbox, streamed from `reader`; `progress` hears the bytes read so far.
    fn import_mbox(
        &mut self,
        source: &SourceFile,
        reader: impl Read,
        options: &ImportOptions,
        progress: &mut dyn FnMut(u64),
    ) -> Result<std::result::Result<Imported, FileError>> {
        let mut writer = self.mail_writer(source, MailKind::Mbox)?;
        let scanned = mail::scan_mbox(
            reader,
            &mut |headers, line| writer.add(&mail::envelope(headers), Location::line(line)),
            progress,
        );
        if let Err(error) = scanned {
            // The transaction is dropped: nothing of the archive is kept.
            return Ok(Err(FileError::Mail(error)));
        }
        let outcome = writer.finish(options)?;
        Ok(Ok(Imported::Mail {
            kind: MailKind::Mbox,
            outcome,
            unreadable: Vec::new(),
        }))
    }

    /// The members of an archive vetted reads, each imported as a file of its own (named
    /// `archive!/member`), in archive order.
    fn import_archive(
        &mut self,
        source: &SourceFile,
        file: std::fs::File,
        kind: ArchiveKind,
        options: &ImportOptions,
    ) -> Result<std::result::Result<Imported, FileError>> {
        let mut members = Vec::new();
        let mut store_error = None;
        let walked = archive::walk(file, kind, &mut |name, member_kind, reader| {
            let member = SourceFile {
                path: format!("{}!/{name}", source.path),
            };
            let imported = match member_kind {
                MemberKind::Mail => self.import_mbox(&member, reader, options, &mut |_| {}),
                MemberKind::Book => {
                    let mut bytes = Vec::new();
                    reader
                        .take(MAX_ADDRESS_BOOK_BYTES + 1)
                        .read_to_end(&mut bytes)?;
                    if bytes.len() as u64 > MAX_ADDRESS_BOOK_BYTES {
                        Ok(Err(FileError::Source(SourceError::TooLarge {
                            path: PathBuf::from(&member.path),
                            megabytes: bytes.len() as u64 >> 20,
                        })))
                    } else {
                        self.import_book(&member, &bytes, options, &mut |_| {})
                    }
                }
            };
            match imported {
                Ok(result) => {
                    members.push((name.to_string(), result));
                    Ok(())
                }
                Err(error) => {
                    store_error = Some(error);
                    Err(io::Error::other("the workspace failed"))
                }
            }
        });
        if let Some(error) = store_error {
            return Err(error);
        }
        let skipped = match walked {
            Ok(skipped) => skipped,
            Err(error) => return Ok(Err(FileError::Archive(error))),
        };
        if members.is_empty() {
            return Ok(Err(FileError::NothingKnown { skipped }));
        }
        Ok(Ok(Imported::Archive {
            kind,
            members,
            skipped,
        }))
    }
}

/// Reads each message's headers; one that cannot be read is set aside and the rest still count.
fn scan_maildir(
    messages: &[PathBuf],
    visit: &mut dyn FnMut(Envelope, Location),
    progress: &mut dyn FnMut(Progress),
) -> Vec<(PathBuf, io::Error)> {
    let mut unreadable = Vec::new();
    let mut headers = Vec::new();
    for (index, message) in messages.iter().enumerate() {
        if let Err(error) = mail::message_headers(message, &mut headers) {
            unreadable.push((message.clone(), error));
            continue;
        }
        let number = index as u64 + 1;
        visit(mail::envelope(&headers), Location::card(number, 0));
        progress(Progress {
            done: number,
            total: messages.len() as u64,
            unit: Unit::Messages,
        });
    }
    unreadable
}
