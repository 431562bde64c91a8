//! Re-linting after an edit at a cost that does not grow with the document.
//!
//! An edit re-segments only a window of whole paragraphs around it. The window starts at a
//! line that follows a blank line and is not indented, where the Markdown parser is at top
//! level whatever came before; it ends after a paragraph that lies wholly after the edit and
//! is followed by a blank line and an unindented line, where the old and new parses are
//! both at top level again. The window's parse must reproduce that last paragraph, or the
//! edit changed more (an opened code fence) and the rest of the document is re-segmented.
//! Link reference definitions act at a distance, so a Markdown file holding `]:` is always
//! re-segmented whole.
//!
//! Findings are kept per paragraph in local offsets, and a paragraph segmented again with
//! the same text keeps them, so paragraph rules run only where the text changed. Context
//! rules are cached per paragraph and run again only where the paragraph changed, or what
//! they read beyond it: the document-wide values ([`Engine::document_key`], compared once
//! per edit), the facts about the words they ask about ([`Engine::asked_words`], against the
//! words whose uses the edit changed, which [`word_facts::Tracker`] follows paragraph by
//! paragraph), or the paragraph's surroundings ([`Engine::context_key`], hashed again only
//! for the paragraphs the edit re-segmented, the one either side, and those whose
//! quotations [`QuoteTracker`] paired or attributed again). A paragraph's findings are
//! finished ([`Engine::finish`]) when found and kept so, since finishing reads nothing beyond
//! what they read (unless the text has suppression comments, which reach any finding after
//! them); document rules run over the new [`Analysis`] (a finding of theirs lying in a
//! paragraph whose own stayed finished is finished as when last found there), and the two
//! lists, each in order, are merged in one pass. When the edits changed nothing the document
//! rules read (no mention respelled, no repeated quotation paired again), their findings are
//! the last lint's moved with the text, and only those among the paragraphs linted again are
//! found ([`Engine::lint_document_within`]). A paragraph whose findings were kept has them
//! moved from the last list into the new one rather than copied, and the head of the last
//! list up to the last finding of the leading paragraphs kept in place (with the document
//! findings there, if found again equal) is the new list's head as it stands; its tail from
//! the first finding of the trailing paragraphs all moved by the same bytes (and the
//! document findings there, found again equal once moved) stays too, shifted, and only the
//! middle is spliced in between (nothing moves when it keeps its length); when only the due
//! slots were linted again, those before the first and after the last are that head and tail,
//! found without walking the slots. An edit marks the slots it
//! leaves due (those it re-segmented, the one either side, those whose quotations changed):
//! a lint refreshes and finishes only those, unless the document key moved or a word whose
//! uses changed is asked about somewhere (the slots' asked words are counted per word).

use std::collections::HashMap;
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::analysis::names::incremental::{Change, Tracker};
use crate::analysis::quotes::{incremental::Tracker as QuoteTracker, repeats, QuoteModel};
use crate::analysis::{Analysis, Apostrophes, NameIndex};
use crate::diagnostic::Diagnostic;
use crate::document::DocKind;
use crate::engine::{self, Engine, Finish, Finisher};
use crate::rules::quotes::NarratorTracker;
use crate::rules::word_facts::{self, WordFacts};
use crate::segment::{self, Block, Directive, Paragraph, Segmented};

/// One edit in byte offsets of the text it applies to (each edit sees the previous ones).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub text: String,
}

/// A document's analysis and findings, kept current edit by edit.
pub struct Linter {
    engine: Arc<Engine>,
    analysis: Analysis,
    /// Per paragraph, its findings in local offsets.
    local: Vec<Slot>,
    /// The slots the edits since the last lint left to lint again.
    due: Due,
    /// How many slots ask about each word ([`Slot::asks`], once counted): a changed word
    /// none asks about leaves every slot not due alone.
    asked: FxHashMap<u64, u32>,
    /// The names followed paragraph by paragraph, from the first edit on (a document
    /// only read needs none of it).
    names: Option<Tracker>,
    /// The quotations followed paragraph by paragraph, from the first edit on.
    quotes: Option<QuoteTracker>,
    /// The uses of words followed paragraph by paragraph, from the first edit on.
    words: Option<word_facts::Tracker>,
    /// The sentences opening in the first person, from the first edit on.
    narrator: Option<NarratorTracker>,
    /// The context rules' [`Engine::document_key`] at the last lint.
    document_key: Option<u64>,
    /// How many `]:` the text holds: Markdown with any is re-segmented whole.
    reference_marks: usize,
    /// The text's apostrophes followed edit by edit, from the first edit on.
    apostrophes: Option<Apostrophes>,
    /// Whether the text had suppression comments at the last lint.
    suppressing: bool,
    diagnostics: Vec<Diagnostic>,
    /// Where each paragraph finding of `diagnostics` lies in it, in the order of the
    /// paragraphs' lists (empty when unknown): the next lint moves those it keeps from
    /// there rather than copying them.
    listed_at: Vec<usize>,
    /// Where each document finding of `diagnostics` lies in it.
    document_at: Vec<usize>,
    /// Where the findings of this lint were in the last one's list.
    moved: Moved,
    /// How many lints it made: the mark of the document findings a lint found again.
    lints: u32,
    /// Whether the edits since the last lint changed nothing the document rules read: their
    /// findings are the last lint's, each moved with the text it lies in.
    document_moved: bool,
}

/// Numbers every lint of every linter, so that a [`Moved`] is never read against another
/// lint's findings than the one it describes.
static LINTS: AtomicU64 = AtomicU64::new(1);

/// Which of a lint's findings were moved unchanged from the lint before, and from where:
/// the server sends their JSON again rather than comparing them. The list is the last
/// one's head kept in place, a middle, and the last one's tail, so this costs the middle.
#[derive(Default)]
pub struct Moved {
    /// This lint's number.
    pub lint: u64,
    /// The number of the lint before (0 if none).
    pub from: u64,
    /// Whether the rest is known (the list was not sorted again, nor its findings dropped).
    pub known: bool,
    /// How many findings at the head of the list are the last one's, in place.
    pub head: usize,
    /// Per finding after the head and before the tail, its index in the last list if it
    /// is that finding moved with its paragraph (its offsets shifted, all else equal),
    /// `usize::MAX` if it was made again.
    pub middle: Vec<usize>,
    /// Where the tail of the list (the findings after the middle, each moved with its
    /// paragraph) starts in the last list.
    pub tail: usize,
}

impl Moved {
    /// Where finding `i` of this lint was in the last one's list, if it is that finding
    /// moved unchanged.
    pub fn at(&self, i: usize) -> Option<usize> {
        if !self.known {
            return None;
        }
        let at = match i.checked_sub(self.head) {
            None => i,
            Some(k) => match self.middle.get(k) {
                Some(&at) => at,
                None => self.tail + k - self.middle.len(),
            },
        };
        (at != usize::MAX).then_some(at)
    }

    /// How many findings the tail holds, in a list of `len`.
    pub fn tail_len(&self, len: usize) -> usize {
        if self.known {
            len - self.head - self.middle.len()
        } else {
            0
        }
    }
}

impl Linter {
    /// Segment and lint a whole text.
    pub fn new(engine: Arc<Engine>, text: String, kind: DocKind) -> Linter {
        let reference_marks = text.matches("]:").count();
        let analysis = engine.analyse(text, kind);
        let mut linter = Linter {
            engine,
            local: vec![Slot::default(); analysis.paragraphs.len()],
            due: Due((0..analysis.paragraphs.len()).collect()),
            asked: FxHashMap::default(),
            analysis,
            names: None,
            quotes: None,
            words: None,
            narrator: None,
            document_key: None,
            reference_marks,
            apostrophes: None,
            suppressing: false,
            diagnostics: Vec::new(),
            listed_at: Vec::new(),
            document_at: Vec::new(),
            moved: Moved::default(),
            lints: 0,
            document_moved: false,
        };
        linter.relint();
        linter
    }

