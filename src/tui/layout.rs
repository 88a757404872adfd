//! The screen's layout at a size: computed in one place, read by the state (pages, clicks)
//! and by the view (where to draw), so neither needs the other.

use ratatui::layout::{Constraint, Layout as Split, Rect};

/// The smallest screen vetted draws on.
pub const MIN_SIZE: (u16, u16) = (80, 24);

/// Lines the details pane takes, with its separator; more on a taller screen, where long
/// lines wrap onto them.
pub const DETAILS_HEIGHT: u16 = 6;
pub const DETAILS_HEIGHT_TALL: u16 = 8;
/// From this height on, the details pane is tall.
pub const TALL_FROM: u16 = 30;

/// Where each part of the screen goes. The view draws in it; `update` reads it to know how many
/// rows a page has and which row a click hit.
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
    let details_height = match (show_details, size.1 >= TALL_FROM) {
        (false, _) => 0,
        (true, false) => DETAILS_HEIGHT,
        (true, true) => DETAILS_HEIGHT_TALL,
    };
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

/// Lines above the export preview's list: format, what it holds, file, what would be written,
/// a blank.
pub const EXPORT_HEADER: u16 = 5;

/// The width of the export preview's list on a screen of `size`.
pub fn export_width(size: (u16, u16)) -> u16 {
    // Borders and a column of padding each side.
    size.0.saturating_sub(4).min(100).saturating_sub(4)
}

/// The export preview over a screen of `size`, for a list of `lines`: the dialog, as high as
/// its list needs and the screen allows, and the list inside it.
pub fn export_dialog(size: (u16, u16), lines: usize) -> (Rect, Rect) {
    let width = size.0.saturating_sub(4).min(100);
    let wanted = EXPORT_HEADER as usize + lines.max(1) + 2;
    let height = (wanted.min(usize::from(size.1.saturating_sub(2)))) as u16;
    let rect = Rect::new((size.0 - width) / 2, (size.1 - height) / 2, width, height);
    // The key hints sit on the bottom border.
    let inner = Rect::new(
        rect.x + 2,
        rect.y + 1,
        rect.width.saturating_sub(4),
        rect.height.saturating_sub(2),
    );
    let body = Rect::new(
        inner.x,
        inner.y + EXPORT_HEADER.min(inner.height),
        inner.width,
        inner.height.saturating_sub(EXPORT_HEADER),
    );
    (rect, body)
}
