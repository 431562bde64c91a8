//! The text being linted and what kind of file it came from.

pub mod positions;

use std::path::Path;

use ropey::Rope;

/// How a file's bytes are read into prose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocKind {
    /// CommonMark with front matter; only prose is linted.
    Markdown,
    /// Everything is prose.
    Text,
}

impl DocKind {
    /// Markdown for `.md`/`.markdown`, plain text for everything else.
    pub fn from_path(path: &Path) -> DocKind {
        match path.extension().and_then(|e| e.to_str()) {
            Some(ext) if ext.eq_ignore_ascii_case("md") || ext.eq_ignore_ascii_case("markdown") => {
                DocKind::Markdown
            }
            _ => DocKind::Text,
        }
    }

    /// From an LSP language id.
    pub fn from_language_id(id: &str) -> DocKind {
        if id.eq_ignore_ascii_case("markdown") {
            DocKind::Markdown
        } else {
            DocKind::Text
        }
    }
}

/// An article held in a rope, so that editors' incremental edits are cheap.
#[derive(Debug, Clone)]
pub struct Document {
    pub rope: Rope,
    pub kind: DocKind,
}

impl Document {
    pub fn new(text: &str, kind: DocKind) -> Document {
        Document {
            rope: Rope::from_str(text),
            kind,
        }
    }

    /// The whole text as one string, for the analysis passes that need contiguous text.
    pub fn text(&self) -> String {
        self.rope.to_string()
    }
}
