#![allow(clippy::unwrap_used, clippy::expect_used)]
//! In-article find in an article too long to scan on the spot: each
//! keystroke asks the find worker (`Effect::Find`), and the matches come
//! back in batches. Pure state-machine tests: the tests answer for the
//! worker, a batch at a time, and compare with the on-the-spot find.

use quire::state::{
    Action, AppState, Command, Edit, Effect, FindProgress, FindRequest, FoundBatch, update,
};
use quire::strings;
use quire::ui::{Theme, draw};
use quire::workers::find::scan_whole;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::common::{article, document, para, reader, reader_on, section};

/// A made-up report of `sections` sections, with "tide" in every
/// paragraph and "zanzibar" only in the last one.
fn report(sections: usize) -> quire::model::Article {
    let parts = (0..sections)
        .map(|s| {
            let heading = format!("Part {s}");
            let body = format!("Paragraph {s}: the tide turns at the quay, and the crane waits.");
            section(Some(&heading), vec![para(&body), para("A ferry crosses with the tide.")])
        })
        .chain([section(Some("End"), vec![para("The zanzibar ledger closes.")])])
        .collect();
    article("Tides", Some("Ana Ferreira"), parts)
}

/// The reader open on the report; `inline_max` 0 sends every find to
/// the worker.
fn opened(inline_max: usize) -> AppState {
    reader_on(document("Report", vec![report(80)]), (80, 24), inline_max)
}

fn find(s: &AppState) -> &quire::state::Find {
    reader(s).find.as_ref().expect("find is open")
}

/// Types `word` into an open find prompt; the worker requests asked for.
fn typed(s: &mut AppState, word: &str) -> Vec<FindRequest> {
    let mut asked = Vec::new();
    for c in word.chars() {
        for effect in update(s, Action::Edit(Edit::Insert(c))) {
            if let Effect::Find(request) = effect {
                asked.push(request);
            }
        }
    }
    asked
}

/// The worker's answer cut into `parts` batches, the last one finishing.
fn batches(request: FindRequest, parts: usize) -> Vec<FoundBatch> {
    let len = request.text.len();
    let whole = scan_whole(request.clone());
    let per = whole.matches.len().div_ceil(parts).max(1);
    let mut out: Vec<FoundBatch> = whole
        .matches
        .chunks(per)
        .enumerate()
        .map(|(i, chunk)| FoundBatch {
            generation: request.generation,
            matches: chunk.to_vec(),
            progress: FindProgress::Running {
                generation: request.generation,
                scanned: len * (i + 1) / parts,
                len,
            },
        })
        .collect();
    match out.last_mut() {
        Some(last) => last.progress = whole.progress,
        None => out.push(whole),
    }
    out
}

fn answer(s: &mut AppState, batches: Vec<FoundBatch>) {
    for batch in batches {
        update(s, Action::FindMatches(batch));
    }
}

fn status_line(s: &AppState) -> String {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|f| draw(f, s, &Theme::default())).unwrap();
    terminal.backend().to_string().lines().last().unwrap_or_default().to_string()
}

/// The worker's matches, in batches, land where the on-the-spot find
/// lands: the same matches, current match, screen and cursor.
#[test]
fn worker_find_lands_as_the_find_on_the_spot() {
    let mut spot = opened(usize::MAX);
    update(&mut spot, Action::Command(Command::Find));
    assert!(typed(&mut spot, "zanzibar").is_empty(), "a short article needs no worker");
    update(&mut spot, Action::Edit(Edit::Submit));

    let mut worker = opened(0);
    update(&mut worker, Action::Command(Command::Find));
    let asked = typed(&mut worker, "zanzibar");
    assert_eq!(asked.len(), "zanzibar".len(), "every keystroke asks for a scan");
    update(&mut worker, Action::Edit(Edit::Submit));
    assert!(find(&worker).progress.is_running(), "find waits for its matches");
    answer(&mut worker, batches(asked.last().unwrap().clone(), 3));

    let (a, b) = (find(&spot), find(&worker));
    assert_eq!((&a.matches, a.current), (&b.matches, b.current));
    assert_eq!(b.progress, FindProgress::Complete);
    assert_eq!(reader(&spot).top, reader(&worker).top);
    assert_eq!(reader(&spot).cursor, reader(&worker).cursor);
    assert!(reader(&worker).cursor.is_some());
}

/// The first batch already makes a match current; the count says how far
/// the scan is until the last batch.
#[test]
fn matches_count_in_as_they_come() {
    let mut s = opened(0);
    update(&mut s, Action::Command(Command::Find));
    let request = typed(&mut s, "tide").pop().unwrap();
    let len = request.text.len();
    let mut parts = batches(request, 2).into_iter();
    answer(&mut s, parts.next().into_iter().collect());
    let first = find(&s).matches.len();
    assert!(first > 0 && find(&s).current == Some(0));
    assert!(status_line(&s).contains(&strings::matches_so_far(1, first, len / 2 * 100 / len)));
    answer(&mut s, parts.collect());
    let all = find(&s).matches.len();
    assert!(all > first);
    assert!(status_line(&s).contains(&strings::matches(1, all)));
}

/// Near miss: a batch for a query since edited is dropped.
#[test]
fn a_batch_for_an_older_query_is_dropped() {
    let mut s = opened(0);
    update(&mut s, Action::Command(Command::Find));
    let asked = typed(&mut s, "ti");
    answer(&mut s, batches(asked[0].clone(), 1));
    assert!(find(&s).matches.is_empty(), "the matches of `t` are not those of `ti`");
    answer(&mut s, batches(asked[1].clone(), 1));
    assert!(!find(&s).matches.is_empty());
}

