//! Queue statistics, computed from `ticket_event` rows alone (the `ticket` table is a
//! projection and is not consulted). The day-end report and the manager panel use these.
//!
//! Definitions, each attributed to the service, counter, staff member and local hour of
//! the event that completes it:
//! - **issued, served, no-show, transferred, closed**: counts of `issued`, `finished`,
//!   `no_show`, `transferred` and `closed` events. An event's service is the ticket's
//!   service when the step happened (a transfer counts under the service it left).
//! - **wait**: from `issued` to the first `called` or `called_out_of_order`.
//! - **service time**: from the start of the last leg to `finished`. The start is the
//!   latest `arrived`, or when the customer was not marked as arrived, the latest call,
//!   recall or resume. A transfer ends a leg; the next counter's time is its own.
//! - **within target**: of the tickets judged — every ticket called, and every ticket
//!   closed at day end without being called (always a miss, attributed to its `issued`
//!   event) — those whose wait was at most their service's target.
//! - **percentiles**: nearest rank (p50 of 6 samples is the 3rd smallest, p90 the 6th).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::EventKind;

/// One `ticket_event` row as the statistics need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRow {
    /// Rows of one ticket are taken in id order.
    pub id: i64,
    pub ticket_id: i64,
    pub at: DateTime<Utc>,
    /// The hour of `at` on the offices' clock, 0–23.
    pub hour: u32,
    pub kind: EventKind,
    pub service: char,
    pub staff_id: Option<i64>,
    pub counter_no: Option<i64>,
}

/// A distribution of durations in seconds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dist {
    pub count: usize,
    pub p50_secs: Option<i64>,
    pub p90_secs: Option<i64>,
    pub max_secs: Option<i64>,
}

impl Dist {
    fn of(mut samples: Vec<i64>) -> Dist {
        samples.sort_unstable();
        Dist {
            count: samples.len(),
            p50_secs: nearest_rank(&samples, 50),
            p90_secs: nearest_rank(&samples, 90),
            max_secs: samples.last().copied(),
        }
    }
}

/// The `p`-th percentile of sorted samples by the nearest-rank method.
pub fn nearest_rank(sorted: &[i64], p: usize) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
}

/// The figures of one group (the whole office, one service, counter, staff member, hour).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Figures {
    pub issued: usize,
    pub served: usize,
    pub no_show: usize,
    pub transferred: usize,
    pub closed: usize,
    pub wait: Dist,
    pub service: Dist,
    /// Tickets judged against their target, and how many of them met it.
    pub judged: usize,
    pub within_target: usize,
}

