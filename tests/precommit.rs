//! `.pre-commit-hooks.yaml`: the hook pre-commit would install runs as its definition says,
//! on the files pre-commit would hand it.

mod shell;

use std::path::Path;
use std::process::{Command, Output};

use serde::Deserialize;

use shell::Token;

/// The fields of a hook definition that decide what runs (pre-commit's manifest schema).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Hook {
    id: String,
    name: String,
    description: String,
    entry: String,
    language: String,
    #[serde(default)]
    types: Vec<String>,
    #[serde(default)]
    types_or: Vec<String>,
    #[serde(default = "yes")]
    pass_filenames: bool,
    #[serde(default)]
    require_serial: bool,
    minimum_pre_commit_version: String,
}

fn yes() -> bool {
    true
}

fn hook() -> Hook {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/.pre-commit-hooks.yaml");
    let text = std::fs::read_to_string(path).expect(".pre-commit-hooks.yaml at the root");
    let hooks: Vec<Hook> = serde_norway::from_str(&text).expect("a list of hook definitions");
    assert_eq!(hooks.len(), 1, "{hooks:?}");
    hooks.into_iter().next().unwrap()
}

/// The tags pre-commit's `identify` gives the files below, by extension.
fn tags(file: &str) -> &'static [&'static str] {
    match Path::new(file).extension().and_then(|e| e.to_str()) {
        Some("md" | "markdown") => &["text", "markdown"],
        Some("txt") => &["text", "plain-text"],
        Some("rs") => &["text", "rust"],
        Some("py") => &["text", "python"],
        _ => &["text"],
    }
}

/// What pre-commit passes the hook: staged files whose tags match.
fn selected<'a>(hook: &Hook, staged: &[&'a str]) -> Vec<&'a str> {
    staged
        .iter()
        .copied()
        .filter(|f| {
            let tags = tags(f);
            hook.types.iter().all(|t| tags.contains(&t.as_str()))
                && (hook.types_or.is_empty()
                    || hook.types_or.iter().any(|t| tags.contains(&t.as_str())))
        })
        .collect()
}

/// Runs the hook's entry the way pre-commit does: from the repository root, the files
/// appended. `copydesk` is what `language: rust` installs; here, the binary under test.
fn run_hook(hook: &Hook, dir: &Path, files: &[&str]) -> Output {
    let words: Vec<String> = shell::tokens(&hook.entry)
        .into_iter()
        .map(|t| match t {
            Token::Word(w) => w,
            Token::Op(op) => panic!("entry is run without a shell; {op:?} would be a word"),
        })
        .collect();
    assert_eq!(words[0], "copydesk", "entry runs the installed binary");
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(&words[1..])
        .args(files)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run the hook")
}

fn staged(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

const CLEAN_MD: &str =
    "# Council\n\nThe council met on Monday.\n\nIt was the end of an era, said a university spokesman.\n";
const CLEAN_TXT: &str = "The mayor opened the new library on Friday morning.\n";
const DAMAGED_TXT: &str = "The mayor opened the new library.\n\nIt was the the end of an era.\n";
/// Not an article: a hook that linted source code would cry wolf here.
const SOURCE: &str = "fn main() { let the = 1; let _ = the the; }\n";

#[test]
fn hook_is_the_copydesk_check_installed_from_this_crate() {
    let hook = hook();
    assert_eq!(hook.id, "copydesk");
    assert_eq!(hook.name, "copydesk");
    assert!(!hook.description.is_empty());
    assert_eq!(hook.entry, "copydesk --check");
    // pre-commit builds the hook with `cargo install --path .` on the repository: the
    // binary it gets is this package's, which the entry names.
    assert_eq!(hook.language, "rust");
    assert!(hook.pass_filenames);
    assert!(
        hook.require_serial,
        "one run weighs names across all staged articles"
    );
    assert!(hook.minimum_pre_commit_version.split('.').count() == 3);
}

#[test]
fn hook_takes_markdown_and_text_articles_only() {
    let hook = hook();
    assert_eq!(
        selected(&hook, &["a.md", "b.markdown", "c.txt", "build.rs", "x.py"]),
        ["a.md", "b.markdown", "c.txt"]
    );
}

#[test]
fn clean_staged_files_pass() {
    let hook = hook();
    let dir = staged(&[
        ("story.md", CLEAN_MD),
        ("brief.txt", CLEAN_TXT),
        ("main.rs", SOURCE),
    ]);
    let files = selected(&hook, &["story.md", "brief.txt", "main.rs"]);
    let o = run_hook(&hook, dir.path(), &files);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn damaged_staged_file_fails_the_commit_with_the_finding() {
    let hook = hook();
    let dir = staged(&[
        ("story.md", CLEAN_MD),
        ("brief.txt", DAMAGED_TXT),
        ("main.rs", SOURCE),
    ]);
    let files = selected(&hook, &["story.md", "brief.txt", "main.rs"]);
    let o = run_hook(&hook, dir.path(), &files);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert_eq!(
        out,
        "brief.txt:3:8: warning[phrasing/doubled-word]: \"the\" is repeated.\n  \
         3 | It was the the end of an era.\n    |        ^^^^^^^\n    = fix: remove \" the\"\n\
         1 warning in 2 files\n"
    );
}
