//! What the triage screen shows each decision needs, end to end: the state markers on rows,
//! the queue without people already connected, contacts to review again, and the export
//! preview (who would be written, in which format, where; written through the same library
//! call as `vetted export`).

use crossterm::event::KeyCode;
use vetted::action::{Action, Mode};
use vetted::config::View;
use vetted::contact::Verdict;
use vetted::export::ExportFormat;
use vetted::import::{FormatChoice, parse};
use vetted::store::{Origin, SourceFile, Workspace};
use vetted::tui::app::{ExportDialog, Modal};

mod screen;
use screen::{PEOPLE, Screen};

fn dialog(screen: &Screen) -> &ExportDialog {
    match screen.app.modal() {
        Modal::Export(dialog) => dialog,
        _ => panic!("no export preview: mode {:?}", screen.app.mode()),
    }
}

fn names(dialog: &ExportDialog) -> Vec<&str> {
    dialog.rows.iter().map(|(name, _)| name.as_str()).collect()
}

fn import(workspace: &mut Workspace, file: &str, text: &str, choice: FormatChoice) {
    let parsed = parse(text.as_bytes(), choice).expect("parses");
    let source = SourceFile { path: file.into() };
    workspace
        .import(&source, &parsed, false, &mut |_| {})
        .expect("imports");
}

fn mark(workspace: &mut Workspace, address: &str, verdict: Verdict) {
    let id = workspace.find_address(address).unwrap().expect("known");
    workspace
        .set_verdicts(&[(id, verdict)], Origin::Cli)
        .expect("marks");
}

/// PEOPLE, with Ada connected on LinkedIn (by address), Grace probably connected (by name),
/// Alan invited, Emmy having invited the user, and Charles to review again (an import joined
/// him, marked know well, with an address of his marked don't know).
fn with_states() -> Screen {
    Screen::prepared(
        PEOPLE,
        vetted::tui::Settings::default(),
        vetted::config::Config::built_in().keymap,
        |workspace| {
            import(
                workspace,
                "/data/Connections.csv",
                "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n\
                 Ada,Lovelace,https://www.linkedin.com/in/ada,ada@analytical.example,,,01 Jan 2024\n\
                 Grace,Hopper,https://www.linkedin.com/in/grace,,,,01 Jan 2024\n",
                FormatChoice::Linkedin,
            );
            import(
                workspace,
                "/data/Invitations.csv",
                "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n\
                 Me,Alan Turing,\"1/29/26, 2:37 PM\",,OUTGOING,https://www.linkedin.com/in/me,https://www.linkedin.com/in/alan\n\
                 Emmy Noether,Me,\"2/2/26, 6:01 PM\",,INCOMING,https://www.linkedin.com/in/emmy,https://www.linkedin.com/in/me\n",
                FormatChoice::Auto,
            );
            import(
                workspace,
                "/data/more.csv",
                "Name,Email\nC. Babbage,charles@home.example\n",
                FormatChoice::Auto,
            );
            mark(workspace, "cb@analytical.example", Verdict::KnowWell);
            mark(workspace, "charles@home.example", Verdict::DontKnow);
            import(
                workspace,
                "/data/card.vcf",
                "BEGIN:VCARD\nVERSION:3.0\nFN:Charles Babbage\nEMAIL:cb@analytical.example\n\
                 EMAIL:charles@home.example\nEND:VCARD\n",
                FormatChoice::Auto,
            );
        },
    )
}

fn row_of<'a>(shown: &'a str, name: &str) -> &'a str {
    shown
        .lines()
        .find(|line| line.contains(name))
        .unwrap_or_else(|| panic!("{name} not on screen:\n{shown}"))
}

#[test]
fn rows_carry_state_markers_and_the_queue_leaves_out_the_connected() {
    let mut screen = with_states();
    let shown = screen.render(120, 35);
    // Unreviewed: Ada (connected by address) is not in it, the rest are, with their markers.
    assert!(!shown.contains("Ada Lovelace"), "{shown}");
    assert!(
        row_of(&shown, "Charles Babbage").contains("!"),
        "review again"
    );
    assert!(
        row_of(&shown, "Grace Hopper").contains(" l "),
        "probably connected"
    );
    assert!(row_of(&shown, "Alan Turing").contains(" I "), "invited");
    assert!(
        row_of(&shown, "Emmy Noether").contains(" R "),
        "invited you"
    );
    assert!(
        shown.contains("1 connected, not listed"),
        "the count of those left out of the queue:\n{shown}"
    );
    // The title counts contacts to review again, and they count as not reviewed.
    assert!(shown.contains("1 to review again"), "{shown}");
    // Ada needs no decision: the progress counts the nine others.
    assert!(shown.contains("0/9 reviewed"), "{shown}");
    screen.act(&[Action::NextView]);
    let all = screen.render(120, 35);
    assert!(
        row_of(&all, "Ada Lovelace").contains(" L "),
        "connected:\n{all}"
    );
}

