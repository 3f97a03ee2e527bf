//! The query language: words are ANDed, `"a phrase"` must match as a
//! phrase, `-word` (or `-"a phrase"`) excludes.
//!
//! Words go through the same tokenizer as the text, so `e-mail` or `日本語`
//! become phrases of their tokens. Smart case is per word: a word with a
//! capital letter matches that case exactly (`Go` finds `Go`, not `go`),
//! an all-lowercase word matches any case. Diacritics do not matter either.
//! Both are defaults of [`Matching`], which the `[search]` config changes.

use unicode_normalization::UnicodeNormalization;

use super::tokenize::{OwnedToken, Token, tokens};

/// At most this many words take part, so a pasted paragraph cannot make a
/// query arbitrarily expensive (and every word fits in a 64-bit mask).
pub const MAX_TERMS: usize = 64;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pub clauses: Vec<Clause>,
}

/// One word or phrase of the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    /// One term for a word; several, adjacent in the text, for a phrase.
    pub terms: Vec<Term>,
    pub negated: bool,
}

/// How query words compare with the text: the `[search]` config options.
/// Options live in the query, not the index, so changing them needs no
/// reindexing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Matching {
    /// `cafe` finds `café`; off, only `café` finds `café`.
    pub fold_diacritics: bool,
    /// A word with a capital matches that case exactly; off, case never
    /// matters.
    pub smart_case: bool,
}

impl Default for Matching {
    fn default() -> Matching {
        Matching { fold_diacritics: true, smart_case: true }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The folded form, or the case-kept form when `cased`.
    pub key: String,
    pub cased: bool,
    pub cjk: bool,
    pub marks: Marks,
}

/// What a term asks of diacritics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Marks {
    /// Folded away: any marks match.
    Any,
    /// Sensitive, and the word has none: only unmarked tokens match.
    None,
    /// Sensitive: exactly these marks (the token's `marked` key, or its
    /// `marked_cased` one when the term is cased).
    Exact(String),
}

/// Marks case-kept keys in the index, so they can share one dictionary
/// with folded keys (a control char never occurs in a token).
pub const CASED_PREFIX: char = '\u{1}';
/// Marks keys with diacritics kept, lower case.
pub const MARKED_PREFIX: char = '\u{2}';
/// Marks keys with diacritics and case kept.
pub const MARKED_CASED_PREFIX: char = '\u{3}';

impl Term {
    fn of(t: OwnedToken, how: Matching) -> Term {
        let cased = if how.smart_case { t.cased } else { None };
        let marks = match (how.fold_diacritics, cased.is_some()) {
            (true, _) => Marks::Any,
            (false, true) => t.marked_cased.map_or(Marks::None, Marks::Exact),
            (false, false) => t.marked.map_or(Marks::None, Marks::Exact),
        };
        match cased {
            Some(cased) => Term { key: cased, cased: true, cjk: t.cjk, marks },
            None => Term { key: t.folded, cased: false, cjk: t.cjk, marks },
        }
    }

    pub fn matches(&self, t: &Token) -> bool {
        let base =
            if self.cased { t.cased == Some(self.key.as_str()) } else { t.folded == self.key };
        base && match &self.marks {
            Marks::Any => true,
            Marks::None => t.marked.is_none(),
            Marks::Exact(m) => {
                let key = if self.cased { t.marked_cased } else { t.marked };
                key == Some(m.as_str())
            }
        }
    }

    /// The key this term is filed under in the index. For `Marks::None`
    /// that list still holds the marked tokens, which the index subtracts.
    pub fn index_key(&self) -> String {
        match (&self.marks, self.cased) {
            (Marks::Exact(m), false) => format!("{MARKED_PREFIX}{m}"),
            (Marks::Exact(m), true) => format!("{MARKED_CASED_PREFIX}{m}"),
            (_, true) => format!("{CASED_PREFIX}{}", self.key),
            (_, false) => self.key.clone(),
        }
    }
}

