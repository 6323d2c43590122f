//! The harness of `tests/tui_queue.rs`: a demo database per test, the app on an 80x24
//! `TestBackend` with a fixed clock, and a second `Store` on the same file standing for
//! the other processes (the kiosk).

use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use gasdesk::db::queue::{self as q, IssueRequest, Ticket, kiosk_actor};
use gasdesk::db::{self, Store};
use gasdesk::domain::queue::{EventKind, QueueRules, builtin_rules};
use gasdesk::i18n::Lang;
use gasdesk::tui::app::Clock;
use gasdesk::tui::screens::Screen;
use gasdesk::tui::screens::queue::{QueueScreen, Step};
use ratatui::crossterm::event::KeyCode;

use super::common::app::Driver;

/// Office 1 (Luyang); clerk 1001 sits at counter 1, which calls services A and D.
pub const OFFICE: i64 = 1;
pub const COUNTER: i64 = 1;

/// The fixed clock: 09:30 on 1 December 2026. The queue reads a fixed clock as UTC, so
/// the business day is 1 December on the offices' clock (17:30 there). A date the demo
/// data never uses, so its own queue day (if any) cannot collide with these tickets.
pub fn at(secs_after: i64) -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(2026, 12, 1)
        .and_then(|d| d.and_hms_opt(9, 30, 0))
        .expect("valid date")
        .and_utc()
        + chrono::Duration::seconds(secs_after)
}

pub struct Ui {
    d: Driver,
    /// Another process's view of the same file: the kiosk issues tickets through it.
    pub other: Store,
    pub rules: QueueRules,
}

impl std::ops::Deref for Ui {
    type Target = Driver;
    fn deref(&self) -> &Driver {
        &self.d
    }
}

impl std::ops::DerefMut for Ui {
    fn deref_mut(&mut self) -> &mut Driver {
        &mut self.d
    }
}

impl Ui {
    /// A fresh demo database with office 1's queue empty, the app on the login screen.
    pub fn new(lang: Lang) -> Ui {
        let d = Driver::demo(lang, Clock::Fixed(at(0)));
        let mut other = d.other_store();
        close_open_day(&mut other, &d.path);
        Ui {
            d,
            other,
            rules: builtin_rules(),
        }
    }

    /// Three tickets (A001 12 min ago, D001 8 min ago, A002 5 min ago), clerk 1001
    /// logged in, F2 pressed.
    pub fn at_counter(lang: Lang) -> Ui {
        let mut ui = Ui::new(lang);
        ui.issue('A', 12 * 60);
        ui.issue('D', 8 * 60);
        ui.issue('A', 5 * 60);
        ui.login("1001");
        ui.f2();
        ui
    }

    /// As [`Ui::at_counter`], with the counter opened and A001 called.
    pub fn serving(lang: Lang) -> Ui {
        let mut ui = Ui::at_counter(lang);
        ui.keys("on");
        assert_eq!(ui.current().map(|t| t.number), Some("A001".into()));
        ui
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.app.clock().now()
    }

    /// Issues a ticket `secs_ago` before the app's clock, as the kiosk process would.
    pub fn issue(&mut self, service: char, secs_ago: i64) -> Ticket {
        let req = IssueRequest {
            office_id: OFFICE,
            service,
            ..Default::default()
        };
        let when = self.now() - chrono::Duration::seconds(secs_ago);
        q::issue(
            &mut self.other,
            &kiosk_actor(OFFICE),
            &self.rules,
            &req,
            when,
        )
        .expect("issue a ticket")
        .ticket
    }

    pub fn enter(&mut self) {
        self.key(KeyCode::Enter);
    }

    pub fn f2(&mut self) {
        self.key(KeyCode::F(2));
        assert!(
            matches!(self.app.screen(), Screen::Queue(_)),
            "F2 did not open the queue"
        );
    }

    pub fn screen(&self) -> &QueueScreen {
        match self.app.screen() {
            Screen::Queue(s) => s,
            other => panic!("not on the queue screen: {other:?}"),
        }
    }

    pub fn step(&self) -> &Step {
        &self.screen().step
    }

    /// The counter as the store has it now (read through the other connection).
    pub fn view(&self) -> q::CounterView {
        q::counter_view(&self.other, &self.rules, OFFICE, COUNTER, self.now())
            .expect("counter view")
    }

    pub fn current(&self) -> Option<Ticket> {
        self.view().current.map(|c| c.ticket)
    }

    pub fn ticket(&self, number: &str) -> Ticket {
        q::ticket_by_number(&self.other, OFFICE, number)
            .expect("read ticket")
            .unwrap_or_else(|| panic!("no ticket {number}"))
    }

    pub fn events(&self, number: &str) -> Vec<EventKind> {
        let id = self.ticket(number).id;
        q::events(&self.other, id)
            .expect("events")
            .into_iter()
            .map(|e| e.kind)
            .collect()
    }

    /// Tickets of the open day at a counter (called or being served).
    pub fn at_counters(&self) -> Vec<Ticket> {
        let day = q::current_day(&self.other, OFFICE)
            .expect("day")
            .expect("an open day");
        ["A001", "A002", "A003", "A004", "D001", "D002"]
            .iter()
            .filter_map(|n| q::ticket_by_number(&self.other, OFFICE, n).ok()?)
            .filter(|t| t.business_day_id == day.id && t.state.is_at_counter())
            .collect()
    }

    pub fn an_account(&self) -> (i64, String) {
        super::common::raw(&self.other)
            .query_row(
                "SELECT id, account_no FROM account ORDER BY id LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .expect("a demo account")
    }
}

/// Closes office 1's open business day, if the demo left one: these tests start from an
/// empty queue whatever the demo's own day looks like.
fn close_open_day(store: &mut Store, path: &Path) {
    if q::current_day(&store, OFFICE)
        .expect("read the day")
        .is_some()
    {
        let manager = db::staff::by_number(&store, "1009")
            .expect("read staff")
            .expect("demo manager 1009")
            .actor(None);
        q::close_day(store, &manager, OFFICE, Clock::Fixed(at(-3600)).now())
            .unwrap_or_else(|e| panic!("close the demo day in {}: {e}", path.display()));
    }
}
