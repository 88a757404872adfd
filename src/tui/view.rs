//! Rendering: pure functions from `&App` to the frame. Nothing here changes state.
//!
//! Only the rows on screen are built, so a frame costs the same at 100 contacts and at a million.
//! Every string that came from a file passes through `terminal_safe` on its way to the buffer.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout as Split, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Borders, Cell, Clear, Paragraph, Row, Table, Wrap};
use unicode_width::UnicodeWidthStr;

use super::app::{App, Modal, Status};
use crate::action::{Action, Mode};
use crate::config::Theme;
use crate::config::{Column, View};
use crate::contact::LinkedIn;
use crate::contact::Verdict;
use crate::export::ExportKind;
use crate::text::{count, date_of_seconds, date_time_millis, terminal_safe};

/// The smallest screen vetted draws on.
pub const MIN_SIZE: (u16, u16) = (80, 24);

/// Lines the details pane takes, with its separator.
const DETAILS_HEIGHT: u16 = 5;

/// Where each part of the screen goes; shared with `update`, which maps clicks to rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layout {
    pub frame: Rect,
    pub tabs: Rect,
    /// The table, its first line being the column header. `None` when the screen is too small.
    pub table: Option<Rect>,
    pub details: Option<Rect>,
}

pub fn layout(size: (u16, u16), show_details: bool) -> Layout {
    let frame = Rect::new(0, 0, size.0, size.1);
    if size.0 < MIN_SIZE.0 || size.1 < MIN_SIZE.1 {
        return Layout {
            frame,
            tabs: Rect::default(),
            table: None,
            details: None,
        };
    }
    let inner = Rect::new(1, 1, size.0 - 2, size.1 - 2);
    let details_height = if show_details { DETAILS_HEIGHT } else { 0 };
    let [tabs, table, details] = Split::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(details_height),
    ])
    .areas(inner);
    Layout {
        frame,
        tabs,
        table: Some(table),
        details: show_details.then_some(details),
    }
}

pub fn render(frame: &mut Frame<'_>, app: &App, theme: &Theme) {
    let area = frame.area();
    let layout = layout((area.width, area.height), app.show_details());
    let Some(table) = layout.table else {
        too_small(frame, area, theme);
        return;
    };
    frame.render_widget(outer_block(app, theme), area);
    match app.search() {
        Some(search) => render_search_bar(frame, layout.tabs, app, theme, search),
        None => frame.render_widget(tabs_line(app, theme, layout.tabs.width), layout.tabs),
    }
    render_table(frame.buffer_mut(), table, app, theme);
    if let Some(details) = layout.details {
        render_details(frame.buffer_mut(), details, area, app, theme);
    }
    match app.modal() {
        Modal::None => {}
        Modal::Help { scroll } => render_help(frame, area, app, theme, *scroll),
        Modal::ConfirmMark(pending) => {
            let lines = vec![
                Line::from(pending.question.clone()),
                Line::from(""),
                hint_line(
                    app,
                    theme,
                    &[(Action::Confirm, "yes"), (Action::Cancel, "no")],
                ),
            ];
            let width = (pending.question.width() + 4).clamp(50, 100) as u16;
            dialog(frame, area, "Confirm", lines, theme, width);
        }
        Modal::Export(preview) => render_export(frame, area, app, theme, preview),
        Modal::Note { editor, .. } => {
            let name = app
                .current()
                .map(|c| terminal_safe(&c.name).into_owned())
                .unwrap_or_default();
            let width = 64.min(area.width.saturating_sub(4));
            let rect = centered(area, width, 7);
            clear_for(frame, rect);
            let block = Block::bordered()
                .border_style(theme.border)
                .title_top(Line::styled(
                    format!(" Note: how you know {name} "),
                    theme.title,
                ))
                .title_bottom(hint_line(
                    app,
                    theme,
                    &[(Action::SaveNote, "save"), (Action::Cancel, "cancel")],
                ));
            let inner = block.inner(rect);
            frame.render_widget(block, rect);
            frame.render_widget(editor.as_ref(), inner);
        }
    }
}

