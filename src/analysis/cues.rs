//! The attribution lexicon of `rules/cue-verbs.toml`: speech verbs, multi-word cues, speaker
//! pronouns and nouns. Compiled once; lookups take a word as written and allocate only when it
//! has capitals and is long or not ASCII. The sets hash with Fx, not SipHash: their keys are the
//! shipped lexicon, fixed before any input is read, so input cannot flood them, and the quote
//! model asks them about nearly every word.

use std::borrow::Cow;
use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};

use serde::Deserialize;

use crate::data::{DataError, DataSet};

#[derive(Deserialize)]
struct Data {
    verbs: Vec<String>,
    reporting: Vec<String>,
    listener: Vec<String>,
    describing: Vec<String>,
    phrases: Vec<String>,
    pronouns: Vec<String>,
    speaker_nouns: Vec<String>,
    imperatives: Vec<String>,
    newsroom: Vec<String>,
    not_speech: Vec<String>,
}

/// What a word starts: multi-word cues, as lower-case words, longest first; a speech verb.
#[derive(Debug, Default)]
struct Cue {
    phrases: Vec<Vec<String>>,
    verb: bool,
}

#[derive(Debug)]
pub struct Cues {
    /// The speech verbs and the first words of multi-word cues, looked up once for both.
    cues: FxHashMap<String, Cue>,
    /// The first two letters of the keys of `cues`.
    cue_starts: Starts,
    reporting: Set,
    listener: Set,
    describing: Set,
    pronouns: Set,
    speaker_nouns: Set,
    imperatives: Set,
    newsroom: Set,
    not_speech: Set,
    /// Whether every word of the lexicon is ASCII, as the shipped one is: then a word
    /// beyond ASCII is in none of its sets unless it holds a Kelvin sign, the one character
    /// beyond ASCII that lower-cases to ASCII ("k"), and is told so without lower-casing it.
    ascii: bool,
}

/// A word lower-cased, without allocating for the common case.
pub fn lower(word: &str) -> Cow<'_, str> {
    if word
        .bytes()
        .any(|b| b.is_ascii_uppercase() || !b.is_ascii())
    {
        Cow::Owned(word.to_lowercase())
    } else {
        Cow::Borrowed(word)
    }
}

/// `f` of `word` lower-cased, which is copied only when it has capitals, and then on the
/// stack when it is short ASCII: the quote model asks about every capitalised word it passes.
pub fn with_lower<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    let bytes = word.as_bytes();
    if !bytes
        .iter()
        .any(|b| b.is_ascii_uppercase() || !b.is_ascii())
    {
        return f(word);
    }
    let mut buf = [0u8; 32];
    match buf.get_mut(..bytes.len()) {
        Some(buf) if word.is_ascii() => {
            buf.copy_from_slice(bytes);
            buf.make_ascii_lowercase();
            f(std::str::from_utf8(buf).unwrap_or_default())
        }
        _ => f(&word.to_lowercase()),
    }
}

/// A set of the lexicon's words, lower case.
#[derive(Debug)]
struct Set {
    words: FxHashSet<String>,
    starts: Starts,
}

fn set(list: Vec<String>) -> Set {
    let words: FxHashSet<String> = list.into_iter().map(|w| w.to_lowercase()).collect();
    Set {
        starts: Starts::new(&words),
        words,
    }
}

/// The pairs of first bytes a set's words start with, a bit per pair of their low five bits
/// (the same for an ASCII letter in either case; a word of one byte pairs it with 0): most
/// words asked about are in no set, and most of those are told so by one bit, without
/// being lower-cased and hashed.
#[derive(Debug)]
struct Starts([u64; 16]);

impl Starts {
    fn new<'a>(words: impl IntoIterator<Item = &'a String>) -> Starts {
        let mut bits = [0u64; 16];
        for word in words {
            let key = Starts::key(word.as_bytes());
            bits[key / 64] |= 1 << (key % 64);
        }
        Starts(bits)
    }

    fn key(word: &[u8]) -> usize {
        let low = |i: usize| word.get(i).map_or(0, |&b| usize::from(b & 31));
        low(0) << 5 | low(1)
    }

    /// Whether an ASCII word may be in the set, whatever its case.
    fn may_hold(&self, word: &[u8]) -> bool {
        let key = Starts::key(word);
        self.0[key / 64] & 1 << (key % 64) != 0
    }
}

