//! One-stop new install (燃气新装"一站式"): one application carries a new connection
//! from acceptance to an open account. The stage machine lives here, in one place
//! ([`Progress::apply`]); the store applies it and its triggers refuse what it refuses.

pub mod access;
pub mod amend;
pub mod calendar;
pub mod due;
pub mod rules;
#[cfg(test)]
mod tests;

use chrono::NaiveDate;

use super::account::CustomerType;
use super::id_number::{self, IdNumber, IdNumberError};
use super::phone::{self, Mobile, PhoneError};
use super::role::Permission;
use super::text::{TextError, validate_name, validate_text};
use crate::i18n::{self, Lang, Localized, Msg};
pub use access::own_office;
pub use calendar::WorkCalendar;
pub use due::{
    check_due_not_before_survey, check_survey_by_due, check_survey_result_day, due_on_resume,
    survey_due, survey_due_on_reopen,
};
pub use rules::{InstallRules, QuoteLine, quote_total};

/// Longest note or reason, in characters.
pub const NOTE_MAX: usize = 200;
/// Longest compound name (with its street), in characters.
pub const COMPOUND_MAX: usize = 40;
/// Longest building, unit or room, in characters.
pub const PART_MAX: usize = 8;
/// Most people in a household the tariff counts.
pub const HOUSEHOLD_MAX: u8 = 20;
/// Furthest ahead a site survey may be booked, in calendar days: two months. Longer than
/// that the applicant is not ready, and the application goes on hold (the clock stops).
pub const SURVEY_AHEAD_DAYS: u64 = 60;
/// Furthest ahead a manager may move a due date, in calendar days: half a year. Longer
/// than that is a hold, not a time limit (and beyond the calendar's last year only
/// weekends would count).
pub const DUE_AHEAD_DAYS: u64 = 180;

/// Where an application stands: the stage being worked on. Stored as [`Stage::as_str`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Stage {
    /// 受理: taken; the site survey is to be booked.
    Accepted,
    /// 勘察: survey booked, its result awaited.
    Survey,
    /// 设计/报价: design and quote.
    Design,
    /// 缴费: quoted, the fee awaited at the cash desk.
    Fee,
    /// 施工: construction (again after a failed inspection).
    Construction,
    /// 验收: inspection.
    Inspection,
    /// 装表: meter installation.
    Meter,
    /// 通气点火: ignition.
    Ignition,
    /// 开户: the account to open.
    Account,
    /// The account is open: nothing changes any more.
    Completed,
    /// Cancelled (a manager, or a survey that found it not feasible).
    Cancelled,
}

