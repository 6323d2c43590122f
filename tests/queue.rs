//! The queue in the store: numbering, business days, counter steps, races, events.

mod common;

use std::path::PathBuf;

use chrono::{DateTime, Duration, TimeZone, Utc};
use gasdesk::db::queue::{
    self as q, FinishRequest, IssueRequest, QueueError, TransferRequest, kiosk_actor,
};
use gasdesk::db::staff::NewStaff;
use gasdesk::db::{self, Actor, DbKind, Store};
use gasdesk::domain::office::builtin_offices;
use gasdesk::domain::queue::{
    CounterMode, EventKind, Outcome, QueueRules, Reason, RecallRefused, TicketState, builtin_rules,
};
use gasdesk::domain::role::Role;
use gasdesk::i18n::{Lang, Localized};

struct Office {
    _dir: tempfile::TempDir,
    path: PathBuf,
    store: Store,
    rules: QueueRules,
}

/// 09:00 on 28 November 2026 in Hefei (UTC+8), plus `secs`.
fn t(secs: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 28, 1, 0, 0).unwrap() + Duration::seconds(secs)
}

fn setup() -> Office {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("q.sqlite");
    let mut store = Store::create(&path, DbKind::Demo).unwrap();
    let system = Actor::system();
    db::office::install(&mut store, &system, &builtin_offices()).unwrap();
    for (no, office, counter, role) in [
        ("1001", 1, Some(1), Role::Clerk),
        ("1002", 1, Some(2), Role::Clerk),
        ("1003", 1, Some(3), Role::Clerk),
        ("1004", 1, Some(4), Role::Clerk),
        ("1009", 1, None, Role::Manager),
        ("2009", 2, None, Role::Manager),
    ] {
        db::staff::add(
            &mut store,
            &system,
            &NewStaff {
                staff_no: no.into(),
                name: "员工甲".into(),
                office_id: office,
                counter_no: counter,
                role,
                pin_hash: "not-a-real-hash".into(),
            },
        )
        .unwrap();
    }
    Office {
        _dir: dir,
        path,
        store,
        rules: builtin_rules(),
    }
}

impl Office {
    fn actor(&self, staff_no: &str) -> Actor {
        db::staff::by_number(&self.store, staff_no)
            .unwrap()
            .unwrap()
            .actor(None)
    }

    fn issue(&mut self, service: char, at: DateTime<Utc>) -> Result<q::Issued, QueueError> {
        let req = IssueRequest {
            office_id: 1,
            service,
            ..Default::default()
        };
        q::issue(&mut self.store, &kiosk_actor(1), &self.rules, &req, at)
    }

    fn open(&mut self, staff_no: &str, at: DateTime<Utc>) -> Actor {
        let actor = self.actor(staff_no);
        q::set_counter(&mut self.store, &actor, CounterMode::Open, at).unwrap();
        actor
    }
}

fn fin(outcome: Outcome) -> FinishRequest {
    FinishRequest {
        outcome,
        account_id: None,
        transaction_ref: None,
        note: String::new(),
    }
}

fn numbers(issued: &[q::Issued]) -> Vec<&str> {
    issued.iter().map(|i| i.ticket.number.as_str()).collect()
}

#[test]
fn numbers_are_gapless_per_service_and_the_first_ticket_opens_the_day() {
    let mut o = setup();
    let mut got = Vec::new();
    for (i, s) in "AABADAB".chars().enumerate() {
        got.push(o.issue(s, t(i as i64)).unwrap());
    }
    assert_eq!(
        numbers(&got),
        ["A001", "A002", "B001", "A003", "D001", "A004", "B002"]
    );
    assert!(got[0].opened_day && !got[1].opened_day);
    assert_eq!(got[0].day.day.to_string(), "2026-11-28");
    assert_eq!(got[0].day.opened_by, None);
    assert_eq!(got[3].estimate.ahead, 2);
    assert!(matches!(
        o.issue('Z', t(9)),
        Err(QueueError::UnknownService { service: 'Z', .. })
    ));
}

