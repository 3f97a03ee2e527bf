//! The persistent index against the in-memory search: same hits, in the
//! same order, whatever happened to the files and to the index file.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use proptest::prelude::*;

use super::*;
use crate::library::load_paths;
use crate::model::search::{Index, Matching};

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, text).unwrap();
    path
}

/// Sets a file's mtime `secs` into the past: a stamp the index can trust
/// (not within the clock's resolution of the index write).
fn age(path: &Path, secs: u64) {
    let file = fs::File::options().write(true).open(path).unwrap();
    file.set_modified(SystemTime::now() - Duration::from_secs(secs)).unwrap();
}

/// The in-memory search over a fresh load: the answer to match.
fn reference(roots: &[PathBuf], query: &Query, limit: usize) -> Vec<Hit> {
    let mut index = Index::new();
    for doc in load_paths(roots).library.documents {
        index.add(Arc::new(doc));
    }
    index.search_query(query, limit)
}

fn indexed(cache: &Path, roots: &[PathBuf], query: &Query, limit: usize) -> Answer {
    SearchIndex::open(cache).search(roots, &Catalogue::open(cache), query, limit)
}

fn assert_same(cache: &Path, roots: &[PathBuf], query: &str) -> Answer {
    assert_same_query(cache, roots, &Query::parse(query))
}

fn assert_same_query(cache: &Path, roots: &[PathBuf], query: &Query) -> Answer {
    let answer = indexed(cache, roots, query, 20);
    assert_eq!(answer.hits, reference(roots, query, 20), "query {query:?}");
    answer
}

struct Fixture {
    _tmp: tempfile::TempDir,
    lib: PathBuf,
    cache: PathBuf,
    roots: Vec<PathBuf>,
}

/// Five small documents, aged so their stamps are trusted.
fn fixture() -> Fixture {
    let tmp = tempfile::tempdir().unwrap();
    let lib = tmp.path().join("lib");
    fs::create_dir(&lib).unwrap();
    for i in 0..5 {
        let text = format!(
            "Issue {i}\n\nThe canary sings in issue {i}. Blue green deploys.\n\n\
             A second paragraph with canary releases and résumé notes {i}.\n"
        );
        age(&write(&lib, &format!("f{i}.txt"), &text), 3600);
    }
    let cache = tmp.path().join("cache");
    Fixture { roots: vec![lib.clone()], lib, cache, _tmp: tmp }
}

fn index_file(f: &Fixture) -> PathBuf {
    SearchIndex::open(&f.cache).file_for(&f.roots)
}

#[test]
fn a_warm_search_reads_nothing_and_matches_the_in_memory_search() {
    let f = fixture();
    let first = assert_same(&f.cache, &f.roots, "canary");
    assert_eq!((first.indexed, first.notice), (5, None));
    assert_eq!(first.hits.len(), 5);
    let written = fs::read(index_file(&f)).unwrap();
    for query in ["canary", "\"blue green\" -issue", "resume", "Blue", "sings -3"] {
        let warm = assert_same(&f.cache, &f.roots, query);
        assert_eq!(warm.indexed, 0, "{query}");
    }
    assert_eq!(fs::read(index_file(&f)).unwrap(), written, "a warm search writes nothing");
}

#[test]
fn edits_additions_deletions_and_renames_are_picked_up() {
    let f = fixture();
    assert_same(&f.cache, &f.roots, "canary");
    age(&write(&f.lib, "f1.txt", "Issue one\n\nNo birds here, only a kestrel.\n"), 1800);
    fs::remove_file(f.lib.join("f2.txt")).unwrap();
    age(&write(&f.lib, "f9.txt", "Issue nine\n\nA kestrel and a canary.\n"), 1800);
    fs::rename(f.lib.join("f3.txt"), f.lib.join("g3.txt")).unwrap();
    let answer = assert_same(&f.cache, &f.roots, "canary");
    assert_eq!(answer.indexed, 3, "edited, added and renamed files are read");
    let paths: Vec<&str> = answer.hits.iter().map(|h| h.path.rsplit('/').next().unwrap()).collect();
    assert!(paths.contains(&"f9.txt") && paths.contains(&"g3.txt"), "{paths:?}");
    assert!(!paths.contains(&"f1.txt") && !paths.contains(&"f2.txt"), "{paths:?}");
    assert_eq!(assert_same(&f.cache, &f.roots, "kestrel").hits.len(), 2);
    assert_eq!(assert_same(&f.cache, &f.roots, "kestrel").indexed, 0);
}

