//! The names index the server judges spellings by: the open documents' own indexes and,
//! where a folder's configuration asks for it (`workspace_names`), those of the folder's
//! articles on disk, added up as `copydesk --check a b …` adds up its files.
//!
//! Each source contributes one index; an open document's replaces its file's on disk. The
//! sum is kept up to date by subtracting a source's old counts and adding its new ones, so a
//! document whose names changed costs the size of its own index, not the workspace's.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tower_lsp::lsp_types::Url;

use crate::analysis::names::incremental::Change;
use crate::analysis::names::{NameIndex, Neighbourhood};
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
    /// `sum` as documents see it, rebuilt when the sum settles.
    shared: Option<Arc<NameIndex>>,
    /// Keys whose counts changed since the sum last settled.
    changed: HashSet<String>,
    dirty: bool,
}

/// A new index to judge by, and which keys it changed.
pub struct Settled {
    pub index: Option<Arc<NameIndex>>,
    /// `None`: everything changed (the index appeared or went away).
    pub changed: Option<HashSet<String>>,
}

impl Settled {
    /// Whether a document with these names of its own may be judged differently now: the
    /// names rules consult the workspace only about a document's own keys and the keys one
    /// edit from them.
    pub fn affects(&self, own: Option<&NameIndex>) -> bool {
        let (Some(changed), Some(own)) = (&self.changed, own) else {
            return true;
        };
        // A neighbourhood of the document's keys for this question only: kept with the
        // document's index, every open document would hold one.
        let near = Neighbourhood::of(own.forms.keys());
        changed
            .iter()
            .any(|key| own.forms.contains_key(key) || near.near(key).next().is_some())
    }
}

impl NameCounts {
    /// An open document's own index (a new one after its names changed).
    pub fn set_open(&mut self, uri: &Url, index: Arc<NameIndex>) {
        self.replace(uri, |c| {
            c.open.insert(uri.clone(), index);
        });
    }

