//! Runs the rules over a document and tidies what they found: levels from the config,
//! suppression comments, ignored words, fixes that would touch markup, and the quotation
//! note on fixes that would change a quote's words.
//!
//! Paragraph rules run per paragraph in local offsets (the server caches them by paragraph
//! content); context rules per paragraph with a key of what they read beyond it (the server
//! caches them while the key holds); document rules run once on the [`Analysis`].
//! [`Engine::finish`] is the single place every finding passes through before a front end
//! sees it.

use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::analysis::cues::Cues;
use crate::analysis::Analysis;
use crate::config::{Config, ConfigError, Level};
use crate::data::DataSet;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::DocKind;
use crate::fix::QUOTE_NOTE;
use crate::rules::{self, ContextKey, PerParagraph, Rule, Scope, FAMILIES};
use crate::segment::Paragraph;
use crate::suppress::Suppressions;

pub struct Engine {
    rules: Vec<Box<dyn Rule>>,
    /// Per [`Scope`], the enabled rules' indices: the server asks per paragraph per edit.
    by_scope: [Vec<usize>; 3],
    /// Per rule id, its default severity and its level (`None` when turned off): asked for
    /// every finding finished, so hashed cheaply.
    by_id: FxHashMap<&'static str, (Severity, Option<Severity>)>,
    /// Lower-cased words never reported.
    ignore_words: Vec<String>,
    /// Speech verbs with the user's edits: the quote model must attribute with the same
    /// list the quote rules use, or an added verb would still leave its quotes "unattributed".
    cues: Arc<Cues>,
}

impl Default for Engine {
    /// Every rule at its default level with the shipped data.
    fn default() -> Engine {
        // The shipped data is checked by the test suite; failing here is a build defect.
        Engine::new(&Config::default()).expect("the embedded rule data is valid")
    }
}

impl Engine {
    pub fn new(config: &Config) -> Result<Engine, ConfigError> {
        let data = DataSet::with_edits(&config.data).map_err(|e| config.error_at(0..0, e.0))?;
        let cues = Arc::new(Cues::new(&data).map_err(|e| config.error_at(0..0, e.0))?);
        let rules = rules::build(&data, &cues).map_err(|e| config.error_at(0..0, e.0))?;
        let mut levels: Vec<Option<Severity>> =
            rules.iter().map(|r| Some(r.meta().severity)).collect();
        // Families first, then single rules, so `quotes = "off"` with one rule back on works.
        let mut settings: Vec<&(String, Level, Range<usize>)> = config.rules.iter().collect();
        settings.sort_by_key(|(key, _, _)| key.contains('/'));
        for (key, level, span) in settings {
            let matching: Vec<usize> = (0..rules.len())
                .filter(|&i| {
                    let meta = rules[i].meta();
                    meta.id == key || meta.family() == key
                })
                .collect();
            if matching.is_empty() {
                return Err(config.error_at(
                    span.clone(),
                    format!(
                        "rules.\"{key}\": no such rule or family (families: {}; see --list-rules)",
                        FAMILIES.join(", ")
                    ),
                ));
            }
            for i in matching {
                levels[i] = match level {
                    Level::Off => None,
                    Level::On(sev) => Some(*sev),
                };
            }
        }
        let by_scope = [Scope::Paragraph, Scope::Context, Scope::Document].map(|scope| {
            (0..rules.len())
                .filter(|&i| levels[i].is_some() && rules[i].meta().scope == scope)
                .collect()
        });
        let by_id = rules
            .iter()
            .zip(&levels)
            .map(|(r, l)| (r.meta().id, (r.meta().severity, *l)))
            .collect();
        Ok(Engine {
            by_id,
            rules,
            by_scope,
            ignore_words: config
                .ignore_words
                .iter()
                .map(|w| w.to_lowercase())
                .collect(),
            cues,
        })
    }

