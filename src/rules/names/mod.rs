//! Name consistency: variants, dropped diacritics, mojibake, house style.
//!
//! `variant` and `diacritics` share one judgement ([`resolve`]) over the document's names
//! (`Analysis::names`) and the house list ([`house`]); each reports its own kind.

mod diacritics;
pub mod house;
mod house_style;
mod mojibake;
mod resolve;
mod variant;

use super::{Rule, RuleMeta};
use crate::analysis::Analysis;
use crate::data::{DataError, DataSet};
use crate::diagnostic::{Diagnostic, Fix, Severity};

pub(crate) use resolve::Finding as NameFinding;

pub fn rules(data: &DataSet) -> Result<Vec<Box<dyn Rule>>, DataError> {
    // One house list for the three rules that read it: building it is most of start-up.
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
    let findings = doc.name_findings(house.id(), || resolve::resolve(doc, house));
    for f in findings.iter().filter(|f| f.kind == kind) {
        let span = doc.names.mentions[f.mention].span.clone();
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