    /// An open document's index changed: at the cost of the change when this is the
    /// index it changed from.
    pub fn change_open(&mut self, uri: &Url, change: Change) {
        let from = match (self.effective(uri), &change.since) {
            (Some(a), Some(b)) => change.is_followed() && Arc::ptr_eq(&a, b),
            _ => false,
        };
        if !from {
            return self.set_open(uri, change.now);
        }
        if !change.is_empty() {
            self.changed.extend(change.keys().map(str::to_string));
            change.apply(&mut self.sum);
            self.dirty = true;
        }
        self.open.insert(uri.clone(), change.now);
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
    pub fn settle(&mut self) -> Option<Settled> {
        if !std::mem::take(&mut self.dirty) {
            return None;
        }
        let on_disk_only = self
            .disk
            .keys()
            .filter(|u| !self.open.contains_key(*u))
            .count();
        let had = self.shared.is_some();
        self.shared = (self.open.len() + on_disk_only > 1).then(|| Arc::new(self.sum.clone()));
        let changed = std::mem::take(&mut self.changed);
        Some(Settled {
            changed: (had && self.shared.is_some()).then_some(changed),
            index: self.shared.clone(),
        })
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
        let empty = NameIndex::default();
        let (old, new) = (before.as_deref(), after.as_deref());
        differing_keys(
            old.unwrap_or(&empty),
            new.unwrap_or(&empty),
            &mut self.changed,
        );
        if let Some(old) = old {
            self.sum.subtract(old);
        }
        if let Some(new) = new {
            self.sum.merge(new);
        }
        self.dirty = true;
    }

    fn effective(&self, uri: &Url) -> Option<Arc<NameIndex>> {
        self.open.get(uri).or_else(|| self.disk.get(uri)).cloned()
    }
}

/// Add to `into` every key whose spellings, neighbours or titles differ between `a` and `b`.
fn differing_keys(a: &NameIndex, b: &NameIndex, into: &mut HashSet<String>) {
    for (x, y) in [
        (&a.forms, &b.forms),
        (&a.context, &b.context),
        (&a.titles, &b.titles),
    ] {
        for (key, counts) in x.iter() {
            if y.get(key) != Some(counts) {
                into.insert(key.to_string());
            }
        }
        for key in y.keys().filter(|k| !x.contains_key(k)) {
            into.insert(key.to_string());
        }
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
        Analysis::new(text.to_string(), DocKind::Text).names.index
    }

    fn url(name: &str) -> Url {
        Url::parse(&format!("file:///w/{name}")).unwrap()
    }

    #[test]
    fn open_documents_replace_their_files_and_closing_restores_them() {
        let mut counts = NameCounts::default();
        counts.set_disk(&url("a.md"), Some(index("Talia Okereke won.")));
        let alone = counts.settle().unwrap();
        assert!(alone.index.is_none(), "one source judges itself");
        counts.set_disk(&url("b.md"), Some(index("Okereke spoke.")));
        let settled = |c: &mut NameCounts| c.settle().unwrap().index.unwrap();
        assert_eq!(settled(&mut counts).count("okereke"), 2);
        let a = index("Rui Quaresma won.");
        counts.set_open(&url("a.md"), a.clone());
        let now = settled(&mut counts);
        assert_eq!((now.count("okereke"), now.count("quaresma")), (1, 1));
        // The same contribution again changes nothing.
        counts.set_open(&url("a.md"), a);
        assert!(counts.settle().is_none());
        assert!(Arc::ptr_eq(&counts.shared().unwrap(), &now));
        counts.close(&url("a.md"));
        assert_eq!(settled(&mut counts).count("okereke"), 2);
        counts.forget_folder(Path::new("/w"));
        assert!(counts.settle().unwrap().index.is_none());
        assert!(counts.sum.forms.is_empty());
    }

    #[test]
    fn a_documents_changes_add_up_to_its_index() {
        use crate::engine::Engine;
        use crate::lsp::incremental::{Edit, Linter};
        let text = "Dario Castellanos won.\n\nCastellanos smiled.\n";
        let mut linter = Linter::new(Arc::new(Engine::default()), text.to_string(), DocKind::Text);
        let (mut followed, mut replaced) = (NameCounts::default(), NameCounts::default());
        followed.set_disk(&url("b.md"), Some(index("Rui Quaresma lost.")));
        replaced.set_disk(&url("b.md"), Some(index("Rui Quaresma lost.")));
        fn step(
            followed: &mut NameCounts,
            replaced: &mut NameCounts,
            linter: &mut Linter,
            edits: &[Edit],
        ) {
            linter.edit(edits);
            let change = linter.take_names_change();
            replaced.set_open(&url("a.md"), change.now.clone());
            followed.change_open(&url("a.md"), change);
            assert_eq!(followed.sum, replaced.sum);
            let (a, b) = (followed.settle(), replaced.settle());
            assert_eq!(
                a.and_then(|s| s.changed),
                b.and_then(|s| s.changed),
                "the same keys changed"
            );
        }
        step(&mut followed, &mut replaced, &mut linter, &[]);
        let at = text.find("smiled").unwrap();
        step(
            &mut followed,
            &mut replaced,
            &mut linter,
            &[Edit {
                range: at..at,
                text: "and Quaresma ".to_string(),
            }],
        );
        step(
            &mut followed,
            &mut replaced,
            &mut linter,
            &[Edit {
                range: 0..5,
                text: "Ana".to_string(),
            }],
        );
        // a change from an index the counts no longer hold replaces it whole
        followed.set_open(&url("a.md"), index("Talia Okereke won."));
        replaced.set_open(&url("a.md"), index("Talia Okereke won."));
        step(
            &mut followed,
            &mut replaced,
            &mut linter,
            &[Edit {
                range: 0..3,
                text: "Dario".to_string(),
            }],
        );
    }

    #[test]
    fn only_documents_with_the_changed_names_or_near_ones_are_judged_again() {
        let mut counts = NameCounts::default();
        counts.set_open(&url("a.md"), index("Dario Castellanos won."));
        counts.set_open(&url("b.md"), index("Rui Quaresma lost."));
        assert!(counts.settle().unwrap().changed.is_none(), "a new index");
        counts.set_open(
            &url("a.md"),
            index("Dario Castellanos won, Castellanos said."),
        );
        let settled = counts.settle().unwrap();
        assert_eq!(
            settled.changed.as_ref().unwrap(),
            &HashSet::from(["castellanos".to_string()])
        );
        assert!(settled.affects(Some(&index("Castellnaos spoke."))));
        assert!(!settled.affects(Some(&index("Quaresma spoke."))));
    }
}
