//! A document's [`Names`] kept current as its paragraphs are replaced, at a cost that
//! follows the paragraphs replaced rather than the document, with the same result as
//! [`Names::extract`] over the whole text.
//!
//! Each paragraph's [`Candidates`] are kept (and cached by content, so that text coming
//! back on undo is not scanned again) with the lower-case words it writes. The document's
//! only contribution to whether a candidate is a name is whether any paragraph writes it
//! in lower case, so the tracker counts, per lower-case word, the paragraphs writing it:
//! when a count goes from 0 to 1 or back, only the paragraphs with a candidate judged by
//! that word are looked at again. The index is changed by the counts of the mentions that
//! went and came, and left as it is (the same `Arc`) when they cancel out, so that whoever
//! holds it can tell a change by pointer.
//!
//! An edit moves every mention after it. Rather than write each again, the tracker moves
//! those after the last paragraph it reads all at once ([`Names::span`]), and keeps per
//! paragraph the count of its mentions, not their numbers: an update writes only the
//! mentions between where the last one left off and the paragraphs it reads (none, while
//! typing in one place). Those counts are kept summed ([`Sums`]), so that an update
//! visits only the paragraphs replaced or judged again since the last, and finds the
//! numbers of the mentions around them without adding up those of every paragraph before.

mod sums;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;
use std::sync::Arc;

use super::candidates::{lower_words, Candidates};
use super::index::{each_count, Table};
use super::{Mention, NameIndex, Names};
use crate::segment::{Block, Paragraph};
use sums::Sums;

/// The names of a document whose paragraphs change.
#[derive(Default)]
pub struct Tracker {
    /// Scans by paragraph block and text.
    cache: HashMap<Block, HashMap<String, Arc<Scan>>>,
    cached: usize,
    /// One per paragraph of the document, in order.
    entries: Vec<Entry>,
    /// How many paragraphs write each lower-case word.
    lower: HashMap<Box<str>, u32>,
    /// How many candidates each lower-cased word decides.
    deciding: HashMap<Box<str>, u32>,
    /// Lower-case words that came or went since the last update, with whether the
    /// document wrote them before.
    crossed: HashMap<Box<str>, bool>,
    /// The index as last reported by [`Tracker::take_change`] (`None`: the empty index),
    /// and the counts changed since.
    reported: Option<Arc<NameIndex>>,
    unreported: Counts,
    /// How the last update changed the mentions, if other than by moving them.
    respelled: Option<Respelling>,
    /// Per paragraph, how many of the last names made it accounts for ([`Entry::was`]);
    /// `None` after a splice changing the number of paragraphs (summed again at the
    /// next update, as typing does not).
    sums: Option<Sums>,
    /// The paragraphs new, judged again or after paragraphs replaced since the last
    /// update (perhaps twice, in no order): the only ones an update visits.
    touched: Vec<usize>,
}

/// How an update changed a document's mentions other than by moving them, for a judge of
/// the mentions before to follow.
#[derive(Debug, Default)]
pub struct Respelling {
    /// The runs of mentions replaced, in order, as (their numbers before, the numbers of
    /// those that replaced them now); the mentions between were kept (moved, perhaps
    /// renumbered).
    pub spliced: Vec<(Range<usize>, Range<usize>)>,
    /// The mentions replaced, as they were.
    pub gone: Vec<Gone>,
}

/// A mention that went.
#[derive(Debug)]
pub struct Gone {
    pub key: String,
    pub form: String,
    /// The keys of the name words beside it.
    pub neighbours: Vec<String>,
}

/// Changed counts of an index: (table, key, what is counted) → change.
type Counts = BTreeMap<(Table, String, String), i64>;

/// How a document's index changed between two reports: whoever holds the earlier index
/// (and a sum of it with others) can follow at the cost of the change.
pub struct Change {
    /// The index reported before (`None`: none was).
    pub since: Option<Arc<NameIndex>>,
    pub now: Arc<NameIndex>,
    /// `None` when the counts were not followed: `now` replaces `since` whole.
    counts: Option<Counts>,
}

impl Change {
    /// A new index, its changes not followed.
    pub fn whole(now: Arc<NameIndex>) -> Change {
        Change {
            since: None,
            now,
            counts: None,
        }
    }

