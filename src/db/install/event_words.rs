//! The words a timeline row adds to its action: the day a survey was booked for, the new
//! handler of a reassignment, a moved due date, what a reopening did with the due date
//! (kept, counted again, or held at the booked survey day).

use super::view::EventRow;
use crate::domain::text::sanitize;
use crate::i18n::{self, Lang};

impl EventRow {
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
