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
//! theirs. A "he" or "she" stands for the last person the trail of names (kept per
//! paragraph) gives before it, found by reading the trail backwards from the pronoun
//! ([`Lookup`]): what lies between the pronoun and its name, not the document before it.
//! When the names of the paragraphs read again changed, only the pronouns they may reach
//! are looked up again: those up to the first full name after them, and those after a
//! surname alone whose full name there may have changed ([`Tracker::reached`]). Which
//! quotations repeat earlier ones changes by the quotations that changed ([`Index`], taken
//! over from the last analysis).

use std::hash::{Hash, Hasher};
use std::ops::Range;

use rustc_hash::{FxHashMap, FxHasher};

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
    trail: Vec<Names>,
    /// The names of the paragraphs replaced since the last update, in the order replaced.
    gone: Vec<Names>,
    /// How many splices replaced them: after one, `gone` is in document order.
    splices: usize,
    /// Per key hashed, how many items of the document bear it, full and not.
    keys: FxHashMap<u64, [u32; 2]>,
    /// The paragraphs whose overlapping quotations (or their attributions) changed in the
    /// updates since last taken, as ranges of the list as it stands.
    touched: Vec<Range<usize>>,
    /// Whether the last update left which quotations repeat which as it was, none of them
    /// paired again: what `quotes/altered` reports only moved with the text.
    repeats_moved: bool,
}

/// One paragraph's trail items, each with its [`Key`], and the bits of their keys.
#[derive(Default)]
struct Names {
    items: Vec<(TrailItem, Key)>,
    /// A bit per key of the items ([`bit`]), and per key of the full ones.
    any: u64,
    full: u64,
}

/// A trail item's key ([`TrailItem::key`]) and its name as written (and where its last
/// word starts), hashed: two items with equal names give the trail the same.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Key {
    word: u64,
    name: u64,
}

fn hash(value: impl Hash) -> u64 {
    let mut h = FxHasher::default();
    value.hash(&mut h);
    h.finish()
}

/// A key's bit in a paragraph's summary of its keys.
fn bit(word: u64) -> u64 {
    1 << (word >> 58)
}

impl Names {
    fn of(p: &Paragraph, quotes: &[Quote]) -> Names {
        let mut names = Names::default();
        trail_items(&Words::new(p, quotes), |item| {
            let name = &p.text[item.name.clone()];
            let key = Key {
                word: hash(item.key(&p.text)),
                name: hash((name, item.full.map(|f| f - item.name.start))),
            };
            names.any |= bit(key.word);
            if item.full.is_some() {
                names.full |= bit(key.word);
            }
            names.items.push((item, key));
        });
        names
    }
}

/// The item counts of `keys` after `names` came (`add`) or went.
fn count(keys: &mut FxHashMap<u64, [u32; 2]>, names: &Names, add: bool) {
    for (item, key) in &names.items {
        let n = &mut keys.entry(key.word).or_default()[usize::from(item.full.is_none())];
        *n = if add { *n + 1 } else { *n - 1 };
    }
}

/// Looks "he" and "she" up: the last name the trail gives before an offset, found by
/// reading the paragraphs' items backwards from it, so that a lookup costs what lies
/// between the pronoun and its name, not the document before it.
struct Lookup<'a> {
    paragraphs: &'a [Paragraph],
    trail: &'a [Names],
    keys: &'a FxHashMap<u64, [u32; 2]>,
    /// The last lookup's offset and answer: a later one reading back to it with nothing
    /// found has the same answer.
    last: Option<(usize, Option<&'a str>)>,
    /// Per key found by a lookup, an offset and the last full name of that key before it:
    /// a later lookup reading back to it for that key has it, so a surname alone repeated
    /// down the document is read back once to its full name, not once per pronoun.
    found: FxHashMap<&'a str, (usize, Option<&'a str>)>,
    /// The items not full read before the nearest full name, nearest first, a key once,
    /// whose key some full name in the document bears: each answers with the last full
    /// name before it of that key, if any.
    open: Vec<Open<'a>>,
}

