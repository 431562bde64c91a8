//! `--format github`: workflow commands that GitHub Actions turns into annotations.

use std::io::{self, Write};

use crate::check::report::FileReport;
use crate::diagnostic::Severity;

pub fn write(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    for r in reports {
        if let Some(err) = &r.error {
            writeln!(out, "::error file={}::{}", property(&r.display), data(err))?;
        }
        for l in r.located() {
            let d = l.diagnostic;
            let level = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info | Severity::Hint => "notice",
            };
            let mut message = d.message.clone();
            if let Some(note) = &d.note {
                message.push_str(&format!(" ({note})"));
            }
            writeln!(
                out,
                "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                property(&r.display),
                l.line,
                l.column,
                l.end_line,
                l.end_column,
                property(d.rule),
                data(&message)
            )?;
        }
    }
    Ok(())
}

/// Escaping for the message part of a workflow command.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escaping for a property value (also `:` and `,`).
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(data("50%\nmore"), "50%25%0Amore");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }
}
