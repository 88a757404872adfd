//! The export contract, on random workspaces: for every format, every exported contact's verdict
//! allows it, nobody allowed is missing (up to the limit), and batches never repeat a contact and
//! together cover everyone eligible, strongest mail relationships first. Contacts are merged by
//! later imports, connected on LinkedIn (by address or by name), invited there, given mail
//! history, and exported in earlier batches, at random.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;
use vetted::contact::Verdict;
use vetted::export::{self, ExportFormat, ExportKind, Options, Settings};
use vetted::import::{FormatChoice, parse};
use vetted::store::{ContactId, LinkedIn, Origin, SourceFile, Workspace};

const FORMATS: [ExportFormat; 4] = [
    ExportFormat::Csv,
    ExportFormat::Vcard,
    ExportFormat::Emails,
    ExportFormat::Outreach,
];

fn address(n: usize) -> String {
    // Mixed case on purpose: identity ignores it.
    if n.is_multiple_of(3) {
        format!("Person{n}@Example.org")
    } else {
        format!("person{n}@example.org")
    }
}

#[derive(Clone, Debug)]
struct Plan {
    /// Files of records; each record has one or two addresses from a small pool, so records in
    /// different files (and the same file) share addresses and merge.
    files: Vec<Vec<Vec<usize>>>,
    verdicts: Vec<(usize, Verdict)>,
    notes: Vec<(usize, String)>,
    connected: Vec<usize>,
    /// Record names ("Record 3") the user invited on LinkedIn, and ones connected without an
    /// address.
    invited: Vec<usize>,
    connected_by_name: Vec<usize>,
    /// Mail history: (address, sent, received).
    mail: Vec<(usize, u32, u32)>,
    /// Earlier batches: (outreach?, limit).
    batches: Vec<(bool, usize)>,
    /// A file imported after the batches, which may merge exported contacts with others.
    late_file: Vec<Vec<usize>>,
    limit: usize,
}

fn verdict() -> impl Strategy<Value = Verdict> {
    prop_oneof![
        Just(Verdict::Unreviewed),
        Just(Verdict::KnowWell),
        Just(Verdict::Vaguely),
        Just(Verdict::DontKnow)
    ]
}

fn records(pool: usize) -> impl Strategy<Value = Vec<Vec<usize>>> {
    prop::collection::vec(prop::collection::vec(0..pool, 1..3), 0..12)
}

fn plan() -> impl Strategy<Value = Plan> {
    let pool = 30usize;
    (
        prop::collection::vec(records(pool), 1..4),
        prop::collection::vec((0..pool, verdict()), 0..40),
        prop::collection::vec((0..pool, "[a-z =+@-]{0,20}"), 0..8),
        prop::collection::vec(0..pool, 0..4),
        prop::collection::vec((any::<bool>(), 1usize..6), 0..4),
        records(pool),
        1usize..12,
        (
            prop::collection::vec(0usize..12, 0..3),
            prop::collection::vec(0usize..12, 0..3),
            prop::collection::vec((0..pool, 0u32..4, 0u32..4), 0..10),
        ),
    )
        .prop_map(
            |(
                files,
                verdicts,
                notes,
                connected,
                batches,
                late_file,
                limit,
                (invited, connected_by_name, mail),
            )| Plan {
                files,
                verdicts,
                notes,
                connected,
                invited,
                connected_by_name,
                mail,
                batches,
                late_file,
                limit,
            },
        )
}

fn csv_of(records: &[Vec<usize>]) -> String {
    let mut text = String::from("Name,E-mail 1 - Value,E-mail 2 - Value\n");
    for (i, addresses) in records.iter().enumerate() {
        let second = addresses.get(1).map(|n| address(*n)).unwrap_or_default();
        text.push_str(&format!("Record {i},{},{second}\n", address(addresses[0])));
    }
    text
}

fn import(workspace: &mut Workspace, name: &str, text: &str) {
    let parsed = parse(text.as_bytes(), FormatChoice::Auto).expect("parses");
    workspace
        .import(
            &SourceFile {
                path: name.to_string(),
            },
            &parsed,
            false,
            &mut |_| {},
        )
        .expect("imports");
}

