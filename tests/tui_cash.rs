//! The cash desk (F4) as a clerk sees it: the app driven by key events on an 80x24
//! `TestBackend` with a fixed clock, snapshots in both languages, and the store checked
//! after each key-driven step (shift open and close, voids refused and approved).

mod common;

use common::app::Driver;

use chrono::{DateTime, NaiveDate, Utc};
use gasdesk::db::cash::{self, Approval, PaymentKey, Tender};
use gasdesk::db::{Actor, Store};
use gasdesk::domain::money::Fen;
use gasdesk::domain::receipt::PaymentMethod;
use gasdesk::i18n::Lang;
use gasdesk::tui::app::Clock;
use gasdesk::tui::screens::Screen;
use gasdesk::tui::screens::cash::{CashScreen, Step};
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

const LANGS: [Lang; 2] = [Lang::Zh, Lang::En];

/// 09:30 UTC on 1 December 2026: 17:30 on the offices' clock, a day the demo never uses.
fn at(secs_after: i64) -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(2026, 12, 1)
        .and_then(|d| d.and_hms_opt(9, 30, 0))
        .expect("valid date")
        .and_utc()
        + chrono::Duration::seconds(secs_after)
}

struct Ui {
    d: Driver,
    /// Another session on the same file: sets up shifts and receipts as other work would.
    other: Store,
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
    fn new(lang: Lang) -> Ui {
        let mut d = Driver::demo(lang, Clock::Fixed(at(0)));
        d.app.spool_dir = Some(d.dir.path().join("spool"));
        let other = d.other_store();
        Ui { d, other }
    }

    /// Clerk 1001 logged in, on the desk (F4).
    fn at_desk(lang: Lang) -> Ui {
        let mut ui = Ui::new(lang);
        ui.login("1001");
        ui.key(KeyCode::F(4));
        assert!(
            matches!(ui.app.screen(), Screen::Cash(_)),
            "F4 did not open the desk"
        );
        ui
    }

    /// As [`Ui::at_desk`], with a shift open (float 500) and three receipts, the first
    /// of them voided by manager 1009.
    fn with_receipts(lang: Lang) -> Ui {
        let mut ui = Ui::new(lang);
        let clerk = ui.actor("1001");
        let now = Clock::Fixed(at(-3600)).now();
        let rules = gasdesk::domain::queue::builtin_rules();
        cash::open_shift(&mut ui.other, &clerk, &rules, Fen(50_000), now).expect("open shift");
        let accounts = ui.accounts(3);
        let tenders = [
            Tender::cash(Some(Fen(20_000))),
            Tender::with_reference(PaymentMethod::WeChat, "WX4200001234"),
            Tender::cash(None),
        ];
        let mut first = None;
        for (i, (account, tender)) in accounts.iter().zip(tenders).enumerate() {
            let paid = cash::pay_advance(
                &mut ui.other,
                &clerk,
                &PaymentKey::new(),
                *account,
                Fen(12_345 * (i as i64 + 1)),
                &tender,
                now + chrono::Duration::minutes(10 * i as i64),
            )
            .expect("advance");
            first.get_or_insert(paid.receipt.id);
        }
        cash::void_receipt(
            &mut ui.other,
            &clerk,
            &Approval {
                staff_no: "1009".into(),
                pin: gasdesk::demo::DEMO_PIN.into(),
            },
            first.expect("a receipt"),
            "wrong account",
            &PaymentKey::new(),
            now + chrono::Duration::minutes(40),
        )
        .expect("void");
        ui.login("1001");
        ui.key(KeyCode::F(4));
        ui
    }

    fn actor(&self, staff_no: &str) -> Actor {
        gasdesk::db::staff::by_number(&self.other, staff_no)
            .expect("read staff")
            .expect("demo staff")
            .actor(None)
    }

    fn accounts(&self, n: i64) -> Vec<i64> {
        let conn = common::raw(&self.other);
        let mut stmt = conn
            .prepare("SELECT id FROM account ORDER BY id LIMIT ?1")
            .expect("prepare");
        stmt.query_map([n], |r| r.get(0))
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("accounts")
    }

    fn desk(&self) -> &CashScreen {
        self.app
            .stack
            .iter()
            .rev()
            .find_map(|s| match s {
                Screen::Cash(c) => Some(c.as_ref()),
                _ => None,
            })
            .expect("the desk is open")
    }