#[test]
fn a_new_day_restarts_at_001_and_a_clock_jump_back_reuses_nothing() {
    let mut o = setup();
    let manager = o.actor("1009");
    assert_eq!(o.issue('A', t(0)).unwrap().ticket.number, "A001");
    assert_eq!(o.issue('A', t(60)).unwrap().ticket.number, "A002");
    let closed = q::close_day(&mut o.store, &manager, 1, t(8 * 3600)).unwrap();
    assert_eq!(closed.closed_tickets, 2);
    // Later the same evening: the day is closed, no more tickets.
    let err = o.issue('A', t(9 * 3600)).unwrap_err();
    assert!(matches!(err, QueueError::DayClosed { .. }), "{err:?}");
    assert!(err.localized(Lang::En).contains("2026-11-28"));
    // Next morning: a new day, numbering restarts.
    let next = o.issue('A', t(24 * 3600)).unwrap();
    assert_eq!(next.ticket.number, "A001");
    assert_eq!(next.day.day.to_string(), "2026-11-29");
    // The clock jumps back a day: the open day is still the 29th and numbering goes on.
    let back = o.issue('A', t(3600)).unwrap();
    assert_eq!(back.ticket.number, "A002");
    assert_eq!(back.day.id, next.day.id);
    // The business day is never reopened for the 28th.
    q::close_day(&mut o.store, &manager, 1, t(25 * 3600)).unwrap();
    let err = o.issue('A', t(3600)).unwrap_err();
    assert!(matches!(err, QueueError::DayClosed { .. }), "{err:?}");
}

#[test]
fn managers_open_and_close_days_clerks_and_other_offices_cannot() {
    let mut o = setup();
    let (clerk, manager, other) = (o.actor("1001"), o.actor("1009"), o.actor("2009"));
    let rules = o.rules.clone();
    let err = q::open_day(&mut o.store, &clerk, &rules, 1, None, t(0)).unwrap_err();
    assert!(
        matches!(err, QueueError::Db(db::DbError::Permission(_))),
        "{err:?}"
    );
    let err = q::open_day(&mut o.store, &other, &rules, 1, None, t(0)).unwrap_err();
    assert!(
        matches!(err, QueueError::WrongOffice { office: 1 }),
        "{err:?}"
    );
    let day = q::open_day(&mut o.store, &manager, &rules, 1, None, t(0)).unwrap();
    assert_eq!(day.opened_by, manager.staff_id);
    let err = q::open_day(&mut o.store, &manager, &rules, 1, None, t(10)).unwrap_err();
    assert!(matches!(err, QueueError::DayAlreadyOpen { .. }), "{err:?}");
    let err = q::close_day(&mut o.store, &clerk, 1, t(20)).unwrap_err();
    assert!(
        matches!(
            err,
            QueueError::Db(gasdesk::db::DbError::Permission(ref denied))
                if denied.permission == gasdesk::domain::role::Permission::Supervise
        ),
        "{err:?}"
    );
    q::close_day(&mut o.store, &manager, 1, t(20)).unwrap();
    let err = q::close_day(&mut o.store, &manager, 1, t(30)).unwrap_err();
    assert!(
        matches!(err, QueueError::NoDayOpen { office: 1 }),
        "{err:?}"
    );
}

