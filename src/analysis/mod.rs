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
use std::sync::{Arc, Mutex};

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

/// Facts by their type. Each is derived from the document alone, so a new workspace keeps them.
#[derive(Default)]
struct Memo(Mutex<Facts>);

type Facts = Vec<(TypeId, Arc<dyn Any + Send + Sync>)>;

impl Memo {
    fn find<T: Any + Send + Sync>(&self) -> Option<Arc<T>> {
        Memo::found(&self.0.lock().unwrap_or_else(|p| p.into_inner()))
    }

    fn found<T: Any + Send + Sync>(facts: &Facts) -> Option<Arc<T>> {
        let (_, fact) = facts.iter().find(|(id, _)| *id == TypeId::of::<T>())?;
        fact.clone().downcast::<T>().ok()
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
    pub fn memo<T: Any + Send + Sync>(&self, make: impl FnOnce(&Analysis) -> T) -> Arc<T> {
        if let Some(fact) = self.memo.find() {
            return fact;
        }
        // Made without the lock held: `make` may ask for other facts.
        let fact = Arc::new(make(self));
        let mut facts = self.memo.0.lock().unwrap_or_else(|p| p.into_inner());
        // Paragraphs linted on several threads may have made it meanwhile: keep one.
        if let Some(made) = Memo::found(&facts) {
            return made;
        }
        facts.push((TypeId::of::<T>(), fact.clone()));
        fact
    }

    /// The fact of type `T` if some rule (or the server) has made it already.
    pub fn memoised<T: Any + Send + Sync>(&self) -> Option<Arc<T>> {
        self.memo.find()
    }

    /// Drop the facts made so far (they are made again when asked for): a document open
    /// but not edited keeps its findings, not the word counts and quotation index they were
    /// found with, most of its memory after its tokens.
    pub(crate) fn shed_facts(&mut self) {
        self.memo = Memo::default();
    }

    /// Take the fact of type `T` made so far, for an analysis of the text after an edit that
    /// keeps it current (the server's quotations); `None` if it was not made or is shared.
    pub(crate) fn take_fact<T: Any + Send + Sync>(&mut self) -> Option<T> {
        let facts = self.memo.0.get_mut().unwrap_or_else(|p| p.into_inner());
        let i = facts.iter().position(|(id, _)| *id == TypeId::of::<T>())?;
        let fact = facts.swap_remove(i).1.downcast::<T>().ok()?;
        Arc::try_unwrap(fact).ok()
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
