//! One person, one contact, on the triage screen: the Possible duplicates view, merge and keep
//! apart (`M`, `K`), split (`S`), each saved before it shows, undone and redone in one step,
//! and still there for the next process.

mod screen;

use screen::Screen;
use vetted::action::Action;
use vetted::config::View;
use vetted::tui::Settings;

const BOOK: &str = "First Name,Last Name,E-mail 1 - Value,E-mail 2 - Value,Organization Name\n\
    Ada,Lovelace,ada@analytical.example,,Analytical Engines\n\
    Charles,Babbage,cb@analytical.example,charles@home.example,Analytical Engines\n\
    Lovelace,Ada,ada.l@mail.example,,\n\
    Alan,Turing,alan@bletchley.example,,\n\
    Alan,Turing,turing@manchester.example,,\n\
    Alex,Morgan,alex@acme.example,,\n\
    Alexandra,Morgan,alexandra@other.example,,\n";

/// The names another process reads from the store, in import order.
fn stored_names(screen: &Screen) -> Vec<String> {
    screen.stored().into_iter().map(|(n, _)| n).collect()
}

fn to_duplicates(screen: &mut Screen) {
    while screen.app.view() != View::Duplicates {
        screen.act(&[Action::NextView]);
    }
}

#[test]
fn the_view_shows_each_group_side_by_side_and_m_merges_it_until_undone() {
    let mut screen = Screen::new(BOOK);
    let shown = screen.render(120, 35);
    assert!(shown.contains("Possible duplicates 4"), "{shown}");
    to_duplicates(&mut screen);
    assert_eq!(screen.app.rows(), 4);
    let shown = screen.render(120, 35);
    assert!(
        shown.contains("M merge · K keep apart · S split · possible duplicates: same name"),
        "{shown}"
    );
    // Both of the group, side by side in the details pane, with their sources.
    let pane: Vec<&str> = shown
        .lines()
        .filter(|l| l.contains("from contacts.csv"))
        .collect();
    assert_eq!(pane.len(), 1, "{shown}");
    assert!(
        pane[0].contains("from contacts.csv:2") && pane[0].contains("from contacts.csv:4"),
        "{shown}"
    );

    let before = stored_names(&screen);
    screen.keys("M");
    // Saved: another process reads one Ada with both addresses.
    let after = stored_names(&screen);
    assert_eq!(after.len(), before.len() - 1);
    assert_eq!(screen.app.rows(), 2, "the other group is left");
    let shown = screen.render(120, 35);
    assert!(shown.contains("Merged"), "{shown}");
    screen.keys("u");
    assert_eq!(stored_names(&screen), before);
    assert_eq!(screen.app.rows(), 4);
    screen.app.update(vetted::tui::Msg::Action(Action::Redo));
    assert_eq!(stored_names(&screen).len(), before.len() - 1);
    // A new screen on the workspace (a restart) shows the merge.
    let reopened =
        vetted::store::Workspace::open_read_only(&screen.dir.path().join("workspace.sqlite3"))
            .unwrap()
            .unwrap();
    let ada = reopened.find_address("ada.l@mail.example").unwrap();
    assert_eq!(
        ada,
        reopened.find_address("ada@analytical.example").unwrap()
    );
}

/// Settings that open even this small book in two steps, as a big one opens.
fn in_two_steps() -> Settings {
    Settings {
        first_frame_early_above: 0,
        ..Settings::default()
    }
}

/// Above `first_frame_early_above` contacts (a hundred thousand), the first frame shows the
/// list before the search index and the possible duplicates are made, and says so; whatever
/// the screen is told next finishes them first, so nothing acts on a screen without them.
#[test]
fn a_big_list_shows_before_its_duplicates_and_the_next_key_waits_for_them() {
    let settings = in_two_steps();
    let mut screen = Screen::with_settings(BOOK, settings);
    assert!(screen.app.still_opening());
    assert_eq!(screen.app.rows(), 7, "the list shows");
    assert!(screen.app.duplicate_groups().is_empty());
    let first = screen.render(120, 30);
    assert!(
        first.contains("Opening: building the search and looking for possible duplicates"),
        "{first}"
    );
    screen.keys("/turing");
    assert!(!screen.app.still_opening());
    assert_eq!(screen.app.duplicate_groups().len(), 2);
    assert_eq!(screen.app.rows(), 2, "the search found both Alan Turings");
    assert!(!screen.render(120, 30).contains("Opening:"));
}

/// Keys dropped before the first frame and while the opening finishes are said together, once
/// it has finished (until then the status line says it is opening).
#[test]
fn keys_dropped_before_and_during_the_opening_are_said_together() {
    let settings = in_two_steps();
    let mut screen = Screen::with_settings(BOOK, settings);
    screen.app.dropped_typeahead();
    assert!(
        screen
            .render(120, 30)
            .contains("Opening: building the search")
    );
    screen.app.finish_opening();
    assert!(
        screen
            .render(120, 30)
            .contains("Keys typed before the screen showed were not done")
    );
    screen.app.dropped_while_opening(11);
    let text = screen.render(160, 30);
    assert!(
        text.contains(
            "Keys typed before the screen showed, and 11 keys typed while it was still opening, were not done"
        ),
        "{text}"
    );
}

