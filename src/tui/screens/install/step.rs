//! The form of one step on an application: the details that step records (a date, a
//! note or reason, the quote's pipe and meter, the meter's serial, the fee's tender, a
//! handler, a document). Checked here before anything is sent; the store checks again.

use chrono::NaiveDate;

use crate::db::cash::Tender;
use crate::db::install::{AppView, Step};
use crate::domain::account::MeterKind;
use crate::domain::install::amend::CorrectionInput;
use crate::domain::install::{Action, WorkCalendar};
use crate::domain::money::Fen;
use crate::domain::receipt::PaymentMethod;
use crate::i18n::{self, Lang};
use crate::tui::widgets::form::{Field, Form};

/// What the form will do when submitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    Action(Action),
    /// The fee at the cash desk.
    PayFee,
    /// Owed documents brought in (several at once).
    Document,
    /// The applicant's details corrected after intake.
    Correct,
}

/// What a submitted step form asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    Step(Step),
    PayFee(Tender),
    OpenAccount,
    Correct(CorrectionInput),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepForm {
    pub kind: StepKind,
    pub form: Form,
    /// The owed documents' codes, in the order the hint numbers them.
    pub owed: Vec<String>,
    pub fee: Option<Fen>,
    /// What the correction hint shows as on file (masked).
    pub on_file: [String; 4],
}

/// Room in a date field: the ten characters of `2027-02-11` and spaces around them (a
/// paste often brings one), so what was typed is never cut to another date.
pub const DATE_FIELD_CHARS: usize = 24;

pub use crate::domain::text::parse_day as parse_date;

impl StepForm {
    /// The form for `kind`, or `None` when the step needs nothing typed (resume, open the
    /// account).
    pub fn new(kind: StepKind, view: &AppView, today: NaiveDate) -> Option<StepForm> {
        use Action as A;
        let fields = match kind {
            StepKind::PayFee => vec![
                Field::text(i18n::IN_F_METHOD, 1),
                Field::text(i18n::IN_F_REFERENCE, 32),
            ],
            StepKind::Document => vec![Field::text(i18n::IN_F_DOCUMENT, 40)],
            StepKind::Correct => super::amend::correct_fields(),
            StepKind::Action(a) => match a {
                A::BookSurvey => vec![Field::text(i18n::IN_F_DATE, DATE_FIELD_CHARS)],
                A::SurveyDone { feasible: false }
                | A::Inspect { passed: false }
                | A::Hold
                | A::Cancel
                | A::Reopen => vec![Field::text(i18n::IN_F_REASON, 100)],
                A::Quote => vec![
                    Field::text(i18n::IN_F_PIPE, 4),
                    Field::text(i18n::IN_F_METER_KIND, 1),
                ],
                A::InstallMeter => vec![Field::text(i18n::IN_F_SERIAL, 20)],
                A::Reassign => vec![
                    Field::text(i18n::IN_F_STAFF, 8),
                    Field::text(i18n::IN_F_REASON, 100),
                ],
                A::MoveDue => vec![
                    Field::text(i18n::IN_F_DATE, DATE_FIELD_CHARS),
                    Field::text(i18n::IN_F_REASON, 100),
                ],
                A::Resume | A::OpenAccount | A::PayFee | A::VoidFee => return None,
                A::SurveyDone { feasible: true }
                | A::ConstructionDone
                | A::Inspect { passed: true }
                | A::Ignite => vec![Field::text(i18n::IN_F_NOTE, 100)],
            },
        };
        let mut form = Form::new(fields);
        match kind {
            StepKind::Action(A::BookSurvey) => {
                let next = WorkCalendar::builtin().add_working_days(today, 1);
                form.fields[0].input.set(&next.to_string());
            }
            StepKind::Action(A::Quote) => form.fields[1].input.set("1"),
            StepKind::PayFee => form.fields[0].input.set("1"),
            _ => {}
        }
        Some(StepForm {
            kind,
            form: form.prefilled(),
            owed: view.owed().map(|d| d.code.clone()).collect(),
            fee: view.quote_fen.map(Fen),
            on_file: super::amend::on_file(view),
        })
    }

