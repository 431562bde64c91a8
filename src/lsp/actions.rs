//! Code actions for the findings under the cursor, and the document-wide fix-all.
//!
//! Per finding: each certain fix as a quick fix; the same fix for every finding of the
//! rule with the same flagged text and the same result (names rules word it as choosing
//! the canonical form); "Ignore here" in Markdown; "Disable RULE for this workspace".

use std::collections::HashMap;
use std::ops::Range;

use serde_json::json;
use tower_lsp::lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Command, DocumentChanges, OneOf,
    OptionalVersionedTextDocumentIdentifier, TextDocumentEdit, TextEdit, Url, WorkspaceEdit,
};

use super::convert;
use super::state::View;
use crate::analysis::Analysis;
use crate::diagnostic::{Diagnostic, Fix};
use crate::document::positions::{self, Encoding, Position};
use crate::document::DocKind;
use crate::fix::{apply_fixes, is_automatic};

pub const DISABLE_RULE_COMMAND: &str = "copydesk.disableRule";

pub fn fix_all_kind() -> CodeActionKind {
    CodeActionKind::new("source.fixAll.copydesk")
}

/// What the client asked for and can take.
pub struct Request<'a> {
    pub uri: &'a Url,
    /// The bytes the action is wanted for.
    pub span: Range<usize>,
    pub only: Option<&'a [CodeActionKind]>,
    pub enc: Encoding,
    /// The client takes versioned `documentChanges` edits.
    pub document_changes: bool,
    /// A workspace root is known, so a rule can be turned off in its `.copydesk.toml`.
    pub workspace: bool,
}

pub fn code_actions(view: &View<'_>, req: &Request<'_>) -> Vec<CodeActionOrCommand> {
    let Some(linter) = view.linter else {
        return Vec::new();
    };
    let builder = Builder {
        view,
        req,
        doc: linter.analysis(),
    };
    let all = view.diagnostics();
    let mut out: Vec<CodeAction> = Vec::new();
    for d in all.iter().filter(|d| touches(&d.span, &req.span)) {
        for fix in &d.fixes {
            let preferred = d.fixes.len() == 1 && is_automatic(d);
            out.push(builder.quick_fix(d, fix, preferred));
        }
        if let Some(fix) = d.fixes.first() {
            out.extend(builder.every_mention(d, fix, all));
        }
        if view.kind == DocKind::Markdown {
            out.push(builder.ignore_here(d));
        }
        if req.workspace {
            out.push(disable_rule(d.rule, req.uri));
        }
    }
    out.extend(builder.fix_all(all));
    let mut seen = std::collections::HashSet::new();
    out.retain(|a| seen.insert(a.title.clone()) && wanted(req.only, a.kind.as_ref()));
    out.into_iter()
        .map(CodeActionOrCommand::CodeAction)
        .collect()
}

/// An empty request range (a cursor) touches a finding it sits in or at either end of.
fn touches(span: &Range<usize>, at: &Range<usize>) -> bool {
    span.start <= at.end && at.start <= span.end
}

fn wanted(only: Option<&[CodeActionKind]>, kind: Option<&CodeActionKind>) -> bool {
    let (Some(only), Some(kind)) = (only, kind) else {
        return true;
    };
    only.iter().any(|o| {
        let (o, k) = (o.as_str(), kind.as_str());
        k == o || k.starts_with(&format!("{o}."))
    })
}

struct Builder<'a> {
    view: &'a View<'a>,
    req: &'a Request<'a>,
    doc: &'a Analysis,
}

