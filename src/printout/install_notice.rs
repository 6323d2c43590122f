//! The one-time notice (一次性告知单) of a new-install application: everything the
//! applicant still has to bring, the stage plan with its expected dates, the application
//! number and the office's phone — on screen and to the printer spool, so the applicant
//! never comes back to ask what is missing.

use chrono::NaiveDate;

use crate::db::install::AppView;
use crate::domain::install::{InstallRules, Stage, WorkCalendar};
use crate::domain::mask::mask_name;
use crate::domain::money::Fen;
use crate::domain::text::sanitize;
use crate::i18n::{self, Lang};

/// The stages still ahead with their expected dates: the current one's due date, then
/// each later stage's limit in working days after the one before.
pub fn plan(v: &AppView, today: NaiveDate) -> Vec<(Stage, NaiveDate)> {
    let rules = InstallRules::builtin();
    let cal = WorkCalendar::builtin();
    let stage = v.stage();
    let Some(start) = stage.order() else {
        return Vec::new();
    };
    if stage.is_finished() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut at = v.due().unwrap_or(today);
    out.push((stage, at));
    for next in &Stage::ALL[start + 1..9] {
        at = cal.add_working_days(at, rules.limit(*next).unwrap_or(1));
        out.push((*next, at));
    }
    out
}

/// The cancellation of `v`: the day and the reason, from its history.
pub fn cancellation(v: &AppView) -> Option<(String, String)> {
    if v.stage() != Stage::Cancelled {
        return None;
    }
    let e = v
        .events
        .iter()
        .rev()
        .find(|e| e.to_stage == Stage::Cancelled.as_str())?;
    let day = crate::clock::office_minute_of_stamp(&e.at);
    let day = day.get(..10).unwrap_or(&day).to_string();
    Some((day, sanitize(e.note.as_deref().unwrap_or("-")).into_owned()))
}

/// The hold `v` is under: the day it began and the reason, from its history.
pub fn hold(v: &AppView) -> Option<(String, String)> {
    if !v.on_hold || v.stage().is_finished() {
        return None;
    }
    let e = v.events.iter().rev().find(|e| e.action == "hold")?;
    let day = crate::clock::office_minute_of_stamp(&e.at);
    let day = day.get(..10).unwrap_or(&day).to_string();
    Some((day, sanitize(e.note.as_deref().unwrap_or("-")).into_owned()))
}

/// The notice's lines, in `lang`. Text from the database is made safe for a printer.
pub fn notice_text(v: &AppView, lang: Lang, today: NaiveDate) -> Vec<String> {
    let rules = InstallRules::builtin();
    let mut lines = vec![
        i18n::IN_NOTICE_TITLE.get(lang).to_string(),
        i18n::IN_NOTICE_NO.fill(
            lang,
            &[
                ("no", &sanitize(&v.app_no)),
                ("day", &crate::clock::office_minute_of_stamp(&v.accepted_at)),
            ],
        ),
        i18n::IN_NOTICE_WHO.fill(lang, &[("name", &mask_name(&v.name)), ("phone", &v.phone)]),
        format!("{} {}", sanitize(&v.district), sanitize(&v.address)),
        i18n::IN_NOTICE_OWNER.fill(
            lang,
            &[
                ("owner", &sanitize(&v.owner)),
                ("phone", &sanitize(&rules.notice_phone)),
            ],
        ),
    ];
    // A finished application says so at the top; what never came is history, not a to-do.
    let finished = v.stage().is_finished();
    if let Some((day, reason)) = cancellation(v) {
        lines.insert(
            1,
            i18n::IN_NOTICE_CANCELLED.fill(lang, &[("day", &day), ("reason", &reason)]),
        );
    } else if let Some((day, reason)) = hold(v) {
        // On hold: the dates below are those before the hold; each moves by its time.
        lines.insert(
            1,
            i18n::IN_NOTICE_ON_HOLD.fill(lang, &[("day", &day), ("reason", &reason)]),
        );
    } else if v.stage() == Stage::Completed {
        lines.insert(
            1,
            i18n::IN_NOTICE_FINISHED.fill(
                lang,
                &[("account", &sanitize(v.account_no.as_deref().unwrap_or("-")))],
            ),
        );
    }
    let owed: Vec<_> = v.owed().collect();
    let name = |code: &str| {
        rules
            .document(code)
            .map(|r| r.name(lang).to_string())
            .unwrap_or_else(|| sanitize(code).into_owned())
    };
    if finished {
        if !owed.is_empty() {
            lines.push(i18n::IN_NOTICE_NEVER_RECEIVED.get(lang).to_string());
            for d in owed {
                lines.push(
                    i18n::IN_NOTICE_NOT_RECEIVED_LINE.fill(lang, &[("document", &name(&d.code))]),
                );
            }
        }
    } else if owed.is_empty() {
        lines.push(i18n::IN_NOTICE_NOTHING_OWED.get(lang).to_string());
    } else {
        lines.push(i18n::IN_NOTICE_OWED.get(lang).to_string());
        for d in owed {
            lines.push(i18n::IN_NOTICE_OWED_LINE.fill(
                lang,
                &[
                    ("document", &name(&d.code)),
                    ("due", &d.due_on.clone().unwrap_or_default()),
                ],
            ));
        }
    }
    if let (Some(fee), false, false) = (v.quote_fen, v.fee_paid, finished) {
        lines.push(i18n::IN_NOTICE_FEE.fill(lang, &[("amount", &Fen(fee).yuan_string())]));
    }
    let plan = plan(v, today);
    if !plan.is_empty() {
        lines.push(i18n::IN_NOTICE_PLAN.get(lang).to_string());
        for (stage, due) in plan {
            let stage_name = stage.label().get(lang);
            // A booked survey says its day: the applicant is at home for the visit.
            lines.push(match (stage, &v.survey_on) {
                (Stage::Survey, Some(on)) => i18n::IN_NOTICE_PLAN_SURVEY.fill(
                    lang,
                    &[("stage", &stage_name), ("on", &sanitize(on)), ("due", &due)],
                ),
                _ => i18n::IN_NOTICE_PLAN_LINE.fill(lang, &[("stage", &stage_name), ("due", &due)]),
            });
        }
    }
    lines.push(i18n::IN_NOTICE_FOOT.get(lang).to_string());
    lines
}

/// The queue ticket an application was taken from, as the view and `install show` say it.
pub fn ticket_line(t: &crate::db::install::TicketLink, lang: Lang) -> String {
    i18n::IN_FROM_TICKET_LINE.fill(
        lang,
        &[
            ("ticket", &sanitize(&t.number)),
            ("office", &sanitize(&t.office_code)),
            ("day", &sanitize(&t.day)),
        ],
    )
}
