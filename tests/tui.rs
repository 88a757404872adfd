//! The triage screen without a terminal: `update` driven by actions and keys, with the store
//! checked through a second, read-only connection; and the screen rendered to ratatui's
//! `TestBackend` for snapshots at fixed sizes.

use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use vetted::action::{Action, Mode};
use vetted::config::Config;
use vetted::config::View;
use vetted::contact::Verdict;
use vetted::store::{SourceFile, Workspace};
use vetted::tui::app::Modal;

mod screen;
use screen::{PEOPLE, Screen};
use vetted::tui::{Msg, Settings, Theme, view};

#[test]
fn a_mark_is_in_the_store_and_the_cursor_moves_on() {
    let mut screen = Screen::new(PEOPLE);
    assert_eq!(screen.current(), "Ada Lovelace");
    screen.act(&[Action::MarkKnowWell]);
    assert_eq!(
        screen.stored_verdict("Ada Lovelace"),
        Verdict::KnowWell,
        "saved before shown"
    );
    assert_eq!(screen.current(), "Charles Babbage", "auto-advance");
    assert_eq!(screen.app.count(Verdict::KnowWell), 1);
    assert_eq!(screen.app.count(Verdict::Unreviewed), 9);
    assert_eq!(
        screen.app.rows(),
        9,
        "the Unreviewed view drops what was marked"
    );
    screen.act(&[Action::MarkVaguely, Action::MarkDontKnow]);
    assert_eq!(screen.stored_verdict("Charles Babbage"), Verdict::Vaguely);
    assert_eq!(screen.stored_verdict("Zoë Ångström"), Verdict::DontKnow);
    assert_eq!(screen.current(), "李 小龙");
    assert_eq!(screen.app.reviewed(), 3);
    assert_eq!(
        screen.app.marks_per_minute(),
        Some(3),
        "within the first minute, the marks made"
    );
    // Two minutes after the first mark, 4 marks make 2 a minute; time alone lowers the rate.
    screen.now.set(screen.now.get() + Duration::from_secs(120));
    screen.act(&[Action::MarkKnowWell]);
    assert_eq!(screen.app.marks_per_minute(), Some(2));
    let later = screen.now.get() + Duration::from_secs(120);
    screen.app.update(Msg::Tick(later));
    assert_eq!(
        screen.app.marks_per_minute(),
        Some(1),
        "4 marks in 4 minutes"
    );
    // An undone mark no longer counts (4 minutes, 3 marks, rounded); a redone one does again.
    screen.now.set(later);
    screen.act(&[Action::Undo]);
    assert_eq!(screen.app.marks_per_minute(), Some(1));
    screen.act(&[Action::Undo, Action::Undo]);
    assert_eq!(
        screen.app.marks_per_minute(),
        Some(0),
        "1 mark in 4 minutes"
    );
    screen.act(&[Action::Redo, Action::Redo]);
    assert_eq!(screen.app.marks_per_minute(), Some(1));
}

/// The pace is of people read one by one: a bulk mark is not (one `A` showed 97,761/min).
#[test]
fn a_bulk_mark_does_not_count_in_the_pace() {
    let mut screen = Screen::new(PEOPLE);
    screen.act(&[Action::MarkKnowWell]);
    screen.act(&[Action::SelectAll]);
    screen.act(&[Action::MarkVaguely]);
    screen.keys("y");
    assert!(
        screen.app.count(Verdict::Vaguely) > 1,
        "the bulk mark was made"
    );
    assert_eq!(screen.app.marks_per_minute(), Some(1));
}

/// Changing one's mind about a contact is not reading another (a trial marked one contact
/// back and forth and read 10/min).
#[test]
fn marking_a_decided_contact_again_does_not_count_in_the_pace() {
    let mut screen = Screen::new(PEOPLE);
    screen.act(&[Action::NextView]);
    assert_eq!(screen.app.view(), View::All);
    for _ in 0..3 {
        screen.act(&[
            Action::MarkKnowWell,
            Action::GoTop,
            Action::MarkVaguely,
            Action::GoTop,
        ]);
    }
    assert_eq!(screen.app.marks_per_minute(), Some(1));
    screen.act(&[Action::Undo]);
    assert_eq!(
        screen.app.marks_per_minute(),
        Some(1),
        "undoing a change of mind"
    );
}

#[test]
fn in_the_all_view_a_mark_moves_to_the_next_unreviewed_contact() {
    let mut screen = Screen::new(PEOPLE);
    screen.act(&[Action::NextView]);
    assert_eq!(screen.app.view(), View::All);
    screen.act(&[Action::MoveDown, Action::MoveDown, Action::MarkDontKnow]);
    assert_eq!(screen.current(), "李 小龙");
    screen.act(&[Action::GoTop, Action::MarkKnowWell]);
    assert_eq!(
        screen.current(),
        "Charles Babbage",
        "skips over nothing: the next is unreviewed"
    );
    screen.act(&[Action::MoveDown, Action::MarkVaguely]);
    assert_eq!(
        screen.current(),
        "李 小龙",
        "Zoë is decided already, so she is skipped"
    );
}

#[test]
fn auto_advance_can_be_turned_off() {
    let mut screen = Screen::configured(PEOPLE, "[screen]\nauto_advance = false\n");
    screen.act(&[Action::NextView, Action::MarkKnowWell]);
    assert_eq!(screen.current(), "Ada Lovelace");
}

#[test]
fn undo_and_redo_reach_back_across_the_session_and_are_saved() {
    let mut screen = Screen::new(PEOPLE);
    screen.act(&[
        Action::MarkKnowWell,
        Action::MarkVaguely,
        Action::MarkDontKnow,
    ]);
    screen.act(&[Action::Undo]);
    assert_eq!(screen.stored_verdict("Zoë Ångström"), Verdict::Unreviewed);
    assert_eq!(
        screen.current(),
        "Zoë Ångström",
        "the cursor goes to what was undone"
    );
    screen.act(&[Action::Undo, Action::Undo]);
    assert_eq!(screen.stored_verdict("Ada Lovelace"), Verdict::Unreviewed);
    assert_eq!(screen.app.count(Verdict::Unreviewed), 10);
    screen.act(&[Action::Undo]);
    assert!(
        matches!(screen.app.status(), Some(vetted::tui::app::Status::Info(s)) if s == "Nothing to undo")
    );
    screen.act(&[Action::Redo, Action::Redo]);
    assert_eq!(screen.stored_verdict("Ada Lovelace"), Verdict::KnowWell);
    assert_eq!(screen.stored_verdict("Charles Babbage"), Verdict::Vaguely);
    assert_eq!(screen.stored_verdict("Zoë Ångström"), Verdict::Unreviewed);
    // A new mark ends the redo history.
    screen.act(&[Action::MarkDontKnow, Action::Redo]);
    assert_eq!(screen.stored_verdict("Zoë Ångström"), Verdict::DontKnow);
}

