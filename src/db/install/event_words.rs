//! The words a timeline row adds to its action: the day a survey was booked for, the new
//! handler of a reassignment, a moved due date, what a reopening did with the due date
//! (kept, counted again, or held at the booked survey day).

use super::view::EventRow;
use crate::domain::install::{document_name, event_words};
use crate::domain::text::sanitize;
use crate::i18n::{self, Lang};

impl EventRow {
    /// This row's action in words, with what it concerned: the document brought in, the
    /// details corrected. The F5 timeline and `install show` both say it so.
    pub fn text(&self, lang: Lang) -> String {
        event_text(self, lang)
    }

    /// The recorded detail's `key`, as text.
    fn detail_text(&self, key: &str) -> Option<String> {
        let json: serde_json::Value = serde_json::from_str(self.detail.as_deref()?).ok()?;
        match &json[key] {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// What this row adds to its action's words, if anything. `survey_on` is the
    /// application's booked survey day, for a booking recorded before the day was kept
    /// on its row.
    pub fn extra(&self, lang: Lang, survey_on: Option<&str>) -> Option<String> {
        let due = || self.due_on.clone().unwrap_or_default();
        match self.action.as_str() {
            "book_survey" => {
                let on = self
                    .detail_text("survey_on")
                    .or_else(|| survey_on.map(str::to_string))?;
                Some(i18n::IN_TL_SURVEY.fill(lang, &[("on", &sanitize(&on))]))
            }
            "move_due" => Some(i18n::IN_TL_DUE.fill(lang, &[("due", &due())])),
            "reassign" => {
                let no = self.detail_text("handler")?;
                let name = self.detail_text("handler_name").unwrap_or_default();
                let who = format!("{no} {name}");
                Some(i18n::IN_TL_HANDLER.fill(lang, &[("handler", &sanitize(who.trim()))]))
            }
            "reopen" => {
                if self.detail_text("due_at_survey_day").as_deref() == Some("true") {
                    Some(i18n::IN_TL_DUE_AT_SURVEY_DAY.fill(lang, &[("due", &due())]))
                } else if self.detail_text("due_kept").as_deref() == Some("true") {
                    Some(i18n::IN_TL_DUE_KEPT.fill(lang, &[("due", &due())]))
                } else if let Some(moved) = self.detail_text("due_moved_passed") {
                    Some(
                        i18n::IN_TL_DUE_PASSED
                            .fill(lang, &[("moved", &sanitize(&moved)), ("due", &due())]),
                    )
                } else {
                    // Never moved: the stage's limit counted again from the reopening.
                    self.due_on.as_ref()?;
                    Some(i18n::IN_TL_DUE_RECOUNTED.fill(lang, &[("due", &due())]))
                }
            }
            _ => None,
        }
    }
}

/// A history row's action in words, with what it concerned: the document brought in, the
/// details corrected.
fn event_text(e: &EventRow, lang: Lang) -> String {
    let words = event_words(&e.action, lang);
    let detail: serde_json::Value = e
        .detail
        .as_deref()
        .and_then(|d| serde_json::from_str(d).ok())
        .unwrap_or_default();
    match e.action.as_str() {
        "document_received" => match detail["document"].as_str() {
            Some(code) => format!("{words} {}", document_name(code, lang)),
            None => words,
        },
        "correct_applicant" => {
            let fields: Vec<String> = detail["fields"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|f| f.as_str())
                        .map(|f| field_words(f, lang))
                        .collect()
                })
                .unwrap_or_default();
            if fields.is_empty() {
                words
            } else {
                let sep = i18n::IN_WORD_SEP.get(lang);
                i18n::IN_CORRECTED_FIELDS.fill(lang, &[("fields", &fields.join(sep))])
            }
        }
        _ => words,
    }
}

fn field_words(field: &str, lang: Lang) -> String {
    match field {
        "name" => i18n::IN_F_NAME.get(lang).to_string(),
        "id_number" => i18n::IN_F_ID.get(lang).to_string(),
        "phone" => i18n::IN_F_PHONE.get(lang).to_string(),
        "household" => i18n::IN_F_HOUSEHOLD.get(lang).to_string(),
        other => sanitize(other).into_owned(),
    }
}
