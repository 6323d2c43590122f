//! Catalog: the counter's queue screen (F2) and the manager panel.

use super::Msg;

pub const QS_SCREEN_TITLE: Msg = Msg::new(
    "叫号 · {counter}号窗口（{services}）· {mode}",
    "Queue · counter {counter} ({services}) · {mode}",
);
pub const QS_LOADING: Msg = Msg::new("正在读取……", "Loading…");
pub const QS_IDLE_OPEN: Msg = Msg::new(
    "窗口空闲：按 n 叫下一位",
    "Counter free: press n to call the next customer",
);
pub const QS_IDLE_PAUSED: Msg = Msg::new(
    "窗口已暂停：按 o 重新开放",
    "Counter paused: press o to open it again",
);
pub const QS_IDLE_CLOSED: Msg = Msg::new(
    "窗口未开放：按 o 开窗",
    "Counter closed: press o to open it",
);
pub const QS_NO_DAY_HINT: Msg = Msg::new(
    "今日营业尚未开始：第一张取号或所长开业后即可叫号",
    "No business day open yet: the first ticket or a manager opens it",
);
pub const QS_CALLED_AGO: Msg = Msg::new("已叫 {minutes} 分钟", "called {minutes} min ago");
pub const QS_RECALLS: Msg = Msg::new("重呼 {count}/{cap}", "recalls {count}/{cap}");
pub const QS_PRIORITY_MARK: Msg = Msg::new("【优先】", "[priority]");
pub const QS_ARRIVED_AGO: Msg = Msg::new("已到 {minutes} 分钟", "here for {minutes} min");
pub const QS_NOT_ARRIVED: Msg = Msg::new("未到窗口", "not arrived yet");
pub const QS_WHY: Msg = Msg::new("叫号原因：{why}", "Why this ticket: {why}");
pub const QS_OWNER_LINE: Msg = Msg::new(
    "首问负责：{owner}   户号：{account}   候时 {waited} 分钟",
    "First contact: {owner}   account: {account}   waited {waited} min",
);
pub const QS_WAITING_FOR_ME: Msg = Msg::new(
    "本窗口可叫：{count} 人等候",
    "Waiting for this counter: {count}",
);
pub const QS_NEXT_UP: Msg = Msg::new("下一位：{number} · {why}", "Next: {number} · {why}");
pub const QS_STALE_DAY: Msg = Msg::new(
    "注意：{day} 的营业日尚未日结，请所长关闭",
    "Note: the business day {day} was never closed; a manager must close it",
);
pub const QS_NO_PARKED: Msg = Msg::new("没有暂挂的号", "No parked tickets");
pub const QS_PARKED: Msg = Msg::new("暂挂", "Parked");
pub const QS_OWNER: Msg = Msg::new("首问负责", "First contact");
pub const QS_CONFIRM_CALL_TITLE: Msg =
    Msg::new("先办结当前号？", "Finish the current ticket first?");
pub const QS_CONFIRM_CALL_BODY: Msg = Msg::new(
    "{number} 仍在办理。办结后再叫下一位，或留在当前。",
    "{number} is still being served. Finish it and call the next, or stay.",
);
pub const QS_CONFIRM_CALL_HINT: Msg = Msg::new(
    "Enter/f 办结并叫号   Esc 留在当前",
    "Enter/f finish and call   Esc stay",
);
pub const QS_CHOOSE_OUTCOME: Msg = Msg::new("办结：办理了什么业务？", "Finish: what was done?");
pub const QS_CHOOSE_OUTCOME_HINT: Msg =
    Msg::new("按数字选择   Esc 取消", "Press a number   Esc cancel");
pub const QS_FINISH_TITLE: Msg = Msg::new("办结 · {outcome}", "Finish · {outcome}");
pub const QS_TRANSFER_TITLE: Msg = Msg::new(
    "转移：改业务（{services}）或指定窗口",
    "Move to another service ({services}) or counter",
);
pub const QS_CALL_NUMBER_TITLE: Msg = Msg::new(
    "插队叫号（须填写原因）",
    "Call a number out of order (reason required)",
);
pub const QS_PARK_TITLE: Msg = Msg::new("暂挂当前号", "Park the current ticket");
pub const QS_QUICK_SERVE_TITLE: Msg = Msg::new(
    "现场办理（无需取号）",
    "Walk-in: serve now without a ticket",
);
pub const QS_LABEL_ACCOUNT: Msg = Msg::new("户号", "Account");
pub const QS_LABEL_REFERENCE: Msg = Msg::new("业务单号", "Reference");
pub const QS_LABEL_NOTE: Msg = Msg::new("备注", "Note");
pub const QS_LABEL_SERVICE: Msg = Msg::new("业务代码", "Service");
pub const QS_LABEL_COUNTER: Msg = Msg::new("窗口号", "Counter");
pub const QS_LABEL_NUMBER: Msg = Msg::new("号码", "Number");
pub const QS_LABEL_REASON: Msg = Msg::new("原因", "Reason");
pub const QS_BAD_SERVICE_LETTER: Msg = Msg::new(
    "业务代码为一个字母，如 A",
    "A service is one letter, such as A",
);
pub const QS_BAD_COUNTER: Msg = Msg::new("窗口号为数字", "A counter is a number");
pub const QS_BAD_ACCOUNT: Msg = Msg::new(
    "户号为10位数字，或留空",
    "Account: 10 digits, or leave it empty",
);
pub const QS_COUNTER_NOW: Msg = Msg::new("{counter} 号窗口：{mode}", "Counter {counter}: {mode}");
pub const QS_DONE: Msg = Msg::new("已保存：{number}", "Saved: {number}");
pub const QS_CALLED: Msg = Msg::new(
    "请 {number} 到 {counter} 号窗口",
    "Calling {number} to counter {counter}",
);
pub const QS_PANEL_TITLE: Msg = Msg::new("全所概况（所长）", "Office overview (manager)");
pub const QS_PANEL_MANAGERS_ONLY: Msg = Msg::new(
    "全所概况仅限所长查看",
    "The office overview is for managers",
);
pub const QS_WAITING_LINE: Msg = Msg::new("等候：{list}", "Waiting: {list}");
pub const QS_LONGEST: Msg = Msg::new(
    "等候最久：{number}（{minutes} 分钟）",
    "Longest wait: {number} ({minutes} min)",
);
pub const QS_LONGEST_NONE: Msg = Msg::new("无人等候", "Nobody waiting");
pub const QS_TODAY_FIGURES: Msg = Msg::new(
    "今日已办 {served}   过号 {no_show}   达标率 {share}   暂挂 {parked}",
    "Served today {served}   no-shows {no_show}   within target {share}   parked {parked}",
);
pub const QS_STALE_PANEL: Msg = Msg::new(
    "营业日未按时日结：请关闭旧营业日",
    "An old business day is still open: close it",
);
pub const QS_COL_COUNTER: Msg = Msg::new("窗口", "Counter");
pub const QS_COL_STATE: Msg = Msg::new("状态", "State");
pub const QS_COL_STAFF: Msg = Msg::new("人员", "Staff");
pub const QS_COL_SERVING: Msg = Msg::new("办理中", "Serving");
pub const QS_COL_FOR: Msg = Msg::new("时长", "For");
pub const QS_MINUTES: Msg = Msg::new("{minutes} 分钟", "{minutes} min");
