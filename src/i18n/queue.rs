//! Catalog: the queue — tickets, counters, the call policy, business days, statistics.
use super::Msg;

// --- ticket states ---
pub const Q_STATE_WAITING: Msg = Msg::new("等候中", "waiting");
pub const Q_STATE_CALLED: Msg = Msg::new("已叫号", "called");
pub const Q_STATE_SERVING: Msg = Msg::new("办理中", "being served");
pub const Q_STATE_PARKED: Msg = Msg::new("暂挂", "parked");
pub const Q_STATE_FINISHED: Msg = Msg::new("已办结", "finished");
pub const Q_STATE_NO_SHOW: Msg = Msg::new("过号", "no-show");
pub const Q_STATE_CLOSED: Msg = Msg::new("日终关闭", "closed at day end");

// --- steps a counter takes ---
pub const Q_STEP_CALL: Msg = Msg::new("叫号", "call");
pub const Q_STEP_RECALL: Msg = Msg::new("重呼", "recall");
pub const Q_STEP_ARRIVE: Msg = Msg::new("确认到达", "confirm arrival");
pub const Q_STEP_PARK: Msg = Msg::new("暂挂", "park");
pub const Q_STEP_RESUME: Msg = Msg::new("恢复", "resume");
pub const Q_STEP_TRANSFER: Msg = Msg::new("转移", "move");
pub const Q_STEP_FINISH: Msg = Msg::new("办结", "finish");
pub const Q_STEP_NO_SHOW: Msg = Msg::new("过号", "mark as no-show");
pub const Q_STEP_CLOSE_DAY: Msg = Msg::new("日终关闭", "close at day end");

// --- event kinds (ticket history) ---
pub const Q_EVENT_ISSUED: Msg = Msg::new("取号", "issued");
pub const Q_EVENT_CALLED: Msg = Msg::new("叫号", "called");
pub const Q_EVENT_CALLED_OUT_OF_ORDER: Msg = Msg::new("插队叫号", "called out of order");
pub const Q_EVENT_RECALLED: Msg = Msg::new("重呼", "recalled");
pub const Q_EVENT_ARRIVED: Msg = Msg::new("已到达", "arrived");
pub const Q_EVENT_PARKED: Msg = Msg::new("暂挂", "parked");
pub const Q_EVENT_RESUMED: Msg = Msg::new("恢复叫号", "resumed");
pub const Q_EVENT_TRANSFERRED: Msg = Msg::new("转移", "moved");
pub const Q_EVENT_FINISHED: Msg = Msg::new("办结", "finished");
pub const Q_EVENT_NO_SHOW: Msg = Msg::new("过号", "no-show");
pub const Q_EVENT_CLOSED: Msg = Msg::new("日终关闭", "closed at day end");

// --- outcomes ---
pub const Q_OUTCOME_PAYMENT: Msg = Msg::new("缴费", "payment");
pub const Q_OUTCOME_TOP_UP: Msg = Msg::new("购气", "top-up");
pub const Q_OUTCOME_NEW_INSTALL: Msg = Msg::new("燃气新装", "new installation");
pub const Q_OUTCOME_TRANSFER: Msg = Msg::new("过户", "ownership transfer");
pub const Q_OUTCOME_ENQUIRY: Msg = Msg::new("咨询", "enquiry");
pub const Q_OUTCOME_CARE_VISIT: Msg = Msg::new("关爱走访", "care visit");
pub const Q_OUTCOME_OTHER: Msg = Msg::new("其他", "other");

// --- counter modes ---
pub const Q_COUNTER_OPEN: Msg = Msg::new("服务中", "open");
pub const Q_COUNTER_PAUSED: Msg = Msg::new("暂停", "paused");
pub const Q_COUNTER_CLOSED: Msg = Msg::new("关闭", "closed");

// --- why the policy chose a ticket ---
pub const Q_WHY_TRANSFERRED: Msg = Msg::new(
    "转至本窗口的号（已等 {waited} 分钟）",
    "moved to this counter (waited {waited} min)",
);
pub const Q_WHY_PRIORITY: Msg = Msg::new(
    "优先通道（已等 {waited} 分钟）",
    "priority lane (waited {waited} min)",
);
pub const Q_WHY_OVER_TARGET: Msg = Msg::new(
    "已等 {waited} 分钟，超过 {target} 分钟的目标",
    "waited {waited} min, over its {target} min target",
);
pub const Q_WHY_ONLY_ONE: Msg = Msg::new(
    "本窗口唯一等候的号（已等 {waited} 分钟）",
    "the only ticket for this counter (waited {waited} min)",
);
pub const Q_WHY_LONGEST: Msg = Msg::new(
    "等候最久（{waited} 分钟）",
    "longest waiting ({waited} min)",
);
pub const Q_WHY_CLOSEST: Msg = Msg::new(
    "已等 {waited} 分钟，最接近 {target} 分钟的目标",
    "waited {waited} of its {target} min target, the closest to target",
);
pub const Q_WHY_OUT_OF_ORDER: Msg = Msg::new("插队叫号：{note}", "called out of order: {note}");
pub const Q_WHY_RESUMED: Msg = Msg::new("从暂挂恢复", "resumed from the parked list");