#[test]
fn closing_the_day_ends_every_open_ticket_and_closes_the_counters() {
    let mut o = setup();
    let rules = o.rules.clone();
    let waiting = o.issue('A', t(0)).unwrap().ticket;
    let parked = o.issue('A', t(1)).unwrap().ticket;
    let served = o.issue('D', t(2)).unwrap().ticket;
    let done = o.issue('D', t(3)).unwrap().ticket;
    let c1 = o.open("1001", t(5));
    let c2 = o.open("1002", t(5));
    // Counter 1 parks a ticket, counter 2 finishes one and is serving another.
    let called = q::call_ticket(&mut o.store, &c1, &rules, parked.id, "证件未带", t(10)).unwrap();
    q::park(&mut o.store, &c1, called.ticket.id, "回家取证件", t(20)).unwrap();
    q::call_ticket(&mut o.store, &c2, &rules, done.id, "test", t(30)).unwrap();
    q::finish(&mut o.store, &c2, done.id, &fin(Outcome::Enquiry), t(40)).unwrap();
    q::call_ticket(&mut o.store, &c2, &rules, served.id, "test", t(50)).unwrap();

    let manager = o.actor("1009");
    let closed = q::close_day(&mut o.store, &manager, 1, t(9 * 3600)).unwrap();
    assert_eq!((closed.closed_tickets, closed.were_at_counters), (3, 1));
    for id in [waiting.id, parked.id, served.id] {
        let tk = q::ticket(&o.store, id).unwrap().unwrap();
        assert_eq!(tk.state, TicketState::Closed);
        let last = q::events(&o.store, id).unwrap().pop().unwrap();
        assert_eq!(last.kind, EventKind::Closed);
        assert_eq!(last.staff_no.as_deref(), Some("1009"));
    }
    assert_eq!(
        q::ticket(&o.store, done.id).unwrap().unwrap().state,
        TicketState::Finished
    );
    let view = q::counter_view(&o.store, &rules, 1, 2, t(9 * 3600)).unwrap();
    assert_eq!(view.mode, CounterMode::Closed);
    assert!(view.day.is_none());
}

#[test]
fn recall_has_a_cap_and_a_minimum_interval_then_only_no_show() {
    let mut o = setup();
    let rules = o.rules.clone();
    o.issue('A', t(0)).unwrap();
    let c1 = o.open("1001", t(0));
    let called = q::call_next(&mut o.store, &c1, &rules, t(60)).unwrap();
    let id = called.ticket.id;
    let err = q::recall(&mut o.store, &c1, &rules, id, t(70)).unwrap_err();
    assert!(
        matches!(
            err,
            QueueError::Recall(RecallRefused::TooSoon { seconds: 20 })
        ),
        "{err:?}"
    );
    assert_eq!(q::recall(&mut o.store, &c1, &rules, id, t(90)).unwrap(), 1);
    assert_eq!(q::recall(&mut o.store, &c1, &rules, id, t(120)).unwrap(), 2);
    let view = q::counter_view(&o.store, &rules, 1, 1, t(130)).unwrap();
    assert_eq!(
        view.current.as_ref().unwrap().recall_refused,
        Some(RecallRefused::TooSoon { seconds: 20 })
    );
    assert_eq!(q::recall(&mut o.store, &c1, &rules, id, t(150)).unwrap(), 3);
    let err = q::recall(&mut o.store, &c1, &rules, id, t(600)).unwrap_err();
    assert!(
        matches!(
            err,
            QueueError::Recall(RecallRefused::CapReached { max: 3 })
        ),
        "{err:?}"
    );
    let gone = q::no_show(&mut o.store, &c1, id, t(610)).unwrap();
    assert_eq!(gone.state, TicketState::NoShow);
}

#[test]
fn a_transfer_keeps_the_issue_time_the_number_and_the_owner() {
    let mut o = setup();
    let rules = o.rules.clone();
    let first = o.issue('A', t(0)).unwrap().ticket;
    let c1 = o.open("1001", t(0));
    let c4 = o.open("1004", t(0));
    q::call_next(&mut o.store, &c1, &rules, t(300)).unwrap();
    q::arrived(&mut o.store, &c1, first.id, t(320)).unwrap();
    let req = TransferRequest {
        service: Some('C'),
        counter: None,
        note: "缴清欠费后办理过户".into(),
    };
    let moved = q::transfer(&mut o.store, &c1, &rules, first.id, &req, t(600)).unwrap();
    assert_eq!(moved.state, TicketState::Waiting);
    assert_eq!(moved.service, 'C');
    assert_eq!(moved.number, "A001");
    assert_eq!(moved.issued_at, first.issued_at);
    assert_eq!(moved.owner.as_ref().unwrap().staff_no, "1001");
    // A fresh C ticket does not overtake it: its wait counts from 09:00.
    o.issue('C', t(610)).unwrap();
    let called = q::call_next(&mut o.store, &c4, &rules, t(620)).unwrap();
    assert_eq!(called.ticket.id, first.id);
    assert_eq!(called.ticket.owner.as_ref().unwrap().staff_no, "1001");
    let history = q::events(&o.store, first.id).unwrap();
    let transfer = history
        .iter()
        .find(|e| e.kind == EventKind::Transferred)
        .unwrap();
    assert_eq!(transfer.service, 'A');
    assert_eq!(transfer.detail["to_service"], "C");
    assert_eq!(transfer.detail["note"], "缴清欠费后办理过户");
    // Nowhere to go is refused.
    let nowhere = TransferRequest {
        service: Some('C'),
        counter: None,
        note: String::new(),
    };
    let err = q::transfer(&mut o.store, &c4, &rules, first.id, &nowhere, t(700)).unwrap_err();
    assert!(matches!(err, QueueError::TransferNowhere), "{err:?}");
}

