//! `phrasing/doubled-word`: "the the", a word typed or pasted twice.

use rustc_hash::FxHashSet;

use serde::Deserialize;

use crate::data::{DataError, DataSet};
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::rules::{Example, PerParagraph, Rule, RuleMeta, Scope};
use crate::segment::{Paragraph, TokenKind};

static META: RuleMeta = RuleMeta {
    id: "phrasing/doubled-word",
    scope: Scope::Paragraph,
    severity: Severity::Warning,
    summary: "A word is repeated: \"the the\".",
    explanation: "The same word twice in a row is nearly always a slip of the keyboard or debris from \
an edit. Pairs that English repeats on purpose (\"had had\", \"that that\") and names that repeat a \
word (\"Sirhan Sirhan\", \"Bora Bora\") are not reported. The fix deletes the second word.",
    examples: &[
        Example::fixed("The minister said the the plan was dead.", "The minister said the plan was dead."),
        Example::fixed("It was a a mutual love of sailing.", "It was a mutual love of sailing."),
        Example::good("She had had enough of the talks."),
        Example::good("He insisted that that was the end."),
        Example::good("The resort on Bora Bora reopened."),
        Example::good("The, the"),
    ],
};

#[derive(Deserialize)]
struct Data {
    allowed: Vec<String>,
}

pub struct DoubledWord {
    allowed: FxHashSet<String>,
}

impl DoubledWord {
    pub fn new(data: &DataSet) -> Result<Self, DataError> {
        let data: Data = data.load("doubles")?;
        Ok(DoubledWord {
            allowed: data.allowed.iter().map(|s| s.to_lowercase()).collect(),
        })
    }
}

impl Rule for DoubledWord {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_paragraph(&self, p: &Paragraph, _: &PerParagraph<'_>, out: &mut Vec<Diagnostic>) {
        // Walk word, whitespace, word triples: punctuation between the two breaks the pair.
        for w in p.tokens.windows(3) {
            let [a, gap, b] = w else { continue };
            if a.kind != TokenKind::Word
                || b.kind != TokenKind::Word
                || !matches!(gap.kind, TokenKind::Space { .. })
            {
                continue;
            }
            // Words whose first letters are ASCII and differ differ in any case, lower
            // case included: most pairs end here, before their text is taken.
            let initials = (p.text.as_bytes()[a.start()], p.text.as_bytes()[b.start()]);
            if initials.0.is_ascii()
                && initials.1.is_ascii()
                && !initials.0.eq_ignore_ascii_case(&initials.1)
            {
                continue;
            }
            let (first, second) = (p.token_text(a), p.token_text(b));
            // Unicode lower case (and its allocations) only where ASCII cannot tell.
            let unicode = || !(first.is_ascii() && second.is_ascii());
            if !first.eq_ignore_ascii_case(second)
                && (!unicode() || first.to_lowercase() != second.to_lowercase())
            {
                continue;
            }
            let pair = format!("{} {}", first, second).to_lowercase();
            if self.allowed.contains(&pair) || is_name(first) && is_name(second) {
                continue;
            }
            out.push(
                Diagnostic::new(
                    META.id,
                    META.severity,
                    a.start()..b.end(),
                    format!("\"{first}\" is repeated."),
                )
                .with_fix(Fix::new(a.end()..b.end(), "")),
            );
        }
    }
}

/// "Sirhan Sirhan", "Duran Duran": a capitalised word repeated is a name, and so is a
/// capital initial ("B B King"). "THE THE" is not.
fn is_name(word: &str) -> bool {
    let mut chars = word.chars();
    let first_upper = chars.next().is_some_and(char::is_uppercase);
    first_upper && (word.chars().count() == 1 || chars.any(char::is_lowercase))
}

#[cfg(test)]
mod tests {
    use crate::document::DocKind;
    use crate::engine::Engine;

    #[test]
    fn examples() {
        crate::rules::testing::assert_examples(super::META.id);
    }

    #[test]
    fn across_a_line_break_and_in_capitals() {
        let engine = Engine::default();
        assert_eq!(engine.lint("we met in\nin Paris", DocKind::Text).len(), 1);
        assert_eq!(engine.lint("THE THE END", DocKind::Text).len(), 1);
        assert!(engine.lint("Duran Duran played.", DocKind::Text).is_empty());
        assert!(engine.lint("the `x` the", DocKind::Markdown).is_empty());
    }

    #[test]
    fn edge_cases() {
        let engine = Engine::default();
        let count = |t: &str, kind| engine.lint(t, kind).len();
        assert_eq!(count("They left for for Rome.", DocKind::Text), 1);
        assert_eq!(count("It is *late* late.\n", DocKind::Markdown), 1);
        assert_eq!(count("The Is is a river.", DocKind::Text), 0);
        for text in [
            "B B King played Walla Walla, and The The played too.",
            "Scores were 10 10 and 2, 2.",
            "It rained. Rained all day; yes, yes it did.",
            "\"Please please stay,\" she said. Bye bye, so so.",
        ] {
            assert_eq!(count(text, DocKind::Text), 0, "{text}");
        }
    }
}