impl Cues {
    pub fn new(data: &DataSet) -> Result<Cues, DataError> {
        let data: Data = data.load("cue-verbs")?;
        let mut phrases: Vec<Vec<String>> = data
            .phrases
            .iter()
            .map(|p| p.split_whitespace().map(|w| w.to_lowercase()).collect())
            .filter(|p: &Vec<String>| !p.is_empty())
            .collect();
        phrases.sort_by_key(|p| std::cmp::Reverse(p.len()));
        let mut cues: FxHashMap<String, Cue> = FxHashMap::default();
        for p in phrases {
            cues.entry(p[0].clone()).or_default().phrases.push(p);
        }
        for verb in set(data.verbs).words {
            cues.entry(verb).or_default().verb = true;
        }
        let mut lexicon = Cues {
            cue_starts: Starts::new(cues.keys()),
            cues,
            reporting: set(data.reporting),
            listener: set(data.listener),
            describing: set(data.describing),
            pronouns: set(data.pronouns),
            speaker_nouns: set(data.speaker_nouns),
            imperatives: set(data.imperatives),
            newsroom: set(data.newsroom),
            not_speech: set(data.not_speech),
            ascii: false,
        };
        let phrases = lexicon
            .cues
            .values()
            .flat_map(|c| c.phrases.iter().flatten());
        let sets = [
            &lexicon.reporting,
            &lexicon.listener,
            &lexicon.describing,
            &lexicon.pronouns,
            &lexicon.speaker_nouns,
            &lexicon.imperatives,
            &lexicon.newsroom,
            &lexicon.not_speech,
        ];
        lexicon.ascii = (lexicon.cues.keys().chain(phrases))
            .chain(sets.into_iter().flat_map(|set| &set.words))
            .all(|w| w.is_ascii());
        Ok(lexicon)
    }

    /// Whether `word` is in `set`, whatever its case.
    fn has(&self, set: &Set, word: &str) -> bool {
        self.may_start(&set.starts, word) && with_lower(word, |w| set.words.contains(w))
    }

    /// Whether `word` may be in a set whose words start as `starts` says, by its characters
    /// (see `ascii`) and, ASCII, by its first two.
    fn may_start(&self, starts: &Starts, word: &str) -> bool {
        if word.is_ascii() {
            starts.may_hold(word.as_bytes())
        } else {
            self.may_hold(word)
        }
    }

    /// Whether `word` may be in the lexicon by its characters (see `ascii`).
    fn may_hold(&self, word: &str) -> bool {
        !self.ascii || word.is_ascii() || word.contains('\u{212A}')
    }

    /// The shipped lexicon, built on first use: the quote model runs for every document.
    pub fn shipped() -> &'static Cues {
        static CUES: OnceLock<Cues> = OnceLock::new();
        CUES.get_or_init(|| Cues::new(&DataSet::embedded()).expect("rules/cue-verbs.toml is valid"))
    }

    pub fn is_verb(&self, word: &str) -> bool {
        self.may_start(&self.cue_starts, word)
            && with_lower(word, |w| self.cues.get(w).is_some_and(|c| c.verb))
    }

    pub fn is_reporting(&self, word: &str) -> bool {
        self.has(&self.reporting, word)
    }

    pub fn takes_listener(&self, word: &str) -> bool {
        self.has(&self.listener, word)
    }

    pub fn is_describing(&self, word: &str) -> bool {
        self.has(&self.describing, word)
    }

    pub fn is_pronoun(&self, word: &str) -> bool {
        self.has(&self.pronouns, word)
    }

    pub fn is_speaker_noun(&self, word: &str) -> bool {
        self.has(&self.speaker_nouns, word)
    }

    pub fn is_imperative(&self, word: &str) -> bool {
        self.has(&self.imperatives, word)
    }

    pub fn is_newsroom(&self, word: &str) -> bool {
        self.has(&self.newsroom, word)
    }

    pub fn is_not_speech(&self, word: &str) -> bool {
        self.has(&self.not_speech, word)
    }

    /// The length in words of the cue starting with `first`, if one does: the longest
    /// multi-word cue, where `word(k)` is the `k`th word after it (`None` past the last one
    /// may be), or else a speech verb (1). `first` is lower-cased and looked up once for
    /// both, and only a word that opens some multi-word cue has the words after it read.
    pub fn cue_at<'w>(
        &self,
        first: &str,
        word: impl Fn(usize) -> Option<&'w str>,
    ) -> Option<usize> {
        if !self.may_start(&self.cue_starts, first) {
            return None;
        }
        with_lower(first, |first| {
            let cue = self.cues.get(first)?;
            phrase(&cue.phrases, word).or(cue.verb.then_some(1))
        })
    }
}