/// In the Duplicates view, the first frame waits for the groups: without them it would be empty.
#[test]
fn the_duplicates_view_opens_with_its_groups() {
    let mut settings = in_two_steps();
    settings.screen.view = View::Duplicates;
    let screen = Screen::with_settings(BOOK, settings);
    assert!(!screen.app.still_opening());
    assert_eq!(screen.app.rows(), 4);
}

#[test]
fn k_keeps_a_group_apart_for_good_and_u_proposes_it_again() {
    let mut screen = Screen::new(BOOK);
    to_duplicates(&mut screen);
    screen.keys("K");
    assert_eq!(screen.app.rows(), 2);
    assert_eq!(screen.app.duplicate_groups().len(), 1);
    let reader =
        vetted::store::Workspace::open_read_only(&screen.dir.path().join("workspace.sqlite3"))
            .unwrap()
            .unwrap();
    assert_eq!(reader.kept_apart().unwrap().len(), 1);
    screen.keys("u");
    assert_eq!(screen.app.duplicate_groups().len(), 2);
    assert!(reader.kept_apart().unwrap().is_empty());
}

#[test]
fn outside_the_view_m_asks_first_naming_who_and_n_changes_nothing() {
    let mut screen = Screen::new(BOOK);
    assert_eq!(screen.current(), "Ada Lovelace");
    screen.keys("M");
    let shown = screen.render(120, 35);
    assert!(
        shown.contains(
            "Merge Ada Lovelace <ada@analytical.example>, Lovelace Ada <ada.l@mail.example> into one"
        ),
        "{shown}"
    );
    let before = stored_names(&screen);
    screen.keys("n");
    assert_eq!(stored_names(&screen), before);
    // Two selected contacts merge too, after the question.
    screen.act(&[Action::MoveDown, Action::ToggleSelect, Action::ToggleSelect]);
    screen.keys("M");
    screen.keys("y");
    assert_eq!(stored_names(&screen).len(), before.len() - 1);
}

#[test]
fn s_splits_the_chosen_addresses_off_and_u_joins_them_again() {
    let mut screen = Screen::new(BOOK);
    screen.act(&[Action::NextView]);
    while screen.current() != "Charles Babbage" {
        screen.act(&[Action::MoveDown]);
    }
    screen.keys("S");
    let shown = screen.render(120, 35);
    assert!(shown.contains("[ ] charles@home.example"), "{shown}");
    // Nothing chosen, or everything: refused, the dialog stays.
    screen.keys("y");
    assert!(screen.render(120, 35).contains("Choose the addresses"));
    screen.act(&[Action::MoveDown]);
    screen.keys(" ");
    assert!(screen.render(120, 35).contains("[x] charles@home.example"));
    screen.keys("y");
    let names = stored_names(&screen);
    assert_eq!(names.len(), 8);
    // Neither half was ever marked: the pane asks to look again without saying it was.
    let shown = screen.render(120, 35);
    assert!(shown.contains("merged or split: look again"), "{shown}");
    assert!(!shown.contains("since it was marked"), "{shown}");
    assert_eq!(
        names
            .iter()
            .filter(|n| n.starts_with("Charles") || n.starts_with("charles"))
            .count(),
        2
    );
    screen.keys("u");
    assert_eq!(stored_names(&screen).len(), 7);
}

/// A merge question and the split chooser open when the window becomes too small are
/// withdrawn, as a mark's question is: nothing is decided on a screen nobody can see.
#[test]
fn a_merge_question_and_the_split_chooser_are_withdrawn_when_the_window_becomes_too_small() {
    let mut screen = Screen::new(BOOK);
    screen.act(&[Action::NextView]);
    // Ada Lovelace and Lovelace Ada (selecting moves the cursor down).
    screen.act(&[Action::ToggleSelect, Action::MoveDown, Action::ToggleSelect]);
    screen.keys("M");
    let shown = screen.render(120, 35);
    assert!(shown.contains("into one contact?"), "{shown}");
    screen.render(60, 15);
    let shown = screen.render(120, 35);
    assert!(!shown.contains("into one contact?"), "{shown}");
    assert!(shown.contains("The question was cancelled"), "{shown}");
    screen.act(&[Action::Confirm]);
    assert_eq!(stored_names(&screen).len(), 7, "nothing was merged");

    screen.act(&[Action::Cancel, Action::GoTop]);
    for _ in 0..8 {
        if screen.current() == "Charles Babbage" {
            break;
        }
        screen.act(&[Action::MoveDown]);
    }
    screen.keys("S");
    let shown = screen.render(120, 35);
    assert!(shown.contains("[ ] charles@home.example"), "{shown}");
    screen.render(60, 15);
    let shown = screen.render(120, 35);
    assert!(!shown.contains("[ ] charles@home.example"), "{shown}");
    screen.act(&[Action::MoveDown, Action::ToggleSelect, Action::Confirm]);
    assert_eq!(stored_names(&screen).len(), 7, "nothing was split");
}
