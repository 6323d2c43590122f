use chrono::NaiveDate;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::db::account::{AccountSummary, Meter};
use crate::db::cash::{Bill, CardPurchase, CardWriteRow, CardWriteState};
use crate::domain::account::CustomerType;
use crate::domain::queue::{QueueRules, builtin_rules};
use crate::domain::tariff::Volume;
use crate::keymap::Keymap;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn account(kind: &str) -> AccountDetail {
    AccountDetail {
        summary: AccountSummary {
            id: 42,
            account_no: "3700000042".into(),
            holder_name: "陈耀茜".into(),
            phone: None,
            district: "庐阳区".into(),
            address: "魏武路150号".into(),
            status: "active".into(),
        },
        id_number: None,
        landline: None,
        customer_type: "residential".into(),
        home_office_id: 1,
        opened_on: "2009-10-18".into(),
        meters: vec![Meter {
            id: 77,
            serial: "M1".into(),
            kind: kind.into(),
            installed_on: "2009-10-18".into(),
            expires_on: "2027-02-16".into(),
        }],
    }
}

fn bill(id: i64, amount: i64) -> Bill {
    Bill {
        id,
        account_id: 42,
        meter_serial: "M1".into(),
        period_from: day(2026, 7, 1),
        period_to: day(2026, 8, 31),
        volume: Volume(25_000),
        amount: Fen(amount),
        tiers: Vec::new(),
        settled: false,
    }
}

fn purchase() -> CardPurchase {
    CardPurchase {
        write: CardWriteRow {
            id: 5,
            meter_id: 77,
            meter_serial: "IC1".into(),
            account_id: 42,
            account_no: "3700000042".into(),
            holder_name: "陈耀茜".into(),
            is_purchase: true,
            receipt_id: Some(1),
            receipt_no: Some("HF01-2026-000001".into()),
            purchase_count: 1,
            volume: Volume(30_000),
            state: CardWriteState::Verified,
            attempts: 1,
            last_error: None,
            created_at: "2026-11-01T01:00:00.000Z".into(),
            office_id: 1,
            reason: None,
            reason_note: None,
            fee_receipt_id: None,
        },
        amount: Fen(7590),
    }
}

fn screen(kind: &str, bills: Vec<Bill>) -> PaymentScreen {
    let owed = Fen::checked_sum(bills.iter().map(|b| b.amount)).unwrap();
    PaymentScreen::new(PaymentSetup {
        account: account(kind),
        money: AccountMoney {
            balance: Fen::ZERO,
            open_bills: bills,
            owed,
            card_purchases: if kind == "ic_card" {
                vec![purchase()]
            } else {
                Vec::new()
            },
            recent: Vec::new(),
        },
        today: day(2026, 11, 28),
        demo: true,
    })
}

struct Env {
    keymap: Keymap,
    rules: QueueRules,
}

impl Env {
    fn new() -> Env {
        Env {
            keymap: Keymap::builtin(),
            rules: builtin_rules(),
        }
    }

    fn ctx(&self) -> Ctx<'_> {
        Ctx {
            keymap: &self.keymap,
            lang: Lang::En,
            rules: &self.rules,
        }
    }
}

fn press(s: &mut PaymentScreen, env: &Env, code: KeyCode) -> Reply {
    s.on_key(&env.ctx(), &KeyEvent::new(code, KeyModifiers::NONE))
}

fn type_text(s: &mut PaymentScreen, env: &Env, text: &str) -> Vec<Reply> {
    text.chars()
        .map(|c| press(s, env, KeyCode::Char(c)))
        .collect()
}

fn focus(s: &mut PaymentScreen, slot: Slot) {
    s.focus = slot;
}

fn emitted(reply: &Reply) -> bool {
    matches!(reply, Reply::Run(_))
}

#[test]
fn modes_follow_the_meters() {
    assert_eq!(
        screen("ic_card", vec![]).modes,
        [Mode::Advance, Mode::TopUp]
    );
    assert_eq!(screen("ic_card", vec![]).mode, Mode::TopUp);
    let billed = screen("mechanical", vec![bill(1, 6325)]);
    assert_eq!(billed.modes, [Mode::Bills, Mode::Advance]);
    assert_eq!(billed.mode, Mode::Bills);
    assert_eq!(billed.focus, Slot::Mode);
}

