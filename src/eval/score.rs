//! Matching findings against gold, and precision / recall / F1.
//!
//! A finding matches an expected one when the rule is the same and the spans overlap. Each
//! expected finding is matched once; a second finding on the same damage is neither right
//! nor wrong (it is not counted), any other finding is a false positive.

use std::collections::BTreeMap;

use super::gold::Expected;
use crate::diagnostic::Diagnostic;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Counts {
    pub fn add(&mut self, other: Counts) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
    }

    /// `None` when nothing was found (precision of no answers is undefined).
    pub fn precision(&self) -> Option<f64> {
        ratio(self.tp, self.tp + self.fp)
    }

    /// `None` when nothing was expected.
    pub fn recall(&self) -> Option<f64> {
        ratio(self.tp, self.tp + self.fn_)
    }

    pub fn f1(&self) -> Option<f64> {
        let (p, r) = (self.precision()?, self.recall()?);
        Some(if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        })
    }
}

fn ratio(a: usize, b: usize) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

/// A false or missed finding, for the report.
#[derive(Debug, Clone)]
pub struct Miss {
    pub rule: String,
    pub text: String,
    pub offset: usize,
}

/// Score one article; counts per rule id.
pub fn score(
    found: &[Diagnostic],
    expected: &[Expected],
    text: &str,
    false_alarms: &mut Vec<Miss>,
    missed: &mut Vec<Miss>,
) -> BTreeMap<String, Counts> {
    let mut counts: BTreeMap<String, Counts> = BTreeMap::new();
    let mut matched = vec![false; expected.len()];
    for d in found {
        let overlapping: Vec<usize> = expected
            .iter()
            .enumerate()
            .filter(|(_, e)| e.rule == d.rule && overlaps(&e.span, &d.span))
            .map(|(i, _)| i)
            .collect();
        let entry = counts.entry(d.rule.to_string()).or_default();
        if let Some(&i) = overlapping.iter().find(|&&i| !matched[i]) {
            matched[i] = true;
            entry.tp += 1;
        } else if overlapping.is_empty() {
            entry.fp += 1;
            false_alarms.push(Miss {
                rule: d.rule.to_string(),
                text: text.get(d.span.clone()).unwrap_or("").to_string(),
                offset: d.span.start,
            });
        }
    }
    for (e, hit) in expected.iter().zip(matched) {
        if !hit {
            counts.entry(e.rule.clone()).or_default().fn_ += 1;
            missed.push(Miss {
                rule: e.rule.clone(),
                text: e.text.clone(),
                offset: e.span.start,
            });
        }
    }
    counts
}

fn overlaps(a: &std::ops::Range<usize>, b: &std::ops::Range<usize>) -> bool {
    // An empty span (an insertion point) overlaps the range it sits in.
    a.start < b.end.max(b.start + 1) && b.start < a.end.max(a.start + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;

    fn diag(rule: &'static str, span: std::ops::Range<usize>) -> Diagnostic {
        Diagnostic::new(rule, Severity::Warning, span, "m")
    }

    fn exp(rule: &str, span: std::ops::Range<usize>) -> Expected {
        Expected {
            rule: rule.to_string(),
            text: String::new(),
            span,
        }
    }

    #[test]
    fn overlap_matching_counts() {
        let found = [
            diag("a/x", 0..3),
            diag("a/x", 3..4),
            diag("a/x", 10..12),
            diag("a/y", 0..3),
        ];
        let expected = [exp("a/x", 2..5), exp("a/x", 20..22)];
        let (mut fa, mut mi) = (Vec::new(), Vec::new());
        let c = score(&found, &expected, "", &mut fa, &mut mi);
        assert_eq!(
            c["a/x"],
            Counts {
                tp: 1,
                fp: 1,
                fn_: 1
            }
        );
        assert_eq!(
            c["a/y"],
            Counts {
                tp: 0,
                fp: 1,
                fn_: 0
            }
        );
        assert_eq!(c["a/x"].precision(), Some(0.5));
        assert_eq!((fa.len(), mi.len()), (2, 1));
    }
}
