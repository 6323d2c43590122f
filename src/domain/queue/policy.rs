//! Which ticket a counter calls next.
//!
//! **The rule.** Each waiting ticket the counter may call has an *urgency*: the time it
//! has waited divided by its service's target (`waited / target`). A priority-lane ticket
//! counts as if it had already waited `head_start_percent` of its target (100 % in the
//! shipped file), so its urgency is `(waited + target × head_start) / target`. The
//! counter calls the ticket with the highest urgency; ties go to the earlier issue time,
//! then the lower ticket id. A counter may call the tickets of its services, plus any
//! ticket transferred to that counter by number.
//!
//! Consequences (each a property test below):
//! - a priority ticket goes before every normal ticket still within its target;
//! - within one service a priority ticket is never called after a normal ticket issued
//!   after it, so the priority lane never falls to the end;
//! - a normal ticket's urgency grows without bound, so one that has waited `W` is called
//!   before every ticket issued less than `W·Tmin/T − head_start·Tmin` ago: nobody waits
//!   forever behind a stream of fresh priority tickets;
//! - the choice depends only on the tickets and the time, not on their order in the list.
//!
//! Urgencies are compared exactly (cross-multiplied integers), never as floats.

use std::cmp::Ordering;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::rules::QueueRules;
use super::whole_minutes;
use crate::i18n::{self, Lang, Localized};

/// A waiting ticket as the policy sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiting {
    pub ticket_id: i64,
    pub service: char,
    pub priority: bool,
    /// The original issue time; a transfer keeps it, so a transferred customer does not
    /// start waiting again from zero.
    pub issued_at: DateTime<Utc>,
    /// Set by a transfer to a named counter: only that counter may call it.
    pub target_counter: Option<i64>,
}

/// The counter asking for its next ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallingCounter<'a> {
    pub number: i64,
    /// Service letters it calls, e.g. `"AD"`.
    pub services: &'a str,
}

impl CallingCounter<'_> {
    pub fn may_call(&self, w: &Waiting) -> bool {
        match w.target_counter {
            Some(n) => n == self.number,
            None => self.services.contains(w.service),
        }
    }
}

/// Why a ticket was called, with the figures to say so on the counter screen. Stored in
/// the call event, so the explanation survives a restart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "why", rename_all = "snake_case")]
pub enum Reason {
    /// Transferred to this counter by another.
    TransferredHere { waited_secs: i64 },
    /// In the priority lane.
    PriorityLane { waited_secs: i64, target_secs: i64 },
    /// Has waited longer than its service's target.
    OverTarget { waited_secs: i64, target_secs: i64 },
    /// The only ticket this counter may call.
    OnlyOne { waited_secs: i64 },
    /// Within target, and has waited longest of all.
    LongestWaiting { waited_secs: i64 },
    /// Within target, and has used the largest share of its (shorter) target.
    ClosestToTarget { waited_secs: i64, target_secs: i64 },
    /// Chosen by the clerk, not the policy; the reason typed is kept.
    OutOfOrder { note: String },
    /// Called back from the parked list.
    Resumed,
    /// Served on the spot without waiting (quick serve): never announced on the board.
    WalkIn,
}

impl Localized for Reason {
    fn localized(&self, lang: Lang) -> String {
        let min = |s: &i64| whole_minutes(*s);
        match self {
            Reason::TransferredHere { waited_secs } => {
                i18n::Q_WHY_TRANSFERRED.fill(lang, &[("waited", &min(waited_secs))])
            }
            Reason::PriorityLane { waited_secs, .. } => {
                i18n::Q_WHY_PRIORITY.fill(lang, &[("waited", &min(waited_secs))])
            }
            Reason::OverTarget {
                waited_secs,
                target_secs,
            } => i18n::Q_WHY_OVER_TARGET.fill(
                lang,
                &[("waited", &min(waited_secs)), ("target", &min(target_secs))],
            ),
            Reason::OnlyOne { waited_secs } => {
                i18n::Q_WHY_ONLY_ONE.fill(lang, &[("waited", &min(waited_secs))])
            }
            Reason::LongestWaiting { waited_secs } => {
                i18n::Q_WHY_LONGEST.fill(lang, &[("waited", &min(waited_secs))])
            }
            Reason::ClosestToTarget {
                waited_secs,
                target_secs,
            } => i18n::Q_WHY_CLOSEST.fill(
                lang,
                &[("waited", &min(waited_secs)), ("target", &min(target_secs))],
            ),
            Reason::OutOfOrder { note } => i18n::Q_WHY_OUT_OF_ORDER
                .fill(lang, &[("note", &crate::domain::text::sanitize(note))]),
            Reason::Resumed => i18n::Q_WHY_RESUMED.get(lang).to_string(),
            Reason::WalkIn => i18n::QD_WHY_WALK_IN.get(lang).to_string(),
        }
    }
}

