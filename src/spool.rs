//! The printer spool: receipts and ticket slips are written as text files into a folder
//! that a print daemon watches (`spool_dir` in the config).
//!
//! Several databases may print: the live one and a demo or two. Each slip's name carries
//! the tag of its database ([`tag`]), so `HF01-2026-000001` of a demo never replaces the
//! live one's, and a demo database prints into its own folder beside it ([`folder`]),
//! never into the printers' folder of the configuration.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::db::Store;

/// Writes `text` to `DIR/STEM.TAG.txt` for a printer daemon, `TAG` naming `store`'s
/// database: written under a temporary name and renamed, so the daemon never picks up
/// half a slip. Folder and file are the database's group's (see `files`). Returns the
/// file's path.
pub fn write_spool(store: &Store, dir: &Path, stem: &str, text: &str) -> std::io::Result<PathBuf> {
    crate::files::create_shared_dir(dir, store.path())?;
    let path = dir.join(format!("{stem}.{}.txt", tag(store)));
    crate::files::write_atomic(&path, format!("{text}\n").as_bytes())?;
    Ok(path)
}

/// What names a database's slips apart from every other database's: its kind and eight
/// hex digits of a hash of its file (resolved to one path) and its creation time, so two
/// files never share a tag, nor does a demo rebuilt in the same place.
pub fn tag(store: &Store) -> String {
    let path = std::fs::canonicalize(store.path()).unwrap_or_else(|_| store.path().to_owned());
    let created = store.meta("created_at").ok().flatten().unwrap_or_default();
    let mut hash = Sha256::new();
    hash.update(path.as_os_str().as_encoded_bytes());
    hash.update([0]);
    hash.update(created.as_bytes());
    let digest = hash.finalize();
    let hex: String = digest[..4].iter().map(|b| format!("{b:02x}")).collect();
    format!("{}-{hex}", store.kind().as_str())
}

/// The folder a database's slips go to: the one named on the command line, else the
/// configured printers' folder — except for a demo, which prints into `<db>.spool` beside
/// itself unless given a folder other than the printers' one.
pub fn folder(store: &Store, flag: Option<&Path>, configured: PathBuf) -> PathBuf {
    match flag {
        Some(dir) if !store.is_demo() || dir != configured => dir.to_path_buf(),
        _ if store.is_demo() => crate::files::beside(store.path(), ".spool"),
        _ => configured,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::DbKind;

    #[test]
    fn a_demo_never_prints_into_the_printers_folder_and_tags_differ() {
        let dir = tempfile::tempdir().unwrap();
        let printers = dir.path().join("printers");
        let live = Store::create(&dir.path().join("live.db"), DbKind::Live).unwrap();
        let demo = Store::create(&dir.path().join("demo.db"), DbKind::Demo).unwrap();
        assert_eq!(folder(&live, None, printers.clone()), printers);
        assert_eq!(
            folder(&demo, None, printers.clone()),
            dir.path().join("demo.db.spool")
        );
        assert_eq!(
            folder(&demo, Some(&printers), printers.clone()),
            dir.path().join("demo.db.spool"),
            "not even when named"
        );
        let own = dir.path().join("training");
        assert_eq!(folder(&demo, Some(&own), printers.clone()), own);

        let (a, b) = (tag(&live), tag(&demo));
        assert!(a.starts_with("live-") && b.starts_with("demo-"), "{a} {b}");
        assert_eq!(a, tag(&live), "a database keeps its tag");
        let other = Store::create(&dir.path().join("other.db"), DbKind::Live).unwrap();
        assert_ne!(a, tag(&other));

        let first = write_spool(&live, &printers, "HF01-2026-000001", "live").unwrap();
        let second = write_spool(&other, &printers, "HF01-2026-000001", "other").unwrap();
        assert_eq!(
            first.file_name().unwrap().to_str().unwrap(),
            format!("HF01-2026-000001.{a}.txt")
        );
        assert_ne!(first, second);
        assert_eq!(std::fs::read_to_string(&first).unwrap(), "live\n");
        assert_eq!(std::fs::read_to_string(&second).unwrap(), "other\n");
    }
}
