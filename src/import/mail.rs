//! Mail history: whom the user wrote to and heard from, read from mbox files
//! and Maildir folders.
//!
//! Archives are streamed: only each message's header block is kept (bodies are skipped as they
//! are read), and every line is read into a buffer of bounded size, so a multi-gigabyte Gmail
//! Takeout mbox, or one with a gigabyte-long line, scans in constant memory. Headers are parsed
//! by `mail-parser` (RFC 2047 names, folded lines, groups).

use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::contact::{address_key, parse_address};

/// The longest header block kept for a message; the rest of an oversized one is skipped.
const MAX_HEADERS: usize = 256 * 1024;
/// The longest line kept; longer ones are read on and dropped (bounded memory).
const MAX_LINE: usize = 64 * 1024;
/// Read buffer size.
const CHUNK: usize = 1 << 20;

/// One message's correspondents, date and identity.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Envelope {
    pub from: Vec<Mailbox>,
    /// To, Cc and Bcc.
    pub recipients: Vec<Mailbox>,
    /// Seconds since 1970 (UTC), from the `Date:` header.
    pub date: Option<i64>,
    /// The `Message-ID:`, without its angle brackets.
    pub message_id: Option<String>,
    /// `Delivered-To:` addresses (keys): the mailbox owner's, on mail they received.
    pub delivered_to: Vec<String>,
    /// Gmail's `X-Gmail-Labels:` holds `Sent`: the user wrote it.
    pub sent_label: bool,
    /// Mailing-list or automated mail (`List-Id:`, `Precedence: bulk`, `Auto-Submitted:`...):
    /// not correspondence between people.
    pub bulk: bool,
    pub subject: String,
}

impl Envelope {
    /// What identifies the message across archives: its Message-ID, or else a digest of the
    /// headers that tell messages apart (sender, recipients, date, subject).
    pub fn key(&self) -> String {
        if let Some(id) = self
            .message_id
            .as_deref()
            .filter(|id| !id.trim().is_empty())
        {
            return id.trim().to_string();
        }
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        let mut feed = |bytes: &[u8]| {
            for byte in bytes.iter().chain([&0u8]) {
                hash ^= u64::from(*byte);
                hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
            }
        };
        for mailbox in self.from.iter().chain(&self.recipients) {
            feed(mailbox.key.as_bytes());
        }
        feed(&self.date.unwrap_or(i64::MIN).to_le_bytes());
        feed(self.subject.as_bytes());
        format!("digest:{hash:016x}")
    }
}

/// An address as a header wrote it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mailbox {
    /// Trimmed and lower-cased: the identity used everywhere (contact::address_key).
    pub key: String,
    /// The display name, decoded (may be empty).
    pub name: String,
}

