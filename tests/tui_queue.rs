//! The counter's queue screen (F2) as a clerk sees it: the app driven by the events a
//! terminal sends, drawn on an 80x24 `TestBackend` and compared with reviewed snapshots in
//! both languages; every step checked in the store, and tickets issued by "another
//! process" (a second `Store` on the same file) picked up on the next tick.

mod common;

#[path = "tui_queue/harness.rs"]
mod harness;

#[path = "tui_queue/day_and_customer.rs"]
mod day_and_customer;

use std::time::Instant;

use gasdesk::db::queue::{self as q, IssueRequest, kiosk_actor};
use gasdesk::domain::queue::{CounterMode, EventKind, Outcome, TicketState};
use gasdesk::i18n::{self, Lang, Localized};
use gasdesk::tui::app::Clock;
use gasdesk::tui::screens::Screen;
use gasdesk::tui::screens::login::Login;
use gasdesk::tui::screens::queue::{Question, Step};
use harness::{COUNTER, Ui, at};
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

const LANGS: [Lang; 2] = [Lang::Zh, Lang::En];
fn snapshot(name: &str, lang: Lang, text: &str) {
    insta::assert_snapshot!(format!("{name}_{lang}"), text);
}

// ---- Snapshots ---------------------------------------------------------------------

#[test]
fn closed_then_open_and_idle() {
    for lang in LANGS {
        let mut ui = Ui::at_counter(lang);
        assert_eq!(ui.view().mode, CounterMode::Closed);
        let text = ui.draw();
        assert!(text.contains(i18n::QS_IDLE_CLOSED.get(lang)), "{text}");
        snapshot("queue_closed", lang, &text);
        ui.keys("o");
        assert_eq!(ui.view().mode, CounterMode::Open, "{}", ui.message());
        let text = ui.draw();
        let waiting = i18n::QS_WAITING_FOR_ME.fill(lang, &[("count", &3)]);
        assert!(text.contains(&waiting), "{text}");
        assert!(text.contains("A001"), "the next-up line names A001: {text}");
        snapshot("queue_open_idle", lang, &text);
    }
}

#[test]
fn calling_shows_the_number_why_and_first_contact() {
    for lang in LANGS {
        let mut ui = Ui::serving(lang);
        let called = ui.at_counters();
        assert_eq!(called.len(), 1, "exactly one ticket called: {called:?}");
        let t = &called[0];
        assert_eq!(
            (t.state, t.counter_no),
            (TicketState::Called, Some(COUNTER))
        );
        assert_eq!(t.owner.as_ref().map(|o| o.staff_no.as_str()), Some("1001"));
        let text = ui.draw();
        let why = ui
            .view()
            .current
            .and_then(|c| c.reason)
            .expect("the call records why")
            .localized(lang);
        assert!(text.contains("A001"), "{text}");
        assert!(text.contains(&why), "the reason {why:?} is shown: {text}");
        assert!(
            text.contains("1001"),
            "the first-contact owner is shown: {text}"
        );
        snapshot("queue_serving", lang, &text);
    }
}

#[test]
fn call_next_while_serving_asks_first() {
    for lang in LANGS {
        let mut ui = Ui::serving(lang);
        ui.keys("n");
        assert_eq!(ui.step(), &Step::ConfirmCallNext);
        snapshot("queue_confirm_call", lang, &ui.draw());
        ui.key(KeyCode::Esc);
        assert_eq!(ui.step(), &Step::None);
        assert_eq!(ui.at_counters().len(), 1, "staying calls nobody");
    }
}

/// An open question (finish first? which outcome?) never traps the clerk: F10 still quits.
#[test]
fn quitting_works_while_a_question_is_open() {
    for keys in ["n", "f"] {
        let mut ui = Ui::serving(Lang::Zh);
        ui.keys(keys);
        assert_ne!(ui.step(), &Step::None);
        ui.key(KeyCode::F(10));
        assert!(ui.app.quit, "F10 after {keys:?}");
    }
}

