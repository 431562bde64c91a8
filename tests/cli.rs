//! The `copydesk` binary end to end: every output format, exit code and bad input.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

mod command;
use command::copydesk;

const DAMAGED: &str =
    "The council met on Monday.\n\nIt was the the end of an era, said an university spokesman.\n";
const CLEAN: &str =
    "The council met on Monday.\n\nIt was the end of an era, said a university spokesman.\n";

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn workdir(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    dir
}

#[test]
fn human_output_shows_position_source_line_and_fix() {
    let dir = workdir(&[("story.txt", DAMAGED)]);
    let o = copydesk(&["--check", "story.txt"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains("story.txt:3:8: warning[phrasing/doubled-word]: \"the\" is repeated."),
        "{out}"
    );
    assert!(out.contains("  3 | It was the the end"), "{out}");
    assert!(out.contains("^^^^^^^"), "{out}");
    assert!(out.contains("= fix: replace \"an\" with \"a\""), "{out}");
    assert!(out.ends_with("2 warnings in 1 file\n"), "{out}");
    assert!(!out.contains('\x1b'), "no colour off a terminal");
}

#[test]
fn json_output_has_the_documented_shape() {
    let dir = workdir(&[("story.txt", DAMAGED), ("clean.txt", CLEAN)]);
    let o = copydesk(
        &["--check", "--format", "json", "story.txt", "clean.txt"],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    serde_json::from_str::<Value>(&out).expect("valid JSON");
    // The raw text, so that field order (part of the contract) is pinned too.
    insta::assert_snapshot!("json_output", out);
}

#[test]
fn jsonl_output_is_one_file_per_line() {
    let dir = workdir(&[("a.txt", DAMAGED), ("b.txt", CLEAN)]);
    let o = copydesk(
        &["--check", "--format", "jsonl", "a.txt", "b.txt"],
        dir.path(),
    );
    let lines: Vec<Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["path"], "a.txt");
    assert_eq!(lines[0]["diagnostics"].as_array().unwrap().len(), 2);
    assert_eq!(lines[1]["diagnostics"].as_array().unwrap().len(), 0);
}

/// jsonl is written file by file as the parallel lint finishes them; however the work is
/// interleaved, the lines come in input order and are the files of `--format json`.
#[test]
fn jsonl_streams_in_input_order_like_json() {
    let files: Vec<(String, &str)> = (0..40)
        .map(|i| {
            let text = if i % 3 == 0 { DAMAGED } else { CLEAN };
            (format!("desk/{i:02}.txt"), text)
        })
        .collect();
    let named: Vec<(&str, &str)> = files.iter().map(|(n, t)| (n.as_str(), *t)).collect();
    let dir = workdir(&named);
    let lines: Vec<Value> = stdout(&copydesk(
        &["--check", "--format", "jsonl", "desk"],
        dir.path(),
    ))
    .lines()
    .map(|l| serde_json::from_str(l).unwrap())
    .collect();
    let json: Value = serde_json::from_str(&stdout(&copydesk(
        &["--check", "--format", "json", "desk"],
        dir.path(),
    )))
    .unwrap();
    assert_eq!(lines.len(), 40);
    assert_eq!(&lines, json["files"].as_array().unwrap());
    for (i, line) in lines.iter().enumerate() {
        assert_eq!(line["path"], format!("desk/{i:02}.txt"));
    }
}

#[test]
fn github_output_is_workflow_commands() {
    let dir = workdir(&[("story.txt", DAMAGED)]);
    let o = copydesk(&["--check", "--format", "github", "story.txt"], dir.path());
    let out = stdout(&o);
    assert!(
        out.lines().any(|l| l == "::warning file=story.txt,line=3,col=8,endLine=3,endColumn=15,title=phrasing/doubled-word::\"the\" is repeated."),
        "{out}"
    );
}

#[test]
fn sarif_output_carries_rules_results_and_fixes() {
    let dir = workdir(&[("story.txt", DAMAGED)]);
    let o = copydesk(&["--check", "--format", "sarif", "story.txt"], dir.path());
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.iter().any(|r| r["id"] == "phrasing/doubled-word"));
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    let first = &results[0];
    let index = first["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[index]["id"], first["ruleId"]);
    let region = &first["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(3), Some(8))
    );
    assert!(
        first["fixes"][0]["artifactChanges"][0]["replacements"][0]["deletedRegion"]["byteOffset"]
            .is_u64()
    );
}

#[test]
fn exit_codes_follow_min_severity_and_errors() {
    let dir = workdir(&[("story.txt", DAMAGED), ("clean.txt", CLEAN)]);
    assert_eq!(
        copydesk(&["--check", "clean.txt"], dir.path())
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        copydesk(&["--check", "story.txt"], dir.path())
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        copydesk(
            &["--check", "--min-severity", "error", "story.txt"],
            dir.path()
        )
        .status
        .code(),
        Some(0)
    );
    // A missing file is an error, and the other files are still linted.
    let o = copydesk(
        &["--check", "--format", "json", "missing.txt", "story.txt"],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("copydesk: missing.txt: no such file or directory"));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["summary"]["diagnostics"], 2);
    // Usage errors exit 2 as well.
    assert_eq!(
        copydesk(&["--check", "--format", "yaml"], dir.path())
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        copydesk(&["--explain", "phrasing/nope"], dir.path())
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn directories_recurse_sorted_and_honour_gitignore() {
    let dir = workdir(&[
        ("news/b.md", DAMAGED),
        ("news/a.txt", DAMAGED),
        ("news/skip.html", DAMAGED),
        ("news/drafts/c.markdown", DAMAGED),
        ("news/ignored/d.md", DAMAGED),
        ("news/.gitignore", "ignored/\n"),
    ]);
    let o = copydesk(&["--check", "--format", "jsonl", "news"], dir.path());
    let paths: Vec<String> = stdout(&o)
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["path"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(
        paths,
        vec!["news/a.txt", "news/b.md", "news/drafts/c.markdown"]
    );
}

#[test]
fn stdin_is_read_with_a_chosen_name() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args([
            "--check",
            "--format",
            "jsonl",
            "--stdin-filename",
            "wire.md",
            "-",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"It was `the the` and the the end.")
        .unwrap();
    let o = child.wait_with_output().unwrap();
    let v: Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(v["path"], "wire.md");
    // Markdown: the inline code is not prose, the second pair is.
    assert_eq!(v["diagnostics"].as_array().unwrap().len(), 1);
}

fn json_of(dir: &Path, file: &str) -> (Option<i32>, Value, String) {
    let o = copydesk(&["--check", "--format", "json", file], dir);
    let v = serde_json::from_str(&stdout(&o)).unwrap_or(Value::Null);
    (o.status.code(), v, stderr(&o))
}

#[test]
fn odd_but_valid_text_is_linted() {
    // Over a megabyte on one line.
    let big_line = "news from the desk ".repeat(56_000) + "the the end";
    // Ten thousand levels of blockquote, of list, of emphasis and of brackets.
    let nested = format!("{}deep the the text\n\n", "> ".repeat(10_000))
        + &"- ".repeat(10_000)
        + "x\n\n"
        + &"*".repeat(10_000)
        + "x"
        + &"*".repeat(10_000)
        + "\n\n"
        + &"[".repeat(10_000)
        + &"]".repeat(10_000)
        + "\n";
    let dir = workdir(&[
        ("empty.txt", ""),
        ("blank.txt", " \n\t\n  "),
        ("bom.txt", "\u{feff}It was the the end."),
        ("crlf.txt", "First.\r\n\r\nIt was the the end.\r\n"),
        ("cr.txt", "First.\r\rIt was the the end.\r"),
        ("line.txt", &big_line),
        ("nested.md", &nested),
    ]);
    for (file, findings) in [
        ("empty.txt", 0),
        ("blank.txt", 0),
        ("bom.txt", 1),
        ("crlf.txt", 1),
        ("cr.txt", 1),
        ("line.txt", 1),
    ] {
        let (code, v, err) = json_of(dir.path(), file);
        assert_eq!(v["summary"]["diagnostics"], findings, "{file}: {err}");
        assert_eq!(code, Some(if findings > 0 { 1 } else { 0 }), "{file}");
    }
    let (_, v, _) = json_of(dir.path(), "crlf.txt");
    assert_eq!(v["files"][0]["diagnostics"][0]["line"], 3);
    let (_, v, _) = json_of(dir.path(), "cr.txt");
    assert_eq!(v["files"][0]["diagnostics"][0]["line"], 3);
    let (code, v, err) = json_of(dir.path(), "nested.md");
    assert_eq!(code, Some(1), "{err}");
    assert_eq!(
        v["files"][0]["diagnostics"][0]["rule"],
        "phrasing/doubled-word"
    );
}

#[test]
fn unreadable_inputs_give_one_line_errors() {
    let dir = workdir(&[("ok.txt", DAMAGED)]);
    fs::write(dir.path().join("nul.txt"), b"abc\0def").unwrap();
    fs::write(dir.path().join("latin1.txt"), b"caf\xe9 au lait").unwrap();
    for (file, expected) in [
        ("nul.txt", "binary file (NUL byte at offset 3)"),
        ("latin1.txt", "invalid UTF-8 at byte offset 3"),
    ] {
        let o = copydesk(&["--check", file, "ok.txt"], dir.path());
        assert_eq!(o.status.code(), Some(2), "{file}");
        let err = stderr(&o);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(expected), "{err}");
        assert!(
            stdout(&o).contains("ok.txt:3:8"),
            "other files are still linted"
        );
    }
}

#[cfg(unix)]
#[test]
fn fifos_loops_and_permissions_do_not_hang_or_panic() {
    use std::os::unix::fs::{symlink, PermissionsExt};
    let dir = workdir(&[("tree/a.txt", DAMAGED)]);
    symlink(dir.path().join("tree"), dir.path().join("tree/loop")).unwrap();
    let o = copydesk(&["--check", "tree"], dir.path());
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    // Two links naming each other, given as the path itself: one line, exit 2.
    symlink("ping.txt", dir.path().join("pong.txt")).unwrap();
    symlink("pong.txt", dir.path().join("ping.txt")).unwrap();
    let o = copydesk(&["--check", "ping.txt", "tree"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stderr(&o).lines().count(), 1, "{}", stderr(&o));
    assert!(
        stderr(&o).starts_with("copydesk: ping.txt: "),
        "{}",
        stderr(&o)
    );

    let fifo = dir.path().join("pipe.txt");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if made {
        let o = copydesk(&["--check", "pipe.txt"], dir.path());
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains("not a regular file"));
    }

    let locked = dir.path().join("locked.txt");
    fs::write(&locked, DAMAGED).unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&locked).is_err() {
        // (root can read it anyway; then there is nothing to test)
        let o = copydesk(&["--check", "locked.txt"], dir.path());
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains("permission denied"));
    }
}

