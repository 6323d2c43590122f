//! Changes to an application after intake that are not stage moves: owed documents
//! brought in later (several at once), and the applicant's details corrected (a typo at
//! intake), each checked here before the store writes anything.

use chrono::NaiveDate;

use super::{HOUSEHOLD_MAX, InstallError, check_note};
use crate::domain::id_number::{self, IdNumber};
use crate::domain::phone::{self, Mobile};
use crate::domain::text::validate_name;
use crate::i18n::{self, Lang, Localized};

/// Why a list of owed-document numbers typed at the counter is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PickError {
    #[error("no document numbers")]
    Empty,
    #[error("{0} is not a number")]
    NotANumber(String),
    #[error("no owed document numbered {0}")]
    OutOfRange(usize),
    #[error("{0} is named twice")]
    Twice(usize),
}

impl Localized for PickError {
    fn localized(&self, lang: Lang) -> String {
        match self {
            PickError::Empty => i18n::IN_ERR_PICK_EMPTY.get(lang).to_string(),
            PickError::NotANumber(t) => {
                i18n::IN_ERR_PICK_NUMBER.fill(lang, &[("text", &crate::domain::text::sanitize(t))])
            }
            PickError::OutOfRange(n) => i18n::IN_ERR_PICK_RANGE.fill(lang, &[("n", n)]),
            PickError::Twice(n) => i18n::IN_ERR_PICK_TWICE.fill(lang, &[("n", n)]),
        }
    }
}

/// The owed documents a clerk names by their listed numbers (1-based, of `owed` of them):
/// `1 2 3`, `1,2`, `1，2` or `1、2`; `*` names them all. Indexes (0-based) in the order
/// typed. An unknown or repeated number refuses the whole list.
pub fn pick_documents(input: &str, owed: usize) -> Result<Vec<usize>, PickError> {
    let text = input.trim();
    if text == "*" {
        return if owed == 0 {
            Err(PickError::Empty)
        } else {
            Ok((0..owed).collect())
        };
    }
    let mut out = Vec::new();
    for token in text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '，' | '、' | ';' | '；'))
        .filter(|t| !t.is_empty())
    {
        let n: usize = token
            .parse()
            .map_err(|_| PickError::NotANumber(token.to_string()))?;
        if n == 0 || n > owed {
            return Err(PickError::OutOfRange(n));
        }
        if out.contains(&(n - 1)) {
            return Err(PickError::Twice(n));
        }
        out.push(n - 1);
    }
    if out.is_empty() {
        return Err(PickError::Empty);
    }
    Ok(out)
}

/// What a clerk typed to correct an applicant: a blank field keeps what is on file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CorrectionInput {
    pub name: String,
    pub id_number: String,
    pub phone: String,
    pub household: String,
    pub reason: String,
}

/// A checked correction: only the details that change, with its reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    pub name: Option<String>,
    pub id_number: Option<IdNumber>,
    pub phone: Option<Mobile>,
    pub household: Option<u8>,
    pub reason: String,
}

impl Correction {
    pub fn is_empty(&self) -> bool {
        self.name.is_none()
            && self.id_number.is_none()
            && self.phone.is_none()
            && self.household.is_none()
    }
}

