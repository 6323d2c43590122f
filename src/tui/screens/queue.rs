//! The counter's queue screen (F2): open, pause and close the counter; call, recall,
//! confirm arrival, park, resume, transfer, call a ticket out of order (picked from the
//! counter's waiting list), finish with an outcome, open the customer of the ticket.
//! Managers toggle the office panel with the same screen and close the day from it. A
//! staff member with no counter picks one first. Shared state: the app reloads it
//! whenever another process commits (`PRAGMA data_version`).

mod panel;
mod questions;
mod render;

pub use questions::Question;

use chrono::{DateTime, Utc};
use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::{Command, Ctx, Reply};
use crate::db::office::Counter;
use crate::db::queue::{CounterView, ManagerPanel};
use crate::domain::account::is_account_no;
use crate::domain::queue::{CounterMode, Outcome};
use crate::i18n;
use crate::keymap::{Action, KeyChord, Scope};
use crate::tui::widgets::form::{Field, Form, FormEvent};
use crate::tui::widgets::table::Selection;

/// The service letter of new installs (燃气新装, data/services.toml): its ticket at the
/// counter opens F5's new application for the customer.
pub const NEW_INSTALL_SERVICE: char = 'B';

/// What the clerk asked the store to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueueCommand {
    Reload,
    Counter(CounterMode),
    CallNext,
    Recall {
        ticket: i64,
    },
    Arrived {
        ticket: i64,
    },
    NoShow {
        ticket: i64,
    },
    Park {
        ticket: i64,
        note: String,
    },
    Resume {
        ticket: i64,
    },
    /// To another service (its letter) and/or a named counter.
    Transfer {
        ticket: i64,
        service: Option<char>,
        counter: Option<i64>,
        note: String,
    },
    /// A ticket picked from the counter's waiting list, out of order, with the reason.
    CallTicket {
        ticket: i64,
        reason: String,
    },
    Finish {
        ticket: i64,
        outcome: Outcome,
        /// A well-formed account number, if the clerk gave one.
        account_no: Option<String>,
        reference: Option<String>,
        note: String,
        then_call: bool,
    },
    QuickServe {
        service: char,
        account_no: Option<String>,
    },
    TogglePanel,
    /// The manager closes the office's business day (after a yes).
    CloseDay,
    /// A staff member without a counter sits at this one for the session.
    ChooseCounter {
        counter: i64,
    },
    /// The customer of the ticket at the counter: the customer view (or the search for
    /// its phone).
    OpenCustomer {
        ticket: i64,
    },
    /// A new-install ticket at the counter: F5's new application for its customer.
    StartInstall {
        ticket: i64,
    },
}

/// A step that needs more than one key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    None,
    /// Calling the next while a customer is at the counter: finish first, or stay.
    ConfirmCallNext,
    /// Finishing: pick the outcome (digit keys), then the optional account, reference, note.
    ChooseOutcome {
        then_call: bool,
    },
    Finish {
        outcome: Outcome,
        then_call: bool,
        form: Form,
    },
    Transfer(Form),
    /// Picking the ticket to call out of order from the waiting list (↑/↓, Enter).
    PickTicket,
    /// The reason for calling `number` out of order.
    CallTicket {
        ticket: i64,
        number: String,
        form: Form,
    },
    Park(Form),
    QuickServe(Form),
    /// A yes/no question before a step that cannot be taken back.
    Confirm(Question),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueScreen {
    pub view: Option<CounterView>,
    pub panel: Option<ManagerPanel>,
    pub show_panel: bool,
    pub step: Step,
    /// Selection in the parked list (resume picks it).
    pub parked: Selection,
    /// Selection in the waiting list (while picking a ticket to call out of order).
    pub waiting: Selection,
    /// The office's counters, offered to a staff member who has none.
    pub counters: Vec<Counter>,
    /// Selection in the counter choice.
    pub choice: Selection,
    /// The time the view was loaded, for waiting and serving durations.
    pub now: DateTime<Utc>,
    /// The care register's marker for the ticket being served (what serving them needs).
    pub care: Option<crate::db::care::CareMarker>,
    /// Whether the staff member is a manager (the office panel is offered in the footer;
    /// the store decides what a clerk may do whatever the footer says).
    pub manager: bool,
}

