//! Ownership transfer (过户) in the store: every rule the committing transaction checks
//! again, the refund and the transfer back that need a manager, the registry's pending
//! transfers, and the triggers that keep the holder history whole.

mod common;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use gasdesk::card::SimulatedCards;
use gasdesk::db::cash::{self, Approval, CashError, PaymentKey, Tender, TopUpOrder};
use gasdesk::db::transfer::{self, Completion, TransferError};
use gasdesk::db::{self, Actor, Store};
use gasdesk::domain::account::{CustomerType, MeterKind, NewAccount, NewMeter};
use gasdesk::domain::id_number::{self, IdNumber};
use gasdesk::domain::money::Fen;
use gasdesk::domain::queue::builtin_rules;
use gasdesk::domain::role::Role;
use gasdesk::domain::tariff::Volume;
use gasdesk::domain::transfer::{
    BalanceChoice, HolderInput, RegistryInput, TransferRules, check_holder, check_registry_row,
};

const MECHANICAL: i64 = 1;
const IC_CARD: i64 = 2;

/// 09:00 on 28 November 2026 in Hefei (UTC+8), plus `secs`.
fn t(secs: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 28, 1, 0, 0).unwrap() + Duration::seconds(secs)
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn today() -> NaiveDate {
    day(2026, 11, 28)
}

fn id(n: u16) -> IdNumber {
    id_number::generate(
        u64::from(n),
        day(1970, 1, 1 + u32::from(n % 28)),
        "340104",
        n,
    )
}

