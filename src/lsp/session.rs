//! What `initialize` negotiated and the configuration in force: one per workspace folder
//! (its own `.copydesk.toml` under the editor's settings), and the editor's settings alone
//! for documents outside every folder.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};

use tower_lsp::lsp_types::{InitializeParams, Url};

use super::settings::{self, Configured, EditorSettings};
use crate::config::FILE_NAME;
use crate::document::positions::Encoding;

#[derive(Clone)]
pub struct Session {
    pub encoding: Encoding,
    pub settings: EditorSettings,
    pub folders: Vec<Folder>,
    /// For documents in no folder.
    pub loose: Configured,
    pub document_changes: bool,
    pub watch_files: bool,
    pub pull_config: bool,
    /// Problems found before the client could be told (during initialize).
    pub startup_errors: Vec<String>,
}

#[derive(Clone)]
pub struct Folder {
    pub root: PathBuf,
    pub configured: Configured,
}

impl Default for Session {
    fn default() -> Self {
        Session {
            encoding: Encoding::Utf16,
            settings: EditorSettings::default(),
            folders: Vec::new(),
            loose: Configured::default(),
            document_changes: false,
            watch_files: false,
            pull_config: false,
            startup_errors: Vec::new(),
        }
    }
}

impl Session {
    /// The innermost folder holding `uri`.
    pub fn folder_of(&self, uri: &Url) -> Option<&Folder> {
        let path = uri.to_file_path().ok()?;
        self.folders
            .iter()
            .filter(|f| path.starts_with(&f.root))
            .max_by_key(|f| f.root.components().count())
    }

    pub fn configured_for(&self, uri: &Url) -> &Configured {
        self.folder_of(uri).map_or(&self.loose, |f| &f.configured)
    }

    /// Whether `path` is the config file of one of the folders.
    pub fn is_config_file(&self, path: &Path) -> bool {
        self.folders.iter().any(|f| f.root.join(FILE_NAME) == path)
    }
}

/// Configure every folder and the loose documents under `settings`. A folder whose file is
/// broken keeps what it had (`previous`), or the editor's settings alone when it is new;
/// the errors come back to be shown.
pub fn configure_all(
    roots: &[PathBuf],
    settings: &EditorSettings,
    previous: &[Folder],
) -> Result<(Vec<Folder>, Configured, Vec<String>), String> {
    let loose = settings::configure(None, settings)?;
    let mut errors = Vec::new();
    let folders = roots
        .iter()
        .map(|root| {
            let configured = configure_folder(root, settings, &loose).unwrap_or_else(|message| {
                errors.push(message);
                previous
                    .iter()
                    .find(|f| &f.root == root)
                    .map_or_else(|| loose.clone(), |f| f.configured.clone())
            });
            Folder {
                root: root.clone(),
                configured,
            }
        })
        .collect();
    Ok((folders, loose, errors))
}

/// The configuration of `root`'s `.copydesk.toml` under the editor's settings; without
/// one, `loose` (the editor's settings alone), whose engine it then shares rather than
/// building another with the same rule tables.
fn configure_folder(
    root: &Path,
    settings: &EditorSettings,
    loose: &Configured,
) -> Result<Configured, String> {
    let path = root.join(FILE_NAME);
    match std::fs::read_to_string(&path) {
        Ok(text) => settings::configure(Some((path.as_path(), &text)), settings),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(loose.clone()),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}

/// The workspace folders `initialize` names (or its older root fields).
pub fn workspace_roots(params: &InitializeParams) -> Vec<PathBuf> {
    if let Some(folders) = params.workspace_folders.as_ref().filter(|f| !f.is_empty()) {
        return folders
            .iter()
            .filter_map(|f| f.uri.to_file_path().ok())
            .collect();
    }
    #[allow(deprecated)] // root_path is what old clients send
    params
        .root_uri
        .as_ref()
        .and_then(|uri| uri.to_file_path().ok())
        .or_else(|| params.root_path.as_ref().map(PathBuf::from))
        .into_iter()
        .collect()
}

pub fn read(lock: &RwLock<Session>) -> RwLockReadGuard<'_, Session> {
    lock.read().unwrap_or_else(|p| p.into_inner())
}

pub fn write(lock: &RwLock<Session>) -> RwLockWriteGuard<'_, Session> {
    lock.write().unwrap_or_else(|p| p.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn folders_without_a_file_share_the_engine_of_the_editor_settings() {
        let plain = tempfile::tempdir().unwrap();
        let own = tempfile::tempdir().unwrap();
        std::fs::write(own.path().join(FILE_NAME), "[rules]\nphrasing = \"off\"\n").unwrap();
        let settings =
            EditorSettings::from_json(&serde_json::json!({"rules": {"quotes": "off"}})).unwrap();
        let roots = [plain.path().to_path_buf(), own.path().to_path_buf()];
        let (folders, loose, errors) = configure_all(&roots, &settings, &[]).unwrap();
        assert!(errors.is_empty(), "{errors:?}");
        assert!(Arc::ptr_eq(&folders[0].configured.engine, &loose.engine));
        assert!(!Arc::ptr_eq(&folders[1].configured.engine, &loose.engine));
    }

    #[test]
    fn a_document_belongs_to_its_innermost_folder() {
        let folder = |root: &str, names: bool| Folder {
            root: PathBuf::from(root),
            configured: Configured {
                workspace_names: names,
                ..Configured::default()
            },
        };
        let session = Session {
            folders: vec![folder("/w", false), folder("/w/desk", true)],
            ..Session::default()
        };
        let of = |u: &str| {
            session
                .folder_of(&Url::parse(u).unwrap())
                .map(|f| f.root.clone())
        };
        assert_eq!(of("file:///w/desk/a.md"), Some(PathBuf::from("/w/desk")));
        assert_eq!(of("file:///w/desktop/a.md"), Some(PathBuf::from("/w")));
        assert_eq!(of("file:///elsewhere/a.md"), None);
        assert_eq!(of("untitled:Untitled-1"), None);
        assert!(session.is_config_file(Path::new("/w/desk/.copydesk.toml")));
    }
}
