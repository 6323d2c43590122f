//! The app's side of the care register (F7): running the screen's commands against
//! `db::care` with the session's actor and the offices' date. The store decides who may
//! read what; a refusal is said in the screen (the list) or under the form.

use crate::db::care::{self, CareError, ListFilter};
use crate::domain::care::CareRules;
use crate::domain::care::EntryError;
use crate::i18n::{self, Localized};

use super::app::App;
use super::screens::Screen;
use super::screens::care::{CareCommand, CareScreen, Filter, HelperChoice, Registration};
use super::screens::outcome::{FormOf, Outcome};
use crate::domain::care::Assistance;

impl App {
    /// Opens the register (F7) over Home and reads it.
    pub(crate) fn open_care(&mut self) {
        let today = self.rules.local_day(self.clock.now());
        if !matches!(self.screen(), Screen::Care(_)) {
            self.navigate(Screen::Care(Box::new(CareScreen::new(today))));
        }
        self.execute_care(CareCommand::Load {
            filter: Filter::All,
        });
    }

    pub(crate) fn execute_care(&mut self, command: CareCommand) {
        let Some(session) = &self.session else { return };
        let actor = session.actor.clone();
        let lang = self.lang;
        let rules = CareRules::builtin();
        let today = self.rules.local_day(self.clock.now());
        match command {
            CareCommand::Load { filter } => {
                let filter = ListFilter {
                    office: actor.office_id,
                    overdue: filter == Filter::Overdue,
                    hazards_open: filter == Filter::Hazards,
                    helper: (filter == Filter::Mine).then_some(actor.staff_id).flatten(),
                    category: filter.category(),
                };
                let rows = care::list(&mut self.store, &actor, rules, filter, today)
                    .map_err(|e| e.localized(lang));
                self.deliver(Outcome::CareListed(rows));
            }
            CareCommand::Open { person_id } => match care::file(&mut self.store, &actor, person_id)
            {
                Ok(file) => {
                    self.deliver(Outcome::CareFileOpened(Box::new(file)));
                }
                Err(e) => self.error(e.localized(lang)),
            },
            CareCommand::RecordVisit { person_id, visit } => {
                match care::record_visit(&mut self.store, &actor, rules, person_id, &visit, today) {
                    Ok(_) => self.care_step_done(person_id, i18n::CARE_VISIT_SAVED),
                    Err(e) => {
                        let field = visit_field(&e);
                        self.refused(FormOf::Care, Some(field), e.localized(lang));
                    }
                }
            }
            CareCommand::ResolveHazard {
                hazard_id,
                person_id,
                resolution,
            } => match care::resolve_hazard(&mut self.store, &actor, hazard_id, &resolution, today)
            {
                Ok(()) => self.care_step_done(person_id, i18n::CARE_HAZARD_RESOLVED),
                Err(e) => self.refused(FormOf::Care, Some(0), e.localized(lang)),
            },
            CareCommand::Register(reg) => self.register_care(*reg),
            CareCommand::ReviewConsent { person_id } => {
                match care::review_consent(&mut self.store, &actor, rules, person_id, today) {
                    Ok(next) => {
                        self.info(i18n::CARE_REVIEWED.fill(lang, &[("date", &next)]));
                        self.execute_care(CareCommand::Open { person_id });
                    }
                    Err(e) => self.error(e.localized(lang)),
                }
            }
            CareCommand::Withdraw { person_id } => {
                match care::withdraw(&mut self.store, &actor, person_id, today) {
                    Ok(()) => self.care_step_done(person_id, i18n::CARE_WITHDRAWN),
                    Err(e) => self.error(e.localized(lang)),
                }
            }
        }
    }

    /// Registers a person at the actor's office; the new file opens.
    fn register_care(&mut self, reg: Registration) {
        use super::screens::care::register::{ACCOUNTS, HELPER};
        let Some(session) = &self.session else { return };
        let actor = session.actor.clone();
        let lang = self.lang;
        let today = self.rules.local_day(self.clock.now());
        let assistance = match &reg.helper {
            HelperChoice::Team(team) => Assistance::Group { team: team.clone() },
            HelperChoice::Staff(no) => match crate::db::staff::by_number(&self.store, no) {
                Ok(Some(staff)) if staff.active => Assistance::OneOnOne { staff_id: staff.id },
                Ok(_) => {
                    let e = CareError::UnknownStaff(no.clone());
                    self.refused(FormOf::Care, Some(HELPER), e.localized(lang));
                    return;
                }
                Err(e) => {
                    self.error(e.localized(lang));
                    return;
                }
            },
        };
        let office = actor.office_id.unwrap_or(1);
        match care::register(
            &mut self.store,
            &actor,
            CareRules::builtin(),
            office,
            &reg.entry,
            &assistance,
            &reg.accounts,
            today,
        ) {
            Ok(person_id) => self.care_step_done(person_id, i18n::CARE_REGISTERED),
            Err(e) => {
                let field = match &e {
                    CareError::UnknownAccount(_) => Some(ACCOUNTS),
                    CareError::UnknownStaff(_) => Some(HELPER),
                    CareError::Entry(entry) => {
                        Some(super::screens::care::register::entry_field(entry))
                    }
                    _ => None,
                };
                match field {
                    Some(field) => self.refused(FormOf::Care, Some(field), e.localized(lang)),
                    None => self.error(e.localized(lang)),
                }
            }
        }
    }

    /// A step done: the form closes, the file is read again (audited as every reading).
    fn care_step_done(&mut self, person_id: i64, said: i18n::Msg) {
        self.deliver(Outcome::CareDone);
        self.info(said.get(self.lang).to_string());
        self.execute_care(CareCommand::Open { person_id });
    }
}

/// The visit form's field a refusal concerns.
fn visit_field(e: &CareError) -> usize {
    use super::screens::care::visit::{DATE, DUE, FOLLOW_UP, HAZARD, NOTE, RECEIPT};
    match e {
        CareError::UnknownReceipt(_) => RECEIPT,
        CareError::Entry(EntryError::Text { field, .. }) => match *field {
            "hazard" => HAZARD,
            "follow_up" => FOLLOW_UP,
            _ => NOTE,
        },
        CareError::Entry(EntryError::ReviewDate) => DUE,
        CareError::Entry(EntryError::EvidenceDate) => DATE,
        _ => DATE,
    }
}