    pub fn rules(&self) -> impl Iterator<Item = &dyn Rule> + '_ {
        self.rules.iter().map(|r| r.as_ref())
    }

    pub fn rule(&self, id: &str) -> Option<&dyn Rule> {
        self.rules().find(|r| r.meta().id == id)
    }

    fn enabled(&self, scope: Scope) -> impl Iterator<Item = &dyn Rule> + '_ {
        self.by_scope[scope as usize]
            .iter()
            .map(|&i| self.rules[i].as_ref())
    }

    /// Lint a whole text: analysis, every rule, then [`Engine::finish`].
    pub fn lint(&self, text: &str, kind: DocKind) -> Vec<Diagnostic> {
        self.lint_analysis(&self.analyse(text.to_string(), kind))
    }

    /// The document-level facts rules consult, with this engine's cue verbs.
    pub fn analyse(&self, text: String, kind: DocKind) -> Analysis {
        Analysis::with_cues(text, kind, &self.cues)
    }

    pub fn cues(&self) -> &Cues {
        &self.cues
    }

    pub fn lint_analysis(&self, doc: &Analysis) -> Vec<Diagnostic> {
        let mut found = Vec::new();
        for (i, p) in doc.paragraphs.iter().enumerate() {
            let mut local = self.lint_paragraph(p);
            local.extend(self.lint_in_context(doc, i));
            found.extend(local.into_iter().map(|d| d.shifted(p.start)));
        }
        found.extend(self.lint_document(doc));
        self.finish(doc, found)
    }

    /// Paragraph rules on one paragraph, in its local offsets, before [`Engine::finish`].
    pub fn lint_paragraph(&self, paragraph: &Paragraph) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let shared = PerParagraph::new(paragraph);
        for rule in self.enabled(Scope::Paragraph) {
            rule.check_paragraph(paragraph, &shared, &mut out);
        }
        out
    }

    /// Context rules on paragraph `index`, in its local offsets, before [`Engine::finish`].
    pub fn lint_in_context(&self, doc: &Analysis, index: usize) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for rule in self.enabled(Scope::Context) {
            rule.check_context(doc, index, &mut out);
        }
        out
    }

    /// The document-wide facts the context rules read ([`Rule::document_context`]), hashed
    /// once per analysis: while it and a paragraph's [`Engine::context_key`] and asked words
    /// stay the same, so do the context findings in the paragraph.
    pub fn document_key(&self, doc: &Analysis) -> u64 {
        let mut key = ContextKey::new();
        for rule in self.enabled(Scope::Context) {
            rule.document_context(doc, &mut key);
        }
        key.finish()
    }

    /// The words of paragraph `p` whose [`crate::rules::word_facts::WordFacts`] the context
    /// rules read there, as [`crate::rules::word_facts::word_hash`]es.
    pub fn asked_words(&self, p: &Paragraph) -> Box<[u64]> {
        let mut asks = Vec::new();
        for rule in self.enabled(Scope::Context) {
            rule.asks(p, &mut asks);
        }
        asks.into()
    }

    /// What the context rules read around paragraph `index`, hashed: the quotations that
    /// overlap it and what [`Rule::context`] adds. The server keeps it per paragraph and
    /// asks again for the paragraphs an edit re-segmented, their neighbours and those whose
    /// quotations were paired or attributed again.
    pub fn context_key(&self, doc: &Analysis, index: usize) -> u64 {
        let mut key = ContextKey::new();
        let p = &doc.paragraphs[index];
        // The quotations overlapping the paragraph, relative to it: every context rule
        // about quotes reads them.
        let first = doc.quotes.partition_point(|q| q.span.end <= p.start);
        for q in doc.quotes[first..]
            .iter()
            .take_while(|q| q.span.start < p.span().end)
        {
            let local =
                |r: &Range<usize>| (r.start.wrapping_sub(p.start), r.end.wrapping_sub(p.start));
            local(&q.span).hash(&mut key);
            local(&q.inner).hash(&mut key);
            q.attribution
                .as_ref()
                .map(|a| {
                    (
                        &a.speaker,
                        &a.cue,
                        local(&a.speaker_span),
                        local(&a.cue_span),
                    )
                })
                .hash(&mut key);
        }
        for rule in self.enabled(Scope::Context) {
            rule.context(doc, index, &mut key);
        }
        key.finish()
    }

    /// Document rules, in document offsets, before [`Engine::finish`].
    pub fn lint_document(&self, doc: &Analysis) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for rule in self.enabled(Scope::Document) {
            rule.check_document(doc, &mut out);
        }
        out
    }

    /// Those of [`Engine::lint_document`]'s findings that start in `within`.
    pub fn lint_document_within(&self, doc: &Analysis, within: Range<usize>) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for rule in self.enabled(Scope::Document) {
            rule.check_document_within(doc, within.clone(), &mut out);
        }
        out
    }

    /// Apply levels, suppressions and ignored words; drop unsafe fixes; mark fixes inside
    /// quotations; sort by position.
    pub fn finish(&self, doc: &Analysis, found: Vec<Diagnostic>) -> Vec<Diagnostic> {
        let finisher = self.finisher(doc);
        let mut out: Vec<Diagnostic> = found
            .into_iter()
            .filter_map(|d| finisher.finish(d))
            .collect();
        sort(&mut out);
        out
    }

    /// What [`Engine::finish`] does to each finding of `doc`, for a caller finishing
    /// findings in parts (the server, paragraph by paragraph).
    pub fn finisher<'a>(&'a self, doc: &'a Analysis) -> Finisher<'a> {
        Finisher {
            engine: self,
            doc,
            suppressions: Suppressions::new(&doc.text, &doc.directives),
        }
    }

    fn is_ignored(&self, flagged: &str) -> bool {
        !self.ignore_words.is_empty()
            && self
                .ignore_words
                .iter()
                .any(|w| flagged.to_lowercase().contains(w.as_str()))
    }
}

