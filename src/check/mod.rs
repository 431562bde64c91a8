//! The command-line front end: `copydesk --check [PATH...]`.
//!
//! Inputs are expanded in a stable order, linted in parallel (rayon), optionally fixed and
//! written back atomically, and printed in the chosen format in input order. Exit code: 0
//! when nothing reaches `--min-severity`, 1 when something does, 2 when an input or the
//! configuration could not be read.

pub mod format;
pub mod inputs;
pub mod report;
pub mod workspace;
mod write;

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, Mutex};

use rayon::prelude::*;

use crate::analysis::{Analysis, NameIndex};
use crate::config::Config;
use crate::diagnostic::Severity;
use crate::engine::Engine;
use crate::fix::{apply_fixes, is_automatic};
use crate::segment;
pub use format::Format;
use inputs::{Input, Source};
use report::FileReport;
use workspace::{Budget, Kept};

/// How many times `--fix` re-lints and re-applies before it stops.
const MAX_FIX_PASSES: usize = 10;

/// How much text (bytes) the index pass keeps for the lint. Whole (read, segmented, names
/// found), sparing the lint a sixth of a run's instructions: a file kept whole costs about 6
/// times its size (its text, the paragraphs' copy of it, tokens of 8 bytes, sentences,
/// names), so some 50 MB at most. Past that, a file's names alone (a few MB for this much
/// text), so that a run larger than the first budget still finds each file's names once.
const KEEP: Budget = Budget {
    whole: 8 << 20,
    names: 16 << 20,
};

pub struct CheckOptions {
    pub paths: Vec<PathBuf>,
    pub format: Format,
    pub min_severity: Severity,
    pub fix: bool,
    /// Use this config for every file instead of discovering `.copydesk.toml`.
    pub config: Option<PathBuf>,
    /// Name (and so file kind) for text read from `-`.
    pub stdin_filename: Option<String>,
    pub color: bool,
    /// Names indexes from `copydesk index` (shards are merged); they stand for the
    /// workspace instead of the files of this run.
    pub names_index: Vec<PathBuf>,
}

pub const EXIT_CLEAN: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_ERROR: i32 = 2;

/// An engine built from one config, or why it could not be.
type EngineResult = Result<Arc<Engine>, String>;

/// Engines by config file, so each distinct config is parsed and compiled once.
struct Engines {
    forced: Option<PathBuf>,
    cache: Mutex<HashMap<Option<PathBuf>, EngineResult>>,
    /// The config file of each directory inputs came from, looked for once: a directory's
    /// files share it.
    discovered: Mutex<HashMap<PathBuf, Option<PathBuf>>>,
}

impl Engines {
    fn config_path_for(&self, input: &Input) -> Option<PathBuf> {
        if let Some(forced) = &self.forced {
            return Some(forced.clone());
        }
        let dir = match &input.source {
            Source::File(path) => path.parent().map(Path::to_path_buf).unwrap_or_default(),
            Source::Stdin => PathBuf::from("."),
        };
        let dir = if dir.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            dir
        };
        if let Some(found) = lock(&self.discovered).get(&dir) {
            return found.clone();
        }
        let found = Config::discover(&std::fs::canonicalize(&dir).unwrap_or_else(|_| dir.clone()));
        lock(&self.discovered).insert(dir, found.clone());
        found
    }

    fn get(&self, config_path: Option<PathBuf>) -> EngineResult {
        let mut cache = lock(&self.cache);
        cache
            .entry(config_path.clone())
            .or_insert_with(|| {
                let config = match &config_path {
                    Some(p) => Config::load(p).map_err(|e| e.to_string())?,
                    None => Config::default(),
                };
                Engine::new(&config)
                    .map(Arc::new)
                    .map_err(|e| e.to_string())
            })
            .clone()
    }

    /// An engine already built, else the default one, for the formats: they read only the
    /// rules' metadata, which every engine shares, so a config's engine need not be built twice.
    fn any(&self) -> Arc<Engine> {
        let cache = lock(&self.cache);
        let built = cache.values().find_map(|e| e.as_ref().ok().cloned());
        drop(cache);
        built
            .or_else(|| self.get(None).ok())
            .unwrap_or_else(|| Arc::new(Engine::default()))
    }

    fn extensions_for(&self, dir: &Path) -> Vec<String> {
        let path = self.forced.clone().or_else(|| Config::discover(dir));
        path.and_then(|p| Config::load(&p).ok())
            .unwrap_or_default()
            .extensions()
    }
}