fn too_small(frame: &mut Frame<'_>, area: Rect, theme: &Theme) {
    let text = Text::from(vec![
        Line::styled("vetted needs a bigger window", theme.title),
        Line::from(format!(
            "at least {}×{}; this one is {}×{}",
            MIN_SIZE.0, MIN_SIZE.1, area.width, area.height
        )),
        Line::from("Enlarge it, or press q to quit."),
    ]);
    let height = 3.min(area.height);
    let y = area.y + area.height.saturating_sub(height) / 2;
    let rect = Rect::new(area.x, y, area.width, height);
    frame.render_widget(
        Paragraph::new(text)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        rect,
    );
}

fn gauge(fraction: f64, width: usize) -> String {
    let filled = ((fraction * width as f64).round() as usize).min(width);
    format!("{}{}", "█".repeat(filled), "░".repeat(width - filled))
}

fn outer_block<'a>(app: &'a App, theme: &Theme) -> Block<'a> {
    let total = app.total();
    let reviewed = app.reviewed();
    let fraction = if total == 0 {
        0.0
    } else {
        reviewed as f64 / total as f64
    };
    let mut progress = vec![
        Span::raw(" "),
        Span::raw(format!(
            "{}/{} reviewed ",
            count(reviewed as u64),
            count(total as u64)
        )),
        Span::styled(gauge(fraction, 12), theme.gauge),
        Span::raw(format!(" {}%", (fraction * 100.0).floor() as u64)),
    ];
    if let Some(rate) = app.marks_per_minute() {
        progress.push(Span::raw(format!(" · {rate}/min")));
    }
    progress.push(Span::raw(" "));
    Block::bordered()
        .border_style(theme.border)
        .title_top(Line::from(vec![
            Span::raw(" "),
            Span::styled("vetted", theme.title),
            Span::raw(format!(" · {} ", terminal_safe(app.title()))),
            Span::styled(
                if app.selected_count() > 0 {
                    format!("· {} selected ", count(app.selected_count() as u64))
                } else {
                    String::new()
                },
                theme.selected,
            ),
        ]))
        .title_top(Line::from(progress).right_aligned())
        .title_bottom(footer(app, theme))
}

/// The footer: a status message when there is one, else the main keys, from the live keymap.
fn footer<'a>(app: &App, theme: &Theme) -> Line<'a> {
    if let Some(status) = app.status() {
        let (text, style) = match status {
            Status::Info(text) => (text, theme.info),
            Status::Error(text) => (text, theme.error),
        };
        return Line::from(vec![
            Span::raw(" "),
            Span::styled(terminal_safe(text).into_owned(), style),
            Span::raw(" "),
        ]);
    }
    if !app.pending_keys().is_empty() {
        let typed: Vec<String> = app.pending_keys().iter().map(ToString::to_string).collect();
        return Line::from(vec![
            Span::raw(" "),
            Span::styled(format!("{} …", typed.join(" ")), theme.key),
            Span::raw(" "),
        ]);
    }
    let mut items = vec![
        (Action::MarkKnowWell, "know well"),
        (Action::MarkVaguely, "vaguely"),
        (Action::MarkDontKnow, "don't know"),
        (Action::Undo, "undo"),
        (Action::Search, "search"),
        (Action::EditNote, "note"),
        (Action::Export, "export"),
        (Action::Help, "help"),
    ];
    // On narrow screens, drop the least needed hints; help always stays.
    let fits = |line: &Line<'_>| line.width() + 4 <= usize::from(app.size().0);
    for drop in [
        Action::EditNote,
        Action::Export,
        Action::Search,
        Action::Undo,
    ] {
        if fits(&hint_line(app, theme, &items)) {
            break;
        }
        items.retain(|(action, _)| *action != drop);
    }
    hint_line(app, theme, &items)
}

/// `1 know well  2 vaguely ...`: each action with its first key in the current mode.
fn hint_line<'a>(app: &App, theme: &Theme, items: &[(Action, &str)]) -> Line<'a> {
    mode_hint_line(app, app.mode(), theme, items)
}

