//! The counter's day as a clerk and a manager use it: the customer of the ticket in one
//! key and paid in a few more, a walk-in that says so, the questions asked before a
//! counter or a day closes, the manager's panel (shifts, services nobody serves, closing
//! the day) and a trainer with no counter of their own.

use gasdesk::db::cash;
use gasdesk::db::queue::{self as q, IssueRequest, kiosk_actor};
use gasdesk::domain::money::Fen;
use gasdesk::domain::queue::CounterMode;
use gasdesk::domain::queue::policy::Reason;
use gasdesk::i18n::{self, Lang, Localized};
use gasdesk::tui::screens::Screen;
use gasdesk::tui::screens::login::Login;
use gasdesk::tui::screens::queue::{Question, Step};
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

use super::harness::{OFFICE, Ui};
use super::{LANGS, snapshot};

fn ctrl(ui: &mut Ui, c: char) {
    ui.app.handle_event(Event::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::CONTROL,
    )));
}

fn relogin(ui: &mut Ui, staff_no: &str) {
    ui.app.session = None;
    ui.app.counter = None;
    ui.app.stack = vec![Screen::Login(Login::new())];
    ui.login(staff_no);
    ui.f2();
}

/// An account with open bills, issued a ticket by the kiosk with its account number.
fn ticket_with_open_bills(ui: &mut Ui) -> (i64, String) {
    let (id, account_no): (i64, String) = super::common::raw(&ui.other)
        .query_row(
            "SELECT a.id, a.account_no FROM account a
             WHERE EXISTS (SELECT 1 FROM bill b WHERE b.account_id = a.id
                                                  AND b.settled_by IS NULL)
             ORDER BY a.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("a demo account with open bills");
    let req = IssueRequest {
        office_id: OFFICE,
        service: 'A',
        account_no: Some(account_no.clone()),
        ..Default::default()
    };
    let now = ui.now() - chrono::Duration::minutes(3);
    q::issue(&mut ui.other, &kiosk_actor(OFFICE), &ui.rules, &req, now).expect("issue");
    (id, account_no)
}

/// From the ticket at the counter to a paid receipt: Enter (the customer), p (pay), and
/// Enter through mode, bills, method and tendered — six keys, the open bills already
/// ticked. Before, the clerk pressed F3, typed the ten digits of the account, Enter, p,
/// Tab, Ctrl-A and Enter through the form: about twenty.
#[test]
fn the_customer_of_the_ticket_is_paid_in_six_keys() {
    let mut ui = Ui::new(Lang::Zh);
    let (account_id, _) = ticket_with_open_bills(&mut ui);
    let open_before = cash::account_money(&ui.other, account_id)
        .expect("money")
        .open_bills
        .len();
    assert!(open_before > 0);
    let clerk = gasdesk::db::staff::by_number(&ui.other, "1001")
        .expect("staff")
        .expect("1001")
        .actor(None);
    let now = ui.now();
    let rules = ui.rules.clone();
    cash::open_shift(&mut ui.other, &clerk, &rules, Fen(50_000), now).expect("open shift");
    ui.login("1001");
    ui.f2();
    ui.keys("on");
    assert!(
        ui.current()
            .is_some_and(|t| t.account_id == Some(account_id))
    );
    let mut pressed = 0;
    let mut press = |ui: &mut Ui, code: KeyCode| {
        ui.key(code);
        pressed += 1;
    };
    press(&mut ui, KeyCode::Enter);
    assert!(
        matches!(ui.app.screen(), Screen::Customer(_)),
        "Enter opens the customer: {}",
        ui.message()
    );
    press(&mut ui, KeyCode::Char('p'));
    match ui.app.screen() {
        Screen::Payment(p) => assert!(p.chosen.iter().all(|c| *c), "open bills ticked"),
        other => panic!("no payment form: {other:?} {}", ui.message()),
    }
    for _ in 0..4 {
        press(&mut ui, KeyCode::Enter);
    }
    assert!(
        matches!(ui.app.screen(), Screen::Receipt(_)),
        "paid: {}",
        ui.message()
    );
    assert_eq!(pressed, 6);
    let open_after = cash::account_money(&ui.other, account_id)
        .expect("money")
        .open_bills
        .len();
    assert_eq!(open_after, 0, "every open bill paid");
}

#[test]
fn a_walk_in_says_why_it_is_served() {
    for lang in LANGS {
        let mut ui = Ui::at_counter(lang);
        ui.keys("o");
        ui.keys("w");
        ui.keys("A");
        ui.enter();
        let why = Reason::WalkIn.localized(lang);
        assert!(ui.draw().contains(&why), "{}", ui.draw());
        let said = i18n::QD_WALK_IN.fill(lang, &[("number", &"A003"), ("counter", &1)]);
        assert_eq!(ui.message(), said);
    }
}

#[test]
fn closing_the_counter_asks_first() {
    let mut ui = Ui::at_counter(Lang::En);
    ui.keys("o");
    ctrl(&mut ui, 'x');
    assert_eq!(ui.step(), &Step::Confirm(Question::CloseCounter));
    assert_eq!(ui.view().mode, CounterMode::Open, "not yet");
    ui.keys("n");
    assert_eq!(ui.view().mode, CounterMode::Open, "no keeps it open");
    ctrl(&mut ui, 'x');
    ui.keys("y");
    assert_eq!(ui.view().mode, CounterMode::Closed);
    assert_eq!(ui.message(), "Counter 1: closed");
}

/// C waits while the only counters of C are paused or closed: the panel warns, lists
/// the day's cash shifts, and the manager closes the day from it (after a yes); then the
/// counter says the day is closed.
#[test]
fn the_manager_panel_warns_lists_shifts_and_closes_the_day() {
    for lang in LANGS {
        let mut ui = Ui::at_counter(lang);
        ui.issue('C', 42 * 60);
        // Counter 5 (A, C) opens and pauses; counters 4 and 6 stay closed.
        let at_five = gasdesk::db::staff::by_number(&ui.other, "1002")
            .expect("staff")
            .expect("1002")
            .actor(Some(5));
        let now = ui.now();
        q::set_counter(&mut ui.other, &at_five, CounterMode::Paused, now).expect("pause 5");
        let rules = ui.rules.clone();
        cash::open_shift(&mut ui.other, &at_five, &rules, Fen(20_000), now).expect("shift");
        relogin(&mut ui, "1009");
        let text = ui.draw();
        assert!(text.contains("C001"), "the warning names C001: {text}");
        assert!(text.contains("42"), "and how long it waited: {text}");
        assert!(text.contains("1002"), "the shift of 1002 is listed: {text}");
        snapshot("queue_panel_warning", lang, &text);
        // The day does not close while a drawer is open: refused before anything is
        // asked, and the refusal says whose.
        ui.keys("e");
        assert_eq!(ui.step(), &Step::None, "refused, not asked");
        assert!(ui.message().contains("1002"), "{}", ui.message());
        assert!(q::current_day(&ui.other, OFFICE).expect("day").is_some());
        close_shift(&mut ui, &at_five);
        // The panel follows the other process's commit at the next tick, as on screen.
        ui.app.tick(std::time::Instant::now());
        ui.keys("e");
        assert_eq!(ui.step(), &Step::Confirm(Question::CloseDay));
        snapshot("queue_panel_confirm_close_day", lang, &ui.draw());
        ui.key(KeyCode::Esc);
        assert!(
            q::current_day(&ui.other, OFFICE).expect("day").is_some(),
            "no keeps it"
        );
        ui.keys("e");
        ui.enter();
        assert!(
            q::current_day(&ui.other, OFFICE).expect("day").is_none(),
            "{}",
            ui.message()
        );
        let text = ui.draw();
        assert!(text.contains("2026-12-01"), "{text}");
        assert!(
            !text.contains(i18n::QD_NO_SHIFTS.get(lang)),
            "the closed day's shifts still show: {text}"
        );
        // The clerk's counter says the day is closed.
        relogin(&mut ui, "1001");
        let said = i18n::QD_COUNTER_DAY_CLOSED.fill(lang, &[("day", &"2026-12-01")]);
        assert!(ui.draw().contains(&said), "{}", ui.draw());
        // Opening the counter then is refused with the same words, and nothing changes.
        let before = ui.view().mode;
        ui.keys("o");
        assert_eq!(ui.message(), said);
        assert_eq!(ui.view().mode, before);
    }
}

/// A walk-in at a closed counter is refused before its form opens, as the store would.
#[test]
fn a_walk_in_at_a_closed_counter_is_refused_before_the_form() {
    let mut ui = Ui::at_counter(Lang::En);
    ui.keys("w");
    assert_eq!(ui.step(), &Step::None, "no form");
    assert!(ui.message().contains("Counter 1"), "{}", ui.message());
    ui.keys("o");
    ui.keys("w");
    assert!(matches!(ui.step(), Step::QuickServe(_)));
}

/// The clerk counts the float of 200 back and closes the drawer.
fn close_shift(ui: &mut Ui, actor: &gasdesk::db::Actor) {
    use gasdesk::domain::receipt::{CashCount, Denomination};
    cash::start_balancing(&mut ui.other, actor).expect("balance");
    let mut count = CashCount::new();
    count.set(Denomination::Note100, 2);
    let now = ui.now();
    cash::close_shift(&mut ui.other, actor, &count, &[], "", now).expect("close the shift");
}

/// A trainer (no counter of their own) gets the office's counters to choose from, not a
/// screen that says "loading" forever.
#[test]
fn a_trainer_without_a_counter_chooses_one() {
    for lang in LANGS {
        let mut ui = Ui::at_counter(lang);
        relogin(&mut ui, "9001");
        assert!(ui.screen().choosing_counter(), "{}", ui.message());
        let text = ui.draw();
        assert!(!text.contains(i18n::QS_LOADING.get(lang)), "{text}");
        assert!(
            text.contains(i18n::QD_CHOOSE_COUNTER_TITLE.get(lang)),
            "{text}"
        );
        snapshot("queue_choose_counter", lang, &text);
        ui.keys("2");
        assert_eq!(
            ui.screen().view.as_ref().map(|v| v.counter_no),
            Some(2),
            "{}",
            ui.message()
        );
        ui.keys("o");
        let view = q::counter_view(&ui.other, &ui.rules, OFFICE, 2, ui.now()).expect("view");
        assert_eq!(view.mode, CounterMode::Open, "{}", ui.message());
    }
}