    /// Whether the counts that changed are known, for [`Change::keys`] and [`Change::apply`].
    pub fn is_followed(&self) -> bool {
        self.counts.is_some()
    }

    /// Whether no count changed (the index may still be a new copy).
    pub fn is_empty(&self) -> bool {
        self.counts.as_ref().is_some_and(BTreeMap::is_empty)
    }

    /// The keys whose spellings, neighbours or titles changed.
    pub fn keys(&self) -> impl Iterator<Item = &str> + '_ {
        let keys: BTreeSet<&str> = self
            .counts
            .iter()
            .flat_map(|c| c.keys().map(|(_, k, _)| k.as_str()))
            .collect();
        keys.into_iter()
    }

    /// Make the same change to `index` (which holds `since`'s counts, perhaps among others).
    pub fn apply(&self, index: &mut NameIndex) {
        for ((table, key, item), by) in self.counts.iter().flatten() {
            index.bump(*table, key, item, *by);
        }
    }
}

/// What one paragraph says about names.
struct Scan {
    candidates: Candidates,
    /// Its lower-case words, each once.
    lower: Box<[Box<str>]>,
}

/// What an update does to the last names made, in order: runs of paragraphs read again and
/// the stretches of mentions kept between them.
enum Step {
    /// The paragraphs at `entries` are read again, their mentions replacing old mentions
    /// `was` (numbers in the last names made).
    Read {
        was: Range<usize>,
        entries: Range<usize>,
    },
    /// Old mentions `was` are kept, their text moved `by` bytes.
    Keep { was: Range<usize>, by: isize },
}

struct Entry {
    scan: Arc<Scan>,
    /// How many mentions the paragraph had in the last [`Names`] made; `None` when the
    /// paragraph is new since, or its candidates are to be judged again.
    made: Option<Made>,
    /// `Some` when the text before the paragraph changed since the last names made, with
    /// how many of those names went there (of paragraphs replaced since, just before the
    /// paragraph's own). With the counts of the paragraphs kept before it, they number its
    /// first mention there: no update writes a number in every paragraph after a change.
    gone: Option<usize>,
}

impl Entry {
    /// How many of the last names made the paragraph accounts for: its own and those that
    /// went just before it.
    fn was(&self) -> usize {
        self.gone.unwrap_or(0) + self.made.map_or(0, |m| m.count)
    }

    fn is_touched(&self) -> bool {
        self.gone.is_some() || self.made.is_none()
    }
}

#[derive(Clone, Copy)]
struct Made {
    count: usize,
    /// Where its first mention starts in the paragraph (0 when none): how far the paragraph
    /// moved since is how far the document start of that mention is from it.
    first: usize,
}

impl Scan {
    fn of(p: &Paragraph) -> Scan {
        let mut lower: Vec<&str> = lower_words(p).collect();
        lower.sort_unstable();
        lower.dedup();
        Scan {
            candidates: Candidates::scan(p),
            lower: lower.into_iter().map(Box::from).collect(),
        }
    }
}

impl Tracker {
    /// Track `names`, the names of `paragraphs` (as [`Names::extract`] finds them), whose
    /// index is the one reported: only the paragraphs are read, not their names again.
    pub fn new(paragraphs: &[Paragraph], names: &Names) -> Tracker {
        let mut tracker = Tracker::default();
        tracker.splice(0..0, paragraphs);
        tracker.crossed.clear();
        // A paragraph's mentions lie between its start and the next paragraph's.
        let mut at = 0;
        for (i, (e, p)) in tracker.entries.iter_mut().zip(paragraphs).enumerate() {
            let end = paragraphs.get(i + 1).map_or(usize::MAX, |next| next.start);
            let from = at;
            while at < names.mentions.len() && names.span(at).start < end {
                at += 1;
            }
            let first = (at > from).then(|| names.span(from).start - p.start);
            e.made = Some(Made {
                count: at - from,
                first: first.unwrap_or(0),
            });
        }
        debug_assert_eq!(at, names.mentions.len());
        tracker.reported = Some(names.index.clone());
        tracker
    }

