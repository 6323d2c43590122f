//! Replacing a lost card from the customer view (`k`), as a clerk does it: the app driven
//! by key events on an 80x24 `TestBackend` with a fixed clock. The form asks the reason
//! and shows the fee before anything happens; the fee needs an open shift (said before
//! the form opens); Enter replaces the card, says so with the fee's receipt, and spools
//! the receipt. Snapshots of the form in both languages.

mod common;

use chrono::{DateTime, NaiveDate, Utc};
use common::app::Driver;
use gasdesk::card::SimulatedCards;
use gasdesk::db::cash;
use gasdesk::domain::money::Fen;
use gasdesk::i18n::Lang;
use gasdesk::tui::app::Clock;
use gasdesk::tui::screens::Screen;
use gasdesk::tui::screens::replace_card::Slot;
use ratatui::crossterm::event::KeyCode;

const LANGS: [Lang; 2] = [Lang::Zh, Lang::En];

/// 09:30 UTC on 1 December 2026: 17:30 on the offices' clock.
fn at() -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(2026, 12, 1)
        .and_then(|d| d.and_hms_opt(9, 30, 0))
        .expect("valid date")
        .and_utc()
}

fn demo(lang: Lang) -> Driver {
    let mut d = Driver::demo(lang, Clock::Fixed(at()));
    d.app.spool_dir = Some(d.dir.path().join("spool"));
    d
}

