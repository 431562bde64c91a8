//! Applying fixes to text: non-overlapping edits, in one pass, from the first fix of each
//! diagnostic. Callers repeat until nothing changes.

use crate::diagnostic::{Diagnostic, Fix};

/// The note carried by a fix that would change a quotation's words.
pub const QUOTE_NOTE: &str = "quotation — verify against the source";

/// Whether a diagnostic's fix may be applied without a person reading it: not inside a quote.
pub fn is_automatic(diagnostic: &Diagnostic) -> bool {
    !diagnostic.fixes.is_empty()
        && !diagnostic
            .note
            .as_deref()
            .is_some_and(|n| n.contains(QUOTE_NOTE))
}

/// Apply the first fix of each diagnostic, skipping any that overlaps one already taken.
/// Returns the new text and the fixes applied.
pub fn apply_fixes(text: &str, diagnostics: &[Diagnostic]) -> (String, Vec<Fix>) {
    let mut fixes: Vec<&Fix> = diagnostics.iter().filter_map(|d| d.fixes.first()).collect();
    fixes.sort_by_key(|f| (f.span.start, f.span.end));
    let mut taken: Vec<Fix> = Vec::new();
    for fix in fixes {
        let valid = fix.span.start <= fix.span.end
            && fix.span.end <= text.len()
            && text.is_char_boundary(fix.span.start)
            && text.is_char_boundary(fix.span.end);
        // Two insertions at one point, or an overlap, would make the result depend on order.
        let clashes = taken.last().is_some_and(|prev| {
            fix.span.start < prev.span.end || (fix.span.start == prev.span.start)
        });
        if valid && !clashes {
            taken.push(fix.clone());
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for fix in &taken {
        out.push_str(&text[pos..fix.span.start]);
        out.push_str(&fix.replacement);
        pos = fix.span.end;
    }
    out.push_str(&text[pos..]);
    (out, taken)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;

    fn diag(span: std::ops::Range<usize>, with: &str) -> Diagnostic {
        Diagnostic::new("phrasing/x", Severity::Warning, span.clone(), "m")
            .with_fix(Fix::new(span, with))
    }

    #[test]
    fn overlapping_fixes_wait_for_the_next_pass() {
        let text = "abcdef";
        let (out, taken) = apply_fixes(text, &[diag(0..3, "X"), diag(2..4, "Y"), diag(4..6, "Z")]);
        assert_eq!(out, "XdZ");
        assert_eq!(taken.len(), 2);
    }

    #[test]
    fn bad_spans_are_ignored() {
        let (out, taken) = apply_fixes("é", &[diag(1..2, "x"), diag(0..9, "y")]);
        assert_eq!(out, "é");
        assert!(taken.is_empty());
    }
}
