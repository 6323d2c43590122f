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

/// Mode of a folder every clerk's process writes into: read, write and enter for the
/// owner and the group, nothing for others, and set-group-ID so what is made inside takes
/// the folder's group whoever makes it.
pub const SHARED_DIR_MODE: u32 = 0o2770;
/// Mode of a file in such a folder: read and write for the owner and the group.
pub const SHARED_FILE_MODE: u32 = 0o660;

/// Makes `dir` (and any missing parents) a folder that every clerk can write in, whatever
/// their umask: [`SHARED_DIR_MODE`], with the group of `group_of` (the database file),
/// or of the folder it is made in when that does not exist. The deployment is one Unix
/// user per clerk and one group for them all: a folder made by the first clerk with a
/// umask of 077 would otherwise shut every other clerk out.
///
/// A folder that exists is left as it is when another user owns it or its group can
/// already write in it (an administrator's spool folder keeps its group and mode); one
/// this user owns that shuts the group out (made by an older gasdesk with the umask's
/// mode) is repaired as if new.
pub fn create_shared_dir(dir: &Path, group_of: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};

    std::fs::create_dir_all(dir)?;
    let meta = std::fs::metadata(dir)?;
    // SAFETY: geteuid has no preconditions and cannot fail.
    let mine = meta.uid() == unsafe { libc::geteuid() };
    let mode = meta.permissions().mode() & 0o7777;
    if !mine || mode & SHARED_DIR_MODE == SHARED_DIR_MODE {
        return Ok(());
    }
    let group = std::fs::metadata(group_of)
        .or_else(|_| std::fs::metadata(dir.parent().unwrap_or(Path::new("."))))
        .map(|m| m.gid())?;
    if meta.gid() != group {
        // Allowed only for a group this user is in; otherwise the folder keeps the
        // user's group, and the mode below still lets that group in.
        let _ = std::os::unix::fs::chown(dir, None, Some(group));
    }
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(SHARED_DIR_MODE))
}

/// A unique temporary name beside `path`, hidden, for [`write_atomic`].
fn temporary(path: &Path) -> PathBuf {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    path.with_file_name(format!(".{name}.{}.{n}.tmp", std::process::id()))
}

/// Writes `bytes` to `path` whole or not at all, and durably: under a hidden temporary
/// name in the same folder, synced, renamed over `path`, and the folder synced so the
/// rename itself survives a power cut. A reader (another process, a print daemon) never
/// sees half a file, and a crash leaves the old one. The file is [`SHARED_FILE_MODE`],
/// whatever the umask, with the folder's group. On any error the temporary file is
/// removed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = temporary(path);
    let written = write_new(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, path));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    sync_dir(path.parent().unwrap_or(Path::new(".")))
}

fn write_new(tmp: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};

    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(SHARED_FILE_MODE)
        .open(tmp)?;
    // The umask may have taken the group's bits away.
    f.set_permissions(std::fs::Permissions::from_mode(SHARED_FILE_MODE))?;
    if let Some(dir) = tmp.parent()
        && let (Ok(dir), Ok(file)) = (std::fs::metadata(dir), f.metadata())
        && dir.gid() != file.gid()
    {
        let _ = std::os::unix::fs::fchown(&f, None, Some(dir.gid()));
    }
    f.write_all(bytes)?;
    f.sync_all()
}

/// Makes the entries of `dir` (a rename or a new file in it) durable.
pub fn sync_dir(dir: &Path) -> std::io::Result<()> {
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    std::fs::File::open(dir)?.sync_all()
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

    #[test]
    fn a_failed_write_leaves_no_temporary_behind() {
        let dir = tempfile::tempdir().unwrap();
        // Renaming a file over a non-empty folder fails after the file was written.
        let target = dir.path().join("taken");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("x"), b"x").unwrap();
        let err = write_atomic(&target, b"data").unwrap_err();
        assert!(
            matches!(
                err.kind(),
                std::io::ErrorKind::IsADirectory | std::io::ErrorKind::DirectoryNotEmpty
            ),
            "{err:?}"
        );
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, [std::ffi::OsString::from("taken")]);
    }

    #[test]
    fn shared_files_and_folders_are_the_groups_whatever_the_umask() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("live.sqlite");
        std::fs::write(&db, b"").unwrap();
        let drafts = beside(&db, ".drafts");
        // Under the usual umask of 022 a file would be made 0644 and a folder 0755.
        create_shared_dir(&drafts, &db).unwrap();
        write_atomic(&drafts.join("1001.json"), b"{}").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o7777;
        assert_eq!(mode(&drafts), SHARED_DIR_MODE);
        assert_eq!(mode(&drafts.join("1001.json")), SHARED_FILE_MODE);
        // A folder made by an older gasdesk with the umask's mode is repaired.
        std::fs::set_permissions(&drafts, std::fs::Permissions::from_mode(0o700)).unwrap();
        create_shared_dir(&drafts, &db).unwrap();
        assert_eq!(mode(&drafts), SHARED_DIR_MODE);
        // A folder the group can already write in keeps what its administrator gave it.
        let spool = dir.path().join("spool");
        std::fs::create_dir(&spool).unwrap();
        std::fs::set_permissions(&spool, std::fs::Permissions::from_mode(0o2775)).unwrap();
        create_shared_dir(&spool, &db).unwrap();
        assert_eq!(mode(&spool), 0o2775);
    }
}
