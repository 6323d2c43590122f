//! Text of the cash-desk screens (F4): payment, top-up, receipt, void, shift.

#[allow(unused_imports)]
use super::Msg;