    fn shift(&self) -> Option<cash::Shift> {
        let clerk = self.actor("1001");
        cash::current_shift(&self.other, clerk.staff_id.expect("staff")).expect("shift")
    }
}

#[test]
fn desk_with_an_open_shift_and_receipts() {
    for lang in LANGS {
        let mut ui = Ui::with_receipts(lang);
        let desk = ui.desk().desk.clone().expect("desk loaded");
        assert_eq!(desk.receipts.len(), 4, "three advances and a void");
        assert!(desk.receipts.iter().any(|r| r.reversed_by.is_some()));
        let text = ui.draw();
        assert!(text.contains("500.00"), "{text}");
        insta::assert_snapshot!(format!("desk_{lang}"), text);
    }
}

#[test]
fn open_a_shift_with_keys_zero_float_allowed() {
    let mut ui = Ui::at_desk(Lang::En);
    assert!(ui.shift().is_none());
    ui.keys("o");
    assert!(matches!(ui.desk().step, Step::OpenShift(_)));
    // A malformed float is refused in the form, which stays open.
    ui.keys("1,000");
    ui.key(KeyCode::Enter);
    assert!(matches!(ui.desk().step, Step::OpenShift(_)));
    assert!(ui.shift().is_none());
    assert!(ui.draw().contains("No commas"), "{}", ui.draw());
    ui.app.handle_event(Event::Key(KeyEvent::new(
        KeyCode::Char('u'),
        KeyModifiers::CONTROL,
    )));
    ui.keys("0");
    ui.key(KeyCode::Enter);
    let shift = ui.shift().expect("a shift is open");
    assert_eq!(shift.float, Fen::ZERO);
    assert!(matches!(ui.desk().step, Step::None));
    assert!(ui.message().contains("0.00"), "{}", ui.message());
    // A second shift is refused in the store's words.
    ui.keys("o");
    assert!(
        ui.message().contains("already has a shift"),
        "{}",
        ui.message()
    );
}

#[test]
fn close_a_shift_with_keys() {
    let mut ui = Ui::at_desk(Lang::En);
    ui.keys("o");
    ui.keys("200");
    ui.key(KeyCode::Enter);
    assert_eq!(ui.shift().expect("open").float, Fen(20_000));
    // c stops payments and opens the count.
    ui.keys("c");
    assert_eq!(
        ui.shift().expect("balancing").state,
        cash::ShiftState::Balancing
    );
    assert!(matches!(ui.desk().step, Step::Close(_)));
    // One 100 note short: refused without a reason, under the reason field.
    ui.keys("1");
    ui.key(KeyCode::Enter);
    assert!(ui.shift().is_some());
    assert!(ui.draw().contains("reason is required"), "{}", ui.draw());
    ui.keys("note missing");
    ui.key(KeyCode::Enter);
    assert!(ui.shift().is_none(), "closed: {}", ui.message());
    assert!(ui.message().contains("-100.00"), "{}", ui.message());
}

#[test]
fn a_balanced_close_needs_no_reason() {
    let mut ui = Ui::at_desk(Lang::Zh);
    ui.keys("o0");
    ui.key(KeyCode::Enter);
    ui.keys("b");
    assert_eq!(
        ui.shift().expect("shift").state,
        cash::ShiftState::Balancing
    );
    ui.keys("b");
    assert_eq!(ui.shift().expect("shift").state, cash::ShiftState::Open);
    ui.keys("c");
    ui.key(KeyCode::Enter);
    assert!(ui.shift().is_none(), "{}", ui.message());
    assert!(ui.message().contains("账实相符"), "{}", ui.message());
}

#[test]
fn close_form_shows_the_variance() {
    for lang in LANGS {
        let mut ui = Ui::with_receipts(lang);
        ui.keys("c");
        // Two 100 notes, a 50 (typed full-width), five 1-jiao and three 1-fen coins; the
        // WeChat batch as expected.
        ui.keys("2");
        ui.key(KeyCode::Tab);
        ui.keys("１");
        for _ in 0..7 {
            ui.key(KeyCode::Tab);
        }
        ui.keys("5");
        for _ in 0..3 {
            ui.key(KeyCode::Tab);
        }
        ui.keys("3");
        for _ in 0..2 {
            ui.key(KeyCode::Tab);
        }
        ui.keys("246.90");
        let text = ui.draw();
        assert!(text.contains("250.53"), "{text}");
        assert!(text.contains("-"), "{text}");
        insta::assert_snapshot!(format!("close_form_{lang}"), text);
    }
}