fn account(no: u32, name: &str, id: &IdNumber, kind: MeterKind) -> NewAccount {
    NewAccount {
        account_no: format!("{no:010}"),
        holder_name: name.into(),
        id_number: Some(id.as_str().to_string()),
        phone: Some(format!("139000000{no:02}")),
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

struct Desk {
    _dir: tempfile::TempDir,
    store: Store,
    cards: SimulatedCards,
}

fn setup() -> Desk {
    let dir = tempfile::tempdir().unwrap();
    let mut store = common::desk::store_with_staff(
        &dir.path().join("t.sqlite"),
        &[
            ("1001", 1, Some(1), Role::Clerk),
            ("1002", 1, Some(2), Role::Clerk),
            ("1009", 1, None, Role::Manager),
            ("2009", 2, None, Role::Manager),
            ("9000", 1, None, Role::Admin),
        ],
    );
    let system = Actor::system();
    db::account::insert_many(
        &mut store,
        &system,
        &[
            account(1, "张伟", &id(1), MeterKind::Mechanical),
            account(2, "李娜", &id(2), MeterKind::IcCard),
            account(3, "王芳", &id(3), MeterKind::Mechanical),
        ],
        "test",
    )
    .unwrap();
    let cards = SimulatedCards::new(&dir.path().join("cards"));
    Desk {
        _dir: dir,
        store,
        cards,
    }
}

fn approve(no: &str) -> Approval {
    Approval {
        staff_no: no.into(),
        pin: "123456".into(),
    }
}

impl Desk {
    fn actor(&self, staff_no: &str) -> Actor {
        let counter = if staff_no.starts_with("100") && staff_no != "1009" {
            Some(1)
        } else {
            None
        };
        db::staff::by_number(&self.store, staff_no)
            .unwrap()
            .unwrap()
            .actor(counter)
    }

    fn open(&mut self, staff_no: &str) {
        let a = self.actor(staff_no);
        cash::open_shift(&mut self.store, &a, &builtin_rules(), Fen(0), t(0)).unwrap();
    }

    fn reading(&mut self, on: NaiveDate, m3: i64) -> Option<cash::Bill> {
        let a = self.actor("1001");
        cash::record_reading(
            &mut self.store,
            &a,
            MECHANICAL,
            on,
            Volume::from_m3(m3).unwrap(),
            today(),
            t(1),
        )
        .unwrap()
    }

    fn pay_all(&mut self, account: i64) {
        let a = self.actor("1001");
        let bills: Vec<i64> = cash::account_money(&self.store, account)
            .unwrap()
            .open_bills
            .iter()
            .map(|b| b.id)
            .collect();
        cash::pay_bills(
            &mut self.store,
            &a,
            &PaymentKey::new(),
            account,
            &bills,
            &Tender::cash(None),
            t(2),
        )
        .unwrap();
    }

    fn advance(&mut self, account: i64, yuan: i64) -> i64 {
        let a = self.actor("1001");
        cash::pay_advance(
            &mut self.store,
            &a,
            &PaymentKey::new(),
            account,
            Fen::from_yuan(yuan).unwrap(),
            &Tender::cash(None),
            t(3),
        )
        .unwrap()
        .receipt
        .id
    }

    fn commit(&mut self, c: &Completion, secs: i64) -> Result<transfer::Committed, TransferError> {
        let a = self.actor("1001");
        transfer::commit(&mut self.store, &a, TransferRules::builtin(), c, t(secs))
    }

    fn holder(&self, account: i64) -> (String, Option<String>) {
        let d = db::account::get(&self.store, account).unwrap().unwrap();
        (d.summary.holder_name, d.id_number)
    }

    fn check_passes(&self) {
        let report = db::check::run(&self.store).unwrap();
        assert!(report.findings.is_empty(), "{:?}", report.findings);
    }
}

fn new_holder(name: &str, n: u16) -> gasdesk::domain::transfer::NewHolder {
    check_holder(
        &HolderInput {
            name: name.into(),
            id_number: id(n).as_str().into(),
            phone: "13812345678".into(),
            household_size: "4".into(),
        },
        today(),
    )
    .unwrap()
}

fn sale(account: i64, holder: gasdesk::domain::transfer::NewHolder) -> Completion {
    Completion {
        account_id: account,
        pending_id: None,
        case: "sale".into(),
        by_agent: false,
        documents: vec![
            "property_certificate".into(),
            "old_holder_id".into(),
            "new_holder_id".into(),
        ],
        new_holder: holder,
        balance: None,
        fee: None,
        day: today(),
    }
}

/// A mechanical meter: the final reading bills the old holder, the bill is paid, the
/// balance is carried with consent as two entries, and the account, search and history
/// follow.
#[test]
fn a_sale_with_arrears_reading_and_balance_carried_commits_and_history_follows() {
    let mut d = setup();
    d.open("1001");
    d.reading(day(2026, 9, 1), 100);
    d.reading(day(2026, 10, 1), 130).expect("a bill");
    d.advance(MECHANICAL, 80);
    let mut c = sale(MECHANICAL, new_holder("赵敏", 10));
    // Owed, no reading today, balance not settled: refused, in that order.
    assert!(matches!(
        d.commit(&c, 10),
        Err(TransferError::Arrears { .. })
    ));
    d.pay_all(MECHANICAL);
    assert!(matches!(
        d.commit(&c, 10),
        Err(TransferError::ReadingMissing { .. })
    ));
    d.reading(today(), 150)
        .expect("the final reading bills the old holder");
    assert!(matches!(
        d.commit(&c, 10),
        Err(TransferError::Arrears { .. })
    ));
    d.pay_all(MECHANICAL);
    assert!(matches!(
        d.commit(&c, 10),
        Err(TransferError::BalanceUnsettled { .. })
    ));
    c.balance = Some(BalanceChoice::Carry { consent: false });
    assert!(matches!(
        d.commit(&c, 10),
        Err(TransferError::BalanceUnsettled { .. })
    ));
    c.balance = Some(BalanceChoice::Carry { consent: true });
    let done = d.commit(&c, 10).unwrap();
    assert_eq!(d.holder(MECHANICAL).0, "赵敏");
    // The balance stays on the account, now the new holder's; the move is two entries.
    assert_eq!(
        cash::account_money(&d.store, MECHANICAL).unwrap().balance,
        Fen::from_yuan(80).unwrap()
    );
    let entries: Vec<(String, i64)> = common::raw(&d.store)
        .prepare("SELECT side, amount_fen FROM transfer_balance_entry ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        entries,
        vec![("from_old".into(), -8000), ("to_new".into(), 8000)]
    );
    // Search follows at once: the new name finds the account, the old one no longer.
    let found = db::account::search(&d.store, "赵敏", 10).unwrap();
    assert!(found.rows.iter().any(|r| r.id == MECHANICAL));
    let found = db::account::search(&d.store, "张伟", 10).unwrap();
    assert!(!found.rows.iter().any(|r| r.id == MECHANICAL));
    // History: the old holder from the opening day to the transfer; the new one since.
    let h = transfer::history(&d.store, MECHANICAL).unwrap();
    assert_eq!(h.len(), 2);
    assert_eq!(h[0].name, "张伟");
    assert_eq!(h[0].from, "2020-01-01");
    assert_eq!(h[0].to.as_deref(), Some("2026-11-28T01:00:10.000Z"));
    assert_eq!(h[1].from, "2026-11-28T01:00:10.000Z");
    assert_eq!(h[1].to, None);
    let on = |dd| {
        transfer::holders_on(&d.store, MECHANICAL, dd)
            .unwrap()
            .into_iter()
            .map(|p| p.name)
            .collect::<Vec<_>>()
    };
    assert_eq!(on(day(2019, 12, 31)), Vec::<String>::new());
    assert_eq!(on(day(2024, 6, 1)), vec!["张伟"]);
    assert_eq!(on(today()), vec!["张伟", "赵敏"]);
    assert_eq!(on(day(2026, 12, 1)), vec!["赵敏"]);
    let slip = transfer::slip(&d.store, done.transfer_id).unwrap();
    assert_eq!(slip.balance_how, "carried");
    assert_eq!(slip.final_readings.len(), 1);
    assert!(slip.arrears_settled.is_positive());
    d.check_passes();
}

/// Another counter bills the account between the checklist and the commit: the commit,
/// which checks again under the lock, is refused.
#[test]
fn arrears_appearing_after_the_checklist_block_the_commit() {
    let mut d = setup();
    d.open("1001");
    d.reading(day(2026, 9, 1), 100);
    d.reading(today(), 100);
    let s = transfer::situation(&d.store, MECHANICAL, today()).unwrap();
    assert_eq!(s.owed, Fen(0));
    assert!(s.readings_missing.is_empty());
    // Meanwhile the meter-reading system's file bills a later reading.
    let admin = d.actor("9000");
    cash::import_readings(
        &mut d.store,
        &admin,
        &[cash::ReadingRow {
            meter_id: MECHANICAL,
            read_on: day(2026, 11, 29),
            register: Volume::from_m3(120).unwrap(),
        }],
        cash::ReadingSource::Import,
        day(2026, 11, 29),
        t(5),
    )
    .unwrap();
    let c = sale(MECHANICAL, new_holder("赵敏", 10));
    assert!(matches!(
        d.commit(&c, 10),
        Err(TransferError::Arrears { .. })
    ));
    assert_eq!(d.holder(MECHANICAL).0, "张伟");
    assert_eq!(transfer::history(&d.store, MECHANICAL).unwrap().len(), 1);
}

#[test]
fn a_refund_of_the_balance_needs_a_manager_of_the_office() {
    let mut d = setup();
    d.open("1001");
    d.reading(day(2026, 9, 1), 100);
    d.reading(today(), 100);
    d.advance(MECHANICAL, 50);
    d.advance(MECHANICAL, 30);
    let clerk = d.actor("1001");
    for refused_by in ["1002", "2009", "1001"] {
        let e = transfer::refund_balance(
            &mut d.store,
            &clerk,
            &approve(refused_by),
            MECHANICAL,
            "过户退预存",
            t(6),
        )
        .unwrap_err();
        assert!(
            matches!(
                e,
                TransferError::Cash(
                    CashError::ApproverNotManager { .. } | CashError::ApproverIsRequester
                )
            ),
            "{refused_by}: {e:?}"
        );
    }
    assert_eq!(
        cash::account_money(&d.store, MECHANICAL).unwrap().balance,
        Fen::from_yuan(80).unwrap()
    );
    let refunds = transfer::refund_balance(
        &mut d.store,
        &clerk,
        &approve("1009"),
        MECHANICAL,
        "过户退预存",
        t(6),
    )
    .unwrap();
    assert_eq!(refunds.len(), 2);
    assert_eq!(
        cash::account_money(&d.store, MECHANICAL).unwrap().balance,
        Fen(0)
    );
    let done = d
        .commit(&sale(MECHANICAL, new_holder("赵敏", 10)), 10)
        .unwrap();
    // The slip says the balance was refunded, and how much.
    let slip = transfer::slip(&d.store, done.transfer_id).unwrap();
    assert_eq!(slip.balance_how, "refunded");
    assert_eq!(slip.balance, Fen::from_yuan(80).unwrap());
    d.check_passes();
}

#[test]
fn documents_are_all_core_and_the_new_holder_must_be_someone_else() {
    let mut d = setup();
    let mut c = sale(IC_CARD, new_holder("赵敏", 10));
    c.documents = vec!["property_certificate".into(), "new_holder_id".into()];
    assert!(matches!(
        d.commit(&c, 10),
        Err(TransferError::DocumentsMissing(m)) if m == vec![vec!["old_holder_id".to_string()]]
    ));
    c.documents.push("old_holder_id".into());
    c.by_agent = true;
    assert!(matches!(
        d.commit(&c, 10),
        Err(TransferError::DocumentsMissing(_))
    ));
    c.by_agent = false;
    c.new_holder = new_holder("李娜", 2);
    assert!(matches!(d.commit(&c, 10), Err(TransferError::SameHolder)));
    c.case = "barter".into();
    assert!(matches!(d.commit(&c, 10), Err(TransferError::Input(_))));
}

/// A holder who already has an account is shown, and the transfer goes through: ID
/// numbers are no longer unique to one account.
#[test]
fn a_holder_with_accounts_is_shown_not_refused() {
    let mut d = setup();
    let c = sale(IC_CARD, new_holder("王芳", 3));
    let others = transfer::accounts_of_holder(&d.store, id(3).as_str(), IC_CARD).unwrap();
    assert_eq!(others.len(), 1);
    assert_eq!(others[0].id, 3);
    d.commit(&c, 10).unwrap();
    let now = transfer::accounts_of_holder(&d.store, id(3).as_str(), 0).unwrap();
    assert_eq!(now.len(), 2);
    d.check_passes();
}

/// A purchase paid but not yet on the card blocks the transfer, naming its receipt: the
/// old holder paid for that gas, and the new card would be written at the count before it.
#[test]
fn a_purchase_not_yet_on_the_card_blocks_the_transfer() {
    let mut d = setup();
    d.open("1001");
    let clerk = d.actor("1001");
    let paid = cash::top_up(
        &mut d.store,
        &clerk,
        &PaymentKey::new(),
        IC_CARD,
        TopUpOrder::Volume(Volume::from_m3(10).unwrap()),
        &Tender::cash(None),
        t(0),
    )
    .unwrap();
    let receipt = paid.receipt.receipt_no.clone();
    let s = transfer::situation(&d.store, IC_CARD, today()).unwrap();
    assert_eq!(s.card_unfinished, Some(Some(receipt.clone())));
    match d.commit(&sale(IC_CARD, new_holder("赵敏", 10)), 10) {
        Err(TransferError::CardUnfinished { receipt: r }) => assert_eq!(r, Some(receipt.clone())),
        other => panic!("expected the unfinished card write, got {other:?}"),
    }
    let refused = transfer::card_unfinished_text(Some(&receipt), gasdesk::i18n::Lang::En);
    assert!(
        refused.contains(&receipt) && refused.contains("F4"),
        "{refused}"
    );
    assert_eq!(d.holder(IC_CARD).0, "李娜", "nothing changed");
    cash::complete_card_write(
        &mut d.store,
        &clerk,
        paid.card_write.unwrap().id,
        &mut d.cards,
        t(5),
    )
    .unwrap();
    assert_eq!(
        transfer::situation(&d.store, IC_CARD, today())
            .unwrap()
            .card_unfinished,
        None
    );
    d.commit(&sale(IC_CARD, new_holder("赵敏", 10)), 10)
        .unwrap();
    d.check_passes();
}

/// An IC-card account with no purchase yet: no card write, and the slip says so rather
/// than saying nothing about the card.
#[test]
fn an_ic_card_without_purchases_is_named_on_the_slip() {
    let mut d = setup();
    d.open("1001");
    let done = d
        .commit(&sale(IC_CARD, new_holder("赵敏", 10)), 10)
        .unwrap();
    assert!(done.card_write_id.is_none());
    let slip = transfer::slip(&d.store, done.transfer_id).unwrap();
    assert!(slip.ic_card && slip.purchase_count.is_none());
    let text =
        gasdesk::printout::transfer::slip_text(&slip, gasdesk::i18n::Lang::En, false).join("\n");
    assert!(text.contains("IC-card meter: the gas stays"), "{text}");
    assert!(text.contains("no purchase on record"), "{text}");
    let mechanical = transfer::slip(&d.store, done.transfer_id).map(|mut s| {
        s.ic_card = false;
        gasdesk::printout::transfer::slip_text(&s, gasdesk::i18n::Lang::En, false).join("\n")
    });
    assert!(!mechanical.unwrap().contains("IC"));
}

/// The IC card is reissued to the new holder with the purchase count carried; the gas
/// stays on the meter.
#[test]
fn an_ic_card_is_reissued_with_its_purchase_count() {
    let mut d = setup();
    d.open("1001");
    let clerk = d.actor("1001");
    for i in 0..2 {
        let paid = cash::top_up(
            &mut d.store,
            &clerk,
            &PaymentKey::new(),
            IC_CARD,
            TopUpOrder::Volume(Volume::from_m3(10).unwrap()),
            &Tender::cash(None),
            t(i),
        )
        .unwrap();
        cash::complete_card_write(
            &mut d.store,
            &clerk,
            paid.card_write.unwrap().id,
            &mut d.cards,
            t(i),
        )
        .unwrap();
    }
    let done = d
        .commit(&sale(IC_CARD, new_holder("赵敏", 10)), 10)
        .unwrap();
    let write = cash::card_write_by_id(&d.store, done.card_write_id.unwrap()).unwrap();
    assert_eq!(write.purchase_count, 2);
    assert_eq!(
        transfer::slip(&d.store, done.transfer_id)
            .unwrap()
            .purchase_count,
        Some(2)
    );
    d.check_passes();
}

#[test]
fn a_transfer_back_needs_a_manager_and_keeps_both_in_history() {
    let mut d = setup();
    let done = d
        .commit(&sale(IC_CARD, new_holder("赵敏", 10)), 10)
        .unwrap();
    let clerk = d.actor("1001");
    for refused_by in ["1002", "2009", "1001"] {
        let e = transfer::transfer_back(
            &mut d.store,
            &clerk,
            &approve(refused_by),
            done.transfer_id,
            "办错户号",
            t(20),
        )
        .unwrap_err();
        assert!(
            matches!(
                e,
                TransferError::Cash(
                    CashError::ApproverNotManager { .. } | CashError::ApproverIsRequester
                )
            ),
            "{refused_by}: {e:?}"
        );
    }
    assert!(matches!(
        transfer::transfer_back(
            &mut d.store,
            &clerk,
            &approve("1009"),
            done.transfer_id,
            " ",
            t(20)
        ),
        Err(TransferError::ReasonRequired)
    ));
    let back = transfer::transfer_back(
        &mut d.store,
        &clerk,
        &approve("1009"),
        done.transfer_id,
        "办错户号",
        t(20),
    )
    .unwrap();
    assert_eq!(
        d.holder(IC_CARD),
        ("李娜".into(), Some(id(2).as_str().into()))
    );
    let h = transfer::history(&d.store, IC_CARD).unwrap();
    let names: Vec<&str> = h.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, vec!["李娜", "赵敏", "李娜"]);
    // Only the latest transfer can be transferred back.
    assert!(matches!(
        transfer::transfer_back(
            &mut d.store,
            &clerk,
            &approve("1009"),
            done.transfer_id,
            "x",
            t(30)
        ),
        Err(TransferError::NotLatest)
    ));
    let slip = transfer::slip(&d.store, back).unwrap();
    assert_eq!(slip.source, "back");
    assert!(slip.approved_by.unwrap().starts_with("1009"));
    d.check_passes();
}

#[test]
fn the_history_and_the_holder_cannot_be_changed_behind_a_transfer() {
    let mut d = setup();
    d.commit(&sale(IC_CARD, new_holder("赵敏", 10)), 10)
        .unwrap();
    let raw = common::raw(&d.store);
    for sql in [
        "UPDATE holder_history SET valid_to = '2030-01-01T00:00:00.000Z'",
        "DELETE FROM holder_history",
        // (A raw connection lacks the search functions a name change would call; the
        // ID number is under the same trigger.)
        "UPDATE account SET id_number = NULL WHERE id = 2",
        "UPDATE account SET id_number = NULL WHERE id = 1",
        "DELETE FROM transfer",
        "UPDATE transfer SET new_name = '钱多多'",
        "INSERT INTO holder_history (account_id, holder_name, valid_from, valid_to, transfer_id)
         VALUES (2, '钱多多', '2020-01-01', '2021-01-01T00:00:00.000Z', 1)",
    ] {
        let e = raw.execute(sql, []).unwrap_err().to_string();
        assert!(
            e.contains("transfer") || e.contains("holder") || e.contains("UNIQUE"),
            "{sql}: {e}"
        );
    }
    // Other details may still change without a transfer.
    raw.execute(
        "UPDATE account SET landline = '0551-1234567' WHERE id = 2",
        [],
    )
    .unwrap();
}

#[test]
fn the_registry_file_makes_pending_transfers_all_or_nothing() {
    let mut d = setup();
    let admin = d.actor("9000");
    let row = |account: &str, old: &str, old_id: u16, new_id: u16, case: &str| {
        check_registry_row(
            &RegistryInput {
                account_no: account.into(),
                old_name: old.into(),
                old_id_number: id(old_id).as_str().into(),
                old_phone: String::new(),
                new: HolderInput {
                    name: "新业主".into(),
                    id_number: id(new_id).as_str().into(),
                    phone: "13812345678".into(),
                    household_size: String::new(),
                },
                case_no: case.into(),
            },
            today(),
        )
        .unwrap()
    };
    let good = row("0000000001", "张伟", 1, 11, "BDC-1");
    let wrong_owner = row("0000000002", "李四", 2, 12, "BDC-2");
    let e = transfer::import_registry(
        &mut d.store,
        &admin,
        &[good.clone(), wrong_owner],
        "r.csv",
        t(0),
    )
    .unwrap_err();
    assert_eq!(e.0, 1);
    assert!(matches!(
        e.1,
        TransferError::OldOwnerMismatch { field: "name" }
    ));
    assert!(transfer::worklist(&d.store, 1, 50).unwrap().is_empty());
    let clerk = d.actor("1001");
    assert!(
        transfer::import_registry(
            &mut d.store,
            &clerk,
            std::slice::from_ref(&good),
            "r.csv",
            t(0)
        )
        .is_err()
    );
    assert_eq!(
        transfer::import_registry(
            &mut d.store,
            &admin,
            std::slice::from_ref(&good),
            "r.csv",
            t(0)
        )
        .unwrap(),
        1
    );
    let list = transfer::worklist(&d.store, 1, 50).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].registry_case_no.as_deref(), Some("BDC-1"));
    assert!(transfer::worklist(&d.store, 2, 50).unwrap().is_empty());
    // Twice is refused: one pending per account.
    assert!(matches!(
        transfer::import_registry(&mut d.store, &admin, &[good], "r.csv", t(0)),
        Err((0, TransferError::AlreadyPending { .. }))
    ));
    // A counter transfer of the account is refused while the registry's is pending...
    d.open("1001");
    d.reading(day(2026, 9, 1), 100);
    d.reading(today(), 100);
    let mut c = sale(MECHANICAL, new_holder("新业主", 11));
    assert!(matches!(
        d.commit(&c, 10),
        Err(TransferError::AlreadyPending { .. })
    ));
    // ...and completing the pending one takes it off the worklist.
    c.pending_id = Some(list[0].id);
    let done = d.commit(&c, 10).unwrap();
    assert_eq!(done.transfer_id, list[0].id);
    assert!(transfer::worklist(&d.store, 1, 50).unwrap().is_empty());
    assert_eq!(
        transfer::slip(&d.store, done.transfer_id)
            .unwrap()
            .registry_case_no
            .as_deref(),
        Some("BDC-1")
    );
    d.check_passes();
}

