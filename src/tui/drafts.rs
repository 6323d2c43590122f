//! Open payment forms that survive the session: when an SSH connection drops between
//! Enter and the receipt, the clerk logs in again and opens the same customer's payment
//! form — which finds its earlier key and, if that submission was committed, shows its
//! receipt instead of taking the money twice.
//!
//! One small file per staff member in a folder beside the database (`<db>.drafts`), so
//! the demo and live files never share drafts. A draft is forgotten once its receipt has
//! been shown, and ignored after [`DRAFT_MINUTES`].

use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, Utc};

use crate::db::cash::PaymentKey;

/// How long an unfinished form's key is kept for its clerk.
pub const DRAFT_MINUTES: i64 = 30;

#[derive(Debug, Clone)]
pub struct Drafts {
    dir: PathBuf,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Draft {
    account_id: i64,
    key: String,
    /// Milliseconds since the Unix epoch.
    opened_at_ms: i64,
}

/// The drafts folder of a database file.
pub fn drafts_dir(db: &Path) -> PathBuf {
    crate::files::beside(db, ".drafts")
}

impl Drafts {
    pub fn new(dir: PathBuf) -> Drafts {
        Drafts { dir }
    }

    fn path(&self, staff_no: &str) -> PathBuf {
        // Staff numbers are digits; anything else could not leave the folder either.
        let safe = crate::files::safe_stem(staff_no, &[]);
        self.dir.join(format!("{safe}.json"))
    }

    /// The key of this clerk's unfinished form for this account, if recent.
    pub fn key_for(
        &self,
        staff_no: &str,
        account_id: i64,
        now: DateTime<Utc>,
    ) -> Option<PaymentKey> {
        let text = std::fs::read_to_string(self.path(staff_no)).ok()?;
        let draft: Draft = serde_json::from_str(&text).ok()?;
        let age = now.timestamp_millis() - draft.opened_at_ms;
        let fresh = (0..Duration::minutes(DRAFT_MINUTES).num_milliseconds()).contains(&age);
        (draft.account_id == account_id && fresh)
            .then(|| PaymentKey::from_text(&draft.key))
            .flatten()
    }

    /// Records the key of a form just opened. A failure only loses the protection against
    /// a dropped connection, so it is reported to the caller, not fatal.
    pub fn remember(
        &self,
        staff_no: &str,
        account_id: i64,
        key: &PaymentKey,
        now: DateTime<Utc>,
    ) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        let draft = Draft {
            account_id,
            key: key.as_str().to_string(),
            opened_at_ms: now.timestamp_millis(),
        };
        let text = serde_json::to_string(&draft).map_err(std::io::Error::other)?;
        crate::files::write_atomic(&self.path(staff_no), text.as_bytes())
    }

    /// The form's receipt was shown: nothing is left to recover.
    pub fn forget(&self, staff_no: &str) {
        let _ = std::fs::remove_file(self.path(staff_no));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_draft_is_found_for_its_clerk_and_account_while_fresh() {
        let dir = tempfile::tempdir().unwrap();
        let drafts = Drafts::new(dir.path().join("d"));
        let now = Utc::now();
        let key = PaymentKey::new();
        drafts.remember("1001", 7, &key, now).unwrap();
        assert_eq!(drafts.key_for("1001", 7, now), Some(key.clone()));
        assert_eq!(drafts.key_for("1001", 8, now), None, "another account");
        assert_eq!(drafts.key_for("1002", 7, now), None, "another clerk");
        let later = now + Duration::minutes(DRAFT_MINUTES + 1);
        assert_eq!(drafts.key_for("1001", 7, later), None, "stale");
        drafts.forget("1001");
        assert_eq!(drafts.key_for("1001", 7, now), None);
    }

    #[test]
    fn the_folder_sits_beside_its_database() {
        assert_eq!(
            drafts_dir(Path::new("/srv/gasdesk/live.sqlite")),
            PathBuf::from("/srv/gasdesk/live.sqlite.drafts")
        );
    }
}
