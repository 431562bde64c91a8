//! Quotations: attribution, stripped marks, first person in reported speech, balance, style.

mod altered;
mod first_person_reported;
mod mixed_style;
mod stripped_marks;
mod unattributed;
mod unbalanced;

use std::sync::Arc;

use super::Rule;
use crate::analysis::cues::Cues;
use crate::data::{DataError, DataSet};

pub fn rules(data: &DataSet) -> Result<Vec<Box<dyn Rule>>, DataError> {
    let cues = Arc::new(Cues::new(data)?);
    Ok(vec![
        Box::new(unattributed::Unattributed::new(Arc::clone(&cues))),
        Box::new(stripped_marks::StrippedMarks::new(Arc::clone(&cues))),
        Box::new(first_person_reported::FirstPersonReported::new(cues)),
        Box::new(unbalanced::Unbalanced),
        Box::new(mixed_style::MixedStyle),
        Box::new(altered::Altered),
    ])
}
