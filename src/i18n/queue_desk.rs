//! Catalog: the counter's queue screen (F2) and the manager panel — the waiting list,
//! what each step did, the questions asked first, day close, the counter choice, and
//! the board and kiosk after the day is closed.
use super::Msg;

// --- why a ticket is at the counter ---
pub const QD_WHY_WALK_IN: Msg = Msg::new(
    "现场办理（未排队，直接办理）",
    "walk-in, served without a ticket wait",
);
