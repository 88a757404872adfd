//! The project's own fixtures (tests/fixtures), one per quirk that FORMATS.md names, imported
//! through the real binary: the contacts, the encoding the summary names, and the problems it
//! reports with their file:line.

mod common;

use common::{Sandbox, own_fixture};

type Expected = &'static [(&'static str, &'static [&'static str])];

struct Case {
    file: &'static str,
    /// The summary's first line after the file name: format, encoding, records.
    summary: &'static str,
    contacts: Expected,
    /// Lines the summary must contain (problems with file:line, skip counts).
    reports: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case {
        file: "google-contacts.csv",
        summary: "Google Contacts CSV, UTF-8, 5 records",
        contacts: &[
            (
                "Zoë Ångström",
                &[
                    "zoe.angstrom@mail.example",
                    "zoe@nordic-optics.example",
                    "zoe.home@mail.example",
                ],
            ),
            (
                "Jürgen Weiß",
                &["j.weiss@firma.example", "jurgen.weiss@web.example"],
            ),
            ("Blue Harbour", &["info@blueharbour.example"]),
            (
                "Seven Addresses",
                &[
                    "s1@seven.example",
                    "s2@seven.example",
                    "s3@seven.example",
                    "s4@seven.example",
                    "s5@seven.example",
                    "s6@seven.example",
                    "s7@seven.example",
                ],
            ),
        ],
        reports: &[
            "1 skipped: 1 without an email address",
            "google-contacts.csv:7: skipped, no email address (No Address)",
        ],
    },
    Case {
        file: "google-legacy-utf16.csv",
        summary: "Google CSV (legacy layout), UTF-16LE, 2 records",
        contacts: &[
            (
                "Sakura Tanaka",
                &[
                    "sakura@kaisha.example",
                    "sakura.t@mail.example",
                    "tanaka.sakura@mail.example",
                ],
            ),
            ("Øyvind Ås", &["oyvind@fjord.example"]),
        ],
        reports: &[],
    },
    Case {
        file: "outlook-exchange.csv",
        summary: "Outlook CSV, UTF-8, 3 records",
        contacts: &[
            ("Priya Raman", &["priya.raman@tessellate.example"]),
            ("Tom Exchange", &["tom@personal.example"]),
        ],
        reports: &[
            "1 skipped: 1 with an invalid email address",
            "outlook-exchange.csv:3: invalid email address \"/O=EXCHANGELABS/OU=EXCHANGE ADMINISTRATIVE GROUP (FYDIBOHF23SPDLT)/CN=RECIPIENTS/CN=TOM\" (ignored; the record's other addresses were imported)",
            "outlook-exchange.csv:4: invalid email address \"/O=EXCHANGELABS/OU=EXCHANGE/CN=RECIPIENTS/CN=ONLY\" (record skipped)",
        ],
    },
    Case {
        file: "outlook-german-1252.csv",
        summary: "Outlook CSV (German headers), windows-1252 (detected), 2 records",
        contacts: &[
            ("Jürgen Müller", &["juergen.mueller@baeckerei.example"]),
            (
                "Renée Größe",
                &["renee.groesse@mail.example", "r.g@work.example"],
            ),
        ],
        reports: &[],
    },
    Case {
        file: "thunderbird-uk.csv",
        summary: "Thunderbird CSV, UTF-8, 2 records",
        contacts: &[
            (
                "Siobhán O'Brien",
                &["siobhan@obrien.example", "s.obrien@uni.example"],
            ),
            ("Ravi Patel", &["ravi.patel@mail.example"]),
        ],
        reports: &[],
    },
    Case {
        file: "thunderbird-tabs.tsv",
        summary: "Thunderbird CSV, UTF-8, 2 records",
        contacts: &[
            ("Ana Silva", &["ana.silva@correio.example"]),
            ("Bo Lind", &["bo@lind.example", "bo.lind@work.example"]),
        ],
        reports: &[],
    },
    Case {
        file: "generic-french.csv",
        summary: "CSV (French headers), UTF-8, 2 records",
        contacts: &[
            ("Hélène Dubois", &["helene.dubois@atelier.example"]),
            ("François Lefèvre", &["francois@lefevre.example"]),
        ],
        reports: &[],
    },
    Case {
        file: "generic-unknown-header.csv",
        summary: "CSV, UTF-8, 2 records",
        contacts: &[
            ("Νίκος", &["nikos@example.gr"]),
            ("Ελένη", &["eleni@example.gr"]),
        ],
        reports: &[],
    },
    Case {
        file: "linkedin-connections-old.csv",
        summary: "LinkedIn connections, UTF-8, 2 records",
        contacts: &[],
        reports: &["2 LinkedIn connections recorded"],
    },
    Case {
        file: "linkedin-connections-url.csv",
        summary: "LinkedIn connections, UTF-8, 1 record",
        contacts: &[],
        reports: &["1 LinkedIn connection recorded"],
    },
    Case {
        file: "linkedin-invitations.csv",
        summary: "LinkedIn invitations, UTF-8, 3 records",
        contacts: &[],
        reports: &[
            "2 invitations sent (0 to contacts here, by name)",
            "1 invitation received (0 from contacts here, by name): accept those on LinkedIn; they are never answered with an invitation of yours",
        ],
    },
    Case {
        file: "linkedin-invitations-old.csv",
        summary: "LinkedIn invitations, UTF-8, 2 records",
        contacts: &[],
        reports: &["1 invitation sent (0 to contacts here, by name)"],
    },
    Case {
        file: "vcard21-outlook.vcf",
        summary: "vCard, UTF-8, 3 records",
        contacts: &[
            (
                "Émile Zola du Mont-Saint-Michel",
                &["emile@librairie.example", "emile.zola@mail.example"],
            ),
            ("Jürgen Faßbender", &["jurgen@fassbender.example"]),
            ("José Martínez", &["jose@martinez.example"]),
        ],
        reports: &[],
    },
    Case {
        file: "vcard30-apple.vcf",
        summary: "vCard, UTF-8, 2 records",
        contacts: &[
            (
                "Aoife O'Connor",
                &["aoife@harbourlane.example", "aoife.oconnor@mail.example"],
            ),
            ("李 小龙", &["xiaolong.li@mail.example"]),
        ],
        reports: &[],
    },
    Case {
        file: "vcard40.vcf",
        summary: "vCard, UTF-8, 4 records",
        contacts: &[
            (
                "Kwame Mensah",
                &[
                    "kwame.mensah@work.example",
                    "kwame@home.example",
                    "kwame.m@alt.example",
                ],
            ),
            ("anonymous.sender", &["anonymous.sender@mail.example"]),
        ],
        reports: &[
            "2 skipped: 1 group (not a person); 1 without an email address",
            "vcard40.vcf:9 (card #2): skipped, a group, not a person (Book Club)",
            "vcard40.vcf:20 (card #4): skipped, no email address (Phone Only)",
        ],
    },
    Case {
        file: "vcard-8bit-1252.vcf",
        summary: "vCard, windows-1252 (detected), 2 records",
        contacts: &[
            ("Björn Åkesson", &["bjorn@akesson.example"]),
            ("Françoise Noël", &["francoise@noel.example"]),
        ],
        reports: &[],
    },
    Case {
        // A UTF-8 export with one row typed in on a Windows machine: the UTF-8 rows keep their
        // addresses exactly; only the row that is not UTF-8 is read as windows-1252.
        file: "utf8-with-a-1252-line.csv",
        summary: "CSV, UTF-8, but line 4 in windows-1252 (detected), 4 records",
        contacts: &[
            ("Jörg Bücher", &["jörg@bücher.example"]),
            ("Zoë Ångström", &["zoe@optik.example"]),
            ("Françoise Noël", &["francoise@noël.example"]),
            ("Renée Größe", &["renée@grösse.example"]),
        ],
        reports: &[],
    },
    Case {
        file: "vcard-utf8-with-a-1252-line.vcf",
        summary: "vCard, UTF-8, but line 8 in windows-1252 (detected), 2 records",
        contacts: &[
            ("Björn Åkesson", &["björn@åkesson.example"]),
            ("Françoise Noël", &["francoise@noel.example"]),
        ],
        reports: &[],
    },
    Case {
        file: "vcard30-fold-splits-utf8.vcf",
        summary: "vCard, UTF-8, 1 record",
        contacts: &[("Zoë Ångström-Ødegård", &["zoe@optik.example"])],
        reports: &[],
    },
    Case {
        file: "thunderbird.ldif",
        summary: "LDIF, UTF-8, 3 records",
        contacts: &[(
            "Søren Kierkegård",
            &["soren@filosofi.example", "s.kierkegaard@uni.example"],
        )],
        reports: &[
            "thunderbird.ldif:1: skipped, a group, not a person (Reading group)",
            "thunderbird.ldif:20: skipped, no email address (Nobody)",
        ],
    },
];

