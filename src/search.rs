//! Fuzzy search over contacts: a query in, ranked contacts and match positions out.
//!
//! Each contact is one haystack, `name␟addresses␟organization␟note` (fzf's model: a line per
//! item), matched with nucleo-matcher: smart case, and Latin accents folded, so "zoe" finds
//! "Zoë Ångström" and "jurgen" finds "Jürgen". The query syntax is fzf's where it is cheap:
//! space-separated terms must all match, `'term` is an exact substring, `!term` excludes; and
//! `@domain` keeps exactly the contacts with an address at that domain (or a subdomain of it).
//!
//! Results are ranked by score; ties keep the order of the list being searched. When a query
//! extends the previous one, only the previous results are searched again ([`narrows`]). For very
//! large workspaces a [`Worker`] runs queries on its own thread, so typing never waits: the
//! newest query wins and older ones stop early.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex, RwLock};

use nucleo_matcher::pattern::{Atom, AtomKind, CaseMatching, Normalization};
use nucleo_matcher::{Config, Matcher, Utf32String};
use unicode_segmentation::UnicodeSegmentation;

/// Separates fields in a haystack; it never occurs in text and never in a query.
const SEPARATOR: char = '\u{1f}';

/// The searchable fields of a contact, in haystack order: name, addresses, organization, note,
/// and what address books and mail say of the person.
const FIELDS: usize = 5;
/// The order in which a term tries the fields; the first part that matches scores it. People
/// search for names first, so a name match stands for the contact, and one match is computed
/// where taking the best of several would cost several.
const FIELD_ORDER: [usize; FIELDS] = [0, 2, 1, 3, 4];
/// The addresses field, matched part by part: each address's local part and its domain.
const ADDRESSES: usize = 1;
/// What address books and mail say (their notes, labels, subjects), matched part by part: a
/// term picking letters from a note and a label is noise ("gym" + "Work" is not "gymwork").
const SAID: usize = 4;
/// Separates the parts of [`SAID`]; like [`SEPARATOR`], never in text nor in a query.
const PART: char = '\u{1e}';

/// One grapheme, folded: its first character, accents removed, lower-cased. Folding per
/// grapheme keeps positions aligned between a text and its folded form (for highlighting).
fn fold_grapheme(grapheme: &str) -> char {
    let first = grapheme.chars().next().unwrap_or(' ');
    // Unicode's lower case, its first character: İ is i and a dot above (nucleo-matcher's
    // left İ as it was, and `ismail` missed İsmail).
    let lower = first.to_lowercase().next().unwrap_or(first);
    crate::text::fold_char(lower)
}

fn folded_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    text.graphemes(true).map(fold_grapheme)
}

