//! Ownership transfer (过户, F6): the checklist, its refusals, the slip, the history.

use super::Msg;

pub const TRANSFER_HOUSEHOLD_SIZE: Msg = Msg::new(
    "家庭人口须为 1 至 {max} 人",
    "Household size must be 1 to {max}",
);
pub const TRANSFER_ACCOUNT_NO: Msg =
    Msg::new("户号须为 10 位数字", "An account number has 10 digits");
pub const TRANSFER_CASE_NO: Msg =
    Msg::new("登记业务号：{reason}", "Registration case number: {reason}");
pub const TRANSFER_UNKNOWN_CASE: Msg =
    Msg::new("不认识的过户类型：{case}", "Unknown transfer case: {case}");

pub const TRANSFER_STEP_ACCOUNT: Msg = Msg::new("账户", "Account");
pub const TRANSFER_STEP_ARREARS: Msg = Msg::new("欠费", "Arrears");
pub const TRANSFER_STEP_READING: Msg = Msg::new("过户抄表", "Transfer reading");
pub const TRANSFER_STEP_BALANCE: Msg = Msg::new("预存余额", "Pre-paid balance");
pub const TRANSFER_STEP_DOCUMENTS: Msg = Msg::new("证件材料", "Documents");
pub const TRANSFER_STEP_NEW_HOLDER: Msg = Msg::new("新户主", "New holder");
pub const TRANSFER_STEP_FEE: Msg = Msg::new("过户费", "Transfer fee");

pub const TRANSFER_STATE_DONE: Msg = Msg::new("已完成", "done");
pub const TRANSFER_STATE_NOT_NEEDED: Msg = Msg::new("无需办理", "not needed");
pub const TRANSFER_STATE_PENDING: Msg = Msg::new("待办", "to do");
pub const TRANSFER_STATE_BLOCKED: Msg = Msg::new("不能办理", "blocked");

// Refusals of the store.
pub const TRANSFER_UNKNOWN_ACCOUNT: Msg = Msg::new("没有户号 {account}", "No account {account}");
pub const TRANSFER_NOT_ACTIVE: Msg = Msg::new(
    "该账户不是正常状态，不能过户",
    "The account is not active and cannot be transferred",
);
pub const TRANSFER_ALREADY_PENDING: Msg = Msg::new(
    "该账户已有一笔待办过户（{source}，{at}）",
    "A transfer is already pending on this account ({source}, {at})",
);
pub const TRANSFER_INSTALL_OPEN: Msg = Msg::new(
    "该地址有未办结的新装申请 {app}，办结或撤销后才能过户",
    "New-install application {app} is open at this address; complete or cancel it before the transfer",
);
pub const TRANSFER_CARD_PURCHASE_UNFINISHED: Msg = Msg::new(
    "购气 {receipt} 尚未写入 IC 卡：先在收费台（F4）写卡或作废，再过户",
    "Gas purchase {receipt} is not on the IC card yet: write it or void it at the cash desk (F4) before the transfer",
);
pub const TRANSFER_CARD_REISSUE_UNFINISHED: Msg = Msg::new(
    "补卡尚未写入 IC 卡：先在收费台（F4）写卡，再过户",
    "A replacement card is not written yet: write it at the cash desk (F4) before the transfer",
);
pub const TRANSFER_ARREARS: Msg = Msg::new(
    "尚欠 {owed} 元，结清后才能过户",
    "{owed} yuan is owed; it must be settled before the transfer",
);
pub const TRANSFER_READING_MISSING: Msg = Msg::new(
    "表 {serial} 还没有 {day} 的过户读数",
    "Meter {serial} has no transfer reading for {day}",
);
pub const TRANSFER_BALANCE_UNSETTLED: Msg = Msg::new(
    "预存余额 {balance} 元：请先退给原户主，或经原户主同意转给新户主",
    "Balance of {balance} yuan: refund it to the old holder first, or carry it with the old holder's consent",
);
pub const TRANSFER_DOCUMENTS_MISSING: Msg = Msg::new(
    "缺少证件：{documents}（核心证件不能容缺）",
    "Documents missing: {documents} (core documents cannot be owed)",
);
pub const TRANSFER_SAME_HOLDER: Msg = Msg::new(
    "新户主与现户主是同一人（身份证号相同），请录入新户主的证件",
    "The new holder is the current holder (same ID number): enter the new holder's ID",
);
pub const TRANSFER_NO_PENDING: Msg = Msg::new("没有这笔待办过户", "No such pending transfer");
pub const TRANSFER_OLD_OWNER_MISMATCH: Msg = Msg::new(
    "原户主与账户不符：{field}",
    "The old owner does not match the account: {field}",
);
pub const TRANSFER_FIELD_NAME: Msg = Msg::new("姓名", "name");
pub const TRANSFER_FIELD_ID: Msg = Msg::new("身份证号", "ID number");
pub const TRANSFER_NOT_LATEST: Msg = Msg::new(
    "只能转回该账户最近一次过户",
    "Only the account's latest transfer can be transferred back",
);
pub const TRANSFER_NO_TRANSFER: Msg = Msg::new("没有这笔过户", "No such transfer");
pub const TRANSFER_NOTHING_TO_REFUND: Msg = Msg::new("没有预存余额可退", "No balance to refund");
pub const TRANSFER_REASON_REQUIRED: Msg = Msg::new("请填写原因", "A reason is required");
pub const TRANSFER_HISTORY_BROKEN: Msg = Msg::new(
    "户主历史不连续：{detail}",
    "The holder history is broken: {detail}",
);

