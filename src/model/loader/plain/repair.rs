//! Repairs of PDF-extraction damage that span units: paragraphs split by a
//! page break, often with a sidebar, pull quote, caption or ad dropped in
//! between, and pull quotes that repeat the article's own words.

use super::Role;
use super::meta::byline;
use super::shape::ad_score;
use super::units::{Unit, UnitKind};
use crate::model::document::ArticleKind;
use crate::model::scan::fold::{WordBits, shared, word_hashes};

/// How many units a page-break insert (sidebar, ad, caption) may span.
const INSERT_WINDOW: usize = 10;

/// Joins each paragraph that stops mid-sentence to the next paragraph that
/// starts in lowercase within a few units, and marks the units in between
/// as floated: page furniture the PDF dropped into the middle of a sentence.
/// The floated units end up after the mended paragraph.
pub fn mend_page_breaks(units: &mut Vec<Unit>) {
    let mut mending = Mending { dangles: vec![None; units.len()], gone: vec![false; units.len()] };
    let mut i = 0;
    while i < units.len() {
        let Some(j) = mending.continuation_of(units, i) else {
            i += 1;
            continue;
        };
        // The continuation's slot is emptied now and dropped at the end:
        // removing it here would shift the rest of the file each time.
        let next = std::mem::replace(&mut units[j], Unit::gone());
        mending.gone[j] = true;
        mending.dangles[i] = None;
        units[i].append_wrapped(next);
        for floated in &mut units[i + 1..j] {
            floated.floated = true;
        }
    }
    let mut gone = mending.gone.into_iter();
    units.retain(|_| !gone.next().unwrap_or(false));
}

/// What mending knows about the units as it goes: which have been joined
/// to a paragraph before them, and which dangle (asked of each unit up to
/// a dozen times, as the paragraphs before it look for their ends).
struct Mending {
    dangles: Vec<Option<bool>>,
    gone: Vec<bool>,
}

impl Mending {
    fn dangles(&mut self, units: &[Unit], i: usize) -> bool {
        *self.dangles[i].get_or_insert_with(|| units[i].is_prose() && dangling(&units[i]))
    }

    fn continuation_of(&mut self, units: &[Unit], i: usize) -> Option<usize> {
        if self.gone[i] || !self.dangles(units, i) {
            return None;
        }
        let unit = &units[i];
        let hyphen = unit.text().trim_end().trim_end_matches('►').trim_end().ends_with('-');
        let (mut j, mut looked) = (i, 0);
        while looked < INSERT_WINDOW {
            j += 1;
            if j >= units.len() {
                break;
            }
            if self.gone[j] {
                continue;
            }
            looked += 1;
            let u = &units[j];
            let first = u.text().split_whitespace().next().unwrap_or("");
            let lowercase_prose = u.is_prose()
                && first.starts_with(char::is_lowercase)
                && !first
                    .trim_end_matches(|c: char| !c.is_alphanumeric())
                    .contains(['.', '@', '/']);
            // Further away a short lowercase scrap may be a caption or a
            // label; right after the break, one that ends the sentence
            // ("was nobody.") is the sentence's tail, however short.
            let long_enough = hyphen
                || u.text().split_whitespace().nth(3).is_some()
                || looked == 1 && ends_sentence(u.text());
            if lowercase_prose && long_enough {
                return Some(j);
            }
            // A credit line opens the next piece: no sentence runs on into
            // another article, so the search ends there.
            if u.is_prose() && byline(u.text().trim()).is_some() {
                return None;
            }
            if !hyphen && self.dangles(units, j) {
                // A nearer fragment: the next continuation is its own. A word
                // cut by a hyphen is the exception: only a word fragment can
                // follow it, so it claims the continuation first.
                return None;
            }
        }
        None
    }
}