#[test]
fn each_quirk_imports_as_expected() {
    let mut failures = Vec::new();
    for case in CASES {
        let sandbox = Sandbox::new();
        let path = own_fixture(case.file);
        let run = sandbox.run(&["import", path.to_str().expect("utf-8")]);
        if run.code != 0 {
            failures.push(format!("{}: exit {}: {}", case.file, run.code, run.stderr));
            continue;
        }
        let first = run.stdout.lines().next().unwrap_or("");
        if !first.ends_with(&format!("{}: {}", case.file, case.summary)) {
            failures.push(format!(
                "{}: summary {first:?}, want {:?}",
                case.file, case.summary
            ));
        }
        for report in case.reports {
            if !run
                .stdout
                .lines()
                .any(|line| line.trim() == *report || line.trim().starts_with(report))
            {
                failures.push(format!(
                    "{}: no line {report:?} in\n{}",
                    case.file, run.stdout
                ));
            }
        }
        let got = sandbox.contacts();
        let want: Vec<(String, Vec<String>)> = case
            .contacts
            .iter()
            .map(|(name, emails)| {
                (
                    name.to_string(),
                    emails.iter().map(|e| e.to_string()).collect(),
                )
            })
            .collect();
        if got != want {
            failures.push(format!("{}:\n  got  {got:?}\n  want {want:?}", case.file));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_own_fixture_is_covered() {
    let folder = own_fixture("");
    for entry in std::fs::read_dir(folder).expect("fixtures folder") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        // The mail and LinkedIn scenarios of tests/signals.rs use these; the duplicates
        // scenario of tests/duplicates.rs the last two.
        let scenario = [
            "mail-history.mbox",
            "mail-history-book.csv",
            "linkedin-people.csv",
            "duplicates-book.csv",
            "team-card.vcf",
            // tests/evidence.rs: notes, labels and phones in each format.
            "evidence-phone.vcf",
            "evidence-google.csv",
            "evidence-outlook.csv",
            "evidence-thunderbird.ldif",
        ];
        let known = CASES.iter().any(|c| c.file == name) || scenario.contains(&name.as_str());
        assert!(known, "{name} has no expectation");
    }
}

#[test]
fn forcing_a_format_is_obeyed_or_refused_with_the_reason() {
    let sandbox = Sandbox::new();
    let vcard = own_fixture("vcard40.vcf");
    // A CSV layout forced on a vCard file would read rows of nothing: refused, saying why.
    let run = sandbox.run(&["import", "--format", "csv", vcard.to_str().expect("utf-8")]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stderr.contains(
            "vcard40.vcf: --format csv does not fit this file: it is a vCard file; leave --format out to read it as one"
        ),
        "{}",
        run.stderr
    );
    assert!(!sandbox.workspace().exists(), "nothing was created");
    let csv = own_fixture("generic-french.csv");
    let run = sandbox.run(&["import", "--format", "google", csv.to_str().expect("utf-8")]);
    assert!(run.stdout.contains("Google Contacts CSV"), "{}", run.stdout);
    let headerless = sandbox.path("headerless.csv");
    std::fs::write(&headerless, "Ada,ada@x.org\n").expect("write");
    let run = sandbox.run(&[
        "import",
        "--format",
        "outlook",
        headerless.to_str().expect("utf-8"),
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("--format outlook does not fit this file"),
        "{}",
        run.stderr
    );
}
