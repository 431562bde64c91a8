//! What one paragraph alone says about its names: every capitalised word that may be a
//! name, with its form, key, span and the name word it would continue. Whether it *is* a
//! name depends on one document-wide fact only, whether the document also writes the word
//! in lower case; [`Candidates::mentions`] applies that fact. Splitting the two lets the
//! server keep a paragraph's candidates while the paragraph is unchanged.

use std::ops::Range;

use super::{
    fold, is_capitalised, is_common_word, lower_into, mojibake, strip_possessive,
    title as title_of, Mention, OPENERS, PARTICLES,
};
use crate::segment::{Block, Paragraph, TokenKind};

/// A capitalised word that is a name unless the document writes it in lower case too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Candidate {
    /// Paragraph-local span of the word without its possessive ending.
    span: Range<usize>,
    form: String,
    key: String,
    /// The word lower-cased, which makes it no name where the document has it; `None`
    /// after a title, when it is a name whatever else the document writes.
    pub(super) lowered: Option<Box<str>>,
    /// The title just before it.
    title: Option<&'static str>,
    initial: bool,
    garbled: bool,
    /// Whether it continues the name of the candidate before it, if that one is a name:
    /// only spaces, an adjoining hyphen or particles lie between them, and no possessive
    /// ended that one.
    joins: bool,
}

/// The candidates of one paragraph, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Candidates(pub(super) Vec<Candidate>);

/// The words of `p` written in lower case: a capitalised word that is one of them is
/// capitalised for its position, not a name.
pub(super) fn lower_words(p: &Paragraph) -> impl Iterator<Item = &str> + '_ {
    p.words()
        .map(|t| p.token_text(t))
        .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
}

impl Candidates {
    pub(super) fn scan(p: &Paragraph) -> Candidates {
        let garbled = mojibake::garbled_words(&p.text);
        let mut out = Vec::new();
        // The end of the previous candidate, while only spaces, an adjoining hyphen or
        // particles follow it (so that it would be the previous name word, were it a name).
        let mut last: Option<usize> = None;
        let mut title: Option<&'static str> = None; // just seen, before the name
        let mut initial = true;
        let mut lowered = String::new();
        for t in &p.tokens {
            // The segmenter splits a garbled word ("GÃ©rard"): it counts once, repaired.
            let repaired = garbled
                .iter()
                .find(|g| g.span.start < t.end() && t.start() < g.span.end);
            if repaired.is_some_and(|g| t.start() > g.span.start) {
                continue;
            }
            if repaired.is_none() {
                match t.kind {
                    TokenKind::Word => {}
                    // a line break inside a paragraph is wrapping: "Matej\nKranjc" is one name
                    TokenKind::Space { newline } => {
                        initial |= newline;
                        continue;
                    }
                    // "Okonjo-Iweala" is one name; "- Ana" at the head of a list line is not
                    TokenKind::Punct if p.token_text(t) == "-" && last == Some(t.start()) => {
                        continue
                    }
                    _ => {
                        last = None;
                        let mark = p.token_text(t);
                        title = title.filter(|_| mark == ".");
                        initial |= OPENERS.contains(&mark);
                        continue;
                    }
                }
            }
            let at_start = std::mem::replace(&mut initial, false);
            let (word, start) = match repaired {
                Some(g) => (g.repaired.as_str(), g.span.start),
                None => (p.token_text(t), t.start()),
            };
            if let Some(found) = title_of(word) {
                last = None;
                title = Some(found);
                continue;
            }
            if PARTICLES.contains(&word) && last.is_some() {
                continue;
            }
            let stem = strip_possessive(word);
            let titled = title.take();
            let judged_by = if !is_capitalised(stem) {
                None
            } else if titled.is_some() {
                // after a title, a name even when it is also a common word ("Mr Stone")
                Some(None)
            } else {
                lower_into(stem, &mut lowered);
                (!is_common_word(&lowered)).then(|| Some(lowered.as_str().into()))
            };
            let Some(lowered) = judged_by else {
                last = None;
                continue;
            };
            let span = match repaired {
                Some(g) => g.span.clone(),
                None => start..start + stem.len(),
            };
            // a possessive ends the name: "Smith's John" is two names
            let ends = stem.len() < word.len();
            out.push(Candidate {
                joins: last.is_some(),
                form: stem.to_string(),
                key: fold(stem),
                lowered,
                title: titled,
                initial: at_start || p.block == Block::Heading,
                garbled: repaired.is_some(),
                span: span.clone(),
            });
            last = (!ends).then_some(span.end);
        }
        Candidates(out)
    }

    /// Append to `out` the candidates that are names, for a paragraph starting at document
    /// offset `start` in a document that writes in lower case the words `is_lower` says.
    pub(super) fn mentions(
        &self,
        start: usize,
        is_lower: impl Fn(&str) -> bool,
        out: &mut Vec<Mention>,
    ) {
        let mut previous_is_name = false;
        for c in &self.0 {
            let is_name = c.lowered.as_deref().is_none_or(|w| !is_lower(w));
            if is_name {
                let i = out.len();
                let prev = (c.joins && previous_is_name).then(|| i - 1);
                // a name's title is the one before its first word
                let title = match prev {
                    Some(p) => {
                        out[p].next = Some(i);
                        out[p].title
                    }
                    None => c.title,
                };
                out.push(Mention {
                    span: start + c.span.start..start + c.span.end,
                    form: c.form.clone(),
                    key: c.key.clone(),
                    prev,
                    next: None,
                    initial: c.initial,
                    title,
                    garbled: c.garbled,
                });
            }
            previous_is_name = is_name;
        }
    }

    /// The lower-cased words whose presence in the document decides a candidate.
    pub(super) fn judged_by(&self) -> impl Iterator<Item = &str> + '_ {
        self.0.iter().filter_map(|c| c.lowered.as_deref())
    }
}
