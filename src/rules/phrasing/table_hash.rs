//! The hash that places a word in the tables `build.rs` generates (rules/pos.tsv), shared
//! by the build script and the lookups so that both agree on every platform.

/// FNV-1a: words are short, and it is the same on every target.
pub fn hash(word: &str) -> u64 {
    word.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}