impl Builder<'_> {
    fn quick_fix(&self, d: &Diagnostic, fix: &Fix, preferred: bool) -> CodeAction {
        let (before, after) = self.before_after(d, fix);
        let title = if after.trim().is_empty() {
            format!("Delete “{before}”")
        } else {
            format!("Change “{before}” to “{after}”")
        };
        CodeAction {
            title,
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![self.lsp_diagnostic(d)]),
            edit: Some(self.edit(vec![self.text_edit(fix)])),
            is_preferred: preferred.then_some(true),
            ..CodeAction::default()
        }
    }

    /// The same change for every finding of `d`'s rule that flags the same text and would
    /// become the same text; only offered when there are at least two. Findings inside
    /// quotations join only when the cursor is on them: quoted words need checking first.
    fn every_mention(&self, d: &Diagnostic, fix: &Fix, all: &[Diagnostic]) -> Option<CodeAction> {
        let key = self.before_after(d, fix);
        let mut fixes: Vec<&Fix> = all
            .iter()
            .filter(|e| e.rule == d.rule && (e == &d || is_automatic(e)))
            .filter_map(|e| e.fixes.iter().find(|f| self.before_after(e, f) == key))
            .collect();
        if fixes.len() < 2 {
            return None;
        }
        fixes.sort_by_key(|f| (f.span.start, f.span.end));
        let mut edits: Vec<TextEdit> = Vec::new();
        let mut end = 0;
        for f in fixes {
            if edits.is_empty() || f.span.start >= end {
                end = f.span.end;
                edits.push(self.text_edit(f));
            }
        }
        let (before, after) = key;
        let n = edits.len();
        let title = match d.family() {
            "names" => format!("Use “{after}” for every mention ({n})"),
            _ if after.trim().is_empty() => format!("Delete every “{before}” ({n})"),
            _ => format!("Change every “{before}” to “{after}” ({n})"),
        };
        Some(CodeAction {
            title,
            kind: Some(CodeActionKind::QUICKFIX),
            edit: Some(self.edit(edits)),
            ..CodeAction::default()
        })
    }

    /// `<!-- copydesk-disable-next-line RULE -->` for the finding's line. Where the line
    /// above is prose, the comment goes at its end, so the paragraph or list is not split
    /// by an HTML block; elsewhere it goes on a line of its own.
    fn ignore_here(&self, d: &Diagnostic) -> CodeAction {
        let rope = self.view.rope;
        let comment = format!("<!-- copydesk-disable-next-line {} -->", d.rule);
        let line = positions::byte_to_position(rope, d.span.start, Encoding::Utf8).line;
        let line_start =
            positions::position_to_byte(rope, Position { line, col: 0 }, Encoding::Utf8);
        let above_end = (line > 0)
            .then(|| {
                let end = Position {
                    line: line - 1,
                    col: usize::MAX,
                };
                positions::position_to_byte(rope, end, Encoding::Utf8)
            })
            .filter(|&end| end > 0 && self.doc.paragraph_at(end - 1).is_some());
        let fix = match above_end {
            Some(end) => Fix::new(end..end, format!(" {comment}")),
            None => Fix::new(
                line_start..line_start,
                format!("{comment}{}", line_break(self.view, line)),
            ),
        };
        CodeAction {
            title: format!("Ignore {} here", d.rule),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![self.lsp_diagnostic(d)]),
            edit: Some(self.edit(vec![self.text_edit(&fix)])),
            ..CodeAction::default()
        }
    }

    /// Every automatic fix in the document that does not overlap another.
    fn fix_all(&self, all: &[Diagnostic]) -> Option<CodeAction> {
        let automatic: Vec<Diagnostic> = all.iter().filter(|d| is_automatic(d)).cloned().collect();
        let (_, taken) = apply_fixes(&self.doc.text, &automatic);
        if taken.is_empty() {
            return None;
        }
        Some(CodeAction {
            title: "Fix all copydesk issues".to_string(),
            kind: Some(fix_all_kind()),
            edit: Some(self.edit(taken.iter().map(|f| self.text_edit(f)).collect())),
            ..CodeAction::default()
        })
    }

    /// The text a fix rewrites, widened to the finding, before and after the fix, with
    /// runs of whitespace shown as one space.
    fn before_after(&self, d: &Diagnostic, fix: &Fix) -> (String, String) {
        let text = &self.doc.text;
        let region = d.span.start.min(fix.span.start)..d.span.end.max(fix.span.end);
        let (Some(before), Some(head), Some(tail)) = (
            text.get(region.clone()),
            text.get(region.start..fix.span.start),
            text.get(fix.span.end..region.end),
        ) else {
            return (String::new(), fix.replacement.clone());
        };
        let squeeze = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        (
            squeeze(before),
            squeeze(&format!("{head}{}{tail}", fix.replacement)),
        )
    }

    fn text_edit(&self, fix: &Fix) -> TextEdit {
        convert::text_edit(self.view.rope, fix, self.req.enc)
    }

    fn lsp_diagnostic(&self, d: &Diagnostic) -> tower_lsp::lsp_types::Diagnostic {
        convert::diagnostic(self.view.rope, d, self.req.enc)
    }

    /// Versioned when the client allows it, so an edit computed on old text is refused.
    fn edit(&self, edits: Vec<TextEdit>) -> WorkspaceEdit {
        let uri = self.req.uri.clone();
        if self.req.document_changes {
            WorkspaceEdit {
                document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
                    text_document: OptionalVersionedTextDocumentIdentifier {
                        uri,
                        version: Some(self.view.version),
                    },
                    edits: edits.into_iter().map(OneOf::Left).collect(),
                }])),
                ..WorkspaceEdit::default()
            }
        } else {
            WorkspaceEdit {
                changes: Some(HashMap::from([(uri, edits)])),
                ..WorkspaceEdit::default()
            }
        }
    }
}

