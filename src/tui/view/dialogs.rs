//! Dialogs over the list: the confirmation, the note editor and the export preview.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::{hint_line, truncate};
use crate::action::Action;
use crate::config::Theme;
use crate::export::{ExportFormat, ExportKind};
use crate::text::{plural, terminal_safe};
use crate::tui::app::{App, ExportDialog};
use crate::tui::layout::EXPORT_HEADER;

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
    dialog: &ExportDialog,
) {
    let (rect, body) = dialog.layout((area.width, area.height));
    clear_for(frame, rect);
    let (whom, batch) = match dialog.format.kind() {
        ExportKind::Invite => ("know-well contacts", "an invite batch"),
        ExportKind::Outreach => ("vaguely-known contacts", "an outreach batch"),
    };
    let total = dialog.lines((area.width, area.height));
    let scroll = dialog.scroll.min(dialog.max_scroll(app.size()));
    let mut block = Block::bordered()
        .border_style(theme.border)
        .padding(ratatui::widgets::Padding::horizontal(1))
        .title_top(Line::styled(" Export ", theme.title));
    if total > usize::from(body.height) {
        let last = (scroll + usize::from(body.height)).min(total);
        block = block.title_top(
            Line::styled(format!(" {}–{} of {} ", scroll + 1, last, total), theme.dim)
                .right_aligned(),
        );
    }
    let hints: Vec<(Action, &str)> = if dialog.path.is_some() {
        vec![
            (Action::AcceptPath, "use this file"),
            (Action::Cancel, "back"),
        ]
    } else if dialog.rows.is_empty() {
        vec![
            (Action::SwitchList, "next format"),
            (Action::ChooseDestination, "file"),
            (Action::Cancel, "close"),
        ]
    } else {
        let mut hints = vec![
            (Action::Confirm, "write"),
            (Action::SwitchList, "next format"),
            (Action::ChooseDestination, "file"),
        ];
        if total > usize::from(body.height) {
            hints.push((Action::MoveDown, "scroll"));
        }
        hints.push((Action::Cancel, "cancel"));
        hints
    };
    block = block.title_bottom(hint_line(app, theme, &hints));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let width = usize::from(inner.width);

    let mut formats = vec![Span::styled("Format ", theme.dim)];
    for format in FORMATS {
        let style = if format == dialog.format {
            theme.cursor
        } else {
            theme.dim
        };
        formats.push(Span::styled(format!(" {} ", format.as_str()), style));
    }
    let described = Line::styled(format!("        {}", dialog.format.describe()), theme.dim);
    let file_label = Span::styled("File    ", theme.dim);
    let room = width.saturating_sub(8);
    let file_line = match &dialog.path {
        Some(input) => {
            let scroll = input.visual_scroll(room);
            let shown: String = terminal_safe(input.value()).chars().skip(scroll).collect();
            let cursor = input.visual_cursor().saturating_sub(scroll).min(room);
            frame.set_cursor_position((inner.x + 8 + cursor as u16, inner.y + 2));
            Line::from(vec![
                file_label,
                Span::styled(truncate(&shown, room), theme.search),
            ])
        }
        None => {
            let path = terminal_safe(&dialog.file.display().to_string()).into_owned();
            Line::from(vec![file_label, Span::raw(keep_end(&path, room))])
        }
    };
    let summary = if dialog.rows.is_empty() {
        format!("Nothing to write: no {whom} are waiting for {batch}.")
    } else {
        let (one, many) = match dialog.format.kind() {
            ExportKind::Invite => ("know-well contact", "know-well contacts"),
            ExportKind::Outreach => ("vaguely-known contact", "vaguely-known contacts"),
        };
        let n = dialog.rows.len() as u64;
        match n {
            1 => format!("{} would be written:", plural(n, one, many)),
            _ => format!("{} would be written, in this order:", plural(n, one, many)),
        }
    };
    let header = vec![
        Line::from(formats),
        described,
        file_line,
        Line::styled(summary, theme.title),
    ];
    frame.render_widget(
        Paragraph::new(header),
        Rect::new(
            inner.x,
            inner.y,
            inner.width,
            EXPORT_HEADER.min(inner.height),
        ),
    );

    let name_width = dialog
        .rows
        .iter()
        .map(|(name, _)| terminal_safe(name).width())
        .max()
        .unwrap_or(0)
        .min(width / 2);
    // The list: why writing failed (if it did), the rows, the notes; built lazily, as a batch
    // may be long.
    let errors = dialog
        .error_lines(width)
        .into_iter()
        .map(|line| Line::styled(line, theme.error));
    let rows = dialog.rows.iter().map(|(name, address)| {
        let name = truncate(&terminal_safe(name), name_width);
        let pad = name_width.saturating_sub(name.width());
        let address = truncate(
            &terminal_safe(address),
            width.saturating_sub(name_width + 2),
        );
        Line::from(vec![
            Span::raw(format!("{name}{}  ", " ".repeat(pad))),
            Span::styled(address, theme.dim),
        ])
    });
    let notes = dialog.note_lines(width).into_iter().map(Line::from);
    let lines: Vec<Line<'_>> = errors
        .chain(rows)
        .chain(notes)
        .skip(scroll)
        .take(usize::from(body.height))
        .collect();
    frame.render_widget(Paragraph::new(lines), body);
}

