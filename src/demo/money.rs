//! The demo's cash days: every office takes money for the payment and top-up tickets its
//! queue day finished — shifts opened with a float, receipts of every kind (bills,
//! advances, top-ups written onto cards, a card replacement's fee), on the demo's last
//! day one void, one refund of the day before's receipt and a card write that fails and
//! is written again, and shifts counted and closed (one short). Played through the real
//! store API with the queue day's clock; the same seed gives the same figures.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, Duration, Utc};

use super::DemoError;
use super::lists::SplitMix64;
use crate::card::{CardError, CardState, CardWriter};
use crate::db::cash::{self, Approval, CardReplacement, CashError, PaymentKey, Tender, TopUpOrder};
use crate::db::queue::BusinessDay;
use crate::db::report::{DemoCustomer, demo_customers, finished_tickets};
use crate::db::{Actor, Store, staff};
use crate::domain::fee::ReplaceReason;
use crate::domain::money::Fen;
use crate::domain::queue::QueueRules;
use crate::domain::receipt::{CashCount, Denomination, PaymentMethod};
use crate::domain::role::Role;
use crate::domain::tariff::Volume;

/// Cards written while the demo is built, kept in memory and saved once at the end
/// beside the finished file (`<demo>.cards`), where the counter's simulated reader
/// finds them: a trainer's next top-up on the same meter then follows on.
#[derive(Debug, Default)]
pub struct MemoryCards {
    pub cards: BTreeMap<String, CardState>,
    fail_next: u32,
}

impl CardWriter for MemoryCards {
    fn read(&mut self, serial: &str) -> Result<CardState, CardError> {
        Ok(self.cards.get(serial).copied().unwrap_or_default())
    }

    fn write(
        &mut self,
        serial: &str,
        purchase_count: i64,
        volume_litres: i64,
    ) -> Result<CardState, CardError> {
        let held = self.read(serial)?;
        if held.purchase_count == purchase_count && held.last_volume_litres == volume_litres {
            return Ok(held);
        }
        if held.purchase_count != purchase_count - 1 {
            return Err(CardError::OutOfSequence {
                held: held.purchase_count,
                wanted: purchase_count,
            });
        }
        if self.fail_next > 0 {
            self.fail_next -= 1;
            return Err(CardError::WriteFailed);
        }
        let state = CardState {
            purchase_count,
            last_volume_litres: volume_litres,
        };
        self.cards.insert(serial.to_string(), state);
        Ok(state)
    }

    fn issue_blank(&mut self, serial: &str) -> Result<(), CardError> {
        let held = self.read(serial)?;
        self.cards.insert(
            serial.to_string(),
            CardState {
                purchase_count: held.purchase_count - 1,
                last_volume_litres: 0,
            },
        );
        Ok(())
    }

    fn fail_next_writes(&mut self, n: u32) {
        self.fail_next = n;
    }
}

impl MemoryCards {
    /// Writes every card into `dir` (emptied first: it is the demo's own folder, and
    /// the cards of a demo it replaces are void) in the simulated reader's format; no
    /// folder when no card was written.
    pub fn save(&self, dir: &Path) -> std::io::Result<()> {
        match std::fs::remove_dir_all(dir) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        if self.cards.is_empty() {
            return Ok(());
        }
        let parent = dir.parent().unwrap_or(Path::new("."));
        crate::files::create_shared_dir(dir, parent)?;
        for (serial, state) in &self.cards {
            let safe = crate::files::safe_stem(serial, &[]);
            let text = serde_json::to_string(state).map_err(std::io::Error::other)?;
            std::fs::write(dir.join(format!("{safe}.json")), text)?;
        }
        Ok(())
    }
}

/// What is played on a day besides the ordinary takings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Extras {
    /// The demo's last day: a fee, a failed write recovered, a void, one shift short, and
    /// only the counters that stopped early close their shifts.
    pub last_day: bool,
    /// A receipt of an earlier (closed) day to refund.
    pub refund: Option<i64>,
    /// One shift of the day counted 10.00 short (with its reason).
    pub short: bool,
}

