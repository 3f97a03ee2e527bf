//! quire: a terminal reader for curated tech eMags.
//!
//! # Module map
//!
//! Layers, top down; each depends only on the ones below it (a test,
//! `tests/suite/architecture.rs`, checks there are no module circles).
//!
//! - [`cli`]: argument types and one file per subcommand; `main.rs` only dispatches.
//! - [`app`]: the shell: the async loop over any event stream, the effect
//!   runner, launch, the terminal guard (raw mode, panic hook), the input
//!   reader thread (`app::events`), the editor hand-off and the log file.
//! - [`workers`]: background jobs fed by effects, answering with actions:
//!   library loading, the search index thread, in-article find over long
//!   articles (`workers::find`), folder watching, and the
//!   store's worker (`workers::persist`: debounced saves, highlight changes,
//!   exports, re-anchoring after edits).
//! - [`library`]: paths → documents: the directory walk, capped parallel
//!   reads, per-file failures; the catalogue and the search index file
//!   (`library::index`); which memory pages the process takes
//!   (`library::pages`).
//! - [`state`]: `AppState`, the `Pane` enum and `update(state, action) -> effects`; pure.
//! - [`keymap`]: the commands, their config names, the default keys as one
//!   table, key notation, remaps; the help overlay is generated from it.
//! - [`ui`]: drawing from `&AppState` with ratatui; only visible lines.
//! - [`store`]: reading state on disk: one record per document, atomic
//!   writes, lock + merge between instances, sync conflict copies.
//! - [`export`]: highlights → Markdown or JSON for note apps (pure).
//! - [`config`]: the config file (serde + toml), its defaults, paths and precise errors.
//! - [`model`]: the pure domain (no terminal, no async, no file system).
//!   - [`model::document`]: Library → Document → Article → Section → Block → Inline; typed ids.
//!   - [`model::inline`]: a block's runs of text (`Inline`) and a paragraph's runs (`Inlines`), one run held without a vector.
//!   - [`model::loader`]: bytes → Document: `decode`, `plain` (text segmenter), `markdown`.
//!   - [`model::text`]: the canonical article text that offsets index into.
//!   - [`model::shared`]: text runs that share the bytes of the file they were cut from.
//!   - [`model::scan`]: byte kernels apart from the rules that use them: sixteen-byte
//!     loops (word counts, ASCII runs, control scans), folding and hashing, packed
//!     word lists.
//!   - [`model::layout`]: an article (or a window of a long one) wrapped to styled lines for
//!     one width, with offsets.
//!   - [`model::search`]: the library index: tokenizer, query language, BM25 ranking, snippets.
//!   - [`model::anchor`]: quote + position selectors; re-anchoring after edits.
//!   - [`model::highlight`]: Highlight, Bookmark and Progress value types.
//! - [`sample`]: the built-in sample eMag (`assets/sample.md`), original text.
//! - [`strings`]: every user-visible string.
//!
//! # Where things happen
//!
//! - A key press: crossterm event → `app` (`key_of`) → `state::input::translate`
//!   (keymap) → `state::update` → effects → `app`'s runner.
//! - A file is read: `library` (walk and read) on the `workers::load` thread,
//!   then `model::loader::load` (pure) → `Action::Loaded`.
//! - A highlight is written: `state` emits `Effect::Store(StoreEffect::AddHighlight)`
//!   → `workers::persist` queues it on the one `store::Store` → flushed to
//!   the document's record file off the UI thread.

/// mimalloc instead of the system allocator, for every binary that links
/// quire (the app, tests, benchmarks). Segmenting a file makes and drops
/// many small strings and vectors; with glibc's malloc that was a tenth of
/// the loader's instructions, and the library benchmark runs about 15%
/// faster with mimalloc (see docs/PERFORMANCE.md). Its v2 line: v3 holds
/// freed memory for a second (`purge_delay` 1000 ms, against v2's 10 ms)
/// and did not reuse what the segmenter frees for the model it builds, so
/// a cold load of a 100 MB file peaked 66 MB higher, at the same
/// speed. The crate forbids `unsafe`, which setting the option would need.
/// Every command turns transparent huge pages off ([`library::pages`]).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

pub mod app;
pub mod cli;
pub mod config;
pub mod export;
pub mod keymap;
pub mod library;
pub mod model;
pub mod sample;
pub mod state;
pub mod store;
pub mod strings;
pub mod ui;
pub mod workers;
