//! Quotations given twice with different words, which `quotes/altered` reports: each
//! quotation of a few words or more is compared with the earlier ones sharing a pair of
//! words with it. The index of word pairs is kept by the server across edits ([`Index`]),
//! so that an edit compares again only the quotations it changed and those sharing a word
//! pair with them, with the verdicts of pairs compared before kept by quotation. The index is
//! the analysis's fact (see [`crate::analysis::Analysis::memo`]), which the server takes from
//! one analysis to the next.

use std::ops::Range;

use rustc_hash::FxHashMap;

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
    /// The position in `entries` of each quotation by id, [`GONE`] once removed.
    position: Vec<u32>,
    /// The ids of the quotations holding each word pair (once per time they hold it), in
    /// document order; only quotations of [`MIN_WORDS`] or more are compared.
    by_pair: FxHashMap<u64, Vec<u32>>,
    /// Whether the quotation of the first id differs slightly from that of the second.
    compared: FxHashMap<(u32, u32), bool>,
    /// The size of `compared` after its last pruning of removed quotations.
    pruned_at: usize,
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
        index.replace(text, quotes, 0..0, 0..quotes.len());
        index.built_with = index.vocabulary.ids.len();
        index
    }

    /// For each quotation in order, the earlier one it gives with different words.
    pub fn repeats(&self) -> impl Iterator<Item = Option<usize>> + '_ {
        self.entries
            .iter()
            .map(|e| e.repeats.map(|id| self.position[id as usize] as usize))
    }

    /// The quotations at `old` were replaced by `quotes[new]`; `quotes` are all of `text`'s.
    pub fn update(&mut self, text: &str, quotes: &[Quote], old: Range<usize>, new: Range<usize>) {
        self.replace(text, quotes, old, new);
        if self.vocabulary.ids.len() > 2 * self.built_with + 4096 {
            *self = Index::new(text, quotes);
        }
    }

    fn replace(&mut self, text: &str, quotes: &[Quote], old: Range<usize>, new: Range<usize>) {
        let words: Vec<Box<[u32]>> = quotes[new]
            .iter()
            .map(|q| self.vocabulary.words(&text[q.inner.clone()]).into())
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
        let words = &words[same_start..words.len() - same_end];
        if from == to && words.is_empty() {
            return;
        }
        let mut touched: Vec<u64> = Vec::new();
        for e in &self.entries[from..to] {
            for p in pairs(&e.words) {
                touched.push(p);
                if let Some(list) = self.by_pair.get_mut(&p) {
                    list.retain(|&id| id != e.id);
                    // Emptied here, not by a pass over every pair afterwards.
                    if list.is_empty() {
                        self.by_pair.remove(&p);
                    }
                }
            }
            self.position[e.id as usize] = GONE;
        }
        let added = words.iter().map(|w| {
            let id = self.position.len() as u32;
            self.position.push(GONE);
            Entry {
                id,
                words: w.clone(),
                repeats: None,
            }
        });
        let added: Vec<Entry> = added.collect();
        let count = added.len();
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
                touched.push(p);
                let list = self.by_pair.entry(p).or_default();
                let at = list.partition_point(|&id| (self.position[id as usize] as usize) < i);
                list.insert(at, e.id);
            }
        }
        // The new quotations, and the later ones sharing a word pair with one that came or
        // went: no other quotation's candidates changed.
        touched.sort_unstable();
        touched.dedup();
        let mut again: Vec<usize> = (from..from + count).collect();
        for p in &touched {
            if let Some(list) = self.by_pair.get(p) {
                let position = |id: &u32| self.position[*id as usize] as usize;
                let first = list.partition_point(|id| position(id) < from);
                again.extend(list[first..].iter().map(position));
            }
        }
        again.sort_unstable();
        again.dedup();
        for later in again {
            self.entries[later].repeats = self.judge(later);
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
        let mut candidates: Vec<usize> = pairs(&self.entries[later].words)
            .filter_map(|p| self.by_pair.get(&p))
            .flat_map(|list| {
                let before = list.partition_point(|id| position(id) < later);
                list[..before]
                    .iter()
                    .rev()
                    .take(MAX_CANDIDATES)
                    .map(position)
            })
            .collect();
        candidates.sort_unstable_by(|a, b| b.cmp(a));
        candidates.dedup();
        candidates.truncate(MAX_CANDIDATES);
        let (entries, compared) = (&self.entries, &mut self.compared);
        let id = entries[later].id;
        candidates
            .into_iter()
            .map(|e| &entries[e])
            .find(|e| {
                *compared
                    .entry((e.id, id))
                    .or_insert_with(|| differs_slightly(&e.words, &entries[later].words))
            })
            .map(|e| e.id)
    }
}

/// Words of the quotations as numbers, equal when the words are equal ignoring case and
/// the apostrophe's shape: comparing and indexing numbers instead of strings keeps the rule
/// cheap enough to run on every keystroke.
#[derive(Debug, Default)]
struct Vocabulary {
    ids: FxHashMap<String, u32>,
    buf: String,
}

impl Vocabulary {
    fn words(&mut self, quoted: &str) -> Vec<u32> {
        quoted
            .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '\u{2019}')
            .filter(|w| !w.is_empty())
            .map(|w| {
                self.buf.clear();
                if w.is_ascii() {
                    self.buf.push_str(w);
                    self.buf.make_ascii_lowercase();
                } else {
                    self.buf.extend(w.to_lowercase().chars().map(|c| match c {
                        '\u{2019}' => '\'',
                        c => c,
                    }));
                }
                let next = self.ids.len() as u32;
                match self.ids.get(self.buf.as_str()) {
                    Some(&id) => id,
                    None => *self.ids.entry(self.buf.clone()).or_insert(next),
                }
            })
            .collect()
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
    use super::*;

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