impl QueueScreen {
    pub fn new(now: DateTime<Utc>) -> QueueScreen {
        QueueScreen {
            view: None,
            panel: None,
            show_panel: false,
            step: Step::None,
            parked: Selection::default(),
            waiting: Selection::default(),
            counters: Vec::new(),
            choice: Selection::default(),
            now,
            care: None,
            manager: false,
        }
    }

    /// The form of the current step, if it has one (a form takes typed text).
    fn form_mut(&mut self) -> Option<&mut Form> {
        match &mut self.step {
            Step::Finish { form, .. }
            | Step::Transfer(form)
            | Step::CallTicket { form, .. }
            | Step::Park(form)
            | Step::QuickServe(form) => Some(form),
            _ => None,
        }
    }

    /// The form of the current step, to read.
    pub fn step_form(&self) -> Option<&Form> {
        match &self.step {
            Step::Finish { form, .. }
            | Step::Transfer(form)
            | Step::CallTicket { form, .. }
            | Step::Park(form)
            | Step::QuickServe(form) => Some(form),
            _ => None,
        }
    }

    pub fn has_form(&self) -> bool {
        self.step_form().is_some()
    }

    /// A question or a pick is open: Enter and Esc answer it.
    pub fn asks(&self) -> bool {
        matches!(
            self.step,
            Step::Confirm(_) | Step::ConfirmCallNext | Step::PickTicket
        ) || self.choosing_counter()
    }

    pub fn is_dirty(&self) -> bool {
        // The finish form comes with the ticket's account filled in: only a change from
        // that is the clerk's input.
        if let Step::Finish { form, .. } = &self.step {
            let prefilled = self
                .view
                .as_ref()
                .and_then(|v| v.current.as_ref())
                .and_then(|c| c.ticket.account_no.clone())
                .unwrap_or_default();
            return form.value(0).trim() != prefilled
                || form.fields[1..].iter().any(|f| !f.input.is_empty());
        }
        self.step_form().is_some_and(Form::is_dirty)
    }

    fn current_ticket(&self) -> Option<i64> {
        self.view.as_ref()?.current.as_ref().map(|c| c.ticket.id)
    }

    /// The ticket at the counter is one of the new-install service (燃气新装).
    pub fn serving_new_install(&self) -> bool {
        self.view
            .as_ref()
            .and_then(|v| v.current.as_ref())
            .is_some_and(|c| c.ticket.service == NEW_INSTALL_SERVICE)
    }

    /// The account of the ticket at the counter, if it carries one.
    pub fn serving_account(&self) -> Option<i64> {
        self.view.as_ref()?.current.as_ref()?.ticket.account_id
    }

    /// No counter to show: the staff member picks one from the office's counters.
    pub fn choosing_counter(&self) -> bool {
        self.view.is_none() && !self.show_panel && !self.counters.is_empty()
    }

    /// Shows a refusal from the store under the first field of the open form.
    pub fn fail(&mut self, message: String) -> bool {
        self.fail_at(0, message)
    }

    /// Shows a refusal under field `field` of the open form (the last if it has fewer).
    pub fn fail_at(&mut self, field: usize, message: String) -> bool {
        match self.form_mut() {
            Some(form) => {
                form.fail(field, message);
                true
            }
            None => false,
        }
    }

