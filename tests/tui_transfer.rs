//! Ownership transfer (F6) driven by keys on an 80x24 `TestBackend` with a fixed clock,
//! on the seeded demo: the worklist of pending transfers from the registry, the checklist
//! of one (arrears paid through the payment form over it, the final reading typed through
//! the reading form, the balance carried with consent, the documents ticked), the commit
//! and its 过户单 on screen and in the spool; snapshots in both languages.

mod common;

use chrono::{DateTime, NaiveDate, Utc};
use common::app::Driver;
use gasdesk::db::cash::{self, PaymentKey, Tender};
use gasdesk::db::{self, Actor};
use gasdesk::domain::money::Fen;
use gasdesk::domain::transfer::StepState;
use gasdesk::i18n::Lang;
use gasdesk::tui::app::Clock;
use gasdesk::tui::screens::Screen;
use gasdesk::tui::screens::transfer::{Mode, TransferScreen};
use ratatui::crossterm::event::KeyCode;

const LANGS: [Lang; 2] = [Lang::Zh, Lang::En];

/// 09:30 UTC on 3 December 2026: 17:30 on the offices' clock (the demo read the meters on the 1st).
fn at() -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(2026, 12, 3)
        .and_then(|d| d.and_hms_opt(9, 30, 0))
        .expect("valid date")
        .and_utc()
}

fn screen(ui: &Driver) -> &TransferScreen {
    match ui.app.screen() {
        Screen::Transfer(t) => t,
        other => panic!("not the transfer screen: {other:?}"),
    }
}

fn states(ui: &Driver) -> [StepState; 7] {
    match &screen(ui).mode {
        Mode::Checklist(c) => c.states(),
        other => panic!("not a checklist: {other:?}"),
    }
}

fn actor(store: &db::Store, no: &str) -> Actor {
    db::staff::by_number(store, no)
        .unwrap()
        .unwrap()
        .actor(Some(1))
}

/// The demo with clerk 1001's drawer open and an advance of 80 yuan paid on the first
/// pending transfer's account of office 1, as another session would have done.
fn prepared(lang: Lang) -> (Driver, i64) {
    let mut account = 0;
    let mut ui = Driver::demo_prepared(lang, Clock::Fixed(at()), |store| {
        let clerk = actor(store, "1001");
        cash::open_shift(
            store,
            &clerk,
            &gasdesk::domain::queue::builtin_rules(),
            Fen(0),
            at(),
        )
        .unwrap();
        let pending = db::transfer::worklist(&*store, 1, 10).unwrap();
        account = pending[0].account_id;
        cash::pay_advance(
            store,
            &clerk,
            &PaymentKey::new(),
            account,
            Fen(8000),
            &Tender::cash(None),
            at(),
        )
        .unwrap();
    });
    ui.app.spool_dir = Some(ui.dir.path().join("spool"));
    ui.login("1001");
    (ui, account)
}

#[test]
fn the_worklist_and_checklist_show_each_step_in_both_languages() {
    for lang in LANGS {
        let (mut ui, account) = prepared(lang);
        ui.key(KeyCode::F(6));
        let list = screen(&ui).worklist.clone();
        assert_eq!(list.len(), 2, "the demo's registry sends two per office");
        let text = ui.draw();
        // Masked: the full names never show.
        assert!(!text.contains(&list[0].new_name), "{text}");
        insta::assert_snapshot!(format!("transfer_worklist_{lang}"), text);
        ui.key(KeyCode::Enter);
        let s = states(&ui);
        assert_eq!(s[0], StepState::Done);
        assert_eq!(s[1], StepState::Pending, "the demo bills it");
        assert_eq!(s[2], StepState::Pending, "no reading today");
        assert_eq!(s[3], StepState::Pending, "80 yuan in advance");
        assert_eq!(s[5], StepState::Done, "the registry named the new holder");
        let Mode::Checklist(c) = &screen(&ui).mode else {
            unreachable!()
        };
        assert_eq!(c.load.situation.account_id, account);
        let text = ui.draw();
        insta::assert_snapshot!(format!("transfer_checklist_{lang}"), text);
        // Committing now is refused, and says why.
        ui.keys("s");
        assert!(!ui.message().is_empty());
        assert!(matches!(screen(&ui).mode, Mode::Checklist(_)));
    }
}

