//! What a file holds, told from its first bytes before it is parsed: an address book's format,
//! mail, or something that is no address book at all (an executable, an image, a workbook),
//! named so the message can say what to do instead.

use super::{ImportError, encoding};

/// The kind of content found in a file, before parsing it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Content {
    VCard,
    Ldif,
    Mbox,
    Csv,
}

/// Whether a file holds nothing but white space, after a byte-order mark if it has one (a file
/// of only a BOM was refused as "no column holds email addresses (its columns: )").
pub(super) fn is_blank(bytes: &[u8]) -> bool {
    let (rest, wide) = if let Some(rest) = bytes.strip_prefix(b"\xef\xbb\xbf") {
        (rest, false)
    } else if let Some(rest) = bytes
        .strip_prefix(b"\xff\xfe")
        .or_else(|| bytes.strip_prefix(b"\xfe\xff"))
    {
        (rest, true)
    } else {
        (bytes, false)
    };
    rest.iter()
        .all(|b| b.is_ascii_whitespace() || (wide && *b == 0))
}

/// Files people pick by mistake, named so the message can say what to do instead.
pub(super) fn reject_binary_formats(bytes: &[u8]) -> Result<(), ImportError> {
    let known: [(&[u8], &'static str, &'static str); 25] = [
        (
            b"PK\x03\x04",
            "a ZIP archive (perhaps an Excel .xlsx workbook or a data-export archive)",
            "; unpack it, or save the sheet as CSV",
        ),
        (
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
            "an Office document (perhaps an Excel .xls workbook)",
            "; save the sheet as CSV",
        ),
        (
            b"!BDN",
            "an Outlook data file (.pst)",
            "; export the contacts from Outlook as CSV or vCard",
        ),
        (b"%PDF", "a PDF document", ""),
        (b"SQLite format 3\0", "an SQLite database", ""),
        (
            b"\x1F\x8B",
            "a gzip-compressed file",
            "; decompress it first",
        ),
        (b"BZh", "a bzip2-compressed file", "; decompress it first"),
        (
            b"\xFD7zXZ\0",
            "an xz-compressed file",
            "; decompress it first",
        ),
        (
            b"\x28\xB5\x2F\xFD",
            "a zstd-compressed file",
            "; decompress it first",
        ),
        (
            b"7z\xBC\xAF\x27\x1C",
            "a 7-Zip archive",
            "; unpack it first",
        ),
        (b"Rar!\x1A\x07", "a RAR archive", "; unpack it first"),
        (b"\x7FELF", "an executable program (ELF)", ""),
        (b"\xFE\xED\xFA\xCE", "an executable program (Mach-O)", ""),
        (b"\xFE\xED\xFA\xCF", "an executable program (Mach-O)", ""),
        (b"\xCE\xFA\xED\xFE", "an executable program (Mach-O)", ""),
        (b"\xCF\xFA\xED\xFE", "an executable program (Mach-O)", ""),
        (
            b"\xCA\xFE\xBA\xBE",
            "an executable program (Mach-O or Java)",
            "",
        ),
        (b"\x89PNG\r\n\x1A\n", "an image (PNG)", ""),
        (b"\xFF\xD8\xFF", "an image (JPEG)", ""),
        (b"GIF87a", "an image (GIF)", ""),
        (b"GIF89a", "an image (GIF)", ""),
        (b"II*\0", "an image (TIFF)", ""),
        (b"MM\0*", "an image (TIFF)", ""),
        (b"OggS", "an audio or video file (Ogg)", ""),
        (b"ID3", "an audio file (MP3)", ""),
    ];
    for (magic, what, hint) in known {
        if bytes.starts_with(magic) {
            return Err(ImportError::NotAnAddressBook { what, hint });
        }
    }
    // Formats whose marker is not at the very start.
    let at =
        |offset: usize, marker: &[u8]| bytes.get(offset..offset + marker.len()) == Some(marker);
    if at(0, b"RIFF") && (at(8, b"WEBP") || at(8, b"AVI ") || at(8, b"WAVE")) {
        let what = if at(8, b"WEBP") {
            "an image (WebP)"
        } else {
            "an audio or video file (RIFF)"
        };
        return Err(ImportError::NotAnAddressBook { what, hint: "" });
    }
    if at(4, b"ftyp") {
        let what = if at(8, b"heic") || at(8, b"heix") || at(8, b"mif1") {
            "an image (HEIC)"
        } else {
            "an audio or video file (MP4)"
        };
        return Err(ImportError::NotAnAddressBook { what, hint: "" });
    }
    if at(0, b"MZ") && bytes.len() > 0x40 {
        let pe = u32::from_le_bytes([bytes[0x3c], bytes[0x3d], bytes[0x3e], bytes[0x3f]]);
        if usize::try_from(pe).is_ok_and(|pe| at(pe, b"PE\0\0")) {
            return Err(ImportError::NotAnAddressBook {
                what: "a Windows program (.exe or .dll)",
                hint: "",
            });
        }
    }
    if looks_binary(bytes) {
        return Err(ImportError::NotAnAddressBook {
            what: "binary data, not text",
            hint: "; address books are text files (CSV, vCard, LDIF)",
        });
    }
    Ok(())
}

/// Whether the first bytes are binary rather than text in any encoding: control bytes (not
/// tab, line breaks or form feed) make up more than a tenth of them. UTF-16 (every other byte
/// NUL, with or without a byte-order mark) is text.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.len() < 16 || encoding::is_utf16(head) {
        return false;
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c))
        .count();
    controls * 10 > head.len()
}

/// Recognises the content from its first lines. Only ASCII markers are looked at, so this works
/// before the encoding is known (UTF-16 is decoded first).
pub(super) fn detect(bytes: &[u8]) -> Content {
    let head_len = bytes.len().min(64 * 1024);
    let decoded = encoding::decode(&bytes[..head_len]);
    // Lines end at LF, CRLF or a CR alone (old Mac exports).
    let mut lines = crate::text::lines(&decoded.text)
        .map(|line| line.trim_start_matches('\u{feff}').trim())
        .filter(|line| !line.is_empty());
    let Some(first) = lines.next() else {
        return Content::Csv;
    };
    let starts = |line: &str, prefix: &str| {
        line.len() >= prefix.len()
            && line.is_char_boundary(prefix.len())
            && line[..prefix.len()].eq_ignore_ascii_case(prefix)
    };
    if starts(first, "BEGIN:VCARD") {
        return Content::VCard;
    }
    if first.starts_with("From ") {
        return Content::Mbox;
    }
    if starts(first, "dn:") || starts(first, "version:") || first.starts_with('#') {
        let mut ldif_lines = std::iter::once(first)
            .chain(lines.clone())
            .filter(|line| !line.starts_with('#'));
        if ldif_lines.next().is_some_and(|line| {
            starts(line, "dn:")
                || (starts(line, "version:")
                    && ldif_lines.next().is_some_and(|next| starts(next, "dn:")))
        }) {
            return Content::Ldif;
        }
    }
    // A vCard file with junk before its first card still is a vCard file, and so is one
    // whose first BEGIN:VCARD is missing (its parser then says where the first card breaks).
    if crate::text::lines(&decoded.text).take(50).any(|line| {
        let line = line.trim();
        starts(line, "BEGIN:VCARD") || starts(line, "END:VCARD")
    }) {
        return Content::VCard;
    }
    // A single message (.eml) starts with mail headers.
    let mail_headers = ["Return-Path:", "Received:", "Message-ID:", "Delivered-To:"];
    if mail_headers.iter().any(|h| starts(first, h)) {
        return Content::Mbox;
    }
    Content::Csv
}
