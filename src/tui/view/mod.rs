//! Rendering: pure functions from `&App` to the frame. Nothing here changes state.
//!
//! Only the rows on screen are built, so a frame costs the same at 100 contacts and at a million.
//! Every string that came from a file passes through `terminal_safe` on its way to the buffer.

mod details;
mod dialogs;
mod help;
mod table;

use details::render_details;
use dialogs::{render_confirm, render_export, render_note, render_split};
use help::render_help;
use table::{render_search_bar, render_table};

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use crate::action::{Action, Mode};
use crate::config::Theme;
use crate::config::View;
use crate::text::{count, terminal_safe};
use crate::tui::app::{App, Modal, Status};
use crate::tui::layout::{MIN_SIZE, layout};

pub fn render(frame: &mut Frame<'_>, app: &App, theme: &Theme) {
    let area = frame.area();
    let layout = layout((area.width, area.height), app.show_details());
    let Some(table) = layout.table else {
        too_small(frame, area, theme);
        return;
    };
    // Who the queue leaves out is said in the tabs line, or in the title where it does not fit.
    let (tabs, said) = tabs_line(app, theme, layout.tabs.width);
    let in_title = app.search().is_some() || !said;
    frame.render_widget(outer_block(app, theme, in_title), area);
    match app.search() {
        Some(search) => render_search_bar(frame, layout.tabs, app, theme, search),
        None => frame.render_widget(tabs, layout.tabs),
    }
    render_table(frame.buffer_mut(), table, app, theme);
    if let Some(details) = layout.details {
        render_details(frame.buffer_mut(), details, area, app, theme);
    }
    match app.modal() {
        Modal::None => {}
        Modal::Help { scroll } => render_help(frame, area, app, theme, *scroll),
        Modal::ConfirmMark(pending) => render_confirm(frame, area, app, theme, &pending.question),
        Modal::ConfirmPeople(_, question) => render_confirm(frame, area, app, theme, question),
        Modal::Split(split) => render_split(frame, area, app, theme, split),
        Modal::Export(preview) => render_export(frame, area, app, theme, preview),
        Modal::Note { editor, .. } => render_note(frame, area, app, theme, editor),
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

pub(super) fn gauge(fraction: f64, width: usize) -> String {
    let filled = ((fraction * width as f64).round() as usize).min(width);
    format!("{}{}", "█".repeat(filled), "░".repeat(width - filled))
}

/// The frame with its title: the workspace, the selection, and the progress; with
/// `left_out`, also how many contacts the queue leaves out, when the title has room.
fn outer_block<'a>(app: &'a App, theme: &Theme, left_out: bool) -> Block<'a> {
    let total = app.to_decide();
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
        progress.push(Span::raw(format!(" · {}/min", crate::text::count(rate))));
    }
    let again = app.view_count(View::ReviewAgain);
    if again > 0 {
        progress.push(Span::styled(
            format!(" · {} to review again", count(again as u64)),
            theme.needs_review,
        ));
    }
    let room = usize::from(app.size().0).saturating_sub(Line::from(progress.clone()).width() + 4);
    let title = left_title(app.title(), app.selected_count(), room, theme);
    let not_listed = app.out_of_queue();
    if left_out && not_listed > 0 {
        let n = count(not_listed as u64);
        // Both titles, the note, and a corner and a column of border each side.
        let used = title.width() + Line::from(progress.clone()).width() + 1 + 4;
        let note = [
            format!(" · {n} connected or you, not listed"),
            format!(" · {n} not listed (connected/you)"),
            format!(" · {n} not listed"),
        ]
        .into_iter()
        .find(|note| used + note.width() <= usize::from(app.size().0));
        if let Some(note) = note {
            progress.push(Span::styled(note, theme.dim));
        }
    }
    progress.push(Span::raw(" "));
    Block::bordered()
        .border_style(theme.border)
        .title_top(title)
        .title_top(Line::from(progress).right_aligned())
        .title_bottom(footer(app, theme))
}

/// The header's left title in at most `room` columns where it can: it gives way before the
/// progress on the right overlaps it (a narrow window cut "selected" mid-word). First the
/// workspace's name goes, then "selected" is shortened.
fn left_title<'a>(name: &str, selected: usize, room: usize, theme: &Theme) -> Line<'a> {
    [(true, "selected"), (false, "selected"), (false, "sel.")]
        .into_iter()
        .map(|(named, word)| {
            Line::from(vec![
                Span::raw(" "),
                Span::styled("vetted", theme.title),
                Span::raw(if named {
                    format!(" · {} ", terminal_safe(name))
                } else {
                    " ".to_string()
                }),
                Span::styled(
                    if selected > 0 {
                        format!("· {} {word} ", count(selected as u64))
                    } else {
                        String::new()
                    },
                    theme.selected,
                ),
            ])
        })
        .reduce(|fits, shorter| if fits.width() <= room { fits } else { shorter })
        .unwrap_or_default()
}

