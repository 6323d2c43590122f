//! The payment form and the receipt screen drawn on an 80x24 `TestBackend` in both
//! languages, from data built here (no database): a top-up with its tier preview, a bill
//! payment, a cash receipt, and a top-up whose card write failed.

mod common;

use chrono::{NaiveDate, TimeZone, Utc};
use common::{half_overwritten, screen_text};
use gasdesk::db::account::{AccountDetail, AccountSummary, Meter};
use gasdesk::db::cash::{
    AccountMoney, Bill, CardPurchase, CardWriteRow, CardWriteState, ReceiptKind, ReceiptLine,
    ReceiptView,
};
use gasdesk::domain::account::CustomerType;
use gasdesk::domain::money::Fen;
use gasdesk::domain::queue::builtin_rules;
use gasdesk::domain::receipt::PaymentMethod;
use gasdesk::domain::tariff::{Tariff, Volume};
use gasdesk::i18n::Lang;
use gasdesk::keymap::{Keymap, Scope};
use gasdesk::tui::screens::Ctx;
use gasdesk::tui::screens::payment::{PaymentScreen, PaymentSetup, Slot};
use gasdesk::tui::screens::receipt::ReceiptScreen;
use gasdesk::tui::widgets::chrome;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const LANGS: [Lang; 2] = [Lang::Zh, Lang::En];

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn account(kind: &str) -> AccountDetail {
    AccountDetail {
        summary: AccountSummary {
            id: 42,
            account_no: "3700000042".into(),
            holder_name: "陈耀茜".into(),
            phone: Some("15012344576".into()),
            district: "新站区".into(),
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
            serial: "IC1773019994".into(),
            kind: kind.into(),
            installed_on: "2009-10-18".into(),
            expires_on: "2027-02-16".into(),
        }],
    }
}

fn card_write(state: CardWriteState, error: Option<&str>) -> CardWriteRow {
    CardWriteRow {
        id: 9,
        meter_id: 77,
        meter_serial: "IC1773019994".into(),
        account_id: 42,
        account_no: "3700000042".into(),
        holder_name: "陈耀茜".into(),
        is_purchase: true,
        receipt_id: Some(12),
        receipt_no: Some("HF01-2026-000012".into()),
        purchase_count: 4,
        volume: Volume(400_000),
        state,
        attempts: 1,
        last_error: error.map(str::to_string),
        created_at: "2026-11-28T01:30:00.000Z".into(),
        office_id: 1,
        reason: None,
        reason_note: None,
        fee_receipt_id: None,
    }
}

fn bill(id: i64, from: NaiveDate, to: NaiveDate, litres: i64, amount: i64) -> Bill {
    Bill {
        id,
        account_id: 42,
        meter_serial: "M0815".into(),
        period_from: from,
        period_to: to,
        volume: Volume(litres),
        amount: Fen(amount),
        tiers: vec![(1, Volume(litres), Fen(253), Fen(amount))],
        settled: false,
    }
}

struct Env {
    keymap: Keymap,
    rules: gasdesk::domain::queue::QueueRules,
}

impl Env {
    fn new() -> Env {
        Env {
            keymap: Keymap::builtin(),
            rules: builtin_rules(),
        }
    }

    fn ctx(&self, lang: Lang) -> Ctx<'_> {
        Ctx {
            keymap: &self.keymap,
            lang,
            rules: &self.rules,
        }
    }
}

/// Draws `body` where the app puts a screen, with a footer of its keys.
fn draw(
    env: &Env,
    lang: Lang,
    scope: Scope,
    actions: &[gasdesk::keymap::Action],
    body: impl Fn(&mut ratatui::Frame<'_>, ratatui::layout::Rect, &Ctx<'_>),
) -> String {
    let mut term = Terminal::new(TestBackend::new(80, 24)).expect("test terminal");
    let ctx = env.ctx(lang);
    term.draw(|frame| {
        let rows = chrome::screen_rows(frame, lang, None).expect("80x24 is big enough");
        body(frame, rows.body, &ctx);
        let hints = chrome::hints(
            &env.keymap,
            &[Scope::Form, scope, Scope::Global],
            actions,
            lang,
        );
        chrome::footer(frame, rows.footer, &hints);
    })
    .expect("draw");
    let buffer = term.backend().buffer().clone();
    assert!(
        half_overwritten(&buffer).is_empty(),
        "a wide character was cut"
    );
    screen_text(&buffer)
}

fn key(screen: &mut PaymentScreen, env: &Env, lang: Lang, code: KeyCode) {
    screen.on_key(&env.ctx(lang), &KeyEvent::new(code, KeyModifiers::NONE));
}

