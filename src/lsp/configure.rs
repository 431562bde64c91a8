//! Bringing the configuration up to date: editor settings (pushed or pulled), each
//! folder's `.copydesk.toml`, the files the client watches for us, and the folders whose
//! articles count towards the names index.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

use serde_json::Value;
use tower_lsp::lsp_types::*;

use super::publish::Publisher;
use super::session::{self, read, write};
use super::settings::EditorSettings;
use super::workspace_names::{reindex, scan_folder};
use crate::config::FILE_NAME;
use crate::document::DocKind;
use crate::engine::Engine;

const CONFIG_WATCHER: &str = "copydesk-config";
const ARTICLE_WATCHER: &str = "copydesk-articles";

impl Publisher {
    /// Re-read every folder's `.copydesk.toml` for `roots` under `settings` and re-lint;
    /// a broken file is reported and that folder keeps its configuration.
    pub async fn reconfigure(&self, roots: Vec<PathBuf>, settings: EditorSettings) {
        let previous = read(&self.session).folders.clone();
        let worker_settings = settings.clone();
        let built = tokio::task::spawn_blocking(move || {
            session::configure_all(&roots, &worker_settings, &previous)
        })
        .await
        .unwrap_or_else(|e| Err(format!("building the configuration failed: {e}")));
        let (folders, loose, errors) = match built {
            Ok(built) => built,
            Err(message) => return self.show_error(message).await,
        };
        {
            let mut s = write(&self.session);
            s.folders = folders;
            s.loose = loose;
            s.settings = settings;
        }
        for message in errors {
            self.show_error(message).await;
        }
        self.log(MessageType::INFO, "configuration reloaded").await;
        self.warm_up();
        self.relint_all();
        self.index_folders().await;
        self.watch_files().await;
    }

    /// Some tables are built on first use (the part-of-speech lexicon, the shipped cue
    /// verbs): build them now, off the message loop, so that the first document opened does
    /// not wait for them.
    pub fn warm_up(&self) {
        let engines: Vec<Arc<Engine>> = {
            let s = read(&self.session);
            let all = s.folders.iter().map(|f| &f.configured.engine);
            let mut engines: Vec<Arc<Engine>> = Vec::new();
            for e in all.chain([&s.loose.engine]) {
                if !engines.iter().any(|k| Arc::ptr_eq(k, e)) {
                    engines.push(e.clone());
                }
            }
            engines
        };
        tokio::task::spawn_blocking(move || {
            for engine in engines {
                engine.lint("A sentence to build the rules' tables.", DocKind::Text);
            }
        });
    }

    pub async fn reload(&self) {
        let (roots, settings) = {
            let s = read(&self.session);
            (
                s.folders.iter().map(|f| f.root.clone()).collect(),
                s.settings.clone(),
            )
        };
        self.reconfigure(roots, settings).await;
    }

    pub async fn show_error(&self, message: String) {
        eprintln!("copydesk: {message}");
        self.client.show_message(MessageType::ERROR, message).await;
    }

    /// Ask the client for the `copydesk` section (clients that pull configuration send
    /// an empty didChangeConfiguration).
    pub async fn pull_settings(&self) -> Option<Value> {
        let item = ConfigurationItem {
            scope_uri: None,
            section: Some("copydesk".to_string()),
        };
        match self.client.configuration(vec![item]).await {
            Ok(mut values) if !values.is_empty() => Some(values.swap_remove(0)),
            Ok(_) => None,
            Err(e) => {
                self.log(
                    MessageType::WARNING,
                    format!("workspace/configuration failed: {e}"),
                )
                .await;
                None
            }
        }
    }

    pub async fn apply_settings(&self, value: &Value) {
        match EditorSettings::from_json(value) {
            Ok(settings) => {
                let roots = read(&self.session)
                    .folders
                    .iter()
                    .map(|f| f.root.clone())
                    .collect();
                self.reconfigure(roots, settings).await;
            }
            Err(message) => self.show_error(message).await,
        }
    }

