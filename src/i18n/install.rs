//! One-stop new install (燃气新装"一站式", F5).

use super::Msg;

pub const IN_STAGE_ACCEPTED: Msg = Msg::new("受理", "Accepted");
pub const IN_STAGE_SURVEY: Msg = Msg::new("勘察", "Survey");
pub const IN_STAGE_DESIGN: Msg = Msg::new("设计报价", "Design/quote");
pub const IN_STAGE_FEE: Msg = Msg::new("缴费", "Fee");
pub const IN_STAGE_CONSTRUCTION: Msg = Msg::new("施工", "Construction");
pub const IN_STAGE_INSPECTION: Msg = Msg::new("验收", "Inspection");
pub const IN_STAGE_METER: Msg = Msg::new("装表", "Meter");
pub const IN_STAGE_IGNITION: Msg = Msg::new("通气点火", "Ignition");
pub const IN_STAGE_ACCOUNT: Msg = Msg::new("开户", "Account");
pub const IN_STAGE_COMPLETED: Msg = Msg::new("已开户", "Completed");
pub const IN_STAGE_CANCELLED: Msg = Msg::new("已取消", "Cancelled");
pub const IN_ON_HOLD: Msg = Msg::new("暂挂", "On hold");

pub const IN_ACT_BOOK_SURVEY: Msg = Msg::new("预约勘察", "Book survey");
pub const IN_ACT_SURVEY_OK: Msg = Msg::new("勘察可行", "Survey: feasible");
pub const IN_ACT_SURVEY_NO: Msg = Msg::new("勘察不可行", "Survey: not feasible");
pub const IN_ACT_QUOTE: Msg = Msg::new("设计报价", "Design and quote");
pub const IN_ACT_PAY_FEE: Msg = Msg::new("缴纳新装费", "Install fee paid");
pub const IN_ACT_VOID_FEE: Msg = Msg::new("新装费作废", "Install fee voided");
pub const IN_ACT_CONSTRUCTION_DONE: Msg = Msg::new("施工完成", "Construction done");
pub const IN_ACT_INSPECT_PASS: Msg = Msg::new("验收合格", "Inspection passed");
pub const IN_ACT_INSPECT_FAIL: Msg = Msg::new("验收不合格", "Inspection failed");
pub const IN_ACT_METER: Msg = Msg::new("装表", "Meter installed");
pub const IN_ACT_IGNITE: Msg = Msg::new("通气点火", "Ignition");
pub const IN_ACT_OPEN_ACCOUNT: Msg = Msg::new("开户", "Open account");
pub const IN_ACT_HOLD: Msg = Msg::new("暂挂", "Put on hold");
pub const IN_ACT_RESUME: Msg = Msg::new("恢复办理", "Resume");
pub const IN_ACT_CANCEL: Msg = Msg::new("取消申请", "Cancel");
pub const IN_ACT_REOPEN: Msg = Msg::new("重新受理", "Reopen");
pub const IN_ACT_REASSIGN: Msg = Msg::new("改派经办人", "Reassign");
pub const IN_ACT_MOVE_DUE: Msg = Msg::new("调整时限", "Move due date");
pub const IN_ACT_ACCEPT: Msg = Msg::new("受理申请", "Application accepted");

pub const IN_CH_COUNTER: Msg = Msg::new("窗口", "Counter");
pub const IN_CH_HOTLINE: Msg = Msg::new("蓝焰热线", "Blue Flame hotline");
pub const IN_CH_VEHICLE: Msg = Msg::new("流动服务车", "Service vehicle");
pub const IN_CH_DEVELOPER: Msg = Msg::new("开发商批量", "Developer batch");

pub const IN_F_DISTRICT: Msg = Msg::new("区", "District");
pub const IN_F_COMPOUND: Msg = Msg::new("小区", "Compound");
pub const IN_F_BUILDING: Msg = Msg::new("栋", "Building");
pub const IN_F_UNIT: Msg = Msg::new("单元", "Unit");
pub const IN_F_ROOM: Msg = Msg::new("室", "Room");
pub const IN_F_REASON: Msg = Msg::new("原因", "Reason");
pub const IN_F_NOTE: Msg = Msg::new("备注", "Note");
pub const IN_F_NAME: Msg = Msg::new("申请人", "Applicant");
pub const IN_F_ID: Msg = Msg::new("身份证号", "Resident ID");
pub const IN_F_PHONE: Msg = Msg::new("手机", "Mobile");
pub const IN_F_TYPE: Msg = Msg::new("类型", "Type");
pub const IN_F_HOUSEHOLD: Msg = Msg::new("户内人口", "Household size");
pub const IN_F_CHANNEL: Msg = Msg::new("来源", "Arrived by");
pub const IN_F_DOCUMENTS: Msg = Msg::new("已收材料", "Documents seen");
pub const IN_F_PIPE: Msg = Msg::new("管道米数", "Pipe metres");
pub const IN_F_METER_KIND: Msg = Msg::new("表型", "Meter kind");
pub const IN_F_SERIAL: Msg = Msg::new("表号", "Meter serial");