impl Stage {
    pub const ALL: [Stage; 11] = [
        Stage::Accepted,
        Stage::Survey,
        Stage::Design,
        Stage::Fee,
        Stage::Construction,
        Stage::Inspection,
        Stage::Meter,
        Stage::Ignition,
        Stage::Account,
        Stage::Completed,
        Stage::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Accepted => "accepted",
            Stage::Survey => "survey",
            Stage::Design => "design",
            Stage::Fee => "fee",
            Stage::Construction => "construction",
            Stage::Inspection => "inspection",
            Stage::Meter => "meter",
            Stage::Ignition => "ignition",
            Stage::Account => "account",
            Stage::Completed => "completed",
            Stage::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// The position along the way (0 accepted … 9 completed); cancelled has none.
    pub fn order(self) -> Option<usize> {
        Stage::ALL[..10].iter().position(|s| *s == self)
    }

    pub fn is_finished(self) -> bool {
        matches!(self, Stage::Completed | Stage::Cancelled)
    }

    pub fn label(self) -> Msg {
        match self {
            Stage::Accepted => i18n::IN_STAGE_ACCEPTED,
            Stage::Survey => i18n::IN_STAGE_SURVEY,
            Stage::Design => i18n::IN_STAGE_DESIGN,
            Stage::Fee => i18n::IN_STAGE_FEE,
            Stage::Construction => i18n::IN_STAGE_CONSTRUCTION,
            Stage::Inspection => i18n::IN_STAGE_INSPECTION,
            Stage::Meter => i18n::IN_STAGE_METER,
            Stage::Ignition => i18n::IN_STAGE_IGNITION,
            Stage::Account => i18n::IN_STAGE_ACCOUNT,
            Stage::Completed => i18n::IN_STAGE_COMPLETED,
            Stage::Cancelled => i18n::IN_STAGE_CANCELLED,
        }
    }
}

/// Something done to an application. Stored as [`Action::as_str`] in its history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// The site survey booked with the field team.
    BookSurvey,
    /// The survey's result: feasible, or not (the application ends, with the reason).
    SurveyDone {
        feasible: bool,
    },
    /// Design done and the itemised quote fixed.
    Quote,
    /// The fee paid at the cash desk (a fee receipt).
    PayFee,
    /// The fee receipt voided at the cash desk: back to 缴费.
    VoidFee,
    ConstructionDone,
    /// The inspection's result: passed, or failed with defects (back to construction).
    Inspect {
        passed: bool,
    },
    InstallMeter,
    Ignite,
    OpenAccount,
    /// Waiting for the applicant: the clock stops.
    Hold,
    Resume,
    Cancel,
    /// A cancelled application back at the stage it was cancelled in.
    Reopen,
    /// Another staff member works on it (the first-contact owner stays).
    Reassign,
    /// The stage's due date moved.
    MoveDue,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::BookSurvey => "book_survey",
            Action::SurveyDone { feasible: true } => "survey_feasible",
            Action::SurveyDone { feasible: false } => "survey_not_feasible",
            Action::Quote => "quote",
            Action::PayFee => "pay_fee",
            Action::VoidFee => "void_fee",
            Action::ConstructionDone => "construction_done",
            Action::Inspect { passed: true } => "inspection_passed",
            Action::Inspect { passed: false } => "inspection_failed",
            Action::InstallMeter => "install_meter",
            Action::Ignite => "ignite",
            Action::OpenAccount => "open_account",
            Action::Hold => "hold",
            Action::Resume => "resume",
            Action::Cancel => "cancel",
            Action::Reopen => "reopen",
            Action::Reassign => "reassign",
            Action::MoveDue => "move_due",
        }
    }

    pub const ALL: [Action; 18] = [
        Action::BookSurvey,
        Action::SurveyDone { feasible: true },
        Action::SurveyDone { feasible: false },
        Action::Quote,
        Action::PayFee,
        Action::VoidFee,
        Action::ConstructionDone,
        Action::Inspect { passed: true },
        Action::Inspect { passed: false },
        Action::InstallMeter,
        Action::Ignite,
        Action::OpenAccount,
        Action::Hold,
        Action::Resume,
        Action::Cancel,
        Action::Reopen,
        Action::Reassign,
        Action::MoveDue,
    ];

    pub fn parse(s: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// Who may do it: counter work, or a manager's (cancel, reopen, reassign, move a due
    /// date — always with a reason).
    pub fn permission(self) -> Permission {
        match self {
            Action::Cancel | Action::Reopen | Action::Reassign | Action::MoveDue => {
                Permission::Supervise
            }
            _ => Permission::CounterWork,
        }
    }

    /// True when the action needs a written reason or note.
    pub fn needs_reason(self) -> bool {
        matches!(
            self,
            Action::SurveyDone { feasible: false }
                | Action::Inspect { passed: false }
                | Action::Hold
                | Action::Cancel
                | Action::Reopen
                | Action::Reassign
                | Action::MoveDue
        )
    }

    pub fn label(self) -> Msg {
        match self {
            Action::BookSurvey => i18n::IN_ACT_BOOK_SURVEY,
            Action::SurveyDone { feasible: true } => i18n::IN_ACT_SURVEY_OK,
            Action::SurveyDone { feasible: false } => i18n::IN_ACT_SURVEY_NO,
            Action::Quote => i18n::IN_ACT_QUOTE,
            Action::PayFee => i18n::IN_ACT_PAY_FEE,
            Action::VoidFee => i18n::IN_ACT_VOID_FEE,
            Action::ConstructionDone => i18n::IN_ACT_CONSTRUCTION_DONE,
            Action::Inspect { passed: true } => i18n::IN_ACT_INSPECT_PASS,
            Action::Inspect { passed: false } => i18n::IN_ACT_INSPECT_FAIL,
            Action::InstallMeter => i18n::IN_ACT_METER,
            Action::Ignite => i18n::IN_ACT_IGNITE,
            Action::OpenAccount => i18n::IN_ACT_OPEN_ACCOUNT,
            Action::Hold => i18n::IN_ACT_HOLD,
            Action::Resume => i18n::IN_ACT_RESUME,
            Action::Cancel => i18n::IN_ACT_CANCEL,
            Action::Reopen => i18n::IN_ACT_REOPEN,
            Action::Reassign => i18n::IN_ACT_REASSIGN,
            Action::MoveDue => i18n::IN_ACT_MOVE_DUE,
        }
    }
}

