//! Document-level facts derived once from the segments and shared by document rules, the
//! engine's post-processing and the language server's hover: where the quotations are
//! (and later who said them), which names occur.

pub mod attribution;
pub mod cues;
pub mod names;
pub mod quotes;

use std::any::{Any, TypeId};
use std::borrow::Cow;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use crate::document::DocKind;
use crate::segment::{self, Directive, Paragraph, Segmented};
use cues::Cues;
use names::finding::{Before, Finding as NameFinding, Judged, Judgement};

pub use attribution::Attribution;
pub use names::{NameIndex, Names};
pub use quotes::{MarkRole, Quote, QuoteMark};

/// A document cut into paragraphs, with its quotations found.
#[derive(Debug)]
pub struct Analysis {
    pub text: String,
    pub kind: DocKind,
    pub paragraphs: Vec<Paragraph>,
    pub directives: Vec<Directive>,
    pub quotes: Vec<Quote>,
    /// Every double quote mark, with what it does (open, close, stray).
    pub quote_marks: Vec<QuoteMark>,
    pub names: Names,
    /// Name spellings counted over every file of the run (`--names-index`, or the other
    /// files given to `--check`), which the names rules consult when this document alone
    /// cannot tell a variant from the original. `None` when linting one text on its own;
    /// the front end that has a workspace sets it with [`Analysis::set_workspace`].
    workspace: Option<Arc<NameIndex>>,
    /// The names judgement `names/variant` and `names/diacritics` share, computed by the
    /// first of them to run, tagged with the id of the house list it was judged against (an
    /// analysis may be linted by engines with different data). Depends on `workspace`, so
    /// setting that clears it.
    name_findings: Judged,
    /// Document-wide facts rules derive once per analysis (see [`Analysis::memo`]).
    memo: Memo,
}

/// How many curly and straight apostrophes a text holds, anywhere in it: the server
/// follows them edit by edit ([`Apostrophes::replace`]) rather than counting the text again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Apostrophes {
    curly: usize,
    straight: usize,
}

impl Apostrophes {
    pub(crate) fn of(text: &str) -> Apostrophes {
        let mut counts = Apostrophes {
            curly: 0,
            straight: 0,
        };
        counts.replace("", text);
        counts
    }

    /// The counts after `old`, a stretch of the text cut at char boundaries, became `new`.
    pub(crate) fn replace(&mut self, old: &str, new: &str) {
        self.curly = self.curly + new.matches('\u{2019}').count() - old.matches('\u{2019}').count();
        self.straight = self.straight + new.matches('\'').count() - old.matches('\'').count();
    }
}

/// Facts by their type, each in a slot set once: reading one takes no lock and counts no
/// reference (context rules read them for every paragraph). Each is derived from the
/// document alone, so a new workspace keeps them.
#[derive(Default)]
struct Memo {
    slots: [OnceLock<Fact>; 8],
    /// More slots, should an analysis hold more facts than those.
    more: OnceLock<Box<Memo>>,
}

type Fact = (TypeId, Box<dyn Any + Send + Sync>);

impl Memo {
    /// The memos of the chain, this one first.
    fn chain(&self) -> impl Iterator<Item = &Memo> {
        std::iter::successors(Some(self), |m| m.more.get().map(|m| &**m))
    }

    fn find<T: Any + Send + Sync>(&self) -> Option<&T> {
        let id = TypeId::of::<T>();
        // A taken fact leaves its slot empty: every slot is read.
        let mut facts = self
            .chain()
            .flat_map(|m| &m.slots)
            .filter_map(OnceLock::get);
        facts.find(|(of, _)| *of == id)?.1.downcast_ref()
    }

    /// `fact`, or the fact of its type another thread put first.
    fn insert<T: Any + Send + Sync>(&self, fact: T) -> &T {
        let id = TypeId::of::<T>();
        let mut fact = Some(Box::new(fact) as Box<dyn Any + Send + Sync>);
        let mut memo = self;
        loop {
            // Every thread fills the first empty slot, and stops at one holding the type
            // it brings: a type is never in two slots.
            for slot in &memo.slots {
                let (of, made) = slot.get_or_init(|| (id, fact.take().expect("not yet put")));
                if *of == id {
                    return made.downcast_ref().expect("of its type");
                }
            }
            memo = memo.more.get_or_init(Box::default);
        }
    }

