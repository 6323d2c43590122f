//! Replacing a lost or damaged IC card (补卡) in the store: the reason recorded, the fee
//! taken on a fee receipt in the clerk's drawer (never the account's balance), voided like
//! any receipt, and refused for an account without an IC-card meter.

mod common;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use gasdesk::card::{CardWriter, SimulatedCards};
use gasdesk::db::cash::{
    self, Approval, CardReplacement, CardWriteState, CashError, PaymentKey, ReceiptKind, Tender,
    TopUpOrder,
};
use gasdesk::db::staff::NewStaff;
use gasdesk::db::{self, Actor, DbKind, Store};
use gasdesk::domain::account::{CustomerType, MeterKind, NewAccount, NewMeter};
use gasdesk::domain::fee::{FeeCode, ReplaceReason};
use gasdesk::domain::money::Fen;
use gasdesk::domain::office::builtin_offices;
use gasdesk::domain::queue::builtin_rules;
use gasdesk::domain::receipt::PaymentMethod;
use gasdesk::domain::role::Role;
use gasdesk::domain::tariff::Volume;

const MECHANICAL: i64 = 1;
const IC_CARD: i64 = 2;
const SERIAL: &str = "M00000002";

/// 09:00 on 28 November 2026 in Hefei (UTC+8), plus `secs`.
fn t(secs: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 28, 1, 0, 0).unwrap() + Duration::seconds(secs)
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

struct Desk {
    _dir: tempfile::TempDir,
    store: Store,
    cards: SimulatedCards,
}

fn account(no: u32, kind: MeterKind) -> NewAccount {
    NewAccount {
        account_no: format!("{no:010}"),
        holder_name: "李娜".into(),
        id_number: None,
        phone: None,
        landline: None,
        district: "蜀山区".into(),
        address: format!("蜀山区长江西路{no}号"),
        customer_type: CustomerType::Residential,
        home_office: 1,
        opened_on: day(2020, 1, 1),
        meter: Some(NewMeter {
            serial: format!("M{no:08}"),
            kind,
            installed_on: day(2020, 1, 1),
            expires_on: day(2030, 1, 1),
        }),
    }
}

/// A demo store with a clerk (1001) whose shift is open, a clerk without one (1002), a
/// manager (1009), and an IC-card meter with one purchase written onto its card.
fn setup() -> Desk {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create(&dir.path().join("cash.sqlite"), DbKind::Demo).unwrap();
    let system = Actor::system();
    db::office::install(&mut store, &system, &builtin_offices()).unwrap();
    let pin = gasdesk::domain::pin::hash("123456");
    for (no, counter, role) in [
        ("1001", Some(1), Role::Clerk),
        ("1002", Some(2), Role::Clerk),
        ("1009", None, Role::Manager),
    ] {
        db::staff::add(
            &mut store,
            &system,
            &NewStaff {
                staff_no: no.into(),
                name: format!("员工{no}"),
                office_id: 1,
                counter_no: counter,
                role,
                pin_hash: pin.clone(),
            },
        )
        .unwrap();
    }
    db::account::insert_many(
        &mut store,
        &system,
        &[
            account(1, MeterKind::Mechanical),
            account(2, MeterKind::IcCard),
        ],
        "test",
    )
    .unwrap();
    let mut d = Desk {
        _dir: dir,
        cards: SimulatedCards::new(&store.path().with_extension("cards")),
        store,
    };
    let a = d.actor("1001");
    cash::open_shift(&mut d.store, &a, &builtin_rules(), Fen::ZERO, t(0)).unwrap();
    d
}

impl Desk {
    fn actor(&self, staff_no: &str) -> Actor {
        db::staff::by_number(&self.store, staff_no)
            .unwrap()
            .unwrap()
            .actor(None)
    }

    /// 15 m³ bought and written onto the card.
    fn purchase(&mut self) -> cash::Paid {
        let a = self.actor("1001");
        let paid = cash::top_up(
            &mut self.store,
            &a,
            &PaymentKey::new(),
            IC_CARD,
            TopUpOrder::Volume(Volume::from_m3(15).unwrap()),
            &Tender::cash(None),
            t(10),
        )
        .unwrap();
        let write = paid.card_write.clone().unwrap();
        cash::complete_card_write(&mut self.store, &a, write.id, &mut self.cards, t(11)).unwrap();
        paid
    }