    /// The paragraphs at `replaced` (positions in the list as it stands after the splices
    /// before this one) were replaced by `new`.
    pub fn splice(&mut self, replaced: Range<usize>, new: &[Paragraph]) {
        let added: Vec<Entry> = new
            .iter()
            .map(|p| Entry {
                scan: self.scan(p),
                made: None,
                gone: None,
            })
            .collect();
        // the new words first, so that a word in both old and new is never counted absent
        for e in &added {
            self.count(&e.scan, true);
        }
        let after = replaced.start + added.len();
        if added.len() != replaced.len() {
            self.sums = None;
        }
        let removed: Vec<Entry> = self.entries.splice(replaced.clone(), added).collect();
        let mut gone = 0;
        for e in &removed {
            self.count(&e.scan, false);
            gone += e.was();
        }
        // The mentions of the paragraphs replaced lay just before those of the paragraph
        // after them; past the last paragraph, they are those left over.
        if let Some(e) = self.entries.get_mut(after) {
            *e.gone.get_or_insert(0) += gone;
        }
        let touched = replaced.start..(after + 1).min(self.entries.len());
        self.touched.extend(touched.clone());
        if let Some(sums) = &mut self.sums {
            for i in touched {
                sums.set(i, self.entries[i].was());
            }
        }
    }

    /// The names of `paragraphs`, the document after the splices since the last update,
    /// given `old`, the names made then. The mentions of paragraphs read again are spliced
    /// into the list in place; the others only move, and those after the last paragraph
    /// read again move all at once ([`Names::span`]): an update places again only the
    /// mentions between where the last one left off and the paragraphs it reads.
    pub fn update(&mut self, old: Names, paragraphs: &[Paragraph]) -> Names {
        debug_assert_eq!(self.entries.len(), paragraphs.len());
        self.judge_again();
        let steps = self.steps(&old, paragraphs);
        // What the mentions that go counted, and what those that come count.
        let mut delta = Counts::new();
        let mut gone = Vec::new();
        for step in &steps {
            if let Step::Read { was, .. } = step {
                tally(&mut delta, &old.mentions, was.clone(), -1);
                gone.extend(old.mentions[was.clone()].iter().map(|m| Gone {
                    key: m.key().to_string(),
                    form: m.form().to_string(),
                    neighbours: m.neighbours(&old).map(str::to_string).collect(),
                }));
            }
        }
        let Names {
            mut mentions,
            mut index,
            moved: (lazy, shift),
        } = old;
        // The stretch kept to the end (if the list ends with one) is moved all at once.
        let last = match steps.last() {
            Some(Step::Keep { was, by }) if was.end == mentions.len() => Some((was.start, *by)),
            _ => None,
        };
        let left = last.map_or(0, |(_, by)| shift + by);
        let mut spliced = Vec::new();
        // Whether a mention came that is not one that went, moved.
        let mut respelled = false;
        // The number now less the number before of the mentions after the steps so far.
        let mut by = 0isize;
        let mut fresh = Vec::new();
        for step in steps {
            match step {
                Step::Read { was, entries } => {
                    let start = was.start.saturating_add_signed(by);
                    for (e, p) in self.entries[entries.clone()]
                        .iter_mut()
                        .zip(&paragraphs[entries])
                    {
                        let first = fresh.len();
                        let lower = &self.lower;
                        e.scan
                            .candidates
                            .mentions(p.start, |w| lower.contains_key(w), &mut fresh);
                        e.made = Some(Made {
                            count: fresh.len() - first,
                            first: fresh.get(first).map_or(0, |m| m.span.start - p.start),
                        });
                    }
                    for m in &mut fresh {
                        m.prev = m.prev.map(|j| j + start);
                        m.next = m.next.map(|j| j + start);
                    }
                    let now = start..start + fresh.len();
                    let was_now = start..start + was.len();
                    respelled |= now != was_now
                        || fresh
                            .iter()
                            .zip(&mentions[was_now.clone()])
                            .any(|(a, b)| !a.same_but_moved(b));
                    mentions.splice(was_now, fresh.drain(..));
                    tally(&mut delta, &mentions, now.clone(), 1);
                    by += now.len() as isize - was.len() as isize;
                    spliced.push((was, now));
                }
                Step::Keep { was, by: moved } => {
                    // Each part's spans are written again only if the bytes they are off
                    // by change: those from `lazy` on were `shift` off, the last stretch's
                    // stay `left` off, the others none.
                    let left = if last.is_some_and(|(start, _)| start == was.start) {
                        left
                    } else {
                        0
                    };
                    let split = lazy.clamp(was.start, was.end);
                    for (part, off) in [(was.start..split, 0), (split..was.end, shift)] {
                        let off = off + moved - left;
                        if off == 0 && by == 0 {
                            continue;
                        }
                        let renumber = |j: usize| j.saturating_add_signed(by);
                        let part = renumber(part.start)..renumber(part.end);
                        for m in &mut mentions[part] {
                            m.span = m.span.start.wrapping_add_signed(off)
                                ..m.span.end.wrapping_add_signed(off);
                            m.prev = m.prev.map(renumber);
                            m.next = m.next.map(renumber);
                        }
                    }
                }
            }
        }
        let moved = match last {
            Some((start, _)) => (start.saturating_add_signed(by), left),
            None => (mentions.len(), 0),
        };
        // every paragraph visited now accounts for its own mentions only
        if let Some(sums) = &mut self.sums {
            for &i in &self.touched {
                sums.set(i, self.entries[i].was());
            }
        }
        self.touched.clear();
        self.respelled = respelled.then_some(Respelling { spliced, gone });
        for ((table, key, item), by) in delta.into_iter().filter(|(_, by)| *by != 0) {
            Arc::make_mut(&mut index).bump(table, &key, &item, by);
            let counted = (table, key, item);
            match self.unreported.get(&counted).map_or(by, |n| n + by) {
                // back to what was reported: nothing to report
                0 => self.unreported.remove(&counted),
                n => self.unreported.insert(counted, n),
            };
        }
        self.trim();
        Names {
            mentions,
            index,
            moved,
        }
    }

