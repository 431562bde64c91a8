//! `quotes/altered`: the same quotation given twice in one article, with different words.

use std::ops::Range;

use crate::analysis::quotes::repeats::Index;
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

pub struct Altered;

impl Rule for Altered {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_document(&self, doc: &Analysis, out: &mut Vec<Diagnostic>) {
        self.check_document_within(doc, 0..usize::MAX, out);
    }

    fn check_document_within(
        &self,
        doc: &Analysis,
        within: Range<usize>,
        out: &mut Vec<Diagnostic>,
    ) {
        let repeats = doc.memo(|doc| Index::new(&doc.text, &doc.quotes));
        let repeated = repeats.repeated().into_iter();
        for (q, e) in repeated.filter(|&(q, _)| within.contains(&doc.quotes[q].span.start)) {
            let first = &doc.text[doc.quotes[e].span.clone()];
            out.push(Diagnostic::new(
                META.id,
                META.severity,
                doc.quotes[q].span.clone(),
                format!("This quotation was given earlier with different words: {first}"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples() {
        crate::rules::testing::assert_examples(META.id);
    }
}