/// A child's exit code, output, wall time and peak resident memory (KiB), from `wait4`,
/// which reports on that one child rather than on every child of the test process.
#[cfg(target_os = "linux")]
fn measured(mut child: std::process::Child) -> (Option<i32>, String, std::time::Duration, i64) {
    use std::io::Read;
    let started = std::time::Instant::now();
    let mut err = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        err.read_to_string(&mut s).unwrap();
        s
    });
    let mut status = 0;
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: `child` is ours and not yet reaped; both pointers are valid for the call.
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, usage.as_mut_ptr()) };
    assert_eq!(pid, child.id() as i32);
    let elapsed = started.elapsed();
    // SAFETY: wait4 succeeded, so it filled in `usage`.
    let usage = unsafe { usage.assume_init() };
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    (code, reader.join().unwrap(), elapsed, usage.ru_maxrss)
}

#[cfg(target_os = "linux")]
#[test]
fn a_100_mb_input_is_refused_in_bounded_time_and_memory() {
    use std::io::Write;
    let dir = workdir(&[("ok.txt", DAMAGED)]);
    // Written a megabyte at a time: the child's peak RSS counts the parent's at the spawn.
    let paragraph = "The council met on Monday and the mayor said the plan would go ahead.\n\n";
    let megabyte = paragraph.repeat(1024 * 1024 / paragraph.len());
    let write_100_mb = |to: &mut dyn Write| {
        for _ in 0..100 {
            to.write_all(megabyte.as_bytes())?;
        }
        Ok::<(), std::io::Error>(())
    };
    write_100_mb(&mut fs::File::create(dir.path().join("huge.txt")).unwrap()).unwrap();
    let spawn = |args: &[&str], stdin: Stdio| {
        Command::new(env!("CARGO_BIN_EXE_copydesk"))
            .args(args)
            .current_dir(dir.path())
            .stdin(stdin)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };

    // What linting a small file costs (the rules' compiled data) is the baseline.
    let (code, _, _, baseline) = measured(spawn(&["--check", "ok.txt"], Stdio::null()));
    assert_eq!(code, Some(1));
    let bound = baseline + 32 * 1024;
    let (code, err, took, peak) =
        measured(spawn(&["--check", "huge.txt", "ok.txt"], Stdio::null()));
    eprintln!("100 MB file: {took:?}, peak RSS {peak} KiB (baseline {baseline} KiB)");
    assert_eq!(code, Some(2), "{err}");
    assert_eq!(
        err.trim(),
        "copydesk: huge.txt: file is 99 MB; copydesk lints at most 8 MB"
    );
    assert!(took < std::time::Duration::from_secs(30), "{took:?}");
    assert!(peak < bound, "peak RSS {peak} KiB, baseline {baseline} KiB");

    // Standard input has no size to check first: the read itself stops at the limit.
    let mut child = spawn(&["--check", "-"], Stdio::piped());
    let mut stdin = child.stdin.take().unwrap();
    let write_100_mb = &write_100_mb;
    let writer = std::thread::scope(|scope| {
        // copydesk stops reading at the limit, so the rest may meet a closed pipe.
        scope.spawn(move || write_100_mb(&mut stdin).is_err());
        measured(child)
    });
    let (code, err, took, peak) = writer;
    eprintln!("100 MB on stdin: {took:?}, peak RSS {peak} KiB");
    assert_eq!(code, Some(2), "{err}");
    assert_eq!(
        err.trim(),
        "copydesk: <stdin>: standard input is larger than 8 MB; copydesk lints at most 8 MB"
    );
    assert!(took < std::time::Duration::from_secs(30), "{took:?}");
    assert!(peak < bound, "peak RSS {peak} KiB, baseline {baseline} KiB");
}

