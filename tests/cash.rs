//! The cash desk in the store: shifts, payments, receipts, idempotency, card writes, voids,
//! refunds, closing, and the rules the schema enforces on its own.

mod common;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use gasdesk::card::{CardWriter, SimulatedCards};
use gasdesk::db::cash::{
    self, Approval, CardWriteState, CashError, PaymentKey, ReceiptKind, ShiftState, Tender,
    TopUpOrder,
};
use gasdesk::db::staff::{LoginError, NewStaff};
use gasdesk::db::{self, Actor, DbKind, Store};
use gasdesk::domain::account::{CustomerType, MeterKind, NewAccount, NewMeter};
use gasdesk::domain::money::Fen;
use gasdesk::domain::office::builtin_offices;
use gasdesk::domain::queue::{QueueRules, builtin_rules};
use gasdesk::domain::receipt::{CashCount, Denomination, PaymentMethod};
use gasdesk::domain::role::Role;
use gasdesk::domain::tariff::Volume;

struct Desk {
    /// Keeps the database folder until the test ends.
    _dir: tempfile::TempDir,
    store: Store,
    rules: QueueRules,
    cards: SimulatedCards,
}

/// 09:00 on 28 November 2026 in Hefei (UTC+8), plus `secs`.
fn t(secs: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 28, 1, 0, 0).unwrap() + Duration::seconds(secs)
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

const MECHANICAL: i64 = 1;
const IC_CARD: i64 = 2;