#[test]
fn a_transfer_to_a_counter_is_called_there_only() {
    let mut o = setup();
    let rules = o.rules.clone();
    let tk = o.issue('A', t(0)).unwrap().ticket;
    let c1 = o.open("1001", t(0));
    let c2 = o.open("1002", t(0));
    let c4 = o.open("1004", t(0));
    q::call_next(&mut o.store, &c1, &rules, t(10)).unwrap();
    let req = TransferRequest {
        service: None,
        counter: Some(4),
        note: "需要所长签字".into(),
    };
    q::transfer(&mut o.store, &c1, &rules, tk.id, &req, t(20)).unwrap();
    // Counter 2 calls A but not a ticket sent to counter 4; counter 4 does not call A
    // but takes this one.
    let err = q::call_next(&mut o.store, &c2, &rules, t(30)).unwrap_err();
    assert!(matches!(err, QueueError::NothingWaiting), "{err:?}");
    let called = q::call_next(&mut o.store, &c4, &rules, t(40)).unwrap();
    assert_eq!(called.ticket.id, tk.id);
    assert!(matches!(called.reason, Reason::TransferredHere { .. }));
}

#[test]
fn calling_out_of_order_needs_a_reason_and_records_the_policy_choice() {
    let mut o = setup();
    let rules = o.rules.clone();
    let first = o.issue('A', t(0)).unwrap().ticket;
    let second = o.issue('A', t(60)).unwrap().ticket;
    let c1 = o.open("1001", t(0));
    for blank in ["", "   ", "\u{3000}"] {
        let err = q::call_ticket(&mut o.store, &c1, &rules, second.id, blank, t(120)).unwrap_err();
        assert!(
            matches!(err, QueueError::ReasonRequired),
            "{blank:?} {err:?}"
        );
    }
    let called = q::call_ticket(
        &mut o.store,
        &c1,
        &rules,
        second.id,
        "孕妇，身体不适",
        t(120),
    )
    .unwrap();
    assert_eq!(called.ticket.id, second.id);
    assert_eq!(
        called.reason.localized(Lang::Zh),
        "插队叫号：孕妇，身体不适"
    );
    let ev = q::events(&o.store, second.id).unwrap();
    let call = ev
        .iter()
        .find(|e| e.kind == EventKind::CalledOutOfOrder)
        .unwrap();
    assert_eq!(call.detail["policy_would_call"], first.number);
    // The counter screen still explains the call after a restart.
    let view = q::counter_view(&o.store, &rules, 1, 1, t(130)).unwrap();
    assert_eq!(view.current.unwrap().reason, Some(called.reason));
    assert_eq!(view.next.unwrap().number, "A001");
}

