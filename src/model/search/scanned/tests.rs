//! Scanned documents answer as indexed ones would.

use proptest::prelude::*;

use super::needles::{Needles, Verdict};
use super::*;
use crate::model::document::{
    Article, ArticleKind, Block, ContentId, Document, Format, Inline, Section,
};
use crate::model::scan::ascii::alnum_runs;

/// Scans every document of more than one word.
const SCAN_ALL: ScanPolicy = ScanPolicy { above_words: 1, budget_words: usize::MAX };

fn article(title: &str, heading: Option<&str>, paragraphs: &[String]) -> Article {
    let blocks = paragraphs.iter().map(|p| Block::Paragraph(Inline::text(p).into())).collect();
    let section = Section { heading: heading.map(String::from), level: 2, blocks };
    Article::new(title.into(), ArticleKind::Article, vec![section])
}

fn doc(n: usize, articles: Vec<Article>) -> Arc<Document> {
    Arc::new(Document {
        id: ContentId::of(&[n.to_string().as_bytes()]),
        origin: format!("issue-{n}.txt"),
        title: format!("Issue {n}"),
        format: Format::Text,
        articles,
        warnings: vec![],
    })
}

fn indexed(docs: &[Arc<Document>], policy: Option<ScanPolicy>) -> Index {
    let mut index = policy.map_or_else(Index::default, Index::scanning);
    for d in docs {
        index.add(d.clone());
    }
    index
}

/// Words of several shapes: cased, marked, CJK, digits, and a near miss
/// (`pagers` holds `pager`, but is another token).
const WORDS: &[&str] = &[
    "pager", "pagers", "Pager", "PAGER", "kernel", "Go", "go", "café", "cafe", "Résumé", "日本",
    "x2", "e-mail", "don't", "text", "cache", "naïve",
];

fn text_of(picks: &[usize]) -> String {
    picks.iter().map(|&i| WORDS[i % WORDS.len()]).collect::<Vec<_>>().join(" ")
}

fn library(shape: &[Vec<Vec<usize>>]) -> Vec<Arc<Document>> {
    let mut docs = Vec::new();
    for (n, articles) in shape.iter().enumerate() {
        let articles = articles
            .iter()
            .enumerate()
            .map(|(i, picks)| {
                let title = format!("Part {i} {}", text_of(&picks[..picks.len().min(2)]));
                let heading = (i % 2 == 1).then(|| text_of(&picks[..1]));
                let paragraphs: Vec<String> = picks.chunks(5).map(text_of).collect();
                article(&title, heading.as_deref(), &paragraphs)
            })
            .collect();
        docs.push(doc(n, articles));
    }
    docs
}

