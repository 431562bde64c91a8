//! The part-of-speech lexicon in rules/pos.tsv (generated from WordNet 3.0 by
//! scripts/gen_lexicons.py): which of noun, verb, adjective, adverb a common word can be.
//! Open classes only; function words are the rules' own closed lists.
//!
//! `build.rs` lays the lexicon out as an open-addressed hash table of statics: building a
//! map of its 25,000 words was an eighth of start-up.

use super::word_key::Key;

pub const NOUN: u8 = 1;
pub const VERB: u8 = 2;
pub const ADJ: u8 = 4;
pub const ADV: u8 = 8;

/// The classes a tag column of the lexicon names (`n`, `v`, `a`, `r`).
const fn bits(letters: &str) -> u8 {
    let letters = letters.as_bytes();
    let mut bits = 0;
    let mut i = 0;
    while i < letters.len() {
        bits |= match letters[i] {
            b'n' => NOUN,
            b'v' => VERB,
            b'a' => ADJ,
            b'r' => ADV,
            _ => 0,
        };
        i += 1;
    }
    bits
}

// POS_TEXT, the words end to end, and POS_ENDS, where each ends; POS_TAGS, each
// `bits(letters)`; POS_SLOTS, a power of two of slots, 0 for empty, else the index into
// them plus one in the low 24 bits under the top byte of the word's hash (build/pos.rs).
include!(concat!(env!("OUT_DIR"), "/pos.rs"));

/// Tags of a lower-case word; 0 when WordNet does not list it (or it is too rare to matter).
pub fn tags(word: &str) -> u8 {
    tags_hashed(
        word.as_bytes(),
        super::table_hash::hash_bytes(word.as_bytes()),
    )
}

/// [`tags`] of a lower-case word whose `table_hash::hash_bytes` is `hash`: a caller that
/// looks the word up in its own tables too hashes it once.
pub fn tags_hashed(word: &[u8], hash: u64) -> u8 {
    probe(hash, |i| pos_word(i) == word)
}

/// [`tags`] of the word of `key`, compared eight bytes at a time.
#[inline]
pub fn tags_of(key: &Key) -> u8 {
    probe(key.hash(), |i| key.is_at(POS_TEXT.as_bytes(), pos_range(i)))
}

/// The tags of the word of `hash` that `is` tells by its index. Inlined where the paragraph's
/// words are looked up: called, its prologue and epilogue were a fifth of its cost.
#[inline(always)]
fn probe(hash: u64, is: impl Fn(usize) -> bool) -> u8 {
    let mask = POS_SLOTS.len() - 1;
    let check = (hash >> 56) as u32;
    // The table is at most half full, so an empty slot ends every probe; a slot whose hash
    // byte differs holds another word, whose text need not be compared.
    let mut slot = hash as usize & mask;
    loop {
        match POS_SLOTS[slot] {
            0 => return 0,
            entry if entry >> 24 == check => {
                let i = (entry & 0xff_ffff) as usize - 1;
                if is(i) {
                    return POS_TAGS[i];
                }
            }
            _ => {}
        }
        slot = (slot + 1) & mask;
    }
}

/// Word `i` of the lexicon.
fn pos_word(i: usize) -> &'static [u8] {
    &POS_TEXT.as_bytes()[pos_range(i)]
}

/// Where word `i` of the lexicon is in `POS_TEXT`.
fn pos_range(i: usize) -> std::ops::Range<usize> {
    let start = i.checked_sub(1).map_or(0, |j| POS_ENDS[j] as usize);
    start..POS_ENDS[i] as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_words_have_their_classes() {
        assert_eq!(tags("accept"), VERB);
        assert_eq!(tags("diplomacy"), NOUN);
        assert_ne!(tags("traditional") & ADJ, 0);
        assert_ne!(tags("draw") & (NOUN | VERB), 0);
        assert_eq!(tags("zzzz"), 0);
        assert_eq!(tags(""), 0);
    }

    /// Every word of the table is found with its own tags, whatever it collided with.
    #[test]
    fn every_word_is_found() {
        assert!(POS_ENDS.len() > 20_000);
        for (i, bits) in POS_TAGS.into_iter().enumerate() {
            let word = std::str::from_utf8(pos_word(i)).unwrap();
            assert!(!word.is_empty());
            assert_eq!(tags(word), bits, "{word}");
            if let Some(key) = Key::of(word.as_bytes()) {
                assert_eq!(tags_of(&key), bits, "{word}");
            }
        }
    }
}
