//! Ownership transfer (过户): the rules of a change of holder, pure. What a valid new
//! holder is, what a registry row must carry, the seven steps of the counter's checklist
//! and what each needs, and the history model ([`history`]): periods that never overlap
//! and leave no gap. The documents and fees are data (`data/transfer.toml`, [`rules`]).

pub mod history;
pub mod rules;

use chrono::NaiveDate;

use super::account::is_account_no;
use super::id_number::{self, IdNumber, IdNumberError};
use super::phone::{self, Mobile, PhoneError};
use super::text::{TextError, sanitize, validate_name, validate_text};
use crate::domain::money::Fen;
use crate::i18n::{self, Lang, Localized};
pub use history::{Bound, History, HistoryError, Period};
pub use rules::{CaseRule, DocumentRule, TransferRules, VolumeRule};

/// Most people registered in one household.
pub const HOUSEHOLD_MAX: u8 = 30;
/// Longest registry case number (不动产登记业务号).
pub const CASE_NO_MAX: usize = 40;
/// Longest reason for a transfer back.
pub const REASON_MAX: usize = 200;

/// A new holder as typed, before any check.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HolderInput {
    pub name: String,
    pub id_number: String,
    pub phone: String,
    pub household_size: String,
}

/// A checked new holder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewHolder {
    pub name: String,
    pub id_number: IdNumber,
    pub phone: Mobile,
    pub household_size: u8,
}

/// Why a transfer's input is refused; each names what it concerns.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error("name: {0}")]
    Name(TextError),
    #[error("id number: {0}")]
    IdNumber(IdNumberError),
    #[error("mobile: {0}")]
    Phone(PhoneError),
    #[error("household size must be 1 to {HOUSEHOLD_MAX}")]
    HouseholdSize,
    #[error("account number must be 10 digits")]
    AccountNo,
    #[error("registration case number: {0}")]
    CaseNo(TextError),
    #[error("unknown transfer case {0}")]
    UnknownCase(String),
    #[error("reason: {0}")]
    Reason(TextError),
}

impl Localized for InputError {
    fn localized(&self, lang: Lang) -> String {
        match self {
            InputError::Name(e) => e.localized(lang),
            InputError::IdNumber(e) => e.localized(lang),
            InputError::Phone(e) => e.localized(lang),
            InputError::HouseholdSize => {
                i18n::TRANSFER_HOUSEHOLD_SIZE.fill(lang, &[("max", &HOUSEHOLD_MAX)])
            }
            InputError::AccountNo => i18n::TRANSFER_ACCOUNT_NO.get(lang).to_string(),
            InputError::CaseNo(e) => {
                i18n::TRANSFER_CASE_NO.fill(lang, &[("reason", &e.localized(lang))])
            }
            InputError::UnknownCase(code) => {
                i18n::TRANSFER_UNKNOWN_CASE.fill(lang, &[("case", &sanitize(code))])
            }
            InputError::Reason(e) => e.localized(lang),
        }
    }
}

/// Checks a new holder. The household size is 3 when left empty (the tariff's default
/// household).
pub fn check_holder(input: &HolderInput, today: NaiveDate) -> Result<NewHolder, InputError> {
    let name = validate_name(&input.name).map_err(InputError::Name)?;
    let id_number = id_number::parse(&input.id_number, today).map_err(InputError::IdNumber)?;
    let phone = phone::parse(&input.phone).map_err(InputError::Phone)?;
    let size = input.household_size.trim();
    let household_size = if size.is_empty() {
        3
    } else {
        size.parse::<u8>()
            .ok()
            .filter(|n| (1..=HOUSEHOLD_MAX).contains(n))
            .ok_or(InputError::HouseholdSize)?
    };
    Ok(NewHolder {
        name,
        id_number,
        phone,
        household_size,
    })
}

/// One row of the property registry's file, as read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegistryInput {
    pub account_no: String,
    pub old_name: String,
    pub old_id_number: String,
    pub old_phone: String,
    pub new: HolderInput,
    pub case_no: String,
}

/// A checked registry row: the old owner as the registry knows them, the new holder,
/// and the registration case number. Whether the old owner matches the account is the
/// store's check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryRow {
    pub account_no: String,
    pub old_name: String,
    pub old_id_number: IdNumber,
    pub old_phone: Option<Mobile>,
    pub new: NewHolder,
    pub case_no: String,
}