/// What the stage rules look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub stage: Stage,
    pub on_hold: bool,
    /// A fee receipt stands (paid, not voided).
    pub fee_paid: bool,
    /// The last inspection passed (since the fee was last paid).
    pub inspection_passed: bool,
    /// For a cancelled application, the stage it was cancelled in.
    pub cancelled_from: Option<Stage>,
}

/// Why a stage action is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum StageError {
    #[error("the application is {0:?}: nothing changes any more")]
    Finished(Stage),
    #[error("the application is on hold; resume it first")]
    OnHold,
    #[error("the application is not on hold")]
    NotOnHold,
    #[error("{action:?} is not allowed at stage {stage:?}")]
    NotAllowed { stage: Stage, action: Action },
    #[error("ignition needs the fee paid and the inspection passed")]
    IgnitionNotReady,
}

impl Localized for StageError {
    fn localized(&self, lang: Lang) -> String {
        match self {
            StageError::Finished(stage) => {
                i18n::IN_ERR_FINISHED.fill(lang, &[("stage", &stage.label().get(lang))])
            }
            StageError::OnHold => i18n::IN_ERR_ON_HOLD.get(lang).to_string(),
            StageError::NotOnHold => i18n::IN_ERR_NOT_ON_HOLD.get(lang).to_string(),
            StageError::NotAllowed { stage, action } => i18n::IN_ERR_NOT_ALLOWED.fill(
                lang,
                &[
                    ("action", &action.label().get(lang)),
                    ("stage", &stage.label().get(lang)),
                ],
            ),
            StageError::IgnitionNotReady => i18n::IN_ERR_IGNITION.get(lang).to_string(),
        }
    }
}

impl Progress {
    /// A new application.
    pub fn new() -> Progress {
        Progress {
            stage: Stage::Accepted,
            on_hold: false,
            fee_paid: false,
            inspection_passed: false,
            cancelled_from: None,
        }
    }

