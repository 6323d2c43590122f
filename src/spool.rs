//! The printer spool: receipts and ticket slips are written as text files into a folder
//! that a print daemon watches (`spool_dir` in the config).

use std::path::{Path, PathBuf};

/// Writes `text` to `DIR/STEM.txt` for a printer daemon: written under a temporary name
/// and renamed, so the daemon never picks up half a slip. Returns the file's path.
pub fn write_spool(dir: &Path, stem: &str, text: &str) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let path = dir.join(format!("{stem}.txt"));
    crate::files::write_atomic(&path, format!("{text}\n").as_bytes())?;
    Ok(path)
}
