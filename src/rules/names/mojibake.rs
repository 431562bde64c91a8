//! `names/mojibake`: text that went through a wrong encoding ("GÃ©rard", "donâ€™t").

use crate::analysis::names::mojibake;
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::rules::{Example, PerParagraph, Rule, RuleMeta, Scope};
use crate::segment::Paragraph;

static META: RuleMeta = RuleMeta {
    id: "names/mojibake",
    scope: Scope::Paragraph,
    severity: Severity::Error,
    summary: "Garbled characters: UTF-8 text that was read as Windows-1252.",
    explanation: "When a feed's UTF-8 is read as Windows-1252 or Latin-1 and saved again, every \
accented letter and curly quote turns into two or three junk characters: \"é\" becomes \"Ã©\", \
\"’\" becomes \"â€™\". Names suffer most, but it happens anywhere in the article. The damage is \
mechanical, so the repair is exact: the fix restores the intended characters.",
    examples: &[
        Example::fixed(
            "Ã‰milie Lindqvist said the cafÃ© wasnâ€™t open.",
            "Émilie Lindqvist said the café wasn’t open.",
        ),
        Example::good("Émilie Lindqvist said the café wasn’t open in São Tomé."),
    ],
};

/// Stateless: the repair needs no data.
pub struct Mojibake;

impl Rule for Mojibake {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_paragraph(&self, p: &Paragraph, _: &PerParagraph<'_>, out: &mut Vec<Diagnostic>) {
        for word in mojibake::garbled_words(&p.text) {
            let written = &p.text[word.span.clone()];
            out.push(
                Diagnostic::new(
                    META.id,
                    META.severity,
                    word.span.clone(),
                    format!(
                        "\"{written}\" is garbled (UTF-8 read as Windows-1252): \"{}\".",
                        word.repaired
                    ),
                )
                .with_fix(Fix::new(word.span, word.repaired)),
            );
        }
    }
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
    fn one_finding_per_word() {
        let found = Engine::default().lint("Ã‰lodie MÃ¼nstermann arrived.", DocKind::Text);
        let words: Vec<_> = found
            .iter()
            .filter(|d| d.rule == super::META.id)
            .map(|d| d.fixes[0].replacement.as_str())
            .collect();
        assert_eq!(words, vec!["Élodie", "Münstermann"]);
    }
}
