//! Quotations given twice with different words, which `quotes/altered` reports: each
//! quotation of a few words or more is compared with the earlier ones sharing a pair of
//! words with it. The index of word pairs is kept by the server across edits ([`Index`]),
//! so that an edit compares again only the quotations it changed and those sharing a word
//! pair with them, with the verdicts of pairs compared before kept by quotation. The index is
//! the analysis's fact (see [`crate::analysis::Analysis::memo`]), which the server takes from
//! one analysis to the next.

use std::ops::Range;

use std::collections::hash_map::Entry as Slot;
use std::hash::BuildHasher;

use rustc_hash::{FxBuildHasher, FxHashMap, FxHashSet};

use super::Quote;

/// Quotations shorter than this are too common to compare ("thank you very much").
const MIN_WORDS: usize = 4;
/// Earlier quotations compared per shared word pair, the most recent first.
const MAX_CANDIDATES: usize = 8;
/// The position of a quotation no longer in the document.
const GONE: u32 = u32::MAX;

/// The quotations' words and word pairs, kept current as quotations change.
#[derive(Debug, Default)]
pub struct Index {
    vocabulary: Vocabulary,
    /// How many words the vocabulary held when the index was built: words that only
    /// edits made are dropped by building it again once they outnumber those.
    built_with: usize,
    entries: Vec<Entry>,
    /// The ids of the quotations giving an earlier one with different words: an article
    /// has few, so `quotes/altered` reads these rather than every quotation's entry.
    repeating: FxHashSet<u32>,
    /// The position in `entries` of each quotation by id, [`GONE`] once removed.
    position: Vec<u32>,
    /// The ids of the quotations holding each word pair (once per time they hold it), in
    /// document order; only quotations of [`MIN_WORDS`] or more are compared.
    by_pair: FxHashMap<u64, Ids>,
    /// Whether the quotation of the first id differs slightly from that of the second.
    compared: FxHashMap<(u32, u32), bool>,
    /// The size of `compared` after its last pruning of removed quotations.
    pruned_at: usize,
    /// The candidates of the quotation being judged, kept for the next one.
    candidates: Vec<usize>,
}

/// The ids holding one word pair. Most pairs are held by one quotation only: those need no
/// vector of their own.
#[derive(Debug)]
enum Ids {
    One(u32),
    Many(Vec<u32>),
}

impl Ids {
    fn as_slice(&self) -> &[u32] {
        match self {
            Ids::One(id) => std::slice::from_ref(id),
            Ids::Many(ids) => ids,
        }
    }

    fn insert(&mut self, at: usize, id: u32) {
        match self {
            Ids::One(first) => {
                let mut ids = vec![*first];
                ids.insert(at, id);
                *self = Ids::Many(ids);
            }
            Ids::Many(ids) => ids.insert(at, id),
        }
    }

    /// Drop every `id`; false when none is left.
    fn remove(&mut self, id: u32) -> bool {
        match self {
            Ids::One(first) => *first != id,
            Ids::Many(ids) => {
                ids.retain(|&i| i != id);
                !ids.is_empty()
            }
        }
    }
}

#[derive(Debug)]
struct Entry {
    id: u32,
    words: Box<[u32]>,
    /// The id of the earlier quotation it gives with different words.
    repeats: Option<u32>,
}

fn pair(p: &[u32]) -> u64 {
    (u64::from(p[0]) << 32) | u64::from(p[1])
}

/// The word pairs a quotation is indexed under.
fn pairs(words: &[u32]) -> impl Iterator<Item = u64> + '_ {
    let compared = words.len() >= MIN_WORDS;
    words.windows(2).filter(move |_| compared).map(pair)
}