/// The footer: a status message when there is one, else the main keys, from the live keymap.
fn footer<'a>(app: &App, theme: &Theme) -> Line<'a> {
    if let Some(status) = app.status() {
        let (text, style) = match status {
            Status::Info(text) => (text, theme.info),
            Status::Error(text) => (text, theme.error),
        };
        // Within the bottom border, between its corners; a message longer than that ends with
        // `…` (a trial read "(CSV in Link" at 80 columns and took it for all there was).
        let room = usize::from(app.size().0).saturating_sub(2);
        return fit_line(
            Line::from(vec![
                Span::raw(" "),
                Span::styled(terminal_safe(text).into_owned(), style),
                Span::raw(" "),
            ]),
            room,
        );
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
pub(super) fn hint_line<'a>(app: &App, theme: &Theme, items: &[(Action, &str)]) -> Line<'a> {
    mode_hint_line(app, app.mode(), theme, items)
}

/// Like [`hint_line`], with the keys of a given mode.
pub(super) fn mode_hint_line<'a>(
    app: &App,
    mode: Mode,
    theme: &Theme,
    items: &[(Action, &str)],
) -> Line<'a> {
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

/// The tabs, and whether they say how many contacts the queue leaves out (when it leaves any).
fn tabs_line<'a>(app: &App, theme: &Theme, width: u16) -> (Line<'a>, bool) {
    let mut spans = Vec::new();
    let mut used = 0;
    let views: Vec<View> = View::ALL
        .into_iter()
        .filter(|view| {
            !view.hidden_when_empty() || app.view_count(*view) > 0 || app.view() == *view
        })
        .collect();
    let tab = |view: View, label: &str| format!(" {label} {} ", count(app.view_count(view) as u64));
    // Short labels when the full ones leave no room for the sort order.
    let full: usize = views.iter().map(|v| tab(*v, v.label()).width() + 1).sum();
    let short = full + app.sort().short_label().width() + 1 > usize::from(width);
    for view in views {
        let label = tab(
            view,
            if short {
                view.short_label()
            } else {
                view.label()
            },
        );
        used += label.width() + 1;
        let style = if view == app.view() {
            theme.tab_active
        } else {
            theme.tab
        };
        spans.push(Span::styled(label, style));
        spans.push(Span::raw(" "));
    }
    // Who the queue leaves out, as long as it fits beside the shortest sort label.
    let left_out = app.out_of_queue();
    let mut said = left_out == 0;
    if left_out > 0 {
        let n = count(left_out as u64);
        let room = usize::from(width).saturating_sub(used + app.sort().short_label().width() + 2);
        let note = [
            format!(" {n} connected or you, not listed "),
            format!(" {n} connected, not listed "),
            format!(" {n} not listed "),
        ]
        .into_iter()
        .find(|note| note.width() <= room);
        if let Some(note) = note {
            used += note.width();
            spans.push(Span::styled(note, theme.dim));
            said = true;
        }
    }
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
    (Line::from(spans), said)
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
pub(super) fn fit_line(line: Line<'_>, width: usize) -> Line<'_> {
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

pub(super) fn mode_title(mode: Mode) -> &'static str {
    match mode {
        Mode::Normal => "In the list",
        Mode::Search => "While searching",
        Mode::Note => "In the note editor",
        Mode::Confirm => "In questions",
        Mode::Export => "In the export preview",
        Mode::Path => "Typing the export's file name",
        Mode::Help => "In this help",
        Mode::Split => "Choosing addresses to split off",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_left_title_gives_way_before_it_is_cut() {
        let theme = Theme::no_color();
        let shown = |room| left_title("my-long-workspace-name", 97_761, room, &theme).to_string();
        assert_eq!(
            shown(80),
            " vetted · my-long-workspace-name · 97,761 selected "
        );
        assert_eq!(shown(30), " vetted · 97,761 selected ");
        assert_eq!(shown(22), " vetted · 97,761 sel. ");
        // Nothing selected: the name alone, or nothing but vetted.
        assert_eq!(left_title("w", 0, 80, &theme).to_string(), " vetted · w ");
    }
}