fn account(no: u32, name: &str, kind: MeterKind) -> NewAccount {
    NewAccount {
        account_no: format!("{no:010}"),
        holder_name: name.into(),
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

fn setup_kind(kind: DbKind) -> Desk {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create(&dir.path().join("cash.sqlite"), kind).unwrap();
    let system = Actor::system();
    db::office::install(&mut store, &system, &builtin_offices()).unwrap();
    let pin = gasdesk::domain::pin::hash("123456");
    for (no, office, counter, role) in [
        ("1001", 1, Some(1), Role::Clerk),
        ("1002", 1, Some(2), Role::Clerk),
        ("1009", 1, None, Role::Manager),
        ("1008", 1, None, Role::Manager),
        ("2009", 2, None, Role::Manager),
        ("9000", 1, None, Role::Admin),
    ] {
        db::staff::add(
            &mut store,
            &system,
            &NewStaff {
                staff_no: no.into(),
                name: format!("员工{no}"),
                office_id: office,
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
            account(1, "张伟", MeterKind::Mechanical),
            account(2, "李娜", MeterKind::IcCard),
        ],
        "test",
    )
    .unwrap();
    let cards = SimulatedCards::new(&dir.path().join("cards"));
    Desk {
        _dir: dir,
        store,
        rules: builtin_rules(),
        cards,
    }
}

fn setup() -> Desk {
    setup_kind(DbKind::Demo)
}

impl Desk {
    fn actor(&self, staff_no: &str) -> Actor {
        db::staff::by_number(&self.store, staff_no)
            .unwrap()
            .unwrap()
            .actor(None)
    }

    fn open(&mut self, staff_no: &str, float_yuan: i64) -> cash::Shift {
        let a = self.actor(staff_no);
        cash::open_shift(
            &mut self.store,
            &a,
            &self.rules,
            Fen::from_yuan(float_yuan).unwrap(),
            t(0),
        )
        .unwrap()
    }

    /// A reading of the mechanical meter on `to` that bills `m3` cubic metres from
    /// `start_m3`; the meter's first reading (on 1 September) is taken when it has none.
    fn bill(&mut self, to: NaiveDate, start_m3: i64, m3: i64) -> cash::Bill {
        let a = self.actor("1001");
        let today = day(2026, 11, 28);
        let start = Volume::from_m3(start_m3).unwrap();
        let end = Volume::from_m3(start_m3 + m3).unwrap();
        let readings: i64 = common::raw(&self.store)
            .query_row("SELECT count(*) FROM meter_reading", [], |r| r.get(0))
            .unwrap();
        if readings == 0 {
            cash::record_reading(
                &mut self.store,
                &a,
                MECHANICAL,
                day(2026, 9, 1),
                start,
                today,
                t(0),
            )
            .unwrap();
        }
        cash::record_reading(&mut self.store, &a, MECHANICAL, to, end, today, t(0))
            .unwrap()
            .expect("a bill")
    }

    fn pay(
        &mut self,
        staff_no: &str,
        bills: &[i64],
        tender: &Tender,
    ) -> Result<cash::Paid, CashError> {
        let a = self.actor(staff_no);
        cash::pay_bills(
            &mut self.store,
            &a,
            &PaymentKey::new(),
            1,
            bills,
            tender,
            t(60),
        )
    }

    /// An advance on account with a fresh form key.
    fn advance(
        &mut self,
        actor: &Actor,
        account: i64,
        amount: Fen,
        tender: &Tender,
        at: DateTime<Utc>,
    ) -> Result<cash::Paid, CashError> {
        cash::pay_advance(
            &mut self.store,
            actor,
            &PaymentKey::new(),
            account,
            amount,
            tender,
            at,
        )
    }

    /// A void (or refund) of `receipt` asked by `requester`, with a fresh form key.
    fn void(
        &mut self,
        requester: &Actor,
        approval: &Approval,
        receipt: i64,
        reason: &str,
        at: DateTime<Utc>,
    ) -> Result<cash::Paid, CashError> {
        cash::void_receipt(
            &mut self.store,
            requester,
            approval,
            receipt,
            reason,
            &PaymentKey::new(),
            at,
        )
    }

    fn approve(no: &str) -> Approval {
        Approval {
            staff_no: no.into(),
            pin: "123456".into(),
        }
    }
}

#[test]
fn a_bill_is_paid_in_cash_with_change_and_a_receipt_from_the_series() {
    let mut d = setup();
    d.open("1001", 500);
    let bill = d.bill(day(2026, 11, 1), 100, 30);
    // 30 m³ in tier 1 at 2.53.
    assert_eq!(bill.amount, Fen(7590));
    let paid = d
        .pay("1001", &[bill.id], &Tender::cash(Some(Fen(10000))))
        .unwrap();
    let r = &paid.receipt;
    assert_eq!(r.receipt_no, "HF01-2026-000001");
    assert_eq!(r.kind, ReceiptKind::Bills);
    assert_eq!(r.total, Fen(7590));
    assert_eq!(r.change, Some(Fen(2410)));
    assert_eq!(r.lines.len(), 1);
    assert_eq!(
        r.lines[0].tiers,
        vec![(1, Volume::from_m3(30).unwrap(), Fen(253), Fen(7590))]
    );
    let money = cash::account_money(&d.store, 1).unwrap();
    assert!(money.open_bills.is_empty());
    assert_eq!(money.recent[0].receipt_no, "HF01-2026-000001");
    // Not enough cash is refused before anything is written.
    let next = d.bill(day(2026, 11, 20), 130, 10);
    let short = d.pay("1001", &[next.id], &Tender::cash(Some(Fen(100))));
    assert!(matches!(short, Err(CashError::Tender(_))), "{short:?}");
    // The failed attempt did not use a number.
    let paid = d
        .pay(
            "1001",
            &[next.id],
            &Tender::with_reference(PaymentMethod::WeChat, "WX4200001"),
        )
        .unwrap();
    assert_eq!(paid.receipt.receipt_no, "HF01-2026-000002");
}

#[test]
fn the_same_bill_from_two_counters_is_paid_once_and_the_second_is_told_by_whom() {
    let mut d = setup();
    d.open("1001", 0);
    d.open("1002", 0);
    let bill = d.bill(day(2026, 11, 1), 0, 10);
    d.pay("1001", &[bill.id], &Tender::cash(None)).unwrap();
    match d.pay("1002", &[bill.id], &Tender::cash(None)) {
        Err(CashError::BillAlreadyPaid {
            receipt_no,
            staff_no,
            ..
        }) => {
            assert_eq!(receipt_no, "HF01-2026-000001");
            assert_eq!(staff_no, "1001");
        }
        other => panic!("expected already paid, got {other:?}"),
    }
}

#[test]
fn a_second_submission_of_the_same_form_returns_the_first_receipt() {
    let mut d = setup();
    d.open("1001", 0);
    let a = d.actor("1001");
    let key = PaymentKey::new();
    let tender = Tender::cash(None);
    let first = cash::pay_advance(&mut d.store, &a, &key, 1, Fen(5000), &tender, t(5)).unwrap();
    let again = cash::pay_advance(&mut d.store, &a, &key, 1, Fen(5000), &tender, t(6)).unwrap();
    assert!(!first.replayed);
    assert!(again.replayed);
    assert_eq!(first.receipt.receipt_no, again.receipt.receipt_no);
    assert_eq!(cash::account_money(&d.store, 1).unwrap().balance, Fen(5000));
    // A retry that arrives after the clerk started balancing still finds its receipt.
    cash::start_balancing(&mut d.store, &a).unwrap();
    let late = cash::pay_advance(&mut d.store, &a, &key, 1, Fen(5000), &tender, t(6)).unwrap();
    assert!(late.replayed);
    assert_eq!(late.receipt.receipt_no, first.receipt.receipt_no);
    cash::resume_shift(&mut d.store, &a).unwrap();
    // The same key for another account is a programming mistake, refused.
    let other = cash::pay_advance(&mut d.store, &a, &key, 2, Fen(5000), &tender, t(7));
    assert!(matches!(other, Err(CashError::KeyReused)));
}

#[test]
fn no_money_outside_an_open_shift_and_none_while_balancing() {
    let mut d = setup();
    let a = d.actor("1001");
    let bill = d.bill(day(2026, 11, 1), 0, 10);
    assert!(matches!(
        d.pay("1001", &[bill.id], &Tender::cash(None)),
        Err(CashError::NoOpenShift)
    ));
    d.open("1001", 100);
    cash::start_balancing(&mut d.store, &a).unwrap();
    assert!(matches!(
        d.pay("1001", &[bill.id], &Tender::cash(None)),
        Err(CashError::ShiftNotOpen(ShiftState::Balancing))
    ));
    cash::resume_shift(&mut d.store, &a).unwrap();
    d.pay("1001", &[bill.id], &Tender::cash(None)).unwrap();
    // Administrators do not take money.
    let admin = d.actor("9000");
    let refused = cash::open_shift(&mut d.store, &admin, &d.rules, Fen(0), t(0));
    assert!(matches!(
        refused,
        Err(CashError::Db(db::DbError::Permission(_)))
    ));
}

#[test]
fn non_cash_payments_need_their_reference() {
    let mut d = setup();
    d.open("1001", 0);
    let bill = d.bill(day(2026, 11, 1), 0, 10);
    let refused = d.pay(
        "1001",
        &[bill.id],
        &Tender::with_reference(PaymentMethod::Alipay, " "),
    );
    assert!(
        matches!(refused, Err(CashError::Reference(_))),
        "{refused:?}"
    );
    d.pay(
        "1001",
        &[bill.id],
        &Tender::with_reference(PaymentMethod::BankCard, "POS 000123"),
    )
    .unwrap();
}

#[test]
fn a_card_top_up_is_priced_by_tier_written_and_verified() {
    let mut d = setup();
    d.open("1001", 0);
    let a = d.actor("1001");
    // 400 m³ crosses from tier 1 (to 360) into tier 2.
    let quote = cash::quote_top_up(
        &d.store,
        IC_CARD,
        TopUpOrder::Volume(Volume::from_m3(400).unwrap()),
        day(2026, 11, 28),
    )
    .unwrap();
    assert_eq!(quote.lines.len(), 2);
    assert_eq!(quote.total, Fen(360 * 253 + 40 * 304));
    // A volume the card cannot take is refused, not cut to the tenth below it.
    let odd = cash::quote_top_up(
        &d.store,
        IC_CARD,
        TopUpOrder::Volume(Volume(12_550)),
        day(2026, 11, 28),
    );
    assert!(
        matches!(
            odd,
            Err(cash::CashError::Volume(
                gasdesk::domain::tariff::VolumeError::NotTenths
            ))
        ),
        "{odd:?}"
    );
    let paid = cash::top_up(
        &mut d.store,
        &a,
        &PaymentKey::new(),
        IC_CARD,
        TopUpOrder::Volume(Volume::from_m3(400).unwrap()),
        &Tender::cash(None),
        t(10),
    )
    .unwrap();
    let write = paid.card_write.expect("a card write");
    assert_eq!(write.state, CardWriteState::Pending);
    assert_eq!(write.purchase_count, 1);
    assert_eq!(paid.receipt.lines[0].tiers.len(), 2);
    let done = cash::complete_card_write(&mut d.store, &a, write.id, &mut d.cards, t(11)).unwrap();
    assert_eq!(done.state, CardWriteState::Verified);
    assert_eq!(d.cards.read("M00000002").unwrap().purchase_count, 1);
    // The next purchase starts in tier 2: the year's volume counts.
    let second = cash::quote_top_up(
        &d.store,
        IC_CARD,
        TopUpOrder::Amount(Fen(10000)),
        day(2026, 11, 28),
    )
    .unwrap();
    assert_eq!(second.lines[0].tier, 2);
    // By amount: whole tenths of m³, never more than the money.
    assert!(second.total <= Fen(10000));
    assert_eq!(second.volume.litres() % 100, 0);
}

#[test]
fn a_failed_card_write_is_kept_for_recovery_and_never_loaded_twice() {
    let mut d = setup();
    d.open("1001", 0);
    let a = d.actor("1001");
    let paid = cash::top_up(
        &mut d.store,
        &a,
        &PaymentKey::new(),
        IC_CARD,
        TopUpOrder::Amount(Fen(5000)),
        &Tender::cash(None),
        t(10),
    )
    .unwrap();
    let write = paid.card_write.unwrap();
    d.cards.fail_next_writes(1);
    let failed = cash::complete_card_write(&mut d.store, &a, write.id, &mut d.cards, t(11));
    assert!(matches!(failed, Err(CashError::Card(_))));
    let listed = cash::unfinished_card_writes(&d.store, 1).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].state, CardWriteState::Failed);
    // Recovery writes again with the same purchase count.
    let done = cash::complete_card_write(&mut d.store, &a, write.id, &mut d.cards, t(12)).unwrap();
    assert_eq!(done.state, CardWriteState::Verified);
    assert_eq!(done.attempts, 2);
    assert!(
        cash::unfinished_card_writes(&d.store, 1)
            .unwrap()
            .is_empty()
    );
    // Done is done.
    let again = cash::complete_card_write(&mut d.store, &a, write.id, &mut d.cards, t(13));
    assert!(matches!(again, Err(CashError::CardWriteDone(_))));
    assert_eq!(d.cards.read("M00000002").unwrap().purchase_count, 1);
}

#[test]
fn an_interrupted_write_that_reached_the_card_is_recovered_without_a_second_load() {
    let mut d = setup();
    d.open("1001", 0);
    let a = d.actor("1001");
    let paid = cash::top_up(
        &mut d.store,
        &a,
        &PaymentKey::new(),
        IC_CARD,
        TopUpOrder::Volume(Volume::from_m3(20).unwrap()),
        &Tender::cash(None),
        t(10),
    )
    .unwrap();
    let write = paid.card_write.unwrap();
    // The card was written but the process died before recording it.
    d.cards.write("M00000002", 1, 20_000).unwrap();
    let done = cash::complete_card_write(&mut d.store, &a, write.id, &mut d.cards, t(11)).unwrap();
    assert_eq!(done.state, CardWriteState::Verified);
    assert_eq!(d.cards.read("M00000002").unwrap().purchase_count, 1);
}

#[test]
fn a_void_needs_another_manager_and_reopens_the_bill() {
    let mut d = setup();
    d.open("1001", 0);
    let bill = d.bill(day(2026, 11, 1), 0, 10);
    let paid = d.pay("1001", &[bill.id], &Tender::cash(None)).unwrap();
    let a = d.actor("1001");
    let void = |d: &mut Desk, who: &str, pin: &str, reason: &str| {
        let approval = Approval {
            staff_no: who.into(),
            pin: pin.into(),
        };
        d.void(&a, &approval, paid.receipt.id, reason, t(100))
    };
    assert!(matches!(
        void(&mut d, "1009", "123456", "  "),
        Err(CashError::ReasonRequired)
    ));
    assert!(matches!(
        void(&mut d, "1001", "123456", "收错户"),
        Err(CashError::ApproverIsRequester)
    ));
    assert!(matches!(
        void(&mut d, "1002", "123456", "收错户"),
        Err(CashError::ApproverNotManager { .. })
    ));
    assert!(matches!(
        void(&mut d, "2009", "123456", "收错户"),
        Err(CashError::ApproverNotManager { .. })
    ));
    assert!(matches!(
        void(&mut d, "1009", "000000", "收错户"),
        Err(CashError::Approval(LoginError::WrongCredentials))
    ));
    let reversed = void(&mut d, "1009", "123456", "收错户").unwrap();
    let r = &reversed.receipt;
    assert_eq!(r.kind, ReceiptKind::Void);
    assert_eq!(r.total, Fen(-paid.receipt.total.get()));
    assert_eq!(
        r.reverses.as_deref(),
        Some(paid.receipt.receipt_no.as_str())
    );
    assert_eq!(r.receipt_no, "HF01-2026-000002");
    assert!(r.approved_by.as_deref().unwrap().starts_with("1009"));
    // Reversed once only.
    assert!(matches!(
        void(&mut d, "1009", "123456", "again"),
        Err(CashError::AlreadyReversed { .. })
    ));
    // The bill is open again and can be paid in a new round.
    let money = cash::account_money(&d.store, 1).unwrap();
    assert_eq!(money.open_bills.len(), 1);
    assert!(money.recent.iter().any(|row| row.reversed));
    let again = d.pay("1001", &[bill.id], &Tender::cash(None)).unwrap();
    assert_eq!(again.receipt.receipt_no, "HF01-2026-000003");
}

#[test]
fn a_clerk_cannot_void_on_their_own_and_a_manager_cannot_approve_their_own_request() {
    let mut d = setup();
    d.open("1009", 0);
    let manager = d.actor("1009");
    let paid = d
        .advance(&manager, 1, Fen(1000), &Tender::cash(None), t(1))
        .unwrap();
    let own = d.void(
        &manager,
        &Desk::approve("1009"),
        paid.receipt.id,
        "错收",
        t(2),
    );
    assert!(matches!(own, Err(CashError::ApproverIsRequester)));
    let other = d
        .void(
            &manager,
            &Desk::approve("1008"),
            paid.receipt.id,
            "错收",
            t(3),
        )
        .unwrap();
    assert_eq!(other.receipt.kind, ReceiptKind::Void);
    assert_eq!(cash::account_money(&d.store, 1).unwrap().balance, Fen(0));
}

#[test]
fn after_the_day_closes_a_reversal_is_a_refund_from_the_next_days_drawer() {
    let mut d = setup();
    d.open("1001", 0);
    let a = d.actor("1001");
    let paid = d
        .advance(&a, 1, Fen(2000), &Tender::cash(None), t(1))
        .unwrap();
    cash::start_balancing(&mut d.store, &a).unwrap();
    let mut count = CashCount::new();
    count.set(Denomination::Note20, 1);
    cash::close_shift(&mut d.store, &a, &count, &[], "", t(2)).unwrap();
    let manager = d.actor("1009");
    db::queue::close_day(&mut d.store, &manager, 1, t(3)).unwrap();
    // Next morning.
    let next = t(86_400);
    cash::open_shift(&mut d.store, &a, &d.rules, Fen(0), next).unwrap();
    let r = d
        .void(
            &a,
            &Desk::approve("1009"),
            paid.receipt.id,
            "客户销户退预存",
            next,
        )
        .unwrap();
    assert_eq!(r.receipt.kind, ReceiptKind::Refund);
    assert_eq!(r.receipt.business_day, day(2026, 11, 29));
}

#[test]
fn closing_a_shift_counts_the_drawer_and_needs_a_reason_for_a_difference() {
    let mut d = setup();
    let shift = d.open("1001", 200);
    let a = d.actor("1001");
    d.advance(&a, 1, Fen(5000), &Tender::cash(None), t(1))
        .unwrap();
    d.advance(
        &a,
        1,
        Fen(3000),
        &Tender::with_reference(PaymentMethod::WeChat, "WX1"),
        t(2),
    )
    .unwrap();
    let totals = cash::shift_totals(&d.store, shift.id).unwrap();
    let expected = |m: PaymentMethod| totals.iter().find(|t| t.method == m).unwrap().expected;
    assert_eq!(expected(PaymentMethod::Cash), Fen(25000));
    assert_eq!(expected(PaymentMethod::WeChat), Fen(3000));
    // Closing needs balancing first.
    let count = {
        let mut c = CashCount::new();
        c.set(Denomination::Note100, 2);
        c.set(Denomination::Note50, 1);
        c
    };
    assert!(matches!(
        cash::close_shift(&mut d.store, &a, &count, &[], "", t(3)),
        Err(CashError::ShiftNotBalancing)
    ));
    cash::start_balancing(&mut d.store, &a).unwrap();
    // Wechat batch not entered: 30.00 short, and no reason.
    assert!(matches!(
        cash::close_shift(&mut d.store, &a, &count, &[], "", t(3)),
        Err(CashError::VarianceNeedsReason)
    ));
    let closed = cash::close_shift(
        &mut d.store,
        &a,
        &count,
        &[(PaymentMethod::WeChat, Fen(3000))],
        "",
        t(4),
    )
    .unwrap();
    assert!(closed.balanced());
    assert_eq!(closed.shift.state, ShiftState::Closed);
    // The office's day cannot close while a shift is still open elsewhere.
    d.open("1002", 0);
    let manager = d.actor("1009");
    let open: Vec<_> = cash::shifts_of_day(&d.store, shift.business_day_id)
        .unwrap()
        .into_iter()
        .filter(|s| s.state != ShiftState::Closed)
        .collect();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].staff_no, "1002");
    // A clerk may not reopen; a manager may, with a reason.
    let err = cash::reopen_shift(&mut d.store, &a, shift.id, "点错").unwrap_err();
    assert!(
        matches!(err, CashError::Db(db::DbError::Permission(ref denied)) if denied.role == Role::Clerk),
        "{err:?}"
    );
    assert!(matches!(
        cash::reopen_shift(&mut d.store, &manager, shift.id, ""),
        Err(CashError::ReasonRequired)
    ));
    let reopened = cash::reopen_shift(&mut d.store, &manager, shift.id, "点错").unwrap();
    assert_eq!(reopened.state, ShiftState::Open);
}

