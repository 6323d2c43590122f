//! The IC-card reader/writer at a counter. [`CardWriter`] is what the cash desk needs of a
//! reader; [`SimulatedCards`] stands in for one until real hardware is wired up, and lets
//! trainers and tests make writes fail on demand.
//!
//! A card remembers how many purchases were loaded onto it (`purchase_count`). A write
//! carries the count the card will hold afterwards and the card accepts it only as the
//! next one, so the same purchase can never be loaded twice — however often a write is
//! retried after a crash or a pulled card.

use std::path::{Path, PathBuf};

use crate::i18n::{self, Lang, Localized};

/// What a card holds, as read back from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct CardState {
    /// Purchases loaded onto the card so far.
    pub purchase_count: i64,
    /// The volume of the last purchase, in litres (the meter takes it when the card is
    /// inserted).
    pub last_volume_litres: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CardError {
    #[error("no card in the reader")]
    NoCard,
    #[error("the card write failed")]
    WriteFailed,
    #[error("the card already holds purchase {held}; it cannot take {wanted}")]
    OutOfSequence { held: i64, wanted: i64 },
    #[error("card reader: {0}")]
    Device(String),
}

impl CardError {
    /// Why the card was not written, in `lang`: the reason a receipt shows beside the
    /// write's state.
    pub fn cause(&self, lang: Lang) -> String {
        match self {
            CardError::NoCard => i18n::CARD_NO_CARD.get(lang).to_string(),
            CardError::WriteFailed => i18n::CARD_WRITE_FAILED.get(lang).to_string(),
            CardError::OutOfSequence { held, wanted } => {
                i18n::CARD_OUT_OF_SEQUENCE.fill(lang, &[("held", held), ("wanted", wanted)])
            }
            CardError::Device(detail) => {
                i18n::CARD_DEVICE.fill(lang, &[("detail", &crate::domain::text::sanitize(detail))])
            }
        }
    }

    /// The error a card write recorded (its `Display` text, kept in the database and the
    /// audit trail in one language for every reader), read back so that a screen can say
    /// it in its own language. `None` for text no reader wrote.
    pub fn from_stored(text: &str) -> Option<CardError> {
        if let Some(detail) = text.strip_prefix("card reader: ") {
            return Some(CardError::Device(detail.to_string()));
        }
        if let Some(rest) = text.strip_prefix("the card already holds purchase ") {
            let (held, wanted) = rest.split_once("; it cannot take ")?;
            return Some(CardError::OutOfSequence {
                held: held.parse().ok()?,
                wanted: wanted.parse().ok()?,
            });
        }
        [CardError::NoCard, CardError::WriteFailed]
            .into_iter()
            .find(|e| e.to_string() == text)
    }
}

impl Localized for CardError {
    fn localized(&self, lang: Lang) -> String {
        i18n::CARD_NOT_WRITTEN.fill(lang, &[("why", &self.cause(lang))])
    }
}

/// A card write's recorded error as a screen in `lang` shows it: the reason in `lang`, or
/// the stored text itself (sanitised) if it is not a reader's error.
pub fn stored_error_cause(stored: &str, lang: Lang) -> String {
    match CardError::from_stored(stored) {
        Some(e) => e.cause(lang),
        None => crate::domain::text::sanitize(stored).into_owned(),
    }
}

/// A card reader/writer. `serial` names the meter the card belongs to.
pub trait CardWriter {
    /// Reads the card in the reader.
    fn read(&mut self, serial: &str) -> Result<CardState, CardError>;
    /// Loads purchase number `purchase_count` of `volume_litres`. Refused unless the card
    /// holds `purchase_count - 1` — or already holds exactly this purchase, which is
    /// reported as success so that a retry after an interrupted write is harmless.
    fn write(
        &mut self,
        serial: &str,
        purchase_count: i64,
        volume_litres: i64,
    ) -> Result<CardState, CardError>;
    /// Puts a new, blank card for `serial` in the reader (补卡): the old card is void.
    fn issue_blank(&mut self, serial: &str) -> Result<(), CardError>;
    /// Puts the first card of a new meter in the reader: no purchase on it yet, so the
    /// account's first purchase (number 1) writes. A card from the factory is blank: a real
    /// reader has nothing to do.
    fn issue_new(&mut self, _serial: &str) -> Result<(), CardError> {
        Ok(())
    }
    /// Makes the next `n` writes fail as if the card were pulled out too early, for
    /// trainers on the demo. A real reader has no such switch and ignores it.
    fn fail_next_writes(&mut self, _n: u32) {}
}

/// A reader simulated in files: one small JSON file per card in `dir`, so a card keeps
/// what was written to it across processes and crashes, as a real card would.
#[derive(Debug)]
pub struct SimulatedCards {
    dir: PathBuf,
    /// Writes still to fail, set by a trainer or a test.
    fail_next: u32,
}

impl SimulatedCards {
    pub fn new(dir: &Path) -> SimulatedCards {
        SimulatedCards {
            dir: dir.to_path_buf(),
            fail_next: 0,
        }
    }

    pub fn failing(&self) -> u32 {
        self.fail_next
    }

    fn path(&self, serial: &str) -> PathBuf {
        // Serials are validated ASCII; anything else is replaced so it cannot leave `dir`.
        let safe = crate::files::safe_stem(serial, &[]);
        self.dir.join(format!("{safe}.json"))
    }