/// The length of the first of `phrases` (lower case, sharing their first word) whose
/// words after the first are `word(1)`, `word(2)`, ...
fn phrase<'w>(phrases: &[Vec<String>], word: impl Fn(usize) -> Option<&'w str>) -> Option<usize> {
    // `a` is lower case: against an ASCII word, comparing without case is the same.
    let same = |a: &str, b: &str| match b.is_ascii() {
        true => a.eq_ignore_ascii_case(b),
        false => a == b.to_lowercase(),
    };
    phrases
        .iter()
        .find(|p| {
            p.iter()
                .enumerate()
                .skip(1)
                .all(|(k, a)| word(k).is_some_and(|b| same(a, b)))
        })
        .map(Vec::len)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// ASCII words with capitals, some too long for the stack.
        #[test]
        fn with_lower_is_to_lowercase_of_ascii(word in "[aZ']{0,40}") {
            prop_assert_eq!(with_lower(&word, str::to_string), word.to_lowercase());
        }

        /// A word beyond ASCII is looked up as its lower case is, though an ASCII lexicon is
        /// not asked about it: listed words with a Kelvin sign for a "k" or in upper case,
        /// and words with other letters beyond ASCII.
        #[test]
        fn lookups_are_by_lower_case(
            pick in 0..usize::MAX,
            kelvin in any::<bool>(),
            upper in any::<bool>(),
            other in "[a-zA-Z\u{e9}\u{130}\u{212A}\u{2019}]{0,8}",
        ) {
            let cues = Cues::shipped();
            prop_assert!(cues.ascii);
            let sets = [
                &cues.reporting,
                &cues.listener,
                &cues.describing,
                &cues.pronouns,
                &cues.speaker_nouns,
                &cues.imperatives,
                &cues.newsroom,
                &cues.not_speech,
            ];
            let mut keys: Vec<&String> =
                cues.cues.keys().chain(sets.iter().flat_map(|set| &set.words)).collect();
            keys.sort();
            let listed = keys[pick % keys.len()];
            let mut word = if kelvin { listed.replace('k', "\u{212A}") } else { listed.clone() };
            if upper {
                word = word.to_uppercase();
            }
            for word in [&word, &other] {
                let lower = word.to_lowercase();
                let verb = cues.cues.get(&lower).is_some_and(|c| c.verb);
                prop_assert_eq!(cues.is_verb(word), verb, "{:?}", word);
                let asked = [
                    cues.is_reporting(word),
                    cues.takes_listener(word),
                    cues.is_describing(word),
                    cues.is_pronoun(word),
                    cues.is_speaker_noun(word),
                    cues.is_imperative(word),
                    cues.is_newsroom(word),
                    cues.is_not_speech(word),
                ];
                let listed = sets.map(|set| set.words.contains(&lower));
                prop_assert_eq!(asked, listed, "{:?}", word);
                let cue = (cues.cues.get(&lower))
                    .and_then(|c| phrase(&c.phrases, |_| None).or(c.verb.then_some(1)));
                prop_assert_eq!(cues.cue_at(word, |_| None), cue);
            }
        }

        /// Words beyond ASCII: curly apostrophes, accents, final sigmas, characters that
        /// lower-case to two (İ) or are title case (ǅ).
        #[test]
        fn with_lower_is_to_lowercase(
            word in "([aZ'’]|[éÉ]|[\u{391}\u{3A3}\u{3C3}]|\u{130}|\u{1C5}|[\u{4E00}]){0,40}"
        ) {
            prop_assert_eq!(with_lower(&word, str::to_string), word.to_lowercase());
        }
    }
}