/// An item not full that may answer a lookup once its full name is found.
struct Open<'a> {
    at: usize,
    key: u64,
    word: &'a str,
    /// What [`Lookup::found`] held for its word when read, if for an offset before it.
    found: Option<(usize, Option<&'a str>)>,
}

impl<'a> Lookup<'a> {
    fn new(
        paragraphs: &'a [Paragraph],
        trail: &'a [Names],
        keys: &'a FxHashMap<u64, [u32; 2]>,
    ) -> Lookup<'a> {
        Lookup {
            paragraphs,
            trail,
            keys,
            last: None,
            found: FxHashMap::default(),
            open: Vec::new(),
        }
    }

    /// The name [`NameTrail`] would give for document offset `at`: that of the last item
    /// before it that gives one (a full name itself; one not full, the last full name
    /// before it of its key, if any).
    fn before(&mut self, at: usize) -> Option<&'a str> {
        let found = self.search(at);
        self.last = Some((at, found));
        found
    }

    fn search(&mut self, at: usize) -> Option<&'a str> {
        let last = self.last.filter(|&(was, _)| was <= at);
        // The nearest full name read, or the name a nearer open item found: the answer
        // once no open item nearer still may find one.
        let mut answer = None;
        self.open.clear();
        let end = self.paragraphs.partition_point(|p| p.start < at);
        for (p, names) in self.paragraphs[..end].iter().zip(self.trail).rev() {
            if let Some(found) = self.settle(p.span().end, last, &mut answer) {
                return found;
            }
            // Past the nearest full name only the open items' full names matter.
            let bits = self.open.iter().fold(0, |b, o| b | bit(o.key));
            if answer.is_some() && names.full & bits == 0 {
                continue;
            }
            for (item, key) in names.items.iter().rev() {
                let pos = p.start + item.name.start;
                if pos >= at {
                    continue;
                }
                if let Some(found) = self.settle(pos + 1, last, &mut answer) {
                    return found;
                }
                let word = item.key(&p.text);
                if item.full.is_none() {
                    let borne = self.keys.get(&key.word).is_some_and(|n| n[0] > 0);
                    if answer.is_none() && borne && self.open.iter().all(|o| o.word != word) {
                        let found = self.found.get(word).copied();
                        self.open.push(Open {
                            at: pos,
                            key: key.word,
                            word,
                            found: found.filter(|&(x, _)| x <= pos),
                        });
                    }
                    continue;
                }
                let name = &p.text[item.name.clone()];
                match self
                    .open
                    .iter()
                    .position(|o| o.key == key.word && o.word == word)
                {
                    Some(i) => self.answers(i, Some(name), &mut answer),
                    None if answer.is_none() => answer = Some(name),
                    None => {}
                }
                if answer.is_some() && self.open.is_empty() {
                    return answer;
                }
            }
        }
        // No open item left has a full name before it.
        while !self.open.is_empty() {
            self.answers(0, None, &mut answer);
        }
        answer
    }

    /// With every item at `limit` or after read: the answer, if the last lookup's or open
    /// items' found names give it.
    fn settle(
        &mut self,
        limit: usize,
        last: Option<(usize, Option<&'a str>)>,
        answer: &mut Option<&'a str>,
    ) -> Option<Option<&'a str>> {
        if answer.is_none() && self.open.is_empty() {
            // Nothing read between here and the last lookup's offset gives a name.
            return last
                .filter(|&(was, _)| limit <= was)
                .map(|(_, found)| found);
        }
        while let Some(i) =
            (self.open.iter()).position(|o| o.found.is_some_and(|(x, _)| limit <= x))
        {
            let name = self.open[i].found.and_then(|(_, name)| name);
            self.answers(i, name, answer);
        }
        (answer.is_some() && self.open.is_empty()).then_some(*answer)
    }

    /// Open item `i`'s full name is `name` (or it has none): it is found, and if it has
    /// one, the answer unless a nearer open item has one too.
    fn answers(&mut self, i: usize, name: Option<&'a str>, answer: &mut Option<&'a str>) {
        let o = &self.open[i];
        self.found.insert(o.word, (o.at, name));
        match name {
            Some(_) => {
                self.open.truncate(i);
                *answer = name;
            }
            None => {
                self.open.remove(i);
            }
        }
    }
}

