//! Carrying a document's saved state over to an edited version of it.
//! Pure: old state and new document in, new state and an orphan count out.
//!
//! Article ids hash their text, so an edited article has a new id too;
//! each position is therefore looked for in its own article first (when
//! that is unchanged) and then in every article in order. What is found
//! gets a fresh anchor in its new article; what is not is an orphan and is
//! kept exactly as it was, under its old article id, never dropped.

use crate::model::anchor::{Anchor, Reanchorer};
use crate::model::document::Document;
use crate::model::text::article_text;
use crate::store::DocState;

#[derive(Debug, Clone, PartialEq)]
pub struct Migrated {
    pub state: DocState,
    /// Bookmarks and highlights that could not be placed.
    pub orphans: usize,
}

pub fn migrate(old: &DocState, doc: &Document) -> Migrated {
    let mut texts = Texts { doc, cache: (0..doc.articles.len()).map(|_| None).collect() };
    let mut state = DocState::default();
    let mut orphans = 0;
    for p in &old.progress {
        let mut p = p.clone();
        if let Some((article, anchor)) = texts.place(&p.article_id, &p.anchor) {
            if old.last_article.as_ref() == Some(&p.article_id) {
                state.last_article = Some(article.clone());
            }
            (p.article_id, p.anchor) = (article, anchor);
        }
        state.progress.push(p);
    }
    for b in &old.bookmarks {
        let mut b = b.clone();
        match texts.place(&b.article_id, &b.anchor) {
            Some((article, anchor)) => (b.article_id, b.anchor) = (article, anchor),
            None => orphans += 1,
        }
        state.bookmarks.push(b);
    }
    for h in &old.highlights {
        let mut h = h.clone();
        match texts.place(&h.article_id, &h.anchor) {
            Some((article, anchor)) => (h.article_id, h.anchor) = (article, anchor),
            None => orphans += 1,
        }
        state.highlights.push(h);
    }
    Migrated { state, orphans }
}

/// Each article's text, prepared for searching on first need only.
struct Texts<'a> {
    doc: &'a Document,
    cache: Vec<Option<Reanchorer>>,
}

impl Texts<'_> {
    fn get(&mut self, i: usize) -> Option<&Reanchorer> {
        let article = self.doc.articles.get(i)?;
        let slot = self.cache.get_mut(i)?;
        Some(slot.get_or_insert_with(|| Reanchorer::new(article_text(article))))
    }

    /// The new article id and anchor, searching the anchor's own article
    /// first.
    fn place(&mut self, article_id: &str, anchor: &Anchor) -> Option<(String, Anchor)> {
        let own = self.doc.articles.iter().position(|a| a.id.to_string() == article_id);
        let order = own.into_iter().chain((0..self.doc.articles.len()).filter(|&i| Some(i) != own));
        for i in order {
            let Some(text) = self.get(i) else { continue };
            if let Some((start, end)) = text.locate(anchor) {
                let anchor = text.anchor(start, end);
                return Some((self.doc.articles[i].id.to_string(), anchor));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::anchor::{anchor_for, anchor_point};
    use crate::model::highlight::{Bookmark, Highlight, Progress};
    use crate::model::loader::load;

    const BEFORE: &str = "# Issue\n\n## First Article\n\nAlpha paragraph opens the issue with a \
few plain words.\n\nBeta paragraph follows on with more thoughts about terminals.\n\n\
## Second Article\n\nGamma paragraph is about something else entirely, namely reading.\n\n\
Delta paragraph closes the second article with a memorable sentence.\n";

    fn doc(text: &str) -> Document {
        load("issue.md", text.as_bytes()).unwrap()
    }

    fn at(doc: &Document, needle: &str) -> (String, String, usize) {
        for a in &doc.articles {
            let text = article_text(a);
            if let Some(byte) = text.find(needle) {
                return (a.id.to_string(), text.clone(), text[..byte].chars().count());
            }
        }
        panic!("{needle} not in the document")
    }

    fn old_state(doc: &Document) -> DocState {
        let (beta_article, beta_text, beta) = at(doc, "Beta paragraph");
        let (delta_article, delta_text, delta) = at(doc, "memorable sentence");
        let (gamma_article, gamma_text, gamma) = at(doc, "Gamma paragraph");
        DocState {
            progress: vec![Progress {
                article_id: beta_article.clone(),
                anchor: anchor_point(&beta_text, beta),
                percent: 40.0,
                read: false,
                updated: 5,
            }],
            bookmarks: vec![
                Bookmark {
                    id: "b1".into(),
                    article_id: gamma_article,
                    anchor: anchor_point(&gamma_text, gamma),
                    label: Some("gamma".into()),
                    created: 1,
                },
                Bookmark {
                    id: "b2".into(),
                    article_id: beta_article.clone(),
                    anchor: anchor_point(&beta_text, beta),
                    label: None,
                    created: 2,
                },
            ],
            highlights: vec![Highlight {
                id: "h1".into(),
                article_id: delta_article,
                anchor: anchor_for(&delta_text, delta, delta + "memorable sentence".len()),
                colour: "yellow".into(),
                note: None,
                created: 3,
                updated: 3,
            }],
            last_article: Some(beta_article),
        }
    }

    #[test]
    fn unchanged_documents_keep_everything_in_place() {
        let d = doc(BEFORE);
        let old = old_state(&d);
        let m = migrate(&old, &d);
        assert_eq!(m.orphans, 0);
        assert_eq!(m.state, old);
    }

    #[test]
    fn edits_move_positions_with_their_text_into_the_new_articles() {
        let old = old_state(&doc(BEFORE));
        let edited = BEFORE
            .replace(
                "Alpha paragraph opens",
                "A brand new opening paragraph was added here.\n\nAlpha paragraph opens",
            )
            .replace("Gamma paragraph is about", "Gamma paragraph is now about");
        let new = doc(&edited);
        let m = migrate(&old, &new);
        assert_eq!(m.orphans, 0);
        let (beta_article, _, beta) = at(&new, "Beta paragraph");
        let p = &m.state.progress[0];
        assert_eq!((p.article_id.as_str(), p.anchor.position.start), (beta_article.as_str(), beta));
        assert_eq!(m.state.last_article.as_deref(), Some(beta_article.as_str()));
        let (gamma_article, _, gamma) = at(&new, "Gamma paragraph");
        let b1 = &m.state.bookmarks[0];
        assert_eq!(
            (b1.article_id.as_str(), b1.anchor.position.start),
            (gamma_article.as_str(), gamma)
        );
        assert_eq!(b1.label.as_deref(), Some("gamma"), "labels and ids survive");
        let (_, text, delta) = at(&new, "memorable sentence");
        let h = &m.state.highlights[0];
        assert_eq!(h.anchor.position.start, delta);
        assert_eq!(h.anchor.quote.exact, "memorable sentence");
        assert!(text.contains(&h.anchor.quote.exact));
    }

    #[test]
    fn what_cannot_be_found_is_kept_as_an_orphan() {
        let old = old_state(&doc(BEFORE));
        let edited = BEFORE.replace(
            "Delta paragraph closes the second article with a memorable sentence.",
            "Completely different closing words replace what used to be here.",
        );
        let m = migrate(&old, &doc(&edited));
        assert_eq!(m.orphans, 1);
        assert_eq!(m.state.highlights, old.highlights, "the orphan is kept as it was");
        assert_eq!(m.state.bookmarks.len(), 2);
    }
}
