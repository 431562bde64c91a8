//! `quotes/unbalanced`: a quotation that opens and never closes, or closes and never opened.
//!
//! Whether a mark pairs is the article's pairing, which an edit changes only in the
//! paragraphs the server pairs again (and whose surroundings it hashes again): so the rule
//! reads the marks of one paragraph in context, and an edit checks again the paragraphs it
//! paired again, not every mark of the article.

use std::hash::Hash;
use std::ops::Range;

use super::marks_in;
use crate::analysis::{Analysis, MarkRole};
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{ContextKey, Example, Rule, RuleMeta, Scope};

static META: RuleMeta = RuleMeta {
    id: "quotes/unbalanced",
    scope: Scope::Context,
    severity: Severity::Error,
    summary: "A quotation mark has no partner: the quote never closes, or never opened.",
    explanation: "Every quotation needs an opening and a closing mark, or the reader cannot tell \
where the speaker's words end and the reporter's begin. A quote that runs over several paragraphs \
is fine without a closing mark at the end of a paragraph, as long as the next paragraph opens with \
a mark. Mended copy and scraped text often lose one of the pair; find where the quote really ends \
and put the mark back.",
    examples: &[
        Example::bad("\"The river will rise tonight, the warden said. Families left at dusk."),
        Example::bad("The warden said the river would rise tonight.\" Families left at dusk."),
        Example::good("\"The river will rise tonight,\" the warden said."),
        Example::good(
            "\u{201C}The river will rise tonight.\n\n\u{201C}Leave now,\u{201D} the warden said.",
        ),
        Example::good("The pipe is 6\" wide and the board 2' long."),
        Example::good("Pipes: 6 metres. Boards: \" (the same)."),
    ],
};

pub struct Unbalanced;

impl Rule for Unbalanced {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// The strays it reports: their roles (which the pairing of the neighbours decides)
    /// and the words beside them, which may reach past the paragraph.
    fn context(&self, doc: &Analysis, index: usize, key: &mut ContextKey) {
        for stray in strays(doc, index) {
            stray.hash(key);
        }
    }

    fn check_context(&self, doc: &Analysis, index: usize, out: &mut Vec<Diagnostic>) {
        for (span, message) in strays(doc, index) {
            out.push(Diagnostic::new(META.id, META.severity, span, message));
        }
    }
}

/// The marks of paragraph `index` that pair with nothing, as what to report: the mark and
/// its word, in the paragraph's local offsets.
fn strays(doc: &Analysis, index: usize) -> impl Iterator<Item = (Range<usize>, &'static str)> + '_ {
    let p = &doc.paragraphs[index];
    marks_in(doc, p).iter().filter_map(move |mark| {
        // A mark with space on both sides that pairs with nothing is a ditto mark.
        let before = doc.text[..mark.span.start].chars().next_back();
        let after = doc.text[mark.span.end..].chars().next();
        if before.is_none_or(char::is_whitespace) && after.is_none_or(char::is_whitespace) {
            return None;
        }
        let (span, message) = match mark.role {
            MarkRole::StrayOpen => (
                mark.span.start..word_end(&doc.text, mark.span.end),
                "This quotation opens but never closes: where do the speaker's words end?",
            ),
            MarkRole::StrayClose => (
                word_start(&doc.text, mark.span.start)..mark.span.end,
                "This closing quotation mark has no opening mark: where do the quoted words begin?",
            ),
            _ => return None,
        };
        let local = span.start.wrapping_sub(p.start)..span.end.wrapping_sub(p.start);
        Some((local, message))
    })
}

/// The end of the word starting at `from` (or `from` if none).
fn word_end(text: &str, from: usize) -> usize {
    text[from..]
        .char_indices()
        .find(|(_, c)| c.is_whitespace())
        .map_or(text.len(), |(i, _)| from + i)
}

/// The start of the word ending at `to`.
fn word_start(text: &str, to: usize) -> usize {
    text[..to]
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8())
}

#[cfg(test)]
mod tests {
    use crate::document::DocKind;
    use crate::engine::Engine;

    #[test]
    fn examples() {
        crate::rules::testing::assert_examples(super::META.id);
    }

    #[test]
    fn marks_the_stray_with_its_word() {
        let text =
            "The vote was close. \u{201C}Nobody expected it, the clerk said.\n\nCounting went on.";
        let found = Engine::default().lint(text, DocKind::Text);
        let stray: Vec<&str> = found
            .iter()
            .filter(|d| d.rule == super::META.id)
            .map(|d| &text[d.span.clone()])
            .collect();
        assert_eq!(stray, vec!["\u{201C}Nobody"]);
    }
}
