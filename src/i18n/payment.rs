//! Text of the payment form, the receipt screen and the printed receipt.

use super::Msg;

// The printed receipt (40 columns; CJK counts two).
pub const RCPT_TITLE_BILLS: Msg = Msg::new("燃气费收据", "GAS BILL RECEIPT");
pub const RCPT_TITLE_ADVANCE: Msg = Msg::new("预存款收据", "ADVANCE PAYMENT RECEIPT");
pub const RCPT_TITLE_TOP_UP: Msg = Msg::new("购气收据", "GAS PURCHASE RECEIPT");
pub const RCPT_TITLE_VOID: Msg = Msg::new("作废凭证", "VOID VOUCHER");
pub const RCPT_TITLE_REFUND: Msg = Msg::new("退款凭证", "REFUND VOUCHER");
pub const RCPT_DEMO: Msg = Msg::new("演示数据 — 非正式收据", "DEMO — not a valid receipt");
pub const RCPT_REPRINT: Msg = Msg::new("【补打】", "[REPRINT]");
pub const RCPT_NO: Msg = Msg::new("收据号", "Receipt");
pub const RCPT_OFFICE: Msg = Msg::new("服务所", "Office");
pub const RCPT_TIME: Msg = Msg::new("时间", "Time");
pub const RCPT_ACCOUNT: Msg = Msg::new("户号", "Account");
pub const RCPT_HOLDER: Msg = Msg::new("户主", "Holder");
/// A new-install fee receipt names the application it was taken for, not the account.
pub const RCPT_APPLICATION: Msg = Msg::new("申请编号", "Application");
pub const RCPT_APPLICANT: Msg = Msg::new("申请人", "Applicant");
pub const RCPT_PERIOD: Msg = Msg::new("账期 {from}至{to}", "Period {from} to {to}");
pub const RCPT_GAS: Msg = Msg::new("购气 {volume} m³", "Gas {volume} m³");
pub const RCPT_ADVANCE: Msg = Msg::new("预存", "Paid in advance");
pub const RCPT_REVERSAL_LINE: Msg = Msg::new("冲回", "Reversed");
pub const RCPT_TOTAL: Msg = Msg::new("合计", "Total");
pub const RCPT_IN_WORDS: Msg = Msg::new("大写", "In words");
pub const RCPT_METHOD: Msg = Msg::new("付款方式", "Paid by");
pub const RCPT_REFERENCE: Msg = Msg::new("交易号", "Reference");
pub const RCPT_TENDERED: Msg = Msg::new("实收", "Tendered");
pub const RCPT_CHANGE: Msg = Msg::new("找零", "Change");
pub const RCPT_CLERK: Msg = Msg::new("柜员", "Clerk");
pub const RCPT_COUNTER: Msg = Msg::new("窗口", "Counter");
pub const RCPT_REVERSES: Msg = Msg::new("原收据", "Original");
pub const RCPT_REASON: Msg = Msg::new("原因", "Reason");
pub const RCPT_APPROVED: Msg = Msg::new("批准人", "Approved by");
pub const RCPT_THANKS: Msg = Msg::new("请妥善保管本收据", "Please keep this receipt");

// The receipt screen.
pub const RECEIPT_SCREEN_TITLE: Msg = Msg::new("收据 {receipt}", "Receipt {receipt}");
pub const RECEIPT_CARD_TITLE: Msg = Msg::new("IC卡写卡", "IC card write");
pub const RECEIPT_CARD_STATE: Msg = Msg::new("状态：{state}", "State: {state}");
pub const RECEIPT_CARD_METER: Msg = Msg::new("表号：{serial}", "Meter: {serial}");
pub const RECEIPT_CARD_VOLUME: Msg = Msg::new("气量：{volume} m³", "Gas: {volume} m³");
pub const RECEIPT_CARD_ATTEMPTS: Msg = Msg::new("写卡次数：{count}", "Attempts: {count}");
pub const RECEIPT_CARD_ERROR: Msg = Msg::new("原因：{error}", "Why: {error}");
pub const RECEIPT_CARD_INSERT: Msg = Msg::new(
    "请插入客户的IC卡后按写卡键",
    "Insert the customer's card, then write",
);
pub const RECEIPT_REVERSED_BY: Msg = Msg::new("已被 {receipt} 冲正", "Reversed by {receipt}");
pub const RECEIPT_REPRINTS: Msg = Msg::new("已补打 {count} 次", "Reprinted {count} times");
pub const RECEIPT_KEYS: Msg = Msg::new("操作", "Keys");
pub const RECEIPT_SCROLL: Msg = Msg::new("↑↓ 滚动", "↑↓ scroll");

