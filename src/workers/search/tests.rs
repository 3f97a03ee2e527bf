use super::*;
use crate::model::loader::load;
use crate::model::search::Hit;

fn doc(text: &str) -> Arc<Document> {
    Arc::new(load("x.md", text.as_bytes()).unwrap())
}

/// The answer to `generation` once the whole library is indexed.
/// A generous deadline: an answer that never comes fails the test
/// instead of hanging it.
fn settled(rx: &Receiver<Action>, generation: u64, total: usize) -> Vec<Hit> {
    loop {
        let answer = rx.recv_timeout(std::time::Duration::from_secs(30));
        let Ok(Action::SearchResults { generation: g, hits, searched }) = answer else {
            panic!("no answer from the worker: {answer:?}")
        };
        if g == generation && searched == total {
            return hits;
        }
    }
}

#[test]
fn a_replaced_document_is_found_by_its_new_text_only_at_its_position() {
    let (tx, rx) = channel();
    let (searcher, _) = Searcher::spawn(move |a| tx.send(a).is_ok()).unwrap();
    searcher.add(doc("alpha beta"));
    searcher.add(doc("beta gamma"));
    let query = |generation, q: &str| SearchRequest {
        generation,
        query: q.into(),
        matching: Default::default(),
    };
    searcher.query(query(1, "alpha"));
    assert_eq!(settled(&rx, 1, 2).len(), 1);
    searcher.replace(0, doc("delta gamma"));
    searcher.query(query(2, "alpha"));
    assert!(settled(&rx, 2, 2).is_empty(), "the old text is gone");
    searcher.query(query(3, "gamma"));
    let mut docs: Vec<usize> = settled(&rx, 3, 2).iter().map(|h| h.doc).collect();
    docs.sort_unstable();
    assert_eq!(docs, [0, 1]);
}

fn drain(worker: &mut Worker) {
    while !worker.backlog.is_empty() || worker.part.is_some() {
        worker.index_next();
    }
}

/// A document past the reader's scan threshold (its word count raised,
/// so the test need not build megabytes) is searched by scanning: it has
/// no postings, it counts as searched at once, and a rebuild after a
/// replace keeps scanning it.
#[test]
fn a_huge_document_is_scanned_not_indexed_and_stays_so_after_a_replace() {
    let huge = |text: &str| {
        let mut d = load("big.txt", text.as_bytes()).unwrap();
        d.articles[0].words = ScanPolicy::READER.above_words + 1;
        Arc::new(d)
    };
    let mut worker = Worker::default();
    worker.stash(Msg::Add(doc("a small note about ferns")));
    worker.stash(Msg::Add(huge("Moss\n\nA quillwort grows in the damp moss.\n")));
    drain(&mut worker);
    assert_eq!(worker.index.documents(), 2);
    assert_eq!(worker.index.articles(), 1, "only the small note has postings");
    let hits = worker.index.search("quillwort", 10);
    assert_eq!(hits.iter().map(|h| h.doc).collect::<Vec<_>>(), [1]);
    worker.stash(Msg::Replace(1, huge("Moss\n\nNow a fern grows in the moss.\n")));
    drain(&mut worker);
    assert_eq!(worker.index.articles(), 1);
    assert!(worker.index.search("quillwort", 10).is_empty());
    assert_eq!(worker.index.search("fern", 10).iter().map(|h| h.doc).collect::<Vec<_>>(), [1]);
}

/// A folder of two notes whose index file `quire search` wrote, and a
/// worker told to use it, the notes listed as outlines (no text yet) in
/// the reverse order of the file's.
struct Library {
    _dir: tempfile::TempDir,
    paths: Vec<PathBuf>,
    roots: Vec<PathBuf>,
    cache: PathBuf,
    worker: Worker,
}