#[test]
fn a_touched_but_unchanged_file_is_not_reindexed() {
    let f = fixture();
    assert_same(&f.cache, &f.roots, "canary");
    age(&f.lib.join("f0.txt"), 1000);
    let touched = assert_same(&f.cache, &f.roots, "canary");
    assert_eq!(touched.indexed, 0);
    // Its new stamp was saved: the next search trusts it without hashing.
    let before = fs::read(index_file(&f)).unwrap();
    assert_eq!(assert_same(&f.cache, &f.roots, "canary").indexed, 0);
    assert_eq!(fs::read(index_file(&f)).unwrap(), before);
}

#[test]
fn a_change_within_the_clock_resolution_is_caught_by_the_hash() {
    let f = fixture();
    let path = f.lib.join("f0.txt");
    // Written just now: its stamp is too recent to trust.
    write(&f.lib, "f0.txt", "Fresh\n\nThe canary.\n");
    let mtime = fs::metadata(&path).unwrap().modified().unwrap();
    assert_same(&f.cache, &f.roots, "canary");
    // Same size, same mtime, other bytes.
    write(&f.lib, "f0.txt", "Fresh\n\nThe condor\n");
    fs::File::options().write(true).open(&path).unwrap().set_modified(mtime).unwrap();
    let answer = assert_same(&f.cache, &f.roots, "condor");
    assert_eq!(answer.hits.len(), 1);
}

#[test]
fn a_recent_unchanged_file_is_checked_without_rewriting_the_index() {
    let f = fixture();
    // An mtime ahead of the clock stays "too recent to trust" all test long.
    let ahead = SystemTime::now() + Duration::from_secs(3600);
    let path = f.lib.join("f0.txt");
    fs::File::options().write(true).open(&path).unwrap().set_modified(ahead).unwrap();
    assert_same(&f.cache, &f.roots, "canary");
    let written = fs::read(index_file(&f)).unwrap();
    let again = assert_same(&f.cache, &f.roots, "canary");
    assert_eq!(again.indexed, 0);
    assert_eq!(fs::read(index_file(&f)).unwrap(), written, "nothing to save");
    // Its bytes are still checked: an edit keeping size and mtime is seen.
    let text = fs::read_to_string(&path).unwrap().replace("canary", "condor");
    fs::write(&path, text).unwrap();
    fs::File::options().write(true).open(&path).unwrap().set_modified(ahead).unwrap();
    assert_eq!(assert_same(&f.cache, &f.roots, "condor").hits.len(), 1);
}

#[test]
fn load_failures_and_warnings_are_reported_like_a_plain_load() {
    let f = fixture();
    write(&f.lib, "broken.pdf", "%PDF-1.4 not really");
    let missing = f.lib.join("missing.txt");
    let roots = vec![f.lib.clone(), missing];
    let plain = load_paths(&roots);
    let query = Query::parse("canary");
    for _ in 0..2 {
        let answer = indexed(&f.cache, &roots, &query, 20);
        assert_eq!(answer.failures, plain.failures);
        let warnings: Vec<(String, String)> = plain
            .library
            .documents
            .iter()
            .flat_map(|d| d.warnings.iter().map(|w| (d.origin.clone(), w.clone())))
            .collect();
        assert_eq!(answer.warnings, warnings);
        assert_eq!(answer.hits, reference(&roots, &query, 20));
    }
}

/// Damages the index file with `damage` and checks the next search
/// rebuilds it with a notice and still answers right.
fn survives(damage: impl Fn(&Path)) {
    survives_query(&Query::parse("canary"), damage);
}

fn survives_query(query: &Query, damage: impl Fn(&Path)) {
    let f = fixture();
    assert_same_query(&f.cache, &f.roots, query);
    damage(&index_file(&f));
    let answer = assert_same_query(&f.cache, &f.roots, query);
    assert_eq!(answer.notice.as_deref(), Some(strings::INDEX_REBUILT));
    assert_eq!(answer.indexed, 5);
    let again = assert_same_query(&f.cache, &f.roots, query);
    assert_eq!((again.notice, again.indexed), (None, 0), "the rebuilt file is sound");
}

#[test]
fn a_truncated_index_is_rebuilt() {
    survives(|path| {
        let bytes = fs::read(path).unwrap();
        fs::write(path, &bytes[..bytes.len() / 2]).unwrap();
    });
}

#[test]
fn damaged_postings_are_rebuilt_not_believed() {
    survives(|path| {
        let mut bytes = fs::read(path).unwrap();
        let meta_len = u64::from_le_bytes(bytes[32..40].try_into().unwrap()) as usize;
        bytes[format::HEADER_LEN + meta_len..].fill(0);
        fs::write(path, bytes).unwrap();
    });
}