/// A registry transfer sent by mistake is cancelled by a manager of the office with a
/// reason; a clerk's number, the requester's own and another office's manager are
/// refused, and the account can then be transferred at the counter.
#[test]
fn a_pending_registry_transfer_is_cancelled_with_a_managers_approval() {
    let mut d = setup();
    let admin = d.actor("9000");
    let pending = check_registry_row(
        &RegistryInput {
            account_no: "0000000001".into(),
            old_name: "张伟".into(),
            old_id_number: id(1).as_str().into(),
            old_phone: String::new(),
            new: HolderInput {
                name: "新业主".into(),
                id_number: id(11).as_str().into(),
                phone: "13812345678".into(),
                household_size: String::new(),
            },
            case_no: "BDC-9".into(),
        },
        today(),
    )
    .unwrap();
    transfer::import_registry(&mut d.store, &admin, &[pending], "r.csv", t(0)).unwrap();
    let pending_id = transfer::worklist(&d.store, 1, 50).unwrap()[0].id;
    // From the command line: a clerk's number as the approver is refused, PINs asked.
    let db_path = d._dir.path().join("t.sqlite");
    let db_arg = db_path.to_str().unwrap();
    let cli = |approver: &str| {
        common::run(
            &[
                "--db",
                db_arg,
                "--lang",
                "en",
                "transfer",
                "cancel",
                "0000000001",
                "--reason",
                "registry withdrew it",
                "--as",
                "1001",
                "--approver",
                approver,
            ],
            "123456\n123456\n",
        )
    };
    let refused = cli("1002");
    assert!(!refused.status.success());
    assert!(
        common::stderr(&refused).contains("1002"),
        "{}",
        common::stderr(&refused)
    );
    assert_eq!(transfer::worklist(&d.store, 1, 50).unwrap().len(), 1);
    let clerk = d.actor("1001");
    let cancel = |d: &mut Desk, approver: &str, reason: &str| {
        transfer::cancel_pending(
            &mut d.store,
            &clerk,
            &approve(approver),
            pending_id,
            reason,
            t(5),
        )
    };
    for approver in ["1001", "1002", "2009"] {
        assert!(
            matches!(
                cancel(&mut d, approver, "登记错误"),
                Err(TransferError::Cash(_))
            ),
            "{approver} may not approve"
        );
    }
    assert!(matches!(
        cancel(&mut d, "1009", "  "),
        Err(TransferError::ReasonRequired)
    ));
    assert_eq!(
        transfer::worklist(&d.store, 1, 50).unwrap().len(),
        1,
        "nothing changed"
    );
    cancel(&mut d, "1009", "不动产登记中心撤回").unwrap();
    assert!(transfer::worklist(&d.store, 1, 50).unwrap().is_empty());
    assert!(
        transfer::pending_of_account(&d.store, MECHANICAL)
            .unwrap()
            .is_none()
    );
    assert!(matches!(
        cancel(&mut d, "1009", "again"),
        Err(TransferError::NoPending)
    ));
    let audit = db::audit::for_entity(&d.store, "account", "0000000001").unwrap();
    let row = audit
        .iter()
        .find(|a| a.action == "transfer_cancel")
        .expect("the cancel is audited");
    assert!(row.detail.contains("不动产登记中心撤回") && row.detail.contains("1009"));
    // The account is free for a counter transfer now.
    d.open("1001");
    d.reading(day(2026, 9, 1), 100);
    d.reading(today(), 100);
    d.commit(&sale(MECHANICAL, new_holder("另一位", 12)), 10)
        .unwrap();
    d.check_passes();
    // A second registry row for another account, cancelled from the command line.
    let second = check_registry_row(
        &RegistryInput {
            account_no: "0000000003".into(),
            old_name: "王芳".into(),
            old_id_number: id(3).as_str().into(),
            old_phone: String::new(),
            new: HolderInput {
                name: "新业主".into(),
                id_number: id(13).as_str().into(),
                phone: "13812345678".into(),
                household_size: String::new(),
            },
            case_no: "BDC-10".into(),
        },
        today(),
    )
    .unwrap();
    transfer::import_registry(&mut d.store, &admin, &[second], "r.csv", t(20)).unwrap();
    let out = common::run(
        &[
            "--db",
            db_arg,
            "--lang",
            "en",
            "transfer",
            "cancel",
            "0000000003",
            "--reason",
            "sale fell through",
            "--as",
            "1001",
            "--approver",
            "1009",
        ],
        "123456\n123456\n",
    );
    common::assert_ok(&out, "transfer cancel");
    assert!(
        common::stdout(&out).contains("The pending transfer of account 0000000003 is cancelled")
    );
    assert!(transfer::worklist(&d.store, 1, 50).unwrap().is_empty());
}