/// Like [`hint_line`], with the keys of a given mode.
fn mode_hint_line<'a>(app: &App, mode: Mode, theme: &Theme, items: &[(Action, &str)]) -> Line<'a> {
    let mut spans = vec![Span::raw(" ")];
    for (action, label) in items {
        let Some(key) = app.keymap().keys_for(mode, *action).into_iter().next() else {
            continue;
        };
        if spans.len() > 1 {
            spans.push(Span::raw("  "));
        }
        spans.push(Span::styled(key, theme.key));
        spans.push(Span::raw(format!(" {label}")));
    }
    if spans.len() == 1 {
        return Line::default();
    }
    spans.push(Span::raw(" "));
    Line::from(spans)
}

fn tabs_line<'a>(app: &App, theme: &Theme, width: u16) -> Line<'a> {
    let mut spans = Vec::new();
    let mut used = 0;
    for view in View::ALL {
        let label = format!(" {} {} ", view.label(), count(app.view_count(view) as u64));
        used += label.width() + 1;
        let style = if view == app.view() {
            theme.tab_active
        } else {
            theme.tab
        };
        spans.push(Span::styled(label, style));
        spans.push(Span::raw(" "));
    }
    // The sort order, as long as it fits.
    let sort = app.sort();
    let available = usize::from(width).saturating_sub(used);
    let right = [
        format!("sort: {} ", sort.label()),
        format!("sort: {} ", sort.short_label()),
        format!("{} ", sort.short_label()),
    ]
    .into_iter()
    .find(|text| text.width() <= available)
    .unwrap_or_default();
    spans.push(Span::raw(
        " ".repeat(available.saturating_sub(right.width())),
    ));
    spans.push(Span::styled(right, theme.dim));
    Line::from(spans)
}

/// The search box (while typing) or the kept filter, in place of the tabs.
fn render_search_bar(
    frame: &mut Frame<'_>,
    area: Rect,
    app: &App,
    theme: &Theme,
    search: &super::app::SearchState,
) {
    let matches = if search.searching() {
        "searching…".to_string()
    } else {
        format!("{} in {}", plural_matches(app.rows()), app.view().label())
    };
    let hints = if search.editing {
        mode_hint_line(
            app,
            Mode::Search,
            theme,
            &[(Action::AcceptSearch, "keep"), (Action::Cancel, "clear")],
        )
    } else {
        mode_hint_line(
            app,
            Mode::Normal,
            theme,
            &[
                (Action::Search, "edit"),
                (Action::SelectAll, "select all"),
                (Action::Cancel, "clear"),
            ],
        )
    };
    let prefix = if search.editing { "/ " } else { "filter: " };
    let right = format!(" {matches}");
    let right_width = right.width() + hints.width();
    let room = usize::from(area.width)
        .saturating_sub(prefix.width() + right_width + 1)
        .max(8);
    let value = terminal_safe(search.input.value()).into_owned();
    let scroll = search.input.visual_scroll(room);
    let shown: String = value.chars().skip(scroll).collect();
    let shown = truncate(&shown, room);
    let mut spans = vec![
        Span::styled(prefix, theme.key),
        Span::styled(shown.clone(), theme.search),
    ];
    let used = prefix.width() + shown.width();
    spans.push(Span::raw(" ".repeat(
        usize::from(area.width).saturating_sub(used + right_width),
    )));
    spans.push(Span::styled(right, theme.dim));
    spans.extend(hints.spans);
    frame.render_widget(Line::from(spans), area);
    if search.editing {
        let cursor = (search.input.visual_cursor().saturating_sub(scroll)).min(room);
        frame.set_cursor_position((area.x + prefix.width() as u16 + cursor as u16, area.y));
    }
}

fn plural_matches(n: usize) -> String {
    crate::text::plural(n as u64, "match", "matches")
}

