//! The demo's past: the 30 business days before the demo's day, in every office (the
//! vehicle on weekdays only), each a shorter queue day played quickly (tickets issued,
//! called, served or not, finished with their business), its cash day
//! ([`super::money`]) and the day closed by the office's manager — which freezes its
//! day-end report. The period reports and the day-ends of last month are then never
//! empty.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};

use super::DemoError;
use super::lists::SplitMix64;
use super::money::{self, Extras};
use crate::card::CardWriter;
use crate::db::queue::{self as q, BusinessDay, FinishRequest, IssueRequest, QueueError};
use crate::db::{Store, office, staff};
use crate::domain::queue::{CounterMode, QueueRules};
use crate::domain::role::Role;

/// What else an office did on a played date: the store, the office, the date, and
/// whether its business day is played (and open).
pub type AlsoOnDay<'a> = dyn FnMut(&mut Store, i64, NaiveDate, bool) -> Result<(), DemoError> + 'a;

/// Business days played before the demo's day.
pub const DAYS: i64 = 30;

fn q_err(e: QueueError) -> DemoError {
    DemoError::Queue(e)
}

/// `date` at `h:m` on the offices' clock.
pub fn local_at(rules: &QueueRules, date: NaiveDate, h: u32, m: u32) -> DateTime<Utc> {
    let local = date.and_time(NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default());
    rules
        .utc_offset
        .from_local_datetime(&local)
        .single()
        .map_or_else(|| Utc.from_utc_datetime(&local), |t| t.with_timezone(&Utc))
}

/// A quick queue day: about 20 tickets (10 at the vehicle) from 08:30, each called,
/// served and finished in turn at the counters in rotation; one in twelve does not come.
pub fn quick_queue_day(
    store: &mut Store,
    rules: &QueueRules,
    office_id: i64,
    date: NaiveDate,
    seed: u64,
) -> Result<BusinessDay, DemoError> {
    let at = |h, m| local_at(rules, date, h, m);
    let everyone = staff::list(&*store)?;
    let manager = everyone
        .iter()
        .find(|s| s.office_id == office_id && s.role == Role::Manager && s.active)
        .ok_or(DemoError::Queue(QueueError::WrongOffice {
            office: office_id,
        }))?
        .actor(None);
    let counters = office::counters(&*store, office_id)?;
    let clerks: Vec<(crate::db::Actor, String)> = everyone
        .iter()
        .filter(|s| s.office_id == office_id && s.role == Role::Clerk)
        .filter_map(|s| {
            let services = counters
                .iter()
                .find(|c| Some(c.number) == s.counter_no)?
                .services
                .clone();
            Some((s.actor(None), services))
        })
        .collect();
    if clerks.is_empty() {
        return Err(q_err(QueueError::NoCounter));
    }
    let mobile = office::get(&*store, office_id)?.is_some_and(|o| o.mobile);
    let mut r = SplitMix64(
        seed ^ (office_id as u64).wrapping_mul(0x9E37_79B9) ^ date.num_days_from_ce() as u64,
    );
    let day =
        q::open_day(store, &manager, rules, office_id, Some(date), at(8, 25)).map_err(q_err)?;
    for (k, (actor, _)) in clerks.iter().enumerate() {
        q::set_counter(
            store,
            actor,
            CounterMode::Open,
            at(8, 26) + Duration::minutes(k as i64),
        )
        .map_err(q_err)?;
    }
    let total: i64 = if mobile { 10 } else { 16 + r.below(8) as i64 };
    let step = 400 * 60 / total;
    for i in 0..total {
        let (actor, services) = &clerks[i as usize % clerks.len()];
        let mut service = super::queue::service_for(&mut r);
        if !services.contains(service) {
            service = services.chars().next().unwrap_or('A');
        }
        let issued_at = at(8, 30) + Duration::seconds(i * step + r.below(120) as i64);
        let ticket = q::issue(
            store,
            &q::kiosk_actor(office_id),
            rules,
            &IssueRequest {
                office_id,
                service,
                account_no: None,
                phone: None,
                priority: r.below(100) < 5,
            },
            issued_at,
        )
        .map_err(q_err)?
        .ticket;
        let called_at = issued_at + Duration::seconds(60 + r.below(1_500) as i64);
        let called = q::call_next(store, actor, rules, called_at).map_err(q_err)?;
        debug_assert_eq!(called.ticket.id, ticket.id);
        if r.below(12) == 0 {
            q::no_show(
                store,
                actor,
                called.ticket.id,
                called_at + Duration::seconds(120),
            )
            .map_err(q_err)?;
            continue;
        }
        let came = called_at + Duration::seconds(45);
        q::arrived(store, actor, called.ticket.id, came).map_err(q_err)?;
        let outcome = super::queue::outcome_for(service, &mut r);
        q::finish(
            store,
            actor,
            called.ticket.id,
            &FinishRequest {
                outcome,
                account_id: None,
                transaction_ref: None,
                note: String::new(),
            },
            came + Duration::seconds(150 + r.below(600) as i64),
        )
        .map_err(q_err)?;
    }
    Ok(day)
}

/// Plays the [`DAYS`] business days before `today` in every office, each closed at
/// 17:30, with `also` called for each office and date (whether its day is played and
/// open) to add what else the office did. Returns, per office (in `offices` order), a receipt of its last played day that
/// the demo's day may refund.
pub fn play(
    store: &mut Store,
    rules: &QueueRules,
    cards: &mut dyn CardWriter,
    offices: &[i64],
    today: NaiveDate,
    seed: u64,
    also: &mut AlsoOnDay<'_>,
) -> Result<Vec<Option<i64>>, DemoError> {
    let mut refundable = vec![None; offices.len()];
    for back in (1..=DAYS).rev() {
        let date = today - Duration::days(back);
        for (k, &office_id) in offices.iter().enumerate() {
            let mobile = office::get(&*store, office_id)?.is_some_and(|o| o.mobile);
            if mobile && matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
                // No day played: whatever else happens opens and closes its own.
                also(store, office_id, date, false)?;
                continue;
            }
            let day = quick_queue_day(store, rules, office_id, date, seed)?;
            // Whatever else the office did that day (new-install steps and fees).
            also(store, office_id, date, true)?;
            let cash = money::play_cash_day(
                store,
                rules,
                cards,
                office_id,
                &day,
                seed,
                Extras {
                    last_day: false,
                    refund: None,
                    // Now and then a drawer is short.
                    short: (date.ordinal() + office_id as u32).is_multiple_of(11),
                },
                local_at(rules, date, 17, 0),
            )?;
            refundable[k] = cash.refundable.or(refundable[k]);
            let manager = staff::list(&*store)?
                .into_iter()
                .find(|s| s.office_id == office_id && s.role == Role::Manager && s.active)
                .map(|s| s.actor(None))
                .ok_or(DemoError::Queue(QueueError::WrongOffice {
                    office: office_id,
                }))?;
            q::close_day(store, &manager, office_id, local_at(rules, date, 17, 30))
                .map_err(q_err)?;
        }
    }
    Ok(refundable)
}
