//! LinkedIn's data export: `Connections.csv` (people already connected) and `Invitations.csv`.

use ::csv::StringRecord;

use super::header::{LineAt, Role, header_key, reader, split_line};
use super::{LineCounter, cell, record};
use crate::contact::Location;
use crate::import::{Format, Parsed};
use crate::text::single_line;

/// A person from a LinkedIn `Connections.csv`: already connected, so never to be invited.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Connection {
    pub location: Location,
    pub first_name: String,
    pub last_name: String,
    /// Most exports leave this empty: LinkedIn only includes addresses members chose to share.
    pub address: Option<String>,
    pub company: String,
    pub position: String,
    pub connected_on: String,
}

/// One row of LinkedIn's `Invitations.csv`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invitation {
    pub location: Location,
    /// The inviter's name as LinkedIn wrote it (`From`): the user, or someone who invited them.
    pub from: String,
    /// The invitee's name as LinkedIn wrote it (`To`).
    pub to: String,
    /// As written (`1/29/26, 2:37 PM`).
    pub sent_at: String,
    pub message: String,
    /// Sent by the user (`OUTGOING`), not to them.
    pub outgoing: bool,
    /// The invitee's profile (newer exports only), where the invitation can be withdrawn.
    pub invitee_url: String,
    /// The inviter's profile (newer exports only), where an invitation can be accepted.
    pub inviter_url: String,
}

impl Invitation {
    /// The other person: whom the user invited, or who invited the user.
    pub fn other(&self) -> &str {
        if self.outgoing { &self.to } else { &self.from }
    }
}

/// LinkedIn's `Invitations.csv`: `From,To,Sent At,Message,Direction[,...]`.
pub(super) fn is_invitations_header(line: &str) -> bool {
    let keys: Vec<String> = split_line(line, b',')
        .iter()
        .map(|c| header_key(c))
        .collect();
    keys.iter().any(|k| k == "direction") && keys.iter().any(|k| k == "sentat")
}

/// LinkedIn's `Invitations.csv`, from its header row on: who was invited, when, and which way.
pub(super) fn invitations(text: &str, header: &LineAt<'_>, encoding: String) -> Parsed {
    let keys: Vec<String> = split_line(header.text, b',')
        .iter()
        .map(|c| header_key(c))
        .collect();
    let column = |name: &str| keys.iter().position(|k| k == name);
    let (from, to, sent_at, message, direction) = (
        column("from"),
        column("to"),
        column("sentat"),
        column("message"),
        column("direction"),
    );
    let (invitee_url, inviter_url) = (column("inviteeprofileurl"), column("inviterprofileurl"));
    let mut parsed = Parsed::new(Format::LinkedInInvitations, encoding, None);
    let body = &text[header.offset..];
    let mut lines = LineCounter::new(body, header.number);
    for row in reader(body, b',').into_records().skip(1) {
        let Ok(row) = row else { break };
        if row.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        let cell = |at: Option<usize>| {
            at.and_then(|i| row.get(i))
                .map(|v| single_line(v.trim()))
                .unwrap_or_default()
        };
        let location = Location::line(
            lines.line_at(
                row.position()
                    .map_or(0, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX)),
            ),
        );
        parsed.records_read += 1;
        parsed.invitations.push(Invitation {
            location,
            from: cell(from),
            to: cell(to),
            sent_at: cell(sent_at),
            message: cell(message),
            outgoing: cell(direction).eq_ignore_ascii_case("outgoing"),
            invitee_url: cell(invitee_url),
            inviter_url: cell(inviter_url),
        });
    }
    parsed
}

pub(super) fn connection(
    parsed: &mut Parsed,
    row: &StringRecord,
    roles: &[Role],
    location: Location,
) -> Connection {
    let (record, _) = record(parsed, row, roles, location);
    let connected_on = roles
        .iter()
        .position(|r| *r == Role::ConnectedOn)
        .map(|c| cell(row, c).to_string())
        .unwrap_or_default();
    Connection {
        location,
        first_name: record.given_name,
        last_name: record.family_name,
        address: record.addresses.into_iter().next(),
        company: record.organization,
        position: record.title,
        connected_on,
    }
}
