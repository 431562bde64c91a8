//! The `copydesk` binary: argument parsing and dispatch to the front ends.

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use clap::FromArgMatches;

use copydesk::check::{self, CheckOptions, Format, EXIT_ERROR};
use copydesk::cli::{self, Cli, Command};
use copydesk::config::Config;
use copydesk::engine::Engine;
use copydesk::{eval, reference};

fn main() -> ExitCode {
    let matches = cli::command().get_matches();
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
        Some(Command::Completions { shell }) => {
            cli::completions(*shell, &mut out);
            return 0;
        }
        Some(Command::Man { dir: None }) => {
            return match cli::man_page(&mut out) {
                Ok(()) => 0,
                Err(_) => EXIT_ERROR,
            };
        }
        Some(Command::Man { dir: Some(dir) }) => {
            return match cli::write_man_pages(dir) {
                Ok(paths) => {
                    for path in paths {
                        let _ = writeln!(out, "{}", path.display());
                    }
                    0
                }
                Err(e) => {
                    let _ = writeln!(err, "copydesk: {}: {e}", dir.display());
                    EXIT_ERROR
                }
            };
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
    let _ = cli::command().print_help();
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
        match cli.format {
            Format::Markdown => reference::config_markdown(engine),
            _ => format!("{:#}\n", reference::config_schema(engine)),
        }
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
