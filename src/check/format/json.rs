//! `--format json` and `--format jsonl`: the documented machine-readable shape
//! (docs/output.md). Field order is part of the contract.

use std::io::{self, Write};

use serde::Serialize;

use crate::check::report::{FileReport, Summary};

pub const VERSION: u32 = 1;

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
    /// Only present when the file could not be linted.
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

pub fn write(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
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
    write_buffered(&output, out)
}

/// One file as one line of JSON.
pub fn write_line(report: &FileReport, out: &mut dyn Write) -> io::Result<()> {
    write_buffered(&file_out(report), out)
}

/// `value` and a line feed through a buffer: serde writes a token at a time, and each write
/// to a locked stdout behind `dyn Write` cost more than encoding it.
fn write_buffered(value: &impl Serialize, out: &mut dyn Write) -> io::Result<()> {
    let mut out = io::BufWriter::new(out);
    serde_json::to_writer(&mut out, value)?;
    writeln!(out)?;
    out.flush()
}
