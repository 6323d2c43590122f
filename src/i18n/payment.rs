//! Text of the payment form, the receipt screen and the printed receipt.

#[allow(unused_imports)]
use super::Msg;
