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
pub const IN_TL_DUE_RECOUNTED: Msg =
    Msg::new("按环节时限重算为 {due}", "due date counted again: {due}");
