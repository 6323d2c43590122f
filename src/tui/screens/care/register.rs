//! Registering a person (`n` on the register): who, which accounts, categories and needs,
//! nominee and emergency contact, the visit password, who helps, and the consent the
//! entry rests on. Checked here by the domain's rules before anything is sent.

use chrono::NaiveDate;

use crate::domain::care::{
    CareRules, EVIDENCE_KINDS, EntryError, EntryInput, NewEntry, check_entry,
};
use crate::domain::reading::parse_read_on;
use crate::i18n::{self, Lang, Localized};
use crate::tui::widgets::form::{Field, Form};

pub const ACCOUNTS: usize = 0;
pub const NAME: usize = 1;
pub const ID_NUMBER: usize = 2;
pub const PHONE: usize = 3;
pub const CATEGORIES: usize = 4;
pub const NEEDS: usize = 5;
pub const NOMINEE: usize = 6;
pub const NOMINEE_PHONE: usize = 7;
pub const EMERGENCY: usize = 8;
pub const EMERGENCY_PHONE: usize = 9;
pub const PASSWORD: usize = 10;
pub const HELPER: usize = 11;
pub const CONSENT_BY: usize = 12;
pub const CONSENT_ON: usize = 13;
pub const PURPOSE: usize = 14;
pub const EVIDENCE: usize = 15;
pub const TEMPORARY: usize = 16;

/// Who helps: a staff member one-on-one (by staff number) or a group (a team's name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelperChoice {
    Staff(String),
    Team(String),
}

/// A checked registration, for the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    pub entry: NewEntry,
    pub accounts: Vec<String>,
    pub helper: HelperChoice,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterForm {
    pub form: Form,
    pub today: NaiveDate,
}

impl RegisterForm {
    pub fn new(today: NaiveDate) -> RegisterForm {
        let mut form = Form::new(vec![
            Field::text(i18n::CARE_LABEL_ACCOUNTS, 60),
            Field::text(i18n::CARE_LABEL_NAME, 40),
            Field::text(i18n::CARE_LABEL_ID, 18),
            Field::text(i18n::CARE_LABEL_PHONE, 11),
            Field::text(i18n::CARE_LABEL_CATEGORIES, 5),
            Field::text(i18n::CARE_LABEL_NEEDS, 10),
            Field::text(i18n::CARE_LABEL_NOMINEE, 40),
            Field::text(i18n::CARE_LABEL_NOMINEE_PHONE, 11),
            Field::text(i18n::CARE_LABEL_EMERGENCY, 40),
            Field::text(i18n::CARE_LABEL_EMERGENCY_PHONE, 11),
            Field::text(i18n::CARE_LABEL_PASSWORD, 16),
            Field::text(i18n::CARE_LABEL_HELPER, 40),
            Field::text(i18n::CARE_LABEL_CONSENT_BY, 1),
            Field::text(i18n::CARE_LABEL_CONSENT_ON, 10),
            Field::text(i18n::CARE_LABEL_PURPOSE, 100),
            Field::text(i18n::CARE_LABEL_EVIDENCE, 8),
            Field::text(i18n::CARE_LABEL_TEMPORARY, 10),
        ]);
        form.fields[CONSENT_BY].input.set("1");
        form.fields[CONSENT_ON].input.set(&today.to_string());
        RegisterForm { form, today }
    }

    /// Anything typed beyond the defaults (consent by the person, today).
    pub fn is_dirty(&self) -> bool {
        self.form.fields.iter().enumerate().any(|(i, f)| match i {
            CONSENT_BY => f.input.value().trim() != "1",
            CONSENT_ON => f.input.value().trim() != self.today.to_string(),
            _ => !f.input.is_empty(),
        })
    }

