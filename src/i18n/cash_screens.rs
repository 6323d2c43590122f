//! Text of the cash-desk screens (F4): the desk, shift open/close/reopen, the void form.

use super::Msg;

// ---- The desk ----------------------------------------------------------------------------
pub const CD_TITLE: Msg = Msg::new("收费台", "Cash desk");
pub const CD_LOADING: Msg = Msg::new("正在读取……", "Loading…");
pub const CD_NO_SHIFT: Msg = Msg::new(
    "尚未开班。按 {key} 开班（录入备用金）。",
    "No shift open. Press {key} to open one (enter the float).",
);
pub const CD_SHIFT_LINE: Msg = Msg::new(
    "班次 {shift}  {state}  营业日 {day}  备用金 {float}",
    "Shift {shift}  {state}  day {day}  float {float}",
);
pub const CD_SHIFT_DAY_CLOSED: Msg = Msg::new(
    "该营业日已日结，请结班",
    "This business day is closed: close the shift",
);
pub const CD_BALANCING_HINT: Msg = Msg::new(
    "轧账中：暂停收费。清点后按 {close} 结班，或按 {resume} 恢复营业。",
    "Balancing: no payments. Count, then {close} to close or {resume} to resume.",
);
pub const CD_TOTALS_LINE: Msg = Msg::new("应有：{list}", "Expected: {list}");
pub const CD_NO_RECEIPTS: Msg = Msg::new("本班尚无收据", "No receipts in this shift yet");
pub const CD_COL_NO: Msg = Msg::new("收据号", "Receipt");
pub const CD_COL_TIME: Msg = Msg::new("时间", "Time");
pub const CD_COL_KIND: Msg = Msg::new("类别", "Kind");
pub const CD_COL_ACCOUNT: Msg = Msg::new("户号", "Account");
pub const CD_COL_AMOUNT: Msg = Msg::new("金额", "Amount");
pub const CD_COL_METHOD: Msg = Msg::new("方式", "Method");
pub const CD_REVERSED_MARK: Msg = Msg::new("已冲", "rev.");
pub const CD_CARD_WRITES: Msg = Msg::new(
    "待补写IC卡（按 {key} 写卡）",
    "Card writes to finish (press {key} to write)",
);
pub const CD_COL_METER: Msg = Msg::new("表号", "Meter");
pub const CD_COL_VOLUME: Msg = Msg::new("气量", "Gas");
pub const CD_COL_STATE: Msg = Msg::new("状态", "State");
pub const CD_COL_TRIES: Msg = Msg::new("次数", "Tries");

// ---- Outcomes ----------------------------------------------------------------------------
pub const CD_SHIFT_OPENED: Msg = Msg::new(
    "已开班，备用金 {float} 元",
    "Shift opened with a float of ¥{float}",
);
pub const CD_BALANCING_STARTED: Msg = Msg::new(
    "开始轧账：暂停收费",
    "Balancing started: no payments until you resume or close",
);
pub const CD_RESUMED: Msg = Msg::new("已恢复营业", "Back to taking payments");
pub const CD_CLOSED_BALANCED: Msg = Msg::new("已结班，账实相符", "Shift closed, balanced");
pub const CD_CLOSED_VARIANCE: Msg = Msg::new(
    "已结班，差额 {variance} 元（已记录原因）",
    "Shift closed with a difference of ¥{variance} (reason recorded)",
);
pub const CD_REOPENED: Msg = Msg::new(
    "已重开 {staff} 的班次 {shift}",
    "Reopened shift {shift} of {staff}",
);
pub const CD_REPRINTED: Msg = Msg::new(
    "已补打收据 {receipt}（第 {n} 次补打）",
    "Receipt {receipt} printed again (reprint {n})",
);
pub const CD_SPOOL_FAILED: Msg = Msg::new(
    "收据已保存，但打印文件写入失败：{detail}",
    "The receipt is saved, but the printer file could not be written: {detail}",
);
pub const CD_CARD_WRITTEN: Msg = Msg::new(
    "已写卡并核对：表 {meter} 第 {count} 次购气",
    "Card written and checked: meter {meter}, purchase {count}",
);
pub const CD_CARD_FAILED: Msg = Msg::new(
    "{error}。款已收，插好卡后按 {key} 重写",
    "{error}. The money is taken: insert the card and press {key} to write again",
);
pub const CD_SIMULATE_ARMED: Msg = Msg::new(
    "演示：读卡器的下一次写卡将失败",
    "Demo: the card reader will fail its next write",
);
pub const CD_SIMULATE_DEMO_ONLY: Msg = Msg::new(
    "模拟写卡失败只能在演示库中使用",
    "Simulated card failures are for the demo database only",
);
pub const CD_MANAGERS_ONLY: Msg = Msg::new(
    "只有本所所长可以重开班次",
    "Only an office manager can reopen a shift",
);
pub const CD_NO_CLOSED_SHIFTS: Msg = Msg::new(
    "今天没有已结班的班次可重开",
    "No closed shift of today to reopen",
);
pub const CD_VOIDED: Msg = Msg::new(
    "已冲正收据 {original}，冲正收据 {receipt}",
    "Receipt {original} reversed by {receipt}",
);
pub const CD_REPLAYED: Msg = Msg::new(
    "该单已提交过，显示的是原收据",
    "This form was already submitted: showing its receipt",
);