pub const IN_ERR_FINISHED: Msg = Msg::new(
    "申请已{stage}，不能再更改",
    "The application is {stage}; it can no longer change",
);
pub const IN_ERR_ON_HOLD: Msg = Msg::new(
    "申请已暂挂，请先恢复办理",
    "The application is on hold; resume it first",
);
pub const IN_ERR_NOT_ON_HOLD: Msg = Msg::new("申请未暂挂", "The application is not on hold");
pub const IN_ERR_NOT_ALLOWED: Msg = Msg::new(
    "当前环节是{stage}，不能{action}",
    "The application is at {stage}: {action} is not allowed now",
);
pub const IN_ERR_IGNITION: Msg = Msg::new(
    "须先缴费并验收合格，才能通气点火",
    "Ignition needs the fee paid and the inspection passed",
);
pub const IN_ERR_REQUIRED: Msg = Msg::new("请填写{field}", "{field} is required");
pub const IN_ERR_HOUSEHOLD: Msg = Msg::new(
    "户内人口须为 1 到 {max}",
    "Household size must be 1 to {max}",
);
pub const IN_ERR_DISTRICT: Msg = Msg::new("没有这个区：{district}", "No such district: {district}");
pub const IN_ERR_CORE_MISSING: Msg = Msg::new(
    "{document}是必备材料，不能容缺",
    "{document} is a core document and cannot be owed",
);
pub const IN_ERR_UNKNOWN_DOCUMENT: Msg = Msg::new(
    "该客户类型不需要这份材料：{document}",
    "Not a document of this customer type: {document}",
);
pub const IN_ERR_PIPE: Msg = Msg::new(
    "管道长度须为 0 到 {max} 米",
    "Pipe length must be 0 to {max} metres",
);
pub const IN_ERR_SERIAL_IN_USE: Msg = Msg::new(
    "表号 {serial} 已装在户号 {account} 上，请核对表号",
    "Meter {serial} is already on account {account}: check the serial",
);
pub const IN_ERR_SERIAL: Msg = Msg::new(
    "表号须为 6 到 20 位字母或数字",
    "Meter serial: 6 to 20 letters or digits",
);
pub const IN_ERR_DUE_DATE: Msg =
    Msg::new("新的时限须晚于今天", "The new due date must be after today");
pub const IN_ERR_NOT_FOUND: Msg = Msg::new("没有这份申请：{no}", "No such application: {no}");
pub const IN_ERR_MOVED: Msg = Msg::new(
    "{who} 已于 {at} 办理了这一步（{action}），请刷新后再看",
    "{who} already did this step ({action}) at {at}; look again",
);
pub const IN_ERR_DUPLICATE: Msg = Msg::new(
    "该地址或证件已有：{what}。确认仍要受理请再按一次保存。",
    "Already at this address or ID: {what}. Save again to accept anyway.",
);
pub const IN_ERR_NO_QUOTE: Msg = Msg::new(
    "尚未报价，不能收新装费",
    "No quote yet: the install fee cannot be taken",
);
pub const IN_ERR_UNKNOWN_STAFF: Msg = Msg::new(
    "本所没有在职员工 {staff}",
    "No active staff member {staff} at this office",
);
pub const FEE_INSTALL: Msg = Msg::new("新装费", "New install fee");
pub const IN_ACT_DOCUMENT: Msg = Msg::new("补交材料", "Document received");
pub const IN_CLI_HEADER: Msg = Msg::new(
    "申请编号            环节           时限       剩余  申请人   经办人         地址",
    "Application no      Stage          Due        Left  Name     Handler        Address",
);
pub const IN_DUE_LINE: Msg = Msg::new(
    "时限 {due}，剩余 {left} 个工作日",
    "Due {due}, {left} working days left",
);
pub const IN_OWNER_LINE: Msg = Msg::new(
    "首问负责人 {owner}，经办人 {handler}",
    "First contact {owner}, handler {handler}",
);
pub const IN_RECEIPT_VOIDED: Msg = Msg::new(
    "{receipt}（已作废，须重新缴费）",
    "{receipt} (voided: to pay again)",
);
pub const IN_QUOTE_LINE: Msg = Msg::new(
    "报价 {amount} 元，收据 {receipt}",
    "Quote {amount} yuan, receipt {receipt}",
);
pub const IN_OWED_LINE: Msg = Msg::new(
    "待补材料：{document}（{due} 前）",
    "Owed: {document} (by {due})",
);