/// Each section of the meta region is checked when a search first reads
/// it: one byte changed in the middle of any of them is caught. The
/// variant lists are read only by a search that tells marks apart, so
/// that is the search that meets their damage.
#[test]
fn a_damaged_section_of_any_kind_is_rebuilt() {
    let plain = Query::parse("canary");
    let marks_apart = Matching { fold_diacritics: false, smart_case: true };
    let resume = Query::parse_with("resume", marks_apart);
    for section in format::Section::ALL {
        let query = if section == format::Section::Variants { &resume } else { &plain };
        survives_query(query, |path| {
            let mut bytes = fs::read(path).unwrap();
            let header = format::decode_header(catalogue::loader_stamp(), &bytes).unwrap();
            let range = header.section(section).range.clone();
            assert!(range.end > range.start, "{section:?} is empty in the fixture");
            bytes[format::HEADER_LEN + range.start.midpoint(range.end) as usize] ^= 0x5a;
            fs::write(path, bytes).unwrap();
        });
    }
}

/// Near miss of the above: damage in a section a search does not read
/// leaves its (right) answer alone, and the search that does read it
/// rebuilds.
#[test]
fn damage_a_search_does_not_read_waits_for_the_search_that_does() {
    let f = fixture();
    assert_same(&f.cache, &f.roots, "canary");
    let path = index_file(&f);
    let mut bytes = fs::read(&path).unwrap();
    let header = format::decode_header(catalogue::loader_stamp(), &bytes).unwrap();
    let range = header.section(format::Section::Variants).range.clone();
    bytes[format::HEADER_LEN + range.start as usize] ^= 0x5a;
    fs::write(&path, bytes).unwrap();
    let unread = assert_same(&f.cache, &f.roots, "canary");
    assert_eq!((unread.notice, unread.indexed), (None, 0));
    let marks_apart = Matching { fold_diacritics: false, smart_case: true };
    let read = assert_same_query(&f.cache, &f.roots, &Query::parse_with("resume", marks_apart));
    assert_eq!(read.notice.as_deref(), Some(strings::INDEX_REBUILT));
}

#[test]
fn a_damaged_header_is_rebuilt() {
    survives(|path| {
        let mut bytes = fs::read(path).unwrap();
        bytes[30] ^= 1;
        fs::write(path, bytes).unwrap();
    });
}

#[test]
fn a_foreign_file_is_rebuilt() {
    survives(|path| fs::write(path, "not an index at all").unwrap());
    survives(|path| fs::write(path, "").unwrap());
}

#[test]
fn an_index_from_another_version_is_rebuilt() {
    let f = fixture();
    let query = Query::parse("canary");
    let old = SearchIndex::with_io(&f.cache, Box::new(RealIndexIo), 1);
    old.search(&f.roots, &Catalogue::open(&f.cache), &query, 20);
    let answer = assert_same(&f.cache, &f.roots, "canary");
    assert_eq!(answer.notice.as_deref(), Some(strings::INDEX_REBUILT));
}

/// Writes fail as on a full disk.
struct FullDisk;

impl IndexIo for FullDisk {
    fn write(&self, _: &Path, _: &[&[u8]]) -> io::Result<()> {
        Err(io::Error::other("no space left on device"))
    }

    fn rename(&self, _: &Path, _: &Path) -> io::Result<()> {
        Err(io::Error::other("no space left on device"))
    }
}

#[test]
fn a_full_disk_keeps_the_old_index_and_still_answers() {
    let f = fixture();
    assert_same(&f.cache, &f.roots, "canary");
    let before = fs::read(index_file(&f)).unwrap();
    age(&write(&f.lib, "f4.txt", "Issue four\n\nNothing but a kestrel.\n"), 1800);
    let full = SearchIndex::with_io(&f.cache, Box::new(FullDisk), catalogue::loader_stamp());
    let query = Query::parse("kestrel");
    let answer = full.search(&f.roots, &Catalogue::open(&f.cache), &query, 20);
    assert_eq!(answer.hits, reference(&f.roots, &query, 20));
    assert_eq!(answer.hits.len(), 1, "the change is reflected all the same");
    assert!(answer.notice.unwrap().contains("no space left"));
    assert_eq!(fs::read(index_file(&f)).unwrap(), before, "the old index is untouched");
    let leftovers = fs::read_dir(f.cache.join(INDEX_DIR)).unwrap().count();
    assert_eq!(leftovers, 1, "no temp file is left behind");
    assert_eq!(assert_same(&f.cache, &f.roots, "kestrel").indexed, 1);
}

#[test]
fn two_searchers_at_once_never_answer_wrong() {
    let f = fixture();
    let query = Query::parse("canary -3");
    let expected = reference(&f.roots, &query, 20);
    for round in 0..3 {
        if round > 0 {
            let text = format!("Issue {round}\n\nA canary in round {round}.\n");
            age(&write(&f.lib, &format!("r{round}.txt"), &text), 1800);
        }
        let expected = if round == 0 { expected.clone() } else { reference(&f.roots, &query, 20) };
        std::thread::scope(|scope| {
            let searches: Vec<_> =
                (0..3).map(|_| scope.spawn(|| indexed(&f.cache, &f.roots, &query, 20))).collect();
            for search in searches {
                let answer = search.join().unwrap();
                assert_eq!(answer.hits, expected);
                assert_eq!(answer.notice, None);
            }
        });
    }
}