/// [`Engine::finish`] for one finding at a time.
pub struct Finisher<'a> {
    engine: &'a Engine,
    doc: &'a Analysis,
    suppressions: Suppressions<'a>,
}

impl Finisher<'_> {
    /// The finding as [`Engine::finish`] gives it, or `None` when it drops it. What it reads
    /// beyond the finding: the text under it and its fixes, the paragraphs and quotations
    /// those overlap, and the suppression comments.
    pub fn finish(&self, d: Diagnostic) -> Option<Diagnostic> {
        Some(self.judge(&d)?.apply(d))
    }

    /// What [`Finisher::finish`] does to `d`, for a caller that keeps it to apply again to
    /// the same finding while what it reads stands (`None`: `d` is dropped).
    pub fn judge(&self, d: &Diagnostic) -> Option<Finish> {
        let (engine, doc) = (self.engine, self.doc);
        let (default, level) = *engine.by_id.get(d.rule)?;
        // The configured level replaces the rule's default; a finding the rule itself
        // reported below its default (a milder case) stays no louder.
        let severity = if d.severity < default {
            d.severity.min(level?)
        } else {
            level?
        };
        if !is_valid_span(&doc.text, &d.span)
            || self.suppressions.is_suppressed(d)
            || engine.is_ignored(&doc.text[d.span.clone()])
        {
            return None;
        }
        let safe: Vec<bool> = d.fixes.iter().map(|f| fix_is_safe(doc, &f.span)).collect();
        let quoted = (d.fixes.iter().zip(&safe))
            .any(|(f, &safe)| safe && touches_quoted_words(doc, &f.span));
        Some(Finish {
            severity,
            safe,
            quoted,
        })
    }
}

/// What finishing does to a finding it keeps: its level, the fixes it keeps, whether it
/// adds the quotation note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finish {
    severity: Severity,
    /// Per fix, whether it is kept.
    safe: Vec<bool>,
    quoted: bool,
}

impl Finish {
    /// `d` finished (`d` being the finding judged, or the same moved).
    pub fn apply(&self, mut d: Diagnostic) -> Diagnostic {
        d.severity = self.severity;
        let mut safe = self.safe.iter();
        d.fixes.retain(|_| safe.next().is_some_and(|&safe| safe));
        if self.quoted {
            d.note = Some(match d.note.take() {
                Some(note) => format!("{note}; {QUOTE_NOTE}"),
                None => QUOTE_NOTE.to_string(),
            });
        }
        d
    }
}

/// The order [`Engine::finish`] gives findings: by position, then rule.
pub fn order(d: &Diagnostic) -> (usize, usize, &'static str) {
    (d.span.start, d.span.end, d.rule)
}

