//! A realistic day of queue tickets for one office, so the board, the counter screen and
//! the manager panel have something to show. The day is played through the real store
//! API (the real call policy, recall limits, transfers) with a simulated clock: the same
//! seed and date give the same tickets, calls and timestamps.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};

use super::lists::SplitMix64;
use crate::db::queue::{
    self as q, BusinessDay, FinishRequest, IssueRequest, QueueError, TransferRequest, kiosk_actor,
};
use crate::db::{Actor, Store};
use crate::domain::queue::{CounterMode, Outcome, QueueRules, builtin_rules};
use crate::domain::role::Role;

/// What the demo day left behind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoQueueDay {
    pub day: BusinessDay,
    pub issued: usize,
    pub finished: usize,
    pub no_shows: usize,
    pub transferred: usize,
    /// Still waiting when the simulated clock stopped.
    pub waiting: usize,
    /// At a counter when the clock stopped.
    pub serving: usize,
    /// The simulated "now": the time the panels describe.
    pub until: DateTime<Utc>,
}

/// What one counter is doing in the simulation.
enum Desk {
    Idle,
    Paused {
        until: DateTime<Utc>,
    },
    /// Called; the customer comes at `at` (or, for a no-show, is recalled until the cap).
    Coming {
        id: i64,
        at: DateTime<Utc>,
        no_show: bool,
        recalls: u32,
    },
    Serving {
        id: i64,
        until: DateTime<Utc>,
        service: char,
    },
}

struct Clerk {
    actor: Actor,
    desk: Desk,
    lunch: (DateTime<Utc>, DateTime<Utc>),
    lunch_taken: bool,
    /// Stops calling at this time (the last two counters do the cash count early).
    stops_at: DateTime<Utc>,
    /// The queue version at which this counter last found nothing to call: it asks again
    /// only after a ticket joins the queue (a refused call is a rolled-back write).
    idle_at_version: Option<u64>,
}

pub(super) fn service_for(r: &mut SplitMix64) -> char {
    match r.below(100) {
        0..55 => 'A',
        55..77 => 'D',
        77..89 => 'B',
        _ => 'C',
    }
}

pub(super) fn outcome_for(service: char, r: &mut SplitMix64) -> Outcome {
    match (service, r.below(100)) {
        ('A', 0..60) => Outcome::Payment,
        ('A', _) => Outcome::TopUp,
        ('B', _) => Outcome::NewInstall,
        ('C', _) => Outcome::OwnershipTransfer,
        (_, 0..85) => Outcome::Enquiry,
        (_, 85..90) => Outcome::CareVisit,
        _ => Outcome::Other,
    }
}

/// Plays a business day of `date` (on the offices' clock) at `office_id`: the manager opens
/// the day at 08:25, the office's clerks open their counters, about 120 customers (45 at
/// the mobile vehicle) arrive from 08:30, and the clock stops at 15:45 with about ten
/// waiting and two at counters. Needs the demo staff (clerks with a counter, a manager).
pub fn demo_queue_day(
    store: &mut Store,
    office_id: i64,
    date: NaiveDate,
    seed: u64,
) -> Result<DemoQueueDay, QueueError> {
    demo_queue_day_ending(store, office_id, date, seed, None)
}