fn build(plan: &Plan) -> Workspace {
    let mut workspace = Workspace::open_in_memory().expect("workspace");
    for (i, file) in plan.files.iter().enumerate() {
        import(&mut workspace, &format!("/f{i}.csv"), &csv_of(file));
    }
    for (n, verdict) in &plan.verdicts {
        if let Some(id) = workspace.find_address(&address(*n)).expect("query") {
            workspace
                .set_verdicts(&[(id, *verdict)], Origin::Cli)
                .expect("mark");
        }
    }
    for (n, note) in &plan.notes {
        if let Some(id) = workspace.find_address(&address(*n)).expect("query") {
            workspace.set_note(id, note).expect("note");
        }
    }
    if !plan.connected.is_empty() {
        let mut text =
            String::from("First Name,Last Name,Email Address,Company,Position,Connected On\n");
        for n in &plan.connected {
            text.push_str(&format!(
                "C,{n},{},,,1 Jan 2024\n",
                address(*n).to_uppercase()
            ));
        }
        import(&mut workspace, "/Connections.csv", &text);
    }
    if !plan.connected_by_name.is_empty() {
        let mut text =
            String::from("First Name,Last Name,Email Address,Company,Position,Connected On\n");
        for n in &plan.connected_by_name {
            text.push_str(&format!("Record,{n},,,,2 Jan 2024\n"));
        }
        import(&mut workspace, "/Connections-by-name.csv", &text);
    }
    if !plan.invited.is_empty() {
        let mut text = String::from("From,To,Sent At,Message,Direction\n");
        for n in &plan.invited {
            text.push_str(&format!("Me,Record {n},\"1/29/26, 2:37 PM\",,OUTGOING\n"));
        }
        import(&mut workspace, "/Invitations.csv", &text);
    }
    if !plan.mail.is_empty() {
        let mut history = vetted::mail::History::default();
        for (n, sent, received) in &plan.mail {
            let key = address(*n).to_lowercase();
            if history.correspondents.iter().any(|c| c.key == key) {
                continue;
            }
            history.correspondents.push(vetted::mail::Correspondent {
                key,
                sent: *sent,
                received: *received,
                last: Some(i64::from(*sent * 10 + *received)),
                ..Default::default()
            });
        }
        let source = SourceFile {
            path: "/mail.mbox".into(),
        };
        workspace
            .import_mail(&source, "mbox", &history, None, false)
            .expect("mail history");
    }
    for (outreach, limit) in &plan.batches {
        let kind = if *outreach {
            ExportKind::Outreach
        } else {
            ExportKind::Invite
        };
        let selection = export::select(
            &workspace,
            kind,
            Options {
                limit: *limit,
                include_exported: false,
            },
        )
        .expect("select");
        export::record(
            &mut workspace,
            &selection.vetted,
            "test",
            std::path::Path::new("/batch"),
        )
        .expect("record");
    }
    import(&mut workspace, "/late.csv", &csv_of(&plan.late_file));
    assert_eq!(workspace.problems().expect("check"), Vec::<String>::new());
    workspace
}

/// The addresses a rendered file holds, in order, read back from the bytes.
fn addresses_in(bytes: &[u8], format: ExportFormat) -> Vec<String> {
    let text = String::from_utf8(bytes.to_vec()).expect("exports are UTF-8");
    match format {
        ExportFormat::Emails => text.lines().map(str::to_string).collect(),
        ExportFormat::Vcard => text
            .lines()
            .filter_map(|l| l.strip_prefix("EMAIL;TYPE=INTERNET:"))
            .map(|a| a.trim_end().to_string())
            .collect(),
        ExportFormat::Csv | ExportFormat::Outreach => {
            let column = if format == ExportFormat::Csv { 2 } else { 1 };
            let mut reader = csv::Reader::from_reader(text.as_bytes());
            reader
                .records()
                .map(|r| r.expect("valid CSV")[column].to_string())
                .collect()
        }
    }
}

struct Truth {
    verdict: BTreeMap<ContactId, Verdict>,
    /// Connected or invited on LinkedIn: never exported.
    connected: BTreeSet<ContactId>,
    relationship: BTreeMap<ContactId, (bool, u32, u32, u32, Option<i64>)>,
    exported: BTreeMap<&'static str, BTreeSet<ContactId>>,
}

fn truth(workspace: &Workspace) -> Truth {
    let mut truth = Truth {
        verdict: BTreeMap::new(),
        connected: BTreeSet::new(),
        relationship: BTreeMap::new(),
        exported: BTreeMap::new(),
    };
    for kind in ["invite", "outreach"] {
        for candidate in workspace.export_candidates(kind).expect("candidates") {
            truth.verdict.insert(candidate.id, candidate.verdict);
            if candidate.signals.linkedin != LinkedIn::NotConnected || candidate.signals.invited {
                truth.connected.insert(candidate.id);
            }
            let signals = candidate.signals;
            truth.relationship.insert(
                candidate.id,
                (
                    signals.sent > 0 && signals.received > 0,
                    signals.sent.min(signals.received),
                    signals.sent,
                    signals.received,
                    signals.last_contact,
                ),
            );
            if candidate.exported {
                truth.exported.entry(kind).or_default().insert(candidate.id);
            }
        }
    }
    truth
}