    pub fn engine(&self) -> &Arc<Engine> {
        &self.engine
    }

    /// Whether an edit reached it since it was built: until then it keeps only its findings.
    pub fn edited(&self) -> bool {
        self.names.is_some()
    }

    pub fn analysis(&self) -> &Analysis {
        &self.analysis
    }

    /// How the document's names index changed since the last call.
    pub fn take_names_change(&mut self) -> Change {
        let now = &self.analysis.names.index;
        match &mut self.names {
            Some(names) => names.take_change(now),
            None => Change::whole(now.clone()),
        }
    }

    /// The findings after [`Engine::finish`], in document offsets.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// How this lint's findings were moved from the last one's.
    pub fn moved(&self) -> &Moved {
        &self.moved
    }

    /// Apply `edits`, judge names against `workspace` from now on, and lint what changed.
    /// Returns whether the findings changed when only the workspace did (after edits, the
    /// answer is always yes).
    pub fn update(&mut self, edits: &[Edit], workspace: Option<Arc<NameIndex>>) -> bool {
        let moved = match (self.analysis.workspace(), &workspace) {
            (Some(a), Some(b)) => !Arc::ptr_eq(a, b),
            (a, b) => a.is_some() != b.is_some(),
        };
        self.analysis.set_workspace(workspace);
        if !edits.is_empty() {
            self.edit(edits);
            return true;
        }
        if !moved {
            return false;
        }
        let before = std::mem::take(&mut self.diagnostics);
        self.listed_at.clear();
        self.document_at.clear();
        self.relint();
        before != self.diagnostics
    }

    /// Judge names by `workspace` from now on, which the caller knows changes none of the
    /// findings in hand: nothing is linted, and the index it replaces can be freed.
    pub fn keep_workspace(&mut self, workspace: Option<Arc<NameIndex>>) {
        self.analysis.set_workspace(workspace);
    }

    /// Apply edits in order, then lint what changed.
    pub fn edit(&mut self, edits: &[Edit]) {
        if edits.is_empty() {
            return;
        }
        let kind = self.analysis.kind;
        let placeholder = Analysis::from_segments(
            String::new(),
            kind,
            Segmented::default(),
            self.engine.cues(),
        );
        let workspace = self.analysis.workspace().cloned();
        let mut words = (self.words.take())
            .unwrap_or_else(|| word_facts::Tracker::new(self.analysis.memo(WordFacts::of)));
        let judged = self.analysis.take_name_findings();
        let repeats = self.analysis.take_fact::<repeats::Index>();
        let Analysis {
            mut text,
            mut paragraphs,
            mut directives,
            names,
            quotes,
            quote_marks,
            ..
        } = std::mem::replace(&mut self.analysis, placeholder);
        let quote_tracker = self
            .quotes
            .get_or_insert_with(|| QuoteTracker::new(&text, &paragraphs, &quotes));
        let tracker = (self.names).get_or_insert_with(|| Tracker::new(&paragraphs, &names));
        let apostrophes = self
            .apostrophes
            .get_or_insert_with(|| Apostrophes::of(&text));
        let narrator = (self.narrator).get_or_insert_with(|| NarratorTracker::new(&paragraphs));
        for edit in edits {
            let range = clamp(&text, &edit.range);
            apostrophes.replace(&text[range.clone()], &edit.text);
            self.reference_marks -= marks_near(&text, &range, range.end);
            text.replace_range(range.clone(), &edit.text);
            self.reference_marks += marks_near(&text, &range, range.start + edit.text.len());
            let full = kind == DocKind::Markdown && self.reference_marks > 0;
            let window =
                (!full).then(|| Window::around(&text, &paragraphs, &range, edit.text.len()));
            match window.and_then(|w| w.resegment(&text, kind, &mut paragraphs, &mut directives)) {
                Some((at, old, count)) => {
                    tracker.splice(at..at + old.len(), &paragraphs[at..at + count]);
                    quote_tracker.splice(at..at + old.len(), count);
                    words.splice(&old, &paragraphs[at..at + count]);
                    narrator.splice(at..at + old.len(), &paragraphs[at..at + count]);
                    // Taken in place and spliced once: the slots after the window move
                    // at most once, not at all when as many paragraphs replace the old.
                    let replaced = at..at + old.len();
                    let old_slots = self.local[replaced.clone()].iter_mut().map(std::mem::take);
                    let old_slots = uncount(&mut self.asked, old_slots.collect());
                    let kept = carry(&old, old_slots, &paragraphs[at..at + count]);
                    self.local.splice(replaced.clone(), kept);
                    self.due.replaced(replaced, count);
                    // The text between the window and the paragraphs either side of it
                    // may have changed too.
                    let around = at.saturating_sub(1)..at + count + 1;
                    surroundings_changed(&mut self.local, &mut self.due, around);
                }
                None => {
                    let segmented = segment::segment(&text, kind);
                    tracker.splice(0..paragraphs.len(), &segmented.paragraphs);
                    quote_tracker.splice(0..paragraphs.len(), segmented.paragraphs.len());
                    let old = std::mem::replace(&mut paragraphs, segmented.paragraphs);
                    words.splice(&old, &paragraphs);
                    narrator.splice(0..old.len(), &paragraphs);
                    directives = segmented.directives;
                    let old_slots = uncount(&mut self.asked, std::mem::take(&mut self.local));
                    self.local = carry(&old, old_slots, &paragraphs);
                    self.due.replaced(0..old.len(), paragraphs.len());
                    surroundings_changed(&mut self.local, &mut self.due, 0..paragraphs.len());
                }
            }
        }
        // Names and quotations follow the paragraphs replaced.
        let names = tracker.update(names, &paragraphs);
        let old_quotes = QuoteModel {
            quotes,
            marks: quote_marks,
            repeats,
        };
        let quotes = quote_tracker.update(&text, &paragraphs, self.engine.cues(), old_quotes);
        for touched in quote_tracker.take_touched() {
            surroundings_changed(&mut self.local, &mut self.due, touched);
        }
        let respelling = tracker.take_respelling();
        // The document rules read the names' judgement, kept while the mentions only moved
        // (and the workspace is the same: else it is to be made), and which quotations
        // repeat which: edits that changed neither moved their findings with the text.
        self.document_moved =
            respelling.is_none() && judged.is_made() && quote_tracker.repeats_moved();
        let segmented = Segmented {
            paragraphs,
            directives,
        };
        self.analysis = Analysis::with_quotes(text, kind, segmented, names, quotes);
        self.analysis.set_workspace(workspace);
        self.analysis.memo(|_| words.facts());
        self.analysis.memo(|_| *apostrophes);
        self.analysis.memo(|doc| narrator.fact(doc));
        self.words = Some(words);
        self.analysis.keep_name_findings(judged.after(respelling));
        self.relint();
    }