/// A paragraph that stops mid-sentence: it ends in a word, a comma or a
/// hyphen, or with a "continued" arrow. Heading-shaped lines are headings
/// or titles, not fragments.
fn dangling(unit: &Unit) -> bool {
    let t = unit.text().trim_end();
    let marked = t.ends_with('►') || t.ends_with('-') && !t.ends_with(" -");
    let terminal = ends_sentence(t);
    // Most paragraphs end a sentence: that settles it before the slower
    // questions below, which can only turn a fragment away.
    if terminal && !marked {
        return false;
    }
    // A separator line (`—— ✦ ——`) holds no words to continue.
    if super::separators::separator_text(t) {
        return false;
    }
    let last_word = t.rsplit(' ').next().unwrap_or("");
    // An address or domain ("example.com") ends a line without ending a
    // sentence. Searched bytewise: a substring searcher costs more to set
    // up than a short word takes to scan.
    let address =
        last_word.contains(['@', '/']) || last_word.as_bytes().windows(2).any(|pair| pair == b".c");
    if address || byline(t).is_some() {
        return false;
    }
    marked || !unit.is_heading()
}

/// Whether text ends in sentence-closing punctuation (or an end mark).
fn ends_sentence(text: &str) -> bool {
    let last = text.trim_end().chars().last().unwrap_or('.');
    matches!(last, '.' | '!' | '?' | ':' | '"' | '”' | '’' | ')' | ']' | '…' | '■')
}

/// Floated units that repeat nearby text are pull quotes; floated runs of
/// short advertising copy are ads.
pub fn classify_floated(units: &mut [Unit]) {
    // Nearly every file has nothing floated, and the cache below is as
    // long as the file has units (72 bytes each).
    if !units.iter().any(|u| u.floated) {
        return;
    }
    let mut bits_of: Vec<Option<WordBits>> = vec![None; units.len()];
    for i in 0..units.len() {
        if units[i].floated
            && units[i].is_prose()
            && units[i].text().split_whitespace().nth(PULL_QUOTE_WORDS).is_none()
            && repeats_nearby(units, i, &mut bits_of)
        {
            units[i].kind = UnitKind::PullQuote;
        }
    }
    let mut i = 0;
    while i < units.len() {
        let run = units[i..].iter().take_while(|u| u.floated && u.kind == UnitKind::Para).count();
        if run > 0 {
            let group = &units[i..i + run];
            let score: u32 = group.iter().map(|u| ad_score(u.text())).sum();
            let short = group.iter().all(|u| u.text().split_whitespace().count() <= 30);
            if short && score >= 3 && score * 2 >= 3 * run as u32 {
                for unit in &mut units[i..i + run] {
                    unit.role = Role::Insert(ArticleKind::Ad);
                }
            }
        }
        i += run.max(1);
    }
}

/// Pull quotes are a sentence or two; longer floated text is not one.
const PULL_QUOTE_WORDS: usize = 60;

/// Does a prose paragraph within 40 units share most of this unit's words?
/// Neighbours overlap, so their [`WordBits`] are cached in `bits_of`; they
/// turn away nearly every paragraph, and only the rest have their words
/// counted exactly.
fn repeats_nearby(units: &[Unit], i: usize, bits_of: &mut [Option<WordBits>]) -> bool {
    let mine = word_hashes(units[i].text());
    if mine.len() < 5 {
        return false;
    }
    let most = |shared: usize| shared * 10 >= mine.len() * 7;
    let lo = i.saturating_sub(40);
    let hi = (i + 40).min(units.len());
    let long_enough = |j: usize| units[j].text().len() >= units[i].text().len() / 2;
    let nearby =
        |j: &usize| *j != i && units[*j].is_prose() && !units[*j].floated && long_enough(*j);
    (lo..hi).filter(nearby).any(|j| {
        let bits = bits_of[j].get_or_insert_with(|| WordBits::of(units[j].text()));
        most(mine.iter().filter(|h| bits.may_hold(**h)).count())
            && most(shared(&mine, &word_hashes(units[j].text())))
    })
}

#[cfg(test)]
mod tests {
    use super::super::splitting::units;
    use super::*;

    #[test]
    fn a_split_paragraph_is_joined_around_a_sidebar() {
        let text = "We favour modularity but our organisations have existing mono-\n\n\
            KEY TAKEAWAYS\n\nRespect the characteristics of your organisation.\n\n\
            lithic features that need to be understood.\n\nNext paragraph.";
        let mut u = units(text);
        mend_page_breaks(&mut u);
        assert_eq!(
            u[0].text(),
            "We favour modularity but our organisations have existing monolithic features that need to be understood."
        );
        assert_eq!(u[1].text(), "KEY TAKEAWAYS");
        assert!(u[1].floated && u[2].floated && !u[3].floated);
    }

