//! The help screen, drawn from the live keymap: every binding in every mode.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::dialogs::{centered, clear_for};
use super::table::LEGEND;
use super::{hint_line, mode_title};
use crate::action::{Action, Mode};
use crate::config::Theme;
use crate::tui::app::App;

/// A line of the help: the keys, what the action does, and its name in a configuration.
type HelpRow<'a> = (String, &'a str, &'a str);

pub(super) fn render_help(
    frame: &mut Frame<'_>,
    area: Rect,
    app: &App,
    theme: &Theme,
    scroll: usize,
) {
    // (mode title, [(keys, description, name)]), from the live keymap. The name is what a
    // configuration file binds a key to.
    let sections: Vec<(&str, Vec<HelpRow<'_>>)> = Mode::ALL
        .into_iter()
        .map(|mode| {
            let rows = Action::ALL
                .iter()
                .filter_map(|action| {
                    let keys = app.keymap().keys_for(mode, *action);
                    (!keys.is_empty())
                        .then(|| (keys.join(", "), action.description(), action.name()))
                })
                .collect();
            (mode_title(mode), rows)
        })
        .filter(|(_, rows): &(&str, Vec<_>)| !rows.is_empty())
        .collect();
    let rows = || sections.iter().flat_map(|(_, rows)| rows);
    // The key column fits the longest keys (rebindings can be long), within reason.
    let key_width = rows()
        .map(|(keys, _, _)| keys.width())
        .max()
        .unwrap_or(0)
        .min(24);
    let text_width = rows()
        .map(|(_, description, _)| description.width())
        .max()
        .unwrap_or(0);
    let name_width = rows().map(|(_, _, name)| name.width()).max().unwrap_or(0);
    // The legend of the list's marks first: what the last two columns say.
    let mut lines = vec![Line::styled("Marks", theme.title)];
    let verdicts = [
        ("✓", "know well"),
        ("~", "vaguely"),
        ("✗", "don't know"),
        ("·", "unreviewed"),
        ("?", "a suggestion (the details say why; A accepts)"),
    ];
    for (mark, meaning) in verdicts.iter().chain(LEGEND.iter()) {
        lines.push(Line::from(vec![
            Span::styled(format!("  {mark:<key_width$}  "), theme.key),
            Span::raw(*meaning),
        ]));
    }
    // Borders, padding, indent and gaps around the three columns.
    let wanted = (key_width + text_width + name_width + 10) as u16;
    let width = wanted.min(area.width.saturating_sub(4));
    // Too narrow for three columns: the configuration name goes under its description.
    let narrow = width < wanted;
    let inner = usize::from(width.saturating_sub(4));
    for (title, rows) in &sections {
        lines.push(Line::from(""));
        lines.push(Line::styled(*title, theme.title));
        for (keys, description, name) in rows {
            let keys = Span::styled(format!("  {keys:<key_width$}  "), theme.key);
            if narrow {
                let room = inner.saturating_sub(key_width + 4);
                lines.push(Line::from(vec![
                    keys,
                    Span::raw(super::truncate(description, room)),
                ]));
                lines.push(Line::from(vec![
                    Span::raw(" ".repeat(key_width + 4)),
                    Span::styled(*name, theme.dim),
                ]));
                continue;
            }
            let gap = text_width.saturating_sub(description.width()) + 2;
            lines.push(Line::from(vec![
                keys,
                Span::raw(*description),
                Span::raw(" ".repeat(gap)),
                Span::styled(*name, theme.dim),
            ]));
        }
    }
    // Line editing in the text fields, which no configuration changes.
    lines.push(Line::from(""));
    lines.push(Line::styled(
        "Typing a search, a note or a file name",
        theme.title,
    ));
    for (keys, what) in [
        ("ctrl-u", "clear the line"),
        ("ctrl-w", "delete the word before the cursor"),
        ("ctrl-k", "delete to the end of the line"),
        ("ctrl-a ctrl-e", "go to the start / end of the line"),
    ] {
        lines.push(Line::from(vec![
            Span::styled(format!("  {keys:<key_width$}  "), theme.key),
            Span::raw(what),
        ]));
    }
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
