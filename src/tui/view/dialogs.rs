//! Dialogs over the list: the confirmation, the note editor and the export preview.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::hint_line;
use crate::action::Action;
use crate::config::Theme;
use crate::export::ExportKind;
use crate::text::{count, terminal_safe};
use crate::tui::app::App;

/// Clears `rect` and one column either side: a wide character half under a dialog's edge would
/// otherwise show across its border.
pub(super) fn clear_for(frame: &mut Frame<'_>, rect: Rect) {
    let area = frame.area();
    let x = rect.x.saturating_sub(1).max(area.x);
    let right = (rect.x + rect.width + 1).min(area.x + area.width);
    frame.render_widget(Clear, Rect::new(x, rect.y, right - x, rect.height));
}

pub(super) fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    )
}

pub(super) fn dialog(
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

pub(super) fn render_export(
    frame: &mut Frame<'_>,
    area: Rect,
    app: &App,
    theme: &Theme,
    preview: &crate::tui::app::ExportPreview,
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

pub(super) fn render_confirm(
    frame: &mut Frame<'_>,
    area: Rect,
    app: &App,
    theme: &Theme,
    pending: &crate::tui::app::PendingMark,
) {
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

pub(super) fn render_note(
    frame: &mut Frame<'_>,
    area: Rect,
    app: &App,
    theme: &Theme,
    editor: &ratatui_textarea::TextArea<'static>,
) {
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
    frame.render_widget(editor, inner);
}
