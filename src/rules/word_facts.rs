//! How the article uses its words, the document-wide fact context rules ask about single
//! words ("is Carolina a name here?", "does the article write "the mayor"?"): per word,
//! how often it is written as a name (capitalised mid-sentence), capitalised at a sentence
//! start, as a name in "s" standing on its own ("Williams said"), and in lower case.
//!
//! The counts are sums over paragraphs, so the server follows an edit by subtracting the
//! paragraphs it replaced and adding their successors ([`Tracker`]), and learns which words
//! came or went in some use: only paragraphs asking about those words need checking again.

use std::hash::BuildHasher;
use std::sync::Arc;

use memchr::memmem;
use rustc_hash::{FxBuildHasher, FxHashMap, FxHashSet};

use crate::analysis::Analysis;
use crate::segment::{Paragraph, TokenKind};

/// A way the article writes a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Use {
    /// Capitalised away from a sentence start.
    Name,
    /// Capitalised at a sentence start: a name unless also written in lower case.
    Initial,
    /// A capitalised word in "s" followed by punctuation or a word showing it stands
    /// alone ("Williams said"), not as an owner.
    AloneS,
    /// Not capitalised.
    Lower,
}

/// Words after a name that show it stands alone, not as an owner: "Williams said".
pub const NAME_ALONE: &[&str] = &[
    "said", "says", "told", "was", "is", "has", "had", "will", "would", "and", "who", "added",
    "wrote", "won", "lost", "did", "does",
];

/// Every use of a word in paragraph `p`, in order (a word used twice is reported twice).
fn each_use<'p>(p: &'p Paragraph, f: impl FnMut(&'p str, Use)) {
    each_use_of(p, |_| true, f);
}

/// Every use in paragraph `p` of the words `keep` accepts, in order: how the others are
/// used is not worked out.
fn each_use_of<'p>(
    p: &'p Paragraph,
    mut keep: impl FnMut(&str) -> bool,
    mut f: impl FnMut(&'p str, Use),
) {
    // Both in order: one walk finds whether a word opens a sentence.
    let mut starts = p.sentences.iter().map(|s| s.start).peekable();
    for (j, t) in p.tokens.iter().enumerate() {
        if t.kind != TokenKind::Word {
            continue;
        }
        let text = p.token_text(t);
        if keep(text) {
            uses_at(
                p,
                j,
                text,
                || {
                    while starts.next_if(|&s| s < t.start()).is_some() {}
                    starts.peek() == Some(&t.start())
                },
                &mut f,
            );
        }
    }
}

/// The uses of word `text`, token `j` of paragraph `p`; `initial` says whether it opens a
/// sentence, asked only of a capitalised word.
fn uses_at<'p>(
    p: &'p Paragraph,
    j: usize,
    text: &'p str,
    initial: impl FnOnce() -> bool,
    f: &mut impl FnMut(&'p str, Use),
) {
    if !text.starts_with(char::is_uppercase) {
        f(text, Use::Lower);
        return;
    }
    f(text, if initial() { Use::Initial } else { Use::Name });
    let alone = || {
        p.tokens[j + 1..]
            .iter()
            .find(|n| !n.is_space())
            .is_none_or(|n| {
                let next = p.token_text(n);
                n.kind == TokenKind::Punct && !matches!(next, "'" | "\u{2019}")
                    || NAME_ALONE.contains(&next)
            })
    };
    if text.ends_with('s') && alone() {
        f(text, Use::AloneS);
    }
}

/// Every use in paragraph `p` of `word`, found by `finder` (which searches for it): a
/// match that is not a whole word token is passed over.
fn each_use_found<'p>(
    p: &'p Paragraph,
    word: &'p str,
    finder: &memmem::Finder,
    f: &mut impl FnMut(&'p str, Use),
) {
    let mut from = 0;
    while let Some(at) = finder.find(&p.text.as_bytes()[from..]) {
        let at = from + at;
        let token = p.tokens.binary_search_by_key(&at, |t| t.start());
        match token {
            Ok(j)
                if p.tokens[j].kind == TokenKind::Word && p.tokens[j].end() == at + word.len() =>
            {
                let initial = || p.sentences.binary_search_by_key(&at, |s| s.start).is_ok();
                uses_at(p, j, word, initial, f);
                from = at + word.len();
            }
            // Inside a longer word: a whole one may still start within the match.
            _ => from = at + 1,
        }
    }
}

/// Per word, how many times the article writes it in each [`Use`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts(FxHashMap<Box<str>, [u32; 4]>);

impl Counts {
    fn add(&mut self, word: &str, how: Use) -> bool {
        let n = match self.0.get_mut(word) {
            Some(n) => n,
            None => self.0.entry(word.into()).or_default(),
        };
        n[how as usize] += 1;
        n[how as usize] == 1
    }

