//! New installs (F5): dates on the working-day calendar, the booked survey, reopening with
//! a moved due date, reassignment, the cancelled view's hint and the Mine list.

use super::Msg;

pub const IN_ERR_WEEKEND: Msg = Msg::new(
    "{day} 是周末，不上班；下一个工作日是 {next}",
    "{day} is a weekend day, not a working day; the next working day is {next}",
);
pub const IN_ERR_HOLIDAY: Msg = Msg::new(
    "{day} 是法定节假日，不上班；下一个工作日是 {next}",
    "{day} is a public holiday, not a working day; the next working day is {next}",
);
pub const IN_ERR_TOO_FAR: Msg = Msg::new(
    "日期太远：最晚 {latest}（今天起 {days} 天内）；更久请暂挂",
    "Too far ahead: {latest} at the latest ({days} days from today); longer is a hold",
);

pub const IN_SURVEY_LINE: Msg = Msg::new("勘察预约 {on}", "Survey booked for {on}");
pub const IN_NOTICE_PLAN_SURVEY: Msg = Msg::new(
    "  {stage}：{on} 上门勘察，{due} 前出结果",
    "  {stage}: site visit on {on}, result by {due}",
);
pub const IN_TL_SURVEY: Msg = Msg::new("约 {on}", "for {on}");
pub const IN_TL_DUE: Msg = Msg::new("时限改为 {due}", "due {due}");
pub const IN_TL_DUE_KEPT: Msg = Msg::new(
    "保留所长调整的时限 {due}",
    "kept the due date a manager set, {due}",
);
pub const IN_TL_DUE_PASSED: Msg = Msg::new(
    "所长调整的时限 {moved} 已过，按环节时限重算为 {due}",
    "the due date a manager set, {moved}, had passed; counted again: {due}",
);
pub const IN_TL_HANDLER: Msg = Msg::new("交 {handler}", "to {handler}");

pub const IN_ERR_HANDLER_ROLE: Msg = Msg::new(
    "{staff} 不能经办新装申请：只能交给本所在职的窗口人员或所长",
    "{staff} cannot handle applications: only active clerks and managers of this office",
);
pub const IN_ERR_HANDLER_OFFICE: Msg = Msg::new(
    "{staff} 不是本所员工：只能交给本所在职的窗口人员或所长",
    "{staff} works at another office: only active clerks and managers of this office",
);
pub const IN_ERR_HANDLER_INACTIVE: Msg = Msg::new(
    "{staff} 已停用：只能交给本所在职的窗口人员或所长",
    "{staff} is no longer active: only active clerks and managers of this office",
);
pub const IN_ERR_HANDLER_ALREADY: Msg =
    Msg::new("{staff} 已是经办人", "{staff} already handles it");

pub const IN_VIEW_REOPEN_HINT: Msg = Msg::new(
    "已取消。所长可以重新受理（须写明原因）：如客户要继续办理，请找所长。",
    "Cancelled. A manager can reopen it (with a reason): if the customer goes on, ask the manager.",
);

pub const IN_COL_MINE: Msg = Msg::new("身份", "As");
pub const IN_MINE_OWNER: Msg = Msg::new("首问", "owner");
pub const IN_MINE_HANDLER: Msg = Msg::new("经办", "handler");
pub const IN_MINE_BOTH: Msg = Msg::new("首问经办", "both");
