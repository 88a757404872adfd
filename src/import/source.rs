//! A path, opened for import: what it holds, decided by its content.
//!
//! The one place that decides how a file is read. A folder is read only as a Maildir; a pipe, a
//! socket or a device is refused (reading a FIFO would block forever); mail (by its content, or
//! `--format mbox`) stays an open file, to be streamed; so does an archive vetted knows how to
//! walk (see [`archive`]); anything else is an address book and is read whole, up to
//! [`MAX_ADDRESS_BOOK_BYTES`].

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use super::archive::{self, ArchiveKind};
use super::{FormatChoice, is_mail, mail};
use crate::text::count;

/// The largest file read as an address book; anything bigger is not one.
pub const MAX_ADDRESS_BOOK_BYTES: u64 = 1 << 30;

/// How much of a file is read to tell mail from an address book.
const HEAD_BYTES: u64 = 64 * 1024;

/// What a path holds.
#[derive(Debug)]
pub enum Holds {
    /// An address book or a LinkedIn export, read whole.
    Book(Vec<u8>),
    /// A mail archive, open to be streamed; its size, for progress.
    Mbox(File, u64),
    /// A Maildir folder: its message files, in name order.
    Maildir(Vec<PathBuf>),
    /// An archive as downloaded (LinkedIn's export, Google Takeout), open to be walked.
    Archive(File, ArchiveKind),
}

/// A path opened for import.
#[derive(Debug)]
pub struct Source {
    /// The absolute path, which identifies the file across imports.
    pub path: PathBuf,
    pub holds: Holds,
}

/// Why a path cannot be imported at all.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("cannot read {}", path.display())]
    Unreadable { path: PathBuf, source: io::Error },
    #[error(
        "{} is a folder; name the files inside it (only Maildir folders, with cur/ and new/ inside, are read whole)",
        path.display()
    )]
    Folder { path: PathBuf },
    #[error("{} is a mail folder (Maildir); it cannot be read as an address book", path.display())]
    MaildirAsBook { path: PathBuf },
    #[error("{} is not a regular file (a pipe, socket or device)", path.display())]
    NotRegular { path: PathBuf },
    #[error("{} is {} MB, too large for an address book", path.display(), count(*megabytes))]
    TooLarge { path: PathBuf, megabytes: u64 },
    #[error("cannot list the messages of {}", path.display())]
    UnlistableMaildir { path: PathBuf, source: io::Error },
    #[error(
        "{}: --format mbox does not fit this file: it begins with neither an mbox \"From \" line nor mail headers; leave --format out to read it as what it is",
        path.display()
    )]
    NotMail { path: PathBuf },
}

impl SourceError {
    /// The path the error is about.
    pub fn path(&self) -> &Path {
        match self {
            SourceError::Unreadable { path, .. }
            | SourceError::Folder { path }
            | SourceError::MaildirAsBook { path }
            | SourceError::NotRegular { path }
            | SourceError::TooLarge { path, .. }
            | SourceError::UnlistableMaildir { path, .. }
            | SourceError::NotMail { path } => path,
        }
    }
}

/// Opens `path` for import as `choice` says: `Mbox` reads it as mail, a specific address-book
/// format reads it as an address book, `Auto` looks at the first bytes.
pub fn open(path: &Path, choice: FormatChoice) -> Result<Source, SourceError> {
    let unreadable = |source| SourceError::Unreadable {
        path: path.to_path_buf(),
        source,
    };
    let metadata = fs::metadata(path).map_err(unreadable)?;
    let absolute = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let source = |holds| Source {
        path: absolute.clone(),
        holds,
    };
    if metadata.is_dir() {
        if !mail::is_maildir(path) {
            return Err(SourceError::Folder {
                path: path.to_path_buf(),
            });
        }
        if !matches!(choice, FormatChoice::Auto | FormatChoice::Mbox) {
            return Err(SourceError::MaildirAsBook {
                path: path.to_path_buf(),
            });
        }
        let messages =
            mail::maildir_messages(path).map_err(|source| SourceError::UnlistableMaildir {
                path: path.to_path_buf(),
                source,
            })?;
        return Ok(source(Holds::Maildir(messages)));
    }
    if !metadata.is_file() {
        return Err(SourceError::NotRegular {
            path: path.to_path_buf(),
        });
    }
    let mut file = File::open(path).map_err(unreadable)?;
    if choice == FormatChoice::Auto
        && let Some(kind) = archive::sniff(&mut file).map_err(unreadable)?
    {
        return Ok(source(Holds::Archive(file, kind)));
    }
    let as_mail = match choice {
        FormatChoice::Mbox | FormatChoice::Auto => {
            let mut head = Vec::with_capacity(HEAD_BYTES as usize);
            (&mut file)
                .take(HEAD_BYTES)
                .read_to_end(&mut head)
                .map_err(unreadable)?;
            let mail = is_mail(&head);
            if choice == FormatChoice::Mbox && !mail {
                return Err(SourceError::NotMail {
                    path: path.to_path_buf(),
                });
            }
            mail
        }
        _ => false,
    };
    if as_mail {
        // Streamed from the start.
        let file = File::open(path).map_err(unreadable)?;
        return Ok(source(Holds::Mbox(file, metadata.len())));
    }
    if metadata.len() > MAX_ADDRESS_BOOK_BYTES {
        return Err(SourceError::TooLarge {
            path: path.to_path_buf(),
            megabytes: metadata.len() >> 20,
        });
    }
    let bytes = fs::read(path).map_err(unreadable)?;
    Ok(source(Holds::Book(bytes)))
}
