//! The pure parts on their own: the file format and the merge.

use std::sync::Arc;

use super::encoder::Encoder;
use super::format::{DocRecord, HEADER_LEN, Loaded, Unusable, decode_header, unpack};
use super::merge::{Old, Planned, merge};
use super::meta::Meta;
use crate::model::Document;
use crate::model::search::postings::{Postings, put_position};
use crate::model::search::{Index, Parts, Source};

fn record(name: &str) -> DocRecord {
    let loaded = Loaded::Document { warnings: vec!["w".into()] };
    DocRecord { path: name.as_bytes().to_vec(), size: 1, mtime_ns: 2, content_hash: 3, loaded }
}

fn list(articles: &[u32]) -> Postings {
    let mut p = Postings::default();
    for &a in articles {
        let mut coded = Vec::new();
        put_position(
            &mut coded,
            (0, 0),
            crate::model::search::postings::Position { pos: a, offset: a * 2, heading: false },
        );
        p.push(a, (1, 0, 0), &coded);
    }
    p
}

fn decoded(stamp: u64, (head, postings): (Vec<u8>, Vec<u8>)) -> (Meta, Vec<u8>) {
    let header = decode_header(stamp, &head).unwrap();
    assert_eq!(header.file_len(), (head.len() + postings.len()) as u64);
    (Meta::decode(&header, head[HEADER_LEN..].to_vec()).unwrap(), postings)
}

#[test]
fn the_format_round_trips_and_finds_terms_in_its_bytes() {
    let mut encoder = Encoder::new();
    encoder.doc(record("a.md"));
    let meta = crate::model::search::index::ArticleMeta { doc: 0, article: 2, len: 9 };
    encoder.article(meta, "Títle");
    // Marked keys start with a control char, so they sort first.
    encoder.term("\u{2}cafe\u{301}", &list(&[0]), vec![]);
    encoder.term("alpha", &list(&[0]), vec![]);
    encoder.term("cafe", &list(&[0]), vec!["\u{2}cafe\u{301}".into(), "missing".into()]);
    encoder.term("alpha", &list(&[0]), vec![]);
    let (meta, postings) = decoded(7, encoder.finish(7, 99));
    assert_eq!(meta.written_ns, 99);
    assert_eq!(meta.docs(), [record("a.md")]);
    assert_eq!((meta.article(0), meta.title(0)), (Some(meta_of(0, 2, 9)), Some("Títle")));
    assert_eq!(meta.term_count(), 3, "a key out of order is dropped");
    assert_eq!(meta.find("cafe"), Some(2));
    assert_eq!(meta.find("cafd"), None);
    let record = meta.record(2).unwrap();
    let variants: Vec<usize> = meta.variants(&record).collect();
    assert_eq!(variants, [0], "unknown variant keys are dropped");
    let start = record.postings.start as usize;
    let bytes = &postings[start..record.postings.end as usize];
    assert_eq!(unpack(&record, bytes).unwrap().df, 1);
    assert!(unpack(&record, &bytes[1..]).is_none(), "a damaged list is refused");
}

/// A list of many chunks whose articles run past 127: a chunk stores its
/// first article whole (two varint bytes from 128 on), the joined list
/// as a delta (one byte when close to the last one), so the joined list
/// is shorter than its chunks. Read back whole all the same.
#[test]
fn a_list_of_many_chunks_far_into_the_articles_unpacks_whole() {
    let articles: Vec<u32> = (120..400).collect();
    let mut encoder = Encoder::new();
    encoder.term("canary", &list(&articles), vec![]);
    let (meta, postings) = decoded(1, encoder.finish(1, 0));
    let record = meta.record(0).unwrap();
    let stored = &postings[record.postings.start as usize..record.postings.end as usize];
    let mut unpacked = unpack(&record, stored).expect("an intact list reads back");
    let mut whole = list(&articles);
    // Counts come from the chunk headers: an article appended after the
    // last one codes the same delta as in the list it was read from.
    unpacked.push(407, (1, 0, 0), &[]);
    whole.push(407, (1, 0, 0), &[]);
    assert_eq!((unpacked.bytes, unpacked.df), (whole.bytes, whole.df));
    // Near miss: a list of one chunk, below 128, was always read back.
    let mut encoder = Encoder::new();
    encoder.term("canary", &list(&[3]), vec![]);
    let (meta, postings) = decoded(1, encoder.finish(1, 0));
    let record = meta.record(0).unwrap();
    let stored = &postings[record.postings.start as usize..record.postings.end as usize];
    assert_eq!(unpack(&record, stored).map(|p| p.bytes), Some(list(&[3]).bytes));
}