    /// Returns whether the word is no longer written that way.
    fn remove(&mut self, word: &str, how: Use) -> bool {
        let Some(n) = self.0.get_mut(word) else {
            debug_assert!(false, "removing a use never counted: {word}");
            return false;
        };
        n[how as usize] -= 1;
        let gone = n[how as usize] == 0;
        if *n == [0; 4] {
            self.0.remove(word);
        }
        gone
    }

    pub fn has(&self, word: &str, how: Use) -> bool {
        self.0.get(word).is_some_and(|n| n[how as usize] > 0)
    }
}

impl Counts {
    /// The uses in `paragraphs` of the words `counted` holds. A few words are searched for
    /// in the text, which skips most of it by the vector search of `memchr`; many are
    /// counted in one walk over every word.
    pub fn of_words(paragraphs: &[Paragraph], counted: &FxHashSet<Box<str>>) -> Counts {
        if counted.len() <= SEARCHED {
            Counts::searched(paragraphs, counted)
        } else {
            Counts::walked(paragraphs, counted)
        }
    }

    fn searched(paragraphs: &[Paragraph], counted: &FxHashSet<Box<str>>) -> Counts {
        let mut counts = Counts::default();
        for word in counted.iter().filter(|w| !w.is_empty()) {
            let finder = memmem::Finder::new(word.as_bytes());
            for p in paragraphs {
                each_use_found(p, word, &finder, &mut |word, how| {
                    counts.add(word, how);
                });
            }
        }
        counts
    }

    fn walked(paragraphs: &[Paragraph], counted: &FxHashSet<Box<str>>) -> Counts {
        let mut counts = Counts::default();
        // Most words are not asked about: their sketch rules them out without hashing.
        let sketch = Sketch::of(counted.iter().map(|w| &**w));
        for p in paragraphs {
            each_use_of(
                p,
                |word| sketch.may_hold(word) && counted.contains(word),
                |word, how| {
                    counts.add(word, how);
                },
            );
        }
        counts
    }
}

/// Up to this many words, [`Counts::of_words`] searches the text for each: a search costs
/// a small fraction of the walk over every word, and most documents ask about a few.
const SEARCHED: usize = 16;

/// A set of words as 1,024 bits, one for each word from its length and its first and last
/// bytes: a word whose bit is clear is not in the set, which rules out most words of a text
/// for a few small sets without hashing them.
pub struct Sketch([u64; 16]);

impl Sketch {
    pub fn of<'w>(words: impl IntoIterator<Item = &'w str>) -> Sketch {
        let mut bits = [0u64; 16];
        for word in words {
            let bit = Sketch::bit(word);
            bits[bit / 64] |= 1 << (bit % 64);
        }
        Sketch(bits)
    }

    pub fn may_hold(&self, word: &str) -> bool {
        let bit = Sketch::bit(word);
        self.0[bit / 64] & 1 << (bit % 64) != 0
    }

    /// How many bits a sketch has: [`Sketch::bit`] is below it.
    pub const BITS: usize = 1024;

    /// The bit standing for `word`.
    pub fn bit(word: &str) -> usize {
        let (first, last) = match word.as_bytes() {
            [] => (0, 0),
            [first, .., last] => (*first, *last),
            [only] => (*only, *only),
        };
        (usize::from(first) * 31 + usize::from(last) * 7 + word.len()) & (Sketch::BITS - 1)
    }
}

/// The article's [`Counts`], as rules read them: `doc.memo(WordFacts::of)`.
pub struct WordFacts(pub Arc<Counts>);

impl WordFacts {
    pub fn of(doc: &Analysis) -> WordFacts {
        let mut counts = Counts::default();
        for p in &doc.paragraphs {
            each_use(p, |word, how| {
                counts.add(word, how);
            });
        }
        WordFacts(Arc::new(counts))
    }
}

/// What a rule asks about a word is keyed by this hash: a paragraph asking about a word
/// whose use changed is checked again (a collision only checks one more).
pub fn word_hash(word: &str) -> u64 {
    FxBuildHasher.hash_one(word)
}

/// The counts of a document whose paragraphs are replaced, with the words whose uses came
/// or went since they were last taken.
pub struct Tracker {
    counts: Arc<Counts>,
    changed: Vec<u64>,
}

impl Tracker {
    /// Follow a document from its counts.
    pub fn new(facts: &WordFacts) -> Tracker {
        Tracker {
            counts: facts.0.clone(),
            changed: Vec::new(),
        }
    }

    /// The counts to hand to an analysis of the current paragraphs.
    pub fn facts(&self) -> WordFacts {
        WordFacts(self.counts.clone())
    }

    /// Paragraphs `old` were replaced by `new`. Cheap when no analysis still holds the
    /// counts (otherwise they are copied once).
    pub fn splice(&mut self, old: &[Paragraph], new: &[Paragraph]) {
        let counts = Arc::make_mut(&mut self.counts);
        // A word that crosses zero may cross back (the paragraphs left intact in the
        // window come back): what it was before decides whether it changed.
        let mut crossed: FxHashMap<(&str, Use), bool> = FxHashMap::default();
        for p in old {
            each_use(p, |word, how| {
                if counts.remove(word, how) {
                    crossed.entry((word, how)).or_insert(true);
                }
            });
        }
        for p in new {
            each_use(p, |word, how| {
                if counts.add(word, how) {
                    crossed.entry((word, how)).or_insert(false);
                }
            });
        }
        for ((word, how), before) in crossed {
            if counts.has(word, how) != before {
                self.changed.push(word_hash(word));
            }
        }
    }

