//! The counter's cash work as issue 10 left it: messages of the payment, reading, void and
//! card-replacement forms added then (kept apart from the older cash catalogs).

use super::Msg;

pub const VOLUME_NOT_TENTHS: Msg = Msg::new(
    "IC卡按0.1立方米购气：最多一位小数",
    "Cards take tenths of a m³: at most one decimal",
);
