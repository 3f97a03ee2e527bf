//! The meta region read a section at a time: what a query reads, and
//! what damage in one section does.

use std::ops::Range;
use std::sync::{Arc, Mutex};

use super::encoder::Encoder;
use super::format::{DocRecord, HEADER_LEN, Loaded, Section, decode_header};
use super::meta::{Meta, Region};
use super::view::View;
use crate::model::search::index::ArticleMeta;
use crate::model::search::postings::{Position, Postings, put_position};
use crate::model::search::{Query, rank};

/// Bytes in memory that note which ranges were read.
struct Noting {
    bytes: Vec<u8>,
    reads: Arc<Mutex<Vec<Range<u64>>>>,
}

impl Region for Noting {
    fn read(&self, range: Range<u64>) -> Option<Vec<u8>> {
        self.reads.lock().unwrap().push(range.clone());
        self.bytes.read(range)
    }
}

/// One occurrence per article, at `pos`, counted in the title when
/// `in_title`.
fn list(articles: &[u32], pos: u32, in_title: bool) -> Postings {
    let mut p = Postings::default();
    for &a in articles {
        let mut coded = Vec::new();
        put_position(&mut coded, (0, 0), Position { pos, offset: pos * 6, heading: false });
        p.push(a, (1, 0, u32::from(in_title)), &coded);
    }
    p
}

/// Two articles titled "Kestrel hovers" and "Notes"; both hold the
/// phrase "kestrel hovers", the first also in its title.
fn sample() -> (Vec<u8>, Vec<u8>) {
    let mut encoder = Encoder::new();
    let loaded = Loaded::Document { warnings: Vec::new() };
    let path = b"a.md".to_vec();
    encoder.doc(DocRecord { path, size: 1, mtime_ns: 2, content_hash: 3, loaded });
    encoder.article(ArticleMeta { doc: 0, article: 0, len: 10 }, "Kestrel hovers");
    encoder.article(ArticleMeta { doc: 0, article: 1, len: 10 }, "Notes");
    encoder.term("\u{2}hovérs", &list(&[1], 1, false), vec![]);
    encoder.term("hovers", &list(&[0, 1], 1, true), vec!["\u{2}hovérs".into()]);
    encoder.term("kestrel", &list(&[0, 1], 0, true), vec![]);
    encoder.finish(1, 0)
}

/// The sections a query read, after ranking its top 10.
fn sections_read(query: &str) -> Vec<Section> {
    let (head, postings) = sample();
    let header = decode_header(1, &head).unwrap();
    let reads = Arc::new(Mutex::new(Vec::new()));
    let region = Noting { bytes: head[HEADER_LEN..].to_vec(), reads: Arc::clone(&reads) };
    let meta = Meta::new(&header, Box::new(region)).unwrap();
    let query = Query::parse(query);
    let mut read =
        |r: Range<u64>| postings.get(r.start as usize..r.end as usize).map(<[u8]>::to_vec);
    let view = View::load(&meta, &query, &mut read).unwrap();
    assert!(!rank::rank(&view, &query, 10).is_empty(), "{query:?} finds its articles");
    assert_eq!(meta.sound(), Ok(()));
    let reads = reads.lock().unwrap();
    Section::ALL.into_iter().filter(|s| reads.contains(&header.section(*s).range)).collect()
}

#[test]
fn a_word_query_reads_neither_the_titles_nor_the_document_table() {
    let read = sections_read("kestrel");
    assert_eq!(read, [Section::Articles, Section::Dict, Section::Keys]);
}

#[test]
fn a_phrase_in_a_title_is_checked_against_the_titles_it_reads() {
    let read = sections_read("\"kestrel hovers\"");
    assert!(read.contains(&Section::Titles) && read.contains(&Section::TitleOffsets));
    assert!(!read.contains(&Section::Docs));
}

#[test]
fn a_damaged_section_reads_empty_and_leaves_the_others_readable() {
    let (head, _) = sample();
    let header = decode_header(1, &head).unwrap();
    let intact = Meta::decode(&header, head[HEADER_LEN..].to_vec()).unwrap();
    assert_eq!(intact.check_all(), Ok(()), "near miss: nothing damaged");
    for section in Section::ALL {
        let range = header.section(section).range.clone();
        let mut bytes = head[HEADER_LEN..].to_vec();
        bytes[range.start.midpoint(range.end) as usize] ^= 0x5a;
        let meta = Meta::decode(&header, bytes).unwrap();
        assert_eq!(meta.sound(), Ok(()), "{section:?}: nothing is read at first");
        let key = meta.find("kestrel");
        let (docs, title, article) = (meta.docs().len(), meta.title(0), meta.article(0));
        assert_eq!(meta.sound().is_err(), section != Section::Variants, "{section:?}");
        assert!(meta.check_all().is_err(), "{section:?}");
        let damaged = |s: Section| section == s;
        assert_eq!(key.is_none(), damaged(Section::Dict) || damaged(Section::Keys));
        assert_eq!(docs == 0, damaged(Section::Docs));
        assert_eq!(article.is_none(), damaged(Section::Articles));
        let titles = damaged(Section::Titles) || damaged(Section::TitleOffsets);
        assert_eq!(title.is_none(), titles, "{section:?}");
    }
}
