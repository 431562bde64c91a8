//! Shell completions and the man page, generated from the clap definition so they list
//! exactly the options the binary accepts.

use std::io::{self, Write};

use clap_complete::Shell;
use clap_mangen::Man;

/// The completion script for `shell`.
pub fn completions(shell: Shell, out: &mut dyn Write) {
    let mut command = super::command();
    clap_complete::generate(shell, &mut command, "copydesk", out);
}

/// The man page of `copydesk(1)`, in roff. The long help's closing sections become man
/// sections of their own instead of clap_mangen's catch-all "EXTRA".
pub fn man_page(out: &mut dyn Write) -> io::Result<()> {
    let man = Man::new(super::command());
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
