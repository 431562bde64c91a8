//! `phrasing/spun-phrase`: an idiom or fixed phrase rewritten by a spinner. Two sources: a
//! curated lexicon of known rewrites no synonym swap explains ("in ire over", "Joined
//! Countries"), and the variants [`super::variants`] recognises of the idioms and fixed
//! phrases of rules/collocations.toml ("turned the desks" for "turned the tables").

use std::collections::HashMap;

use serde::Deserialize;

use super::phrase_matcher::{spun_finding, PhraseMatcher};
use super::variants::{Expressions, Variants};
use crate::data::{DataError, DataSet};
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Example, PerParagraph, Rule, RuleMeta, Scope};
use crate::segment::Paragraph;

static META: RuleMeta = RuleMeta {
    id: "phrasing/spun-phrase",
    scope: Scope::Paragraph,
    severity: Severity::Warning,
    summary: "A known machine-spun rewrite of a common phrase or name.",
    explanation: "Article spinners rewrite idioms and names word by word: \"in protest at\" \
comes out as \"in ire over\", \"United Nations\" as \"Joined Countries\", \"hit rock bottom\" as \
\"hit granite bottom\". copydesk knows a curated list of such rewrites, and derives the variants \
of some seven hundred idioms and fixed phrases a spinner would make by swapping one word for a \
thesaurus synonym; a variant that is ordinary English is not reported. When only one phrase \
could have been spun into the text, the fix restores it. Copy full of these has been lifted and \
disguised: check its source.",
    examples: &[
        Example::fixed(
            "Farmers marched in ire over the new levy.",
            "Farmers marched in protest at the new levy.",
        ),
        Example::fixed(
            "The Joined Countries called for a truce.",
            "The United Nations called for a truce.",
        ),
        Example::bad("Shops reopened once social removing rules were relaxed."),
        Example::fixed(
            "The scandal cast a phantom over the summit.",
            "The scandal cast a shadow over the summit.",
        ),
        Example::good("Farmers marched in protest at the new levy."),
        Example::good("Her ire over the levy was plain, and the united nations of Europe agreed."),
        Example::good("The star walked the red carpet before the premiere."),
        Example::good("The scandal cast a shadow over the summit."),
    ],
};

#[derive(Deserialize)]
struct Data {
    phrases: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
    spun: String,
    original: String,
}

pub struct SpunPhrase {
    matcher: PhraseMatcher,
    /// Per pattern, the phrases it may stand for.
    originals: Vec<Vec<String>>,
    /// The variants of the idioms and fixed phrases.
    derived: Variants,
}

impl SpunPhrase {
    pub fn new(data: &DataSet, expressions: &Expressions) -> Result<Self, DataError> {
        let derived = Variants::new(expressions, true);
        let data: Data = data.load("spun-phrases")?;
        let mut by_spun: HashMap<String, Vec<String>> = HashMap::new();
        for entry in data.phrases {
            let spun = entry
                .spun
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase();
            let originals = by_spun.entry(spun).or_default();
            if !originals.contains(&entry.original) {
                originals.push(entry.original);
            }
        }
        let mut entries: Vec<(String, Vec<String>)> = by_spun.into_iter().collect();
        entries.sort();
        Ok(SpunPhrase {
            matcher: PhraseMatcher::new(entries.iter().map(|(s, _)| s)),
            originals: entries.into_iter().map(|(_, o)| o).collect(),
            derived,
        })
    }
}

impl Rule for SpunPhrase {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_paragraph(&self, p: &Paragraph, shared: &PerParagraph<'_>, out: &mut Vec<Diagnostic>) {
        // Both lexicons (and spun-collocation's) read one normalized, lower-cased copy of
        // the paragraph.
        let lexed = shared.lexed();
        let curated = self.matcher.find(&lexed.text);
        for (pattern, span) in &curated {
            let originals: Vec<&str> = self.originals[*pattern]
                .iter()
                .map(String::as_str)
                .collect();
            out.push(spun_finding(&META, p, span.clone(), &originals));
        }
        for (span, originals) in self.derived.find(p, lexed) {
            // A curated entry, being specific, wins where both match.
            if !curated
                .iter()
                .any(|(_, c)| c.start < span.end && span.start < c.end)
            {
                let originals: Vec<&str> = originals.iter().map(String::as_str).collect();
                out.push(spun_finding(&META, p, span, &originals));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::DocKind;
    use crate::engine::Engine;

    #[test]
    fn examples() {
        crate::rules::testing::assert_examples(META.id);
    }

    fn fixes(text: &str) -> Vec<(String, Option<String>)> {
        Engine::default()
            .lint(text, DocKind::Text)
            .into_iter()
            .filter(|d| d.rule == META.id)
            .map(|d| {
                (
                    text[d.span].to_string(),
                    d.fixes.first().map(|f| f.replacement.clone()),
                )
            })
            .collect()
    }

    #[test]
    fn names_keep_their_capitals_and_lines_wrap() {
        assert_eq!(
            fixes("Delegates at the joined\ncountries voted. Bosom malignant growth rates fell."),
            vec![
                ("joined\ncountries".into(), Some("United Nations".into())),
                (
                    "Bosom malignant growth".into(),
                    Some("Breast cancer".into())
                ),
            ]
        );
    }

    #[test]
    fn idiom_variants_are_derived() {
        // None of these spun forms is listed anywhere; each is a variant of a listed idiom.
        assert_eq!(
            fixes("The club hit granite bottom. He stole the usher at the gala."),
            vec![
                ("hit granite bottom".into(), Some("hit rock bottom".into())),
                ("stole the usher".into(), Some("stole the show".into())),
            ]
        );
    }

    #[test]
    fn ambiguous_forms_have_no_fix() {
        let edits: crate::data::DataEdits = toml::from_str(
            r#"[spun-phrases.phrases]
               add = [{ spun = "charge exile", original = "fee exile" }]"#,
        )
        .unwrap();
        let data = DataSet::with_edits(&edits).unwrap();
        let rule = SpunPhrase::new(&data, &Expressions::load(&data).unwrap()).unwrap();
        let p = crate::segment::Paragraph::new(
            0,
            "He lived as a charge exile.".into(),
            crate::segment::Block::Text,
        );
        let mut out = Vec::new();
        rule.check_paragraph(&p, &crate::rules::PerParagraph::new(&p), &mut out);
        assert_eq!(out.len(), 1);
        assert!(out[0].fixes.is_empty());
        assert!(out[0].message.contains("probably"));
    }

    #[test]
    fn every_entry_is_found_in_a_sentence() {
        let data: Data = DataSet::embedded().load("spun-phrases").unwrap();
        let engine = Engine::default();
        for entry in &data.phrases {
            let text = format!("Reports said {} on Monday.", entry.spun);
            assert!(
                engine
                    .lint(&text, DocKind::Text)
                    .iter()
                    .any(|d| d.rule == META.id),
                "{:?} not found",
                entry.spun
            );
        }
    }
}