#[test]
fn finishing_asks_for_the_outcome_then_the_details() {
    for lang in LANGS {
        let mut ui = Ui::serving(lang);
        ui.keys("f");
        assert_eq!(ui.step(), &Step::ChooseOutcome { then_call: false });
        snapshot("queue_choose_outcome", lang, &ui.draw());
        ui.keys("1");
        assert!(matches!(
            ui.step(),
            Step::Finish {
                outcome: Outcome::Payment,
                ..
            }
        ));
        snapshot("queue_finish_form", lang, &ui.draw());
    }
}

#[test]
fn transfer_and_call_number_forms() {
    for lang in LANGS {
        let mut ui = Ui::serving(lang);
        ui.keys("t");
        assert!(matches!(ui.step(), Step::Transfer(_)));
        snapshot("queue_transfer_form", lang, &ui.draw());
        ui.key(KeyCode::Esc);
        assert_eq!(
            ui.step(),
            &Step::None,
            "Esc closes the form, not the screen"
        );
        ui.keys("x");
        ui.enter();
        assert!(ui.current().is_none(), "{}", ui.message());
        ui.keys("c");
        assert_eq!(ui.step(), &Step::PickTicket);
        snapshot("queue_pick_ticket", lang, &ui.draw());
        ui.key(KeyCode::Down);
        ui.enter();
        assert!(
            matches!(ui.step(), Step::CallTicket { number, .. } if number == "A002"),
            "{:?}",
            ui.step()
        );
        snapshot("queue_call_ticket_form", lang, &ui.draw());
    }
}

#[test]
fn parking_lists_the_ticket() {
    for lang in LANGS {
        let mut ui = Ui::serving(lang);
        ui.keys("p");
        assert!(matches!(ui.step(), Step::Park(_)));
        ui.keys("fetching ID card");
        ui.enter();
        assert_eq!(ui.step(), &Step::None, "{}", ui.message());
        assert_eq!(ui.ticket("A001").state, TicketState::Parked);
        let text = ui.draw();
        assert!(text.contains("A001"), "{text}");
        snapshot("queue_parked", lang, &text);
    }
}

#[test]
fn manager_panel_for_a_manager_only() {
    for lang in LANGS {
        let mut ui = Ui::serving(lang);
        ui.keys("m");
        assert_eq!(ui.message(), i18n::QS_PANEL_MANAGERS_ONLY.get(lang));
        assert!(!ui.screen().show_panel);

        // The manager of the office, on the same file, at no counter: F2 is the panel.
        ui.app.session = None;
        ui.app.stack = vec![Screen::Login(Login::new())];
        ui.login("1009");
        ui.f2();
        assert!(ui.screen().show_panel, "{}", ui.message());
        assert!(ui.screen().panel.is_some(), "{}", ui.message());
        ui.keys("m");
        assert!(
            ui.screen().show_panel,
            "nothing else to show without a counter"
        );
        let text = ui.draw();
        assert!(text.contains("A001"), "counter 1 serves A001: {text}");
        snapshot("queue_manager_panel", lang, &text);
    }
}

#[test]
fn a_manager_at_a_counter_toggles_the_panel() {
    let mut ui = Ui::new(Lang::Zh);
    ui.issue('B', 60);
    ui.app.counter = Some(6);
    ui.login("1009");
    ui.f2();
    assert!(!ui.screen().show_panel);
    assert_eq!(ui.screen().view.as_ref().map(|v| v.counter_no), Some(6));
    ui.keys("m");
    assert!(ui.screen().show_panel && ui.screen().panel.is_some());
    ui.keys("m");
    assert!(!ui.screen().show_panel);
}

// ---- Steps, checked in the store ---------------------------------------------------