/// Who an export may take, in the order it takes them: strongest relationship first, then
/// import order.
fn eligible(truth: &Truth, kind: ExportKind, include_exported: bool) -> Vec<ContactId> {
    let mut ids: Vec<ContactId> = truth
        .verdict
        .iter()
        .filter(|(id, verdict)| {
            **verdict == kind.allowed()
                && !truth.connected.contains(id)
                && (include_exported
                    || !truth
                        .exported
                        .get(kind.as_str())
                        .is_some_and(|e| e.contains(id)))
        })
        .map(|(id, _)| *id)
        .collect();
    ids.sort_by_key(|id| std::cmp::Reverse(truth.relationship[id]));
    ids
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn only_allowed_contacts_are_written_and_none_is_missing(plan in plan(), include_exported in any::<bool>()) {
        let workspace = build(&plan);
        let truth = truth(&workspace);
        for format in FORMATS {
            let kind = format.kind();
            let options = Options { limit: plan.limit, include_exported };
            let selection = export::select(&workspace, kind, options).expect("select");
            let rendered = export::render(&selection.vetted, format, &Settings::default());
            let written = addresses_in(&rendered.bytes, format);
            let mut ids = Vec::new();
            for address in &written {
                let id = workspace.find_address(address).expect("query").expect("written addresses are known");
                let verdict = truth.verdict[&id];
                prop_assert_eq!(verdict, kind.allowed(), "{:?} wrote {} ({:?})", format, address, verdict);
                prop_assert!(!truth.connected.contains(&id), "{:?} wrote connected {}", format, address);
                ids.push(id);
            }
            let expected: Vec<ContactId> = eligible(&truth, kind, include_exported).into_iter().take(plan.limit).collect();
            prop_assert_eq!(&ids, &expected, "{:?}: written vs eligible (first {})", format, plan.limit);
            let total = eligible(&truth, kind, include_exported).len();
            prop_assert_eq!(selection.remaining, total - ids.len());
        }
    }

    #[test]
    fn batches_never_repeat_and_cover_everyone_eligible(plan in plan()) {
        let mut workspace = build(&plan);
        let truth = truth(&workspace);
        for kind in [ExportKind::Invite, ExportKind::Outreach] {
            let goal: BTreeSet<ContactId> = eligible(&truth, kind, false).into_iter().collect();
            let mut seen = BTreeSet::new();
            loop {
                let selection = export::select(&workspace, kind, Options { limit: plan.limit, include_exported: false }).expect("select");
                if selection.vetted.is_empty() {
                    break;
                }
                for row in selection.vetted.rows() {
                    prop_assert!(seen.insert(row.id), "{:?} repeated in a later batch", row.id);
                }
                export::record(&mut workspace, &selection.vetted, "test", std::path::Path::new("/b")).expect("record");
            }
            prop_assert_eq!(seen, goal);
        }
    }
}

#[test]
fn a_merge_carries_export_history_and_caution() {
    let mut workspace = Workspace::open_in_memory().expect("workspace");
    import(
        &mut workspace,
        "/a.csv",
        "Name,Email\nAda,ada@work.org\nAda Home,ada@home.org\n",
    );
    let work = workspace.find_address("ada@work.org").unwrap().unwrap();
    let home = workspace.find_address("ada@home.org").unwrap().unwrap();
    workspace
        .set_verdicts(
            &[(work, Verdict::KnowWell), (home, Verdict::KnowWell)],
            Origin::Cli,
        )
        .unwrap();
    let first = export::select(
        &workspace,
        ExportKind::Invite,
        Options {
            limit: 1,
            include_exported: false,
        },
    )
    .unwrap();
    assert_eq!(first.vetted.rows()[0].address, "ada@work.org");
    export::record(
        &mut workspace,
        &first.vetted,
        "csv",
        std::path::Path::new("/x"),
    )
    .unwrap();
    // The same person: once merged, the exported half makes the whole contact exported.
    import(
        &mut workspace,
        "/b.csv",
        "Name,E-mail 1 - Value,E-mail 2 - Value\nAda,ada@home.org,ada@work.org\n",
    );
    let next = export::select(
        &workspace,
        ExportKind::Invite,
        Options {
            limit: 10,
            include_exported: false,
        },
    )
    .unwrap();
    assert!(next.vetted.is_empty(), "{:?}", next.vetted.rows());
    assert_eq!(next.left_out.already_exported, 1);
}