/// A lock on one of the engines' tables, which a panic elsewhere leaves usable.
fn lock<T>(table: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    table.lock().unwrap_or_else(|e| e.into_inner())
}

/// Run the check; returns the process exit code. Errors about single inputs go to `err`.
/// The engines it builds are not freed: the process ends with the run, and freeing their
/// tables cost as much as a sixth of building them.
pub fn run(opts: &CheckOptions, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let engines = std::mem::ManuallyDrop::new(Engines {
        forced: opts.config.clone(),
        cache: Mutex::new(HashMap::new()),
        discovered: Mutex::new(HashMap::new()),
    });
    let mut exit = EXIT_CLEAN;
    if let Some(forced) = &opts.config {
        if let Err(e) = engines.get(Some(forced.clone())) {
            let _ = writeln!(err, "copydesk: {e}");
            return EXIT_ERROR;
        }
    }
    let paths = if opts.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        opts.paths.clone()
    };
    let (inputs, path_errors) = inputs::expand(
        &paths,
        &|dir| engines.extensions_for(dir),
        opts.stdin_filename.as_deref(),
    );
    for e in &path_errors {
        let _ = writeln!(err, "copydesk: {e}");
        exit = EXIT_ERROR;
    }
    // Names are judged against the whole workspace: the saved indexes when given (they
    // already count these files), else the files of this run when there are several.
    let (workspace, kept) = if !opts.names_index.is_empty() {
        match workspace::merge_saved(&opts.names_index) {
            Ok(index) => (Some(Arc::new(index)), Vec::new()),
            Err(e) => {
                let _ = writeln!(err, "copydesk: {e}");
                return EXIT_ERROR;
            }
        }
    } else if inputs.len() > 1 {
        let (index, found) = workspace::index_inputs(&inputs, KEEP);
        (Some(Arc::new(index)), found)
    } else {
        (None, Vec::new())
    };
    let kept: Vec<Mutex<Option<Kept>>> = kept.into_iter().map(Mutex::new).collect();
    let lint = |i: usize, input: &Input| {
        let kept = kept.get(i).and_then(|f| f.lock().ok()?.take());
        lint_input(input, &engines, opts.fix, workspace.as_ref(), kept)
    };
    let mut found = false;
    let mut tally = |r: &FileReport, err: &mut dyn Write| {
        if tell(r, err) {
            exit = EXIT_ERROR;
        }
        found |= r
            .diagnostics
            .iter()
            .any(|d| d.severity >= opts.min_severity);
    };
    let written = if opts.format == Format::Jsonl {
        // A line per file as soon as it and the files before it are done, so memory stays
        // bounded however many files and a consumer can start before the run ends.
        let mut written = Ok(());
        lint_in_order(&inputs, &lint, |report| {
            tally(&report, err);
            if written.is_ok() {
                written = format::write_line(&report, out);
            }
        });
        written
    } else {
        let reports: Vec<FileReport> = inputs
            .par_iter()
            .enumerate()
            .map(|(i, input)| lint(i, input))
            .collect();
        for r in &reports {
            tally(r, err);
        }
        format::write(opts.format, &reports, &engines.any(), opts.color, out)
    };
    if let Err(e) = written {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            let _ = writeln!(err, "copydesk: cannot write output: {e}");
            return EXIT_ERROR;
        }
    }
    if exit == EXIT_CLEAN && found {
        exit = EXIT_FINDINGS;
    }
    exit
}

/// Say on `err` why an input failed or which fixes were written; true when it failed.
fn tell(r: &FileReport, err: &mut dyn Write) -> bool {
    if let Some(e) = &r.error {
        let _ = writeln!(err, "copydesk: {}: {e}", r.display);
    }
    if !r.fixed.is_empty() {
        let total: usize = r.fixed.iter().map(|(_, n)| n).sum();
        let rules: Vec<String> = r
            .fixed
            .iter()
            .map(|(rule, n)| format!("{rule} ×{n}"))
            .collect();
        let _ = writeln!(
            err,
            "copydesk: {}: applied {total} fix{} ({})",
            r.display,
            if total == 1 { "" } else { "es" },
            rules.join(", ")
        );
    }
    r.error.is_some()
}

