//! The docs stay true: generated pages match the code, every config example is one copydesk
//! accepts, and every `console` example prints what the page says it prints.
//!
//! Conventions in the Markdown: a code block whose info string names a file after the
//! language (```` ```toml .copydesk.toml ````, ```` ```markdown story.md ````) is that file's
//! content; a ```` ```console ```` block holds `$ copydesk …` lines, each followed by its
//! exact output (standard output, then standard error), run in a scratch directory holding
//! the files the page showed above it.

mod shell;

use std::path::{Path, PathBuf};
use std::process::Command;

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};

use copydesk::config::Config;
use copydesk::engine::Engine;
use copydesk::reference;
use shell::Token;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn assert_current(path: &str, expected: &str, regenerate: &str) {
    let committed = std::fs::read_to_string(Path::new(ROOT).join(path)).unwrap_or_default();
    assert!(committed == expected, "{path} is stale: run `{regenerate}`");
}

#[test]
fn rule_reference_is_current() {
    assert_current(
        "docs/rules.md",
        &reference::list_markdown(&Engine::default()),
        "cargo run -- --list-rules --format markdown > docs/rules.md",
    );
}

#[test]
fn configuration_reference_is_current() {
    assert_current(
        "docs/configuration.md",
        &reference::config_markdown(&Engine::default()),
        "cargo run -- --config-schema --format markdown > docs/configuration.md",
    );
}

/// README.md and every page under docs/.
fn pages() -> Vec<(PathBuf, String)> {
    let mut paths = vec![Path::new(ROOT).join("README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(Path::new(ROOT).join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    paths.extend(docs);
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p, text)
        })
        .collect()
}

struct Block {
    lang: String,
    file: Option<String>,
    text: String,
}

fn code_blocks(markdown: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut current: Option<Block> = None;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                let mut words = info.split_whitespace();
                current = Some(Block {
                    lang: words.next().unwrap_or_default().to_string(),
                    file: words.next().map(str::to_string),
                    text: String::new(),
                });
            }
            Event::Text(text) => {
                if let Some(block) = current.as_mut() {
                    block.text.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => blocks.extend(current.take()),
            _ => {}
        }
    }
    blocks
}

#[test]
fn config_examples_are_accepted() {
    let mut seen = 0;
    for (page, text) in pages() {
        for block in code_blocks(&text) {
            if block.file.as_deref() != Some(".copydesk.toml") {
                continue;
            }
            seen += 1;
            let config = Config::parse(&block.text, Some(Path::new(".copydesk.toml")))
                .unwrap_or_else(|e| panic!("{}: {e}\n{}", page.display(), block.text));
            if let Err(e) = Engine::new(&config) {
                panic!("{}: {e}\n{}", page.display(), block.text);
            }
        }
    }
    assert!(seen >= 5, "README and the configuration pages show configs");
}

#[test]
fn shell_examples_are_copydesk_command_lines() {
    let mut seen = 0;
    for (page, text) in pages() {
        for block in code_blocks(&text).into_iter().filter(|b| b.lang == "sh") {
            for words in shell::copydesk_invocations(&block.text) {
                seen += 1;
                match copydesk::cli::command().try_get_matches_from(&words) {
                    Ok(_) => {}
                    Err(e) if e.kind() == clap::error::ErrorKind::DisplayVersion => {}
                    Err(e) => panic!("{}: `{}`:\n{e}", page.display(), words.join(" ")),
                }
            }
        }
    }
    assert!(seen >= 10, "README shows how to use the CLI ({seen})");
}

#[test]
fn example_workflows_are_shown_verbatim() {
    let mut seen = 0;
    for (page, text) in pages() {
        for block in code_blocks(&text) {
            let Some(file) = block.file.filter(|f| f.starts_with("docs/examples/")) else {
                continue;
            };
            seen += 1;
            let committed = std::fs::read_to_string(Path::new(ROOT).join(&file)).unwrap();
            assert!(
                block.text == committed,
                "{} shows {file}, but not as committed",
                page.display()
            );
        }
    }
    assert!(seen >= 2, "docs/ci.md shows the workflows");
}

#[test]
fn console_examples_print_what_the_docs_say() {
    let mut commands = 0;
    for (page, text) in pages() {
        let scratch = tempfile::tempdir().unwrap();
        for block in code_blocks(&text) {
            if let Some(file) = &block.file {
                let path = scratch.path().join(file);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, &block.text).unwrap();
            } else if block.lang == "console" {
                commands += run_console(&page, scratch.path(), &block.text);
            }
        }
    }
    assert!(commands >= 6, "the guide's examples run ({commands})");
}

/// Runs each `$ copydesk …` line of a console block and compares its output; returns how
/// many ran.
fn run_console(page: &Path, dir: &Path, block: &str) -> usize {
    let mut ran = 0;
    let mut rest = block;
    while let Some(line_end) = rest.find('\n') {
        let line = &rest[..line_end];
        let command = line.strip_prefix("$ ").unwrap_or_else(|| {
            panic!(
                "{}: console block must start with `$ `: {line}",
                page.display()
            )
        });
        let after = &rest[line_end + 1..];
        let output_end = after.find("\n$ ").map_or(after.len(), |i| i + 1);
        let expected = &after[..output_end];
        rest = &after[output_end..];
        let words: Vec<String> = shell::tokens(command)
            .into_iter()
            .map(|t| match t {
                Token::Word(w) => w,
                Token::Op(op) => panic!(
                    "{}: keep `{command}` to one command, not {op:?}",
                    page.display()
                ),
            })
            .collect();
        assert_eq!(words[0], "copydesk", "{}: {command}", page.display());
        let o = Command::new(env!("CARGO_BIN_EXE_copydesk"))
            .args(&words[1..])
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let actual = format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        assert_eq!(
            actual.trim_end(),
            expected.trim_end(),
            "{}: `{command}` printed something else",
            page.display()
        );
        ran += 1;
    }
    ran
}
