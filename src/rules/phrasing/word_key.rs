//! A word's lower case as the per-word tables compare it (`token_facts`, `pos`): its bytes as
//! little-endian words of eight, the last padded with zeros, and their
//! `table_hash::hash_bytes`. A table word is compared with a few integer compares, not a call
//! to `bcmp`, and an ASCII word of the text is read, lower-cased and hashed eight bytes at a
//! time, not byte by byte (the per-token facts were a tenth of `--check`).

use std::ops::Range;

use super::table_hash;

/// The lower case of a word of at most [`Key::MAX`] bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key {
    len: usize,
    words: [u64; 4],
    hash: u64,
}

/// Where an ASCII word has capitals: at its first byte, and after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Capitals {
    pub first: bool,
    pub later: bool,
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x80 * ONES;

impl Key {
    /// The longest word a key holds; longer words are rare and looked up as slices.
    pub const MAX: usize = 32;

    /// The key of `word`, taken as it is (already in lower case).
    pub fn of(word: &[u8]) -> Option<Key> {
        let mut words = [0u64; 4];
        for (i, w) in words.iter_mut().take(word.len().div_ceil(8)).enumerate() {
            *w = load(word, 8 * i, word.len());
        }
        Key::new(word.len(), words)
    }

    /// The key of the lower case of `text[range]` and where it has capitals, when it is ASCII
    /// and at most [`Key::MAX`] bytes long. Each eight bytes are loaded at once where `text`
    /// reaches that far and lower-cased together ([`lower_eight`]). Most words take one
    /// round, which is inlined where the words are read.
    #[inline]
    pub fn ascii_lower(text: &[u8], range: Range<usize>) -> Option<(Key, Capitals)> {
        let len = range.len();
        if len > 8 {
            return Key::ascii_lower_rounds(text, range);
        }
        let (word, capitals) = lower_eight(load(text, range.start, range.end))?;
        let key = Key {
            len,
            words: [word, 0, 0, 0],
            hash: table_hash::hash_words(len, &[word][..len.div_ceil(8)]),
        };
        let capitals = Capitals {
            first: capitals & 0x80 != 0,
            later: capitals & !0x80 != 0,
        };
        Some((key, capitals))
    }

    /// [`Key::ascii_lower`] of a word of more than eight bytes.
    fn ascii_lower_rounds(text: &[u8], range: Range<usize>) -> Option<(Key, Capitals)> {
        let len = range.len();
        if len > Key::MAX {
            return None;
        }
        let mut words = [0u64; 4];
        let (mut first, mut later) = (0, 0);
        for (i, w) in words.iter_mut().take(len.div_ceil(8)).enumerate() {
            let (word, capitals) = lower_eight(load(text, range.start + 8 * i, range.end))?;
            if i == 0 {
                first = capitals & 0x80;
                later |= capitals & !0x80;
            } else {
                later |= capitals;
            }
            *w = word;
        }
        let capitals = Capitals {
            first: first != 0,
            later: later != 0,
        };
        Some((Key::new(len, words)?, capitals))
    }

    fn new(len: usize, words: [u64; 4]) -> Option<Key> {
        (len <= Key::MAX).then(|| Key {
            len,
            words,
            hash: table_hash::hash_words(len, &words[..len.div_ceil(8)]),
        })
    }

    /// `table_hash::hash_bytes` of the word.
    pub fn hash(&self) -> u64 {
        self.hash
    }

    /// Whether the word is `text[range]`.
    #[inline]
    pub fn is_at(&self, text: &[u8], range: Range<usize>) -> bool {
        range.len() == self.len
            && (0..self.len.div_ceil(8))
                .all(|i| load(text, range.start + 8 * i, range.end) == self.words[i])
    }
}

/// The lower case of eight ASCII bytes, and the high bit of each byte that was a capital;
/// `None` when a byte is not ASCII. A byte in `A..=Z` is the one whose high bit adding 0x3f
/// sets and adding 0x25 does not, and gets 0x20 (its high bit shifted right twice); the sums
/// carry across bytes only from a byte of 0x80 or more.
#[inline]
fn lower_eight(raw: u64) -> Option<(u64, u64)> {
    if raw & HIGH != 0 {
        return None;
    }
    let capitals = raw.wrapping_add(0x3f * ONES) & !raw.wrapping_add(0x25 * ONES) & HIGH;
    Some((raw | capitals >> 2, capitals))
}

/// The bytes of `text` from `at` up to `end` (at most eight of them) as a little-endian word,
/// padded with zeros: one load of eight bytes, masked, where `text` reaches that far.
#[inline]
fn load(text: &[u8], at: usize, end: usize) -> u64 {
    let n = (end - at).min(8);
    match text.get(at..at + 8) {
        Some(eight) => {
            let word = u64::from_le_bytes(eight.try_into().unwrap_or_default());
            if n == 8 {
                word
            } else {
                word & ((1 << (8 * n)) - 1)
            }
        }
        None => text[at..at + n]
            .iter()
            .rev()
            .fold(0, |w, &b| w << 8 | u64::from(b)),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::rules::phrasing::table_hash::hash_bytes;

    /// The key as it is meant: the bytes compared as bytes, the hash of the slice.
    fn plain(word: &[u8]) -> (Vec<u8>, u64) {
        (word.to_vec(), hash_bytes(word))
    }

    proptest! {
        /// A key of a word, found in place, is its lower case with its own hash, and says
        /// where it has capitals; it matches that lower case and nothing else.
        #[test]
        fn ascii_lower_is_the_lower_case(
            text in proptest::collection::vec(any::<u8>(), 0..48),
            a: usize,
            b: usize,
            other in proptest::collection::vec(any::<u8>(), 0..40),
        ) {
            let (start, end) = (a % (text.len() + 1), b % (text.len() + 1));
            let range = start.min(end)..start.max(end);
            let word = &text[range.clone()];
            let found = Key::ascii_lower(&text, range.clone());
            if !word.is_ascii() || word.len() > Key::MAX {
                prop_assert!(found.is_none());
                return Ok(());
            }
            let (key, capitals) = found.unwrap();
            let lower = word.to_ascii_lowercase();
            prop_assert_eq!(Some(key), Key::of(&lower));
            prop_assert_eq!(key.hash(), plain(&lower).1);
            prop_assert_eq!(capitals.first, word.first().is_some_and(u8::is_ascii_uppercase));
            prop_assert_eq!(capitals.later, word.iter().skip(1).any(u8::is_ascii_uppercase));
            // Compared in place, within a longer text and at its end.
            let mut longer = lower.clone();
            longer.extend_from_slice(&other);
            prop_assert!(key.is_at(&longer, 0..lower.len()));
            prop_assert!(key.is_at(&lower, 0..lower.len()));
            prop_assert_eq!(key.is_at(&other, 0..other.len()), other == lower);
            if let Some(shorter) = lower.len().checked_sub(1) {
                prop_assert!(!key.is_at(&longer, 0..shorter));
            }
        }
    }
}
