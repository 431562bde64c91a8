//! Quotations: attribution, stripped marks, first person in reported speech, balance, style.

mod altered;
mod first_person_reported;
mod mixed_style;
mod stripped_marks;
mod unattributed;
mod unbalanced;

pub(crate) use first_person_reported::NarratorTracker;

use std::sync::Arc;

use super::Rule;
use crate::analysis::cues::Cues;
use crate::analysis::{Analysis, QuoteMark};
use crate::segment::Paragraph;

/// How many straight and curly double marks the article has, counted once per analysis.
#[derive(Clone, Copy)]
struct Marks {
    straight: usize,
    curly: usize,
}

impl Marks {
    fn of(doc: &Analysis) -> Marks {
        *doc.memo(|doc| {
            let straight = doc.quote_marks.iter().filter(|m| m.straight).count();
            Marks {
                straight,
                curly: doc.quote_marks.len() - straight,
            }
        })
    }
}

/// The double marks in paragraph `p` (marks never lie outside paragraphs).
fn marks_in<'a>(doc: &'a Analysis, p: &Paragraph) -> &'a [QuoteMark] {
    let span = p.span();
    let from = doc
        .quote_marks
        .partition_point(|m| m.span.start < span.start);
    let to = doc.quote_marks.partition_point(|m| m.span.start < span.end);
    &doc.quote_marks[from..to]
}

pub fn rules(cues: &Arc<Cues>) -> Vec<Box<dyn Rule>> {
    vec![
        Box::new(unattributed::Unattributed::new(Arc::clone(cues))),
        Box::new(stripped_marks::StrippedMarks::new(Arc::clone(cues))),
        Box::new(first_person_reported::FirstPersonReported::new(Arc::clone(
            cues,
        ))),
        Box::new(unbalanced::Unbalanced),
        Box::new(mixed_style::MixedStyle),
        Box::new(altered::Altered),
    ]
}
