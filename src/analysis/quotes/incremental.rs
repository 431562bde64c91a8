//! A document's quotations kept current as its paragraphs are replaced, at a cost that
//! follows the paragraphs replaced rather than the document, with the result of
//! [`super::find`] and [`Index::new`] over the whole text.
//!
//! Pairing carries state from paragraph to paragraph only while a quotation runs on, so it
//! starts again at the run holding the paragraph before the first one replaced and stops at
//! the first paragraph after the last one replaced that neither the old nor the new pairing
//! enters with a quotation open: the rest pairs as before, moved. A quotation's attribution
//! reads the paragraphs it lies in and the one before, so only the quotations paired again
//! and those opening in the paragraph after them are attributed again; the others keep
//! theirs, with "he" and "she" looked up again in the trail of names, which is kept per
//! paragraph and summed over the document only when a "he" or "she" needs it: a quotation
//! attributed again to one, or the trail's names changed (a fingerprint per paragraph,
//! folded over the document, tells). Which quotations repeat earlier ones changes by the
//! quotations that changed ([`Index`], taken over from the last analysis).

use std::hash::{Hash, Hasher};
use std::ops::Range;

use rustc_hash::FxHasher;

use super::repeats::Index;
use super::{continues, pair_from, Quote, QuoteModel};
use crate::analysis::attribution::{
    attribute_span, resolved, trail_items, Attribution, NameTrail, TrailItem, Words,
};
use crate::analysis::cues::Cues;
use crate::segment::Paragraph;

/// The quotations of a document whose paragraphs change.
pub struct Tracker {
    /// The paragraphs replaced since the last update, in the list as it stands.
    dirty: Option<Range<usize>>,
    /// The text's length at the last update.
    len: usize,
    /// Per paragraph, the names its words give the trail.
    trail: Vec<Vec<TrailItem>>,
    /// Per paragraph, a fingerprint of the names `trail` holds for it (0 for none).
    prints: Vec<u64>,
    /// The paragraphs' fingerprints folded in order, at the last update.
    folded: u64,
    /// The paragraphs whose overlapping quotations (or their attributions) changed in the
    /// updates since last taken, as ranges of the list as it stands.
    touched: Vec<Range<usize>>,
}

fn items_of(p: &Paragraph, quotes: &[Quote]) -> Vec<TrailItem> {
    let mut items = Vec::new();
    trail_items(&Words::new(p, quotes), |item| items.push(item));
    items
}

/// What `items` of paragraph `p` put in the trail (the names as written), hashed; 0 for
/// nothing.
fn print_of(p: &Paragraph, items: &[TrailItem]) -> u64 {
    if items.is_empty() {
        return 0;
    }
    let mut h = FxHasher::default();
    for item in items {
        p.text[item.name.clone()].hash(&mut h);
        item.full.map(|f| f - item.name.start).hash(&mut h);
    }
    h.finish() | 1
}

/// The paragraphs' fingerprints in order, as one: the same while the trail's names (not
/// where they stand) are.
fn fold(prints: &[u64]) -> u64 {
    prints.iter().filter(|&&p| p != 0).fold(0, |h, &p| {
        (h.rotate_left(5) ^ p).wrapping_mul(0x517c_c1b7_2722_0a95)
    })
}

/// The names of the paragraphs in order, to look "he" and "she" up in, summed only as far
/// as a lookup needs.
struct Trail<'a> {
    paragraphs: &'a [Paragraph],
    items: &'a [Vec<TrailItem>],
    names: NameTrail<'a>,
    /// The paragraphs summed so far.
    until: usize,
}

impl<'a> Trail<'a> {
    fn new(paragraphs: &'a [Paragraph], items: &'a [Vec<TrailItem>]) -> Trail<'a> {
        Trail {
            paragraphs,
            items,
            names: NameTrail::default(),
            until: 0,
        }
    }

    /// The trail holding every name before document offset `at`.
    fn before(&mut self, at: usize) -> &NameTrail<'a> {
        let end = self.paragraphs.partition_point(|p| p.start < at);
        for (p, items) in self.paragraphs[..end]
            .iter()
            .zip(self.items)
            .skip(self.until)
        {
            for item in items {
                self.names.push(p, item);
            }
        }
        self.until = self.until.max(end);
        &self.names
    }
}

fn shift(offset: usize, delta: isize) -> usize {
    offset.saturating_add_signed(delta)
}

fn shift_range(r: &mut Range<usize>, delta: isize) {
    *r = shift(r.start, delta)..shift(r.end, delta);
}

impl Tracker {
    /// Track the quotations `quotes` of `text`, cut into `paragraphs`.
    pub fn new(text: &str, paragraphs: &[Paragraph], quotes: &[Quote]) -> Tracker {
        let trail: Vec<_> = paragraphs.iter().map(|p| items_of(p, quotes)).collect();
        let prints: Vec<u64> = paragraphs
            .iter()
            .zip(&trail)
            .map(|(p, items)| print_of(p, items))
            .collect();
        Tracker {
            dirty: None,
            len: text.len(),
            folded: fold(&prints),
            trail,
            prints,
            touched: Vec::new(),
        }
    }

