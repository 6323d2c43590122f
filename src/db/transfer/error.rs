//! Why a transfer is refused, in the user's words.

use chrono::NaiveDate;

use super::super::cash::CashError;
use super::DbError;
use crate::domain::money::Fen;
use crate::domain::role::PermissionDenied;
use crate::domain::text::sanitize;
use crate::domain::transfer::{InputError, TransferRules};
use crate::i18n::{self, Lang, Localized};

#[derive(Debug, thiserror::Error)]
pub enum TransferError {
    #[error(transparent)]
    Input(#[from] InputError),
    #[error("no account {0}")]
    UnknownAccount(String),
    #[error("the account is not active")]
    NotActive,
    #[error("a transfer is already pending on the account")]
    AlreadyPending { origin: String, at: String },
    #[error("no such pending transfer")]
    NoPending,
    #[error("new-install application {app_no} is open at the address")]
    InstallOpen { app_no: String },
    #[error("a card write is not finished (receipt {receipt:?})")]
    CardUnfinished { receipt: Option<String> },
    #[error("{owed} is owed")]
    Arrears { owed: Fen },
    #[error("meter {serial} has no reading on {day}")]
    ReadingMissing { serial: String, day: NaiveDate },
    #[error("a balance of {balance} is neither refunded nor carried with consent")]
    BalanceUnsettled { balance: Fen },
    #[error("documents missing: {0:?}")]
    DocumentsMissing(Vec<Vec<String>>),
    #[error("the new holder is the current holder")]
    SameHolder,
    #[error("the old owner does not match the account ({field})")]
    OldOwnerMismatch { field: &'static str },
    #[error("no such transfer")]
    NoTransfer,
    #[error("only the latest transfer can be transferred back")]
    NotLatest,
    #[error("no balance to refund")]
    NothingToRefund,
    #[error("a reason is required")]
    ReasonRequired,
    #[error("{0}")]
    Cash(#[from] CashError),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<rusqlite::Error> for TransferError {
    fn from(e: rusqlite::Error) -> Self {
        TransferError::Db(DbError::Sqlite(e))
    }
}

impl From<PermissionDenied> for TransferError {
    fn from(e: PermissionDenied) -> Self {
        TransferError::Db(DbError::Permission(e))
    }
}

/// Why a card write not yet on the card blocks the transfer, and what to do.
pub fn card_unfinished_text(receipt: Option<&str>, lang: Lang) -> String {
    match receipt {
        Some(no) => {
            i18n::TRANSFER_CARD_PURCHASE_UNFINISHED.fill(lang, &[("receipt", &sanitize(no))])
        }
        None => i18n::TRANSFER_CARD_REISSUE_UNFINISHED.get(lang).to_string(),
    }
}

impl crate::db::RuleError for TransferError {
    fn into_db(self) -> Result<DbError, Self> {
        match self {
            TransferError::Db(e) => Ok(e),
            TransferError::Cash(CashError::Db(e)) => Ok(e),
            other => Err(other),
        }
    }
}

impl Localized for TransferError {
    fn localized(&self, lang: Lang) -> String {
        use TransferError as E;
        let rules = TransferRules::builtin();
        match self {
            E::Input(e) => e.localized(lang),
            E::UnknownAccount(no) => {
                i18n::TRANSFER_UNKNOWN_ACCOUNT.fill(lang, &[("account", &sanitize(no))])
            }
            E::NotActive => i18n::TRANSFER_NOT_ACTIVE.get(lang).to_string(),
            E::CardUnfinished { receipt } => card_unfinished_text(receipt.as_deref(), lang),
            E::InstallOpen { app_no } => {
                i18n::TRANSFER_INSTALL_OPEN.fill(lang, &[("app", &sanitize(app_no))])
            }
            E::AlreadyPending { origin, at } => i18n::TRANSFER_ALREADY_PENDING.fill(
                lang,
                &[
                    ("source", &source_label(origin).get(lang)),
                    ("at", &crate::clock::office_minute_of_stamp(at)),
                ],
            ),
            E::NoPending => i18n::TRANSFER_NO_PENDING.get(lang).to_string(),
            E::Arrears { owed } => {
                i18n::TRANSFER_ARREARS.fill(lang, &[("owed", &owed.yuan_string())])
            }
            E::ReadingMissing { serial, day } => i18n::TRANSFER_READING_MISSING
                .fill(lang, &[("serial", &sanitize(serial)), ("day", day)]),
            E::BalanceUnsettled { balance } => {
                i18n::TRANSFER_BALANCE_UNSETTLED.fill(lang, &[("balance", &balance.yuan_string())])
            }
            E::DocumentsMissing(missing) => {
                let names: Vec<String> = missing
                    .iter()
                    .map(|req| {
                        req.iter()
                            .map(|c| {
                                rules
                                    .document(c)
                                    .map(|d| d.name(lang).to_string())
                                    .unwrap_or_else(|| sanitize(c).into_owned())
                            })
                            .collect::<Vec<_>>()
                            .join("/")
                    })
                    .collect();
                let sep = if lang == Lang::Zh { "、" } else { ", " };
                i18n::TRANSFER_DOCUMENTS_MISSING.fill(lang, &[("documents", &names.join(sep))])
            }
            E::SameHolder => i18n::TRANSFER_SAME_HOLDER.get(lang).to_string(),
            E::OldOwnerMismatch { field } => {
                let field = if *field == "name" {
                    i18n::TRANSFER_FIELD_NAME
                } else {
                    i18n::TRANSFER_FIELD_ID
                };
                i18n::TRANSFER_OLD_OWNER_MISMATCH.fill(lang, &[("field", &field.get(lang))])
            }
            E::NoTransfer => i18n::TRANSFER_NO_TRANSFER.get(lang).to_string(),
            E::NotLatest => i18n::TRANSFER_NOT_LATEST.get(lang).to_string(),
            E::NothingToRefund => i18n::TRANSFER_NOTHING_TO_REFUND.get(lang).to_string(),
            E::ReasonRequired => i18n::TRANSFER_REASON_REQUIRED.get(lang).to_string(),
            E::Cash(e) => e.localized(lang),
            E::Db(e) => e.localized(lang),
        }
    }
}

/// Where a transfer came from, as people read it.
pub fn source_label(source: &str) -> i18n::Msg {
    match source {
        "registry" => i18n::TRANSFER_SOURCE_REGISTRY,
        "back" => i18n::TRANSFER_SLIP_BACK,
        _ => i18n::TRANSFER_SOURCE_COUNTER,
    }
}
