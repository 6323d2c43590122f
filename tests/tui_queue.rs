//! The counter's queue screen (F2) as a clerk sees it: the app driven by the events a
//! terminal sends, drawn on an 80x24 `TestBackend` and compared with reviewed snapshots in
//! both languages; every step checked in the store, and tickets issued by "another
//! process" (a second `Store` on the same file) picked up on the next tick.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use gasdesk::db::queue::{self as q, IssueRequest, Ticket, kiosk_actor};
use gasdesk::db::{self, Store};
use gasdesk::domain::queue::{
    CounterMode, EventKind, Outcome, QueueRules, TicketState, builtin_rules,
};
use gasdesk::i18n::{self, Lang, Localized};
use gasdesk::keymap::Keymap;
use gasdesk::tui::app::{App, Clock};
use gasdesk::tui::screens::Screen;
use gasdesk::tui::screens::queue::{QueueScreen, Step};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use tempfile::TempDir;

const LANGS: [Lang; 2] = [Lang::Zh, Lang::En];
/// Office 1 (Luyang); clerk 1001 sits at counter 1, which calls services A and D.
const OFFICE: i64 = 1;
const COUNTER: i64 = 1;

/// The fixed clock: 09:30 on 1 December 2026. The queue reads a fixed clock as UTC, so
/// the business day is 1 December on the offices' clock (17:30 there). A date the demo
/// data never uses, so its own queue day (if any) cannot collide with these tickets.
fn at(secs_after: i64) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 12, 1)
        .and_then(|d| d.and_hms_opt(9, 30, 0))
        .expect("valid date")
        + chrono::Duration::seconds(secs_after)
}

struct Ui {
    app: App,
    term: Terminal<TestBackend>,
    /// Another process's view of the same file: the kiosk issues tickets through it.
    other: Store,
    rules: QueueRules,
    _dir: TempDir,
}

impl Ui {
    /// A fresh demo database with office 1's queue empty, the app on the login screen.
    fn new(lang: Lang) -> Ui {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("demo.db");
        gasdesk::demo::build(&path, 20261128, 300, &mut |_| {}).expect("demo build");
        let mut other = Store::open(&path).expect("open demo (kiosk)");
        let rules = builtin_rules();
        close_open_day(&mut other, &path);
        let app = App::new(
            Store::open(&path).expect("open demo (app)"),
            Keymap::builtin(),
            lang,
            None,
            Duration::from_secs(300),
            Clock::Fixed(at(0)),
        );
        Ui {
            app,
            term: Terminal::new(TestBackend::new(80, 24)).expect("test terminal"),
            other,
            rules,
            _dir: dir,
        }
    }

    /// Three tickets (A001 12 min ago, D001 8 min ago, A002 5 min ago), clerk 1001
    /// logged in, F2 pressed.
    fn at_counter(lang: Lang) -> Ui {
        let mut ui = Ui::new(lang);
        ui.issue('A', 12 * 60);
        ui.issue('D', 8 * 60);
        ui.issue('A', 5 * 60);
        ui.login("1001");
        ui.f2();
        ui
    }

    /// As [`Ui::at_counter`], with the counter opened and A001 called.
    fn serving(lang: Lang) -> Ui {
        let mut ui = Ui::at_counter(lang);
        ui.keys("on");
        assert_eq!(ui.current().map(|t| t.number), Some("A001".into()));
        ui
    }

    fn now(&self) -> DateTime<Utc> {
        self.app.clock.utc()
    }