/// [`demo_queue_day`] with the whole day moved in time so that its clock stops at
/// `ends_at` instead of 15:45: a demo built at 10:00 then shows waits of minutes, not
/// tickets issued in the afternoon still to come.
pub fn demo_queue_day_ending(
    store: &mut Store,
    office_id: i64,
    date: NaiveDate,
    seed: u64,
    ends_at: Option<DateTime<Utc>>,
) -> Result<DemoQueueDay, QueueError> {
    let rules = builtin_rules();
    let local_at = |h: u32, m: u32| -> DateTime<Utc> {
        let local = date.and_time(NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default());
        rules
            .utc_offset
            .from_local_datetime(&local)
            .single()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|| Utc.from_utc_datetime(&local))
    };
    let shift = ends_at.map_or(Duration::zero(), |end| end - local_at(15, 45));
    let at = |h: u32, m: u32| -> DateTime<Utc> { local_at(h, m) + shift };
    let staff = crate::db::staff::list(&store)?;
    let manager = staff
        .iter()
        .find(|s| s.office_id == office_id && s.role == Role::Manager && s.active)
        .ok_or(QueueError::WrongOffice { office: office_id })?
        .actor(None);
    let mut clerks: Vec<Clerk> = staff
        .iter()
        .filter(|s| s.office_id == office_id && s.role == Role::Clerk && s.counter_no.is_some())
        .enumerate()
        .map(|(k, s)| Clerk {
            actor: s.actor(None),
            desk: Desk::Idle,
            lunch: if k % 2 == 0 {
                (at(11, 30), at(12, 15))
            } else {
                (at(12, 15), at(13, 0))
            },
            lunch_taken: false,
            stops_at: if k >= 2 { at(15, 15) } else { at(23, 0) },
            idle_at_version: None,
        })
        .collect();
    if clerks.is_empty() {
        return Err(QueueError::NoCounter);
    }
    let mobile = crate::db::office::get(&store, office_id)?
        .ok_or(QueueError::UnknownOffice(office_id))?
        .mobile;
    let total = if mobile { 45 } else { 120 };
    let mut r = SplitMix64(seed ^ (office_id as u64).wrapping_mul(0x9E37_79B9));
    let accounts = crate::db::account::account_numbers_of_office(&store, office_id, 300)?;

    let day = q::open_day(store, &manager, &rules, office_id, Some(date), at(8, 25))?;
    for (k, c) in clerks.iter().enumerate() {
        q::set_counter(
            store,
            &c.actor,
            CounterMode::Open,
            at(8, 26) + Duration::minutes(k as i64),
        )?;
    }

    // Arrivals: spread over the day, a morning peak, and a late crowd the two remaining
    // counters cannot clear before the clock stops.
    let start = at(8, 30);
    let until = at(15, 45);
    let late = total / 6;
    let mut arrivals: Vec<DateTime<Utc>> = (0..total - late)
        .map(|i| {
            let frac = i as f64 / (total - late) as f64;
            // Denser in the morning: the square root bends arrivals towards the start.
            let minutes = (frac.sqrt() * 0.55 + frac * 0.45) * 395.0;
            start + Duration::seconds((minutes * 60.0) as i64 + r.below(120) as i64)
        })
        .collect();
    arrivals.extend((0..late).map(|_| at(15, 15) + Duration::seconds(r.below(28 * 60) as i64)));
    arrivals.sort();

    let mut next_arrival = 0;
    let mut parked: Vec<(i64, DateTime<Utc>)> = Vec::new();
    let mut version = 0u64;
    let mut summary = DemoQueueDay {
        day,
        issued: 0,
        finished: 0,
        no_shows: 0,
        transferred: 0,
        waiting: 0,
        serving: 0,
        until,
    };
    let mut now = start;
    while now < until {
        while next_arrival < arrivals.len() && arrivals[next_arrival] <= now {
            let service = service_for(&mut r);
            let req = IssueRequest {
                office_id,
                service,
                account_no: (r.below(100) < 30 && !accounts.is_empty())
                    .then(|| r.pick(&accounts).clone()),
                phone: None,
                priority: r.below(100) < 6,
            };
            q::issue(
                store,
                &kiosk_actor(office_id),
                &rules,
                &req,
                arrivals[next_arrival],
            )?;
            summary.issued += 1;
            next_arrival += 1;
            version += 1;
        }
        for c in clerks.iter_mut() {
            step(
                store,
                &rules,
                c,
                now,
                &mut r,
                &mut parked,
                &mut summary,
                &mut version,
            )?;
        }
        now += Duration::seconds(10);
    }
    // Whoever is still being called has arrived by now; the first two counters serve.
    for c in clerks.iter_mut() {
        if let Desk::Coming { id, .. } = c.desk {
            q::arrived(store, &c.actor, id, until)?;
        }
        if matches!(c.desk, Desk::Idle) && c.stops_at > until {
            match q::call_next(store, &c.actor, &rules, until) {
                Ok(called) => {
                    q::arrived(store, &c.actor, called.ticket.id, until)?;
                }
                Err(QueueError::NothingWaiting) => {}
                Err(e) => return Err(e),
            }
        }
    }
    let view = q::waiting(&store, &rules, office_id)?;
    summary.waiting = view.tickets.len();
    summary.serving = q::manager_panel(&store, &rules, office_id, until)?
        .counters
        .iter()
        .filter(|c| c.current.is_some())
        .count();
    Ok(summary)
}