    #[test]
    fn a_hyphenated_word_claims_its_continuation_over_a_nearer_fragment() {
        let text = "our organisations have existing mono-\n\nKEY TAKEAWAYS\n\n\
            The first change you can enable is your own\n\n\
            lithic features that need to be understood.\n\n\
            What strikes me is that it does not say \"unwilling\" or \"won't\n\nchange\". It made me think.";
        let mut u = units(text);
        mend_page_breaks(&mut u);
        assert_eq!(
            u[0].text(),
            "our organisations have existing monolithic features that need to be understood."
        );
        assert_eq!(u[2].text(), "The first change you can enable is your own");
        assert_eq!(
            u[3].text(),
            "What strikes me is that it does not say \"unwilling\" or \"won't change\". It made me think."
        );
    }

    #[test]
    fn a_short_tail_right_after_the_break_ends_its_sentence() {
        let text = "We asked who would be paged when the backlog grew, and the\n\n\
            was nobody.\n\nNext we moved the consumers one by one.";
        let mut u = units(text);
        mend_page_breaks(&mut u);
        assert_eq!(
            u[0].text(),
            "We asked who would be paged when the backlog grew, and the was nobody."
        );
        assert_eq!(u.len(), 2);
    }

    #[test]
    fn a_short_lowercase_scrap_further_on_is_not_a_tail() {
        // Near miss: the scrap is not the first unit after the break.
        let text = "The ledger grew each quarter, and the\n\nSIDEBAR NOTES\n\n\
            see p. 4.\n\nThe end came in spring.";
        let mut u = units(text);
        mend_page_breaks(&mut u);
        assert_eq!(u[0].text(), "The ledger grew each quarter, and the");
        assert_eq!(u.len(), 4);
    }

    #[test]
    fn a_fragment_is_not_continued_in_the_next_article() {
        // The lowercase paragraph after the next piece's title and credit
        // line is that piece's own, not the tail of the fragment before.
        let text = "When we asked the teams who would be paged for the two oldest rotas, the answer\n\nRunbooks That Last\n\nby Ines Duarte\n\n\
            and then the pager went quiet for a month, which nobody expected.";
        let mut u = units(text);
        mend_page_breaks(&mut u);
        assert_eq!(
            u[0].text(),
            "When we asked the teams who would be paged for the two oldest rotas, the answer"
        );
        assert_eq!(u.len(), 4);
        assert!(!u[1].floated && !u[2].floated);
    }

    #[test]
    fn a_continuation_past_an_uncredited_sidebar_is_still_joined() {
        // Near miss for the credit-line stop: a sidebar title alone does not
        // open a piece.
        let text = "When we asked the teams who would be paged for the two oldest rotas, the answer\n\nAT A GLANCE\n\n\
            was that nobody would be woken, which we changed at once.";
        let mut u = units(text);
        mend_page_breaks(&mut u);
        assert_eq!(
            u[0].text(),
            "When we asked the teams who would be paged for the two oldest rotas, the answer was that nobody would be woken, which we changed at once."
        );
    }

    #[test]
    fn headings_are_not_fragments() {
        let mut u = units("Conclusion\n\niOS apps are everywhere now.");
        mend_page_breaks(&mut u);
        assert_eq!(u.len(), 2);
    }

    #[test]
    fn floated_repeats_become_pull_quotes_and_copy_becomes_ads() {
        let text = "Supporting cross-team communities of practice will go a long way toward breaking down those barriers.\n\n\
            But this is only possible if the community is empowered to make ►\n\n\
            Supporting cross-team communities of practice will go a long way toward breaking down silos.\n\n\
            Find & fix app performance issues, faster.\n\n\
            Discover how APM keeps your customers happier.\n\n\
            changes and if the members are allowed to own its vision.";
        let mut u = units(text);
        mend_page_breaks(&mut u);
        classify_floated(&mut u);
        assert_eq!(
            u[1].text(),
            "But this is only possible if the community is empowered to make changes and if the members are allowed to own its vision."
        );
        assert_eq!(u[2].kind, UnitKind::PullQuote);
        assert_eq!(u[3].role, Role::Insert(ArticleKind::Ad));
        assert_eq!(u[4].role, Role::Insert(ArticleKind::Ad));
    }
}
