//! The new application form (n on F5): the applicant, the address, the type, household
//! size, how it arrived and the documents seen — checked by the domain before anything is
//! sent. The documents checklist of `data/install.toml` is shown above the fields.

use chrono::NaiveDate;

use crate::domain::account::CustomerType;
use crate::domain::install::{
    ApplicationInput, Channel, InstallError, InstallRules, NewApplication, WorkCalendar,
};
use crate::i18n::{self, Lang, Localized};
use crate::tui::widgets::form::{Field, Form};

pub const NAME: usize = 0;
pub const ID_NUMBER: usize = 1;
pub const PHONE: usize = 2;
pub const DISTRICT: usize = 3;
pub const COMPOUND: usize = 4;
pub const BUILDING: usize = 5;
pub const UNIT: usize = 6;
pub const ROOM: usize = 7;
pub const TYPE: usize = 8;
pub const HOUSEHOLD: usize = 9;
pub const CHANNEL: usize = 10;
pub const DOCUMENTS: usize = 11;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntakeForm {
    pub form: Form,
    pub today: NaiveDate,
    /// What already exists at the address or for the ID, as the store said; saving again
    /// accepts anyway.
    pub warning: Option<String>,
    /// The new-install (B) ticket being served when the form opened, if any.
    pub ticket: Option<String>,
    /// That ticket's id: the application records it.
    pub ticket_id: Option<i64>,
}

/// The districts an application may name (the offices' districts).
pub fn districts() -> Vec<&'static str> {
    vec![
        "庐阳区",
        "瑶海区",
        "蜀山区",
        "包河区",
        "高新区",
        "经开区",
        "新站区",
        "滨湖新区",
    ]
}

impl IntakeForm {
    pub fn new(today: NaiveDate) -> IntakeForm {
        let mut form = Form::new(vec![
            Field::text(i18n::IN_F_NAME, crate::domain::text::NAME_MAX_CHARS),
            Field::text(i18n::IN_F_ID, 18),
            Field::text(i18n::IN_F_PHONE, 11),
            Field::text(i18n::IN_F_DISTRICT, 10),
            Field::text(i18n::IN_F_COMPOUND, 40),
            Field::text(i18n::IN_F_BUILDING, 8),
            Field::text(i18n::IN_F_UNIT, 8),
            Field::text(i18n::IN_F_ROOM, 8),
            Field::text(i18n::IN_F_TYPE, 1),
            Field::text(i18n::IN_F_HOUSEHOLD, 2),
            Field::text(i18n::IN_F_CHANNEL, 1),
            Field::text(i18n::IN_F_DOCUMENTS, 20),
        ]);
        form.fields[TYPE].input.set("1");
        form.fields[CHANNEL].input.set("1");
        IntakeForm {
            form,
            today,
            warning: None,
            ticket: None,
            ticket_id: None,
        }
    }

    /// The form for the customer of new-install ticket `ticket` at the counter: their
    /// mobile, if the ticket has one, is filled in.
    pub fn for_ticket(today: NaiveDate, ticket: &str, phone: Option<&str>) -> IntakeForm {
        let mut f = IntakeForm::new(today);
        f.ticket = Some(ticket.to_string());
        if let Some(p) = phone {
            f.form.fields[PHONE].input.set(p);
        }
        f
    }

    /// Anything typed beyond the defaults (residential, at the counter).
    pub fn is_dirty(&self) -> bool {
        self.form.fields.iter().enumerate().any(|(i, f)| match i {
            TYPE | CHANNEL => f.input.value().trim() != "1",
            _ => !f.input.is_empty(),
        })
    }

    pub fn customer(&self) -> Option<CustomerType> {
        match self.form.value(TYPE).trim() {
            "1" => Some(CustomerType::Residential),
            "2" => Some(CustomerType::Commercial),
            _ => None,
        }
    }

    /// The documents of the chosen type, numbered from 1, `*` before a core one.
    pub fn checklist(&self, lang: Lang) -> String {
        let customer = self.customer().unwrap_or(CustomerType::Residential);
        let seen = self.seen_numbers();
        InstallRules::builtin()
            .documents_for(customer)
            .enumerate()
            .map(|(i, d)| {
                let tick = if seen.contains(&(i + 1)) { "✓" } else { "" };
                let core = if d.core { "*" } else { "" };
                format!("{}{core}{} {}", i + 1, tick, d.name(lang))
            })
            .collect::<Vec<_>>()
            .join("  ")
    }