// Registry import.
pub const TRANSFER_IMPORT_MISSING_COLUMNS: Msg = Msg::new(
    "文件缺少列：{columns}",
    "The file lacks the columns: {columns}",
);
pub const TRANSFER_IMPORT_UNKNOWN_COLUMN: Msg = Msg::new(
    "文件有不认识的列：{column}",
    "The file has an unknown column: {column}",
);
pub const TRANSFER_IMPORT_DONE: Msg = Msg::new(
    "已建立 {count} 笔待办过户，各在其账户所属服务所的 F6 待办中",
    "{count} pending transfers created, each on the F6 worklist of its account's office",
);
pub const TRANSFER_IMPORT_TWICE: Msg = Msg::new(
    "户号在文件中出现两次（第一次在第 {line} 行）",
    "The account appears twice in the file (first on line {line})",
);

// History (CLI).
pub const TRANSFER_HISTORY_HEADER: Msg = Msg::new(
    "户号 {account} 的户主历史：",
    "Holders of account {account}:",
);
pub const TRANSFER_HISTORY_NOW: Msg = Msg::new("至今", "now");
pub const TRANSFER_HISTORY_OPENED: Msg = Msg::new("开户", "opened");

// Sources and balance handling, for lists and the slip.
pub const TRANSFER_SOURCE_COUNTER: Msg = Msg::new("窗口", "counter");
pub const TRANSFER_SOURCE_REGISTRY: Msg = Msg::new("不动产登记联动", "property registry");
pub const TRANSFER_BALANCE_NONE: Msg = Msg::new("无预存余额", "no balance");
pub const TRANSFER_BALANCE_REFUNDED: Msg = Msg::new("已退原户主", "refunded to the old holder");
pub const TRANSFER_BALANCE_CARRIED: Msg = Msg::new(
    "{amount} 元经原户主同意转给新户主",
    "{amount} yuan carried to the new holder with the old holder's consent",
);