    fn replace(
        &mut self,
        staff_no: &str,
        meter_id: i64,
        reason: ReplaceReason,
        tender: Tender,
        key: &PaymentKey,
    ) -> Result<cash::Replaced, CashError> {
        let a = self.actor(staff_no);
        let replacement = CardReplacement {
            meter_id,
            reason,
            tender,
            key: key.clone(),
        };
        cash::replace_card(&mut self.store, &a, &replacement, &mut self.cards, t(20))
    }

    fn count(&self, sql: &str) -> i64 {
        common::raw(&self.store)
            .query_row(sql, [], |r| r.get(0))
            .unwrap()
    }

    fn cash_expected(&self, shift: i64) -> Fen {
        cash::shift_totals(&self.store, shift)
            .unwrap()
            .into_iter()
            .find(|m| m.method == PaymentMethod::Cash)
            .unwrap()
            .expected
    }
}

#[test]
fn a_replacement_records_its_reason_and_takes_the_fee_on_a_fee_receipt() {
    let mut d = setup();
    let paid = d.purchase();
    let shift = paid.receipt.shift_id;
    let before = d.cash_expected(shift);
    let key = PaymentKey::new();
    let given = Fen::from_yuan(50).unwrap();
    let done = d
        .replace(
            "1001",
            IC_CARD,
            ReplaceReason::Lost,
            Tender::cash(Some(given)),
            &key,
        )
        .unwrap();
    assert!(done.write_error.is_none());
    assert!(!done.replayed);
    // The new card holds the last purchase again, with its count.
    let write = &done.write;
    assert!(!write.is_purchase);
    assert_eq!(write.state, CardWriteState::Verified);
    assert_eq!(write.purchase_count, 1);
    assert_eq!(write.reason.as_deref(), Some("lost"));
    let card = d.cards.read(SERIAL).unwrap();
    assert_eq!((card.purchase_count, card.last_volume_litres), (1, 15_000));
    // The fee: 20.00 on its own receipt, change from 50.00, in the drawer's totals.
    let fee = done.fee_receipt.expect("a fee receipt");
    assert_eq!(fee.kind, ReceiptKind::Fee);
    assert_eq!(fee.total, Fen(2000));
    assert_eq!(fee.change, Some(Fen(3000)));
    assert_eq!(fee.lines.len(), 1);
    assert_eq!(fee.lines[0].fee, Some(FeeCode::CardReplacement));
    assert_eq!(write.fee_receipt_id, Some(fee.id));
    assert_eq!(d.cash_expected(shift), Fen(before.get() + 2000));
    // Never the account's balance or bills.
    let money = cash::account_money(&d.store, 2).unwrap();
    assert_eq!(money.balance, Fen::ZERO);
    assert!(money.open_bills.is_empty());
    // The audit row is the receipt's, with the reason and the fee.
    let audit = db::audit::for_entity(&d.store, "receipt", &fee.receipt_no).unwrap();
    let row = audit.iter().find(|r| r.action == "card_reissue").unwrap();
    let detail: serde_json::Value = serde_json::from_str(&row.detail).unwrap();
    assert_eq!(detail["reason"], "lost");
    assert_eq!(detail["fee_fen"], 2000);
    assert_eq!(detail["total_fen"], 2000);
    // The same form submitted again finds the first replacement: no second fee.
    let again = d
        .replace(
            "1001",
            IC_CARD,
            ReplaceReason::Lost,
            Tender::cash(Some(given)),
            &key,
        )
        .unwrap();
    assert!(again.replayed);
    assert_eq!(again.fee_receipt.unwrap().id, fee.id);
    assert_eq!(
        d.count("SELECT count(*) FROM receipt WHERE kind = 'fee'"),
        1
    );
    assert_eq!(
        d.count("SELECT count(*) FROM card_write WHERE purpose = 'reissue'"),
        1
    );
    let report = db::check::run(&d.store).unwrap();
    assert!(report.findings.is_empty(), "{:?}", report.findings);
}

#[test]
fn another_reason_is_recorded_in_the_clerks_words_and_paid_by_wechat() {
    let mut d = setup();
    d.purchase();
    let done = d
        .replace(
            "1001",
            IC_CARD,
            ReplaceReason::Other("卡被水泡".into()),
            Tender::with_reference(PaymentMethod::WeChat, "4200001234567890"),
            &PaymentKey::new(),
        )
        .unwrap();
    assert_eq!(done.write.reason.as_deref(), Some("other"));
    assert_eq!(done.write.reason_note.as_deref(), Some("卡被水泡"));
    let fee = done.fee_receipt.unwrap();
    assert_eq!(fee.method, PaymentMethod::WeChat);
    assert_eq!(fee.reference.as_deref(), Some("4200001234567890"));
}