#[test]
fn payment_form_previews_a_top_up_by_tier() {
    let env = Env::new();
    for lang in LANGS {
        let mut screen = PaymentScreen::new(PaymentSetup {
            account: account("ic_card"),
            money: AccountMoney {
                balance: Fen(5000),
                open_bills: Vec::new(),
                owed: Fen::ZERO,
                card_purchases: vec![CardPurchase {
                    write: card_write(CardWriteState::Verified, None),
                    amount: Fen(101_200),
                }],
                recent: Vec::new(),
            },
            today: day(2026, 11, 28),
            demo: true,
        });
        screen.focus = Slot::By;
        key(&mut screen, &env, lang, KeyCode::Right);
        screen.focus = Slot::Amount;
        for c in "1000".chars() {
            key(&mut screen, &env, lang, KeyCode::Char(c));
        }
        // 320 m³ bought this year: 1000 yuan crosses from tier 1 into tier 2.
        let tariff = Tariff::builtin();
        let priced = tariff
            .volume_for_amount_in_steps(
                CustomerType::Residential,
                3,
                Volume(320_000),
                Fen(100_000),
                day(2026, 11, 28),
                Volume(100),
            )
            .expect("priced");
        assert!(priced.lines.len() >= 2, "{priced:?}");
        screen.set_quote(Ok(priced.clone()));
        screen.focus = Slot::Tendered;
        for c in "1000".chars() {
            key(&mut screen, &env, lang, KeyCode::Char(c));
        }
        let text = draw(
            &env,
            lang,
            Scope::Payment,
            screen.footer_actions(),
            |f, a, c| screen.render(f, a, c),
        );
        assert!(text.contains(&priced.total.yuan_string()));
        insta::assert_snapshot!(format!("payment_top_up_{lang}"), text);
    }
}

#[test]
fn payment_form_says_a_second_decimal_of_m3_as_it_is_typed() {
    let env = Env::new();
    for lang in LANGS {
        let mut screen = PaymentScreen::new(PaymentSetup {
            account: account("ic_card"),
            money: AccountMoney {
                balance: Fen::ZERO,
                open_bills: Vec::new(),
                owed: Fen::ZERO,
                card_purchases: Vec::new(),
                recent: Vec::new(),
            },
            today: day(2026, 11, 28),
            demo: false,
        });
        screen.focus = Slot::Amount;
        for c in "12.55".chars() {
            key(&mut screen, &env, lang, KeyCode::Char(c));
        }
        let text = draw(
            &env,
            lang,
            Scope::Payment,
            screen.footer_actions(),
            |f, a, c| screen.render(f, a, c),
        );
        assert!(text.contains("12.55"), "nothing was cut:\n{text}");
        assert!(
            text.contains(gasdesk::i18n::VOLUME_NOT_TENTHS.get(lang)),
            "{text}"
        );
        insta::assert_snapshot!(format!("payment_top_up_tenths_{lang}"), text);
    }
}

#[test]
fn payment_form_pays_chosen_bills() {
    let env = Env::new();
    for lang in LANGS {
        let bills = vec![
            bill(1, day(2026, 5, 1), day(2026, 6, 30), 22_000, 5566),
            bill(2, day(2026, 7, 1), day(2026, 8, 31), 25_000, 6325),
            bill(3, day(2026, 9, 1), day(2026, 10, 31), 31_500, 7970),
        ];
        let mut screen = PaymentScreen::new(PaymentSetup {
            account: account("mechanical"),
            money: AccountMoney {
                balance: Fen::ZERO,
                owed: Fen(5566 + 6325 + 7970),
                open_bills: bills,
                card_purchases: Vec::new(),
                recent: Vec::new(),
            },
            today: day(2026, 11, 28),
            demo: false,
        });
        key(&mut screen, &env, lang, KeyCode::Tab);
        key(&mut screen, &env, lang, KeyCode::Char(' '));
        key(&mut screen, &env, lang, KeyCode::Down);
        key(&mut screen, &env, lang, KeyCode::Char(' '));
        let text = draw(
            &env,
            lang,
            Scope::Payment,
            screen.footer_actions(),
            |f, a, c| screen.render(f, a, c),
        );
        assert!(text.contains("118.91"), "two bills chosen:\n{text}");
        insta::assert_snapshot!(format!("payment_bills_{lang}"), text);
        // The store's refusal, longer than the form is wide, shows whole: it wraps.
        let paid_by_other = gasdesk::i18n::CASH_BILL_ALREADY_PAID.fill(
            lang,
            &[
                ("bill", &"2026-07-01—2026-08-31"),
                ("at", &"2026-11-28 09:12"),
                ("staff", &"欧阳明月"),
                ("staff_no", &"1002"),
                ("receipt", &"HF01-2026-000011"),
            ],
        );
        screen.refusal = Some(paid_by_other.clone());
        let text = draw(
            &env,
            lang,
            Scope::Payment,
            screen.footer_actions(),
            |f, a, c| screen.render(f, a, c),
        );
        let squeeze = |s: &str| {
            s.chars()
                .filter(|c| !c.is_whitespace() && *c != '│')
                .collect::<String>()
        };
        assert!(
            squeeze(&text).contains(&squeeze(&paid_by_other)),
            "cut:\n{text}"
        );
    }
}