/// Enter through the payment form (bills ticked, cash) to the receipt, then back.
fn pay(ui: &mut Driver) {
    for _ in 0..8 {
        if matches!(ui.app.screen(), Screen::Receipt(_)) {
            break;
        }
        ui.key(KeyCode::Enter);
    }
    assert!(
        matches!(ui.app.screen(), Screen::Receipt(_)),
        "{}\n{}",
        ui.message(),
        ui.draw()
    );
    ui.key(KeyCode::Esc);
}

/// Arrears through the payment form, the final reading through the reading form (its
/// bill paid too), the balance carried with consent, the documents ticked: the transfer
/// commits and its slip shows and is spooled.
#[test]
fn a_counter_completes_a_registry_transfer_with_arrears_reading_and_balance() {
    for lang in LANGS {
        completes(lang);
    }
}

fn completes(lang: Lang) {
    let (mut ui, account) = prepared(lang);
    ui.key(KeyCode::F(6));
    ui.key(KeyCode::Enter);
    // 2. Arrears: the payment form opens over the checklist with every bill ticked.
    ui.key(KeyCode::Down);
    ui.key(KeyCode::Enter);
    assert!(
        matches!(ui.app.screen(), Screen::Payment(_)),
        "{}",
        ui.message()
    );
    // Nothing typed yet: Esc leaves without asking, and Enter opens it again.
    ui.key(KeyCode::Esc);
    assert!(
        matches!(screen(&ui).mode, Mode::Checklist(_)),
        "left without a question:\n{}",
        ui.draw()
    );
    ui.key(KeyCode::Enter);
    assert!(matches!(ui.app.screen(), Screen::Payment(_)));
    pay(&mut ui);
    assert_eq!(states(&ui)[1], StepState::Done, "{}", ui.message());
    // 3. The final reading through the reading form over the customer view.
    ui.key(KeyCode::Down);
    ui.key(KeyCode::Enter);
    assert!(
        matches!(ui.app.screen(), Screen::Reading(_)),
        "{}",
        ui.message()
    );
    let last = {
        let meter = db::account::get(&ui.app.store, account)
            .unwrap()
            .unwrap()
            .meters[0]
            .id;
        cash::last_reading(&ui.app.store, meter).unwrap().unwrap().1
    };
    let register = format!("{}", last.litres() / 1000 + 12);
    ui.keys(&register);
    ui.key(KeyCode::Enter);
    assert!(
        matches!(ui.app.screen(), Screen::Customer(_)),
        "{}",
        ui.message()
    );
    ui.key(KeyCode::Esc);
    let s = states(&ui);
    assert_eq!(s[2], StepState::Done);
    assert_eq!(
        s[1],
        StepState::Pending,
        "the final reading billed the old holder"
    );
    ui.key(KeyCode::Up);
    ui.key(KeyCode::Enter);
    pay(&mut ui);
    assert_eq!(states(&ui)[1], StepState::Done);
    // 4. Balance carried with the old holder's consent.
    ui.key(KeyCode::Down);
    ui.key(KeyCode::Down);
    ui.key(KeyCode::Enter);
    assert_eq!(states(&ui)[3], StepState::Done);
    // 5. Documents of a sale: the first of each requirement.
    ui.key(KeyCode::Down);
    for _ in 0..3 {
        ui.key(KeyCode::Down);
        ui.key(KeyCode::Enter);
    }
    // property certificate, sale contract, old ID: the contract is not needed but the
    // new holder's ID is.
    ui.key(KeyCode::Down);
    ui.key(KeyCode::Enter);
    assert_eq!(states(&ui)[4], StepState::Done);
    assert!(matches!(&screen(&ui).mode, Mode::Checklist(c) if c.ready()));
    ui.keys("s");
    let Mode::Slip(slip, _) = &screen(&ui).mode else {
        panic!("no slip: {}", ui.message());
    };
    assert_eq!(slip.balance_how, "carried");
    assert_eq!(slip.final_readings.len(), 1);
    let text = ui.draw();
    insta::assert_snapshot!(format!("transfer_slip_{lang}"), text);
    // The rest of the slip by scrolling.
    for _ in 0..12 {
        ui.key(KeyCode::Down);
    }
    let text = ui.draw();
    insta::assert_snapshot!(format!("transfer_slip_end_{lang}"), text);
    let spooled: Vec<_> = std::fs::read_dir(ui.dir.path().join("spool"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("transfer-")
        })
        .collect();
    assert_eq!(spooled.len(), 1);
    let printed = std::fs::read_to_string(&spooled[0]).unwrap();
    let title = if lang == Lang::Zh {
        "过户单"
    } else {
        "Transfer slip"
    };
    assert!(printed.contains(title), "{printed}");
    let h = db::transfer::history(&ui.app.store, account).unwrap();
    assert_eq!(h.len(), 2);
    assert!(db::check::run(&ui.app.store).unwrap().findings.is_empty());
    // Back: the worklist has one transfer left.
    ui.key(KeyCode::Esc);
    assert_eq!(screen(&ui).worklist.len(), 1);
}