fn library_with_index_file() -> Library {
    let dir = tempfile::tempdir().unwrap();
    let (root, cache) = (dir.path().join("lib"), dir.path().join("cache"));
    std::fs::create_dir_all(&root).unwrap();
    let notes = [("a.md", "# Ferns\n\nA quillwort grows here.\n"), ("b.md", "# Moss\n\nDamp.\n")];
    let paths: Vec<PathBuf> = notes
        .iter()
        .map(|(name, text)| {
            let path = root.join(name);
            std::fs::write(&path, text).unwrap();
            path
        })
        .collect();
    let roots = vec![root];
    let catalogue = crate::library::Catalogue::open(&cache);
    let index = crate::library::index::SearchIndex::open(&cache);
    index.search(&roots, &catalogue, &Query::parse("quillwort"), 10);
    let mut worker = Worker::default();
    worker.stash(Msg::UseIndexFile { roots: roots.clone(), cache_dir: cache.clone() });
    for path in paths.iter().rev() {
        let mut listed = crate::library::load_file(path).unwrap();
        listed.articles.iter_mut().for_each(|a| a.sections.clear());
        worker.stash(Msg::Add(Arc::new(listed)));
    }
    Library { _dir: dir, paths, roots, cache, worker }
}

/// The worker's answer to `query`, as (document, article) pairs.
fn ask(worker: &mut Worker, query: &str) -> Vec<(usize, usize)> {
    let request =
        SearchRequest { generation: 1, query: query.into(), matching: Default::default() };
    worker.last = Some((request, Query::parse(query)));
    let got = std::cell::RefCell::new(Vec::new());
    worker.answer(&|action| {
        match action {
            Action::SearchResults { hits, .. } => {
                *got.borrow_mut() = hits.iter().map(|h| (h.doc, h.article)).collect();
            }
            Action::Notice(notice) => assert!(notice.starts_with("search index:"), "{notice}"),
            other => panic!("{other:?}"),
        }
        true
    });
    let mut got = got.into_inner();
    got.sort_unstable();
    got
}

/// The file answers, though the worker's documents are outlines without
/// text, at the reader's positions; the worker indexes nothing itself.
/// A file changed on disk is read into the index file before the next
/// answer.
#[test]
fn a_library_with_an_index_file_is_searched_in_it() {
    let Library { _dir, paths, mut worker, .. } = library_with_index_file();
    assert_eq!((worker.backlog.len(), worker.index.documents()), (0, 0));
    assert_eq!(ask(&mut worker, "quillwort"), [(1, 0)]);
    std::fs::write(&paths[1], "# Moss\n\nA quillwort here too.\n").unwrap();
    assert_eq!(ask(&mut worker, "quillwort"), [(0, 0), (1, 0)]);
    assert!(worker.file.is_some());
}

/// Near misses: roots without an index file, and a file that turns out
/// damaged, leave the worker to its own index (the reader never writes
/// the file itself).
#[test]
fn without_a_sound_index_file_the_worker_indexes_itself() {
    let Library { _dir, cache, mut worker, .. } = library_with_index_file();
    let index_dir = cache.join(crate::library::index::INDEX_DIR);
    for entry in std::fs::read_dir(&index_dir).unwrap() {
        std::fs::write(entry.unwrap().path(), b"not an index").unwrap();
    }
    let request =
        SearchRequest { generation: 1, query: "quillwort".into(), matching: Default::default() };
    worker.last = Some((request, Query::parse("quillwort")));
    let sent = std::cell::RefCell::new(Vec::new());
    worker.answer(&|action| {
        sent.borrow_mut().push(action);
        true
    });
    let sent = sent.into_inner();
    assert!(
        matches!(sent.as_slice(), [Action::Notice(_), Action::SearchResults { hits, .. }] if hits.is_empty()),
        "one line of notice, then what the worker's own index has (outlines: no body text): {sent:?}"
    );
    assert!(worker.file.is_none());
    assert_eq!(worker.backlog.len(), 2, "every document is queued for the worker's index");

    let mut fresh = Worker::default();
    let elsewhere = tempfile::tempdir().unwrap();
    let roots = vec![elsewhere.path().to_path_buf()];
    fresh.stash(Msg::UseIndexFile { roots, cache_dir: cache });
    fresh.stash(Msg::Add(doc("alpha")));
    assert!(fresh.file.is_none());
    assert_eq!(fresh.backlog.len(), 1);
}

#[test]
fn replacing_documents_not_yet_indexed_keeps_every_position() {
    let mut worker = Worker::default();
    for text in ["one alpha", "two beta", "three gamma"] {
        worker.stash(Msg::Add(doc(text)));
    }
    worker.index.add(worker.backlog.pop_front().unwrap());
    // Queued documents are swapped where they wait; an indexed one
    // sends everything back to the queue, in order.
    worker.stash(Msg::Replace(2, doc("three delta")));
    assert_eq!((worker.index.documents(), worker.backlog.len()), (1, 2));
    worker.stash(Msg::Replace(0, doc("one epsilon")));
    assert_eq!((worker.index.documents(), worker.backlog.len()), (0, 3));
    let texts: Vec<String> = worker
        .backlog
        .iter()
        .map(|d| crate::model::text::article_text(&d.articles[0]).trim().to_string())
        .collect();
    assert_eq!(texts, ["one epsilon", "two beta", "three delta"]);
}