#[test]
fn a_selection_is_marked_as_one_undo_step_after_confirmation() {
    let mut screen = Screen::new(PEOPLE);
    screen.act(&[Action::SelectAll]);
    assert_eq!(screen.app.selected_count(), 10);
    screen.act(&[Action::MarkDontKnow]);
    assert_eq!(screen.app.mode(), Mode::Confirm);
    assert_eq!(
        screen.stored_verdict("Ada Lovelace"),
        Verdict::Unreviewed,
        "nothing before yes"
    );
    screen.act(&[Action::Cancel]);
    assert_eq!(screen.app.count(Verdict::DontKnow), 0);
    assert_eq!(
        screen.app.selected_count(),
        10,
        "cancelling keeps the selection"
    );
    screen.act(&[Action::MarkDontKnow, Action::Confirm]);
    assert!(screen.stored().iter().all(|(_, v)| *v == Verdict::DontKnow));
    assert_eq!(screen.app.selected_count(), 0);
    screen.act(&[Action::Undo]);
    assert!(
        screen
            .stored()
            .iter()
            .all(|(_, v)| *v == Verdict::Unreviewed),
        "one step undoes all ten"
    );
}

#[test]
fn small_selections_need_no_confirmation() {
    let mut screen = Screen::new(PEOPLE);
    screen.act(&[Action::ToggleSelect, Action::MoveDown, Action::ToggleSelect]);
    assert_eq!(screen.app.selected_count(), 2);
    screen.act(&[Action::MarkKnowWell]);
    assert_eq!(screen.app.mode(), Mode::Normal);
    assert_eq!(screen.stored_verdict("Ada Lovelace"), Verdict::KnowWell);
    assert_eq!(screen.stored_verdict("Zoë Ångström"), Verdict::KnowWell);
    assert_eq!(
        screen.stored_verdict("Charles Babbage"),
        Verdict::Unreviewed
    );
}

#[test]
fn views_count_live_and_keys_resolve_through_the_keymap() {
    let mut screen = Screen::new(PEOPLE);
    screen.keys("1w2vx3");
    assert_eq!(screen.app.count(Verdict::KnowWell), 2);
    assert_eq!(screen.app.count(Verdict::Vaguely), 2);
    assert_eq!(screen.app.count(Verdict::DontKnow), 2);
    screen.key(KeyCode::Tab);
    screen.key(KeyCode::Tab);
    assert_eq!(screen.app.view(), View::KnowWell);
    assert_eq!(screen.app.rows(), 2);
    screen.app.update(Msg::Key(KeyEvent::new(
        KeyCode::BackTab,
        KeyModifiers::SHIFT,
    )));
    assert_eq!(screen.app.view(), View::All);
    screen.keys("G");
    assert_eq!(screen.current(), "Edsger Dijkstra");
    screen.keys("g");
    assert_eq!(
        screen.app.pending_keys().len(),
        1,
        "waiting for the second g"
    );
    screen.keys("g");
    assert_eq!(screen.current(), "Ada Lovelace");
    screen.key(KeyCode::Backspace);
    assert_eq!(
        screen.stored_verdict("Ada Lovelace"),
        Verdict::Unreviewed,
        "backspace clears the mark"
    );
}

#[test]
fn sorting_keeps_the_cursor_on_the_same_person() {
    let mut screen = Screen::new(PEOPLE);
    screen.act(&[Action::MoveDown, Action::MoveDown]);
    assert_eq!(screen.current(), "Zoë Ångström");
    screen.act(&[Action::CycleSort]);
    assert_eq!(screen.current(), "Zoë Ångström");
    let names: Vec<String> = (0..screen.app.rows())
        .map(|i| screen.app.row(i).expect("row").name.to_string())
        .collect();
    assert_eq!(names[0], "Ada Lovelace");
    assert_eq!(names[names.len() - 1], "李 小龙");
    screen.act(&[Action::CycleSort]);
    let first = screen
        .app
        .row(0)
        .expect("row")
        .preferred_address()
        .to_string();
    assert_eq!(
        first, "ada@analytical.example",
        "by domain: analytical first"
    );
}

#[test]
fn notes_are_edited_and_saved() {
    let mut screen = Screen::new(PEOPLE);
    screen.keys("n");
    assert_eq!(screen.app.mode(), Mode::Note);
    screen.keys("Met at the Royal Society");
    screen.key(KeyCode::Enter);
    assert_eq!(screen.app.mode(), Mode::Normal);
    assert_eq!(
        screen.app.current().expect("contact").note(),
        "Met at the Royal Society"
    );
    let reader = Workspace::open_read_only(&screen.dir.path().join("workspace.sqlite3"))
        .unwrap()
        .unwrap();
    assert_eq!(
        reader.contacts(None).unwrap()[0].note(),
        "Met at the Royal Society"
    );
    screen.keys("nXYZ");
    screen.key(KeyCode::Esc);
    assert_eq!(
        screen.app.current().expect("contact").note(),
        "Met at the Royal Society",
        "esc discards"
    );
}

#[test]
fn mouse_clicks_select_rows_and_the_wheel_scrolls() {
    let mut screen = Screen::new(PEOPLE);
    let layout = vetted::tui::layout::layout((120, 35), true);
    let table = layout.table.expect("table");
    screen.app.update(Msg::Click {
        column: 10,
        row: table.y + 1 + 3,
    });
    assert_eq!(screen.current(), "李 小龙");
    screen.app.update(Msg::Click {
        column: 10,
        row: table.y + table.height - 1,
    });
    assert_eq!(
        screen.current(),
        "李 小龙",
        "a click below the last row changes nothing"
    );
    screen.app.update(Msg::Scroll(3));
    assert_eq!(screen.current(), "Emmy Noether");
    screen.app.update(Msg::Scroll(-30));
    assert_eq!(screen.current(), "Ada Lovelace");
}

#[test]
fn help_lists_the_live_bindings() {
    let mut screen = Screen::new(PEOPLE);
    screen.keys("?");
    assert_eq!(screen.app.mode(), Mode::Help);
    let shown = screen.render(120, 35);
    assert!(
        shown.contains("1, w") && shown.contains("Mark as know well (bulk invite)"),
        "{shown}"
    );
    screen.keys("?");
    assert_eq!(screen.app.mode(), Mode::Normal);
}

