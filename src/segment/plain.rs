//! Plain text: every non-blank run of lines is a paragraph.

use super::{Block, Paragraph};

pub(super) fn paragraphs(text: &str) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let mut para: Option<(usize, usize)> = None; // start, end of last non-blank line
    let mut pos = 0;
    // Split at a char rather than a set of chars: the search is then memchr's.
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
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
        pos += line.len();
    }
    if let Some((s, e)) = para {
        out.push(Paragraph::new(s, text[s..e].to_string(), Block::Text));
    }
    out
}

/// Pieces of a line split at lone carriage returns, with their offsets in the line.
fn split_lone_cr(body: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = 0;
    body.split('\r').map(move |piece| {
        let at = offset;
        offset += piece.len() + 1;
        (at, piece)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
