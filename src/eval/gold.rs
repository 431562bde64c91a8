//! Gold files: `corpus/<name>.gold.toml` lists the damage an article really has.
//!
//! ```toml
//! clean = false
//! [[finding]]
//! rule = "phrasing/doubled-word"
//! text = "the the"   # exactly as in the article
//! occurrence = 1     # which occurrence of `text`, 1-based (default 1)
//! ```

use std::ops::Range;
use std::path::Path;

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GoldFile {
    #[serde(default)]
    clean: bool,
    #[serde(default, rename = "finding")]
    findings: Vec<GoldEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GoldEntry {
    rule: String,
    text: String,
    #[serde(default = "first")]
    occurrence: usize,
}

fn first() -> usize {
    1
}

/// One expected finding, located in the article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    pub rule: String,
    pub text: String,
    pub span: Range<usize>,
}

#[derive(Debug)]
pub struct Gold {
    /// An undamaged article: everything found on it is a false alarm.
    pub clean: bool,
    pub expected: Vec<Expected>,
}

/// Parse a gold file and locate each finding in `article`.
pub fn load(path: &Path, article: &str) -> Result<Gold, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let file: GoldFile =
        toml::from_str(&text).map_err(|e| format!("{}: {}", path.display(), e.message()))?;
    if file.clean && !file.findings.is_empty() {
        return Err(format!(
            "{}: a clean article cannot list findings",
            path.display()
        ));
    }
    let expected = file
        .findings
        .into_iter()
        .map(|f| {
            let span = nth_occurrence(article, &f.text, f.occurrence).ok_or_else(|| {
                format!(
                    "{}: {:?} (occurrence {}) is not in the article",
                    path.display(),
                    f.text,
                    f.occurrence
                )
            })?;
            Ok(Expected {
                rule: f.rule,
                text: f.text,
                span,
            })
        })
        .collect::<Result<_, String>>()?;
    Ok(Gold {
        clean: file.clean,
        expected,
    })
}

fn nth_occurrence(haystack: &str, needle: &str, n: usize) -> Option<Range<usize>> {
    if needle.is_empty() || n == 0 {
        return None;
    }
    haystack
        .match_indices(needle)
        .nth(n - 1)
        .map(|(i, _)| i..i + needle.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn occurrences_are_one_based() {
        assert_eq!(nth_occurrence("a b a", "a", 2), Some(4..5));
        assert_eq!(nth_occurrence("a b a", "a", 3), None);
        assert_eq!(nth_occurrence("a", "a", 0), None);
    }
}
