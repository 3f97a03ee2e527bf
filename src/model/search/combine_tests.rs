//! An index built on several cores is the one built a document at a time.

use std::collections::BTreeMap;
use std::sync::Arc;

use proptest::prelude::*;

use super::*;
use crate::model::loader;

/// Words of several shapes: cased, marked, both, CJK, digits.
const WORDS: &[&str] = &[
    "pager", "Pager", "café", "Café", "cafe", "Go", "go", "naïve", "日本", "x2", "text", "kernel",
];

fn document(n: usize, picks: &[Vec<usize>]) -> Arc<Document> {
    let mut text = String::new();
    for (i, words) in picks.iter().enumerate() {
        let line: Vec<&str> = words.iter().map(|&w| WORDS[w % WORDS.len()]).collect();
        text += &format!("Part {i} of {n}\n\nBy A. Writer\n\n{}.\n\n", line.join(" "));
    }
    Arc::new(loader::load(&format!("d{n}.txt"), text.as_bytes()).unwrap())
}

/// Everything an index holds, by key rather than by term id.
type Contents = (Vec<String>, Vec<ArticleMeta>, u64, BTreeMap<String, (Vec<u8>, u32, Vec<String>)>);

fn contents(index: &Index) -> Contents {
    let key_of: BTreeMap<u32, &str> = index.dictionary().map(|(k, id)| (id, k)).collect();
    let terms = index
        .dictionary()
        .map(|(key, id)| {
            let list = &index.postings[id as usize];
            let variants = index.variants.get(&id).into_iter().flatten();
            let variants = variants.map(|v| key_of[v].to_string()).collect();
            (key.to_string(), (list.bytes.clone(), list.df, variants))
        })
        .collect();
    let origins = index.docs.iter().map(|d| d.origin.clone()).collect();
    (origins, index.articles.clone(), index.total_len, terms)
}

fn one_by_one(docs: &[Arc<Document>]) -> Index {
    let mut index = Index::new();
    docs.iter().for_each(|d| index.add(d.clone()));
    index
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn an_index_built_in_runs_is_the_one_built_in_order(
        library in prop::collection::vec(
            prop::collection::vec(prop::collection::vec(0..WORDS.len(), 1..12), 1..4), 0..9),
        parts in 1usize..6,
    ) {
        let docs: Vec<Arc<Document>> =
            library.iter().enumerate().map(|(n, picks)| document(n, picks)).collect();
        let want = one_by_one(&docs);
        let got = Index::of_documents_in(&docs, parts).joined();
        prop_assert_eq!(contents(&got), contents(&want));
        for query in ["pager", "Café", "\"go text\"", "kernel -x2"] {
            prop_assert_eq!(got.search(query, 20), want.search(query, 20));
        }
    }
}

#[test]
fn a_document_added_after_the_join_and_a_shrink_is_indexed_like_the_rest() {
    let docs: Vec<Arc<Document>> =
        (0..4).map(|n| document(n, &[vec![0, 2, 5 + n], vec![10, 11]])).collect();
    let mut got = Index::of_documents_in(&docs[..3], 2).joined();
    got.shrink();
    got.add(docs[3].clone());
    assert_eq!(contents(&got), contents(&one_by_one(&docs)));
    // Near miss: one part is the plain build.
    assert_eq!(contents(&Index::of_documents_in(&docs, 1).joined()), contents(&one_by_one(&docs)));
}
