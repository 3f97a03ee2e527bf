use proptest::prelude::*;

use super::*;

const TEXT: &str = "Rust gives you control over memory without a garbage collector. \
The borrow checker enforces that references never outlive their data.\n\n\
Ownership is the central idea: every value has exactly one owner, and when \
the owner goes out of scope the value is dropped.\n\n\
Lifetimes are how the compiler reasons about references across functions. \
Most of the time they are inferred, so you rarely write them by hand.\n\n\
Traits describe shared behaviour, and generics let one function serve many types.";

fn range_of(text: &str, needle: &str) -> (usize, usize) {
    let byte = text.find(needle).unwrap();
    let start = text[..byte].chars().count();
    (start, start + needle.chars().count())
}

fn slice(text: &str, (a, b): (usize, usize)) -> String {
    text.chars().skip(a).take(b - a).collect()
}

#[test]
fn anchor_carries_quote_and_context() {
    let (s, e) = range_of(TEXT, "borrow checker");
    let a = anchor_for(TEXT, s, e);
    assert_eq!(a.quote.exact, "borrow checker");
    assert_eq!(a.quote.prefix.chars().count(), CONTEXT_CHARS);
    assert!(a.quote.suffix.starts_with(" enforces"));
    assert_eq!(reanchor(TEXT, &a), Some((s, e)));
}

#[test]
fn anchors_at_the_edges_are_clamped() {
    let a = anchor_for(TEXT, 10_000, 3);
    let len = TEXT.chars().count();
    assert_eq!(a.position, TextPosition { start: 3, end: len });
    assert_eq!(a.quote.suffix, "");
    assert_eq!(reanchor(TEXT, &a), Some((3, len)));
    assert_eq!(reanchor("", &anchor_point("", 0)), Some((0, 0)));
}

#[test]
fn inserted_text_shifts_the_highlight() {
    let (s, e) = range_of(TEXT, "every value has exactly one owner");
    let a = anchor_for(TEXT, s, e);
    let edited = format!("A new opening paragraph.\n\n{TEXT}");
    let found = reanchor(&edited, &a).unwrap();
    assert_eq!(slice(&edited, found), "every value has exactly one owner");
}

#[test]
fn changed_words_still_anchor_approximately() {
    let (s, e) = range_of(TEXT, "Lifetimes are how the compiler reasons about references");
    let a = anchor_for(TEXT, s, e);
    let edited = TEXT.replace("how the compiler reasons", "how rustc reasons");
    let found = reanchor(&edited, &a).unwrap();
    assert_eq!(slice(&edited, found), "Lifetimes are how rustc reasons about references");
}

#[test]
fn moved_paragraph_is_found_at_its_new_place() {
    let paras: Vec<&str> = TEXT.split("\n\n").collect();
    let (s, e) = range_of(TEXT, "Traits describe shared behaviour");
    let a = anchor_for(TEXT, s, e);
    let moved = [paras[3], paras[0], paras[1], paras[2]].join("\n\n");
    let found = reanchor(&moved, &a).unwrap();
    assert_eq!(found.0, 0);
    assert_eq!(slice(&moved, found), "Traits describe shared behaviour");
}

#[test]
fn deleted_passage_becomes_an_orphan() {
    let (s, e) = range_of(TEXT, "Most of the time they are inferred, so you rarely write them");
    let a = anchor_for(TEXT, s, e);
    let edited =
        TEXT.replace("Most of the time they are inferred, so you rarely write them by hand.", "");
    assert_eq!(reanchor(&edited, &a), None);
}

#[test]
fn repeated_quotes_are_told_apart_by_context() {
    let text = "alpha one: the same words appear here. beta two: the same words appear here.";
    let second = text.rfind("the same words").unwrap();
    let a = anchor_for(text, second, second + "the same words appear".len());
    // Shift everything so the fast path fails; the suffix-free prefix decides.
    let edited = format!("intro. {text}");
    let found = reanchor(&edited, &a).unwrap();
    assert_eq!(found.0, second + "intro. ".len());
}