/// A table cell with the matched graphemes highlighted, cut to `width` with `…`.
fn highlighted_cell<'a>(
    text: &str,
    matched: Option<&Vec<usize>>,
    width: usize,
    style: Style,
) -> Line<'a> {
    let safe = terminal_safe(text);
    let cut = truncate(&safe, width);
    // Highlights index the original text; if neutralising changed it, show it plain.
    let matched = match matched {
        Some(positions)
            if !positions.is_empty() && matches!(safe, std::borrow::Cow::Borrowed(_)) =>
        {
            positions
        }
        _ => return Line::from(cut),
    };
    let mut spans: Vec<Span<'a>> = Vec::new();
    for (index, grapheme) in
        unicode_segmentation::UnicodeSegmentation::graphemes(cut.as_str(), true).enumerate()
    {
        let hit = matched.binary_search(&index).is_ok() && grapheme != "…";
        let span_style = if hit { style } else { Style::new() };
        match spans.last_mut() {
            Some(last) if last.style == span_style => last.content.to_mut().push_str(grapheme),
            _ => spans.push(Span::styled(grapheme.to_string(), span_style)),
        }
    }
    Line::from(spans)
}

/// A count, right-aligned; nothing for zero.
fn number_cell(n: u32) -> Line<'static> {
    match n {
        0 => Line::from(""),
        n => Line::from(count(u64::from(n))).alignment(Alignment::Right),
    }
}

/// The verdict's mark; `!` to look at again, `?` for a suggestion (the details pane says which).
fn badge(verdict: Verdict, needs_review: bool, suggested: bool, theme: &Theme) -> Span<'static> {
    if needs_review {
        return Span::styled("!", theme.needs_review);
    }
    if suggested {
        return Span::styled("?", theme.key);
    }
    match verdict {
        Verdict::KnowWell => Span::styled("✓", theme.know_well),
        Verdict::Vaguely => Span::styled("~", theme.vaguely),
        Verdict::DontKnow => Span::styled("✗", theme.dont_know),
        Verdict::Unreviewed => Span::styled("·", theme.unreviewed),
    }
}

fn render_table(buffer: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
    let visible_rows = usize::from(area.height.saturating_sub(1));
    if app.rows() == 0 {
        let message = if app.total() == 0 {
            "No contacts yet. Quit and import an address book: vetted import FILE"
        } else {
            "No contacts in this view."
        };
        let rect = Rect::new(area.x, area.y + area.height / 2, area.width, 1);
        ratatui::widgets::Widget::render(
            Paragraph::new(Line::styled(message, theme.dim)).alignment(Alignment::Center),
            rect,
            buffer,
        );
        return;
    }
    let shown = &app.columns();
    let mut widths = vec![Constraint::Length(2), Constraint::Fill(3)];
    widths.extend(shown.iter().map(|column| match column {
        Column::Email => Constraint::Fill(4),
        Column::Organization | Column::Title => Constraint::Fill(3),
        Column::Sent | Column::Received => Constraint::Length(4),
        Column::LastContact => Constraint::Length(10),
    }));
    widths.push(Constraint::Length(1));
    let areas = Split::horizontal(widths.clone()).spacing(1).split(area);
    let width = |at: usize| usize::from(areas[at].width);
    let first = app.offset();
    let last = (first + visible_rows).min(app.rows());
    let rows: Vec<Row<'_>> = (first..last)
        .filter_map(|position| {
            let contact = app.row(position)?;
            let is_cursor = position == app.cursor();
            let selected = app.is_selected(contact.id);
            let marker = match (is_cursor, selected) {
                (true, true) => "▶●",
                (true, false) => "▶ ",
                (false, true) => " ●",
                (false, false) => "  ",
            };
            let highlights = app.highlights(contact.id);
            let mut cells = vec![
                Cell::from(Span::styled(marker, theme.selected)),
                Cell::from(highlighted_cell(
                    &contact.name,
                    highlights.map(|h| &h.name),
                    width(1),
                    theme.highlight,
                )),
            ];
            for (at, column) in shown.iter().enumerate() {
                let room = width(at + 2);
                cells.push(Cell::from(match column {
                    Column::Email => {
                        // The preferred address, and how many more: the count survives
                        // truncation.
                        let more = if contact.addresses.len() > 1 {
                            format!(" +{}", contact.addresses.len() - 1)
                        } else {
                            String::new()
                        };
                        let mut address = highlighted_cell(
                            contact.preferred_address(),
                            highlights.map(|h| &h.address),
                            room.saturating_sub(more.width()),
                            theme.highlight,
                        );
                        address.spans.push(Span::raw(more));
                        address
                    }
                    Column::Organization => highlighted_cell(
                        &contact.organization,
                        highlights.map(|h| &h.organization),
                        room,
                        theme.highlight,
                    ),
                    Column::Title => highlighted_cell(&contact.title, None, room, theme.highlight),
                    Column::Sent => number_cell(contact.signals.sent),
                    Column::Received => number_cell(contact.signals.received),
                    Column::LastContact => Line::from(
                        contact
                            .signals
                            .last_contact
                            .map(date_of_seconds)
                            .unwrap_or_default(),
                    ),
                }));
            }
            let suggested = app.suggestion(contact).is_some();
            cells.push(Cell::from(badge(
                contact.verdict,
                contact.needs_review,
                suggested,
                theme,
            )));
            let row_style = if is_cursor {
                theme.cursor
            } else if selected {
                theme.selected
            } else {
                Style::new()
            };
            Some(Row::new(cells).style(row_style))
        })
        .collect();
    let mut names = vec!["", "Name"];
    names.extend(shown.iter().map(|column| column.label()));
    names.push("");
    let header = Row::new(names).style(theme.table_header);
    let table = Table::new(rows, widths).header(header).column_spacing(1);
    ratatui::widgets::Widget::render(table, area, buffer);
}