/// A document is indexed a part at a time: a query between parts finds
/// the articles indexed so far, the rest once the document is done; a
/// new version arriving meanwhile starts over from its first article.
#[test]
fn a_long_document_is_indexed_in_parts_and_searched_between_them() {
    let mut worker = Worker { part_words: 1, ..Worker::default() };
    let text = "# One\n\nAlpha words.\n\n# Two\n\nBeta words.\n\n# Three\n\nGamma words.\n";
    worker.stash(Msg::Add(doc(text)));
    assert!(!worker.index_next(), "no refresh after one part");
    assert_eq!(worker.index.articles(), 1);
    assert_eq!(ask(&mut worker, "alpha"), [(0, 0)]);
    assert!(ask(&mut worker, "gamma").is_empty());
    assert_eq!(searched(&mut worker), 0, "a document indexed in part is not searched yet");
    worker.stash(Msg::Replace(0, doc(&text.replace("Gamma", "Delta"))));
    assert_eq!((worker.index.articles(), worker.backlog.len()), (0, 1));
    let mut steps = 0;
    while worker.backlog.len() + usize::from(worker.part.is_some()) > 0 {
        worker.index_next();
        steps += 1;
    }
    assert_eq!(steps, 3, "one article a part");
    assert_eq!(ask(&mut worker, "delta"), [(0, 2)]);
    assert_eq!(searched(&mut worker), 1);
    assert!(ask(&mut worker, "gamma").is_empty());
}

/// A document listed from its outline is numbered in the index but not
/// counted as searched until its whole version replaces it: a search
/// typed during a warm start must not say it covered text it has not
/// seen (it did, counting outlines, and its hits then came later).
#[test]
fn a_listed_document_is_searched_only_once_it_is_whole() {
    let mut worker = Worker::default();
    let whole = doc("# One\n\nAlpha words.\n");
    let mut outline = (*whole).clone();
    outline.articles.iter_mut().for_each(|a| a.sections.clear());
    worker.stash(Msg::Add(Arc::new(outline)));
    worker.stash(Msg::Add(doc("# Two\n\nBeta words.\n")));
    drain(&mut worker);
    assert!(ask(&mut worker, "alpha").is_empty(), "an outline has no text to find");
    assert_eq!(searched(&mut worker), 1, "only the whole document is searched");
    worker.stash(Msg::Replace(0, whole));
    drain(&mut worker);
    assert_eq!(ask(&mut worker, "alpha"), [(0, 0)]);
    assert_eq!(searched(&mut worker), 2);
    // Near miss: a document added whole counts at once.
    worker.stash(Msg::Add(doc("# Three\n\nGamma.\n")));
    drain(&mut worker);
    assert_eq!(searched(&mut worker), 3);
}

/// While the index file serves, a document that changes brings the last
/// search's results up to date without a new query.
#[test]
fn a_changed_document_refreshes_the_results_the_file_gave() {
    let Library { _dir, paths, roots, cache, worker } = library_with_index_file();
    let (tx, rx) = channel();
    let (searcher, _) = Searcher::spawn(move |a| tx.send(a).is_ok()).unwrap();
    searcher.use_index_file(roots, cache);
    for doc in worker.docs.latest.iter() {
        searcher.add(doc.clone());
    }
    let request =
        SearchRequest { generation: 7, query: "quillwort".into(), matching: Default::default() };
    searcher.query(request);
    assert_eq!(settled(&rx, 7, 2).len(), 1);
    std::fs::write(&paths[1], "# Moss\n\nA quillwort here too.\n").unwrap();
    let changed = crate::library::load_file(&paths[1]).unwrap();
    searcher.replace(0, Arc::new(changed));
    assert_eq!(settled(&rx, 7, 2).len(), 2, "answered again, from the updated file");
}

/// How many documents the worker's last answer says it searched.
fn searched(worker: &mut Worker) -> usize {
    let got = std::cell::Cell::new(usize::MAX);
    worker.answer(&|action| {
        if let Action::SearchResults { searched, .. } = action {
            got.set(searched);
        }
        true
    });
    got.get()
}