#[test]
fn a_short_drawer_closes_with_a_reason_on_record() {
    let mut d = setup();
    d.open("1001", 100);
    let a = d.actor("1001");
    cash::start_balancing(&mut d.store, &a).unwrap();
    let mut count = CashCount::new();
    count.set(Denomination::Note50, 1);
    let closed = cash::close_shift(&mut d.store, &a, &count, &[], "找零多给", t(9)).unwrap();
    assert!(!closed.balanced());
    let (expected, counted) = closed
        .lines
        .iter()
        .find(|(t, _)| t.method == PaymentMethod::Cash)
        .map(|(t, c)| (t.expected, *c))
        .unwrap();
    assert_eq!((expected, counted), (Fen(10000), Fen(5000)));
}

#[test]
fn money_rows_cannot_be_changed_or_deleted() {
    let mut d = setup();
    d.open("1001", 0);
    let bill = d.bill(day(2026, 11, 1), 0, 10);
    d.pay("1001", &[bill.id], &Tender::cash(None)).unwrap();
    let conn = common::raw(&d.store);
    for sql in [
        "UPDATE receipt SET total_fen = 1",
        "DELETE FROM receipt",
        "UPDATE ledger_entry SET amount_fen = 1",
        "DELETE FROM ledger_entry",
        "UPDATE bill SET amount_fen = 1",
        "DELETE FROM bill",
        "UPDATE bill SET settled_by = NULL",
        "UPDATE receipt_series SET last_seq = 7",
        "DELETE FROM meter_reading",
        "UPDATE cash_shift SET float_fen = 0",
    ] {
        let err = conn.execute(sql, []).expect_err(sql);
        assert!(
            err.to_string().contains("never")
                || err.to_string().contains("append-only")
                || err.to_string().contains("once")
                || err.to_string().contains("counts up")
                || err.to_string().contains("keeps"),
            "{sql}: {err}"
        );
    }
}

