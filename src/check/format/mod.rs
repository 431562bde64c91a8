//! Output formats of `copydesk --check`. Each writes every report to `out`.

mod github;
mod human;
mod json;
mod sarif;

use std::io::{self, Write};

use clap::ValueEnum;

use super::report::FileReport;
use crate::engine::Engine;
pub use json::write_line;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// `path:line:col: severity[rule]: message`, the source line and carets.
    Human,
    /// One JSON document (see docs/output.md).
    Json,
    /// One JSON object per file per line, streamed as files finish.
    Jsonl,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions workflow commands, which annotate pull requests.
    Github,
    /// Markdown (for `--list-rules`).
    Markdown,
}

pub fn write(
    format: Format,
    reports: &[FileReport],
    engine: &Engine,
    color: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human | Format::Markdown => human::write(reports, color, out),
        Format::Json => json::write(reports, out),
        Format::Jsonl => reports.iter().try_for_each(|r| write_line(r, out)),
        Format::Sarif => sarif::write(reports, engine, out),
        Format::Github => github::write(reports, out),
    }
}
