//! Messages of the cash desk's store rules and the IC-card reader.

use super::Msg;

// --- Shifts ---
pub const SHIFT_OPEN: Msg = Msg::new("营业中", "open");
pub const SHIFT_BALANCING: Msg = Msg::new("轧账中", "balancing");
pub const SHIFT_CLOSED: Msg = Msg::new("已结班", "closed");

pub const CASH_NO_OPEN_SHIFT: Msg = Msg::new(
    "尚未开班：请先开班（录入备用金）再收费",
    "No cash shift is open: open one (enter the float) before taking money",
);
pub const CASH_SHIFT_NOT_OPEN: Msg = Msg::new(
    "当前班次状态为「{state}」，不能收费；轧账中请先恢复营业",
    "The cash shift is {state}: no payments now; resume it to take money",
);
pub const CASH_SHIFT_ALREADY_OPEN: Msg = Msg::new(
    "该柜员已有未结班的班次，请先结班",
    "This clerk already has a shift that is not closed; close it first",
);
pub const CASH_SHIFT_NOT_BALANCING: Msg = Msg::new(
    "请先开始轧账，再清点结班",
    "Start balancing before counting and closing the shift",
);
pub const CASH_UNKNOWN_SHIFT: Msg = Msg::new("没有班次 {shift}", "No cash shift {shift}");
pub const CASH_SHIFT_NOT_CLOSED: Msg = Msg::new(
    "班次 {shift} 尚未结班，无需重开",
    "Shift {shift} is not closed; there is nothing to reopen",
);
pub const CASH_DAY_CLOSED: Msg = Msg::new(
    "营业日 {day} 已日结：当天不能再开班、收款或作废；如需退款请由所长办理",
    "Business day {day} is closed: no more shifts, payments or voids that day; a manager can refund instead",
);

// --- Payments ---
pub const CASH_HOLDING_ACCOUNT: Msg = Msg::new(
    "这是服务所的新装预收账户，只收新装费（在新装申请 F5 中缴纳），不能缴费或预存",
    "This is the office's new-install holding account: it takes install fees only (paid from the application, F5), no payments",
);
pub const CASH_INSTALL_FEE_COMPLETED: Msg = Msg::new(
    "新装申请 {app} 已通气开户办结，其新装费不能在窗口作废或退款",
    "Application {app} is finished, its account open: its install fee is not voided or refunded at the counter",
);
pub const CASH_INSTALL_FEE_CANCELLED: Msg = Msg::new(
    "新装申请 {app} 已取消：请所长先恢复受理，再作废新装费（申请退回缴费环节）",
    "Application {app} is cancelled: a manager reopens it first, then the fee is voided (the application goes back to the fee stage)",
);
pub const CASH_UNKNOWN_ACCOUNT: Msg = Msg::new(
    "没有该户号（编号 {account}）",
    "No such account (id {account})",
);
pub const CASH_UNKNOWN_BILL: Msg = Msg::new("没有账单 {bill}", "No bill {bill}");
pub const CASH_BILL_OF_OTHER_ACCOUNT: Msg = Msg::new(
    "账单 {bill} 不属于此户",
    "Bill {bill} belongs to another account",
);
pub const CASH_BILL_ALREADY_PAID: Msg = Msg::new(
    "{from}至{to}的账单已由 {staff}（{staff_no}）于 {at} 收讫，收据号 {receipt}；本次未收费，该账单已从列表移除",
    "The bill {from} to {to} was already paid at {at} by {staff} ({staff_no}), receipt {receipt}; nothing was charged and the bill is off the list",
);
pub const CASH_NOTHING_TO_PAY: Msg = Msg::new("请选择要缴的账单", "Choose the bills to pay");
pub const CASH_NOT_PREPAID: Msg = Msg::new("该户没有IC卡表", "This account has no IC-card meter");
pub const CASH_UNKNOWN_METER: Msg = Msg::new("没有表具 {meter}", "No meter {meter}");
pub const CASH_METER_NOT_IC_CARD: Msg = Msg::new(
    "该表不是IC卡表，不能购气",
    "This is not an IC-card meter: it cannot be topped up",
);
pub const CASH_METER_IS_IC_CARD: Msg = Msg::new(
    "IC卡表预付费，不需抄表出账",
    "IC-card meters are prepaid: they are not read for bills",
);
pub const CASH_OVER_CAP: Msg = Msg::new(
    "超过单笔上限 {cap} 元",
    "Over the limit of {cap} yuan per transaction",
);
pub const CASH_KEY_REUSED: Msg = Msg::new(
    "此表单已提交过另一笔业务，请关闭后重新打开",
    "This form was already used for another payment; close it and open a new one",
);
pub const CASH_SERIES_DATASET_MISMATCH: Msg = Msg::new(
    "收据号段属于「{series}」库，当前是「{file}」库：拒绝出具收据，请联系管理员",
    "The receipt series belongs to a {series} database but this is a {file} database: no receipt can be issued; call the administrator",
);
pub const CASH_UNKNOWN_RECEIPT: Msg = Msg::new("没有收据 {receipt}", "No receipt {receipt}");