    fn relint(&mut self) {
        let engine = &self.engine;
        let doc = &self.analysis;
        let document_key = engine.document_key(doc);
        let moved = self.document_key.replace(document_key) != Some(document_key);
        let changed = self
            .words
            .as_mut()
            .map(word_facts::Tracker::take_changed)
            .unwrap_or_default();
        let refresh = |(i, slot): (usize, &mut Slot)| {
            slot.refresh(engine, doc, i, moved, &changed);
        };
        // Only the slots the edits left due need linting, unless what every paragraph reads
        // moved or a changed word is asked about somewhere.
        let due = self.due.take(self.local.len());
        let asked = changed.iter().any(|h| self.asked.contains_key(h));
        // A document just opened (or segmented whole again, or whose document facts moved)
        // has a rule run due in every paragraph: spread them over the cores. An edit leaves
        // one or two, not worth waking threads for.
        let parallel = moved || due.len() >= PARALLEL_FROM;
        let every = parallel || asked;
        if parallel {
            self.local.par_iter_mut().enumerate().for_each(refresh);
        } else if every {
            self.local.iter_mut().enumerate().for_each(refresh);
        } else {
            for &i in &due {
                refresh((i, &mut self.local[i]));
            }
        }
        for &i in &due {
            self.local[i].count(&mut self.asked);
        }
        // Suppression comments reach any finding after them: while the text has any (or had
        // at the last lint), every paragraph's findings are finished again.
        let suppressing = !doc.directives.is_empty();
        let all = std::mem::replace(&mut self.suppressing, suppressing) || suppressing;
        let finisher = engine.finisher(doc);
        // Finished again: the slots whose findings or surroundings changed, which are among
        // those refreshed.
        let refinish = |(p, slot): (&Paragraph, &mut Slot)| {
            if all || slot.finished.is_none() {
                slot.document.clear();
                slot.listed = None;
                slot.finished = Some(slot.finish(&finisher, p.start));
            }
        };
        if all || every {
            doc.paragraphs
                .iter()
                .zip(&mut self.local)
                .for_each(refinish);
        } else {
            for &i in &due {
                refinish((&doc.paragraphs[i], &mut self.local[i]));
            }
        }
        // The paragraphs' findings in order, the document's merged among them as they come.
        let mut old = std::mem::take(&mut self.diagnostics);
        let mut old_at = std::mem::take(&mut self.listed_at);
        let mut old_document_at = std::mem::take(&mut self.document_at);
        let last = (&old[..], &old_at[..], &old_document_at[..]);
        // What the last list holds up to the last finding of the leading slots kept in
        // place, and from the first finding of the trailing slots all moved alike, stays
        // as it was (the tail shifted): only the middle is walked and spliced in. After
        // edits that changed nothing the document rules read (the last list's places
        // known), the document findings there are the last list's too: only those of the
        // middle are found again.
        self.lints = self.lints.wrapping_add(1);
        // Only the due slots were linted again: those before the first are where they were
        // and those after the last moved alike, so the head and tail need no walk.
        let known = (!every && !all && self.moved.known).then_some(&due[..]);
        let linted = known.and_then(|due| Some((*due.first()?, *due.last()?)));
        let (head, tail, document) =
            if std::mem::take(&mut self.document_moved) && self.moved.known && !all {
                let head = Kept::of(&self.local, &doc.paragraphs, last, Found::Moved, linted);
                let after_head = (&doc.paragraphs[head.slots..], &self.local[head.slots..]);
                let tail = Tail::of(after_head, last, Found::Moved, &head, linted);
                // Between the head's last finding and the tail's first, moved.
                let after = head.len.checked_sub(1).map(|k| engine::order(&old[k]));
                let before = old.get(tail.from).map(|d| order_at(d, tail.delta));
                let within = after.map_or(0, |(start, ..)| start)
                    ..before.map_or(usize::MAX, |(start, ..)| start + 1);
                let mut found = engine.lint_document_within(doc, within);
                found.retain(|d| {
                    let at = Some(engine::order(d));
                    after < at && before.is_none_or(|before| at < Some(before))
                });
                let document = finish_document(&mut self.local, doc, &finisher, found, self.lints);
                (head, tail, document)
            } else {
                let found = engine.lint_document(doc);
                let document = finish_document(&mut self.local, doc, &finisher, found, self.lints);
                let found = Found::Anew(&document);
                let head = Kept::of(&self.local, &doc.paragraphs, last, found, linted);
                let after_head = (&doc.paragraphs[head.slots..], &self.local[head.slots..]);
                let found = Found::Anew(&document[head.document..]);
                let tail = Tail::of(after_head, last, found, &head, linted);
                let mut document = document;
                document.truncate(document.len() - tail.document);
                document.drain(..head.document);
                (head, tail, document)
            };
        let (mid_slots, mid_listed) = (
            head.slots..self.local.len() - tail.slots,
            head.listed..old_at.len() - tail.listed,
        );
        let mid_old = head.len..tail.from;
        let document = document.into_iter();
        let mut list = Merged {
            out: Vec::with_capacity(mid_old.len() + document.len()),
            listed_at: Vec::with_capacity(mid_listed.len()),
            moved_at: Vec::with_capacity(mid_old.len() + document.len()),
            document_at: Vec::new(),
            next: document.as_slice().first().map(engine::order),
            document,
        };
        let mut sorted = true;
        // The order of the last paragraph finding listed so far.
        let mut previous = head
            .listed
            .checked_sub(1)
            .map(|k| engine::order(&old[old_at[k]]));
        let walked = doc.paragraphs[mid_slots.clone()]
            .iter()
            .zip(&mut self.local[mid_slots]);
        for (p, slot) in walked {
            let finished = slot.finished.as_deref().unwrap_or_default();
            let at_now = head.listed + list.listed_at.len();
            let listed = slot.listed.replace((p.start, at_now));
            // Each paragraph's are in order; so are all while none reaches past the next
            // paragraph's first.
            if let (Some(first), Some(last)) = (finished.first(), finished.last()) {
                sorted &= previous < Some(order_at(first, p.start));
                previous = Some(order_at(last, p.start));
            }
            let kept = listed.and_then(|(start, first)| {
                Some((start, old_at.get(first..first + finished.len())?))
            });
            match kept {
                // Kept since the last lint: its findings there are these, moved with it.
                Some((start, at)) => {
                    let delta = p.start.wrapping_sub(start);
                    for &i in at {
                        let mut d = std::mem::replace(&mut old[i], placeholder());
                        move_by(&mut d, delta);
                        list.push(d, i);
                    }
                }
                None => {
                    for d in finished {
                        list.push(d.clone().shifted(p.start), usize::MAX);
                    }
                }
            }
        }
        let Merged {
            mut out,
            listed_at,
            mut moved_at,
            mut document_at,
            document,
            ..
        } = list;
        for d in document {
            document_at.push(out.len());
            out.push(d);
            moved_at.push(usize::MAX);
        }
        // The tail's first finding must still come after the middle's paragraph findings
        // (its document findings do, as [`Tail::of`] checked).
        if let Some(first) = old.get(tail.from).filter(|_| tail.listed > 0) {
            sorted &= previous < Some(order_at(first, tail.delta));
        }
        // Spliced in: the tail moves only if the middle's length changed.
        let (mid_len, mid_listed_len) = (out.len(), listed_at.len());
        old.splice(mid_old.clone(), out);
        for d in &mut old[head.len + mid_len..] {
            move_by(d, tail.delta);
        }
        // The tail's places in the list move by the change in the middle's length.
        let tail_at = |i: &mut usize| *i = *i - mid_old.len() + mid_len;
        let tail_document = old_document_at.len() - tail.document;
        old_at.splice(
            mid_listed.clone(),
            listed_at.into_iter().map(|i| i + head.len),
        );
        old_at[head.listed + mid_listed_len..]
            .iter_mut()
            .for_each(tail_at);
        let document_at = document_at.into_iter().map(|i| i + head.len);
        old_document_at.splice(head.document..tail_document, document_at);
        let tail_documents = old_document_at.len() - tail.document;
        old_document_at[tail_documents..]
            .iter_mut()
            .for_each(tail_at);
        let tail_slots = self.local.len() - tail.slots;
        for slot in &mut self.local[tail_slots..] {
            if let Some((start, first)) = &mut slot.listed {
                *start = start.wrapping_add(tail.delta);
                *first = *first - mid_listed.len() + mid_listed_len;
            }
        }
        (self.diagnostics, self.listed_at, self.document_at) = (old, old_at, old_document_at);
        let lint = LINTS.fetch_add(1, Ordering::Relaxed);
        self.moved = Moved {
            from: self.moved.lint,
            lint,
            known: sorted,
            head: head.len,
            middle: moved_at,
            tail: tail.from,
        };
        if !sorted {
            engine::sort(&mut self.diagnostics);
            self.listed_at.clear();
            self.document_at.clear();
        }
        if !self.edited() {
            // Not edited yet: the first edit makes the facts again, as its trackers need, and
            // finishes the paragraphs' findings again (a second copy of every finding).
            self.analysis.shed_facts();
            for slot in &mut self.local {
                slot.finished = None;
                slot.listed = None;
                slot.document = Vec::new();
            }
            self.listed_at = Vec::new();
            self.document_at = Vec::new();
            self.moved.known = false;
            self.moved.middle = Vec::new();
            // Every slot is then due at the first edit.
            self.due = Due((0..self.local.len()).collect());
        }
    }
}

