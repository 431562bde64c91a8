//! Configuration for the server: the keys of `.copydesk.toml`, from the workspace's file
//! and from the editor (initializationOptions or workspace/didChangeConfiguration, at the
//! top level or under `copydesk`), plus the editor-only `debounceMs`.
//!
//! The editor's settings are layered over the file: tables merge key by key, lists join,
//! and a value set in both takes the editor's. Each source is validated alone first, so an
//! error names the file's line or says it came from the editor.

use std::path::Path;
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use serde_json::Value;

use crate::config::{Config, ConfigError};
use crate::engine::Engine;

pub const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(30);
pub const MAX_DEBOUNCE_MS: u64 = 10_000;

#[derive(Debug, Clone, PartialEq)]
pub struct EditorSettings {
    pub debounce: Duration,
    /// The `.copydesk.toml` keys the editor set.
    table: toml::Table,
}

impl Default for EditorSettings {
    fn default() -> Self {
        EditorSettings {
            debounce: DEFAULT_DEBOUNCE,
            table: toml::Table::new(),
        }
    }
}

impl EditorSettings {
    pub fn from_json(value: &Value) -> Result<EditorSettings, String> {
        let value = match value.get("copydesk") {
            Some(inner) if inner.is_object() => inner,
            _ => value,
        };
        let mut map = match value {
            Value::Null => return Ok(EditorSettings::default()),
            Value::Object(map) => map.clone(),
            other => return Err(format!("editor settings: expected an object, got {other}")),
        };
        let debounce = match map.remove("debounceMs") {
            None | Some(Value::Null) => DEFAULT_DEBOUNCE,
            Some(v) => v
                .as_u64()
                .filter(|&ms| ms <= MAX_DEBOUNCE_MS)
                .map(Duration::from_millis)
                .ok_or_else(|| {
                    format!("editor settings: debounceMs: expected 0 to {MAX_DEBOUNCE_MS} milliseconds, got {v}")
                })?,
        };
        let mut value = Value::Object(map);
        drop_nulls(&mut value);
        let table = match toml::Value::try_from(&value) {
            Ok(toml::Value::Table(table)) => table,
            Ok(_) => toml::Table::new(),
            Err(e) => return Err(format!("editor settings: {e}")),
        };
        let settings = EditorSettings { debounce, table };
        if !settings.table.is_empty() {
            settings.configured()?;
        }
        Ok(settings)
    }

    fn configured(&self) -> Result<Configured, String> {
        let text = toml::to_string(&self.table).map_err(|e| format!("editor settings: {e}"))?;
        // Line numbers would point into our own rendering of the JSON: give the message only.
        let config =
            Config::parse(&text, None).map_err(|e| format!("editor settings: {}", e.message))?;
        Configured::new(&config).map_err(|e| format!("editor settings: {}", e.message))
    }
}

/// What a configuration gives the server: the engine, and how to index the folder's names.
#[derive(Clone)]
pub struct Configured {
    pub engine: Arc<Engine>,
    /// Count the names of every article in the folder (`workspace_names`).
    pub workspace_names: bool,
    pub extensions: Vec<String>,
}

impl Configured {
    fn new(config: &Config) -> Result<Configured, ConfigError> {
        let engine = Engine::new(config)?;
        Ok(Configured {
            engine: Arc::new(engine),
            workspace_names: config.workspace_names,
            extensions: config.extensions(),
        })
    }
}

impl Default for Configured {
    fn default() -> Self {
        Configured {
            engine: default_engine(),
            workspace_names: false,
            extensions: Config::default().extensions(),
        }
    }
}

/// The engine of the default configuration, one for the whole server while anything holds
/// it: the session before `initialize`, the one `initialize` builds, and every folder without
/// a configuration of its own share it, rather than each holding its own ~6 MB of rule tables
/// (the first one's freed space stayed in the idle server's memory).
fn default_engine() -> Arc<Engine> {
    static SHARED: Mutex<Weak<Engine>> = Mutex::new(Weak::new());
    let mut shared = SHARED.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(engine) = shared.upgrade() {
        return engine;
    }
    let engine = Arc::new(Engine::default());
    *shared = Arc::downgrade(&engine);
    engine
}

