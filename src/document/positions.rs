//! Byte offsets ↔ char offsets ↔ (line, column), with columns counted in UTF-8 bytes,
//! UTF-16 code units or Unicode scalar values. This module and nothing else does the arithmetic.
//!
//! Lines break at `\n`, `\r\n` and a lone `\r`, as LSP specifies (ropey is built with
//! `cr_lines` and without `unicode_lines`). Out-of-range input is clamped, never a panic:
//! editors send positions past the end of a line, and the LSP spec says to clamp them.

use std::ops::Range;

use ropey::Rope;

/// The unit a column is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    Utf8,
    Utf16,
    /// Unicode scalar values (`char`s); what the CLI reports.
    Utf32,
}

/// A zero-based line and column; the column is in the unit of the [`Encoding`] used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    pub line: usize,
    pub col: usize,
}

/// The char offset of the nearest char boundary at or before `byte`, clamped to the text.
pub fn byte_to_char(rope: &Rope, byte: usize) -> usize {
    rope.byte_to_char(byte.min(rope.len_bytes()))
}

pub fn char_to_byte(rope: &Rope, char_idx: usize) -> usize {
    rope.char_to_byte(char_idx.min(rope.len_chars()))
}

/// The position of `byte` (clamped to the text, rounded down to a char boundary).
pub fn byte_to_position(rope: &Rope, byte: usize, enc: Encoding) -> Position {
    let char_idx = byte_to_char(rope, byte);
    let line = rope.char_to_line(char_idx);
    let line_start = rope.line_to_char(line);
    let col = match enc {
        Encoding::Utf32 => char_idx - line_start,
        Encoding::Utf8 => rope.char_to_byte(char_idx) - rope.char_to_byte(line_start),
        Encoding::Utf16 => rope.char_to_utf16_cu(char_idx) - rope.char_to_utf16_cu(line_start),
    };
    Position { line, col }
}

/// The positions of both ends of `span`, as [`byte_to_position`] gives them. When the
/// span holds no line break (most findings), its end is counted on from its start, which
/// saves a second walk down the rope for every finding a server publishes.
pub fn span_to_positions(rope: &Rope, span: &Range<usize>, enc: Encoding) -> (Position, Position) {
    let start = byte_to_position(rope, span.start, enc);
    let one_line = rope
        .get_byte_slice(span.start..span.end)
        .filter(|s| s.len_lines() == 1);
    let end = match one_line {
        Some(s) => Position {
            line: start.line,
            col: start.col
                + match enc {
                    Encoding::Utf8 => s.len_bytes(),
                    Encoding::Utf16 => s.len_utf16_cu(),
                    Encoding::Utf32 => s.len_chars(),
                },
        },
        None => byte_to_position(rope, span.end, enc),
    };
    (start, end)
}

/// The byte offset of `pos`. A line past the end clamps to the end of the text; a column
/// past the end of its line clamps to the line's end (before its line break); a column in
/// the middle of a UTF-8 or UTF-16 sequence rounds down to the char boundary.
pub fn position_to_byte(rope: &Rope, pos: Position, enc: Encoding) -> usize {
    if pos.line >= rope.len_lines() {
        return rope.len_bytes();
    }
    let line_start = rope.line_to_char(pos.line);
    let line = rope.line(pos.line);
    let content_chars = line.len_chars() - line_break_chars(&line);
    let char_in_line = match enc {
        Encoding::Utf32 => pos.col.min(content_chars),
        Encoding::Utf8 => {
            let content_bytes = line.char_to_byte(content_chars);
            line.byte_to_char(pos.col.min(content_bytes))
        }
        Encoding::Utf16 => {
            let content_cu = line.char_to_utf16_cu(content_chars);
            line.utf16_cu_to_char(pos.col.min(content_cu))
        }
    };
    rope.char_to_byte(line_start + char_in_line)
}