/// Reads the header block of a message into an [`Envelope`].
pub fn envelope(headers: &[u8]) -> Envelope {
    let Some(message) = mail_parser::MessageParser::new().parse_headers(headers) else {
        return Envelope::default();
    };
    let boxes = |address: Option<&mail_parser::Address<'_>>| -> Vec<Mailbox> {
        address
            .map(|list| {
                list.iter()
                    .filter_map(|addr| {
                        let written = addr.address.as_deref()?;
                        let address = parse_address(written).ok()?;
                        Some(Mailbox {
                            key: address_key(&address),
                            name: addr
                                .name
                                .as_deref()
                                .map(|name| name.trim().trim_matches(['"', '\'']).trim())
                                .filter(|name| !name.eq_ignore_ascii_case(written.trim()))
                                .map(|name| {
                                    name.chars().take(crate::import::MAX_FIELD_CHARS).collect()
                                })
                                .unwrap_or_default(),
                        })
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut recipients = boxes(message.to());
    recipients.extend(boxes(message.cc()));
    recipients.extend(boxes(message.bcc()));
    // Without a From: header, the Sender: header names who sent it (RFC 5322 3.6.2).
    let from = match boxes(message.from()) {
        from if from.is_empty() => boxes(message.sender()),
        from => from,
    };
    let texts = |name: &'static str| -> Vec<String> {
        message
            .header_values(name)
            .filter_map(|value| value.as_text().map(str::to_string))
            .collect()
    };
    let delivered_to = texts("Delivered-To")
        .iter()
        .filter_map(|text| parse_address(text).ok())
        .map(|address| address_key(&address))
        .collect();
    let sent_label = texts("X-Gmail-Labels").iter().any(|labels| {
        labels
            .split(',')
            .any(|l| l.trim().eq_ignore_ascii_case("sent"))
    });
    let bulk = ["List-Id", "List-Unsubscribe", "List-Post"]
        .iter()
        .any(|name| message.header(*name).is_some())
        || texts("Precedence").iter().any(|p| {
            let p = p.trim();
            ["bulk", "list", "junk"]
                .iter()
                .any(|kind| p.eq_ignore_ascii_case(kind))
        })
        || texts("Auto-Submitted")
            .iter()
            .any(|a| !a.trim().eq_ignore_ascii_case("no"));
    Envelope {
        from,
        recipients,
        bulk,
        date: message
            .date()
            .filter(|date| date.is_valid())
            .map(mail_parser::DateTime::to_timestamp),
        message_id: message.message_id().map(str::to_string),
        delivered_to,
        sent_label,
        subject: message
            .subject()
            .map(|s| s.chars().take(crate::import::MAX_FIELD_CHARS).collect())
            .unwrap_or_default(),
    }
}

/// Reads lines of at most [`MAX_LINE`] bytes (the rest of a longer line is skipped).
struct Lines<R> {
    reader: BufReader<R>,
    /// Bytes read so far.
    offset: u64,
}

impl<R: Read> Lines<R> {
    fn new(reader: R) -> Lines<R> {
        Lines {
            reader: BufReader::with_capacity(CHUNK, reader),
            offset: 0,
        }
    }

    /// The next line (with its line ending) in `line`; false at the end.
    fn next(&mut self, line: &mut Vec<u8>) -> io::Result<bool> {
        line.clear();
        let mut any = false;
        loop {
            let buffer = match self.reader.fill_buf() {
                Ok(buffer) => buffer,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                Err(error) => return Err(error),
            };
            if buffer.is_empty() {
                return Ok(any);
            }
            any = true;
            let (take, done) = match memchr::memchr(b'\n', buffer) {
                Some(at) => (at + 1, true),
                None => (buffer.len(), false),
            };
            let room = MAX_LINE.saturating_sub(line.len());
            line.extend_from_slice(&buffer[..take.min(room)]);
            self.reader.consume(take);
            self.offset += take as u64;
            if done {
                return Ok(true);
            }
        }
    }
}

/// Whether `line` separates messages in an mbox: `From ` at the start of the line, then a sender
/// and a date, which has a time (`22:02`) and a year. Checking the date is what tells a separator
/// from a body line that happens to start with "From " (mboxo archives do not quote those).
pub fn is_envelope(line: &[u8]) -> bool {
    let Some(rest) = line.strip_prefix(b"From ") else {
        return false;
    };
    let rest = String::from_utf8_lossy(rest);
    let mut words = rest.split_ascii_whitespace();
    if words.next().is_none() {
        return false;
    }
    let (mut time, mut year) = (false, false);
    for word in words {
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if let Some((hours, rest)) = word.split_once(':') {
            let minutes = rest.split(':').next().unwrap_or("");
            time |= digits(hours) && hours.len() <= 2 && digits(minutes) && minutes.len() == 2;
        } else if digits(word) && word.len() == 4 {
            year |= matches!(word.parse::<u16>(), Ok(1900..=2199));
        }
    }
    time && year
}

fn is_blank(line: &[u8]) -> bool {
    line.iter().all(u8::is_ascii_whitespace)
}

/// Splits an mbox into messages and hands each message's header block to `visit`, with the line
/// its message starts on. `progress` gets the bytes read so far, now and then. Returns how many
/// messages there were.
///
/// A file that starts with headers rather than a `From ` line is one message (an `.eml` file).
pub fn scan_mbox<R: Read>(
    reader: R,
    visit: &mut dyn FnMut(&[u8], u64),
    progress: &mut dyn FnMut(u64),
) -> io::Result<u64> {
    enum State {
        /// Before the first message.
        Start,
        Headers,
        Body,
    }
    let mut lines = Lines::new(reader);
    let mut line = Vec::with_capacity(256);
    let mut headers: Vec<u8> = Vec::with_capacity(4096);
    let mut state = State::Start;
    let mut messages = 0u64;
    let mut line_number = 0u64;
    let mut message_line = 0u64;
    let mut reported = 0u64;
    while lines.next(&mut line)? {
        line_number += 1;
        if lines.offset - reported >= 64 << 20 {
            reported = lines.offset;
            progress(reported);
        }
        match state {
            State::Start => {
                if is_blank(&line) {
                    continue;
                }
                messages += 1;
                message_line = line_number;
                state = State::Headers;
                // Without a separator, the first line is already a header.
                if !is_envelope(&line) {
                    headers.extend_from_slice(&line);
                }
            }
            State::Headers | State::Body if line.starts_with(b"From ") && is_envelope(&line) => {
                if matches!(state, State::Headers) {
                    visit(&headers, message_line);
                }
                headers.clear();
                messages += 1;
                message_line = line_number;
                state = State::Headers;
            }
            State::Headers => {
                if is_blank(&line) {
                    visit(&headers, message_line);
                    headers.clear();
                    state = State::Body;
                } else if headers.len() + line.len() <= MAX_HEADERS {
                    headers.extend_from_slice(&line);
                }
            }
            State::Body => {}
        }
    }
    if matches!(state, State::Headers) {
        visit(&headers, message_line);
    }
    progress(lines.offset);
    Ok(messages)
}

/// The kinds of mail `import` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MailKind {
    Mbox,
    Maildir,
}

impl MailKind {
    /// As the import summary names it.
    pub fn describe(self) -> &'static str {
        match self {
            MailKind::Mbox => "mail archive (mbox)",
            MailKind::Maildir => "mail folder (Maildir)",
        }
    }

    /// As stored with the import.
    pub fn as_str(self) -> &'static str {
        match self {
            MailKind::Mbox => "mbox",
            MailKind::Maildir => "maildir",
        }
    }
}

