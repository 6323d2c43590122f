//! F5 after intake, apart from the stage steps: the correction form of the applicant's
//! details, why `d` or `e` cannot be used on an application, what is owed (or was never
//! brought, once the application is finished) and a history row in words.

use crate::db::install::AppView;
use crate::domain::install::{Stage, document_name};
use crate::domain::mask::mask_name;
use crate::domain::role::{Permission, Role};
use crate::i18n::{self, Lang};
use crate::tui::widgets::form::Field;

/// The correction form: name, resident ID, mobile, household size, reason. A blank field
/// keeps what is on file.
pub fn correct_fields() -> Vec<Field> {
    vec![
        Field::text(i18n::IN_F_NAME, crate::domain::text::NAME_MAX_CHARS),
        Field::text(i18n::IN_F_ID, 18),
        Field::text(i18n::IN_F_PHONE, 11),
        Field::text(i18n::IN_F_HOUSEHOLD, 2),
        Field::text(i18n::IN_F_REASON, 100),
    ]
}

/// Name, mobile, resident ID and household size on file, masked as on screen.
pub fn on_file(v: &AppView) -> [String; 4] {
    [
        mask_name(&v.name),
        v.phone.clone(),
        v.id_number.clone(),
        v.household.to_string(),
    ]
}

pub fn correct_hint(on_file: &[String; 4], lang: Lang) -> String {
    i18n::IN_HINT_CORRECT.fill(
        lang,
        &[
            ("name", &on_file[0]),
            ("phone", &on_file[1]),
            ("id", &on_file[2]),
            ("household", &on_file[3]),
        ],
    )
}

/// Why `d` (owed documents brought in) cannot be used on `v` by `role`, or `None`.
pub fn document_refusal(v: &AppView, role: Role, lang: Lang) -> Option<String> {
    let why = match v.stage() {
        Stage::Completed => i18n::IN_DOC_FINISHED,
        Stage::Cancelled => i18n::IN_DOC_CANCELLED,
        _ if !role.allows(Permission::CounterWork) => i18n::IN_DOC_NOT_YOURS,
        _ if v.owed().next().is_none() => i18n::IN_DOC_NOTHING_OWED,
        _ => return None,
    };
    Some(why.get(lang).to_string())
}

/// Why `e` (correct the applicant) cannot be used on `v` by `role`, or `None`. The store
/// also refuses staff of another office.
pub fn correct_refusal(v: &AppView, role: Role, lang: Lang) -> Option<String> {
    let why = match v.stage() {
        Stage::Completed => i18n::IN_CORRECT_FINISHED,
        Stage::Cancelled => i18n::IN_CORRECT_CANCELLED,
        _ if !role.allows(Permission::CounterWork) => i18n::IN_DOC_NOT_YOURS,
        _ => return None,
    };
    Some(why.get(lang).to_string())
}

/// The documents line of the view: what is owed with its date while the application runs;
/// once it is finished, what never came, said as history rather than as a to-do.
pub fn owed_line(v: &AppView, lang: Lang) -> Option<String> {
    let sep = i18n::IN_LIST_SEP.get(lang);
    let stage = v.stage();
    let items: Vec<String> = v
        .owed()
        .map(|d| {
            let name = document_name(&d.code, lang);
            if stage.is_finished() {
                name
            } else {
                i18n::IN_VIEW_OWED_ITEM.fill(
                    lang,
                    &[
                        ("document", &name),
                        ("due", &d.due_on.clone().unwrap_or_default()),
                    ],
                )
            }
        })
        .collect();
    if items.is_empty() {
        return None;
    }
    let list = items.join(sep);
    let msg = match stage {
        Stage::Completed => i18n::IN_VIEW_NEVER_RECEIVED,
        Stage::Cancelled => i18n::IN_VIEW_NOT_RECEIVED_CANCELLED,
        _ => i18n::IN_VIEW_OWED,
    };
    Some(msg.fill(lang, &[("list", &list)]))
}