    /// The counter view read again from the store.
    pub fn loaded(&mut self, load: super::outcome::QueueLoad) {
        // The parked list may have shrunk (resumed here or at another counter).
        let parked = load.view.as_ref().map_or(0, |v| v.parked.len());
        self.parked.selected = self.parked.selected.min(parked.saturating_sub(1));
        let waiting = load.view.as_ref().map_or(0, |v| v.callable.len());
        self.waiting.selected = self.waiting.selected.min(waiting.saturating_sub(1));
        if self.step == Step::PickTicket && waiting == 0 {
            self.step = Step::None;
        }
        self.counters = load.counters;
        // A manager without a counter has only the panel to look at.
        if load.view.is_none() && load.panel.is_some() {
            self.show_panel = true;
        }
        self.view = load.view;
        self.panel = load.panel;
        self.care = load.care;
        self.now = load.now;
    }

    /// The store did what was asked: back to the plain counter view.
    pub fn done(&mut self) {
        self.step = Step::None;
    }

    pub fn on_paste(&mut self, text: &str) -> Reply {
        Reply::pasted(self.form_mut().map(|f| f.paste(text)), text)
    }

    pub fn on_key(&mut self, ctx: &Ctx<'_>, key: &KeyEvent) -> Reply {
        let chord = KeyChord::from_event(key);
        if matches!(self.step, Step::Confirm(_) | Step::PickTicket) {
            return self.on_question_key(ctx, key);
        }
        if self.step == Step::None && self.choosing_counter() {
            return self.on_counter_choice(ctx, key);
        }
        match &mut self.step {
            Step::ConfirmCallNext => {
                return match ctx.keymap.action_in(&[Scope::Dialog, Scope::Queue], &chord) {
                    Some(Action::Confirm | Action::Finish) => {
                        self.step = Step::ChooseOutcome { then_call: true };
                        Reply::Done
                    }
                    Some(Action::Cancel | Action::Back) => {
                        self.step = Step::None;
                        Reply::Done
                    }
                    // Quitting is never trapped by an open question.
                    Some(Action::Quit) => Reply::Pass,
                    _ => Reply::Done,
                };
            }
            Step::ChooseOutcome { then_call } => {
                let then_call = *then_call;
                if let KeyCode::Char(c) = key.code
                    && let Some(outcome) = c
                        .to_digit(10)
                        .and_then(|d| Outcome::ALL.get((d as usize).wrapping_sub(1)))
                {
                    // The ticket's account, when it came with one, is already filled in.
                    let mut form = finish_form();
                    if let Some(account) = self
                        .view
                        .as_ref()
                        .and_then(|v| v.current.as_ref())
                        .and_then(|c| c.ticket.account_no.clone())
                    {
                        form.fields[0].input.set(&account);
                    }
                    self.step = Step::Finish {
                        outcome: *outcome,
                        then_call,
                        form,
                    };
                    return Reply::Done;
                }
                match ctx.keymap.action_in(&[Scope::Dialog], &chord) {
                    Some(Action::Cancel | Action::Back) => self.step = Step::None,
                    Some(Action::Quit) => return Reply::Pass,
                    _ => {}
                }
                return Reply::Done;
            }
            Step::None => {}
            _ => return self.on_form_key(ctx, key),
        }
        let ticket = self.current_ticket();
        let need = |t: Option<i64>, f: fn(i64) -> QueueCommand| match t {
            Some(id) => Reply::Run(Command::Queue(f(id))),
            None => Reply::Done,
        };
        match ctx.keymap.action(Scope::Queue, &chord) {
            Some(Action::CallNext) if ticket.is_some() => {
                self.step = Step::ConfirmCallNext;
                Reply::Done
            }
            Some(Action::CallNext) => Reply::Run(Command::Queue(QueueCommand::CallNext)),
            Some(Action::Recall) => need(ticket, |t| QueueCommand::Recall { ticket: t }),
            Some(Action::Arrived) => need(ticket, |t| QueueCommand::Arrived { ticket: t }),
            // A customer not yet recalled may still be on the way: asked first.
            Some(Action::NoShow) if self.just_called() => {
                if let Some(t) = ticket {
                    self.step = Step::Confirm(Question::NoShow { ticket: t });
                }
                Reply::Done
            }
            Some(Action::NoShow) => need(ticket, |t| QueueCommand::NoShow { ticket: t }),
            Some(Action::OpenCustomer) if self.has_customer() => {
                need(ticket, |t| QueueCommand::OpenCustomer { ticket: t })
            }
            Some(Action::InstallFromTicket) if self.serving_new_install() => {
                need(ticket, |t| QueueCommand::StartInstall { ticket: t })
            }
            Some(Action::Park) if ticket.is_some() => {
                self.step = Step::Park(Form::new(vec![Field::text(i18n::QS_LABEL_NOTE, 60)]));
                Reply::Done
            }
            Some(Action::Finish) if ticket.is_some() => {
                self.step = Step::ChooseOutcome { then_call: false };
                Reply::Done
            }
            Some(Action::TransferTicket) if ticket.is_some() => {
                self.step = Step::Transfer(transfer_form());
                Reply::Done
            }
            Some(Action::CallSpecific) if ticket.is_none() => {
                if self.view.as_ref().is_some_and(|v| !v.callable.is_empty()) {
                    self.waiting.reset();
                    self.step = Step::PickTicket;
                    Reply::Done
                } else {
                    Reply::Run(Command::Queue(QueueCommand::CallNext))
                }
            }
            // A walk-in is served only at an open counter: said before the form, not after.
            Some(Action::QuickServe) if ticket.is_none() => match self.not_open() {
                Some(refused) => {
                    Reply::Refuse(crate::i18n::Localized::localized(&refused, ctx.lang))
                }
                None => {
                    self.step = Step::QuickServe(quick_serve_form());
                    Reply::Done
                }
            },
            Some(Action::Resume) => {
                let parked = self
                    .view
                    .as_ref()
                    .and_then(|v| v.parked.get(self.parked.selected))
                    .map(|p| p.ticket.id);
                need(parked, |t| QueueCommand::Resume { ticket: t })
            }
            Some(Action::SelectNext) => {
                let len = self.view.as_ref().map_or(0, |v| v.parked.len());
                self.parked.next(len);
                Reply::Done
            }
            Some(Action::SelectPrev) => {
                self.parked.prev();
                Reply::Done
            }
            // After the manager has closed the day nothing is called: opening says so.
            Some(Action::OpenCounter) => {
                match self.view.as_ref().and_then(|v| v.closed_day.as_ref()) {
                    Some(day) => Reply::Refuse(
                        i18n::QD_COUNTER_DAY_CLOSED.fill(ctx.lang, &[("day", &day.day)]),
                    ),
                    None => Reply::Run(Command::Queue(QueueCommand::Counter(CounterMode::Open))),
                }
            }
            Some(Action::PauseCounter) => {
                Reply::Run(Command::Queue(QueueCommand::Counter(CounterMode::Paused)))
            }
            // What the store would refuse is refused before the question, not after it.
            Some(Action::CloseCounter) if self.view.is_some() => {
                let serving = self.view.as_ref().and_then(|v| {
                    v.current
                        .as_ref()
                        .map(|c| (v.counter_no, c.ticket.number.clone()))
                });
                match serving {
                    Some((counter, number)) => Reply::Refuse(
                        i18n::Q_COUNTER_HAS_TICKET
                            .fill(ctx.lang, &[("counter", &counter), ("number", &number)]),
                    ),
                    None => {
                        self.step = Step::Confirm(Question::CloseCounter);
                        Reply::Done
                    }
                }
            }
            Some(Action::CloseDay) if self.show_panel && self.panel.is_some() => {
                let open: Vec<String> = self
                    .panel
                    .iter()
                    .flat_map(|p| &p.shifts)
                    .filter(|s| s.state != crate::db::cash::ShiftState::Closed)
                    .map(|s| format!("{} {}", s.staff_no, s.staff_name))
                    .collect();
                if open.is_empty() {
                    self.step = Step::Confirm(Question::CloseDay);
                    Reply::Done
                } else {
                    let refused = crate::db::queue::QueueError::ShiftsStillOpen {
                        clerks: open.join("、"),
                    };
                    Reply::Refuse(crate::i18n::Localized::localized(&refused, ctx.lang))
                }
            }
            Some(Action::ManagerPanel) => Reply::Run(Command::Queue(QueueCommand::TogglePanel)),
            // The lookup falls back to [global]: quit, help, back and the F-keys go on to
            // the app, which also ignores a counter key that does not apply now.
            _ => Reply::Pass,
        }
    }