    /// Issues a ticket `secs_ago` before the app's clock, as the kiosk process would.
    fn issue(&mut self, service: char, secs_ago: i64) -> Ticket {
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

    fn key(&mut self, code: KeyCode) {
        self.app
            .handle_event(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }

    /// Each character as a key press (letters are commands outside a form).
    fn keys(&mut self, text: &str) {
        for c in text.chars() {
            self.key(KeyCode::Char(c));
        }
    }

    fn enter(&mut self) {
        self.key(KeyCode::Enter);
    }

    fn login(&mut self, staff_no: &str) {
        self.keys(staff_no);
        self.key(KeyCode::Tab);
        self.keys(gasdesk::demo::DEMO_PIN);
        self.enter();
        assert!(
            matches!(self.app.screen(), Screen::Home(_)),
            "demo login {staff_no} failed: {:?}",
            self.app.message
        );
    }

    fn f2(&mut self) {
        self.key(KeyCode::F(2));
        assert!(
            matches!(self.app.screen(), Screen::Queue(_)),
            "F2 did not open the queue"
        );
    }

    fn screen(&self) -> &QueueScreen {
        match self.app.screen() {
            Screen::Queue(s) => s,
            other => panic!("not on the queue screen: {other:?}"),
        }
    }

    fn step(&self) -> &Step {
        &self.screen().step
    }

    fn draw(&mut self) -> String {
        let app = &self.app;
        let frame = self.term.draw(|f| app.render(f)).expect("draw");
        let overwritten = common::half_overwritten(frame.buffer);
        let text = common::screen_text(self.term.backend().buffer());
        assert!(
            overwritten.is_empty(),
            "drawn over half a wide character at {overwritten:?}:\n{text}"
        );
        text
    }

    fn message(&self) -> String {
        self.app
            .message
            .as_ref()
            .map(|(m, _)| m.clone())
            .unwrap_or_default()
    }

    /// The counter as the store has it now (read through the other connection).
    fn view(&self) -> q::CounterView {
        q::counter_view(self.other.conn(), &self.rules, OFFICE, COUNTER, self.now())
            .expect("counter view")
    }

    fn current(&self) -> Option<Ticket> {
        self.view().current.map(|c| c.ticket)
    }

    fn ticket(&self, number: &str) -> Ticket {
        q::ticket_by_number(self.other.conn(), OFFICE, number)
            .expect("read ticket")
            .unwrap_or_else(|| panic!("no ticket {number}"))
    }

    fn events(&self, number: &str) -> Vec<EventKind> {
        let id = self.ticket(number).id;
        q::events(self.other.conn(), id)
            .expect("events")
            .into_iter()
            .map(|e| e.kind)
            .collect()
    }

    /// Tickets of the open day at a counter (called or being served).
    fn at_counters(&self) -> Vec<Ticket> {
        let day = q::current_day(self.other.conn(), OFFICE)
            .expect("day")
            .expect("an open day");
        ["A001", "A002", "A003", "A004", "D001", "D002"]
            .iter()
            .filter_map(|n| q::ticket_by_number(self.other.conn(), OFFICE, n).ok()?)
            .filter(|t| t.business_day_id == day.id && t.state.is_at_counter())
            .collect()
    }

    fn an_account(&self) -> (i64, String) {
        self.other
            .conn()
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
    if q::current_day(store.conn(), OFFICE)
        .expect("read the day")
        .is_some()
    {
        let manager = db::staff::by_number(store.conn(), "1009")
            .expect("read staff")
            .expect("demo manager 1009")
            .actor(None);
        q::close_day(store, &manager, OFFICE, Clock::Fixed(at(-3600)).utc())
            .unwrap_or_else(|e| panic!("close the demo day in {}: {e}", path.display()));
    }
}

fn snapshot(name: &str, lang: Lang, text: &str) {
    insta::assert_snapshot!(format!("{name}_{lang}"), text);
}

// ---- Snapshots ---------------------------------------------------------------------

#[test]
fn closed_then_open_and_idle() {
    for lang in LANGS {
        let mut ui = Ui::at_counter(lang);
        assert_eq!(ui.view().mode, CounterMode::Closed);
        let text = ui.draw();
        assert!(text.contains(i18n::QS_IDLE_CLOSED.get(lang)), "{text}");
        snapshot("queue_closed", lang, &text);
        ui.keys("o");
        assert_eq!(ui.view().mode, CounterMode::Open, "{}", ui.message());
        let text = ui.draw();
        let waiting = i18n::QS_WAITING_FOR_ME.fill(lang, &[("count", &3)]);
        assert!(text.contains(&waiting), "{text}");
        assert!(text.contains("A001"), "the next-up line names A001: {text}");
        snapshot("queue_open_idle", lang, &text);
    }
}

#[test]
fn calling_shows_the_number_why_and_first_contact() {
    for lang in LANGS {
        let mut ui = Ui::serving(lang);
        let called = ui.at_counters();
        assert_eq!(called.len(), 1, "exactly one ticket called: {called:?}");
        let t = &called[0];
        assert_eq!(
            (t.state, t.counter_no),
            (TicketState::Called, Some(COUNTER))
        );
        assert_eq!(t.owner.as_ref().map(|o| o.staff_no.as_str()), Some("1001"));
        let text = ui.draw();
        let why = ui
            .view()
            .current
            .and_then(|c| c.reason)
            .expect("the call records why")
            .localized(lang);
        assert!(text.contains("A001"), "{text}");
        assert!(text.contains(&why), "the reason {why:?} is shown: {text}");
        assert!(
            text.contains("1001"),
            "the first-contact owner is shown: {text}"
        );
        snapshot("queue_serving", lang, &text);
    }
}

#[test]
fn call_next_while_serving_asks_first() {
    for lang in LANGS {
        let mut ui = Ui::serving(lang);
        ui.keys("n");
        assert_eq!(ui.step(), &Step::ConfirmCallNext);
        snapshot("queue_confirm_call", lang, &ui.draw());
        ui.key(KeyCode::Esc);
        assert_eq!(ui.step(), &Step::None);
        assert_eq!(ui.at_counters().len(), 1, "staying calls nobody");
    }
}

#[test]
fn finishing_asks_for_the_outcome_then_the_details() {
    for lang in LANGS {
        let mut ui = Ui::serving(lang);
        ui.keys("f");
        assert_eq!(ui.step(), &Step::ChooseOutcome { then_call: false });
        snapshot("queue_choose_outcome", lang, &ui.draw());
        ui.keys("1");
        assert!(matches!(
            ui.step(),
            Step::Finish {
                outcome: Outcome::Payment,
                ..
            }
        ));
        snapshot("queue_finish_form", lang, &ui.draw());
    }
}

#[test]
fn transfer_and_call_number_forms() {
    for lang in LANGS {
        let mut ui = Ui::serving(lang);
        ui.keys("t");
        assert!(matches!(ui.step(), Step::Transfer(_)));
        snapshot("queue_transfer_form", lang, &ui.draw());
        ui.key(KeyCode::Esc);
        assert_eq!(
            ui.step(),
            &Step::None,
            "Esc closes the form, not the screen"
        );
        ui.keys("x");
        ui.keys("c");
        assert!(matches!(ui.step(), Step::CallNumber(_)));
        snapshot("queue_call_number_form", lang, &ui.draw());
    }
}

#[test]
fn parking_lists_the_ticket() {
    for lang in LANGS {
        let mut ui = Ui::serving(lang);
        ui.keys("p");
        assert!(matches!(ui.step(), Step::Park(_)));
        ui.keys("fetching ID card");
        ui.enter();
        assert_eq!(ui.step(), &Step::None, "{}", ui.message());
        assert_eq!(ui.ticket("A001").state, TicketState::Parked);
        let text = ui.draw();
        assert!(text.contains("A001"), "{text}");
        snapshot("queue_parked", lang, &text);
    }
}

#[test]
fn manager_panel_for_a_manager_only() {
    for lang in LANGS {
        let mut ui = Ui::serving(lang);
        ui.keys("m");
        assert_eq!(ui.message(), i18n::QS_PANEL_MANAGERS_ONLY.get(lang));
        assert!(!ui.screen().show_panel);

        let mut ui = Ui::serving(lang);
        ui.app.session = None;
        ui.app.stack = vec![Screen::Login(gasdesk::tui::screens::login::Login::new())];
        ui.login("1009");
        ui.f2();
        ui.keys("m");
        assert!(ui.screen().show_panel, "{}", ui.message());
        assert!(ui.screen().panel.is_some(), "{}", ui.message());
        let text = ui.draw();
        assert!(text.contains("A001"), "counter 1 serves A001: {text}");
        snapshot("queue_manager_panel", lang, &text);
    }
}

// ---- Steps, checked in the store ---------------------------------------------------

#[test]
fn recall_waits_for_the_minimum_interval() {
    let lang = Lang::En;
    let mut ui = Ui::serving(lang);
    ui.keys("r");
    let refused = i18n::Q_RECALL_TOO_SOON.fill(lang, &[("seconds", &30)]);
    assert_eq!(ui.message(), refused);
    assert!(!ui.events("A001").contains(&EventKind::Recalled));
    assert!(ui.draw().contains(&refused));
    ui.app.clock = Clock::Fixed(at(31));
    ui.keys("r");
    assert!(
        ui.events("A001").contains(&EventKind::Recalled),
        "{}",
        ui.message()
    );
    assert_eq!(ui.view().current.map(|c| c.recalls), Some(1));
}

#[test]
fn arrival_then_finish_with_an_account() {
    let mut ui = Ui::serving(Lang::Zh);
    ui.keys("a");
    assert_eq!(ui.ticket("A001").state, TicketState::Serving);
    let (id, account_no) = ui.an_account();
    ui.keys("f1");
    ui.keys(&account_no);
    ui.enter();
    assert_eq!(ui.step(), &Step::None, "{}", ui.message());
    let t = ui.ticket("A001");
    assert_eq!(t.state, TicketState::Finished);
    assert_eq!(t.outcome, Some(Outcome::Payment));
    assert_eq!(t.account_id, Some(id));
    assert!(ui.at_counters().is_empty());
}

#[test]
fn a_bad_account_number_is_refused_under_the_form() {
    let lang = Lang::En;
    let mut ui = Ui::serving(lang);
    ui.keys("f1");
    ui.keys("12345");
    ui.enter();
    assert!(matches!(ui.step(), Step::Finish { .. }), "the form stays");
    let text = ui.draw();
    assert!(text.contains(i18n::QS_BAD_ACCOUNT.get(lang)), "{text}");
    ui.key(KeyCode::Backspace);
    ui.keys("67890");
    ui.enter();
    let unknown = q::QueueError::UnknownAccount("1234567890".into()).localized(lang);
    if ui.other.conn().query_row(
        "SELECT count(*) FROM account WHERE account_no = '1234567890'",
        [],
        |r| r.get::<_, i64>(0),
    ) == Ok(0)
    {
        assert!(ui.draw().contains(&unknown), "{}", ui.draw());
    }
    assert_eq!(
        ui.ticket("A001").state,
        TicketState::Called,
        "nothing saved"
    );
    assert_eq!(ui.ticket("A001").outcome, None);
}

#[test]
fn call_next_while_serving_finishes_and_calls() {
    let mut ui = Ui::serving(Lang::Zh);
    ui.keys("n");
    ui.enter();
    assert_eq!(ui.step(), &Step::ChooseOutcome { then_call: true });
    ui.keys("5");
    ui.enter();
    assert_eq!(ui.step(), &Step::None, "{}", ui.message());
    let a001 = ui.ticket("A001");
    assert_eq!(
        (a001.state, a001.outcome),
        (TicketState::Finished, Some(Outcome::Enquiry))
    );
    let called = ui.at_counters();
    assert_eq!(called.len(), 1, "{called:?}");
    assert_eq!(called[0].number, "D001", "closest to its target next");
    assert!(ui.draw().contains("D001"));
}

#[test]
fn no_show() {
    let mut ui = Ui::serving(Lang::Zh);
    ui.keys("x");
    assert_eq!(ui.ticket("A001").state, TicketState::NoShow);
    assert!(ui.view().current.is_none());
}

#[test]
fn park_then_resume_from_the_list() {
    let mut ui = Ui::serving(Lang::Zh);
    ui.keys("p");
    ui.keys("fetch papers");
    ui.enter();
    ui.keys("n");
    assert_eq!(ui.current().map(|t| t.number), Some("D001".into()));
    ui.keys("x");
    assert_eq!(ui.view().parked.len(), 1);
    ui.key(KeyCode::Down);
    ui.keys("u");
    let a001 = ui.ticket("A001");
    assert_eq!(
        (a001.state, a001.counter_no),
        (TicketState::Called, Some(COUNTER)),
        "{}",
        ui.message()
    );
    assert_eq!(
        ui.events("A001").last(),
        Some(&EventKind::Resumed),
        "resumed, not called anew"
    );
}

#[test]
fn transfer_keeps_the_issue_time_and_owner() {
    let mut ui = Ui::serving(Lang::Zh);
    let before = ui.ticket("A001");
    ui.keys("t");
    ui.keys("D");
    ui.enter();
    assert_eq!(ui.step(), &Step::None, "{}", ui.message());
    let after = ui.ticket("A001");
    assert_eq!((after.state, after.service), (TicketState::Waiting, 'D'));
    assert_eq!(after.issued_at, before.issued_at);
    assert_eq!(after.owner, before.owner);
    assert_eq!(ui.events("A001").last(), Some(&EventKind::Transferred));
}

#[test]
fn call_a_number_out_of_order_needs_a_reason() {
    let lang = Lang::Zh;
    let mut ui = Ui::at_counter(lang);
    ui.keys("o");
    ui.keys("c");
    ui.keys("A002");
    ui.enter();
    assert!(matches!(ui.step(), Step::CallNumber(_)), "the form stays");
    let text = ui.draw();
    assert!(text.contains(i18n::Q_REASON_REQUIRED.get(lang)), "{text}");
    assert!(ui.at_counters().is_empty(), "nobody called");
    ui.key(KeyCode::Tab);
    ui.keys("elderly, standing");
    ui.enter();
    assert_eq!(ui.step(), &Step::None, "{}", ui.message());
    assert_eq!(ui.current().map(|t| t.number), Some("A002".into()));
    assert_eq!(ui.events("A002").last(), Some(&EventKind::CalledOutOfOrder));
}

#[test]
fn walk_in_is_served_at_once() {
    let mut ui = Ui::at_counter(Lang::Zh);
    ui.keys("o");
    ui.keys("w");
    ui.keys("A");
    ui.enter();
    assert_eq!(ui.step(), &Step::None, "{}", ui.message());
    let t = ui.ticket("A003");
    assert_eq!(
        (t.state, t.counter_no),
        (TicketState::Serving, Some(COUNTER))
    );
}

#[test]
fn another_process_issuing_is_picked_up_on_the_next_tick() {
    let mut ui = Ui::at_counter(Lang::Zh);
    ui.keys("o");
    ui.draw();
    let waiting = |ui: &Ui| ui.screen().view.as_ref().map(|v| v.waiting_for_me);
    assert_eq!(waiting(&ui), Some(3));
    assert!(!ui.app.tick(Instant::now()), "nothing committed: no reload");
    ui.issue('D', 0);
    assert!(
        ui.app.tick(Instant::now()),
        "another commit: reload and redraw"
    );
    assert_eq!(waiting(&ui), Some(4));
    let text = ui.draw();
    assert!(text.contains(&i18n::QS_WAITING_FOR_ME.fill(Lang::Zh, &[("count", &4)])));
    assert!(!ui.app.tick(Instant::now()), "seen: no second reload");
}