#[test]
fn a_rebinding_works_and_shows_in_the_help_and_the_footer() {
    let mut screen = Screen::configured(
        PEOPLE,
        "[keys.normal]\n\"1\" = \"none\"\n\"w\" = \"none\"\n\"j\" = \"mark_know_well\"\n\"ctrl-n\" = \"move_down\"\n",
    );
    let footer = screen.render(120, 35);
    assert!(footer.contains("j know well"), "{footer}");
    screen.keys("j");
    assert_eq!(screen.stored_verdict("Ada Lovelace"), Verdict::KnowWell);
    screen.keys("1w");
    assert_eq!(
        screen.app.count(Verdict::KnowWell),
        1,
        "1 and w are unbound"
    );
    screen.app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('n'),
        KeyModifiers::CONTROL,
    )));
    assert_eq!(screen.current(), "Zoë Ångström", "ctrl-n moves down now");
    screen.keys("?");
    let help = screen.render(120, 35);
    let line = help
        .lines()
        .find(|line| line.contains("Mark as know well"))
        .expect("listed");
    assert!(line.contains(" j ") && !line.contains("1, "), "{line}");
    assert!(help.contains("ctrl-n"), "{help}");
}

#[test]
fn role_patterns_come_from_the_configuration() {
    let mut screen = Screen::configured(
        PEOPLE,
        "[roles]\npatterns = [\"grace\", \"*@bletchley.example\"]\n",
    );
    let suggested: Vec<(String, Option<Verdict>)> = screen
        .stored()
        .into_iter()
        .filter_map(|(name, _)| {
            let contact = (0..screen.app.rows())
                .filter_map(|p| screen.app.row(p))
                .find(|c| c.name == name)?;
            Some((name, screen.app.suggestion(contact).map(|s| s.verdict)))
        })
        .filter(|(_, s)| s.is_some())
        .collect();
    assert_eq!(
        suggested,
        [
            ("Grace Hopper".to_string(), Some(Verdict::DontKnow)),
            ("Alan Turing".to_string(), Some(Verdict::DontKnow)),
        ]
    );
    screen.act(&[Action::AcceptSuggestions, Action::Confirm]);
    assert_eq!(screen.stored_verdict("Grace Hopper"), Verdict::DontKnow);
    assert_eq!(screen.stored_verdict("Alan Turing"), Verdict::DontKnow);
    assert_eq!(screen.app.reviewed(), 2);
}

#[test]
fn columns_sort_and_view_come_from_the_configuration() {
    let people = "First Name,Last Name,E-mail Address,Company,Job Title\n\
        Zoë,Ångström,zoe@optik.example,Nordic Optics AB,Lens grinder\n\
        Ada,Lovelace,ada@analytical.example,Analytical Engines,Programmer\n\
        Alan,Turing,alan@bletchley.example,,Codebreaker\n";
    let mut screen = Screen::configured(
        people,
        "[screen]\ncolumns = [\"title\", \"email\"]\nsort = \"name\"\nview = \"all\"\n",
    );
    assert_eq!(screen.app.view(), View::All);
    assert_eq!(screen.current(), "Ada Lovelace", "sorted by name");
    screen.act(&[Action::MarkKnowWell]);
    assert_eq!(screen.current(), "Alan Turing");
    insta::assert_snapshot!(screen.render(100, 24));
}

/// Mail history: (address, sent, received, last contact in days since 1970), as messages
/// between the user (me@self.example) and each address, the latest on that day.
fn with_mail(workspace: &mut Workspace, mail: &[(&str, u32, u32, i64)]) {
    use vetted::import::mail::{Envelope, MailKind, Mailbox};
    let source = SourceFile {
        path: "/mail/archive.mbox".into(),
    };
    let mailbox = |key: &str| Mailbox {
        key: key.to_string(),
        name: String::new(),
    };
    let mut writer = workspace
        .mail_writer(&source, MailKind::Mbox)
        .expect("a writer");
    let mut number = 0;
    for (key, sent, received, day) in mail {
        for i in 0..(sent + received) {
            number += 1;
            let outgoing = i < *sent;
            let (from, to) = if outgoing {
                (mailbox("me@self.example"), mailbox(key))
            } else {
                (mailbox(key), mailbox("me@self.example"))
            };
            let envelope = Envelope {
                from: vec![from],
                recipients: vec![to],
                date: Some(day * 86_400 - i64::from(i)),
                message_id: Some(format!("{number}@test")),
                ..Envelope::default()
            };
            writer.add(&envelope, vetted::contact::Location::line(number));
        }
    }
    let options = vetted::store::ImportOptions {
        identity: vec!["me@self.example".into()],
        ..Default::default()
    };
    writer.finish(&options).expect("mail history");
}

const PEOPLE_WITH_ROLES: &str = "First Name,Last Name,E-mail 1 - Value,Organization Name\n\
    Ada,Lovelace,ada@analytical.example,Analytical Engines\n\
    GitHub,,noreply@github.com,\n\
    Grace,Hopper,grace@navy.example,US Navy\n\
    Shop,Support,support@shop.example,\n\
    Alan,Turing,alan@bletchley.example,\n";

#[test]
fn with_mail_history_the_list_opens_by_relationship_with_mail_columns() {
    let mut screen = Screen::prepared(
        PEOPLE_WITH_ROLES,
        Settings::default(),
        Config::built_in().keymap,
        |workspace| {
            with_mail(
                workspace,
                &[
                    ("grace@navy.example", 4, 3, 19_800),
                    ("alan@bletchley.example", 9, 0, 19_900),
                    ("noreply@github.com", 0, 30, 19_990),
                ],
            )
        },
    );
    assert_eq!(screen.app.sort(), vetted::config::Sort::Relationship);
    assert_eq!(
        listed(&screen)[..3],
        ["Grace Hopper", "Alan Turing", "GitHub"]
    );
    insta::assert_snapshot!(screen.render(100, 24));
    screen.act(&[Action::CycleSort]);
    assert_eq!(screen.app.sort(), vetted::config::Sort::LastContact);
    assert_eq!(
        listed(&screen)[..3],
        ["GitHub", "Alan Turing", "Grace Hopper"]
    );
}

#[test]
fn without_mail_history_there_are_no_mail_columns_or_orders() {
    let mut screen = Screen::new(PEOPLE_WITH_ROLES);
    assert_eq!(screen.app.sort(), vetted::config::Sort::ImportOrder);
    let shown = screen.render(100, 24);
    assert!(
        !shown.contains("Rcvd") && !shown.contains("Last"),
        "{shown}"
    );
    let mut orders = Vec::new();
    for _ in 0..3 {
        screen.act(&[Action::CycleSort]);
        orders.push(screen.app.sort());
    }
    use vetted::config::Sort;
    assert_eq!(orders, [Sort::Name, Sort::Domain, Sort::ImportOrder]);
}