    fn on_form_key(&mut self, ctx: &Ctx<'_>, key: &KeyEvent) -> Reply {
        let chord = KeyChord::from_event(key);
        if !chord.is_text() && ctx.keymap.action(Scope::Form, &chord) == Some(Action::Back) {
            self.step = Step::None;
            return Reply::Done;
        }
        let Some(form) = self.form_mut() else {
            return Reply::Pass;
        };
        match form.handle_key(ctx.keymap, key) {
            FormEvent::Submit => self.submit(ctx.lang),
            FormEvent::Refused => Reply::Refused,
            FormEvent::Ignored => {
                // Esc (global back) closes the form instead of leaving the screen.
                if ctx.keymap.action(Scope::Queue, &chord) == Some(Action::Back) {
                    self.step = Step::None;
                    Reply::Done
                } else {
                    Reply::Pass
                }
            }
            _ => Reply::Done,
        }
    }

    /// The open form as a typed command; what the form itself can tell is wrong (a
    /// letter that is no service letter, a counter that is no number, a malformed account
    /// number, a missing reason) is said under its field and nothing is sent.
    fn submit(&mut self, lang: i18n::Lang) -> Reply {
        let ticket = self.current_ticket();
        let command = match &self.step {
            Step::Finish {
                outcome,
                then_call,
                form,
            } => match (ticket, account_field(&form.value(0))) {
                (_, Err(())) => Err((0, i18n::QS_BAD_ACCOUNT)),
                (Some(t), Ok(account_no)) => Ok(Some(QueueCommand::Finish {
                    ticket: t,
                    outcome: *outcome,
                    account_no,
                    reference: Some(form.value(1).trim().to_string()).filter(|r| !r.is_empty()),
                    note: form.value(2),
                    then_call: *then_call,
                })),
                (None, Ok(_)) => Ok(None),
            },
            Step::Transfer(form) => {
                match (service_field(&form.value(0)), counter_field(&form.value(1))) {
                    (Err(()), _) => Err((0, i18n::QS_BAD_SERVICE_LETTER)),
                    (_, Err(())) => Err((1, i18n::QS_BAD_COUNTER)),
                    (Ok(service), Ok(counter)) => Ok(ticket.map(|t| QueueCommand::Transfer {
                        ticket: t,
                        service,
                        counter,
                        note: form.value(2),
                    })),
                }
            }
            Step::CallTicket { ticket, form, .. } => {
                let reason = form.value(0);
                if reason.trim().is_empty() {
                    Err((0, i18n::Q_REASON_REQUIRED))
                } else {
                    Ok(Some(QueueCommand::CallTicket {
                        ticket: *ticket,
                        reason,
                    }))
                }
            }
            Step::Park(form) => Ok(ticket.map(|t| QueueCommand::Park {
                ticket: t,
                note: form.value(0),
            })),
            Step::QuickServe(form) => {
                match (service_field(&form.value(0)), account_field(&form.value(1))) {
                    (Err(()) | Ok(None), _) => Err((0, i18n::QS_BAD_SERVICE_LETTER)),
                    (_, Err(())) => Err((1, i18n::QS_BAD_ACCOUNT)),
                    (Ok(Some(service)), Ok(account_no)) => Ok(Some(QueueCommand::QuickServe {
                        service,
                        account_no,
                    })),
                }
            }
            _ => Ok(None),
        };
        match command {
            Ok(Some(c)) => Reply::Run(Command::Queue(c)),
            Ok(None) => {
                self.step = Step::None;
                Reply::Done
            }
            Err((field, message)) => {
                self.fail_at(field, message.get(lang).to_string());
                Reply::Done
            }
        }
    }