    /// The one transition table: what `action` makes of this progress, or why not.
    pub fn apply(self, action: Action) -> Result<Progress, StageError> {
        use Stage::*;
        let mut next = self;
        if self.stage == Completed {
            return Err(StageError::Finished(Completed));
        }
        if self.stage == Cancelled {
            return match action {
                Action::Reopen => {
                    next.stage = self.cancelled_from.unwrap_or(Accepted);
                    next.cancelled_from = None;
                    Ok(next)
                }
                _ => Err(StageError::Finished(Cancelled)),
            };
        }
        let refuse = || StageError::NotAllowed {
            stage: self.stage,
            action,
        };
        // What may happen whether or not the application is on hold.
        match action {
            Action::Hold if self.on_hold => return Err(StageError::OnHold),
            Action::Hold => {
                next.on_hold = true;
                return Ok(next);
            }
            Action::Resume if !self.on_hold => return Err(StageError::NotOnHold),
            Action::Resume => {
                next.on_hold = false;
                return Ok(next);
            }
            Action::Cancel => {
                next.cancelled_from = Some(self.stage);
                next.stage = Cancelled;
                next.on_hold = false;
                return Ok(next);
            }
            Action::Reassign | Action::MoveDue => return Ok(next),
            // The cash desk voids the fee whatever the application is doing.
            Action::VoidFee => {
                if !self.fee_paid {
                    return Err(refuse());
                }
                next.stage = Fee;
                next.fee_paid = false;
                next.inspection_passed = false;
                return Ok(next);
            }
            Action::Reopen => return Err(refuse()),
            _ => {}
        }
        if self.on_hold {
            return Err(StageError::OnHold);
        }
        next.stage = match (self.stage, action) {
            (Accepted, Action::BookSurvey) => Survey,
            (Survey, Action::SurveyDone { feasible: true }) => Design,
            (Survey, Action::SurveyDone { feasible: false }) => {
                next.cancelled_from = Some(Survey);
                Cancelled
            }
            (Design, Action::Quote) => Fee,
            (Fee, Action::PayFee) => {
                next.fee_paid = true;
                Construction
            }
            (Construction, Action::ConstructionDone) => Inspection,
            (Inspection, Action::Inspect { passed: true }) => {
                next.inspection_passed = true;
                Meter
            }
            (Inspection, Action::Inspect { passed: false }) => {
                next.inspection_passed = false;
                Construction
            }
            (Meter, Action::InstallMeter) => Ignition,
            (Ignition, Action::Ignite) => {
                if !(self.fee_paid && self.inspection_passed) {
                    return Err(StageError::IgnitionNotReady);
                }
                Account
            }
            (Account, Action::OpenAccount) => Completed,
            _ => return Err(refuse()),
        };
        Ok(next)
    }

    /// The actions the rules allow now (for any role; the screen filters by role).
    pub fn allowed(self) -> Vec<Action> {
        Action::ALL
            .into_iter()
            .filter(|a| self.apply(*a).is_ok())
            .collect()
    }
}

impl Default for Progress {
    fn default() -> Self {
        Progress::new()
    }
}

/// The due date once a pause from `held_from` to `resumed_on` is over: the working days
/// it held are added, so time on hold does not count.
pub fn due_after_hold(
    cal: &WorkCalendar,
    due: NaiveDate,
    held_from: NaiveDate,
    resumed_on: NaiveDate,
) -> NaiveDate {
    cal.add_working_days(due, cal.working_days_between(held_from, resumed_on))
}

/// How the application arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Channel {
    Counter,
    /// 蓝焰热线
    Hotline,
    /// The mobile service vehicle.
    Vehicle,
    /// A developer's batch of flats.
    Developer,
}

impl Channel {
    pub const ALL: [Channel; 4] = [
        Channel::Counter,
        Channel::Hotline,
        Channel::Vehicle,
        Channel::Developer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Counter => "counter",
            Channel::Hotline => "hotline",
            Channel::Vehicle => "vehicle",
            Channel::Developer => "developer",
        }
    }

    pub fn parse(s: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.as_str() == s)
    }

    pub fn label(self) -> Msg {
        match self {
            Channel::Counter => i18n::IN_CH_COUNTER,
            Channel::Hotline => i18n::IN_CH_HOTLINE,
            Channel::Vehicle => i18n::IN_CH_VEHICLE,
            Channel::Developer => i18n::IN_CH_DEVELOPER,
        }
    }
}

/// An application as typed, before any check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicationInput {
    pub name: String,
    pub id_number: String,
    pub phone: String,
    pub district: String,
    pub compound: String,
    pub building: String,
    pub unit: String,
    pub room: String,
    pub customer: CustomerType,
    pub household: String,
    pub channel: Channel,
    /// Codes of the documents seen at the counter.
    pub documents_seen: Vec<String>,
}

/// A checked application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewApplication {
    pub name: String,
    pub id_number: IdNumber,
    pub phone: Mobile,
    pub district: String,
    /// The address as accounts keep it: `compound 9栋2单元301室`.
    pub address: String,
    pub customer: CustomerType,
    pub household: u8,
    pub channel: Channel,
    pub seen: Vec<String>,
    /// Non-core documents owed (容缺), each with its due date.
    pub owed: Vec<(String, NaiveDate)>,
}

