//! New installs (F5): who may work on an application (its own office only), a survey
//! booked by its due date, a reopening that counts the due date again.

use super::Msg;

pub const IN_ERR_NOT_THIS_OFFICE: Msg = Msg::new(
    "申请 {no} 属于{office}（{code}）：只有该所的窗口人员和所长可以办理；其他服务所可以查询、查看",
    "Application {no} belongs to {office} ({code}): only its own clerks and managers can work on it; other offices may look it up and read it",
);
pub const IN_VIEW_OTHER_OFFICE: Msg = Msg::new(
    "此申请属于{office}（{code}）：本所可以查看，不能办理。",
    "This application belongs to {office} ({code}): other offices may read it but do no step on it.",
);
pub const IN_ERR_SURVEY_AFTER_DUE: Msg = Msg::new(
    "勘察日期 {on} 晚于勘察时限 {due}：请约在 {due} 或之前；要约更晚，请所长先调整时限",
    "A survey on {on} would be after the survey's due date, {due}: book it for {due} or earlier, or a manager can move the due date first",
);
pub const IN_ERR_DUE_BEFORE_SURVEY: Msg = Msg::new(
    "勘察已约在 {on}：勘察时限不能早于勘察日，请改为 {on} 或之后（而非 {to}）",
    "The survey is booked for {on}: its due date cannot be before that day; choose {on} or later, not {to}",
);
pub const IN_ERR_SURVEY_RESULT_EARLY: Msg = Msg::new(
    "勘察约在 {on}：勘察结果要在 {on} 当天或之后登记",
    "The survey is booked for {on}: record its result on or after {on}",
);
pub const IN_TL_DUE_AT_SURVEY_DAY: Msg = Msg::new(
    "按环节时限重算早于已约勘察日，时限定为勘察日 {due}",
    "due date counted again, but not before the booked survey day: {due}",
);
pub const IN_TL_DUE_RECOUNTED: Msg =
    Msg::new("按环节时限重算为 {due}", "due date counted again: {due}");
