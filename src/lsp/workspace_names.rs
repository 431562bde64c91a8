//! The names index the server judges spellings by: the open documents' own indexes and,
//! where a folder's configuration asks for it (`workspace_names`), those of the folder's
//! articles on disk, added up as `copydesk --check a b …` adds up its files.
//!
//! Each source contributes one index; an open document's replaces its file's on disk. The
//! sum is kept up to date by subtracting a source's old counts and adding its new ones, so a
//! document whose names changed costs the size of its own index, not the workspace's.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tower_lsp::lsp_types::Url;

use crate::analysis::NameIndex;
use crate::check::inputs::{self, Input, Source};
use crate::check::workspace::{index_file, index_files};
use crate::document::DocKind;

#[derive(Default)]
pub struct NameCounts {
    /// The folders whose articles are counted, with the extensions they were counted by.
    pub folders: HashMap<PathBuf, Vec<String>>,
    open: HashMap<Url, Arc<NameIndex>>,
    disk: HashMap<Url, Arc<NameIndex>>,
    /// Every source's counts added up.
    sum: NameIndex,
    /// `sum` as documents see it, rebuilt on the first request after a change.
    shared: Option<Arc<NameIndex>>,
    dirty: bool,
}

impl NameCounts {
    /// An open document's own index (a new one after its names changed).
    pub fn set_open(&mut self, uri: &Url, index: Arc<NameIndex>) {
        self.replace(uri, |c| {
            c.open.insert(uri.clone(), index);
        });
    }

    /// A document closed: its file's counts on disk (if indexed) stand for it again.
    pub fn close(&mut self, uri: &Url) {
        if self.open.contains_key(uri) {
            self.replace(uri, |c| {
                c.open.remove(uri);
            });
        }
    }

    /// A file of an indexed folder, read afresh (`None`: deleted or unreadable).
    pub fn set_disk(&mut self, uri: &Url, index: Option<Arc<NameIndex>>) {
        self.replace(uri, |c| match index {
            Some(index) => {
                c.disk.insert(uri.clone(), index);
            }
            None => {
                c.disk.remove(uri);
            }
        });
    }

    /// Forget every file on disk under `root` (the folder was removed, or is no longer indexed).
    pub fn forget_folder(&mut self, root: &Path) {
        let under: Vec<Url> = self
            .disk
            .keys()
            .filter(|u| u.to_file_path().is_ok_and(|p| p.starts_with(root)))
            .cloned()
            .collect();
        for uri in under {
            self.set_disk(&uri, None);
        }
    }

    /// The index to judge by as last settled: `None` until more than one source counts
    /// (one document alone is judged by its own text, as `--check` judges a single file).
    pub fn shared(&self) -> Option<Arc<NameIndex>> {
        self.shared.clone()
    }

    /// After changes, the new index to judge by; `None` when nothing changed since the last
    /// settling. Costs a copy of the sum, so callers wait for typing to pause.
    pub fn settle(&mut self) -> Option<Option<Arc<NameIndex>>> {
        if !std::mem::take(&mut self.dirty) {
            return None;
        }
        let on_disk_only = self
            .disk
            .keys()
            .filter(|u| !self.open.contains_key(*u))
            .count();
        self.shared = (self.open.len() + on_disk_only > 1).then(|| Arc::new(self.sum.clone()));
        Some(self.shared.clone())
    }

    /// Replace the counts of `uri` by what they are after `change`.
    fn replace(&mut self, uri: &Url, change: impl FnOnce(&mut Self)) {
        let before = self.effective(uri);
        change(self);
        let after = self.effective(uri);
        match (&before, &after) {
            (Some(a), Some(b)) if Arc::ptr_eq(a, b) => return,
            (None, None) => return,
            _ => {}
        }
        if let Some(old) = before {
            self.sum.subtract(&old);
        }
        if let Some(new) = after {
            self.sum.merge(&new);
        }
        self.dirty = true;
    }

    fn effective(&self, uri: &Url) -> Option<Arc<NameIndex>> {
        self.open.get(uri).or_else(|| self.disk.get(uri)).cloned()
    }
}

/// The articles under `root`: files with `extensions`, .gitignore respected, walked as
/// `--check` walks a directory. Blocking.
fn articles(root: &Path, extensions: &[String]) -> Vec<Input> {
    let (found, _unreadable) =
        inputs::expand(&[root.to_path_buf()], &|_| extensions.to_vec(), None);
    found
}

/// The names index of every article under `root`. Blocking.
pub fn scan_folder(root: &Path, extensions: &[String]) -> Vec<(Url, Arc<NameIndex>)> {
    index_files(&articles(root, extensions))
        .into_iter()
        .filter_map(|(path, index)| Some((Url::from_file_path(path).ok()?, Arc::new(index))))
        .collect()
}

/// The names index of each `touched` file read afresh, or `None` where it is no longer an
/// article of the counted `folders` (deleted, ignored, another extension). Blocking.
pub fn reindex(
    folders: &[(PathBuf, Vec<String>)],
    touched: Vec<(Url, PathBuf)>,
) -> Vec<(Url, Option<Arc<NameIndex>>)> {
    let counted: HashMap<PathBuf, DocKind> = folders
        .iter()
        .flat_map(|(root, extensions)| articles(root, extensions))
        .filter_map(|input| match input.source {
            Source::File(path) => Some((path, input.kind)),
            Source::Stdin => None,
        })
        .collect();
    touched
        .into_iter()
        .map(|(uri, path)| {
            let index = counted
                .get(&path)
                .and_then(|&kind| index_file(&path, kind))
                .map(Arc::new);
            (uri, index)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Analysis;
    use crate::document::DocKind;

    fn index(text: &str) -> Arc<NameIndex> {
        Arc::new(Analysis::new(text.to_string(), DocKind::Text).names.index)
    }

    fn url(name: &str) -> Url {
        Url::parse(&format!("file:///w/{name}")).unwrap()
    }

    #[test]
    fn open_documents_replace_their_files_and_closing_restores_them() {
        let mut counts = NameCounts::default();
        counts.set_disk(&url("a.md"), Some(index("Talia Okereke won.")));
        assert_eq!(counts.settle(), Some(None), "one source judges itself");
        counts.set_disk(&url("b.md"), Some(index("Okereke spoke.")));
        let settled = |c: &mut NameCounts| c.settle().flatten().unwrap();
        assert_eq!(settled(&mut counts).count("okereke"), 2);
        let a = index("Rui Quaresma won.");
        counts.set_open(&url("a.md"), a.clone());
        let now = settled(&mut counts);
        assert_eq!((now.count("okereke"), now.count("quaresma")), (1, 1));
        // The same contribution again changes nothing.
        counts.set_open(&url("a.md"), a);
        assert_eq!(counts.settle(), None);
        assert!(Arc::ptr_eq(&counts.shared().unwrap(), &now));
        counts.close(&url("a.md"));
        assert_eq!(settled(&mut counts).count("okereke"), 2);
        counts.forget_folder(Path::new("/w"));
        assert_eq!(counts.settle(), Some(None));
        assert!(counts.sum.forms.is_empty());
    }
}
