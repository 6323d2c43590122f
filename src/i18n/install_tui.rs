//! F5 words added from the tester's findings: the notice of an application on hold, the
//! key that goes back through the lists.

use super::Msg;

pub const IN_NOTICE_ON_HOLD: Msg = Msg::new(
    "本申请自{day}起暂挂。原因：{reason}。暂挂期间时限暂停，以下日期按暂挂的天数顺延。",
    "THIS APPLICATION IS ON HOLD (since {day}). Reason: {reason}. The dates below move later by the time it is held.",
);
pub const ACTION_INSTALL_FILTER_PREV: Msg = Msg::new("上一筛选", "Prev filter");
