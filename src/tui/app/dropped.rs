//! Keys the screen did not act on because the user could not have seen what they would act on:
//! typed before the first frame, while the screen finished opening, while a long change held
//! it, or before a y/n question showed (`tui::run` drops them). Each is said on the status line.

use std::time::Duration;

use super::{App, Status};

/// What the status line says when keys typed before the first frame were dropped.
pub(super) const TYPEAHEAD: &str = "Keys typed before the screen showed were not done";

/// An update that holds the screen longer than this is a pause the user sees: keys typed during
/// it were typed at a screen that did not show its result, and are dropped (`tui::run`).
pub const BUSY: Duration = Duration::from_millis(250);

impl App {
    /// Says that what was typed before the first frame showed was dropped (see
    /// `terminal::drop_typeahead`).
    pub fn dropped_typeahead(&mut self) {
        match &mut self.opening {
            Some(opening) => opening.typeahead_dropped = true,
            None => self.status = Some(Status::Info(TYPEAHEAD.into())),
        }
    }

    /// Says that keys typed while a long change ran (a bulk mark of a whole book) were dropped:
    /// they were typed at a screen that did not show the change yet.
    pub fn dropped_while_busy(&mut self, keys: usize) {
        let keys = crate::text::plural(keys as u64, "key", "keys");
        self.status = Some(match self.status.take() {
            Some(Status::Info(text)) => {
                Status::Info(format!("{text}; {keys} typed meanwhile not done"))
            }
            Some(Status::Error(text)) => {
                Status::Error(format!("{text}; {keys} typed meanwhile not done"))
            }
            None => Status::Info(format!("{keys} typed while vetted was busy not done")),
        });
    }

    /// Says that keys typed after the first frame but before the opening finished (the search
    /// index and the duplicates, [`App::finish_opening`]) were dropped.
    pub fn dropped_while_opening(&mut self, keys: usize) {
        let keys = crate::text::plural(keys as u64, "key", "keys");
        let before = matches!(&self.status, Some(Status::Info(text)) if text == TYPEAHEAD);
        self.status = Some(Status::Info(if before {
            format!(
                "Keys typed before the screen showed, and {keys} typed while it was still opening, were not done"
            )
        } else {
            format!("{keys} typed while the screen was still opening not done")
        }));
    }

    /// Says that keys typed before a y/n question showed were dropped: they did not answer it.
    pub fn dropped_before_question(&mut self, keys: usize) {
        self.status = Some(Status::Info(format!(
            "{} typed before this question showed not done: answer it now",
            crate::text::plural(keys as u64, "key", "keys")
        )));
    }
}
