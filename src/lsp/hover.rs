//! Hover on a finding: what the rule looks for and why, one bad → fixed example, and the
//! finding's own note (a quotation's speaker, a name's forms).

use tower_lsp::lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind};

use super::convert;
use super::state::View;
use crate::diagnostic::Diagnostic;
use crate::document::positions::Encoding;
use crate::engine::Engine;
use crate::rules::RuleMeta;

/// The hover for the findings covering byte `at`, if any.
pub fn hover(view: &View<'_>, at: usize, enc: Encoding) -> Option<Hover> {
    let engine = view.linter?.engine();
    let hits: Vec<&Diagnostic> = view
        .diagnostics()
        .iter()
        .filter(|d| d.span.start <= at && at <= d.span.end)
        .collect();
    let first = hits.first()?;
    let value = hits
        .iter()
        .map(|d| describe(engine, d))
        .collect::<Vec<_>>()
        .join("\n\n---\n\n");
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range: Some(convert::range(view.rope, &first.span, enc)),
    })
}

fn describe(engine: &Engine, d: &Diagnostic) -> String {
    let mut out = format!("**{}** `{}`", escape(&d.message), d.rule);
    if let Some(meta) = engine.rule(d.rule).map(|r| r.meta()) {
        out.push_str(&format!(
            "\n\n{}\n\n{}",
            escape(meta.summary),
            escape(meta.explanation)
        ));
        if let Some(example) = example(meta) {
            out.push_str(&format!("\n\n{example}"));
        }
    }
    if let Some(note) = &d.note {
        out.push_str(&format!("\n\n_{}_", escape(note)));
    }
    out
}

/// The first example with its fix, else the first bad one.
fn example(meta: &RuleMeta) -> Option<String> {
    let with_fix = meta.examples.iter().find(|e| e.fixed.is_some());
    let bad = with_fix.or_else(|| meta.examples.iter().find(|e| e.bad))?;
    Some(match bad.fixed {
        Some(fixed) => format!("✗ {}  \n✓ {}", escape(bad.text), escape(fixed)),
        None => format!("✗ {}", escape(bad.text)),
    })
}

/// Rule prose is plain text; keep Markdown from reading its asterisks and brackets.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markdown() {
        assert_eq!(escape("a *b* [c]"), "a \\*b\\* \\[c\\]");
    }
}
