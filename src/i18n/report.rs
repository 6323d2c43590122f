//! Reports (报表, F8): the day-end (日结) and the period report.

use super::Msg;

// Business figures (one per provider line).
pub const RPT_DAYS: Msg = Msg::new(
    "营业日数（服务车：出车次数）",
    "Business days (vehicle: trips)",
);
pub const RPT_TICKETS: Msg = Msg::new("取号", "Tickets issued");
pub const RPT_SERVED: Msg = Msg::new("办结", "Served");
pub const RPT_NO_SHOWS: Msg = Msg::new("过号", "No-shows");
pub const RPT_ENQUIRIES: Msg = Msg::new("咨询", "Enquiries");
pub const RPT_OTHER_BUSINESS: Msg = Msg::new("其他业务", "Other business");
pub const RPT_PAYMENTS: Msg = Msg::new("缴费笔数", "Payments");
pub const RPT_PAYMENTS_FEN: Msg = Msg::new("缴费金额（元）", "Payments (yuan)");
pub const RPT_TOP_UPS: Msg = Msg::new("购气笔数", "Top-ups");
pub const RPT_TOP_UP_M3: Msg = Msg::new("购气气量（m³）", "Top-ups (m³)");
pub const RPT_TOP_UP_FEN: Msg = Msg::new("购气金额（元）", "Top-ups (yuan)");
pub const RPT_ADVANCES: Msg = Msg::new("预存笔数", "Advances");
pub const RPT_ADVANCES_FEN: Msg = Msg::new("预存金额（元）", "Advances (yuan)");
pub const RPT_FEES: Msg = Msg::new("收费笔数", "Fees");
pub const RPT_FEES_FEN: Msg = Msg::new("收费金额（元）", "Fees (yuan)");
pub const RPT_REVERSALS: Msg = Msg::new("冲正笔数（作废、退款）", "Reversals (voids, refunds)");
pub const RPT_REVERSALS_FEN: Msg = Msg::new("冲正金额（元）", "Reversals (yuan)");
pub const RPT_NET_FEN: Msg = Msg::new("实收合计（元）", "Net taken (yuan)");
pub const RPT_CARE_VISITS: Msg = Msg::new("关爱走访", "Care visits");
pub const RPT_HAZARDS_FOUND: Msg = Msg::new("发现隐患", "Hazards found");
pub const RPT_INSTALLS_RECEIVED: Msg = Msg::new("新装受理", "New installs received");
pub const RPT_INSTALLS_ADVANCED: Msg = Msg::new("新装推进环节", "New-install stages advanced");
pub const RPT_INSTALLS_IGNITED: Msg = Msg::new("新装通气点火", "New installs lit");
pub const RPT_INSTALLS_OPENED: Msg = Msg::new("新装开户", "New-install accounts opened");
pub const RPT_INSTALLS_OVERDUE: Msg = Msg::new("新装超时（期末）", "New installs overdue (at end)");
pub const RPT_TRANSFERS: Msg = Msg::new("过户办结", "Transfers completed");
pub const RPT_TRANSFERS_BACK: Msg = Msg::new("其中过户转回", "of which transfers back");

pub const RPT_KIND_VOID: Msg = Msg::new("作废", "void");
pub const RPT_KIND_REFUND: Msg = Msg::new("退款", "refund");

// Queue columns.
pub const RPT_Q_ISSUED: Msg = Msg::new("取号", "Issued");
pub const RPT_Q_SERVED: Msg = Msg::new("办结", "Served");
pub const RPT_Q_NO_SHOW: Msg = Msg::new("过号", "No-show");
pub const RPT_Q_MOVED: Msg = Msg::new("转移", "Moved");
pub const RPT_Q_WAIT_P50: Msg = Msg::new("等候中位(分)", "Wait p50 (min)");
pub const RPT_Q_WAIT_P90: Msg = Msg::new("等候P90(分)", "Wait p90 (min)");
pub const RPT_Q_WITHIN: Msg = Msg::new("达标率", "Within target");

