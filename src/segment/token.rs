//! Words, numbers, punctuation and whitespace, by Unicode word boundaries (UAX #29).
//!
//! Most prose is ASCII, where the word-boundary rules come down to a few byte classes; the
//! Unicode tables are consulted only for the pieces of text that are not. A run of spaces
//! between ASCII characters is a segment of its own, and no rule looks across it, so the
//! text splits there into pieces bounded on their own (a property test checks
//! the result against `unicode-segmentation` on mixed text).

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

/// A token's paragraph-local byte span and kind, in 8 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Token {
    start: u32,
    len: u16,
    pub kind: TokenKind,
}

/// The longest token: a longer run is cut into tokens of at most this many bytes.
pub const MAX_TOKEN_LEN: usize = u16::MAX as usize;

/// Tokens are most of an open document's memory, so they are small: the start is a `u32`
/// (no paragraph comes near 4 GB; both front ends refuse inputs of a few MB:
/// `MAX_FILE_BYTES`, `MAX_LINT_BYTES`) and the length a `u16` ([`MAX_TOKEN_LEN`]).
impl Token {
    /// A token of at most [`MAX_TOKEN_LEN`] bytes.
    pub fn new(start: usize, end: usize, kind: TokenKind) -> Token {
        debug_assert!(end - start <= MAX_TOKEN_LEN);
        Token {
            start: start as u32,
            len: (end - start) as u16,
            kind,
        }
    }

    pub fn start(&self) -> usize {
        self.start as usize
    }

    pub fn end(&self) -> usize {
        self.start() + usize::from(self.len)
    }

    pub fn span(&self) -> std::ops::Range<usize> {
        self.start()..self.end()
    }

    pub fn is_word(&self) -> bool {
        self.kind == TokenKind::Word
    }

    pub fn is_space(&self) -> bool {
        matches!(self.kind, TokenKind::Space { .. })
    }
}

pub(super) fn tokenize(text: &str) -> Vec<Token> {
    // Sized once: prose has a token per 2.8 bytes or so, and `Paragraph::new` gives the
    // slack back (shrinking in place, where growing would copy).
    let mut tokens: Vec<Token> = Vec::with_capacity(text.len() / 2 + 1);
    let bytes = text.as_bytes();
    for_each_word_bound(text, |start, end| {
        let kind = match ASCII_KINDS.get(usize::from(bytes[start])) {
            Some(&kind) => kind,
            None => kind_of(&text[start..end]),
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
            if same_run && last.end() == start && end - last.start() <= MAX_TOKEN_LEN {
                last.len = (end - last.start()) as u16;
                return;
            }
        }
        push_cut(&mut tokens, text, start, end, kind);
    });
    tokens
}

/// The kind of a segment starting with an ASCII byte, by that byte: a whitespace segment
/// holds a line break only as its first character (WB3a, WB3b), `\r\n` being one.
static ASCII_KINDS: [TokenKind; 128] = {
    let mut table = [TokenKind::Punct; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = match b as u8 {
            OPAQUE => TokenKind::Opaque,
            b'a'..=b'z' | b'A'..=b'Z' => TokenKind::Word,
            b'0'..=b'9' => TokenKind::Number,
            b'\n' | b'\r' => TokenKind::Space { newline: true },
            b' ' | b'\t'..=b'\r' => TokenKind::Space { newline: false },
            _ => TokenKind::Punct,
        };
        b += 1;
    }
    table
};

/// The kind of a segment between word boundaries that starts beyond ASCII, by its first
/// character.
fn kind_of(seg: &str) -> TokenKind {
    let first = seg.chars().next().unwrap_or(' ');
    if first.is_alphabetic() {
        TokenKind::Word
    } else if first.is_numeric() {
        TokenKind::Number
    } else if first.is_whitespace() || first == '\u{feff}' {
        TokenKind::Space {
            newline: seg.bytes().any(|b| b == b'\n' || b == b'\r'),
        }
    } else {
        TokenKind::Punct
    }
}

/// Push the segment `start..end` as one token, or, longer than [`MAX_TOKEN_LEN`] (a run of
/// letters with no boundary in 64 KB), as pieces cut at character boundaries.
fn push_cut(tokens: &mut Vec<Token>, text: &str, mut start: usize, end: usize, kind: TokenKind) {
    while end - start > MAX_TOKEN_LEN {
        let mut cut = start + MAX_TOKEN_LEN;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        tokens.push(Token::new(start, cut, kind));
        start = cut;
    }
    tokens.push(Token::new(start, end, kind));
}