    /// What the focused field takes, for the line above the fields.
    pub fn hint(&self, lang: Lang) -> String {
        let rules = CareRules::builtin();
        let numbered = |names: Vec<&str>| {
            names
                .iter()
                .enumerate()
                .map(|(i, n)| format!("{} {n}", i + 1))
                .collect::<Vec<_>>()
                .join("  ")
        };
        match self.form.focus {
            CATEGORIES => {
                let marks: Vec<String> = rules
                    .categories
                    .iter()
                    .map(|c| format!("{} {}", c.mark, c.name(lang)))
                    .collect();
                i18n::CARE_HINT_CATEGORIES.fill(lang, &[("list", &marks.join("  "))])
            }
            NEEDS => i18n::CARE_HINT_NUMBERS.fill(
                lang,
                &[(
                    "list",
                    &numbered(rules.needs.iter().map(|n| n.name(lang)).collect()),
                )],
            ),
            EVIDENCE => i18n::CARE_HINT_NUMBERS.fill(
                lang,
                &[(
                    "list",
                    &numbered(vec![
                        i18n::CARE_EVIDENCE_CIVIL.get(lang),
                        i18n::CARE_EVIDENCE_DISABILITY.get(lang),
                        i18n::CARE_EVIDENCE_HOUSEHOLD.get(lang),
                        i18n::CARE_EVIDENCE_OTHER.get(lang),
                    ]),
                )],
            ),
            HELPER => i18n::CARE_HINT_HELPER.get(lang).to_string(),
            CONSENT_BY => i18n::CARE_HINT_CONSENT_BY.get(lang).to_string(),
            TEMPORARY => i18n::CARE_HINT_TEMPORARY.get(lang).to_string(),
            ACCOUNTS => i18n::CARE_BAD_ACCOUNTS.get(lang).to_string(),
            _ => i18n::CARE_HINT_REGISTER.get(lang).to_string(),
        }
    }