#[test]
fn one_view_lists_the_contacts_to_review_again_and_a_mark_answers_them() {
    let mut screen = with_states();
    for _ in 0..5 {
        screen.act(&[Action::NextView]);
    }
    assert_eq!(screen.app.view(), View::ReviewAgain);
    assert_eq!(screen.app.rows(), 1);
    assert_eq!(screen.current(), "Charles Babbage");
    screen.keys("1");
    assert_eq!(screen.stored_verdict("Charles Babbage"), Verdict::KnowWell);
    assert!(
        !screen.render(120, 35).contains("to review again"),
        "answered"
    );
    // With none left, the tab is skipped.
    screen.act(&[Action::NextView]);
    for _ in 0..6 {
        assert_ne!(screen.app.view(), View::ReviewAgain);
        screen.act(&[Action::NextView]);
    }
}

#[test]
fn snapshot_markers_80x24() {
    let mut screen = with_states();
    screen.act(&[Action::NextView]);
    insta::assert_snapshot!(screen.render(80, 24));
}

#[test]
fn snapshot_markers_120x35() {
    let mut screen = with_states();
    // Off Charles, whose history has the time of the test.
    screen.act(&[Action::MoveDown]);
    insta::assert_snapshot!(screen.render(120, 35));
}

#[test]
fn the_preview_lists_who_would_be_written_and_who_is_left_out() {
    let mut screen = Screen::new(PEOPLE);
    // Ada and Charles know well, Zoë vaguely, 李 小龙 don't know.
    screen.keys("1123");
    screen.keys("e");
    let preview = dialog(&screen);
    assert_eq!(preview.format, ExportFormat::Csv);
    assert_eq!(names(preview), ["Ada Lovelace", "Charles Babbage"]);
    assert_eq!(preview.rows[0].1, "ada@analytical.example");
    let notes = preview.notes.join("\n");
    for reason in ["6 unreviewed", "1 don't know", "1 vaguely"] {
        assert!(notes.contains(reason), "{reason} missing from\n{notes}");
    }
    assert!(
        std::fs::read_dir(screen.dir.path())
            .unwrap()
            .all(|entry| entry.unwrap().file_name() != *preview.file.file_name().unwrap()),
        "nothing is written before it is confirmed"
    );
}

#[test]
fn the_format_steps_through_all_four_with_a_file_for_each() {
    let mut screen = Screen::new(PEOPLE);
    screen.keys("1123e");
    let mut seen = Vec::new();
    for _ in 0..4 {
        let preview = dialog(&screen);
        let file = preview
            .file
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        seen.push((preview.format, file, preview.rows.len()));
        screen.act(&[Action::SwitchList]);
    }
    let formats: Vec<ExportFormat> = seen.iter().map(|s| s.0).collect();
    assert_eq!(
        formats,
        [
            ExportFormat::Csv,
            ExportFormat::Vcard,
            ExportFormat::Emails,
            ExportFormat::Outreach
        ]
    );
    let endings: Vec<&str> = seen
        .iter()
        .map(|s| s.1.rsplit('.').next().unwrap())
        .collect();
    assert_eq!(endings, ["csv", "vcf", "txt", "csv"]);
    assert!(seen[3].1.starts_with("vetted-outreach-"), "{seen:?}");
    // The outreach list holds the one vaguely-known contact, the others the two known well.
    let counts: Vec<usize> = seen.iter().map(|s| s.2).collect();
    assert_eq!(counts, [2, 2, 2, 1]);
    assert_eq!(dialog(&screen).format, ExportFormat::Csv, "round again");
}