// The slip (过户单).
pub const TRANSFER_SLIP_TITLE: Msg = Msg::new("过户单", "Transfer slip");
pub const TRANSFER_SLIP_ACCOUNT: Msg = Msg::new("户号", "Account");
pub const TRANSFER_SLIP_OLD: Msg = Msg::new("原户主", "Old holder");
pub const TRANSFER_SLIP_NEW: Msg = Msg::new("新户主", "New holder");
pub const TRANSFER_SLIP_CASE: Msg = Msg::new("过户类型", "Transfer case");
pub const TRANSFER_SLIP_READING: Msg = Msg::new("过户读数", "Transfer reading");
pub const TRANSFER_SLIP_NO_READING: Msg = Msg::new(
    "IC卡表，气量留在表内",
    "IC-card meter: the gas stays on the meter",
);
pub const TRANSFER_SLIP_ARREARS: Msg = Msg::new("欠费", "Arrears");
pub const TRANSFER_SLIP_ARREARS_NONE: Msg = Msg::new("无欠费", "none owed");
pub const TRANSFER_SLIP_ARREARS_SETTLED: Msg = Msg::new("已结清", "settled");
pub const TRANSFER_SLIP_BALANCE: Msg = Msg::new("预存余额", "Balance");
pub const TRANSFER_SLIP_DOCUMENTS: Msg = Msg::new("已验证件", "Documents seen");
pub const TRANSFER_SLIP_CARD_NONE: Msg = Msg::new(
    "IC卡尚无购气记录，无需补写，原卡交新户主",
    "IC card: no purchase on record, nothing to write; the card goes to the new holder",
);
pub const TRANSFER_SLIP_CARD: Msg = Msg::new(
    "IC卡补发给新户主，购气次数 {count}",
    "IC card reissued to the new holder, purchase count {count}",
);
pub const TRANSFER_SLIP_FEE: Msg = Msg::new("过户费", "Transfer fee");
pub const TRANSFER_SLIP_CLERK: Msg = Msg::new("经办", "Clerk");
pub const TRANSFER_SLIP_NO: Msg = Msg::new("过户编号", "Transfer no.");
pub const TRANSFER_SLIP_AT: Msg = Msg::new("过户时间", "Transferred at");
pub const TRANSFER_SLIP_REGISTRY: Msg = Msg::new("登记业务号", "Registry case");
pub const TRANSFER_SLIP_BACK: Msg = Msg::new("转回（更正过户）", "Transfer back (correction)");
pub const TRANSFER_SLIP_APPROVED: Msg = Msg::new("所长批准", "Approved by the manager");

// The F6 screen.
pub const TRANSFER_WORKLIST_TITLE: Msg =
    Msg::new("过户 · 本所待办", "Transfers pending at this office");
pub const TRANSFER_WORKLIST_EMPTY: Msg = Msg::new(
    "本所没有待办过户。",
    "No transfer is pending at this office.",
);
pub const TRANSFER_WORKLIST_HINT: Msg = Msg::new(
    "不动产登记联动的过户在此办结；其他过户：F3 找到客户后按 t。",
    "Transfers from the property registry are completed here; for another transfer, find the customer (F3) and press t.",
);
pub const TRANSFER_COL_ACCOUNT: Msg = Msg::new("户号", "Account");
pub const TRANSFER_COL_HOLDERS: Msg = Msg::new("原户主 → 新户主", "Old → new");
pub const TRANSFER_COL_CASE_NO: Msg = Msg::new("登记业务号", "Registry case");
pub const TRANSFER_COL_ADDRESS: Msg = Msg::new("地址", "Address");
pub const TRANSFER_CHECKLIST_TITLE: Msg =
    Msg::new("过户 · 户号 {account}", "Transfer · account {account}");
pub const TRANSFER_DETAIL_PENDING: Msg =
    Msg::new("不动产登记联动 {case}", "from the property registry {case}");
pub const TRANSFER_DETAIL_OWED: Msg =
    Msg::new("欠 {owed} 元，Enter 缴费", "{owed} owed, Enter to pay");
