//! The visit form: the date, the checks that failed (by number; the others passed), a
//! hazard with its follow-up and due date, a hose replaced, a top-up receipt, a note.

use chrono::NaiveDate;

use crate::domain::care::{CareRules, NewHazard, NewVisit};
use crate::domain::reading::parse_read_on;
use crate::i18n::{self, Lang};
use crate::tui::widgets::form::{Field, Form};

pub const DATE: usize = 0;
pub const FAILED: usize = 1;
pub const HAZARD: usize = 2;
pub const FOLLOW_UP: usize = 3;
pub const DUE: usize = 4;
pub const HOSE: usize = 5;
pub const RECEIPT: usize = 6;
pub const NOTE: usize = 7;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitForm {
    pub form: Form,
    pub today: NaiveDate,
}

impl VisitForm {
    pub fn new(today: NaiveDate) -> VisitForm {
        let mut form = Form::new(vec![
            Field::text(i18n::CARE_LABEL_VISIT_DATE, 10),
            Field::text(i18n::CARE_LABEL_FAILED, 10),
            Field::text(i18n::CARE_LABEL_HAZARD, 60),
            Field::text(i18n::CARE_LABEL_FOLLOW_UP, 60),
            Field::text(i18n::CARE_LABEL_DUE, 10),
            Field::text(i18n::CARE_LABEL_HOSE, 1),
            Field::text(i18n::CARE_LABEL_RECEIPT, 20),
            Field::text(i18n::CARE_LABEL_NOTE, 100),
        ]);
        form.fields[DATE].input.set(&today.to_string());
        form.focus = FAILED;
        VisitForm { form, today }
    }

    /// The visit as typed, or `None` with the faulty fields marked.
    pub fn visit(&mut self, lang: Lang) -> Option<NewVisit> {
        self.form.clear_errors();
        let rules = CareRules::builtin();
        let mut ok = true;
        let visited_on = parse_read_on(&self.form.value(DATE)).filter(|d| *d <= self.today);
        if visited_on.is_none() {
            ok = false;
            self.form.fail(
                DATE,
                i18n::RD_BAD_DATE.fill(lang, &[("example", &self.today)]),
            );
        }
        // "1 3" or "13": the numbers of the checks that failed, as the hint lists them.
        let mut failed = Vec::new();
        for c in self
            .form
            .value(FAILED)
            .chars()
            .filter(|c| !c.is_whitespace() && *c != ',')
        {
            match c.to_digit(10).map(|d| d as usize) {
                Some(n) if (1..=rules.checks.len()).contains(&n) => failed.push(n - 1),
                _ => {
                    ok = false;
                    let max = rules.checks.len();
                    self.form
                        .fail(FAILED, i18n::CARE_BAD_CHECKS.fill(lang, &[("max", &max)]));
                    break;
                }
            }
        }
        let checks = rules
            .checks
            .iter()
            .enumerate()
            .map(|(i, c)| (c.code.clone(), !failed.contains(&i)))
            .collect();
        let what = self.form.value(HAZARD).trim().to_string();
        let follow_up = self.form.value(FOLLOW_UP).trim().to_string();
        let due = self.form.value(DUE);
        let mut hazards = Vec::new();
        if !what.is_empty() {
            if follow_up.is_empty() {
                ok = false;
                self.form
                    .fail(FOLLOW_UP, i18n::TEXT_EMPTY.get(lang).to_string());
            }
            match parse_read_on(&due) {
                Some(due_on) => hazards.push(NewHazard {
                    what,
                    follow_up,
                    due_on,
                }),
                None => {
                    ok = false;
                    self.form.fail(
                        DUE,
                        i18n::RD_BAD_DATE.fill(lang, &[("example", &self.today)]),
                    );
                }
            }
        }
        let hose_replaced = match self.form.value(HOSE).trim() {
            "" | "n" | "N" | "否" => false,
            "y" | "Y" | "是" => true,
            _ => {
                ok = false;
                self.form
                    .fail(HOSE, i18n::CARE_YES_NO.get(lang).to_string());
                false
            }
        };
        let receipt = self.form.value(RECEIPT).trim().to_uppercase();
        let visit = NewVisit {
            visited_on: visited_on?,
            checks,
            hazards,
            hose_replaced,
            receipt_no: (!receipt.is_empty()).then_some(receipt),
            note: self.form.value(NOTE),
        };
        ok.then_some(visit)
    }
}