/// How many chars at the end of `line` are its line break (0, 1 or 2).
fn line_break_chars(line: &ropey::RopeSlice<'_>) -> usize {
    let n = line.len_chars();
    if n == 0 {
        return 0;
    }
    match line.char(n - 1) {
        '\n' if n >= 2 && line.char(n - 2) == '\r' => 2,
        '\n' | '\r' => 1,
        _ => 0,
    }
}

/// Positions of many offsets of one text, each counted on from the last: the CLI asks for its
/// findings' in order of offset, so one pass over the text serves them all, with no rope to
/// build (building one per file and walking it per finding cost more than the pass).
pub struct Cursor<'a> {
    text: &'a str,
    enc: Encoding,
    /// The byte the cursor stands at, its position and where its line starts.
    byte: usize,
    pos: Position,
    line_start: usize,
}

impl<'a> Cursor<'a> {
    pub fn new(text: &'a str, enc: Encoding) -> Self {
        Cursor {
            text,
            enc,
            byte: 0,
            pos: Position { line: 0, col: 0 },
            line_start: 0,
        }
    }

    /// Both ends of `span`, as [`span_to_positions`] gives them; the cursor moves to its
    /// start. Cheapest when spans come in order of their starts.
    pub fn span(&mut self, span: &Range<usize>) -> (Position, Position) {
        let start = self.floor(span.start);
        if start < self.byte {
            *self = Cursor::new(self.text, self.enc);
        }
        (self.pos, self.line_start) = self.walk(self.byte, self.pos, self.line_start, start);
        self.byte = start;
        let end = self.floor(span.end);
        let (end, _) = if end >= start {
            self.walk(start, self.pos, self.line_start, end)
        } else {
            self.walk(0, Position { line: 0, col: 0 }, 0, end)
        };
        (self.pos, end)
    }

