//! `names/diacritics`: a name that lost an accent, or an accented letter, that the house
//! list or the article itself has.

use std::ops::Range;
use std::sync::Arc;

use crate::analysis::Analysis;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Example, Rule, RuleMeta, Scope};

use super::house::HouseList;
use super::resolve::Kind;

static META: RuleMeta = RuleMeta {
    id: "names/diacritics",
    scope: Scope::Document,
    severity: Severity::Warning,
    summary: "A name has lost an accent or an accented letter.",
    explanation: "Accents are lost in transit, never added: feeds and spinners turn \"Müller\" \
into \"Muller\" or drop the letter altogether (\"Mller\"). A name written without an accent that \
the same article or the house list gives it is reported, and so is one missing an accented \
letter. Where the house accepts the plain spelling (\"Zurich\", \"Sao Paulo\" in English copy) \
the finding is information only. The fix restores the accented spelling.",
    examples: &[
        Example::fixed(
            "Agnès Varda's films; Agns Varda died in 2019.",
            "Agnès Varda's films; Agnès Varda died in 2019.",
        ),
        Example::fixed(
            "Ivo Dvořáček scored twice. Dvoracek later left.",
            "Ivo Dvořáček scored twice. Dvořáček later left.",
        ),
        Example::bad("Kylian Mbappe scored."),
        Example::good("José Mourinho met Jose Altuve."),
        Example::good("Renée Okafor and Renee Lindqvist met."),
    ],
};

pub struct Diacritics {
    house: Arc<HouseList>,
}

impl Diacritics {
    pub fn new(house: Arc<HouseList>) -> Self {
        Diacritics { house }
    }
}

impl Rule for Diacritics {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_document(&self, doc: &Analysis, out: &mut Vec<Diagnostic>) {
        super::report(doc, &self.house, Kind::Diacritics, &META, out);
    }

    fn check_document_within(
        &self,
        doc: &Analysis,
        within: Range<usize>,
        out: &mut Vec<Diagnostic>,
    ) {
        super::report_within(doc, &self.house, Kind::Diacritics, &META, within, out);
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Severity;
    use crate::document::DocKind;
    use crate::engine::Engine;

    #[test]
    fn examples() {
        crate::rules::testing::assert_examples(super::META.id);
    }

    #[test]
    fn every_accented_letter_dropped() {
        let text =
            "Hélène Carrère-Okoro spoke in Brest. Hlne Carrère-Okoro left; Carrre-Okoro stayed.";
        let fixes: Vec<String> = Engine::default()
            .lint(text, DocKind::Text)
            .into_iter()
            .filter(|d| d.rule == super::META.id)
            .map(|d| format!("{} -> {}", &text[d.span.clone()], d.fixes[0].replacement))
            .collect();
        assert_eq!(fixes, vec!["Hlne -> Hélène", "Carrre -> Carrère"]);
    }

    #[test]
    fn a_garbled_spelling_is_evidence_of_the_accent() {
        let text = "AnaÃ¯s Oduya-Lind spoke first. Anais Oduya-Lind spoke again.";
        let found: Vec<(&str, String)> = Engine::default()
            .lint(text, DocKind::Text)
            .into_iter()
            .map(|d| (d.rule, d.fixes[0].replacement.clone()))
            .collect();
        assert_eq!(
            found,
            vec![
                ("names/mojibake", "Anaïs".to_string()),
                (super::META.id, "Anaïs".to_string())
            ]
        );
    }

    #[test]
    fn plain_spelling_the_house_allows_is_information() {
        let found = Engine::default().lint("Flights to Zurich resumed.", DocKind::Text);
        let d = found
            .iter()
            .find(|d| d.rule == super::META.id)
            .expect("Zurich is reported");
        assert_eq!(d.severity, Severity::Info);
        assert_eq!(d.fixes[0].replacement, "Zürich");
    }
}