impl Index {
    pub fn new(text: &str, quotes: &[Quote]) -> Index {
        let mut index = Index::default();
        // Room at once for what the quotations bring, rather than by doubling as it comes:
        // their text, and a word per five bytes of it at most, as prose has.
        let bytes: usize = quotes.iter().map(|q| q.inner.len()).sum();
        let v = &mut index.vocabulary;
        v.by_hash.reserve(bytes / 5);
        v.ends.reserve(bytes / 5);
        v.spellings.reserve(bytes);
        index.entries.reserve(quotes.len());
        index.position.reserve(quotes.len());
        index.replace(text, quotes, 0..0, 0..quotes.len());
        index.built_with = index.vocabulary.len();
        index
    }

    /// For each quotation in order, the earlier one it gives with different words.
    pub fn repeats(&self) -> impl Iterator<Item = Option<usize>> + '_ {
        self.entries
            .iter()
            .map(|e| e.repeats.map(|id| self.position[id as usize] as usize))
    }

    /// The quotations giving an earlier one with different words, as (quotation, earlier
    /// one), in order: those of [`Index::repeats`] at the cost of the few there are.
    pub fn repeated(&self) -> Vec<(usize, usize)> {
        let position = |id: u32| self.position[id as usize] as usize;
        let mut repeated: Vec<(usize, usize)> = (self.repeating.iter())
            .map(|&id| {
                let at = position(id);
                let earlier = self.entries[at].repeats.expect("only repeats are listed");
                (at, position(earlier))
            })
            .collect();
        repeated.sort_unstable();
        repeated
    }

    /// The quotations at `old` were replaced by `quotes[new]`; `quotes` are all of `text`'s.
    pub fn update(&mut self, text: &str, quotes: &[Quote], old: Range<usize>, new: Range<usize>) {
        self.replace(text, quotes, old, new);
        if self.vocabulary.len() > 2 * self.built_with + 4096 {
            *self = Index::new(text, quotes);
        }
    }

    fn replace(&mut self, text: &str, quotes: &[Quote], old: Range<usize>, new: Range<usize>) {
        let mut words: Vec<Box<[u32]>> = quotes[new]
            .iter()
            .map(|q| self.vocabulary.words(&text[q.inner.clone()]))
            .collect();
        // Quotations whose words did not change keep their entry.
        let was = &self.entries[old.clone()];
        let same_start = was
            .iter()
            .zip(&words)
            .take_while(|(e, w)| e.words == **w)
            .count();
        let same_end = was[same_start..]
            .iter()
            .rev()
            .zip(words[same_start..].iter().rev())
            .take_while(|(e, w)| e.words == **w)
            .count();
        let (from, to) = (old.start + same_start, old.end - same_end);
        words.truncate(words.len() - same_end);
        let count = words.len() - same_start;
        if from == to && count == 0 {
            return;
        }
        // Room for the pairs to come at once, rather than by doubling as they come.
        let added_pairs = words[same_start..].iter().map(|w| w.len()).sum();
        self.by_pair.reserve(added_pairs);
        // Quotations after the replaced ones are compared again only if they share a word
        // pair with one that came or went; with none after (the index built whole), the
        // pairs touched need not be gathered.
        let later = to < self.entries.len();
        let mut touched: Vec<u64> = Vec::new();
        for e in &self.entries[from..to] {
            for p in pairs(&e.words) {
                if later {
                    touched.push(p);
                }
                if let Some(ids) = self.by_pair.get_mut(&p) {
                    // Emptied here, not by a pass over every pair afterwards.
                    if !ids.remove(e.id) {
                        self.by_pair.remove(&p);
                    }
                }
            }
            self.position[e.id as usize] = GONE;
            if e.repeats.is_some() {
                self.repeating.remove(&e.id);
            }
        }
        let added = words.drain(same_start..).map(|words| {
            let id = self.position.len() as u32;
            self.position.push(GONE);
            Entry {
                id,
                words,
                repeats: None,
            }
        });
        self.entries.splice(from..to, added);
        // Positions from `from` on moved, unless as many came as went.
        let moved = if count == to - from {
            from + count
        } else {
            self.entries.len()
        };
        for (i, e) in self.entries.iter().enumerate().take(moved).skip(from) {
            self.position[e.id as usize] = i as u32;
        }
        for i in from..from + count {
            let e = &self.entries[i];
            for p in pairs(&e.words) {
                if later {
                    touched.push(p);
                }
                match self.by_pair.entry(p) {
                    Slot::Occupied(mut ids) => {
                        let position = |id: &u32| self.position[*id as usize] as usize;
                        let at = ids.get().as_slice().partition_point(|id| position(id) < i);
                        ids.get_mut().insert(at, e.id);
                    }
                    Slot::Vacant(slot) => {
                        slot.insert(Ids::One(e.id));
                    }
                }
            }
        }
        // The new quotations, and the later ones sharing a word pair with one that came or
        // went: no other quotation's candidates changed.
        touched.sort_unstable();
        touched.dedup();
        let mut again: Vec<usize> = (from..from + count).collect();
        for p in &touched {
            if let Some(ids) = self.by_pair.get(p) {
                let position = |id: &u32| self.position[*id as usize] as usize;
                let list = ids.as_slice();
                let first = list.partition_point(|id| position(id) < from);
                again.extend(list[first..].iter().map(position));
            }
        }
        again.sort_unstable();
        again.dedup();
        for later in again {
            let repeats = self.judge(later);
            let e = &mut self.entries[later];
            e.repeats = repeats;
            match repeats {
                Some(_) => self.repeating.insert(e.id),
                None => self.repeating.remove(&e.id),
            };
        }
        if self.compared.len() > 2 * self.pruned_at + 4096 {
            let position = &self.position;
            self.compared
                .retain(|&(a, b), _| position[a as usize] != GONE && position[b as usize] != GONE);
            self.pruned_at = self.compared.len();
        }
    }

    /// The earlier quotation (by id) that quotation `later` gives with different words: the
    /// most recent of the most recent few sharing a pair of words with it.
    fn judge(&mut self, later: usize) -> Option<u32> {
        let position = |id: &u32| self.position[*id as usize] as usize;
        let mut candidates = std::mem::take(&mut self.candidates);
        candidates.clear();
        candidates.extend(
            pairs(&self.entries[later].words)
                .filter_map(|p| self.by_pair.get(&p))
                .flat_map(|ids| {
                    let list = ids.as_slice();
                    let before = list.partition_point(|id| position(id) < later);
                    list[..before]
                        .iter()
                        .rev()
                        .take(MAX_CANDIDATES)
                        .map(position)
                }),
        );
        candidates.sort_unstable_by(|a, b| b.cmp(a));
        candidates.dedup();
        candidates.truncate(MAX_CANDIDATES);
        let (entries, compared) = (&self.entries, &mut self.compared);
        let id = entries[later].id;
        let found = candidates
            .iter()
            .map(|&e| &entries[e])
            .find(|e| {
                *compared
                    .entry((e.id, id))
                    .or_insert_with(|| differs_slightly(&e.words, &entries[later].words))
            })
            .map(|e| e.id);
        self.candidates = candidates;
        found
    }
}

