//! "Disable RULE for this workspace": the edit to the workspace's `.copydesk.toml` that
//! sets `[rules] "RULE" = "off"`, creating the file if need be. The new text is checked
//! by parsing it before anything is sent, so a config written in a shape we cannot edit
//! (an inline `rules = {…}` table) is reported rather than broken.

use std::path::Path;

use ropey::Rope;
use tower_lsp::lsp_types::{
    CreateFile, CreateFileOptions, DocumentChangeOperation, DocumentChanges, OneOf,
    OptionalVersionedTextDocumentIdentifier, Position, Range, ResourceOp, TextDocumentEdit,
    TextEdit, Url, WorkspaceEdit,
};

use super::convert;
use crate::config::{Config, Level};
use crate::document::positions::Encoding;

pub struct ConfigEdit {
    pub edit: WorkspaceEdit,
    /// The file's text once the edit is applied.
    pub text: String,
}

/// `existing` is the file's current text, `None` when it does not exist.
pub fn disable_rule(
    path: &Path,
    existing: Option<&str>,
    rule: &str,
    enc: Encoding,
) -> Result<ConfigEdit, String> {
    let uri =
        Url::from_file_path(path).map_err(|()| format!("{}: not a file path", path.display()))?;
    let old = existing.unwrap_or("");
    let text = with_rule_off(old, rule);
    let parsed = Config::parse(&text, Some(path)).map_err(|e| {
        format!(
            "cannot add {rule} to {}: {e}; add `\"{rule}\" = \"off\"` under [rules] by hand",
            path.display()
        )
    })?;
    if !parsed
        .rules
        .iter()
        .any(|(id, level, _)| id == rule && *level == Level::Off)
    {
        return Err(format!(
            "cannot turn {rule} off in {}; add `\"{rule}\" = \"off\"` under [rules] by hand",
            path.display()
        ));
    }
    let whole = Range::new(
        Position::new(0, 0),
        convert::position(&Rope::from_str(old), old.len(), enc),
    );
    let edit = TextDocumentEdit {
        text_document: OptionalVersionedTextDocumentIdentifier {
            uri: uri.clone(),
            version: None,
        },
        edits: vec![OneOf::Left(TextEdit::new(whole, text.clone()))],
    };
    let mut ops = Vec::new();
    if existing.is_none() {
        ops.push(DocumentChangeOperation::Op(ResourceOp::Create(
            CreateFile {
                uri,
                options: Some(CreateFileOptions {
                    overwrite: Some(false),
                    ignore_if_exists: Some(true),
                }),
                annotation_id: None,
            },
        )));
    }
    ops.push(DocumentChangeOperation::Edit(edit));
    Ok(ConfigEdit {
        edit: WorkspaceEdit {
            document_changes: Some(DocumentChanges::Operations(ops)),
            ..WorkspaceEdit::default()
        },
        text,
    })
}

/// `text` with `"RULE" = "off"` in its `[rules]` table: an existing line for the rule is
/// replaced, else the line goes under the header, else a `[rules]` table is appended.
fn with_rule_off(text: &str, rule: &str) -> String {
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let setting = format!("\"{rule}\" = \"off\"");
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut table = String::new();
    let mut header = None;
    for (i, line) in lines.iter().enumerate() {
        let code = line.split('#').next().unwrap_or("").trim();
        if code.starts_with('[') {
            table = code
                .trim_matches(|c| c == '[' || c == ']')
                .trim()
                .to_string();
            if table == "rules" {
                header = Some(i);
            }
        } else if table == "rules" {
            let key = code
                .split('=')
                .next()
                .unwrap_or("")
                .trim()
                .trim_matches('"');
            if key == rule {
                let replacement = format!("{setting}{eol}");
                let mut out: String = lines[..i].concat();
                out.push_str(&replacement);
                out.push_str(&lines[i + 1..].concat());
                return out;
            }
        }
    }
    let line = format!("{setting}{eol}");
    match header {
        Some(h) => {
            let (head, tail) = lines.split_at(h + 1);
            let mut out = head.concat();
            if !out.ends_with('\n') {
                out.push_str(eol);
            }
            out.push_str(&line);
            out.push_str(&tail.concat());
            out
        }
        None => {
            let mut out = text.to_string();
            if !out.is_empty() && !out.ends_with('\n') {
                out.push_str(eol);
            }
            if !out.is_empty() {
                out.push_str(eol);
            }
            out.push_str(&format!("[rules]{eol}{line}"));
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULE: &str = "phrasing/doubled-word";

    #[test]
    fn creates_appends_inserts_and_replaces() {
        assert_eq!(
            with_rule_off("", RULE),
            "[rules]\n\"phrasing/doubled-word\" = \"off\"\n"
        );
        assert_eq!(
            with_rule_off("ignore_words = [\"Xi\"]", RULE),
            "ignore_words = [\"Xi\"]\n\n[rules]\n\"phrasing/doubled-word\" = \"off\"\n"
        );
        assert_eq!(
            with_rule_off("[rules]\r\nquotes = \"info\"\r\n", RULE),
            "[rules]\r\n\"phrasing/doubled-word\" = \"off\"\r\nquotes = \"info\"\r\n"
        );
        assert_eq!(
            with_rule_off(
                "[rules] # house\n\"phrasing/doubled-word\" = \"error\"\n[data]\n",
                RULE
            ),
            "[rules] # house\n\"phrasing/doubled-word\" = \"off\"\n[data]\n"
        );
    }

    #[test]
    fn new_file_is_created_then_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".copydesk.toml");
        let made = disable_rule(&path, None, RULE, Encoding::Utf16).unwrap();
        let Some(DocumentChanges::Operations(ops)) = made.edit.document_changes else {
            panic!("expected operations");
        };
        assert!(matches!(
            ops[0],
            DocumentChangeOperation::Op(ResourceOp::Create(_))
        ));
        assert_eq!(ops.len(), 2);
        assert!(made.text.contains("\"phrasing/doubled-word\" = \"off\""));
    }

    #[test]
    fn inline_tables_are_refused_not_broken() {
        let path = Path::new("/w/.copydesk.toml");
        let err = disable_rule(
            path,
            Some("rules = { quotes = \"off\" }\n"),
            RULE,
            Encoding::Utf16,
        )
        .err()
        .unwrap();
        assert!(err.contains("by hand"), "{err}");
    }
}
