//! A meter reading typed at the counter (`m` in the customer view): the app driven by
//! key events on an 80x24 `TestBackend` with a fixed clock, the bill checked in the view
//! and in the store, refusals kept in the form, and the form's snapshots in both languages.

mod common;

use chrono::{DateTime, NaiveDate, Utc};
use common::app::Driver;
use gasdesk::i18n::Lang;
use gasdesk::tui::app::Clock;
use gasdesk::tui::screens::Screen;
use gasdesk::tui::screens::reading::{DATE, REGISTER};
use ratatui::crossterm::event::KeyCode;

const LANGS: [Lang; 2] = [Lang::Zh, Lang::En];

/// 09:30 UTC on 15 December 2026: 17:30 on the offices' clock. The demo is built at this
/// instant too, so its last readings (the 1st of the month) lie two weeks back.
fn at() -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(2026, 12, 15)
        .and_then(|d| d.and_hms_opt(9, 30, 0))
        .expect("valid date")
        .and_utc()
}

/// An account and its meter, with the meter's last reading `(date, litres)`.
struct Meter {
    account_id: i64,
    account_no: String,
    meter_id: i64,
    last: Option<(String, i64)>,
}

struct Ui(Driver);

impl std::ops::Deref for Ui {
    type Target = Driver;
    fn deref(&self) -> &Driver {
        &self.0
    }
}

impl std::ops::DerefMut for Ui {
    fn deref_mut(&mut self) -> &mut Driver {
        &mut self.0
    }
}

impl Ui {
    fn new(lang: Lang) -> Ui {
        Ui(Driver::demo(lang, Clock::Fixed(at())))
    }

