//! The counter's cash work as issue 10 left it: messages of the payment, reading, void and
//! card-replacement forms added then (kept apart from the older cash catalogs).

use super::Msg;

pub const VOLUME_NOT_TENTHS: Msg = Msg::new(
    "IC卡按0.1立方米购气：最多一位小数",
    "Cards take tenths of a m³: at most one decimal",
);

pub const DENOM_COIN_5_FEN: Msg = Msg::new("5分硬币", "5 fen coin");
pub const DENOM_COIN_2_FEN: Msg = Msg::new("2分硬币", "2 fen coin");
pub const DENOM_COIN_1_FEN: Msg = Msg::new("1分硬币", "1 fen coin");
pub const CD_COUNT_TOO_MANY: Msg = Msg::new("张数不能超过 {max}", "At most {max} pieces");

/// Under the tier lines of a bill, a receipt and a top-up's price.
pub const TIER_ROUNDING: Msg = Msg::new(
    "每行 = 气量 × 单价，四舍五入到分；合计为各行之和",
    "Line = m³ × price rounded half up to the fen; total = their sum",
);

pub const RD_PREVIOUS: Msg = Msg::new(
    "上次抄表：{date}，读数 {register} m³",
    "Last reading: {date}, register {register} m³",
);
pub const RD_NO_PREVIOUS: Msg = Msg::new(
    "尚无抄表记录：首次读数只作起点，不出账单",
    "No reading yet: the first is the starting point and bills nothing",
);
pub const RD_METER_EXPIRED: Msg = Msg::new(
    "表具已于 {date} 超过检定有效期：请安排换表（本次读数照常录入）",
    "Meter expired {date}: have it replaced; the reading is still taken",
);

// --- fees and the card replacement form (补卡, `k` in the customer view) ---
pub const FEE_CARD_REPLACEMENT: Msg = Msg::new("补卡工本费", "Card replacement fee");
pub const RCPT_TITLE_FEE: Msg = Msg::new("收费收据", "FEE RECEIPT");
pub const KIND_FEE: Msg = Msg::new("收费", "fee");
pub const CR_TITLE: Msg = Msg::new("补卡 {account} {holder}", "New card {account} {holder}");
pub const CR_METER: Msg = Msg::new(
    "IC卡表 {serial}：新卡写入该表上次购气，旧卡作废",
    "IC-card meter {serial}: the new card gets its last purchase; the old card is void",
);
pub const CR_LABEL_REASON: Msg = Msg::new("补卡原因", "Reason");
pub const CR_REASON_LOST: Msg = Msg::new("遗失", "lost");
pub const CR_REASON_DAMAGED: Msg = Msg::new("损坏", "damaged");
pub const CR_REASON_OTHER: Msg = Msg::new("其他", "other");
pub const CR_LABEL_NOTE: Msg = Msg::new("原因说明", "Details");
pub const CR_NOTE_REQUIRED: Msg =
    Msg::new("选“其他”时请写明补卡原因", "Say why the card is replaced");
pub const CR_LABEL_FEE: Msg = Msg::new("工本费", "Fee");
pub const CR_FEE_NONE: Msg = Msg::new("不收费", "none");
pub const CR_HINT: Msg = Msg::new(
    "←/→ 选择；Enter 补卡并写新卡；Esc 返回不补卡",
    "←/→ choose; Enter replaces and writes the card; Esc goes back",
);
pub const CR_NO_CARD_METER: Msg = Msg::new(
    "该户没有IC卡表，没有卡可补",
    "This account has no IC-card meter: there is no card to replace",
);
pub const CR_NEEDS_SHIFT: Msg = Msg::new(
    "补卡收工本费 {fee} 元：请先开班（F4）再补卡",
    "A new card costs {fee}: open a cash shift (F4) first",
);
pub const CD_CARD_REPLACED: Msg = Msg::new(
    "已补卡：表 {meter} 第 {count} 次购气已写入新卡",
    "Card replaced: meter {meter}, purchase {count} on the new card",
);
pub const CD_CARD_REPLACED_FEE: Msg = Msg::new(
    "已补卡：表 {meter} 第 {count} 次购气已写入新卡；工本费 {fee} 收据 {receipt}",
    "Card replaced: meter {meter}, purchase {count}; fee {fee} on {receipt}",
);
pub const CD_REPLACE_WRITE_FAILED: Msg = Msg::new(
    "已补卡登记{receipt}，但写卡未成功：{error}。插好新卡后在收费台按 {key} 重写",
    "Replacement recorded{receipt} but the card was not written: {error}. Insert it and press {key} at the cash desk",
);
pub const CR_FEE_RECEIPT: Msg = Msg::new("（收据 {receipt}）", " (receipt {receipt})");
pub const CUST_CARD_REPLACED_LINE: Msg = Msg::new(
    "补卡 {date} 卡内 {volume} m³ {state}",
    "new card {date} carrying {volume} m³ {state}",
);