/// Calls `each(start, end)` for every segment of `text` between UAX #29 word boundaries,
/// in order: the same segments as `split_word_bound_indices`.
///
/// The text splits into pieces at the start of each run of spaces after ASCII and at the
/// end of each run of spaces followed by ASCII (other spaces, U+3000 say, join a run): a
/// boundary whatever surrounds it, which no rule looks across. The pieces holding non-ASCII
/// characters go to the Unicode tables; the ASCII ones between them are bounded together.
fn for_each_word_bound(text: &str, mut each: impl FnMut(usize, usize)) {
    let bytes = text.as_bytes();
    let splits = |at: usize| {
        let (before, at) = (bytes[at - 1], bytes[at]);
        let ascii_other = |b: u8| b != b' ' && b.is_ascii();
        (at == b' ' && ascii_other(before)) || (before == b' ' && ascii_other(at))
    };
    let mut done = 0;
    while let Some(found) = bytes[done..].iter().position(|b| !b.is_ascii()) {
        let non_ascii = done + found;
        let start = (done + 1..=non_ascii)
            .rev()
            .find(|&i| splits(i))
            .unwrap_or(done);
        let end = (non_ascii + 1..bytes.len())
            .find(|&i| splits(i))
            .unwrap_or(bytes.len());
        ascii_word_bounds(&bytes[done..start], |s, e| each(done + s, done + e));
        for (s, seg) in text[start..end].split_word_bound_indices() {
            each(start + s, start + s + seg.len());
        }
        done = end;
    }
    ascii_word_bounds(&bytes[done..], |s, e| each(done + s, done + e));
}

/// The word-boundary classes of ASCII bytes (UAX #29, table 3).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Cr,
    Lf,
    Newline,
    Space,
    Letter,
    Numeric,
    MidLetter,
    MidNum,
    /// MidNumLet and Single_Quote, which the rules treat alike outside Hebrew.
    MidNumLetQ,
    ExtendNumLet,
    Other,
}

/// [`Class`] by byte, looked up rather than matched: it is asked for every byte.
static CLASSES: [Class; 128] = {
    let mut table = [Class::Other; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = match b as u8 {
            b'\r' => Class::Cr,
            b'\n' => Class::Lf,
            0x0B | 0x0C => Class::Newline,
            b' ' => Class::Space,
            b'a'..=b'z' | b'A'..=b'Z' => Class::Letter,
            b'0'..=b'9' => Class::Numeric,
            b':' => Class::MidLetter,
            b',' | b';' => Class::MidNum,
            b'.' | b'\'' => Class::MidNumLetQ,
            b'_' => Class::ExtendNumLet,
            _ => Class::Other,
        };
        b += 1;
    }
    table
};

/// The class of an ASCII byte (only ASCII text is bounded here).
fn class(b: u8) -> Class {
    CLASSES[usize::from(b & 0x7F)]
}

/// [`for_each_word_bound`] for ASCII text.
fn ascii_word_bounds(bytes: &[u8], mut each: impl FnMut(usize, usize)) {
    let mut start = 0;
    while start < bytes.len() {
        let end = ascii_segment_end(bytes, start);
        each(start, end);
        start = end;
    }
}

