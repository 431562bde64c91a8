//! Names judged across files: indexes built per shard and merged give the same findings
//! as one run over every file, and a file too short to judge itself is judged by the rest.

use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn copydesk(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("run copydesk")
}

const FILES: &[(&str, &str)] = &[
    (
        "north/a.txt",
        "Talia Okereke won the seat in Carrick. Okereke thanked voters.\n",
    ),
    (
        "north/b.md",
        "# Count\n\nOkereke spoke; Okereke was cheered by Talia Okereke's supporters.\n",
    ),
    (
        "south/c.txt",
        "The count went on past midnight, and Talia Okerkee said nothing.\n",
    ),
    (
        "south/d.txt",
        "Oskar Vintermark, the returning officer, read the result. Vintermark left.\n",
    ),
];

fn jsonl_lines(output: &Output) -> Vec<String> {
    let mut lines: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    lines.sort();
    lines
}

#[test]
fn sharded_indexes_merge_to_the_single_run() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in FILES {
        let path = dir.path().join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    let root = dir.path();

    let one_run = copydesk(&["--check", "--format", "jsonl", "north", "south"], root);
    let whole = jsonl_lines(&one_run);
    assert!(
        whole
            .iter()
            .any(|l| l.contains("south/c.txt") && l.contains("names/variant")),
        "{whole:?}"
    );

    for shard in ["north", "south"] {
        let out = copydesk(&["index", shard, "-o", &format!("{shard}.json")], root);
        assert_eq!(out.status.code(), Some(0), "{out:?}");
    }
    let mut sharded = Vec::new();
    for (name, _) in FILES {
        let out = copydesk(
            &[
                "--check",
                "--format",
                "jsonl",
                "--names-index",
                "north.json",
                "--names-index",
                "south.json",
                name,
            ],
            root,
        );
        sharded.extend(jsonl_lines(&out));
    }
    sharded.sort();
    assert_eq!(sharded, whole);

    // One file alone has nothing to compare "Okerkee" with.
    let alone = copydesk(&["--check", "--format", "jsonl", "south/c.txt"], root);
    assert!(!String::from_utf8_lossy(&alone.stdout).contains("names/variant"));
}

#[test]
fn a_bad_index_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("x.txt"), "Fine.\n").unwrap();
    fs::write(dir.path().join("bad.json"), "[1, 2]").unwrap();
    let out = copydesk(
        &["--check", "--names-index", "bad.json", "x.txt"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a names index"));
}