pub const ACTION_INSTALL_NEW: Msg = Msg::new("新申请", "New");
pub const ACTION_INSTALL_FILTER: Msg = Msg::new("筛选", "Filter");
pub const ACTION_INSTALL_LOOKUP: Msg = Msg::new("查询", "Look up");
pub const ACTION_INSTALL_DOCUMENT: Msg = Msg::new("补材料", "Document");
pub const ACTION_INSTALL_NOTICE: Msg = Msg::new("告知单", "Notice");
pub const ACTION_INSTALL_PRINT: Msg = Msg::new("打印", "Print");

pub const IN_TITLE: Msg = Msg::new("燃气新装", "New installs");
pub const IN_FILTER_MINE: Msg = Msg::new("我的", "Mine");
pub const IN_FILTER_OVERDUE: Msg = Msg::new("超时", "Overdue");
pub const IN_FILTER_OPEN: Msg = Msg::new("全所在办", "Office");
pub const IN_FILTER_STAGE: Msg = Msg::new("环节：{stage}", "Stage: {stage}");
pub const IN_FILTER_BY_STAGE: Msg = Msg::new("按环节", "By stage");
pub const IN_FILTER_FOUND: Msg = Msg::new("查询：{query}", "Found: {query}");
pub const IN_COL_NO: Msg = Msg::new("申请编号", "Application");
pub const IN_COL_STAGE: Msg = Msg::new("环节", "Stage");
pub const IN_COL_DUE: Msg = Msg::new("时限", "Due");
pub const IN_COL_LEFT: Msg = Msg::new("剩余", "Left");
pub const IN_COL_NAME: Msg = Msg::new("申请人", "Name");
pub const IN_COL_ADDRESS: Msg = Msg::new("地址", "Address");
pub const IN_LATE: Msg = Msg::new("超{days}天", "{days}d late");
pub const IN_LEFT: Msg = Msg::new("{days}天", "{days}d");
pub const IN_TODAY: Msg = Msg::new("今天", "today");
pub const IN_EMPTY: Msg = Msg::new(
    "没有申请。按 n 受理新申请。",
    "No applications. Press n for a new one.",
);
pub const IN_NEW_TITLE: Msg = Msg::new("受理新装申请", "New install application");
pub const IN_CHECKLIST: Msg = Msg::new(
    "材料清单（填编号，*为必备）：{list}",
    "Documents (type numbers, * core): {list}",
);
pub const IN_HINT_TYPE: Msg = Msg::new("1 居民  2 商业", "1 residential  2 commercial");
pub const IN_HINT_CHANNEL: Msg = Msg::new(
    "1 窗口  2 蓝焰热线  3 流动服务车  4 开发商批量",
    "1 counter  2 hotline  3 vehicle  4 developer",
);
pub const IN_HINT_DISTRICT: Msg = Msg::new("区：{list}", "Districts: {list}");
pub const IN_ERR_CHOICE: Msg = Msg::new("请填写列出的编号", "Type one of the numbers listed");
pub const IN_DUPLICATE_TITLE: Msg = Msg::new("注意：已有记录", "Already on file");
pub const IN_NOTICE_TITLE: Msg = Msg::new(
    "燃气新装一次性告知单",
    "One-time notice: new gas connection",
);
pub const IN_NOTICE_NO: Msg = Msg::new(
    "申请编号 {no}  受理日期 {day}",
    "Application {no}, accepted {day}",
);
pub const IN_NOTICE_WHO: Msg = Msg::new(
    "申请人 {name}  手机 {phone}",
    "Applicant {name}, mobile {phone}",
);
pub const IN_NOTICE_OWNER: Msg = Msg::new(
    "首问负责人 {owner}  服务所电话 {phone}",
    "First contact {owner}, office phone {phone}",
);
pub const IN_NOTICE_OWED: Msg = Msg::new("尚需补交的材料：", "Still to bring:");
pub const IN_NOTICE_NOTHING_OWED: Msg = Msg::new(
    "材料已齐全，无需补交。",
    "All documents are in; nothing to bring.",
);
pub const IN_NOTICE_OWED_LINE: Msg = Msg::new("  {document}：{due} 前", "  {document}: by {due}");
pub const IN_NOTICE_PLAN: Msg = Msg::new("办理环节与预计完成日期：", "Stages and expected dates:");
pub const IN_NOTICE_PLAN_LINE: Msg = Msg::new("  {stage}：{due} 前", "  {stage}: by {due}");
pub const IN_NOTICE_FOOT: Msg = Msg::new(
    "进度可凭申请编号、身份证号或手机号在任一服务所查询，无需再跑。",
    "Ask at any office by application number, ID number or mobile; no need to come back to ask.",
);
pub const IN_NOTICE_FEE: Msg = Msg::new(
    "报价 {amount} 元，请到收费窗口缴纳。",
    "Quote {amount} yuan, paid at the cash desk.",
);
pub const IN_PRINTED: Msg = Msg::new("告知单已送打印", "Notice sent to the printer");
pub const IN_ACCEPTED: Msg = Msg::new("已受理 {no}", "Accepted {no}");
pub const IN_STEP_SAVED: Msg = Msg::new("已记录：{action}", "Recorded: {action}");
pub const IN_ACCOUNT_OPENED: Msg = Msg::new("已开户，户号 {account}", "Account {account} opened");
pub const IN_FEE_PAID: Msg = Msg::new(
    "新装费已收，收据 {receipt}",
    "Install fee taken, receipt {receipt}",
);
pub const IN_ERR_TICKET_NOT_SERVED: Msg = Msg::new(
    "{ticket} 号不在本窗口办理中，不能据此受理",
    "Ticket {ticket} is not being served at this counter",
);
/// The queue ticket an application was taken from: its number, office and business day.
pub const IN_FROM_TICKET_LINE: Msg = Msg::new(
    "排队号 {ticket}（{office} {day}）",
    "Queue ticket {ticket} ({office}, {day})",
);
/// Said as the fee form opens at a counter with no open cash shift; `desk` and `key` are
/// the live keys of the cash desk and of opening a shift there.
pub const IN_FEE_NO_SHIFT: Msg = Msg::new(
    "本窗口尚未开班，不能收费：请按 {desk} 到收费台，按 {key} 开班（录入备用金）",
    "No shift open at this counter: press {desk} for the cash desk, then {key} to open one (enter the float)",
);
pub const IN_VIEW_ACTIONS: Msg = Msg::new(
    "可办理（上下选择，回车办理）：",
    "Actions (up/down, Enter):",
);
pub const IN_VIEW_NO_ACTIONS: Msg = Msg::new(
    "此申请无可办理的步骤。",
    "Nothing to do on this application.",
);
pub const IN_VIEW_TIMELINE: Msg = Msg::new("办理记录", "Timeline");
pub const IN_VIEW_HOLD: Msg = Msg::new("暂挂中，时限暂停计算", "On hold: the clock is stopped");
pub const IN_F_DATE: Msg = Msg::new("日期", "Date");
pub const IN_F_METHOD: Msg = Msg::new("付款方式", "Payment method");
pub const IN_F_REFERENCE: Msg = Msg::new("交易参考号", "Reference");
pub const IN_F_STAFF: Msg = Msg::new("经办人工号", "Handler staff no");
pub const IN_F_DOCUMENT: Msg = Msg::new("材料编号", "Document number");
pub const IN_HINT_METER: Msg = Msg::new(
    "表型：1 IC卡表  2 机械表  3 物联网表",
    "Meter: 1 IC card  2 mechanical  3 IoT",
);
pub const IN_HINT_METHOD: Msg = Msg::new(
    "1 现金  2 银行卡  3 微信  4 支付宝；金额 {amount} 元",
    "1 cash  2 bank card  3 WeChat  4 Alipay; {amount} yuan",
);
pub const IN_HINT_DATE: Msg = Msg::new("日期格式 YYYY-MM-DD（年-月-日）", "Date as YYYY-MM-DD");
pub const IN_HINT_DOCS: Msg = Msg::new("待补材料：{list}", "Owed: {list}");
pub const IN_ERR_DATE: Msg = Msg::new(
    "日期格式为 YYYY-MM-DD（年-月-日，月、日各两位）",
    "Write the date as YYYY-MM-DD (two-digit month and day)",
);
pub const IN_ERR_NUMBER: Msg = Msg::new("请填写数字", "Type a number");
pub const IN_CAL_RUNS_OUT: Msg = Msg::new(
    "工作日历只排到 {year} 年，{days} 天后只按周末计算，请管理员补充",
    "The working-day calendar ends with {year}; in {days} days only weekends count. Ask the administrator to add the next year",
);
pub const IN_CAL_ASSUMED: Msg = Msg::new(
    "工作日历中 {year} 年的节假日是假设的，国务院公布安排后请管理员更新 data/workdays.toml",
    "The working-day calendar's {year} holidays are assumed; update data/workdays.toml when the State Council publishes them",
);
pub const IN_ERR_SURVEY_DATE: Msg = Msg::new(
    "勘察日期不能早于今天",
    "The survey cannot be booked for a day gone by",
);
pub const IN_ERR_NO_OFFICE: Msg = Msg::new(
    "请以本所员工身份登录后办理",
    "Log in as a staff member of an office to do this",
);
pub const IN_FROM_TICKET: Msg = Msg::new("正在办理 {ticket} 号。", "Serving ticket {ticket}.");
pub const IN_CLI_COUNT: Msg = Msg::new(
    "共 {count} 份申请（剩余：工作日，负数为超时）",
    "Applications: {count} (left: working days, negative when late)",
);