/// The end of the segment of ASCII `bytes` starting at `start`, by rules WB3 to WB13b,
/// where ASCII has no characters of the others (extenders, Hebrew, Katakana, emoji,
/// regional indicators). Only runs of letters, digits and `_` (with single inner marks:
/// "don't", "3.5") and of spaces, and `\r\n`, are longer than a byte.
fn ascii_segment_end(bytes: &[u8], start: usize) -> usize {
    use Class::*;
    let at = |i: usize| bytes.get(i).map_or(Other, |&b| class(b));
    match class(bytes[start]) {
        Cr if at(start + 1) == Lf => start + 2,
        Space => start + bytes[start..].iter().take_while(|&&b| b == b' ').count(),
        Letter | Numeric | ExtendNumLet => {
            let mut end = start + 1;
            loop {
                // letters and digits first, as most bytes are inside words (WB5, WB8 to WB10)
                while bytes.get(end).is_some_and(u8::is_ascii_alphanumeric) {
                    end += 1;
                }
                match (class(bytes[end - 1]), at(end)) {
                    // WB13a, WB13b
                    (_, ExtendNumLet) => end += 1,
                    // WB6, WB7 and WB11, WB12: a mark between two letters or two digits
                    (Letter, MidLetter | MidNumLetQ) if at(end + 1) == Letter => end += 2,
                    (Numeric, MidNum | MidNumLetQ) if at(end + 1) == Numeric => end += 2,
                    _ => return end,
                }
            }
        }
        _ => start + 1,
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn bounds(text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for_each_word_bound(text, |s, e| out.push((s, e)));
        out
    }

    /// The word bounds unicode-segmentation gives, which `bounds` must equal.
    fn unicode_bounds(text: &str) -> Vec<(usize, usize)> {
        text.split_word_bound_indices()
            .map(|(s, seg)| (s, s + seg.len()))
            .collect()
    }

    proptest! {
        /// Mostly ASCII prose with every ASCII class and the non-ASCII characters that
        /// interact with them: extenders, format, joiner, emoji, flags, NEL, no-break space.
        #[test]
        fn word_bounds_are_unicode_segmentations(
            text in "([a-zA-Z0-9 .,:;'_\"\t\r\n\x0B\x0C\x1A()!?-]|[\u{301}\u{AD}\u{200D}\u{85}\u{A0}\u{2019}\u{201C}\u{E9}\u{5D0}\u{30A2}\u{1F44D}\u{1F1EC}\u{1F1E7}\u{3000}]){0,40}"
        ) {
            prop_assert_eq!(bounds(&text), unicode_bounds(&text));
        }
    }

    proptest! {
        /// ASCII alone, bounded without the Unicode tables: words with inner marks ("don't",
        /// "a.b", "3.5", "1,000", "x_1"), runs of spaces, line breaks.
        #[test]
        fn ascii_word_bounds_are_unicode_segmentations(
            text in "([a-c]{1,3}|[0-2]{1,3}|[ .,:;'_\"\t\r\n\x0B\x1A!-]){0,30}"
        ) {
            prop_assert_eq!(bounds(&text), unicode_bounds(&text));
        }
    }

    /// Tokens by their definition: word-bound segments classed by their first character,
    /// runs of opaque bytes and of whitespace merged.
    fn defined_tokens(text: &str) -> Vec<(usize, usize, TokenKind)> {
        let mut out: Vec<(usize, usize, TokenKind)> = Vec::new();
        for (start, seg) in text.split_word_bound_indices() {
            let first = seg.chars().next().unwrap();
            let kind = if first == '\u{1a}' {
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
            match (out.last_mut(), kind) {
                (Some(last), TokenKind::Opaque) if last.2 == TokenKind::Opaque => {
                    last.1 += seg.len()
                }
                (Some(last), TokenKind::Space { newline })
                    if matches!(last.2, TokenKind::Space { .. }) =>
                {
                    last.1 += seg.len();
                    last.2 = TokenKind::Space {
                        newline: newline || last.2 == (TokenKind::Space { newline: true }),
                    };
                }
                _ => out.push((start, start + seg.len(), kind)),
            }
        }
        out
    }

    proptest! {
        #[test]
        fn tokens_are_classed_word_segments(
            text in "([a-zA-Z0-9 .,:;'_\"\t\r\n\x0B\x0C\x1A\x1C()!?-]|[\u{301}\u{AD}\u{85}\u{A0}\u{2019}\u{201C}\u{E9}\u{FEFF}\u{3000}\u{2014}\u{661}\u{5D0}]){0,40}"
        ) {
            let got: Vec<_> = tokenize(&text).into_iter().map(|t| (t.start(), t.end(), t.kind)).collect();
            prop_assert_eq!(got, defined_tokens(&text));
        }
    }

    #[test]
    fn a_token_is_eight_bytes() {
        assert_eq!(std::mem::size_of::<Token>(), 8);
    }

    /// Runs longer than a token holds are cut into tokens that still tile the text.
    #[test]
    fn overlong_runs_are_cut_at_character_boundaries() {
        for text in [
            "é".repeat(MAX_TOKEN_LEN),
            format!("a{}b", " ".repeat(2 * MAX_TOKEN_LEN)),
            "\u{1A}".repeat(MAX_TOKEN_LEN + 7),
        ] {
            let tokens = tokenize(&text);
            assert!(tokens.len() > 1);
            let mut at = 0;
            for t in &tokens {
                assert_eq!(t.start(), at);
                assert!(t.end() - t.start() <= MAX_TOKEN_LEN);
                assert!(text.is_char_boundary(t.end()));
                at = t.end();
            }
            assert_eq!(at, text.len());
        }
    }

    fn kinds(text: &str) -> Vec<(&str, TokenKind)> {
        tokenize(text)
            .into_iter()
            .map(|t| (&text[t.span()], t.kind))
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