#[test]
fn recall_waits_for_the_minimum_interval() {
    let lang = Lang::En;
    let mut ui = Ui::serving(lang);
    ui.keys("r");
    let refused = i18n::Q_RECALL_TOO_SOON.fill(lang, &[("seconds", &30)]);
    assert_eq!(ui.message(), refused);
    assert!(!ui.events("A001").contains(&EventKind::Recalled));
    assert!(ui.draw().contains(&refused));
    ui.app.set_clock(Clock::Fixed(at(31)));
    ui.keys("r");
    assert!(
        ui.events("A001").contains(&EventKind::Recalled),
        "{}",
        ui.message()
    );
    assert_eq!(ui.view().current.map(|c| c.recalls), Some(1));
    ui.app.set_clock(Clock::Fixed(at(62)));
    ui.keys("r");
    ui.app.set_clock(Clock::Fixed(at(93)));
    ui.keys("r");
    assert_eq!(ui.view().current.map(|c| c.recalls), Some(3));
    // At the cap the screen says what is left to do, and `r` says so too.
    let cap = q::QueueError::Recall(gasdesk::domain::queue::RecallRefused::CapReached { max: 3 })
        .localized(lang);
    assert!(ui.draw().contains(&cap), "{}", ui.draw());
    ui.app.set_clock(Clock::Fixed(at(200)));
    ui.keys("r");
    assert_eq!(ui.message(), cap);
}

#[test]
fn arrival_then_finish_with_an_account() {
    let mut ui = Ui::serving(Lang::Zh);
    ui.keys("a");
    assert_eq!(ui.ticket("A001").state, TicketState::Serving);
    let (id, account_no) = ui.an_account();
    ui.keys("f1");
    ui.keys(&account_no);
    ui.enter();
    assert_eq!(ui.step(), &Step::None, "{}", ui.message());
    let t = ui.ticket("A001");
    assert_eq!(t.state, TicketState::Finished);
    assert_eq!(t.outcome, Some(Outcome::Payment));
    assert_eq!(t.account_id, Some(id));
    assert!(ui.at_counters().is_empty());
}

#[test]
fn a_bad_account_number_is_refused_under_the_form() {
    let lang = Lang::En;
    let mut ui = Ui::serving(lang);
    ui.keys("f1");
    ui.keys("12345");
    ui.enter();
    assert!(matches!(ui.step(), Step::Finish { .. }), "the form stays");
    let text = ui.draw();
    assert!(text.contains(i18n::QS_BAD_ACCOUNT.get(lang)), "{text}");
    ui.app.handle_event(Event::Key(KeyEvent::new(
        KeyCode::Char('u'),
        KeyModifiers::CONTROL,
    )));
    ui.keys("1234567890");
    ui.enter();
    let unknown = q::QueueError::UnknownAccount("1234567890".into()).localized(lang);
    if common::raw(&ui.other).query_row(
        "SELECT count(*) FROM account WHERE account_no = '1234567890'",
        [],
        |r| r.get::<_, i64>(0),
    ) == Ok(0)
    {
        assert!(ui.draw().contains(&unknown), "{}", ui.draw());
    }
    assert_eq!(
        ui.ticket("A001").state,
        TicketState::Called,
        "nothing saved"
    );
    assert_eq!(ui.ticket("A001").outcome, None);
}

#[test]
fn call_next_while_serving_finishes_and_calls() {
    let mut ui = Ui::serving(Lang::Zh);
    ui.keys("n");
    ui.enter();
    assert_eq!(ui.step(), &Step::ChooseOutcome { then_call: true });
    ui.keys("5");
    ui.enter();
    assert_eq!(ui.step(), &Step::None, "{}", ui.message());
    let a001 = ui.ticket("A001");
    assert_eq!(
        (a001.state, a001.outcome),
        (TicketState::Finished, Some(Outcome::Enquiry))
    );
    let called = ui.at_counters();
    assert_eq!(called.len(), 1, "{called:?}");
    assert_eq!(called[0].number, "D001", "closest to its target next");
    assert!(ui.draw().contains("D001"));
}