/// Whether `folder` is a Maildir (it has `cur` and `new` folders).
pub fn is_maildir(folder: &Path) -> bool {
    folder.join("cur").is_dir() && folder.join("new").is_dir()
}

/// The message files of a Maildir (its `cur` and `new` folders), in a stable order.
pub fn maildir_messages(folder: &Path) -> io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for sub in ["cur", "new"] {
        for entry in std::fs::read_dir(folder.join(sub))? {
            let entry = entry?;
            if entry.file_type()?.is_file() {
                files.push(entry.path());
            }
        }
    }
    files.sort();
    Ok(files)
}

/// The header block of one message file (a Maildir entry).
pub fn message_headers(file: &Path, headers: &mut Vec<u8>) -> io::Result<()> {
    headers.clear();
    let mut lines = Lines::new(std::fs::File::open(file)?);
    let mut line = Vec::new();
    while lines.next(&mut line)? {
        if is_blank(&line) {
            break;
        }
        if headers.len() + line.len() > MAX_HEADERS {
            break;
        }
        headers.extend_from_slice(&line);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(mbox: &[u8]) -> (u64, Vec<String>) {
        let mut subjects = Vec::new();
        let messages = scan_mbox(
            mbox,
            &mut |headers, _| {
                let text = String::from_utf8_lossy(headers);
                subjects.push(
                    text.lines()
                        .find_map(|l| l.strip_prefix("Subject: "))
                        .unwrap_or("")
                        .trim()
                        .to_string(),
                );
            },
            &mut |_| {},
        )
        .expect("reads");
        (messages, subjects)
    }

    #[test]
    fn separators_need_a_date_after_from() {
        assert!(is_envelope(b"From ada@x.org Sat Jan  3 01:05:34 1996\n"));
        assert!(is_envelope(b"From - Fri Aug 24 11:55:47 2018\r\n"));
        assert!(is_envelope(
            b"From magick-owner@unca-don.wizards.dupont.com Wed Feb  9 22:02 MET 2000\n"
        ));
        assert!(!is_envelope(b"From the desk of Ada, 1843\n"));
        assert!(!is_envelope(b"From here at 10:30 we went on\n"));
        assert!(!is_envelope(b" From - Fri Aug 24 11:55:47 2018\n"));
        assert!(!is_envelope(b"From: ada@x.org\n"));
    }

    #[test]
    fn bodies_are_skipped_and_unquoted_from_lines_do_not_split() {
        let mbox = b"From a@x.org Mon Jan  1 10:00:00 2024\nSubject: one\n\nFrom the start, hello.\n>From quoted\n\nFrom b@x.org Tue Jan  2 10:00:00 2024\r\nSubject: two\r\n\r\nbody\r\nFrom c@x.org Wed Jan  3 10:00:00 2024\nSubject: three\n";
        let (messages, subjects) = count(mbox);
        assert_eq!(messages, 3);
        assert_eq!(subjects, ["one", "two", "three"]);
    }

    #[test]
    fn a_single_message_file_is_one_message() {
        let (messages, subjects) = count(b"\nReturn-Path: <a@x.org>\nSubject: eml\n\nbody\n");
        assert_eq!((messages, subjects), (1, vec!["eml".to_string()]));
    }

    #[test]
    fn long_lines_are_read_in_bounded_memory() {
        let mut mbox = b"From a@x.org Mon Jan  1 10:00:00 2024\nSubject: big\n\n".to_vec();
        mbox.extend(std::iter::repeat_n(b'x', 5 * MAX_LINE));
        mbox.extend_from_slice(b"\nFrom b@x.org Tue Jan  2 10:00:00 2024\nSubject: after\n\n");
        assert_eq!(count(&mbox).1, ["big", "after"]);
    }

    #[test]
    fn encoded_names_decode_and_dates_read() {
        let envelope = envelope(
            b"From: =?UTF-8?B?Wm/DqyDDhW5nc3Ryw7Zt?= <Zoe@Optik.example>\r\nTo: \"Ada\" <ada@x.org>, bob@y.org\r\nCc: Team: carol@z.org;\r\nDate: Tue, 2 Jan 2024 10:00:00 +0100\r\n",
        );
        assert_eq!(envelope.from[0].name, "Zoë Ångström");
        assert_eq!(envelope.from[0].key, "zoe@optik.example");
        let keys: Vec<&str> = envelope.recipients.iter().map(|m| m.key.as_str()).collect();
        assert_eq!(keys, ["ada@x.org", "bob@y.org", "carol@z.org"]);
        assert_eq!(envelope.date, Some(1_704_186_000));
    }
}