    /// Count the articles of every folder configured with `workspace_names` (once per
    /// folder and set of extensions), and forget those of folders no longer counted.
    pub async fn index_folders(&self) {
        let wanted: Vec<(PathBuf, Vec<String>)> = read(&self.session)
            .folders
            .iter()
            .filter(|f| f.configured.workspace_names)
            .map(|f| (f.root.clone(), f.configured.extensions.clone()))
            .collect();
        let stale: Vec<PathBuf> = {
            let mut names = self.names();
            let stale: Vec<PathBuf> = names
                .folders
                .keys()
                .filter(|root| !wanted.iter().any(|w| &w.0 == *root))
                .cloned()
                .collect();
            for root in &stale {
                names.folders.remove(root);
                names.forget_folder(root);
            }
            stale
        };
        let mut changed = !stale.is_empty();
        for (root, extensions) in wanted {
            let counted = self.names().folders.get(&root) == Some(&extensions);
            if counted {
                continue;
            }
            let (worker_root, worker_ext) = (root.clone(), extensions.clone());
            let scanned =
                tokio::task::spawn_blocking(move || scan_folder(&worker_root, &worker_ext)).await;
            let Ok(files) = scanned else { continue };
            let count = files.len();
            {
                let mut names = self.names();
                names.forget_folder(&root);
                for (uri, index) in files {
                    names.set_disk(&uri, Some(index));
                }
                names.folders.insert(root.clone(), extensions);
            }
            changed = true;
            self.log(
                MessageType::INFO,
                format!("counted names in {count} articles under {}", root.display()),
            )
            .await;
        }
        if changed {
            self.settle_names();
        }
    }

    /// Articles changed on disk: count their names again where their folder is counted.
    pub async fn articles_changed(&self, uris: Vec<Url>) {
        let folders: Vec<(PathBuf, Vec<String>)> = {
            let names = self.names();
            names
                .folders
                .iter()
                .map(|(r, e)| (r.clone(), e.clone()))
                .collect()
        };
        let touched: Vec<(Url, PathBuf)> = uris
            .into_iter()
            .filter_map(|u| Some((u.clone(), u.to_file_path().ok()?)))
            .filter(|(_, p)| folders.iter().any(|(root, _)| p.starts_with(root)))
            .collect();
        if touched.is_empty() {
            return;
        }
        let read_again = tokio::task::spawn_blocking(move || reindex(&folders, touched)).await;
        let Ok(files) = read_again else { return };
        {
            let mut names = self.names();
            for (uri, index) in files {
                names.set_disk(&uri, index);
            }
        }
        self.settle_names();
    }

    /// Ask the client to watch each folder's `.copydesk.toml` and, where names are counted
    /// over a folder, its articles.
    pub async fn watch_files(&self) {
        let (watch, extensions) = {
            let s = read(&self.session);
            let extensions: BTreeSet<String> = s
                .folders
                .iter()
                .filter(|f| f.configured.workspace_names)
                .flat_map(|f| f.configured.extensions.iter().cloned())
                .collect();
            (s.watch_files, extensions)
        };
        if !watch {
            return;
        }
        let mut globs = vec![(CONFIG_WATCHER, format!("**/{FILE_NAME}"))];
        if !extensions.is_empty() {
            let list: Vec<String> = extensions.into_iter().collect();
            globs.push((ARTICLE_WATCHER, format!("**/*.{{{}}}", list.join(","))));
        }
        let mut registrations = Vec::new();
        {
            let watched = self.watched();
            for (id, glob) in globs {
                if watched.get(id) == Some(&glob) {
                    continue;
                }
                let options = DidChangeWatchedFilesRegistrationOptions {
                    watchers: vec![FileSystemWatcher {
                        glob_pattern: GlobPattern::String(glob.clone()),
                        kind: None,
                    }],
                };
                registrations.push((id, glob, options));
            }
        }
        for (id, glob, options) in registrations {
            let replaced = self.watched().insert(id, glob).is_some();
            if replaced {
                let unregistration = Unregistration {
                    id: id.to_string(),
                    method: "workspace/didChangeWatchedFiles".to_string(),
                };
                let _ = self
                    .client
                    .unregister_capability(vec![unregistration])
                    .await;
            }
            let registration = Registration {
                id: id.to_string(),
                method: "workspace/didChangeWatchedFiles".to_string(),
                register_options: serde_json::to_value(options).ok(),
            };
            if let Err(e) = self.client.register_capability(vec![registration]).await {
                self.log(MessageType::WARNING, format!("cannot watch files: {e}"))
                    .await;
            }
        }
    }
}
