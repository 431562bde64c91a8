//! `names/variant`: a name spelt differently from the rest of the article or the house list.

use std::ops::Range;
use std::sync::Arc;

use crate::analysis::Analysis;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Example, Rule, RuleMeta, Scope};

use super::house::HouseList;
use super::resolve::Kind;

static META: RuleMeta = RuleMeta {
    id: "names/variant",
    scope: Scope::Document,
    severity: Severity::Warning,
    summary: "A name is spelt two ways: one looks like a slip for the other.",
    explanation: "Names drift when copy is retyped, spun or merged: a letter dropped, doubled or \
swapped (\"Okerkee\" beside \"Okereke\"). A spelling one letter away from a more frequent one \
in the same article, or from a name on the house list, is reported with the counts of each. Two \
spellings that each come with their own first name (\"Tim Allen\" and \"Ray Allan\") are taken \
to be two people, and a name the article spells one way throughout is never reported merely \
because no list knows it. The fix writes the usual spelling.",
    examples: &[
        Example::fixed(
            "Talia Okereke won the seat. Okereke thanked voters, and Okerkee's rival conceded.",
            "Talia Okereke won the seat. Okereke thanked voters, and Okereke's rival conceded.",
        ),
        Example::fixed(
            "Emmanuel Macorn flew to Dakar.",
            "Emmanuel Macron flew to Dakar.",
        ),
        Example::good("Tim Allen and Ray Allan met. Allen spoke first; Allan spoke twice, then Allen left with Allan."),
        Example::good("Oskar Vintermark thanked Vintermark's team."),
    ],
};

pub struct Variant {
    house: Arc<HouseList>,
}

impl Variant {
    pub fn new(house: Arc<HouseList>) -> Self {
        Variant { house }
    }
}

impl Rule for Variant {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_document(&self, doc: &Analysis, out: &mut Vec<Diagnostic>) {
        super::report(doc, &self.house, Kind::Variant, &META, out);
    }

    fn check_document_within(
        &self,
        doc: &Analysis,
        within: Range<usize>,
        out: &mut Vec<Diagnostic>,
    ) {
        super::report_within(doc, &self.house, Kind::Variant, &META, within, out);
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

    fn variants(text: &str) -> Vec<String> {
        Engine::default()
            .lint(text, DocKind::Text)
            .into_iter()
            .filter(|d| d.rule == super::META.id)
            .map(|d| format!("{} -> {}", &text[d.span.clone()], d.fixes[0].replacement))
            .collect()
    }

    #[test]
    fn shared_surname_merges_first_names() {
        let text =
            "Marguerite Oyelowo spoke. Later Margueritte Oyelowo and Marguerite Oyelowo left.";
        assert_eq!(variants(text), vec!["Margueritte -> Marguerite"]);
    }

    #[test]
    fn a_shared_title_links_a_changed_letter_but_mr_and_ms_are_two_people() {
        let text =
            "Lucía Arrondo-Pereyra spoke. Ms Arrondo-Pereira agreed; Ms Arrondo-Pereyra left.";
        assert_eq!(variants(text), vec!["Pereira -> Pereyra"]);
        let text = "Ms Okonjo-Baraza spoke. Ms Okonjo-Baraza left. Mr Okonjo-Barasa stayed.";
        assert!(variants(text).is_empty());
    }

    #[test]
    fn the_workspace_decides_what_one_article_cannot() {
        use crate::analysis::{Analysis, NameIndex};
        use std::sync::Arc;

        let mut workspace = NameIndex::default();
        for text in [
            "Dario Castellanos won. Castellanos smiled.",
            "Castellanos waved to Dario Castellanos fans.",
        ] {
            workspace.merge(&Analysis::new(text.to_string(), DocKind::Text).names.index);
        }
        let workspace = Arc::new(workspace);
        let engine = Engine::default();
        let lint = |text: &str| {
            let mut doc = Analysis::new(text.to_string(), DocKind::Text);
            doc.set_workspace(Some(workspace.clone()));
            engine
                .lint_analysis(&doc)
                .into_iter()
                .filter(|d| d.rule == super::META.id)
                .map(|d| d.fixes[0].replacement.clone())
                .collect::<Vec<_>>()
        };
        let text = "The vote was close, and Dario Castellnaos conceded.";
        assert_eq!(lint(text), vec!["Castellanos"]);
        assert!(variants(text).is_empty());
        // without the first name, perhaps someone else
        assert!(lint("The vote was close, and Castellnaos conceded.").is_empty());
    }

    #[test]
    fn a_tie_without_evidence_is_left_alone() {
        assert!(variants("Brannigan spoke to Branigan.").is_empty());
    }

    #[test]
    fn endings_are_not_variants() {
        let text =
            "Kenya and Kenyan officials, the Kenyan envoy. Israel, Israeli. The Smiths and Smith.";
        assert!(variants(text).is_empty());
    }

    #[test]
    fn message_gives_the_counts() {
        let text =
            "Dario Castellanos won. Castellanos smiled; Castellanos waved. Castellnaos left.";
        let found = Engine::default().lint(text, DocKind::Text);
        let d = found.iter().find(|d| d.rule == super::META.id).unwrap();
        assert_eq!(
            d.message,
            "\"Castellnaos\" (1×) looks like a variant of \"Castellanos\" (3×) in this article."
        );
    }
}