#[test]
fn invalid_amounts_are_refused_with_their_message_and_nothing_is_emitted() {
    let env = Env::new();
    let mut s = screen("mechanical", vec![]);
    assert_eq!(s.mode, Mode::Advance);
    focus(&mut s, Slot::Amount);
    for (typed, expected) in [
        ("1,000", AmountError::Separator),
        ("12.345", AmountError::TooManyDecimals),
        ("0", AmountError::Zero),
        ("1e3", AmountError::Exponent),
        (
            "99999999",
            AmountError::OverCap {
                cap: Tariff::builtin().limits().payment_max,
            },
        ),
    ] {
        s.advance.input.set(typed);
        focus(&mut s, Slot::Tendered);
        let reply = press(&mut s, &env, KeyCode::Enter);
        assert_eq!(reply, Reply::Done, "{typed}");
        assert_eq!(s.focus, Slot::Amount, "the focus goes to the faulty field");
        assert_eq!(
            s.advance.error,
            Some(expected.localized(Lang::En)),
            "{typed}"
        );
    }
}

#[test]
fn the_key_is_the_same_on_every_submission() {
    let env = Env::new();
    let mut s = screen("mechanical", vec![]);
    focus(&mut s, Slot::Amount);
    type_text(&mut s, &env, "１２．５");
    focus(&mut s, Slot::Tendered);
    let first = press(&mut s, &env, KeyCode::Enter);
    s.failed("no open shift".into());
    assert_eq!(s.refusal.as_deref(), Some("no open shift"));
    let second = press(&mut s, &env, KeyCode::Enter);
    let key_of = |r: &Reply| match r {
        Reply::Run(Command::Cash(CashCommand::PayAdvance { key, amount, .. })) => {
            assert_eq!(*amount, Fen(1250));
            key.clone()
        }
        other => panic!("not an advance: {other:?}"),
    };
    assert_eq!(key_of(&first), key_of(&second));
    assert_eq!(&key_of(&first), s.key());
    assert_ne!(
        s.key(),
        screen("mechanical", vec![]).key(),
        "a new form, a new key"
    );
}

#[test]
fn a_quote_is_asked_for_valid_input_only() {
    let env = Env::new();
    let mut s = screen("ic_card", vec![]);
    focus(&mut s, Slot::Amount);
    let replies = type_text(&mut s, &env, "3x");
    assert!(emitted(&replies[0]), "3 m³ is valid");
    assert!(!emitted(&replies[1]), "3x is not");
    assert_eq!(s.quote, Quote::None);
    press(&mut s, &env, KeyCode::Backspace);
    assert_eq!(s.quote, Quote::Waiting(TopUpOrder::Volume(Volume(3000))));
    // The same order again is not priced twice.
    assert_eq!(s.on_paste(""), Reply::Done);
    s.top_up.input.clear();
    let replies = type_text(&mut s, &env, "30");
    assert_eq!(
        replies[1],
        Reply::Run(Command::Cash(CashCommand::Quote {
            meter_id: 77,
            order: TopUpOrder::Volume(Volume(30_000)),
        }))
    );
    // Switching to yuan re-prices the same text as an amount.
    focus(&mut s, Slot::By);
    let reply = press(&mut s, &env, KeyCode::Right);
    assert_eq!(
        reply,
        Reply::Run(Command::Cash(CashCommand::Quote {
            meter_id: 77,
            order: TopUpOrder::Amount(Fen(3000)),
        }))
    );
}