// The payment form.
pub const PAY_TITLE: Msg = Msg::new("收费 — {account} {holder}", "Payment — {account} {holder}");
pub const PAY_DEMO: Msg = Msg::new("演示数据 — 不收真实款项", "DEMO — no real money is taken");
pub const PAY_SUMMARY: Msg = Msg::new(
    "预存余额 {balance}    欠费 {owed}（{count} 笔）",
    "Advance {balance}    Owed {owed} (bills: {count})",
);
pub const PAY_LABEL_MODE: Msg = Msg::new("业务", "Payment");
pub const PAY_MODE_BILLS: Msg = Msg::new("缴费", "Bills");
pub const PAY_MODE_ADVANCE: Msg = Msg::new("预存", "Advance");
pub const PAY_MODE_TOP_UP: Msg = Msg::new("购气", "Top-up");
pub const PAY_LABEL_BILLS: Msg = Msg::new("账单", "Bills");
pub const PAY_NO_BILLS: Msg = Msg::new("没有未缴账单", "No open bills");
pub const PAY_BILL_ROW: Msg = Msg::new("{from}至{to}", "{from} to {to}");
pub const PAY_CHOSEN: Msg = Msg::new(
    "已选 {count}/{all} 笔  合计 {total}",
    "{count} of {all} chosen  total {total}",
);
pub const PAY_MORE_BILLS: Msg = Msg::new("… 另有 {count} 笔", "… {count} more");
pub const PAY_LABEL_AMOUNT: Msg = Msg::new("金额(元)", "Amount ¥");
pub const PAY_LABEL_BY: Msg = Msg::new("购气方式", "Buy by");
pub const PAY_BY_VOLUME: Msg = Msg::new("按气量", "volume");
pub const PAY_BY_AMOUNT: Msg = Msg::new("按金额", "amount");
pub const PAY_LABEL_VOLUME: Msg = Msg::new("气量(m³)", "Gas m³");
pub const PAY_TIER_LINE: Msg = Msg::new(
    "{tier} {volume} m³ × {price} = {amount}",
    "{tier} {volume} m³ × {price} = {amount}",
);
pub const PAY_QUOTE_TOTAL: Msg = Msg::new(
    "购气 {volume} m³  合计 {total}",
    "{volume} m³  total {total}",
);
pub const PAY_QUOTE_UNSPENT: Msg = Msg::new(
    "{amount} 元可购 {volume} m³，{rest} 元不收",
    "{amount} buys {volume} m³; {rest} not taken",
);
pub const PAY_QUOTE_WAITING: Msg = Msg::new("正在计价…", "Pricing…");
pub const PAY_NEED_QUOTE: Msg = Msg::new(
    "请先输入有效的气量或金额并等待计价",
    "Enter a valid volume or amount and wait for the price",
);
pub const PAY_NO_IC_METER: Msg = Msg::new(
    "找不到该户的IC卡表编号，请先刷新",
    "The account's IC-card meter is not known; refresh first",
);
pub const PAY_LABEL_METHOD: Msg = Msg::new("付款方式", "Method");
pub const PAY_LABEL_TENDERED: Msg = Msg::new("实收(元)", "Tendered ¥");
pub const PAY_LABEL_REFERENCE: Msg = Msg::new("交易号", "Reference");
pub const PAY_CHANGE: Msg = Msg::new("找零 {change}", "change {change}");
pub const PAY_DUE: Msg = Msg::new("应收 {total}", "Due {total}");
pub const PAY_HINT: Msg = Msg::new(
    "Tab/↑↓ 换行  ←→ 选择  空格 选账单  Enter 下一项/最后一项确认收款",
    "Tab/↑↓ move  ←→ choose  Space bill  Enter next, on the last: take payment",
);
pub const PAY_REFUSED: Msg = Msg::new("未收款：{reason}", "Not taken: {reason}");

// The customer view's money block.
pub const CUST_MONEY: Msg = Msg::new(
    "预存 {balance}   欠费 {owed}（{count} 笔）",
    "advance {balance}   owed {owed} (bills: {count})",
);
pub const CUST_MONEY_TITLE: Msg = Msg::new("收费记录", "Payments");
pub const CUST_CARD_LINE: Msg = Msg::new(
    "购气 {date} {volume} m³ {amount} {state}",
    "card {date} {volume} m³ {amount} {state}",
);
pub const CUST_CARD_RECOVER: Msg = Msg::new("到收费台恢复", "recover at the cash desk");
pub const CUST_RECEIPT_REVERSED: Msg = Msg::new("已冲正", "reversed");
pub const KIND_BILLS: Msg = Msg::new("缴费", "bills");
pub const KIND_ADVANCE: Msg = Msg::new("预存", "advance");
pub const KIND_TOP_UP: Msg = Msg::new("购气", "top-up");
pub const KIND_VOID: Msg = Msg::new("作废", "void");
pub const KIND_REFUND: Msg = Msg::new("退款", "refund");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_is_complete() {
        super::super::check::assert_complete(&[
            RCPT_TITLE_BILLS,
            RCPT_DEMO,
            PAY_TIER_LINE,
            PAY_QUOTE_UNSPENT,
            CUST_CARD_LINE,
            PAY_SUMMARY,
        ]);
    }
}