/// The configuration of a workspace config file's text (if there is one) under the
/// editor's settings.
pub fn configure(
    file: Option<(&Path, &str)>,
    editor: &EditorSettings,
) -> Result<Configured, String> {
    let Some((path, text)) = file else {
        return if editor.table.is_empty() {
            Ok(Configured::default())
        } else {
            editor.configured()
        };
    };
    let config = Config::parse(text, Some(path)).map_err(|e| e.to_string())?;
    let configured = Configured::new(&config).map_err(|e| e.to_string());
    if editor.table.is_empty() {
        return configured;
    }
    configured?;
    editor.configured()?;
    let mut merged: toml::Table = text
        .parse()
        .map_err(|e| format!("{}: {e}", path.display()))?;
    merge(&mut merged, editor.table.clone());
    EditorSettings {
        debounce: editor.debounce,
        table: merged,
    }
    .configured()
}

fn merge(base: &mut toml::Table, over: toml::Table) {
    for (key, value) in over {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge(b, o),
            (Some(toml::Value::Array(b)), toml::Value::Array(o)) => b.extend(o),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

/// TOML has no null; an editor sends one for a setting left unset.
fn drop_nulls(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.retain(|_, v| !v.is_null());
            map.values_mut().for_each(drop_nulls);
        }
        Value::Array(items) => {
            items.retain(|v| !v.is_null());
            items.iter_mut().for_each(drop_nulls);
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::DocKind;
    use serde_json::json;

    fn doubled(configured: &Configured) -> usize {
        configured
            .engine
            .lint("It was the the end.", DocKind::Text)
            .len()
    }

    #[test]
    fn the_default_engine_is_shared_while_anything_holds_it() {
        let held = Configured::default();
        let again = configure(None, &EditorSettings::default()).unwrap();
        assert!(Arc::ptr_eq(&held.engine, &again.engine));
    }

    #[test]
    fn top_level_or_under_copydesk() {
        for value in [
            json!({"rules": {"phrasing/doubled-word": "off"}, "debounceMs": 5}),
            json!({"copydesk": {"rules": {"phrasing/doubled-word": "off"}, "debounceMs": 5}}),
        ] {
            let settings = EditorSettings::from_json(&value).unwrap();
            assert_eq!(settings.debounce, Duration::from_millis(5));
            assert_eq!(doubled(&configure(None, &settings).unwrap()), 0);
        }
        assert_eq!(
            EditorSettings::from_json(&Value::Null).unwrap(),
            EditorSettings::default()
        );
    }

    #[test]
    fn errors_say_where_they_came_from() {
        let err =
            EditorSettings::from_json(&json!({"rules": {"phrasing/nope": "off"}})).unwrap_err();
        assert!(
            err.starts_with("editor settings: ") && err.contains("no such rule"),
            "{err}"
        );
        let err = EditorSettings::from_json(&json!({"debounceMs": "soon"})).unwrap_err();
        assert!(err.contains("debounceMs"), "{err}");
        let err = configure(
            Some((
                Path::new("/w/.copydesk.toml"),
                "[rules]\nphrasing = \"loud\"\n",
            )),
            &EditorSettings::default(),
        )
        .err()
        .unwrap();
        assert!(err.starts_with("/w/.copydesk.toml:2:"), "{err}");
    }

    #[test]
    fn editor_settings_layer_over_the_file() {
        let file = "ignore_words = [\"zzz\"]\n[rules]\nphrasing = \"off\"\n";
        let path = Path::new(".copydesk.toml");
        assert_eq!(
            doubled(&configure(Some((path, file)), &EditorSettings::default()).unwrap()),
            0
        );
        let editor = EditorSettings::from_json(
            &json!({"rules": {"phrasing/doubled-word": "error"}, "ignore_words": [null, "yyy"]}),
        )
        .unwrap();
        assert_eq!(doubled(&configure(Some((path, file)), &editor).unwrap()), 1);
    }
}
