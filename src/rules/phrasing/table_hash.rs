//! The hashes that place a key in the tables `build.rs` generates (rules/pos.tsv, the spun
//! variants' tables, the house list), shared by the build script and the lookups so that
//! both agree on every platform.

/// FNV-1a: words are short, and it is the same on every target.
pub fn hash(word: &str) -> u64 {
    word.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

const K: u64 = 0x9e37_79b9_7f4a_7c15;

/// Eight bytes at a time (little-endian, the last chunk padded with zeros) and the length,
/// each multiplied in: most words take one round. The last chunk is gathered byte by byte,
/// not copied: a copy of a variable length is a call to `memcpy`.
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let word = chunk.iter().rev().fold(0, |w, &b| w << 8 | u64::from(b));
        h = mix(h, word);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let word = rest.iter().rev().fold(0, |w, &b| w << 8 | u64::from(b));
        h = mix(h, word);
    }
    finish(h)
}

/// [`hash_bytes`] of `bytes[range]`, whose last round is one load of eight bytes, masked,
/// where `bytes` reaches that far: a paragraph's words, hashed in place. (The build script,
/// which shares this file, has no use for it.)
#[allow(dead_code)]
pub fn hash_within(bytes: &[u8], range: std::ops::Range<usize>) -> u64 {
    let end = range.end;
    let mut h = (end - range.start) as u64;
    let mut at = range.start;
    let eight = |at: usize| {
        let eight = bytes.get(at..at + 8)?;
        <[u8; 8]>::try_from(eight).ok().map(u64::from_le_bytes)
    };
    while end - at >= 8 {
        h = mix(h, eight(at).unwrap_or(0));
        at += 8;
    }
    let rest = end - at;
    if rest > 0 {
        let word = match eight(at) {
            Some(word) => word & u64::MAX >> (64 - 8 * rest),
            None => bytes[at..end]
                .iter()
                .rev()
                .fold(0, |w, &b| w << 8 | u64::from(b)),
        };
        h = mix(h, word);
    }
    finish(h)
}

/// [`hash_bytes`] of `len` bytes already gathered as its rounds' little-endian words, the
/// last padded with zeros (`word_key`). (The build script has no use for it.)
#[allow(dead_code)]
pub fn hash_words(len: usize, words: &[u64]) -> u64 {
    finish(words.iter().fold(len as u64, |h, &word| mix(h, word)))
}

/// The same for numbers, two to a round.
pub fn hash_ids(ids: &[u32]) -> u64 {
    let mut h = ids.len() as u64;
    for pair in ids.chunks(2) {
        let high = pair.get(1).map_or(0, |&id| u64::from(id) << 32);
        h = mix(h, u64::from(pair[0]) | high);
    }
    finish(h)
}

fn mix(h: u64, word: u64) -> u64 {
    (h.rotate_left(5) ^ word).wrapping_mul(K)
}

/// The high bits, which the multiplications stir most, folded into the low ones a table is
/// cut by.
fn finish(h: u64) -> u64 {
    h ^ (h >> 29)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        /// Hashing a range in place is hashing the range.
        #[test]
        fn hash_within_is_hash_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..40), a: usize, b: usize) {
            let (start, end) = (a % (bytes.len() + 1), b % (bytes.len() + 1));
            let range = start.min(end)..start.max(end);
            prop_assert_eq!(super::hash_within(&bytes, range.clone()), super::hash_bytes(&bytes[range]));
        }
    }
}
