//! Fees the counter takes for a service (工本费 and the like): which fee, and why a card
//! is replaced. The amounts are data (`data/tariffs.toml`, `[fees]`).

use crate::domain::text::{TextError, validate_text};
use crate::i18n::{self, Msg};

/// Which fee a fee receipt takes. Stored as [`FeeCode::as_str`] in `ledger_entry.fee_code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FeeCode {
    /// A new IC card for a lost or damaged one (补卡工本费).
    CardReplacement,
    /// The new-install fee (新装费) of an application, at the cash desk.
    Install,
    /// An ownership transfer's fee (过户费), when `data/transfer.toml` sets one.
    Transfer,
}

impl FeeCode {
    pub const ALL: [FeeCode; 3] = [
        FeeCode::CardReplacement,
        FeeCode::Install,
        FeeCode::Transfer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FeeCode::CardReplacement => "card_replacement",
            FeeCode::Install => "install",
            FeeCode::Transfer => "transfer",
        }
    }

    pub fn parse(s: &str) -> Option<FeeCode> {
        FeeCode::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// The fee's name on a receipt and on screen.
    pub fn label(self) -> Msg {
        match self {
            FeeCode::CardReplacement => i18n::FEE_CARD_REPLACEMENT,
            FeeCode::Install => i18n::FEE_INSTALL,
            FeeCode::Transfer => i18n::TRANSFER_STEP_FEE,
        }
    }
}

/// Longest note for a replacement of another reason, in characters.
pub const REASON_NOTE_MAX_CHARS: usize = 100;

/// Why an IC card is replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReplaceReason {
    Lost,
    Damaged,
    /// Any other reason, in the clerk's words (never empty).
    Other(String),
}

/// The reason's kind, for a choice row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReasonKind {
    Lost,
    Damaged,
    Other,
}

impl ReasonKind {
    pub const ALL: [ReasonKind; 3] = [ReasonKind::Lost, ReasonKind::Damaged, ReasonKind::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            ReasonKind::Lost => "lost",
            ReasonKind::Damaged => "damaged",
            ReasonKind::Other => "other",
        }
    }

    pub fn label(self) -> Msg {
        match self {
            ReasonKind::Lost => i18n::CR_REASON_LOST,
            ReasonKind::Damaged => i18n::CR_REASON_DAMAGED,
            ReasonKind::Other => i18n::CR_REASON_OTHER,
        }
    }
}

/// Why an "other" reason was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReasonError {
    /// "Other" needs the reason written out.
    NoteRequired,
    Text(TextError),
}

impl ReplaceReason {
    /// The reason of kind `kind`, with `note` (trimmed, checked) for "other".
    pub fn new(kind: ReasonKind, note: &str) -> Result<ReplaceReason, ReasonError> {
        Ok(match kind {
            ReasonKind::Lost => ReplaceReason::Lost,
            ReasonKind::Damaged => ReplaceReason::Damaged,
            ReasonKind::Other => {
                let note = note.trim();
                if note.is_empty() {
                    return Err(ReasonError::NoteRequired);
                }
                ReplaceReason::Other(
                    validate_text(note, REASON_NOTE_MAX_CHARS).map_err(ReasonError::Text)?,
                )
            }
        })
    }

    pub fn kind(&self) -> ReasonKind {
        match self {
            ReplaceReason::Lost => ReasonKind::Lost,
            ReplaceReason::Damaged => ReasonKind::Damaged,
            ReplaceReason::Other(_) => ReasonKind::Other,
        }
    }

    pub fn note(&self) -> Option<&str> {
        match self {
            ReplaceReason::Other(note) => Some(note),
            _ => None,
        }
    }
}

impl i18n::Localized for ReasonError {
    fn localized(&self, lang: i18n::Lang) -> String {
        match self {
            ReasonError::NoteRequired => i18n::CR_NOTE_REQUIRED.get(lang).to_string(),
            ReasonError::Text(e) => e.localized(lang),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fee_codes_round_trip_and_other_reasons_need_words() {
        for code in FeeCode::ALL {
            assert_eq!(FeeCode::parse(code.as_str()), Some(code));
        }
        assert_eq!(FeeCode::parse("meter_repair"), None);
        assert_eq!(
            ReplaceReason::new(ReasonKind::Other, "  "),
            Err(ReasonError::NoteRequired)
        );
        assert_eq!(
            ReplaceReason::new(ReasonKind::Other, " 卡被水泡 ").unwrap(),
            ReplaceReason::Other("卡被水泡".into())
        );
        assert_eq!(
            ReplaceReason::new(ReasonKind::Lost, "ignored").unwrap(),
            ReplaceReason::Lost
        );
    }
}