#[test]
fn points_follow_their_context() {
    let (s, _) = range_of(TEXT, "Ownership is");
    let p = anchor_point(TEXT, s);
    assert!(p.is_point());
    let edited = TEXT.replace("garbage collector", "GC");
    let (s2, _) = range_of(&edited, "Ownership is");
    assert_eq!(reanchor(&edited, &p), Some((s2, s2)));
    // An edit inside the context itself still lands within a few chars.
    let edited = TEXT.replace("value is dropped.", "value is freed.");
    let (s3, _) = range_of(&edited, "Ownership is");
    let (got, _) = reanchor(&edited, &p).unwrap();
    assert!(got.abs_diff(s3) <= 3, "{got} vs {s3}");
}

#[test]
fn short_quote_with_edited_context_is_refined_to_the_quote() {
    let (s, e) = range_of(TEXT, "owner");
    let a = anchor_for(TEXT, s, e);
    let edited = TEXT.replace("Ownership is the central idea", "Ownership, the idea");
    let found = reanchor(&edited, &a).unwrap();
    assert_eq!(slice(&edited, found), "owner");
}

fn words() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec("[a-z]{2,9}", 40..120)
}

fn insertion_case(
    ws: &[String],
    pick: f64,
    span: usize,
    insert: &str,
    at: f64,
) -> Result<(), TestCaseError> {
    let text = ws.join(" ");
    let n = text.chars().count();
    let start = ((n as f64 * pick) as usize).min(n - 1);
    let end = (start + span * 4).min(n);
    let a = anchor_for(&text, start, end);
    prop_assert_eq!(reanchor(&text, &a), Some((start, end)));
    // Insert (uppercase, so it cannot create a new copy) outside the quote.
    let at = (n as f64 * at) as usize;
    if at > start && at < end {
        return Ok(());
    }
    let byte = text.char_indices().nth(at).map_or(text.len(), |(b, _)| b);
    let edited = format!("{}{}{}", &text[..byte], insert, &text[byte..]);
    let shift = if at <= start { insert.chars().count() } else { 0 };
    let found = reanchor(&edited, &a);
    prop_assert!(found.is_some(), "{:?} in {:?}", a, edited);
    let found = found.unwrap();
    prop_assert_eq!(slice(&edited, found), a.quote.exact.clone());
    let unique = text.matches(a.quote.exact.as_str()).count() == 1;
    if unique && !a.quote.exact.is_empty() {
        prop_assert_eq!(found, (start + shift, end + shift));
    }
    Ok(())
}

proptest! {
    #[test]
    fn anchors_survive_insertions_outside_them(
        ws in words(),
        pick in 0.0f64..1.0,
        span in 3usize..12,
        insert in "[A-Z ]{1,40}",
        at in 0.0f64..1.0,
    ) {
        insertion_case(&ws, pick, span, &insert, at)?;
    }
}

#[test]
fn short_quote_survives_a_rewritten_prefix_when_the_suffix_holds() {
    let text = "intro words here and then some more context before the word koqtctsoc";
    let start = text.find(" koqtctsoc").unwrap();
    let a = anchor_for(text, start, text.len());
    assert_eq!(a.quote.suffix, "");
    let edited = text.replace("context before", "context FF E     QTU O CC   MB    DYY K before");
    let found = reanchor(&edited, &a).unwrap();
    assert_eq!(slice(&edited, found), " koqtctsoc");
}

/// An anchor still at its place is found reading the text where it lies;
/// near miss: moved text is searched, which decodes it.
#[test]
fn an_anchor_in_place_is_found_without_decoding_the_text() {
    let text = "Ünïcode first. The quote sits right here, unchanged. After it.";
    let start = text.chars().position(|c| c == 'q').unwrap();
    let end = start + "quote sits right here".len();
    let anchor = anchor_for(text, start, end);
    let r = Reanchorer::new(text.to_string());
    assert_eq!(r.locate(&anchor), Some((start, end)));
    assert!(r.decoded.get().is_none());
    assert_eq!(r.slice(start, end), "quote sits right here");
    let moved = Reanchorer::new(format!("New start. {text}"));
    assert_eq!(moved.locate(&anchor), Some((start + 11, end + 11)));
    assert!(moved.decoded.get().is_some());
}
