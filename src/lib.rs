//! quire: a terminal reader for curated tech eMags.
//!
//! # Module map
//! - [`model`]: the pure domain (no terminal, no async, no file system).
//!   - [`model::document`]: Library → Document → Article → Section → Block → Inline.
//!   - [`model::loader`]: bytes → Document; `decode`, `plain` (text segmenter), `markdown`.
//!   - [`model::text`]: the canonical article text that offsets index into.
//!   - [`model::ascii`]: byte loops sixteen bytes at a time (word counts, folding, ASCII runs) and the fast trim.
//!   - [`model::layout`]: an article wrapped to styled lines for one width, with offsets.
//!   - [`model::search`]: the library index: tokenizer, query language, BM25 ranking, snippets.
//!   - [`model::anchor`]: quote + position selectors; re-anchoring after edits.
//!   - [`model::highlight`]: Highlight, Bookmark and Progress value types.
//! - [`sample`]: the built-in sample eMag (`assets/sample.md`), original text.
//! - [`store`]: the bookmark store on disk (versioned JSON, atomic writes,
//!   lock + merge between instances, corrupt-file and newer-schema handling).
//! - [`library`]: paths → Library (directory walk, parallel reads, per-file failures).
//! - [`pdf_extract`]: PDF files read isolated (thread, catch_unwind, time limit), `pdftotext` as fallback.
//! - [`export`]: highlights → Markdown or JSON for note apps (pure).
//! - [`cli`]: argument types and the `outline` / `cat` / `export` / `search` / `config` commands; `main.rs` only dispatches.
//! - [`config`]: the config file (serde + toml), its defaults, paths and precise errors.
//! - [`state`]: `AppState`, the `Pane` enum and `update(state, action) -> effects`; pure.
//! - [`keymap`]: the default keys as one table, key notation, help text.
//! - [`strings`]: user-visible text.
//! - [`ui`]: drawing from `&AppState` with ratatui; only visible lines.
//! - [`app`]: the async loop over any event stream; runs effects.
//! - [`loading`]: background library loading.
//! - [`searcher`]: the search worker thread that owns the index.
//! - [`logging`]: `tracing` to a log file in the state directory, never the screen.
//! - [`persist`]: the store in the runner: debounced saves off the UI thread, restore on load,
//!   re-anchoring after a file changed.
//! - [`tui`]: terminal setup and restore, panic hook; the only raw-mode code.

/// mimalloc instead of the system allocator, for every binary that links
/// quire (the app, tests, benchmarks). Segmenting a file makes and drops
/// many small strings and vectors; with glibc's malloc that was a tenth of
/// the loader's instructions, and the library benchmark runs about 15%
/// faster with mimalloc (see docs/ARCHITECTURE.md, "Performance notes").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

pub mod app;
pub mod cli;
pub mod config;
pub mod export;
pub mod highlights_runner;
pub mod keymap;
pub mod library;
pub mod loading;
pub mod logging;
pub mod model;
pub mod pdf_extract;
pub mod persist;
pub mod sample;
pub mod searcher;
pub mod state;
pub mod store;
pub mod strings;
pub mod tui;
pub mod ui;
pub mod watch;