/// One paragraph's findings in its local offsets; `None` until linted.
#[derive(Clone, Default)]
struct Slot {
    /// Of the paragraph rules.
    paragraph: Option<Arc<[Diagnostic]>>,
    /// Of the context rules, with the [`Engine::context_key`] they were found under.
    context: Option<(u64, Arc<[Diagnostic]>)>,
    /// The paragraph's [`Engine::context_key`] as it stands: kept while no edit comes near
    /// the paragraph or changes the quotations overlapping it (the only surroundings any
    /// context rule reads), so that an edit hashes the surroundings of a few paragraphs,
    /// not of all.
    around: Option<u64>,
    /// The words whose facts the context rules read in the paragraph.
    asks: Option<Box<[u64]>>,
    /// Whether `asks` are counted in [`Linter::asked`].
    counted: bool,
    /// Both kinds of findings after [`Engine::finish`], in order, in local offsets: kept
    /// while they and the paragraph's surroundings are (what finishing reads beyond a
    /// finding lies in its paragraph, the text either side and its quotations).
    finished: Option<Vec<Diagnostic>>,
    /// Where the paragraph started at the last lint, and where its first finding lies in
    /// that lint's [`Linter::listed_at`].
    listed: Option<(usize, usize)>,
    /// The document rules' findings lying in the paragraph, in local offsets, with what
    /// finishing did to them and the last lint that found them: kept while `finished` is
    /// (what finishing reads of them is what it reads of the paragraph's own).
    document: Vec<(Diagnostic, Option<Finish>, u32)>,
}

/// The paragraphs at `range` (clamped to the list) may read other surroundings: their
/// [`Engine::context_key`] is to be hashed again.
fn surroundings_changed(local: &mut [Slot], due: &mut Due, range: Range<usize>) {
    let end = range.end.min(local.len());
    let range = range.start.min(end)..end;
    due.0.extend(range.clone());
    for slot in &mut local[range] {
        slot.around = None;
        slot.finished = None;
    }
}

/// How many paragraphs due for linting make it worth linting them on every core.
const PARALLEL_FROM: usize = 32;

/// The slots the edits since the last lint left to lint again (their paragraph or its
/// surroundings changed), by index, so that a lint refreshes these rather than testing
/// every slot.
#[derive(Default)]
struct Due(Vec<usize>);

impl Due {
    /// Slots `range` were replaced by `count` others.
    fn replaced(&mut self, range: Range<usize>, count: usize) {
        self.0.retain_mut(|i| {
            if *i >= range.end {
                *i = *i - range.len() + count;
                true
            } else {
                *i < range.start
            }
        });
    }

    /// The due slots below `len`, in order, once each.
    fn take(&mut self, len: usize) -> Vec<usize> {
        let mut due = std::mem::take(&mut self.0);
        due.retain(|&i| i < len);
        due.sort_unstable();
        due.dedup();
        due
    }
}

/// `slots` leave the document: their asked words are no longer counted.
fn uncount(asked: &mut FxHashMap<u64, u32>, mut slots: Vec<Slot>) -> Vec<Slot> {
    for slot in &mut slots {
        if std::mem::take(&mut slot.counted) {
            for h in slot.asks.as_deref().unwrap_or_default() {
                if let Some(n) = asked.get_mut(h) {
                    *n -= 1;
                    if *n == 0 {
                        asked.remove(h);
                    }
                }
            }
        }
    }
    slots
}

impl Slot {
    /// Count the words the slot asks about in `asked`, once.
    fn count(&mut self, asked: &mut FxHashMap<u64, u32>) {
        if let (false, Some(asks)) = (self.counted, &self.asks) {
            for &h in asks.iter() {
                *asked.entry(h).or_default() += 1;
            }
            self.counted = true;
        }
    }

    /// Lint paragraph `index` where its findings are missing or what they read changed:
    /// the document key `moved`, or a word the paragraph asks about is among `changed`
    /// (sorted).
    fn refresh(
        &mut self,
        engine: &Engine,
        doc: &Analysis,
        index: usize,
        moved: bool,
        changed: &[u64],
    ) {
        let p = &doc.paragraphs[index];
        if self.paragraph.is_none() {
            self.paragraph = Some(engine.lint_paragraph(p).into());
            self.finished = None;
        }
        let key = *self
            .around
            .get_or_insert_with(|| engine.context_key(doc, index));
        let asks = self.asks.get_or_insert_with(|| engine.asked_words(p));
        let fresh = matches!(&self.context, Some((k, _)) if *k == key)
            && !moved
            && !asks.iter().any(|h| changed.binary_search(h).is_ok());
        if !fresh {
            self.context = Some((key, engine.lint_in_context(doc, index).into()));
            self.finished = None;
        }
    }

    /// The paragraph's findings of both kinds, finished and in order, in local offsets;
    /// `start` is where the paragraph starts.
    fn finish(&self, finisher: &Finisher<'_>, start: usize) -> Vec<Diagnostic> {
        let mut found: Vec<Diagnostic> = self
            .findings()
            .filter_map(|d| finisher.finish(d.clone().shifted(start)))
            .collect();
        engine::sort(&mut found);
        found
            .into_iter()
            .map(|d| d.shifted(start.wrapping_neg()))
            .collect()
    }

    /// The paragraph's findings of both kinds, once [`Slot::refresh`]ed.
    fn findings(&self) -> impl Iterator<Item = &Diagnostic> {
        let own = self.paragraph.as_deref().unwrap_or_default();
        let in_context = self.context.as_ref().map_or(&[][..], |(_, d)| d);
        own.iter().chain(in_context)
    }
}