    /// The registration as typed, or `None` with the faulty field marked.
    pub fn registration(&mut self, lang: Lang) -> Option<Registration> {
        self.form.clear_errors();
        let rules = CareRules::builtin();
        let accounts: Vec<String> = self
            .form
            .value(ACCOUNTS)
            .split(|c: char| c.is_whitespace() || c == ',' || c == '，')
            .filter(|a| !a.is_empty())
            .map(String::from)
            .collect();
        if accounts.is_empty()
            || accounts
                .iter()
                .any(|a| a.len() != 10 || !a.bytes().all(|b| b.is_ascii_digit()))
        {
            self.form
                .fail(ACCOUNTS, i18n::CARE_BAD_ACCOUNTS.get(lang).to_string());
            return None;
        }
        // 孤寡老特残 as typed (their marks), in any order.
        let mut categories = Vec::new();
        for mark in self
            .form
            .value(CATEGORIES)
            .chars()
            .filter(|c| !c.is_whitespace())
        {
            match rules.categories.iter().find(|c| c.mark.starts_with(mark)) {
                Some(c) => categories.push(c.code.clone()),
                None => {
                    self.form
                        .fail(CATEGORIES, i18n::CARE_BAD_CATEGORIES.get(lang).to_string());
                    return None;
                }
            }
        }
        let mut needs = Vec::new();
        for c in self
            .form
            .value(NEEDS)
            .chars()
            .filter(|c| !c.is_whitespace() && *c != ',')
        {
            match c.to_digit(10).map(|d| d as usize) {
                Some(n) if (1..=rules.needs.len()).contains(&n) => {
                    needs.push(rules.needs[n - 1].code.clone())
                }
                _ => {
                    let max = rules.needs.len();
                    self.form
                        .fail(NEEDS, i18n::CARE_BAD_CHECKS.fill(lang, &[("max", &max)]));
                    return None;
                }
            }
        }
        let consent_by = match self.form.value(CONSENT_BY).trim() {
            "1" => "person",
            "2" => "nominee",
            _ => {
                self.form
                    .fail(CONSENT_BY, i18n::CARE_BAD_CONSENT_BY.get(lang).to_string());
                return None;
            }
        };
        let Some(consent_on) = parse_read_on(&self.form.value(CONSENT_ON)) else {
            self.form.fail(
                CONSENT_ON,
                i18n::RD_BAD_DATE.fill(lang, &[("example", &self.today)]),
            );
            return None;
        };
        let helper = self.form.value(HELPER).trim().to_string();
        if helper.is_empty() {
            self.form
                .fail(HELPER, i18n::CARE_HELPER_REQUIRED.get(lang).to_string());
            return None;
        }
        let helper = if helper.bytes().all(|b| b.is_ascii_digit()) {
            HelperChoice::Staff(helper)
        } else {
            HelperChoice::Team(helper)
        };
        // The evidence seen today, by number (1 民政 2 残疾证 3 户口簿 4 其他).
        let mut evidence = Vec::new();
        for c in self
            .form
            .value(EVIDENCE)
            .chars()
            .filter(|c| !c.is_whitespace() && *c != ',')
        {
            match c.to_digit(10).map(|d| d as usize) {
                Some(n) if (1..=EVIDENCE_KINDS.len()).contains(&n) => {
                    evidence.push((EVIDENCE_KINDS[n - 1].to_string(), self.today))
                }
                _ => {
                    let max = EVIDENCE_KINDS.len();
                    self.form
                        .fail(EVIDENCE, i18n::CARE_BAD_CHECKS.fill(lang, &[("max", &max)]));
                    return None;
                }
            }
        }
        let temporary = self.form.value(TEMPORARY);
        let temporary_until = if temporary.trim().is_empty() {
            None
        } else {
            match parse_read_on(&temporary) {
                Some(d) => Some(d),
                None => {
                    self.form.fail(
                        TEMPORARY,
                        i18n::RD_BAD_DATE.fill(lang, &[("example", &self.today)]),
                    );
                    return None;
                }
            }
        };
        let input = EntryInput {
            name: self.form.value(NAME),
            id_number: self.form.value(ID_NUMBER),
            phone: self.form.value(PHONE),
            categories,
            needs,
            nominee_name: self.form.value(NOMINEE),
            nominee_phone: self.form.value(NOMINEE_PHONE),
            visit_password: self.form.value(PASSWORD),
            temporary_until,
            emergency_name: self.form.value(EMERGENCY),
            emergency_phone: self.form.value(EMERGENCY_PHONE),
            evidence,
            consent_by: consent_by.into(),
            consent_on: Some(consent_on),
            consent_purpose: self.form.value(PURPOSE),
            review_on: None,
        };
        match check_entry(&input, rules, self.today) {
            Ok(entry) => Some(Registration {
                entry,
                accounts,
                helper,
            }),
            Err(e) => {
                self.form.fail(entry_field(&e), e.localized(lang));
                None
            }
        }
    }
}

/// The field of the form an entry's refusal concerns.
pub fn entry_field(e: &EntryError) -> usize {
    match e {
        EntryError::Name(_) => NAME,
        EntryError::IdNumber(_) => ID_NUMBER,
        EntryError::Phone { field, .. } => match *field {
            "nominee_phone" => NOMINEE_PHONE,
            "emergency_phone" => EMERGENCY_PHONE,
            _ => PHONE,
        },
        EntryError::Text { field, .. } => match *field {
            "visit_password" => PASSWORD,
            _ => PURPOSE,
        },
        EntryError::NoCategory => CATEGORIES,
        EntryError::Unknown { .. } => NEEDS,
        EntryError::NomineeIncomplete | EntryError::NomineeNeeded => NOMINEE,
        EntryError::ConsentDate | EntryError::ReviewDate => CONSENT_ON,
        EntryError::TemporaryPast => TEMPORARY,
        EntryError::EvidenceDate => EVIDENCE,
        EntryError::PurposeRequired => PURPOSE,
    }
}