#[test]
fn suggestions_are_accepted_together_after_confirmation_as_one_step() {
    let mut screen = Screen::prepared(
        PEOPLE_WITH_ROLES,
        Settings::default(),
        Config::built_in().keymap,
        |workspace| with_mail(workspace, &[("ada@analytical.example", 3, 5, 19_000)]),
    );
    assert_eq!(screen.current(), "Ada Lovelace");
    let details = screen.render(120, 35);
    assert!(
        details.contains("mail: 3 sent, 5 received, last 2022-01-08")
            && details.contains("suggested: know well (frequent mail both ways; A accepts)"),
        "{details}"
    );
    screen.keys("A");
    let Modal::ConfirmMark(pending) = screen.app.modal() else {
        panic!("a question");
    };
    assert_eq!(
        pending.question,
        "Accept 3 suggestions: 1 know well (frequent mail both ways): Ada Lovelace <ada@analytical.example>; \
         2 don't know (a role address, not a person): GitHub <noreply@github.com>, Shop Support <support@shop.example>?"
    );
    assert!(pending.then.is_none(), "no weaker ones here");
    let question = screen.render(120, 35);
    assert!(question.contains("Accept 3 suggestions"), "{question}");
    assert_eq!(
        screen.stored_verdict("GitHub"),
        Verdict::Unreviewed,
        "nothing before the answer"
    );
    screen.keys("y");
    assert_eq!(screen.stored_verdict("GitHub"), Verdict::DontKnow);
    assert_eq!(screen.stored_verdict("Shop Support"), Verdict::DontKnow);
    assert_eq!(screen.stored_verdict("Ada Lovelace"), Verdict::KnowWell);
    assert_eq!(screen.stored_verdict("Grace Hopper"), Verdict::Unreviewed);
    screen.keys("u");
    assert_eq!(
        screen.stored_verdict("GitHub"),
        Verdict::Unreviewed,
        "one undo takes back all three"
    );
    assert_eq!(screen.stored_verdict("Ada Lovelace"), Verdict::Unreviewed);
    screen.act(&[Action::NextView, Action::NextView]);
    screen.keys("A");
    assert!(
        matches!(screen.app.modal(), Modal::None),
        "no suggestions in Know well"
    );
}

#[test]
fn quitting_needs_no_saving() {
    let mut screen = Screen::new(PEOPLE);
    screen.keys("1q");
    assert!(screen.app.should_quit());
    assert_eq!(screen.stored_verdict("Ada Lovelace"), Verdict::KnowWell);
}

#[test]
fn hostile_text_is_shown_inert() {
    let mut screen = Screen::new(
        "Name,Email,Company\n\"Eve\u{1b}]0;owned\u{7}\u{1b}[2J\u{202e}txt.exe\",eve@example.org,\"\u{9b}31mRed\"\n",
    );
    let shown = screen.render(120, 35);
    assert!(
        !shown.chars().any(|c| c.is_control() && c != '\n'),
        "control characters reached the screen"
    );
    assert!(
        shown.contains("Eve\u{241b}]0;owned") && shown.contains("<U+202E>"),
        "{shown}"
    );
}

// ---- snapshots ----

#[test]
fn snapshot_main_screen_120x35() {
    let mut screen = Screen::new(PEOPLE);
    insta::assert_snapshot!(screen.render(120, 35));
}

#[test]
fn snapshot_main_screen_80x24() {
    let mut screen = Screen::new(PEOPLE);
    screen.act(&[Action::MoveDown, Action::ToggleSelect]);
    insta::assert_snapshot!(screen.render(80, 24));
}

#[test]
fn snapshot_help_80x24() {
    let mut screen = Screen::new(PEOPLE);
    screen.act(&[Action::Help]);
    insta::assert_snapshot!(screen.render(80, 24));
}

#[test]
fn snapshot_confirmation_120x35() {
    let mut screen = Screen::new(PEOPLE);
    screen.act(&[Action::SelectAll, Action::MarkDontKnow]);
    insta::assert_snapshot!(screen.render(120, 35));
}

#[test]
fn snapshot_empty_workspace_80x24() {
    let mut screen = Screen::new("");
    insta::assert_snapshot!(screen.render(80, 24));
}

#[test]
fn snapshot_too_small() {
    let mut screen = Screen::new(PEOPLE);
    insta::assert_snapshot!(screen.render(60, 20));
}

/// Every size, from 1x1 up, in every dialog: nothing panics, and each frame shows either the
/// screen (its title) or, below 80x24, the request for a bigger window, as far as it fits.
#[test]
fn every_size_shows_the_screen_or_asks_for_a_bigger_window() {
    let mut screen = Screen::new(PEOPLE);
    for width in [1u16, 2, 10, 40, 79, 80, 81, 100, 200] {
        for height in [1u16, 2, 5, 23, 24, 25, 40] {
            let expected = if width >= 80 && height >= 24 {
                "vetted · contacts"
            } else if width >= 28 && height >= 3 {
                "vetted needs a bigger window"
            } else {
                ""
            };
            let mut frames = vec![screen.render(width, height)];
            screen.act(&[Action::Help]);
            frames.push(screen.render(width, height));
            screen.act(&[Action::Cancel, Action::SelectAll, Action::MarkVaguely]);
            frames.push(screen.render(width, height));
            screen.act(&[Action::Cancel, Action::Cancel, Action::EditNote]);
            frames.push(screen.render(width, height));
            screen.act(&[Action::Cancel, Action::Export]);
            frames.push(screen.render(width, height));
            screen.act(&[Action::Cancel]);
            for frame in frames {
                assert_eq!(frame.lines().count(), usize::from(height));
                assert!(frame.contains(expected), "{width}x{height}:\n{frame}");
            }
        }
    }
}

// ---- search ----

fn type_text(screen: &mut Screen, text: &str) {
    for c in text.chars() {
        screen.app.update(Msg::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::NONE,
        )));
    }
}

fn listed(screen: &Screen) -> Vec<String> {
    (0..screen.app.rows())
        .map(|i| screen.app.row(i).expect("row").name.to_string())
        .collect()
}

#[test]
fn sorting_by_name_ignores_case_and_accents() {
    let mut screen = Screen::new(
        "First Name,Last Name,E-mail 1 - Value\n\
         Émile,Zola,emile@x.example\n\
         bob,Marley,bob@x.example\n\
         Adam,Smith,adam@x.example\n\
         Ève,Curie,eve@x.example\n",
    );
    while screen.app.sort() != vetted::config::Sort::Name {
        screen.act(&[Action::CycleSort]);
    }
    assert_eq!(
        listed(&screen),
        ["Adam Smith", "bob Marley", "Émile Zola", "Ève Curie"]
    );
}