    fn load(&self, serial: &str) -> Result<CardState, CardError> {
        // Read every time: another counter may have written the same card since.
        let state = match std::fs::read_to_string(self.path(serial)) {
            Ok(text) => {
                serde_json::from_str(&text).map_err(|e| CardError::Device(e.to_string()))?
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => CardState::default(),
            Err(e) => return Err(CardError::Device(e.to_string())),
        };
        Ok(state)
    }

    fn store(&self, serial: &str, state: CardState) -> Result<(), CardError> {
        let text = serde_json::to_string(&state).map_err(|e| CardError::Device(e.to_string()))?;
        // Every clerk's process writes here: the folder is made the group's, taking the
        // group of the folder it is made in (beside the database, the database's).
        let parent = self.dir.parent().unwrap_or(Path::new("."));
        crate::files::create_shared_dir(&self.dir, parent)
            .map_err(|e| CardError::Device(e.to_string()))?;
        crate::files::write_atomic(&self.path(serial), text.as_bytes())
            .map_err(|e| CardError::Device(e.to_string()))
    }
}

impl CardWriter for SimulatedCards {
    fn read(&mut self, serial: &str) -> Result<CardState, CardError> {
        self.load(serial)
    }

    fn fail_next_writes(&mut self, n: u32) {
        self.fail_next = n;
    }

    fn write(
        &mut self,
        serial: &str,
        purchase_count: i64,
        volume_litres: i64,
    ) -> Result<CardState, CardError> {
        let held = self.load(serial)?;
        if held.purchase_count == purchase_count && held.last_volume_litres == volume_litres {
            return Ok(held);
        }
        if held.purchase_count != purchase_count - 1 {
            return Err(CardError::OutOfSequence {
                held: held.purchase_count,
                wanted: purchase_count,
            });
        }
        if self.fail_next > 0 {
            self.fail_next -= 1;
            return Err(CardError::WriteFailed);
        }
        let state = CardState {
            purchase_count,
            last_volume_litres: volume_litres,
        };
        self.store(serial, state)?;
        Ok(state)
    }

    fn issue_new(&mut self, serial: &str) -> Result<(), CardError> {
        self.store(serial, CardState::default())
    }

    fn issue_blank(&mut self, serial: &str) -> Result<(), CardError> {
        // A blank replacement card carries the meter's count, with nothing to load: the
        // reissue then rewrites the last purchase onto it.
        let held = self.load(serial)?;
        self.store(
            serial,
            CardState {
                purchase_count: held.purchase_count.saturating_sub(1),
                last_volume_litres: 0,
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_purchase_is_loaded_once_and_a_retry_is_harmless() {
        let dir = tempfile::tempdir().unwrap();
        let mut cards = SimulatedCards::new(dir.path());
        assert_eq!(cards.read("M1").unwrap(), CardState::default());
        cards.write("M1", 1, 20_000).unwrap();
        // The same write again (a retry after a crash) changes nothing.
        assert_eq!(cards.write("M1", 1, 20_000).unwrap().purchase_count, 1);
        // Skipping a count, or going back, is refused.
        assert_eq!(
            cards.write("M1", 3, 1_000),
            Err(CardError::OutOfSequence { held: 1, wanted: 3 })
        );
        assert!(cards.write("M1", 1, 5_000).is_err());
        cards.write("M1", 2, 5_000).unwrap();
        // Another process sees the card as written.
        let mut other = SimulatedCards::new(dir.path());
        assert_eq!(
            other.read("M1").unwrap(),
            CardState {
                purchase_count: 2,
                last_volume_litres: 5_000
            }
        );
    }

    #[test]
    fn failures_on_demand_leave_the_card_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let mut cards = SimulatedCards::new(dir.path());
        cards.fail_next_writes(2);
        assert_eq!(cards.write("M2", 1, 1_000), Err(CardError::WriteFailed));
        assert_eq!(cards.write("M2", 1, 1_000), Err(CardError::WriteFailed));
        assert_eq!(cards.read("M2").unwrap().purchase_count, 0);
        cards.write("M2", 1, 1_000).unwrap();
        assert_eq!(cards.failing(), 0);
    }

    #[test]
    fn a_blank_replacement_takes_the_last_purchase_again() {
        let dir = tempfile::tempdir().unwrap();
        let mut cards = SimulatedCards::new(dir.path());
        cards.write("M3", 1, 1_000).unwrap();
        cards.write("M3", 2, 3_000).unwrap();
        cards.issue_blank("M3").unwrap();
        assert_eq!(cards.read("M3").unwrap().purchase_count, 1);
        cards.write("M3", 2, 3_000).unwrap();
        assert_eq!(cards.read("M3").unwrap().last_volume_litres, 3_000);
    }

    #[test]
    fn a_stored_error_is_read_back_and_said_in_either_language() {
        for e in [
            CardError::NoCard,
            CardError::WriteFailed,
            CardError::OutOfSequence { held: 3, wanted: 5 },
            CardError::Device("Permission denied (os error 13)".into()),
        ] {
            assert_eq!(CardError::from_stored(&e.to_string()), Some(e.clone()));
            let zh = stored_error_cause(&e.to_string(), Lang::Zh);
            assert!(
                zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{e:?}: {zh}"
            );
            assert_eq!(
                stored_error_cause(&e.to_string(), Lang::En),
                e.cause(Lang::En)
            );
        }
        assert_eq!(CardError::from_stored("something else"), None);
        assert_eq!(
            stored_error_cause("bad\u{1b}[2J", Lang::Zh),
            "bad\u{fffd}[2J"
        );
        // Said once: the message names the failure, its cause, and nothing twice.
        let zh = CardError::WriteFailed.localized(Lang::Zh);
        assert_eq!(zh.matches("写卡失败").count(), 1, "{zh}");
        let en = CardError::WriteFailed.localized(Lang::En);
        assert!(en.starts_with("Card not written: "), "{en}");
    }

    #[test]
    fn serials_cannot_escape_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let cards = SimulatedCards::new(dir.path());
        assert_eq!(
            cards.path("../../etc/x"),
            dir.path().join("______etc_x.json")
        );
    }
}
