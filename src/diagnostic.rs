//! The one type every rule produces and every front end consumes.
//!
//! Spans are byte ranges into the linted text (end exclusive). Front ends turn them into
//! lines and columns through [`crate::document::positions`]; nothing here knows about
//! editors or terminals.

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// How loud a finding is. Ordered from quietest to loudest so `>=` means "at least as severe".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Hint,
    Info,
    Warning,
    Error,
}

impl Severity {
    pub const ALL: [Severity; 4] = [
        Severity::Hint,
        Severity::Info,
        Severity::Warning,
        Severity::Error,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Hint => "hint",
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Severity::ALL
            .into_iter()
            .find(|sev| sev.as_str() == s)
            .ok_or_else(|| format!("expected one of hint, info, warning, error; got {s:?}"))
    }
}

/// One certain edit: replace `span` with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Fix {
    pub replacement: String,
    pub span: Range<usize>,
}

impl Fix {
    pub fn new(span: Range<usize>, replacement: impl Into<String>) -> Fix {
        Fix {
            replacement: replacement.into(),
            span,
        }
    }

    /// Shift the fix by `delta` bytes (paragraph-local → document coordinates). Wrapping:
    /// a local offset before the paragraph (a fix taking the blank line above it) is
    /// stored as its wrapped difference.
    pub fn shifted(mut self, delta: usize) -> Fix {
        self.span = self.span.start.wrapping_add(delta)..self.span.end.wrapping_add(delta);
        self
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    /// Stable id `family/name`.
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    pub span: Range<usize>,
    /// Only certain fixes; empty when the right text cannot be known.
    pub fixes: Vec<Fix>,
    /// Extra context shown under the message (for example "quotation — verify against the source").
    pub note: Option<String>,
}

impl Diagnostic {
    pub fn new(
        rule: &'static str,
        severity: Severity,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            rule,
            severity,
            message: message.into(),
            span,
            fixes: Vec::new(),
            note: None,
        }
    }

    pub fn with_fix(mut self, fix: Fix) -> Diagnostic {
        self.fixes.push(fix);
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.note = Some(note.into());
        self
    }

    pub fn shifted(mut self, delta: usize) -> Diagnostic {
        self.span = self.span.start.wrapping_add(delta)..self.span.end.wrapping_add(delta);
        self.fixes = self.fixes.into_iter().map(|f| f.shifted(delta)).collect();
        self
    }

    /// The rule family, the part of the id before the slash.
    pub fn family(&self) -> &'static str {
        self.rule.split('/').next().unwrap_or(self.rule)
    }
}
