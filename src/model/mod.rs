//! Pure domain code: no terminal, no async runtime, no file system.

pub mod anchor;
pub mod document;
pub mod highlight;
pub mod inline;
pub mod layout;
pub mod loader;
pub mod motion;
pub mod scan;
pub mod search;
pub mod shared;
pub mod text;

pub use document::*;