/// One 10-second tick of one counter.
#[allow(clippy::too_many_arguments)]
fn step(
    store: &mut Store,
    rules: &QueueRules,
    c: &mut Clerk,
    now: DateTime<Utc>,
    r: &mut SplitMix64,
    parked: &mut Vec<(i64, DateTime<Utc>)>,
    summary: &mut DemoQueueDay,
    version: &mut u64,
) -> Result<(), QueueError> {
    let actor = c.actor.clone();
    c.desk = match std::mem::replace(&mut c.desk, Desk::Idle) {
        Desk::Paused { until } if now >= until => {
            q::set_counter(store, &actor, CounterMode::Open, now)?;
            Desk::Idle
        }
        paused @ Desk::Paused { .. } => paused,
        Desk::Idle if now >= c.stops_at => {
            q::set_counter(store, &actor, CounterMode::Paused, now)?;
            Desk::Paused {
                until: now + Duration::hours(24),
            }
        }
        Desk::Idle if !c.lunch_taken && now >= c.lunch.0 => {
            c.lunch_taken = true;
            q::set_counter(store, &actor, CounterMode::Paused, now)?;
            Desk::Paused { until: c.lunch.1 }
        }
        Desk::Idle if c.idle_at_version == Some(*version) && parked.is_empty() => Desk::Idle,
        Desk::Idle => {
            if let Some(pos) = parked.iter().position(|(_, when)| *when <= now) {
                let (id, _) = parked.remove(pos);
                q::resume(store, &actor, id, now)?;
                Desk::Coming {
                    id,
                    at: now + Duration::seconds(20),
                    no_show: false,
                    recalls: 0,
                }
            } else {
                match q::call_next(store, &actor, rules, now) {
                    Ok(called) => {
                        let no_show = r.below(100) < 5;
                        // A no-show is recalled no sooner than the rules allow.
                        let wait = if no_show { 40 } else { 15 + r.below(45) as i64 };
                        Desk::Coming {
                            id: called.ticket.id,
                            at: now + Duration::seconds(wait),
                            no_show,
                            recalls: 0,
                        }
                    }
                    Err(QueueError::NothingWaiting) => {
                        c.idle_at_version = Some(*version);
                        Desk::Idle
                    }
                    Err(e) => return Err(e),
                }
            }
        }
        Desk::Coming {
            id,
            at,
            no_show,
            recalls,
        } if now >= at => {
            if no_show && recalls < 2 {
                q::recall(store, &actor, rules, id, now)?;
                Desk::Coming {
                    id,
                    at: now + Duration::seconds(40),
                    no_show,
                    recalls: recalls + 1,
                }
            } else if no_show {
                q::no_show(store, &actor, id, now)?;
                summary.no_shows += 1;
                Desk::Idle
            } else {
                let t = q::arrived(store, &actor, id, now)?;
                let typical = rules
                    .service(t.service)
                    .map(|s| i64::from(s.typical_minutes) * 60)
                    .unwrap_or(300);
                let took = typical / 2 + r.below(typical as u64 + 1) as i64;
                Desk::Serving {
                    id,
                    until: now + Duration::seconds(took),
                    service: t.service,
                }
            }
        }
        coming @ Desk::Coming { .. } => coming,
        Desk::Serving { id, until, service } if now >= until => {
            match r.below(100) {
                // Enquiries that turn out to be an installation or a transfer.
                0..10 if service == 'D' => {
                    let to = if r.below(2) == 0 { 'B' } else { 'C' };
                    let req = TransferRequest {
                        service: Some(to),
                        counter: None,
                        note: "咨询后转办理".into(),
                    };
                    q::transfer(store, &actor, rules, id, &req, now)?;
                    summary.transferred += 1;
                    *version += 1;
                }
                // A customer who must fetch a document comes back later.
                0..3 => {
                    q::park(store, &actor, id, "回家取证件", now)?;
                    parked.push((id, now + Duration::minutes(20)));
                }
                _ => {
                    let req = FinishRequest {
                        outcome: outcome_for(service, r),
                        account_id: None,
                        transaction_ref: None,
                        note: String::new(),
                    };
                    q::finish(store, &actor, id, &req, now)?;
                    summary.finished += 1;
                }
            }
            Desk::Idle
        }
        serving @ Desk::Serving { .. } => serving,
    };
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::{DbKind, Store};
    use crate::demo::generate::demo_staff;
    use crate::domain::office::builtin_offices;

    fn store() -> Store {
        let mut store = Store::in_memory(DbKind::Demo).unwrap();
        let system = Actor::system();
        let offices = builtin_offices();
        crate::db::office::install(&mut store, &system, &offices).unwrap();
        for s in demo_staff(&offices) {
            let new = crate::db::staff::NewStaff {
                staff_no: s.staff_no,
                name: s.name,
                office_id: s.office_id,
                counter_no: s.counter_no,
                role: s.role,
                pin_hash: "demo".into(),
            };
            crate::db::staff::add(&mut store, &system, &new).unwrap();
        }
        store
    }

    fn events(store: &Store) -> Vec<(i64, String, String, Option<i64>)> {
        store
            .raw_for_tests()
            .prepare("SELECT ticket_id, at, kind, counter_no FROM ticket_event ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    #[test]
    fn a_realistic_reproducible_day() {
        let date = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let mut a = store();
        let day = demo_queue_day(&mut a, 1, date, 7).unwrap();
        assert_eq!(day.issued, 120);
        assert_eq!(day.serving, 2, "{day:?}");
        assert!((6..=16).contains(&day.waiting), "{day:?}");
        assert!(day.finished >= 85, "{day:?}");
        assert!(day.no_shows >= 1, "{day:?}");
        let rules = builtin_rules();
        let stats = crate::db::stats::day_stats(&a, &rules, day.day.id).unwrap();
        assert_eq!(stats.total.issued, 120);
        assert_eq!(stats.total.served, day.finished);
        assert!(stats.total.within_target_permille().unwrap() > 300);
        let board = q::board(&a, &rules, 1, 8).unwrap();
        assert_eq!(board.calls.len(), 8);
        let mut b = store();
        assert_eq!(demo_queue_day(&mut b, 1, date, 7).unwrap(), day);
        assert_eq!(events(&a), events(&b));
        // The mobile vehicle has a smaller day.
        let vehicle = demo_queue_day(&mut a, 9, date, 7).unwrap();
        assert_eq!(vehicle.issued, 45);
    }
}
