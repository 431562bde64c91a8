//! Words, numbers, punctuation and whitespace, by Unicode word boundaries (UAX #29).
//!
//! Most prose is ASCII, Latin letters with accents, curly quotes and dashes, where the
//! word-boundary rules come down to a few classes known here; the Unicode tables are
//! consulted only for the pieces of text with other characters. A run of spaces
//! between ASCII characters is a segment of its own, and no rule looks across it, so the
//! text splits there into pieces bounded on their own (a property test checks
//! the result against `unicode-segmentation` on mixed text).

use std::cell::Cell;

use unicode_segmentation::UnicodeSegmentation;

use super::{first_non_ascii, OPAQUE};

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
    thread_local!(static LIST: Cell<Vec<Token>> = const { Cell::new(Vec::new()) });
    super::exact(&LIST, |list| {
        // Room at once for a token per two bytes: prose has one per 2.8 or so.
        list.reserve(text.len() / 2 + 1);
        let mut tokens = Tokens { text, list };
        for_each_piece(text, |start, end, known| {
            if known {
                tokens.known(start, end);
            } else {
                tokens.unicode(start, end);
            }
        });
    })
}

/// The tokens of a text, as they are found.
struct Tokens<'a> {
    text: &'a str,
    list: &'a mut Vec<Token>,
}