    /// The paragraphs whose overlapping quotations changed (paired or attributed again,
    /// other than moved) in the updates since the last call, as ranges of the list as it
    /// stands: what a quotation adds to the other paragraphs' surroundings is as it was.
    pub fn take_touched(&mut self) -> Vec<Range<usize>> {
        std::mem::take(&mut self.touched)
    }

    /// The paragraphs at `replaced` (positions in the list as it stands after the splices
    /// before this one) were replaced by `count` new ones.
    pub fn splice(&mut self, replaced: Range<usize>, count: usize) {
        self.trail
            .splice(replaced.clone(), (0..count).map(|_| Vec::new()));
        self.prints.splice(replaced.clone(), (0..count).map(|_| 0));
        let new = replaced.start..replaced.start + count;
        let moved = |i: usize| {
            if i >= replaced.end {
                i - replaced.len() + count
            } else {
                i.min(replaced.start)
            }
        };
        for t in &mut self.touched {
            *t = moved(t.start)..moved(t.end);
        }
        self.dirty = Some(match self.dirty.take() {
            Some(d) => moved(d.start).min(new.start)..moved(d.end).max(new.end),
            None => new,
        });
    }

    /// The quotations of `text`, cut into `paragraphs`, after the splices since the last
    /// update, given `old`, those found then (with their repeats, if made).
    pub fn update(
        &mut self,
        text: &str,
        paragraphs: &[Paragraph],
        cues: &Cues,
        old: QuoteModel,
    ) -> QuoteModel {
        debug_assert_eq!(self.trail.len(), paragraphs.len());
        let QuoteModel {
            mut quotes,
            mut marks,
            mut repeats,
        } = old;
        if let Some(dirty) = self.dirty.take() {
            let delta = text.len() as isize - std::mem::replace(&mut self.len, text.len()) as isize;
            // Paragraphs before `dirty` are where they were; those after it moved by `delta`.
            let mut from = dirty.start.saturating_sub(1);
            while from > 0 && continues(&marks, paragraphs[from].start, paragraphs[from].span().end)
            {
                from -= 1;
            }
            let (paired, stop) = pair_from(paragraphs, from, cues, |pi| {
                let p = &paragraphs[pi];
                pi >= dirty.end
                    && !continues(&marks, shift(p.start, -delta), shift(p.span().end, -delta))
            });
            // Paragraph `from` may be new, the one before it is not.
            let lo = from.checked_sub(1).map_or(0, |b| paragraphs[b].span().end);
            let hi = paragraphs
                .get(stop)
                .map_or(usize::MAX, |p| shift(p.start, -delta));
            let m = marks.partition_point(|m| m.span.start < lo)
                ..marks.partition_point(|m| m.span.start < hi);
            for mark in &mut marks[m.end..] {
                shift_range(&mut mark.span, delta);
            }
            marks.splice(m, paired.marks);
            let q = quotes.partition_point(|q| q.span.start < lo)
                ..quotes.partition_point(|q| q.span.start < hi);
            for quote in &mut quotes[q.end..] {
                shift_range(&mut quote.span, delta);
                shift_range(&mut quote.inner, delta);
                if let Some(a) = &mut quote.attribution {
                    shift_range(&mut a.speaker_span, delta);
                    shift_range(&mut a.cue_span, delta);
                }
            }
            let count = paired.quotes.len();
            quotes.splice(q.clone(), paired.quotes);
            for ((items, print), p) in self.trail[from..stop]
                .iter_mut()
                .zip(&mut self.prints[from..stop])
                .zip(&paragraphs[from..stop])
            {
                *items = items_of(p, &quotes);
                *print = print_of(p, items);
            }
            let folded = fold(&self.prints);
            let names_moved = std::mem::replace(&mut self.folded, folded) != folded;
            self.touched.push(from..stop);
            self.attribute(
                paragraphs,
                &mut quotes,
                cues,
                q.start..q.start + count,
                stop,
                names_moved,
            );
            match &mut repeats {
                Some(index) => index.update(text, &quotes, q.clone(), q.start..q.start + count),
                None => repeats = Some(Index::new(text, &quotes)),
            }
        }
        QuoteModel {
            quotes,
            marks,
            repeats,
        }
    }

