//! The documented deployment, for real: two clerks, each their own Unix user with a umask
//! of 077, in one group that owns the database's folder. Each runs the real binary in a
//! pseudo-terminal and opens a customer's payment form; both clerks' drafts must be
//! written beside the database, which needs the `.drafts` folder the first clerk made to
//! be the group's.
//!
//! Making users needs root (as CI runs) and `useradd`; elsewhere the test says it is
//! skipped and why. The users and group are made once per machine (it is idempotent) and
//! have no home and no login shell.
#![cfg(unix)]

mod common;

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::Command;

use common::pty::{F3, F10, Session, WAIT};
use rusqlite::{Connection, OpenFlags};

const F4: &str = "\x1bOS";
const GROUP: &str = "gasdesk-test-clerks";
const CLERKS: [(&str, &str); 2] = [("gasdesk-test-a", "1001"), ("gasdesk-test-b", "1002")];

/// Runs a user-management command; "already exists" (exit 9) is success.
fn admin(program: &str, args: &[&str]) -> Result<(), String> {
    let out = Command::new(program)
        .args(args)
        .output()
        .map_err(|e| format!("{program}: {e}"))?;
    match out.status.code() {
        Some(0 | 9) => Ok(()),
        _ => Err(format!(
            "{program} {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        )),
    }
}

/// The group and the two clerks, or why they cannot be made here.
fn make_clerks() -> Result<(), String> {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        return Err("not running as root".into());
    }
    for tool in ["groupadd", "useradd", "setpriv"] {
        let found = Command::new("sh")
            .args(["-c", &format!("command -v {tool}")])
            .output()
            .is_ok_and(|o| o.status.success());
        if !found {
            return Err(format!("{tool} is not installed"));
        }
    }
    admin("groupadd", &["--system", GROUP])?;
    for (user, _) in CLERKS {
        admin(
            "useradd",
            &[
                "--system",
                "--no-create-home",
                "--gid",
                GROUP,
                "--shell",
                "/usr/sbin/nologin",
                user,
            ],
        )?;
    }
    Ok(())
}

fn chown(path: &Path, group: &str) {
    let status = Command::new("chown")
        .arg(format!("root:{group}"))
        .arg(path)
        .status()
        .expect("chown");
    assert!(status.success(), "chown {}", path.display());
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o7777
}

/// Clerk `staff_no` logs in as Unix user `user` with umask 077, opens the first
/// account's payment form (which writes the draft), and quits.
fn open_a_payment_form(user: &str, staff_no: &str, db: &Path, home: &Path, account_no: &str) {
    let db = db.display().to_string();
    let home = home.display().to_string();
    let reuid = format!("--reuid={user}");
    let regid = format!("--regid={GROUP}");
    let wrapper = [
        "setpriv",
        reuid.as_str(),
        regid.as_str(),
        "--init-groups",
        "--",
        "sh",
        "-c",
        "umask 077; exec \"$0\" \"$@\"",
    ];
    let mut s = Session::start_through(
        &wrapper,
        &["--db", &db],
        80,
        24,
        &[("HOME", &home), ("XDG_DATA_HOME", &home)],
    );
    s.wait_for("工号", WAIT);
    s.send(&format!("{staff_no}\t123456\r"));
    s.wait_for(staff_no, WAIT);
    s.send(F4);
    s.wait_for("尚未开班", WAIT);
    s.send("o");
    s.wait_for("备用金", WAIT);
    s.send("500\r");
    s.wait_for("营业中", WAIT);
    s.send(F3);
    s.wait_for("查询", WAIT);
    s.send(account_no);
    s.wait_for(account_no, WAIT);
    s.send("\r");
    s.wait_for("欠费", WAIT);
    s.send("p");
    s.wait_for("付款方式", WAIT);
    let contents = s.contents();
    assert!(
        !contents.contains("无法保存收费单草稿"),
        "{user}: the draft was not saved:\n{contents}"
    );
    s.send(F10);
    s.wait_exit(WAIT);
}

#[test]
fn two_clerks_with_their_own_unix_users_both_keep_drafts() {
    if let Err(why) = make_clerks() {
        println!("skipped: two real Unix users are needed and cannot be made here: {why}");
        return;
    }
    let dir = common::temp_dir();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    // The deployment's folder: root's, the clerks' group, 2770.
    let shared = dir.path().join("shared");
    std::fs::create_dir(&shared).unwrap();
    chown(&shared, GROUP);
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o2770)).unwrap();
    let db = shared.join("demo.sqlite");
    common::build_demo(&db, 300);
    chown(&db, GROUP);
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o660)).unwrap();
    let home = dir.path().join("home");
    std::fs::create_dir(&home).unwrap();
    std::fs::set_permissions(&home, std::fs::Permissions::from_mode(0o777)).unwrap();
    let account_no: String = Connection::open_with_flags(&db, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .unwrap()
        .query_row("SELECT account_no FROM account WHERE id = 1", [], |r| {
            r.get(0)
        })
        .unwrap();

    for (user, staff_no) in CLERKS {
        open_a_payment_form(user, staff_no, &db, &home, &account_no);
    }

    let drafts = shared.join("demo.sqlite.drafts");
    assert_eq!(mode(&drafts), 0o2770, "the drafts folder is the group's");
    let group = std::fs::metadata(&db).unwrap().gid();
    assert_eq!(std::fs::metadata(&drafts).unwrap().gid(), group);
    for (user, staff_no) in CLERKS {
        let draft = drafts.join(format!("{staff_no}.json"));
        assert!(draft.exists(), "{user}'s draft was not written");
        assert_eq!(mode(&draft), 0o660, "{user}'s draft");
        assert_eq!(std::fs::metadata(&draft).unwrap().gid(), group);
    }
    let leftovers: Vec<_> = std::fs::read_dir(&drafts)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