/// What a played cash day left.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CashDay {
    pub receipts: usize,
    /// A receipt the next day may refund (an advance or a bill payment, not reversed).
    pub refundable: Option<i64>,
}

fn cash_err(e: CashError) -> DemoError {
    DemoError::Cash(e)
}

fn tender(r: &mut SplitMix64, due: Fen) -> Tender {
    let reference = format!("{:012}", r.below(1_000_000_000_000));
    match r.below(100) {
        0..55 => {
            // Cash: often the exact sum, else the next round 100 yuan.
            let tendered = (r.below(2) == 0).then(|| Fen((due.get() / 10_000 + 1) * 10_000));
            Tender::cash(tendered)
        }
        55..70 => Tender::with_reference(PaymentMethod::BankCard, &reference),
        70..90 => Tender::with_reference(PaymentMethod::WeChat, &format!("WX{reference}")),
        _ => Tender::with_reference(PaymentMethod::Alipay, &format!("ZFB{reference}")),
    }
}

/// Counts `amount` in notes and coins, largest first.
fn count_of(amount: Fen) -> CashCount {
    let mut left = amount.get().max(0);
    let mut count = CashCount::new();
    for d in Denomination::ALL {
        if d == Denomination::Coin1 {
            continue;
        }
        let v = d.value().get();
        let n = left / v;
        if n > 0 {
            count.set(d, u32::try_from(n).unwrap_or(u32::MAX));
            left -= n * v;
        }
    }
    count
}

struct Clerk {
    actor: Actor,
    last: Option<DateTime<Utc>>,
    shift: i64,
}