/// The policy's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub ticket_id: i64,
    pub reason: Reason,
    /// Urgency × 1000 (1000 = exactly at target), for display and tests.
    pub urgency_permille: i64,
}

/// `effective / target`, compared exactly.
#[derive(Debug, Clone, Copy)]
struct Urgency {
    effective_secs: i64,
    target_secs: i64,
}

impl Urgency {
    fn cmp(self, other: Urgency) -> Ordering {
        let left = i128::from(self.effective_secs) * i128::from(other.target_secs);
        let right = i128::from(other.effective_secs) * i128::from(self.target_secs);
        left.cmp(&right)
    }

    fn permille(self) -> i64 {
        self.effective_secs.saturating_mul(1000) / self.target_secs.max(1)
    }
}

/// Seconds waited at `now`; a clock that jumped back counts as no wait, never negative.
pub fn waited_secs(issued_at: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
    (now - issued_at).num_seconds().max(0)
}

fn urgency(w: &Waiting, now: DateTime<Utc>, rules: &QueueRules) -> Urgency {
    let target_secs = rules.target_seconds(w.service).max(1);
    let head_start = if w.priority {
        target_secs * i64::from(rules.priority.head_start_percent) / 100
    } else {
        0
    };
    Urgency {
        effective_secs: waited_secs(w.issued_at, now).saturating_add(head_start),
        target_secs,
    }
}

/// The urgency of a ticket × 1000, as the policy computes it.
pub fn urgency_permille(w: &Waiting, now: DateTime<Utc>, rules: &QueueRules) -> i64 {
    urgency(w, now, rules).permille()
}

/// The tickets `counter` may call, in the order the policy would call them (the most
/// urgent first; ties by issue time, then id): the counter's waiting list.
pub fn call_order<'a>(
    waiting: &'a [Waiting],
    counter: CallingCounter<'_>,
    now: DateTime<Utc>,
    rules: &QueueRules,
) -> Vec<&'a Waiting> {
    let mut mine: Vec<(&Waiting, Urgency)> = waiting
        .iter()
        .filter(|w| counter.may_call(w))
        .map(|w| (w, urgency(w, now, rules)))
        .collect();
    mine.sort_by(|(a, ua), (b, ub)| {
        ub.cmp(*ua)
            .then_with(|| a.issued_at.cmp(&b.issued_at))
            .then_with(|| a.ticket_id.cmp(&b.ticket_id))
    });
    mine.into_iter().map(|(w, _)| w).collect()
}