// The day-end.
pub const RPT_DAY_TITLE: Msg = Msg::new("日结报表 {office} {date}", "Day-end {office} {date}");
pub const RPT_STATUS_CLOSED: Msg = Msg::new(
    "已日结 {at}（{by}），报表已封存",
    "Closed {at} ({by}); the report is frozen",
);
pub const RPT_STATUS_OPEN: Msg = Msg::new(
    "营业中：数字随业务变化，日结时封存",
    "Open: the figures change until the day is closed and frozen",
);
pub const RPT_HEAD_AT_CLOSE_NONE: Msg = Msg::new("日结时记录", "Recorded at close");
pub const RPT_SHEET_SUMMARY: Msg = Msg::new("概况", "Summary");
pub const RPT_COL_ITEM: Msg = Msg::new("项目", "Item");
pub const RPT_COL_VALUE: Msg = Msg::new("数值", "Value");
pub const RPT_OFFICE: Msg = Msg::new("服务所", "Office");
pub const RPT_DATE: Msg = Msg::new("营业日", "Business day");
pub const RPT_OPENED: Msg = Msg::new("开始营业", "Opened");
pub const RPT_STATUS: Msg = Msg::new("状态", "Status");
pub const RPT_AUDIT_HEAD: Msg = Msg::new("日结时审计链头", "Audit chain head at close");
pub const RPT_OFFICE_TOTAL: Msg = Msg::new("本所合计", "Office total");
pub const RPT_OFFICE_TOTAL_ALL: Msg = Msg::new("合计", "Total");
pub const RPT_SHEET_CASH: Msg = Msg::new("现金", "Cash");
pub const RPT_CASH_TITLE: Msg = Msg::new(
    "现金：各窗口、各班次按支付方式（应有、实点、长短款）",
    "Cash by counter, shift and method (expected, counted, over/under)",
);
pub const RPT_COL_COUNTER: Msg = Msg::new("窗口", "Counter");
pub const RPT_COL_STAFF: Msg = Msg::new("员工", "Staff");
pub const RPT_COL_METHOD: Msg = Msg::new("方式", "Method");
pub const RPT_COL_RECEIPTS: Msg = Msg::new("笔数", "Receipts");
pub const RPT_COL_EXPECTED: Msg = Msg::new("应有", "Expected");
pub const RPT_COL_COUNTED: Msg = Msg::new("实点", "Counted");
pub const RPT_COL_OVER_UNDER: Msg = Msg::new("长短款", "Over/under");
pub const RPT_COL_REASON: Msg = Msg::new("原因", "Reason");
pub const RPT_SHEET_REVERSALS: Msg = Msg::new("冲正", "Reversals");
pub const RPT_REVERSALS_TITLE: Msg = Msg::new(
    "作废与退款（申请人、批准人）",
    "Voids and refunds (requester, approver)",
);
pub const RPT_COL_RECEIPT: Msg = Msg::new("收据号", "Receipt");
pub const RPT_COL_KIND: Msg = Msg::new("类别", "Kind");
pub const RPT_COL_ORIGINAL: Msg = Msg::new("原收据", "Original");
pub const RPT_COL_AMOUNT: Msg = Msg::new("金额", "Amount");
pub const RPT_COL_REQUESTER: Msg = Msg::new("申请人", "Requester");
pub const RPT_COL_APPROVER: Msg = Msg::new("批准人", "Approver");
pub const RPT_SHEET_RECEIPTS: Msg = Msg::new("收据号", "Receipt numbers");
pub const RPT_RECEIPTS_TITLE: Msg = Msg::new("当日使用的收据号", "Receipt numbers used");
pub const RPT_COL_FIRST: Msg = Msg::new("起", "First");
pub const RPT_COL_LAST: Msg = Msg::new("止", "Last");
pub const RPT_COL_COUNT: Msg = Msg::new("张数", "Count");
pub const RPT_COL_MISSING: Msg = Msg::new("缺号", "Missing");
pub const RPT_NONE_MISSING: Msg = Msg::new("无缺号", "none missing");
pub const RPT_SHEET_CARDS: Msg = Msg::new("待写卡", "Card writes");
pub const RPT_CARDS_TITLE: Msg = Msg::new("尚未写卡的购气", "Card writes still pending");
pub const RPT_COL_METER: Msg = Msg::new("表号", "Meter");
pub const RPT_COL_STATE: Msg = Msg::new("状态", "State");
pub const RPT_COL_ATTEMPTS: Msg = Msg::new("次数", "Attempts");
pub const RPT_COL_M3: Msg = Msg::new("气量(m³)", "m³");
pub const RPT_SHEET_QUEUE: Msg = Msg::new("排队", "Queue");
pub const RPT_QUEUE_TITLE: Msg = Msg::new("排队：按业务", "Queue by service");
pub const RPT_COL_SERVICE: Msg = Msg::new("业务", "Service");
pub const RPT_SHEET_SLOTS: Msg = Msg::new("时段", "Slots");
pub const RPT_SLOTS_TITLE: Msg = Msg::new("排队：每30分钟", "Queue per 30 minutes");
pub const RPT_COL_SLOT: Msg = Msg::new("时段", "Slot");
pub const RPT_SHEET_COUNTERS: Msg = Msg::new("窗口", "Counters");
pub const RPT_COUNTERS_TITLE: Msg = Msg::new("排队：按窗口", "Queue by counter");
pub const RPT_SHEET_STAFF: Msg = Msg::new("员工", "Staff");
pub const RPT_STAFF_TITLE: Msg = Msg::new("排队：按员工", "Queue by staff member");
pub const RPT_SHEET_BUSINESS: Msg = Msg::new("业务量", "Business");
pub const RPT_BUSINESS_TITLE: Msg = Msg::new("业务量", "Business");

// The period report.
pub const RPT_PERIOD_TITLE: Msg =
    Msg::new("期间报表 {from} 至 {to}", "Period report {from} to {to}");
pub const RPT_PERIOD_SPAN: Msg = Msg::new("{from} 至 {to}", "{from} to {to}");
pub const RPT_SHEET_PERIOD: Msg = Msg::new("期间合计", "Period");

