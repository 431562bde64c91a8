//! `quotes/mixed-style`: straight and curly double quotes in one article.

use crate::analysis::Analysis;
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::rules::{Example, Rule, RuleMeta, Scope};

static META: RuleMeta = RuleMeta {
    id: "quotes/mixed-style",
    scope: Scope::Document,
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

    fn check_document(&self, doc: &Analysis, out: &mut Vec<Diagnostic>) {
        let straight = doc.quote_marks.iter().filter(|m| m.straight).count();
        let curly = doc.quote_marks.len() - straight;
        if straight == 0 || curly == 0 {
            return;
        }
        // Ties go to curly marks: the typographic form is the one that cannot be ambiguous.
        let to_curly = curly >= straight;
        for mark in doc.quote_marks.iter().filter(|m| m.straight == to_curly) {
            let (replacement, message) = match (to_curly, mark.role.opens()) {
                (true, true) => ("\u{201C}", "A straight quotation mark among curly ones."),
                (true, false) => ("\u{201D}", "A straight quotation mark among curly ones."),
                (false, _) => ("\"", "A curly quotation mark among straight ones."),
            };
            out.push(
                Diagnostic::new(META.id, META.severity, mark.span.clone(), message)
                    .with_fix(Fix::new(mark.span.clone(), replacement)),
            );
        }
    }
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
