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