    /// Attribute the quotations at `paired` and those opening in paragraph `next`, which read
    /// a paragraph paired again; if the trail's names `moved`, look up again the person each
    /// other "he" or "she" stands for.
    fn attribute(
        &mut self,
        paragraphs: &[Paragraph],
        quotes: &mut [Quote],
        cues: &Cues,
        paired: Range<usize>,
        next: usize,
        moved: bool,
    ) {
        let next = paragraphs.get(next).map_or(0..0, Paragraph::span);
        // Attributed without the trail (a "he" or "she" stands for itself), then looked up
        // in it: the trail is summed only if some quotation needs it. A "he" or "she" where
        // one was before, in the paragraph after those paired again, stands for whom it
        // did while the trail's names are the same (all those before it are).
        let nobody = NameTrail::default();
        let mut trail = Trail::new(paragraphs, &self.trail);
        let attribute = |quotes: &[Quote],
                         span: &Range<usize>,
                         trail: &mut Trail,
                         was: Option<&Attribution>| {
            let mut attribution = attribute_span(paragraphs, quotes, span, cues, &nobody)?;
            if let Some((written, at)) = pronoun(paragraphs, &attribution) {
                let known = was.filter(|was| {
                    !moved && next.contains(&at) && was.speaker_span == attribution.speaker_span
                });
                attribution.speaker = match known {
                    Some(was) => was.speaker.clone(),
                    None => resolved(written, at, trail.before(at))?.to_string(),
                };
            }
            Some(attribution)
        };
        // The paragraphs a quotation attributed differently outside those paired lies in.
        let overlapped = |span: &Range<usize>| {
            paragraphs.partition_point(|p| p.span().end <= span.start)
                ..paragraphs.partition_point(|p| p.start < span.end)
        };
        let mut touched = Vec::new();
        for i in 0..quotes.len() {
            if paired.contains(&i) {
                let span = quotes[i].span.clone();
                quotes[i].attribution = attribute(quotes, &span, &mut trail, None);
                continue;
            }
            if next.contains(&quotes[i].span.start) {
                let span = quotes[i].span.clone();
                let was = quotes[i].attribution.as_ref();
                let attribution = attribute(quotes, &span, &mut trail, was);
                if quotes[i].attribution != attribution {
                    quotes[i].attribution = attribution;
                    touched.push(overlapped(&span));
                }
                continue;
            }
            if !moved {
                continue;
            }
            let span = quotes[i].span.clone();
            let Some(a) = quotes[i].attribution.as_mut() else {
                continue;
            };
            let Some((written, at)) = pronoun(paragraphs, a) else {
                continue;
            };
            if let Some(name) = resolved(written, at, trail.before(at)) {
                if a.speaker != name {
                    a.speaker = name.to_string();
                    touched.push(overlapped(&span));
                }
            }
        }
        self.touched.extend(touched);
    }
}

/// The speaker of `a` as written and where, if it is "he" or "she" (which stand for
/// somebody named before).
fn pronoun<'a>(paragraphs: &'a [Paragraph], a: &Attribution) -> Option<(&'a str, usize)> {
    // Only "he" and "she" (two or three bytes) stand for somebody else.
    if !matches!(a.speaker_span.len(), 2 | 3) {
        return None;
    }
    let at = a.speaker_span.start;
    let p = &paragraphs[paragraphs.partition_point(|p| p.span().end <= at)];
    let written = &p.text[at - p.start..a.speaker_span.end - p.start];
    resolved(written, at, &NameTrail::default()).map(|_| (written, at))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::quotes::find;
    use crate::document::DocKind;
    use crate::segment::segment;

    /// The server replaces the paragraph after an edit too; a caller replacing only the
    /// one before a quotation still has that quotation attributed again.
    #[test]
    fn the_paragraph_after_those_replaced_is_attributed_again() {
        let cues = Cues::shipped();
        let before = "Mara Lindqvist said:\n\n\"The bridge stays shut.\"";
        let after = "Mara Lindqvist sat:\n\n\"The bridge stays shut.\"";
        let old = segment(before, DocKind::Text).paragraphs;
        let new = segment(after, DocKind::Text).paragraphs;
        let model = find(&old, cues);
        assert!(model.quotes[0].attribution.is_some());
        let mut tracker = Tracker::new(before, &old, &model.quotes);
        tracker.splice(0..1, 1);
        let kept = tracker.update(after, &new, cues, model);
        assert_eq!(kept.quotes, find(&new, cues).quotes);
        assert!(kept.quotes[0].attribution.is_none());
    }

    /// A name changed paragraphs above changes who "she" is: the paragraph of her
    /// quotation is reported touched, the paragraphs between are not.
    #[test]
    fn a_speaker_found_again_touches_the_quotation_paragraph() {
        let cues = Cues::shipped();
        let before =
            "Mara Lindqvist opened the dam.\n\nThe water rose.\n\n\"We waited,\" she said.";
        let after = before.replace("Lindqvist", "Berg");
        let old = segment(before, DocKind::Text).paragraphs;
        let new = segment(&after, DocKind::Text).paragraphs;
        let model = find(&old, cues);
        let mut tracker = Tracker::new(before, &old, &model.quotes);
        tracker.splice(0..1, 1);
        let kept = tracker.update(&after, &new, cues, model);
        assert_eq!(kept.quotes, find(&new, cues).quotes);
        assert_eq!(tracker.take_touched(), vec![0..1, 2..3]);
        assert!(tracker.take_touched().is_empty());
    }
}
