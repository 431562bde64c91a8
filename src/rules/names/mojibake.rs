//! `names/mojibake`: text that went through a wrong encoding ("GÃ©rard", "donâ€™t").

use crate::analysis::names::mojibake;
use crate::analysis::Analysis;
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::rules::{Example, Rule, RuleMeta, Scope};

static META: RuleMeta = RuleMeta {
    id: "names/mojibake",
    scope: Scope::Document,
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

    fn check_document(&self, doc: &Analysis, out: &mut Vec<Diagnostic>) {
        for p in &doc.paragraphs {
            let mut garbled = mojibake::find(&p.text).into_iter().peekable();
            while let Some(first) = garbled.next() {
                // The whole word, with every garbled stretch inside it: "cafÃ©" → "café".
                let word = word_around(&p.text, first.span.clone());
                let mut repaired = String::new();
                let mut pos = word.start;
                for g in std::iter::once(first).chain(std::iter::from_fn(|| {
                    garbled.next_if(|g| g.span.start < word.end)
                })) {
                    repaired.push_str(&p.text[pos..g.span.start]);
                    repaired.push_str(&g.repaired);
                    pos = g.span.end;
                }
                repaired.push_str(&p.text[pos..word.end]);
                let written = &p.text[word.clone()];
                let span = p.start + word.start..p.start + word.end;
                out.push(
                    Diagnostic::new(
                        META.id,
                        META.severity,
                        span.clone(),
                        format!("\"{written}\" is garbled (UTF-8 read as Windows-1252): \"{repaired}\"."),
                    )
                    .with_fix(Fix::new(span, repaired)),
                );
            }
        }
    }
}

/// `span` widened to the word around it: letters, digits and garbled characters.
fn word_around(text: &str, span: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let part = |c: char| c.is_alphanumeric() || !c.is_ascii() && !c.is_whitespace();
    let start = text[..span.start]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| part(c))
        .last()
        .map_or(span.start, |(i, _)| i);
    let end = text[span.end..]
        .char_indices()
        .find(|&(_, c)| !part(c))
        .map_or(text.len(), |(i, _)| span.end + i);
    start..end
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
