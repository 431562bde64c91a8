//! Direct quotations: spans between matching quote marks within a paragraph.

use std::ops::Range;

use crate::segment::Paragraph;

/// One direct quotation, in document byte offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// From the opening mark to the closing mark, both included.
    pub span: Range<usize>,
    /// The quoted words, without the marks.
    pub inner: Range<usize>,
}

/// Pairs straight double quotes in order, and curly ones by direction.
pub fn find(paragraphs: &[Paragraph]) -> Vec<Quote> {
    let mut out = Vec::new();
    for p in paragraphs {
        let mut open: Option<(usize, usize)> = None; // byte, mark length
        for (i, c) in p.text.char_indices() {
            match (c, open) {
                ('"', None) | ('\u{201C}', None) => open = Some((i, c.len_utf8())),
                ('"', Some((s, len))) | ('\u{201D}', Some((s, len))) => {
                    out.push(Quote {
                        span: p.start + s..p.start + i + c.len_utf8(),
                        inner: p.start + s + len..p.start + i,
                    });
                    open = None;
                }
                _ => {}
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::DocKind;
    use crate::segment::segment;

    #[test]
    fn straight_and_curly() {
        let text = "He said \"yes\" and \u{201C}no\u{201D}.";
        let seg = segment(text, DocKind::Text);
        let quotes = find(&seg.paragraphs);
        let inner: Vec<&str> = quotes.iter().map(|q| &text[q.inner.clone()]).collect();
        assert_eq!(inner, vec!["yes", "no"]);
    }
}
