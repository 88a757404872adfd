//! Everything a user can ask the triage screen to do.
//!
//! An [`Action`] is the only way input reaches the application's state: keys are mapped to
//! actions by the keymap (one place, configurable), and `update` applies actions. The snake_case
//! name of each action is what configuration files bind keys to, and its doc line is the text the
//! help screen shows, so the two cannot drift apart.

use std::fmt;

macro_rules! actions {
    ($( $(#[doc = $doc:literal])+ $variant:ident = $name:literal, )*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Action {
            $( $(#[doc = $doc])+ $variant, )*
        }

        impl Action {
            /// Every action, in the order the help screen lists them.
            pub const ALL: &'static [Action] = &[$(Action::$variant),*];

            /// The name configuration files use (`mark_know_well`).
            pub fn name(self) -> &'static str {
                match self {
                    $(Action::$variant => $name,)*
                }
            }

            /// One line saying what the action does, for the help screen.
            pub fn description(self) -> &'static str {
                match self {
                    $(Action::$variant => concat!($($doc),+).trim(),)*
                }
            }
        }
    };
}

actions! {
    /// Move to the next contact
    MoveDown = "move_down",
    /// Move to the previous contact
    MoveUp = "move_up",
    /// Move down one screen
    PageDown = "page_down",
    /// Move up one screen
    PageUp = "page_up",
    /// Go to the first contact
    GoTop = "go_top",
    /// Go to the last contact
    GoBottom = "go_bottom",
    /// Mark as know well (bulk invite)
    MarkKnowWell = "mark_know_well",
    /// Mark as vaguely (personal outreach only)
    MarkVaguely = "mark_vaguely",
    /// Mark as don't know (never invited)
    MarkDontKnow = "mark_dont_know",
    /// Clear the mark (back to unreviewed)
    ClearMark = "clear_mark",
    /// Undo the last change
    Undo = "undo",
    /// Redo what was undone
    Redo = "redo",
    /// Show the next view
    NextView = "next_view",
    /// Show the previous view
    PrevView = "prev_view",
    /// Change the sort order
    CycleSort = "cycle_sort",
    /// Select or unselect the contact
    ToggleSelect = "toggle_select",
    /// Select every contact in the view
    SelectAll = "select_all",
    /// Write a note: how you know each other
    EditNote = "edit_note",
    /// Export the contact with its next address (shown in the details pane)
    PreferAddress = "prefer_address",
    /// Show or hide the details pane
    ToggleDetails = "toggle_details",
    /// Search names, addresses, organizations and notes
    Search = "search",
    /// Accept the suggestions in the view (role addresses, frequent mail)
    AcceptSuggestions = "accept_suggestions",
    /// Preview an export, then write it
    Export = "export",
    /// Show every key binding
    Help = "help",
    /// Quit (every mark is already saved)
    Quit = "quit",
    /// Confirm
    Confirm = "confirm",
    /// Cancel, close, or clear the search
    Cancel = "cancel",
    /// Export in the next format: csv, vcard, emails, outreach
    SwitchList = "switch_list",
    /// Choose the file the export is written to
    ChooseDestination = "choose_destination",
    /// Use the file name typed
    AcceptPath = "accept_path",
    /// Save the note
    SaveNote = "save_note",
    /// Keep the search and return to the list
    AcceptSearch = "accept_search",
    /// Search every contact: show the All view
    SearchAll = "search_all",
    /// Suspend vetted and return to the shell (fg resumes it)
    Suspend = "suspend",
    /// Not the LinkedIn connection of the same name (again: may be after all)
    NotConnected = "not_connected",
    /// Merge possible duplicates (or the selection) into one contact
    Merge = "merge",
    /// Keep the possible duplicates apart: different people, not proposed again
    KeepApart = "keep_apart",
    /// Split addresses off the contact into a contact of their own
    Split = "split",
}

impl Action {
    /// Looks an action up by its configuration name.
    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL.iter().copied().find(|a| a.name() == name)
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The input modes of the screen; each has its own key bindings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Mode {
    /// Browsing and marking contacts.
    Normal,
    /// Typing a search.
    Search,
    /// Editing a note.
    Note,
    /// A question waiting for yes or no.
    Confirm,
    /// The export preview: who would be written, in which format, where.
    Export,
    /// Typing the file an export is written to.
    Path,
    /// The help screen.
    Help,
    /// Choosing the addresses to split off a contact.
    Split,
}

impl Mode {
    pub const ALL: [Mode; 8] = [
        Mode::Normal,
        Mode::Search,
        Mode::Note,
        Mode::Confirm,
        Mode::Export,
        Mode::Path,
        Mode::Help,
        Mode::Split,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Mode::Normal => "normal",
            Mode::Search => "search",
            Mode::Note => "note",
            Mode::Confirm => "confirm",
            Mode::Export => "export",
            Mode::Path => "path",
            Mode::Help => "help",
            Mode::Split => "split",
        }
    }

    pub fn from_name(name: &str) -> Option<Mode> {
        Mode::ALL.into_iter().find(|m| m.name() == name)
    }

    /// Whether `action` does anything in this mode (binding it elsewhere is a mistake).
    pub fn accepts(self, action: Action) -> bool {
        use Action::*;
        // Every mode suspends: ctrl-z must never fall through as text or a key of the mode.
        if action == Suspend {
            return true;
        }
        match self {
            Mode::Normal => !matches!(
                action,
                Confirm | SwitchList | SaveNote | AcceptSearch | ChooseDestination | AcceptPath
            ),
            Mode::Search => matches!(
                action,
                AcceptSearch | SearchAll | Cancel | MoveDown | MoveUp | PageDown | PageUp | Quit
            ),
            Mode::Note => matches!(action, SaveNote | Cancel),
            Mode::Confirm => matches!(action, Confirm | Cancel | Quit),
            Mode::Export => matches!(
                action,
                Confirm
                    | Cancel
                    | SwitchList
                    | ChooseDestination
                    | MoveDown
                    | MoveUp
                    | PageDown
                    | PageUp
                    | Quit
            ),
            Mode::Path => matches!(action, AcceptPath | Cancel | Quit),
            Mode::Help => matches!(
                action,
                Help | Cancel | MoveDown | MoveUp | PageDown | PageUp | Quit
            ),
            Mode::Split => matches!(
                action,
                ToggleSelect | Confirm | Cancel | MoveDown | MoveUp | Quit
            ),
        }
    }

    /// The ways out of this mode: each inner list needs at least one of its actions bound, or
    /// the user would be stuck.
    pub fn required(self) -> &'static [&'static [Action]] {
        match self {
            Mode::Normal => &[&[Action::Quit]],
            Mode::Search => &[&[Action::Cancel, Action::AcceptSearch]],
            Mode::Note => &[&[Action::SaveNote], &[Action::Cancel]],
            Mode::Confirm => &[&[Action::Confirm], &[Action::Cancel]],
            Mode::Export => &[&[Action::Confirm], &[Action::Cancel]],
            Mode::Path => &[&[Action::AcceptPath], &[Action::Cancel]],
            Mode::Help => &[&[Action::Cancel, Action::Help]],
            Mode::Split => &[&[Action::Confirm], &[Action::Cancel]],
        }
    }

    /// The modes in which `action` does something.
    pub fn accepting(action: Action) -> impl Iterator<Item = Mode> {
        Mode::ALL
            .into_iter()
            .filter(move |mode| mode.accepts(action))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_every_action_is_described() {
        for action in Action::ALL {
            assert_eq!(Action::from_name(action.name()), Some(*action));
            assert!(!action.description().is_empty());
            assert!(
                action
                    .description()
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase),
                "{action}"
            );
        }
        assert_eq!(
            Action::MarkKnowWell.description(),
            "Mark as know well (bulk invite)"
        );
    }
}
