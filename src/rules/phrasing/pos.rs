//! The part-of-speech lexicon in rules/pos.tsv (generated from WordNet 3.0 by
//! scripts/gen_lexicons.py): which of noun, verb, adjective, adverb a common word can be.
//! Open classes only; function words are the rules' own closed lists.

use rustc_hash::FxHashMap;
use std::sync::OnceLock;

pub const NOUN: u8 = 1;
pub const VERB: u8 = 2;
pub const ADJ: u8 = 4;
pub const ADV: u8 = 8;

static TSV: &str = include_str!("../../../rules/pos.tsv");

/// Tags of a lower-case word; 0 when WordNet does not list it (or it is too rare to matter).
pub fn tags(word: &str) -> u8 {
    static LEXICON: OnceLock<FxHashMap<&'static str, u8>> = OnceLock::new();
    let lexicon = LEXICON.get_or_init(|| {
        TSV.lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
            .map(|(word, tags)| {
                let bits = tags.bytes().fold(0, |acc, t| {
                    acc | match t {
                        b'n' => NOUN,
                        b'v' => VERB,
                        b'a' => ADJ,
                        b'r' => ADV,
                        _ => 0,
                    }
                });
                (word, bits)
            })
            .collect()
    });
    lexicon.get(word).copied().unwrap_or(0)
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
    }
}