#[test]
fn void_form_and_refusals() {
    for lang in LANGS {
        let mut ui = Ui::with_receipts(lang);
        // The newest receipt (the void) is selected; the one before it is voided.
        ui.keys("jv");
        assert!(
            matches!(ui.app.screen(), Screen::Void(_)),
            "{}",
            ui.message()
        );
        ui.keys("customer changed mind");
        ui.key(KeyCode::Tab);
        ui.keys("1009");
        ui.key(KeyCode::Tab);
        ui.keys("123456");
        let text = ui.draw();
        assert!(!text.contains("123456"), "the PIN is never shown:\n{text}");
        insta::assert_snapshot!(format!("void_form_{lang}"), text);
    }
}

#[test]
fn a_refused_void_keeps_the_form_with_its_message() {
    let mut ui = Ui::with_receipts(Lang::En);
    ui.keys("jv");
    ui.keys("typo");
    ui.key(KeyCode::Tab);
    // The clerk cannot approve their own void.
    ui.keys("1001");
    ui.key(KeyCode::Tab);
    ui.keys("123456");
    ui.key(KeyCode::Enter);
    assert!(matches!(ui.app.screen(), Screen::Void(_)));
    let text = ui.draw();
    assert!(text.contains("cannot approve"), "{text}");
    // A wrong PIN says so (and when the number locks), and the PIN is cleared.
    ui.app.handle_event(Event::Key(KeyEvent::new(
        KeyCode::BackTab,
        KeyModifiers::SHIFT,
    )));
    for _ in 0..4 {
        ui.key(KeyCode::Backspace);
    }
    ui.keys("1009");
    ui.key(KeyCode::Tab);
    ui.keys("000000");
    ui.key(KeyCode::Enter);
    assert!(matches!(ui.app.screen(), Screen::Void(_)));
    let text = ui.draw();
    assert!(text.contains("Wrong staff number or PIN"), "{text}");
    let Screen::Void(form) = ui.app.screen() else {
        unreachable!()
    };
    assert!(form.form.value(2).is_empty());
    // Esc leaves the form once the clerk says so (the reason is typed); nothing was
    // reversed.
    ui.key(KeyCode::Esc);
    assert!(matches!(ui.app.screen(), Screen::Void(_)), "asks first");
    ui.key(KeyCode::Enter);
    assert!(matches!(ui.app.screen(), Screen::Cash(_)));
    let desk = ui.desk().desk.clone().expect("desk");
    assert_eq!(
        desk.receipts
            .iter()
            .filter(|r| r.reversed_by.is_some())
            .count(),
        1
    );
}

#[test]
fn an_approved_void_reverses_once() {
    let mut ui = Ui::with_receipts(Lang::En);
    let newest = ui.desk().desk.clone().expect("desk").receipts[1].id;
    ui.keys("jv");
    ui.keys("typo");
    ui.key(KeyCode::Tab);
    ui.keys("1009");
    ui.key(KeyCode::Tab);
    ui.keys("123456");
    ui.key(KeyCode::Enter);
    assert!(
        !matches!(ui.app.screen(), Screen::Void(_)),
        "{}",
        ui.message()
    );
    let original = cash::receipt(&ui.other, newest).expect("receipt");
    assert!(original.reversed_by.is_some());
    let spooled = std::fs::read_dir(ui.dir.path().join("spool"))
        .map(|d| d.count())
        .unwrap_or(0);
    assert_eq!(spooled, 1, "the reversal is printed");
}

