//! The names index of a run: every file's name spellings counted in parallel and merged,
//! plus any index saved earlier (`--names-index`), so the names rules can judge one file's
//! spelling against the whole workspace. `copydesk index` writes the same index as JSON.

use std::hash::{Hash, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHasher;

use crate::analysis::{NameIndex, Names};
use crate::config::Config;
use crate::document::DocKind;
use crate::segment::{self, Segmented};

use super::inputs::{self, Input, Source};
use super::{EXIT_CLEAN, EXIT_ERROR};

/// The merged index of the files among `inputs` (standard input is read once, by the lint,
/// so it counts only for itself). Unreadable files are skipped here; the lint reports them.
///
/// Counting a file's names means reading it, segmenting it and finding them, all of which
/// its lint needs next. Memory stays bounded on an archive by two budgets, in bytes of text:
/// each file's [`Read`] is kept whole while the texts kept whole add up to no more than
/// `budget.whole`; past that its names alone (a small part of it) while those texts add up
/// to no more than `budget.names`, so its lint reads and segments it again but need not find
/// its names again; past both, nothing is kept.
pub fn index_inputs(inputs: &[Input], budget: Budget) -> (NameIndex, Vec<Option<Kept>>) {
    let whole = AtomicUsize::new(0);
    let names = AtomicUsize::new(0);
    let fits = |used: &AtomicUsize, len: usize, limit: usize| {
        used.fetch_add(len, Ordering::Relaxed) + len <= limit
    };
    let counted: Vec<Option<(Arc<NameIndex>, Option<Kept>)>> = inputs
        .par_iter()
        .map(|input| match &input.source {
            Source::File(path) => {
                let read = read_file(path, input.kind)?;
                let len = read.text.len();
                let index = Arc::clone(&read.names.index);
                let kept = if fits(&whole, len, budget.whole) {
                    Some(Kept::Whole(read))
                } else if fits(&names, len, budget.names) {
                    Some(Kept::Names(KeptNames {
                        fingerprint: fingerprint(&read.text),
                        names: read.names,
                    }))
                } else {
                    None
                };
                Some((index, kept))
            }
            Source::Stdin => None,
        })
        .collect();
    let indexes: Vec<&NameIndex> = counted
        .iter()
        .flatten()
        .map(|(index, _)| &**index)
        .collect();
    let index = NameIndex::sum(&indexes);
    let kept = counted
        .into_iter()
        .map(|c| c.and_then(|(_, kept)| kept))
        .collect();
    (index, kept)
}

/// What [`index_inputs`] may keep, in bytes of text: files kept whole, and past those,
/// files whose names alone are kept.
#[derive(Clone, Copy, Debug)]
pub struct Budget {
    pub whole: usize,
    pub names: usize,
}

impl Budget {
    /// Keep nothing: `copydesk index` only counts.
    pub const NOTHING: Budget = Budget { whole: 0, names: 0 };
}

/// What the index pass kept of a file for its lint.
pub enum Kept {
    /// Read, segmented and its names found.
    Whole(Read),
    /// Its names only.
    Names(KeptNames),
}

/// A file's names, with the fingerprint of the text they were found in: its lint reads the
/// file again, and it may have changed in between.
pub struct KeptNames {
    fingerprint: u64,
    names: Names,
}

impl KeptNames {
    /// The names kept, if `text` is the text they were found in.
    pub fn names_of(self, text: &str) -> Option<Names> {
        (fingerprint(text) == self.fingerprint).then_some(self.names)
    }
}

fn fingerprint(text: &str) -> u64 {
    let mut hasher = FxHasher::default();
    text.hash(&mut hasher);
    hasher.finish()
}

/// A file as the index pass read it: its text, segmented, and the names found in it.
pub struct Read {
    pub text: String,
    pub segmented: Segmented,
    pub names: Names,
}

/// The names index of each readable file among `inputs`, kept apart (the language server
/// replaces a file's counts with those of its open, edited text).
pub fn index_files(inputs: &[Input]) -> Vec<(PathBuf, NameIndex)> {
    inputs
        .par_iter()
        .filter_map(|input| match &input.source {
            Source::File(path) => Some((path, input.kind)),
            Source::Stdin => None,
        })
        .filter_map(|(path, kind)| Some((path.clone(), index_file(path, kind)?)))
        .collect()
}

/// One file's names index; `None` when it cannot be read as text.
pub fn index_file(path: &Path, kind: DocKind) -> Option<NameIndex> {
    let read = read_file(path, kind)?;
    Some(Arc::unwrap_or_clone(read.names.index))
}

/// One file read, segmented and its names found; `None` when it cannot be read as text.
fn read_file(path: &Path, kind: DocKind) -> Option<Read> {
    let input = Input {
        source: Source::File(path.to_path_buf()),
        display: String::new(),
        kind,
    };
    let text = inputs::read(&input).ok()?;
    let segmented = segment::segment(&text, kind);
    // Names only: the quote model and the rules wait for the lint, which needs this index first.
    let names = Names::extract(&segmented.paragraphs);
    Some(Read {
        text,
        segmented,
        names,
    })
}

/// Read an index written by `copydesk index`.
pub fn load(path: &Path) -> Result<NameIndex, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: {}", path.display(), inputs::io_reason(&e)))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: not a names index: {e}", path.display()))
}