impl Tokens<'_> {
    /// Add the segment `start..end`, merging runs the segmenter splits: consecutive opaque
    /// bytes, or whitespace pieces.
    fn push(&mut self, start: usize, end: usize, kind: TokenKind) {
        if let Some(last) = self.list.last_mut() {
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
        push_cut(self.list, self.text, start, end, kind);
    }

    /// Tokenize `start..end` by the Unicode tables.
    fn unicode(&mut self, start: usize, end: usize) {
        for (s, seg) in self.text[start..end].split_word_bound_indices() {
            let kind = match ASCII_KINDS.get(usize::from(seg.as_bytes()[0])) {
                Some(&kind) => kind,
                None => kind_of(seg),
            };
            self.push(start + s, start + s + seg.len(), kind);
        }
    }

    /// Tokenize `start..end`, whose every character has a [`class_at`], in one pass over
    /// its bytes: words and numbers by the word-boundary rules, a run of whitespace or of
    /// opaque bytes at once (as [`Tokens::push`] would merge its segments), any other
    /// character alone. Most tokens are told by their first byte ([`BYTES`]): a run of
    /// ASCII letters and digits needs the word-boundary rules only where it stops at a
    /// character that may continue a word.
    fn known(&mut self, start: usize, end: usize) {
        let bytes = &self.text.as_bytes()[..end];
        let mut i = start;
        while i < end {
            let b = bytes[i];
            let (kind, e) = match BYTES[usize::from(b)] {
                Byte::Alnum => {
                    let mut e = i + 1;
                    while e < end && ALNUM[usize::from(bytes[e])] {
                        e += 1;
                    }
                    if e < end && !ENDS_WORD[usize::from(bytes[e])] {
                        e = word_end(bytes, e, CLASSES[usize::from(bytes[e - 1])]);
                    }
                    (ASCII_KINDS[usize::from(b)], e)
                }
                // Only a piece's first run may join the token before it: the others follow
                // a token of another kind.
                Byte::Space | Byte::Opaque if i == start => {
                    i = self.ascii_run(bytes, i, ASCII_KINDS[usize::from(b)]);
                    continue;
                }
                Byte::Space => {
                    let mut e = i + 1;
                    let mut newline = b == b'\n' || b == b'\r';
                    while e < end && BYTES[usize::from(bytes[e])] == Byte::Space {
                        newline |= bytes[e] == b'\n' || bytes[e] == b'\r';
                        e += 1;
                    }
                    (TokenKind::Space { newline }, e)
                }
                Byte::Opaque => {
                    let mut e = i + 1;
                    while e < end && bytes[e] == OPAQUE {
                        e += 1;
                    }
                    (TokenKind::Opaque, e)
                }
                Byte::Mark => (TokenKind::Punct, i + 1),
                Byte::Other => {
                    let kind = match class_at(bytes, i) {
                        Some((Class::Letter, _)) => TokenKind::Word,
                        _ => ASCII_KINDS
                            .get(usize::from(b))
                            .copied()
                            .unwrap_or(TokenKind::Punct),
                    };
                    (kind, segment_end(bytes, i))
                }
            };
            if e - i <= MAX_TOKEN_LEN {
                self.list.push(Token::new(i, e, kind));
            } else if matches!(kind, TokenKind::Space { .. } | TokenKind::Opaque) {
                self.ascii_run(bytes, i, kind);
            } else {
                push_cut(self.list, self.text, i, e, kind);
            }
            i = e;
        }
    }

    /// The run of whitespace or of opaque bytes of `kind` starting at `start`, as one
    /// token or joined to the token before; returns its end.
    fn ascii_run(&mut self, bytes: &[u8], start: usize, kind: TokenKind) -> usize {
        let same = |b: u8| match ASCII_KINDS.get(usize::from(b)) {
            Some(TokenKind::Space { .. }) => matches!(kind, TokenKind::Space { .. }),
            Some(TokenKind::Opaque) => kind == TokenKind::Opaque,
            _ => false,
        };
        let end = start + 1 + bytes[start + 1..].iter().take_while(|&&b| same(b)).count();
        let kind = match kind {
            TokenKind::Space { .. } => TokenKind::Space {
                newline: bytes[start..end].iter().any(|&b| b == b'\n' || b == b'\r'),
            },
            other => other,
        };
        let joins = |last: &Token| {
            let same_run = matches!(
                (last.kind, kind),
                (TokenKind::Opaque, TokenKind::Opaque)
                    | (TokenKind::Space { .. }, TokenKind::Space { .. })
            );
            same_run && last.end() == start
        };
        let from = match self.list.last() {
            Some(last) if joins(last) => last.start(),
            _ => start,
        };
        if end - from > MAX_TOKEN_LEN {
            // Past a token's length: cut where merging segment by segment would.
            let mut at = start;
            while at < end {
                let e = segment_end(bytes, at);
                self.push(at, e, ASCII_KINDS[usize::from(bytes[at])]);
                at = e;
            }
        } else if from == start {
            self.list.push(Token::new(start, end, kind));
        } else if let Some(last) = self.list.last_mut() {
            if let (TokenKind::Space { newline: a }, TokenKind::Space { newline: b }) =
                (last.kind, kind)
            {
                last.kind = TokenKind::Space { newline: a || b };
            }
            last.len = (end - from) as u16;
        }
        end
    }
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

/// Cuts `text` into pieces that are bounded alone, passing each to `each(start, end,
/// known)` in order, `known` telling whether [`class_at`] knows its every character.
///
/// The text splits at the start of each run of spaces after ASCII and at the end of each
/// run of spaces followed by ASCII (other spaces, U+3000 say, join a run): a word boundary
/// whatever surrounds it, which no rule looks across. Only the pieces holding other
/// characters than ASCII and those of [`known`] need the Unicode tables.
fn for_each_piece(text: &str, mut each: impl FnMut(usize, usize, bool)) {
    let bytes = text.as_bytes();
    let splits = |at: usize| {
        let (before, at) = (bytes[at - 1], bytes[at]);
        let ascii_other = |b: u8| b != b' ' && b.is_ascii();
        (at == b' ' && ascii_other(before)) || (before == b' ' && ascii_other(at))
    };
    let mut done = 0;
    while let Some(found) = first_unknown(&bytes[done..]) {
        let unknown = done + found;
        let start = (done + 1..=unknown)
            .rev()
            .find(|&i| splits(i))
            .unwrap_or(done);
        let end = (unknown + 1..bytes.len())
            .find(|&i| splits(i))
            .unwrap_or(bytes.len());
        each(done, start, true);
        each(start, end, false);
        done = end;
    }
    each(done, bytes.len(), true);
}

/// The index of the first character that [`class_at`] does not know.
fn first_unknown(bytes: &[u8]) -> Option<usize> {
    let mut at = 0;
    loop {
        at += first_non_ascii(&bytes[at..])?;
        match known(&bytes[at..]) {
            Some((_, len)) => at += len,
            None => return Some(at),
        }
    }
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

/// What the first byte of a token in a known piece tells of it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Byte {
    /// An ASCII letter or digit: a word or a number.
    Alnum,
    /// ASCII whitespace.
    Space,
    /// [`OPAQUE`].
    Opaque,
    /// Any other ASCII character but `_`: a token of its own (WB999).
    Mark,
    /// `_` and bytes beyond ASCII, left to [`segment_end`].
    Other,
}

static BYTES: [Byte; 256] = {
    let mut table = [Byte::Other; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = match b as u8 {
            OPAQUE => Byte::Opaque,
            b'_' => Byte::Other,
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' => Byte::Alnum,
            b' ' | b'\t'..=b'\r' => Byte::Space,
            _ => Byte::Mark,
        };
        b += 1;
    }
    table
};

/// Whether a word or number surely ends before this byte: an ASCII byte that is neither a
/// letter, a digit, `_` nor a mark that may stand inside one (WB6, WB7, WB11, WB12).
static ENDS_WORD: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = !matches!(
            CLASSES[b],
            Class::Letter
                | Class::Numeric
                | Class::ExtendNumLet
                | Class::MidLetter
                | Class::MidNum
                | Class::MidNumLetQ
        );
        b += 1;
    }
    table
};

