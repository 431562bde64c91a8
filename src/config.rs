//! `.copydesk.toml`: rule levels, edits to the rule data, words to ignore, file extensions.
//!
//! Every mistake in a config is reported with its file, line and column and what was
//! expected; an unknown key is an error, never silently ignored.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::data::DataEdits;
use crate::diagnostic::Severity;

pub const FILE_NAME: &str = ".copydesk.toml";
pub const DEFAULT_EXTENSIONS: [&str; 3] = ["md", "markdown", "txt"];

/// A rule's level: off, or the severity to report it at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Off,
    On(Severity),
}

impl Level {
    pub fn parse(s: &str) -> Option<Level> {
        match s {
            "off" => Some(Level::Off),
            other => other.parse().ok().map(Level::On),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    extensions: Option<Vec<String>>,
    #[serde(default)]
    ignore_words: Vec<String>,
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    data: DataEdits,
    #[serde(default)]
    workspace_names: bool,
}

/// A parsed, validated config. `Default` is "no config file": every rule at its own level.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Config {
    /// Where it was read from, for error messages; `None` for defaults and editor settings.
    pub path: Option<PathBuf>,
    pub extensions: Option<Vec<String>>,
    /// Words never reported, compared without case.
    pub ignore_words: Vec<String>,
    /// Rule id or family name → level, with the source span for later validation errors.
    pub rules: Vec<(String, Level, Range<usize>)>,
    pub data: DataEdits,
    /// The language server counts name spellings over every article of the workspace
    /// folder, not only the open ones (`--check` counts the files it is given).
    pub workspace_names: bool,
    /// The config's text, kept so that later validation can report lines.
    source: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: Option<PathBuf>,
    /// 1-based; 0 when the error has no place in the file.
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self
            .path
            .as_deref()
            .map_or_else(|| "config".to_string(), |p| p.display().to_string());
        if self.line > 0 {
            write!(f, "{path}:{}:{}: {}", self.line, self.column, self.message)
        } else {
            write!(f, "{path}: {}", self.message)
        }
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// Parse a config's text; `path` is only used in error messages.
    pub fn parse(text: &str, path: Option<&Path>) -> Result<Config, ConfigError> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            error_at(text, path, span, e.message().trim().to_string())
        })?;
        let mut rules = Vec::new();
        for (key, value) in raw.rules {
            let level = Level::parse(value.get_ref()).ok_or_else(|| {
                error_at(
                    text,
                    path,
                    value.span(),
                    format!(
                        "rules.\"{}\": expected off, hint, info, warning or error; got {:?}",
                        key.get_ref(),
                        value.get_ref()
                    ),
                )
            })?;
            rules.push((key.get_ref().clone(), level, key.span()));
        }
        Ok(Config {
            path: path.map(Path::to_path_buf),
            extensions: raw.extensions,
            ignore_words: raw.ignore_words,
            rules,
            data: raw.data,
            workspace_names: raw.workspace_names,
            source: text.to_string(),
        })
    }

    /// Read and parse a config file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            path: Some(path.to_path_buf()),
            line: 0,
            column: 0,
            message: format!("cannot read config: {e}"),
        })?;
        Config::parse(&text, Some(path))
    }

    /// The nearest `.copydesk.toml` in `dir` or its ancestors.
    pub fn discover(dir: &Path) -> Option<PathBuf> {
        dir.ancestors()
            .map(|d| d.join(FILE_NAME))
            .find(|candidate| candidate.is_file())
    }

    /// An error about this config at a byte span of its text (used after parsing, when
    /// rule ids are checked against the registry).
    pub fn error_at(&self, span: Range<usize>, message: String) -> ConfigError {
        error_at(&self.source, self.path.as_deref(), span, message)
    }

    pub fn extensions(&self) -> Vec<String> {
        self.extensions
            .clone()
            .unwrap_or_else(|| DEFAULT_EXTENSIONS.iter().map(|s| s.to_string()).collect())
    }
}

fn error_at(text: &str, path: Option<&Path>, span: Range<usize>, message: String) -> ConfigError {
    let before = &text[..span.start.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    ConfigError {
        path: path.map(Path::to_path_buf),
        line,
        column,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_levels_and_data() {
        let config = Config::parse(
            "ignore_words = [\"Xi\"]\n[rules]\n\"phrasing/doubled-word\" = \"off\"\nquotes = \"info\"\n[data.doubles.allowed]\nadd = [\"so so\"]\n",
            None,
        )
        .unwrap();
        assert_eq!(config.ignore_words, vec!["Xi"]);
        assert_eq!(config.rules.len(), 2);
        assert!(config
            .rules
            .iter()
            .any(|(id, l, _)| id == "quotes" && *l == Level::On(Severity::Info)));
        assert_eq!(config.data["doubles"]["allowed"].add.len(), 1);
    }

    #[test]
    fn unknown_key_names_line_and_column() {
        let err = Config::parse(
            "extensions = [\"md\"]\ncolour = true\n",
            Some(Path::new("x.toml")),
        )
        .unwrap_err();
        assert_eq!((err.line, err.column), (2, 1));
        assert!(
            err.to_string()
                .starts_with("x.toml:2:1: unknown field `colour`"),
            "{err}"
        );
    }

    #[test]
    fn bad_level_is_reported() {
        let err =
            Config::parse("[rules]\n\"phrasing/doubled-word\" = \"loud\"\n", None).unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err
            .message
            .contains("expected off, hint, info, warning or error"));
    }
}