/// The ticket `counter` should call next from `waiting`, and why; `None` when it may
/// call none of them. See the module documentation for the rule.
pub fn choose_next(
    waiting: &[Waiting],
    counter: CallingCounter<'_>,
    now: DateTime<Utc>,
    rules: &QueueRules,
) -> Option<Choice> {
    let candidates: Vec<(&Waiting, Urgency)> = waiting
        .iter()
        .filter(|w| counter.may_call(w))
        .map(|w| (w, urgency(w, now, rules)))
        .collect();
    let (best, best_urgency) = candidates.iter().copied().max_by(|(a, ua), (b, ub)| {
        ua.cmp(*ub)
            .then_with(|| b.issued_at.cmp(&a.issued_at))
            .then_with(|| b.ticket_id.cmp(&a.ticket_id))
    })?;
    let waited = waited_secs(best.issued_at, now);
    let target_secs = best_urgency.target_secs;
    let longest = candidates
        .iter()
        .map(|(w, _)| waited_secs(w.issued_at, now))
        .max()
        .unwrap_or(0);
    let reason = if best.target_counter == Some(counter.number) {
        Reason::TransferredHere {
            waited_secs: waited,
        }
    } else if best.priority {
        Reason::PriorityLane {
            waited_secs: waited,
            target_secs,
        }
    } else if waited > target_secs {
        Reason::OverTarget {
            waited_secs: waited,
            target_secs,
        }
    } else if candidates.len() == 1 {
        Reason::OnlyOne {
            waited_secs: waited,
        }
    } else if waited >= longest {
        Reason::LongestWaiting {
            waited_secs: waited,
        }
    } else {
        Reason::ClosestToTarget {
            waited_secs: waited,
            target_secs,
        }
    };
    Some(Choice {
        ticket_id: best.ticket_id,
        reason,
        urgency_permille: best_urgency.permille(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::queue::rules::builtin_rules;
    use chrono::{Duration, TimeZone};
    use proptest::prelude::*;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 28, 2, 0, 0).unwrap()
    }

    fn ticket(id: i64, service: char, priority: bool, waited_secs: i64) -> Waiting {
        Waiting {
            ticket_id: id,
            service,
            priority,
            issued_at: now() - Duration::seconds(waited_secs),
            target_counter: None,
        }
    }

    const AD: CallingCounter<'static> = CallingCounter {
        number: 1,
        services: "AD",
    };
    const ALL: CallingCounter<'static> = CallingCounter {
        number: 6,
        services: "ABCD",
    };

    fn pick(waiting: &[Waiting], counter: CallingCounter<'_>) -> Option<Choice> {
        choose_next(waiting, counter, now(), &builtin_rules())
    }

    #[test]
    fn the_call_order_starts_with_the_policy_choice_and_leaves_out_other_services() {
        let w = [
            ticket(1, 'A', false, 540),
            ticket(2, 'B', false, 900),
            ticket(3, 'A', true, 0),
            ticket(4, 'D', false, 600),
        ];
        let order: Vec<i64> = call_order(&w, AD, now(), &builtin_rules())
            .iter()
            .map(|t| t.ticket_id)
            .collect();
        assert_eq!(order[0], pick(&w, AD).unwrap().ticket_id);
        assert_eq!(order, [3, 1, 4], "B is not this counter's");
    }

    #[test]
    fn a_walk_in_says_so() {
        let json = serde_json::json!({ "why": "walk_in" });
        let reason: Reason = serde_json::from_value(json).unwrap();
        assert_eq!(reason, Reason::WalkIn);
        assert_eq!(
            reason.localized(Lang::En),
            "walk-in, served without a ticket wait"
        );
    }

    #[test]
    fn nothing_to_call() {
        assert_eq!(pick(&[], AD), None);
        assert_eq!(pick(&[ticket(1, 'B', true, 900)], AD), None);
    }

    #[test]
    fn a_priority_customer_goes_before_normal_ones_within_target() {
        let w = [ticket(1, 'A', false, 540), ticket(2, 'A', true, 0)];
        let c = pick(&w, AD).unwrap();
        assert_eq!(c.ticket_id, 2);
        assert_eq!(
            c.reason,
            Reason::PriorityLane {
                waited_secs: 0,
                target_secs: 600
            }
        );
    }

    #[test]
    fn a_normal_customer_over_target_goes_before_a_fresh_priority_one() {
        // A: 14 minutes against a 10 minute target (1.4) beats a priority ticket that
        // has waited 3 minutes (0.3 + 1.0).
        let w = [ticket(1, 'A', false, 14 * 60), ticket(2, 'A', true, 180)];
        let c = pick(&w, AD).unwrap();
        assert_eq!(c.ticket_id, 1);
        assert_eq!(c.urgency_permille, 1400);
        assert_eq!(
            c.reason.localized(Lang::En),
            "waited 14 min, over its 10 min target"
        );
        assert_eq!(
            c.reason.localized(Lang::Zh),
            "已等 14 分钟，超过 10 分钟的目标"
        );
    }

    #[test]
    fn shares_of_different_targets_are_compared() {
        // D has a 15 minute target: 9 of 15 minutes (0.6) beats 5 of 10 minutes (0.5);
        // but 12 of 15 (0.8) loses to 9 of 10 (0.9) although it has waited longer.
        let w = [ticket(1, 'A', false, 300), ticket(2, 'D', false, 540)];
        assert_eq!(pick(&w, AD).unwrap().ticket_id, 2);
        let w = [ticket(1, 'A', false, 540), ticket(2, 'D', false, 720)];
        let c = pick(&w, AD).unwrap();
        assert_eq!(c.ticket_id, 1);
        assert_eq!(
            c.reason,
            Reason::ClosestToTarget {
                waited_secs: 540,
                target_secs: 600
            }
        );
    }

    #[test]
    fn ties_go_to_the_earlier_ticket() {
        let mut w = [ticket(7, 'A', false, 300), ticket(3, 'A', false, 300)];
        assert_eq!(pick(&w, AD).unwrap().ticket_id, 3);
        w.reverse();
        assert_eq!(pick(&w, AD).unwrap().ticket_id, 3);
        let c = pick(&[ticket(1, 'A', false, 60), ticket(2, 'A', false, 30)], AD).unwrap();
        assert_eq!(c.reason, Reason::LongestWaiting { waited_secs: 60 });
    }

    #[test]
    fn a_transfer_to_a_counter_is_called_only_there() {
        let mut t = ticket(5, 'C', false, 60);
        t.target_counter = Some(1);
        let w = [t.clone(), ticket(6, 'C', false, 6000)];
        // Counter 1 does not call C, but this one was sent to it by number.
        let c = pick(&w, AD).unwrap();
        assert_eq!(c.ticket_id, 5);
        assert_eq!(c.reason, Reason::TransferredHere { waited_secs: 60 });
        // Counter 6 calls C but not a ticket sent to counter 1.
        assert_eq!(pick(&w, ALL).unwrap().ticket_id, 6);
    }

    #[test]
    fn a_clock_jump_back_counts_as_no_wait() {
        let w = [ticket(1, 'A', false, -3600)];
        let c = pick(&w, AD).unwrap();
        assert_eq!(c.reason, Reason::OnlyOne { waited_secs: 0 });
    }

    #[test]
    fn reasons_survive_json() {
        let r = Reason::OutOfOrder {
            note: "老人行动不便".into(),
        };
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["why"], "out_of_order");
        assert_eq!(serde_json::from_value::<Reason>(json).unwrap(), r);
    }

    fn arb_ticket() -> impl Strategy<Value = Waiting> {
        (
            1i64..10_000,
            prop::sample::select(vec!['A', 'B', 'C', 'D']),
            prop::bool::weighted(0.2),
            0i64..4 * 3600,
            prop::option::weighted(0.1, 1i64..=6),
        )
            .prop_map(|(id, service, priority, waited, target)| {
                let mut t = ticket(id, service, priority, waited);
                t.target_counter = target;
                t
            })
    }

    fn arb_queue() -> impl Strategy<Value = Vec<Waiting>> {
        prop::collection::vec(arb_ticket(), 0..30).prop_map(|mut v| {
            // Ticket ids are unique in the database.
            let mut seen = std::collections::HashSet::new();
            v.retain(|t| seen.insert(t.ticket_id));
            v
        })
    }

    fn arb_counter() -> impl Strategy<Value = (i64, &'static str)> {
        (
            1i64..=6,
            prop::sample::select(vec!["A", "AD", "AB", "BCD", "AC", "ABCD", "D"]),
        )
    }

    proptest! {
        #[test]
        fn only_tickets_the_counter_may_call((number, services) in arb_counter(), w in arb_queue()) {
            let counter = CallingCounter { number, services };
            let choice = choose_next(&w, counter, now(), &builtin_rules());
            let eligible: Vec<&Waiting> = w.iter().filter(|t| counter.may_call(t)).collect();
            prop_assert_eq!(choice.is_some(), !eligible.is_empty());
            if let Some(c) = choice {
                prop_assert!(eligible.iter().any(|t| t.ticket_id == c.ticket_id));
            }
        }

        #[test]
        fn the_order_of_the_list_does_not_matter(
            (number, services) in arb_counter(), w in arb_queue(), seed in any::<u64>()
        ) {
            let counter = CallingCounter { number, services };
            let rules = builtin_rules();
            let mut shuffled = w.clone();
            // A deterministic shuffle from the seed.
            let n = shuffled.len();
            for i in (1..n).rev() {
                let j = (seed.wrapping_mul(i as u64 + 1).rotate_left(17) % (i as u64 + 1)) as usize;
                shuffled.swap(i, j);
            }
            prop_assert_eq!(
                choose_next(&w, counter, now(), &rules),
                choose_next(&shuffled, counter, now(), &rules)
            );
        }

        #[test]
        fn priority_goes_before_everyone_within_target(
            normal in prop::collection::vec(
                (prop::sample::select(vec!['A', 'B', 'C', 'D']), 0i64..600), 0..20),
            priority in prop::collection::vec(
                (prop::sample::select(vec!['A', 'B', 'C', 'D']), 0i64..4 * 3600), 1..5),
        ) {
            // Every normal ticket is within its target (the shortest is 10 minutes).
            let mut w: Vec<Waiting> = normal
                .into_iter()
                .enumerate()
                .map(|(i, (s, waited))| ticket(i as i64 + 1, s, false, waited))
                .collect();
            for (i, (s, waited)) in priority.into_iter().enumerate() {
                w.push(ticket(i as i64 + 100, s, true, waited));
            }
            let c = choose_next(&w, ALL, now(), &builtin_rules()).unwrap();
            let chosen = w.iter().find(|t| t.ticket_id == c.ticket_id).unwrap();
            prop_assert!(chosen.priority);
        }

        #[test]
        fn priority_never_falls_behind_a_later_normal_ticket(w in arb_queue()) {
            let rules = builtin_rules();
            let c = choose_next(&w, ALL, now(), &rules);
            if let Some(c) = c {
                let chosen = w.iter().find(|t| t.ticket_id == c.ticket_id).unwrap();
                if !chosen.priority {
                    let overtaken = w.iter().any(|p| {
                        p.priority && ALL.may_call(p) && p.service == chosen.service
                            && p.issued_at <= chosen.issued_at
                    });
                    prop_assert!(!overtaken);
                }
            }
        }

        /// No starvation: a normal ticket whose urgency exceeds what any ticket issued in
        /// the last `fresh` seconds can have (the priority head start plus fresh over the
        /// shortest target) is called before all of them, priority or not.
        #[test]
        fn a_long_wait_beats_any_stream_of_fresh_tickets(
            fresh in 1i64..1800,
            others in prop::collection::vec(
                (prop::sample::select(vec!['A', 'B', 'C', 'D']), any::<bool>(), 0i64..1800),
                0..40,
            ),
            service in prop::sample::select(vec!['A', 'B', 'C', 'D']),
        ) {
            let rules = builtin_rules();
            let t_min = 600; // the shortest target in the shipped file (A, 10 min)
            let target = rules.target_seconds(service);
            // W / T > 1 + fresh / Tmin, solved for the smallest whole W.
            let old_wait = target + target * fresh / t_min + 1;
            let mut w = vec![ticket(1, service, false, old_wait)];
            for (i, (s, p, waited)) in others.into_iter().enumerate() {
                w.push(ticket(i as i64 + 2, s, p, waited % (fresh + 1)));
            }
            let c = choose_next(&w, ALL, now(), &rules).unwrap();
            prop_assert_eq!(c.ticket_id, 1);
        }
    }
}