impl Query {
    /// Parses with the default [`Matching`].
    pub fn parse(input: &str) -> Query {
        Query::parse_with(input, Matching::default())
    }

    pub fn parse_with(input: &str, how: Matching) -> Query {
        let input: String = input.nfc().collect();
        let mut clauses: Vec<Clause> = Vec::new();
        let mut budget = MAX_TERMS;
        for (text, negated) in split(&input) {
            let terms: Vec<Term> = tokens(text).into_iter().map(|t| Term::of(t, how)).collect();
            if terms.is_empty() || terms.len() > budget {
                continue;
            }
            let clause = Clause { terms, negated };
            if !clauses.contains(&clause) {
                budget -= clause.terms.len();
                clauses.push(clause);
            }
        }
        Query { clauses }
    }

    pub fn positive(&self) -> impl Iterator<Item = &Clause> {
        self.clauses.iter().filter(|c| !c.negated)
    }

    pub fn negative(&self) -> impl Iterator<Item = &Clause> {
        self.clauses.iter().filter(|c| c.negated)
    }

    /// Whether anything could match: exclusions alone select nothing.
    pub fn is_empty(&self) -> bool {
        self.positive().next().is_none()
    }
}

/// Splits into `(text, negated)` pieces: words at whitespace, quoted
/// phrases up to the closing quote (or the end, if it is missing).
fn split(input: &str) -> Vec<(&str, bool)> {
    let mut out = Vec::new();
    let mut rest = input;
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            return out;
        }
        let negated = rest.starts_with('-');
        if negated {
            rest = &rest[1..];
        }
        let (piece, after) = if let Some(quoted) = rest.strip_prefix('"') {
            match quoted.find('"') {
                Some(end) => (&quoted[..end], &quoted[end + 1..]),
                None => (quoted, ""),
            }
        } else {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            (&rest[..end], &rest[end..])
        };
        out.push((piece, negated));
        rest = after;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(q: &Query) -> Vec<(Vec<&str>, bool)> {
        q.clauses
            .iter()
            .map(|c| (c.terms.iter().map(|t| t.key.as_str()).collect(), c.negated))
            .collect()
    }

    #[test]
    fn words_phrases_and_exclusions() {
        let q = Query::parse(r#"canary "blue green"  -rollback -"big bang" e-mail"#);
        assert_eq!(
            keys(&q),
            [
                (vec!["canary"], false),
                (vec!["blue", "green"], false),
                (vec!["rollback"], true),
                (vec!["big", "bang"], true),
                (vec!["e", "mail"], false),
            ]
        );
    }

    #[test]
    fn smart_case_is_per_word_and_diacritics_fold() {
        let q = Query::parse("Résumé naïve");
        assert!(q.clauses[0].terms[0].cased);
        assert_eq!(q.clauses[0].terms[0].key, "Resume");
        assert_eq!(q.clauses[0].terms[0].index_key(), "\u{1}Resume");
        assert!(!q.clauses[1].terms[0].cased);
        assert_eq!(q.clauses[1].terms[0].key, "naive");
    }

    #[test]
    fn odd_input_is_harmless() {
        assert!(Query::parse("").is_empty());
        assert!(Query::parse(" - \"\" -only !!").is_empty());
        assert_eq!(keys(&Query::parse("\"unclosed phrase")), [(vec!["unclosed", "phrase"], false)]);
        assert_eq!(Query::parse("a a A").clauses.len(), 2);
        assert_eq!(keys(&Query::parse("日本語")), [(vec!["日", "本", "語"], false)]);
        let long = "w ".repeat(200) + &(0..100).map(|i| format!("x{i} ")).collect::<String>();
        let q = Query::parse(&long);
        assert!(q.clauses.iter().map(|c| c.terms.len()).sum::<usize>() <= MAX_TERMS);
    }
}