/// Sort findings as [`Engine::finish`] does and drop repeats.
pub fn sort(found: &mut Vec<Diagnostic>) {
    found.sort_by(|a, b| order(a).cmp(&order(b)));
    found.dedup();
}

fn is_valid_span(text: &str, span: &Range<usize>) -> bool {
    span.start <= span.end
        && span.end <= text.len()
        && text.is_char_boundary(span.start)
        && text.is_char_boundary(span.end)
}

/// A fix may rewrite prose and the whitespace between paragraphs, never markup, code or
/// front matter: wherever it overlaps a paragraph, the paragraph's prose must equal the
/// source, and outside paragraphs it may only cover whitespace.
fn fix_is_safe(doc: &Analysis, span: &Range<usize>) -> bool {
    if !is_valid_span(&doc.text, span) {
        return false;
    }
    let mut pos = span.start;
    // Paragraphs are sorted and disjoint: start at the first that ends after the span's
    // start, stop at the first that starts after its end (the server runs this per edit).
    let first = doc
        .paragraphs
        .partition_point(|p| p.span().end <= span.start);
    for p in &doc.paragraphs[first..] {
        let ps = p.span();
        if ps.start >= span.end {
            break;
        }
        if !doc.text[pos..ps.start.max(pos)].trim().is_empty() {
            return false;
        }
        let (from, to) = (pos.max(ps.start), span.end.min(ps.end));
        if p.text[from - p.start..to - p.start] != doc.text[from..to] {
            return false;
        }
        pos = to;
    }
    doc.text[pos..span.end].trim().is_empty()
}

fn touches_quoted_words(doc: &Analysis, span: &Range<usize>) -> bool {
    // Quotations are sorted and disjoint: only the first ending after the span's start can touch it.
    let i = doc.quotes.partition_point(|q| q.inner.end <= span.start);
    doc.quotes
        .get(i)
        .is_some_and(|q| q.inner.start < span.end.max(span.start + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_turns_rules_off_and_names_unknown_ids() {
        let config = Config::parse("[rules]\nphrasing = \"off\"\n", None).unwrap();
        let engine = Engine::new(&config).unwrap();
        assert!(engine.lint("It was the the end.", DocKind::Text).is_empty());

        let config = Config::parse("[rules]\n\"phrasing/nope\" = \"off\"\n", None).unwrap();
        let err = Engine::new(&config).err().unwrap();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("no such rule"));
    }

    #[test]
    fn single_rule_overrides_its_family() {
        let config = Config::parse(
            "[rules]\n\"phrasing/doubled-word\" = \"error\"\nphrasing = \"off\"\n",
            None,
        )
        .unwrap();
        let found = Engine::new(&config)
            .unwrap()
            .lint("It was the the end.", DocKind::Text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Error);
    }

    #[test]
    fn fixes_never_touch_markup() {
        // "*the* the": the doubled word is real, but replacing across the markers would eat them.
        let found = Engine::default().lint("It was *the* the end.\n", DocKind::Markdown);
        let doubled: Vec<_> = found
            .iter()
            .filter(|d| d.rule == "phrasing/doubled-word")
            .collect();
        assert_eq!(doubled.len(), 1);
        for d in doubled {
            for f in &d.fixes {
                assert!(!f.span.contains(&7) && !f.span.contains(&11), "{f:?}");
            }
        }
    }

    #[test]
    fn fixes_inside_quotes_carry_the_note() {
        let found = Engine::default().lint("He said: \"It was the the end.\"", DocKind::Text);
        let d = found
            .iter()
            .find(|d| d.rule == "phrasing/doubled-word")
            .unwrap();
        assert_eq!(d.note.as_deref(), Some(QUOTE_NOTE));
        assert!(!crate::fix::is_automatic(d));
    }

    #[test]
    fn ignored_words_are_not_reported() {
        let config = Config::parse("ignore_words = [\"the the\"]\n", None).unwrap();
        let engine = Engine::new(&config).unwrap();
        assert!(engine.lint("It was the the end.", DocKind::Text).is_empty());
    }
}