fn base_receipt() -> ReceiptView {
    ReceiptView {
        id: 12,
        receipt_no: "HF01-2026-000012".into(),
        kind: ReceiptKind::Bills,
        office_id: 1,
        office_name_zh: "庐阳服务所".into(),
        office_name_en: "Luyang Office".into(),
        account_id: 42,
        account_no: "3700000042".into(),
        holder_name: "陈耀茜".into(),
        address: "魏武路150号".into(),
        total: Fen(12650),
        method: PaymentMethod::Cash,
        reference: None,
        tendered: Some(Fen(20000)),
        change: Some(Fen(7350)),
        staff_no: "1001".into(),
        staff_name: "张月蕊".into(),
        counter_no: Some(1),
        at: Utc.with_ymd_and_hms(2026, 11, 28, 1, 30, 0).unwrap(),
        business_day: day(2026, 11, 28),
        shift_id: 3,
        reverses: None,
        reason: None,
        approved_by: None,
        reversed_by: None,
        lines: vec![
            ReceiptLine {
                amount: Fen(6325),
                bill: Some((1, day(2026, 7, 1), day(2026, 8, 31))),
                volume: Some(Volume(25_000)),
                tiers: vec![(1, Volume(25_000), Fen(253), Fen(6325))],
                fee: None,
            },
            ReceiptLine {
                amount: Fen(6325),
                bill: Some((2, day(2026, 9, 1), day(2026, 10, 31))),
                volume: Some(Volume(25_000)),
                tiers: vec![(1, Volume(25_000), Fen(253), Fen(6325))],
                fee: None,
            },
        ],
        reprints: 0,
        install: None,
    }
}

#[test]
fn receipt_of_a_cash_bill_payment() {
    let env = Env::new();
    for lang in LANGS {
        let screen = ReceiptScreen::new(base_receipt(), None, false);
        let text = draw(
            &env,
            lang,
            Scope::Receipt,
            screen.footer_actions(),
            |f, a, c| screen.render(f, a, c),
        );
        insta::assert_snapshot!(format!("receipt_bills_{lang}"), text);
    }
}

#[test]
fn receipt_of_a_top_up_whose_card_write_failed() {
    let env = Env::new();
    for lang in LANGS {
        let view = ReceiptView {
            kind: ReceiptKind::TopUp,
            total: Fen(103_200),
            method: PaymentMethod::WeChat,
            reference: Some("4200001234202611280001".into()),
            tendered: None,
            change: None,
            lines: vec![ReceiptLine {
                amount: Fen(103_200),
                bill: None,
                volume: Some(Volume(400_000)),
                tiers: vec![
                    (1, Volume(360_000), Fen(253), Fen(91_080)),
                    (2, Volume(40_000), Fen(303), Fen(12_120)),
                ],
                fee: None,
            }],
            ..base_receipt()
        };
        let mut screen = ReceiptScreen::new(
            view,
            Some(card_write(
                CardWriteState::Failed,
                Some(&gasdesk::card::CardError::WriteFailed.to_string()),
            )),
            true,
        );
        let reply = screen.on_key(
            &env.ctx(lang),
            &KeyEvent::new(KeyCode::Char('w'), KeyModifiers::NONE),
        );
        assert!(matches!(reply, gasdesk::tui::screens::Reply::Run(_)));
        // What the app reports when the write fails, in the screen's language.
        let error = gasdesk::card::CardError::WriteFailed;
        screen.set_card_error(gasdesk::i18n::CD_CARD_FAILED.fill(
            lang,
            &[
                ("error", &gasdesk::i18n::Localized::localized(&error, lang)),
                ("key", &"w"),
            ],
        ));
        let text = draw(
            &env,
            lang,
            Scope::Receipt,
            screen.footer_actions(),
            |f, a, c| screen.render(f, a, c),
        );
        // One reason, said once, in the screen's language.
        let why = gasdesk::i18n::RECEIPT_CARD_ERROR.fill(lang, &[("error", &error.cause(lang))]);
        let why_head: String = why.chars().take(8).collect();
        assert_eq!(text.matches(&why_head).count(), 1, "{text}");
        assert!(!text.contains("Error") && !text.contains("错误"), "{text}");
        if lang == Lang::Zh {
            assert!(!text.contains("card"), "{text}");
        }
        insta::assert_snapshot!(format!("receipt_top_up_failed_{lang}"), text);
    }
}