/// Whether a byte is an ASCII letter or digit, looked up: it is asked for most bytes.
static ALNUM: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// The class and length of the character at `i` of UTF-8 `bytes` if it is ASCII or one of
/// those [`known`]; `None` past the end.
#[inline]
fn class_at(bytes: &[u8], i: usize) -> Option<(Class, usize)> {
    match bytes.get(i)? {
        &b if b.is_ascii() => Some((CLASSES[usize::from(b)], 1)),
        _ => known(&bytes[i..]),
    }
}

/// The class and length of the non-ASCII character UTF-8 `bytes` begin with, if it is one
/// of those news copy is mostly made of, whose classes take no tables: Latin letters with
/// accents (U+00C0 to U+024F but `×` and `÷`, U+1E00 to U+1EFF), curly single quotes
/// (MidNumLet), curly double quotes, en and em dashes, the ellipsis, the pound and euro
/// signs (Other).
fn known(bytes: &[u8]) -> Option<(Class, usize)> {
    Some(match *bytes {
        [lead @ 0xC3..=0xC9, next, ..] => {
            let c = u32::from(lead & 0x1F) << 6 | u32::from(next & 0x3F);
            if c > 0x24F || c == 0xD7 || c == 0xF7 {
                return None;
            }
            (Class::Letter, 2)
        }
        [0xE1, 0xB8..=0xBB, _, ..] => (Class::Letter, 3),
        [0xC2, 0xA3, ..] => (Class::Other, 2),
        [0xE2, 0x80, 0x98 | 0x99, ..] => (Class::MidNumLetQ, 3),
        [0xE2, 0x80, 0x93 | 0x94 | 0x9C | 0x9D | 0xA6, ..] => (Class::Other, 3),
        [0xE2, 0x82, 0xAC, ..] => (Class::Other, 3),
        _ => return None,
    })
}

/// The end of the segment starting at `start` of `bytes`, whose every character has a
/// [`class_at`], by rules WB3 to WB13b, where those characters have none of the classes of
/// the others (extenders, Hebrew, Katakana, emoji, regional indicators). Only runs of
/// letters, digits and `_` (with single inner marks: "don't", "3.5") and of spaces, and
/// `\r\n`, are longer than a character.
#[inline]
fn segment_end(bytes: &[u8], start: usize) -> usize {
    use Class::*;
    let Some((first, len)) = class_at(bytes, start) else {
        return start + 1;
    };
    match first {
        Cr if bytes.get(start + 1) == Some(&b'\n') => start + 2,
        Space => start + bytes[start..].iter().take_while(|&&b| b == b' ').count(),
        Letter | Numeric | ExtendNumLet => word_end(bytes, start + len, first),
        _ => start + len,
    }
}