#[test]
fn a_demo_file_refuses_a_live_receipt_series() {
    let mut d = setup_kind(DbKind::Demo);
    d.open("1001", 0);
    // As if a live file had been copied and relabelled as demo.
    common::raw(&d.store)
        .execute(
            "INSERT INTO receipt_series (office_id, year, dataset, last_seq) VALUES (1, 2026, 'live', 41)",
            [],
        )
        .unwrap();
    let a = d.actor("1001");
    let refused = d.advance(&a, 1, Fen(100), &Tender::cash(None), t(1));
    assert!(
        matches!(refused, Err(CashError::SeriesDatasetMismatch { .. })),
        "{refused:?}"
    );
    // A live file starts its own live series.
    let mut live = setup_kind(DbKind::Live);
    live.open("1001", 0);
    let a = live.actor("1001");
    let paid = live
        .advance(&a, 1, Fen(100), &Tender::cash(None), t(1))
        .unwrap();
    assert_eq!(paid.receipt.receipt_no, "HF01-2026-000001");
}

#[test]
fn a_reading_bills_the_volume_since_the_last_with_the_household_rule() {
    let mut d = setup();
    common::raw(&d.store)
        .execute("UPDATE account SET household_size = 6 WHERE id = 1", [])
        .unwrap();
    let a = d.actor("1001");
    let today = day(2026, 11, 28);
    let first = cash::record_reading(
        &mut d.store,
        &a,
        MECHANICAL,
        day(2026, 1, 2),
        Volume::ZERO,
        today,
        t(0),
    )
    .unwrap();
    assert!(first.is_none());
    // 500 m³: a household of 6 has tier 1 up to 480 m³.
    let bill = cash::record_reading(
        &mut d.store,
        &a,
        MECHANICAL,
        day(2026, 6, 30),
        Volume::from_m3(500).unwrap(),
        today,
        t(0),
    )
    .unwrap()
    .unwrap();
    assert_eq!(bill.tiers.len(), 2);
    assert_eq!(bill.amount, Fen(480 * 253 + 20 * 304));
    assert!(matches!(
        cash::record_reading(
            &mut d.store,
            &a,
            MECHANICAL,
            day(2026, 7, 1),
            Volume::from_m3(1).unwrap(),
            today,
            t(0)
        ),
        Err(CashError::ReadingGoesBack { .. })
    ));
    assert!(matches!(
        cash::record_reading(
            &mut d.store,
            &a,
            MECHANICAL,
            day(2026, 12, 1),
            Volume::from_m3(600).unwrap(),
            today,
            t(0)
        ),
        Err(CashError::ReadingInFuture(_))
    ));
    assert!(matches!(
        cash::record_reading(
            &mut d.store,
            &a,
            IC_CARD,
            day(2026, 7, 1),
            Volume::ZERO,
            today,
            t(0)
        ),
        Err(CashError::MeterIsIcCard)
    ));
}