#[test]
fn t_in_the_customer_view_opens_the_checklist_and_the_holder_form_checks_its_fields() {
    let (mut ui, _) = prepared(Lang::En);
    let account = 300;
    let no = db::account::get(&ui.app.store, account)
        .unwrap()
        .unwrap()
        .summary
        .account_no;
    ui.key(KeyCode::F(3));
    ui.keys(&no);
    ui.key(KeyCode::Enter);
    assert!(matches!(ui.app.screen(), Screen::Customer(_)));
    ui.keys("t");
    assert!(
        matches!(screen(&ui).mode, Mode::Checklist(_)),
        "{}",
        ui.message()
    );
    // 6. The new holder: a bad ID number is refused under its field.
    let rows = match &screen(&ui).mode {
        Mode::Checklist(c) => c.rows(),
        _ => unreachable!(),
    };
    let holder_row = rows
        .iter()
        .position(|r| {
            *r == gasdesk::tui::screens::transfer::Row::Step(
                gasdesk::domain::transfer::Step::NewHolder,
            )
        })
        .unwrap();
    for _ in 0..holder_row {
        ui.key(KeyCode::Down);
    }
    ui.key(KeyCode::Enter);
    ui.keys("Zhao Min");
    ui.key(KeyCode::Tab);
    ui.keys("110105194912310021");
    ui.key(KeyCode::Tab);
    ui.keys("13812345678");
    ui.key(KeyCode::Enter);
    let text = ui.draw();
    insta::assert_snapshot!("transfer_holder_form_en", text);
    assert!(screen(&ui).has_form(), "refused, the form stays");
    // The focus is on the refused field.
    for _ in 0..18 {
        ui.key(KeyCode::Backspace);
    }
    ui.keys("11010519491231002X");
    ui.key(KeyCode::Enter);
    assert!(!screen(&ui).has_form(), "{}", ui.draw());
    assert_eq!(states(&ui)[5], StepState::Done);
    // Esc from a checklist opened with t goes back to that customer, not the worklist.
    ui.key(KeyCode::Esc);
    match ui.app.screen() {
        Screen::Customer(c) => assert_eq!(c.detail.summary.id, account),
        _ => panic!("expected the customer view:\n{}", ui.draw()),
    }
}