#[test]
fn fix_writes_atomically_and_is_idempotent() {
    let text = "Intro.\r\n\r\nIt was the the end, an university said.\r\n\r\nShe said: \"It was the the end.\"\r\n";
    let dir = workdir(&[("story.txt", text)]);
    let path = dir.path().join("story.txt");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    }
    let o = copydesk(&["--check", "--fix", "story.txt"], dir.path());
    let fixed = fs::read_to_string(&path).unwrap();
    assert_eq!(
        fixed,
        "Intro.\r\n\r\nIt was the end, a university said.\r\n\r\nShe said: \"It was the the end.\"\r\n",
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("applied 2 fixes (phrasing/doubled-word ×1, phrasing/article-a-an ×1)"),
        "{}",
        stderr(&o)
    );
    // What is left is the quotation, which a person must check against the source.
    assert!(stdout(&o).contains("quotation — verify against the source"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o640
        );
    }
    let again = copydesk(&["--check", "--fix", "story.txt"], dir.path());
    assert!(!stderr(&again).contains("applied"));
    assert_eq!(fs::read_to_string(&path).unwrap(), fixed);
    let leftovers: Vec<PathBuf> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(leftovers.len(), 1, "{leftovers:?}");
}

#[cfg(unix)]
#[test]
fn fix_replaces_the_file_by_rename_and_keeps_lone_cr_endings() {
    let text = "Intro.\r\rIt was the the end.\rMore.\n";
    let dir = workdir(&[("story.txt", text)]);
    let path = dir.path().join("story.txt");
    // A second name for the old file: a rename leaves it whole, a rewrite in place would not.
    fs::hard_link(&path, dir.path().join("before.txt")).unwrap();
    let o = copydesk(&["--check", "--fix", "story.txt"], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "Intro.\r\rIt was the end.\rMore.\n"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("before.txt")).unwrap(),
        text
    );
}

