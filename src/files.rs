//! The small files gasdesk keeps beside its database (drafts, simulated cards) or hands
//! to other programs (the printer spool).

use std::io::Write;
use std::path::{Path, PathBuf};

/// `<db><suffix>`: a file or folder named after the database, beside it.
pub fn beside(db: &Path, suffix: &str) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// `text` as a file name: ASCII letters and digits, and the characters of `keep`, stay;
/// anything else becomes `_`, so the name cannot leave its folder.
pub fn safe_stem(text: &str, keep: &[char]) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || keep.contains(&c) {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Writes `bytes` to `path` whole or not at all, and durably: under a hidden temporary
/// name in the same folder, synced, then renamed over `path`. A reader (another process,
/// a print daemon) never sees half a file, and a crash leaves the old one.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let tmp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_stay_in_their_folder() {
        assert_eq!(safe_stem("HF03-2026-000123", &['-']), "HF03-2026-000123");
        assert_eq!(safe_stem("../etc/passwd", &[]), "___etc_passwd");
        assert_eq!(safe_stem("张/1", &['-']), "__1");
        assert_eq!(
            beside(Path::new("/srv/g/live.sqlite"), ".cards"),
            PathBuf::from("/srv/g/live.sqlite.cards")
        );
    }

    #[test]
    fn an_atomic_write_replaces_the_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