    /// What the update from `old`, the names last made, does, in order: the runs of
    /// paragraphs to be read again (new, or judged again) with the mentions each replaces,
    /// and between them the stretches of mentions kept with how far their paragraphs moved.
    /// Only the paragraphs touched are visited: between them, the first paragraph with
    /// mentions is found from the sums, and tells how far the stretch moved.
    fn steps(&mut self, old: &Names, paragraphs: &[Paragraph]) -> Vec<Step> {
        let len = self.entries.len();
        if self.sums.is_none() {
            self.sums = Some(Sums::new(self.entries.iter().map(Entry::was).collect()));
            self.touched = (0..len).filter(|&i| self.entries[i].is_touched()).collect();
        }
        let sums = self.sums.as_ref().expect("summed");
        self.touched.sort_unstable();
        self.touched.dedup();
        let mut plan = Plan::default();
        // the first paragraph not visited
        let mut at = 0;
        for &i in self.touched.iter().chain([&len]) {
            // the paragraphs kept before this one: the first ends the run read again, and
            // the first with mentions tells how far they moved
            if at < i {
                let j = sums.before(at);
                plan.read_to(j, at);
                let first = sums.holding(j);
                if first < i {
                    plan.kept(j, self.entries[first].made, &paragraphs[first], old);
                }
            }
            let Some(e) = self.entries.get_mut(i) else {
                break;
            };
            let mut j = sums.before(i);
            if let Some(gone) = e.gone.take() {
                plan.keep(j);
                if gone > 0 {
                    // mentions that went with no paragraph replacing them make a run too
                    plan.open.get_or_insert((j, i));
                    j += gone;
                }
            }
            match e.made {
                None => {
                    plan.keep(j);
                    plan.open.get_or_insert((j, i));
                }
                Some(made) => {
                    plan.read_to(j, i);
                    plan.kept(j, Some(made), &paragraphs[i], old);
                }
            }
            at = i + 1;
        }
        let j = sums.before(len);
        plan.keep(j);
        let Plan {
            mut steps, open, ..
        } = plan;
        let old_len = old.mentions.len();
        debug_assert!(j <= old_len);
        if let Some((from, first)) = open.or((j < old_len).then_some((j, len))) {
            steps.push(Step::Read {
                was: from..old_len,
                entries: first..len,
            });
        }
        steps
    }