/// Takes the money of `day`'s finished payment and top-up tickets at `office_id`; see
/// the module documentation. `close_at` is when the counters count their drawers.
#[allow(clippy::too_many_arguments)]
pub fn play_cash_day(
    store: &mut Store,
    rules: &QueueRules,
    cards: &mut dyn CardWriter,
    office_id: i64,
    day: &BusinessDay,
    seed: u64,
    extras: Extras,
    close_at: DateTime<Utc>,
) -> Result<CashDay, DemoError> {
    let mut r = SplitMix64(seed ^ (day.id as u64).wrapping_mul(0x2545_F491_4F6C_DD1D) ^ 0xCA54);
    let everyone = staff::list(&*store)?;
    let manager_no = everyone
        .iter()
        .find(|s| s.office_id == office_id && s.role == Role::Manager && s.active)
        .map(|s| s.staff_no.clone())
        .unwrap_or_default();
    let mut clerks: BTreeMap<i64, Clerk> = BTreeMap::new();
    let opened = day.opened_at + Duration::minutes(2);
    for s in everyone
        .iter()
        .filter(|s| s.office_id == office_id && s.role == Role::Clerk && s.counter_no.is_some())
    {
        let actor = s.actor(None);
        let float = Fen(if r.below(2) == 0 { 50_000 } else { 30_000 });
        let shift = cash::open_shift(store, &actor, rules, float, opened).map_err(cash_err)?;
        clerks.insert(
            s.id,
            Clerk {
                actor,
                last: None,
                shift: shift.id,
            },
        );
    }
    let mut customers: Vec<DemoCustomer> = demo_customers(&*store, office_id, 400)?;
    let mobile = crate::db::office::get(&*store, office_id)?.is_some_and(|o| o.mobile);
    if customers.is_empty() || mobile {
        // The vehicle's own customers are the few whose new installs it took: it serves
        // the remote compounds of the city's offices (those further down the lists, so
        // the offices' bills stay theirs).
        let home = (office_id - 1) % 8 + 1;
        let theirs = demo_customers(&*store, home, 800)?;
        let half = theirs.len() / 2;
        customers = theirs.into_iter().skip(half).collect();
    }
    // Bills first paid by the customers who have them; top-ups on IC-card meters.
    let ic: Vec<i64> = customers.iter().filter_map(|c| c.ic_meter).collect();
    let plain: Vec<i64> = customers
        .iter()
        .filter(|c| c.ic_meter.is_none())
        .map(|c| c.account_id)
        .collect();
    let mut out = CashDay::default();
    let mut topped_up: Option<(i64, i64, DateTime<Utc>)> = None; // (staff, meter, at)
    let mut top_ups = 0;
    let mut advance_to_void: Option<(i64, i64)> = None; // (staff, receipt)
    for t in finished_tickets(&*store, day.id)? {
        let Some(staff_id) = t.staff_id else { continue };
        let Some(clerk) = clerks.get_mut(&staff_id) else {
            continue;
        };
        let at = t.at - Duration::seconds(30);
        let paid = match t.outcome.as_str() {
            "payment" => {
                let with_bills = customers.iter_mut().find(|c| !c.open_bills.is_empty());
                match with_bills {
                    // The past days leave most bills for the demo's day.
                    Some(c) if r.below(100) < if extras.last_day { 70 } else { 15 } => {
                        let bills = std::mem::take(&mut c.open_bills);
                        let due = Fen(20_000);
                        let tender = match tender(&mut r, due) {
                            // The bills' sum is not known here: cash exact, no change.
                            t if t.method.is_cash() => Tender::cash(None),
                            t => t,
                        };
                        cash::pay_bills(
                            store,
                            &clerk.actor,
                            &PaymentKey::new(),
                            c.account_id,
                            &bills,
                            &tender,
                            at,
                        )
                    }
                    _ if !plain.is_empty() => {
                        let account = *r.pick(&plain);
                        let amount = Fen(i64::try_from(5 + r.below(56)).unwrap_or(5) * 1_000);
                        let tender = tender(&mut r, amount);
                        let paid = cash::pay_advance(
                            store,
                            &clerk.actor,
                            &PaymentKey::new(),
                            account,
                            amount,
                            &tender,
                            at,
                        );
                        if let Ok(p) = &paid
                            && advance_to_void.is_none()
                        {
                            advance_to_void = Some((staff_id, p.receipt.id));
                        }
                        paid
                    }
                    _ => continue,
                }
            }
            "top_up" if !ic.is_empty() => {
                let meter = *r.pick(&ic);
                let m3 = i64::try_from(10 + r.below(51)).unwrap_or(10);
                let tender = tender(&mut r, Fen(m3 * 300));
                let tender = if tender.method.is_cash() {
                    Tender::cash(None)
                } else {
                    tender
                };
                let paid = cash::top_up(
                    store,
                    &clerk.actor,
                    &PaymentKey::new(),
                    meter,
                    TopUpOrder::Volume(Volume(m3 * 1000)),
                    &tender,
                    at,
                );
                if let Ok(p) = &paid
                    && let Some(w) = &p.card_write
                {
                    top_ups += 1;
                    // On the last day the second top-up's card is pulled out too early:
                    // the write fails, and the clerk writes it again two minutes later.
                    if extras.last_day && top_ups == 2 {
                        cards.fail_next_writes(1);
                        let failed =
                            cash::complete_card_write(store, &clerk.actor, w.id, cards, at);
                        debug_assert!(failed.is_err() || failed.is_ok());
                        cash::complete_card_write(
                            store,
                            &clerk.actor,
                            w.id,
                            cards,
                            at + Duration::minutes(2),
                        )
                        .map_err(cash_err)?;
                    } else {
                        cash::complete_card_write(store, &clerk.actor, w.id, cards, at)
                            .map_err(cash_err)?;
                        if topped_up.is_none() {
                            topped_up = Some((staff_id, meter, at));
                        }
                    }
                }
                paid
            }
            _ => continue,
        };
        match paid {
            Ok(p) => {
                out.receipts += 1;
                clerk.last = Some(t.at);
                // Refunded the next day from that day's drawer: cash, and less than any
                // float, so no drawer or card batch of the next day goes below zero.
                if out.refundable.is_none()
                    && matches!(
                        p.receipt.kind,
                        cash::ReceiptKind::Advance | cash::ReceiptKind::Bills
                    )
                    && p.receipt.method.is_cash()
                    && p.receipt.total.get() <= 20_000
                {
                    out.refundable = Some(p.receipt.id);
                }
            }
            // A customer's top-up over the yearly limit or a bill another counter took
            // is not the demo's concern: that ticket simply took no money.
            Err(CashError::Db(e)) => return Err(DemoError::Db(e)),
            Err(_) => {}
        }
    }
    let approval = Approval {
        staff_no: manager_no.clone(),
        pin: super::DEMO_PIN.to_string(),
    };
    if extras.last_day {
        // A lost card replaced, its fee taken in cash.
        if let Some((staff_id, meter, at)) = topped_up
            && let Some(clerk) = clerks.get_mut(&staff_id)
        {
            let replaced = cash::replace_card(
                store,
                &clerk.actor,
                &CardReplacement {
                    meter_id: meter,
                    reason: ReplaceReason::Lost,
                    tender: Tender::cash(None),
                    key: PaymentKey::new(),
                },
                cards,
                at + Duration::minutes(5),
            )
            .map_err(cash_err)?;
            out.receipts += usize::from(replaced.fee_receipt.is_some());
        }
        // A void of an advance typed wrong, approved by the office's manager.
        if let Some((staff_id, receipt)) = advance_to_void
            && let Some(clerk) = clerks.get_mut(&staff_id)
        {
            let at = clerk.last.unwrap_or(opened) + Duration::minutes(1);
            cash::void_receipt(
                store,
                &clerk.actor,
                &approval,
                receipt,
                "金额录错，客户重新缴费（演示）",
                &PaymentKey::new(),
                at,
            )
            .map_err(cash_err)?;
            out.receipts += 1;
            if out.refundable == Some(receipt) {
                out.refundable = None;
            }
        }
    }
    if let Some(receipt) = extras.refund
        && let Some(clerk) = clerks.values_mut().next()
    {
        let at = opened + Duration::minutes(20);
        match cash::void_receipt(
            store,
            &clerk.actor,
            &approval,
            receipt,
            "客户重复缴费，退回（演示）",
            &PaymentKey::new(),
            at,
        ) {
            Ok(_) => out.receipts += 1,
            Err(CashError::Db(e)) => return Err(DemoError::Db(e)),
            Err(_) => {}
        }
    }
    // Counting the drawers: on the last day only the counters that stopped early.
    let count: Vec<i64> = clerks.keys().copied().collect();
    let closing: Vec<i64> = if extras.last_day {
        count.iter().skip(2).copied().collect()
    } else {
        count
    };
    for (k, id) in closing.iter().enumerate() {
        let Some(clerk) = clerks.get(id) else {
            continue;
        };
        let at = if extras.last_day {
            clerk.last.unwrap_or(opened).max(opened) + Duration::minutes(5)
        } else {
            close_at
        };
        cash::start_balancing(store, &clerk.actor).map_err(cash_err)?;
        let totals = cash::shift_totals(&*store, clerk.shift).map_err(cash_err)?;
        let short = extras.short && k + 1 == closing.len();
        let mut others = Vec::new();
        let mut drawer = Fen::ZERO;
        for t in &totals {
            if t.method.is_cash() {
                drawer = if short {
                    Fen(t.expected.get() - 1_000)
                } else {
                    t.expected
                };
            } else {
                others.push((t.method, t.expected));
            }
        }
        let reason = if short {
            "少收现金10元，已报所长（演示）"
        } else {
            ""
        };
        cash::close_shift(store, &clerk.actor, &count_of(drawer), &others, reason, at)
            .map_err(cash_err)?;
    }
    Ok(out)
}