#[test]
fn reprint_goes_to_the_spool_and_is_counted() {
    let mut ui = Ui::with_receipts(Lang::En);
    let newest = ui.desk().desk.clone().expect("desk").receipts[0].clone();
    ui.keys("r");
    assert!(ui.message().contains("reprint 1"), "{}", ui.message());
    // `HF..-reprint-1.demo-xxxxxxxx.txt`: the tag names the database (see `spool`).
    let prefix = format!("{}-reprint-1.demo-", newest.receipt_no);
    let file = std::fs::read_dir(ui.dir.path().join("spool"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.starts_with(&prefix) && name.ends_with(".txt")
        })
        .expect("spooled reprint");
    let text = std::fs::read_to_string(&file).expect("spooled reprint");
    assert!(text.contains(&newest.receipt_no), "{text}");
}

#[test]
fn simulated_card_failure_is_for_the_demo() {
    let mut ui = Ui::at_desk(Lang::En);
    ui.keys("x");
    assert!(
        ui.message().contains("fail its next write"),
        "{}",
        ui.message()
    );
}

#[test]
fn reopen_is_for_managers_and_lists_closed_shifts() {
    let mut ui = Ui::at_desk(Lang::En);
    ui.keys("o0");
    ui.key(KeyCode::Enter);
    ui.keys("c");
    ui.key(KeyCode::Enter);
    assert!(ui.shift().is_none());
    ui.keys("m");
    assert!(ui.message().contains("manager"), "{}", ui.message());
    // The manager logs in at the same terminal and reopens the clerk's shift.
    ui.app.lock();
    ui.app.session = None;
    ui.app.overlay = None;
    ui.app.stack = vec![Screen::Login(gasdesk::tui::screens::login::Login::new())];
    ui.login("1009");
    ui.key(KeyCode::F(4));
    assert_eq!(ui.desk().desk.clone().expect("desk").closed_shifts.len(), 1);
    ui.keys("m");
    ui.keys("miscounted");
    ui.key(KeyCode::Enter);
    assert!(ui.message().contains("Reopened"), "{}", ui.message());
    assert_eq!(ui.shift().expect("reopened").state, cash::ShiftState::Open);
}