// --- refusals ---
pub const Q_RECALL_CAP: Msg = Msg::new(
    "已重呼 {max} 次，不能再重呼：请按过号处理",
    "Already recalled {max} times: mark the ticket as a no-show",
);
pub const Q_RECALL_TOO_SOON: Msg = Msg::new(
    "重呼太频繁，请 {seconds} 秒后再试",
    "Too soon to recall: try again in {seconds} s",
);
pub const Q_NO_DAY_OPEN: Msg = Msg::new(
    "本所今天尚未开始营业（没有打开的营业日）",
    "This office has no open business day",
);
pub const Q_DAY_CLOSED: Msg = Msg::new(
    "{day} 的营业日已由所长关闭，今天不再取号",
    "The business day {day} was closed by the manager; no more tickets today",
);
pub const Q_SHIFTS_STILL_OPEN: Msg = Msg::new(
    "还有未结班的收费班次（{clerks}）：请先清点结班，再日终关闭",
    "Cash shifts are still open ({clerks}): count and close them before closing the day",
);
pub const Q_DAY_ALREADY_OPEN: Msg = Msg::new(
    "营业日 {day} 尚未关闭：请先日终关闭它",
    "The business day {day} is still open: close it first",
);
pub const Q_UNKNOWN_SERVICE: Msg = Msg::new(
    "没有业务类别“{service}”，可选：{services}",
    "There is no service \"{service}\"; the services are: {services}",
);
pub const Q_UNKNOWN_COUNTER: Msg = Msg::new(
    "本所没有 {counter} 号窗口",
    "This office has no counter {counter}",
);
pub const Q_NO_COUNTER: Msg = Msg::new(
    "未指定窗口：请用 --counter N 登录，或由管理员为工号设定窗口",
    "No counter chosen: log in with --counter N or have a counter set on your staff record",
);
pub const Q_WRONG_OFFICE: Msg = Msg::new(
    "您不属于 {office} 号服务所，不能操作它的队列",
    "You are not staff of office {office} and cannot work its queue",
);
pub const Q_UNKNOWN_TICKET: Msg = Msg::new("没有号码 {number}", "There is no ticket {number}");
pub const Q_COUNTER_NOT_OPEN: Msg = Msg::new(
    "{counter} 号窗口{mode}，不能叫号：请先开启窗口",
    "Counter {counter} is {mode}: open it before calling",
);
pub const Q_COUNTER_DOES_NOT_CALL: Msg = Msg::new(
    "{counter} 号窗口不办理 {service} 类业务",
    "Counter {counter} does not serve {service}",
);
pub const Q_COUNTER_BUSY: Msg = Msg::new(
    "本窗口还在办理 {number}：请先办结、过号或转移",
    "This counter is still serving {number}: finish, no-show or move it first",
);
pub const Q_NOTHING_WAITING: Msg =
    Msg::new("没有本窗口可叫的号", "Nobody is waiting for this counter");
pub const Q_NOT_WAITING: Msg = Msg::new(
    "{number} 当前状态为“{state}”，不在等候中",
    "{number} is {state}, not waiting",
);
pub const Q_ALREADY_TAKEN: Msg = Msg::new(
    "{number} 已被 {counter} 号窗口叫走",
    "{number} is already being served by counter {counter}",
);
pub const Q_NOT_AT_THIS_COUNTER: Msg =
    Msg::new("{number} 不在本窗口办理", "{number} is not at this counter");
pub const Q_WRONG_STATE: Msg = Msg::new(
    "{number} 当前“{state}”，不能{step}",
    "{number} is {state}: cannot {step}",
);
pub const Q_REASON_REQUIRED: Msg = Msg::new(
    "插队叫号必须填写原因",
    "Calling out of order needs a reason",
);
pub const Q_TRANSFER_NOWHERE: Msg = Msg::new(
    "转移须指定新的业务类别或窗口",
    "A move needs another service or a counter",
);
pub const Q_UNKNOWN_ACCOUNT: Msg = Msg::new("没有户号 {account}", "There is no account {account}");
pub const Q_COUNTER_HAS_TICKET: Msg = Msg::new(
    "{counter} 号窗口还在办理 {number}，不能关闭",
    "Counter {counter} is still serving {number} and cannot close",
);