pub fn check_registry_row(
    row: &RegistryInput,
    today: NaiveDate,
) -> Result<RegistryRow, InputError> {
    let account_no = row.account_no.trim();
    if !is_account_no(account_no) {
        return Err(InputError::AccountNo);
    }
    let old_name = validate_name(&row.old_name).map_err(InputError::Name)?;
    let old_id_number =
        id_number::parse(&row.old_id_number, today).map_err(InputError::IdNumber)?;
    let old_phone = match row.old_phone.trim() {
        "" => None,
        p => Some(phone::parse(p).map_err(InputError::Phone)?),
    };
    let new = check_holder(&row.new, today)?;
    let case_no = validate_text(&row.case_no, CASE_NO_MAX).map_err(InputError::CaseNo)?;
    if case_no.is_empty() {
        return Err(InputError::CaseNo(TextError::Empty));
    }
    Ok(RegistryRow {
        account_no: account_no.to_string(),
        old_name,
        old_id_number,
        old_phone,
        new,
        case_no,
    })
}

/// What becomes of a pre-paid balance (预存) at the transfer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BalanceChoice {
    /// Refunded to the old holder at the cash desk (a manager approves, as every refund)
    /// before the transfer commits.
    Refund,
    /// Carried to the new holder; `consent` is the old holder's consent, recorded.
    Carry { consent: bool },
}

impl BalanceChoice {
    pub fn as_str(self) -> &'static str {
        match self {
            BalanceChoice::Refund => "refund",
            BalanceChoice::Carry { .. } => "carry",
        }
    }
}

/// The seven steps of the counter's checklist, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Account,
    Arrears,
    Reading,
    Balance,
    Documents,
    NewHolder,
    Fee,
}

impl Step {
    pub const ALL: [Step; 7] = [
        Step::Account,
        Step::Arrears,
        Step::Reading,
        Step::Balance,
        Step::Documents,
        Step::NewHolder,
        Step::Fee,
    ];

    pub fn label(self) -> i18n::Msg {
        match self {
            Step::Account => i18n::TRANSFER_STEP_ACCOUNT,
            Step::Arrears => i18n::TRANSFER_STEP_ARREARS,
            Step::Reading => i18n::TRANSFER_STEP_READING,
            Step::Balance => i18n::TRANSFER_STEP_BALANCE,
            Step::Documents => i18n::TRANSFER_STEP_DOCUMENTS,
            Step::NewHolder => i18n::TRANSFER_STEP_NEW_HOLDER,
            Step::Fee => i18n::TRANSFER_STEP_FEE,
        }
    }
}

/// Where a step stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepState {
    Done,
    /// Nothing to do for this account (no balance, no post-paid meter, no fee).
    NotNeeded,
    /// To do at the counter.
    Pending,
    /// Cannot be done here (the account is closed, a transfer is pending elsewhere).
    Blocked,
}

impl StepState {
    pub fn label(self) -> i18n::Msg {
        match self {
            StepState::Done => i18n::TRANSFER_STATE_DONE,
            StepState::NotNeeded => i18n::TRANSFER_STATE_NOT_NEEDED,
            StepState::Pending => i18n::TRANSFER_STATE_PENDING,
            StepState::Blocked => i18n::TRANSFER_STATE_BLOCKED,
        }
    }

    pub fn ready(self) -> bool {
        matches!(self, StepState::Done | StepState::NotNeeded)
    }
}

/// The facts the checklist is worked out from (read from the store) and what the clerk
/// has done in the flow so far.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    pub account_active: bool,
    /// Another transfer pending on the account that this flow is not completing.
    pub other_pending: bool,
    /// An open new-install application at the account's address.
    pub open_install: bool,
    /// A card write (a purchase or a reissue) not yet on the card.
    pub card_unfinished: bool,
    pub owed: Fen,
    /// Post-paid meters without a reading on the transfer date.
    pub readings_missing: usize,
    pub has_postpaid: bool,
    pub balance: Fen,
    pub balance_choice: Option<BalanceChoice>,
    pub documents_missing: usize,
    pub holder: Option<NewHolder>,
    /// The new holder is the current holder (same ID number).
    pub same_holder: bool,
    pub fee: Fen,
    pub fee_paid: bool,
}

