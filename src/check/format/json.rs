//! `--format json` and `--format jsonl`: the documented machine-readable shape
//! (docs/output.md). Field order is part of the contract.
//!
//! Written straight into a buffer rather than through serde's derive: a finding is some
//! 300 bytes of JSON in a dozen fields, and serde's token-at-a-time writes cost some 4,700
//! instructions each (a test checks the bytes equal serde_json's for the same shape).

use std::io::{self, Write};

use crate::check::report::{FileReport, Located, Summary};

pub const VERSION: u32 = 1;

/// The buffer is handed to the writer whenever it holds this much, so memory stays bounded
/// however many findings a run has.
const FLUSH_AT: usize = 64 << 10;

/// JSON text being written to `out` through a buffer.
struct Json<'w> {
    buf: Vec<u8>,
    out: &'w mut dyn Write,
}

impl Json<'_> {
    fn new(out: &mut dyn Write) -> Json<'_> {
        Json {
            buf: Vec::with_capacity(FLUSH_AT + 4096),
            out,
        }
    }

    fn raw(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    fn number(&mut self, n: usize) {
        self.buf
            .extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
    }

    fn string(&mut self, s: &str) {
        string(&mut self.buf, s);
    }

    /// Hand what is buffered to the writer once there is enough of it.
    fn spill(&mut self) -> io::Result<()> {
        if self.buf.len() >= FLUSH_AT {
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    /// A line feed, and everything to the writer.
    fn finish(mut self) -> io::Result<()> {
        self.buf.push(b'\n');
        self.out.write_all(&self.buf)?;
        self.out.flush()
    }
}

/// `s` as a JSON string, escaped as serde_json escapes it: `"` and `\` with a backslash,
/// control characters as `\b`, `\t`, `\n`, `\f`, `\r` or `\u00XX`, nothing else. The runs
/// with nothing to escape, nearly all of the text, are found eight bytes at a time and
/// copied whole.
fn string(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut copied = 0;
    let mut at = 0;
    while at < bytes.len() {
        let chunk = bytes
            .get(at..at + 8)
            .and_then(|c| <[u8; 8]>::try_from(c).ok());
        if chunk.is_some_and(|c| !needs_escape(u64::from_le_bytes(c))) {
            at += 8;
            continue;
        }
        let end = (at + 8).min(bytes.len());
        for i in at..end {
            let b = bytes[i];
            let escape: &[u8] = match b {
                b'"' => b"\\\"",
                b'\\' => b"\\\\",
                0x08 => b"\\b",
                b'\t' => b"\\t",
                b'\n' => b"\\n",
                0x0C => b"\\f",
                b'\r' => b"\\r",
                0..=0x1F => &[
                    b'\\',
                    b'u',
                    b'0',
                    b'0',
                    HEX[usize::from(b >> 4)],
                    HEX[usize::from(b & 0xF)],
                ],
                _ => continue,
            };
            out.extend_from_slice(&bytes[copied..i]);
            out.extend_from_slice(escape);
            copied = i + 1;
        }
        at = end;
    }
    out.extend_from_slice(&bytes[copied..]);
    out.push(b'"');
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Whether any of the eight bytes of `word` is `"`, `\` or below 0x20: a byte `x` is below
/// `n` (at most 0x80) exactly when `(x - n) & !x` has its top bit set, and a borrow out of a
/// byte that is not can only flag a higher one when a lower byte already is.
fn needs_escape(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const TOPS: u64 = 0x8080_8080_8080_8080;
    let below = |w: u64, n: u64| w.wrapping_sub(n * ONES) & !w & TOPS;
    let control = below(word, 0x20);
    let quote = below(word ^ (u64::from(b'"') * ONES), 1);
    let backslash = below(word ^ (u64::from(b'\\') * ONES), 1);
    control | quote | backslash != 0
}

fn write_file(json: &mut Json, r: &FileReport) {
    json.raw(b"{\"path\":");
    json.string(&r.display);
    json.raw(b",\"diagnostics\":[");
    for (i, l) in r.located().enumerate() {
        if i > 0 {
            json.raw(b",");
        }
        write_diagnostic(json, &l);
    }
    json.raw(b"]");
    if let Some(error) = &r.error {
        json.raw(b",\"error\":");
        json.string(error);
    }
    json.raw(b"}");
}

fn write_diagnostic(json: &mut Json, l: &Located) {
    let d = l.diagnostic;
    json.raw(b"{\"rule\":");
    json.string(d.rule);
    json.raw(b",\"severity\":");
    json.string(d.severity.as_str());
    json.raw(b",\"message\":");
    json.string(&d.message);
    for (key, n) in [
        (&b",\"line\":"[..], l.line),
        (b",\"column\":", l.column),
        (b",\"end_line\":", l.end_line),
        (b",\"end_column\":", l.end_column),
        (b",\"byte_start\":", d.span.start),
        (b",\"byte_end\":", d.span.end),
    ] {
        json.raw(key);
        json.number(n);
    }
    json.raw(b",\"fixes\":[");
    for (i, f) in d.fixes.iter().enumerate() {
        if i > 0 {
            json.raw(b",");
        }
        json.raw(b"{\"replacement\":");
        json.string(&f.replacement);
        json.raw(b",\"byte_start\":");
        json.number(f.span.start);
        json.raw(b",\"byte_end\":");
        json.number(f.span.end);
        json.raw(b"}");
    }
    json.raw(b"],\"note\":");
    match &d.note {
        Some(note) => json.string(note),
        None => json.raw(b"null"),
    }
    json.raw(b"}");
}

pub fn write(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    let mut json = Json::new(out);
    json.raw(b"{\"version\":");
    json.number(VERSION as usize);
    json.raw(b",\"files\":[");
    for (i, r) in reports.iter().enumerate() {
        if i > 0 {
            json.raw(b",");
        }
        write_file(&mut json, r);
        json.spill()?;
    }
    let s = Summary::of(reports);
    json.raw(b"],\"summary\":");
    for (key, n) in [
        (&b"{\"files\":"[..], s.files),
        (b",\"diagnostics\":", s.diagnostics),
        (b",\"errors\":", s.errors),
        (b",\"warnings\":", s.warnings),
        (b",\"infos\":", s.infos),
        (b",\"hints\":", s.hints),
    ] {
        json.raw(key);
        json.number(n);
    }
    json.raw(b"}}");
    json.finish()
}

/// One file as one line of JSON.
pub fn write_line(report: &FileReport, out: &mut dyn Write) -> io::Result<()> {
    let mut json = Json::new(out);
    write_file(&mut json, report);
    json.finish()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde::Serialize;

    use super::*;
    use crate::diagnostic::{Diagnostic, Fix, Severity};

    /// The output's shape as serde derives it: what the writer must equal byte for byte.
    #[derive(Serialize)]
    struct Output<'a> {
        version: u32,
        files: Vec<FileOut<'a>>,
        summary: SummaryOut,
    }

    #[derive(Serialize)]
    struct FileOut<'a> {
        path: &'a str,
        diagnostics: Vec<DiagOut<'a>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        error: Option<&'a str>,
    }

    #[derive(Serialize)]
    struct DiagOut<'a> {
        rule: &'a str,
        severity: &'a str,
        message: &'a str,
        line: usize,
        column: usize,
        end_line: usize,
        end_column: usize,
        byte_start: usize,
        byte_end: usize,
        fixes: Vec<FixOut<'a>>,
        note: Option<&'a str>,
    }

    #[derive(Serialize)]
    struct FixOut<'a> {
        replacement: &'a str,
        byte_start: usize,
        byte_end: usize,
    }

    #[derive(Serialize)]
    struct SummaryOut {
        files: usize,
        diagnostics: usize,
        errors: usize,
        warnings: usize,
        infos: usize,
        hints: usize,
    }

    fn file_out(r: &FileReport) -> FileOut<'_> {
        FileOut {
            path: &r.display,
            diagnostics: r
                .located()
                .map(|l| {
                    let d = l.diagnostic;
                    DiagOut {
                        rule: d.rule,
                        severity: d.severity.as_str(),
                        message: &d.message,
                        line: l.line,
                        column: l.column,
                        end_line: l.end_line,
                        end_column: l.end_column,
                        byte_start: d.span.start,
                        byte_end: d.span.end,
                        fixes: d
                            .fixes
                            .iter()
                            .map(|f| FixOut {
                                replacement: &f.replacement,
                                byte_start: f.span.start,
                                byte_end: f.span.end,
                            })
                            .collect(),
                        note: d.note.as_deref(),
                    }
                })
                .collect(),
            error: r.error.as_deref(),
        }
    }

    fn serde_output(reports: &[FileReport]) -> String {
        let s = Summary::of(reports);
        let output = Output {
            version: VERSION,
            files: reports.iter().map(file_out).collect(),
            summary: SummaryOut {
                files: s.files,
                diagnostics: s.diagnostics,
                errors: s.errors,
                warnings: s.warnings,
                infos: s.infos,
                hints: s.hints,
            },
        };
        serde_json::to_string(&output).unwrap() + "\n"
    }

    fn written(f: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> String {
        let mut out = Vec::new();
        f(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// Text with everything JSON escapes, among ASCII and beyond.
    const TEXT: &str = "([a-z \"\\\\/\u{7f}\u{e9}\u{2019}\u{1F44D}]|[\u{0}-\u{1f}]){0,40}";

    fn report(
        text: String,
        error: Option<String>,
        findings: Vec<(String, Option<String>, Vec<String>)>,
    ) -> FileReport {
        let len = text.len();
        let mut at = 0;
        let diagnostics = findings
            .into_iter()
            .enumerate()
            .map(|(i, (message, note, fixes))| {
                // Spans in order, on character boundaries, as the engine sorts them.
                while at < len && !text.is_char_boundary(at) {
                    at += 1;
                }
                let span = at.min(len)..len;
                let severity = [Severity::Error, Severity::Warning, Severity::Info][i % 3];
                let mut d = Diagnostic::new("quotes/altered", severity, span.clone(), message);
                d.note = note;
                d.fixes = fixes
                    .into_iter()
                    .map(|replacement| Fix {
                        replacement,
                        span: span.clone(),
                    })
                    .collect();
                at += 3;
                d
            })
            .collect();
        FileReport {
            display: text.chars().rev().collect(),
            text,
            diagnostics,
            error,
            fixed: Vec::new(),
        }
    }

    proptest! {
        #[test]
        fn strings_are_escaped_as_serde_json_escapes_them(s in TEXT) {
            let mut out = Vec::new();
            string(&mut out, &s);
            prop_assert_eq!(String::from_utf8(out).unwrap(), serde_json::to_string(&s).unwrap());
        }

        #[test]
        fn output_is_serde_jsons(
            reports in proptest::collection::vec(
                (
                    TEXT,
                    proptest::option::of(TEXT),
                    proptest::collection::vec(
                        (TEXT, proptest::option::of(TEXT), proptest::collection::vec(TEXT, 0..3)),
                        0..4,
                    ),
                ),
                0..4,
            )
        ) {
            let reports: Vec<FileReport> = reports
                .into_iter()
                .map(|(text, error, findings)| report(text, error, findings))
                .collect();
            prop_assert_eq!(written(|out| write(&reports, out)), serde_output(&reports));
            for r in &reports {
                let line = serde_json::to_string(&file_out(r)).unwrap() + "\n";
                prop_assert_eq!(written(|out| write_line(r, out)), line);
            }
        }
    }

    /// Past the buffer's size, the output comes in pieces that still add up.
    #[test]
    fn long_output_is_written_whole() {
        let findings = vec![("\"x\"\n".repeat(200), None, vec!["y".to_string()]); 50];
        let reports: Vec<FileReport> = (0..20)
            .map(|_| report("some text".to_string(), None, findings.clone()))
            .collect();
        assert_eq!(written(|out| write(&reports, out)), serde_output(&reports));
    }
}