/// Why an application (or a step's details) is refused; each names its field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InstallError {
    #[error("name: {0}")]
    Name(TextError),
    #[error("id number: {0}")]
    IdNumber(IdNumberError),
    #[error("phone: {0}")]
    Phone(PhoneError),
    #[error("{field}: {error}")]
    Text {
        field: &'static str,
        error: TextError,
    },
    #[error("{0} is required")]
    Required(&'static str),
    #[error("household size must be 1 to {HOUSEHOLD_MAX}")]
    Household,
    #[error("unknown district {0}")]
    District(String),
    #[error("core document {0} must be seen at acceptance")]
    CoreMissing(String),
    #[error("unknown document {0}")]
    UnknownDocument(String),
    #[error("pipe length must be 0 to {0} metres")]
    PipeMetres(u32),
    #[error("meter serial: 6 to 20 letters or digits")]
    Serial,
    #[error("the new due date must be after today")]
    DueDate,
    #[error("the survey cannot be booked for a day gone by")]
    SurveyDate,
    /// A survey booked for a day after the survey stage's due date.
    #[error(
        "the survey on {on} would be after its due date {due}; a manager can move the due date first"
    )]
    SurveyAfterDue { on: NaiveDate, due: NaiveDate },
    /// The survey stage's due date moved before the day the survey is booked for.
    #[error("the survey is booked for {survey_on}: its due date cannot be before that day")]
    DueBeforeSurvey { to: NaiveDate, survey_on: NaiveDate },
    /// The survey's result recorded before the day the survey is booked for.
    #[error("the survey is booked for {survey_on}: its result is recorded on or after that day")]
    SurveyResultEarly { survey_on: NaiveDate },
    /// A booked survey or a moved due date on a weekend day or a public holiday.
    #[error("{day} is not a working day; the next working day is {next}")]
    NotWorkingDay {
        day: NaiveDate,
        next: NaiveDate,
        holiday: bool,
    },
    /// A booked survey or a moved due date too far ahead.
    #[error("the date must be on or before {latest} ({days} days from today)")]
    TooFar { latest: NaiveDate, days: u64 },
    #[error(transparent)]
    Stage(#[from] StageError),
    /// A correction of the applicant's details that changes nothing.
    /// An owed document already received, or named twice in one go.
    #[error("document {0} already received or named twice")]
    DocumentTwice(String),
    #[error("nothing to correct")]
    NothingToCorrect,
}

impl Localized for InstallError {
    fn localized(&self, lang: Lang) -> String {
        match self {
            InstallError::Name(e) => e.localized(lang),
            InstallError::IdNumber(e) => e.localized(lang),
            InstallError::Phone(e) => e.localized(lang),
            InstallError::Text { error, .. } => error.localized(lang),
            InstallError::Required(field) => {
                i18n::IN_ERR_REQUIRED.fill(lang, &[("field", &field_label(field).get(lang))])
            }
            InstallError::Household => {
                i18n::IN_ERR_HOUSEHOLD.fill(lang, &[("max", &HOUSEHOLD_MAX)])
            }
            InstallError::District(d) => {
                i18n::IN_ERR_DISTRICT.fill(lang, &[("district", &super::text::sanitize(d))])
            }
            InstallError::CoreMissing(code) => {
                i18n::IN_ERR_CORE_MISSING.fill(lang, &[("document", &document_name(code, lang))])
            }
            InstallError::UnknownDocument(code) => i18n::IN_ERR_UNKNOWN_DOCUMENT
                .fill(lang, &[("document", &super::text::sanitize(code))]),
            InstallError::PipeMetres(max) => i18n::IN_ERR_PIPE.fill(lang, &[("max", max)]),
            InstallError::Serial => i18n::IN_ERR_SERIAL.get(lang).to_string(),
            InstallError::DueDate => i18n::IN_ERR_DUE_DATE.get(lang).to_string(),
            InstallError::SurveyDate => i18n::IN_ERR_SURVEY_DATE.get(lang).to_string(),
            InstallError::SurveyAfterDue { on, due } => {
                i18n::IN_ERR_SURVEY_AFTER_DUE.fill(lang, &[("on", on), ("due", due)])
            }
            InstallError::DueBeforeSurvey { to, survey_on } => {
                i18n::IN_ERR_DUE_BEFORE_SURVEY.fill(lang, &[("to", to), ("on", survey_on)])
            }
            InstallError::SurveyResultEarly { survey_on } => {
                i18n::IN_ERR_SURVEY_RESULT_EARLY.fill(lang, &[("on", survey_on)])
            }
            InstallError::NotWorkingDay { day, next, holiday } => if *holiday {
                i18n::IN_ERR_HOLIDAY
            } else {
                i18n::IN_ERR_WEEKEND
            }
            .fill(lang, &[("day", day), ("next", next)]),
            InstallError::TooFar { latest, days } => {
                i18n::IN_ERR_TOO_FAR.fill(lang, &[("latest", latest), ("days", days)])
            }
            InstallError::Stage(e) => e.localized(lang),
            InstallError::DocumentTwice(code) => {
                i18n::IN_ERR_DOCUMENT_TWICE.fill(lang, &[("document", &document_name(code, lang))])
            }
            InstallError::NothingToCorrect => i18n::IN_ERR_NOTHING_TO_CORRECT.get(lang).to_string(),
        }
    }
}

