//! Maps keyed by values that are already hashes (xxh3 of normalised text):
//! hashing them again with SipHash would cost more than the lookups.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// Passes a u64 through, mixing in further writes for compound keys.
#[derive(Default)]
pub struct PreHashed(u64);

impl Hasher for PreHashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        self.0 = self.0.rotate_left(29) ^ xxhash_rust::xxh3::xxh3_64(bytes);
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = self.0.rotate_left(29) ^ n;
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

pub type HashedMap<K, V> = HashMap<K, V, BuildHasherDefault<PreHashed>>;
pub type HashedSet<K> = HashSet<K, BuildHasherDefault<PreHashed>>;

/// Hashes of a text's words longer than two letters, lowercased.
pub fn word_hashes(text: &str) -> HashedSet<u64> {
    let mut buf = String::new();
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 2)
        .map(|w| {
            buf.clear();
            buf.extend(w.chars().flat_map(char::to_lowercase));
            xxhash_rust::xxh3::xxh3_64(buf.as_bytes())
        })
        .collect()
}