fn query_of(picks: &[(usize, u8)]) -> String {
    let parts: Vec<String> = picks
        .iter()
        .map(|&(i, how)| {
            let w = WORDS[i % WORDS.len()];
            match how % 4 {
                0 | 1 => w.to_string(),
                2 => format!("\"{w} {}\"", WORDS[(i + 1) % WORDS.len()]),
                _ => format!("-{w}"),
            }
        })
        .collect();
    parts.join(" ")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Whatever is scanned, the hits, their order, scores, landings and
    /// snippets are those of an index of everything.
    #[test]
    fn scanned_documents_rank_and_land_as_indexed_ones(
        shape in prop::collection::vec(
            prop::collection::vec(prop::collection::vec(0..WORDS.len(), 1..24), 1..5), 1..5),
        picks in prop::collection::vec((0..WORDS.len(), any::<u8>()), 1..4),
        above in 0usize..60,
    ) {
        let docs = library(&shape);
        let query = query_of(&picks);
        let policy = ScanPolicy { above_words: above, budget_words: usize::MAX };
        let want = indexed(&docs, None).search(&query, 50);
        let got = indexed(&docs, Some(policy)).search(&query, 50);
        prop_assert_eq!(got, want, "query {}", query);
    }

    /// In an ASCII article a word's occurrences (title count, token
    /// numbers, offsets, heading flags) are what indexing files for it,
    /// across headings and blocks of any punctuation.
    #[test]
    fn found_occurrences_are_what_indexing_files(
        title in "[A-Za-z ,.]{0,12}",
        sections in prop::collection::vec(
            (prop::option::of("[a-zA-Z0-9 ]{0,10}"), prop::collection::vec("[a-zA-Z0-9 ,.'-]{0,30}", 0..4)),
            1..4),
        word in "pager|Pager|x2|a|dont",
    ) {
        let sections = sections
            .into_iter()
            .map(|(heading, texts)| Section {
                heading,
                level: 2,
                blocks: texts.iter().map(|t| Block::Paragraph(Inline::text(t).into())).collect(),
            })
            .collect();
        let article = Article::new(title, ArticleKind::Article, sections);
        let query = Query::parse(&word);
        let index = indexed(&[doc(0, vec![article.clone()])], None);
        let mut want = Vec::new();
        if let Some((_, postings)) = super::super::source::Source::term(&index, &query.clauses[0].terms[0].index_key()) {
            for e in postings.entries() {
                want.push((e.title, postings.positions(&e).collect::<Vec<_>>()));
            }
        }
        let words = record::count_tokens(&mut Tokenizer::default(), &article).words;
        let words = words.expect("an ASCII article has a word filter");
        let got = match Needles::of(&query).judge(&article, &words) {
            Verdict::Found(found) => found.into_iter().map(|o| (o.title, o.text)).collect(),
            Verdict::Count(_) => Vec::new(),
        };
        prop_assert_eq!(got, want);
    }

    /// In ASCII text the search tokenizer's tokens are the runs of letters
    /// and digits.
    #[test]
    fn ascii_tokens_are_alnum_runs(text in "[ -~\n]{0,80}") {
        let mut n = 0;
        Tokenizer::default().run(&text, 0, &mut |_| n += 1);
        prop_assert_eq!(alnum_runs(text.as_bytes()), n);
    }
}

fn paragraphs(text: &str) -> Vec<String> {
    vec![text.to_string()]
}

#[test]
fn only_articles_that_may_match_are_indexed_for_a_query() {
    let docs = vec![doc(
        0,
        vec![
            article("One", None, &paragraphs("The PAGER shows plain text at once.")),
            // Near miss: `pagers` holds the letters but not the word.
            article("Two", None, &paragraphs("Two pagers show plain text.")),
            article("Three", None, &paragraphs("Nothing about it here.")),
            // Not ASCII: always indexed for the query.
            article("Quatre", None, &paragraphs("Un café, pas de rien.")),
        ],
    )];
    let index = indexed(&docs, Some(SCAN_ALL));
    let articles = |found: &Index| found.articles.iter().map(|m| m.article).collect::<Vec<_>>();
    let (found, counted) = index.candidates(&Query::parse("pager text"));
    assert_eq!(articles(&found), [0, 3]);
    // `Two` cannot match, but holds `text`: it counts for how rare that is.
    assert_eq!(counted, [0, 1]);
    // A phrase's words in another order: indexed, and the index says no.
    let (found, _) = index.candidates(&Query::parse("\"text plain\""));
    assert_eq!(articles(&found), [0, 1, 3]);
    for query in ["pager text", "pager", "\"plain text\"", "text -pager", "Two"] {
        let hits = index.search(query, 10);
        assert_eq!(hits, indexed(&docs, None).search(query, 10), "{query}");
    }
    assert_eq!(index.search("pager", 10)[0].article_title, "One");
}

/// The filter decides before the text is read: with a filter that holds
/// nothing, an article holding the word is not even counted. Near miss:
/// with its own filter, the same article is found.
#[test]
fn a_word_the_filter_turns_away_is_not_looked_for() {
    let one = article("One", None, &paragraphs("The pager shows plain text."));
    let empty = filter::Filling::new(0).finish();
    let own = record::count_tokens(&mut Tokenizer::default(), &one).words.unwrap();
    let needles = Needles::of(&Query::parse("pager"));
    assert!(matches!(needles.judge(&one, &empty), Verdict::Count(held) if held.is_empty()));
    assert!(matches!(needles.judge(&one, &own), Verdict::Found(words) if words.len() == 1));
}