// --- `gasdesk ticket` ---
pub const Q_TICKET_HEADER: Msg = Msg::new("合肥燃气 {office}", "Hefei Gas {office}");
pub const Q_TICKET_AHEAD: Msg = Msg::new(
    "前面还有 {ahead} 人，预计等候约 {minutes} 分钟",
    "{ahead} ahead of you, about {minutes} min",
);
pub const Q_TICKET_PRIORITY: Msg = Msg::new("优先通道", "Priority lane");
pub const Q_TICKET_FOOTER: Msg = Msg::new(
    "请留意叫号屏，过号需重新取号",
    "Watch the display; a missed call needs a new ticket",
);
pub const Q_TICKET_SPOOL_FAILED: Msg = Msg::new(
    "号票已取，但未能写入打印目录 {path}：{reason}",
    "The ticket was issued but could not be written to the print folder {path}: {reason}",
);
pub const Q_DAY_OPENED: Msg = Msg::new(
    "{office} 营业日 {day} 已开始",
    "Business day {day} opened at {office}",
);
pub const Q_DAY_CLOSED_DONE: Msg = Msg::new(
    "{office} 营业日 {day} 已关闭：{closed} 张未办结的号按“日终关闭”处理",
    "Business day {day} closed at {office}: {closed} unfinished tickets ended as \"closed at day end\"",
);
pub const Q_BAD_DATE: Msg = Msg::new(
    "日期“{date}”无效，格式为 YYYY-MM-DD",
    "\"{date}\" is not a date; use YYYY-MM-DD",
);
pub const Q_BAD_OFFICE: Msg = Msg::new(
    "没有编号为 {office} 的服务所",
    "There is no office {office}",
);

// --- statistics (`gasdesk ticket stats`) ---
pub const Q_STATS_TITLE: Msg =
    Msg::new("{office} {day} 排队统计", "Queue figures, {office}, {day}");
pub const Q_STATS_HEADER: Msg = Msg::new(
    "分组        取号  办结  过号  转移  关闭  等候p50  等候p90  办理p50  办理p90  达标率",
    "group     issued served noshow moved closed wait50  wait90  serv50  serv90  in-target",
);
pub const Q_STATS_TOTAL: Msg = Msg::new("全所", "office");
pub const Q_STATS_SERVICE: Msg = Msg::new("业务 {service}", "service {service}");
pub const Q_STATS_COUNTER: Msg = Msg::new("{counter}号窗口", "counter {counter}");
pub const Q_STATS_STAFF: Msg = Msg::new("工号 {staff}", "staff {staff}");
pub const Q_STATS_HOUR: Msg = Msg::new("{hour}:00时段", "{hour}:00");
pub const Q_STATS_NONE: Msg = Msg::new("该日没有排队记录", "No queue records for that day");

#[cfg(test)]
mod tests {
    use super::*;

    use crate::i18n::check::placeholders;

    #[test]
    fn messages_are_complete() {
        let all = [
            Q_WHY_TRANSFERRED,
            Q_WHY_PRIORITY,
            Q_WHY_OVER_TARGET,
            Q_WHY_ONLY_ONE,
            Q_WHY_LONGEST,
            Q_WHY_CLOSEST,
            Q_WHY_OUT_OF_ORDER,
            Q_WHY_RESUMED,
            Q_RECALL_CAP,
            Q_RECALL_TOO_SOON,
            Q_NO_DAY_OPEN,
            Q_DAY_CLOSED,
            Q_DAY_ALREADY_OPEN,
            Q_SHIFTS_STILL_OPEN,
            Q_UNKNOWN_SERVICE,
            Q_UNKNOWN_COUNTER,
            Q_NO_COUNTER,
            Q_WRONG_OFFICE,
            Q_UNKNOWN_TICKET,
            Q_COUNTER_NOT_OPEN,
            Q_COUNTER_DOES_NOT_CALL,
            Q_COUNTER_BUSY,
            Q_NOTHING_WAITING,
            Q_NOT_WAITING,
            Q_ALREADY_TAKEN,
            Q_NOT_AT_THIS_COUNTER,
            Q_WRONG_STATE,
            Q_REASON_REQUIRED,
            Q_TRANSFER_NOWHERE,
            Q_UNKNOWN_ACCOUNT,
            Q_COUNTER_HAS_TICKET,
            Q_TICKET_HEADER,
            Q_TICKET_AHEAD,
            Q_TICKET_SPOOL_FAILED,
            Q_DAY_OPENED,
            Q_DAY_CLOSED_DONE,
            Q_BAD_DATE,
            Q_BAD_OFFICE,
            Q_STATS_TITLE,
            Q_STATS_SERVICE,
            Q_STATS_COUNTER,
            Q_STATS_STAFF,
            Q_STATS_HOUR,
        ];
        for m in all {
            assert!(!m.zh.trim().is_empty() && !m.en.trim().is_empty(), "{m:?}");
            assert_eq!(placeholders(m.zh), placeholders(m.en), "{m:?}");
        }
    }
}
