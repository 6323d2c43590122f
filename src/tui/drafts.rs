//! Open payment forms that survive the session: when an SSH connection drops between
//! Enter and the receipt, the clerk logs in again and opens the same customer's payment
//! form — which finds its earlier key and, if that submission was committed, shows its
//! receipt instead of taking the money twice; if it was not, the form comes back filled
//! in as it was left.
//!
//! One small file per staff member in a folder beside the database (`<db>.drafts`), so
//! the demo and live files never share drafts. The folder and files are the database's
//! group's (`files::create_shared_dir`), since every clerk is another Unix user. A draft
//! is kept after its payment is committed, until the clerk acts on the receipt screen —
//! proof the receipt reached them — and ignored after [`DRAFT_MINUTES`].

use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, Utc};

use crate::db::cash::PaymentKey;

/// How long an unfinished form's key is kept for its clerk.
pub const DRAFT_MINUTES: i64 = 30;

#[derive(Debug, Clone)]
pub struct Drafts {
    dir: PathBuf,
    /// Whose group the folder takes: the database file.
    group_of: PathBuf,
}

/// What the clerk had filled in on a payment form, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FormDraft {
    /// `bills`, `advance` or `top_up`.
    pub mode: String,
    /// A top-up typed in `volume` or `amount`.
    pub by: String,
    /// `PaymentMethod::as_str`.
    pub method: String,
    pub advance: String,
    pub top_up: String,
    pub tendered: String,
    pub reference: String,
    /// The ticked open bills, by id.
    pub bills: Vec<i64>,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Draft {
    account_id: i64,
    key: String,
    /// Milliseconds since the Unix epoch: when the form was opened or last changed.
    opened_at_ms: i64,
    #[serde(default)]
    form: Option<FormDraft>,
}

/// A clerk's unfinished form for an account: its key and what was filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unfinished {
    pub key: PaymentKey,
    pub form: Option<FormDraft>,
}

/// The drafts folder of a database file.
pub fn drafts_dir(db: &Path) -> PathBuf {
    crate::files::beside(db, ".drafts")
}

impl Drafts {
    /// The drafts of the database file `db`.
    pub fn of_database(db: &Path) -> Drafts {
        Drafts {
            dir: drafts_dir(db),
            group_of: db.to_path_buf(),
        }
    }

    fn path(&self, staff_no: &str) -> PathBuf {
        // Staff numbers are digits; anything else could not leave the folder either.
        let safe = crate::files::safe_stem(staff_no, &[]);
        self.dir.join(format!("{safe}.json"))
    }

    fn read(&self, staff_no: &str) -> Option<Draft> {
        let text = std::fs::read_to_string(self.path(staff_no)).ok()?;
        serde_json::from_str(&text).ok()
    }

    fn write(&self, staff_no: &str, draft: &Draft) -> std::io::Result<()> {
        crate::files::create_shared_dir(&self.dir, &self.group_of)?;
        let text = serde_json::to_string(draft).map_err(std::io::Error::other)?;
        crate::files::write_atomic(&self.path(staff_no), text.as_bytes())
    }

    /// This clerk's unfinished form for this account, if recent.
    pub fn find(&self, staff_no: &str, account_id: i64, now: DateTime<Utc>) -> Option<Unfinished> {
        let draft = self.read(staff_no)?;
        let age = now.timestamp_millis() - draft.opened_at_ms;
        let fresh = (0..Duration::minutes(DRAFT_MINUTES).num_milliseconds()).contains(&age);
        if draft.account_id != account_id || !fresh {
            return None;
        }
        Some(Unfinished {
            key: PaymentKey::from_text(&draft.key)?,
            form: draft.form,
        })
    }

    /// The key of this clerk's unfinished form for this account, if recent.
    pub fn key_for(
        &self,
        staff_no: &str,
        account_id: i64,
        now: DateTime<Utc>,
    ) -> Option<PaymentKey> {
        self.find(staff_no, account_id, now).map(|u| u.key)
    }

    /// Records the key of a form just opened, and what is filled in on it. A failure
    /// only loses the protection against a dropped connection, so it is reported to the
    /// caller, not fatal.
    pub fn remember(
        &self,
        staff_no: &str,
        account_id: i64,
        key: &PaymentKey,
        form: Option<FormDraft>,
        now: DateTime<Utc>,
    ) -> std::io::Result<()> {
        let draft = Draft {
            account_id,
            key: key.as_str().to_string(),
            opened_at_ms: now.timestamp_millis(),
            form,
        };
        self.write(staff_no, &draft)
    }

    /// The form's receipt reached the clerk: nothing is left to recover. Only the draft
    /// of `key` goes — another session of the same clerk may have opened a newer one.
    pub fn forget(&self, staff_no: &str, key: &PaymentKey) {
        if self.read(staff_no).is_some_and(|d| d.key == key.as_str()) {
            let _ = std::fs::remove_file(self.path(staff_no));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_draft_is_found_for_its_clerk_and_account_while_fresh() {
        let dir = tempfile::tempdir().unwrap();
        let drafts = Drafts::of_database(&dir.path().join("d.sqlite"));
        let now = Utc::now();
        let key = PaymentKey::new();
        drafts.remember("1001", 7, &key, None, now).unwrap();
        assert_eq!(drafts.key_for("1001", 7, now), Some(key.clone()));
        assert_eq!(drafts.key_for("1001", 8, now), None, "another account");
        assert_eq!(drafts.key_for("1002", 7, now), None, "another clerk");
        let later = now + Duration::minutes(DRAFT_MINUTES + 1);
        assert_eq!(drafts.key_for("1001", 7, later), None, "stale");
        drafts.forget("1001", &PaymentKey::new());
        assert_eq!(
            drafts.key_for("1001", 7, now),
            Some(key.clone()),
            "another key"
        );
        drafts.forget("1001", &key);
        assert_eq!(drafts.key_for("1001", 7, now), None);
    }

    #[test]
    fn a_draft_keeps_what_was_filled_in() {
        let dir = tempfile::tempdir().unwrap();
        let drafts = Drafts::of_database(&dir.path().join("d.sqlite"));
        let now = Utc::now();
        let key = PaymentKey::new();
        let form = FormDraft {
            mode: "advance".into(),
            method: "cash".into(),
            advance: "120.50".into(),
            tendered: "200".into(),
            ..FormDraft::default()
        };
        drafts
            .remember("1001", 7, &key, Some(form.clone()), now)
            .unwrap();
        assert_eq!(
            drafts.find("1001", 7, now),
            Some(Unfinished {
                key,
                form: Some(form)
            })
        );
    }

    #[test]
    fn the_folder_sits_beside_its_database() {
        assert_eq!(
            drafts_dir(Path::new("/srv/gasdesk/live.sqlite")),
            PathBuf::from("/srv/gasdesk/live.sqlite.drafts")
        );
    }
}
