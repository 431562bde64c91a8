//! The built `copydesk` binary run as a user would, for the CLI integration tests.

use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Run `copydesk ARGS` in `dir`, without colour and with nothing on stdin.
pub fn copydesk(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("run copydesk")
}