pub const TRANSFER_DETAIL_READ: Msg = Msg::new(
    "表 {serial} 待抄，Enter 抄表",
    "meter {serial}, Enter to read",
);
pub const TRANSFER_DETAIL_BALANCE: Msg = Msg::new(
    "{amount} 元：Enter 经同意转新户主，r 退原户主",
    "{amount}: Enter carry (consent), r refund",
);
pub const TRANSFER_DETAIL_HOUSEHOLD: Msg = Msg::new("{n}人", "{n} people");
pub const TRANSFER_DETAIL_HOLDER: Msg = Msg::new("Enter 填写", "Enter to fill in");
pub const TRANSFER_FEE_AT_COMMIT: Msg = Msg::new(
    "{fee} 元，办结过户时现金收取",
    "{fee} yuan, taken in cash at the transfer",
);
pub const TRANSFER_READY: Msg = Msg::new(
    "各项已齐，按 s 办结过户。",
    "All steps done: press s to transfer.",
);
pub const TRANSFER_NOT_READY: Msg = Msg::new(
    "尚有待办项，办完后才能办结过户。",
    "Steps are still to do before the transfer.",
);
pub const TRANSFER_HOLDER_HAS_ACCOUNTS: Msg = Msg::new(
    "新户主名下已有账户（{count} 户）：{accounts}",
    "Accounts the new holder already holds ({count}): {accounts}",
);
pub const TRANSFER_HOLDER_ID_OTHER_NAME: Msg = Msg::new(
    "注意：此身份证号在档案中登记为 {names}，不是 {name}，请核对身份证原件",
    "Check the ID card: this ID number is on record as {names}, not {name}",
);
pub const TRANSFER_REFUND_TITLE: Msg = Msg::new(
    "退预存（所长批准）",
    "Refund the balance (a manager approves)",
);
pub const TRANSFER_LABEL_NAME: Msg = Msg::new("姓名", "Name");
pub const TRANSFER_LABEL_ID: Msg = Msg::new("身份证号", "ID number");
pub const TRANSFER_LABEL_MOBILE: Msg = Msg::new("手机", "Mobile");
pub const TRANSFER_LABEL_HOUSEHOLD: Msg = Msg::new("家庭人口", "Household");
pub const TRANSFER_LABEL_MANAGER: Msg = Msg::new("所长工号", "Manager no.");
pub const TRANSFER_LABEL_PIN: Msg = Msg::new("所长密码", "Manager PIN");
pub const TRANSFER_LABEL_REASON: Msg = Msg::new("原因", "Reason");
pub const TRANSFER_DONE: Msg = Msg::new(
    "过户已办结：户号 {account}",
    "Transfer done: account {account}",
);
pub const TRANSFER_REFUND_DONE: Msg = Msg::new(
    "已退预存 {amount} 元：请付给原户主（{receipts}，所长 {approver} 批准）",
    "Refunded {amount} yuan: hand it to the old holder ({receipts}; approved by manager {approver})",
);
pub const TRANSFER_SPOOL_FAILED: Msg = Msg::new(
    "过户单未能送打印：{reason}",
    "The transfer slip could not be spooled: {reason}",
);

pub const ACTION_TRANSFER_START: Msg = Msg::new("过户", "Transfer");
pub const ACTION_TRANSFER_CASE: Msg = Msg::new("类型", "Case");
pub const ACTION_TRANSFER_AGENT: Msg = Msg::new("代理", "Agent");
pub const ACTION_TRANSFER_REFUND: Msg = Msg::new("退预存", "Refund");
pub const ACTION_TRANSFER_COMMIT: Msg = Msg::new("办结过户", "Transfer");
pub const TRANSFER_BACK_DONE: Msg = Msg::new(
    "户号 {account} 已转回原户主（过户 {transfer}）",
    "Account {account} transferred back to the holder before (transfer {transfer})",
);
pub const ACTION_TRANSFER_BACK: Msg = Msg::new("转回", "Revert");
pub const ACTION_TRANSFER_CANCEL: Msg = Msg::new("撤销待办", "Cancel");
pub const TRANSFER_CANCEL_TITLE: Msg = Msg::new(
    "撤销待办过户（所长批准）",
    "Cancel the pending transfer (a manager approves)",
);
pub const TRANSFER_CANCELLED: Msg = Msg::new(
    "户号 {account} 的待办过户已撤销",
    "The pending transfer of account {account} is cancelled",
);
pub const TRANSFER_BACK_TITLE: Msg =
    Msg::new("过户转回（所长批准）", "Transfer back (a manager approves)");