    /// Take the fact of type `T` out, leaving its slot empty.
    fn take<T: Any + Send + Sync>(&mut self) -> Option<Box<dyn Any + Send + Sync>> {
        let id = TypeId::of::<T>();
        let mut memo = Some(self);
        while let Some(m) = memo {
            if let Some(slot) = m
                .slots
                .iter_mut()
                .find(|s| s.get().is_some_and(|f| f.0 == id))
            {
                return slot.take().map(|(_, fact)| fact);
            }
            memo = m.more.get_mut().map(|m| &mut **m);
        }
        None
    }
}

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Memo")
    }
}

impl Analysis {
    /// Analyse with the shipped cue verbs; front ends use [`crate::engine::Engine::analyse`],
    /// which honours the user's edits to `cue-verbs`.
    pub fn new(text: String, kind: DocKind) -> Analysis {
        Analysis::with_cues(text, kind, Cues::shipped())
    }

    pub fn with_cues(text: String, kind: DocKind, cues: &Cues) -> Analysis {
        let segmented = segment::segment(&text, kind);
        Analysis::from_segments(text, kind, segmented, cues)
    }

    /// Build from paragraphs the caller already has (the server reuses unchanged ones).
    pub fn from_segments(
        text: String,
        kind: DocKind,
        segmented: Segmented,
        cues: &Cues,
    ) -> Analysis {
        let names = Names::extract(&segmented.paragraphs);
        Analysis::with_names(text, kind, segmented, cues, names)
    }

    /// Build from paragraphs and their names (the server keeps names current itself).
    pub fn with_names(
        text: String,
        kind: DocKind,
        segmented: Segmented,
        cues: &Cues,
        names: Names,
    ) -> Analysis {
        let model = quotes::find(&segmented.paragraphs, cues);
        Analysis::with_quotes(text, kind, segmented, names, model)
    }

    /// Build from paragraphs, their names and their quotations (the server keeps those
    /// current itself too).
    pub fn with_quotes(
        text: String,
        kind: DocKind,
        segmented: Segmented,
        names: Names,
        model: quotes::QuoteModel,
    ) -> Analysis {
        let analysis = Analysis {
            text,
            kind,
            paragraphs: segmented.paragraphs,
            directives: segmented.directives,
            quotes: model.quotes,
            quote_marks: model.marks,
            names,
            workspace: None,
            name_findings: Judged::default(),
            memo: Memo::default(),
        };
        if let Some(repeats) = model.repeats {
            analysis.memo(|_| repeats);
        }
        analysis
    }

    pub fn workspace(&self) -> Option<&Arc<NameIndex>> {
        self.workspace.as_ref()
    }

