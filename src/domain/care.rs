//! The care register (关爱): a person in need of help (孤、寡、老、特、残), linked to the
//! accounts they use, with their needs, their nominee, the assistance they get and the
//! consent the register rests on. Pure rules: what a valid entry and a valid visit are.

pub mod rules;

use chrono::NaiveDate;

use super::id_number::{self, IdNumber, IdNumberError};
use super::phone::{self, Mobile, PhoneError};
use super::text::{TextError, validate_name, validate_text};
use crate::i18n::{self, Lang, Localized};
pub use rules::CareRules;

/// Longest free text in a file (a purpose, a note, a hazard).
pub const NOTE_MAX: usize = 200;
/// Longest team name of group assistance.
pub const TEAM_MAX: usize = 40;
/// Evidence a clerk may record having seen (never a scan: what and when).
pub const EVIDENCE_KINDS: [&str; 4] = [
    "civil_affairs",
    "disability_card",
    "household_register",
    "other",
];

/// Who gave the consent the entry rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsentBy {
    Person,
    Nominee,
}

impl ConsentBy {
    pub fn as_str(self) -> &'static str {
        match self {
            ConsentBy::Person => "person",
            ConsentBy::Nominee => "nominee",
        }
    }

    pub fn parse(s: &str) -> Option<ConsentBy> {
        match s {
            "person" => Some(ConsentBy::Person),
            "nominee" => Some(ConsentBy::Nominee),
            _ => None,
        }
    }
}

/// One-on-one (一对一: a named staff member) or group (捆绑式: a team).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Assistance {
    OneOnOne { staff_id: i64 },
    Group { team: String },
}

/// A contact: a name and a validated mobile number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub name: String,
    pub phone: Mobile,
}

/// An entry as typed, before any check.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EntryInput {
    pub name: String,
    pub id_number: String,
    pub phone: String,
    pub categories: Vec<String>,
    pub needs: Vec<String>,
    pub nominee_name: String,
    pub nominee_phone: String,
    pub visit_password: String,
    pub temporary_until: Option<NaiveDate>,
    pub emergency_name: String,
    pub emergency_phone: String,
    pub evidence: Vec<(String, NaiveDate)>,
    pub consent_by: String,
    pub consent_on: Option<NaiveDate>,
    pub consent_purpose: String,
    pub review_on: Option<NaiveDate>,
}

/// A checked entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEntry {
    pub name: String,
    pub id_number: Option<IdNumber>,
    pub phone: Option<Mobile>,
    pub categories: Vec<String>,
    pub needs: Vec<String>,
    pub nominee: Option<Contact>,
    pub visit_password: Option<String>,
    pub temporary_until: Option<NaiveDate>,
    pub emergency: Option<Contact>,
    pub evidence: Vec<(String, NaiveDate)>,
    pub consent_by: ConsentBy,
    pub consent_on: NaiveDate,
    pub consent_purpose: String,
    pub review_on: NaiveDate,
}

/// Why an entry or a visit is refused; each names the field it concerns.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EntryError {
    #[error("name: {0}")]
    Name(TextError),
    #[error("id number: {0}")]
    IdNumber(IdNumberError),
    #[error("{field}: {error}")]
    Phone {
        field: &'static str,
        error: PhoneError,
    },
    #[error("{field}: {error}")]
    Text {
        field: &'static str,
        error: TextError,
    },
    #[error("no category")]
    NoCategory,
    #[error("unknown {what}: {code}")]
    Unknown { what: &'static str, code: String },
    #[error("a nominee needs a name and a mobile number")]
    NomineeIncomplete,
    #[error("consent given by a nominee needs the nominee")]
    NomineeNeeded,
    #[error("the date of consent is missing or in the future")]
    ConsentDate,
    #[error("the review date must fall after the consent")]
    ReviewDate,
    #[error("a temporary entry ends after today")]
    TemporaryPast,
    #[error("evidence dated in the future")]
    EvidenceDate,
    #[error("the purpose of the consent is required")]
    PurposeRequired,
}

impl Localized for EntryError {
    fn localized(&self, lang: Lang) -> String {
        match self {
            EntryError::Name(e) => e.localized(lang),
            EntryError::IdNumber(e) => e.localized(lang),
            EntryError::Phone { error, .. } => error.localized(lang),
            EntryError::Text { error, .. } => error.localized(lang),
            EntryError::NoCategory => i18n::CARE_NO_CATEGORY.get(lang).to_string(),
            EntryError::Unknown { code, .. } => {
                i18n::CARE_UNKNOWN_CODE.fill(lang, &[("code", &super::text::sanitize(code))])
            }
            EntryError::NomineeIncomplete => i18n::CARE_NOMINEE_INCOMPLETE.get(lang).to_string(),
            EntryError::NomineeNeeded => i18n::CARE_NOMINEE_NEEDED.get(lang).to_string(),
            EntryError::ConsentDate => i18n::CARE_CONSENT_DATE.get(lang).to_string(),
            EntryError::ReviewDate => i18n::CARE_REVIEW_DATE.get(lang).to_string(),
            EntryError::TemporaryPast => i18n::CARE_TEMPORARY_PAST.get(lang).to_string(),
            EntryError::EvidenceDate => i18n::CARE_EVIDENCE_DATE.get(lang).to_string(),
            EntryError::PurposeRequired => i18n::CARE_PURPOSE_REQUIRED.get(lang).to_string(),
        }
    }
}

fn optional_mobile(field: &'static str, input: &str) -> Result<Option<Mobile>, EntryError> {
    if input.trim().is_empty() {
        return Ok(None);
    }
    phone::parse(input)
        .map(Some)
        .map_err(|error| EntryError::Phone { field, error })
}