/// A term with an `@` in it is matched against whole addresses: a pasted address, or its start
/// past the `@`, finds its contact (the halves of an address an `@` splits hold no `@`, and such
/// a term found nobody).
#[test]
fn a_search_for_a_whole_address_finds_its_contact() {
    for (query, found) in [
        ("ada@analytical.example", vec!["Ada Lovelace"]),
        ("ada.l@mail.ex", vec!["Ada Lovelace"]),
        ("li.xiaolong@kaisha", vec!["李 小龙"]),
        (
            "@analytical.example",
            vec!["Ada Lovelace", "Charles Babbage"],
        ),
        ("nobody@analytical.example", vec![]),
    ] {
        let mut screen = Screen::new(PEOPLE);
        screen.keys("/");
        type_text(&mut screen, query);
        assert_eq!(listed(&screen), found, "{query}");
    }
}

/// Undoing or redoing a mark of many contacts picks the list out of its order again instead of
/// putting each back (26 s for 278,211 at a million contacts): it must come out the same, the
/// cursor on the first of them.
#[test]
fn undoing_a_mark_of_many_brings_them_back_in_order() {
    use vetted::config::Sort;
    let mut book = String::from("First Name,Last Name,E-mail 1 - Value\n");
    // Import order is not name order: 7 steps around 100 visits every number once.
    for n in 0..100 {
        let k = (n * 7) % 100;
        book += &format!("Name{k:03},Person,p{k}@example.org\n");
    }
    book += "Ada,Lovelace,ada@analytical.example\n";
    let mut screen = Screen::new(&book);
    while screen.app.sort() != Sort::Name {
        screen.act(&[Action::CycleSort]);
    }
    let before = listed(&screen);
    assert_eq!(before.len(), 101);
    screen.keys("/");
    type_text(&mut screen, "person");
    screen.key(KeyCode::Enter);
    screen.keys("a3y");
    screen.key(KeyCode::Esc);
    assert_eq!(
        listed(&screen),
        ["Ada Lovelace"],
        "the hundred left the view"
    );
    screen.act(&[Action::Undo]);
    assert_eq!(listed(&screen), before);
    assert_eq!(
        screen.current(),
        "Name000 Person",
        "the first of them under the cursor"
    );
    screen.act(&[Action::Redo]);
    assert_eq!(listed(&screen), ["Ada Lovelace"]);
    screen.act(&[Action::Undo]);
    assert_eq!(listed(&screen), before);
}

/// Undo and redo put contacts back in place without rebuilding the list; leaving the view and
/// coming back rebuilds it, so the two must agree, in every order and view.
#[test]
fn undo_and_redo_put_contacts_where_a_rebuilt_list_has_them() {
    use vetted::config::Sort;
    let mail = [
        ("grace@navy.example", 4, 3, 19_800),
        ("alan@bletchley.example", 9, 0, 19_900),
        ("emmy@goettingen.example", 4, 3, 19_700),
        ("hedy@mgm.example", 0, 2, 19_990),
        ("edsger@tue.example", 9, 0, 19_900),
    ];
    for sort in Sort::ALL {
        for (view, leave) in [
            (View::Unreviewed, Action::MarkKnowWell),
            (View::All, Action::MarkDontKnow),
            (View::KnowWell, Action::MarkDontKnow),
            (View::Vaguely, Action::MarkKnowWell),
            (View::DontKnow, Action::ClearMark),
        ] {
            let mut screen = Screen::prepared(
                PEOPLE,
                Settings::default(),
                Config::built_in().keymap,
                |workspace| with_mail(workspace, &mail),
            );
            // Some of everyone, decided in the All view.
            while screen.app.view() != View::All {
                screen.act(&[Action::NextView]);
            }
            screen.act(&[
                Action::MarkKnowWell,
                Action::MarkVaguely,
                Action::MarkKnowWell,
                Action::MarkDontKnow,
                Action::MarkVaguely,
                Action::MarkDontKnow,
            ]);
            while screen.app.sort() != sort {
                screen.act(&[Action::CycleSort]);
            }
            while screen.app.view() != view {
                screen.act(&[Action::NextView]);
            }
            let before = listed(&screen);
            screen.act(&[Action::GoTop, Action::MoveDown, leave, leave]);
            let rebuilt = |screen: &mut Screen| {
                let shown = listed(screen);
                screen.act(&[Action::NextView; 5]);
                assert_eq!(shown, listed(screen), "{sort:?}, {view:?}");
                shown
            };
            let marked = rebuilt(&mut screen);
            screen.act(&[Action::Undo, Action::Undo]);
            assert_eq!(rebuilt(&mut screen), before, "{sort:?}, {view:?}");
            screen.act(&[Action::Redo]);
            rebuilt(&mut screen);
            screen.act(&[Action::Redo]);
            assert_eq!(rebuilt(&mut screen), marked, "{sort:?}, {view:?}");
        }
    }
}

#[test]
fn typing_filters_on_every_key_ignoring_accents() {
    let mut screen = Screen::new(PEOPLE);
    screen.keys("/");
    assert_eq!(screen.app.mode(), Mode::Search);
    type_text(&mut screen, "z");
    assert!(listed(&screen).contains(&"Zoë Ångström".to_string()));
    type_text(&mut screen, "oe");
    assert_eq!(listed(&screen), ["Zoë Ångström"]);
    screen.key(KeyCode::Backspace);
    screen.key(KeyCode::Backspace);
    screen.key(KeyCode::Backspace);
    assert_eq!(screen.app.rows(), 10, "an empty box shows everyone again");
    type_text(&mut screen, "angstrom");
    assert_eq!(listed(&screen), ["Zoë Ångström"]);
}

#[test]
fn enter_keeps_the_filter_and_esc_clears_it() {
    let mut screen = Screen::new(PEOPLE);
    screen.keys("/");
    type_text(&mut screen, "@analytical.example");
    screen.key(KeyCode::Enter);
    assert_eq!(screen.app.mode(), Mode::Normal);
    assert_eq!(listed(&screen), ["Ada Lovelace", "Charles Babbage"]);
    // Keys mean their normal actions again, on the filtered list.
    screen.keys("j");
    assert_eq!(screen.current(), "Charles Babbage");
    screen.keys("/");
    type_text(&mut screen, " !ada");
    screen.key(KeyCode::Enter);
    assert_eq!(listed(&screen), ["Charles Babbage"]);
    screen.key(KeyCode::Esc);
    assert!(screen.app.search().is_none());
    assert_eq!(screen.app.rows(), 10);
    assert_eq!(
        screen.current(),
        "Charles Babbage",
        "the cursor stays on the same person"
    );
}