/// A document's name from `data/install.toml`, or its code made safe.
pub fn document_name(code: &str, lang: Lang) -> String {
    InstallRules::builtin()
        .document(code)
        .map(|d| d.name(lang).to_string())
        .unwrap_or_else(|| super::text::sanitize(code).into_owned())
}

/// The words for a history row's action (`accept`, `document_received` or an [`Action`]).
pub fn event_words(action: &str, lang: Lang) -> String {
    match action {
        "accept" => i18n::IN_ACT_ACCEPT.get(lang).to_string(),
        "document_received" => i18n::IN_ACT_DOCUMENT.get(lang).to_string(),
        "correct_applicant" => i18n::IN_ACT_CORRECT.get(lang).to_string(),
        other => Action::parse(other)
            .map(|a| a.label().get(lang).to_string())
            .unwrap_or_else(|| super::text::sanitize(other).into_owned()),
    }
}

/// The label of a field an error names.
pub fn field_label(field: &str) -> Msg {
    match field {
        "district" => i18n::IN_F_DISTRICT,
        "compound" => i18n::IN_F_COMPOUND,
        "building" => i18n::IN_F_BUILDING,
        "room" => i18n::IN_F_ROOM,
        "reason" => i18n::IN_F_REASON,
        "document" => i18n::IN_F_DOCUMENT,
        "staff" => i18n::IN_F_STAFF,
        _ => i18n::IN_F_NOTE,
    }
}

fn part(
    field: &'static str,
    input: &str,
    max: usize,
    required: bool,
) -> Result<String, InstallError> {
    let text = validate_text(input, max).map_err(|error| InstallError::Text { field, error })?;
    if required && text.is_empty() {
        return Err(InstallError::Required(field));
    }
    Ok(text)
}

/// A reason or note: required for the actions that need one, at most [`NOTE_MAX`].
pub fn check_note(input: &str, required: bool) -> Result<String, InstallError> {
    part("reason", input, NOTE_MAX, required)
}

/// The staff number a reassignment names: required (an empty one is not looked up).
pub fn check_staff_no(input: &str) -> Result<String, InstallError> {
    part("staff", input, 20, true)
}

/// Which date a step sets on the working-day calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepDate {
    /// The day the site survey is booked for: today or later, within
    /// [`SURVEY_AHEAD_DAYS`].
    Survey,
    /// The stage's new due date a manager sets: after today, within [`DUE_AHEAD_DAYS`].
    Due,
}