/// Cuts `text` to `width` display columns, ending with `…` when something was cut.
pub fn truncate(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// Cuts a styled line to `width` columns, ending with `…` when something was cut.
fn fit_line(line: Line<'_>, width: usize) -> Line<'_> {
    if line.width() <= width {
        return line;
    }
    let mut spans = Vec::new();
    let mut used = 0;
    for span in line.spans {
        let span_width = span.content.width();
        if used + span_width < width {
            used += span_width;
            spans.push(span);
            continue;
        }
        let content = truncate(&span.content, width - used);
        spans.push(Span::styled(content, span.style));
        break;
    }
    Line::from(spans)
}

/// What mail history and LinkedIn say about a contact, for the details pane.
fn evidence(contact: &crate::contact::Contact) -> Vec<String> {
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

fn render_details(buffer: &mut Buffer, area: Rect, screen: Rect, app: &App, theme: &Theme) {
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
    let addresses = contact
        .addresses
        .iter()
        .map(|a| terminal_safe(a).into_owned())
        .collect::<Vec<_>>()
        .join(", ");
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

/// Clears `rect` and one column either side: a wide character half under a dialog's edge would
/// otherwise show across its border.
fn clear_for(frame: &mut Frame<'_>, rect: Rect) {
    let area = frame.area();
    let x = rect.x.saturating_sub(1).max(area.x);
    let right = (rect.x + rect.width + 1).min(area.x + area.width);
    frame.render_widget(Clear, Rect::new(x, rect.y, right - x, rect.height));
}

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    )
}

fn dialog(
    frame: &mut Frame<'_>,
    area: Rect,
    title: &str,
    lines: Vec<Line<'_>>,
    theme: &Theme,
    width: u16,
) {
    let width = width
        .max(title.width() as u16 + 6)
        .min(area.width.saturating_sub(2));
    // Borders and a column of padding on each side; long lines wrap, so count them wrapped
    // (word wrapping can take a little more room than this, hence the spare line).
    let inner = usize::from(width.saturating_sub(4)).max(1);
    let wrapped: usize = lines
        .iter()
        .map(|line| line.width().max(1).div_ceil(inner))
        .sum();
    let spare = usize::from(wrapped > lines.len());
    let height = (wrapped + spare + 2) as u16;
    let rect = centered(area, width, height);
    clear_for(frame, rect);
    let block = Block::bordered()
        .border_style(theme.border)
        .padding(ratatui::widgets::Padding::horizontal(1))
        .title_top(Line::styled(format!(" {title} "), theme.title));
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        rect,
    );
}

fn render_export(
    frame: &mut Frame<'_>,
    area: Rect,
    app: &App,
    theme: &Theme,
    preview: &super::app::ExportPreview,
) {
    let (what, other) = match preview.kind {
        ExportKind::Invite => (
            "know-well contacts for a bulk invite (LinkedIn CSV)",
            "the outreach list",
        ),
        ExportKind::Outreach => (
            "vaguely-known contacts, with message drafts",
            "the invite list",
        ),
    };
    let mut lines = vec![Line::from(format!(
        "{} {what}",
        count(preview.count as u64)
    ))];
    lines.push(Line::from(vec![
        Span::styled("to ", theme.dim),
        Span::raw(terminal_safe(&preview.file.display().to_string()).into_owned()),
    ]));
    lines.push(Line::from(""));
    lines.extend(preview.lines.iter().map(|l| Line::from(l.clone())));
    lines.push(Line::from(""));
    let items: Vec<(Action, &str)> = if preview.count > 0 {
        vec![
            (Action::Confirm, "write"),
            (Action::SwitchList, other),
            (Action::Cancel, "cancel"),
        ]
    } else {
        vec![(Action::SwitchList, other), (Action::Cancel, "close")]
    };
    lines.push(hint_line(app, theme, &items));
    dialog(frame, area, "Export", lines, theme, 72);
}

fn render_help(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme, scroll: usize) {
    // (mode title, [(keys, description)]), from the live keymap.
    let sections: Vec<(&str, Vec<(String, &str)>)> = Mode::ALL
        .into_iter()
        .map(|mode| {
            let rows = Action::ALL
                .iter()
                .filter_map(|action| {
                    let keys = app.keymap().keys_for(mode, *action);
                    (!keys.is_empty()).then(|| (keys.join(", "), action.description()))
                })
                .collect();
            (mode_title(mode), rows)
        })
        .filter(|(_, rows): &(&str, Vec<_>)| !rows.is_empty())
        .collect();
    let rows = || sections.iter().flat_map(|(_, rows)| rows);
    // The key column fits the longest keys (rebindings can be long), within reason.
    let key_width = rows()
        .map(|(keys, _)| keys.width())
        .max()
        .unwrap_or(0)
        .min(24);
    let text_width = rows()
        .map(|(_, description)| description.width())
        .max()
        .unwrap_or(0);
    let mut lines = Vec::new();
    for (title, rows) in &sections {
        if !lines.is_empty() {
            lines.push(Line::from(""));
        }
        lines.push(Line::styled(*title, theme.title));
        for (keys, description) in rows {
            lines.push(Line::from(vec![
                Span::styled(format!("  {keys:<key_width$}  "), theme.key),
                Span::raw(*description),
            ]));
        }
    }
    // Borders, padding, indent and gap around the two columns.
    let wanted = (key_width + text_width + 8) as u16;
    let width = wanted.min(area.width.saturating_sub(4));
    let height = area.height.saturating_sub(4);
    let rect = centered(area, width, height);
    clear_for(frame, rect);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.border)
        .title_top(Line::styled(" Keys ", theme.title))
        .padding(ratatui::widgets::Padding::horizontal(1))
        .title_bottom(hint_line(
            app,
            theme,
            &[(Action::MoveDown, "scroll"), (Action::Cancel, "close")],
        ));
    let max_scroll = lines
        .len()
        .saturating_sub(usize::from(height.saturating_sub(2)));
    let scroll = scroll.min(max_scroll) as u16;
    frame.render_widget(Paragraph::new(lines).block(block).scroll((scroll, 0)), rect);
}

fn mode_title(mode: Mode) -> &'static str {
    match mode {
        Mode::Normal => "In the list",
        Mode::Search => "While searching",
        Mode::Note => "In the note editor",
        Mode::Confirm => "In questions and the export preview",
        Mode::Help => "In this help",
    }
}
