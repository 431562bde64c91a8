//! What one paragraph alone says about its names: every capitalised word that may be a
//! name, with its form, key, span and the name word it would continue. Whether it *is* a
//! name depends on one document-wide fact only, whether the document also writes the word
//! in lower case; [`Candidates::mentions`] applies that fact. Splitting the two lets the
//! server keep a paragraph's candidates while the paragraph is unchanged.

use std::ops::Range;
use std::sync::Arc;

use super::{
    fold_into, is_capitalised, is_common_word, lower_into, mojibake, strip_possessive,
    title as title_of, Mention, OPENERS, PARTICLES,
};
use crate::segment::{Block, Paragraph, TokenKind};

/// A capitalised word that is a name unless the document writes it in lower case too.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Candidate {
    /// Paragraph-local span of the word without its possessive ending.
    span: Range<usize>,
    /// Where its form (the word as written), its key and the word lower-cased lie in
    /// [`Candidates::words`], end to end: `form_end` and `key_end` end the first two. The
    /// lower-cased word is not written again when it is the key (a word of ASCII letters
    /// and digits alone, most of them).
    at: u32,
    form_end: u32,
    key_end: u32,
    lowered_end: u32,
    /// Whether the document writing the word in lower case makes it no name: not after a
    /// title, when the word is a name whatever else the document writes.
    judged: bool,
    /// The title just before it.
    title: Option<&'static str>,
    initial: bool,
    garbled: bool,
    /// Whether it continues the name of the candidate before it, if that one is a name:
    /// only spaces, an adjoining hyphen or particles lie between them, and no possessive
    /// ended that one.
    joins: bool,
}

/// The candidates of one paragraph (or, while a document is extracted at once, of all its
/// paragraphs), in order, with their words in one string rather than three of their own
/// each, which their mentions share.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Candidates {
    list: Vec<Candidate>,
    words: Arc<String>,
}

/// The words of `p` written in lower case: a capitalised word that is one of them is
/// capitalised for its position, not a name.
pub(super) fn lower_words(p: &Paragraph) -> impl Iterator<Item = &str> + '_ {
    p.words().map(|t| p.token_text(t)).filter(|w| is_lower(w))
}

/// Whether `word` is written in lower case (starts with a lower-case letter).
pub(super) fn is_lower(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_lowercase)
}

fn end_of(words: &str) -> u32 {
    u32::try_from(words.len()).expect("a paragraph's names are under 4 GB")
}

impl Candidates {
    /// The candidates of `p`, with spans in the paragraph.
    pub(super) fn scan(p: &Paragraph) -> Candidates {
        let mut out = Candidates::default();
        out.add(p, 0);
        out.shrink_to_fit();
        out
    }

    /// Without the room left over: the words are kept as long as their mentions.
    pub(super) fn shrink_to_fit(&mut self) {
        Arc::make_mut(&mut self.words).shrink_to_fit();
        self.list.shrink_to_fit();
    }

    /// Append the candidates of `p`, with spans `offset` bytes on: a document extracted at
    /// once fills one list and one string, not two of them per paragraph. The first
    /// candidate of a paragraph continues no name.
    pub(super) fn add(&mut self, p: &Paragraph, offset: usize) {
        let garbled = mojibake::garbled_words(&p.text);
        // not shared with mentions while candidates are added
        let words = Arc::make_mut(&mut self.words);
        // The end of the previous candidate, while only spaces, an adjoining hyphen or
        // particles follow it (so that it would be the previous name word, were it a name).
        let mut last: Option<usize> = None;
        let mut title: Option<&'static str> = None; // just seen, before the name
        let mut initial = true;
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
            if last.is_some() && PARTICLES.contains(&word) {
                continue;
            }
            // Most words start in lower case: neither titles nor names.
            if word.as_bytes().first().is_some_and(u8::is_ascii_lowercase) {
                last = None;
                title = None;
                continue;
            }
            if let Some(found) = title_of(word) {
                last = None;
                title = Some(found);
                continue;
            }
            let stem = strip_possessive(word);
            let titled = title.take();
            if !is_capitalised(stem) {
                last = None;
                continue;
            }
            // the form, its key and the word lower-cased: thrice the stem, but for the rare
            // letters whose lower case or folding is longer
            words.reserve(3 * stem.len());
            let at = end_of(words);
            words.push_str(stem);
            let form_end = end_of(words);
            fold_into(stem, words);
            let key_end = end_of(words);
            // after a title, a name even when it is also a common word ("Mr Stone")
            let judged = titled.is_none();
            if judged {
                // letters and digits alone fold to the word lower-cased
                let lowered = if stem.bytes().all(|b| b.is_ascii_alphanumeric()) {
                    &words[form_end as usize..]
                } else {
                    lower_into(stem, words);
                    &words[key_end as usize..]
                };
                if is_common_word(lowered) {
                    words.truncate(at as usize);
                    last = None;
                    continue;
                }
            }
            let span = match repaired {
                Some(g) => offset + g.span.start..offset + g.span.end,
                None => offset + start..offset + start + stem.len(),
            };
            // a possessive ends the name: "Smith's John" is two names
            let ends = stem.len() < word.len();
            self.list.push(Candidate {
                joins: last.is_some(),
                at,
                form_end,
                key_end,
                lowered_end: end_of(words),
                judged,
                title: titled,
                initial: at_start || p.block == Block::Heading,
                garbled: repaired.is_some(),
                span: span.clone(),
            });
            last = (!ends).then_some(span.end - offset);
        }
    }

    /// How many candidates there are.
    pub(super) fn len(&self) -> usize {
        self.list.len()
    }

    fn key(&self, c: &Candidate) -> &str {
        &self.words[c.form_end as usize..c.key_end as usize]
    }

    /// The word lower-cased, if the document writing it makes the candidate no name.
    fn lowered(&self, c: &Candidate) -> Option<&str> {
        c.judged.then(|| match c.lowered_end > c.key_end {
            true => &self.words[c.key_end as usize..c.lowered_end as usize],
            false => self.key(c),
        })
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
        for c in &self.list {
            let is_name = self.lowered(c).is_none_or(|w| !is_lower(w));
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
                    text: self.words.clone(),
                    at: c.at,
                    split: c.form_end,
                    end: c.key_end,
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
        self.list.iter().filter_map(|c| self.lowered(c))
    }
}