    pub fn footer_actions(&self) -> &'static [Action] {
        if self.asks() {
            &[Action::Confirm, Action::Cancel]
        } else if self.show_panel && self.panel.is_some() {
            &[Action::CloseDay, Action::ManagerPanel, Action::Help]
        } else if self.has_form() {
            &[Action::Submit, Action::NextField, Action::Back]
        } else if self.serving_new_install() && self.has_customer() {
            &[
                Action::Finish,
                Action::InstallFromTicket,
                Action::OpenCustomer,
                Action::Recall,
                Action::NoShow,
                Action::Park,
                Action::TransferTicket,
                Action::CallNext,
                Action::Help,
            ]
        } else if self.serving_new_install() {
            &[
                Action::Finish,
                Action::InstallFromTicket,
                Action::Recall,
                Action::Arrived,
                Action::NoShow,
                Action::Park,
                Action::TransferTicket,
                Action::CallNext,
                Action::Help,
            ]
        } else if self.current_ticket().is_some() && self.has_customer() {
            &[
                Action::Finish,
                Action::OpenCustomer,
                Action::Recall,
                Action::NoShow,
                Action::Park,
                Action::TransferTicket,
                Action::CallNext,
                Action::Help,
            ]
        } else if self.current_ticket().is_some() {
            &[
                Action::Finish,
                Action::Recall,
                Action::Arrived,
                Action::NoShow,
                Action::Park,
                Action::TransferTicket,
                Action::CallNext,
                Action::Help,
            ]
        } else if self.manager {
            &[
                Action::CallNext,
                Action::CallSpecific,
                Action::QuickServe,
                Action::Resume,
                Action::OpenCounter,
                Action::PauseCounter,
                Action::ManagerPanel,
                Action::Help,
            ]
        } else {
            // The office panel is a manager's: a clerk is not offered it.
            &[
                Action::CallNext,
                Action::CallSpecific,
                Action::QuickServe,
                Action::Resume,
                Action::OpenCounter,
                Action::PauseCounter,
                Action::Help,
            ]
        }
    }

    /// The screen for a manager (the office panel is offered) or not.
    pub fn for_manager(mut self, manager: bool) -> QueueScreen {
        self.manager = manager;
        self
    }
}