#[test]
fn confirming_writes_the_previewed_batch_and_records_it() {
    let mut screen = Screen::new(PEOPLE);
    screen.keys("1123e");
    let file = dialog(&screen).file.clone();
    screen.keys("y");
    assert!(matches!(screen.app.modal(), Modal::None));
    let written = std::fs::read_to_string(&file).expect("written");
    assert!(
        written.contains("ada@analytical.example") && written.contains("cb@analytical.example")
    );
    assert!(
        !written.contains("zoe@") && !written.contains("li.xiaolong@"),
        "{written}"
    );
    let shown = screen.render(120, 35);
    assert!(shown.contains("Wrote 2 contacts to"), "{shown}");
    screen.keys("e");
    let preview = dialog(&screen);
    assert!(preview.rows.is_empty(), "the batch is recorded");
    assert!(
        preview.file != file,
        "the next file does not replace the last"
    );
    assert!(
        preview.notes.join("\n").contains("2 already exported"),
        "{:?}",
        preview.notes
    );
}

#[test]
fn a_chosen_file_is_typed_kept_across_formats_and_written() {
    let mut screen = Screen::new(PEOPLE);
    screen.keys("1123e");
    screen.keys("d");
    assert_eq!(screen.app.mode(), Mode::Path);
    // The field starts with the default file; ctrl-u clears it, as in the search box.
    screen
        .app
        .update(vetted::tui::Msg::Key(crossterm::event::KeyEvent::new(
            KeyCode::Char('u'),
            crossterm::event::KeyModifiers::CONTROL,
        )));
    screen.keys("cards.vcf");
    // Keys bound in the preview (y, d, j) are text while a name is typed.
    assert_eq!(screen.app.mode(), Mode::Path);
    screen.key(KeyCode::Enter);
    assert_eq!(screen.app.mode(), Mode::Export);
    assert_eq!(dialog(&screen).file, screen.dir.path().join("cards.vcf"));
    screen.act(&[Action::SwitchList]);
    let preview = dialog(&screen);
    assert_eq!(preview.format, ExportFormat::Vcard);
    assert_eq!(preview.file, screen.dir.path().join("cards.vcf"), "kept");
    screen.keys("y");
    let written = std::fs::read_to_string(screen.dir.path().join("cards.vcf")).unwrap();
    assert_eq!(written.matches("BEGIN:VCARD").count(), 2, "{written}");
}

#[test]
fn esc_while_typing_keeps_the_file_and_a_folder_is_refused() {
    let mut screen = Screen::new(PEOPLE);
    screen.keys("1e");
    let file = dialog(&screen).file.clone();
    screen.keys("dxyz");
    screen.key(KeyCode::Esc);
    assert_eq!(
        screen.app.mode(),
        Mode::Export,
        "esc leaves the typing only"
    );
    assert_eq!(dialog(&screen).file, file);
    std::fs::create_dir(screen.dir.path().join("folder")).unwrap();
    screen.keys("d");
    for _ in 0..200 {
        screen.key(KeyCode::Backspace);
    }
    screen.keys("folder");
    screen.key(KeyCode::Enter);
    assert_eq!(screen.app.mode(), Mode::Path, "a folder is not a file");
    assert!(screen.render(120, 35).contains("is a folder"));
}

#[test]
fn a_file_that_exists_is_not_replaced_and_nothing_is_recorded() {
    let mut screen = Screen::new(PEOPLE);
    screen.keys("1e");
    let file = dialog(&screen).file.clone();
    std::fs::write(&file, "mine\n").unwrap();
    screen.keys("y");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine\n");
    assert!(
        matches!(screen.app.modal(), Modal::Export(_)),
        "the preview stays open to choose another file"
    );
    let shown = screen.render(120, 35);
    assert!(shown.contains("Not written"), "{shown}");
    screen.key(KeyCode::Esc);
    screen.keys("e");
    assert_eq!(names(dialog(&screen)), ["Ada Lovelace"], "still waiting");
}

#[test]
fn the_outreach_preview_carries_the_warnings_the_command_line_prints() {
    let mut screen = Screen::new(PEOPLE);
    screen.keys("22e");
    screen.act(&[Action::SwitchList, Action::SwitchList, Action::SwitchList]);
    let preview = dialog(&screen);
    assert_eq!(preview.format, ExportFormat::Outreach);
    assert!(
        preview.notes[0].contains("2 contacts have no note yet"),
        "{:?}",
        preview.notes
    );
}