#[test]
fn a_pending_top_up_can_be_reversed_and_its_purchase_count_is_used_again() {
    let mut d = setup();
    d.open("1001", 0);
    let a = d.actor("1001");
    let order = TopUpOrder::Volume(Volume::from_m3(10).unwrap());
    let paid = cash::top_up(
        &mut d.store,
        &a,
        &PaymentKey::new(),
        IC_CARD,
        order,
        &Tender::cash(None),
        t(1),
    )
    .unwrap();
    let r = d
        .void(
            &a,
            &Desk::approve("1009"),
            paid.receipt.id,
            "读卡器故障，客户不买了",
            t(2),
        )
        .unwrap();
    assert_eq!(r.receipt.kind, ReceiptKind::Void);
    assert!(
        cash::unfinished_card_writes(&d.store, 1)
            .unwrap()
            .is_empty()
    );
    let again = cash::top_up(
        &mut d.store,
        &a,
        &PaymentKey::new(),
        IC_CARD,
        order,
        &Tender::cash(None),
        t(3),
    )
    .unwrap();
    let w = again.card_write.unwrap();
    assert_eq!(w.purchase_count, 1);
    cash::complete_card_write(&mut d.store, &a, w.id, &mut d.cards, t(4)).unwrap();
    // Gas on the card cannot be reversed by a receipt.
    let refused = d.void(&a, &Desk::approve("1009"), again.receipt.id, "x", t(5));
    assert!(matches!(refused, Err(CashError::CardAlreadyLoaded { .. })));
}

