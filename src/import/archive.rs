//! Archives as people download them: LinkedIn's data export (a ZIP) and Google Takeout (a ZIP,
//! or a .tgz). vetted reads the members it knows, each as a file of its own, and lists the rest:
//!
//! - `Connections.csv` and `Invitations.csv`, wherever they are in the archive (LinkedIn);
//! - address books under a `Contacts` folder (`.vcf` or `.csv`: Takeout);
//! - mail archives (`.mbox`, Takeout's `Mail` folder), streamed from the archive without
//!   unpacking it to disk.
//!
//! Members are read in archive order; nothing is written to disk.

use std::fs::File;
use std::io::{self, Read, Seek};

/// What an archive is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArchiveKind {
    Zip,
    /// A tar archive compressed with gzip (`.tgz`, `.tar.gz`).
    TarGz,
}

impl ArchiveKind {
    pub fn describe(self) -> &'static str {
        match self {
            ArchiveKind::Zip => "ZIP archive",
            ArchiveKind::TarGz => "tar.gz archive",
        }
    }
}

/// What vetted reads a member as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemberKind {
    /// An address book or a LinkedIn file.
    Book,
    /// A mail archive.
    Mail,
}

/// What a member named `name` (its path in the archive) is, if vetted reads it.
pub fn classify(name: &str) -> Option<MemberKind> {
    let lower = name.to_lowercase();
    let file = lower.rsplit('/').next().unwrap_or(&lower);
    if file == "connections.csv" || file == "invitations.csv" {
        return Some(MemberKind::Book);
    }
    let in_contacts = lower
        .split('/')
        .rev()
        .skip(1)
        .any(|folder| folder == "contacts");
    if in_contacts && (file.ends_with(".vcf") || file.ends_with(".csv")) {
        return Some(MemberKind::Book);
    }
    if file.ends_with(".mbox") {
        return Some(MemberKind::Mail);
    }
    None
}

/// The kind of archive `file` is, judged by its first bytes, if it is one vetted opens: a ZIP
/// that holds a member vetted reads (an .xlsx workbook holds none, and is refused as before),
/// or a tar inside gzip.
pub fn sniff(file: &mut File) -> io::Result<Option<ArchiveKind>> {
    let mut head = [0u8; 4];
    let read = file.read(&mut head)?;
    file.rewind()?;
    let kind = match &head[..read] {
        [b'P', b'K', 3, 4] => {
            // A ZIP whose table of contents cannot be read is an archive cut short (a
            // download that stopped), and is read as one so that the error says so.
            let known = zip::ZipArchive::new(&mut *file).map_or(true, |archive| {
                archive
                    .file_names()
                    .filter_map(Result::ok)
                    .any(|name| classify(&name).is_some())
            });
            known.then_some(ArchiveKind::Zip)
        }
        [0x1f, 0x8b, ..] => {
            // A tar header has "ustar" at offset 257.
            let mut tar_head = [0u8; 262];
            let mut decoder = flate2::read::GzDecoder::new(&mut *file);
            let tar = decoder.read_exact(&mut tar_head).is_ok() && &tar_head[257..262] == b"ustar";
            tar.then_some(ArchiveKind::TarGz)
        }
        _ => None,
    };
    file.rewind()?;
    Ok(kind)
}

/// Why an archive could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error("the archive is damaged or cut short (download or copy it again)")]
    Io(#[from] io::Error),
    #[error("the archive is damaged or cut short (download or copy it again)")]
    Zip(#[from] zip::result::ZipError),
}

/// Walks `file`'s members in order: each one vetted reads goes to `visit` with its name, kind
/// and a reader over its bytes; the names of the others are returned. An error `visit` returns
/// stops the walk.
pub fn walk(
    file: File,
    kind: ArchiveKind,
    visit: &mut dyn FnMut(&str, MemberKind, &mut dyn Read) -> io::Result<()>,
) -> Result<Vec<String>, ArchiveError> {
    let mut skipped = Vec::new();
    match kind {
        ArchiveKind::Zip => {
            let mut archive = zip::ZipArchive::new(file)?;
            for index in 0..archive.len() {
                let mut member = archive.by_index(index)?;
                if member.is_dir() {
                    continue;
                }
                let name = member.name()?.into_owned();
                match classify(&name) {
                    Some(kind) => visit(&name, kind, &mut member)?,
                    None => skipped.push(name),
                }
            }
        }
        ArchiveKind::TarGz => {
            let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(file));
            for entry in archive.entries()? {
                let mut entry = entry?;
                if !entry.header().entry_type().is_file() {
                    continue;
                }
                let name = entry.path()?.to_string_lossy().into_owned();
                match classify(&name) {
                    Some(kind) => visit(&name, kind, &mut entry)?,
                    None => skipped.push(name),
                }
            }
        }
    }
    Ok(skipped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_are_known_by_their_place_and_name() {
        for (name, kind) in [
            ("Connections.csv", Some(MemberKind::Book)),
            (
                "Basic_LinkedInDataExport/Invitations.csv",
                Some(MemberKind::Book),
            ),
            (
                "Takeout/Contacts/My Contacts/My Contacts.vcf",
                Some(MemberKind::Book),
            ),
            ("Takeout/Contacts/Family/Family.csv", Some(MemberKind::Book)),
            (
                "Takeout/Mail/All mail Including Spam and Trash.mbox",
                Some(MemberKind::Mail),
            ),
            ("Profile.csv", None),
            ("messages.csv", None),
            ("Takeout/Drive/report.csv", None),
            ("xl/workbook.xml", None),
        ] {
            assert_eq!(classify(name), kind, "{name}");
        }
    }
}