#[test]
fn a_long_list_scrolls_to_its_last_line_and_no_further() {
    let mut people = String::from("Name,Email\n");
    for n in 0..40 {
        people.push_str(&format!("Person {n},person{n}@example.org\n"));
    }
    let mut screen = Screen::new(&people);
    screen.act(&[Action::SelectAll, Action::MarkKnowWell, Action::Confirm]);
    screen.render(80, 24);
    screen.keys("e");
    let (_, body) = dialog(&screen).layout((80, 24));
    let lines = dialog(&screen).lines((80, 24));
    assert!(
        lines > usize::from(body.height),
        "the test needs a list to scroll"
    );
    for _ in 0..100 {
        screen.keys("j");
    }
    let max = dialog(&screen).max_scroll((80, 24));
    assert_eq!(dialog(&screen).scroll, max);
    assert_eq!(max, lines - usize::from(body.height));
    let shown = screen.render(80, 24);
    assert!(
        shown.contains("person39@example.org"),
        "the last one shows: {shown}"
    );
    assert!(shown.contains(&format!("of {lines}")), "{shown}");
    screen.keys("k");
    assert_eq!(dialog(&screen).scroll, max - 1);
}

/// A frame with the test's folder and today's date (in the default file name) made constant.
fn steady(screen: &mut Screen, width: u16, height: u16) -> String {
    let frame = screen.render(width, height);
    let date = vetted::text::date(std::time::SystemTime::now());
    frame
        .replace(&screen.dir.path().display().to_string(), "<dir>")
        .replace(&date, "<date>")
}

#[test]
fn snapshot_export_preview_80x24() {
    let mut screen = Screen::new(PEOPLE);
    screen.keys("1123");
    screen.render(80, 24);
    screen.keys("e");
    insta::assert_snapshot!(steady(&mut screen, 80, 24));
}

#[test]
fn snapshot_export_preview_outreach_120x35() {
    let mut screen = Screen::new(PEOPLE);
    screen.keys("1123e");
    screen.act(&[Action::SwitchList, Action::SwitchList, Action::SwitchList]);
    insta::assert_snapshot!(steady(&mut screen, 120, 35));
}

// ---- search, bulk marks and the details pane ----

fn listed(screen: &Screen) -> Vec<String> {
    (0..screen.app.rows())
        .map(|i| screen.app.row(i).expect("row").name.to_string())
        .collect()
}

#[test]
fn a_search_counts_matches_in_other_views_and_tab_widens_it_to_all() {
    let mut screen = Screen::new(PEOPLE);
    // Ada is know well: out of Unreviewed.
    screen.keys("1");
    screen.keys("/ada");
    assert!(listed(&screen).is_empty(), "{:?}", listed(&screen));
    assert_eq!(screen.app.matches_elsewhere(), 1);
    let shown = screen.render(120, 35);
    assert!(shown.contains("0 matches in Unreviewed"), "{shown}");
    assert!(shown.contains("1 in other views"), "{shown}");
    screen.key(KeyCode::Tab);
    assert_eq!(screen.app.view(), View::All);
    assert_eq!(listed(&screen), ["Ada Lovelace"]);
    assert_eq!(screen.app.mode(), Mode::Search, "still typing");
}

#[test]
fn a_mark_in_search_results_moves_the_match_to_the_other_views_count() {
    let mut screen = Screen::new(PEOPLE);
    screen.keys("/analytical");
    screen.key(KeyCode::Enter);
    assert_eq!(listed(&screen), ["Ada Lovelace", "Charles Babbage"]);
    screen.keys("1");
    assert_eq!(listed(&screen), ["Charles Babbage"]);
    assert_eq!(screen.app.matches_elsewhere(), 1);
}

#[test]
fn a_name_outranks_a_note_and_the_matched_note_shows_in_the_details() {
    let mut screen = Screen::new(PEOPLE);
    // Grace's note mentions Zoë; Zoë's name is Zoë.
    screen.act(&[
        Action::MoveDown,
        Action::MoveDown,
        Action::MoveDown,
        Action::MoveDown,
    ]);
    assert_eq!(screen.current(), "Grace Hopper");
    screen.keys("nZoe introduced us at the optics fair in Lund");
    screen.key(KeyCode::Enter);
    screen.keys("/zoe");
    assert_eq!(listed(&screen), ["Zoë Ångström", "Grace Hopper"]);
    screen.key(KeyCode::Down);
    let shown = screen.render(120, 35);
    assert!(
        shown.contains("note     Zoe introduced us at the optics fair in Lund"),
        "{shown}"
    );
    let highlights = screen
        .app
        .highlights(screen.app.current().expect("a row").id)
        .expect("highlights");
    assert_eq!(
        highlights.note,
        [0, 1, 2],
        "the matched letters of the note"
    );
}

