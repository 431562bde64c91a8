//! The GitHub Actions workflows in docs/examples/: valid workflow YAML, every `copydesk`
//! command line accepted by the binary's own clap definition, and each one run on a sample
//! checkout prints the format the next step expects.

mod shell;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_norway::Value;

use shell::Token;

fn workflows() -> Vec<(PathBuf, Value)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/examples");
    let mut found: Vec<_> = std::fs::read_dir(&dir)
        .expect("docs/examples")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let yaml = serde_norway::from_str(&text)
                .unwrap_or_else(|e| panic!("{}: not YAML: {e}", p.display()));
            (p, yaml)
        })
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(found.len() >= 2, "the annotating and the SARIF workflows");
    found
}

fn steps(workflow: &Value) -> Vec<&Value> {
    workflow["jobs"]
        .as_mapping()
        .expect("jobs")
        .values()
        .flat_map(|job| job["steps"].as_sequence().expect("steps"))
        .collect()
}

fn scripts(workflow: &Value) -> Vec<&str> {
    steps(workflow)
        .into_iter()
        .filter_map(|s| s["run"].as_str())
        .collect()
}

#[test]
fn workflows_have_the_shape_actions_runs() {
    for (path, workflow) in workflows() {
        let name = path.display();
        assert!(workflow["name"].is_string(), "{name}: name");
        assert!(workflow["on"].is_mapping(), "{name}: `on` triggers");
        let jobs = workflow["jobs"].as_mapping().expect("jobs");
        assert!(!jobs.is_empty(), "{name}: no jobs");
        for job in jobs.values() {
            assert!(job["runs-on"].is_string(), "{name}: runs-on");
            assert!(job["steps"].is_sequence(), "{name}: steps");
        }
        for step in steps(&workflow) {
            let uses = step["uses"].as_str();
            assert!(
                uses.is_some() != step["run"].is_string(),
                "{name}: a step either uses an action or runs a script: {step:?}"
            );
            if let Some(action) = uses {
                assert!(action.contains('@'), "{name}: pin {action} to a version");
            }
        }
    }
}

#[test]
fn every_copydesk_command_line_parses() {
    for (path, workflow) in workflows() {
        let invocations: Vec<Vec<String>> = scripts(&workflow)
            .into_iter()
            .flat_map(shell::copydesk_invocations)
            .collect();
        assert!(!invocations.is_empty(), "{}: runs copydesk", path.display());
        for words in invocations {
            if let Err(e) = copydesk::cli::command().try_get_matches_from(&words) {
                panic!(
                    "{}: `{}` is not a copydesk command line:\n{e}",
                    path.display(),
                    words.join(" ")
                );
            }
        }
    }
}

#[test]
fn sarif_upload_reads_the_file_copydesk_writes() {
    let mut uploads = 0;
    for (path, workflow) in workflows() {
        for step in steps(&workflow) {
            if !step["uses"]
                .as_str()
                .is_some_and(|a| a.starts_with("github/codeql-action/upload-sarif@"))
            {
                continue;
            }
            uploads += 1;
            let file = step["with"]["sarif_file"].as_str().expect("sarif_file");
            let written = scripts(&workflow).into_iter().any(|script| {
                let tokens = shell::tokens(script);
                tokens.windows(2).any(|w| {
                    w[0] == Token::Op(">".to_string()) && w[1] == Token::Word(file.to_string())
                }) && shell::copydesk_invocations(script)
                    .iter()
                    .any(|words| words.windows(2).any(|w| w == ["--format", "sarif"]))
            });
            assert!(
                written,
                "{}: nothing writes {file} as SARIF",
                path.display()
            );
        }
    }
    assert_eq!(uploads, 1, "one workflow uploads to code scanning");
}

/// Runs each workflow's copydesk command in a checkout holding a damaged article, where
/// `xargs` would append the changed files (here: none, so the current directory is linted).
#[test]
fn command_lines_print_what_the_next_step_reads() {
    let checkout = tempfile::tempdir().unwrap();
    std::fs::create_dir(checkout.path().join("news")).unwrap();
    std::fs::write(
        checkout.path().join("news/story.md"),
        "# Budget\n\nThe council met on Monday.\n\nIt was the the end of an era.\n",
    )
    .unwrap();
    let mut formats = Vec::new();
    for (path, workflow) in workflows() {
        for words in scripts(&workflow)
            .into_iter()
            .flat_map(shell::copydesk_invocations)
        {
            let o = Command::new(env!("CARGO_BIN_EXE_copydesk"))
                .args(&words[1..])
                .current_dir(checkout.path())
                .output()
                .unwrap();
            let out = String::from_utf8_lossy(&o.stdout);
            let context = format!("{}: {}\n{out}", path.display(), words.join(" "));
            assert_eq!(o.status.code(), Some(1), "{context}");
            let format = words
                .windows(2)
                .find(|w| w[0] == "--format")
                .map(|w| w[1].clone())
                .expect("a machine format");
            match format.as_str() {
                "github" => assert_eq!(
                    out,
                    "::warning file=news/story.md,line=5,col=8,endLine=5,endColumn=15,title=phrasing/doubled-word::\"the\" is repeated.\n",
                    "{context}"
                ),
                "sarif" => {
                    let sarif: serde_json::Value = serde_json::from_str(&out).expect(&context);
                    assert_eq!(sarif["version"], "2.1.0", "{context}");
                    let result = &sarif["runs"][0]["results"][0];
                    assert_eq!(
                        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                        "news/story.md",
                        "code scanning wants paths relative to the repository: {context}"
                    );
                }
                other => panic!("{context}: no check for --format {other}"),
            }
            formats.push(format);
        }
    }
    formats.sort();
    assert_eq!(formats, ["github", "sarif"]);
}

#[test]
fn command_lines_are_split_like_a_shell() {
    let script = "cargo install copydesk\ngit diff -z | xargs -0 copydesk --check \\\n  --format 'github' \"a b\" > out.txt 2>err # done\necho copydesk; copydesk --list-rules";
    assert_eq!(
        shell::copydesk_invocations(script),
        vec![
            vec!["copydesk", "--check", "--format", "github", "a b"],
            vec!["copydesk", "--list-rules"]
        ]
    );
    assert!(shell::tokens("a 2>b").contains(&Token::Op("2>".to_string())));
}