/// `b` in the checklist transfers the account back to the holder before its latest
/// transfer; a clerk's number is refused under the manager's field, a manager's goes
/// through and the slip says it was a transfer back.
#[test]
fn b_transfers_back_with_a_managers_approval() {
    let (mut ui, _) = prepared(Lang::En);
    let account = 300;
    {
        let mut other = ui.other_store();
        let clerk = actor(&other, "1002");
        let rules = gasdesk::domain::transfer::TransferRules::builtin();
        db::transfer::commit(
            &mut other,
            &clerk,
            rules,
            &db::transfer::Completion {
                account_id: account,
                pending_id: None,
                case: "court".into(),
                by_agent: false,
                documents: vec!["court_ruling".into(), "new_holder_id".into()],
                new_holder: gasdesk::bench_transfer::new_holder(3, 3),
                balance: None,
                fee: None,
                day: NaiveDate::from_ymd_opt(2026, 12, 3).unwrap(),
            },
            at(),
        )
        .unwrap();
    }
    let no = db::account::get(&ui.app.store, account)
        .unwrap()
        .unwrap()
        .summary
        .account_no;
    ui.key(KeyCode::F(3));
    ui.keys(&no);
    ui.key(KeyCode::Enter);
    ui.keys("t");
    ui.keys("b");
    assert!(screen(&ui).has_form());
    ui.keys("1002");
    ui.key(KeyCode::Tab);
    ui.keys("123456");
    ui.key(KeyCode::Tab);
    ui.keys("wrong flat");
    ui.key(KeyCode::Enter);
    let text = ui.draw();
    assert!(text.contains("not a manager"), "{text}");
    insta::assert_snapshot!("transfer_back_refused_en", text);
    // The focus is on the refused field.
    for _ in 0..4 {
        ui.key(KeyCode::Backspace);
    }
    ui.keys("1009");
    ui.key(KeyCode::Enter);
    let Mode::Slip(slip, _) = &screen(&ui).mode else {
        panic!("no slip: {}", ui.message());
    };
    assert_eq!(slip.source, "back");
    // (The demo may have transferred this account before.)
    let h = db::transfer::history(&ui.app.store, account).unwrap();
    let n = h.len();
    assert!(n >= 3);
    assert_eq!(h[n - 1].name, h[n - 3].name, "back to the holder before");
}

/// A new holder whose ID number is on record under another name is flagged on the
/// checklist (masked), so the clerk looks at the ID card again; a matching name is not.
#[test]
fn a_new_holder_id_on_record_under_another_name_is_flagged() {
    let (mut ui, _) = prepared(Lang::En);
    let other = (1..300)
        .filter_map(|id| db::account::get(&ui.app.store, id).unwrap())
        .find(|a| a.id_number.is_some())
        .expect("a demo account with an ID number");
    let id_number = other.id_number.clone().unwrap();
    let no = db::account::get(&ui.app.store, 300)
        .unwrap()
        .unwrap()
        .summary
        .account_no;
    ui.key(KeyCode::F(3));
    ui.keys(&no);
    ui.key(KeyCode::Enter);
    ui.keys("t");
    let rows = match &screen(&ui).mode {
        Mode::Checklist(c) => c.rows(),
        _ => panic!("{}", ui.draw()),
    };
    let holder_row = rows
        .iter()
        .position(|r| {
            *r == gasdesk::tui::screens::transfer::Row::Step(
                gasdesk::domain::transfer::Step::NewHolder,
            )
        })
        .unwrap();
    for _ in 0..holder_row {
        ui.key(KeyCode::Down);
    }
    ui.key(KeyCode::Enter);
    // The current holder's own ID number is refused under its field, saying why.
    let own = db::account::get(&ui.app.store, 300)
        .unwrap()
        .unwrap()
        .id_number
        .unwrap();
    ui.keys("Zhao Min");
    ui.key(KeyCode::Tab);
    ui.keys(&own);
    ui.key(KeyCode::Tab);
    ui.keys("13812345678");
    ui.key(KeyCode::Enter);
    assert!(screen(&ui).has_form());
    assert!(ui.draw().contains("is the current holder"), "{}", ui.draw());
    // The focus is on the refused field.
    for _ in 0..18 {
        ui.key(KeyCode::Backspace);
    }
    ui.keys(&id_number);
    ui.key(KeyCode::Enter);
    assert!(!screen(&ui).has_form(), "{}", ui.draw());
    let text = ui.draw();
    let masked = gasdesk::domain::mask::mask_name(&other.summary.holder_name);
    assert!(
        text.contains("Check the ID card") && text.contains(&masked),
        "{text}"
    );
    assert!(
        !text.contains(&other.summary.holder_name),
        "masked:\n{text}"
    );
}