/// The first active residential account with only a meter of `kind`; for an IC-card
/// meter, 10 m³ are bought and written onto its card first (by clerk 1002, in a shift of
/// their own), so the card holds a purchase to write again.
fn account(d: &Driver, kind: &str) -> (String, i64) {
    let (account_no, meter_id): (String, i64) = common::raw(&d.app.store)
        .query_row(
            "SELECT a.account_no, m.id FROM account a JOIN meter m ON m.account_id = a.id
             WHERE m.kind = ?1 AND a.status = 'active' AND a.customer_type = 'residential'
               AND NOT EXISTS (SELECT 1 FROM meter o WHERE o.account_id = a.id AND o.id <> m.id)
             ORDER BY a.id LIMIT 1",
            [kind],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("a demo account with such a meter");
    if kind == "ic_card" {
        let mut other = d.other_store();
        let clerk = gasdesk::db::staff::by_number(&other, "1002")
            .unwrap()
            .expect("demo clerk 1002")
            .actor(None);
        let rules = gasdesk::domain::queue::builtin_rules();
        cash::open_shift(&mut other, &clerk, &rules, Fen::ZERO, at()).expect("open shift");
        let paid = cash::top_up(
            &mut other,
            &clerk,
            &cash::PaymentKey::new(),
            meter_id,
            cash::TopUpOrder::Volume(gasdesk::domain::tariff::Volume::from_m3(10).unwrap()),
            &cash::Tender::cash(None),
            at(),
        )
        .expect("top-up");
        let mut cards = SimulatedCards::new(&gasdesk::files::beside(&d.path, ".cards"));
        let write = paid.card_write.expect("a card write").id;
        cash::complete_card_write(&mut other, &clerk, write, &mut cards, at()).expect("written");
    }
    (account_no, meter_id)
}

/// Clerk 1001 logged in, on the customer view of `account_no`.
fn at_customer(d: &mut Driver, account_no: &str) {
    d.login("1001");
    d.key(KeyCode::F(3));
    d.keys(account_no);
    d.key(KeyCode::Enter);
    if matches!(d.app.screen(), Screen::Search(_)) {
        d.key(KeyCode::Enter);
    }
    assert!(matches!(d.app.screen(), Screen::Customer(_)));
}

fn open_shift(d: &Driver) {
    let mut other = d.other_store();
    let clerk = gasdesk::db::staff::by_number(&other, "1001")
        .unwrap()
        .unwrap()
        .actor(None);
    let rules = gasdesk::domain::queue::builtin_rules();
    cash::open_shift(&mut other, &clerk, &rules, Fen::ZERO, at()).expect("open shift");
}

#[test]
fn k_asks_the_reason_shows_the_fee_and_replaces_the_card() {
    for lang in LANGS {
        let mut d = demo(lang);
        let (account_no, meter_id) = account(&d, "ic_card");
        at_customer(&mut d, &account_no);
        // No shift: said before the form opens, with the fee.
        d.keys("k");
        assert!(matches!(d.app.screen(), Screen::Customer(_)));
        let expected = match lang {
            Lang::Zh => "请先开班",
            Lang::En => "open a cash shift",
        };
        assert!(d.message().contains(expected), "{}", d.message());
        assert!(d.message().contains("20.00"), "{}", d.message());
        open_shift(&d);
        d.keys("k");
        let Screen::ReplaceCard(form) = d.app.screen() else {
            panic!("k did not open the form: {}", d.message());
        };
        assert_eq!(form.fee, Fen(2000));
        assert_eq!(form.meter_id, meter_id);
        // Enter walks the rows: reason, method, cash tendered.
        d.key(KeyCode::Enter);
        d.key(KeyCode::Enter);
        d.keys("50");
        let Screen::ReplaceCard(form) = d.app.screen() else {
            panic!("the form closed early: {}", d.message());
        };
        assert_eq!(form.focus, Slot::Tendered);
        let text = d.draw();
        assert!(text.contains("30.00"), "change shown:\n{text}");
        insta::assert_snapshot!(format!("card_replace_form_{lang}"), text);
        d.key(KeyCode::Enter);
        assert!(
            matches!(d.app.screen(), Screen::Customer(_)),
            "{}",
            d.message()
        );
        let conn = common::raw(&d.app.store);
        let (reason, receipt_no): (String, String) = conn
            .query_row(
                "SELECT w.reason, r.receipt_no FROM card_write w
                 JOIN receipt r ON r.id = w.fee_receipt_id
                 WHERE w.meter_id = ?1 AND w.purpose = 'reissue' AND r.kind = 'fee'",
                [meter_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .expect("the replacement and its fee receipt");
        assert_eq!(reason, "lost");
        let said = match lang {
            Lang::Zh => "已补卡",
            Lang::En => "Card replaced",
        };
        assert!(d.message().contains(said), "{}", d.message());
        assert!(d.message().contains(&receipt_no), "{}", d.message());
        let spooled: Vec<_> = std::fs::read_dir(d.dir.path().join("spool"))
            .expect("spool folder")
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().contains(&receipt_no))
            .collect();
        assert_eq!(spooled.len(), 1, "the fee receipt is spooled");
        // The customer view lists the fee receipt.
        let text = d.draw();
        let kind = match lang {
            Lang::Zh => "收费",
            Lang::En => "fee",
        };
        assert!(
            text.lines()
                .any(|l| l.contains(&receipt_no) && l.contains(kind)),
            "{text}"
        );
        // The card list says a new card, not a purchase of nothing.
        let new_card = match lang {
            Lang::Zh => "补卡",
            Lang::En => "new card",
        };
        assert!(text.lines().any(|l| l.contains(new_card)), "{text}");
    }
}

#[test]
fn another_reason_needs_words_and_esc_replaces_nothing() {
    let mut d = demo(Lang::En);
    let (account_no, meter_id) = account(&d, "ic_card");
    open_shift(&d);
    at_customer(&mut d, &account_no);
    d.keys("k");
    // → → picks "other": a row for the words appears; Enter on the last row with none.
    d.key(KeyCode::Right);
    d.key(KeyCode::Right);
    let Screen::ReplaceCard(form) = d.app.screen() else {
        panic!("no form: {}", d.message());
    };
    assert_eq!(
        form.slots(),
        vec![Slot::Reason, Slot::Note, Slot::Method, Slot::Tendered]
    );
    for _ in 0..4 {
        d.key(KeyCode::Enter);
    }
    let Screen::ReplaceCard(form) = d.app.screen() else {
        panic!("the form closed: {}", d.message());
    };
    assert_eq!(form.focus, Slot::Note);
    assert!(form.note.error.is_some());
    d.key(KeyCode::Esc);
    assert!(matches!(d.app.screen(), Screen::Customer(_)));
    let replaced: i64 = common::raw(&d.app.store)
        .query_row(
            "SELECT count(*) FROM card_write WHERE meter_id = ?1 AND purpose = 'reissue'",
            [meter_id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(replaced, 0);
}

#[test]
fn k_without_a_card_meter_says_there_is_no_card_to_replace() {
    for lang in LANGS {
        let mut d = demo(lang);
        let (account_no, _) = account(&d, "mechanical");
        at_customer(&mut d, &account_no);
        d.keys("k");
        assert!(matches!(d.app.screen(), Screen::Customer(_)));
        let expected = match lang {
            Lang::Zh => "该户没有IC卡表，没有卡可补",
            Lang::En => "no IC-card meter: there is no card to replace",
        };
        assert!(d.message().contains(expected), "{}", d.message());
    }
}