/// Enter before any match keeps find waiting; a scan that ends with none
/// closes it and says so, as on the spot.
#[test]
fn enter_then_no_match_says_not_found() {
    let mut s = opened(0);
    update(&mut s, Action::Command(Command::Find));
    let request = typed(&mut s, "qqq").pop().unwrap();
    update(&mut s, Action::Edit(Edit::Submit));
    assert!(reader(&s).find.is_some());
    answer(&mut s, batches(request, 1));
    assert!(reader(&s).find.is_none());
    assert_eq!(s.status.message.as_deref(), Some(strings::not_found("qqq").as_str()));
}

/// `n` at the last match found so far does not wrap while more may come;
/// once the scan is done it goes on to the next match.
#[test]
fn n_waits_at_the_last_match_until_the_scan_is_done() {
    let mut s = opened(0);
    update(&mut s, Action::Command(Command::Find));
    let request = typed(&mut s, "zanzibar ledger").pop().unwrap();
    let text = request.text.clone();
    update(&mut s, Action::Edit(Edit::Submit));
    let mut parts = batches(request, 1);
    let last = parts.pop().unwrap();
    assert_eq!(last.matches.len(), 1);
    let running = FoundBatch {
        progress: FindProgress::Running {
            generation: last.generation,
            scanned: 1,
            len: text.len(),
        },
        ..last.clone()
    };
    update(&mut s, Action::FindMatches(running));
    update(&mut s, Action::Command(Command::NextMatch));
    assert_eq!(s.status.message.as_deref(), Some(strings::FIND_STILL_SCANNING));
    assert_eq!(find(&s).current, Some(0));
    let done = FoundBatch { matches: Vec::new(), ..last };
    update(&mut s, Action::FindMatches(done));
    update(&mut s, Action::Command(Command::NextMatch));
    assert_eq!(s.status.message.as_deref(), Some(strings::WRAPPED_TO_TOP));
}

/// Started below every match, find takes the first match at or after
/// where it started, and wraps to the top only once the scan is done.
#[test]
fn wraps_to_the_first_match_only_when_the_scan_is_done() {
    let mut s = opened(0);
    update(&mut s, Action::Command(Command::Last));
    update(&mut s, Action::Command(Command::Find));
    let request = typed(&mut s, "paragraph 1").pop().unwrap();
    let mut parts = batches(request, 4);
    let last = parts.pop().unwrap();
    answer(&mut s, parts);
    assert_eq!(find(&s).current, None, "every match so far is above the start");
    answer(&mut s, vec![last]);
    assert_eq!(find(&s).current, Some(0));
}

/// A library search's hit in a long article: the reader opens at the hit
/// at once, and the query's matches come from the worker, landing as
/// they do in a short article.
#[test]
fn a_search_hit_in_a_long_article_gets_its_matches_from_the_worker() {
    let open_hit = |inline_max: usize| {
        let mut s = opened(inline_max);
        crate::common::run(&mut s, [Action::Command(Command::Search)]);
        let keys = "crane zanzibar".chars().map(|c| Action::Edit(Edit::Insert(c)));
        crate::common::run(&mut s, keys);
        let asked: Vec<FindRequest> = update(&mut s, Action::Command(Command::Open))
            .into_iter()
            .filter_map(|e| if let Effect::Find(r) = e { Some(r) } else { None })
            .collect();
        (s, asked)
    };
    let (spot, none) = open_hit(usize::MAX);
    assert!(none.is_empty(), "a short article needs no worker");
    let (mut worker, asked) = open_hit(0);
    let top = reader(&worker).top;
    assert_eq!(top, reader(&spot).top, "the hit is shown before any match comes");
    let [request] = &asked[..] else { panic!("one request to the worker: {asked:?}") };
    answer(&mut worker, batches(request.clone(), 2));
    let (a, b) = (find(&spot), find(&worker));
    assert_eq!((&a.matches, a.current, &a.query), (&b.matches, b.current, &b.query));
    assert!(a.matches.len() > 2, "both words, everywhere: {:?}", a.matches);
    assert_eq!(reader(&spot).cursor, reader(&worker).cursor);
    assert_eq!(reader(&worker).top, top);
}

/// While a find waits for the worker, the state says so, also from the
/// search pane opened over the reader (Esc goes back to it, find still
/// counting); once find closes, nobody waits and the app stops the scan.
#[test]
fn the_state_says_whether_a_find_still_waits_for_the_worker() {
    let mut s = opened(0);
    assert!(!s.pane.awaits_find(), "no find yet");
    update(&mut s, Action::Command(Command::Find));
    typed(&mut s, "tide");
    assert!(s.pane.awaits_find());
    update(&mut s, Action::Edit(Edit::Submit));
    update(&mut s, Action::Command(Command::Search));
    assert_eq!(s.pane.kind(), quire::state::PaneKind::Search);
    assert!(s.pane.awaits_find(), "the reader under the search pane still waits");
    update(&mut s, Action::Command(Command::Cancel));
    assert_eq!(s.pane.kind(), quire::state::PaneKind::Reader);
    assert!(s.pane.awaits_find(), "back in the reader");
    update(&mut s, Action::Command(Command::Cancel));
    assert!(reader(&s).find.is_none());
    assert!(!s.pane.awaits_find(), "find closed");
}