#[test]
fn the_bulk_question_names_contacts_marked_otherwise_and_the_cursor_skips_none() {
    let mut screen = Screen::new(PEOPLE);
    screen.act(&[Action::NextView]);
    // In All: Ada and Charles know well, then select Ada, Charles and Zoë.
    screen.keys("11");
    screen.act(&[Action::GoTop]);
    screen.keys("   ");
    screen.keys("3");
    let Modal::ConfirmMark(pending) = screen.app.modal() else {
        panic!("a question even for three: two decisions would be overturned");
    };
    assert_eq!(
        pending.question,
        "Mark 3 contacts as don't know? 2 of them are marked otherwise now (2 know well): Ada Lovelace, Charles Babbage."
    );
    screen.keys("y");
    // The cursor goes to the first contact still to decide after the first marked one: 李 小龙.
    assert_eq!(screen.current(), "李 小龙");
}

#[test]
fn a_long_note_wraps_in_the_details_pane() {
    let mut screen = Screen::new(PEOPLE);
    let note = "We worked together on the difference engine for three years, then again at the \
                Royal Society, where she gave the talk on the analytical engine that everybody \
                still quotes; we write every Christmas.";
    screen.keys("n");
    type_text(&mut screen, note);
    screen.key(KeyCode::Enter);
    let shown = screen.render(120, 35);
    for word in ["difference", "Christmas."] {
        assert!(shown.contains(word), "{word} cut from the note:\n{shown}");
    }
    let at_80 = screen.render(80, 24);
    assert!(
        at_80.contains("…"),
        "cut with an ellipsis where it cannot all show:\n{at_80}"
    );
}

/// A status longer than the window ends with `…` on the bottom border: a trial read
/// "(CSV in Link" at 80 columns and took it for the whole message.
#[test]
fn a_status_longer_than_the_window_ends_with_an_ellipsis() {
    let mut screen = Screen::new(PEOPLE);
    screen.app.dropped_typeahead();
    screen.app.dropped_while_opening(12);
    let wide = screen.render(200, 35);
    assert!(
        wide.contains("12 keys typed while it was still opening, were not done"),
        "{wide}"
    );
    let narrow = screen.render(80, 24);
    let bottom = narrow
        .lines()
        .last()
        .expect("a bottom border")
        .trim_matches('"');
    assert!(
        bottom.starts_with("└ Keys typed before the screen showed"),
        "{narrow}"
    );
    assert!(bottom.ends_with("…┘"), "{narrow}");
}

fn type_text(screen: &mut Screen, text: &str) {
    for c in text.chars() {
        screen
            .app
            .update(vetted::tui::Msg::Key(crossterm::event::KeyEvent::new(
                KeyCode::Char(c),
                crossterm::event::KeyModifiers::NONE,
            )));
    }
}

#[test]
fn the_note_editor_wraps_counts_the_draft_and_ctrl_u_clears_the_line() {
    let mut screen = Screen::new(PEOPLE);
    screen.keys("n");
    type_text(&mut screen, "We met at the Royal Society");
    let draft = screen.app.note_draft().expect("a draft");
    assert_eq!(
        draft.message,
        "Hi Ada! We met at the Royal Society. I'd be glad to stay in touch here."
    );
    assert_eq!(draft.characters, draft.message.encode_utf16().count());
    let shown = screen.render(80, 24);
    assert!(
        shown.contains(&format!(
            "Message draft {}/200 characters",
            draft.characters
        )),
        "{shown}"
    );
    screen
        .app
        .update(vetted::tui::Msg::Key(crossterm::event::KeyEvent::new(
            KeyCode::Char('u'),
            crossterm::event::KeyModifiers::CONTROL,
        )));
    type_text(&mut screen, &"long ".repeat(60));
    let draft = screen.app.note_draft().expect("a draft");
    assert!(
        draft.too_long && !draft.message.contains("Royal"),
        "{draft:?}"
    );
    let shown = screen.render(80, 24);
    assert!(shown.contains("(LinkedIn would cut it)"), "{shown}");
    // Wrapped, not scrolled sideways: the text fills several lines of the editor.
    assert!(
        shown
            .lines()
            .filter(|l| l.contains("long long long"))
            .count()
            >= 2,
        "{shown}"
    );
}

