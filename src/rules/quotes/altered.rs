//! `quotes/altered`: the same quotation given twice in one article, with different words.

use std::collections::HashMap;

use crate::analysis::{Analysis, Quote};
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
        let words: Vec<Vec<String>> = doc.quotes.iter().map(|q| quote_words(doc, q)).collect();
        // Only quotations sharing a pair of words are compared: an index of word pairs keeps
        // long documents linear instead of comparing every quotation with every other.
        let mut by_pair: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
        for (later, q) in doc.quotes.iter().enumerate() {
            if words[later].len() < MIN_WORDS {
                continue;
            }
            let mut candidates: Vec<usize> = words[later]
                .windows(2)
                .filter_map(|pair| by_pair.get(&(pair[0].as_str(), pair[1].as_str())))
                .flat_map(|seen| seen.iter().rev().take(MAX_CANDIDATES).copied())
                .collect();
            candidates.sort_unstable_by(|a, b| b.cmp(a));
            candidates.dedup();
            candidates.truncate(MAX_CANDIDATES);
            let earlier = candidates
                .into_iter()
                .find(|&e| differs_slightly(&words[e], &words[later]));
            for pair in words[later].windows(2) {
                by_pair
                    .entry((pair[0].as_str(), pair[1].as_str()))
                    .or_default()
                    .push(later);
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

fn quote_words(doc: &Analysis, q: &Quote) -> Vec<String> {
    doc.text[q.inner.clone()]
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '\u{2019}')
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase().replace('\u{2019}', "'"))
        .collect()
}

/// Whether the shorter quotation matches a stretch of the longer one with a few words changed,
/// added or dropped — but not exactly, which is a faithful repeat or excerpt.
fn differs_slightly(a: &[String], b: &[String]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let n = short.len();
    if long.windows(n).any(|w| w == short) {
        return false;
    }
    distance_to_stretch(short, long) <= (n / 4).max(1)
}

/// The fewest words changed, added or dropped to turn `short` into some stretch of `long`:
/// edit distance with a free start and end in `long` (Sellers), one pass over both, where
/// comparing with every window of `long` costs a distance per window.
fn distance_to_stretch(short: &[String], long: &[String]) -> usize {
    // prev[j]: the distance from the words of `short` so far to the best stretch ending at j.
    let mut prev = vec![0; long.len() + 1];
    let mut cur = vec![0; long.len() + 1];
    for (i, s) in short.iter().enumerate() {
        cur[0] = i + 1;
        for (j, l) in long.iter().enumerate() {
            let substitute = prev[j] + usize::from(s != l);
            cur[j + 1] = substitute.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev.into_iter().min().unwrap_or(0)
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
                    distance_to_stretch(&short, &long) <= allowed,
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
