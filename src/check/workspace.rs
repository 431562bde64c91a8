//! The names index of a run: every file's name spellings counted in parallel and merged,
//! plus any index saved earlier (`--names-index`), so the names rules can judge one file's
//! spelling against the whole workspace. `copydesk index` writes the same index as JSON.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::analysis::{NameIndex, Names};
use crate::config::Config;
use crate::document::DocKind;
use crate::segment;

use super::inputs::{self, Input, Source};
use super::{EXIT_CLEAN, EXIT_ERROR};

/// The merged index of the files among `inputs` (standard input is read once, by the lint,
/// so it counts only for itself). Unreadable files are skipped here; the lint reports them.
pub fn index_inputs(inputs: &[Input]) -> NameIndex {
    index_files(inputs)
        .into_par_iter()
        .map(|(_, index)| index)
        .reduce(NameIndex::default, |mut a, b| {
            a.merge(&b);
            a
        })
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
    let input = Input {
        source: Source::File(path.to_path_buf()),
        display: String::new(),
        kind,
    };
    let text = inputs::read(&input).ok()?;
    // Names only: the quote model and the rules wait for the lint, which needs this index first.
    let paragraphs = segment::segment(&text, kind).paragraphs;
    Some(Arc::unwrap_or_clone(Names::extract(&paragraphs).index))
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
        index_inputs(&inputs)
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