// ---- Open shift form ---------------------------------------------------------------------
pub const CD_OPEN_TITLE: Msg = Msg::new("开班", "Open a shift");
pub const CD_LABEL_FLOAT: Msg = Msg::new("备用金（元）", "Float (yuan)");

// ---- Close shift form --------------------------------------------------------------------
pub const CD_CLOSE_TITLE: Msg = Msg::new("结班清点", "Close the shift: count");
pub const CD_LABEL_REASON: Msg = Msg::new("差额原因", "Reason");
pub const CD_BAD_COUNT: Msg = Msg::new(
    "张数只能是整数，如 12",
    "A count is a whole number, e.g. 12",
);
pub const CD_CLOSE_METHOD: Msg = Msg::new("方式", "Method");
pub const CD_CLOSE_EXPECTED: Msg = Msg::new("应有", "Expected");
pub const CD_CLOSE_COUNTED: Msg = Msg::new("实点", "Counted");
pub const CD_CLOSE_DIFF: Msg = Msg::new("差额", "Diff");
pub const CD_CLOSE_CASH_TOTAL: Msg = Msg::new("现金合计 {total}", "Cash counted {total}");
pub const CD_CLOSE_BALANCED: Msg = Msg::new("账实相符", "Balanced");
pub const CD_CLOSE_OVER_UNDER: Msg =
    Msg::new("有差额：须填写原因", "Over/under: a reason is required");
pub const CD_CLOSE_UNREADABLE: Msg = Msg::new("有无法识别的输入", "Some entries are not numbers");

// ---- Reopen ------------------------------------------------------------------------------
pub const CD_REOPEN_TITLE: Msg = Msg::new("重开班次（所长）", "Reopen a shift (manager)");
pub const CD_REOPEN_HINT: Msg = Msg::new(
    "↑↓ 选择班次，填写原因后回车",
    "↑↓ choose the shift, type a reason, Enter",
);

// ---- Void / refund form ------------------------------------------------------------------
pub const CD_VOID_TITLE: Msg = Msg::new("作废 / 退款", "Void / refund");
pub const CD_VOID_RECEIPT: Msg = Msg::new(
    "收据 {receipt}  {kind}  {amount} 元  {method}",
    "Receipt {receipt}  {kind}  ¥{amount}  {method}",
);
pub const CD_VOID_APPLICATION: Msg = Msg::new(
    "新装申请 {app}  申请人 {applicant}",
    "Application {app}  applicant {applicant}",
);
pub const CD_VOID_ACCOUNT: Msg =
    Msg::new("户号 {account}  {holder}", "Account {account}  {holder}");
pub const CD_VOID_WHEN: Msg = Msg::new(
    "营业日 {day}  柜员 {staff}",
    "Business day {day}  taken by {staff}",
);
pub const CD_VOID_RULE: Msg = Msg::new(
    "当日未日结为作废，否则为退款；须由本所另一名所长审批，款从您的班次付出。",
    "Same open day: a void; later: a refund. Another manager of this office approves; \
     the money leaves your drawer.",
);
pub const CD_VOID_ALREADY: Msg = Msg::new(
    "此收据已被 {by} 冲正",
    "This receipt was already reversed by {by}",
);
pub const CD_LABEL_VOID_REASON: Msg = Msg::new("原因", "Reason");
pub const CD_LABEL_APPROVER: Msg = Msg::new("审批所长工号", "Manager's staff no.");
pub const CD_LABEL_APPROVER_PIN: Msg = Msg::new("所长密码", "Manager's PIN");

pub const CD_DRAFT_RESUMED: Msg = Msg::new(
    "已恢复上次未完成的收费单：若上次已入账，提交时显示原收据，不会重复收费",
    "Your unfinished form was resumed: if it was already paid, submitting shows that receipt and charges nothing",
);
pub const CD_DRAFT_WAS_COMMITTED: Msg = Msg::new(
    "连接中断前的收费已经入账，这是原收据；请勿重复收费",
    "The payment made before the connection dropped was recorded: this is its receipt; do not charge again",
);
pub const CD_DRAFT_NOT_SAVED: Msg = Msg::new(
    "无法保存收费单草稿：连接中断后请先在收费台核对本班收据",
    "Could not save the form's draft: after a dropped connection, check this shift's receipts first",
);
