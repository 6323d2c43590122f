//! The queue screen's forms without a terminal or a store: what they send, and what they
//! refuse under which field before anything is sent.

use chrono::{TimeZone, Utc};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::domain::queue::builtin_rules;
use crate::i18n::Lang;
use crate::keymap::Keymap;

struct Harness {
    keymap: Keymap,
    rules: crate::domain::queue::QueueRules,
    screen: QueueScreen,
}

impl Harness {
    fn with(step: Step) -> Harness {
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 1, 30, 0).unwrap();
        let mut screen = QueueScreen::new(now);
        screen.step = step;
        Harness {
            keymap: Keymap::builtin(),
            rules: builtin_rules(),
            screen,
        }
    }

    fn key(&mut self, code: KeyCode) -> Reply {
        let ctx = Ctx {
            keymap: &self.keymap,
            lang: Lang::En,
            rules: &self.rules,
        };
        self.screen
            .on_key(&ctx, &KeyEvent::new(code, KeyModifiers::NONE))
    }

    fn typed(&mut self, text: &str) {
        for c in text.chars() {
            self.key(KeyCode::Char(c));
        }
    }

    fn error(&self, field: usize) -> Option<String> {
        self.screen
            .step_form()
            .and_then(|f| f.fields[field].error.clone())
    }
}

#[test]
fn a_walk_in_is_sent_typed_and_a_malformed_account_is_refused_under_it() {
    let mut h = Harness::with(Step::QuickServe(quick_serve_form()));
    h.typed("b");
    h.key(KeyCode::Tab);
    h.typed("12345");
    assert_eq!(h.key(KeyCode::Enter), Reply::Done, "nothing is sent");
    assert_eq!(
        h.error(1).as_deref(),
        Some(i18n::QS_BAD_ACCOUNT.get(Lang::En))
    );
    assert_eq!(h.error(0), None);
}

#[test]
fn a_walk_in_needs_one_service_letter() {
    for bad in ["", "1"] {
        let mut h = Harness::with(Step::QuickServe(quick_serve_form()));
        h.typed(bad);
        assert_eq!(h.key(KeyCode::Enter), Reply::Done, "{bad:?}");
        assert_eq!(
            h.error(0).as_deref(),
            Some(i18n::QS_BAD_SERVICE_LETTER.get(Lang::En)),
            "{bad:?}"
        );
    }
    let mut h = Harness::with(Step::QuickServe(quick_serve_form()));
    h.typed("c");
    assert_eq!(
        h.key(KeyCode::Enter),
        Reply::Run(Command::Queue(QueueCommand::QuickServe {
            service: 'C',
            account_no: None,
        }))
    );
}

#[test]
fn a_call_out_of_order_needs_its_reason_and_sends_the_picked_ticket() {
    let mut h = Harness::with(Step::CallTicket {
        ticket: 7,
        number: "A007".into(),
        form: Form::new(vec![Field::text(i18n::QS_LABEL_REASON, 60)]),
    });
    h.typed("   ");
    assert_eq!(h.key(KeyCode::Enter), Reply::Done);
    assert_eq!(
        h.error(0).as_deref(),
        Some(i18n::Q_REASON_REQUIRED.get(Lang::En))
    );
    h.typed("elderly");
    assert_eq!(
        h.key(KeyCode::Enter),
        Reply::Run(Command::Queue(QueueCommand::CallTicket {
            ticket: 7,
            reason: "   elderly".into(),
        }))
    );
}

#[test]
fn a_question_runs_its_step_only_on_yes() {
    let mut h = Harness::with(Step::Confirm(Question::NoShow { ticket: 3 }));
    assert_eq!(h.key(KeyCode::Char('x')), Reply::Done, "other keys wait");
    assert_eq!(h.key(KeyCode::Esc), Reply::Done);
    assert_eq!(h.screen.step, Step::None);
    h.screen.step = Step::Confirm(Question::CloseCounter);
    assert_eq!(
        h.key(KeyCode::Char('y')),
        Reply::Run(Command::Queue(QueueCommand::Counter(CounterMode::Closed)))
    );
    assert_eq!(h.screen.step, Step::None);
}

#[test]
fn field_parsers_take_only_what_they_name() {
    assert_eq!(service_field(" b "), Ok(Some('B')));
    assert_eq!(service_field(""), Ok(None));
    assert_eq!(service_field("AB"), Err(()));
    assert_eq!(service_field("张"), Err(()));
    assert_eq!(counter_field(" 3 "), Ok(Some(3)));
    assert_eq!(counter_field(""), Ok(None));
    assert_eq!(counter_field("三"), Err(()));
    assert_eq!(account_field(""), Ok(None));
    assert_eq!(account_field("12"), Err(()));
}

#[test]
fn only_a_managers_footer_offers_the_office_panel() {
    let now = chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap();
    let clerk = QueueScreen::new(now);
    let manager = QueueScreen::new(now).for_manager(true);
    assert!(!clerk.footer_actions().contains(&Action::ManagerPanel));
    assert!(manager.footer_actions().contains(&Action::ManagerPanel));
    use crate::tui::screens::cash::CashScreen;
    assert!(
        !CashScreen::new(false, false)
            .footer_actions()
            .contains(&Action::ReopenShift)
    );
    assert!(
        CashScreen::new(false, true)
            .footer_actions()
            .contains(&Action::ReopenShift)
    );
}