/// Indexes as the worker does, but panics on a document named `bad.md`
/// that has articles.
fn failing_part(
    index: &mut Index,
    doc: &Arc<Document>,
    part: (usize, usize),
    record: Option<ScanRecord>,
) -> Option<usize> {
    if doc.origin == "bad.md" && !doc.articles.is_empty() {
        panic!("indexing failed");
    }
    index.add_part_with(doc, part, record)
}

/// A panic while indexing is one notice: the worker starts over with the
/// failing document left empty at its position, and the next query is
/// answered on everything else, numbered as before.
#[test]
fn a_panic_while_indexing_is_a_notice_and_the_rest_still_answers() {
    let (msgs, rx) = channel();
    let (tx, answers) = channel();
    let worker = Worker { add_part: failing_part, ..Worker::default() };
    std::thread::spawn(move || worker.run(&rx, &move |a| tx.send(a).is_ok()));
    let bad = Arc::new(load("bad.md", b"Bad\n\nAn alpha that breaks the index.").unwrap());
    for d in [doc("alpha first"), bad, doc("alpha last")] {
        msgs.send(Msg::Add(d)).unwrap();
    }
    let request = |generation| SearchRequest {
        generation,
        query: "alpha".into(),
        matching: Default::default(),
    };
    msgs.send(Msg::Query(request(1))).unwrap();
    let mut noticed = false;
    loop {
        match answers.recv_timeout(std::time::Duration::from_secs(30)) {
            Ok(Action::Notice(n)) => {
                assert_eq!(n, strings::SEARCH_FAILED);
                assert!(!noticed, "the failing document fails once, not at every restart");
                noticed = true;
                msgs.send(Msg::Query(request(2))).unwrap();
            }
            Ok(Action::SearchResults { generation: 2, hits, searched: 3 }) => {
                assert!(noticed);
                let docs: Vec<usize> = hits.iter().map(|h| h.doc).collect();
                assert_eq!(docs.len(), 2);
                assert!(docs.contains(&0) && docs.contains(&2), "{docs:?}");
                break;
            }
            Ok(_) => {}
            Err(e) => panic!("no answer from the worker: {e:?}"),
        }
    }
    // Near miss: indexed as usual, the same document is found.
    let (tx, rx) = channel();
    let (searcher, _) = Searcher::spawn(move |a| tx.send(a).is_ok()).unwrap();
    searcher.add(doc("alpha first"));
    searcher.add(Arc::new(load("bad.md", b"Bad\n\nAn alpha that breaks the index.").unwrap()));
    searcher.query(request(1));
    assert_eq!(settled(&rx, 1, 2).len(), 2);
}

/// A huge document's scan record is taken from [`Prepared`], not made
/// again: given one made of another text (same shape), the document's
/// own rare word is turned away by the wrong word filter. Near miss: a
/// document with no record waiting gets its own, and is found.
#[test]
fn a_prepared_scan_record_is_taken_for_its_own_document() {
    let huge = |text: &str| {
        let mut d = load("big.txt", text.as_bytes()).unwrap();
        d.articles[0].words = ScanPolicy::READER.above_words + 1;
        Arc::new(d)
    };
    let (mine, other) = (huge("Notes\n\nzebrafinch plain text"), huge("Notes\n\nplain text lasts"));
    let prepared = Prepared::default();
    prepared.put(&mine, ScanRecord::of(&other));
    let (tx, rx) = channel();
    let (searcher, _) = Searcher::spawn(move |a| tx.send(a).is_ok()).unwrap();
    searcher.use_prepared(prepared.clone());
    searcher.add(mine.clone());
    let query = |generation, q: &str| SearchRequest {
        generation,
        query: q.into(),
        matching: Default::default(),
    };
    searcher.query(query(1, "zebrafinch"));
    assert!(settled(&rx, 1, 1).is_empty(), "the record given was not used");
    searcher.query(query(2, "plain"));
    assert_eq!(settled(&rx, 2, 1).len(), 1);
    assert!(prepared.take(&mine).is_none(), "taken when the document came");
    searcher.replace(0, huge("Notes\n\nzebrafinch plain text"));
    searcher.query(query(3, "zebrafinch"));
    assert_eq!(settled(&rx, 3, 1).len(), 1);
}