/// Not ASCII: no filter, so the article is tokenized for each query.
#[test]
fn only_all_ascii_articles_get_a_word_filter() {
    let mut tokenizer = Tokenizer::default();
    let ascii = article("Plain", Some("Text"), &paragraphs("x=1, don't"));
    let title = article("Café", None, &paragraphs("plain"));
    let block = article("Plain", None, &paragraphs("un café"));
    assert!(record::count_tokens(&mut tokenizer, &ascii).words.is_some());
    assert!(record::count_tokens(&mut tokenizer, &title).words.is_none());
    assert!(record::count_tokens(&mut tokenizer, &block).words.is_none());
}

#[test]
fn small_documents_and_those_past_the_budget_are_indexed() {
    let words = |n: usize| paragraphs(&"plain text lasts ".repeat(n));
    let small = doc(0, vec![article("Small", None, &words(10))]);
    let big = doc(1, vec![article("Big", None, &words(100))]);
    let bigger = doc(2, vec![article("Bigger", None, &words(100))]);
    let policy = ScanPolicy { above_words: 100, budget_words: 400 };
    let index = indexed(&[small, big, bigger], Some(policy));
    let scanned: Vec<u32> = index.scanned.docs.iter().map(|(n, _)| *n).collect();
    assert_eq!(scanned, [1]);
    // Both parts still answer, as one.
    assert_eq!(index.search("lasts", 10).len(), 3);
    // An emptied index keeps the policy; a default one scans nothing.
    assert_eq!(index.emptied().scanned.policy, Some(policy));
    assert_eq!(Index::default().scanned.policy, None);
}

#[test]
fn a_scanned_documents_tokens_count_as_an_indexed_ones() {
    let text = "Plain text, don't fold: café 日本語 x=1 naïve.";
    let docs = vec![doc(0, vec![article("A title", Some("Its heading"), &paragraphs(text))])];
    let scanned = indexed(&docs, Some(SCAN_ALL));
    let whole = indexed(&docs, None);
    assert_eq!(scanned.scanned.tokens, whole.total_len);
    assert_eq!(scanned.scanned.articles, whole.articles.len());
    assert!(scanned.articles.is_empty() && scanned.postings.is_empty());
}

/// Batches cover the articles in order; each holds at least
/// `BATCH_WORDS` words but none it could do without, and the last takes
/// what is left.
#[test]
fn articles_are_judged_in_batches_of_about_a_set_number_of_words() {
    let words = [3usize, 3, 3, 9, 1, 0, 2, 8, 1];
    let articles: Vec<Article> = words
        .iter()
        .map(|&n| {
            let mut a = article("T", None, &paragraphs("w"));
            a.words = n;
            a
        })
        .collect();
    let pairs: Vec<(usize, (&Article, ()))> =
        articles.iter().enumerate().map(|(i, a)| (i, (a, ()))).collect();
    let cuts: Vec<Vec<usize>> =
        super::batches(&pairs).map(|b| b.iter().map(|(i, _)| *i).collect()).collect();
    assert_eq!(cuts, [vec![0, 1, 2], vec![3], vec![4, 5, 6, 7], vec![8]]);
    assert_eq!(super::batches(&pairs[..0]).count(), 0);
}

/// A record given for another shape of document (another article count)
/// is not trusted: the document's own is made. Near miss: a record of the
/// same shape is used as given.
#[test]
fn a_record_of_another_shape_is_made_again() {
    let two = doc(0, vec![article("A", None, &paragraphs("pager")), article("B", None, &[])]);
    let one = doc(1, vec![article("C", None, &paragraphs("kernel"))]);
    let mut scanned = record::Scanned::default();
    scanned.add(0, &two, Some(ScanRecord::of(&one)));
    assert_eq!(scanned.tokens, 1, "made again: `pager` counted");
    let mut trusted = record::Scanned::default();
    let emptied = doc(2, vec![article("A", None, &[]), article("B", None, &[])]);
    trusted.add(0, &two, Some(ScanRecord::of(&emptied)));
    assert_eq!(trusted.tokens, 0, "same shape: used as given");
}