/// The document rules' findings `found` finished, in order. One lying in a paragraph whose
/// findings stayed finished is finished as it was at the last lint that found it there
/// (moved with the paragraph), so a lint finishes only the document findings that changed
/// or whose paragraph's surroundings did; lint number `lint` marks those found.
fn finish_document(
    local: &mut [Slot],
    doc: &Analysis,
    finisher: &Finisher<'_>,
    found: Vec<Diagnostic>,
    lint: u32,
) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = Vec::with_capacity(found.len());
    for d in found {
        let i = (doc.paragraphs).partition_point(|p| p.span().end <= d.span.start);
        let within =
            |p: &Paragraph, span: &Range<usize>| p.start <= span.start && span.end <= p.span().end;
        let (Some(p), Some(slot)) = (doc.paragraphs.get(i), local.get_mut(i)) else {
            out.extend(finisher.finish(d));
            continue;
        };
        if !within(p, &d.span) || !d.fixes.iter().all(|f| within(p, &f.span)) {
            out.extend(finisher.finish(d));
            continue;
        }
        let kept = (slot.document.iter_mut())
            .find(|(was, _, seen)| *seen != lint && same_moved(was, &d, p.start));
        let finish = match kept {
            Some((_, finish, seen)) => {
                *seen = lint;
                finish
            }
            None => {
                // what neither this lint nor the last found there goes
                let recent = |seen: u32| lint.wrapping_sub(seen) <= 1;
                slot.document.retain(|(_, _, seen)| recent(*seen));
                let was = d.clone().shifted(p.start.wrapping_neg());
                slot.document.push((was, finisher.judge(&d), lint));
                &mut slot.document.last_mut().expect("just pushed").1
            }
        };
        out.extend(finish.as_ref().map(|f| f.apply(d)));
    }
    engine::sort(&mut out);
    out
}

/// Whether `d` is `was` (in the local offsets of a paragraph now starting at `start`).
fn same_moved(was: &Diagnostic, d: &Diagnostic, start: usize) -> bool {
    let moved = |r: &Range<usize>| r.start.wrapping_add(start)..r.end.wrapping_add(start);
    let Diagnostic {
        rule,
        severity,
        message,
        span,
        fixes,
        note,
    } = was;
    (*rule, *severity, moved(span)) == (d.rule, d.severity, d.span.clone())
        && (message, note) == (&d.message, &d.note)
        && fixes.len() == d.fixes.len()
        && (fixes.iter().zip(&d.fixes))
            .all(|(a, b)| moved(&a.span) == b.span && a.replacement == b.replacement)
}

/// The stretch at the head of the last lint's list that the new list starts with: the
/// findings of the leading slots kept in place (their paragraph neither moved nor was
/// finished again), and the document findings among them, when those were found again
/// as they were and none new comes before the stretch's last finding.
#[derive(Default)]
struct Kept {
    /// How many leading slots.
    slots: usize,
    /// How many paragraph findings they hold.
    listed: usize,
    /// How many findings of the last list the stretch is.
    len: usize,
    /// How many document findings it holds.
    document: usize,
}

impl Kept {
    /// `last` is the last lint's list, where its paragraph findings and its document
    /// findings lie in it; `document` the document findings of this lint; `linted` the
    /// first and last slot linted again, when no other was (and the last list's places are
    /// known).
    fn of(
        local: &[Slot],
        paragraphs: &[Paragraph],
        (last, listed_at, document_at): (&[Diagnostic], &[usize], &[usize]),
        document: Found<'_>,
        linted: Option<(usize, usize)>,
    ) -> Kept {
        let walk = || {
            let (mut slots, mut listed) = (0usize, 0);
            for (p, slot) in paragraphs.iter().zip(local) {
                let (Some((start, first)), Some(finished)) = (slot.listed, &slot.finished) else {
                    break;
                };
                if (start, first) != (p.start, listed) || listed + finished.len() > listed_at.len()
                {
                    break;
                }
                (slots, listed) = (slots + 1, listed + finished.len());
            }
            (slots, listed)
        };
        // The slots before the first linted are the head, up to the last one's findings.
        let known = linted.and_then(|(first, _)| match first.checked_sub(1) {
            None => Some((0, 0)),
            Some(k) => match (local[k].listed, &local[k].finished) {
                (Some((_, at)), Some(finished)) => Some((first, at + finished.len())),
                _ => None,
            },
        });
        debug_assert!(known.is_none_or(|known| known == walk()));
        let (slots, listed) = known.unwrap_or_else(walk);
        let mut len = listed.checked_sub(1).map_or(0, |k| listed_at[k] + 1);
        if let (Found::Moved, Some(p)) = (document, slots.checked_sub(1).map(|i| &paragraphs[i])) {
            // The document findings starting before the head's paragraphs end lie in them
            // (or between them), where nothing changed: they are the head's too.
            let end = p.span().end;
            len = len.max(last.partition_point(|d| d.span.start < end));
        }
        let skip = document_at.partition_point(|&at| at < len);
        let same = match document {
            Found::Moved => true,
            Found::Anew(document) => {
                skip <= document.len()
                    && (document_at[..skip].iter().zip(document)).all(|(&at, d)| last[at] == *d)
                    && document.get(skip).is_none_or(|d| {
                        len == 0 || engine::order(d) >= engine::order(&last[len - 1])
                    })
            }
        };
        if !same {
            return Kept::default();
        }
        Kept {
            slots,
            listed,
            len,
            document: skip,
        }
    }
}

/// The stretch at the tail of the last lint's list that the new list ends with, shifted:
/// the findings of the trailing slots kept and all moved by the same bytes (their paragraph
/// was not finished again), and the document findings among them, when those were found
/// again as they were, moved alike.
struct Tail {
    /// How many trailing slots.
    slots: usize,
    /// How many paragraph findings they hold.
    listed: usize,
    /// Where the stretch starts in the last list (its length when empty).
    from: usize,
    /// How many document findings it holds.
    document: usize,
    /// How far it moved.
    delta: usize,
}

impl Tail {
    /// `walked` are the paragraphs after the `head` and their slots, `last` and `linted`
    /// as for [`Kept::of`], `document` the document findings of this lint after the head's.
    fn of(
        (paragraphs, local): (&[Paragraph], &[Slot]),
        (last, listed_at, document_at): (&[Diagnostic], &[usize], &[usize]),
        document: Found<'_>,
        head: &Kept,
        linted: Option<(usize, usize)>,
    ) -> Tail {
        let none = Tail {
            slots: 0,
            listed: 0,
            from: last.len(),
            document: 0,
            delta: 0,
        };
        let walk = || {
            let (mut slots, mut end, mut delta, mut was) = (0, listed_at.len(), None, 0);
            for (p, slot) in paragraphs.iter().zip(local).rev() {
                let (Some((start, first)), Some(finished)) = (slot.listed, &slot.finished) else {
                    break;
                };
                let moved = p.start.wrapping_sub(start);
                if first + finished.len() != end
                    || first < head.listed
                    || *delta.get_or_insert(moved) != moved
                {
                    break;
                }
                (slots, end, was) = (slots + 1, first, start);
            }
            (slots, end, delta, was)
        };
        // The slots after the last linted are the tail, from the first one's findings,
        // all moved as it did.
        let known = linted.and_then(|(_, last)| {
            let after = (last + 1).checked_sub(head.slots)?;
            let Some((p, slot)) = paragraphs.get(after).zip(local.get(after)) else {
                return Some((0, listed_at.len(), None, 0));
            };
            let (Some((start, first)), Some(_)) = (slot.listed, &slot.finished) else {
                return None;
            };
            let moved = Some(p.start.wrapping_sub(start));
            (first >= head.listed).then_some((local.len() - after, first, moved, start))
        });
        debug_assert!(known.is_none_or(|known| known == walk()));
        let (slots, end, delta, was) = known.unwrap_or_else(walk);
        let Some(delta) = delta else {
            return none;
        };
        let from = match document {
            // The document findings starting where the tail's paragraphs started lie in
            // them (or between them), moved alike: they are the tail's too.
            Found::Moved => {
                let at = last.partition_point(|d| d.span.start < was);
                listed_at.get(end).map_or(at, |&from| from.min(at))
            }
            Found::Anew(_) => match listed_at.get(end) {
                Some(&from) => from,
                None => return none,
            },
        };
        let skip = document_at.partition_point(|&at| at < from);
        let count = document_at.len() - skip;
        // The last list's lie in the tail's paragraphs, which all moved alike, or before.
        let found = match document {
            Found::Moved => true,
            Found::Anew(document) => document.len().checked_sub(count).is_some_and(|before| {
                (document_at[skip..].iter().zip(&document[before..]))
                    .all(|(&at, d)| same_moved(&last[at], d, delta))
                    && (before.checked_sub(1))
                        .is_none_or(|k| engine::order(&document[k]) < order_at(&last[from], delta))
            }),
        };
        let same = from >= head.len && last.len() - from == listed_at.len() - end + count && found;
        if !same {
            return none;
        }
        Tail {
            slots,
            listed: listed_at.len() - end,
            from,
            document: count,
            delta,
        }
    }
}

