//! The screen's settings (`[screen]`): which contacts the list shows, in which order, with
//! which columns. The screen reads them; the configuration parses them; input cannot ask for
//! them except through actions (next view, cycle sort).

use crate::contact::{Contact, LinkedIn, Verdict};

/// What the screen shows and how it behaves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Screen {
    /// After a mark, move to the next unreviewed contact.
    pub auto_advance: bool,
    /// Marking more selected contacts than this asks for confirmation first.
    pub confirm_above: usize,
    /// The columns after the name, in order.
    pub columns: Vec<Column>,
    pub sort: Sort,
    pub view: View,
}

/// The tabs: which contacts the list shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// The queue: contacts still to decide, and those to look at again. People already
    /// connected on LinkedIn, and the user, are not in it: no decision changes what happens
    /// to them.
    Unreviewed,
    All,
    KnowWell,
    Vaguely,
    DontKnow,
    /// Contacts an import flagged to look at again (their verdicts differed when it joined
    /// them); the tab shows only while there are some.
    ReviewAgain,
    /// Contacts that are probably one person with another ([`crate::duplicates`]), group by
    /// group; the tab shows only while there are some.
    Duplicates,
}

impl View {
    pub const ALL: [View; 7] = [
        View::Unreviewed,
        View::All,
        View::KnowWell,
        View::Vaguely,
        View::DontKnow,
        View::ReviewAgain,
        View::Duplicates,
    ];

    /// Whether the tab is left out while it would be empty.
    pub fn hidden_when_empty(self) -> bool {
        matches!(self, View::ReviewAgain | View::Duplicates)
    }

    pub fn label(self) -> &'static str {
        match self {
            View::Unreviewed => "Unreviewed",
            View::All => "All",
            View::KnowWell => "Know well",
            View::Vaguely => "Vaguely",
            View::DontKnow => "Don't know",
            View::ReviewAgain => "Review again",
            View::Duplicates => "Possible duplicates",
        }
    }

    /// The label where the tabs would not fit with [`View::label`].
    pub fn short_label(self) -> &'static str {
        match self {
            View::Unreviewed => "To do",
            View::All => "All",
            View::KnowWell => "Well",
            View::Vaguely => "Vague",
            View::DontKnow => "Don't",
            View::ReviewAgain => "Again",
            View::Duplicates => "Dupes?",
        }
    }

    pub fn shows(self, contact: &Contact) -> bool {
        match self {
            View::All => true,
            View::Unreviewed => {
                (contact.verdict == Verdict::Unreviewed || contact.needs_review)
                    && !View::out_of_queue(contact)
            }
            View::KnowWell => contact.verdict == Verdict::KnowWell,
            View::Vaguely => contact.verdict == Verdict::Vaguely,
            View::DontKnow => contact.verdict == Verdict::DontKnow,
            View::ReviewAgain => contact.needs_review,
            View::Duplicates => contact.signals.duplicate_group.is_some(),
        }
    }

    /// Connected on LinkedIn by address, or the user: nothing to decide.
    pub fn out_of_queue(contact: &Contact) -> bool {
        contact.signals.linkedin == LinkedIn::Connected || contact.signals.yours
    }
}

/// The list's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sort {
    /// Mail both ways first, then mail written, received, and the latest (mail history).
    Relationship,
    /// The latest message first (mail history).
    LastContact,
    ImportOrder,
    Name,
    Domain,
}

impl Sort {
    pub fn label(self) -> &'static str {
        match self {
            Sort::Relationship => "relationship",
            Sort::LastContact => "last contact",
            Sort::ImportOrder => "import order",
            Sort::Name => "name",
            Sort::Domain => "domain",
        }
    }

    /// For narrow screens.
    pub fn short_label(self) -> &'static str {
        match self {
            Sort::Relationship => "relation",
            Sort::LastContact => "last",
            Sort::ImportOrder => "import",
            Sort::Name => "name",
            Sort::Domain => "domain",
        }
    }

    /// The next order in [`Sort::ALL`], round.
    pub fn next(self) -> Sort {
        let at = Sort::ALL.iter().position(|s| *s == self).unwrap_or(0);
        Sort::ALL[(at + 1) % Sort::ALL.len()]
    }

    /// Orders that mean something only with mail history.
    pub fn needs_mail(self) -> bool {
        matches!(self, Sort::Relationship | Sort::LastContact)
    }
}

impl View {
    /// The name configuration files use.
    pub fn name(self) -> &'static str {
        match self {
            View::Unreviewed => "unreviewed",
            View::All => "all",
            View::KnowWell => "know_well",
            View::Vaguely => "vaguely",
            View::DontKnow => "dont_know",
            View::ReviewAgain => "review_again",
            View::Duplicates => "duplicates",
        }
    }
}

impl Sort {
    pub const ALL: [Sort; 5] = [
        Sort::Relationship,
        Sort::LastContact,
        Sort::ImportOrder,
        Sort::Name,
        Sort::Domain,
    ];

    /// The name configuration files use.
    pub fn name(self) -> &'static str {
        match self {
            Sort::Relationship => "relationship",
            Sort::LastContact => "last_contact",
            Sort::ImportOrder => "import",
            Sort::Name => "name",
            Sort::Domain => "domain",
        }
    }
}

/// The columns the contact table can show (the name always shows).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Column {
    Email,
    Organization,
    Title,
    /// Messages the user sent to the contact (mail history).
    Sent,
    /// Messages received from the contact (mail history).
    Received,
    /// The date of the latest message either way (mail history).
    LastContact,
}

impl Column {
    pub const ALL: [Column; 6] = [
        Column::Email,
        Column::Organization,
        Column::Title,
        Column::Sent,
        Column::Received,
        Column::LastContact,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Column::Email => "email",
            Column::Organization => "organization",
            Column::Title => "title",
            Column::Sent => "sent",
            Column::Received => "received",
            Column::LastContact => "last_contact",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Column::Email => "Email",
            Column::Organization => "Organization",
            Column::Title => "Title",
            Column::Sent => "Sent",
            Column::Received => "Rcvd",
            Column::LastContact => "Last",
        }
    }

    /// Columns shown only once mail history has been imported.
    pub fn needs_mail(self) -> bool {
        matches!(self, Column::Sent | Column::Received | Column::LastContact)
    }
}