#[test]
fn no_show_right_after_the_call_asks_first() {
    for lang in LANGS {
        let mut ui = Ui::serving(lang);
        ui.keys("x");
        assert_eq!(
            ui.step(),
            &Step::Confirm(Question::NoShow {
                ticket: ui.ticket("A001").id
            })
        );
        assert_eq!(ui.ticket("A001").state, TicketState::Called, "not yet");
        snapshot("queue_confirm_no_show", lang, &ui.draw());
        ui.key(KeyCode::Esc);
        assert_eq!(ui.ticket("A001").state, TicketState::Called, "no keeps it");
        ui.keys("x");
        ui.enter();
        assert_eq!(ui.ticket("A001").state, TicketState::NoShow);
        assert!(ui.view().current.is_none());
        let said = i18n::QD_NO_SHOW.fill(lang, &[("number", &"A001")]);
        assert_eq!(ui.message(), said);
    }
}

#[test]
fn no_show_after_a_recall_is_one_key() {
    let mut ui = Ui::serving(Lang::En);
    ui.app.set_clock(Clock::Fixed(at(31)));
    ui.keys("r");
    assert_eq!(ui.message(), "Recalled A001 the 1st time");
    ui.app.set_clock(Clock::Fixed(at(62)));
    ui.keys("r");
    assert_eq!(ui.message(), "Recalled A001 the 2nd time");
    ui.keys("x");
    assert_eq!(ui.ticket("A001").state, TicketState::NoShow);
    assert_eq!(ui.message(), "A001 marked no-show");
}

#[test]
fn park_then_resume_from_the_list() {
    let mut ui = Ui::serving(Lang::Zh);
    ui.keys("p");
    ui.keys("fetch papers");
    ui.enter();
    ui.keys("n");
    assert_eq!(ui.current().map(|t| t.number), Some("D001".into()));
    ui.keys("x");
    ui.enter();
    assert_eq!(ui.view().parked.len(), 1);
    assert_eq!(ui.view().parked[0].note, "fetch papers");
    ui.key(KeyCode::Down);
    ui.keys("u");
    let a001 = ui.ticket("A001");
    assert_eq!(
        (a001.state, a001.counter_no),
        (TicketState::Called, Some(COUNTER)),
        "{}",
        ui.message()
    );
    assert_eq!(
        ui.events("A001").last(),
        Some(&EventKind::Resumed),
        "resumed, not called anew"
    );
}

#[test]
fn transfer_keeps_the_issue_time_and_owner() {
    let mut ui = Ui::serving(Lang::Zh);
    let before = ui.ticket("A001");
    ui.keys("t");
    ui.keys("D");
    ui.enter();
    assert_eq!(ui.step(), &Step::None, "{}", ui.message());
    let after = ui.ticket("A001");
    assert_eq!((after.state, after.service), (TicketState::Waiting, 'D'));
    assert_eq!(after.issued_at, before.issued_at);
    assert_eq!(after.owner, before.owner);
    assert_eq!(ui.events("A001").last(), Some(&EventKind::Transferred));
    assert_eq!(ui.message(), "A001 已转至 D 咨询/其他");
}

#[test]
fn call_a_number_out_of_order_needs_a_reason() {
    let lang = Lang::Zh;
    let mut ui = Ui::at_counter(lang);
    ui.keys("o");
    ui.keys("c");
    // The list is in the policy's order: A001 (over target), D001, A002.
    let listed: Vec<String> = ui
        .screen()
        .view
        .as_ref()
        .unwrap()
        .callable
        .iter()
        .map(|t| t.number.clone())
        .collect();
    assert_eq!(listed, ["A001", "D001", "A002"]);
    ui.keys("jj");
    ui.enter();
    ui.enter();
    assert!(
        matches!(ui.step(), Step::CallTicket { .. }),
        "the form stays"
    );
    let text = ui.draw();
    let lines: Vec<&str> = text.lines().collect();
    let row = lines
        .iter()
        .position(|l| l.contains(i18n::Q_REASON_REQUIRED.get(lang)))
        .unwrap_or_else(|| panic!("no refusal in the form: {text}"));
    assert!(
        lines[row - 1].contains(i18n::QS_LABEL_REASON.get(lang)),
        "the refusal is under the reason: {text}"
    );
    assert!(text.contains("A002"), "the form names the ticket: {text}");
    assert!(ui.at_counters().is_empty(), "nobody called");
    ui.keys("elderly, standing");
    ui.enter();
    assert_eq!(ui.step(), &Step::None, "{}", ui.message());
    assert_eq!(ui.current().map(|t| t.number), Some("A002".into()));
    assert_eq!(ui.events("A002").last(), Some(&EventKind::CalledOutOfOrder));
}

