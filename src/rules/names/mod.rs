//! Name consistency: variants, dropped diacritics, mojibake, house style.
//!
//! `variant` and `diacritics` share one judgement ([`resolve`]) over the document's names
//! (`Analysis::names`) and the house list ([`house`]); each reports its own kind.

mod diacritics;
pub mod house;
mod house_style;
mod house_tables;
mod mojibake;
mod resolve;
mod variant;

use std::ops::Range;

use super::phrasing::table_hash;
use super::{Rule, RuleMeta};
use crate::analysis::Analysis;
use crate::data::{DataError, DataSet};
use crate::diagnostic::{Diagnostic, Fix, Severity};

pub fn rules(data: &DataSet) -> Result<Vec<Box<dyn Rule>>, DataError> {
    // One house list for the three rules that read it.
    let house = std::sync::Arc::new(house::HouseList::new(data)?);
    Ok(vec![
        Box::new(variant::Variant::new(house.clone())),
        Box::new(diacritics::Diacritics::new(house.clone())),
        Box::new(mojibake::Mojibake),
        Box::new(house_style::HouseStyle::new(&house)?),
    ])
}

/// Report one kind of [`resolve::Finding`] as diagnostics, the fix spelling the name as
/// its canonical form.
fn report(
    doc: &Analysis,
    house: &house::HouseList,
    kind: resolve::Kind,
    meta: &'static RuleMeta,
    out: &mut Vec<Diagnostic>,
) {
    report_within(doc, house, kind, meta, 0..usize::MAX, out);
}

/// [`report`] for the mentions starting in `within`: the findings are in the order of
/// their mentions, which is the order of the text, so those are found by place.
fn report_within(
    doc: &Analysis,
    house: &house::HouseList,
    kind: resolve::Kind,
    meta: &'static RuleMeta,
    within: Range<usize>,
    out: &mut Vec<Diagnostic>,
) {
    let findings = doc.name_findings(house.id(), |before| resolve::judge(doc, house, before));
    let first = findings.partition_point(|f| doc.names.span(f.mention).start < within.start);
    let found = findings[first..]
        .iter()
        .take_while(|f| doc.names.span(f.mention).start < within.end);
    for f in found.filter(|f| f.kind == kind) {
        let span = doc.names.span(f.mention);
        let severity = if f.plain_allowed {
            Severity::Info
        } else {
            meta.severity
        };
        out.push(
            Diagnostic::new(meta.id, severity, span.clone(), f.message.clone())
                .with_fix(Fix::new(span, f.canonical.clone())),
        );
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use crate::analysis::{Analysis, NameIndex};
    use crate::config::Config;
    use crate::document::DocKind;
    use crate::engine::Engine;

    fn fixes(engine: &Engine, doc: &Analysis) -> Vec<(&'static str, String)> {
        engine
            .lint_analysis(doc)
            .into_iter()
            .filter(|d| d.rule.starts_with("names/"))
            .map(|d| (d.rule, d.fixes[0].replacement.clone()))
            .collect()
    }

    #[test]
    fn the_shared_judgement_follows_the_house_list_and_the_workspace() {
        let doc = Analysis::new(
            "Aurelie Dubois-Nkemelu met Ilse Vantongeren.".to_string(),
            DocKind::Text,
        );
        let config = Config::parse(
            "[data.names.people]\nadd = [\"Aurélie Dubois-Nkemelu\"]\n",
            None,
        )
        .unwrap();
        let listed = Engine::new(&config).unwrap();
        // The same analysis linted by engines with different house lists, in turn.
        assert!(fixes(&Engine::default(), &doc).is_empty());
        let expected = vec![("names/diacritics", "Aurélie".to_string())];
        assert_eq!(fixes(&listed, &doc), expected);
        assert!(fixes(&Engine::default(), &doc).is_empty());

        // A workspace set after a lint is heeded by the next.
        let mut doc = Analysis::new(
            "Ilse Vantongeren spoke; Ilse Vantongerne left.".to_string(),
            DocKind::Text,
        );
        let engine = Engine::default();
        assert!(fixes(&engine, &doc).is_empty());
        let mut workspace = NameIndex::default();
        for text in [
            "Ilse Vantongerne won. Vantongerne smiled.",
            "Vantongerne thanked Ilse Vantongerne's staff.",
        ] {
            workspace.merge(&Analysis::new(text.to_string(), DocKind::Text).names.index);
        }
        doc.set_workspace(Some(Arc::new(workspace)));
        let judged = fixes(&engine, &doc);
        assert_eq!(judged, vec![("names/variant", "Vantongerne".to_string())]);
    }
}
