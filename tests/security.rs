//! The guarantees of docs/security.md, each checked: no network or process code in the
//! program, configuration that is data only, user lists matched as literals in linear
//! time, and `--fix` writing nothing but the files it linted.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

mod command;
use command::copydesk;

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// A tripwire: code that could reach the network, start a process or write a file
/// appearing in the program is a change to docs/security.md, not an accident.
#[test]
fn the_program_holds_no_network_process_or_stray_write_code() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    sources(&root.join("src"), &mut files);
    for file in &files {
        let text = fs::read_to_string(file).unwrap();
        for forbidden in [
            "std::net",
            "TcpStream",
            "UdpSocket",
            "process::Command",
            "Command::new",
            "libloading",
        ] {
            assert!(
                !text.contains(forbidden),
                "{} uses {forbidden}",
                file.display()
            );
        }
        // Files are written in three places only: `--fix` (temporary file + rename beside
        // the file linted), the `--output` of `copydesk index` and `copydesk man --dir`.
        let relative = file
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let code = text.split("#[cfg(test)]").next().unwrap();
        for write in [
            "fs::write",
            "File::create",
            "OpenOptions",
            "fs::rename",
            ".persist(",
        ] {
            if code.contains(write) {
                assert!(
                    matches!(
                        relative.as_str(),
                        "src/check/write.rs" | "src/check/workspace.rs" | "src/cli/generate.rs"
                    ),
                    "{relative} writes files ({write})"
                );
            }
        }
        // One `unsafe` block: the server's malloc tuning (a `mallopt` call).
        let blocks = code.matches("unsafe {").count() + code.matches("unsafe fn").count();
        let allowed = usize::from(relative == "src/lsp/mod.rs");
        assert_eq!(blocks, allowed, "{relative} has unsafe code");
    }
    // No dependency that speaks a network protocol, and tokio without sockets or processes.
    let lock = fs::read_to_string(root.join("Cargo.lock")).unwrap();
    for client in [
        "hyper",
        "reqwest",
        "ureq",
        "curl",
        "mio",
        "rustls",
        "native-tls",
        "h2",
    ] {
        assert!(
            !lock.contains(&format!("name = \"{client}\"")),
            "Cargo.lock pulls in {client}"
        );
    }
    let manifest = fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let tokio = manifest.lines().find(|l| l.starts_with("tokio ")).unwrap();
    for feature in ["\"full\"", "\"net\"", "\"process\""] {
        assert!(!tokio.contains(feature), "tokio with {feature}: {tokio}");
    }
}

#[test]
fn configuration_is_data_and_unknown_keys_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join(".copydesk.toml"),
        "command = \"touch pwned\"\n",
    )
    .unwrap();
    fs::write(dir.path().join("story.txt"), "It was the end.\n").unwrap();
    let o = copydesk(&["--check", "story.txt"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains(".copydesk.toml:1:1"), "{err}");
    assert!(err.contains("unknown field `command`"), "{err}");
    assert!(!dir.path().join("pwned").exists());
}

/// Entries users add to the rule data are literal text, compared by hash lookup or
/// substring search, never compiled as patterns: regex syntax matches only itself, and
/// an input that would make a backtracking matcher explode costs nothing.
#[test]
fn user_lists_are_literals_matched_in_linear_time() {
    let dir = tempfile::tempdir().unwrap();
    let many: Vec<String> = (0..20_000)
        .map(|i| format!("\"house notice {i}\""))
        .collect();
    fs::write(
        dir.path().join(".copydesk.toml"),
        format!(
            "ignore_words = [\"(a|a)*b\"]\n\
             [data.residue.lines]\nadd = [\"(a+)+$\", {}]\n",
            many.join(", ")
        ),
    )
    .unwrap();
    let evil = "a".repeat(50_000);
    fs::write(
        dir.path().join("story.md"),
        format!("The council met.\n\n(a+)+$\n\n{evil}\n\nhouse notice 19999\n\nIt ended.\n"),
    )
    .unwrap();
    let started = Instant::now();
    let o = copydesk(&["--check", "--format", "json", "story.md"], dir.path());
    assert!(started.elapsed() < Duration::from_secs(60));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let lines: Vec<(String, u64)> = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        lines,
        vec![
            ("phrasing/residue".to_string(), 3),
            ("phrasing/residue".to_string(), 7)
        ],
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Every file under `dir` with its contents.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = fs::read(&path).unwrap();
                files.insert(path, bytes);
            }
        }
    }
    files
}

#[test]
fn fix_writes_only_the_files_it_linted() {
    let damaged = "It was the the end, said an university spokesman.\n";
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "outside.txt",
        "desk/story.txt",
        "desk/other.md",
        "desk/deep/notes.txt",
    ] {
        let path = dir.path().join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, damaged).unwrap();
    }
    let before = snapshot(dir.path());
    let o = copydesk(&["--check", "--fix", "desk/story.txt"], dir.path());
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let after = snapshot(dir.path());
    let fixed = dir.path().join("desk/story.txt");
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>(),
        "no file created or left behind"
    );
    for (path, bytes) in &after {
        if *path == fixed {
            assert_eq!(bytes, b"It was the end, said a university spokesman.\n");
        } else {
            assert_eq!(bytes, &before[path], "{} changed", path.display());
        }
    }
}
