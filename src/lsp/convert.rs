//! Engine findings and byte spans → LSP types. Positions go through
//! [`crate::document::positions`]; nothing here counts columns itself.

use std::borrow::Cow;
use std::ops::Range;

use ropey::Rope;
use tower_lsp::lsp_types as lsp;

use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::document::positions::{self, Encoding, Position};

/// The encoding to count columns in: UTF-8 when the client offers it (no conversion for
/// us), otherwise UTF-16, which every client must accept.
pub fn negotiate(offered: Option<&[lsp::PositionEncodingKind]>) -> Encoding {
    let offered = offered.unwrap_or_default();
    if offered.contains(&lsp::PositionEncodingKind::UTF8) {
        Encoding::Utf8
    } else {
        Encoding::Utf16
    }
}

pub fn encoding_kind(enc: Encoding) -> lsp::PositionEncodingKind {
    match enc {
        Encoding::Utf8 => lsp::PositionEncodingKind::UTF8,
        Encoding::Utf16 => lsp::PositionEncodingKind::UTF16,
        Encoding::Utf32 => lsp::PositionEncodingKind::UTF32,
    }
}

/// The byte offset of an LSP position, clamped to the text.
pub fn offset(rope: &Rope, pos: lsp::Position, enc: Encoding) -> usize {
    let pos = Position {
        line: pos.line as usize,
        col: pos.character as usize,
    };
    positions::position_to_byte(rope, pos, enc)
}

/// The byte span of an LSP range, clamped and put in order.
pub fn span(rope: &Rope, range: lsp::Range, enc: Encoding) -> Range<usize> {
    let (a, b) = (offset(rope, range.start, enc), offset(rope, range.end, enc));
    a.min(b)..a.max(b)
}

pub fn position(rope: &Rope, byte: usize, enc: Encoding) -> lsp::Position {
    lsp_position(positions::byte_to_position(rope, byte, enc))
}

pub fn range(rope: &Rope, span: &Range<usize>, enc: Encoding) -> lsp::Range {
    let (start, end) = positions::span_to_positions(rope, span, enc);
    lsp::Range::new(lsp_position(start), lsp_position(end))
}

fn lsp_position(pos: Position) -> lsp::Position {
    lsp::Position::new(saturate(pos.line), saturate(pos.col))
}

fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

pub fn severity(sev: Severity) -> lsp::DiagnosticSeverity {
    match sev {
        Severity::Hint => lsp::DiagnosticSeverity::HINT,
        Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
    }
}

/// The `source` of every diagnostic the server sends.
pub const SOURCE: &str = "copydesk";

pub fn diagnostic(rope: &Rope, d: &Diagnostic, enc: Encoding) -> lsp::Diagnostic {
    lsp::Diagnostic {
        range: range(rope, &d.span, enc),
        severity: Some(severity(d.severity)),
        code: Some(lsp::NumberOrString::String(d.rule.to_string())),
        source: Some(SOURCE.to_string()),
        message: message(d).into_owned(),
        ..lsp::Diagnostic::default()
    }
}

/// The message an editor shows: the finding's, with its note on a line of its own.
pub fn message(d: &Diagnostic) -> Cow<'_, str> {
    match &d.note {
        Some(note) => Cow::Owned(format!("{}\n({note})", d.message)),
        None => Cow::Borrowed(&d.message),
    }
}

pub fn text_edit(rope: &Rope, fix: &Fix, enc: Encoding) -> lsp::TextEdit {
    lsp::TextEdit::new(range(rope, &fix.span, enc), fix.replacement.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_only_when_offered() {
        use lsp::PositionEncodingKind as K;
        assert_eq!(negotiate(None), Encoding::Utf16);
        assert_eq!(negotiate(Some(&[K::UTF32, K::UTF16])), Encoding::Utf16);
        assert_eq!(negotiate(Some(&[K::UTF16, K::UTF8])), Encoding::Utf8);
    }

    #[test]
    fn ranges_count_columns_in_the_encoding() {
        let rope = Rope::from_str("😀 e\u{301}x\r\nnext");
        let x = "😀 e\u{301}".len();
        assert_eq!(
            position(&rope, x, Encoding::Utf16),
            lsp::Position::new(0, 5)
        );
        assert_eq!(position(&rope, x, Encoding::Utf8), lsp::Position::new(0, 8));
        let reversed = lsp::Range::new(lsp::Position::new(1, 2), lsp::Position::new(0, 99));
        let end_of_first_line = x + 1;
        assert_eq!(
            span(&rope, reversed, Encoding::Utf16),
            end_of_first_line..end_of_first_line + 4
        );
    }
}
