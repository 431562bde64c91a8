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
