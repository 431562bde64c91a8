//! Words, numbers, punctuation and whitespace, by Unicode word boundaries (UAX #29).

use unicode_segmentation::UnicodeSegmentation;

use super::OPAQUE;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Starts with a letter: "Seagal", "don't", "U.S", "Seagal’s".
    Word,
    /// Starts with a digit: "1980", "3.5".
    Number,
    /// Whitespace; `newline` when it holds a line break.
    Space { newline: bool },
    /// Any other single mark: `"`, `,`, `—`, `’`.
    Punct,
    /// Inline code or other content that is not prose.
    Opaque,
}

/// A token's paragraph-local byte span and kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
}

impl Token {
    pub fn span(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }

    pub fn is_word(&self) -> bool {
        self.kind == TokenKind::Word
    }

    pub fn is_space(&self) -> bool {
        matches!(self.kind, TokenKind::Space { .. })
    }
}

pub(super) fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens: Vec<Token> = Vec::with_capacity(text.len() / 3);
    for (start, seg) in text.split_word_bound_indices() {
        let end = start + seg.len();
        let first = seg.chars().next().unwrap_or(' ');
        let kind = if seg.as_bytes()[0] == OPAQUE {
            TokenKind::Opaque
        } else if first.is_alphabetic() {
            TokenKind::Word
        } else if first.is_numeric() {
            TokenKind::Number
        } else if first.is_whitespace() || first == '\u{feff}' {
            TokenKind::Space {
                newline: seg.contains(['\n', '\r']),
            }
        } else {
            TokenKind::Punct
        };
        // Merge runs the segmenter splits: consecutive opaque bytes, or whitespace pieces.
        if let Some(last) = tokens.last_mut() {
            let same_run = match (last.kind, kind) {
                (TokenKind::Opaque, TokenKind::Opaque) => true,
                (TokenKind::Space { newline: a }, TokenKind::Space { newline: b }) => {
                    last.kind = TokenKind::Space { newline: a || b };
                    true
                }
                _ => false,
            };
            if same_run && last.end == start {
                last.end = end;
                continue;
            }
        }
        tokens.push(Token { start, end, kind });
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(&str, TokenKind)> {
        tokenize(text)
            .into_iter()
            .map(|t| (&text[t.start..t.end], t.kind))
            .collect()
    }

    #[test]
    fn words_numbers_and_marks() {
        let got = kinds("Seagal’s 1990s don't\n\"x\"");
        let words: Vec<_> = got
            .iter()
            .filter(|(_, k)| *k == TokenKind::Word)
            .map(|(s, _)| *s)
            .collect();
        assert_eq!(words, vec!["Seagal’s", "don't", "x"]);
        assert!(got.contains(&("1990s", TokenKind::Number)));
        assert!(got.contains(&("\n", TokenKind::Space { newline: true })));
        assert!(got.contains(&("\"", TokenKind::Punct)));
    }

    #[test]
    fn opaque_runs_are_one_token() {
        let text = "the \u{1a}\u{1a}\u{1a} the";
        let got = kinds(text);
        assert_eq!(got[2], ("\u{1a}\u{1a}\u{1a}", TokenKind::Opaque));
    }
}