// Refusals.
pub const RPT_NOT_ALLOWED: Msg = Msg::new(
    "报表只给所长和管理员看",
    "Reports are for managers and administrators",
);
pub const RPT_OTHER_OFFICE: Msg = Msg::new(
    "所长只能看本所的报表（本所是 {office}）",
    "A manager sees only their own office's reports (theirs is {office})",
);
pub const RPT_NO_DAY: Msg = Msg::new(
    "{office} 在 {date} 没有营业日",
    "{office} had no business day on {date}",
);
pub const RPT_BAD_DATE: Msg = Msg::new(
    "日期应为 YYYY-MM-DD：{date}",
    "A date is YYYY-MM-DD: {date}",
);
pub const RPT_BAD_RANGE: Msg = Msg::new(
    "起始日期晚于截止日期，或跨度超过 {years} 年",
    "The start is after the end, or the range is over {years} years",
);
pub const RPT_BAD_OFFICE: Msg = Msg::new(
    "没有这个服务所：{office}（写编号或 all）",
    "No such office: {office} (an id, or all)",
);
pub const RPT_XLSX_TO_FILE: Msg = Msg::new(
    "xlsx 是文件：请用 --out 文件名，或重定向到文件",
    "xlsx is a file: give --out FILE, or redirect to a file",
);
pub const RPT_WRITTEN: Msg = Msg::new("已写入 {path}", "Written to {path}");

// The F8 screen.
pub const ACTION_REPORT_PREV: Msg = Msg::new("往前", "Earlier");
pub const ACTION_REPORT_NEXT: Msg = Msg::new("往后", "Later");
pub const ACTION_REPORT_VIEW: Msg = Msg::new("日结期间", "Day/period");
pub const ACTION_REPORT_OFFICE: Msg = Msg::new("服务所", "Office");
pub const ACTION_REPORT_PRINT: Msg = Msg::new("打印", "Print");
pub const ACTION_SCROLL_RIGHT: Msg = Msg::new("右移", "Right");
pub const ACTION_SCROLL_LEFT: Msg = Msg::new("左移", "Left");
pub const RPT_SCREEN_DAY: Msg = Msg::new(
    "报表·日结 {office} {date} {status}",
    "Day-end {office} {date} {status}",
);
pub const RPT_SCREEN_PERIOD: Msg = Msg::new(
    "报表·期间 {from} 至 {to} {office}",
    "Period {from} to {to} {office}",
);
pub const RPT_SCREEN_CLOSED: Msg = Msg::new("已日结", "closed");
pub const RPT_SCREEN_OPEN: Msg = Msg::new("营业中", "open");
pub const RPT_SCREEN_ALL: Msg = Msg::new("全部服务所", "all offices");
pub const RPT_SCREEN_LOADING: Msg = Msg::new("正在读取……", "Reading…");
pub const RPT_ARRIVALS: Msg = Msg::new("每小时取号", "Tickets per hour");
pub const RPT_WAITS: Msg = Msg::new("等候中位（每30分钟）", "Median wait per 30 min");
pub const RPT_FIG_CASH: Msg = Msg::new(
    "应收 {expected} 实点 {counted} 长短款 {diff}",
    "Cash {expected} counted {counted} diff {diff}",
);
pub const RPT_FIG_RECEIPTS: Msg = Msg::new(
    "收据 {first}–{last} 共{count}张 {missing}",
    "Receipts {first}–{last}, {count}, {missing}",
);
pub const RPT_FIG_NO_RECEIPTS: Msg = Msg::new("当日无收据", "No receipts");
pub const RPT_FIG_REVERSALS: Msg = Msg::new(
    "冲正 {reversals}  待写卡 {pending}",
    "Reversals {reversals}  card writes pending {pending}",
);
pub const RPT_FIG_QUEUE: Msg = Msg::new(
    "取号 {issued} 办结 {served} 过号 {no_show} 转移 {moved}",
    "Issued {issued} served {served} no-show {no_show} moved {moved}",
);
pub const RPT_FIG_WAIT: Msg = Msg::new(
    "等候 中位{p50} P90 {p90}分 达标 {within}",
    "Wait p50 {p50} p90 {p90} min, within {within}",
);
pub const RPT_FIG_NET: Msg = Msg::new("实收合计 {net} 元", "Net taken {net} yuan");
pub const RPT_FIG_HEAD: Msg = Msg::new("审计链头 {head}", "Audit head {head}");
pub const RPT_PRINTED: Msg = Msg::new("报表已送打印：{file}", "Report sent to the printer: {file}");
pub const RPT_SHORT_DAYS: Msg = Msg::new("营业日", "Days");
pub const RPT_SHORT_TICKETS: Msg = Msg::new("取号", "Tickets");
pub const RPT_SHORT_ENQUIRIES: Msg = Msg::new("咨询", "Enquiries");
pub const RPT_SHORT_PAYMENTS: Msg = Msg::new("缴费", "Payments");
pub const RPT_SHORT_TOP_UPS: Msg = Msg::new("购气", "Top-ups");
pub const RPT_SHORT_NET: Msg = Msg::new("实收(元)", "Net (yuan)");
pub const RPT_DEMO_BANNER: Msg = Msg::new("演示数据 — 非正式报表", "DEMO DATA — not a real report");
