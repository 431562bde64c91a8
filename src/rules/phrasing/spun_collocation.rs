//! `phrasing/spun-collocation`: a collocation with one word swapped for a thesaurus
//! synonym, the signature of an article spinner ("taxation exile", "depicted mockery").
//! The variants of rules/collocations.toml are recognised by [`super::variants`].

use super::phrase_matcher::spun_finding;
use super::variants::{Expressions, Variants};
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Example, PerParagraph, Rule, RuleMeta, Scope};
use crate::segment::Paragraph;

static META: RuleMeta = RuleMeta {
    id: "phrasing/spun-collocation",
    scope: Scope::Paragraph,
    severity: Severity::Warning,
    summary: "A fixed expression with one word swapped for a synonym, as article spinners do.",
    explanation: "Article spinners disguise copied text by swapping words for thesaurus synonyms, \
and fixed expressions come out wrong: \"tax exile\" becomes \"taxation exile\", \"drew criticism\" \
becomes \"depicted criticism\", \"strained relations\" becomes \"strained dealings\". copydesk knows \
some fifteen hundred collocations of news English and derives the variants a spinner would make from \
them; a variant that is ordinary English in its own right (\"attracted criticism\") is not \
reported. When only one expression could have been spun into the text, the fix restores it. \
Such copy has usually been lifted from elsewhere: check its source before mending it.",
    examples: &[
        Example::fixed(
            "The singer became a taxation exile in Monaco.",
            "The singer became a tax exile in Monaco.",
        ),
        Example::fixed(
            "The remarks depicted mockery from rivals.",
            "The remarks drew mockery from rivals.",
        ),
        Example::bad("The retailer issued a profit admonition on Monday."),
        Example::good("The singer became a tax exile in Monaco."),
        Example::good("The remarks attracted criticism from rivals."),
        Example::good("Ministers will hold talks with the unions on Monday."),
    ],
};

pub struct SpunCollocation {
    variants: Variants,
}

impl SpunCollocation {
    pub fn new(expressions: &Expressions) -> Self {
        SpunCollocation {
            variants: Variants::new(expressions, false),
        }
    }
}

impl Rule for SpunCollocation {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_paragraph(&self, p: &Paragraph, shared: &PerParagraph<'_>, out: &mut Vec<Diagnostic>) {
        for (span, originals) in self.variants.find(p, shared.lexed()) {
            let originals: Vec<&str> = originals.iter().map(String::as_str).collect();
            out.push(spun_finding(&META, p, span, &originals));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::DocKind;
    use crate::engine::Engine;

    fn flagged(text: &str) -> Vec<String> {
        Engine::default()
            .lint(text, DocKind::Text)
            .into_iter()
            .filter(|d| d.rule == META.id)
            .map(|d| text[d.span].to_string())
            .collect()
    }

    #[test]
    fn examples() {
        crate::rules::testing::assert_examples(META.id);
    }

    #[test]
    fn inflected_and_capitalised_variants() {
        assert_eq!(
            flagged("Taxation exiles are rarely welcome.\nThe rally depicting mockery ended."),
            vec!["Taxation exiles", "depicting mockery"]
        );
    }

    #[test]
    fn derives_variants_no_list_names() {
        // Each spun form below is derived from a listed expression; none is written in any lexicon.
        let cases = [
            ("The film was a box office collision.", "box office hit"),
            (
                "She became a household epithet overnight.",
                "household name",
            ),
            ("Police found the getaway automobile.", "getaway car"),
            (
                "The two nations have strained dealings.",
                "strained relations",
            ),
            ("The firm issued a profit admonition.", "profit warning"),
            ("The court heard the star spectator.", "star witness"),
        ];
        let lexicons = [
            include_str!("../../../rules/collocations.toml"),
            include_str!("../../../rules/spun-phrases.toml"),
        ];
        let engine = Engine::default();
        for (text, original) in cases {
            let found = engine.lint(text, DocKind::Text);
            let d = found.iter().find(|d| d.rule == META.id);
            let d = d.unwrap_or_else(|| panic!("nothing found in {text:?}"));
            let spun = text[d.span.clone()].to_lowercase();
            assert!(
                lexicons.iter().all(|l| !l.contains(&format!("\"{spun}\""))),
                "{spun}"
            );
            assert_eq!(d.fixes[0].replacement, original, "{text}");
        }
    }

    #[test]
    fn participle_after_an_auxiliary() {
        let engine = Engine::default();
        let text = "The plan has depicted mockery.";
        let found = engine.lint(text, DocKind::Text);
        let fix = &found.iter().find(|d| d.rule == META.id).unwrap().fixes[0];
        assert_eq!(fix.replacement, "drawn mockery");
    }

    #[test]
    fn ordinary_alternatives_stay_silent() {
        assert!(flagged(
            "The budget attracted criticism. Officials held negotiations and tax refugees left."
        )
        .is_empty());
    }
}