/// Words of the quotations as numbers, equal when the words are equal ignoring case and
/// the apostrophe's shape: comparing and indexing numbers instead of strings keeps the rule
/// cheap enough to run on every keystroke. Each word is hashed once, and its spelling kept
/// in one string shared by all, not a string of its own.
#[derive(Debug, Default)]
struct Vocabulary {
    /// The id of the first word seen with each hash.
    by_hash: FxHashMap<u64, u32>,
    /// Words whose hash an earlier, different word took.
    collided: FxHashMap<String, u32>,
    /// The spellings of the words by id, one after another, and where each starts and ends.
    spellings: String,
    ends: Vec<(u32, u32)>,
    buf: String,
    ids: Vec<u32>,
}

impl Vocabulary {
    /// How many words it holds.
    fn len(&self) -> usize {
        self.ends.len()
    }

    fn words(&mut self, quoted: &str) -> Box<[u32]> {
        let mut ids = std::mem::take(&mut self.ids);
        ids.clear();
        if quoted.is_ascii() {
            // Cut by bytes, without decoding characters: in ASCII they are the same.
            let bytes = quoted.as_bytes();
            let in_word = |i: usize| bytes[i].is_ascii_alphanumeric() || bytes[i] == b'\'';
            let mut i = 0;
            while i < bytes.len() {
                let start = i;
                while i < bytes.len() && in_word(i) {
                    i += 1;
                }
                if i > start {
                    self.buf.clear();
                    self.buf.push_str(&quoted[start..i]);
                    self.buf.make_ascii_lowercase();
                    ids.push(self.id());
                }
                i += 1;
            }
        } else {
            let words = quoted
                .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '\u{2019}')
                .filter(|w| !w.is_empty());
            for w in words {
                normalise(w, &mut self.buf);
                ids.push(self.id());
            }
        }
        self.ids = ids;
        self.ids.as_slice().into()
    }

    /// The id of the word in `buf`.
    fn id(&mut self) -> u32 {
        let next = self.len() as u32;
        let word = self.buf.as_str();
        let hash = FxBuildHasher.hash_one(word);
        let first = *self.by_hash.entry(hash).or_insert(next);
        let id = if first == next || self.spelling(first) == word {
            first
        } else {
            match self.collided.get(word) {
                Some(&id) => id,
                None => *self.collided.entry(word.to_string()).or_insert(next),
            }
        };
        if id == next {
            let start = self.spellings.len() as u32;
            self.spellings.push_str(word);
            self.ends.push((start, self.spellings.len() as u32));
        }
        id
    }

    fn spelling(&self, id: u32) -> &str {
        let (start, end) = self.ends[id as usize];
        &self.spellings[start as usize..end as usize]
    }
}

