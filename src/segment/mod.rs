//! Text → paragraphs of prose → sentences and tokens.
//!
//! Every paragraph keeps the byte length of its source: markup that is not prose (Markdown
//! syntax, link URLs, inline HTML) is blanked to spaces and inline code to [`OPAQUE`] bytes,
//! so an offset into a paragraph plus its `start` is an offset into the file, with no
//! mapping tables. Rules see paragraphs in local coordinates; the engine shifts their
//! findings, which is what lets the language server cache a paragraph's findings by content.

mod markdown;
mod plain;
mod sentence;
mod token;

use std::cell::Cell;
use std::ops::Range;
use std::thread::LocalKey;

pub use token::{Token, TokenKind};

use crate::document::DocKind;

/// The byte that stands for each byte of inline code: a word boundary no rule reads as text.
pub const OPAQUE: u8 = 0x1A;

/// What kind of block a paragraph came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Block {
    /// Body text, list items, table cells, block quotes.
    Text,
    /// A Markdown heading: headlines carry no attribution and no full stop.
    Heading,
}

/// One block of prose with its sentences and tokens, in paragraph-local byte offsets.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Paragraph {
    /// Byte offset of `text` in the file.
    pub start: usize,
    /// The prose, as long in bytes as its source, with non-prose blanked.
    pub text: String,
    pub block: Block,
    pub tokens: Vec<Token>,
    pub sentences: Vec<Range<usize>>,
}

impl Paragraph {
    pub fn new(start: usize, text: String, block: Block) -> Paragraph {
        // Each of its exact size (see `exact`): the language server keeps every open
        // document's paragraphs, and tokens are most of a document's memory.
        let tokens = token::tokenize(&text);
        let sentences = sentence::split(&text);
        Paragraph {
            start,
            text,
            block,
            tokens,
            sentences,
        }
    }

    /// The span of this paragraph in the file.
    pub fn span(&self) -> Range<usize> {
        self.start..self.start + self.text.len()
    }

    pub fn token_text(&self, token: &Token) -> &str {
        &self.text[token.start()..token.end()]
    }

    /// Tokens that are words (letters, with inner apostrophes and dots: "don't", "U.S").
    pub fn words(&self) -> impl Iterator<Item = &Token> + '_ {
        self.tokens.iter().filter(|t| t.kind == TokenKind::Word)
    }

    /// The index of the sentence holding local byte `offset`.
    pub fn sentence_at(&self, offset: usize) -> Option<usize> {
        self.sentences
            .iter()
            .position(|s| s.start <= offset && offset < s.end)
    }
}

/// An inline directive found in an HTML comment, e.g. `<!-- copydesk-disable phrasing/residue -->`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// Byte offset of the comment in the file.
    pub offset: usize,
    pub action: DirectiveAction,
    /// Rule ids or family names; empty means every rule.
    pub rules: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirectiveAction {
    DisableNextLine,
    Disable,
    Enable,
}

/// A file cut into prose paragraphs, plus its suppression directives.
#[derive(Debug, Clone, Default)]
pub struct Segmented {
    pub paragraphs: Vec<Paragraph>,
    pub directives: Vec<Directive>,
}

pub fn segment(text: &str, kind: DocKind) -> Segmented {
    let mut segmented = match kind {
        DocKind::Markdown => markdown::segment(text),
        DocKind::Text => Segmented {
            paragraphs: plain::paragraphs(text),
            directives: Vec::new(),
        },
    };
    // Kept as long as the document is open in the server (see `Paragraph::new`).
    segmented.paragraphs.shrink_to_fit();
    segmented
}

/// The largest buffer [`exact`] keeps for the next paragraph, in bytes.
const MAX_KEPT: usize = 1 << 20;

/// What `fill` pushes onto an empty vector, in a vector of its exact size. `fill` pushes
/// onto a buffer kept per thread, copied out once: growing a vector per paragraph, and
/// shrinking it to keep, cost an allocation or two more and a copy. A buffer grown past
/// [`MAX_KEPT`] is dropped rather than kept.
fn exact<T: Clone>(
    buffer: &'static LocalKey<Cell<Vec<T>>>,
    fill: impl FnOnce(&mut Vec<T>),
) -> Vec<T> {
    let mut buf = buffer.take();
    buf.clear();
    fill(&mut buf);
    let out = buf.to_vec();
    if buf.capacity() * std::mem::size_of::<T>() <= MAX_KEPT {
        buffer.set(buf);
    }
    out
}

/// The index of the first non-ASCII byte, eight bytes at a time: most prose is ASCII.
fn first_non_ascii(bytes: &[u8]) -> Option<usize> {
    let mut at = 0;
    for word in bytes.chunks_exact(8) {
        let word = u64::from_le_bytes(word.try_into().unwrap_or_default());
        if word & 0x8080_8080_8080_8080 != 0 {
            break;
        }
        at += 8;
    }
    bytes[at..]
        .iter()
        .position(|b| !b.is_ascii())
        .map(|i| at + i)
}

/// Directives in one HTML comment or HTML block (`offset` is where `html` starts in the file).
fn parse_directives(html: &str, offset: usize, out: &mut Vec<Directive>) {
    let mut rest = html;
    let mut base = offset;
    while let Some(open) = rest.find("<!--") {
        // "<!-->" and "<!--->" are whole (empty) comments: look for the end from "<!".
        let Some(close) = rest[open + 2..].find("-->").map(|c| open + 2 + c) else {
            return;
        };
        let body = rest.get(open + 4..close).unwrap_or("").trim();
        if let Some(cmd) = body.strip_prefix("copydesk-") {
            let mut words = cmd.split_whitespace();
            let action = match words.next() {
                Some("disable-next-line") => Some(DirectiveAction::DisableNextLine),
                Some("disable") => Some(DirectiveAction::Disable),
                Some("enable") => Some(DirectiveAction::Enable),
                _ => None,
            };
            if let Some(action) = action {
                out.push(Directive {
                    offset: base + open,
                    action,
                    rules: words.map(|w| w.trim_end_matches(',').to_string()).collect(),
                });
            }
        }
        let consumed = close + 3;
        base += consumed;
        rest = &rest[consumed..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives_are_parsed() {
        let mut out = Vec::new();
        parse_directives(
            "<!-- copydesk-disable phrasing/residue names -->x<!-- copydesk-enable -->",
            10,
            &mut out,
        );
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].offset, 10);
        assert_eq!(out[0].action, DirectiveAction::Disable);
        assert_eq!(out[0].rules, vec!["phrasing/residue", "names"]);
        assert_eq!(out[1].action, DirectiveAction::Enable);
        assert!(out[1].rules.is_empty());
    }

    #[test]
    fn empty_comments_do_not_panic() {
        let mut out = Vec::new();
        parse_directives("<!--> x <!---> <!-- copydesk-enable -->", 0, &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].offset, 15);
    }
}