#[test]
fn a_fee_set_for_the_case_is_a_fee_receipt_in_the_open_drawer() {
    let mut d = setup();
    let text = include_str!("../data/transfer.toml").replacen("fee_fen = 0", "fee_fen = 2000", 1);
    let rules = TransferRules::parse(&text).unwrap();
    let clerk = d.actor("1001");
    let mut c = sale(IC_CARD, new_holder("赵敏", 10));
    c.fee = Some((Tender::cash(None), PaymentKey::new()));
    assert!(matches!(
        transfer::commit(&mut d.store, &clerk, &rules, &c, t(10)),
        Err(TransferError::Cash(CashError::NoOpenShift))
    ));
    d.open("1001");
    let done = transfer::commit(&mut d.store, &clerk, &rules, &c, t(10)).unwrap();
    let no = done.fee_receipt_no.unwrap();
    let receipt = cash::receipt_by_no(&d.store, &no).unwrap();
    assert_eq!(receipt.total, Fen(2000));
    assert_eq!(
        transfer::slip(&d.store, done.transfer_id).unwrap().fee,
        Some(Fen(2000))
    );
    d.check_passes();
}

/// A care entry belongs to the person: the account leaves the old holder's entry, which
/// is flagged for review; the new holder gets no marker.
#[test]
fn the_old_holders_care_entry_is_flagged_and_not_handed_on() {
    let mut d = setup();
    let raw = common::raw(&d.store);
    raw.execute_batch(
        "INSERT INTO care_person (office_id, categories, assistance, team, visit_every_days,
             registered_on, name, consent_by, consent_on, review_on)
         VALUES (1, 'elderly', 'group', '一组', 60, '2026-01-01', '李娜', 'person',
                 '2026-01-01', '2027-01-01');
         INSERT INTO care_account (person_id, account_id) VALUES (1, 2);",
    )
    .unwrap();
    assert!(
        db::care::marker_for_account(
            &d.store,
            IC_CARD,
            gasdesk::domain::care::CareRules::builtin(),
            gasdesk::i18n::Lang::Zh,
            today()
        )
        .unwrap()
        .is_some()
    );
    d.commit(&sale(IC_CARD, new_holder("赵敏", 10)), 10)
        .unwrap();
    assert!(
        db::care::marker_for_account(
            &d.store,
            IC_CARD,
            gasdesk::domain::care::CareRules::builtin(),
            gasdesk::i18n::Lang::Zh,
            today()
        )
        .unwrap()
        .is_none()
    );
    let review: String = raw
        .query_row("SELECT review_on FROM care_person WHERE id = 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(review, "2026-11-28");
}