fn contact(field: &'static str, name: &str, phone: &str) -> Result<Option<Contact>, EntryError> {
    match (name.trim().is_empty(), phone.trim().is_empty()) {
        (true, true) => Ok(None),
        (false, false) => Ok(Some(Contact {
            name: validate_name(name).map_err(EntryError::Name)?,
            phone: optional_mobile(field, phone)?.expect("not empty"),
        })),
        _ => Err(EntryError::NomineeIncomplete),
    }
}

fn known(
    codes: &[String],
    what: &'static str,
    known: impl Fn(&str) -> bool,
) -> Result<Vec<String>, EntryError> {
    let mut out: Vec<String> = Vec::new();
    for code in codes {
        if !known(code) {
            return Err(EntryError::Unknown {
                what,
                code: code.clone(),
            });
        }
        if !out.contains(code) {
            out.push(code.clone());
        }
    }
    Ok(out)
}

/// Checks an entry as typed against the rules, on the office date `today`.
pub fn check_entry(
    input: &EntryInput,
    rules: &CareRules,
    today: NaiveDate,
) -> Result<NewEntry, EntryError> {
    let name = validate_name(&input.name).map_err(EntryError::Name)?;
    let id_number = if input.id_number.trim().is_empty() {
        None
    } else {
        Some(id_number::parse(&input.id_number, today).map_err(EntryError::IdNumber)?)
    };
    let phone = optional_mobile("phone", &input.phone)?;
    let categories = known(&input.categories, "category", |c| {
        rules.category(c).is_some()
    })?;
    if categories.is_empty() {
        return Err(EntryError::NoCategory);
    }
    let needs = known(&input.needs, "need", |n| rules.need(n).is_some())?;
    let nominee = contact("nominee_phone", &input.nominee_name, &input.nominee_phone)?;
    let emergency = contact(
        "emergency_phone",
        &input.emergency_name,
        &input.emergency_phone,
    )?;
    let visit_password = match input.visit_password.trim() {
        "" => None,
        p => Some(validate_text(p, 16).map_err(|error| EntryError::Text {
            field: "visit_password",
            error,
        })?),
    };
    if input.temporary_until.is_some_and(|d| d <= today) {
        return Err(EntryError::TemporaryPast);
    }
    for (kind, seen_on) in &input.evidence {
        if !EVIDENCE_KINDS.contains(&kind.as_str()) {
            return Err(EntryError::Unknown {
                what: "evidence",
                code: kind.clone(),
            });
        }
        if *seen_on > today {
            return Err(EntryError::EvidenceDate);
        }
    }
    let consent_by = ConsentBy::parse(&input.consent_by).ok_or_else(|| EntryError::Unknown {
        what: "consent_by",
        code: input.consent_by.clone(),
    })?;
    if consent_by == ConsentBy::Nominee && nominee.is_none() {
        return Err(EntryError::NomineeNeeded);
    }
    let consent_on = input
        .consent_on
        .filter(|d| *d <= today)
        .ok_or(EntryError::ConsentDate)?;
    let consent_purpose =
        validate_text(&input.consent_purpose, NOTE_MAX).map_err(|error| EntryError::Text {
            field: "consent_purpose",
            error,
        })?;
    if consent_purpose.trim().is_empty() {
        return Err(EntryError::PurposeRequired);
    }
    let review_on = input
        .review_on
        .unwrap_or_else(|| rules.review_by(consent_on));
    if review_on <= consent_on {
        return Err(EntryError::ReviewDate);
    }
    Ok(NewEntry {
        name,
        id_number,
        phone,
        categories,
        needs,
        nominee,
        visit_password,
        temporary_until: input.temporary_until,
        emergency,
        evidence: input.evidence.clone(),
        consent_by,
        consent_on,
        consent_purpose,
        review_on,
    })
}

/// A home visit as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewVisit {
    pub visited_on: NaiveDate,
    /// Each check of `data/care.toml` done, with whether it passed.
    pub checks: Vec<(String, bool)>,
    /// Hazards found, each with the follow-up it needs and its due date.
    pub hazards: Vec<NewHazard>,
    pub hose_replaced: bool,
    /// The receipt of a top-up done at home.
    pub receipt_no: Option<String>,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewHazard {
    pub what: String,
    pub follow_up: String,
    pub due_on: NaiveDate,
}

/// Checks a visit: a known check at most once, not dated after today, hazards described
/// and due on or after the visit.
pub fn check_visit(
    visit: &NewVisit,
    rules: &CareRules,
    today: NaiveDate,
) -> Result<(), EntryError> {
    if visit.visited_on > today {
        return Err(EntryError::EvidenceDate);
    }
    let codes: Vec<String> = visit.checks.iter().map(|(c, _)| c.clone()).collect();
    let unique = known(&codes, "check", |c| rules.check(c).is_some())?;
    if unique.len() != codes.len() {
        return Err(EntryError::Unknown {
            what: "check",
            code: "twice".into(),
        });
    }
    for hazard in &visit.hazards {
        for (field, text) in [("hazard", &hazard.what), ("follow_up", &hazard.follow_up)] {
            let checked =
                validate_text(text, NOTE_MAX).map_err(|error| EntryError::Text { field, error })?;
            if checked.trim().is_empty() {
                return Err(EntryError::Text {
                    field,
                    error: TextError::Empty,
                });
            }
        }
        if hazard.due_on < visit.visited_on {
            return Err(EntryError::ReviewDate);
        }
    }
    validate_text(&visit.note, NOTE_MAX).map_err(|error| EntryError::Text {
        field: "note",
        error,
    })?;
    Ok(())
}

#[cfg(test)]
mod tests;
