//! Plain text: every non-blank run of lines is a paragraph.

use super::{Block, Paragraph};

pub(super) fn paragraphs(text: &str) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let mut para: Option<(usize, usize)> = None; // start, end of last non-blank line
    let mut pos = 0;
    // Line breaks found by memchr's vector search, which passes a line in a few
    // instructions: most lines hold no carriage return.
    while pos < text.len() {
        let end =
            memchr::memchr(b'\n', &text.as_bytes()[pos..]).map_or(text.len(), |i| pos + i + 1);
        let body = text[pos..end].trim_end_matches(['\n', '\r']);
        // a lone CR also ends a line
        for (i, piece) in split_lone_cr(body) {
            let start = pos + i;
            let end = start + piece.len();
            if piece.chars().all(char::is_whitespace) {
                if let Some((s, e)) = para.take() {
                    out.push(Paragraph::new(s, text[s..e].to_string(), Block::Text));
                }
            } else {
                para = Some((para.map_or(start, |(s, _)| s), end));
            }
        }
        pos = end;
    }
    if let Some((s, e)) = para {
        out.push(Paragraph::new(s, text[s..e].to_string(), Block::Text));
    }
    out
}

/// Pieces of a line split at lone carriage returns, with their offsets in the line: what
/// `body.split('\r')` gives.
fn split_lone_cr(body: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut at = Some(0);
    std::iter::from_fn(move || {
        let from = at?;
        let rest = &body[from..];
        Some(match memchr::memchr(b'\r', rest.as_bytes()) {
            Some(cr) => {
                at = Some(from + cr + 1);
                (from, &rest[..cr])
            }
            None => {
                at = None;
                (from, rest)
            }
        })
    })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// Lines and pieces found by memchr are those of `str::split`: line feeds, lone
        /// and doubled carriage returns, blank lines of spaces beyond ASCII.
        #[test]
        fn paragraphs_are_split_at_blank_lines(text in "[a \n\r\t\u{0B}\u{A0}\u{3000}]{0,30}") {
            let mut expected = Vec::new();
            let mut para: Option<(usize, usize)> = None;
            let mut pos = 0;
            for line in text.split_inclusive('\n') {
                let body = line.trim_end_matches(['\n', '\r']);
                let mut offset = 0;
                for piece in body.split('\r') {
                    let start = pos + offset;
                    offset += piece.len() + 1;
                    if piece.chars().all(char::is_whitespace) {
                        expected.extend(para.take());
                    } else {
                        para = Some((para.map_or(start, |(s, _)| s), start + piece.len()));
                    }
                }
                pos += line.len();
            }
            expected.extend(para);
            let got: Vec<(usize, usize)> = paragraphs(&text)
                .iter()
                .map(|p| (p.start, p.start + p.text.len()))
                .collect();
            prop_assert_eq!(got, expected);
        }
    }

    #[test]
    fn blank_lines_separate_paragraphs() {
        let text = "One line.\nStill one.\r\n\r\n  \nTwo.\rThree? no\n";
        let paras = paragraphs(text);
        let texts: Vec<_> = paras.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, vec!["One line.\nStill one.", "Two.\rThree? no"]);
        for p in &paras {
            assert_eq!(&text[p.span()], p.text);
        }
    }
}