#[test]
fn clear_removes_the_index() {
    let f = fixture();
    assert_same(&f.cache, &f.roots, "canary");
    assert!(index_file(&f).exists());
    clear(&f.cache).unwrap();
    assert!(!index_file(&f).exists());
    clear(&f.cache).unwrap();
}

/// A library of more articles than one varint byte numbers (128), each
/// holding the same words: the common words' lists run to many chunks
/// whose first articles take two bytes. The file answers as the
/// in-memory search does, cold and warm, with no notice of a rebuild.
#[test]
fn common_words_over_hundreds_of_articles_are_found_in_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    let lib = tmp.path().join("lib");
    fs::create_dir(&lib).unwrap();
    for i in 0..150 {
        let words: Vec<usize> = (0..12).map(|k| (i + k) % 3 + 9).collect();
        age(&write(&lib, &format!("d{i:03}.md"), &document(&words)), 60);
    }
    let (cache, roots) = (tmp.path().join("cache"), vec![lib]);
    for pass in ["cold", "warm"] {
        let answer = assert_same(&cache, &roots, "canary");
        assert_eq!(answer.hits.len(), 20, "{pass}");
        assert_eq!(answer.notice, None, "{pass}");
    }
    assert_same(&cache, &roots, "\"canary blue\"");
}

const WORDS: &[&str] = &[
    "alpha", "beta", "Gamma", "gamma", "résumé", "resume", "Go", "go", "日本", "canary", "blue",
    "green", "naïve", "Naive",
];

/// A Markdown document of the given words: a title, a heading now and
/// then, paragraphs of a few words.
fn document(words: &[usize]) -> String {
    let mut text = format!("# {}\n\n", WORDS[words[0] % WORDS.len()]);
    for (i, chunk) in words.chunks(5).enumerate() {
        if i % 3 == 2 {
            text += &format!("## {}\n\n", WORDS[chunk[0] % WORDS.len()]);
        }
        let line: Vec<&str> = chunk.iter().map(|&w| WORDS[w % WORDS.len()]).collect();
        text += &line.join(" ");
        text += ".\n\n";
    }
    text
}

fn query_text(parts: &[(usize, u8)]) -> String {
    let word = |w: usize| WORDS[w % WORDS.len()];
    let pieces: Vec<String> = parts
        .iter()
        .map(|&(w, kind)| match kind {
            0 => word(w).to_string(),
            1 => format!("-{}", word(w)),
            _ => format!("\"{} {}\"", word(w), word(w + 1)),
        })
        .collect();
    pieces.join(" ")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn the_index_answers_like_the_in_memory_search(
        files in prop::collection::vec(prop::collection::vec(0..WORDS.len(), 1..30), 1..6),
        queries in prop::collection::vec(
            prop::collection::vec((0..WORDS.len(), 0u8..3), 1..4), 1..4),
        edit in prop::collection::vec(0..WORDS.len(), 1..20),
        fold in any::<bool>(),
        limit in 1usize..8,
    ) {
        let tmp = tempfile::tempdir().unwrap();
        let lib = tmp.path().join("lib");
        fs::create_dir(&lib).unwrap();
        for (i, words) in files.iter().enumerate() {
            write(&lib, &format!("d{i}.md"), &document(words));
        }
        let cache = tmp.path().join("cache");
        let roots = vec![lib.clone()];
        let how = Matching { fold_diacritics: fold, smart_case: true };
        let check = |label: &str| -> Result<(), TestCaseError> {
            for parts in &queries {
                let query = Query::parse_with(&query_text(parts), how);
                let answer = indexed(&cache, &roots, &query, limit);
                prop_assert_eq!(answer.hits, reference(&roots, &query, limit), "{}", label);
            }
            Ok(())
        };
        check("cold")?;
        check("warm")?;
        write(&lib, "d0.md", &document(&edit));
        write(&lib, "d5.md", &document(&edit[edit.len() / 2..]));
        if files.len() > 2 {
            fs::remove_file(lib.join("d1.md")).unwrap();
        }
        check("after an edit, an addition and a deletion")?;
        // Only the end changes: the lists' earlier chunks are copied as
        // they are.
        write(&lib, "z.md", &document(&edit));
        check("after an addition at the end")?;
        fs::remove_file(lib.join("z.md")).unwrap();
        check("after a deletion at the end")?;
    }
}
