//! The contact table and the search bar above it: only the rows on screen are built.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout as Split, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use unicode_width::UnicodeWidthStr;

use super::{mode_hint_line, truncate};
use crate::action::{Action, Mode};
use crate::config::Column;
use crate::config::Theme;
use crate::contact::{Contact, Verdict};
use crate::text::{count, date_of_seconds, terminal_safe};
use crate::tui::app::{App, marker_states};

/// The search box (while typing) or the kept filter, in place of the tabs.
pub(super) fn render_search_bar(
    frame: &mut Frame<'_>,
    area: Rect,
    app: &App,
    theme: &Theme,
    search: &crate::tui::app::SearchState,
) {
    let elsewhere = app.matches_elsewhere();
    let here = app.rows();
    // What the results are, from the fullest to the shortest.
    let matches: Vec<String> = if search.searching() {
        vec!["searching…".to_string()]
    } else if elsewhere > 0 {
        vec![
            format!(
                "{} in {}, {} in other views",
                plural_matches(here),
                app.view().label(),
                count(elsewhere as u64)
            ),
            format!(
                "{} here, {} elsewhere",
                count(here as u64),
                count(elsewhere as u64)
            ),
        ]
    } else {
        vec![
            format!("{} in {}", plural_matches(here), app.view().label()),
            plural_matches(here),
        ]
    };
    let hint_sets: Vec<Vec<(Action, &str)>> = if search.editing {
        let mut all = vec![(Action::AcceptSearch, "keep"), (Action::Cancel, "clear")];
        if elsewhere > 0 {
            all.insert(0, (Action::SearchAll, "all"));
        }
        let first = all[..1].to_vec();
        vec![all, first, Vec::new()]
    } else {
        vec![
            vec![
                (Action::Search, "edit"),
                (Action::SelectAll, "select all"),
                (Action::Cancel, "clear"),
            ],
            vec![(Action::Search, "edit"), (Action::Cancel, "clear")],
            Vec::new(),
        ]
    };
    let mode = if search.editing {
        Mode::Search
    } else {
        Mode::Normal
    };
    let prefix = if search.editing { "/ " } else { "filter: " };
    let value = terminal_safe(search.input.value()).into_owned();
    // The query comes first: it keeps its width (up to 24 columns, and the cursor's place);
    // the count and the key hints shorten, or go, to leave it that.
    let wanted = value.width().min(24) + 1;
    let width = usize::from(area.width);
    let mut chosen = (String::new(), Line::default());
    'fit: for hints in &hint_sets {
        let line = mode_hint_line(app, mode, theme, hints);
        for text in &matches {
            let right = format!(" {text}");
            if prefix.width() + wanted + right.width() + line.width() <= width {
                chosen = (right, line);
                break 'fit;
            }
        }
    }
    let (right, hints) = chosen;
    let right_width = right.width() + hints.width();
    let room = width
        .saturating_sub(prefix.width() + right_width + 1)
        .max(8);
    let scroll = search.input.visual_scroll(room);
    let shown: String = value.chars().skip(scroll).collect();
    let shown = truncate(&shown, room);
    let mut spans = vec![
        Span::styled(prefix, theme.key),
        Span::styled(shown.clone(), theme.search),
    ];
    let used = prefix.width() + shown.width();
    spans.push(Span::raw(
        " ".repeat(width.saturating_sub(used + right_width)),
    ));
    spans.push(Span::styled(right, theme.dim));
    spans.extend(hints.spans);
    frame.render_widget(Line::from(spans), area);
    if search.editing {
        let cursor = (search.input.visual_cursor().saturating_sub(scroll)).min(room);
        frame.set_cursor_position((area.x + prefix.width() as u16 + cursor as u16, area.y));
    }
}

pub(super) fn plural_matches(n: usize) -> String {
    crate::text::plural(n as u64, "match", "matches")
}

/// A table cell with the matched graphemes highlighted, cut to `width` with `…`.
pub(super) fn highlighted_cell<'a>(
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
pub(super) fn number_cell(n: u32) -> Line<'static> {
    match n {
        0 => Line::from(""),
        n => Line::from(count(u64::from(n))).alignment(Alignment::Right),
    }
}

/// The most state markers a row shows.
const MARKERS: usize = 3;

/// What a row's markers mean, in the order they are shown: the help screen's legend.
pub(super) const LEGEND: [(&str, &str); 7] = [
    ("!", "review again (merged or split since it was marked)"),
    ("Y", "you (one of your own addresses)"),
    ("L", "connected on LinkedIn (by address)"),
    ("l", "probably connected (a connection has the name)"),
    ("I", "invited on LinkedIn (you sent it)"),
    ("R", "invited you on LinkedIn (to accept)"),
    ("E", "exported in an earlier batch"),
];

/// The state markers of a contact (see [`LEGEND`]), at most [`MARKERS`], most telling first.
pub(super) fn markers(contact: &Contact, theme: &Theme) -> Line<'static> {
    let styles = [
        theme.needs_review,
        theme.dim,
        theme.key,
        theme.key,
        theme.key,
        theme.key,
        theme.dim,
    ];
    Line::from(
        marker_states(contact)
            .into_iter()
            .zip(LEGEND)
            .zip(styles)
            .filter(|((on, _), _)| *on)
            .take(MARKERS)
            .map(|((_, (mark, _)), style)| Span::styled(mark, style))
            .collect::<Vec<_>>(),
    )
}

/// The verdict's mark, or `?` for a suggestion (the details pane says which).
pub(super) fn badge(verdict: Verdict, suggested: bool, theme: &Theme) -> Span<'static> {
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

pub(super) fn render_table(buffer: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
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
    let with_markers = app.any_markers();
    if with_markers {
        widths.push(Constraint::Length(MARKERS as u16));
    }
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
                    Column::Title => highlighted_cell(contact.title(), None, room, theme.highlight),
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
            if with_markers {
                cells.push(Cell::from(markers(contact, theme)));
            }
            cells.push(Cell::from(badge(contact.verdict, suggested, theme)));
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
    names.push("");
    let header = Row::new(names).style(theme.table_header);
    let table = Table::new(rows, widths).header(header).column_spacing(1);
    ratatui::widgets::Widget::render(table, area, buffer);
}
