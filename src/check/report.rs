//! What linting one input produced, with positions resolved for output.

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::positions::{Cursor, Encoding};

/// One input's outcome: its findings, or the reason it could not be linted.
#[derive(Debug)]
pub struct FileReport {
    pub display: String,
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
    pub error: Option<String>,
    /// Rules whose fixes `--fix` wrote to the file, with how many each.
    pub fixed: Vec<(&'static str, usize)>,
}

/// A diagnostic with 1-based lines and columns (columns in Unicode scalar values).
pub struct Located<'a> {
    pub diagnostic: &'a Diagnostic,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    /// The line the diagnostic starts on, without its line break.
    pub source_line: &'a str,
}

impl FileReport {
    pub fn failed(display: String, error: String) -> FileReport {
        FileReport {
            display,
            text: String::new(),
            diagnostics: Vec::new(),
            error: Some(error),
            fixed: Vec::new(),
        }
    }

    /// The diagnostics with their positions, found in one pass over the text as the engine
    /// sorts them by offset.
    pub fn located(&self) -> impl Iterator<Item = Located<'_>> {
        let mut cursor = Cursor::new(&self.text, Encoding::Utf32);
        self.diagnostics.iter().map(move |d| {
            let (start, end) = cursor.span(&d.span);
            Located {
                diagnostic: d,
                line: start.line + 1,
                column: start.col + 1,
                end_line: end.line + 1,
                end_column: end.col + 1,
                source_line: cursor.line(),
            }
        })
    }
}

/// Counts by severity over all reports.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub diagnostics: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub hints: usize,
}

impl Summary {
    pub fn of(reports: &[FileReport]) -> Summary {
        let mut s = Summary {
            files: reports.len(),
            ..Summary::default()
        };
        for d in reports.iter().flat_map(|r| &r.diagnostics) {
            s.diagnostics += 1;
            match d.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
                Severity::Hint => s.hints += 1,
            }
        }
        s
    }
}