/// A trial saw "Hi ! We met…" in the preview with no warning (only the exported file said so).
#[test]
fn the_note_editor_says_when_the_draft_has_no_first_name() {
    let mut screen = Screen::new(
        "First Name,Last Name,E-mail 1 - Value,E-mail 2 - Value,Organization Name\n\
         ,,jdoe@example.org,,\n",
    );
    screen.keys("n");
    type_text(&mut screen, "We met at a conference");
    let shown = screen.render(80, 24);
    assert!(
        shown.contains("nothing for {first_name}: edit the draft"),
        "{shown}"
    );
}

#[test]
fn snapshot_note_editor_80x24() {
    let mut screen = Screen::new(PEOPLE);
    screen.keys("n");
    type_text(
        &mut screen,
        "We met at the Royal Society lecture on engines in 1843 and wrote ever since",
    );
    insta::assert_snapshot!(screen.render(80, 24));
}

#[test]
fn snapshot_search_elsewhere_120x35() {
    let mut screen = Screen::new(PEOPLE);
    screen.keys("11/a");
    insta::assert_snapshot!(screen.render(120, 35));
}

#[test]
fn at_80_columns_the_count_left_out_of_the_queue_moves_to_the_title() {
    let mut screen = Screen::prepared(
        PEOPLE,
        vetted::tui::Settings::default(),
        vetted::config::Config::built_in().keymap,
        |workspace| {
            import(
                workspace,
                "/data/Connections.csv",
                "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n\
                 Ada,Lovelace,https://www.linkedin.com/in/ada,ada@analytical.example,,,01 Jan 2024\n",
                FormatChoice::Linkedin,
            );
        },
    );
    let shown = screen.render(80, 24);
    let title = shown.lines().next().expect("a title");
    assert!(title.contains("0/9 reviewed"), "{title}");
    assert!(title.contains("· 1 not listed"), "{shown}");
    let wide = screen.render(120, 35);
    assert!(
        wide.lines()
            .nth(1)
            .expect("tabs")
            .contains("1 connected or you, not listed"),
        "{wide}"
    );
    assert!(
        !wide.lines().next().expect("title").contains("not listed"),
        "said once"
    );
}

#[test]
fn snapshot_note_editor_120x35() {
    let mut screen = Screen::new(PEOPLE);
    screen.keys("n");
    type_text(
        &mut screen,
        &"We met at the Royal Society and wrote for years. ".repeat(4),
    );
    insta::assert_snapshot!(screen.render(120, 35));
}

#[test]
fn snapshot_search_elsewhere_80x24() {
    let mut screen = Screen::new(PEOPLE);
    screen.keys("11/a");
    insta::assert_snapshot!(screen.render(80, 24));
}

#[test]
fn snapshot_help_legend_120x35() {
    let mut screen = with_states();
    screen.act(&[Action::Help]);
    insta::assert_snapshot!(screen.render(120, 35));
}

#[test]
fn snapshot_bulk_question_naming_overturned_decisions_80x24() {
    let mut screen = Screen::new(PEOPLE);
    screen.act(&[Action::NextView]);
    screen.keys("11");
    screen.act(&[Action::GoTop]);
    screen.keys("   3");
    insta::assert_snapshot!(screen.render(80, 24));
}

// ---- from the second user trial ----

fn ctrl(c: char) -> vetted::tui::Msg {
    vetted::tui::Msg::Key(crossterm::event::KeyEvent::new(
        KeyCode::Char(c),
        crossterm::event::KeyModifiers::CONTROL,
    ))
}

#[test]
fn only_y_writes_the_export_and_ctrl_z_suspends_from_every_dialog() {
    let mut screen = Screen::new(PEOPLE);
    screen.keys("1e");
    let file = dialog(&screen).file.clone();
    // Typed after a ctrl-z that did nothing, `fg` and enter once wrote the file.
    screen.app.update(ctrl('z'));
    assert!(
        screen.app.take_suspend(),
        "ctrl-z suspends from the preview"
    );
    screen.keys("fg");
    screen.key(KeyCode::Enter);
    assert!(!file.exists(), "enter does not write");
    assert!(matches!(screen.app.modal(), Modal::Export(_)));
    screen.key(KeyCode::Esc);
    screen.keys("n");
    screen.app.update(ctrl('z'));
    assert!(screen.app.take_suspend(), "and from the note editor");
    let Modal::Note { editor, .. } = screen.app.modal() else {
        panic!("the note editor stays open");
    };
    assert_eq!(editor.lines().join(""), "", "ctrl-z typed nothing");
    for open in [
        &[Action::Cancel, Action::Search][..],
        &[Action::Cancel, Action::Cancel, Action::Help][..],
    ] {
        screen.act(open);
        screen.app.update(ctrl('z'));
        assert!(screen.app.take_suspend(), "in {:?}", screen.app.mode());
    }
}