/// The sum of saved indexes (one per shard). One unreadable index fails the whole merge:
/// a sum missing a shard would judge names against part of the workspace without saying so.
pub fn merge_saved(paths: &[PathBuf]) -> Result<NameIndex, String> {
    let mut merged = NameIndex::default();
    for path in paths {
        merged.merge(&load(path)?);
    }
    Ok(merged)
}

/// `copydesk index PATH... [-o FILE]`: write the merged names index of the files as JSON;
/// `copydesk index --merge INDEX... [-o FILE]`: write the sum of saved indexes.
pub fn run_index(
    paths: &[PathBuf],
    merge: bool,
    output: Option<&Path>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let mut exit = EXIT_CLEAN;
    let index = if merge {
        if paths.is_empty() {
            let _ = writeln!(
                err,
                "copydesk: index --merge needs the index files to merge"
            );
            return EXIT_ERROR;
        }
        match merge_saved(paths) {
            Ok(index) => index,
            Err(e) => {
                let _ = writeln!(err, "copydesk: {e}");
                return EXIT_ERROR;
            }
        }
    } else {
        let paths = if paths.is_empty() {
            vec![PathBuf::from(".")]
        } else {
            paths.to_vec()
        };
        let extensions = |dir: &Path| {
            Config::discover(dir)
                .and_then(|p| Config::load(&p).ok())
                .unwrap_or_default()
                .extensions()
        };
        let (inputs, errors) = inputs::expand(&paths, &extensions, None);
        for e in &errors {
            let _ = writeln!(err, "copydesk: {e}");
            exit = EXIT_ERROR;
        }
        index_inputs(&inputs, Budget::NOTHING).0
    };
    let json = match serde_json::to_string_pretty(&index) {
        Ok(json) => json + "\n",
        Err(e) => {
            let _ = writeln!(err, "copydesk: cannot encode the index: {e}");
            return EXIT_ERROR;
        }
    };
    let written = match output {
        Some(path) => std::fs::write(path, json)
            .map_err(|e| format!("{}: {}", path.display(), inputs::io_reason(&e))),
        None => out.write_all(json.as_bytes()).map_err(|e| e.to_string()),
    };
    if let Err(e) = written {
        let _ = writeln!(err, "copydesk: cannot write the index: {e}");
        return EXIT_ERROR;
    }
    exit
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs_of(dir: &Path, files: &[(&str, &str)]) -> Vec<Input> {
        files
            .iter()
            .map(|(name, text)| {
                let path = dir.join(name);
                std::fs::write(&path, text).unwrap();
                Input {
                    kind: DocKind::from_path(&path),
                    display: name.to_string(),
                    source: Source::File(path),
                }
            })
            .collect()
    }

    #[test]
    fn files_are_kept_whole_then_as_names_within_the_budgets() {
        let dir = tempfile::tempdir().unwrap();
        let texts = [
            (
                "a.md",
                "# Talks\n\nAgnès Varda met Mr Grard Depardieu in Paris.\n<!-- copydesk-enable -->\n",
            ),
            (
                "b.txt",
                "Gerard Depardieu spoke.\n\nVarda did not. Police said so.",
            ),
        ];
        let inputs = inputs_of(dir.path(), &texts);
        let everything = Budget {
            whole: usize::MAX,
            names: 0,
        };
        let (index, kept) = index_inputs(&inputs, everything);
        let mut merged = NameIndex::default();
        for ((_, text), (input, kept)) in texts.iter().zip(inputs.iter().zip(kept)) {
            let segmented = segment::segment(text, input.kind);
            let names = Names::extract(&segmented.paragraphs);
            merged.merge(&names.index);
            let Some(Kept::Whole(read)) = kept else {
                panic!("{} not kept whole", input.display);
            };
            assert_eq!(read.text, *text);
            assert_eq!(read.segmented.paragraphs, segmented.paragraphs);
            assert_eq!(read.segmented.directives, segmented.directives);
            assert_eq!(read.names, names);
        }
        assert_eq!(index, merged);

        // Past the first budget, names alone, and only for the text they were found in.
        let shortest = texts.iter().map(|(_, text)| text.len()).min().unwrap();
        let names_only = Budget {
            whole: shortest - 1,
            names: usize::MAX,
        };
        let (within, kept) = index_inputs(&inputs, names_only);
        assert_eq!(within, merged);
        for ((_, text), (input, kept)) in texts.iter().zip(inputs.iter().zip(kept)) {
            let Some(Kept::Names(kept)) = kept else {
                panic!("{} not kept as names", input.display);
            };
            let names = Names::extract(&segment::segment(text, input.kind).paragraphs);
            assert_eq!(kept.names_of(text), Some(names));
        }
        let (_, kept) = index_inputs(&inputs, names_only);
        let Some(Some(Kept::Names(first))) = kept.into_iter().next() else {
            panic!("not kept as names");
        };
        assert_eq!(first.names_of("Changed since it was read."), None);

        // Past both, nothing is kept, but the index is the same.
        let nothing = Budget {
            whole: shortest - 1,
            names: shortest - 1,
        };
        let (within, kept) = index_inputs(&inputs, nothing);
        assert_eq!(within, merged);
        assert!(kept.iter().all(Option::is_none));
    }
}
