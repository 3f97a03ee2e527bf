//! Byte kernels: loops over whole texts that decide nothing about
//! structure, kept apart from the segmentation rules that use them so that
//! a rule can be read (and changed) without reading a kernel.
//!
//! - [`ascii`]: sixteen bytes per vector compare: ASCII runs, control scans,
//!   word counts, the fast trim, CJK and typographic char classes.
//! - [`chars`]: char offsets to bytes, a block of bytes counted at once.
//! - [`fold`]: "letters and digits, lowercased" folding by byte shuffle, and
//!   the hashes of folded text (repeat keys, word filters).
//! - [`runs`]: hashes of ASCII letter-and-digit runs (search tokens), for
//!   the word filters of scanned articles.
//! - [`words`]: short words and phrase heads packed into numbers, for list
//!   lookups that cost one compare per entry.

pub mod ascii;
pub mod chars;
pub mod fold;
pub mod runs;
pub mod words;
