//! quire: a terminal reader for curated tech eMags.
//!
//! # Module map
//! - [`model`]: the pure domain (no terminal, no async, no file system).
//!   - [`model::document`]: Library → Document → Article → Section → Block → Inline.
//!   - [`model::loader`]: bytes → Document; `decode`, `plain` (text segmenter), `markdown`.
//!   - [`model::text`]: the canonical article text that offsets index into.
//!   - [`model::layout`]: blocks → wrapped, styled lines for a width, with text offsets.
//! - [`sample`]: the built-in sample eMag (`assets/sample.md`), original text.
//! - [`library`]: paths → Library (directory walk, parallel reads, per-file failures).
//! - [`export`]: highlights → Markdown or JSON for note apps (pure).
//! - [`cli`]: argument types and the `outline` / `cat` / `export` commands; `main.rs` only dispatches.

pub mod cli;
pub mod export;
pub mod library;
pub mod model;
pub mod sample;