fn meta_of(doc: u32, article: u32, len: u32) -> crate::model::search::index::ArticleMeta {
    crate::model::search::index::ArticleMeta { doc, article, len }
}

#[test]
fn headers_tell_foreign_old_and_damaged_files_apart() {
    let (head, _) = Encoder::new().finish(5, 0);
    assert!(decode_header(5, &head).is_ok());
    assert_eq!(decode_header(6, &head), Err(Unusable::OtherVersion));
    assert_eq!(decode_header(5, b"PK\x03\x04 zip"), Err(Unusable::Foreign));
    assert_eq!(decode_header(5, &head[..20]), Err(Unusable::Corrupt));
    let mut flipped = head.clone();
    flipped[40] ^= 1;
    assert_eq!(decode_header(5, &flipped), Err(Unusable::Corrupt));
}

fn doc(name: &str, text: &str) -> Arc<Document> {
    Arc::new(
        crate::model::loader::load_as(name, text.as_bytes(), crate::model::Format::Text).unwrap(),
    )
}

/// The documents indexed in runs of one or two, as a build on three
/// cores would: every merge below reads lists in parts.
fn index_of(docs: &[Arc<Document>]) -> Parts {
    Index::of_documents_in(docs, 3)
}

/// Every term's key and posting list (unpacked: how it is chunked may
/// differ).
fn terms(meta: &Meta, postings: &[u8]) -> Vec<(String, Vec<u8>)> {
    (0..meta.term_count())
        .map(|i| {
            let r = meta.record(i).unwrap();
            let stored = &postings[r.postings.start as usize..r.postings.end as usize];
            (meta.key(i).unwrap().to_string(), unpack(&r, stored).unwrap().bytes)
        })
        .collect()
}

fn fresh_plan(n: usize) -> Vec<Planned> {
    (0..n)
        .map(|i| Planned::Fresh { record: record(&format!("{i}")), doc: Some(i as u32) })
        .collect()
}

#[test]
fn merging_kept_and_fresh_documents_equals_building_from_scratch() {
    let a = doc("a.txt", "Alpha one\n\nThe canary sings. Café au lait.");
    let b = doc("b.txt", "Beta two\n\nA kestrel hovers over the canary.");
    let c = doc("c.txt", "Gamma three\n\nCafe racer and a canary.");
    // The old index holds a and b.
    let old_index = index_of(&[a.clone(), b.clone()]);
    let (old_meta, old_postings) =
        decoded(1, merge(None, &fresh_plan(2), &old_index).unwrap().finish(1, 0));
    // b is gone, c is new and comes first, a is kept.
    let fresh = index_of(std::slice::from_ref(&c));
    let plan = vec![
        Planned::Fresh { record: record("0"), doc: Some(0) },
        Planned::Kept { old: 0, record: record("a") },
    ];
    let old = Old { meta: &old_meta, postings: &old_postings };
    let (meta, postings) = decoded(1, merge(Some(old), &plan, &fresh).unwrap().finish(1, 0));
    let scratch = index_of(&[c, a]);
    let (want, want_postings) =
        decoded(1, merge(None, &fresh_plan(2), &scratch).unwrap().finish(1, 0));
    assert_eq!(terms(&meta, &postings), terms(&want, &want_postings));
    assert_eq!(meta.article_count(), scratch.index().articles());
    for i in 0..meta.article_count() {
        assert_eq!(meta.article(i), scratch.index().article(i as u32));
        assert_eq!(meta.title(i), scratch.index().article_title(i as u32));
    }
    let cafe = meta.find("cafe").unwrap();
    let variants: Vec<&str> =
        meta.variants(&meta.record(cafe).unwrap()).filter_map(|v| meta.key(v)).collect();
    assert_eq!(variants, ["\u{2}cafe\u{301}"]);
}

