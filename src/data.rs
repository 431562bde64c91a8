//! Rule data: the lists in `rules/*.toml`, embedded at build time, with the user's edits
//! from `.copydesk.toml` applied (`[data.FILE.LIST] add = [...] remove = [...]`).
//!
//! `build.rs` parses the files and embeds them as JSON: TOML parsing was a quarter of
//! start-up. A file the user edits becomes a TOML table again, the edits apply to that, and
//! rules read it as before. Every family deserialises its own files into typed structs
//! when rules are built, so a malformed list fails once, at start-up, with the file and
//! list named.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::DeserializeOwned;
use serde::Deserialize;

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

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

/// One data file: as shipped (JSON from `build.rs`), or as the user's edits left it.
#[derive(Debug, Clone)]
enum File {
    Shipped(&'static str),
    Edited(toml::Table),
}

impl File {
    fn table(&self) -> toml::Table {
        match self {
            File::Shipped(json) => shipped_table(json),
            File::Edited(table) => table.clone(),
        }
    }
}

/// A shipped file as the TOML table `rules/FILE.toml` parses to (a test checks they are equal).
fn shipped_table(json: &str) -> toml::Table {
    // build.rs wrote it from a table; failing to read it back is a build bug.
    serde_json::from_str(json).expect("build.rs writes tables as JSON")
}

#[derive(Debug, Clone)]
pub struct DataSet {
    files: BTreeMap<&'static str, File>,
}

impl DataSet {
    /// The lists as shipped.
    pub fn embedded() -> DataSet {
        DataSet {
            files: EMBEDDED
                .iter()
                .map(|&(name, json)| (name, File::Shipped(json)))
                .collect(),
        }
    }

    /// The shipped lists with the user's additions and removals.
    pub fn with_edits(edits: &DataEdits) -> Result<DataSet, DataError> {
        let mut set = DataSet::embedded();
        for (file, lists) in edits {
            let known: Vec<&str> = set.files.keys().copied().collect();
            let entry = set.files.get_mut(file.as_str()).ok_or_else(|| {
                DataError(format!(
                    "data.{file}: no such rule data file; expected one of {}",
                    known.join(", ")
                ))
            })?;
            let mut table = entry.table();
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
            *entry = File::Edited(table);
        }
        Ok(set)
    }

    /// Whether `file` is as shipped (no edits): what `build.rs` made of it holds.
    pub fn is_shipped(&self, file: &str) -> bool {
        matches!(self.files.get(file), Some(File::Shipped(_)))
    }

    /// Deserialise one file into the family's type.
    pub fn load<T: DeserializeOwned>(&self, file: &str) -> Result<T, DataError> {
        let loaded = match self.files.get(file) {
            None => return Err(DataError(format!("rules/{file}.toml is not embedded"))),
            Some(File::Shipped(json)) => serde_json::from_str(json).map_err(|e| e.to_string()),
            Some(File::Edited(table)) => {
                T::deserialize(toml::Value::Table(table.clone())).map_err(|e| e.to_string())
            }
        };
        loaded.map_err(|e| DataError(format!("rules/{file}.toml (with config edits): {e}")))
    }

    /// A short fingerprint of the data, printed by `--version`: stable across builds of the
    /// same data.
    pub fn version() -> &'static str {
        FINGERPRINT
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

    use crate::config::Config;
    use crate::document::DocKind;
    use crate::engine::Engine;

    fn source(file: &str) -> toml::Table {
        let path = format!("{}/rules/{file}.toml", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&path).unwrap().parse().unwrap()
    }

    #[test]
    fn shipped_json_is_the_parsed_toml() {
        assert_eq!(DataSet::embedded().files.len(), EMBEDDED.len());
        for (file, json) in EMBEDDED {
            assert_eq!(shipped_table(json), source(file), "rules/{file}.toml");
        }
    }

    /// Rules built from the JSON lint as rules built from TOML tables (every file edited,
    /// with nothing) do: the typed data is the same either way.
    #[test]
    fn rules_read_the_same_data_from_json_and_toml() {
        let mut config = Config::default();
        for (file, _) in EMBEDDED {
            let list = source(file)
                .iter()
                .find(|(_, v)| v.is_array())
                .map(|(k, _)| k.clone())
                .unwrap();
            config
                .data
                .entry(file.to_string())
                .or_default()
                .insert(list, ListEdit::default());
        }
        let edited = DataSet::with_edits(&config.data).unwrap();
        assert!(edited.files.values().all(|f| matches!(f, File::Edited(_))));
        let from_toml = Engine::new(&config).unwrap();
        let from_json = Engine::default();
        let text: Vec<&str> = from_json
            .rules()
            .flat_map(|r| r.meta().examples.iter().map(|e| e.text))
            .collect();
        let text = text.join("\n\n");
        let found = from_json.lint(&text, DocKind::Text);
        assert!(found.len() > 20);
        assert_eq!(from_toml.lint(&text, DocKind::Text), found);
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
        let table = set.files["doubles"].table();
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