#[cfg(unix)]
#[test]
fn fix_refuses_a_symlink_and_a_directory_it_cannot_write_in() {
    use std::os::unix::fs::{symlink, PermissionsExt};
    let dir = workdir(&[("real/story.txt", DAMAGED), ("locked/story.txt", DAMAGED)]);
    symlink(
        dir.path().join("real/story.txt"),
        dir.path().join("link.txt"),
    )
    .unwrap();
    let o = copydesk(&["--check", "--fix", "link.txt"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stderr(&o).lines().count(), 1, "{}", stderr(&o));
    assert!(stderr(&o).contains("is a symbolic link; fixes not written"));
    assert!(fs::symlink_metadata(dir.path().join("link.txt"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(
        fs::read_to_string(dir.path().join("real/story.txt")).unwrap(),
        DAMAGED
    );

    // The temporary file goes beside the original, so a directory closed to writing
    // stops the fix (unless we run as root, whom permissions do not stop).
    let locked = dir.path().join("locked");
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o555)).unwrap();
    if fs::write(locked.join("probe"), "").is_err() {
        let o = copydesk(&["--check", "--fix", "locked/story.txt"], dir.path());
        assert_eq!(o.status.code(), Some(2));
        assert!(
            stderr(&o).contains("cannot create a temporary file beside it"),
            "{}",
            stderr(&o)
        );
        assert_eq!(
            fs::read_to_string(locked.join("story.txt")).unwrap(),
            DAMAGED
        );
    }
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn fix_never_touches_code_or_front_matter() {
    let text =
        "---\ntitle: the the\n---\n\nIt was `the the` and *the* the end.\n\n```\nthe the\n```\n";
    let dir = workdir(&[("story.md", text)]);
    copydesk(&["--check", "--fix", "story.md"], dir.path());
    let after = fs::read_to_string(dir.path().join("story.md")).unwrap();
    assert!(
        after.starts_with("---\ntitle: the the\n---\n\nIt was `the the` and *the*"),
        "{after}"
    );
    assert!(after.contains("```\nthe the\n```"), "{after}");
}

#[cfg(unix)]
#[test]
fn fix_on_a_read_only_file_fails_and_keeps_it() {
    use std::os::unix::fs::PermissionsExt;
    let dir = workdir(&[("story.txt", DAMAGED)]);
    let path = dir.path().join("story.txt");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    let o = copydesk(&["--check", "--fix", "story.txt"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("read-only"), "{}", stderr(&o));
    assert_eq!(fs::read_to_string(&path).unwrap(), DAMAGED);
}

#[test]
fn config_is_discovered_and_errors_name_the_line() {
    let dir = workdir(&[
        (
            "desk/.copydesk.toml",
            "[rules]\n\"phrasing/doubled-word\" = \"off\"\n",
        ),
        ("desk/story.txt", DAMAGED),
        (
            "bad/.copydesk.toml",
            "[rules]\n\"phrasing/doubled-word\" = \"loud\"\n",
        ),
        ("bad/story.txt", DAMAGED),
    ]);
    let o = copydesk(
        &["--check", "--format", "json", "desk/story.txt"],
        dir.path(),
    );
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["summary"]["diagnostics"], 1, "doubled-word is off here");
    let o = copydesk(&["--check", "bad/story.txt"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains(".copydesk.toml:2:"), "{err}");
    assert!(
        err.contains("expected off, hint, info, warning or error"),
        "{err}"
    );
}

#[test]
fn list_rules_and_explain() {
    let dir = workdir(&[]);
    let o = copydesk(&["--list-rules", "--format", "json"], dir.path());
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let rules = v["rules"].as_array().unwrap();
    assert!(rules
        .iter()
        .all(|r| r["examples"].as_array().is_some_and(|e| !e.is_empty())));
    assert!(rules.iter().any(|r| r["id"] == "phrasing/article-a-an"));
    let o = copydesk(&["--explain", "phrasing/doubled-word"], dir.path());
    assert!(stdout(&o).contains("Not flagged:"));
    let o = copydesk(&["--version"], dir.path());
    assert!(stdout(&o).contains("rule data"));
}