impl Figures {
    /// The share within target in per mille, rounded down; `None` before anyone is judged.
    pub fn within_target_permille(&self) -> Option<u32> {
        (self.judged > 0).then(|| (self.within_target * 1000 / self.judged) as u32)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueueStats {
    pub total: Figures,
    pub by_service: BTreeMap<char, Figures>,
    pub by_counter: BTreeMap<i64, Figures>,
    pub by_staff: BTreeMap<i64, Figures>,
    pub by_hour: BTreeMap<u32, Figures>,
}

#[derive(Default)]
struct Acc {
    issued: usize,
    served: usize,
    no_show: usize,
    transferred: usize,
    closed: usize,
    waits: Vec<i64>,
    services: Vec<i64>,
    judged: usize,
    within: usize,
}

impl Acc {
    fn finish(self) -> Figures {
        Figures {
            issued: self.issued,
            served: self.served,
            no_show: self.no_show,
            transferred: self.transferred,
            closed: self.closed,
            wait: Dist::of(self.waits),
            service: Dist::of(self.services),
            judged: self.judged,
            within_target: self.within,
        }
    }
}

#[derive(Default)]
struct Groups {
    total: Acc,
    by_service: BTreeMap<char, Acc>,
    by_counter: BTreeMap<i64, Acc>,
    by_staff: BTreeMap<i64, Acc>,
    by_hour: BTreeMap<u32, Acc>,
}

impl Groups {
    /// Applies `f` to every group `e` belongs to.
    fn add(&mut self, e: &EventRow, f: impl Fn(&mut Acc)) {
        f(&mut self.total);
        f(self.by_service.entry(e.service).or_default());
        f(self.by_hour.entry(e.hour).or_default());
        if let Some(c) = e.counter_no {
            f(self.by_counter.entry(c).or_default());
        }
        if let Some(s) = e.staff_id {
            f(self.by_staff.entry(s).or_default());
        }
    }
}

fn secs(from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
    (to - from).num_seconds().max(0)
}

/// The statistics of `events` (any order); `target_secs` gives each service's target.
pub fn compute(events: &[EventRow], target_secs: impl Fn(char) -> i64) -> QueueStats {
    let mut ordered: Vec<&EventRow> = events.iter().collect();
    ordered.sort_by_key(|e| (e.ticket_id, e.id));
    let mut g = Groups::default();
    for one in ordered.chunk_by(|a, b| a.ticket_id == b.ticket_id) {
        ticket_figures(one, &target_secs, &mut g);
    }
    QueueStats {
        total: g.total.finish(),
        by_service: finish_all(g.by_service),
        by_counter: finish_all(g.by_counter),
        by_staff: finish_all(g.by_staff),
        by_hour: finish_all(g.by_hour),
    }
}

fn finish_all<K: Ord>(m: BTreeMap<K, Acc>) -> BTreeMap<K, Figures> {
    m.into_iter().map(|(k, a)| (k, a.finish())).collect()
}

/// Where the last leg of service began, from a ticket's events in order: the latest
/// arrival, or when the customer was not marked as arrived, the latest call, recall or
/// resume. A transfer ends a leg. The finish step stores the result as `service_secs`.
pub fn leg_start(
    events: impl IntoIterator<Item = (EventKind, DateTime<Utc>)>,
) -> Option<DateTime<Utc>> {
    let mut start = None;
    let mut arrived = false;
    for (kind, at) in events {
        match kind {
            EventKind::Called | EventKind::CalledOutOfOrder | EventKind::Resumed => {
                start = Some(at);
                arrived = false;
            }
            EventKind::Recalled if !arrived => start = Some(at),
            EventKind::Arrived => {
                start = Some(at);
                arrived = true;
            }
            EventKind::Transferred => {
                start = None;
                arrived = false;
            }
            _ => {}
        }
    }
    start
}

/// Walks the events of one ticket, in order.
fn ticket_figures(events: &[&EventRow], target_secs: &impl Fn(char) -> i64, g: &mut Groups) {
    let mut issued: Option<&EventRow> = None;
    let mut waited = false;
    for (i, &e) in events.iter().enumerate() {
        match e.kind {
            EventKind::Issued => {
                issued = Some(e);
                g.add(e, |a| a.issued += 1);
            }
            EventKind::Called | EventKind::CalledOutOfOrder => {
                if !waited && let Some(first) = issued {
                    let wait = secs(first.at, e.at);
                    let within = wait <= target_secs(first.service);
                    g.add(e, |a| {
                        a.waits.push(wait);
                        a.judged += 1;
                        a.within += usize::from(within);
                    });
                    waited = true;
                }
            }
            EventKind::Transferred => g.add(e, |a| a.transferred += 1),
            EventKind::Finished => {
                let took =
                    leg_start(events[..i].iter().map(|x| (x.kind, x.at))).map(|s| secs(s, e.at));
                g.add(e, |a| {
                    a.served += 1;
                    a.services.extend(took);
                });
            }
            EventKind::NoShow => g.add(e, |a| a.no_show += 1),
            EventKind::Closed => {
                g.add(e, |a| a.closed += 1);
                if !waited && let Some(first) = issued {
                    g.add(first, |a| a.judged += 1);
                }
            }
            EventKind::Recalled | EventKind::Arrived | EventKind::Parked | EventKind::Resumed => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    /// A scripted morning at one office (times UTC; the offices' clock is UTC+8, so 01:xx
    /// is the 9 o'clock hour). Counter 1 is staff 11, counter 2 staff 12; 19 is the manager.
    /// ticket, time, kind, service, counter, staff
    type Scripted = (i64, &'static str, EventKind, char, Option<i64>, Option<i64>);

    fn fixture() -> Vec<EventRow> {
        use EventKind::*;
        let rows: &[Scripted] = &[
            // T1 A: waits 5 min, served 4 min.
            (1, "01:00:00", Issued, 'A', None, None),
            (1, "01:05:00", Called, 'A', Some(1), Some(11)),
            (1, "01:05:30", Arrived, 'A', Some(1), Some(11)),
            (1, "01:09:30", Finished, 'A', Some(1), Some(11)),
            // T2 A priority: waits 5 min, served 10 min.
            (2, "01:01:00", Issued, 'A', None, None),
            (2, "01:06:00", Called, 'A', Some(2), Some(12)),
            (2, "01:06:20", Arrived, 'A', Some(2), Some(12)),
            (2, "01:16:20", Finished, 'A', Some(2), Some(12)),
            // T3 B: waits 28 min (over 20), transferred to C, served 20 min at counter 1.
            (3, "01:02:00", Issued, 'B', None, None),
            (3, "01:30:00", Called, 'B', Some(2), Some(12)),
            (3, "01:31:00", Arrived, 'B', Some(2), Some(12)),
            (3, "01:35:00", Transferred, 'B', Some(2), Some(12)),
            (3, "01:40:00", Called, 'C', Some(1), Some(11)),
            (3, "01:41:00", Arrived, 'C', Some(1), Some(11)),
            (3, "02:01:00", Finished, 'C', Some(1), Some(11)),
            // T4 D: waits 7 min, recalled twice, no-show.
            (4, "01:03:00", Issued, 'D', None, None),
            (4, "01:10:00", Called, 'D', Some(1), Some(11)),
            (4, "01:11:00", Recalled, 'D', Some(1), Some(11)),
            (4, "01:12:00", Recalled, 'D', Some(1), Some(11)),
            (4, "01:13:00", NoShow, 'D', Some(1), Some(11)),
            // T5 A: called out of order after 15 min (over 10), finished 3 min after the
            // call without being marked as arrived.
            (5, "01:50:00", Issued, 'A', None, None),
            (5, "02:05:00", CalledOutOfOrder, 'A', Some(1), Some(11)),
            (5, "02:08:00", Finished, 'A', Some(1), Some(11)),
            // T6 A: never called; closed at day end by the manager.
            (6, "02:10:00", Issued, 'A', None, None),
            (6, "09:00:00", Closed, 'A', None, Some(19)),
            // T7 D: waits 1 min, parked, resumed, served 4 min after the resume.
            (7, "02:20:00", Issued, 'D', None, None),
            (7, "02:21:00", Called, 'D', Some(2), Some(12)),
            (7, "02:21:30", Arrived, 'D', Some(2), Some(12)),
            (7, "02:25:00", Parked, 'D', Some(2), Some(12)),
            (7, "02:40:00", Resumed, 'D', Some(2), Some(12)),
            (7, "02:41:00", Arrived, 'D', Some(2), Some(12)),
            (7, "02:45:00", Finished, 'D', Some(2), Some(12)),
        ];
        let mut out: Vec<EventRow> = rows
            .iter()
            .enumerate()
            .map(|(i, &(ticket, time, kind, service, counter, staff))| {
                let t = chrono::NaiveTime::parse_from_str(time, "%H:%M:%S").unwrap();
                let at = Utc.from_utc_datetime(
                    &chrono::NaiveDate::from_ymd_opt(2026, 11, 28)
                        .unwrap()
                        .and_time(t),
                );
                EventRow {
                    id: i as i64 + 1,
                    ticket_id: ticket,
                    at,
                    hour: (chrono::Timelike::hour(&at) + 8) % 24,
                    kind,
                    service,
                    staff_id: staff,
                    counter_no: counter,
                }
            })
            .collect();
        // Input order must not matter.
        out.reverse();
        out
    }

    fn targets(letter: char) -> i64 {
        match letter {
            'A' => 600,
            'D' => 900,
            _ => 1200,
        }
    }

    fn dist(count: usize, p50: i64, p90: i64, max: i64) -> Dist {
        Dist {
            count,
            p50_secs: Some(p50),
            p90_secs: Some(p90),
            max_secs: Some(max),
        }
    }

    #[test]
    fn nearest_rank_percentiles() {
        let v = [60, 300, 300, 420, 900, 1680];
        assert_eq!(nearest_rank(&v, 50), Some(300));
        assert_eq!(nearest_rank(&v, 90), Some(1680));
        assert_eq!(nearest_rank(&[7], 90), Some(7));
        assert_eq!(nearest_rank(&[], 50), None);
        assert_eq!(nearest_rank(&[1, 2], 0), Some(1));
    }

    #[test]
    fn office_totals() {
        let s = compute(&fixture(), targets);
        let t = &s.total;
        assert_eq!(
            (t.issued, t.served, t.no_show, t.transferred, t.closed),
            (7, 5, 1, 1, 1)
        );
        assert_eq!(t.wait, dist(6, 300, 1680, 1680));
        assert_eq!(t.service, dist(5, 240, 1200, 1200));
        assert_eq!((t.within_target, t.judged), (4, 7));
        assert_eq!(t.within_target_permille(), Some(571));
    }

    #[test]
    fn per_service() {
        let s = compute(&fixture(), targets);
        let a = &s.by_service[&'A'];
        assert_eq!((a.issued, a.served, a.closed), (4, 3, 1));
        assert_eq!(a.wait, dist(3, 300, 900, 900));
        assert_eq!(a.service, dist(3, 240, 600, 600));
        assert_eq!((a.within_target, a.judged), (2, 4));
        let b = &s.by_service[&'B'];
        assert_eq!((b.issued, b.served, b.transferred), (1, 0, 1));
        assert_eq!((b.within_target, b.judged), (0, 1));
        let c = &s.by_service[&'C'];
        assert_eq!((c.issued, c.served), (0, 1));
        assert_eq!(c.service, dist(1, 1200, 1200, 1200));
        let d = &s.by_service[&'D'];
        assert_eq!((d.issued, d.served, d.no_show), (2, 1, 1));
        assert_eq!(d.wait, dist(2, 60, 420, 420));
        assert_eq!((d.within_target, d.judged), (2, 2));
    }

    #[test]
    fn per_counter_and_staff() {
        let s = compute(&fixture(), targets);
        let c1 = &s.by_counter[&1];
        assert_eq!((c1.served, c1.no_show, c1.transferred), (3, 1, 0));
        assert_eq!(c1.wait, dist(3, 420, 900, 900));
        assert_eq!(c1.service, dist(3, 240, 1200, 1200));
        assert_eq!((c1.within_target, c1.judged), (2, 3));
        let c2 = &s.by_counter[&2];
        assert_eq!((c2.served, c2.no_show, c2.transferred), (2, 0, 1));
        assert_eq!(c2.wait, dist(3, 300, 1680, 1680));
        assert_eq!(c2.service, dist(2, 240, 600, 600));
        assert_eq!(s.by_staff[&11], *c1);
        assert_eq!(s.by_staff[&12], *c2);
        assert_eq!(s.by_staff[&19].closed, 1);
        assert_eq!(s.by_counter.len(), 2);
    }

    #[test]
    fn per_hour() {
        let s = compute(&fixture(), targets);
        let h9 = &s.by_hour[&9];
        assert_eq!(
            (h9.issued, h9.served, h9.no_show, h9.transferred),
            (5, 2, 1, 1)
        );
        assert_eq!(h9.wait.count, 4);
        assert_eq!((h9.within_target, h9.judged), (3, 4));
        let h10 = &s.by_hour[&10];
        assert_eq!((h10.issued, h10.served), (2, 3));
        assert_eq!((h10.within_target, h10.judged), (1, 3));
        assert_eq!(s.by_hour[&17].closed, 1);
        assert_eq!(s.by_hour.keys().copied().collect::<Vec<_>>(), [9, 10, 17]);
    }

    #[test]
    fn no_events_no_figures() {
        let s = compute(&[], targets);
        assert_eq!(s.total, Figures::default());
        assert_eq!(s.total.within_target_permille(), None);
    }
}