#[test]
fn a_counter_must_be_open_free_and_call_the_service() {
    let mut o = setup();
    let rules = o.rules.clone();
    o.issue('A', t(0)).unwrap();
    o.issue('A', t(1)).unwrap();
    let c1 = o.actor("1001");
    let err = q::call_next(&mut o.store, &c1, &rules, t(10)).unwrap_err();
    assert!(
        matches!(
            err,
            QueueError::CounterNotOpen {
                counter: 1,
                mode: CounterMode::Closed
            }
        ),
        "{err:?}"
    );
    let c1 = o.open("1001", t(10));
    q::call_next(&mut o.store, &c1, &rules, t(20)).unwrap();
    let err = q::call_next(&mut o.store, &c1, &rules, t(30)).unwrap_err();
    assert!(matches!(err, QueueError::CounterBusy { .. }), "{err:?}");
    assert!(err.localized(Lang::En).contains("A001"));
    let err = q::set_counter(&mut o.store, &c1, CounterMode::Closed, t(40)).unwrap_err();
    assert!(
        matches!(err, QueueError::CounterHasTicket { .. }),
        "{err:?}"
    );
    q::set_counter(&mut o.store, &c1, CounterMode::Paused, t(40)).unwrap();
    // Counter 1 (AD) cannot take a walk-in for C.
    let c1 = o.open("1001", t(50));
    let walk_in = IssueRequest {
        office_id: 1,
        service: 'C',
        ..Default::default()
    };
    let err = q::quick_serve(&mut o.store, &c1, &rules, &walk_in, t(60)).unwrap_err();
    assert!(
        matches!(
            err,
            QueueError::CounterDoesNotCall {
                counter: 1,
                service: 'C'
            }
        ),
        "{err:?}"
    );
    // The kiosk issues but never works a counter.
    let mut kiosk = kiosk_actor(1);
    kiosk.counter_no = Some(1);
    let err = q::call_next(&mut o.store, &kiosk, &rules, t(70)).unwrap_err();
    assert!(
        matches!(err, QueueError::Db(db::DbError::Permission(_))),
        "{err:?}"
    );
}

#[test]
fn quick_serve_is_issued_called_and_arrived_at_once() {
    let mut o = setup();
    let rules = o.rules.clone();
    let c3 = o.open("1003", t(0));
    let req = IssueRequest {
        office_id: 1,
        service: 'B',
        phone: Some("138 0055 1234".into()),
        ..Default::default()
    };
    let tk = q::quick_serve(&mut o.store, &c3, &rules, &req, t(10)).unwrap();
    assert_eq!(tk.number, "B001");
    assert_eq!(tk.state, TicketState::Serving);
    assert_eq!(tk.phone.as_deref(), Some("13800551234"));
    assert_eq!(tk.owner.unwrap().staff_no, "1003");
    let kinds: Vec<EventKind> = q::events(&o.store, tk.id)
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(
        kinds,
        [EventKind::Issued, EventKind::Called, EventKind::Arrived]
    );
}

/// A walk-in is at the counter because it walked in: the counter says so, and the board
/// never announces it as if it had been called from the queue.
#[test]
fn a_walk_in_says_why_and_is_not_announced_on_the_board() {
    let mut o = setup();
    let rules = o.rules.clone();
    o.issue('B', t(0)).unwrap();
    let c3 = o.open("1003", t(0));
    q::call_next(&mut o.store, &c3, &rules, t(5)).unwrap();
    let called = q::counter_view(&o.store, &rules, 1, 3, t(6)).unwrap();
    let b001 = called.current.unwrap().ticket;
    q::no_show(&mut o.store, &c3, b001.id, t(7)).unwrap();
    let req = IssueRequest {
        office_id: 1,
        service: 'B',
        ..Default::default()
    };
    let walk_in = q::quick_serve(&mut o.store, &c3, &rules, &req, t(10)).unwrap();
    let view = q::counter_view(&o.store, &rules, 1, 3, t(20)).unwrap();
    assert_eq!(view.current.and_then(|c| c.reason), Some(Reason::WalkIn));
    let board = q::board(&o.store, &rules, 1, 5).unwrap();
    let announced: Vec<&str> = board.calls.iter().map(|c| c.number.as_str()).collect();
    assert_eq!(announced, ["B001"], "{} is not announced", walk_in.number);
}