/// `x` on the checklist of a registry transfer cancels it with a manager's approval and
/// a reason; the holder the registry named goes with it, and the worklist is one shorter.
#[test]
fn x_cancels_a_pending_registry_transfer_with_a_managers_approval() {
    for lang in LANGS {
        let (mut ui, account) = prepared(lang);
        ui.key(KeyCode::F(6));
        assert_eq!(screen(&ui).worklist.len(), 2);
        ui.key(KeyCode::Enter);
        ui.keys("x");
        assert!(screen(&ui).has_form(), "{}", ui.draw());
        insta::assert_snapshot!(format!("transfer_cancel_form_{lang}"), ui.draw());
        ui.keys("1009");
        ui.key(KeyCode::Tab);
        ui.keys("123456");
        ui.key(KeyCode::Tab);
        ui.keys("registry withdrew it");
        ui.key(KeyCode::Enter);
        assert!(!screen(&ui).has_form(), "{}", ui.draw());
        let Mode::Checklist(c) = &screen(&ui).mode else {
            panic!("{}", ui.draw())
        };
        assert_eq!(c.load.situation.account_id, account);
        assert!(c.load.pending.is_none());
        assert!(c.holder.is_none(), "the registry's holder went with it");
        assert_eq!(states(&ui)[5], StepState::Pending);
        assert!(
            ui.message().contains("cancelled") || ui.message().contains("撤销"),
            "{}",
            ui.message()
        );
        // Nothing left to cancel on this account.
        ui.keys("x");
        assert!(!screen(&ui).has_form());
        ui.key(KeyCode::Esc);
        assert_eq!(screen(&ui).worklist.len(), 1);
    }
}

/// `r` in the checklist refunds the balance with a manager's approval: the message line
/// says how much to hand the old holder and on which receipts (each spooled), and the
/// balance step is then done.
#[test]
fn a_refunded_balance_says_how_much_to_hand_back_and_on_which_receipts() {
    for lang in LANGS {
        let (mut ui, account) = prepared(lang);
        let balance = cash::account_money(&ui.app.store, account).unwrap().balance;
        assert!(balance >= Fen(8000), "the 80 yuan paid in advance");
        ui.key(KeyCode::F(6));
        ui.key(KeyCode::Enter);
        assert_eq!(states(&ui)[3], StepState::Pending);
        ui.keys("r");
        assert!(screen(&ui).has_form());
        ui.keys("1009");
        ui.key(KeyCode::Tab);
        ui.keys(gasdesk::demo::DEMO_PIN);
        ui.key(KeyCode::Tab);
        ui.keys(if lang == Lang::Zh {
            "原户主要求退款"
        } else {
            "old holder asked"
        });
        ui.key(KeyCode::Enter);
        let message = ui.message();
        // The reversal receipts the store made on the clerk's shift (voids, as the advance
        // was paid today).
        let shift = cash::shift_for_payment(&ui.app.store, &actor(&ui.app.store, "1001"))
            .unwrap()
            .id;
        let refunds: Vec<_> = cash::shift_receipts(&ui.app.store, shift)
            .unwrap()
            .into_iter()
            .filter(|r| r.kind.is_reversal())
            .collect();
        assert!(!refunds.is_empty(), "{message}");
        let total = Fen(refunds.iter().map(|r| r.total.get()).sum::<i64>());
        assert_eq!(total, Fen(-balance.get()), "the whole balance");
        assert!(message.contains(&balance.yuan_string()), "{message}");
        assert!(
            !message.contains(&total.yuan_string()),
            "positive: {message}"
        );
        for r in &refunds {
            assert!(message.contains(&r.receipt_no), "{message}");
            // Each refund receipt went to the printer.
            let spooled = std::fs::read_dir(ui.dir.path().join("spool"))
                .unwrap()
                .filter_map(|e| e.ok())
                .any(|e| e.file_name().to_string_lossy().starts_with(&r.receipt_no));
            assert!(spooled, "{} printed", r.receipt_no);
        }
        assert!(message.contains("1009"), "{message}");
        assert!(
            message.contains(if lang == Lang::Zh {
                "原户主"
            } else {
                "old holder"
            }),
            "{message}"
        );
        assert_eq!(
            states(&ui)[3],
            StepState::NotNeeded,
            "nothing left to carry"
        );
        assert_eq!(
            cash::account_money(&ui.app.store, account).unwrap().balance,
            Fen::ZERO
        );
        insta::assert_snapshot!(format!("transfer_refunded_{lang}"), ui.redraw());
    }
}
