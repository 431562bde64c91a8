//! Hover on a finding: what the rule looks for and why, one bad → fixed example, and the
//! finding's own note (a name's forms). Hover inside a quotation also says who it is
//! attributed to, or that no speaker was found.

use tower_lsp::lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind};

use super::convert;
use super::state::View;
use crate::analysis::Quote;
use crate::diagnostic::Diagnostic;
use crate::document::positions::Encoding;
use crate::engine::Engine;
use crate::rules::RuleMeta;

/// The hover for the findings and the quotation at byte `at`, if any.
pub fn hover(view: &View<'_>, at: usize, enc: Encoding) -> Option<Hover> {
    let linter = view.linter?;
    let engine = linter.engine();
    let hits: Vec<&Diagnostic> = view
        .diagnostics()
        .iter()
        .filter(|d| d.span.start <= at && at <= d.span.end)
        .collect();
    let quote = linter
        .analysis()
        .quotes
        .iter()
        .find(|q| q.span.start <= at && at < q.span.end);
    let mut parts: Vec<String> = hits.iter().map(|d| describe(engine, d)).collect();
    if let Some(q) = quote {
        parts.push(speaker(q));
    }
    let span = hits.first().map(|d| &d.span).or(quote.map(|q| &q.span))?;
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: parts.join("\n\n---\n\n"),
        }),
        range: Some(convert::range(view.rope, span, enc)),
    })
}

/// "Quotation attributed to Jane Smith (told)", or that nobody was found.
fn speaker(quote: &Quote) -> String {
    match &quote.attribution {
        Some(a) => format!(
            "Quotation attributed to **{}** ({})",
            escape(&a.speaker),
            escape(&a.cue)
        ),
        None => "Quotation with no speaker found nearby".to_string(),
    }
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
