//! quire: a terminal reader for curated tech eMags.
//!
//! # Module map
//! - [`model`]: the pure domain (no terminal, no async, no file system).
//!   - [`model::document`]: Library → Document → Article → Section → Block → Inline.
//!   - [`model::loader`]: bytes → Document; `decode`, `plain` (text segmenter), `markdown`.
//!   - [`model::text`]: the canonical article text that offsets index into.
//! - [`sample`]: the built-in sample eMag (`assets/sample.md`), original text.

pub mod model;
pub mod sample;