    fn seen_numbers(&self) -> Vec<usize> {
        self.form
            .value(DOCUMENTS)
            .split([' ', ',', '，', '、'])
            .filter_map(|s| s.trim().parse().ok())
            .collect()
    }

    /// The line above the fields: the focused field's choices, and the checklist.
    pub fn hint(&self, lang: Lang) -> String {
        let focused = match self.form.focus {
            TYPE => i18n::IN_HINT_TYPE.get(lang).to_string(),
            CHANNEL => i18n::IN_HINT_CHANNEL.get(lang).to_string(),
            DISTRICT => i18n::IN_HINT_DISTRICT.fill(lang, &[("list", &districts().join(" "))]),
            _ => String::new(),
        };
        let mut list = i18n::IN_CHECKLIST.fill(lang, &[("list", &self.checklist(lang))]);
        if let Some(t) = &self.ticket {
            list = format!(
                "{} {list}",
                i18n::IN_FROM_TICKET.fill(lang, &[("ticket", t)])
            );
        }
        match (&self.warning, focused.is_empty()) {
            (Some(w), _) => format!("{w} {list}"),
            (None, true) => list,
            (None, false) => format!("{focused}  {list}"),
        }
    }

    /// The checked application, or the refusal shown under its field.
    pub fn application(&mut self, lang: Lang) -> Option<NewApplication> {
        self.form.clear_errors();
        let Some(customer) = self.customer() else {
            self.form
                .fail(TYPE, i18n::IN_ERR_CHOICE.get(lang).to_string());
            return None;
        };
        let channel = match self.form.value(CHANNEL).trim() {
            "1" => Channel::Counter,
            "2" => Channel::Hotline,
            "3" => Channel::Vehicle,
            "4" => Channel::Developer,
            _ => {
                self.form
                    .fail(CHANNEL, i18n::IN_ERR_CHOICE.get(lang).to_string());
                return None;
            }
        };
        let docs: Vec<_> = InstallRules::builtin().documents_for(customer).collect();
        let mut seen = Vec::new();
        for n in self.seen_numbers() {
            match docs.get(n.wrapping_sub(1)) {
                Some(d) => seen.push(d.code.clone()),
                None => {
                    self.form
                        .fail(DOCUMENTS, i18n::IN_ERR_CHOICE.get(lang).to_string());
                    return None;
                }
            }
        }
        let input = ApplicationInput {
            name: self.form.value(NAME),
            id_number: self.form.value(ID_NUMBER),
            phone: self.form.value(PHONE),
            district: self.form.value(DISTRICT),
            compound: self.form.value(COMPOUND),
            building: self.form.value(BUILDING),
            unit: self.form.value(UNIT),
            room: self.form.value(ROOM),
            customer,
            household: self.form.value(HOUSEHOLD),
            channel,
            documents_seen: seen,
        };
        match input.check(
            InstallRules::builtin(),
            WorkCalendar::builtin(),
            &districts(),
            self.today,
        ) {
            Ok(app) => Some(app),
            Err(e) => {
                let field = field_of(&e);
                self.form.fail(field, e.localized(lang));
                None
            }
        }
    }
}

/// The field a refusal concerns.
pub fn field_of(e: &InstallError) -> usize {
    match e {
        InstallError::Name(_) => NAME,
        InstallError::IdNumber(_) => ID_NUMBER,
        InstallError::Phone(_) => PHONE,
        InstallError::District(_) => DISTRICT,
        InstallError::Household => HOUSEHOLD,
        InstallError::CoreMissing(_) | InstallError::UnknownDocument(_) => DOCUMENTS,
        InstallError::Text { field, .. } | InstallError::Required(field) => match *field {
            "district" => DISTRICT,
            "compound" => COMPOUND,
            "building" => BUILDING,
            "unit" => UNIT,
            _ => ROOM,
        },
        _ => NAME,
    }
}