    pub fn title(&self, lang: Lang) -> String {
        match self.kind {
            StepKind::Action(a) => a.label().get(lang).to_string(),
            StepKind::PayFee => i18n::IN_ACT_PAY_FEE.get(lang).to_string(),
            StepKind::Document => i18n::IN_ACT_DOCUMENT.get(lang).to_string(),
            StepKind::Correct => i18n::IN_ACT_CORRECT.get(lang).to_string(),
        }
    }

    pub fn hint(&self, lang: Lang) -> String {
        match self.kind {
            StepKind::Action(Action::Quote) => i18n::IN_HINT_METER.get(lang).to_string(),
            StepKind::Action(Action::BookSurvey | Action::MoveDue) => {
                i18n::IN_HINT_DATE.get(lang).to_string()
            }
            StepKind::PayFee => i18n::IN_HINT_METHOD.fill(
                lang,
                &[("amount", &self.fee.unwrap_or(Fen::ZERO).yuan_string())],
            ),
            StepKind::Document => {
                let list: Vec<String> = self
                    .owed
                    .iter()
                    .enumerate()
                    .map(|(i, c)| {
                        format!(
                            "{} {}",
                            i + 1,
                            crate::domain::install::document_name(c, lang)
                        )
                    })
                    .collect();
                i18n::IN_HINT_DOCS_MANY.fill(lang, &[("list", &list.join("  "))])
            }
            StepKind::Correct => super::amend::correct_hint(&self.on_file, lang),
            _ => String::new(),
        }
    }

    /// What the submitted form asks for, or a refusal shown under its field.
    pub fn request(&mut self, lang: Lang) -> Option<Request> {
        self.form.clear_errors();
        let v = |i: usize| self.form.value(i).trim().to_string();
        let fail = |form: &mut Form, i: usize, m: i18n::Msg| {
            form.fail(i, m.get(lang).to_string());
            None
        };
        use Action as A;
        let step = match self.kind {
            StepKind::PayFee => {
                let method = match v(0).as_str() {
                    "1" => PaymentMethod::Cash,
                    "2" => PaymentMethod::BankCard,
                    "3" => PaymentMethod::WeChat,
                    "4" => PaymentMethod::Alipay,
                    _ => return fail(&mut self.form, 0, i18n::IN_ERR_CHOICE),
                };
                return Some(Request::PayFee(Tender {
                    method,
                    reference: v(1),
                    tendered: None,
                }));
            }
            StepKind::Correct => {
                return Some(Request::Correct(CorrectionInput {
                    name: v(0),
                    id_number: v(1),
                    phone: v(2),
                    household: v(3),
                    reason: v(4),
                }));
            }
            StepKind::Document => {
                // Several at once (`1 2 3`, `1,2`, `*` for all); a wrong or repeated number
                // refuses the lot before anything is sent.
                match crate::domain::install::amend::pick_documents(&v(0), self.owed.len()) {
                    Ok(picked) => Step::DocumentsReceived {
                        codes: picked.iter().map(|&i| self.owed[i].clone()).collect(),
                    },
                    Err(e) => {
                        use crate::i18n::Localized;
                        self.form.fail(0, e.localized(lang));
                        return None;
                    }
                }
            }
            StepKind::Action(a) => match a {
                A::BookSurvey => match parse_date(&v(0)) {
                    Some(on) => Step::BookSurvey { on },
                    None => return fail(&mut self.form, 0, i18n::IN_ERR_DATE),
                },
                A::SurveyDone { feasible } => Step::SurveyDone {
                    feasible,
                    note: v(0),
                },
                A::Quote => {
                    let Ok(pipe_metres) = v(0).parse::<u32>() else {
                        return fail(&mut self.form, 0, i18n::IN_ERR_NUMBER);
                    };
                    let meter = match v(1).as_str() {
                        "1" => MeterKind::IcCard,
                        "2" => MeterKind::Mechanical,
                        "3" => MeterKind::Iot,
                        _ => return fail(&mut self.form, 1, i18n::IN_ERR_CHOICE),
                    };
                    Step::Quote { pipe_metres, meter }
                }
                A::ConstructionDone => Step::ConstructionDone { note: v(0) },
                A::Inspect { passed } => Step::Inspect { passed, note: v(0) },
                A::InstallMeter => Step::InstallMeter { serial: v(0) },
                A::Ignite => Step::Ignite { note: v(0) },
                A::Hold => Step::Hold { reason: v(0) },
                A::Resume => Step::Resume,
                A::Cancel => Step::Cancel { reason: v(0) },
                A::Reopen => Step::Reopen { reason: v(0) },
                A::Reassign => Step::Reassign {
                    staff_no: v(0),
                    reason: v(1),
                },
                A::MoveDue => match parse_date(&v(0)) {
                    Some(to) => Step::MoveDue { to, reason: v(1) },
                    None => return fail(&mut self.form, 0, i18n::IN_ERR_DATE),
                },
                A::OpenAccount => return Some(Request::OpenAccount),
                A::PayFee | A::VoidFee => return None,
            },
        };
        Some(Request::Step(step))
    }