#[test]
fn every_result_is_marked_as_one_undo_step() {
    let mut screen = Screen::new(&format!(
        "{PEOPLE}Ann,Old,ann@oldjob.example,,Old Job\nBen,Old,ben@oldjob.example,,Old Job\nCy,Old,cy@oldjob.example,,Old Job\n\
         Di,Old,di@oldjob.example,,Old Job\nEd,Old,ed@oldjob.example,,Old Job\nFay,Old,fay@oldjob.example,,Old Job\n"
    ));
    screen.keys("/");
    type_text(&mut screen, "@oldjob.example");
    screen.key(KeyCode::Enter);
    screen.keys("a");
    assert_eq!(screen.app.selected_count(), 6);
    screen.keys("3");
    assert_eq!(
        screen.app.mode(),
        Mode::Confirm,
        "6 is above the threshold of 5"
    );
    screen.keys("y");
    let stored = screen.stored();
    assert_eq!(
        stored
            .iter()
            .filter(|(_, v)| *v == Verdict::DontKnow)
            .count(),
        6
    );
    assert!(
        stored
            .iter()
            .filter(|(n, _)| n.ends_with(" Old"))
            .all(|(_, v)| *v == Verdict::DontKnow)
    );
    assert_eq!(screen.app.rows(), 0, "they left the Unreviewed view");
    screen.keys("u");
    assert!(
        screen
            .stored()
            .iter()
            .all(|(_, v)| *v == Verdict::Unreviewed),
        "one undo step restores all six"
    );
    assert_eq!(screen.app.rows(), 6, "and the filter shows them again");
}

/// With searches on the worker thread, typing never waits for one: while the test holds the
/// worker (so no search can run), a whole query is typed, edited and typed again. Once the
/// worker is free, the list shows the newest query's results and never an older one's.
#[test]
fn background_search_never_blocks_and_the_newest_query_wins() {
    let settings = Settings {
        background_search_above: 0,
        ..Settings::default()
    };
    let mut screen = Screen::with_settings(PEOPLE, settings);
    let everyone = listed(&screen);
    let gate = screen.app.search_gate().expect("a background worker");
    let (locked, is_locked) = std::sync::mpsc::channel();
    let (release, released) = std::sync::mpsc::channel::<()>();
    let holder = std::thread::spawn(move || {
        let _held = gate.lock().expect("the worker");
        locked.send(()).expect("the test waits");
        // Held until the test has typed; if typing waited for a search, it never would.
        released.recv_timeout(Duration::from_secs(30)).is_ok()
    });
    is_locked.recv().expect("locked");
    screen.keys("/");
    type_text(&mut screen, "zoe");
    for _ in 0..3 {
        screen.key(KeyCode::Backspace);
    }
    type_text(&mut screen, "grace");
    assert_eq!(listed(&screen), everyone, "no search has run yet");
    assert!(screen.app.waiting_for_search());
    release.send(()).expect("the holder waits");
    assert!(
        holder.join().expect("no panic"),
        "typing waited for the worker"
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    while screen.app.waiting_for_search() {
        assert!(Instant::now() < deadline, "no answer");
        std::thread::sleep(Duration::from_millis(5));
        screen.app.update(Msg::Tick(Instant::now()));
        let shown = listed(&screen);
        assert!(
            shown == everyone || shown == ["Grace Hopper"],
            "an older query's results were shown: {shown:?}"
        );
    }
    assert_eq!(listed(&screen), ["Grace Hopper"]);
    assert_eq!(
        screen.app.search().map(|s| s.applied.as_str()),
        Some("grace")
    );
}

/// Each order is sorted once and kept; views pick their contacts out of it. Every view in every
/// order must list what sorting that view's contacts afresh lists (the model below), also after
/// marks, and the order by domain must follow a changed preferred address.
#[test]
fn kept_orders_list_every_view_as_a_fresh_sort_would() {
    use vetted::config::Sort;
    let mut screen = Screen::new(PEOPLE);
    let fold = |s: &str| vetted::text::fold(s);
    let model = |screen: &Screen| -> Vec<String> {
        let mut rows: Vec<(String, String, usize)> = (0..screen.app.total())
            .filter_map(|i| {
                let c = screen
                    .app
                    .contact(vetted::contact::ContactId(i as i64 + 1))?;
                screen.app.view().shows(c).then(|| {
                    let domain = c
                        .preferred_address()
                        .rsplit_once('@')
                        .map_or("", |(_, d)| d);
                    (domain.to_lowercase(), c.name.to_string(), i)
                })
            })
            .collect();
        match screen.app.sort() {
            Sort::Name => rows.sort_by_key(|(_, name, i)| (fold(name), *i)),
            Sort::Domain => rows.sort_by_key(|(domain, name, i)| (domain.clone(), fold(name), *i)),
            _ => rows.sort_by_key(|(_, _, i)| *i),
        }
        rows.into_iter().map(|(_, name, _)| name).collect()
    };
    screen.keys("1j3");
    for _ in 0..4 {
        for _ in 0..3 {
            assert_eq!(
                listed(&screen),
                model(&screen),
                "{:?} {:?}",
                screen.app.view(),
                screen.app.sort()
            );
            screen.app.update(Msg::Action(Action::NextView));
        }
        screen.app.update(Msg::Action(Action::CycleSort));
    }
    // Ada's other address is preferred: by domain, she moves from analytical to mail.
    while screen.app.sort() != Sort::Domain {
        screen.app.update(Msg::Action(Action::CycleSort));
    }
    while screen.app.view() != vetted::config::View::All {
        screen.app.update(Msg::Action(Action::NextView));
    }
    let before = listed(&screen);
    let ada = before
        .iter()
        .position(|n| n == "Ada Lovelace")
        .expect("Ada");
    screen.app.update(Msg::Action(Action::GoTop));
    for _ in 0..ada {
        screen.app.update(Msg::Action(Action::MoveDown));
    }
    screen.app.update(Msg::Action(Action::PreferAddress));
    // At once, without a switch (a user trial saw the row stay among its old domain's), and
    // with Ada still under the cursor.
    let after = listed(&screen);
    assert_eq!(after, model(&screen));
    assert_ne!(
        after, before,
        "Ada sorts under her new preferred address's domain"
    );
    assert_eq!(
        screen.app.current().map(|c| c.name.to_string()).as_deref(),
        Some("Ada Lovelace")
    );
    // And back on undo.
    screen.app.update(Msg::Action(Action::Undo));
    assert_eq!(listed(&screen), before);
    screen.app.update(Msg::Action(Action::CycleSort));
    while screen.app.sort() != Sort::Domain {
        screen.app.update(Msg::Action(Action::CycleSort));
    }
    assert_eq!(listed(&screen), model(&screen));
}

/// A mark key marks the selection, so the selection only holds contacts the list shows: a
/// user trial selected two, searched for others, pressed 3 and marked the two it could not see.
#[test]
fn a_selection_keeps_only_contacts_the_list_shows() {
    let mut screen = Screen::new(PEOPLE);
    // Two selected (space selects and moves on), then a search that shows neither.
    screen.keys(" ");
    screen.keys(" ");
    assert_eq!(screen.app.selected_count(), 2);
    screen.keys("/");
    type_text(&mut screen, "grace");
    screen.key(KeyCode::Enter);
    assert_eq!(listed(&screen), ["Grace Hopper"]);
    assert_eq!(
        screen.app.selected_count(),
        0,
        "the two are not in the list"
    );
    let before = screen.app.count(Verdict::Unreviewed);
    screen.keys("3");
    assert_eq!(
        screen.app.count(Verdict::Unreviewed),
        before - 1,
        "only Grace is marked"
    );
    screen.keys("u");
    screen.key(KeyCode::Esc);
    // Selected, then a switch to a view that does not show them.
    screen.keys(" ");
    assert_eq!(screen.app.selected_count(), 1);
    screen.app.update(Msg::Action(Action::NextView));
    assert_ne!(screen.app.view(), View::Unreviewed);
    if !listed(&screen).is_empty() {
        assert_eq!(screen.app.selected_count(), 1, "All shows it");
        screen.app.update(Msg::Action(Action::NextView));
    }
    assert_eq!(screen.app.selected_count(), 0, "{:?}", screen.app.view());
}

/// Waits for the background search to answer, feeding the screen ticks as the event loop does.
fn wait_for_search(screen: &mut Screen) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while screen.app.waiting_for_search() {
        assert!(Instant::now() < deadline, "no answer");
        std::thread::sleep(Duration::from_millis(2));
        screen.app.update(Msg::Tick(Instant::now()));
    }
}