/// `word` lower-cased, with the curly apostrophe made straight, into `buf`: without
/// allocating for words of ASCII and curly apostrophes, nearly all.
fn normalise(word: &str, buf: &mut String) {
    buf.clear();
    if word.is_ascii() {
        buf.push_str(word);
        buf.make_ascii_lowercase();
    } else if word.chars().all(|c| c.is_ascii() || c == '\u{2019}') {
        buf.extend(word.chars().map(|c| match c {
            '\u{2019}' => '\'',
            c => c.to_ascii_lowercase(),
        }));
    } else {
        buf.extend(word.to_lowercase().chars().map(|c| match c {
            '\u{2019}' => '\'',
            c => c,
        }));
    }
}

/// Whether the shorter quotation matches a stretch of the longer one with a few words changed,
/// added or dropped — but not exactly, which is a faithful repeat or excerpt.
fn differs_slightly<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let n = short.len();
    if long.windows(n).any(|w| w == short) {
        return false;
    }
    within_distance(short, long, (n / 4).max(1))
}

/// Whether at most `limit` words changed, added or dropped turn `short` into some stretch of
/// `long`: edit distance with a free start and end in `long` (Sellers), one pass over both,
/// where comparing with every window of `long` costs a distance per window. A row's best
/// never falls in later rows, so the pass stops as soon as it exceeds `limit`.
fn within_distance<T: PartialEq>(short: &[T], long: &[T], limit: usize) -> bool {
    // prev[j]: the distance from the words of `short` so far to the best stretch ending at j.
    let mut prev = vec![0; long.len() + 1];
    let mut cur = vec![0; long.len() + 1];
    for (i, s) in short.iter().enumerate() {
        cur[0] = i + 1;
        let mut best = cur[0];
        for (j, l) in long.iter().enumerate() {
            let substitute = prev[j] + usize::from(s != l);
            cur[j + 1] = substitute.min(prev[j + 1] + 1).min(cur[j] + 1);
            best = best.min(cur[j + 1]);
        }
        if best > limit {
            return false;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    true
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use rustc_hash::FxHashSet;

    use super::*;

    proptest! {
        /// Two words get one number exactly when they lower-case to the same word but for
        /// the apostrophe's shape: ASCII, curly apostrophes, and letters whose lower case
        /// depends on the word (a final sigma) or changes its length (İ).
        #[test]
        fn words_are_numbered_by_their_lower_case(
            text in prop_oneof![
                "[aAzZ'’ ]{0,20}",
                "([aAzZ'’ ]|[éÉ]|[\u{3A3}\u{3C3}\u{3C2}]|\u{130}){0,40}",
            ]
        ) {
            let mut vocabulary = Vocabulary::default();
            let ids = vocabulary.words(&text);
            let spelled: Vec<String> = text
                .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '\u{2019}')
                .filter(|w| !w.is_empty())
                .map(|w| w.to_lowercase().replace('\u{2019}', "'"))
                .collect();
            prop_assert_eq!(ids.len(), spelled.len());
            for (i, a) in spelled.iter().enumerate() {
                for (j, b) in spelled.iter().enumerate() {
                    prop_assert_eq!(ids[i] == ids[j], a == b, "{:?} {:?}", a, b);
                }
            }
            prop_assert_eq!(vocabulary.len(), ids.iter().collect::<FxHashSet<_>>().len());
        }
    }

    /// A word whose hash an earlier, different word took still gets a number of its own.
    #[test]
    fn a_word_whose_hash_is_taken_is_numbered_apart() {
        let mut vocabulary = Vocabulary::default();
        let first = vocabulary.words("first")[0];
        vocabulary
            .by_hash
            .insert(FxBuildHasher.hash_one("second"), first);
        let second = vocabulary.words("second SECOND first")[..].to_vec();
        assert_ne!(second[0], first);
        assert_eq!(second, vec![second[0], second[0], first]);
        assert_eq!(vocabulary.len(), 2);
    }

    fn words(s: &str) -> Vec<String> {
        s.split(' ').map(String::from).collect()
    }

    /// Every pair of short word sequences: the one-pass distance agrees with the minimum
    /// over every window of the longer one with room for the allowed edits.
    #[test]
    fn distance_to_a_stretch_is_the_best_window() {
        fn sequences(max: usize) -> Vec<Vec<String>> {
            let mut all: Vec<Vec<String>> = vec![vec![]];
            let mut out = Vec::new();
            for _ in 0..max {
                all = all
                    .iter()
                    .flat_map(|s| ["a", "b"].map(|w| [s.clone(), vec![w.to_string()]].concat()))
                    .collect();
                out.extend(all.clone());
            }
            out
        }
        for short in sequences(4) {
            for long in sequences(7).into_iter().filter(|l| l.len() >= short.len()) {
                let n = short.len();
                let allowed = (n / 4).max(1);
                let windows = (n.saturating_sub(allowed)..=(n + allowed).min(long.len()))
                    .flat_map(|size| long.windows(size.max(1)))
                    .map(|w| strsim::generic_levenshtein(&short, &w.to_vec()));
                let best = windows.min().unwrap();
                assert_eq!(
                    best <= allowed,
                    within_distance(&short, &long, allowed),
                    "{short:?} in {long:?}"
                );
            }
        }
    }

    /// The server takes the index `quotes/altered` made over to the next analysis, which
    /// needs the analysis to hold the only reference to it.
    #[test]
    fn the_rule_leaves_its_index_to_be_taken() {
        let engine = crate::engine::Engine::default();
        let text = "\"We will rebuild every school by the autumn,\" she said.";
        let mut doc = engine.analyse(text.to_string(), crate::document::DocKind::Text);
        engine.lint_analysis(&doc);
        let index = doc
            .take_fact::<Index>()
            .expect("made by the rule, held once");
        assert_eq!(index.repeats().collect::<Vec<_>>(), vec![None]);
    }

    #[test]
    fn exact_excerpts_are_faithful_changed_words_are_not() {
        let full = words("nobody in this town will forget what the river did");
        assert!(!differs_slightly(&full, &words("what the river did")));
        assert!(differs_slightly(
            &full,
            &words("nobody in this city will forget what the river did")
        ));
        assert!(!differs_slightly(
            &full,
            &words("the council has no money left for roads")
        ));
    }
}
