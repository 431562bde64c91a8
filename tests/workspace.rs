//! Names judged across files: indexes built per shard and merged (`copydesk index --merge`)
//! give the same findings as one run over every file, and a file too short to judge itself
//! is judged by the rest.

use std::fs;
use std::path::Path;
use std::process::Output;

mod command;
use command::copydesk;

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

fn stdout_lines(output: &Output) -> Vec<String> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

const SHARDS: [&str; 3] = ["shard-0", "shard-1", "shard-2"];

/// The annotated corpus dealt round-robin into three shard folders, plus the names fixture
/// spread so that "Okerkee" (shard-1) is judged only by mentions in shard-0.
fn write_shards(root: &Path) {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut articles: Vec<_> = fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            matches!(p.extension().and_then(|e| e.to_str()), Some("md" | "txt"))
                && p.file_name().is_some_and(|n| n != "README.md")
        })
        .collect();
    articles.sort();
    assert!(articles.len() >= 20, "{articles:?}");
    for (i, article) in articles.iter().enumerate() {
        let dir = root.join(SHARDS[i % SHARDS.len()]);
        fs::create_dir_all(&dir).unwrap();
        fs::copy(article, dir.join(article.file_name().unwrap())).unwrap();
    }
    for (name, text) in FILES {
        let shard = match name.split('/').next() {
            Some("north") => SHARDS[0],
            _ if name.ends_with("c.txt") => SHARDS[1],
            _ => SHARDS[2],
        };
        let file = Path::new(name).file_name().unwrap();
        fs::write(root.join(shard).join(file), text).unwrap();
    }
}

/// The scale-out path of docs/scaling.md, each step a separate process: index every shard,
/// merge the indexes, check every shard against the merged index. The per-file JSON lines,
/// concatenated in shard order, are byte-for-byte those of one run over every file.
#[test]
fn sharded_runs_with_a_merged_index_equal_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_shards(root);

    let mut all = vec!["--check", "--format", "jsonl"];
    all.extend(SHARDS);
    let one_run = copydesk(&all, root);
    assert_eq!(one_run.status.code(), Some(1), "{one_run:?}");
    let whole = stdout_lines(&one_run);
    assert!(
        whole
            .iter()
            .any(|l| l.contains("shard-1/c.txt") && l.contains("names/variant")),
        "{whole:?}"
    );

    let mut indexes = Vec::new();
    for shard in SHARDS {
        let index = format!("{shard}.json");
        let out = copydesk(&["index", shard, "-o", &index], root);
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        indexes.push(index);
    }
    let mut merge = vec!["index", "--merge", "-o", "merged.json"];
    merge.extend(indexes.iter().map(String::as_str));
    let out = copydesk(&merge, root);
    assert_eq!(out.status.code(), Some(0), "{out:?}");

    let mut index_all = vec!["index"];
    index_all.extend(SHARDS);
    let in_one = copydesk(&index_all, root);
    assert_eq!(
        fs::read_to_string(root.join("merged.json")).unwrap(),
        String::from_utf8_lossy(&in_one.stdout),
        "the merged index is the index of every file"
    );

    let mut sharded = Vec::new();
    for shard in SHARDS {
        let out = copydesk(
            &[
                "--check",
                "--format",
                "jsonl",
                "--names-index",
                "merged.json",
                shard,
            ],
            root,
        );
        assert!(matches!(out.status.code(), Some(0 | 1)), "{out:?}");
        sharded.extend(stdout_lines(&out));
    }
    assert_eq!(sharded.len(), whole.len());
    for (got, want) in sharded.iter().zip(&whole) {
        assert_eq!(got, want);
    }

    // Without the index, shard-1 has nothing to compare "Okerkee" with.
    let alone = copydesk(&["--check", "--format", "jsonl", "shard-1"], root);
    let alone = stdout_lines(&alone);
    assert!(alone.iter().any(|l| l.contains("shard-1/c.txt")));
    assert!(!alone
        .iter()
        .any(|l| l.contains("shard-1/c.txt") && l.contains("names/variant")));
}

#[test]
fn repeated_names_index_options_merge_like_index_merge() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_shards(root);
    for shard in SHARDS {
        let out = copydesk(&["index", shard, "-o", &format!("{shard}.json")], root);
        assert_eq!(out.status.code(), Some(0), "{out:?}");
    }
    let merged = copydesk(
        &[
            "index",
            "--merge",
            "shard-0.json",
            "shard-1.json",
            "shard-2.json",
        ],
        root,
    );
    fs::write(root.join("merged.json"), &merged.stdout).unwrap();
    let check = |indexes: &[&str]| {
        let mut args = vec!["--check", "--format", "jsonl"];
        for index in indexes {
            args.extend(["--names-index", index]);
        }
        args.push("shard-1/c.txt");
        stdout_lines(&copydesk(&args, root))
    };
    let repeated = check(&["shard-0.json", "shard-1.json", "shard-2.json"]);
    assert!(repeated[0].contains("names/variant"), "{repeated:?}");
    assert_eq!(repeated, check(&["merged.json"]));
}

#[test]
fn a_merge_with_an_unreadable_index_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("x.txt"), "Talia Okereke spoke.\n").unwrap();
    let out = copydesk(&["index", "x.txt", "-o", "x.json"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let out = copydesk(
        &[
            "index",
            "--merge",
            "x.json",
            "missing.json",
            "-o",
            "merged.json",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.json"));
    assert!(!dir.path().join("merged.json").exists());

    let out = copydesk(&["index", "--merge"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--merge needs"));
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