/// A service letter as typed: empty is none, one ASCII letter is that service.
fn service_field(text: &str) -> Result<Option<char>, ()> {
    let text = text.trim();
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (None, _) => Ok(None),
        (Some(c), None) if c.is_ascii_alphabetic() => Ok(Some(c.to_ascii_uppercase())),
        _ => Err(()),
    }
}

/// A counter number as typed: empty is none.
fn counter_field(text: &str) -> Result<Option<i64>, ()> {
    match text.trim() {
        "" => Ok(None),
        n => n.parse().map(Some).map_err(|_| ()),
    }
}

/// An account number as typed: empty is none, else it must be well formed.
fn account_field(text: &str) -> Result<Option<String>, ()> {
    match text.trim() {
        "" => Ok(None),
        a if is_account_no(a) => Ok(Some(a.to_string())),
        _ => Err(()),
    }
}

fn transfer_form() -> Form {
    Form::new(vec![
        Field::text(i18n::QS_LABEL_SERVICE, 1),
        Field::text(i18n::QS_LABEL_COUNTER, 3),
        Field::text(i18n::QS_LABEL_NOTE, 60),
    ])
}

fn quick_serve_form() -> Form {
    Form::new(vec![
        Field::text(i18n::QS_LABEL_SERVICE, 1),
        Field::text(i18n::QS_LABEL_ACCOUNT, 10),
    ])
}

fn finish_form() -> Form {
    Form::new(vec![
        Field::text(i18n::QS_LABEL_ACCOUNT, 10),
        Field::text(i18n::QS_LABEL_REFERENCE, 40),
        Field::text(i18n::QS_LABEL_NOTE, 60),
    ])
}

#[cfg(test)]
mod tests;
