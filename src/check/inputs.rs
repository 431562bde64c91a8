//! Which files to lint, and reading them: paths and directories (recursive, honouring
//! .gitignore), `-` for standard input; every failure becomes a one-line message for that
//! file, never a panic.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use ignore::WalkBuilder;

use crate::document::DocKind;

/// Where an input's text comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    File(PathBuf),
    Stdin,
}

/// One thing to lint, as named in the output.
#[derive(Debug, Clone)]
pub struct Input {
    pub source: Source,
    /// The name printed in diagnostics.
    pub display: String,
    pub kind: DocKind,
}

/// Expand the command line's paths into inputs, in a stable order: the order given, and
/// sorted within each directory. Paths that do not exist come back as errors.
pub fn expand(
    paths: &[PathBuf],
    extensions: &dyn Fn(&Path) -> Vec<String>,
    stdin_name: Option<&str>,
) -> (Vec<Input>, Vec<String>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            let display = stdin_name.unwrap_or("<stdin>").to_string();
            let kind = DocKind::from_path(Path::new(&display));
            inputs.push(Input {
                source: Source::Stdin,
                display,
                kind,
            });
            continue;
        }
        match fs::metadata(path) {
            Err(e) => errors.push(format!("{}: {}", path.display(), io_reason(&e))),
            Ok(meta) if meta.is_dir() => {
                let wanted = extensions(path);
                let mut found: Vec<PathBuf> = WalkBuilder::new(path)
                    .follow_links(false)
                    // .gitignore counts in an exported tree too, not only inside a git checkout
                    .require_git(false)
                    .build()
                    .filter_map(|entry| match entry {
                        Ok(e) => Some(e),
                        Err(err) => {
                            errors.push(format!("{}: {err}", path.display()));
                            None
                        }
                    })
                    .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
                    .map(|e| without_dot_prefix(e.into_path()))
                    .filter(|p| has_extension(p, &wanted))
                    .collect();
                found.sort();
                inputs.extend(found.into_iter().map(file_input));
            }
            Ok(_) => inputs.push(file_input(path.clone())),
        }
    }
    (inputs, errors)
}

fn file_input(path: PathBuf) -> Input {
    Input {
        display: path.display().to_string(),
        kind: DocKind::from_path(&path),
        source: Source::File(path),
    }
}

/// `./news/story.md` as `news/story.md`: what GitHub annotations and code scanning match
/// against the repository's files, and how people write paths.
fn without_dot_prefix(path: PathBuf) -> PathBuf {
    match path.strip_prefix(".") {
        Ok(rest) if !rest.as_os_str().is_empty() => rest.to_path_buf(),
        _ => path,
    }
}

fn has_extension(path: &Path, wanted: &[String]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|ext| wanted.iter().any(|w| w.eq_ignore_ascii_case(ext)))
}

/// Largest input linted, file or standard input. Linting holds about twenty-five times the
/// text in memory (segments, tokens, findings) for each file in flight, and no article
/// comes near this size: beyond it an input is reported in one line and not read, so
/// memory and time stay bounded whatever is thrown at `--check`. See docs/security.md.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Read an input as UTF-8 text, or say in one line why not.
pub fn read(input: &Input) -> Result<String, String> {
    let bytes = match &input.source {
        Source::Stdin => read_bounded(std::io::stdin().lock(), "standard input")?,
        Source::File(path) => read_file(path)?,
    };
    decode(bytes)
}

fn read_file(path: &Path) -> Result<Vec<u8>, String> {
    // The path's metadata first: opening a fifo would block until someone writes to it.
    let meta = fs::metadata(path).map_err(|e| io_reason(&e))?;
    if !meta.is_file() {
        return Err("not a regular file".to_string());
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(&format!("file is {} MB", meta.len() >> 20)));
    }
    // The file may grow after the check: the read is bounded too.
    let file = fs::File::open(path).map_err(|e| io_reason(&e))?;
    read_bounded(file, "file")
}

/// Everything `from` holds, refused once it passes [`MAX_FILE_BYTES`].
fn read_bounded(from: impl Read, what: &str) -> Result<Vec<u8>, String> {
    let mut buf = Vec::new();
    from.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut buf)
        .map_err(|e| io_reason(&e))?;
    if buf.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(&format!(
            "{what} is larger than {} MB",
            MAX_FILE_BYTES >> 20
        )));
    }
    Ok(buf)
}

fn too_large(what: &str) -> String {
    format!("{what}; copydesk lints at most {} MB", MAX_FILE_BYTES >> 20)
}

/// Text from bytes: binary files and invalid UTF-8 are refused with where it went wrong.
pub fn decode(bytes: Vec<u8>) -> Result<String, String> {
    let head = &bytes[..bytes.len().min(8192)];
    // `contains` on bytes is a vectorised search; the offset is counted only when there is one
    if head.contains(&0) {
        let at = head.iter().position(|&b| b == 0).unwrap_or_default();
        return Err(format!("binary file (NUL byte at offset {at}); not linted"));
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "invalid UTF-8 at byte offset {}; save the file as UTF-8",
            e.utf8_error().valid_up_to()
        )
    })
}

pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_reports_offsets() {
        assert_eq!(decode(b"ok".to_vec()).unwrap(), "ok");
        assert!(decode(b"a\0b".to_vec()).unwrap_err().contains("offset 1"));
        assert!(decode(b"ab\xffc".to_vec())
            .unwrap_err()
            .contains("byte offset 2"));
    }
}