fn disable_rule(rule: &str, uri: &Url) -> CodeAction {
    let title = format!("Disable {rule} for this workspace");
    CodeAction {
        title: title.clone(),
        kind: Some(CodeActionKind::QUICKFIX),
        command: Some(Command {
            title,
            command: DISABLE_RULE_COMMAND.to_string(),
            arguments: Some(vec![json!(rule), json!(uri)]),
        }),
        ..CodeAction::default()
    }
}

/// The line break ending `line`, or the document's first one, or `\n`.
fn line_break(view: &View<'_>, line: usize) -> &'static str {
    let ending = |slice: ropey::RopeSlice<'_>| {
        let n = slice.len_chars();
        match (
            n.checked_sub(2).map(|i| slice.char(i)),
            n.checked_sub(1).map(|i| slice.char(i)),
        ) {
            (Some('\r'), Some('\n')) => Some("\r\n"),
            (_, Some('\n')) => Some("\n"),
            (_, Some('\r')) => Some("\r"),
            _ => None,
        }
    };
    let rope = view.rope;
    (line < rope.len_lines())
        .then(|| ending(rope.line(line)))
        .flatten()
        .or_else(|| {
            (rope.len_lines() > 1)
                .then(|| ending(rope.line(0)))
                .flatten()
        })
        .unwrap_or("\n")
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::engine::Engine;
    use crate::lsp::state::DocumentState;

    /// The text after applying the action titled `title` at the first finding.
    fn apply(text: &str, kind: DocKind, title: &str) -> Option<String> {
        let engine = Arc::new(Engine::default());
        let doc = DocumentState::open(text, kind, 1);
        let uri = Url::parse("file:///a.md").unwrap();
        doc.with_fresh(&engine, |view| {
            let span = view.diagnostics().first()?.span.clone();
            let req = Request {
                uri: &uri,
                span,
                only: None,
                enc: Encoding::Utf16,
                document_changes: false,
                workspace: false,
            };
            let action = code_actions(&view, &req)
                .into_iter()
                .find_map(|a| match a {
                    CodeActionOrCommand::CodeAction(a) if a.title == title => Some(a),
                    _ => None,
                })?;
            let mut edits = action.edit?.changes?.remove(&uri)?;
            edits.sort_by_key(|e| std::cmp::Reverse((e.range.start.line, e.range.start.character)));
            let mut out = text.to_string();
            for e in edits {
                out.replace_range(
                    convert::span(view.rope, e.range, Encoding::Utf16),
                    &e.new_text,
                );
            }
            Some(out)
        })
    }

    const IGNORE: &str = "Ignore phrasing/doubled-word here";

    #[test]
    fn ignore_here_keeps_paragraphs_and_lists_whole() {
        let engine = Engine::default();
        let cases = [
            "It was the the end.\r\n",
            "The first line runs on\nand the the second.\n",
            "- one item\n- the the second\n",
            "```\ncode\n```\nIt was the the end.\n",
        ];
        for text in cases {
            let ignored = apply(text, DocKind::Markdown, IGNORE).unwrap();
            assert!(
                engine.lint(&ignored, DocKind::Markdown).is_empty(),
                "{ignored:?}"
            );
            // Paragraphs and list items are neither split nor merged.
            let before = crate::segment::segment(text, DocKind::Markdown)
                .paragraphs
                .len();
            let after = crate::segment::segment(&ignored, DocKind::Markdown)
                .paragraphs
                .len();
            assert_eq!(before, after, "{ignored:?}");
        }
        assert_eq!(
            apply(cases[1], DocKind::Markdown, IGNORE).unwrap(),
            "The first line runs on <!-- copydesk-disable-next-line phrasing/doubled-word -->\nand the the second.\n"
        );
        assert_eq!(
            apply(cases[0], DocKind::Markdown, IGNORE).unwrap(),
            "<!-- copydesk-disable-next-line phrasing/doubled-word -->\r\nIt was the the end.\r\n"
        );
        assert!(apply(cases[0], DocKind::Text, IGNORE).is_none());
    }

    #[test]
    fn every_mention_needs_two_and_skips_quotations() {
        let text = "It was the the end. And the the start. He said \"the the\".\n";
        assert_eq!(
            apply(
                text,
                DocKind::Markdown,
                "Change every “the the” to “the” (2)"
            )
            .unwrap(),
            "It was the end. And the start. He said \"the the\".\n"
        );
        let single = "It was the the end. He said \"the the\".\n";
        assert!(apply(
            single,
            DocKind::Markdown,
            "Change every “the the” to “the” (2)"
        )
        .is_none());
        assert!(apply(
            single,
            DocKind::Markdown,
            "Change every “the the” to “the” (1)"
        )
        .is_none());
    }
}