#[test]
fn customer_view_shows_money_an_unfinished_card_write_and_receipts() {
    use gasdesk::db::audit::AuditRow;
    use gasdesk::db::cash::LedgerRow;
    use gasdesk::tui::screens::customer::Customer;

    let env = Env::new();
    for lang in LANGS {
        let receipt = |no: &str, kind, amount, method, reversed| LedgerRow {
            id: 1,
            receipt_no: no.into(),
            kind,
            day: day(2026, 11, 28),
            amount: Fen(amount),
            method,
            reversed,
        };
        let mut verified = card_write(CardWriteState::Verified, None);
        verified.id = 8;
        verified.created_at = "2026-10-02T02:00:00.000Z".into();
        verified.volume = Volume(100_000);
        let mut customer = Customer {
            detail: account("ic_card"),
            activity: vec![AuditRow {
                id: 1,
                at: "2026-11-28T01:30:00.000Z".into(),
                staff_id: Some(1),
                staff_no: "1001".into(),
                office_id: Some(1),
                counter_no: Some(1),
                action: "top_up".into(),
                entity: "receipt".into(),
                entity_id: Some("HF01-2026-000012".into()),
                detail: String::new(),
                prev_hash: String::new(),
                row_hash: String::new(),
            }],
            money: Some(AccountMoney {
                balance: Fen(5000),
                open_bills: Vec::new(),
                owed: Fen::ZERO,
                card_purchases: vec![
                    CardPurchase {
                        write: verified,
                        amount: Fen(25_300),
                    },
                    CardPurchase {
                        write: card_write(CardWriteState::Failed, Some("card removed")),
                        amount: Fen(103_200),
                    },
                ],
                recent: vec![
                    receipt(
                        "HF01-2026-000012",
                        ReceiptKind::TopUp,
                        103_200,
                        PaymentMethod::WeChat,
                        false,
                    ),
                    receipt(
                        "HF01-2026-000011",
                        ReceiptKind::Void,
                        -5000,
                        PaymentMethod::Cash,
                        false,
                    ),
                    receipt(
                        "HF01-2026-000010",
                        ReceiptKind::Advance,
                        5000,
                        PaymentMethod::Cash,
                        true,
                    ),
                    receipt(
                        "HF01-2026-000009",
                        ReceiptKind::Advance,
                        5000,
                        PaymentMethod::Alipay,
                        false,
                    ),
                    receipt(
                        "HF01-2026-000008",
                        ReceiptKind::TopUp,
                        25_300,
                        PaymentMethod::Cash,
                        false,
                    ),
                ],
            }),
            receipt_cursor: None,
            care: None,
        };
        let text = draw(&env, lang, Scope::Customer, &[], |f, a, c| {
            customer.render(f, a, c)
        });
        assert!(text.contains("HF01-2026-000012"));
        let pending = text
            .lines()
            .find(|l| l.contains("400.0 m³ 1,032.00"))
            .map(str::to_string);
        assert!(
            pending.is_some_and(|l| l.contains(match lang {
                Lang::Zh => "到收费台恢复",
                Lang::En => "recover at the cash desk",
            })),
            "{text}"
        );
        insta::assert_snapshot!(format!("customer_money_{lang}"), text);
        // p opens the payment form, k the card replacement form.
        let press = |c: &mut Customer, ch| {
            c.on_key(
                &env.ctx(lang),
                &KeyEvent::new(KeyCode::Char(ch), KeyModifiers::NONE),
            )
        };
        use gasdesk::tui::screens::cash_command::CashCommand;
        use gasdesk::tui::screens::{Command, Reply};
        assert_eq!(
            press(&mut customer, 'p'),
            Reply::Run(Command::Cash(CashCommand::OpenPayment { account_id: 42 }))
        );
        assert_eq!(
            press(&mut customer, 'k'),
            Reply::Run(Command::Cash(CashCommand::OpenCardReplacement {
                account_id: 42
            }))
        );
    }
}
