//! The command line's definition: every option and subcommand of `copydesk`, in one clap
//! `Command`. It lives in the library so that what is generated from it (shell completions,
//! the man page) and the tests that check the docs' command lines all read the same source.

mod generate;

use std::path::PathBuf;
use std::sync::OnceLock;

use clap::{CommandFactory, Parser, Subcommand};

use crate::check::Format;
use crate::data::DataSet;
use crate::diagnostic::Severity;

pub use generate::{completions, man_page, write_man_pages};

/// An editorial linter for news articles: spun phrasing, broken quotes, drifting names.
///
/// With no arguments (or --stdio) copydesk speaks the Language Server Protocol on stdin/stdout.
#[derive(Parser, Debug)]
#[command(name = "copydesk", args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Lint files and directories (recursively, honouring .gitignore); `-` reads stdin.
    #[arg(long)]
    pub check: bool,

    /// Files or directories to lint (default: the current directory).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,

    /// Exit with 1 when a finding is at least this severe.
    #[arg(long, value_name = "LEVEL", default_value = "warning", value_parser = parse_severity)]
    pub min_severity: Severity,

    /// Apply every certain fix outside quotations and write the files back.
    #[arg(long)]
    pub fix: bool,

    /// Use this config file instead of the nearest .copydesk.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// File name to report (and to choose Markdown or text) for input read from `-`.
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,

    /// List every rule with its default severity (with --format json or markdown for more).
    #[arg(long)]
    pub list_rules: bool,

    /// Explain a rule, with examples.
    #[arg(long, value_name = "RULE")]
    pub explain: Option<String>,

    /// Print the JSON Schema of .copydesk.toml and of the editors' settings (with --format
    /// markdown, the configuration reference).
    #[arg(long)]
    pub config_schema: bool,

    /// Start the language server on stdin/stdout.
    #[arg(long)]
    pub stdio: bool,

    /// A names index written by `copydesk index`: name spellings across the newsroom's
    /// copy, consulted when one article alone cannot tell a variant from the original.
    /// Repeat to merge the indexes of several shards.
    #[arg(long, value_name = "FILE")]
    pub names_index: Vec<PathBuf>,

    /// Colour: auto (on a terminal, unless NO_COLOR is set), always or never.
    #[arg(long, value_name = "WHEN", default_value = "auto", value_parser = ["auto", "always", "never"])]
    pub color: String,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Measure precision and recall of every rule on an annotated corpus.
    Eval {
        /// The corpus folder: articles with `<name>.gold.toml` beside them.
        #[arg(default_value = "corpus")]
        dir: PathBuf,
        /// Floors to enforce (default: DIR/thresholds.toml when present).
        #[arg(long, value_name = "FILE")]
        thresholds: Option<PathBuf>,
    },
    /// Count the name spellings of files and directories into a names index (JSON), for
    /// `--names-index`; with --merge, add up the indexes of several shards into one.
    Index {
        /// Files or directories to index (default: the current directory); with --merge,
        /// index files written by `copydesk index`.
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Merge the names indexes given as PATHs (one per shard) instead of reading articles.
        #[arg(long)]
        merge: bool,
        /// Write the index here instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Print a shell completion script, for example
    /// `copydesk completions bash > ~/.local/share/bash-completion/completions/copydesk`.
    Completions {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), or write it and a page per subcommand into a directory,
    /// for example `copydesk man --dir ~/.local/share/man/man1`.
    Man {
        /// Write copydesk.1 and copydesk-SUBCOMMAND.1 here (printing their paths) instead of
        /// printing copydesk.1.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

/// Sections of the long help and the man page beyond the options: (title, text).
const SECTIONS: [(&str, &str); 2] = [
    (
        "EXIT STATUS",
        "0 nothing at or above --min-severity, 1 findings, 2 a usage error, a bad config or an \
         unreadable input (the other inputs are still linted).",
    ),
    (
        "FILES",
        "The nearest .copydesk.toml above each file, or --config FILE: rule levels, edits to \
         the rule data, ignored words. `copydesk --config-schema --format markdown` prints \
         every key.",
    ),
];

fn parse_severity(s: &str) -> Result<Severity, String> {
    s.parse()
}

/// `copydesk 0.1.0 (rule data 1a2b3c4d5e6f)`: the rule lists change between releases, so a
/// bug report needs both.
pub fn version() -> &'static str {
    static VERSION: OnceLock<String> = OnceLock::new();
    VERSION.get_or_init(|| {
        format!(
            "{} (rule data {})",
            env!("CARGO_PKG_VERSION"),
            DataSet::version()
        )
    })
}

/// The whole command line, with the version set.
pub fn command() -> clap::Command {
    let after: Vec<String> = SECTIONS
        .iter()
        .map(|(title, text)| format!("{title}\n  {text}"))
        .collect();
    Cli::command()
        .version(version())
        .after_long_help(after.join("\n\n"))
}
