//! Per article of a scanned document, the set of its words as a Bloom
//! filter: it holds every word the article has and few it has not, so a
//! query's rare word skips nearly every article without reading its text.
//!
//! Why: a scan reads every byte of a huge document at each query, about
//! 10 ms per 100 MB on two cores, which in the app (its other threads
//! sharing those cores) became 15–30 ms, against `rg -c`'s 9. A word in
//! a few articles now reads only those.
//!
//! Shape of the filter: two probes per word, the hash's halves, into a
//! power-of-two number of bits. Built at eight bits per word of the article,
//! then folded in half (bit `i` of the half is bit `i` or bit `i + half`,
//! which is exactly the filter built at half the size, since a probe is
//! the hash modulo the size) while no more than a quarter of its bits
//! would be set. Its size then follows the article's distinct words,
//! seven to fifteen bits each (once folded, a false "maybe" at most one
//! time in sixteen; an article with many more words than its count says
//! may not fold and answers "maybe" more often), not its length: repeated
//! words cost nothing.

use crate::model::scan::runs::each_run_hash;

#[derive(Debug, Clone)]
pub(in crate::model::search) struct WordFilter(Box<[u64]>);

/// The most bits a filter starts with (2 MB): even a million distinct
/// words (a long book has tens of thousands) set only a tenth of them.
const MOST_BITS: usize = 1 << 24;

/// A filter being filled, text by text.
pub(in crate::model::search) struct Filling {
    set: Vec<u64>,
}

impl Filling {
    /// For an article of about `words` words (fewer only make it less
    /// sharp).
    pub(in crate::model::search) fn new(words: usize) -> Filling {
        let bits = (words.saturating_mul(8)).clamp(64, MOST_BITS).next_power_of_two();
        Filling { set: vec![0u64; bits / 64] }
    }

    /// Adds every run of ASCII letters and digits in `text`; returns how
    /// many there were (its tokens, when `text` is ASCII).
    pub(in crate::model::search) fn add(&mut self, text: &str) -> u64 {
        let bits = self.set.len() * 64;
        let mut runs = 0u64;
        each_run_hash(text.as_bytes(), |hash| {
            runs += 1;
            for probe in probes(hash, bits) {
                self.set[probe / 64] |= 1 << (probe % 64);
            }
        });
        runs
    }

    pub(in crate::model::search) fn finish(self) -> WordFilter {
        WordFilter(folded(self.set).into_boxed_slice())
    }
}

impl WordFilter {
    /// False only if no word of the article hashes to `hash`
    /// ([`crate::model::scan::runs::run_hash`]).
    pub(in crate::model::search) fn may_hold(&self, hash: u64) -> bool {
        let bits = self.0.len() * 64;
        probes(hash, bits).iter().all(|&p| self.0[p / 64] >> (p % 64) & 1 == 1)
    }

    #[cfg(test)]
    fn bytes(&self) -> usize {
        self.0.len() * 8
    }
}

/// A word's two bits in a filter of `bits` bits (a power of two).
fn probes(hash: u64, bits: usize) -> [usize; 2] {
    let mask = bits as u64 - 1;
    [(hash & mask) as usize, ((hash >> 32) & mask) as usize]
}

/// `set` halved while the half would have at most a quarter of its bits
/// set, down to one word; in place, so a long article's filter is never
/// held twice.
fn folded(mut set: Vec<u64>) -> Vec<u64> {
    while set.len() > 1 {
        let half = set.len() / 2;
        let (low, high) = set.split_at_mut(half);
        let ones: u32 = low.iter().zip(high.iter()).map(|(a, b)| (a | b).count_ones()).sum();
        if ones as usize * 4 > low.len() * 64 {
            break;
        }
        low.iter_mut().zip(high.iter()).for_each(|(a, b)| *a |= b);
        set.truncate(half);
    }
    set.shrink_to_fit();
    set
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::model::scan::runs::run_hash;

    fn filter(text: &str) -> WordFilter {
        let mut filling = Filling::new(text.split(' ').count());
        filling.add(text);
        filling.finish()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Every word of the text is held, however the filter was folded.
        #[test]
        fn every_word_is_held(words in proptest::collection::vec("[a-zA-Z0-9]{1,12}", 1..400)) {
            let f = filter(&words.join(" "));
            for w in &words {
                prop_assert!(f.may_hold(run_hash(w.as_bytes())), "{w} not held");
            }
        }
    }

    /// Near miss: words the text does not have are nearly all turned away,
    /// even after folding.
    #[test]
    fn absent_words_are_mostly_turned_away() {
        let text: Vec<String> = (0..300).map(|i| format!("word{i}")).collect();
        let f = filter(&text.join(" "));
        let held = (300..1300).filter(|i| f.may_hold(run_hash(format!("word{i}").as_bytes())));
        let held = held.count();
        assert!(held < 100, "{held} of 1000 absent words look held");
    }

    /// Repeats cost nothing: a long article of a few words folds to the
    /// size of a short one with the same words.
    #[test]
    fn size_follows_distinct_words_not_length() {
        let few = "alpha beta gamma delta ".repeat(5_000);
        let short = filter("alpha beta gamma delta");
        assert_eq!(filter(&few).bytes(), short.bytes());
        assert!(filter(&few).bytes() <= 16);
        let mut filling = Filling::new(4);
        assert_eq!(filling.add("One two") + filling.add("three, FOUR!"), 4);
    }
}