/// Appends `text` folded. ASCII without carriage returns (so one grapheme per byte) takes a
/// fast path: most contacts are plain ASCII, and segmenting them cost most of the index build.
fn push_folded(chars: &mut Vec<char>, text: &str) {
    if text.is_ascii() && !text.contains('\r') {
        chars.extend(text.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    } else {
        chars.extend(folded_chars(text));
    }
}

/// The number of graphemes in `text` (the units of a haystack).
fn grapheme_count(text: &str) -> u32 {
    if text.is_ascii() && !text.contains('\r') {
        text.len() as u32
    } else {
        text.graphemes(true).count() as u32
    }
}

/// A bit per ASCII letter, one per pair of digits (0-1, 2-3, ...), one for everything else: a
/// field whose mask lacks a bit of a term's mask cannot hold the term, whatever the kind of
/// match. Checking that costs one AND, where asking nucleo costs a prefilter pass. 32 bits, not
/// a bit per digit in 64: a mask is kept per field and per address part of every contact, and
/// the wider one cost 45 MB at a million contacts for a rarely sharper test.
fn char_mask(chars: impl IntoIterator<Item = char>) -> u32 {
    chars.into_iter().fold(0, |mask, c| mask | char_bit(c))
}

/// A character's bit in [`char_mask`].
const fn char_bit(c: char) -> u32 {
    match c {
        'a'..='z' => 1 << (c as u32 - 'a' as u32),
        '0'..='9' => 1 << (26 + (c as u32 - '0' as u32) / 2),
        _ => 1 << 31,
    }
}

mod index;

use index::Haystack;
pub use index::Index;

/// One term of a query, matched on folded text.
#[derive(Debug)]
struct Term {
    atom: Atom,
    /// [`char_mask`] of the term's characters.
    mask: u32,
    /// It holds an `@`: it is matched against whole addresses, not their halves.
    whole_addresses: bool,
    /// The same term matched case-sensitively on the original text: smart case, for terms
    /// with capitals.
    cased: Option<Cased>,
}

/// A term with capitals, matched case-sensitively. A term in plain ASCII (`Pham`) ignores
/// accents, as the folded match does: it is matched on the original text with its accents
/// taken off ([`crate::text::without_accents`]); one with accents (`Zoë`) means them, and is
/// matched on the text as written. (nucleo-matcher's own accent folding turned `ạ` into `o`,
/// so `Pham` missed Phạm.)
#[derive(Debug)]
struct Cased {
    atom: Atom,
    accents_off: bool,
}

/// A parsed query.
#[derive(Debug)]
pub struct Query {
    text: String,
    terms: Vec<Term>,
    /// `@domain` filters, lower-cased (not folded: `@café.example` is not cafe.example).
    domains: Vec<Vec<char>>,
}

impl Query {
    pub fn parse(text: &str) -> Query {
        let mut terms = Vec::new();
        let mut domains = Vec::new();
        for word in text.split_whitespace() {
            if let Some(domain) = word.strip_prefix('@') {
                // A lone `@` is a domain not begun yet: it filters nothing.
                if !domain.is_empty() {
                    domains.push(domain.chars().flat_map(char::to_lowercase).collect());
                }
                continue;
            }
            let folded: String = folded_chars(word).collect();
            let atom = Atom::parse(&folded, CaseMatching::Respect, Normalization::Never);
            if atom.needle_text().is_empty() {
                // A lone `!` or `'`: nothing to match yet.
                continue;
            }
            let cased = word.chars().any(char::is_uppercase).then(|| Cased {
                atom: Atom::parse(word, CaseMatching::Respect, Normalization::Never),
                accents_off: word.is_ascii(),
            });
            let mask = char_mask(
                folded
                    .trim_start_matches(['!', '\'', '^'])
                    .trim_end_matches('$')
                    .chars(),
            );
            let whole_addresses = folded.contains('@');
            terms.push(Term {
                atom,
                mask,
                whole_addresses,
                cased,
            });
        }
        Query {
            text: text.to_string(),
            terms,
            domains,
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// True when the query keeps every contact.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty() && self.domains.is_empty()
    }
}

/// Whether every result of `new` is among the results of `old`, so that `new` can be run on
/// `old`'s results only. True when `new` adds terms, or extends a last term that only gets
/// stricter as it grows (not a `!` exclusion, which excludes less, nor an `@domain`, which is
/// compared whole, nor an anchored `term$`).
pub fn narrows(old: &str, new: &str) -> bool {
    if old.trim().is_empty() || !new.starts_with(old) {
        return false;
    }
    let extension = &new[old.len()..];
    if extension.is_empty() {
        return true;
    }
    if old.ends_with(char::is_whitespace) || extension.starts_with(char::is_whitespace) {
        return true;
    }
    let last = old.split_whitespace().last().unwrap_or("");
    !(last.starts_with('!')
        || last.starts_with('@')
        || last.ends_with('$')
        || last == "'"
        || last == "^")
}

/// Match positions of the displayed fields, in graphemes of each field's own text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Highlights {
    pub name: Vec<usize>,
    pub address: Vec<usize>,
    pub organization: Vec<usize>,
    /// In the note (not a column: the details pane shows it).
    pub note: Vec<usize>,
}

/// The matching engine (it owns nucleo's scratch memory).
pub struct Searcher {
    matcher: Matcher,
}

impl Default for Searcher {
    fn default() -> Self {
        Searcher {
            matcher: Matcher::new(Config::DEFAULT),
        }
    }
}

/// How often a long search checks whether it is still wanted.
const CHECK_EVERY: usize = 4096;
/// Below this many candidates, one thread is quicker than starting another.
const PARALLEL_ABOVE: usize = 20_000;

/// Scores one term against one haystack: in the first field that matches (in
/// [`FIELD_ORDER`]) for terms that must stay within a field (fuzzy, prefix, postfix, exact);
/// on the whole haystack for substrings, which cannot cross a separator anyway. `None` when
/// the term rules the contact out.
fn score_term(term: &Term, haystack: &Haystack, matcher: &mut Matcher) -> Option<u16> {
    let atom = &term.atom;
    let lacks = |mask: u32| term.mask & !mask != 0;
    let score = if atom.negative {
        // Excluded when any field holds the term; fields that cannot hold it are skipped.
        if lacks(haystack.entry.masks[FIELDS]) {
            Some(0)
        } else if atom.kind == AtomKind::Substring {
            atom.score(haystack.folded.slice(..), matcher)
        } else {
            (0..FIELDS).try_fold(0, |_, field| {
                if lacks(haystack.entry.masks[field]) {
                    Some(0)
                } else {
                    atom.score(haystack.field(field), matcher)
                }
            })
        }
    } else if lacks(haystack.entry.masks[FIELDS]) {
        None
    } else if atom.kind == AtomKind::Substring {
        atom.score(haystack.folded.slice(..), matcher)
    } else {
        haystack.first_part(term.mask, term.whole_addresses, |start, part| {
            atom.score(part, matcher)
                .map(|score| weighed(score, haystack.field_at(start)))
        })
    }?;
    if let Some(Cased { atom, accents_off }) = &term.cased {
        let mut fields = (0..FIELDS).map(|field| {
            let text = haystack.original_field(field);
            if *accents_off {
                Utf32String::from(crate::text::without_accents(&text).as_str())
            } else {
                Utf32String::from(text.as_str())
            }
        });
        let found = if atom.negative {
            fields.all(|text| atom.score(text.slice(..), matcher).is_some())
        } else {
            fields.any(|text| atom.score(text.slice(..), matcher).is_some())
        };
        if !found {
            return None;
        }
    }
    Some(score)
}

/// Each step of field weight outweighs any score a term gets within a field.
const FIELD_STEP: u16 = 4096;

/// A term's score in `field`, weighed by what a match there says: a name or an address is who
/// the user means, an organization less so, a note least (a note that mentions Zoë is not
/// Zoë).
fn weighed(score: u16, field: usize) -> u16 {
    let weight = match field {
        0 | ADDRESSES => 2,
        2 => 1,
        _ => 0,
    };
    score.min(FIELD_STEP - 1) + weight * FIELD_STEP
}

fn score(query: &Query, haystack: &Haystack, matcher: &mut Matcher) -> Option<u32> {
    if !query
        .domains
        .iter()
        .all(|wanted| haystack.has_domain(wanted))
    {
        return None;
    }
    let mut total = 0u32;
    for term in &query.terms {
        total += u32::from(score_term(term, haystack, matcher)?);
    }
    Some(total)
}

impl Searcher {
    /// Ranks `candidates` (positions into the index, in list order) against `query`: best
    /// first, ties in list order. Returns `None` if `cancelled` says so before the end.
    pub fn rank(
        &mut self,
        index: &Index,
        query: &Query,
        candidates: &[u32],
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Option<Vec<u32>> {
        if query.is_empty() {
            return Some(candidates.to_vec());
        }
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(8);
        if threads == 1 || candidates.len() <= PARALLEL_ABOVE {
            let ranked = rank_part(index, query, candidates, 0, &mut self.matcher, cancelled)?;
            return Some(
                ranked
                    .into_iter()
                    .map(|(_, _, position)| position)
                    .collect(),
            );
        }
        // Each thread scores and sorts its share; the sorted shares are then merged (sorting
        // all the matches on one thread was a quarter of a search that matches most contacts).
        let chunk = candidates.len().div_ceil(threads);
        let parts: Vec<Option<Vec<Ranked>>> = std::thread::scope(|scope| {
            let handles: Vec<_> = candidates
                .chunks(chunk)
                .enumerate()
                .map(|(n, part)| {
                    scope.spawn(move || {
                        let mut matcher = Matcher::new(Config::DEFAULT);
                        rank_part(index, query, part, n * chunk, &mut matcher, cancelled)
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or(None))
                .collect()
        });
        let mut merged: Vec<Ranked> = Vec::new();
        for part in parts {
            merged = merge(merged, part?);
        }
        Some(
            merged
                .into_iter()
                .map(|(_, _, position)| position)
                .collect(),
        )
    }

    /// Where `query` matches the displayed fields of the contact at `position`.
    pub fn highlights(&mut self, index: &Index, query: &Query, position: usize) -> Highlights {
        let mut highlights = Highlights::default();
        let Some(haystack) = index.haystack(position) else {
            return highlights;
        };
        let mut indices = Vec::new();
        for term in query.terms.iter().filter(|t| !t.atom.negative) {
            if term.atom.kind == AtomKind::Substring {
                term.atom
                    .indices(haystack.folded.slice(..), &mut self.matcher, &mut indices);
                continue;
            }
            // The part ranking used: the first that matches.
            let matcher = &mut self.matcher;
            let found = haystack.first_part(term.mask, term.whole_addresses, |start, part| {
                let mut within = Vec::new();
                term.atom
                    .indices(part, matcher, &mut within)
                    .map(|_| (start, within))
            });
            if let Some((start, within)) = found {
                indices.extend(within.into_iter().map(|i| i + start));
            }
        }
        indices.sort_unstable();
        indices.dedup();
        let ends = haystack.entry.ends;
        let name_end = ends[0];
        let address_start = name_end + 1;
        let organization_start = ends[1] + 1;
        for at in indices {
            if at < name_end {
                highlights.name.push(at as usize);
            } else if (address_start..haystack.entry.preferred_end).contains(&at) {
                highlights.address.push((at - address_start) as usize);
            } else if (organization_start..ends[2]).contains(&at) {
                highlights
                    .organization
                    .push((at - organization_start) as usize);
            } else if (ends[2] + 1..ends[3]).contains(&at) {
                highlights.note.push((at - ends[2] - 1) as usize);
            }
        }
        highlights
    }
}

/// A match, as ranked: best score first, then the candidate's place in the list (equal scores
/// keep the list's order, so an unstable, faster sort gives the stable order), then its
/// position in the index.
type Ranked = (std::cmp::Reverse<u32>, u32, u32);

/// Scores `candidates` (the list's from place `first` on) and sorts the matches.
fn rank_part(
    index: &Index,
    query: &Query,
    candidates: &[u32],
    first: usize,
    matcher: &mut Matcher,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Option<Vec<Ranked>> {
    let mut ranked = Vec::new();
    for (n, &position) in candidates.iter().enumerate() {
        if n % CHECK_EVERY == CHECK_EVERY - 1 && cancelled() {
            return None;
        }
        if let Some(haystack) = index.haystack(position as usize)
            && let Some(score) = score(query, &haystack, matcher)
        {
            ranked.push((std::cmp::Reverse(score), (first + n) as u32, position));
        }
    }
    ranked.sort_unstable();
    Some(ranked)
}

/// Two sorted lists as one sorted list.
fn merge(a: Vec<Ranked>, b: Vec<Ranked>) -> Vec<Ranked> {
    crate::sorting::merge(a, b, Ord::cmp)
}

/// What a search looks at, and how its matches split between the view and the rest: a
/// snapshot of the list, shared with the worker without copying it.
#[derive(Clone, Debug, Default)]
pub struct Scope {
    /// The view's list in its order (what the view shows without a search).
    pub list: Arc<Vec<usize>>,
    /// Whether the view shows each contact, by position.
    pub in_view: Arc<Vec<bool>>,
    /// Changes whenever `in_view` does: an answer for another stamp is split again.
    pub stamp: u64,
}

impl Scope {
    /// Every contact, the view's first in its order (ties keep the list's order), then the
    /// others in the workspace's order.
    pub fn everyone(&self) -> Vec<u32> {
        let mut all = Vec::with_capacity(self.in_view.len());
        all.extend(self.list.iter().map(|i| *i as u32));
        all.extend(
            self.in_view
                .iter()
                .enumerate()
                .filter(|(_, shown)| !**shown)
                .map(|(i, _)| i as u32),
        );
        all
    }

    /// The view's matches and the others, each still ranked. Positions past the list would be
    /// an answer for another list: never shown.
    pub fn split(&self, ranked: &[u32]) -> (Vec<usize>, Vec<usize>) {
        let in_view = &self.in_view;
        ranked
            .iter()
            .map(|p| *p as usize)
            .filter(|p| *p < in_view.len())
            .partition(|p| in_view[*p])
    }
}

/// A query for the worker.
struct Job {
    generation: u64,
    text: String,
    scope: Scope,
    /// The text of the answer last shown, when this query narrows it: only its matches are
    /// ranked again (the worker keeps them), else every contact is.
    narrows: Option<String>,
}

/// The matches for the query of a generation: ranked, split between the view and the rest.
#[derive(Debug)]
pub struct Answer {
    pub generation: u64,
    pub text: String,
    pub here: Vec<usize>,
    pub elsewhere: Vec<usize>,
    /// The [`Scope::stamp`] the split was made with.
    pub stamp: u64,
}

/// Lowers this thread's priority (and so that of the threads it starts) below the screen's:
/// on two cores, two threads ranking and the screen's own thread were three for two, and a
/// keystroke sometimes waited for a time slice (5 ms at a million contacts). Where the system
/// does not let it, searches run as they are.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    let _ = rustix::process::setpriority_process(Some(rustix::thread::gettid()), 10);
}

/// Runs searches on a thread of its own, so that a keystroke only sends a request: even the
/// list of candidates is made there. Each request supersedes the ones before it; a search that
/// is no longer wanted stops at its next check.
pub struct Worker {
    jobs: Sender<Job>,
    answers: Receiver<Answer>,
    latest: Arc<AtomicU64>,
    /// Passed before each search: whoever holds it holds the worker (see [`Worker::gate`]).
    gate: Arc<Mutex<()>>,
}

impl Worker {
    pub fn start(index: Arc<RwLock<Index>>) -> Worker {
        let (jobs, job_receiver) = channel::<Job>();
        let (answer_sender, answers) = channel();
        let latest = Arc::new(AtomicU64::new(0));
        let wanted = Arc::clone(&latest);
        let gate = Arc::new(Mutex::new(()));
        let held = Arc::clone(&gate);
        std::thread::spawn(move || {
            lower_priority();
            let mut searcher = Searcher::default();
            // The last finished search: its text and every match, ranked.
            let mut previous: (String, Vec<u32>) = (String::new(), Vec::new());
            while let Ok(mut job) = job_receiver.recv() {
                drop(held.lock());
                // Skip straight to the newest request.
                while let Ok(newer) = job_receiver.try_recv() {
                    job = newer;
                }
                let cancelled = || wanted.load(Ordering::Relaxed) != job.generation;
                let candidates = match &job.narrows {
                    Some(text) if *text == previous.0 => std::mem::take(&mut previous.1),
                    _ => job.scope.everyone(),
                };
                let ranked = {
                    let Ok(index) = index.read() else {
                        return;
                    };
                    searcher.rank(&index, &Query::parse(&job.text), &candidates, &cancelled)
                };
                let Some(ranked) = ranked else {
                    // Stopped for a newer query; what it narrowed is still what was shown.
                    if job.narrows.is_some_and(|text| text == previous.0) {
                        previous.1 = candidates;
                    }
                    continue;
                };
                let (here, elsewhere) = job.scope.split(&ranked);
                previous = (job.text.clone(), ranked);
                let answer = Answer {
                    generation: job.generation,
                    text: job.text,
                    here,
                    elsewhere,
                    stamp: job.scope.stamp,
                };
                if answer_sender.send(answer).is_err() {
                    return;
                }
            }
        });
        Worker {
            jobs,
            answers,
            latest,
            gate,
        }
    }

    /// Asks for a search of `text` over `scope`, narrowing the answer last shown (whose text is
    /// `narrows`) when the query only narrows it; returns its generation.
    pub fn request(&self, text: &str, scope: Scope, narrows: Option<String>) -> u64 {
        let generation = self.latest.fetch_add(1, Ordering::Relaxed) + 1;
        let _ = self.jobs.send(Job {
            generation,
            text: text.to_string(),
            scope,
            narrows,
        });
        generation
    }

    /// The newest finished search, if one arrived; older answers are dropped.
    pub fn poll(&self) -> Option<Answer> {
        let latest = self.latest.load(Ordering::Relaxed);
        let mut newest = None;
        while let Ok(answer) = self.answers.try_recv() {
            if answer.generation == latest {
                newest = Some(answer);
            }
        }
        newest
    }

    /// Waits for the answer to `generation` (tests and benchmarks).
    pub fn wait(&self, generation: u64) -> Option<Answer> {
        while let Ok(answer) = self.answers.recv() {
            if answer.generation == generation {
                return Some(answer);
            }
        }
        None
    }

    /// The worker waits for this lock before each search. Tests hold it to keep searches from
    /// running and show that typing never waits for one; nothing else takes it.
    pub fn gate(&self) -> Arc<Mutex<()>> {
        Arc::clone(&self.gate)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contact::Contact;

    fn contact(id: i64, name: &str, addresses: &[&str], organization: &str, note: &str) -> Contact {
        let mut contact = Contact {
            organization: organization.into(),
            ..Contact::for_test(id, name, addresses)
        };
        contact.set_note(note.into());
        contact
    }

    fn people() -> Vec<Contact> {
        vec![
            contact(
                1,
                "Zoë Ångström",
                &["zoe@optik.example"],
                "Nordic Optics AB",
                "",
            ),
            contact(
                2,
                "Jürgen Weiß",
                &["j.weiss@firma.example", "jurgen@mail.example"],
                "Bäckerei Weiß",
                "met at FOSDEM",
            ),
            contact(3, "Zoe Adams", &["zadams@acme.example"], "Acme", ""),
            contact(
                4,
                "Adam Zoeller",
                &["adam@sub.acme.example"],
                "Acme Labs",
                "",
            ),
            contact(
                5,
                "Grace Hopper",
                &["grace@navy.example"],
                "US Navy",
                "cobol",
            ),
        ]
    }

    fn names(query: &str) -> Vec<String> {
        ranked_names(&people(), query)
    }

    fn ranked_names(contacts: &[Contact], query: &str) -> Vec<String> {
        let index = Index::build(contacts);
        let all: Vec<u32> = (0..contacts.len() as u32).collect();
        let ranked = Searcher::default()
            .rank(&index, &Query::parse(query), &all, &|| false)
            .expect("not cancelled");
        ranked
            .into_iter()
            .map(|p| contacts[p as usize].name.to_string())
            .collect()
    }

    #[test]
    fn accents_and_case_are_folded() {
        assert_eq!(
            names("zoe"),
            ["Zoë Ångström", "Zoe Adams", "Adam Zoeller"],
            "equal scores keep list order"
        );
        assert_eq!(names("jurgen"), ["Jürgen Weiß"]);
        assert_eq!(names("angstrom"), ["Zoë Ångström"]);
        assert_eq!(names("grace"), ["Grace Hopper"]);
        assert_eq!(
            names("Grace"),
            ["Grace Hopper"],
            "smart case: capitals must match"
        );
        assert!(names("GRACE").is_empty(), "smart case: capitals must match");
        assert!(names("gRACE").is_empty(), "smart case: capitals must match");
        assert_eq!(
            names("Zoë"),
            ["Zoë Ångström"],
            "a capital makes the term case-sensitive, accents still fold"
        );
    }

    /// Vietnamese letters fold to their base letters (nucleo-matcher's own table turned `ạ`
    /// into `o`, so `pham` missed Phạm and `phom` found it).
    #[test]
    fn vietnamese_letters_are_folded() {
        let contacts = vec![
            contact(1, "Ph\u{1EA1}m Nguy\u{1EC5}n", &["p@a.example"], "", ""),
            contact(2, "\u{1EA0}nh Tr\u{1EA7}n", &["t@a.example"], "", ""),
            contact(3, "Phom Dang", &["d@a.example"], "", ""),
        ];
        assert_eq!(ranked_names(&contacts, "pham nguyen"), ["Phạm Nguyễn"]);
        assert_eq!(ranked_names(&contacts, "anh tran"), ["Ạnh Trần"]);
        assert_eq!(ranked_names(&contacts, "phạm"), ["Phạm Nguyễn"]);
        assert_eq!(ranked_names(&contacts, "phom"), ["Phom Dang"]);
        let others = vec![
            contact(1, "İsmail Yılmaz", &["i@a.example"], "", ""),
            contact(2, "Αλέξης Παπαδόπουλος", &["g@a.example"], "", ""),
            contact(3, "Ёлка Ðóra", &["c@a.example"], "", ""),
        ];
        assert_eq!(ranked_names(&others, "ismail"), ["İsmail Yılmaz"]);
        assert_eq!(
            ranked_names(&others, "αλεξ παπαδοπουλος"),
            ["Αλέξης Παπαδόπουλος"]
        );
        assert_eq!(ranked_names(&others, "елка dora"), ["Ёлка Ðóra"]);
        // With a capital: case counts, accents still do not.
        assert_eq!(ranked_names(&contacts, "Pham"), ["Phạm Nguyễn"]);
        assert_eq!(ranked_names(&contacts, "Anh Tran"), ["Ạnh Trần"]);
        assert!(ranked_names(&contacts, "PHAM").is_empty());
        assert_eq!(ranked_names(&contacts, "Phom"), ["Phom Dang"]);
        let decomposed = vec![contact(
            1,
            "Pha\u{323}m Dvor\u{30C}a\u{301}k",
            &["p@a.example"],
            "",
            "",
        )];
        assert_eq!(
            ranked_names(&decomposed, "Pham Dvorak"),
            ["Pha\u{323}m Dvor\u{30C}a\u{301}k"]
        );
    }

    #[test]
    fn every_field_is_searched() {
        assert_eq!(names("fosdem"), ["Jürgen Weiß"], "notes");
        assert_eq!(names("navy"), ["Grace Hopper"], "organization");
        assert_eq!(names("firma"), ["Jürgen Weiß"], "any address");
    }

    #[test]
    fn query_syntax() {
        assert_eq!(
            names("zoe acme"),
            ["Zoe Adams", "Adam Zoeller"],
            "all terms must match"
        );
        assert_eq!(names("zoe !acme"), ["Zoë Ångström"], "! excludes");
        assert_eq!(
            names("'adam"),
            ["Zoe Adams", "Adam Zoeller"],
            "' is an exact substring; ties keep list order"
        );
        assert_eq!(
            names("@acme.example"),
            ["Zoe Adams", "Adam Zoeller"],
            "@ matches whole domains and subdomains"
        );
        assert!(
            names("@acme").is_empty(),
            "@ does not match part of a domain"
        );
        assert_eq!(names("@ACME.example adam"), ["Zoe Adams", "Adam Zoeller"]);
        assert_eq!(names("").len(), 5, "an empty query keeps everyone");
    }

    #[test]
    fn a_term_matches_within_one_field() {
        // "grace" can be spelled out across these fields (jür-G-en, fi-R-m-A, bä-C-k-E-rei) but
        // no single field holds it: not a match.
        let contacts = vec![
            contact(1, "Jürgen Weiß", &["j.weiss@firma.example"], "Bäckerei", ""),
            contact(2, "Grace Hopper", &["grace@navy.example"], "", ""),
        ];
        assert_eq!(ranked_names(&contacts, "grace"), ["Grace Hopper"]);
        assert_eq!(ranked_names(&contacts, "!bäck"), ["Grace Hopper"]);
        assert_eq!(
            ranked_names(&contacts, "!back"),
            ["Grace Hopper"],
            "exclusions fold accents too"
        );
    }

    #[test]
    fn parallel_ranking_matches_sequential_ranking() {
        let contacts: Vec<Contact> = (0..50_000)
            .map(|i| {
                contact(
                    i,
                    &format!("Person {i}"),
                    &[&format!("p{i}@d{}.example", i % 7)],
                    "",
                    "",
                )
            })
            .collect();
        let index = Index::build(&contacts);
        let all: Vec<u32> = (0..contacts.len() as u32).collect();
        let query = Query::parse("p12 @d3.example");
        let parallel = Searcher::default()
            .rank(&index, &query, &all, &|| false)
            .expect("ranked");
        // Every candidate scored in order, then a stable sort by score: the ranking's model.
        let mut matcher = Matcher::new(Config::DEFAULT);
        let mut sequential: Vec<(u32, u32)> = all
            .iter()
            .filter_map(|&p| {
                let haystack = index.haystack(p as usize).expect("an entry");
                score(&query, &haystack, &mut matcher).map(|s| (p, s))
            })
            .collect();
        sequential.sort_by_key(|(_, s)| std::cmp::Reverse(*s));
        let sequential: Vec<u32> = sequential.into_iter().map(|(p, _)| p).collect();
        assert_eq!(parallel, sequential);
        assert!(!parallel.is_empty());
    }

    #[test]
    fn ties_keep_the_list_order() {
        let contacts = vec![
            contact(1, "B", &["same@x.example"], "", ""),
            contact(2, "A", &["same@x.example"], "", ""),
        ];
        let index = Index::build(&contacts);
        let ranked =
            Searcher::default().rank(&index, &Query::parse("@x.example"), &[1, 0], &|| false);
        assert_eq!(ranked, Some(vec![1, 0]));
    }

    #[test]
    fn narrowing_is_only_claimed_when_it_is_true() {
        assert!(narrows("zo", "zoe"));
        assert!(narrows("zoe", "zoe acme"));
        assert!(narrows("zoe ", "zoe !x"));
        assert!(narrows("'ad", "'ada"));
        assert!(!narrows("!ac", "!acme"), "a longer exclusion excludes less");
        assert!(
            !narrows("@acme", "@acme.example"),
            "domains are compared whole"
        );
        assert!(!narrows("zoe", "zo"));
        assert!(!narrows("", "zoe"));
        assert!(!narrows("ab$", "ab$c"));
    }

    #[test]
    fn narrowing_gives_the_same_results_as_a_fresh_search() {
        let contacts = people();
        let index = Index::build(&contacts);
        let all: Vec<u32> = (0..contacts.len() as u32).collect();
        let mut searcher = Searcher::default();
        let mut previous = all.clone();
        let mut typed = String::new();
        for c in "zoe acme".chars() {
            let old = typed.clone();
            typed.push(c);
            let candidates = if narrows(&old, &typed) {
                previous.clone()
            } else {
                all.clone()
            };
            let narrowed = searcher
                .rank(&index, &Query::parse(&typed), &candidates, &|| false)
                .unwrap();
            let fresh = searcher
                .rank(&index, &Query::parse(&typed), &all, &|| false)
                .unwrap();
            assert_eq!(narrowed, fresh, "{typed:?}");
            previous = narrowed;
        }
    }

    #[test]
    fn highlights_fall_in_the_displayed_fields() {
        let contacts = people();
        let index = Index::build(&contacts);
        let mut searcher = Searcher::default();
        let h = searcher.highlights(&index, &Query::parse("zoe"), 0);
        assert_eq!(h.name, [0, 1, 2], "Z, o, ë of Zoë");
        let h = searcher.highlights(&index, &Query::parse("'optik"), 0);
        assert_eq!(h.address, [4, 5, 6, 7, 8]);
        let h = searcher.highlights(&index, &Query::parse("navy"), 4);
        assert_eq!(
            h.organization,
            [3, 4, 5, 6],
            "the field that matches best: US Navy, at a word start"
        );
        assert!(h.address.is_empty(), "one field per term");
        let h = searcher.highlights(&index, &Query::parse("'weiß"), 1);
        assert_eq!(h.name, [7, 8, 9, 10]);
        assert!(
            h.organization.is_empty(),
            "only the best field is highlighted"
        );
    }

    /// Requests made while the worker is held are not answered in turn: once it is free, the
    /// first answer the screen gets is the newest query's.
    #[test]
    fn the_worker_answers_the_newest_query() {
        let contacts = people();
        let index = Arc::new(RwLock::new(Index::build(&contacts)));
        let worker = Worker::start(index);
        // The view shows the first three contacts, in reverse.
        let scope = Scope {
            list: Arc::new(vec![2, 1, 0]),
            in_view: Arc::new((0..contacts.len()).map(|i| i < 3).collect()),
            stamp: 7,
        };
        let gate = worker.gate();
        let busy = gate.lock().expect("the gate");
        for text in ["z", "zo", "gr"] {
            worker.request(text, scope.clone(), None);
        }
        let newest = worker.request("grace", scope.clone(), None);
        drop(busy);
        let answer = worker.wait(newest).expect("an answer");
        assert_eq!((answer.generation, answer.text.as_str()), (newest, "grace"));
        assert_eq!(
            (answer.here, answer.elsewhere, answer.stamp),
            (vec![], vec![4], 7)
        );
        // Narrowing what it last answered gives what a search of everyone gives.
        for (from, to) in [("a", "ad"), ("ad", "ad l"), ("e", "ex")] {
            let first = worker.request(from, scope.clone(), None);
            let shown = worker.wait(first).expect("an answer");
            let narrowed = worker.request(to, scope.clone(), Some(shown.text));
            let narrowed = worker.wait(narrowed).expect("an answer");
            let fresh = worker.request(to, scope.clone(), None);
            let fresh = worker.wait(fresh).expect("an answer");
            assert_eq!(
                (narrowed.here, narrowed.elsewhere),
                (fresh.here, fresh.elsewhere),
                "{from} -> {to}"
            );
        }
    }

    #[test]
    fn a_scope_lists_its_view_first_and_splits_in_rank_order() {
        let scope = Scope {
            list: Arc::new(vec![3, 1]),
            in_view: Arc::new(vec![false, true, false, true, false]),
            stamp: 0,
        };
        assert_eq!(scope.everyone(), [3, 1, 0, 2, 4]);
        assert_eq!(scope.split(&[4, 3, 9, 0, 1]), (vec![3, 1], vec![4, 0]));
    }

    /// The index keeps no copy of a plain ASCII field's text, only its folded form and a bit
    /// per capital (other fields are kept as written, plain ones around them are not); entries
    /// built on other threads are appended with their bits shifted. Every entry must give back
    /// exactly what the contact says, whichever thread built it.
    #[test]
    fn every_entry_gives_back_its_original_text() {
        let names = [
            "Ada Lovelace",
            "ZOË Ångström",
            "小龙 李",
            "McDonald O'Brien",
            "x",
        ];
        let contacts: Vec<Contact> = (0..PARALLEL_ABOVE + 777)
            .map(|i| {
                contact(
                    i as i64,
                    &format!("{} {i}", names[i % names.len()]),
                    &[&format!("User{i}@Example.ORG"), "b@x.example"][..1 + i % 2],
                    ["ACME Ltd", "Café NOIR", ""][i % 3],
                    ["Met at PyCon", "Rencontrée à Lyon", ""][i % 4 % 3],
                )
            })
            .collect();
        let index = Index::build(&contacts);
        assert_eq!(index.len(), contacts.len());
        for (i, c) in contacts.iter().enumerate() {
            let haystack = index.haystack(i).expect("an entry");
            let fields = [
                c.name.to_string(),
                c.addresses.join(" "),
                c.organization.to_string(),
                c.note().to_string(),
            ];
            for (field, text) in fields.iter().enumerate() {
                assert_eq!(&haystack.original_field(field), text, "contact {i}");
            }
        }
        // A capital finds by case, on either side of a thread's chunk.
        let found = |text: &str| {
            Searcher::default()
                .rank(
                    &index,
                    &Query::parse(text),
                    &(0..contacts.len() as u32).collect::<Vec<_>>(),
                    &|| false,
                )
                .expect("ranked")
                .len()
        };
        assert_eq!(
            found("'McDonald"),
            contacts.len() / 5 + usize::from(contacts.len() % 5 > 3)
        );
        assert_eq!(found("'Mcdonald"), 0);
        assert_eq!(found("'ACME"), contacts.len().div_ceil(3));
        assert_eq!(found("'Acme"), 0);
    }

    #[test]
    fn an_updated_entry_is_searched_with_its_new_text_and_the_others_stay() {
        let mut contacts = people();
        let mut index = Index::build(&contacts);
        contacts[1].set_note("Met at PyCon 2023".into());
        index.update(1, &contacts[1]);
        let ranked = |index: &Index, text: &str| -> Vec<String> {
            Searcher::default()
                .rank(
                    index,
                    &Query::parse(text),
                    &(0..contacts.len() as u32).collect::<Vec<_>>(),
                    &|| false,
                )
                .expect("ranked")
                .into_iter()
                .map(|p| contacts[p as usize].name.to_string())
                .collect()
        };
        assert_eq!(ranked(&index, "pycon"), [contacts[1].name.to_string()]);
        let fresh = Index::build(&contacts);
        for text in ["ada", "zoe", "grace", "'Met", "@example.org", "li"] {
            assert_eq!(ranked(&index, text), ranked(&fresh, text), "{text}");
        }
    }

    /// `@domain` compares domains exactly, accents included (a user trial's `@café.example`
    /// also took cafe.example, and a bulk mark would have taken it too), case aside, on
    /// contacts whose text is plain ASCII and on the others alike.
    #[test]
    fn domains_compare_exactly_accents_included() {
        let contacts = vec![
            contact(0, "Plain", &["plain@cafe.example"], "", ""),
            contact(1, "Zoë Accent", &["z@CAFÉ.example"], "", ""),
            contact(2, "Sub", &["s@eu.café.example"], "", ""),
            contact(3, "Hans", &["hans@straße.example"], "", ""),
            contact(4, "Zoë Plain Domain", &["zp@cafe.example"], "", ""),
        ];
        let index = Index::build(&contacts);
        let all: Vec<u32> = (0..contacts.len() as u32).collect();
        let found = |text: &str| -> Vec<u32> {
            let mut ranked = Searcher::default()
                .rank(&index, &Query::parse(text), &all, &|| false)
                .expect("ranked");
            ranked.sort_unstable();
            ranked
        };
        assert_eq!(found("@café.example"), [1, 2]);
        assert_eq!(found("@CAFÉ.EXAMPLE"), [1, 2]);
        assert_eq!(found("@cafe.example"), [0, 4]);
        assert_eq!(found("@straße.example"), [3]);
        assert!(found("@strase.example").is_empty());
        assert!(found("@afé.example").is_empty(), "whole domains only");
    }
}