/// Lists left in the runs' parts merge into the file the joined lists
/// give, byte for byte: in a full build (packed as they are, chunks
/// spanning parts) and in an update (fresh parts merged among kept
/// chunks).
#[test]
fn lists_in_parts_merge_as_the_joined_lists_do() {
    let docs: Vec<Arc<Document>> = (0..6)
        .map(|i| {
            let body = "canary and kestrel ".repeat(3 + i * 5);
            doc(&format!("{i}.txt"), &format!("Part {i}\n\nThe {body} Café {i}."))
        })
        .collect();
    let joined = |docs: &[Arc<Document>]| Parts::from(Index::of_documents_in(docs, 3).joined());
    let build =
        |p: &Parts| merge(None, &fresh_plan(p.index().documents()), p).unwrap().finish(1, 0);
    let in_parts = index_of(&docs);
    assert_eq!(build(&in_parts), build(&joined(&docs)));
    // Near miss: one run is one part, and the same file again.
    assert_eq!(build(&Index::of_documents_in(&docs, 1)), build(&joined(&docs)));
    // An update: the first two kept, the other four read again after them.
    let (old_meta, old_postings) = decoded(1, build(&joined(&docs[..2])));
    let mut plan: Vec<Planned> =
        (0..2).map(|i| Planned::Kept { old: i, record: record(&format!("{i}")) }).collect();
    plan.extend((0..4).map(|i| Planned::Fresh { record: record(&format!("f{i}")), doc: Some(i) }));
    let update = |fresh: &Parts| {
        let old = Old { meta: &old_meta, postings: &old_postings };
        merge(Some(old), &plan, fresh).unwrap().finish(1, 0)
    };
    assert_eq!(update(&index_of(&docs[2..])), update(&joined(&docs[2..])));
}

#[test]
fn damaged_old_postings_fail_the_merge() {
    let a = doc("a.txt", "Alpha\n\nThe canary sings.");
    let (meta, mut postings) =
        decoded(1, merge(None, &fresh_plan(1), &index_of(&[a])).unwrap().finish(1, 0));
    postings[0] ^= 0xff;
    let plan = [Planned::Kept { old: 0, record: record("a") }];
    let old = Old { meta: &meta, postings: &postings };
    assert_eq!(merge(Some(old), &plan, &Parts::default()).err(), Some(Unusable::Corrupt));
}

#[test]
fn chunks_of_articles_that_keep_their_numbers_are_copied_as_stored() {
    let a = doc("a.txt", "Alpha one\n\nThe canary sings. The canary sings again, canary.");
    let c = doc("c.txt", "Gamma three\n\nCafe racer and a canary.");
    let (old_meta, old_postings) = decoded(
        1,
        merge(None, &fresh_plan(1), &index_of(std::slice::from_ref(&a))).unwrap().finish(1, 0),
    );
    let plan = vec![
        Planned::Kept { old: 0, record: record("a") },
        Planned::Fresh { record: record("c"), doc: Some(0) },
    ];
    let old = Old { meta: &old_meta, postings: &old_postings };
    let merged = merge(Some(old), &plan, &index_of(std::slice::from_ref(&c))).unwrap();
    let (meta, postings) = decoded(1, merged.finish(1, 0));
    let scratch = index_of(&[a, c]);
    let (want, want_postings) =
        decoded(1, merge(None, &fresh_plan(2), &scratch).unwrap().finish(1, 0));
    assert_eq!(terms(&meta, &postings), terms(&want, &want_postings));
    let stored = |meta: &Meta, postings: &[u8], key: &str| {
        let r = meta.record(meta.find(key).unwrap()).unwrap();
        postings[r.postings.start as usize..r.postings.end as usize].to_vec()
    };
    let before = stored(&old_meta, &old_postings, "canary");
    let after = stored(&meta, &postings, "canary");
    assert!(after.len() > before.len() && after.starts_with(&before), "copied, then appended");
}
