//! `quotes/mixed-style`: straight and curly double quotes in one article.

use std::hash::Hash;

use super::{marks_in, Marks};
use crate::analysis::Analysis;
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::rules::{ContextKey, Example, Rule, RuleMeta, Scope};

static META: RuleMeta = RuleMeta {
    id: "quotes/mixed-style",
    scope: Scope::Context,
    severity: Severity::Info,
    summary: "Straight and curly quotation marks are mixed in one article.",
    explanation: "An article should use one style of double quotation mark throughout: \
typographic (\u{201C} \u{201D}) or straight (\"). A mixture usually means text was pasted in from \
another source. The fix turns the less common style into the more common one, facing the right \
way.",
    examples: &[
        Example::fixed(
            "\u{201C}We start at nine,\u{201D} she said. \u{201C}Bring boots.\u{201D} He said \"fine\".",
            "\u{201C}We start at nine,\u{201D} she said. \u{201C}Bring boots.\u{201D} He said \u{201C}fine\u{201D}.",
        ),
        Example::good("\"We start at nine,\" she said. \"Bring boots.\""),
    ],
};

pub struct MixedStyle;

impl Rule for MixedStyle {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// Which style the article mostly uses, if it mixes them: each mark's finding reads
    /// nothing else beyond its paragraph.
    fn document_context(&self, doc: &Analysis, key: &mut ContextKey) {
        minority(doc).hash(key);
    }

    /// The marks in the paragraph, which the pairing of its neighbours decides (the engine
    /// hashes only the quotations, not the strays).
    fn context(&self, doc: &Analysis, index: usize, key: &mut ContextKey) {
        let p = &doc.paragraphs[index];
        for mark in marks_in(doc, p) {
            (mark.span.start - p.start, mark.straight, mark.role.opens()).hash(key);
        }
    }

    fn check_context(&self, doc: &Analysis, index: usize, out: &mut Vec<Diagnostic>) {
        let Some(to_curly) = minority(doc) else {
            return;
        };
        let p = &doc.paragraphs[index];
        for mark in marks_in(doc, p).iter().filter(|m| m.straight == to_curly) {
            let (replacement, message) = match (to_curly, mark.role.opens()) {
                (true, true) => ("\u{201C}", "A straight quotation mark among curly ones."),
                (true, false) => ("\u{201D}", "A straight quotation mark among curly ones."),
                (false, _) => ("\"", "A curly quotation mark among straight ones."),
            };
            let span = mark.span.start - p.start..mark.span.end - p.start;
            out.push(
                Diagnostic::new(META.id, META.severity, span.clone(), message)
                    .with_fix(Fix::new(span, replacement)),
            );
        }
    }
}

/// Whether the straight marks are the ones to make curly (`Some(true)`) or the curly ones
/// straight (`Some(false)`); `None` when the article uses one style only.
fn minority(doc: &Analysis) -> Option<bool> {
    let Marks { straight, curly } = Marks::of(doc);
    (straight > 0 && curly > 0).then_some(curly >= straight)
}

#[cfg(test)]
mod tests {
    use crate::document::DocKind;
    use crate::engine::Engine;
    use crate::fix::apply_fixes;

    #[test]
    fn examples() {
        crate::rules::testing::assert_examples(super::META.id);
    }

    #[test]
    fn minority_curly_marks_become_straight() {
        let text = "\"One,\" he said. \"Two,\" he said. \u{201C}Three.\u{201D}";
        let found: Vec<_> = Engine::default()
            .lint(text, DocKind::Text)
            .into_iter()
            .filter(|d| d.rule == super::META.id)
            .collect();
        assert_eq!(found.len(), 2);
        let (fixed, _) = apply_fixes(text, &found);
        assert_eq!(fixed, "\"One,\" he said. \"Two,\" he said. \"Three.\"");
    }
}
