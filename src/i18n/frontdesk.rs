//! Catalog: the ticket kiosk and the display board (`gasdesk kiosk`, `gasdesk board`).
//! Customers read these, so they say what to do, not how the queue works inside.
use super::Msg;

// --- the kiosk menu ---
pub const FD_KIOSK_WELCOME: Msg = Msg::new(
    "欢迎光临 · 请按键选择业务取号",
    "Welcome! Press a key to take a ticket",
);
pub const FD_KIOSK_KEYS: Msg = Msg::new("请按 {keys}", "Press {keys}");
pub const FD_OR: Msg = Msg::new(" 或 ", " or ");
pub const FD_KIOSK_WAITING: Msg = Msg::new(
    "等候 {waiting} 人，约 {minutes} 分钟",
    "{waiting} waiting, about {minutes} min",
);
pub const FD_KIOSK_PRIORITY_OFF: Msg = Msg::new(
    "老人、孕妇、残障人士请先按 {key} 选择优先通道",
    "Elderly, pregnant or disabled? Press {key} first for the priority lane",
);
pub const FD_KIOSK_PRIORITY_ON: Msg = Msg::new(
    "【已选优先通道】请选择业务（再按 {key} 取消）",
    "PRIORITY LANE ON: now choose a service (press {key} again to cancel)",
);

// --- the kiosk's ticket ---
pub const FD_KIOSK_TICKET_TITLE: Msg = Msg::new("您的号码", "Your ticket");
pub const FD_KIOSK_ISSUED_AT: Msg = Msg::new("取号时间 {time}", "Issued at {time}");
pub const FD_KIOSK_PRINTED: Msg = Msg::new("请取走打印的号票", "Please take your printed ticket");
pub const FD_KIOSK_BACK: Msg = Msg::new(
    "按任意键返回（{seconds} 秒后自动返回）",
    "Press any key to return (returns by itself in {seconds} s)",
);

// --- the display board ---
pub const FD_BOARD_NOW: Msg = Msg::new("正在叫号", "Now calling");
pub const FD_BOARD_CALL: Msg = Msg::new(
    "请 {number} 号到 {counter} 号窗口办理",
    "Ticket {number}, please go to counter {counter}",
);
pub const FD_BOARD_RECALL: Msg = Msg::new(
    "再次呼叫：请 {number} 号到 {counter} 号窗口",
    "Calling again: ticket {number}, please go to counter {counter}",
);
pub const FD_BOARD_NONE: Msg = Msg::new("暂未叫号，请稍候", "No ticket called yet, please wait");
pub const FD_BOARD_NO_DAY: Msg = Msg::new(
    "今日尚未开始营业",
    "The office has not opened for the day yet",
);
pub const FD_BOARD_RECENT: Msg = Msg::new("最近叫号", "Recently called");
pub const FD_BOARD_COUNTER: Msg = Msg::new("{counter} 号窗口", "Counter {counter}");
pub const FD_BOARD_WAITING: Msg = Msg::new("等候人数", "Waiting");
pub const FD_BOARD_PEOPLE: Msg = Msg::new("{count} 人", "{count}");
pub const FD_BOARD_TOTAL: Msg = Msg::new("合计", "Total");
pub const FD_BOARD_READ_FAILED: Msg = Msg::new(
    "暂时无法读取排队数据：{reason}（自动重试）",
    "Cannot read the queue just now: {reason} (retrying)",
);

// --- the commands ---
pub const FD_NO_OFFICE: Msg = Msg::new(
    "没有编号为 {office} 的服务所。可选：{offices}",
    "There is no office {office}. The offices are: {offices}",
);

#[cfg(test)]
mod tests {
    use super::*;

    use crate::i18n::check::placeholders;

    #[test]
    fn messages_are_complete() {
        let all = [
            FD_KIOSK_WELCOME,
            FD_KIOSK_KEYS,
            FD_KIOSK_WAITING,
            FD_KIOSK_PRIORITY_OFF,
            FD_KIOSK_PRIORITY_ON,
            FD_KIOSK_TICKET_TITLE,
            FD_KIOSK_ISSUED_AT,
            FD_KIOSK_PRINTED,
            FD_KIOSK_BACK,
            FD_BOARD_NOW,
            FD_BOARD_CALL,
            FD_BOARD_RECALL,
            FD_BOARD_NONE,
            FD_BOARD_NO_DAY,
            FD_BOARD_RECENT,
            FD_BOARD_COUNTER,
            FD_BOARD_WAITING,
            FD_BOARD_PEOPLE,
            FD_BOARD_TOTAL,
            FD_BOARD_READ_FAILED,
            FD_NO_OFFICE,
        ];
        for m in all {
            assert!(!m.zh.trim().is_empty() && !m.en.trim().is_empty(), "{m:?}");
            assert_eq!(placeholders(m.zh), placeholders(m.en), "{m:?}");
        }
        assert!(FD_OR.zh.contains('或') && FD_OR.en.contains("or"));
    }
}