#[test]
fn a_reprint_is_counted_and_audited() {
    let mut d = setup();
    d.open("1001", 0);
    let a = d.actor("1001");
    let paid = d
        .advance(&a, 1, Fen(100), &Tender::cash(None), t(1))
        .unwrap();
    let again = cash::reprint(&mut d.store, &a, paid.receipt.id, t(2)).unwrap();
    assert_eq!(again.reprints, 1);
    let audited: i64 = common::raw(&d.store)
        .query_row(
            "SELECT count(*) FROM audit WHERE action = 'receipt_reprint'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audited, 1);
    assert_eq!(
        cash::receipt_by_no(&d.store, "hf01-2026-000001")
            .unwrap()
            .reprints,
        1
    );
}

#[test]
fn the_ledger_check_is_clean_after_real_work_and_finds_a_gap() {
    let mut d = setup();
    d.open("1001", 0);
    let bill = d.bill(day(2026, 11, 1), 0, 10);
    let paid = d.pay("1001", &[bill.id], &Tender::cash(None)).unwrap();
    let a = d.actor("1001");
    d.void(&a, &Desk::approve("1009"), paid.receipt.id, "收错", t(5))
        .unwrap();
    d.pay("1001", &[bill.id], &Tender::cash(None)).unwrap();
    assert_eq!(cash::ledger_faults(&d.store).unwrap(), vec![]);
    // A number allocated without its receipt (which the paying transaction never lets
    // happen) is found.
    common::raw(&d.store)
        .execute("UPDATE receipt_series SET last_seq = last_seq + 1", [])
        .unwrap();
    assert_eq!(
        cash::ledger_faults(&d.store).unwrap(),
        vec![cash::LedgerFault::SeriesGap {
            office_code: "HF01".into(),
            year: 2026
        }]
    );
}

#[test]
fn the_office_day_closes_only_when_every_drawer_is_closed() {
    let mut d = setup();
    d.open("1001", 100);
    let a = d.actor("1001");
    let manager = d.actor("1009");
    match db::queue::close_day(&mut d.store, &manager, 1, t(10)) {
        Err(db::queue::QueueError::ShiftsStillOpen { clerks }) => {
            assert!(clerks.contains("1001"), "{clerks}")
        }
        other => panic!("expected open shifts, got {other:?}"),
    }
    cash::start_balancing(&mut d.store, &a).unwrap();
    let mut count = CashCount::new();
    count.set(Denomination::Note100, 1);
    cash::close_shift(&mut d.store, &a, &count, &[], "", t(11)).unwrap();
    db::queue::close_day(&mut d.store, &manager, 1, t(12)).unwrap();
    // A closed day takes no new drawer.
    assert!(matches!(
        cash::open_shift(&mut d.store, &a, &d.rules, Fen(0), t(13)),
        Err(CashError::DayClosed { .. })
    ));
}

#[test]
fn the_shift_list_reads_each_receipt_as_the_receipt_itself_does() {
    let mut d = setup();
    let shift = d.open("1001", 0);
    let bill = d.bill(day(2026, 11, 1), 0, 10);
    let paid = d.pay("1001", &[bill.id], &Tender::cash(None)).unwrap();
    let a = d.actor("1001");
    d.void(&a, &Desk::approve("1009"), paid.receipt.id, "收错", t(5))
        .unwrap();
    let order = TopUpOrder::Volume(Volume::from_m3(400).unwrap());
    cash::top_up(
        &mut d.store,
        &a,
        &PaymentKey::new(),
        IC_CARD,
        order,
        &Tender::cash(None),
        t(6),
    )
    .unwrap();
    let listed = cash::shift_receipts(&d.store, shift.id).unwrap();
    assert_eq!(listed.len(), 3);
    for view in &listed {
        assert_eq!(view, &cash::receipt(&d.store, view.id).unwrap());
        assert!(!view.lines.is_empty(), "{}", view.receipt_no);
    }
    let totals = cash::shift_totals(&d.store, shift.id).unwrap();
    let cash_total = totals
        .iter()
        .find(|t| t.method == PaymentMethod::Cash)
        .unwrap();
    assert_eq!(cash_total.receipts, 3);
    assert_eq!(
        cash_total.expected, listed[0].total,
        "the bill and its void cancel out"
    );
}