/// Each step's state, in [`Step::ALL`] order.
pub fn checklist(f: &Facts) -> [StepState; 7] {
    use StepState::*;
    let account = if f.account_active && !f.other_pending && !f.open_install && !f.card_unfinished {
        Done
    } else {
        Blocked
    };
    let arrears = if f.owed.is_positive() { Pending } else { Done };
    let reading = match (f.has_postpaid, f.readings_missing) {
        (false, _) => NotNeeded,
        (true, 0) => Done,
        _ => Pending,
    };
    let balance = match (f.balance.is_positive(), f.balance_choice) {
        (false, _) => NotNeeded,
        (true, Some(BalanceChoice::Carry { consent: true })) => Done,
        _ => Pending,
    };
    let documents = if f.documents_missing == 0 {
        Done
    } else {
        Pending
    };
    let holder = match (&f.holder, f.same_holder) {
        (Some(_), false) => Done,
        _ => Pending,
    };
    let fee = match (f.fee.is_positive(), f.fee_paid) {
        (false, _) => NotNeeded,
        (true, true) => Done,
        (true, false) => Pending,
    };
    [account, arrears, reading, balance, documents, holder, fee]
}

/// The transfer may commit: every step done or not needed (the fee is paid in the
/// committing transaction itself, so it may still be to do).
pub fn ready_to_commit(states: &[StepState; 7]) -> bool {
    states[..6].iter().all(|s| s.ready())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()
    }

    fn holder() -> HolderInput {
        HolderInput {
            name: "王芳".into(),
            id_number: "11010519491231002X".into(),
            phone: "13912345678".into(),
            household_size: String::new(),
        }
    }

    #[test]
    fn a_new_holder_is_checked_field_by_field() {
        let h = check_holder(&holder(), today()).unwrap();
        assert_eq!(h.household_size, 3);
        let mut bad = holder();
        bad.id_number = "110105194912310021".into();
        assert!(matches!(
            check_holder(&bad, today()),
            Err(InputError::IdNumber(_))
        ));
        let mut bad = holder();
        bad.household_size = "0".into();
        assert_eq!(check_holder(&bad, today()), Err(InputError::HouseholdSize));
        let mut bad = holder();
        bad.phone = "12345".into();
        assert!(matches!(
            check_holder(&bad, today()),
            Err(InputError::Phone(_))
        ));
    }

    #[test]
    fn a_registry_row_needs_its_case_number() {
        let row = RegistryInput {
            account_no: "0100000001".into(),
            old_name: "张伟".into(),
            old_id_number: "110105194912310021".into(),
            old_phone: String::new(),
            new: holder(),
            case_no: " ".into(),
        };
        // the old ID above has a wrong check digit: the first error found is reported
        assert!(check_registry_row(&row, today()).is_err());
        let mut row = row;
        row.old_id_number = "11010519491231002X".into();
        assert_eq!(
            check_registry_row(&row, today()),
            Err(InputError::CaseNo(TextError::Empty))
        );
        row.case_no = "HF-2026-0001".into();
        assert!(check_registry_row(&row, today()).is_ok());
    }

    #[test]
    fn the_checklist_says_what_is_left() {
        let mut f = Facts {
            account_active: true,
            owed: Fen(12_00),
            has_postpaid: true,
            readings_missing: 1,
            balance: Fen(50_00),
            documents_missing: 2,
            ..Facts::default()
        };
        let s = checklist(&f);
        assert_eq!(s[0], StepState::Done);
        assert!(s[1..6].iter().all(|s| *s == StepState::Pending));
        assert_eq!(s[6], StepState::NotNeeded);
        assert!(!ready_to_commit(&s));
        f.owed = Fen(0);
        f.readings_missing = 0;
        f.balance_choice = Some(BalanceChoice::Carry { consent: false });
        f.documents_missing = 0;
        f.holder = Some(check_holder(&holder(), today()).unwrap());
        assert_eq!(
            checklist(&f)[3],
            StepState::Pending,
            "carrying needs consent"
        );
        f.balance_choice = Some(BalanceChoice::Carry { consent: true });
        assert!(ready_to_commit(&checklist(&f)));
        f.same_holder = true;
        assert!(!ready_to_commit(&checklist(&f)));
        f.same_holder = false;
        f.other_pending = true;
        assert_eq!(checklist(&f)[0], StepState::Blocked);
        f.other_pending = false;
        assert!(ready_to_commit(&checklist(&f)));
        f.card_unfinished = true;
        assert_eq!(checklist(&f)[0], StepState::Blocked);
        assert!(!ready_to_commit(&checklist(&f)));
    }
}