/// Two counters transfer the same account; the one whose clock said later committed
/// first. The second's transfer is placed a millisecond after it: the periods still chain.
#[test]
fn a_transfer_that_waited_behind_a_later_one_still_chains() {
    let mut d = setup();
    d.commit(&sale(IC_CARD, new_holder("赵敏", 10)), 20)
        .unwrap();
    d.commit(&sale(IC_CARD, new_holder("钱多多", 11)), 10)
        .unwrap();
    let h = transfer::history(&d.store, IC_CARD).unwrap();
    assert_eq!(h.len(), 3);
    assert_eq!(h[1].from, "2026-11-28T01:00:20.000Z");
    assert_eq!(h[1].to.as_deref(), Some("2026-11-28T01:00:20.001Z"));
    d.check_passes();
}

/// An open new-install application at the account's address blocks the transfer (step 1
/// and the commit), and says which application; once it is cancelled the account passes.
#[test]
fn an_open_install_application_at_the_address_blocks_the_transfer() {
    use gasdesk::db::install::{self, Step};
    use gasdesk::domain::install::{ApplicationInput, Channel, InstallRules, WorkCalendar};
    let mut d = setup();
    let system = Actor::system();
    let mut flat = account(4, "陈静", &id(4), MeterKind::IcCard);
    flat.address = "天鹅湖畔 9栋2单元301室".into();
    db::account::insert_many(&mut d.store, &system, &[flat], "test").unwrap();
    let account_id = db::account::id_by_account_no(&d.store, "0000000004")
        .unwrap()
        .unwrap();
    let before = transfer::situation(&d.store, account_id, today()).unwrap();
    assert_eq!(before.open_install, None);
    let app = ApplicationInput {
        name: "陈静".into(),
        id_number: id(4).as_str().into(),
        phone: "13955123456".into(),
        district: "蜀山区".into(),
        compound: "天鹅湖畔".into(),
        building: "9".into(),
        unit: "2".into(),
        room: "301".into(),
        customer: CustomerType::Residential,
        household: "3".into(),
        channel: Channel::Counter,
        documents_seen: vec!["id_card".into(), "property".into()],
    }
    .check(
        InstallRules::builtin(),
        WorkCalendar::builtin(),
        &[],
        today(),
    )
    .unwrap();
    let clerk = d.actor("1001");
    let accepted = install::accept(&mut d.store, &clerk, &app, true, today(), t(1)).unwrap();
    let s = transfer::situation(&d.store, account_id, today()).unwrap();
    assert_eq!(s.open_install.as_deref(), Some(accepted.app_no.as_str()));
    let c = sale(account_id, new_holder("赵敏", 11));
    match d.commit(&c, 10) {
        Err(TransferError::InstallOpen { app_no }) => assert_eq!(app_no, accepted.app_no),
        other => panic!("expected the open application to block: {other:?}"),
    }
    assert_eq!(d.holder(account_id).0, "陈静");
    let manager = d.actor("1009");
    install::step(
        &mut d.store,
        &manager,
        accepted.id,
        None,
        &Step::Cancel {
            reason: "applied twice".into(),
        },
        today(),
        t(20),
    )
    .unwrap();
    let after = transfer::situation(&d.store, account_id, today()).unwrap();
    assert_eq!(after.open_install, None);
}
