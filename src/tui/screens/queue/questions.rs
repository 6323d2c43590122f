//! The queue screen's questions and picks: a yes before a step that cannot be taken back
//! (a no-show right after the call, closing the counter, closing the day), picking the
//! ticket to call out of order from the waiting list, and the counter choice of a staff
//! member who has none.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::{Command, Ctx, QueueCommand, QueueScreen, Reply, Step};
use crate::domain::queue::CounterMode;
use crate::i18n;
use crate::keymap::{Action, KeyChord, Scope};
use crate::tui::widgets::form::{Field, Form};

/// What a yes does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Question {
    /// Mark the ticket just called a no-show (no recall yet).
    NoShow { ticket: i64 },
    /// Close this counter (Ctrl-X).
    CloseCounter,
    /// Close the office's business day (manager panel).
    CloseDay,
}

impl Question {
    pub fn command(self) -> QueueCommand {
        match self {
            Question::NoShow { ticket } => QueueCommand::NoShow { ticket },
            Question::CloseCounter => QueueCommand::Counter(CounterMode::Closed),
            Question::CloseDay => QueueCommand::CloseDay,
        }
    }
}

impl QueueScreen {
    /// The ticket at the counter was called and has not been recalled: the customer may
    /// still be on the way, so `x` asks first.
    pub(super) fn just_called(&self) -> bool {
        self.view
            .as_ref()
            .and_then(|v| v.current.as_ref())
            .is_some_and(|c| c.recalls == 0 && c.arrived_at.is_none())
    }

    /// The ticket at the counter names its customer (an account or a phone).
    pub(super) fn has_customer(&self) -> bool {
        self.view
            .as_ref()
            .and_then(|v| v.current.as_ref())
            .is_some_and(|c| c.ticket.account_id.is_some() || c.ticket.phone.is_some())
    }

    /// Why this counter cannot serve now (it is paused or closed), as the store would say.
    pub(super) fn not_open(&self) -> Option<crate::db::queue::QueueError> {
        let view = self.view.as_ref()?;
        (view.mode != crate::domain::queue::CounterMode::Open).then_some(
            crate::db::queue::QueueError::CounterNotOpen {
                counter: view.counter_no,
                mode: view.mode,
            },
        )
    }

    /// A key while a question or the waiting-list pick is open.
    pub(super) fn on_question_key(&mut self, ctx: &Ctx<'_>, key: &KeyEvent) -> Reply {
        let chord = KeyChord::from_event(key);
        let picking = self.step == Step::PickTicket;
        if picking {
            let len = self.view.as_ref().map_or(0, |v| v.callable.len());
            match ctx.keymap.action(Scope::Queue, &chord) {
                Some(Action::SelectNext) => {
                    self.waiting.next(len);
                    return Reply::Done;
                }
                Some(Action::SelectPrev) => {
                    self.waiting.prev();
                    return Reply::Done;
                }
                _ => {}
            }
        }
        match ctx.keymap.action_in(&[Scope::Dialog], &chord) {
            Some(Action::Confirm) if picking => {
                let picked = self
                    .view
                    .as_ref()
                    .and_then(|v| v.callable.get(self.waiting.selected));
                self.step = match picked {
                    Some(t) => Step::CallTicket {
                        ticket: t.id,
                        number: t.number.clone(),
                        form: Form::new(vec![Field::text(i18n::QS_LABEL_REASON, 60)]),
                    },
                    None => Step::None,
                };
                Reply::Done
            }
            Some(Action::Confirm) => match std::mem::replace(&mut self.step, Step::None) {
                Step::Confirm(question) => Reply::Run(Command::Queue(question.command())),
                _ => Reply::Done,
            },
            Some(Action::Cancel | Action::Back) => {
                self.step = Step::None;
                Reply::Done
            }
            // Quitting is never trapped by an open question.
            Some(Action::Quit) => Reply::Pass,
            _ if ctx.keymap.action(Scope::Global, &chord) == Some(Action::Quit) => Reply::Pass,
            _ => Reply::Done,
        }
    }

    /// A key while a staff member without a counter picks one: ↑/↓ and Enter, or the
    /// counter's number.
    pub(super) fn on_counter_choice(&mut self, ctx: &Ctx<'_>, key: &KeyEvent) -> Reply {
        let chord = KeyChord::from_event(key);
        let choose =
            |counter: i64| Reply::Run(Command::Queue(QueueCommand::ChooseCounter { counter }));
        if let KeyCode::Char(c) = key.code
            && let Some(d) = c.to_digit(10)
            && self.counters.iter().any(|k| k.number == i64::from(d))
        {
            return choose(i64::from(d));
        }
        match ctx.keymap.action(Scope::Queue, &chord) {
            Some(Action::SelectNext) => {
                self.choice.next(self.counters.len());
                return Reply::Done;
            }
            Some(Action::SelectPrev) => {
                self.choice.prev();
                return Reply::Done;
            }
            _ => {}
        }
        match ctx.keymap.action_in(&[Scope::Dialog], &chord) {
            Some(Action::Confirm) => match self.counters.get(self.choice.selected) {
                Some(c) => choose(c.number),
                None => Reply::Done,
            },
            _ => Reply::Pass,
        }
    }
}
