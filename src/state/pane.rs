//! The panes: one enum, each variant owning exactly the data it needs.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::selection::ReaderMode;
use crate::model::layout::Layout;
use crate::model::search::Hit;

/// An article by position: documents are appended or replaced in place
/// (a reloaded file), so a document index stays valid for the session; an
/// article index may need clamping after a reload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ArticleRef {
    pub doc: usize,
    pub article: usize,
}

#[derive(Debug, Clone)]
pub enum Pane {
    List(ListPane),
    Reader(Box<ReaderPane>),
    Search(SearchPane),
}

impl Pane {
    pub fn kind(&self) -> PaneKind {
        match self {
            Pane::List(_) => PaneKind::List,
            Pane::Reader(_) => PaneKind::Reader,
            Pane::Search(_) => PaneKind::Search,
        }
    }

    /// Whether a reader here, or one the search pane returns to, still
    /// waits for the find worker's matches: once none does, its scan is
    /// wasted work.
    pub fn awaits_find(&self) -> bool {
        match self {
            Pane::List(_) => false,
            Pane::Reader(r) => r.find.as_ref().is_some_and(|f| f.progress.is_running()),
            Pane::Search(s) => s.return_to.awaits_find(),
        }
    }
}

/// Which pane, without its data: for keymaps, tests and help.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PaneKind {
    List,
    Reader,
    Search,
}

/// A row of the list: a document header or one of its articles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Doc(usize),
    Article(ArticleRef),
}

#[derive(Debug, Clone, Default)]
pub struct ListPane {
    /// Visible rows, rebuilt whenever folding, filtering or the library
    /// changes, so drawing never recomputes them.
    pub rows: Vec<Row>,
    pub cursor: usize,
    /// First row on screen.
    pub scroll: usize,
    /// Folded documents, by index.
    pub folded: BTreeSet<usize>,
    /// Show ads and boilerplate too.
    pub show_hidden: bool,
}

impl ListPane {
    pub fn selected(&self) -> Option<Row> {
        self.rows.get(self.cursor).copied()
    }
}

#[derive(Debug, Clone)]
pub struct ReaderPane {
    pub at: ArticleRef,
    /// The article laid out for `width`; recomputed on open and resize
    /// only, so a scroll step costs the same for any article size.
    pub layout: Layout,
    /// The article's canonical text, built once on open: motions, find and
    /// new highlights read it instead of rebuilding it per key.
    pub text: Arc<String>,
    pub width: u16,
    /// First line on screen.
    pub top: usize,
    /// Char offset of the top line: the position that survives a resize.
    pub anchor: usize,
    pub find: Option<Find>,
    /// Char offset of a cursor the reader moved; `None` puts it on the
    /// first char of the top line. Selecting, the cursor is the
    /// selection's head instead (see [`ReaderMode`]).
    pub cursor: Option<usize>,
    pub mode: ReaderMode,
    /// The list to go back to, as it was left.
    pub list: ListPane,
    /// `G` was pressed before the text was there (a listed outline whose
    /// text is still being read): the reader goes to the end when the
    /// text arrives, instead of opening at the top.
    pub end_when_filled: bool,
}

impl ReaderPane {
    /// How far the reader has got, as `(seen, total)`: in lines when the
    /// whole article is laid out, in chars of text in a long article's
    /// window, whose line numbers do not count from the article's start.
    pub fn seen(&self, height: usize) -> (usize, usize) {
        let layout = &self.layout;
        let lines = layout.lines.len();
        let bottom = self.top + height;
        if layout.is_whole() {
            return (bottom.min(lines), lines);
        }
        let total = layout.text_len;
        let seen = match layout.lines.get(bottom) {
            Some(line) => line.offset,
            None if layout.at_end() => total,
            None => layout.span().end,
        };
        (seen.min(total), total)
    }
}

/// In-article find.
#[derive(Debug, Clone, Default)]
pub struct Find {
    pub query: String,
    /// The prompt has focus and typing edits the query.
    pub editing: bool,
    /// Char ranges of matches in the canonical text, in order.
    pub matches: Vec<(usize, usize)>,
    pub current: Option<usize>,
    /// Where the reader was when the prompt opened, restored on cancel.
    pub origin: usize,
    pub progress: FindProgress,
}

/// How many of a find's matches are in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum FindProgress {
    /// All of them.
    #[default]
    Complete,
    /// The first [`crate::model::search::find::MATCH_LIMIT`] of more.
    Capped,
    /// The find worker is scanning a long article for the query of
    /// `generation`: `scanned` of its `len` bytes so far.
    Running { generation: u64, scanned: usize, len: usize },
}

impl FindProgress {
    /// A scan's end: it found every match, or stopped at the limit.
    pub fn finished(capped: bool) -> FindProgress {
        if capped { FindProgress::Capped } else { FindProgress::Complete }
    }

    pub fn is_running(&self) -> bool {
        matches!(self, FindProgress::Running { .. })
    }
}

#[derive(Debug, Clone)]
pub struct SearchPane {
    pub query: String,
    pub hits: Vec<Hit>,
    pub selected: usize,
    /// Results on screen start at this hit.
    pub scroll: usize,
    /// The search that `hits` answer; older results are dropped.
    pub generation: u64,
    /// Whether a search for the current query is still running.
    pub pending: bool,
    /// How many documents the index held for these results (fewer than
    /// the library while it is still loading).
    pub searched: usize,
    /// Exactly where Esc goes back to.
    pub return_to: Box<Pane>,
}