// --- Voids and refunds ---
pub const CASH_ALREADY_REVERSED: Msg = Msg::new(
    "收据 {receipt} 已被 {by} 冲正",
    "Receipt {receipt} was already reversed by {by}",
);
pub const CASH_CANNOT_REVERSE_REVERSAL: Msg = Msg::new(
    "作废/退款凭证本身不能再作废",
    "A void or refund cannot itself be reversed",
);
pub const CASH_APPROVER_IS_REQUESTER: Msg = Msg::new(
    "申请人不能自己审批，请另一位所长输入工号和密码",
    "The requester cannot approve; another manager must enter their number and PIN",
);
pub const CASH_APPROVER_NOT_MANAGER: Msg = Msg::new(
    "{staff_no} 不是本所所长，不能审批",
    "{staff_no} is not a manager of this office and cannot approve",
);
pub const CASH_REASON_REQUIRED: Msg = Msg::new("请填写原因", "A reason is required");
pub const CASH_VARIANCE_NEEDS_REASON: Msg = Msg::new(
    "实点与应有不符（长短款），请填写原因",
    "Counted differs from expected (over/short): give a reason",
);
pub const CASH_CARD_ALREADY_LOADED: Msg = Msg::new(
    "收据 {receipt} 的气量已写入IC卡，不能冲正",
    "Receipt {receipt}: the gas is already on the card and cannot be reversed",
);

// --- IC cards ---
pub const CARD_STATE_PENDING: Msg = Msg::new("待写卡", "pending");
pub const CARD_STATE_WRITTEN: Msg = Msg::new("已写卡", "written");
pub const CARD_STATE_VERIFIED: Msg = Msg::new("已核验", "verified");
pub const CARD_STATE_FAILED: Msg = Msg::new("写卡失败", "failed");
pub const CARD_STATE_REVERSED: Msg = Msg::new("已冲正", "reversed");
pub const CASH_CARD_WRITE_NOT_PENDING: Msg = Msg::new(
    "写卡记录 {write} 已冲正，不能再写",
    "Card write {write} was reversed and cannot be written",
);
pub const CASH_CARD_WRITE_DONE: Msg = Msg::new(
    "写卡记录 {write} 已完成核验",
    "Card write {write} is already verified",
);
pub const CASH_UNKNOWN_CARD_WRITE: Msg = Msg::new("没有写卡记录 {write}", "No card write {write}");
pub const CASH_NOTHING_TO_REISSUE: Msg = Msg::new(
    "此表还没有写入成功的购气记录，无需补卡重写",
    "This meter has no purchase on a card yet: nothing to write onto a new card",
);
pub const CARD_NOT_WRITTEN: Msg = Msg::new("写卡失败：{why}", "Card not written: {why}");
pub const CARD_NO_CARD: Msg = Msg::new("读卡器中没有卡", "there is no card in the reader");
pub const CARD_WRITE_FAILED: Msg = Msg::new(
    "卡被拔出或接触不良",
    "the card was pulled out or made bad contact",
);
pub const CARD_OUT_OF_SEQUENCE: Msg = Msg::new(
    "卡内已有第 {held} 次购气，不能写入第 {wanted} 次：请核对是否为该表的卡",
    "the card holds purchase {held} and cannot take purchase {wanted}: is it this meter's card",
);
pub const CARD_DEVICE: Msg = Msg::new("读卡器故障（{detail}）", "card reader fault ({detail})");

// --- Meter readings ---
pub const CASH_READING_GOES_BACK: Msg = Msg::new(
    "读数小于上次读数 {last} 立方米",
    "The reading is below the last one ({last} m³)",
);
pub const CASH_READING_EXISTS: Msg = Msg::new(
    "该日期或更晚已有读数",
    "There is already a reading on or after that date",
);
pub const CASH_READING_IN_FUTURE: Msg = Msg::new(
    "抄表日期 {day} 晚于今天",
    "Reading date {day} is after today",
);

// --- gasdesk check ---
pub const CHECK_RECEIPT_TOTAL: Msg = Msg::new(
    "收据 {receipt} 的金额与其分录合计不符",
    "Receipt {receipt}: its total differs from the sum of its ledger entries",
);
pub const CHECK_SERIES_GAP: Msg = Msg::new(
    "服务所 {office} {year} 年的收据号不连续或与号段计数不符",
    "Office {office}, {year}: the receipt numbers have a gap or disagree with the series counter",
);
pub const CHECK_BILL_SETTLEMENT: Msg = Msg::new(
    "账单 {bill} 的缴费状态与分录不符",
    "Bill {bill}: its paid state disagrees with the ledger",
);
pub const CHECK_REVERSAL: Msg = Msg::new(
    "冲正凭证 {receipt} 与原收据不对应",
    "Reversal {receipt} does not mirror the receipt it reverses",
);
