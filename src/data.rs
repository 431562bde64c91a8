//! Rule data: the lists in `rules/*.toml`, embedded at build time, with the user's edits
//! from `.copydesk.toml` applied (`[data.FILE.LIST] add = [...] remove = [...]`).
//!
//! Every family deserialises its own files into typed structs when rules are built, so a
//! malformed list fails once, at start-up, with the file and list named.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

use serde::de::DeserializeOwned;
use serde::Deserialize;

/// The embedded data files, by stem. A family that adds a file adds a line here.
const EMBEDDED: &[(&str, &str)] = &[
    ("articles", include_str!("../rules/articles.toml")),
    ("collocations", include_str!("../rules/collocations.toml")),
    ("cue-verbs", include_str!("../rules/cue-verbs.toml")),
    ("doubles", include_str!("../rules/doubles.toml")),
    ("nouns", include_str!("../rules/nouns.toml")),
    ("places", include_str!("../rules/places.toml")),
    ("possessives", include_str!("../rules/possessives.toml")),
    ("residue", include_str!("../rules/residue.toml")),
    ("split-tokens", include_str!("../rules/split-tokens.toml")),
    ("spun-phrases", include_str!("../rules/spun-phrases.toml")),
    ("names", include_str!("../rules/names.toml")),
];

/// Additions to and removals from one list of a data file.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ListEdit {
    #[serde(default)]
    pub add: Vec<toml::Value>,
    /// A string removes entries equal to it, or tables holding it as a value.
    #[serde(default)]
    pub remove: Vec<toml::Value>,
}

/// `file → list → edit`, as written under `[data]` in the config.
pub type DataEdits = BTreeMap<String, BTreeMap<String, ListEdit>>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataError(pub String);

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DataError {}

#[derive(Debug, Clone)]
pub struct DataSet {
    files: BTreeMap<&'static str, toml::Table>,
}

impl DataSet {
    /// The lists as shipped. Parsed once per process (it is a good part of start-up, and
    /// the engine and the quote model both ask), then copied.
    pub fn embedded() -> DataSet {
        static PARSED: OnceLock<BTreeMap<&'static str, toml::Table>> = OnceLock::new();
        let files = PARSED.get_or_init(|| {
            EMBEDDED
                .iter()
                .map(|&(name, text)| {
                    // The embedded files are checked by a unit test; a parse failure is a build bug.
                    let table = text
                        .parse::<toml::Table>()
                        .unwrap_or_else(|e| panic!("rules/{name}.toml is not valid TOML: {e}"));
                    (name, table)
                })
                .collect()
        });
        DataSet {
            files: files.clone(),
        }
    }

    /// The shipped lists with the user's additions and removals.
    pub fn with_edits(edits: &DataEdits) -> Result<DataSet, DataError> {
        let mut set = DataSet::embedded();
        for (file, lists) in edits {
            let known: Vec<&str> = set.files.keys().copied().collect();
            let table = set.files.get_mut(file.as_str()).ok_or_else(|| {
                DataError(format!(
                    "data.{file}: no such rule data file; expected one of {}",
                    known.join(", ")
                ))
            })?;
            for (list, edit) in lists {
                let entries = match table.get_mut(list) {
                    Some(toml::Value::Array(entries)) => entries,
                    _ => {
                        let lists: Vec<&String> = table
                            .iter()
                            .filter(|(_, v)| v.is_array())
                            .map(|(k, _)| k)
                            .collect();
                        return Err(DataError(format!(
                            "data.{file}.{list}: no such list; rules/{file}.toml has {}",
                            lists
                                .iter()
                                .map(|s| s.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        )));
                    }
                };
                entries.retain(|entry| !edit.remove.iter().any(|r| removes(r, entry)));
                entries.extend(edit.add.iter().cloned());
            }
        }
        Ok(set)
    }

    /// Deserialise one file into the family's type.
    pub fn load<T: DeserializeOwned>(&self, file: &str) -> Result<T, DataError> {
        let table = self
            .files
            .get(file)
            .ok_or_else(|| DataError(format!("rules/{file}.toml is not embedded")))?;
        T::deserialize(toml::Value::Table(table.clone()))
            .map_err(|e| DataError(format!("rules/{file}.toml (with config edits): {e}")))
    }

    /// A short fingerprint of the data, printed by `--version`.
    pub fn version() -> String {
        // FNV-1a over the embedded files: stable across builds of the same data.
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for (name, text) in EMBEDDED {
            for b in name.bytes().chain(text.bytes()) {
                hash ^= u64::from(b);
                hash = hash.wrapping_mul(0x0100_0000_01b3);
            }
        }
        format!("{:012x}", hash & 0xffff_ffff_ffff)
    }
}

fn removes(pattern: &toml::Value, entry: &toml::Value) -> bool {
    match (pattern, entry) {
        (p, e) if p == e => true,
        (toml::Value::String(p), toml::Value::Table(t)) => {
            t.values().any(|v| v.as_str() == Some(p))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_files_parse() {
        let set = DataSet::embedded();
        assert_eq!(set.files.len(), EMBEDDED.len());
    }

    #[test]
    fn edits_add_and_remove() {
        let edits: DataEdits = toml::from_str(
            r#"[doubles.allowed]
               add = ["bye bye"]
               remove = ["had had"]"#,
        )
        .unwrap();
        let set = DataSet::with_edits(&edits).unwrap();
        let table = &set.files["doubles"];
        let allowed: Vec<&str> = table["allowed"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|v| v.as_str())
            .collect();
        assert!(allowed.contains(&"bye bye"));
        assert!(!allowed.contains(&"had had"));
    }

    #[test]
    fn unknown_file_or_list_is_an_error() {
        let bad: DataEdits = toml::from_str("[nope.x]\nadd = []").unwrap();
        assert!(DataSet::with_edits(&bad)
            .unwrap_err()
            .0
            .contains("no such rule data file"));
        let bad: DataEdits = toml::from_str("[doubles.nope]\nadd = []").unwrap();
        assert!(DataSet::with_edits(&bad)
            .unwrap_err()
            .0
            .contains("no such list"));
    }
}
