//! `quotes/altered`: the same quotation given twice in one article, with different words.

use rustc_hash::FxHashMap;

use crate::analysis::Analysis;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Example, Rule, RuleMeta, Scope};

static META: RuleMeta = RuleMeta {
    id: "quotes/altered",
    scope: Scope::Document,
    severity: Severity::Info,
    summary: "A quotation appears twice with different words.",
    explanation: "When an article repeats a quotation (in the standfirst and the body, or in a \
recap), the words must be the same both times: a speaker said one thing. A repeat with a word \
changed, added or dropped means one of them was edited or spun. Check both against the source. A \
shorter excerpt of a longer quote is fine as long as its words are exact.",
    examples: &[
        Example::bad(
            "\"We will rebuild every school by the autumn,\" the mayor said.\n\nShe repeated \
that \"we will rebuild each school by the autumn\" at the rally.",
        ),
        Example::good(
            "\"We will rebuild every school by the autumn,\" the mayor said.\n\nShe repeated \
that \"every school by the autumn\" would be rebuilt.",
        ),
    ],
};

/// Quotations shorter than this are too common to compare ("thank you very much").
const MIN_WORDS: usize = 4;
/// Earlier quotations compared per shared word pair, the most recent first.
const MAX_CANDIDATES: usize = 8;

pub struct Altered;

impl Rule for Altered {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_document(&self, doc: &Analysis, out: &mut Vec<Diagnostic>) {
        let mut vocabulary = Vocabulary::default();
        let words: Vec<Vec<u32>> = doc
            .quotes
            .iter()
            .map(|q| vocabulary.words(&doc.text[q.inner.clone()]))
            .collect();
        // Only quotations sharing a pair of words are compared: an index of word pairs keeps
        // long documents linear instead of comparing every quotation with every other.
        let mut by_pair: FxHashMap<u64, Vec<usize>> = FxHashMap::default();
        let pair = |p: &[u32]| (u64::from(p[0]) << 32) | u64::from(p[1]);
        for (later, q) in doc.quotes.iter().enumerate() {
            if words[later].len() < MIN_WORDS {
                continue;
            }
            let mut candidates: Vec<usize> = words[later]
                .windows(2)
                .filter_map(|p| by_pair.get(&pair(p)))
                .flat_map(|seen| seen.iter().rev().take(MAX_CANDIDATES).copied())
                .collect();
            candidates.sort_unstable_by(|a, b| b.cmp(a));
            candidates.dedup();
            candidates.truncate(MAX_CANDIDATES);
            let earlier = candidates
                .into_iter()
                .find(|&e| differs_slightly(&words[e], &words[later]));
            for p in words[later].windows(2) {
                by_pair.entry(pair(p)).or_default().push(later);
            }
            if let Some(e) = earlier {
                let first = &doc.text[doc.quotes[e].span.clone()];
                out.push(Diagnostic::new(
                    META.id,
                    META.severity,
                    q.span.clone(),
                    format!("This quotation was given earlier with different words: {first}"),
                ));
            }
        }
    }
}

/// Words of the quotations as numbers, equal when the words are equal ignoring case and
/// the apostrophe's shape: comparing and indexing numbers instead of strings keeps the rule
/// cheap enough to run on every keystroke.
#[derive(Default)]
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

    #[test]
    fn examples() {
        crate::rules::testing::assert_examples(META.id);
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