/// `offset` moved by `delta`. Every offset moved lies after the edit, except the speaker's
/// of a quotation attributed again, so none goes below 0 that is kept: one add, in a loop
/// over every quotation and mark after the edit.
fn shift(offset: usize, delta: isize) -> usize {
    offset.wrapping_add_signed(delta)
}

fn shift_range(r: &mut Range<usize>, delta: isize) {
    *r = shift(r.start, delta)..shift(r.end, delta);
}

impl Tracker {
    /// Track the quotations `quotes` of `text`, cut into `paragraphs`.
    pub fn new(text: &str, paragraphs: &[Paragraph], quotes: &[Quote]) -> Tracker {
        let trail: Vec<_> = paragraphs.iter().map(|p| Names::of(p, quotes)).collect();
        let mut keys = FxHashMap::default();
        for names in &trail {
            count(&mut keys, names, true);
        }
        Tracker {
            dirty: None,
            len: text.len(),
            trail,
            gone: Vec::new(),
            splices: 0,
            keys,
            touched: Vec::new(),
            repeats_moved: false,
        }
    }

    /// Whether the last update left the repeated quotations as they were (see
    /// [`Tracker::update`]): the same pairs of quotations, each only moved.
    pub fn repeats_moved(&self) -> bool {
        self.repeats_moved
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
        let new = (0..count).map(|_| Names::default());
        for names in self.trail.splice(replaced.clone(), new) {
            self::count(&mut self.keys, &names, false);
            self.gone.push(names);
        }
        self.splices += 1;
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
        self.repeats_moved = true;
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
            // The names of paragraphs `from..stop` as they were (those replaced in the order
            // replaced) and as they are.
            let gone = std::mem::take(&mut self.gone);
            let kept = |r: Range<usize>| self.trail[r].iter();
            let was = keys_of(
                kept(from..dirty.start)
                    .chain(&gone)
                    .chain(kept(dirty.end..stop)),
            );
            for (names, p) in self.trail[from..stop]
                .iter_mut()
                .zip(&paragraphs[from..stop])
            {
                self::count(&mut self.keys, names, false);
                *names = Names::of(p, &quotes);
                self::count(&mut self.keys, names, true);
            }
            let is = keys_of(self.trail[from..stop].iter());
            // After several splices `gone` is not in document order: the names may have
            // changed whatever it holds.
            let in_order = std::mem::take(&mut self.splices) == 1;
            let reached = if in_order && was == is {
                Vec::new()
            } else {
                self.reached(paragraphs, from, stop, registered(&was, &is, in_order))
            };
            self.touched.push(from..stop);
            self.attribute(
                paragraphs,
                &mut quotes,
                cues,
                q.start..q.start + count,
                stop,
                &reached,
            );
            let new = q.start..q.start + count;
            self.repeats_moved = match &mut repeats {
                Some(index) => {
                    let before = index.repeated();
                    index.update(text, &quotes, q.clone(), new.clone());
                    same_repeats(&before, &index.repeated(), &q, &new)
                }
                None => {
                    repeats = Some(Index::new(text, &quotes));
                    false
                }
            };
        }
        QuoteModel {
            quotes,
            marks,
            repeats,
        }
    }

    /// Where a "he" or "she" may stand for somebody else now that the names of paragraphs
    /// `from..stop` changed, `open` holding the keys whose last full name at `stop` may
    /// have (any other key's is as it was): from paragraph `from` to the first full name
    /// after `stop`, then from each item of an open key (not full, with no full name of
    /// that key between `stop` and it) to the next full name; as document offsets.
    fn reached(
        &self,
        paragraphs: &[Paragraph],
        from: usize,
        stop: usize,
        mut open: Vec<u64>,
    ) -> Vec<Range<usize>> {
        let mut ranges = Vec::new();
        let Some(first) = paragraphs.get(from) else {
            return ranges;
        };
        // A key that no item not full bears stands for nobody.
        open.retain(|w| self.keys.get(w).is_some_and(|n| n[1] > 0));
        let mut bits = open.iter().fold(0, |b, &w| b | bit(w));
        let mut start = Some(first.start);
        for (p, names) in paragraphs[stop..].iter().zip(&self.trail[stop..]) {
            if start.is_none() {
                if open.is_empty() {
                    break;
                }
                if names.any & bits == 0 {
                    continue;
                }
            }
            for (item, key) in &names.items {
                let pos = p.start + item.name.start;
                if item.full.is_some() {
                    // A pronoun after a full name stands for it or for somebody after it.
                    ranges.extend(start.take().map(|s| s..pos + 1));
                    if let Some(i) = open.iter().position(|&w| w == key.word) {
                        open.swap_remove(i);
                        bits = open.iter().fold(0, |b, &w| b | bit(w));
                    }
                } else if start.is_none() && open.contains(&key.word) {
                    start = Some(pos + 1);
                }
            }
        }
        ranges.extend(start.map(|s| s..usize::MAX));
        ranges
    }

    /// Attribute the quotations at `paired` and those opening in paragraph `next`, which read
    /// a paragraph paired again, and look up again the person each other "he" or "she" in
    /// `reached` stands for.
    fn attribute(
        &mut self,
        paragraphs: &[Paragraph],
        quotes: &mut [Quote],
        cues: &Cues,
        paired: Range<usize>,
        next: usize,
        reached: &[Range<usize>],
    ) {
        let next = paragraphs.get(next).map_or(0..0, Paragraph::span);
        let moved = !reached.is_empty();
        // Attributed without the trail (a "he" or "she" stands for itself), then looked up
        // in it. A "he" or "she" where one was before, in the paragraph after those paired
        // again, stands for whom it did while the trail's names are the same (all those
        // before it are).
        let nobody = NameTrail::default();
        let mut lookup = Lookup::new(paragraphs, &self.trail, &self.keys);
        let attribute = |quotes: &[Quote],
                         span: &Range<usize>,
                         lookup: &mut Lookup,
                         was: Option<&Attribution>| {
            let mut attribution = attribute_span(paragraphs, quotes, span, cues, &nobody)?;
            if let Some((written, at)) = pronoun(paragraphs, &attribution) {
                let known = was.filter(|was| {
                    !moved && next.contains(&at) && was.speaker_span == attribution.speaker_span
                });
                attribution.speaker = match known {
                    Some(was) => was.speaker.clone(),
                    None => resolved(written, || lookup.before(at))?.to_string(),
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
        for i in paired.clone() {
            let span = quotes[i].span.clone();
            quotes[i].attribution = attribute(quotes, &span, &mut lookup, None);
        }
        let opening = |at: usize| quotes.partition_point(|q| q.span.start < at);
        let next = opening(next.start)..opening(next.end);
        for i in next.clone() {
            let span = quotes[i].span.clone();
            let was = quotes[i].attribution.as_ref();
            let attribution = attribute(quotes, &span, &mut lookup, was);
            if quotes[i].attribution != attribution {
                quotes[i].attribution = attribution;
                touched.push(overlapped(&span));
            }
        }
        for r in reached {
            // A pronoun lies in its quotation's paragraphs or in the one before them.
            let first = paragraphs.partition_point(|p| p.span().end <= r.start);
            let last = paragraphs.partition_point(|p| p.start < r.end);
            let lo = paragraphs.get(first).map_or(usize::MAX, |p| p.start);
            let hi = paragraphs.get(last).map_or(usize::MAX, |p| p.span().end);
            let candidates = quotes.partition_point(|q| q.span.end <= lo)
                ..quotes.partition_point(|q| q.span.start < hi);
            for i in candidates {
                if paired.contains(&i) || next.contains(&i) {
                    continue;
                }
                let span = quotes[i].span.clone();
                let Some(a) = quotes[i].attribution.as_mut() else {
                    continue;
                };
                let Some((written, at)) = pronoun(paragraphs, a).filter(|(_, at)| r.contains(at))
                else {
                    continue;
                };
                if let Some(name) = resolved(written, || lookup.before(at)) {
                    if a.speaker != name {
                        a.speaker = name.to_string();
                        touched.push(overlapped(&span));
                    }
                }
            }
        }
        self.touched.extend(touched);
    }
}

/// Whether repeated quotations `after` (pairs of positions, in order) are `before` with the
/// quotations at `old` replaced by those at `new`, neither side of any pair among them:
/// the words of every quotation in a pair are then as they were, moved.
fn same_repeats(
    before: &[(usize, usize)],
    after: &[(usize, usize)],
    old: &Range<usize>,
    new: &Range<usize>,
) -> bool {
    let moved = |i: usize| {
        if i >= old.end {
            Some(i - old.len() + new.len())
        } else {
            (i < old.start).then_some(i)
        }
    };
    before.len() == after.len()
        && (before.iter().zip(after))
            .all(|(&(q, e), &now)| (moved(q), moved(e)) == (Some(now.0), Some(now.1)))
}

/// Each item of `names` as the trail reads it: whether full, and its key.
fn keys_of<'a>(names: impl Iterator<Item = &'a Names>) -> Vec<(bool, Key)> {
    names
        .flat_map(|n| n.items.iter())
        .map(|(item, key)| (item.full.is_some(), *key))
        .collect()
}

/// The keys whose last full name differs between `was` and `is`, items of the same
/// paragraphs before and after a change; every key of their full names unless `in_order`.
fn registered(was: &[(bool, Key)], is: &[(bool, Key)], in_order: bool) -> Vec<u64> {
    let mut last: FxHashMap<u64, [Option<u64>; 2]> = FxHashMap::default();
    for (side, items) in [was, is].into_iter().enumerate() {
        for (_, key) in items.iter().filter(|(full, _)| *full) {
            last.entry(key.word).or_default()[side] = Some(key.name);
        }
    }
    last.into_iter()
        .filter(|(_, [a, b])| !in_order || a != b)
        .map(|(word, _)| word)
        .collect()
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
    resolved(written, || None).map(|_| (written, at))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::quotes::find;
    use crate::document::DocKind;
    use crate::segment::segment;
    use proptest::prelude::*;

    /// Full names (one surname shared), surnames alone (one nobody's), capitalised words
    /// after which a name is a listener, quoted names, breaks.
    const WORDS: &[&str] = &[
        "Mara Lindqvist",
        "Tomas Berg",
        "Ines Berg",
        "Lindqvist",
        "Berg",
        "Officials",
        "told Ana Okafor",
        "\"Tomas Berg\"",
        "waited",
        "she",
        ".",
        "\n\n",
    ];

    proptest! {
        /// A lookup gives what the trail summed from the document's start gives, at every
        /// offset and whatever the order offsets are asked in (what a lookup found for a
        /// later offset must not answer an earlier one).
        #[test]
        fn a_lookup_gives_what_the_summed_trail_gives(
            words in prop::collection::vec(prop::sample::select(WORDS), 0..40),
            order in any::<u64>(),
        ) {
            let text = words.join(" ");
            let cues = Cues::shipped();
            let paragraphs = segment(&text, DocKind::Text).paragraphs;
            let tracker = Tracker::new(&text, &paragraphs, &find(&paragraphs, cues).quotes);
            let mut summed = NameTrail::default();
            for (p, names) in paragraphs.iter().zip(&tracker.trail) {
                for (item, _) in &names.items {
                    summed.push(p, item);
                }
            }
            let mut lookup = Lookup::new(&paragraphs, &tracker.trail, &tracker.keys);
            // Every offset once, in an order `order` picks: a stride prime to the length.
            let n = text.len() + 1;
            let stride = (1..=n).rev().cycle().skip(order as usize % n).find(|s| gcd(*s, n) == 1).unwrap();
            for i in 0..n {
                let at = (i * stride + order as usize) % n;
                prop_assert_eq!(lookup.before(at), summed.before(at), "at {} in {:?}", at, text);
            }
        }
    }

    fn gcd(a: usize, b: usize) -> usize {
        if b == 0 {
            a
        } else {
            gcd(b, a % b)
        }
    }

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