    /// Whether the last update changed, added or removed a mention, rather than only
    /// moving mentions with the text: if not, whatever was judged of the names before holds.
    pub fn respelled(&self) -> bool {
        self.respelled.is_some()
    }

    /// How the last update changed the mentions, if it did other than moving them (once).
    pub fn take_respelling(&mut self) -> Option<Respelling> {
        self.respelled.take()
    }

    /// How the index changed since the last call (or since the tracker began), `now`
    /// being the index of the names last made.
    pub fn take_change(&mut self, now: &Arc<NameIndex>) -> Change {
        Change {
            since: self.reported.replace(now.clone()),
            now: now.clone(),
            counts: Some(std::mem::take(&mut self.unreported)),
        }
    }

    /// Mark for judging again the paragraphs with a candidate decided by a lower-case word
    /// the document has started or stopped writing.
    fn judge_again(&mut self) {
        let flipped: Vec<Box<str>> = self
            .crossed
            .drain()
            .filter(|(w, before)| {
                self.lower.contains_key(w) != *before && self.deciding.contains_key(w)
            })
            .map(|(w, _)| w)
            .collect();
        if flipped.is_empty() {
            return;
        }
        for (i, e) in self.entries.iter_mut().enumerate() {
            let Some(made) = e.made else {
                continue;
            };
            if (e.scan.candidates.judged_by()).any(|w| flipped.iter().any(|f| **f == *w)) {
                *e.gone.get_or_insert(0) += made.count;
                e.made = None;
                self.touched.push(i);
            }
        }
    }

    /// Add (or take away) a paragraph's lower-case words and its candidates' deciders.
    fn count(&mut self, scan: &Scan, add: bool) {
        for w in &scan.lower {
            let before = self.lower.contains_key(w);
            if bump(&mut self.lower, w, add) != before {
                self.crossed.entry(w.clone()).or_insert(before);
            }
        }
        for w in scan.candidates.judged_by() {
            bump(&mut self.deciding, w, add);
        }
    }

    fn scan(&mut self, p: &Paragraph) -> Arc<Scan> {
        let by_text = self.cache.entry(p.block).or_default();
        if let Some(scan) = by_text.get(p.text.as_str()) {
            return scan.clone();
        }
        let scan = Arc::new(Scan::of(p));
        by_text.insert(p.text.clone(), scan.clone());
        self.cached += 1;
        scan
    }

    /// Forget scans of paragraphs no longer in the document once they outnumber those
    /// that are.
    fn trim(&mut self) {
        if self.cached <= 2 * self.entries.len() + 64 {
            return;
        }
        let mut kept: HashMap<Block, HashMap<String, Arc<Scan>>> = HashMap::new();
        let mut cached = 0;
        for (block, by_text) in std::mem::take(&mut self.cache) {
            for (text, scan) in by_text {
                // a scan only the cache holds belongs to no paragraph of the document
                if Arc::strong_count(&scan) > 1 {
                    kept.entry(block).or_default().insert(text, scan);
                    cached += 1;
                }
            }
        }
        self.cache = kept;
        self.cached = cached;
    }
}

/// The steps of an update as they are found, paragraph by paragraph.
#[derive(Default)]
struct Plan {
    steps: Vec<Step>,
    /// A run to be read again: its first old mention and its first paragraph.
    open: Option<(usize, usize)>,
    /// The stretch of mentions kept since the last change: its first, and how far it
    /// moved (the first paragraph with mentions tells, the text between them being as it
    /// was).
    kept: Option<(usize, isize)>,
}

impl Plan {
    /// The stretch kept ends before old mention `j`.
    fn keep(&mut self, j: usize) {
        if let Some((from, by)) = self.kept.take() {
            self.steps.push(Step::Keep { was: from..j, by });
        }
    }

    /// The run read again ends before old mention `j` and paragraph `i`.
    fn read_to(&mut self, j: usize, i: usize) {
        if let Some((from, first)) = self.open.take() {
            self.steps.push(Step::Read {
                was: from..j,
                entries: first..i,
            });
        }
    }

