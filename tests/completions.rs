//! Shell completions and the man page come from the clap definition.

use std::process::Command;

fn copydesk(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(args)
        .output()
        .expect("run copydesk");
    assert!(output.status.success(), "copydesk {args:?} failed");
    String::from_utf8(output.stdout).expect("UTF-8")
}

#[test]
fn completion_scripts_offer_the_options_and_subcommands() {
    let bash = copydesk(&["completions", "bash"]);
    assert!(bash.contains("complete -F _copydesk"), "{bash}");
    for word in ["--check", "--format", "--names-index", "eval", "index"] {
        assert!(bash.contains(word), "bash completion lacks {word}");
    }
    // Values come from the definition too: the output formats.
    assert!(bash.contains("human json jsonl sarif github"), "{bash}");
    for (shell, marker) in [
        ("zsh", "#compdef copydesk"),
        ("fish", "complete -c copydesk"),
        ("elvish", "copydesk"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let script = copydesk(&["completions", shell]);
        assert!(script.contains(marker), "{shell}: {script}");
        assert!(script.contains("check"), "{shell} completion lacks --check");
    }
}

#[test]
fn man_page_has_the_standard_sections() {
    let page = copydesk(&["man"]);
    assert!(page.starts_with(".ie \\n(.g"), "{page}");
    assert!(page.contains(".TH copydesk 1"), "{page}");
    for section in ["NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "SUBCOMMANDS"] {
        assert!(page.contains(&format!(".SH {section}\n")), "no {section}");
    }
    assert!(page.contains(".SH \"EXIT STATUS\"\n"), "{page}");
    assert!(page.contains("\\-\\-min\\-severity"), "{page}");
    assert!(
        page.contains(&format!("rule data {}", copydesk::data::DataSet::version())),
        "the page names the version and the rule data: {page}"
    );
}

#[test]
fn man_dir_gets_a_page_per_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let listed = copydesk(&["man", "--dir", dir.path().to_str().unwrap()]);
    let mut pages: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    pages.sort();
    assert_eq!(
        pages,
        [
            "copydesk-completions.1",
            "copydesk-eval.1",
            "copydesk-index.1",
            "copydesk-man.1",
            "copydesk.1"
        ]
    );
    assert_eq!(listed.lines().count(), pages.len(), "{listed}");
    let main = std::fs::read_to_string(dir.path().join("copydesk.1")).unwrap();
    assert_eq!(main, copydesk(&["man"]), "the same page printed or written");
    // Every page the main page points to exists: no `copydesk-help(1)`.
    for reference in main.lines().filter(|l| l.ends_with("(1)")) {
        let page = reference.replace("\\-", "-").replace("(1)", ".1");
        assert!(pages.contains(&page), "{reference} has no page");
    }
    let eval = std::fs::read_to_string(dir.path().join("copydesk-eval.1")).unwrap();
    assert!(eval.contains(".SH NAME\ncopydesk\\-eval"), "{eval}");
    assert!(eval.contains("\\-\\-thresholds"), "{eval}");
}

#[test]
fn version_names_the_rule_data() {
    let version = copydesk(&["--version"]);
    assert_eq!(
        version,
        format!(
            "copydesk {} (rule data {})\n",
            env!("CARGO_PKG_VERSION"),
            copydesk::data::DataSet::version()
        )
    );
}