#[test]
fn finishing_needs_a_ticket_at_this_counter_and_links_the_account() {
    let mut o = setup();
    let rules = o.rules.clone();
    let tk = o.issue('A', t(0)).unwrap().ticket;
    let c1 = o.open("1001", t(0));
    let c2 = o.open("1002", t(0));
    let fin = FinishRequest {
        transaction_ref: Some("HF01-2026-000123".into()),
        ..fin(Outcome::Payment)
    };
    let err = q::finish(&mut o.store, &c1, tk.id, &fin, t(5)).unwrap_err();
    assert!(matches!(err, QueueError::WrongState { .. }), "{err:?}");
    q::call_next(&mut o.store, &c1, &rules, t(60)).unwrap();
    let err = q::finish(&mut o.store, &c2, tk.id, &fin, t(65)).unwrap_err();
    assert!(
        matches!(err, QueueError::NotAtThisCounter { .. }),
        "{err:?}"
    );
    q::arrived(&mut o.store, &c1, tk.id, t(90)).unwrap();
    let done = q::finish(&mut o.store, &c1, tk.id, &fin, t(330)).unwrap();
    assert_eq!(done.outcome, Some(Outcome::Payment));
    let last = q::events(&o.store, tk.id).unwrap().pop().unwrap();
    assert_eq!(last.detail["service_secs"], 240);
    assert_eq!(last.detail["transaction_ref"], "HF01-2026-000123");
    let unknown = FinishRequest {
        account_id: Some(999_999),
        ..fin
    };
    let tk2 = o.issue('A', t(400)).unwrap().ticket;
    q::call_next(&mut o.store, &c1, &rules, t(410)).unwrap();
    let err = q::finish(&mut o.store, &c1, tk2.id, &unknown, t(420)).unwrap_err();
    assert!(matches!(err, QueueError::UnknownAccount(_)), "{err:?}");
}

#[test]
fn park_and_resume_at_another_counter() {
    let mut o = setup();
    let rules = o.rules.clone();
    let tk = o.issue('D', t(0)).unwrap().ticket;
    let c1 = o.open("1001", t(0));
    let c2 = o.open("1002", t(0));
    q::call_next(&mut o.store, &c1, &rules, t(30)).unwrap();
    let parked = q::park(&mut o.store, &c1, tk.id, "去复印身份证", t(60)).unwrap();
    assert_eq!(parked.state, TicketState::Parked);
    // Counter 1 is free again.
    assert!(
        q::counter_view(&o.store, &rules, 1, 1, t(61))
            .unwrap()
            .current
            .is_none()
    );
    let back = q::resume(&mut o.store, &c2, tk.id, t(600)).unwrap();
    assert_eq!(back.reason, Reason::Resumed);
    assert_eq!(back.ticket.counter_no, Some(2));
    assert_eq!(back.ticket.owner.unwrap().staff_no, "1001");
    let board = q::board(&o.store, &rules, 1, 5).unwrap();
    assert_eq!(board.calls[0].number, "D001");
    assert_eq!(board.calls[0].counter_no, 2);
    assert_eq!(board.calls.len(), 1);
}

#[test]
fn two_counters_racing_for_one_ticket_exactly_one_wins() {
    let mut o = setup();
    let rules = o.rules.clone();
    let c1 = o.open("1001", t(0));
    let c2 = o.open("1002", t(0));
    for round in 0..20 {
        let tk = o.issue('A', t(round * 100)).unwrap().ticket;
        let mut handles = Vec::new();
        for actor in [c1.clone(), c2.clone()] {
            let path = o.path.clone();
            let rules = rules.clone();
            let id = tk.id;
            handles.push(std::thread::spawn(move || {
                let mut store = Store::open(&path).unwrap();
                let at = t(round * 100 + 10);
                let result = if round % 2 == 0 {
                    q::call_ticket(&mut store, &actor, &rules, id, "抢号测试", at)
                } else {
                    q::call_next(&mut store, &actor, &rules, at)
                };
                (actor.counter_no.unwrap(), result)
            }));
        }
        let results: Vec<(i64, Result<q::Called, QueueError>)> =
            handles.into_iter().map(|h| h.join().unwrap()).collect();
        let winners: Vec<i64> = results
            .iter()
            .filter(|(_, r)| r.is_ok())
            .map(|(c, _)| *c)
            .collect();
        assert_eq!(winners.len(), 1, "round {round}: {results:?}");
        for (_, r) in &results {
            match r {
                Ok(called) => assert_eq!(called.ticket.id, tk.id),
                Err(QueueError::AlreadyTaken { counter, number }) => {
                    assert_eq!(*counter, winners[0]);
                    assert_eq!(number, &tk.number);
                }
                Err(QueueError::NothingWaiting) => assert_eq!(round % 2, 1),
                Err(other) => panic!("round {round}: {other:?}"),
            }
        }
        // Free the winner's counter for the next round.
        let winner = if winners[0] == 1 { &c1 } else { &c2 };
        q::no_show(&mut o.store, winner, tk.id, t(round * 100 + 20)).unwrap();
    }
}