    /// The field a store refusal of this step concerns.
    pub fn field_for(&self, e: &crate::domain::install::InstallError) -> usize {
        use crate::domain::install::InstallError as E;
        match (self.kind, e) {
            (
                StepKind::Action(Action::Reassign | Action::MoveDue),
                E::Required(_) | E::Text { .. },
            ) => 1,
            (StepKind::Action(Action::Quote), E::PipeMetres(_)) => 0,
            _ => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse_date;
    use chrono::{Datelike, NaiveDate};
    use proptest::prelude::*;

    fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn what_the_tester_typed_is_read_as_typed_or_refused() {
        assert_eq!(parse_date(" 2027-02-11"), day(2027, 2, 11));
        assert_eq!(parse_date(" 2027-01-31 "), day(2027, 1, 31));
        assert_eq!(parse_date("\u{3000}2027-01-31\t"), day(2027, 1, 31));
        assert_eq!(parse_date("2026-12-155"), None);
        assert_eq!(parse_date("2027-2-11"), None);
        assert_eq!(parse_date("2027-02-1"), None);
        assert_eq!(parse_date("2027/02/11"), None);
        assert_eq!(parse_date("2027-02-11x"), None);
        assert_eq!(parse_date("2027-02-30"), None);
        assert_eq!(parse_date("+2027-02-1"), None);
        assert_eq!(parse_date("2027-02- 1"), None);
        assert_eq!(parse_date("２０２７-02-11"), None);
        assert_eq!(parse_date(""), None);
    }

    proptest! {
        #[test]
        fn a_date_written_out_reads_back_whatever_spaces_surround_it(
            days in 0i64..30_000, before in 0usize..4, after in 0usize..4
        ) {
            let d = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap() + chrono::Duration::days(days);
            let text = format!("{}{}{}", " ".repeat(before), d.format("%Y-%m-%d"), " ".repeat(after));
            prop_assert_eq!(parse_date(&text), Some(d));
        }

        #[test]
        fn a_date_with_a_character_added_or_removed_is_refused(
            days in 0i64..30_000, at in 0usize..10, extra in "[0-9-]"
        ) {
            let d = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap() + chrono::Duration::days(days);
            let text = d.format("%Y-%m-%d").to_string();
            let mut longer = text.clone();
            longer.insert_str(at, &extra);
            prop_assert_eq!(parse_date(&longer), None);
            let mut shorter = text.clone();
            shorter.remove(at);
            prop_assert_eq!(parse_date(&shorter), None);
        }

        #[test]
        fn whatever_is_accepted_is_exactly_the_date_written(text in "[ 0-9-]{0,14}") {
            if let Some(d) = parse_date(&text) {
                prop_assert_eq!(
                    text.trim(),
                    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
                );
            }
        }
    }
}