    /// Judge names against `workspace` from now on (the judgement made holds while it is
    /// the same index).
    pub fn set_workspace(&mut self, workspace: Option<Arc<NameIndex>>) {
        let same = match (&self.workspace, &workspace) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (a, b) => a.is_none() && b.is_none(),
        };
        self.workspace = workspace;
        if !same {
            self.name_findings = Judged::default();
        }
    }

    /// The document-wide fact of type `T`, made by `make` the first time any rule asks for
    /// it. Context rules read such facts for every paragraph, so a fact must be derived from
    /// the document alone (never from a rule's data, which differs between engines): its
    /// type names it.
    pub fn memo<T: Any + Send + Sync>(&self, make: impl FnOnce(&Analysis) -> T) -> &T {
        if let Some(fact) = self.memo.find() {
            return fact;
        }
        // Made with no slot held: `make` may ask for other facts. Paragraphs linted on
        // several threads may make it meanwhile: the first put is kept.
        self.memo.insert(make(self))
    }

    /// The fact of type `T` if some rule (or the server) has made it already.
    pub fn memoised<T: Any + Send + Sync>(&self) -> Option<&T> {
        self.memo.find()
    }

    /// Drop the facts made so far (they are made again when asked for): a document open
    /// but not edited keeps its findings, not the word counts and quotation index they were
    /// found with, most of its memory after its tokens.
    pub(crate) fn shed_facts(&mut self) {
        self.memo = Memo::default();
    }

    /// Take the fact of type `T` made so far, for an analysis of the text after an edit that
    /// keeps it current (the server's quotations); `None` if it was not made.
    pub(crate) fn take_fact<T: Any + Send + Sync>(&mut self) -> Option<T> {
        self.memo
            .take::<T>()?
            .downcast::<T>()
            .ok()
            .map(|fact| *fact)
    }

    /// The names judgement made so far, for the analysis of the text after an edit (see
    /// [`Judged::after`]).
    pub(crate) fn take_name_findings(&mut self) -> Judged {
        std::mem::take(&mut self.name_findings)
    }

    /// Take the judgement of the analysis before an edit, with the same workspace.
    pub(crate) fn keep_name_findings(&mut self, judged: Judged) {
        self.name_findings = judged;
    }

    /// The shared names judgement against house list `house`, made by `judge` the first
    /// time it is asked for (see [`Judged::get`]).
    pub(crate) fn name_findings(
        &self,
        house: u64,
        judge: impl Fn(Option<Before>) -> Judgement,
    ) -> Cow<'_, [NameFinding]> {
        self.name_findings.get(house, judge)
    }

    /// The quotation containing all of `span`, if any.
    pub fn quote_containing(&self, span: &Range<usize>) -> Option<&Quote> {
        let i = self.quotes.partition_point(|q| q.span.end < span.end);
        self.quotes[i..]
            .iter()
            .take_while(|q| q.span.start <= span.start)
            .find(|q| q.span.start <= span.start && span.end <= q.span.end)
    }

    /// The apostrophe the document mostly uses, for fixes that restore one: curly ’ or straight '.
    pub fn apostrophe(&self) -> char {
        let counts = self.memo(|doc| Apostrophes::of(&doc.text));
        if counts.curly > counts.straight {
            '\u{2019}'
        } else {
            '\''
        }
    }

    /// The paragraph containing byte `offset`.
    pub fn paragraph_at(&self, offset: usize) -> Option<&Paragraph> {
        let i = self.paragraphs.partition_point(|p| p.span().end <= offset);
        self.paragraphs.get(i).filter(|p| p.start <= offset)
    }
}

#[cfg(test)]
mod tests {
    use super::Memo;

    #[derive(Debug, PartialEq)]
    struct Fact<const N: usize>(usize);

    /// More facts than a memo's slots, one taken out and put again: each is found as put,
    /// and never put twice.
    #[test]
    fn facts_are_found_past_the_slots_and_a_taken_one() {
        let mut memo = Memo::default();
        macro_rules! each {
            ($($n:literal)*) => {$(
                assert_eq!(memo.insert(Fact::<$n>($n)), &Fact($n));
                assert_eq!(memo.insert(Fact::<$n>(0)), &Fact($n));
            )*};
        }
        each!(0 1 2 3 4 5 6 7 8 9 10);
        let taken = memo
            .take::<Fact<3>>()
            .and_then(|f| f.downcast::<Fact<3>>().ok());
        assert_eq!(taken.as_deref(), Some(&Fact(3)));
        assert_eq!(memo.find::<Fact<3>>(), None);
        assert_eq!(memo.find::<Fact<9>>(), Some(&Fact(9)));
        assert_eq!(memo.insert(Fact::<11>(11)), &Fact(11));
        assert_eq!(memo.find::<Fact<10>>(), Some(&Fact(10)));
        assert_eq!(memo.insert(Fact::<3>(33)), &Fact(33));
        assert_eq!(memo.find::<Fact<3>>(), Some(&Fact(33)));
    }
}