/// Checks a booked survey day or a moved due date: not gone by, not absurdly far ahead,
/// and a working day on `cal` (a weekend day or a public holiday is refused naming the
/// next working day; a weekend day worked in a holiday's place, 调休, is a working day).
pub fn check_step_date(
    cal: &WorkCalendar,
    what: StepDate,
    day: NaiveDate,
    today: NaiveDate,
) -> Result<NaiveDate, InstallError> {
    let days = match what {
        StepDate::Survey if day < today => return Err(InstallError::SurveyDate),
        StepDate::Due if day <= today => return Err(InstallError::DueDate),
        StepDate::Survey => SURVEY_AHEAD_DAYS,
        StepDate::Due => DUE_AHEAD_DAYS,
    };
    let latest = today + chrono::Days::new(days);
    if day > latest {
        return Err(InstallError::TooFar { latest, days });
    }
    if !cal.is_working_day(day) {
        return Err(InstallError::NotWorkingDay {
            day,
            next: cal.add_working_days(day, 1),
            holiday: cal.is_holiday(day),
        });
    }
    Ok(day)
}

/// A meter serial: 6 to 20 ASCII letters or digits, upper-cased.
pub fn check_serial(input: &str) -> Result<String, InstallError> {
    let s = input.trim().to_ascii_uppercase();
    if (6..=20).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric()) {
        Ok(s)
    } else {
        Err(InstallError::Serial)
    }
}

/// The address as accounts keep it, from its parts.
pub fn compose_address(compound: &str, building: &str, unit: &str, room: &str) -> String {
    let mut s = format!("{compound} {building}栋");
    if !unit.is_empty() {
        s.push_str(unit);
        s.push_str("单元");
    }
    s.push_str(room);
    s.push('室');
    s
}

impl ApplicationInput {
    /// Checks every field and the documents against `rules` (core documents must be
    /// seen; the others not seen are owed, due `owe_days` working days after `today`).
    pub fn check(
        &self,
        rules: &InstallRules,
        cal: &WorkCalendar,
        districts: &[&str],
        today: NaiveDate,
    ) -> Result<NewApplication, InstallError> {
        let name = validate_name(&self.name).map_err(InstallError::Name)?;
        let id_number = id_number::parse(&self.id_number, today).map_err(InstallError::IdNumber)?;
        let phone = phone::parse(&self.phone).map_err(InstallError::Phone)?;
        let district = part("district", &self.district, 20, true)?;
        if !districts.is_empty() && !districts.contains(&district.as_str()) {
            return Err(InstallError::District(district));
        }
        let compound = part("compound", &self.compound, COMPOUND_MAX, true)?;
        let building = part("building", &self.building, PART_MAX, true)?;
        let unit = part("unit", &self.unit, PART_MAX, false)?;
        let room = part("room", &self.room, PART_MAX, true)?;
        let household: u8 = self
            .household
            .trim()
            .parse()
            .ok()
            .filter(|n| (1..=HOUSEHOLD_MAX).contains(n))
            .ok_or(InstallError::Household)?;
        for code in &self.documents_seen {
            let known = rules
                .document(code)
                .is_some_and(|d| d.applies_to(self.customer));
            if !known {
                return Err(InstallError::UnknownDocument(code.clone()));
            }
        }
        let mut seen = Vec::new();
        let mut owed = Vec::new();
        for doc in rules.documents_for(self.customer) {
            if self.documents_seen.contains(&doc.code) {
                seen.push(doc.code.clone());
            } else if doc.core {
                return Err(InstallError::CoreMissing(doc.code.clone()));
            } else {
                let days = doc.owe_days.unwrap_or(1);
                owed.push((doc.code.clone(), cal.add_working_days(today, days)));
            }
        }
        Ok(NewApplication {
            name,
            id_number,
            phone,
            district,
            address: compose_address(&compound, &building, &unit, &room),
            customer: self.customer,
            household,
            channel: self.channel,
            seen,
            owed,
        })
    }
}

/// An application number: `BZ` + office code + year + sequence, `BZHF03-2026-000123`.
pub fn application_no(office_code: &str, year: i32, seq: i64) -> String {
    format!("BZ{office_code}-{year}-{seq:06}")
}

/// True for text shaped like an application number (for lookups).
pub fn looks_like_application_no(s: &str) -> bool {
    let s = s.trim();
    s.len() >= 8 && s.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("BZ")) && s.contains('-')
}