#[test]
fn events_tickets_and_days_cannot_be_rewritten() {
    let mut o = setup();
    let manager = o.actor("1009");
    let tk = o.issue('A', t(0)).unwrap().ticket;
    let conn = common::raw(&o.store);
    let refused = |sql: &str| conn.execute(sql, []).is_err();
    assert!(refused("UPDATE ticket_event SET kind = 'finished'"));
    assert!(refused("DELETE FROM ticket_event"));
    assert!(refused("DELETE FROM ticket"));
    assert!(refused(
        "UPDATE ticket SET issued_at = '2026-01-01T00:00:00.000Z'"
    ));
    // The stored number is the letter and the sequence, three digits at least.
    let insert = |seq: i64, number: &str| {
        conn.execute(
            "INSERT INTO ticket (business_day_id, letter, seq, number, service, priority,
                                 issued_at, state)
             VALUES (?1, 'A', ?2, ?3, 'A', 0, '2026-11-28T01:00:00.000Z', 'waiting')",
            (tk.business_day_id, seq, number),
        )
    };
    assert!(insert(1000, "A1000").is_ok());
    for (seq, number) in [(1001, "A01001"), (7, "A7")] {
        let err = insert(seq, number).unwrap_err().to_string();
        assert!(err.contains("CHECK constraint failed: number"), "{err}");
    }
    q::close_day(&mut o.store, &manager, 1, t(100)).unwrap();
    let conn = common::raw(&o.store);
    let refused = |sql: &str| conn.execute(sql, []).unwrap_err().to_string();
    assert!(
        refused("UPDATE business_day SET closed_at = NULL")
            .contains("a closed business day cannot change")
    );
    assert!(
        refused("UPDATE ticket SET state = 'waiting'")
            .contains("a finished, no-show or closed ticket cannot change")
    );
    // A closed day takes no ticket, even one written around the store.
    let err = conn
        .execute(
            "INSERT INTO ticket (business_day_id, letter, seq, number, service, priority,
                                 issued_at, state)
             VALUES (?1, 'A', 2000, 'A2000', 'A', 0, '2026-11-28T01:00:00.000Z', 'waiting')",
            [tk.business_day_id],
        )
        .unwrap_err()
        .to_string();
    assert!(err.contains("the business day is closed"), "{err}");
}

#[test]
fn the_board_lists_the_latest_calls_one_per_ticket() {
    let mut o = setup();
    let rules = o.rules.clone();
    for i in 0..4 {
        o.issue('A', t(i)).unwrap();
    }
    o.issue('D', t(5)).unwrap();
    let c1 = o.open("1001", t(0));
    let c2 = o.open("1002", t(0));
    let a = q::call_next(&mut o.store, &c1, &rules, t(100)).unwrap();
    let b = q::call_next(&mut o.store, &c2, &rules, t(110)).unwrap();
    q::recall(&mut o.store, &c1, &rules, a.ticket.id, t(140)).unwrap();
    let board = q::board(&o.store, &rules, 1, 10).unwrap();
    let shown: Vec<(&str, i64)> = board
        .calls
        .iter()
        .map(|c| (c.number.as_str(), c.counter_no))
        .collect();
    assert_eq!(shown, [("A001", 1), ("A002", 2)]);
    assert_eq!(board.calls[0].kind, EventKind::Recalled);
    let waiting: Vec<(char, usize)> = board
        .waiting
        .iter()
        .map(|s| (s.service, s.waiting))
        .collect();
    assert_eq!(waiting, [('A', 2), ('B', 0), ('C', 0), ('D', 1)]);
    assert_eq!(b.ticket.number, "A002");
}
