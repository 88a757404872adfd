//! The details pane: everything known about the contact under the cursor.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::fit_line;
use crate::action::{Action, Mode};
use crate::config::Theme;
use crate::contact::LinkedIn;
use crate::text::{count, date_of_seconds, date_time_millis, terminal_safe};
use crate::tui::app::App;

/// What mail history and LinkedIn say about a contact, for the details pane.
pub(super) fn evidence(
    contact: &crate::contact::Contact,
    connections: &[crate::store::ConnectionRecord],
) -> Vec<String> {
    let signals = &contact.signals;
    let mut out = Vec::new();
    if signals.sent > 0 || signals.received > 0 {
        let mut mail = format!(
            "mail: {} sent, {} received",
            count(u64::from(signals.sent)),
            count(u64::from(signals.received))
        );
        if let Some(last) = signals.last_contact {
            mail.push_str(&format!(", last {}", date_of_seconds(last)));
        }
        if let Some(first) = contact.evidence.as_ref().and_then(|e| e.first_contact) {
            mail.push_str(&format!(", since {}", &date_of_seconds(first)[..4]));
        }
        out.push(mail);
        if let Some(evidence) = &contact.evidence {
            let quoted = |subjects: &[String]| {
                subjects
                    .iter()
                    .map(|s| format!("\u{201c}{s}\u{201d}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            if !evidence.subjects_sent.is_empty() {
                out.push(format!("you wrote {}", quoted(&evidence.subjects_sent)));
            }
            if !evidence.subjects_received.is_empty() {
                out.push(format!(
                    "they wrote {}",
                    quoted(&evidence.subjects_received)
                ));
            }
            if !evidence.via.is_empty() {
                out.push(format!("via {}", evidence.via.join(", ")));
            }
        }
    }
    match signals.linkedin {
        LinkedIn::Connected => out.push("connected on LinkedIn".into()),
        LinkedIn::ProbablyConnected => out.push(format!(
            "probably connected on LinkedIn: {} (c: not the same person)",
            describe_connections(connections)
        )),
        LinkedIn::NotConnected if signals.not_connected => out.push(format!(
            "not the LinkedIn connection {}, you said (c takes it back)",
            describe_connections(connections)
        )),
        LinkedIn::NotConnected => {}
    }
    if signals.invited {
        out.push("invited on LinkedIn".into());
    }
    if signals.exported {
        out.push("exported before".into());
    }
    out
}

/// A source as the details pane names it, with what it says of the person besides names and
/// addresses: `phone.vcf:#3 (note "Met at PyCon 2023"; Coworkers; phone)`.
pub(super) fn said_by(source: &crate::store::Source) -> String {
    let mut said: Vec<String> = Vec::new();
    if let Some(note) = &source.note {
        said.push(format!("note \"{}\"", crate::text::single_line(note)));
    }
    if !source.labels.is_empty() {
        said.push(source.labels.join(", "));
    }
    if source.phone {
        said.push("phone".into());
    }
    let mut text = source.short();
    if !said.is_empty() {
        text.push_str(&format!(" ({})", said.join("; ")));
    }
    terminal_safe(&text).into_owned()
}

/// The connections a name matched, as the details pane names them: name, position and
/// company, when connected.
fn describe_connections(connections: &[crate::store::ConnectionRecord]) -> String {
    if connections.is_empty() {
        return "a connection has the same name".into();
    }
    connections
        .iter()
        .map(|c| {
            let mut text =
                crate::contact::join_words([c.first_name.as_str(), c.last_name.as_str()]);
            let role: Vec<&str> = [c.position.as_str(), c.company.as_str()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect();
            if !role.is_empty() {
                text.push_str(&format!(", {}", role.join(" at ")));
            }
            if !c.connected_on.is_empty() {
                text.push_str(&format!(", connected {}", c.connected_on));
            }
            terminal_safe(&text).into_owned()
        })
        .collect::<Vec<_>>()
        .join("; ")
}

pub(super) fn render_details(
    buffer: &mut Buffer,
    area: Rect,
    screen: Rect,
    app: &App,
    theme: &Theme,
) {
    // The separator joins the outer border: ├ details ───┤
    let y = area.y;
    let rule = format!(
        "├{}┤",
        "─".repeat(usize::from(screen.width.saturating_sub(2)))
    );
    buffer.set_string(screen.x, y, rule, theme.border);
    let Some(contact) = app.current() else {
        buffer.set_string(screen.x + 2, y, " details ", theme.title);
        return;
    };
    if app.view() == crate::config::View::Duplicates
        && let Some(group) = app.group_of(contact.id)
    {
        render_group(buffer, area, screen, app, theme, group);
        return;
    }
    buffer.set_string(screen.x + 2, y, " details ", theme.title);
    let details = app.details();
    let label = |text: &str| Span::styled(format!("{text:<9}"), theme.dim);
    // The address exports use first; with several, it says so (p chooses another).
    let mut addresses = contact
        .addresses_preferred_first()
        .iter()
        .map(|a| terminal_safe(a).into_owned())
        .collect::<Vec<_>>();
    if addresses.len() > 1 {
        addresses[0].push_str(" (export address)");
    }
    let addresses = addresses.join(", ");
    let mut who = vec![label("email"), Span::raw(addresses)];
    if !contact.title().is_empty() || !contact.organization.is_empty() {
        let role = [contact.title(), contact.organization.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .map(|s| terminal_safe(s).into_owned())
            .collect::<Vec<_>>()
            .join(", ");
        who.push(Span::styled(format!(" · {role}"), theme.dim));
    }
    let sources = details
        .sources
        .iter()
        .map(said_by)
        .collect::<Vec<_>>()
        .join(", ");
    let note = if contact.note().is_empty() {
        vec![Span::styled(
            "(none; n to write how you know each other)",
            theme.dim,
        )]
    } else {
        // A search that matched the note shows where (the note is not a column).
        let matched = app.highlights(contact.id).map(|h| h.note.as_slice());
        highlighted(&contact.note().replace('\n', " "), matched, theme.highlight)
    };
    let history = if details.history.is_empty() {
        Span::styled("not marked yet", theme.dim)
    } else {
        let recent: Vec<String> = details
            .history
            .iter()
            .rev()
            .take(3)
            .map(|h| {
                format!(
                    "{} → {} ({})",
                    h.old.label(),
                    h.new.label(),
                    date_time_millis(h.at)
                )
            })
            .collect();
        Span::raw(recent.join(" · "))
    };
    let mut note_line = vec![label("note")];
    note_line.extend(note);
    let from = vec![label("from"), Span::raw(sources)];
    // Mail and LinkedIn on a line of their own: a long note from an address book on the
    // sources' line must not push them out of a small pane.
    let said = evidence(contact, &details.connections);
    let mut lines = vec![Line::from(who), Line::from(from)];
    if !said.is_empty() {
        lines.push(Line::from(vec![
            label("evidence"),
            Span::styled(said.join(" · "), theme.dim),
        ]));
    }
    lines.push(Line::from(note_line));
    lines.push(Line::from(vec![label("history"), history]));
    let history_line = lines.len() - 1;
    if contact.needs_review {
        // First on its line: the reason this contact is asked about again must not be cut.
        lines[history_line].spans.insert(
            1,
            Span::styled(
                if contact.verdict == crate::contact::Verdict::Unreviewed {
                    // Not marked yet: "since it was marked" would say it was.
                    "merged or split: look again · "
                } else {
                    "merged or split since it was marked: look again · "
                },
                theme.needs_review,
            ),
        );
    }
    if let Some(suggestion) = app.suggestion(contact) {
        let accept = app
            .keymap()
            .keys_for(Mode::Normal, Action::AcceptSuggestions)
            .into_iter()
            .next()
            .map(|key| format!("; {key} accepts"))
            .unwrap_or_default();
        lines[history_line].spans.push(Span::styled(
            format!(
                " · suggested: {} ({}{accept})",
                suggestion.verdict.label(),
                suggestion.reason.describe()
            ),
            theme.key,
        ));
    }
    let text_area = Rect::new(
        area.x + 1,
        y + 1,
        area.width.saturating_sub(2),
        area.height.saturating_sub(1),
    );
    let shown = fit_lines(lines, usize::from(text_area.width), text_area.height);
    ratatui::widgets::Widget::render(Paragraph::new(shown), text_area, buffer);
}

/// A group of possible duplicates side by side, a column each: name, verdict, addresses,
/// organization, mail, sources; the keys that settle it in the pane's title.
fn render_group(
    buffer: &mut Buffer,
    area: Rect,
    screen: Rect,
    app: &App,
    theme: &Theme,
    group: &crate::duplicates::Group,
) {
    let keys = |action: Action| {
        app.keymap()
            .keys_for(Mode::Normal, action)
            .into_iter()
            .next()
            .unwrap_or_else(|| action.name().to_string())
    };
    // The keys first: at 80 columns the reason may not fit.
    let title = format!(
        " {} merge · {} keep apart · {} split · possible duplicates: {} ",
        keys(Action::Merge),
        keys(Action::KeepApart),
        keys(Action::Split),
        group.reason.describe()
    );
    let room = usize::from(screen.width.saturating_sub(4));
    buffer.set_string(
        screen.x + 2,
        area.y,
        super::truncate(&title, room),
        theme.title,
    );
    let members: Vec<&crate::contact::Contact> = group
        .contacts
        .iter()
        .filter_map(|id| app.contact(*id))
        .collect();
    let inner = area.width.saturating_sub(2);
    let columns = members.len().max(1) as u16;
    let column_width = inner / columns;
    let sources = &app.details().group_sources;
    let current = app.current().map(|c| c.id);
    for (n, contact) in members.iter().enumerate() {
        let x = area.x + 1 + column_width * n as u16;
        let width = usize::from(column_width.saturating_sub(2));
        let mail = if contact.signals.sent > 0 || contact.signals.received > 0 {
            format!(
                "mail {} sent, {} received",
                count(u64::from(contact.signals.sent)),
                count(u64::from(contact.signals.received))
            )
        } else {
            "no mail".to_string()
        };
        let role = [contact.title(), contact.organization.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
        let from = sources
            .get(n)
            .map(|s| s.iter().map(|s| s.short()).collect::<Vec<_>>().join(", "))
            .unwrap_or_default();
        let verdict_style = match contact.verdict {
            crate::contact::Verdict::KnowWell => theme.know_well,
            crate::contact::Verdict::Vaguely => theme.vaguely,
            crate::contact::Verdict::DontKnow => theme.dont_know,
            crate::contact::Verdict::Unreviewed => theme.unreviewed,
        };
        let name_style = if Some(contact.id) == current {
            theme.cursor
        } else {
            theme.title
        };
        // The first address in full, and how many more (the column is narrow); the sources
        // before organization and mail, which a 24-row screen may not reach.
        let addresses = match (contact.addresses.first(), contact.addresses.len()) {
            (None, _) => String::new(),
            (Some(one), 1) => one.to_string(),
            (Some(first), n) => format!("{first} +{}", n - 1),
        };
        let organization = if role.is_empty() {
            "no organization".to_string()
        } else {
            role
        };
        let cells = [
            (contact.name.to_string(), name_style),
            (contact.verdict.label().to_string(), verdict_style),
            (addresses, Style::new()),
            (format!("from {from}"), theme.dim),
            (organization, theme.dim),
            (mail, theme.dim),
        ];
        for (row, (text, style)) in cells.into_iter().enumerate() {
            let y = area.y + 1 + row as u16;
            if y >= area.y + area.height {
                break;
            }
            // An address keeps its count of the others when it is cut.
            let text = match text.rsplit_once(" +") {
                Some((address, more)) if row == 2 && more.chars().all(|c| c.is_ascii_digit()) => {
                    let tail = format!(" +{more}");
                    let room = width.saturating_sub(tail.chars().count());
                    format!("{}{tail}", super::truncate(&terminal_safe(address), room))
                }
                _ => super::truncate(&terminal_safe(&text), width),
            };
            buffer.set_string(x, y, text, style);
        }
    }
}

/// `text` (terminal-safe) with the graphemes at `matched` in `style`.
fn highlighted<'a>(text: &str, matched: Option<&[usize]>, style: Style) -> Vec<Span<'a>> {
    let safe = terminal_safe(text);
    // Positions index the original text; if neutralising changed it, show it plain.
    let matched = match matched {
        Some(m) if !m.is_empty() && matches!(safe, std::borrow::Cow::Borrowed(_)) => m,
        _ => return vec![Span::raw(safe.into_owned())],
    };
    let mut spans: Vec<Span<'a>> = Vec::new();
    for (index, grapheme) in safe.graphemes(true).enumerate() {
        let span_style = if matched.binary_search(&index).is_ok() {
            style
        } else {
            Style::new()
        };
        match spans.last_mut() {
            Some(last) if last.style == span_style => last.content.to_mut().push_str(grapheme),
            _ => spans.push(Span::styled(grapheme.to_string(), span_style)),
        }
    }
    spans
}

/// Where a label's value starts: continuation lines are indented to it.
const INDENT: usize = 9;

/// The pane's lines wrapped to `width` (continuations indented under the value), fitted into
/// `height` lines: each line gets one, then the note, the addresses and the rest get more in
/// that order, and a line that still does not fit ends with `…`.
fn fit_lines(lines: Vec<Line<'_>>, width: usize, height: u16) -> Vec<Line<'static>> {
    let wrapped: Vec<Vec<Line<'static>>> =
        lines.iter().map(|line| wrap_line(line, width)).collect();
    let mut given = vec![1usize; wrapped.len()];
    let mut room = usize::from(height).saturating_sub(wrapped.len());
    // Note, history, email, from: what the user wrote and decided, then who, then where from.
    for index in [2, 3, 0, 1] {
        if let Some(lines) = wrapped.get(index) {
            let more = lines.len().saturating_sub(1).min(room);
            given[index] += more;
            room -= more;
        }
    }
    let mut out = Vec::new();
    for ((mut lines, take), original) in wrapped.into_iter().zip(given).zip(&lines) {
        let cut = lines.len() > take;
        if cut && take == 1 {
            // On one line, cut where the width ends rather than at the last whole word.
            out.push(owned(fit_line(original.clone(), width)));
            continue;
        }
        lines.truncate(take);
        if cut && let Some(last) = lines.pop() {
            out.extend(lines);
            let mut spans = last.spans;
            // Room for the ellipsis at the end of the last line shown.
            let kept = fit_line(Line::from(spans.clone()), width.saturating_sub(1));
            spans = kept.spans;
            spans.push(Span::raw("…"));
            out.push(Line::from(spans));
        } else {
            out.extend(lines);
        }
    }
    out
}

fn owned(line: Line<'_>) -> Line<'static> {
    Line::from(
        line.spans
            .into_iter()
            .map(|span| Span::styled(span.content.into_owned(), span.style))
            .collect::<Vec<_>>(),
    )
}

/// One styled line broken into lines of `width` columns, at spaces where it can; lines after
/// the first start under the value (after the label).
fn wrap_line(line: &Line<'_>, width: usize) -> Vec<Line<'static>> {
    let width = width.max(INDENT + 8);
    let mut out: Vec<Vec<Span<'static>>> = vec![Vec::new()];
    let mut used = 0;
    // (grapheme, style) pairs, broken into words that keep their trailing space.
    let mut word: Vec<(String, Style)> = Vec::new();
    let mut word_width = 0;
    let push = |out: &mut Vec<Vec<Span<'static>>>, grapheme: &str, style: Style| {
        let line = out.last_mut().expect("a line");
        match line.last_mut() {
            Some(last) if last.style == style => last.content.to_mut().push_str(grapheme),
            _ => line.push(Span::styled(grapheme.to_string(), style)),
        }
    };
    let flush = |out: &mut Vec<Vec<Span<'static>>>,
                 word: &mut Vec<(String, Style)>,
                 word_width: &mut usize,
                 used: &mut usize| {
        if *used + *word_width > width && *used > INDENT {
            out.push(vec![Span::raw(" ".repeat(INDENT))]);
            *used = INDENT;
        }
        for (grapheme, style) in word.drain(..) {
            let w = grapheme.width();
            if *used + w > width {
                out.push(vec![Span::raw(" ".repeat(INDENT))]);
                *used = INDENT;
            }
            push(out, &grapheme, style);
            *used += w;
        }
        *word_width = 0;
    };
    for span in &line.spans {
        for grapheme in span.content.graphemes(true) {
            word.push((grapheme.to_string(), span.style));
            word_width += grapheme.width();
            if grapheme == " " {
                flush(&mut out, &mut word, &mut word_width, &mut used);
            }
        }
    }
    flush(&mut out, &mut word, &mut word_width, &mut used);
    out.into_iter().map(Line::from).collect()
}
