//! The details pane: everything known about the contact under the cursor.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::fit_line;
use crate::action::{Action, Mode};
use crate::config::Theme;
use crate::contact::LinkedIn;
use crate::text::{count, date_of_seconds, date_time_millis, terminal_safe};
use crate::tui::app::App;

/// What mail history and LinkedIn say about a contact, for the details pane.
pub(super) fn evidence(contact: &crate::contact::Contact) -> Vec<String> {
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
        out.push(mail);
    }
    match signals.linkedin {
        LinkedIn::Connected => out.push("connected on LinkedIn".into()),
        LinkedIn::ProbablyConnected => {
            out.push("probably connected on LinkedIn (same name)".into());
        }
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
    buffer.set_string(screen.x + 2, y, " details ", theme.title);
    let Some(contact) = app.current() else {
        return;
    };
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
    if !contact.title.is_empty() || !contact.organization.is_empty() {
        let role = [contact.title.as_str(), contact.organization.as_str()]
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
        .map(|s| terminal_safe(&s.short()).into_owned())
        .collect::<Vec<_>>()
        .join(", ");
    let note = if contact.note.is_empty() {
        Span::styled("(none; n to write how you know each other)", theme.dim)
    } else {
        Span::raw(terminal_safe(&contact.note.replace('\n', " ")).into_owned())
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
    let mut from = vec![label("from"), Span::raw(sources)];
    for evidence in evidence(contact) {
        from.push(Span::styled(format!(" · {evidence}"), theme.dim));
    }
    let mut lines = vec![
        Line::from(who),
        Line::from(from),
        Line::from(vec![label("note"), note]),
        Line::from(vec![label("history"), history]),
    ];
    if contact.needs_review {
        lines[3].spans.push(Span::styled(
            " · merged from contacts marked differently: look again",
            theme.needs_review,
        ));
    }
    if let Some(suggestion) = app.suggestion(contact) {
        let accept = app
            .keymap()
            .keys_for(Mode::Normal, Action::AcceptSuggestions)
            .into_iter()
            .next()
            .map(|key| format!("; {key} accepts"))
            .unwrap_or_default();
        lines[3].spans.push(Span::styled(
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
    let lines: Vec<Line<'_>> = lines
        .into_iter()
        .map(|line| fit_line(line, usize::from(text_area.width)))
        .collect();
    ratatui::widgets::Widget::render(Paragraph::new(lines), text_area, buffer);
}