impl CorrectionInput {
    /// The same checks as intake (name, GB 11643 check digit, mobile, household size);
    /// a reason is required and at least one detail must be given.
    pub fn check(&self, today: NaiveDate) -> Result<Correction, InstallError> {
        let given = |s: &str| !s.trim().is_empty();
        let name = if given(&self.name) {
            Some(validate_name(&self.name).map_err(InstallError::Name)?)
        } else {
            None
        };
        let id_number = if given(&self.id_number) {
            Some(id_number::parse(&self.id_number, today).map_err(InstallError::IdNumber)?)
        } else {
            None
        };
        let phone = if given(&self.phone) {
            Some(phone::parse(&self.phone).map_err(InstallError::Phone)?)
        } else {
            None
        };
        let household = if given(&self.household) {
            Some(
                self.household
                    .trim()
                    .parse::<u8>()
                    .ok()
                    .filter(|n| (1..=HOUSEHOLD_MAX).contains(n))
                    .ok_or(InstallError::Household)?,
            )
        } else {
            None
        };
        let correction = Correction {
            name,
            id_number,
            phone,
            household,
            reason: String::new(),
        };
        if correction.is_empty() {
            return Err(InstallError::NothingToCorrect);
        }
        let reason = check_note(&self.reason, true)?;
        Ok(Correction {
            reason,
            ..correction
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn several_owed_documents_by_number_or_all() {
        assert_eq!(pick_documents("1 2 3", 3), Ok(vec![0, 1, 2]));
        assert_eq!(pick_documents(" 2,1 ", 3), Ok(vec![1, 0]));
        assert_eq!(pick_documents("1，3、2", 3), Ok(vec![0, 2, 1]));
        assert_eq!(pick_documents("*", 2), Ok(vec![0, 1]));
        assert_eq!(pick_documents("1", 1), Ok(vec![0]));
        assert_eq!(pick_documents("", 2), Err(PickError::Empty));
        assert_eq!(pick_documents(" , ", 2), Err(PickError::Empty));
        assert_eq!(pick_documents("*", 0), Err(PickError::Empty));
        assert_eq!(pick_documents("1 4", 3), Err(PickError::OutOfRange(4)));
        assert_eq!(pick_documents("0", 3), Err(PickError::OutOfRange(0)));
        assert_eq!(pick_documents("1 2 1", 3), Err(PickError::Twice(1)));
        assert_eq!(
            pick_documents("1 x", 3),
            Err(PickError::NotANumber("x".into()))
        );
    }

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 15).unwrap()
    }

    #[test]
    fn a_correction_is_checked_as_intake_is() {
        let valid = id_number::generate(
            3,
            NaiveDate::from_ymd_opt(1988, 4, 2).unwrap(),
            "340104",
            21,
        );
        let ok = CorrectionInput {
            name: "刘晓艳".into(),
            id_number: valid.as_str().into(),
            phone: String::new(),
            household: "4".into(),
            reason: "受理时录错".into(),
        }
        .check(day())
        .unwrap();
        assert_eq!(ok.name.as_deref(), Some("刘晓艳"));
        assert_eq!(
            ok.id_number.as_ref().map(|i| i.as_str()),
            Some(valid.as_str())
        );
        assert_eq!(ok.phone, None);
        assert_eq!(ok.household, Some(4));
        // A wrong check digit, a bad mobile, a household out of range, no reason, nothing.
        let mut bad_digit = valid.as_str().to_string();
        let last = bad_digit.pop().unwrap();
        bad_digit.push(if last == '1' { '2' } else { '1' });
        let base = CorrectionInput {
            reason: "typo".into(),
            ..CorrectionInput::default()
        };
        for (input, want) in [
            (
                CorrectionInput {
                    id_number: bad_digit,
                    ..base.clone()
                },
                "id",
            ),
            (
                CorrectionInput {
                    phone: "1395512345".into(),
                    ..base.clone()
                },
                "phone",
            ),
            (
                CorrectionInput {
                    household: "21".into(),
                    ..base.clone()
                },
                "household",
            ),
            (
                CorrectionInput {
                    household: "2".into(),
                    reason: " ".into(),
                    ..base.clone()
                },
                "reason",
            ),
            (base.clone(), "nothing"),
        ] {
            let e = input.check(day()).unwrap_err();
            let ok = match want {
                "id" => matches!(e, InstallError::IdNumber(_)),
                "phone" => matches!(e, InstallError::Phone(_)),
                "household" => matches!(e, InstallError::Household),
                "reason" => matches!(e, InstallError::Required(_)),
                _ => matches!(e, InstallError::NothingToCorrect),
            };
            assert!(ok, "{want}: {e:?}");
        }
    }
}