    /// The first account (by id) whose only or first meter is of `kind`.
    fn meter(&self, kind: &str) -> Meter {
        let conn = common::raw(&self.app.store);
        let (account_id, account_no, meter_id): (i64, String, i64) = conn
            .query_row(
                "SELECT a.id, a.account_no, m.id FROM account a JOIN meter m ON m.account_id = a.id
                 WHERE m.kind = ?1 AND a.status = 'active'
                   AND NOT EXISTS (SELECT 1 FROM meter o WHERE o.account_id = a.id AND o.id <> m.id)
                 ORDER BY a.id LIMIT 1",
                [kind],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .expect("a demo account with such a meter");
        let last = conn
            .query_row(
                "SELECT read_on, register_litres FROM meter_reading WHERE meter_id = ?1
                 ORDER BY read_on DESC LIMIT 1",
                [meter_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .ok();
        Meter {
            account_id,
            account_no,
            meter_id,
            last,
        }
    }

    /// Clerk 1001 logged in, on the customer view of `account_no` (F3, number, Enter).
    fn at_customer(&mut self, account_no: &str) {
        self.login("1001");
        self.key(KeyCode::F(3));
        self.keys(account_no);
        self.key(KeyCode::Enter);
        if matches!(self.app.screen(), Screen::Search(_)) {
            self.key(KeyCode::Enter);
        }
        assert!(
            matches!(self.app.screen(), Screen::Customer(_)),
            "no customer view: {:?}",
            self.app.message
        );
    }

    /// The error under a field of the open reading form.
    fn field_error(&self, field: usize) -> Option<String> {
        match self.app.screen() {
            Screen::Reading(r) => r.form.fields[field].error.clone(),
            other => panic!("the reading form is not open: {other:?}"),
        }
    }

    fn readings(&self, meter_id: i64) -> i64 {
        common::raw(&self.app.store)
            .query_row(
                "SELECT count(*) FROM meter_reading WHERE meter_id = ?1",
                [meter_id],
                |r| r.get(0),
            )
            .expect("count readings")
    }
}

/// m³ as typed: whole litres written with three decimals.
fn m3(litres: i64) -> String {
    format!("{}.{:03}", litres / 1000, litres % 1000)
}

#[test]
fn a_reading_at_the_counter_bills_the_gas_used() {
    let mut ui = Ui::new(Lang::En);
    let meter = ui.meter("mechanical");
    let (last_on, last) = meter.last.clone().expect("demo meters have readings");
    ui.at_customer(&meter.account_no);
    let owed_before = match ui.app.screen() {
        Screen::Customer(c) => c.money.as_ref().expect("money").open_bills.len(),
        _ => unreachable!(),
    };
    let before = ui.readings(meter.meter_id);

    ui.keys("m");
    let Screen::Reading(form) = ui.app.screen() else {
        panic!("m did not open the reading form: {:?}", ui.app.message);
    };
    assert_eq!(form.meter_id, meter.meter_id);
    assert_eq!(form.form.value(DATE), "2026-12-15", "today's office date");
    assert_eq!(form.form.focus, REGISTER);

    // Lower than the last reading: refused in the form, which stays open.
    ui.keys(&m3(last - 1000));
    ui.key(KeyCode::Enter);
    let error = ui.field_error(REGISTER).expect("refused");
    assert!(error.contains("below the last one"), "{error}");
    assert_eq!(ui.readings(meter.meter_id), before);

    // A malformed register is refused before the store is asked.
    ui.ctrl('u');
    ui.keys("1,234");
    ui.key(KeyCode::Enter);
    assert!(ui.field_error(REGISTER).is_some());

    // A date after today, or on the last reading's day: refused under the date.
    ui.ctrl('u');
    ui.keys(&m3(last + 23_000));
    ui.key(KeyCode::BackTab);
    ui.ctrl('u');
    ui.keys("2026-12-16");
    ui.key(KeyCode::Enter);
    let error = ui.field_error(DATE).expect("future date refused");
    assert!(error.contains("after today"), "{error}");
    ui.ctrl('u');
    ui.keys(&last_on);
    ui.key(KeyCode::Enter);
    let error = ui.field_error(DATE).expect("same day refused");
    assert!(error.contains("already a reading"), "{error}");
    ui.ctrl('u');
    ui.keys("2026-13-01");
    ui.key(KeyCode::Enter);
    let error = ui.field_error(DATE).expect("bad date refused");
    assert!(error.contains("YYYY-MM-DD"), "{error}");
    assert_eq!(ui.readings(meter.meter_id), before);

    ui.ctrl('u');
    ui.keys("2026-12-15");
    ui.key(KeyCode::Enter);
    let Screen::Customer(view) = ui.app.screen() else {
        panic!("the form did not close: {:?}", ui.app.screen());
    };
    assert_eq!(view.detail.summary.id, meter.account_id);
    let money = view.money.clone().expect("money");
    assert_eq!(money.open_bills.len(), owed_before + 1);
    let bill = money
        .open_bills
        .iter()
        .find(|b| b.period_to == NaiveDate::from_ymd_opt(2026, 12, 15).unwrap())
        .expect("the new bill is owed");
    assert_eq!(bill.volume.litres(), 23_000);
    assert_eq!(bill.period_from.to_string(), last_on);
    let message = ui.message();
    assert_eq!(
        message,
        format!(
            "Billed: {last_on} to 2026-12-15 23.0 m³ {} yuan",
            bill.amount.yuan_string()
        )
    );
    assert_eq!(ui.readings(meter.meter_id), before + 1);
    let text = ui.draw();
    assert!(text.contains(&money.owed.yuan_string()), "{text}");
    assert!(text.contains(&message), "{text}");
}

#[test]
fn esc_closes_the_form_and_keeps_the_customer_view() {
    let mut ui = Ui::new(Lang::Zh);
    let meter = ui.meter("iot");
    let before = ui.readings(meter.meter_id);
    ui.at_customer(&meter.account_no);
    ui.keys("m");
    assert!(matches!(ui.app.screen(), Screen::Reading(_)));
    ui.keys("12");
    assert!(ui.app.screen().is_dirty(), "a typed register would be lost");
    ui.key(KeyCode::Esc);
    assert!(matches!(ui.app.screen(), Screen::Reading(_)), "asks first");
    ui.key(KeyCode::Char('y'));
    assert!(matches!(ui.app.screen(), Screen::Customer(_)));
    assert_eq!(ui.readings(meter.meter_id), before);
}

#[test]
fn an_ic_card_meter_is_not_read() {
    for lang in LANGS {
        let mut ui = Ui::new(lang);
        let meter = ui.meter("ic_card");
        ui.at_customer(&meter.account_no);
        ui.keys("m");
        assert!(matches!(ui.app.screen(), Screen::Customer(_)));
        let expected = match lang {
            Lang::Zh => "IC卡表为预付费",
            Lang::En => "IC-card meters are prepaid",
        };
        assert!(ui.message().contains(expected), "{}", ui.message());
    }
}

#[test]
fn reading_form_snapshots() {
    for lang in LANGS {
        let mut ui = Ui::new(lang);
        let meter = ui.meter("mechanical");
        ui.at_customer(&meter.account_no);
        ui.keys("m");
        ui.keys("1,5");
        ui.key(KeyCode::Enter);
        let text = ui.draw();
        insta::assert_snapshot!(format!("reading_form_{lang}"), text);
    }
}

#[test]
fn the_form_shows_the_last_reading_and_warns_of_an_expired_meter() {
    for lang in LANGS {
        let mut ui = Ui::new(lang);
        let meter = ui.meter("mechanical");
        let (date, litres) = meter.last.clone().expect("the demo reads its meters");
        // Its approval ran out yesterday.
        common::raw(&ui.app.store)
            .execute(
                "UPDATE meter SET expires_on = '2026-12-14' WHERE id = ?1",
                [meter.meter_id],
            )
            .expect("expire the meter");
        ui.at_customer(&meter.account_no);
        ui.keys("m");
        assert!(matches!(ui.app.screen(), Screen::Reading(_)));
        let text = ui.draw();
        assert!(
            text.contains(&date),
            "the last date, before anything is typed:\n{text}"
        );
        let register = gasdesk::domain::tariff::Volume(litres).to_string();
        assert!(text.contains(&register), "the last register:\n{text}");
        assert!(text.contains("2026-12-14"), "the expiry warning:\n{text}");
        insta::assert_snapshot!(format!("reading_form_opened_{lang}"), text);
    }
}
