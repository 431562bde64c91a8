//! `--format sarif`: SARIF 2.1.0 for code-scanning dashboards, with every rule's metadata.

use std::io::{self, Write};

use serde_json::{json, Value};

use crate::check::report::FileReport;
use crate::diagnostic::Severity;
use crate::engine::Engine;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(sev: Severity) -> &'static str {
    match sev {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

pub fn write(reports: &[FileReport], engine: &Engine, out: &mut dyn Write) -> io::Result<()> {
    let metas: Vec<_> = engine.rules().map(|r| r.meta()).collect();
    let rules: Vec<Value> = metas
        .iter()
        .map(|m| {
            json!({
                "id": m.id,
                "name": m.id.replace(['/', '-'], "_"),
                "shortDescription": { "text": m.summary },
                "fullDescription": { "text": m.explanation },
                "help": { "text": m.explanation },
                "defaultConfiguration": { "level": level(m.severity) },
                "properties": { "tags": [m.family()] }
            })
        })
        .collect();
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for r in reports {
        let location = json!({ "uri": uri(&r.display) });
        if let Some(err) = &r.error {
            notifications.push(json!({
                "level": "error",
                "message": { "text": format!("{}: {err}", r.display) },
                "locations": [{ "physicalLocation": { "artifactLocation": location } }]
            }));
        }
        for l in r.located() {
            let d = l.diagnostic;
            let mut text = d.message.clone();
            if let Some(note) = &d.note {
                text.push_str(&format!(" ({note})"));
            }
            let mut result = json!({
                "ruleId": d.rule,
                "level": level(d.severity),
                "message": { "text": text },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": location,
                        "region": {
                            "startLine": l.line,
                            "startColumn": l.column,
                            "endLine": l.end_line,
                            "endColumn": l.end_column,
                            "byteOffset": d.span.start,
                            "byteLength": d.span.end - d.span.start
                        }
                    }
                }]
            });
            if let Some(index) = metas.iter().position(|m| m.id == d.rule) {
                result["ruleIndex"] = json!(index);
            }
            if !d.fixes.is_empty() {
                result["fixes"] = Value::Array(
                    d.fixes
                        .iter()
                        .map(|f| {
                            json!({
                                "description": { "text": format!("Replace with {:?}", f.replacement) },
                                "artifactChanges": [{
                                    "artifactLocation": location,
                                    "replacements": [{
                                        "deletedRegion": {
                                            "byteOffset": f.span.start,
                                            "byteLength": f.span.end - f.span.start
                                        },
                                        "insertedContent": { "text": f.replacement }
                                    }]
                                }]
                            })
                        })
                        .collect(),
                );
            }
            results.push(result);
        }
    }
    let sarif = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "copydesk",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
            "invocations": [{
                "executionSuccessful": notifications.is_empty(),
                "toolExecutionNotifications": notifications
            }]
        }]
    });
    serde_json::to_writer_pretty(&mut *out, &sarif)?;
    writeln!(out)
}

/// A relative URI reference for a path (percent-encoding what URIs do not allow).
fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
