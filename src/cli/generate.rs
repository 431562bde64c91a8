//! Shell completions and the man pages, generated from the clap definition so they list
//! exactly the options the binary accepts.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use clap_complete::Shell;
use clap_mangen::Man;

/// The completion script for `shell`.
pub fn completions(shell: Shell, out: &mut dyn Write) {
    let mut command = super::command();
    clap_complete::generate(shell, &mut command, "copydesk", out);
}

/// The command as the man pages describe it: built, so subcommands are named
/// `copydesk-eval` and so on, and without the `help` subcommand, which has no page.
fn documented_command() -> clap::Command {
    let mut command = super::command().disable_help_subcommand(true);
    command.build();
    command
}

/// The man page of `copydesk(1)`, in roff.
pub fn man_page(out: &mut dyn Write) -> io::Result<()> {
    render_main(Man::new(documented_command()), out)
}

/// `copydesk.1` and a page per subcommand (`copydesk-eval.1` …) in `dir`; returns their paths.
pub fn write_man_pages(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let command = documented_command();
    let main = dir.join("copydesk.1");
    let mut file = File::create(&main)?;
    render_main(Man::new(command.clone()), &mut file)?;
    file.flush()?;
    let mut written = vec![main];
    for sub in command.get_subcommands() {
        written.push(Man::new(sub.clone()).generate_to(dir)?);
    }
    Ok(written)
}

/// The long help's closing sections become man sections of their own instead of
/// clap_mangen's catch-all "EXTRA".
fn render_main(man: Man, out: &mut dyn Write) -> io::Result<()> {
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    man.render_options_section(out)?;
    man.render_subcommands_section(out)?;
    for (title, text) in super::SECTIONS {
        writeln!(out, ".SH \"{title}\"\n{}", roff_text(text))?;
    }
    man.render_version_section(out)
}

/// Plain text as a roff paragraph: hyphens are minus signs in options, backslashes escape,
/// and a leading dot or quote would start a request.
fn roff_text(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-");
    if escaped.starts_with(['.', '\'']) {
        format!("\\&{escaped}")
    } else {
        escaped
    }
}