    /// The text of the line the cursor is on, without its line break.
    pub fn line(&self) -> &'a str {
        let rest = &self.text[self.line_start..];
        &rest[..memchr::memchr2(b'\n', b'\r', rest.as_bytes()).unwrap_or(rest.len())]
    }

    /// `byte` clamped to the text and rounded down to a char boundary.
    fn floor(&self, byte: usize) -> usize {
        let mut byte = byte.min(self.text.len());
        while !self.text.is_char_boundary(byte) {
            byte -= 1;
        }
        byte
    }

    /// The position of `to` and where its line starts, counted on from `from` (at `pos`, on
    /// a line starting at `line_start`).
    fn walk(
        &self,
        from: usize,
        mut pos: Position,
        mut line_start: usize,
        to: usize,
    ) -> (Position, usize) {
        let bytes = self.text.as_bytes();
        let mut counted = from;
        for i in memchr::memchr2_iter(b'\n', b'\r', &bytes[from..to]) {
            let i = from + i;
            // A '\r' before a '\n' is the first half of one break, which the '\n' counts.
            if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                continue;
            }
            pos = Position {
                line: pos.line + 1,
                col: 0,
            };
            counted = i + 1;
            line_start = i + 1;
        }
        let rest = &self.text[counted..to];
        pos.col += match self.enc {
            Encoding::Utf8 => rest.len(),
            Encoding::Utf16 => rest.encode_utf16().count(),
            Encoding::Utf32 => rest.chars().count(),
        };
        (pos, line_start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The obvious implementation, for comparison: walk the string char by char.
    fn naive_position(text: &str, byte: usize, enc: Encoding) -> Position {
        let mut line = 0;
        let mut col = 0;
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if i >= byte {
                break;
            }
            if c == '\n' || (c == '\r' && chars.peek().map(|&(_, n)| n) != Some('\n')) {
                line += 1;
                col = 0;
            } else if c == '\r' {
                // first half of CRLF: the break is counted at the '\n'
                col += 1;
            } else {
                col += match enc {
                    Encoding::Utf8 => c.len_utf8(),
                    Encoding::Utf16 => c.len_utf16(),
                    Encoding::Utf32 => 1,
                };
            }
        }
        Position { line, col }
    }

    fn arb_text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("a".to_string()),
            Just("word ".to_string()),
            Just("\n".to_string()),
            Just("\r\n".to_string()),
            Just("\r".to_string()),
            Just("é".to_string()),
            Just("e\u{301}".to_string()),
            Just("😀".to_string()),
            Just("👩‍👩‍👧".to_string()),
            Just("\u{feff}".to_string()),
            Just("中文".to_string()),
        ];
        proptest::collection::vec(piece, 0..40).prop_map(|v| v.concat())
    }

    const ENCODINGS: [Encoding; 3] = [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32];

    proptest! {
        #[test]
        fn positions_match_naive(text in arb_text()) {
            let rope = Rope::from_str(&text);
            for (byte, _) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
                for enc in ENCODINGS {
                    prop_assert_eq!(byte_to_position(&rope, byte, enc), naive_position(&text, byte, enc));
                }
            }
        }

        #[test]
        fn positions_round_trip(text in arb_text()) {
            let rope = Rope::from_str(&text);
            for (byte, c) in text.char_indices() {
                // the middle of CRLF is not addressable as a line/column pair
                if c == '\n' && byte > 0 && text.as_bytes()[byte - 1] == b'\r' {
                    continue;
                }
                for enc in ENCODINGS {
                    let pos = byte_to_position(&rope, byte, enc);
                    prop_assert_eq!(position_to_byte(&rope, pos, enc), byte);
                }
            }
        }

        #[test]
        fn span_ends_match_single_lookups(text in arb_text(), a in 0usize..200, b in 0usize..200) {
            let rope = Rope::from_str(&text);
            for enc in ENCODINGS {
                let (start, end) = span_to_positions(&rope, &(a..b), enc);
                prop_assert_eq!(start, byte_to_position(&rope, a, enc));
                prop_assert_eq!(end, byte_to_position(&rope, b, enc));
            }
        }

        /// In any order of spans: in order is the common case, but a cursor must not need it.
        #[test]
        fn cursor_matches_rope(
            text in arb_text(),
            spans in proptest::collection::vec((0usize..200, 0usize..200), 0..8),
        ) {
            let rope = Rope::from_str(&text);
            for enc in ENCODINGS {
                let mut cursor = Cursor::new(&text, enc);
                for &(a, b) in &spans {
                    let (start, end) = cursor.span(&(a..b));
                    prop_assert_eq!((start, end), span_to_positions(&rope, &(a..b), enc));
                    let line = rope.line(start.line);
                    let line = line.slice(..line.len_chars() - line_break_chars(&line));
                    prop_assert_eq!(cursor.line(), line.to_string());
                }
            }
        }

        #[test]
        fn out_of_range_clamps(text in arb_text(), line in 0usize..50, col in 0usize..200) {
            let rope = Rope::from_str(&text);
            for enc in ENCODINGS {
                let byte = position_to_byte(&rope, Position { line, col }, enc);
                prop_assert!(byte <= text.len());
                prop_assert!(text.is_char_boundary(byte));
            }
        }
    }

    #[test]
    fn bom_and_emoji() {
        let text = "\u{feff}a😀b\r\nc";
        let rope = Rope::from_str(text);
        let b = text.find('b').unwrap();
        assert_eq!(
            byte_to_position(&rope, b, Encoding::Utf16),
            Position { line: 0, col: 4 }
        );
        assert_eq!(
            byte_to_position(&rope, b, Encoding::Utf32),
            Position { line: 0, col: 3 }
        );
        assert_eq!(
            byte_to_position(&rope, b, Encoding::Utf8),
            Position { line: 0, col: 8 }
        );
        let c = text.find('c').unwrap();
        assert_eq!(
            byte_to_position(&rope, c, Encoding::Utf16),
            Position { line: 1, col: 0 }
        );
        // a column past the line's end clamps before the CRLF
        assert_eq!(
            position_to_byte(&rope, Position { line: 0, col: 99 }, Encoding::Utf16),
            text.find('\r').unwrap()
        );
    }
}
