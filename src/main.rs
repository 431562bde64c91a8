//! The `copydesk` binary: argument parsing and dispatch to the front ends.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

use copydesk::check::{self, CheckOptions, Format, EXIT_ERROR};
use copydesk::config::Config;
use copydesk::data::DataSet;
use copydesk::diagnostic::Severity;
use copydesk::engine::Engine;
use copydesk::{eval, reference};

/// An editorial linter for news articles: spun phrasing, broken quotes, drifting names.
///
/// With no arguments (or --stdio) copydesk speaks the Language Server Protocol on stdin/stdout.
#[derive(Parser, Debug)]
#[command(name = "copydesk", args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,

    /// Lint files and directories (recursively, honouring .gitignore); `-` reads stdin.
    #[arg(long)]
    check: bool,

    /// Files or directories to lint (default: the current directory).
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,

    /// Exit with 1 when a finding is at least this severe.
    #[arg(long, value_name = "LEVEL", default_value = "warning", value_parser = parse_severity)]
    min_severity: Severity,

    /// Apply every certain fix outside quotations and write the files back.
    #[arg(long)]
    fix: bool,

    /// Use this config file instead of the nearest .copydesk.toml.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,

    /// File name to report (and to choose Markdown or text) for input read from `-`.
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<String>,

    /// List every rule with its default severity (with --format json or markdown for more).
    #[arg(long)]
    list_rules: bool,

    /// Explain a rule, with examples.
    #[arg(long, value_name = "RULE")]
    explain: Option<String>,

    /// Print the JSON Schema of .copydesk.toml and of the editors' settings.
    #[arg(long)]
    config_schema: bool,

    /// Start the language server on stdin/stdout.
    #[arg(long)]
    stdio: bool,

    /// A names index written by `copydesk index`: name spellings across the newsroom's
    /// copy, consulted when one article alone cannot tell a variant from the original.
    /// Repeat to merge the indexes of several shards.
    #[arg(long, value_name = "FILE")]
    names_index: Vec<PathBuf>,

    /// Colour: auto (on a terminal, unless NO_COLOR is set), always or never.
    #[arg(long, value_name = "WHEN", default_value = "auto", value_parser = ["auto", "always", "never"])]
    color: String,
}

#[derive(Subcommand, Debug)]
enum Command {
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
}

fn parse_severity(s: &str) -> Result<Severity, String> {
    s.parse()
}

fn main() -> ExitCode {
    let version: &'static str = Box::leak(
        format!(
            "{} (rule data {})",
            env!("CARGO_PKG_VERSION"),
            DataSet::version()
        )
        .into_boxed_str(),
    );
    let matches = Cli::command().version(version).get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    ExitCode::from(run(cli) as u8)
}

fn run(cli: Cli) -> i32 {
    // The language server owns stdout: start it before anything here locks it.
    if cli.stdio || std::env::args_os().len() <= 1 {
        return match copydesk::lsp::run_stdio() {
            Ok(code) => code,
            Err(e) => {
                eprintln!("copydesk: language server: {e}");
                EXIT_ERROR
            }
        };
    }
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let mut err = io::stderr();
    let color = match cli.color.as_str() {
        "always" => true,
        "never" => false,
        _ => {
            io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    match &cli.command {
        Some(Command::Eval { dir, thresholds }) => {
            return eval::run(dir, thresholds.as_deref(), &mut out, &mut err);
        }
        Some(Command::Index {
            paths,
            merge,
            output,
        }) => {
            return check::workspace::run_index(
                paths,
                *merge,
                output.as_deref(),
                &mut out,
                &mut err,
            );
        }
        None => {}
    }
    if cli.list_rules || cli.explain.is_some() || cli.config_schema {
        let engine = match engine_for(cli.config.as_deref()) {
            Ok(engine) => engine,
            Err(e) => {
                let _ = writeln!(err, "copydesk: {e}");
                return EXIT_ERROR;
            }
        };
        return describe_rules(&cli, &engine, &mut out, &mut err);
    }
    if cli.check || !cli.paths.is_empty() || cli.fix {
        let opts = CheckOptions {
            paths: cli.paths,
            format: cli.format,
            min_severity: cli.min_severity,
            fix: cli.fix,
            config: cli.config,
            stdin_filename: cli.stdin_filename,
            color,
            names_index: cli.names_index,
        };
        return check::run(&opts, &mut out, &mut err);
    }
    // Options alone, without anything to do: say how to use the CLI.
    let _ = Cli::command().print_help();
    0
}

fn engine_for(config: Option<&std::path::Path>) -> Result<Engine, String> {
    let config = match config {
        Some(path) => Config::load(path).map_err(|e| e.to_string())?,
        None => Config::default(),
    };
    Engine::new(&config).map_err(|e| e.to_string())
}

fn describe_rules(cli: &Cli, engine: &Engine, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let text = if cli.config_schema {
        format!("{:#}\n", reference::config_schema(engine))
    } else if let Some(id) = &cli.explain {
        match engine.rule(id) {
            Some(rule) => reference::explain(rule.meta()),
            None => {
                let _ = writeln!(err, "copydesk: no rule {id:?}; see copydesk --list-rules");
                return EXIT_ERROR;
            }
        }
    } else {
        match cli.format {
            Format::Json => format!("{:#}\n", reference::list_json(engine)),
            Format::Markdown => reference::list_markdown(engine),
            _ => reference::list_human(engine),
        }
    };
    match out.write_all(text.as_bytes()) {
        Ok(()) => 0,
        Err(_) => EXIT_ERROR,
    }
}
