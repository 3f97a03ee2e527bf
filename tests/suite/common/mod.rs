//! Documents built in code, so tests do not depend on the loaders.
#![allow(dead_code)]

use std::path::Path;
use std::sync::{Arc, LazyLock};

use quire::model::document::*;
use quire::state::{Action, AppState, Effect, update};

pub fn para(text: &str) -> Block {
    Block::Paragraph(Inline::text(text).into())
}

pub fn section(heading: Option<&str>, blocks: Vec<Block>) -> Section {
    Section { heading: heading.map(String::from), level: 2, blocks }
}

pub fn article(title: &str, author: Option<&str>, sections: Vec<Section>) -> Article {
    let mut a = Article::new(title.into(), ArticleKind::Article, sections);
    a.author = author.map(String::from);
    a
}

pub fn document(title: &str, articles: Vec<Article>) -> Document {
    Document {
        id: ContentId::of(&[title.as_bytes()]),
        origin: format!("{title}.md"),
        title: title.into(),
        format: Format::Markdown,
        articles,
        warnings: Vec::new(),
    }
}

const LOREM: &str = "Terminal readers trade pictures for speed and focus. A good one wraps text \
to a comfortable measure, keeps your place, and never makes you wait for the next page.";

/// An article with every kind of block.
pub fn showcase() -> Article {
    let link = Inline::Link {
        text: vec![Inline::text("the ratatui book")],
        url: "https://ratatui.rs/".into(),
    };
    let list = Block::List(List {
        start: None,
        items: vec![
            ListItem {
                task: None,
                blocks: vec![para(
                    "Lists keep a hanging indent when an item wraps onto a second line.",
                )],
            },
            ListItem { task: Some(true), blocks: vec![para("Tasks show their state")] },
        ],
    });
    let table = Block::Table(Box::new(Table {
        align: vec![Align::Left, Align::Right],
        rows: vec![
            vec![vec![Inline::text("Tool")], vec![Inline::text("Stars")]],
            vec![vec![Inline::text("ratatui")], vec![Inline::text("12000")]],
            vec![vec![Inline::text("crossterm")], vec![Inline::text("3500")]],
        ],
        has_header: true,
    }));
    article(
        "Reading in the Terminal",
        Some("Ada Byron"),
        vec![
            section(None, vec![para(LOREM)]),
            section(
                Some("Why text"),
                vec![
                    Block::Paragraph(
                        vec![
                            Inline::text("Read "),
                            link,
                            Inline::text(" for the widget details, or skim the "),
                            Inline::Emphasis(vec![Inline::text("summary")]),
                            Inline::text(" below."),
                        ]
                        .into(),
                    ),
                    list,
                    Block::Quote { blocks: vec![para("Focus is a feature.")], pull: false },
                ],
            ),
            section(
                Some("Code and data"),
                vec![
                    Block::Code {
                        lang: Some("rust".into()),
                        text: "fn main() {\n    println!(\"hi\");\n}".into(),
                    },
                    table,
                    para(LOREM),
                    para(LOREM),
                ],
            ),
            section(Some("Closing"), vec![para(LOREM), para("The end.")]),
        ],
    )
}

pub fn cjk_article() -> Article {
    article(
        "日本語の記事",
        Some("山田太郎"),
        vec![
            section(
                None,
                vec![para(
                    "端末で文章を読むのは速くて集中できます。全角文字は二桁の幅を取り、行は文字の間で折り返されます。絵文字👍も同じく二桁です。",
                )],
            ),
            section(
                Some("第二節"),
                vec![para(
                    "長い段落でも、読みやすい幅に折り返されて表示されます。句読点は行頭に来ません。",
                )],
            ),
        ],
    )
}

pub fn library() -> Vec<Document> {
    let mut ad = article("Buy More Widgets", None, vec![section(None, vec![para("Advert.")])]);
    ad.kind = ArticleKind::Ad;
    let short = article("A Short Note", Some("Grace"), vec![section(None, vec![para("Brief.")])]);
    vec![
        document("Terminal Monthly", vec![showcase(), ad, short]),
        document("東京テック", vec![cjk_article()]),
    ]
}

/// A state with the library loaded at the given size.
pub fn state(size: (u16, u16)) -> AppState {
    let mut s = AppState::new(size);
    for doc in library() {
        update(&mut s, Action::Loaded(Arc::new(doc)));
    }
    update(&mut s, Action::LoadDone);
    s
}

/// Runs actions, performing library searches inline as the runner would.
pub fn run(state: &mut AppState, actions: impl IntoIterator<Item = Action>) -> Vec<Effect> {
    let mut all = Vec::new();
    for action in actions {
        for effect in update(state, action) {
            if let Effect::Search(req) = &effect {
                let hits = quire::model::search::search(&state.docs, &req.query, 200);
                let searched = state.docs.len();
                update(state, Action::SearchResults { generation: req.generation, hits, searched });
            }
            all.push(effect);
        }
    }
    all
}

/// A cache directory for this test run's quire processes: never the
/// user's, and never one left by another build (whose cache format may
/// differ and would add a "rebuilt" notice to the output).
pub fn cache_dir() -> &'static Path {
    static DIR: LazyLock<tempfile::TempDir> = LazyLock::new(|| tempfile::tempdir().unwrap());
    DIR.path()
}

/// The reader open on the first article of `doc`, the only document.
pub fn reader_on(doc: Document, size: (u16, u16), find_inline_max: usize) -> AppState {
    let mut s = AppState::new(size);
    s.find_inline_max = find_inline_max;
    update(&mut s, Action::Loaded(Arc::new(doc)));
    update(&mut s, Action::LoadDone);
    update(&mut s, Action::Command(quire::state::Command::Open));
    s
}

pub fn reader(s: &AppState) -> &quire::state::ReaderPane {
    match &s.pane {
        quire::state::Pane::Reader(r) => r,
        other => panic!("expected the reader, got {:?}", other.kind()),
    }
}
