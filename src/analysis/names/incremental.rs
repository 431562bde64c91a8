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

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;
use std::sync::Arc;

use super::candidates::{lower_words, Candidates};
use super::index::{each_count, Table};
use super::{Mention, NameIndex, Names};
use crate::segment::{Block, Paragraph};

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

/// A run of paragraphs read again: the mentions it replaces (their numbers in the last
/// names made) and its entries.
struct Reread {
    was: Range<usize>,
    entries: Range<usize>,
}

struct Entry {
    scan: Arc<Scan>,
    /// The paragraph's start and its mentions in the last [`Names`] made; `None` when the
    /// paragraph is new since, or its candidates are to be judged again.
    made: Option<(usize, Range<usize>)>,
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
            let first = at;
            while names.mentions.get(at).is_some_and(|m| m.span.start < end) {
                at += 1;
            }
            e.made = Some((p.start, first..at));
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
            })
            .collect();
        // the new words first, so that a word in both old and new is never counted absent
        for e in &added {
            self.count(&e.scan, true);
        }
        let removed: Vec<Entry> = self.entries.splice(replaced, added).collect();
        for e in &removed {
            self.count(&e.scan, false);
        }
    }

    /// The names of `paragraphs`, the document after the splices since the last update,
    /// given `old`, the names made then. The mentions of paragraphs read again are spliced
    /// into the list in place; the others only move.
    pub fn update(&mut self, old: Names, paragraphs: &[Paragraph]) -> Names {
        debug_assert_eq!(self.entries.len(), paragraphs.len());
        self.judge_again();
        let rereads = self.rereads(old.mentions.len());
        // What the mentions that go counted, and what those that come count.
        let mut delta = Counts::new();
        let mut gone = Vec::new();
        for r in &rereads {
            tally(&mut delta, &old.mentions, r.was.clone(), -1);
            gone.extend(old.mentions[r.was.clone()].iter().map(|m| Gone {
                key: m.key.clone(),
                form: m.form.clone(),
                neighbours: m.neighbours(&old).map(str::to_string).collect(),
            }));
        }
        let Names {
            mut mentions,
            mut index,
        } = old;
        let mut spliced = Vec::with_capacity(rereads.len());
        // Whether a mention came that is not one that went, moved.
        let mut respelled = false;
        // The number now less the number before of the mentions after the splices so far.
        let mut by = 0isize;
        let mut rereads = rereads.into_iter().peekable();
        let mut fresh = Vec::new();
        let mut i = 0;
        while i < self.entries.len() || rereads.peek().is_some() {
            if let Some(r) = rereads.next_if(|r| r.entries.start == i) {
                let start = r.was.start.saturating_add_signed(by);
                for (e, p) in self.entries[r.entries.clone()]
                    .iter_mut()
                    .zip(&paragraphs[r.entries.clone()])
                {
                    let first = start + fresh.len();
                    let lower = &self.lower;
                    e.scan
                        .candidates
                        .mentions(p.start, |w| lower.contains_key(w), &mut fresh);
                    e.made = Some((p.start, first..start + fresh.len()));
                }
                for m in &mut fresh {
                    m.prev = m.prev.map(|j| j + start);
                    m.next = m.next.map(|j| j + start);
                }
                let now = start..start + fresh.len();
                let was = start..start + r.was.len();
                respelled |= now != was
                    || fresh
                        .iter()
                        .zip(&mentions[was.clone()])
                        .any(|(a, b)| !a.same_but_moved(b));
                mentions.splice(was, fresh.drain(..));
                tally(&mut delta, &mentions, now.clone(), 1);
                by += now.len() as isize - r.was.len() as isize;
                spliced.push((r.was, now));
                i = r.entries.end;
                continue;
            }
            let (e, p) = (&mut self.entries[i], &paragraphs[i]);
            let Some((start, kept)) = &mut e.made else {
                unreachable!("a paragraph not read again was made");
            };
            let moved = p.start as isize - *start as isize;
            *kept = kept.start.saturating_add_signed(by)..kept.end.saturating_add_signed(by);
            if moved != 0 || by != 0 {
                let shift = |j: usize| j.saturating_add_signed(by);
                for m in &mut mentions[kept.clone()] {
                    m.span = m.span.start.saturating_add_signed(moved)
                        ..m.span.end.saturating_add_signed(moved);
                    m.prev = m.prev.map(shift);
                    m.next = m.next.map(shift);
                }
            }
            *start = p.start;
            i += 1;
        }
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
        Names { mentions, index }
    }

    /// The runs of paragraphs to be read again (new, or judged again), each with the
    /// mentions it replaces (numbers in the last names made, `old_len` of them): between
    /// two runs, a paragraph kept.
    fn rereads(&self, old_len: usize) -> Vec<Reread> {
        let mut runs = Vec::new();
        // the number of the first mention after those of the last paragraph kept
        let mut at = 0;
        let mut open: Option<(usize, usize)> = None;
        let mut close = |open: &mut Option<(usize, usize)>, at: usize, until: usize, i: usize| {
            // mentions that went with no paragraph replacing them make a run too
            if let Some((from, first)) = open.take().or((until != at).then_some((at, i))) {
                runs.push(Reread {
                    was: from..until,
                    entries: first..i,
                });
            }
        };
        for (i, e) in self.entries.iter().enumerate() {
            match &e.made {
                None => {
                    open.get_or_insert((at, i));
                }
                Some((_, kept)) => {
                    close(&mut open, at, kept.start, i);
                    at = kept.end;
                }
            }
        }
        close(&mut open, at, old_len, self.entries.len());
        runs
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
        for e in &mut self.entries {
            if e.made.is_some()
                && e.scan
                    .candidates
                    .judged_by()
                    .any(|w| flipped.iter().any(|f| **f == *w))
            {
                e.made = None;
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
