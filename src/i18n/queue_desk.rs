//! Catalog: the counter's queue screen (F2) and the manager panel — the waiting list,
//! what each step did, the questions asked first, day close, the counter choice, and
//! the board and kiosk after the day is closed.
use super::Msg;

// --- why a ticket is at the counter ---
pub const QD_WHY_WALK_IN: Msg = Msg::new(
    "现场办理（未排队，直接办理）",
    "walk-in, served without a ticket wait",
);

// --- keys ---
pub const ACTION_OPEN_CUSTOMER: Msg = Msg::new("客户", "Customer");
pub const ACTION_TICKET_INSTALL: Msg = Msg::new("新装申请", "New install");
pub const ACTION_CLOSE_DAY: Msg = Msg::new("日终", "Close day");

// --- what a step did, on the clerk's message line ---
pub const QD_RECALLED: Msg = Msg::new(
    "已重呼 {number}（第 {nth} 次）",
    "Recalled {number} the {nth} time",
);
pub const QD_NO_SHOW: Msg = Msg::new("{number} 已记为过号", "{number} marked no-show");
pub const QD_ARRIVED: Msg = Msg::new("{number} 已到窗口，开始办理", "{number} is at the counter");
pub const QD_PARKED: Msg = Msg::new("{number} 已暂挂：{note}", "{number} parked: {note}");
pub const QD_PARKED_NO_NOTE: Msg = Msg::new("{number} 已暂挂", "{number} parked");
pub const QD_MOVED_SERVICE: Msg =
    Msg::new("{number} 已转至 {service}", "{number} moved to {service}");
pub const QD_MOVED_COUNTER: Msg = Msg::new(
    "{number} 已转至 {counter} 号窗口",
    "{number} moved to counter {counter}",
);
pub const QD_MOVED_BOTH: Msg = Msg::new(
    "{number} 已转至 {counter} 号窗口（{service}）",
    "{number} moved to counter {counter} ({service})",
);
pub const QD_FINISHED: Msg = Msg::new("{number} 已办结：{outcome}", "{number} finished: {outcome}");
pub const QD_WALK_IN: Msg = Msg::new(
    "现场办理 {number}（{counter} 号窗口，不上屏叫号）",
    "Walk-in {number} served at counter {counter} (not announced)",
);
pub const QD_DAY_CLOSED_DONE: Msg = Msg::new(
    "{day} 营业日已日终：{tickets} 个未办结的号已关闭",
    "Business day {day} closed: {tickets} open tickets ended",
);
pub const QD_COUNTER_CHOSEN: Msg = Msg::new(
    "本次登录在 {counter} 号窗口（业务 {services}）",
    "Working at counter {counter} (services {services}) this session",
);
pub const QD_NO_CUSTOMER_FOR_PHONE: Msg = Msg::new(
    "没有登记电话 {phone} 的客户",
    "No customer has the phone {phone}",
);

// --- questions asked first ---
pub const QD_CONFIRM_HINT: Msg = Msg::new("Enter/y 确定   Esc/n 取消", "Enter/y yes   Esc/n no");
pub const QD_CONFIRM_NO_SHOW_TITLE: Msg = Msg::new("记为过号？", "Mark as no-show?");
pub const QD_CONFIRM_NO_SHOW_BODY: Msg = Msg::new(
    "{number} 刚叫号，还没有重呼过，客户可能正在过来。",
    "{number} was just called and not yet recalled: the customer may be on the way.",
);
pub const QD_CONFIRM_CLOSE_TITLE: Msg = Msg::new("关闭窗口？", "Close the counter?");
pub const QD_CONFIRM_CLOSE_BODY: Msg = Msg::new(
    "{counter} 号窗口关闭后不再叫号，直到再次开窗。",
    "Counter {counter} calls nobody until it is opened again.",
);
pub const QD_CONFIRM_CLOSE_DAY_TITLE: Msg = Msg::new("日终关闭？", "Close the business day?");
pub const QD_CONFIRM_CLOSE_DAY_BODY: Msg = Msg::new(
    "关闭 {day} 营业日：{waiting} 个等候、{parked} 个暂挂的号将结束，所有窗口关闭，今天不能再取号。",
    "Closing {day} ends {waiting} waiting and {parked} parked tickets, closes every counter; no more tickets today.",
);

// --- the waiting list and the parked list ---
pub const QD_PICK_TITLE: Msg = Msg::new(
    "插队叫号：选择号码（↑↓ 回车）",
    "Call out of order: pick a ticket (↑↓ Enter)",
);
pub const QD_CALL_TICKET_TITLE: Msg = Msg::new(
    "插队叫 {number}：请填写原因",
    "Call {number} out of order: the reason",
);
pub const QD_COL_WAITING: Msg = Msg::new("本窗口等候", "Waiting here");
pub const QD_COL_WAITED: Msg = Msg::new("已等", "Waited");
pub const QD_PRIORITY: Msg = Msg::new("优先", "prio");
pub const QD_COL_NOTE: Msg = Msg::new("暂挂备注", "Note");
pub const QD_NOBODY_WAITING: Msg = Msg::new("本窗口无人等候", "Nobody waiting for this counter");

// --- the manager panel ---
pub const QD_UNSERVED: Msg = Msg::new(
    "⚠ {service} 业务 {waiting} 人等候，没有开放的窗口：{number} 已等 {minutes} 分钟{paused}",
    "! {service}: {waiting} waiting, no open counter; {number} waited {minutes} min{paused}",
);
pub const QD_UNSERVED_PAUSED: Msg = Msg::new("（暂停中：{counters}）", "; paused: {counters}");
pub const QD_COL_SHIFT: Msg = Msg::new("收费班次", "Cash shift");
pub const QD_SHIFT_AT: Msg = Msg::new("{counter} 号窗口", "counter {counter}");
pub const QD_SHIFT_OPENED: Msg = Msg::new("{time} 开班", "opened {time}");
pub const QD_NO_SHIFTS: Msg = Msg::new("今日没有收费班次", "No cash shifts today");
pub const QD_DAY_CLOSED_PANEL: Msg =
    Msg::new("{day} 营业日已日终关闭", "Business day {day} is closed");

// --- after the day is closed ---
pub const QD_COUNTER_DAY_CLOSED: Msg = Msg::new(
    "今日（{day}）已日终关闭，不再叫号",
    "Today ({day}) is closed: no more calls",
);
pub const QD_BOARD_DAY_CLOSED: Msg = Msg::new("今日已结束营业", "Closed for today");
pub const QD_KIOSK_DAY_CLOSED: Msg = Msg::new(
    "今日已结束营业，请明天再来",
    "We are closed for today. Please come back tomorrow.",
);

// --- a staff member without a counter ---
pub const QD_CHOOSE_COUNTER_TITLE: Msg = Msg::new("选择窗口", "Choose a counter");
pub const QD_CHOOSE_COUNTER_BODY: Msg = Msg::new(
    "您的工号没有固定窗口。请选择本次所在的窗口（按窗口号，或 ↑↓ 回车）：",
    "Your login has no counter of its own. Choose the one you sit at (its number, or ↑↓ Enter):",
);
pub const QD_COUNTER_ROW: Msg = Msg::new(
    "{counter} 号窗口   业务 {services}",
    "Counter {counter}   services {services}",
);