/// Clerk 1001 on the desk with a top-up paid earlier whose card was never written (the
/// reader was pulled): the one card write to finish.
fn unwritten_top_up(lang: Lang) -> (Ui, cash::Paid) {
    let mut ui = Ui::new(lang);
    let clerk = ui.actor("1001");
    let now = Clock::Fixed(at(-600)).now();
    let rules = gasdesk::domain::queue::builtin_rules();
    cash::open_shift(&mut ui.other, &clerk, &rules, Fen::ZERO, now).expect("open shift");
    let meter: i64 = common::raw(&ui.other)
        .query_row(
            "SELECT id FROM meter WHERE kind = 'ic_card' ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("an IC-card meter");
    // Paid at another moment, the card never written (the reader was pulled).
    let paid = cash::top_up(
        &mut ui.other,
        &clerk,
        &PaymentKey::new(),
        meter,
        cash::TopUpOrder::Volume(gasdesk::domain::tariff::Volume(10_000)),
        &Tender::cash(None),
        now,
    )
    .expect("top-up");
    ui.login("1001");
    ui.key(KeyCode::F(4));
    let desk = ui.desk().desk.clone().expect("desk");
    assert_eq!(desk.card_writes.len(), 1);
    (ui, paid)
}

#[test]
fn a_failed_card_write_is_finished_from_the_desk() {
    let (mut ui, paid) = unwritten_top_up(Lang::En);
    let write = paid.card_write.clone().expect("a card write");
    assert!(ui.draw().contains("Card writes to finish"));
    // The trainer makes the next write fail: w says so and the write stays listed.
    ui.keys("xw");
    assert!(
        ui.message().contains("Card not written"),
        "{}",
        ui.message()
    );
    assert_eq!(ui.desk().desk.clone().expect("desk").card_writes.len(), 1);
    ui.keys("w");
    assert!(ui.message().contains("Card written"), "{}", ui.message());
    assert!(ui.desk().desk.clone().expect("desk").card_writes.is_empty());
    let state = common::raw(&ui.other)
        .query_row(
            "SELECT state FROM card_write WHERE id = ?1",
            [write.id],
            |r| r.get::<_, String>(0),
        )
        .expect("state");
    assert_eq!(state, "verified");
    // The simulated card beside the database holds the purchase.
    assert!(ui.dir.path().join("demo.sqlite.cards").is_dir());
    // Enter shows the receipt with its card write.
    ui.key(KeyCode::Enter);
    let Screen::Receipt(receipt) = ui.app.screen() else {
        panic!("no receipt screen: {}", ui.message());
    };
    assert_eq!(receipt.receipt_id(), paid.receipt.id);
    assert!(receipt.card_write.is_some());
    ui.draw();
}

/// A failed card write is told once, in the screen's language: one message saying what
/// failed, why, and what to do; the receipt gives the one reason beside the write's state.
#[test]
fn a_failed_card_write_says_one_thing_in_the_screens_language() {
    let (mut ui, paid) = unwritten_top_up(Lang::Zh);
    ui.keys("xw");
    let message = ui.message();
    assert_eq!(
        message, "写卡失败：卡被拔出或接触不良。款已收，插好卡后按 w 重写",
        "{message}"
    );
    // Enter on the write opens its receipt: the state, and the reason in Chinese, once.
    ui.key(KeyCode::Enter);
    let Screen::Receipt(receipt) = ui.app.screen() else {
        panic!("no receipt screen: {}", ui.message());
    };
    assert_eq!(receipt.receipt_id(), paid.receipt.id);
    let screen = ui.draw();
    assert_eq!(screen.matches("卡被拔出或接触不良").count(), 1, "{screen}");
    assert!(screen.contains("原因：卡被拔出或接触不良"), "{screen}");
    for english in ["card", "failed", "Error"] {
        assert!(!screen.contains(english), "{english}:\n{screen}");
    }
}

/// Opens the payment form of the first account from the customer view, by keys.
fn open_payment_form(ui: &mut Ui) -> i64 {
    let account = ui.accounts(1)[0];
    let account_no: String = common::raw(&ui.other)
        .query_row(
            "SELECT account_no FROM account WHERE id = ?1",
            [account],
            |r| r.get(0),
        )
        .expect("account no");
    ui.key(KeyCode::F(3));
    ui.keys(&account_no);
    ui.key(KeyCode::Enter);
    assert!(
        matches!(ui.app.screen(), Screen::Customer(_)),
        "{:?}",
        ui.app.message
    );
    ui.keys("p");
    account
}

#[test]
fn a_payment_committed_before_a_dropped_session_shows_its_receipt_instead_of_charging_again() {
    let mut ui = Ui::at_desk(Lang::En);
    let clerk = ui.actor("1001");
    let now = Clock::Fixed(at(0)).now();
    let rules = gasdesk::domain::queue::builtin_rules();
    cash::open_shift(&mut ui.other, &clerk, &rules, Fen(0), now).expect("open shift");
    let account = open_payment_form(&mut ui);
    assert!(matches!(ui.app.screen(), Screen::Payment(_)));
    // The form's key is on disk; its submission commits, and then the SSH session drops
    // before the receipt reaches the screen.
    let path = ui.path.clone();
    let drafts = gasdesk::tui::drafts::Drafts::of_database(&path);
    let key = drafts
        .key_for("1001", account, now)
        .expect("the open form's key");
    let committed = cash::pay_advance(
        &mut ui.other,
        &clerk,
        &key,
        account,
        Fen(5_000),
        &Tender::cash(None),
        now,
    )
    .expect("the submission that was committed");
    // The clerk logs in again in a new session and opens the same customer's form.
    let other = ui.d.other_store();
    let mut again = Ui {
        d: ui.d.new_session(Lang::En, Clock::Fixed(at(60))),
        other,
    };
    again.login("1001");
    open_payment_form(&mut again);
    match again.app.screen() {
        Screen::Receipt(r) => assert_eq!(r.receipt_id(), committed.receipt.id),
        _ => panic!(
            "expected the committed receipt, got {:?}",
            again.app.message
        ),
    }
    assert!(again.message().contains("recorded"), "{}", again.message());
    let receipts: i64 = common::raw(&again.other)
        // (The demo's own receipts, the balances of its pending transfers, are in
        // other offices.)
        .query_row(
            "SELECT count(*) FROM receipt WHERE office_id = 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(receipts, 1, "nothing was charged twice");
    // Seen once, the draft is gone: the next form is a new payment.
    again.key(KeyCode::Esc);
    again.keys("p");
    assert!(matches!(again.app.screen(), Screen::Payment(_)));
}

#[test]
fn an_unfinished_form_is_resumed_with_its_key_after_a_dropped_session() {
    let mut ui = Ui::at_desk(Lang::En);
    let clerk = ui.actor("1001");
    let now = Clock::Fixed(at(0)).now();
    let rules = gasdesk::domain::queue::builtin_rules();
    cash::open_shift(&mut ui.other, &clerk, &rules, Fen(0), now).expect("open shift");
    let account = open_payment_form(&mut ui);
    let path = ui.path.clone();
    let drafts = gasdesk::tui::drafts::Drafts::of_database(&path);
    let first = drafts.key_for("1001", account, now).expect("key");
    // Nothing was submitted; the clerk leaves the form and comes back to it.
    ui.key(KeyCode::Esc);
    ui.keys("p");
    match ui.app.screen() {
        Screen::Payment(p) => assert_eq!(p.key(), &first, "the same key, so a retry is safe"),
        _ => panic!("expected the form, got {:?}", ui.app.message),
    }
}

/// Clerk 1001 with a shift open, on the payment form of the first account, turned to
/// payment in advance with 123.45 typed and 200 tendered in cash.
fn a_filled_advance_form() -> (Ui, i64) {
    use gasdesk::tui::screens::payment::{Mode, Slot};
    let mut ui = Ui::at_desk(Lang::En);
    let clerk = ui.actor("1001");
    let rules = gasdesk::domain::queue::builtin_rules();
    cash::open_shift(
        &mut ui.other,
        &clerk,
        &rules,
        Fen(0),
        Clock::Fixed(at(0)).now(),
    )
    .expect("open shift");
    let account = open_payment_form(&mut ui);
    for _ in 0..3 {
        match ui.app.screen() {
            Screen::Payment(p) if p.mode == Mode::Advance => break,
            Screen::Payment(p) => assert_eq!(p.focus, Slot::Mode),
            _ => panic!("the form closed: {:?}", ui.app.message),
        }
        ui.key(KeyCode::Right);
    }
    ui.key(KeyCode::Tab);
    ui.keys("123.45");
    ui.key(KeyCode::Tab);
    ui.key(KeyCode::Tab);
    ui.keys("200");
    match ui.app.screen() {
        Screen::Payment(p) => {
            assert_eq!(p.mode, Mode::Advance);
            assert_eq!(p.advance.input.value(), "123.45");
            assert_eq!(p.tendered.input.value(), "200");
            assert_eq!(p.focus, Slot::Tendered);
        }
        _ => panic!("the form closed: {:?}", ui.app.message),
    }
    (ui, account)
}

/// The same clerk logging in again in a new session, a minute later.
fn again(ui: Ui) -> Ui {
    let other = ui.d.other_store();
    let mut again = Ui {
        d: ui.d.new_session(Lang::En, Clock::Fixed(at(60))),
        other,
    };
    again.login("1001");
    again
}

#[test]
fn a_session_dropped_after_enter_shows_the_receipt_when_the_form_is_opened_again() {
    let (mut ui, _) = a_filled_advance_form();
    ui.key(KeyCode::Enter);
    let receipt_id = match ui.app.screen() {
        Screen::Receipt(r) => r.receipt_id(),
        _ => panic!("not paid: {:?}", ui.app.message),
    };
    // The SSH session drops now: the receipt never reached the clerk's screen.
    let mut again = again(ui);
    open_payment_form(&mut again);
    match again.app.screen() {
        Screen::Receipt(r) => assert_eq!(r.receipt_id(), receipt_id),
        _ => panic!("expected the recorded receipt, got {:?}", again.app.message),
    }
    assert!(again.message().contains("recorded"), "{}", again.message());
    // Seen, the draft is done with: the next form is a new payment.
    again.key(KeyCode::Esc);
    again.keys("p");
    match again.app.screen() {
        Screen::Payment(p) => assert!(p.advance.input.value().is_empty()),
        _ => panic!("expected a new form, got {:?}", again.app.message),
    }
}

#[test]
fn a_receipt_the_clerk_saw_is_not_shown_again() {
    let (mut ui, _) = a_filled_advance_form();
    ui.key(KeyCode::Enter);
    assert!(matches!(ui.app.screen(), Screen::Receipt(_)));
    ui.key(KeyCode::Esc);
    ui.keys("p");
    match ui.app.screen() {
        Screen::Payment(p) => assert!(p.advance.input.value().is_empty()),
        _ => panic!("expected a new form, got {:?}", ui.app.message),
    }
}

#[test]
fn a_session_dropped_with_the_form_filled_brings_the_form_back_filled() {
    use gasdesk::tui::screens::payment::Mode;
    let (ui, _) = a_filled_advance_form();
    let key = match ui.app.screen() {
        Screen::Payment(p) => p.key().clone(),
        _ => unreachable!(),
    };
    let mut again = again(ui);
    open_payment_form(&mut again);
    match again.app.screen() {
        Screen::Payment(p) => {
            assert_eq!(p.key(), &key);
            assert_eq!(p.mode, Mode::Advance);
            assert_eq!(p.advance.input.value(), "123.45");
            assert_eq!(p.tendered.input.value(), "200");
            assert_eq!(p.method, PaymentMethod::Cash);
        }
        _ => panic!("expected the form, got {:?}", again.app.message),
    }
    assert!(again.message().contains("resumed"), "{}", again.message());
    // The message is longer than the screen is wide: it takes two rows, whole.
    let screen = again.draw();
    let squeeze = |s: &str| s.split_whitespace().collect::<String>();
    assert!(
        squeeze(&screen).contains(&squeeze(&again.message())),
        "cut: {}\n{screen}",
        again.message()
    );
}

#[test]
fn no_shift_is_said_when_the_payment_form_would_open() {
    for lang in LANGS {
        let mut ui = Ui::at_desk(lang);
        open_payment_form(&mut ui);
        assert!(
            matches!(ui.app.screen(), Screen::Customer(_)),
            "the form did not open to be filled in for nothing"
        );
        let expected = gasdesk::i18n::CASH_NO_OPEN_SHIFT.get(lang);
        assert_eq!(ui.message(), expected);
        let screen = ui.draw();
        assert!(screen.contains(&expected[..12]), "{screen}");
        // Balancing: the same, with the shift's state.
        let clerk = ui.actor("1001");
        let rules = gasdesk::domain::queue::builtin_rules();
        let now = Clock::Fixed(at(0)).now();
        cash::open_shift(&mut ui.other, &clerk, &rules, Fen(0), now).expect("open shift");
        cash::start_balancing(&mut ui.other, &clerk).expect("balancing");
        ui.keys("p");
        assert!(matches!(ui.app.screen(), Screen::Customer(_)));
        assert!(
            ui.message().contains(
                &gasdesk::db::cash::ShiftState::Balancing
                    .label()
                    .get(lang)
                    .to_string()
            ),
            "{}",
            ui.message()
        );
    }
}

#[test]
fn what_cannot_be_voided_is_refused_before_the_form_opens() {
    for lang in LANGS {
        let mut ui = Ui::with_receipts(lang);
        // The newest receipt is the void itself.
        ui.keys("v");
        assert!(
            matches!(ui.app.screen(), Screen::Cash(_)),
            "no form for a void"
        );
        assert_eq!(
            ui.message(),
            gasdesk::i18n::CASH_CANNOT_REVERSE_REVERSAL.get(lang)
        );
        // The voided advance (the oldest) is refused as already reversed.
        ui.keys("jjjv");
        assert!(matches!(ui.app.screen(), Screen::Cash(_)));
        assert!(ui.message().contains("HF01"), "{}", ui.message());
    }
}

#[test]
fn gas_on_a_card_is_refused_before_the_form_opens() {
    let mut ui = Ui::with_receipts(Lang::En);
    let clerk = ui.actor("1001");
    let meter: i64 = common::raw(&ui.other)
        .query_row(
            "SELECT id FROM meter WHERE kind = 'ic_card' ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("an IC-card meter");
    let paid = cash::top_up(
        &mut ui.other,
        &clerk,
        &PaymentKey::new(),
        meter,
        cash::TopUpOrder::Volume(gasdesk::domain::tariff::Volume(10_000)),
        &Tender::cash(None),
        Clock::Fixed(at(0)).now(),
    )
    .expect("top-up");
    let write = paid.card_write.expect("a card write");
    let mut cards = gasdesk::card::SimulatedCards::new(&ui.dir.path().join("cards"));
    cash::complete_card_write(
        &mut ui.other,
        &clerk,
        write.id,
        &mut cards,
        Clock::Fixed(at(1)).now(),
    )
    .expect("written");
    ui.key(KeyCode::F(4));
    ui.keys("v");
    assert!(
        matches!(ui.app.screen(), Screen::Cash(_)),
        "{}",
        ui.message()
    );
    assert!(
        ui.message().contains("already on the card"),
        "{}",
        ui.message()
    );
}

#[test]
fn a_bill_paid_at_another_counter_is_said_in_full_and_leaves_the_list() {
    for lang in LANGS {
        let mut ui = Ui::at_desk(lang);
        let rules = gasdesk::domain::queue::builtin_rules();
        let now = Clock::Fixed(at(-60)).now();
        for staff in ["1001", "1002"] {
            let actor = ui.actor(staff);
            cash::open_shift(&mut ui.other, &actor, &rules, Fen(0), now).expect("open shift");
        }
        let account = open_payment_form(&mut ui);
        let bills = cash::account_money(&ui.other, account)
            .expect("money")
            .open_bills;
        assert!(bills.len() >= 2, "the demo's first account owes two bills");
        // All bills ticked, then the customer's spouse pays the first at counter 2.
        ui.key(KeyCode::Tab);
        ui.ctrl('a');
        let second = ui.actor("1002");
        let paid = cash::pay_bills(
            &mut ui.other,
            &second,
            &PaymentKey::new(),
            account,
            &[bills[0].id],
            &Tender::cash(None),
            now,
        )
        .expect("paid at counter 2");
        ui.key(KeyCode::Tab);
        ui.key(KeyCode::Tab);
        ui.key(KeyCode::Enter);
        let Screen::Payment(form) = ui.app.screen() else {
            panic!("the form closed: {}", ui.message())
        };
        assert_eq!(form.money.open_bills.len(), bills.len() - 1, "off the list");
        assert!(form.money.open_bills.iter().all(|b| b.id != bills[0].id));
        assert!(form.chosen.iter().all(|c| *c), "the rest stay ticked");
        let text = ui.draw();
        let compact: String = text.split_whitespace().collect::<Vec<_>>().join("");
        for part in [
            paid.receipt.receipt_no.as_str(),
            "1002",
            "17:29",
            &bills[0].period_from.to_string(),
        ] {
            assert!(compact.contains(part), "{part} missing:\n{text}");
        }
        assert!(
            !compact.contains(&format!("账单{}", bills[0].id)),
            "no internal id:\n{text}"
        );
        insta::assert_snapshot!(format!("payment_bill_paid_elsewhere_{lang}"), text);
    }
}

#[test]
fn a_receipt_is_voided_or_refunded_from_the_customer_view() {
    for lang in LANGS {
        let mut ui = Ui::with_receipts(lang);
        // The second account's advance, paid on WeChat, is in its customer view.
        let account = ui.accounts(3)[1];
        let account_no: String = common::raw(&ui.other)
            .query_row(
                "SELECT account_no FROM account WHERE id = ?1",
                [account],
                |r| r.get(0),
            )
            .expect("account no");
        ui.key(KeyCode::F(3));
        ui.keys(&account_no);
        ui.key(KeyCode::Enter);
        assert!(matches!(ui.app.screen(), Screen::Customer(_)));
        // Nothing chosen yet: `v` has nothing to act on.
        ui.keys("v");
        assert!(matches!(ui.app.screen(), Screen::Customer(_)));
        ui.key(KeyCode::Down);
        let text = ui.draw();
        insta::assert_snapshot!(format!("customer_receipt_chosen_{lang}"), text);
        ui.keys("v");
        let Screen::Void(form) = ui.app.screen() else {
            panic!("no void form: {}", ui.message())
        };
        assert_eq!(form.receipt.account_id, account);
        // Esc goes back to the customer; Enter opens the receipt itself.
        ui.key(KeyCode::Esc);
        assert!(matches!(ui.app.screen(), Screen::Customer(_)));
        ui.key(KeyCode::Enter);
        assert!(
            matches!(ui.app.screen(), Screen::Receipt(_)),
            "{}",
            ui.message()
        );
    }
}