#[test]
fn at_80_columns_the_search_box_keeps_the_whole_query() {
    let mut screen = Screen::new(PEOPLE);
    screen.keys("1");
    screen.keys("/ada lovelace");
    let shown = screen.render(80, 24);
    let bar = shown.lines().nth(1).expect("the search line");
    assert!(bar.contains("/ ada lovelace"), "{bar}");
    assert!(bar.contains("0 here, 1 elsewhere"), "{bar}");
}

#[test]
fn the_preview_says_in_itself_why_a_file_was_refused() {
    let mut screen = Screen::new(PEOPLE);
    screen.keys("1e");
    screen.keys("d");
    for _ in 0..200 {
        screen.key(KeyCode::Backspace);
    }
    screen.keys("missing/x.csv");
    screen.key(KeyCode::Enter);
    assert_eq!(
        screen.app.mode(),
        Mode::Path,
        "a missing folder is refused at once"
    );
    assert!(
        dialog(&screen)
            .error
            .as_deref()
            .is_some_and(|e| e.contains("does not exist")),
        "{:?}",
        dialog(&screen).error
    );
    screen.key(KeyCode::Esc);
    let file = dialog(&screen).file.clone();
    std::fs::write(&file, "mine\n").unwrap();
    screen.keys("y");
    let shown = screen.render(80, 24);
    assert!(shown.contains("Not written, nothing recorded"), "{shown}");
    assert!(
        shown.contains("choose another (d)"),
        "said whole, in the preview:\n{shown}"
    );
    assert!(
        !shown.contains("--force"),
        "no command-line advice on the screen:\n{shown}"
    );
}

#[test]
fn marking_a_contact_to_review_again_as_it_was_answers_the_flag_at_once() {
    let mut screen = with_states();
    for _ in 0..5 {
        screen.act(&[Action::NextView]);
    }
    assert_eq!(screen.app.view(), View::ReviewAgain);
    // Charles is don't know after the merge; don't know again answers the flag.
    screen.keys("3");
    assert_eq!(screen.app.rows(), 0, "he leaves the Review again view");
}

#[test]
fn a_bulk_mark_made_from_an_unmarked_row_leaves_the_cursor_there() {
    let mut screen = Screen::new(PEOPLE);
    screen.keys("   ");
    screen.act(&[Action::MoveDown, Action::MoveDown]);
    assert_eq!(screen.current(), "Alan Turing");
    screen.keys("1");
    assert_eq!(screen.current(), "Alan Turing");
}

#[test]
fn c_says_a_probable_connection_is_not_the_same_person_and_takes_it_back() {
    let mut screen = with_states();
    while screen.current() != "Grace Hopper" {
        screen.act(&[Action::MoveDown]);
    }
    let shown = screen.render(120, 35);
    assert!(
        shown.contains("probably connected on LinkedIn: Grace Hopper, connected 01 Jan 2024"),
        "{shown}"
    );
    screen.keys("c");
    let shown = screen.render(120, 35);
    assert!(
        shown.contains("not the LinkedIn connection Grace Hopper, connected 01 Jan 2024"),
        "{shown}"
    );
    assert!(
        !row_of(&shown, "Grace Hopper").contains(" l "),
        "no marker:\n{shown}"
    );
    let stored = |screen: &Screen| {
        let reader =
            vetted::store::Workspace::open_read_only(&screen.dir.path().join("workspace.sqlite3"))
                .unwrap()
                .unwrap();
        let grace = reader
            .contacts(None)
            .unwrap()
            .into_iter()
            .find(|c| c.name == "Grace Hopper")
            .unwrap();
        (grace.signals.linkedin, grace.signals.not_connected)
    };
    assert_eq!(
        stored(&screen),
        (vetted::contact::LinkedIn::NotConnected, true)
    );
    screen.keys("c");
    assert_eq!(
        stored(&screen),
        (vetted::contact::LinkedIn::ProbablyConnected, false)
    );
    assert!(row_of(&screen.render(120, 35), "Grace Hopper").contains(" l "));
}
