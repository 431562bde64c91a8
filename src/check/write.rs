//! `--fix`: write a file atomically (temporary file in the same directory, then rename), with
//! its permissions kept, and only if nobody changed it since it was read. Nothing is written
//! but the file named and a temporary file beside it: a symbolic link is refused, since
//! renaming over it would replace the link and leave the file it points to unfixed.

use std::fs;
use std::io::Write;
use std::path::Path;

use super::inputs::io_reason;

/// Replace `path`'s contents with `text`, provided it still holds `expected`.
pub fn write_atomically(path: &Path, expected: &str, text: &str) -> Result<(), String> {
    let current =
        fs::read(path).map_err(|e| format!("cannot re-read before writing: {}", io_reason(&e)))?;
    if current != expected.as_bytes() {
        return Err("file changed since it was read; not writing fixes (run again)".to_string());
    }
    let meta = fs::symlink_metadata(path).map_err(|e| io_reason(&e))?;
    if meta.file_type().is_symlink() {
        return Err(
            "is a symbolic link; fixes not written (run --fix on the file it points to)"
                .to_string(),
        );
    }
    if meta.permissions().readonly() {
        return Err("file is read-only; fixes not written".to_string());
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".copydesk-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| {
            format!(
                "cannot create a temporary file beside it: {}",
                io_reason(&e)
            )
        })?;
    tmp.write_all(text.as_bytes())
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|e| format!("cannot write fixes: {}", io_reason(&e)))?;
    fs::set_permissions(tmp.path(), meta.permissions())
        .map_err(|e| format!("cannot copy permissions: {}", io_reason(&e)))?;
    tmp.persist(path)
        .map_err(|e| format!("cannot replace the file: {}", io_reason(&e.error)))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_when_changed_and_keeps_original() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        fs::write(&path, "new").unwrap();
        assert!(write_atomically(&path, "old", "fixed")
            .unwrap_err()
            .contains("changed"));
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        write_atomically(&path, "new", "fixed").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "fixed");
        let leftovers = fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1);
    }
}