/// The formats the preview steps through, in order.
const FORMATS: [ExportFormat; 4] = [
    ExportFormat::Csv,
    ExportFormat::Vcard,
    ExportFormat::Emails,
    ExportFormat::Outreach,
];

/// `text` cut to `width` columns from the left, keeping its end (a path's file name).
fn keep_end(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut kept: Vec<char> = Vec::new();
    let mut used = 1;
    for c in text.chars().rev() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > width {
            break;
        }
        used += w;
        kept.push(c);
    }
    std::iter::once('…').chain(kept.into_iter().rev()).collect()
}

pub(super) fn render_confirm(
    frame: &mut Frame<'_>,
    area: Rect,
    app: &App,
    theme: &Theme,
    question: &str,
) {
    let lines = vec![
        Line::from(question.to_string()),
        Line::from(""),
        hint_line(
            app,
            theme,
            &[(Action::Confirm, "yes"), (Action::Cancel, "no")],
        ),
    ];
    let width = (question.width() + 4).clamp(50, 100) as u16;
    dialog(frame, area, "Confirm", lines, theme, width);
}

/// The split dialog: the contact's addresses, those chosen to leave it checked.
pub(super) fn render_split(
    frame: &mut Frame<'_>,
    area: Rect,
    app: &App,
    theme: &Theme,
    split: &crate::tui::app::SplitDialog,
) {
    let mut lines = vec![
        Line::from(format!(
            "Which addresses of \"{}\" are someone else's? They leave with the sources that brought them; both contacts keep the verdict, flagged to review again (neither is exported until you mark it).",
            terminal_safe(&split.name)
        )),
        Line::from(""),
    ];
    for (n, (address, chosen)) in split.addresses.iter().zip(&split.chosen).enumerate() {
        let text = format!(
            "{} [{}] {}",
            if n == split.cursor { ">" } else { " " },
            if *chosen { "x" } else { " " },
            terminal_safe(address)
        );
        let style = if n == split.cursor {
            theme.cursor
        } else {
            ratatui::style::Style::default()
        };
        lines.push(Line::styled(text, style));
    }
    lines.push(Line::from(""));
    lines.push(hint_line(
        app,
        theme,
        &[
            (Action::ToggleSelect, "choose, then the next"),
            (Action::Confirm, "split off"),
            (Action::Cancel, "cancel"),
        ],
    ));
    dialog(frame, area, "Split", lines, theme, 76);
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
    let width = 76.min(area.width.saturating_sub(4));
    let inner_width = usize::from(width.saturating_sub(4));
    // The message the note makes, wrapped, under the editor; before it, what there is to
    // write from: the address books' notes and labels, the organization, mail.
    let mut draft_lines: Vec<Line<'_>> = Vec::new();
    if let Some(contact) = app.current() {
        let mut said: Vec<String> = Vec::new();
        // The subjects first (the likeliest thing to write about), then the address books'
        // notes and labels, the organization, the mail counts.
        let mail = super::details::evidence(contact, &[]);
        said.extend(
            mail.iter()
                .filter(|e| e.starts_with("you wrote") || e.starts_with("they wrote"))
                .cloned(),
        );
        if let Some(book) = &contact.evidence {
            said.extend(book.notes.iter().map(|n| format!("\"{n}\"")));
            if !book.labels.is_empty() {
                said.push(book.labels.join(", "));
            }
        }
        if !contact.organization.is_empty() {
            said.push(contact.organization.to_string());
        }
        said.extend(mail.into_iter().filter(|e| e.starts_with("mail")));
        if !said.is_empty() {
            let text = terminal_safe(&crate::text::single_line(&said.join(" · "))).into_owned();
            let mut wrapped = crate::text::wrap(&format!("In common: {text}"), inner_width);
            if wrapped.len() > 2 {
                wrapped.truncate(2);
                wrapped[1] = format!("{}…", truncate(&wrapped[1], inner_width.saturating_sub(1)));
            }
            draft_lines.extend(
                wrapped
                    .into_iter()
                    .map(|line| Line::styled(line, theme.dim)),
            );
        }
    }
    if let Some(draft) = app.note_draft() {
        let limit = app.note_limit();
        let count_style = if draft.too_long {
            theme.error
        } else {
            theme.dim
        };
        draft_lines.push(Line::from(vec![
            Span::styled("Message draft ", theme.dim),
            Span::styled(
                format!("{}/{limit} characters", draft.characters),
                count_style,
            ),
            Span::styled(
                if draft.too_long {
                    " (LinkedIn would cut it)"
                } else {
                    ""
                },
                theme.error,
            ),
        ]));
        // A placeholder with nothing to fill it (a contact with no first name) leaves a hole
        // in the message ("Hi !"): said here, as the exported file says it.
        for flag in draft
            .flags
            .split("; ")
            .filter(|f| f.starts_with("nothing for"))
        {
            draft_lines.push(Line::styled(
                truncate(&terminal_safe(flag), inner_width),
                theme.error,
            ));
        }
        const DRAFT_LINES: usize = 4;
        let mut wrapped = crate::text::wrap(&terminal_safe(&draft.message), inner_width);
        if wrapped.len() > DRAFT_LINES {
            wrapped.truncate(DRAFT_LINES);
            let last = &mut wrapped[DRAFT_LINES - 1];
            *last = format!("{}…", truncate(last, inner_width.saturating_sub(1)));
        }
        draft_lines.extend(
            wrapped
                .into_iter()
                .map(|line| Line::styled(line, theme.dim)),
        );
    }
    let editor_height: u16 = 4;
    let height = (editor_height + 1 + draft_lines.len() as u16 + 2).min(area.height);
    let rect = centered(area, width, height);
    clear_for(frame, rect);
    let block = Block::bordered()
        .border_style(theme.border)
        .padding(ratatui::widgets::Padding::horizontal(1))
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
    let editor_area = Rect::new(
        inner.x,
        inner.y,
        inner.width,
        editor_height.min(inner.height),
    );
    frame.render_widget(editor, editor_area);
    let below = inner.height.saturating_sub(editor_height + 1);
    if below > 0 {
        frame.render_widget(
            Paragraph::new(draft_lines),
            Rect::new(inner.x, inner.y + editor_height + 1, inner.width, below),
        );
    }
}