/// While a search's answer is awaited, the list on screen is about to be replaced: a key typed
/// then was typed at a list the user has not seen, and nothing acts on it (a user trial marked
/// contacts it never saw by typing `/olivia hopper⏎3` fast, and the whole book with `a 3 y`).
#[test]
fn nothing_acts_on_the_list_while_a_background_search_runs() {
    let settings = Settings {
        background_search_above: 0,
        ..Settings::default()
    };
    let mut screen = Screen::with_settings(PEOPLE, settings);
    screen.keys("/");
    type_text(&mut screen, "an");
    wait_for_search(&mut screen);
    screen.key(KeyCode::Enter);
    let first = listed(&screen);
    assert!(first.len() >= 3, "{first:?}");
    // The second match marked, then undone: the undo searches again, on the worker, held.
    screen.keys("j1");
    let gate = screen.app.search_gate().expect("a background worker");
    let held = gate.lock().expect("the worker");
    screen.keys("u");
    assert!(screen.app.waiting_for_search());
    assert_eq!(
        screen.app.rows(),
        0,
        "no rows that may not match while searching"
    );
    // Marks, moves, a bulk mark and its answer, A, a view switch, a sort: none acts.
    let before = screen.app.count(Verdict::Unreviewed);
    screen.keys("1jja3yAy");
    screen.app.update(Msg::Action(Action::NextView));
    screen.app.update(Msg::Action(Action::CycleSort));
    screen.app.update(Msg::Click { column: 5, row: 5 });
    assert_eq!(
        screen.app.count(Verdict::Unreviewed),
        before,
        "nothing was marked"
    );
    assert_eq!(screen.app.selected_count(), 0);
    assert_eq!(screen.app.view(), View::Unreviewed);
    assert!(
        matches!(screen.app.status(), Some(vetted::tui::app::Status::Info(text))
            if text.starts_with("Still searching: change the sort order not done (")),
        "the screen says why, naming the key in words: {:?}",
        screen.app.status()
    );
    drop(held);
    wait_for_search(&mut screen);
    // Once the results show, the screen says how many keys were not done, not "still".
    assert!(
        matches!(screen.app.status(), Some(vetted::tui::app::Status::Info(text))
            if text.contains("keys typed before the results showed were not done (the last: change the sort order)")),
        "{:?}",
        screen.app.status()
    );
    assert_eq!(
        listed(&screen),
        first,
        "the undo brought the second match back"
    );
    assert_eq!(
        screen.app.current().map(|c| c.name.to_string()),
        Some(first[1].clone()),
        "the cursor goes to the contact the undo brought back, as without a worker"
    );
    // Now the list is on screen: a mark acts.
    screen.keys("3");
    assert_eq!(screen.app.count(Verdict::Unreviewed), before - 1);
}

/// The screen as text, each row followed by a line of `^` under highlighted characters.
fn render_with_highlights(screen: &mut Screen, width: u16, height: u16) -> String {
    screen.app.update(Msg::Resize { width, height });
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    let theme = Theme::colors();
    terminal
        .draw(|frame| view::render(frame, &screen.app, &theme))
        .expect("draws");
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..height {
        let mut line = String::new();
        let mut marks = String::new();
        let mut x = 0;
        while x < width {
            let cell = &buffer[(x, y)];
            line.push_str(cell.symbol());
            let hit = cell.fg == theme.highlight.fg.expect("colour")
                && cell.modifier.contains(ratatui::style::Modifier::UNDERLINED);
            // A double-width symbol covers the next cell too.
            let columns = unicode_width::UnicodeWidthStr::width(cell.symbol()).max(1);
            marks.push_str(&(if hit { "^" } else { " " }).repeat(columns));
            x += columns as u16;
        }
        out.push_str(line.trim_end());
        out.push('\n');
        if marks.contains('^') {
            out.push_str(marks.trim_end());
            out.push('\n');
        }
    }
    out
}

#[test]
fn snapshot_search_highlights_100x24() {
    let mut screen = Screen::new(PEOPLE);
    screen.keys("/");
    type_text(&mut screen, "an");
    insta::assert_snapshot!(render_with_highlights(&mut screen, 100, 24));
}

// ---- the window too small ----

/// Nothing is decided on a screen the user cannot see: at 70x20 marks, selections, the
/// bulk-mark question and its `y` are all ignored; `q` still quits.
#[test]
fn a_window_too_small_takes_no_decision() {
    let mut screen = Screen::new(PEOPLE);
    screen.render(70, 20);
    screen.keys("33a3y");
    screen.act(&[
        Action::MarkKnowWell,
        Action::SelectAll,
        Action::MarkDontKnow,
        Action::Confirm,
    ]);
    screen.key(KeyCode::Enter);
    assert!(
        screen
            .stored()
            .iter()
            .all(|(_, v)| *v == Verdict::Unreviewed),
        "{:?}",
        screen.stored()
    );
    assert!(matches!(screen.app.modal(), Modal::None));
    assert_eq!(screen.app.selected_count(), 0);
    screen.render(120, 35);
    assert_eq!(screen.app.reviewed(), 0);
    screen.render(70, 20);
    screen.keys("q");
    assert!(screen.app.should_quit());
}