#[test]
fn walk_in_is_served_at_once() {
    let mut ui = Ui::at_counter(Lang::Zh);
    ui.keys("o");
    ui.keys("w");
    ui.keys("A");
    ui.enter();
    assert_eq!(ui.step(), &Step::None, "{}", ui.message());
    let t = ui.ticket("A003");
    assert_eq!(
        (t.state, t.counter_no),
        (TicketState::Serving, Some(COUNTER))
    );
}

#[test]
fn another_process_issuing_is_picked_up_on_the_next_tick() {
    let mut ui = Ui::at_counter(Lang::Zh);
    ui.keys("o");
    ui.draw();
    let waiting = |ui: &Ui| ui.screen().view.as_ref().map(|v| v.waiting_for_me);
    assert_eq!(waiting(&ui), Some(3));
    assert!(!ui.app.tick(Instant::now()), "nothing committed: no reload");
    ui.issue('D', 0);
    assert!(
        ui.app.tick(Instant::now()),
        "another commit: reload and redraw"
    );
    assert_eq!(waiting(&ui), Some(4));
    let text = ui.draw();
    assert!(text.contains(&i18n::QS_WAITING_FOR_ME.fill(Lang::Zh, &[("count", &4)])));
    assert!(!ui.app.tick(Instant::now()), "seen: no second reload");
}

#[test]
fn global_keys_work_on_the_queue_screen() {
    let mut ui = Ui::serving(Lang::Zh);
    ui.keys("?");
    assert!(matches!(ui.app.screen(), Screen::Help(_)), "? opens help");
    ui.key(KeyCode::Esc);
    assert!(matches!(ui.app.screen(), Screen::Queue(_)));
    ui.key(KeyCode::F(10));
    assert!(ui.app.quit, "F10 quits: no form is open");
}

#[test]
fn the_parked_selection_follows_a_shrinking_list() {
    let mut ui = Ui::serving(Lang::Zh);
    ui.keys("p");
    ui.enter();
    ui.keys("n");
    ui.keys("p");
    ui.enter();
    assert_eq!(ui.view().parked.len(), 2, "{}", ui.message());
    ui.key(KeyCode::Down);
    ui.keys("u");
    assert_eq!(ui.current().map(|t| t.number), Some("D001".into()));
    ui.keys("x");
    ui.enter();
    ui.keys("u");
    assert_eq!(
        ui.current().map(|t| t.number),
        Some("A001".into()),
        "u resumes the one parked ticket left"
    );
}

#[test]
fn finish_and_call_with_nobody_left_still_finishes() {
    let mut ui = Ui::new(Lang::En);
    ui.issue('A', 60);
    ui.login("1001");
    ui.f2();
    ui.keys("on");
    ui.keys("n");
    ui.enter();
    ui.keys("1");
    ui.enter();
    assert_eq!(ui.ticket("A001").state, TicketState::Finished);
    assert_eq!(ui.step(), &Step::None, "the form closes: A001 is finished");
    let message = ui.message();
    assert!(message.contains("A001"), "{message}");
    assert!(
        message.contains(&q::QueueError::NothingWaiting.localized(Lang::En)),
        "{message}"
    );
}

#[test]
fn call_a_number_when_other_offices_have_days_too() {
    let mut ui = Ui::new(Lang::Zh);
    // Office 2's day is created first, so office 1's day id is not 1.
    let req = IssueRequest {
        office_id: 2,
        service: 'A',
        ..Default::default()
    };
    let now = ui.now();
    q::issue(&mut ui.other, &kiosk_actor(2), &ui.rules, &req, now).expect("office 2");
    ui.issue('A', 120);
    ui.issue('A', 60);
    ui.login("1001");
    ui.f2();
    ui.keys("oc");
    ui.key(KeyCode::Down);
    ui.enter();
    ui.keys("elderly");
    ui.enter();
    assert_eq!(ui.step(), &Step::None, "{:?}", ui.step());
    assert_eq!(ui.current().map(|t| t.number), Some("A002".into()));
}

