//! `--format human`: what a person reads in a terminal.
//!
//! ```text
//! news/story.md:3:8: warning[phrasing/doubled-word]: "the" is repeated.
//!   3 | It was the the end.
//!     |        ^^^^^^^
//!     = fix: remove " the"
//! ```

use std::io::{self, Write};

use crate::check::report::{FileReport, Located, Summary};
use crate::diagnostic::Severity;

struct Paint {
    on: bool,
}

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

pub fn write(reports: &[FileReport], color: bool, out: &mut dyn Write) -> io::Result<()> {
    let paint = Paint { on: color };
    for r in reports {
        for l in r.located() {
            write_one(r, &l, &paint, out)?;
        }
    }
    let s = Summary::of(reports);
    if s.diagnostics > 0 {
        let mut parts = Vec::new();
        for (n, name) in [
            (s.errors, "error"),
            (s.warnings, "warning"),
            (s.infos, "info"),
            (s.hints, "hint"),
        ] {
            if n > 0 {
                parts.push(format!(
                    "{n} {name}{}",
                    if n == 1 || name == "info" { "" } else { "s" }
                ));
            }
        }
        writeln!(
            out,
            "{} in {} file{}",
            parts.join(", "),
            s.files,
            if s.files == 1 { "" } else { "s" }
        )?;
    }
    Ok(())
}

fn write_one(
    r: &FileReport,
    l: &Located<'_>,
    paint: &Paint,
    out: &mut dyn Write,
) -> io::Result<()> {
    let d = l.diagnostic;
    let sev_color = match d.severity {
        Severity::Error => "1;31",
        Severity::Warning => "1;33",
        Severity::Info => "1;34",
        Severity::Hint => "1;36",
    };
    writeln!(
        out,
        "{}: {}: {}",
        paint.wrap("1", &format!("{}:{}:{}", r.display, l.line, l.column)),
        paint.wrap(sev_color, &format!("{}[{}]", d.severity, d.rule)),
        d.message
    )?;
    let line_text = l.source_line;
    let gutter = l.line.to_string();
    let pad = " ".repeat(gutter.len());
    let shown: String = line_text
        .chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .collect();
    writeln!(out, "  {} | {}", paint.wrap("34", &gutter), shown)?;
    let start = l.column - 1;
    let end = if l.end_line == l.line {
        (l.end_column - 1).max(start + 1)
    } else {
        shown.chars().count().max(start + 1)
    };
    writeln!(
        out,
        "  {pad} | {}{}",
        " ".repeat(start),
        paint.wrap(sev_color, &"^".repeat(end - start))
    )?;
    if let Some(note) = &d.note {
        writeln!(out, "  {pad} = note: {note}")?;
    }
    if let Some(fix) = d.fixes.first() {
        let old = r.text.get(fix.span.clone()).unwrap_or_default();
        let what = if fix.replacement.is_empty() {
            format!("remove {old:?}")
        } else if old.is_empty() {
            format!("insert {:?}", fix.replacement)
        } else {
            format!("replace {old:?} with {:?}", fix.replacement)
        };
        writeln!(out, "  {pad} = fix: {what}")?;
    }
    Ok(())
}
