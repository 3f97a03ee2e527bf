//! Which memory pages quire takes: 4 KiB ones, not transparent huge pages.
//!
//! mimalloc asks for transparent huge pages on its arenas
//! (`madvise(MADV_HUGEPAGE)`). Where the kernel's THP `defrag` setting is
//! `madvise` (a common default), a fault on such memory with no free huge
//! page compacts memory on the spot, and a 2 MiB page is then zeroed whole
//! and stays resident whole however little of it is used. The cost shows
//! as system time, and it comes and goes with the machine's memory.
//!
//! Measured on a 2,000-file, 105 MB library (`quire search`, this
//! machine, runs a second apart):
//! - building the index from a warm catalogue: 1.10–3.54 s with huge
//!   pages (median 1.67 s, up to 1 s of it system time), 1.08–1.24 s
//!   without;
//! - the search after one file changed: 0.11–0.97 s with, 0.13–0.20 s
//!   without (back to back, with them: 0.11–0.19 s);
//! - a cold `quire outline`: 1.92–2.24 s with, 1.56–1.67 s without;
//! - the reader on the 105 MB eMag peaked at 225–230 MB with them and
//!   193–202 MB without.

/// Turns transparent huge pages off for the rest of the process (Linux;
/// elsewhere a no-op). `main` calls it first, for every command.
pub fn small_pages_only() {
    #[cfg(target_os = "linux")]
    let _ = nix::sys::prctl::set_thp_disable(true);
}

#[cfg(test)]
mod tests {
    /// The switch is one-way, so this test cannot disturb another.
    #[cfg(target_os = "linux")]
    #[test]
    fn small_pages_only_turns_huge_pages_off() {
        super::small_pages_only();
        assert_eq!(nix::sys::prctl::get_thp_disable().ok(), Some(true));
    }
}