/// Lint `inputs` in parallel and hand each report to `each` in input order, as soon as it
/// and every report before it are done. Workers take inputs in order (`par_bridge`), so
/// only about one report per thread waits for a slower one ahead of it.
fn lint_in_order(
    inputs: &[Input],
    lint: &(dyn Fn(usize, &Input) -> FileReport + Sync),
    mut each: impl FnMut(FileReport),
) {
    let (sender, received) = mpsc::sync_channel(2 * rayon::current_num_threads());
    std::thread::scope(|scope| {
        scope.spawn(move || {
            inputs
                .iter()
                .enumerate()
                .par_bridge()
                .for_each_with(sender, |sender, (i, input)| {
                    let _ = sender.send((i, lint(i, input)));
                });
        });
        let mut waiting = BTreeMap::new();
        let mut next = 0;
        for (i, report) in received {
            waiting.insert(i, report);
            while let Some(report) = waiting.remove(&next) {
                each(report);
                next += 1;
            }
        }
    });
}

/// Lint one input; `kept` is what the index pass kept of it, if anything.
fn lint_input(
    input: &Input,
    engines: &Engines,
    fix: bool,
    workspace: Option<&Arc<NameIndex>>,
    kept: Option<Kept>,
) -> FileReport {
    let engine = match engines.get(engines.config_path_for(input)) {
        Ok(engine) => engine,
        Err(e) => return FileReport::failed(input.display.clone(), e),
    };
    // What the names pass already did for this text: segmented it and found its names.
    let (original, done) = match kept {
        Some(Kept::Whole(read)) => (read.text, Some((read.segmented, read.names))),
        kept => {
            let text = match inputs::read(input) {
                Ok(text) => text,
                Err(e) => return FileReport::failed(input.display.clone(), e),
            };
            let names = match kept {
                Some(Kept::Names(kept)) => kept.names_of(&text),
                _ => None,
            };
            let done = names.map(|names| (segment::segment(&text, input.kind), names));
            (text, done)
        }
    };
    let analysis = match done {
        Some((segmented, names)) => {
            let text = original.clone();
            Analysis::with_names(text, input.kind, segmented, engine.cues(), names)
        }
        None => engine.analyse(original.clone(), input.kind),
    };
    let lint_analysis = |mut analysis: Analysis| {
        analysis.set_workspace(workspace.cloned());
        engine.lint_analysis(&analysis)
    };
    let mut diagnostics = lint_analysis(analysis);
    let lint = |text: &str| lint_analysis(engine.analyse(text.to_string(), input.kind));
    let mut text = original.clone();
    let mut fixed: Vec<(&'static str, usize)> = Vec::new();
    if fix {
        for _ in 0..MAX_FIX_PASSES {
            let automatic: Vec<_> = diagnostics
                .iter()
                .filter(|d| is_automatic(d))
                .cloned()
                .collect();
            let (next, applied) = apply_fixes(&text, &automatic);
            if applied.is_empty() {
                break;
            }
            for fix in &applied {
                let Some(d) = automatic.iter().find(|d| d.fixes.first() == Some(fix)) else {
                    continue;
                };
                match fixed.iter_mut().find(|(rule, _)| *rule == d.rule) {
                    Some((_, n)) => *n += 1,
                    None => fixed.push((d.rule, 1)),
                }
            }
            text = next;
            diagnostics = lint(&text);
        }
        if !fixed.is_empty() {
            let written = match &input.source {
                Source::File(path) => write::write_atomically(path, &original, &text),
                Source::Stdin => Err("cannot write fixes back to standard input".to_string()),
            };
            if let Err(e) = written {
                let mut report = FileReport::failed(input.display.clone(), e);
                report.diagnostics = lint(&original);
                report.text = original;
                return report;
            }
        }
    }
    FileReport {
        display: input.display.clone(),
        text,
        diagnostics,
        error: None,
        fixed,
    }
}
