//! Background jobs: fed by the effect runner, answering with [`crate::state::Action`]s.
//!
//! - [`load`]: the library's files read and segmented off the UI thread, with progress.
//! - [`search`]: the thread that owns the search index and answers queries.
//! - [`find`]: in-article find over a long article, matches sent as found.
//! - [`watch`]: folder watches that reload changed files; `folders` lists
//!   the folders each registers.
//! - [`persist`]: the store on a blocking task: debounced saves, highlight
//!   changes, exports, re-anchoring after edits.

pub mod find;
mod folders;
pub mod load;
pub mod persist;
pub mod search;
pub mod watch;