#[test]
fn a_top_up_waits_for_its_price_then_pays_it() {
    let env = Env::new();
    let mut s = screen("ic_card", vec![]);
    focus(&mut s, Slot::Amount);
    type_text(&mut s, &env, "30");
    focus(&mut s, Slot::Tendered);
    assert_eq!(press(&mut s, &env, KeyCode::Enter), Reply::Done);
    assert_eq!(s.top_up.error.as_deref(), Some(i18n::PAY_NEED_QUOTE.en));
    let priced = Tariff::builtin()
        .price(
            CustomerType::Residential,
            3,
            Volume::ZERO,
            Volume(30_000),
            day(2026, 11, 28),
        )
        .unwrap();
    s.set_quote(Ok(priced.clone()));
    assert_eq!(s.due(), Some(priced.total));
    s.tendered.input.set("10");
    focus(&mut s, Slot::Tendered);
    assert_eq!(
        press(&mut s, &env, KeyCode::Enter),
        Reply::Done,
        "10 yuan is short"
    );
    assert!(s.tendered.error.is_some());
    s.tendered.input.set("100");
    assert!(s.change().is_some());
    match press(&mut s, &env, KeyCode::Enter) {
        Reply::Run(Command::Cash(CashCommand::TopUp {
            meter_id,
            order,
            tender,
            ..
        })) => {
            assert_eq!(meter_id, 77);
            assert_eq!(order, TopUpOrder::Volume(Volume(30_000)));
            assert_eq!(tender, Tender::cash(Some(Fen(10_000))));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn non_cash_needs_a_reference() {
    let env = Env::new();
    let mut s = screen("mechanical", vec![]);
    s.advance.input.set("50");
    focus(&mut s, Slot::Method);
    press(&mut s, &env, KeyCode::Right);
    assert_eq!(s.method, PaymentMethod::BankCard);
    assert_eq!(s.slots().last(), Some(&Slot::Reference));
    focus(&mut s, Slot::Reference);
    assert_eq!(press(&mut s, &env, KeyCode::Enter), Reply::Done);
    assert!(s.reference.error.is_some());
    type_text(&mut s, &env, "POS 8812");
    match press(&mut s, &env, KeyCode::Enter) {
        Reply::Run(Command::Cash(CashCommand::PayAdvance { tender, .. })) => {
            assert_eq!(
                tender,
                Tender::with_reference(PaymentMethod::BankCard, "POS 8812")
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn bills_are_ticked_with_space_and_ctrl_a() {
    let env = Env::new();
    let mut s = screen(
        "mechanical",
        vec![bill(1, 6325), bill(2, 7000), bill(3, 100)],
    );
    press(&mut s, &env, KeyCode::Tab);
    assert_eq!(s.focus, Slot::Bills);
    // Nothing chosen: refused at the list.
    focus(&mut s, Slot::Tendered);
    assert_eq!(press(&mut s, &env, KeyCode::Enter), Reply::Done);
    assert_eq!(s.focus, Slot::Bills);
    assert!(s.bills_error.is_some());
    press(&mut s, &env, KeyCode::Down);
    press(&mut s, &env, KeyCode::Char(' '));
    assert_eq!(s.chosen, [false, true, false]);
    assert_eq!(s.due(), Some(Fen(7000)));
    let ctrl_a = KeyEvent::new(KeyCode::Char('a'), KeyModifiers::CONTROL);
    s.on_key(&env.ctx(), &ctrl_a);
    assert_eq!(s.chosen, [true, true, true]);
    // ↓ past the last bill leaves the list.
    press(&mut s, &env, KeyCode::Down);
    press(&mut s, &env, KeyCode::Down);
    assert_eq!(s.focus, Slot::Method);
    press(&mut s, &env, KeyCode::Enter);
    assert_eq!(s.focus, Slot::Tendered);
    match press(&mut s, &env, KeyCode::Enter) {
        Reply::Run(Command::Cash(CashCommand::PayBills {
            bill_ids,
            account_id,
            ..
        })) => {
            assert_eq!(bill_ids, [1, 2, 3]);
            assert_eq!(account_id, 42);
        }
        other => panic!("{other:?}"),
    }
    assert!(s.is_dirty());
}

#[test]
fn a_top_up_in_m3_refuses_a_second_decimal_and_says_the_limit_as_typed() {
    let env = Env::new();
    let mut s = screen("ic_card", vec![]);
    focus(&mut s, Slot::Amount);
    type_text(&mut s, &env, "12.5");
    assert_eq!(s.quote, Quote::Waiting(TopUpOrder::Volume(Volume(12_500))));
    assert_eq!(s.live_error(Lang::En), None);
    // A second decimal is not cut to 12.5: it is refused, at once and on Enter.
    let replies = type_text(&mut s, &env, "5");
    assert!(!replies.iter().any(emitted), "no quote for 12.55");
    assert_eq!(s.quote, Quote::None);
    let said = VolumeError::NotTenths.localized(Lang::En);
    assert_eq!(s.live_error(Lang::En), Some(said.clone()));
    focus(&mut s, Slot::Tendered);
    assert_eq!(press(&mut s, &env, KeyCode::Enter), Reply::Done);
    assert_eq!(s.top_up.error, Some(said));
    // Over the limit, in m³ as in yuan, is said while typing.
    let cap = Tariff::builtin().limits();
    s.top_up.input.set("99999");
    s.top_up.error = None;
    assert_eq!(
        s.live_error(Lang::En),
        Some(
            VolumeError::OverCap {
                cap: cap.top_up_max_volume
            }
            .localized(Lang::En)
        )
    );
    s.by = TopUpBy::Amount;
    s.top_up.input.set("999999");
    assert_eq!(
        s.live_error(Lang::En),
        Some(
            AmountError::OverCap {
                cap: cap.top_up_max
            }
            .localized(Lang::En)
        )
    );
    // A half-typed number is not an error yet.
    s.top_up.input.set("5.");
    assert_eq!(s.live_error(Lang::En), None);
}