/// A question open when the window shrinks is withdrawn, never answered by the next key.
#[test]
fn a_question_is_cancelled_when_the_window_becomes_too_small() {
    let mut screen = Screen::new(PEOPLE);
    screen.act(&[Action::SelectAll, Action::MarkDontKnow]);
    assert!(matches!(screen.app.modal(), Modal::ConfirmMark(_)));
    screen.render(70, 20);
    assert!(matches!(screen.app.modal(), Modal::None));
    screen.keys("y");
    screen.render(120, 35);
    screen.keys("y");
    assert!(
        screen
            .stored()
            .iter()
            .all(|(_, v)| *v == Verdict::Unreviewed)
    );
    let shown = screen.render(120, 35);
    assert!(
        shown.contains("The question was cancelled when the window became too small"),
        "{shown}"
    );
}

/// `p` exports the contact with its next address, saved at once and shown in the details pane.
#[test]
fn p_chooses_the_address_a_contact_is_exported_with() {
    let mut screen = Screen::new(PEOPLE);
    assert_eq!(screen.current(), "Ada Lovelace");
    screen.keys("p");
    let reader = Workspace::open_read_only(&screen.dir.path().join("workspace.sqlite3"))
        .expect("reads")
        .expect("exists");
    let ada = reader.contacts(None).expect("contacts").remove(0);
    assert_eq!(ada.preferred_address(), "ada.l@mail.example");
    let shown = screen.render(120, 35);
    assert!(
        shown.contains("ada.l@mail.example (export address), ada@analytical.example"),
        "{shown}"
    );
    screen.keys("p");
    let reader = Workspace::open_read_only(&screen.dir.path().join("workspace.sqlite3"))
        .expect("reads")
        .expect("exists");
    let ada = reader.contacts(None).expect("contacts").remove(0);
    assert_eq!(ada.preferred_address(), "ada@analytical.example", "round");
    // Each `p` is an undo step (a user trial found `u` said "Nothing to undo"), stored exactly
    // as it was: the first undo gives back the second address, the second no choice at all.
    let file = screen.dir.path().join("workspace.sqlite3");
    let stored = || {
        let reader = Workspace::open_read_only(&file)
            .expect("reads")
            .expect("exists");
        reader
            .contacts(None)
            .expect("contacts")
            .remove(0)
            .preferred()
            .map(String::from)
    };
    screen.keys("u");
    assert_eq!(stored().as_deref(), Some("ada.l@mail.example"));
    assert!(
        screen
            .render(120, 35)
            .contains("ada.l@mail.example (export address)")
    );
    screen.keys("u");
    assert_eq!(stored(), None, "no choice, as before the first p");
    screen.act(&[Action::Redo]);
    assert_eq!(stored().as_deref(), Some("ada.l@mail.example"), "redone");
    screen.keys("j");
    screen.keys("p");
    assert!(
        screen
            .render(120, 35)
            .contains("This contact has one address"),
        "Charles has one"
    );
}

/// `A` marks rows the screen may not show: its question names the first few of each verdict,
/// with their addresses, and counts the rest (a user trial accepted seven role addresses, all
/// below the window, on a question that named none).
#[test]
fn a_names_whom_it_would_mark() {
    let mut screen = Screen::new(
        "Name,Email\n\
         Info,info@acme.example\n\
         Sales,sales@acme.example\n\
         Ada Lovelace,ada@analytical.example\n\
         Billing,billing@acme.example\n\
         Support,support@acme.example\n\
         Webmaster,webmaster@acme.example\n",
    );
    screen.keys("A");
    let Modal::ConfirmMark(pending) = screen.app.modal() else {
        panic!("a question");
    };
    assert_eq!(
        pending.question,
        "Accept 5 suggestions: 5 don't know (a role address, not a person): Info <info@acme.example>, \
         Sales <sales@acme.example>, Billing <billing@acme.example> and 2 more?"
    );
    let screen_text = screen.render(80, 24);
    assert!(
        screen_text.contains("and 2 more?"),
        "the whole question shows at 80x24: {screen_text}"
    );
}

/// Names and addresses come from files and may be anything: a question names them cut short,
/// so that its y/n line stays on the screen (a 900-character name pushed it off).
#[test]
fn a_question_about_long_names_keeps_its_answer_line() {
    let long = "Support Desk ".repeat(70);
    let mut screen = Screen::new(&format!(
        "Name,Email\n{long},support@acme.example\n{long}2,info@acme.example\n{long}3,sales@acme.example\n{long}4,billing@acme.example\n"
    ));
    screen.keys("A");
    let shown = screen.render(80, 24);
    assert!(shown.contains("y yes"), "{shown}");
    assert!(shown.contains("and 1 more?"), "{shown}");
}

#[test]
fn a_asks_about_strong_suggestions_then_offers_the_weaker_ones() {
    let mut screen = Screen::new(
        "First Name,Last Name,E-mail 1 - Value,Phone 1 - Value\n\
         Ada,Lovelace,ada@analytical.example,+44 20 7946 0001\n\
         Git,Hub,noreply@github.com,\n\
         Grace,Hopper,grace@navy.example,\n",
    );
    screen.keys("A");
    let Modal::ConfirmMark(pending) = screen.app.modal() else {
        panic!("a question");
    };
    assert_eq!(
        pending.question,
        "Accept 1 suggestion: 1 don't know (a role address, not a person): Git Hub <noreply@github.com>?"
    );
    let then = pending.then.as_ref().expect("the weaker ones next");
    assert_eq!(
        then.question,
        "Accept 1 suggestion on weaker evidence: 1 vaguely (a phone number in your address book, no mail): \
         Ada Lovelace <ada@analytical.example>?"
    );
    // No to the strong ones still asks about the weaker; yes to those marks them only.
    screen.keys("n");
    assert!(matches!(screen.app.modal(), Modal::ConfirmMark(p) if p.question.contains("weaker")));
    screen.keys("y");
    assert_eq!(screen.stored_verdict("Ada Lovelace"), Verdict::Vaguely);
    assert_eq!(screen.stored_verdict("Git Hub"), Verdict::Unreviewed);
    assert_eq!(screen.stored_verdict("Grace Hopper"), Verdict::Unreviewed);
    assert!(matches!(screen.app.modal(), Modal::None));
    let shown = screen.render(120, 35);
    assert!(!shown.contains("Accept"), "{shown}");
}