/// The end of the run of letters, digits and `_` (with single inner marks) going on at
/// `end`, after a character of class `last`.
#[inline]
fn word_end(bytes: &[u8], mut end: usize, mut last: Class) -> usize {
    use Class::*;
    loop {
        // ASCII letters and digits first, as most bytes are inside words (WB5, WB8 to WB10)
        let from = end;
        while bytes.get(end).is_some_and(|&b| ALNUM[usize::from(b)]) {
            end += 1;
        }
        if end > from {
            last = CLASSES[usize::from(bytes[end - 1])];
        }
        let Some((next, len)) = class_at(bytes, end) else {
            return end;
        };
        match (last, next) {
            // WB5, WB8 to WB10, WB13a, WB13b
            (_, Letter | Numeric | ExtendNumLet) => {
                end += len;
                last = next;
            }
            // WB6, WB7 and WB11, WB12: a mark between two letters or two digits
            (Letter, MidLetter | MidNumLetQ) | (Numeric, MidNum | MidNumLetQ) => {
                match class_at(bytes, end + len) {
                    Some((after, after_len)) if after == last => end += len + after_len,
                    _ => return end,
                }
            }
            _ => return end,
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

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

    fn tokens(text: &str) -> Vec<(usize, usize, TokenKind)> {
        tokenize(text)
            .into_iter()
            .map(|t| (t.start(), t.end(), t.kind))
            .collect()
    }

    proptest! {
        /// Mixed text: every ASCII class and the known characters (the one-pass path), and
        /// the others that interact with them (the Unicode tables' pieces): extenders,
        /// format, joiner, emoji, flags, NEL, no-break and ideographic spaces, BOM, Hebrew,
        /// Arabic digits, `×`, and Latin letters past U+024F.
        #[test]
        fn tokens_are_classed_word_segments(
            text in "([a-zA-Z0-9 .,:;'_\"\t\r\n\x0B\x0C\x1A\x1C()!?-]|[\u{C0}-\u{24F}\u{1E00}-\u{1EFF}\u{2018}\u{2019}\u{201C}\u{201D}\u{2013}\u{2014}\u{2026}\u{A3}\u{20AC}]|[\u{1DFF}\u{1F00}\u{2025}\u{301}\u{AD}\u{200D}\u{85}\u{A0}\u{FEFF}\u{3000}\u{661}\u{5D0}\u{30A2}\u{1F44D}\u{1F1EC}\u{1F1E7}\u{1E9E}\u{2024}]){0,40}"
        ) {
            prop_assert_eq!(tokens(&text), defined_tokens(&text));
        }

        /// Prose-like text: words (some with accents), numbers and runs of spaces, line
        /// breaks and opaque bytes between marks, with now and then another character.
        #[test]
        fn prose_tokens_are_classed_word_segments(
            text in "([a-zA-Z\u{E9}\u{142}]{1,8}|[0-9]{1,4}| {1,3}|[ \t\r\n\x0B\x1A]{1,4}|[.,:;'_\"()!?\u{2019}\u{2018}\u{201C}\u{201D}\u{2014}\u{A3}-]|[\u{301}\u{200D}\u{A0}\u{D7}\u{3000}\u{1F44D}]){0,80}"
        ) {
            prop_assert_eq!(tokens(&text), defined_tokens(&text));
        }

        /// ASCII alone, tokenized without the Unicode tables: words with inner marks
        /// ("don't", "a.b", "3.5", "1,000", "x_1"), runs of spaces, line breaks.
        #[test]
        fn ascii_tokens_are_classed_word_segments(
            text in "([a-c]{1,3}|[0-2]{1,3}|[ .,:;'_\"\t\r\n\x0B\x1A!-]){0,30}"
        ) {
            prop_assert_eq!(tokens(&text), defined_tokens(&text));
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