/// A care-registered customer's ticket goes to the priority lane, and the counter serving
/// it sees the register's marker (what serving them needs), in both languages.
#[test]
fn a_care_registered_customers_ticket_is_priority_and_shows_the_marker() {
    for lang in [Lang::Zh, Lang::En] {
        let mut ui = Ui::new(lang);
        let account: String = common::raw(&ui.other)
            .query_row(
                "SELECT a.account_no FROM care_account c JOIN account a ON a.id = c.account_id
                 JOIN care_person p ON p.id = c.person_id
                 WHERE p.status = 'active' AND a.home_office_id = 1 ORDER BY a.id LIMIT 1",
                [],
                |r| r.get(0),
            )
            .expect("the demo registers someone in office 1");
        let req = IssueRequest {
            office_id: 1,
            service: 'A',
            account_no: Some(account),
            ..Default::default()
        };
        let now = ui.now();
        let ticket = q::issue(&mut ui.other, &kiosk_actor(1), &ui.rules, &req, now)
            .expect("issue")
            .ticket;
        assert!(
            ticket.priority,
            "the register puts the ticket in the priority lane"
        );
        ui.login("1001");
        ui.f2();
        ui.keys("on");
        assert_eq!(ui.current().map(|t| t.id), Some(ticket.id));
        assert!(ui.screen().care.is_some(), "the marker is loaded");
        let text = ui.draw();
        let mark = if lang == Lang::Zh { "关爱" } else { "Care" };
        assert!(text.contains(mark), "{text}");
    }
}

/// Closing a counter still serving a ticket is refused at once, naming the ticket, not
/// after a question whose yes the store would refuse.
#[test]
fn closing_a_counter_with_a_ticket_is_refused_before_asking() {
    let mut ui = Ui::serving(Lang::En);
    ui.ctrl('x');
    assert_eq!(ui.step(), &Step::None);
    assert!(ui.message().contains("A001"), "{}", ui.message());
    assert_eq!(ui.view().mode, CounterMode::Open);
}

/// Finishing a ticket that came with an account: the account is filled in, and Esc on
/// the untouched form closes it without a question.
#[test]
fn the_finish_form_has_the_tickets_account_filled_in() {
    let mut ui = Ui::new(Lang::En);
    let (_, account) = ui.an_account();
    let req = IssueRequest {
        office_id: 1,
        service: 'A',
        account_no: Some(account.clone()),
        ..Default::default()
    };
    let now = ui.now();
    q::issue(&mut ui.other, &kiosk_actor(1), &ui.rules, &req, now).expect("issue");
    ui.login("1001");
    ui.f2();
    ui.keys("on");
    ui.keys("f");
    ui.keys("1");
    let Step::Finish { form, .. } = ui.step() else {
        panic!("not the finish form: {:?}", ui.step())
    };
    assert_eq!(form.value(0), account);
    assert!(!ui.screen().is_dirty(), "nothing typed yet");
    ui.key(KeyCode::Esc);
    assert_eq!(ui.step(), &Step::None);
}

/// A parked note too long for its column ends in an ellipsis, never cut mid-word as if
/// it were the whole note.
#[test]
fn a_long_parked_note_is_cut_with_an_ellipsis() {
    let mut ui = Ui::serving(Lang::En);
    ui.keys("p");
    ui.keys("gone to fetch the ID card of her husband from the car park across the road");
    ui.enter();
    assert_eq!(ui.step(), &Step::None, "{}", ui.message());
    let text = ui.draw();
    // The parked list's row (inside the panel), not the message line under it.
    let line = text
        .lines()
        .find(|l| l.starts_with('│') && l.contains("A001") && l.contains("gone to fetch"))
        .unwrap_or_else(|| panic!("{text}"));
    let parked = &line[line.find("A001").unwrap()..];
    assert!(parked.contains('…'), "{line}");
}