    /// Paragraph `p`, kept as `made`, has old mentions from `j`: with any, it starts a
    /// stretch kept unless one is.
    fn kept(&mut self, j: usize, made: Option<Made>, p: &Paragraph, old: &Names) {
        let made = made.expect("a paragraph not touched was made");
        if made.count > 0 && self.kept.is_none() {
            let by = (p.start + made.first).wrapping_sub(old.span(j).start);
            self.kept = Some((j, by as isize));
        }
    }
}

/// Count in `delta` what `mentions[which]` add to an index, `by` times.
fn tally(delta: &mut Counts, mentions: &[Mention], which: Range<usize>, by: i64) {
    each_count(mentions, which, |table, key, item| {
        *delta
            .entry((table, key.to_string(), item.to_string()))
            .or_default() += by;
    });
}

/// Count `word` once more (or once less) in `counts`; returns whether it is still there.
fn bump(counts: &mut HashMap<Box<str>, u32>, word: &str, add: bool) -> bool {
    if add {
        match counts.get_mut(word) {
            Some(n) => *n += 1,
            None => {
                counts.insert(word.into(), 1);
            }
        }
        return true;
    }
    let Some(n) = counts.get_mut(word) else {
        return false;
    };
    *n -= 1;
    if *n == 0 {
        counts.remove(word);
        return false;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::DocKind;
    use crate::segment::segment;

    #[test]
    fn moving_names_is_not_respelling_them() {
        let before = segment("Ilse Brandt spoke.\n\nShe left.\n", DocKind::Text).paragraphs;
        let names = Names::extract(&before);
        let mut tracker = Tracker::new(&before, &names);
        let index = names.index.clone();
        // "She left" → "She left early", then the first paragraph longer: names move only
        let after = segment("Ilse Brandt spoke.\n\nShe left early.\n", DocKind::Text).paragraphs;
        tracker.splice(1..2, &after[1..]);
        let names = tracker.update(names, &after);
        assert!(!tracker.respelled() && Arc::ptr_eq(&index, &names.index));
        let after =
            segment("So. Ilse Brandt spoke.\n\nShe left early.\n", DocKind::Text).paragraphs;
        tracker.splice(0..1, &after[..1]);
        let names = tracker.update(names, &after);
        assert!(!tracker.respelled());
        assert_eq!(names.mentions[0].span, 4..8);
        let after = segment("So. Ilse Brant spoke.\n\nShe left early.\n", DocKind::Text).paragraphs;
        tracker.splice(0..1, &after[..1]);
        let names = tracker.update(names, &after);
        assert!(tracker.respelled() && !Arc::ptr_eq(&index, &names.index));
        assert_eq!(names, Names::extract(&after));
    }

    #[test]
    fn text_changed_between_paragraphs_kept_moves_the_names_after_it() {
        let before = segment("Ilse Brandt spoke.\n\nAnouk Okafor left.\n", DocKind::Text);
        let names = Names::extract(&before.paragraphs);
        let mut tracker = Tracker::new(&before.paragraphs, &names);
        // a line more between the two: no paragraph replaced, the second moved
        let after = segment(
            "Ilse Brandt spoke.\n\n\nAnouk Okafor left.\n",
            DocKind::Text,
        );
        tracker.splice(1..1, &[]);
        let names = tracker.update(names, &after.paragraphs);
        assert!(!tracker.respelled());
        assert_eq!(names, Names::extract(&after.paragraphs));
    }

    #[test]
    fn names_after_a_splice_are_renumbered_with_their_links() {
        let text = |first: &str| format!("{first}\n\nSo.\n\nAnouk Okafor left.\n");
        let before = segment(&text("Ilse Brandt spoke."), DocKind::Text).paragraphs;
        let names = Names::extract(&before);
        let mut tracker = Tracker::new(&before, &names);
        let mut names = names;
        // a name more, then one fewer than at first: the last paragraph's two-word name moves
        // and is renumbered, its words still linked
        for first in ["Ilse Brandt met Tomasz.", "Brandt spoke."] {
            let after = segment(&text(first), DocKind::Text).paragraphs;
            tracker.splice(0..1, &after[..1]);
            names = tracker.update(names, &after);
            assert!(tracker.respelled());
            assert_eq!(names, Names::extract(&after));
        }
    }
}
