//! `corpus/thresholds.toml`: the floors `copydesk eval` enforces. Raise them as rules
//! improve; never lower them to pass.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    #[serde(default)]
    pub clean: CleanFloor,
    #[serde(default)]
    pub overall: Option<Floor>,
    /// By family name.
    #[serde(default)]
    pub families: BTreeMap<String, Floor>,
    /// By rule id.
    #[serde(default)]
    pub rules: BTreeMap<String, Floor>,
}

#[derive(Debug, Default, Deserialize, Clone, Copy)]
#[serde(deny_unknown_fields)]
pub struct Floor {
    pub precision: Option<f64>,
    pub recall: Option<f64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CleanFloor {
    /// Findings of warning severity or above per 1,000 words of clean articles.
    pub max_warnings_per_1000_words: Option<f64>,
}

pub fn load(path: &Path) -> Result<Thresholds, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    toml::from_str(&text).map_err(|e| format!("{}: {}", path.display(), e.message()))
}