/// The document rules' findings of a lint, for [`Kept::of`] and [`Tail::of`].
#[derive(Clone, Copy)]
enum Found<'a> {
    /// Found again, finished, in order.
    Anew(&'a [Diagnostic]),
    /// The last list's, each moved with the text it lies in: those in the head's and
    /// tail's paragraphs (whose findings stayed finished) are finished as they were.
    Moved,
}

/// The [`engine::order`] of `d` moved by `delta` bytes.
fn order_at(d: &Diagnostic, delta: usize) -> (usize, usize, &'static str) {
    let at = |o: usize| o.wrapping_add(delta);
    (at(d.span.start), at(d.span.end), d.rule)
}

/// What a finding moved out of the last lint's list leaves there (allocating nothing).
fn placeholder() -> Diagnostic {
    Diagnostic::new("", crate::diagnostic::Severity::Info, 0..0, String::new())
}

/// The paragraphs' findings in order, with the document's merged among them as they come.
struct Merged {
    out: Vec<Diagnostic>,
    /// Where each paragraph finding lies in `out`.
    listed_at: Vec<usize>,
    /// Per finding of `out`, where it was in the last lint's list (`usize::MAX` if made again).
    moved_at: Vec<usize>,
    /// Where each document finding lies in `out`.
    document_at: Vec<usize>,
    /// The document's not yet merged, in [`engine::order`].
    document: std::vec::IntoIter<Diagnostic>,
    /// The [`engine::order`] of the next of `document` (held, so that an item is not moved
    /// out and back to be compared, as `Peekable::next_if` does).
    next: Option<(usize, usize, &'static str)>,
}

impl Merged {
    /// Add paragraph finding `d`, `from` where it was in the last lint's list.
    fn push(&mut self, d: Diagnostic, from: usize) {
        let key = engine::order(&d);
        while self.next.is_some_and(|next| next < key) {
            self.document_at.push(self.out.len());
            self.out.extend(self.document.next());
            self.moved_at.push(usize::MAX);
            self.next = self.document.as_slice().first().map(engine::order);
        }
        self.listed_at.push(self.out.len());
        self.moved_at.push(from);
        self.out.push(d);
    }
}

/// Move `d` by `delta` bytes (wrapping, as [`Diagnostic::shifted`]) where it lies.
fn move_by(d: &mut Diagnostic, delta: usize) {
    if delta != 0 {
        let moved =
            |r: &mut Range<usize>| *r = r.start.wrapping_add(delta)..r.end.wrapping_add(delta);
        moved(&mut d.span);
        for f in &mut d.fixes {
            moved(&mut f.span);
        }
    }
}

/// The slots of `old` paragraphs for the `new` ones that took their place: a new paragraph
/// with the text and kind of an old one keeps its findings (the paragraph rules read nothing
/// else, and context findings are checked against their key before use); others start empty.
fn carry(old: &[Paragraph], old_slots: Vec<Slot>, new: &[Paragraph]) -> Vec<Slot> {
    let mut by_text: HashMap<(Block, &str), Vec<Slot>> = HashMap::with_capacity(old.len());
    for (p, slot) in old.iter().zip(old_slots) {
        if slot.paragraph.is_some() {
            by_text
                .entry((p.block, p.text.as_str()))
                .or_default()
                .push(slot);
        }
    }
    new.iter()
        .map(|p| {
            by_text
                .get_mut(&(p.block, p.text.as_str()))
                .and_then(Vec::pop)
                .unwrap_or_default()
        })
        .collect()
}

/// The stretch of the edited text to segment again, in new-text offsets.
struct Window {
    start: usize,
    end: usize,
    /// How much the edit lengthened the text (negative when it shortened it).
    delta: isize,
    /// The old paragraph the window's parse must end with; `None` when it runs to the end.
    last: Option<usize>,
}

impl Window {
    /// The window around an edit that replaced old `range` with `new_len` bytes; `text` is
    /// already edited, `paragraphs` are not.
    fn around(
        text: &str,
        paragraphs: &[Paragraph],
        range: &Range<usize>,
        new_len: usize,
    ) -> Window {
        let delta = new_len as isize - range.len() as isize;
        // Paragraphs ending before the edit are unchanged, but the nearest may still be
        // joined or underlined by it, so the window starts at or before it.
        let first_touched = paragraphs.partition_point(|p| p.span().end < range.start);
        let start = paragraphs[..first_touched]
            .iter()
            .rev()
            .map(|p| line_start(text, p.start))
            .find(|&ls| starts_clean(text, ls))
            .unwrap_or(0);
        let after = paragraphs.partition_point(|p| p.start <= range.end);
        let mut end = text.len();
        let mut last = None;
        for (j, p) in paragraphs.iter().enumerate().skip(after) {
            if let Some(e) = clean_end_after(text, shift(p.span().end, delta)) {
                end = e;
                last = (e < text.len()).then_some(j);
                break;
            }
        }
        Window {
            start,
            end,
            delta,
            last,
        }
    }

    /// Segment the window and splice the result in; returns where, the old paragraphs it
    /// replaced and how many took their place, or `None` when the edit reached past the
    /// window and the whole text must be segmented.
    fn resegment(
        &self,
        text: &str,
        kind: DocKind,
        paragraphs: &mut Vec<Paragraph>,
        directives: &mut Vec<Directive>,
    ) -> Option<(usize, Vec<Paragraph>, usize)> {
        let segmented = segment::segment(&text[self.start..self.end], kind);
        if let Some(j) = self.last {
            let old = &paragraphs[j];
            let new = segmented.paragraphs.last()?;
            if new.start + self.start != shift(old.start, self.delta)
                || new.text != old.text
                || new.block != old.block
            {
                return None;
            }
        }
        let old_end = shift(self.end, -self.delta);
        let replaced = paragraphs.partition_point(|p| p.start < self.start)
            ..paragraphs.partition_point(|p| p.start < old_end);
        let count = segmented.paragraphs.len();
        let tail = replaced.start + count;
        let old: Vec<Paragraph> = paragraphs
            .splice(
                replaced.clone(),
                segmented.paragraphs.into_iter().map(|mut p| {
                    p.start += self.start;
                    p
                }),
            )
            .collect();
        for p in &mut paragraphs[tail..] {
            p.start = shift(p.start, self.delta);
        }
        let d_replaced = directives.partition_point(|d| d.offset < self.start)
            ..directives.partition_point(|d| d.offset < old_end);
        let d_tail = d_replaced.start + segmented.directives.len();
        directives.splice(
            d_replaced,
            segmented.directives.into_iter().map(|mut d| {
                d.offset += self.start;
                d
            }),
        );
        for d in &mut directives[d_tail..] {
            d.offset = shift(d.offset, self.delta);
        }
        Some((replaced.start, old, count))
    }
}

fn shift(offset: usize, delta: isize) -> usize {
    offset.saturating_add_signed(delta)
}

fn is_break(b: u8) -> bool {
    b == b'\n' || b == b'\r'
}

fn is_blank(line: &[u8]) -> bool {
    line.iter().all(|&b| b == b' ' || b == b'\t')
}

/// The start of the line holding byte `pos`.
fn line_start(text: &str, pos: usize) -> usize {
    text.as_bytes()[..pos]
        .iter()
        .rposition(|&b| is_break(b))
        .map_or(0, |i| i + 1)
}

/// Whether a parse may start afresh at line start `ls`: the document's start, or an
/// unindented line after a blank one (which closes every open paragraph and container).
fn starts_clean(text: &str, ls: usize) -> bool {
    if ls == 0 {
        return true;
    }
    let b = text.as_bytes();
    if !b
        .get(ls)
        .is_some_and(|&c| !is_break(c) && c != b' ' && c != b'\t')
    {
        return false;
    }
    let mut end = ls - 1;
    if b[end] == b'\n' && end > 0 && b[end - 1] == b'\r' {
        end -= 1;
    }
    is_blank(&b[line_start(text, end)..end])
}

/// After the line holding `pos`: the start of the first unindented line that follows at
/// least one blank line, the text's end if only blank lines follow, or `None`.
fn clean_end_after(text: &str, pos: usize) -> Option<usize> {
    let b = text.as_bytes();
    let mut i = pos.min(b.len());
    while i < b.len() && !is_break(b[i]) {
        i += 1;
    }
    let mut blank = false;
    loop {
        if i >= b.len() {
            return Some(b.len());
        }
        i += if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
            2
        } else {
            1
        };
        let line_end = b[i..]
            .iter()
            .position(|&c| is_break(c))
            .map_or(b.len(), |n| i + n);
        if i < b.len() && is_blank(&b[i..line_end]) {
            blank = true;
            i = line_end;
            continue;
        }
        if i >= b.len() {
            return Some(b.len());
        }
        return (blank && b[i] != b' ' && b[i] != b'\t').then_some(i);
    }
}