    /// The hashes ([`word_hash`]) of the words whose uses came or went since the last call,
    /// sorted (for a binary search: after a whole document is segmented again, they are many).
    pub fn take_changed(&mut self) -> Vec<u64> {
        let mut changed = std::mem::take(&mut self.changed);
        changed.sort_unstable();
        changed.dedup();
        changed
    }
}

/// Hash `word` into a list of asked words.
pub fn ask(word: &str, asks: &mut Vec<u64>) {
    let h = word_hash(word);
    if !asks.contains(&h) {
        asks.push(h);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::DocKind;
    use crate::segment::segment;
    use proptest::prelude::*;

    const WORDS: &[&str] = &[
        "Jackson", "Jacksons", "jackson", "said", "the", "mayor", "mayors", "Williams", ". ", ", ",
        "\n\n",
    ];

    fn counts_of(text: &str) -> Counts {
        let mut counts = Counts::default();
        for p in segment(text, DocKind::Text).paragraphs {
            each_use(&p, |word, how| {
                counts.add(word, how);
            });
        }
        counts
    }

    /// The words used some way in one count and not in the other.
    fn differing(a: &Counts, b: &Counts) -> Vec<u64> {
        let mut out: Vec<u64> =
            a.0.iter()
                .chain(&b.0)
                .filter(|(w, _)| {
                    [Use::Name, Use::Initial, Use::AloneS, Use::Lower]
                        .iter()
                        .any(|&how| a.has(w, how) != b.has(w, how))
                })
                .map(|(w, _)| word_hash(w))
                .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(WORDS), 0..40)
            .prop_map(|v| v.join(" ").replace("\n\n ", "\n\n"))
    }

    proptest! {
        /// Replacing a run of paragraphs gives the counts of the new text, and names exactly
        /// the words whose uses came or went.
        #[test]
        fn splicing_follows_the_text(before in text(), after in text(), keep in 0usize..3) {
            let old = segment(&before, DocKind::Text).paragraphs;
            let new = segment(&after, DocKind::Text).paragraphs;
            // Paragraphs shared at the start stay out of the splice, as in the server.
            let keep = keep.min(old.len()).min(new.len());
            let keep = (0..keep).take_while(|&i| old[i].text == new[i].text).count();
            let mut tracker = Tracker::new(&WordFacts(Arc::new(counts_of(&before))));
            let held = tracker.facts();
            tracker.splice(&old[keep..], &new[keep..]);
            prop_assert_eq!(&*tracker.counts, &counts_of(&after));
            // The analysis holding the old counts still sees them.
            prop_assert_eq!(&*held.0, &counts_of(&before));
            let differ = differing(&counts_of(&before), &counts_of(&after));
            prop_assert_eq!(tracker.take_changed(), differ);
            prop_assert!(tracker.take_changed().is_empty());
        }
    }

    proptest! {
        /// Counting some words only gives their counts as counting every word does.
        #[test]
        fn counting_some_words_counts_them_alike(
            text in text(),
            some in prop::collection::vec(prop::sample::select(WORDS), 0..4),
        ) {
            let paragraphs = segment(&text, DocKind::Text).paragraphs;
            let counted: FxHashSet<Box<str>> = some.iter().map(|w| (*w).into()).collect();
            let all = counts_of(&text);
            // Both ways of counting: searching for each word and walking every word.
            for part in [
                Counts::searched(&paragraphs, &counted),
                Counts::walked(&paragraphs, &counted),
            ] {
                for word in WORDS {
                    for how in [Use::Name, Use::Initial, Use::AloneS, Use::Lower] {
                        let asked = counted.contains(*word);
                        prop_assert_eq!(part.has(word, how), asked && all.has(word, how));
                    }
                }
                // The counts themselves, not only whether there are any.
                let mut only = all.clone();
                only.0.retain(|w, _| counted.contains(w));
                prop_assert_eq!(&part, &only);
            }
        }
    }

    #[test]
    fn uses_of_a_word() {
        let counts = counts_of("Jackson met Williams. Williams said so; Jacksons lawyer left.");
        assert!(counts.has("Jackson", Use::Initial) && !counts.has("Jackson", Use::Name));
        assert!(counts.has("Williams", Use::Name) && counts.has("Williams", Use::AloneS));
        assert!(counts.has("Jacksons", Use::Name) && !counts.has("Jacksons", Use::AloneS));
        assert!(counts.has("lawyer", Use::Lower) && !counts.has("Lawyer", Use::Lower));
    }
}
