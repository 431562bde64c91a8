//! The rule contract and the registry. A rule is found by its id's path:
//! `phrasing/doubled-word` lives in `src/rules/phrasing/doubled_word.rs`.

pub mod names;
pub mod phrasing;
pub mod quotes;
#[cfg(test)]
pub(crate) mod testing;
pub mod word_facts;

use std::ops::Range;
use std::sync::Arc;

use crate::analysis::cues::Cues;
use crate::analysis::Analysis;
use crate::data::{DataError, DataSet};
use crate::diagnostic::{Diagnostic, Severity};
use crate::segment::Paragraph;

/// The three families; the part of every rule id before the slash.
pub const FAMILIES: [&str; 3] = ["phrasing", "quotes", "names"];

/// Where a rule looks: one paragraph at a time (cacheable, re-run per edit); one paragraph
/// in the light of a few facts about the rest of the document (cacheable while those facts
/// hold); or the whole document at once (names judged against each other, quotations
/// compared across the article).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Paragraph,
    Context,
    Document,
}

/// What a context rule reads of the document beyond one paragraph, hashed: while a
/// paragraph and its keys are unchanged, so are the rule's findings in it. `DefaultHasher`
/// because `new()` is deterministic and it resists collisions better than a fast hash.
pub type ContextKey = std::hash::DefaultHasher;

/// An example that runs as a test: a bad one must be flagged (and, with `fixed`, its fixes
/// must produce that text); a good one must stay silent.
#[derive(Debug, Clone, Copy)]
pub struct Example {
    pub text: &'static str,
    pub bad: bool,
    pub fixed: Option<&'static str>,
}

impl Example {
    pub const fn bad(text: &'static str) -> Example {
        Example {
            text,
            bad: true,
            fixed: None,
        }
    }

    pub const fn fixed(text: &'static str, fixed: &'static str) -> Example {
        Example {
            text,
            bad: true,
            fixed: Some(fixed),
        }
    }

    pub const fn good(text: &'static str) -> Example {
        Example {
            text,
            bad: false,
            fixed: None,
        }
    }
}

/// What a rule says about itself: shown by `--list-rules`, `--explain` and hover.
#[derive(Debug)]
pub struct RuleMeta {
    /// `family/name`, stable: configs and suppression comments refer to it.
    pub id: &'static str,
    pub scope: Scope,
    pub severity: Severity,
    /// One line.
    pub summary: &'static str,
    /// Why it matters and what to do, in a sub-editor's words.
    pub explanation: &'static str,
    pub examples: &'static [Example],
}

impl RuleMeta {
    pub fn family(&self) -> &'static str {
        self.id.split('/').next().unwrap_or(self.id)
    }
}

/// What paragraph rules share of the paragraph the engine runs them over: each part made by
/// the first rule that asks, dropped when the engine moves to the next paragraph (nothing is
/// kept per paragraph between lints, which would cost the server memory per open article).
pub struct PerParagraph<'p> {
    paragraph: &'p Paragraph,
    lexed: std::cell::OnceCell<phrasing::Lexed<'p>>,
    tokens: std::cell::OnceCell<phrasing::Tokens<'p>>,
}

impl<'p> PerParagraph<'p> {
    pub fn new(paragraph: &'p Paragraph) -> PerParagraph<'p> {
        PerParagraph {
            paragraph,
            lexed: std::cell::OnceCell::new(),
            tokens: std::cell::OnceCell::new(),
        }
    }

    /// The paragraph as the phrase lexicons read it (spun-phrase and spun-collocation).
    pub(crate) fn lexed(&self) -> &phrasing::Lexed<'p> {
        self.lexed
            .get_or_init(|| phrasing::Lexed::new(&self.paragraph.text))
    }

    /// The paragraph's tokens but spaces, with what the per-word rules ask of each
    /// (word-salad and agreement).
    pub(crate) fn tokens(&self) -> &phrasing::Tokens<'p> {
        self.tokens
            .get_or_init(|| phrasing::Tokens::new(self.paragraph))
    }
}

pub trait Rule: Send + Sync {
    fn meta(&self) -> &'static RuleMeta;

    /// Paragraph rules: findings in the paragraph's local byte offsets. `_shared` holds what
    /// several of them read of the paragraph, made by the first that asks.
    fn check_paragraph(
        &self,
        _paragraph: &Paragraph,
        _shared: &PerParagraph<'_>,
        _out: &mut Vec<Diagnostic>,
    ) {
    }

    /// Context rules: findings in paragraph `index` of `doc`, in the paragraph's local byte
    /// offsets. Whatever they read outside the paragraph must be declared by
    /// [`Rule::document_context`], [`Rule::asks`] or [`Rule::context`].
    fn check_context(&self, _doc: &Analysis, _index: usize, _out: &mut Vec<Diagnostic>) {}

    /// Context rules: what [`Rule::check_context`] reads outside a paragraph comes in three
    /// parts, so that the server's cost per edit follows the edit rather than the document:
    /// facts about the whole document (here), facts about single words of it
    /// ([`Rule::asks`]), and the paragraph's surroundings ([`Rule::context`]).
    ///
    /// Write into `key` the small document-wide values the rule reads in any paragraph (the
    /// article's apostrophe, whether it has a narrator). Called once per analysis; when the
    /// key changes, every paragraph is checked again. Facts are computed once per analysis
    /// with [`Analysis::memo`].
    fn document_context(&self, _doc: &Analysis, _key: &mut ContextKey) {}

    /// Context rules: push ([`word_facts::ask`]) the words of paragraph `p` whose
    /// [`word_facts::WordFacts`] the rule reads there (in every use): its findings in the
    /// paragraph hold while no use of these words comes or goes. Depends on the paragraph
    /// alone, so the server asks once per paragraph text.
    fn asks(&self, _p: &Paragraph, _asks: &mut Vec<u64>) {}

    /// Context rules: write into `key` what [`Rule::check_context`] reads around paragraph
    /// `index` beyond the above (the engine adds the quotations that overlap it): its
    /// position, its neighbours. The server asks again only for paragraphs an edit
    /// re-segmented and the paragraph either side, so it must read nothing beyond the text
    /// between the paragraph and its neighbours.
    fn context(&self, _doc: &Analysis, _index: usize, _key: &mut ContextKey) {}

    /// Document rules: findings in the document's byte offsets.
    fn check_document(&self, _doc: &Analysis, _out: &mut Vec<Diagnostic>) {}

    /// Document rules: those of [`Rule::check_document`]'s findings that start in `within`,
    /// for the server, which keeps the others when an edit changed nothing the rule reads.
    /// A rule whose findings can be found by place finds only those.
    fn check_document_within(
        &self,
        doc: &Analysis,
        within: Range<usize>,
        out: &mut Vec<Diagnostic>,
    ) {
        let mut all = Vec::new();
        self.check_document(doc, &mut all);
        out.extend(all.into_iter().filter(|d| within.contains(&d.span.start)));
    }
}

/// Every rule, built from the (possibly user-extended) rule data; the quotation rules read
/// the engine's cue lexicon. The families build at once where cores are free: the house
/// list and the phrasing recognisers are most of start-up.
pub fn build(data: &DataSet, cues: &Arc<Cues>) -> Result<Vec<Box<dyn Rule>>, DataError> {
    let ((phrasing, quotes), names) = rayon::join(
        || rayon::join(|| phrasing::rules(data), || quotes::rules(cues)),
        || names::rules(data),
    );
    let mut rules = phrasing?;
    rules.extend(quotes);
    rules.extend(names?);
    Ok(rules)
}