/// `range` limited to the text and to char boundaries.
fn clamp(text: &str, range: &Range<usize>) -> Range<usize> {
    let end = floor_boundary(text, range.end.min(text.len()));
    let start = floor_boundary(text, range.start.min(end));
    start..end
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// `]:` marks overlapping the edited stretch `range.start..end`, one byte either side.
fn marks_near(text: &str, range: &Range<usize>, end: usize) -> usize {
    let from = floor_boundary(text, range.start.saturating_sub(1));
    let to = ceil_boundary(text, (end + 1).min(text.len()));
    text[from..to].matches("]:").count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn linter(text: &str, kind: DocKind) -> Linter {
        Linter::new(Arc::new(Engine::default()), text.to_string(), kind)
    }

    /// A document finding is finished again when its paragraph's surroundings change: a
    /// quotation left open above a misspelt name closes in the paragraph after, and the
    /// name's fix now changes quoted words.
    #[test]
    fn document_findings_are_finished_again_when_their_quotations_change() {
        let text =
            "Talia Okereke spoke.\n\nTalia Okereke left.\n\n\"Talia Okerkee waved.\n\nIt rained.\n";
        let mut l = linter(text, DocKind::Text);
        let at = text.find("It rained").unwrap();
        let edit = |l: &mut Linter, range: Range<usize>, text: &str| {
            l.edit(&[Edit {
                range,
                text: text.to_string(),
            }]);
            let fresh = l.engine.lint(&l.analysis.text, DocKind::Text);
            assert_eq!(l.diagnostics(), fresh.as_slice());
            let variant = l.diagnostics().iter().find(|d| d.rule == "names/variant");
            variant.expect("Okerkee is a variant").note.is_some()
        };
        assert!(!edit(&mut l, at..at, "So. "));
        assert!(edit(&mut l, at..at + 4, "\"So,\" she said. "));
        assert!(!edit(&mut l, at..at + 16, "So. "));
    }

    /// An edit that changes nothing the document rules read keeps their findings, moved:
    /// only those among the paragraphs linted again are found again. One in a name finds
    /// them all again.
    #[test]
    fn document_findings_are_found_again_only_where_linted_when_nothing_they_read_changed() {
        let text = "Agnès Varda made films. Agns Varda died in 2019.\n\nTalia Okereke spoke.\n\n\
                    Talia Okereke left.\n\nOne.\n\nTwo.\n\nThree.\n\nFour.\n\nFive.\n\nSix.\n\n\
                    Then Talia Okerkee waved.\n";
        let mut l = linter(text, DocKind::Text);
        // Whether the lint found a names finding again (its paragraph's cache marked by it).
        let edit = |l: &mut Linter, old: &str, new: &str| {
            let at = l.analysis.text.find(old).unwrap();
            l.edit(&[Edit {
                range: at..at + old.len(),
                text: new.to_string(),
            }]);
            let fresh = l.engine.lint(&l.analysis.text, DocKind::Text);
            assert_eq!(l.diagnostics(), fresh.as_slice());
            let names = fresh.iter().filter(|d| d.rule.starts_with("names/"));
            assert_eq!(names.count(), 2);
            let found = |(d, _, seen): &(Diagnostic, _, u32)| {
                d.rule.starts_with("names/") && *seen == l.lints
            };
            l.local.iter().any(|slot| slot.document.iter().any(found))
        };
        // The first edit finishes every paragraph again.
        assert!(edit(&mut l, "Six", "Six."));
        assert!(!edit(&mut l, "Three", "Three and more"));
        assert!(!edit(&mut l, "One.", "One.\n\nOne more."));
        assert!(edit(&mut l, "waved", "smiled"));
        assert!(edit(&mut l, "spoke.", "spoke. Talia Okereke smiled."));
    }

    /// Where each paragraph's token list lives: unchanged while the paragraph is not
    /// segmented again.
    fn token_addresses(l: &Linter) -> Vec<*const crate::segment::Token> {
        l.analysis
            .paragraphs
            .iter()
            .map(|p| p.tokens.as_ptr())
            .collect()
    }

    #[test]
    fn an_edit_resegments_only_nearby_paragraphs() {
        let text = "# Title\n\nFirst para here.\n\nSecond para here.\n\nThird para here.\n\nFourth para here.\n\nFifth para here.\n";
        let mut l = linter(text, DocKind::Markdown);
        let before = token_addresses(&l);
        let at = text.find("Third").unwrap();
        l.edit(&[Edit {
            range: at..at,
            text: "the the ".to_string(),
        }]);
        let after = token_addresses(&l);
        assert_eq!(before.len(), after.len());
        let kept: Vec<bool> = before.iter().zip(&after).map(|(a, b)| a == b).collect();
        assert_eq!(kept, vec![true, true, false, false, false, true]);
        assert_eq!(l.diagnostics().len(), 1);
        assert_eq!(l.diagnostics()[0].span.start, at);
    }

    /// A paragraph the edit did not reach keeps its findings: moved to their new place,
    /// not copied, past the document findings merged among them. (A document not yet
    /// edited keeps no finished copy: its first edit finishes every paragraph again.)
    #[test]
    fn kept_findings_are_moved_not_copied() {
        let text = "Zero.\n\nOne the the.\n\nVoters stayed home. \"Nobody trusts the ballot any more.\"\n\nTwo the the.\n\nThree the the.\n";
        let mut l = linter(text, DocKind::Text);
        assert!(l.local.iter().all(|slot| slot.finished.is_none()));
        l.edit(&[Edit {
            range: 0..4,
            text: "Nil".to_string(),
        }]);
        assert!(l.local.iter().all(|slot| slot.finished.is_some()));
        let rules: Vec<&str> = l.diagnostics().iter().map(|d| d.rule).collect();
        assert!(rules.contains(&"quotes/unattributed"), "{rules:?}");
        let messages = |l: &Linter| -> Vec<(*const u8, Range<usize>)> {
            let doubled = l
                .diagnostics()
                .iter()
                .filter(|d| d.rule == "phrasing/doubled-word");
            doubled
                .map(|d| (d.message.as_ptr(), d.span.clone()))
                .collect()
        };
        let before = messages(&l);
        assert_eq!(before.len(), 3);
        l.edit(&[Edit {
            range: 6..6,
            text: "Ahead. ".to_string(),
        }]);
        let after = messages(&l);
        assert_eq!(after.len(), 3);
        // The edited paragraph's are found again, the one past those segmented again keeps
        // its own.
        assert_ne!(before[0].0, after[0].0);
        assert_eq!(before[2].0, after[2].0);
        assert_eq!(before[2].1.start + 7..before[2].1.end + 7, after[2].1);
    }

    /// Edits applied together: the paragraphs the first left due are found again where
    /// the second moved them.
    #[test]
    fn slots_left_due_move_with_later_edits() {
        let text = "Zero.\n\nOne.\n\nTwo.\n\nThree.\n\nFour.\n\nFive.\n\nSix.\n\nSeven.\n\nEight.\n\nNine.\n\nTen.\n";
        let mut l = linter(text, DocKind::Text);
        l.edit(&[Edit {
            range: 0..0,
            text: "x".to_string(),
        }]);
        let at = text.find("Nine").unwrap() + 1;
        l.edit(&[
            Edit {
                range: at..at + 4,
                text: "It was the the end.".to_string(),
            },
            Edit {
                range: 5..5,
                text: "\n\nMore.\n\nAnd more.".to_string(),
            },
        ]);
        let fresh = l.engine.lint(&l.analysis.text, DocKind::Text);
        assert_eq!(l.diagnostics(), fresh.as_slice());
        assert_eq!(fresh.len(), 1);
    }

    #[test]
    fn names_are_judged_over_the_edited_document() {
        let text = "Talia Okereke won.\n\nOkereke thanked voters.\n\nThen she left.\n";
        let mut l = linter(text, DocKind::Markdown);
        assert!(l.diagnostics().is_empty());
        let at = text.find("Then").unwrap();
        l.edit(&[Edit {
            range: at..at + 4,
            text: "Okerkee".to_string(),
        }]);
        let rules: Vec<&str> = l.diagnostics().iter().map(|d| d.rule).collect();
        assert_eq!(rules, vec!["names/variant"]);
    }

    #[test]
    fn a_workspace_judges_names_the_document_cannot() {
        let mut workspace = Arc::unwrap_or_clone(
            Analysis::new(
                "Dario Castellanos won. Castellanos smiled. Dario Castellanos waved.".to_string(),
                DocKind::Text,
            )
            .names
            .index,
        );
        let text = "The vote was close, and Dario Castellnaos conceded.\n";
        let mut l = linter(text, DocKind::Text);
        workspace.merge(&l.analysis.names.index);
        let workspace = Some(Arc::new(workspace));
        assert!(l.diagnostics().is_empty());
        assert!(l.update(&[], workspace.clone()));
        assert_eq!(l.diagnostics()[0].rule, "names/variant");
        // The same index again: nothing to re-judge.
        assert!(!l.update(&[], workspace));
        assert!(l.update(&[], None));
        assert!(l.diagnostics().is_empty());
    }

    /// The context findings of each paragraph, by address: the same while not found again.
    /// (Held, so that a list dropped meanwhile cannot lend its address to a new one.)
    fn context_findings(l: &Linter) -> Vec<Arc<[Diagnostic]>> {
        l.local
            .iter()
            .map(|s| s.context.as_ref().unwrap().1.clone())
            .collect()
    }

    #[test]
    fn a_word_fact_rechecks_only_the_paragraphs_asking_about_it() {
        let text = "Jacksons lawyer left.\n\nCarolinas coast was hit.\n\nThe plan stands.\n\nNothing else.\n";
        let mut l = linter(text, DocKind::Text);
        assert!(l.diagnostics().is_empty());
        let before = context_findings(&l);
        // Jackson becomes a name: the paragraph asking about "Jackson" is checked again,
        // the one asking about "Carolina" and the one asking nothing keep their findings.
        let at = text.find("Nothing").unwrap();
        l.edit(&[Edit {
            range: at..at + "Nothing else".len(),
            text: "Jackson spoke".to_string(),
        }]);
        let rules: Vec<&str> = l.diagnostics().iter().map(|d| d.rule).collect();
        assert_eq!(rules, vec!["phrasing/possessive"]);
        let after = context_findings(&l);
        let kept: Vec<bool> = before
            .iter()
            .zip(&after)
            .map(|(a, b)| Arc::ptr_eq(a, b))
            .collect();
        assert_eq!(kept, vec![false, true, true, false]);
        // A word no paragraph asks about changes nothing elsewhere.
        let at = text.find("plan").unwrap();
        l.edit(&[Edit {
            range: at..at + 4,
            text: "vote".to_string(),
        }]);
        let again = context_findings(&l);
        let kept: Vec<bool> = after
            .iter()
            .zip(&again)
            .map(|(a, b)| Arc::ptr_eq(a, b))
            .collect();
        assert_eq!(kept, vec![true, true, false, true]);
    }

    #[test]
    fn a_document_fact_rechecks_every_paragraph() {
        let text = "It didn t work.\n\nPlain words.\n\nMore words.\n";
        let mut l = linter(text, DocKind::Text);
        let before = context_findings(&l);
        // Curly apostrophes now outnumber straight ones: every fix would change.
        let at = text.find("More").unwrap();
        l.edit(&[Edit {
            range: at..at,
            text: "Its\u{2019} aide\u{2019}s ".to_string(),
        }]);
        let after = context_findings(&l);
        assert!(before.iter().zip(&after).all(|(a, b)| !Arc::ptr_eq(a, b)));
        assert!(l.diagnostics()[0].fixes[0].replacement.contains('\u{2019}'));
    }

    #[test]
    fn an_opened_fence_reaches_the_end() {
        let text = "One.\n\nTwo.\n\nThree the the.\n\nFour.\n\nFive.\n";
        let mut l = linter(text, DocKind::Markdown);
        assert_eq!(l.diagnostics().len(), 1);
        let at = text.find("Two").unwrap();
        l.edit(&[Edit {
            range: at..at,
            text: "```\n".to_string(),
        }]);
        assert!(l.diagnostics().is_empty());
        assert_eq!(l.analysis.paragraphs.len(), 1);
    }

    #[test]
    fn clean_boundaries() {
        let text = "a\n\nb\n  c\n\r\n\r\nd";
        assert!(starts_clean(text, 0));
        assert!(starts_clean(text, 3));
        assert!(!starts_clean(text, 5));
        assert!(starts_clean(text, text.len() - 1));
        assert_eq!(clean_end_after(text, 0), Some(3));
        assert_eq!(clean_end_after(text, 3), None);
        assert_eq!(clean_end_after(text, 6), Some(text.len() - 1));
        assert_eq!(clean_end_after("a\n\n  \n", 0), Some(6));
    }

    #[test]
    fn reference_marks_follow_edits() {
        let mut l = linter("See [x].\n\nMore.\n", DocKind::Markdown);
        assert_eq!(l.reference_marks, 0);
        l.edit(&[Edit {
            range: 16..16,
            text: "\n[x]: http://a.b\n".to_string(),
        }]);
        assert_eq!(l.reference_marks, 1);
        l.edit(&[Edit {
            range: 19..20,
            text: String::new(),
        }]);
        assert_eq!(l.reference_marks, 0);
    }
}