#[test]
fn a_fee_is_voided_like_any_receipt_and_leaves_the_balance_alone() {
    let mut d = setup();
    let paid = d.purchase();
    let shift = paid.receipt.shift_id;
    let before = d.cash_expected(shift);
    let done = d
        .replace(
            "1001",
            IC_CARD,
            ReplaceReason::Damaged,
            Tender::cash(None),
            &PaymentKey::new(),
        )
        .unwrap();
    let fee = done.fee_receipt.unwrap();
    assert!(cash::voidable(&d.store, fee.id).is_ok());
    let a = d.actor("1001");
    let approval = Approval {
        staff_no: "1009".into(),
        pin: "123456".into(),
    };
    let void = cash::void_receipt(
        &mut d.store,
        &a,
        &approval,
        fee.id,
        "收错了",
        &PaymentKey::new(),
        t(30),
    )
    .unwrap();
    assert_eq!(void.receipt.kind, ReceiptKind::Void);
    assert_eq!(void.receipt.total, Fen(-2000));
    assert_eq!(void.receipt.lines[0].fee, Some(FeeCode::CardReplacement));
    // A reversal entry of the fee entry, nothing else.
    assert_eq!(
        d.count(
            "SELECT count(*) FROM ledger_entry e JOIN ledger_entry o ON o.id = e.reverses_id
             WHERE e.kind = 'reversal' AND o.kind = 'fee'"
        ),
        1
    );
    assert_eq!(d.cash_expected(shift), before);
    assert_eq!(cash::account_money(&d.store, 2).unwrap().balance, Fen::ZERO);
    // The card stays replaced; the fee cannot be voided twice.
    let write = cash::card_write_by_id(&d.store, done.write.id).unwrap();
    assert_eq!(write.state, CardWriteState::Verified);
    assert!(matches!(
        cash::voidable(&d.store, fee.id),
        Err(CashError::AlreadyReversed { .. })
    ));
    let report = db::check::run(&d.store).unwrap();
    assert!(report.findings.is_empty(), "{:?}", report.findings);
}

#[test]
fn a_fee_needs_an_open_shift_and_nothing_is_recorded_without_one() {
    let mut d = setup();
    d.purchase();
    assert!(matches!(
        d.replace(
            "1002",
            IC_CARD,
            ReplaceReason::Lost,
            Tender::cash(None),
            &PaymentKey::new()
        ),
        Err(CashError::NoOpenShift)
    ));
    assert_eq!(
        d.count("SELECT count(*) FROM card_write WHERE purpose = 'reissue'"),
        0
    );
}

#[test]
fn an_account_without_a_card_meter_or_a_purchase_has_no_card_to_replace() {
    let mut d = setup();
    assert!(matches!(
        cash::card_replacement_fee(&d.store, MECHANICAL),
        Err(CashError::MeterNotIcCard)
    ));
    assert_eq!(
        cash::card_replacement_fee(&d.store, IC_CARD).unwrap(),
        Fen(2000)
    );
    assert!(matches!(
        d.replace(
            "1001",
            MECHANICAL,
            ReplaceReason::Lost,
            Tender::cash(None),
            &PaymentKey::new()
        ),
        Err(CashError::MeterNotIcCard)
    ));
    // Nothing on a card yet: nothing to write again, and no fee taken.
    assert!(matches!(
        d.replace(
            "1001",
            IC_CARD,
            ReplaceReason::Lost,
            Tender::cash(None),
            &PaymentKey::new()
        ),
        Err(CashError::NothingToReissue)
    ));
    assert_eq!(d.count("SELECT count(*) FROM receipt"), 0);
}

#[test]
fn the_schema_refuses_a_replacement_without_a_reason() {
    let d = setup();
    let conn = common::raw(&d.store);
    let refused = conn.execute(
        "INSERT INTO card_write (meter_id, purpose, purchase_count, volume_litres, created_at,
                                 updated_at, staff_id)
         VALUES (2, 'reissue', 1, 1000, 'x', 'x', 1)",
        [],
    );
    assert!(refused.is_err());
    let refused = conn.execute(
        "INSERT INTO ledger_entry (receipt_id, account_id, kind, amount_fen) VALUES (1, 2, 'fee', 100)",
        [],
    );
    assert!(refused.is_err(), "a fee entry names its fee");
}
