//! The app's side of the queue screen: loading the counter view and the manager panel,
//! and running the clerk's commands against the store. Every refusal from the core is
//! shown in the catalog's words; nothing is retried behind the clerk's back.

use crate::db::{self, queue as q};
use crate::domain::role::Permission;
use crate::i18n::{self, Localized};

use super::app::App;
use super::screens::outcome::{FormOf, Outcome, QueueLoad, Shows};
use super::screens::queue::QueueCommand;

impl App {
    /// Reloads the counter view (and the panel when shown) from the store.
    pub fn reload_queue(&mut self) {
        let Some(session) = &self.session else { return };
        let actor = session.actor.clone();
        let now = self.clock.now();
        self.seen_version = self.store.data_version().unwrap_or(self.seen_version);
        let office = actor.office_id.unwrap_or(1);
        let supervises = actor.require(Permission::Supervise).is_ok();
        // A manager logged in without a counter has only the office panel to look at.
        let counter = match actor.counter_no {
            Some(c) => Some(c),
            None if supervises => None,
            None => {
                self.error(i18n::Q_NO_COUNTER.get(self.lang).to_string());
                return;
            }
        };
        let view = counter
            .map(|c| q::counter_view(&self.store, &self.rules, office, c, now))
            .transpose();
        let show_panel =
            counter.is_none() || self.screen().shows() == Some(Shows::Queue { panel: true });
        let panel = if show_panel {
            q::manager_panel(&self.store, &self.rules, office, now).map(Some)
        } else {
            Ok(None)
        };
        match (view, panel) {
            (Ok(view), Ok(panel)) => {
                self.deliver(Outcome::QueueLoaded(Box::new(QueueLoad {
                    view,
                    panel,
                    now,
                })));
            }
            (Err(e), _) | (_, Err(e)) => self.error(e.localized(self.lang)),
        }
    }

    pub(crate) fn execute_queue(&mut self, command: QueueCommand) {
        let Some(session) = &self.session else { return };
        let actor = session.actor.clone();
        let now = self.clock.now();
        let lang = self.lang;
        let rules = self.rules.clone();
        let store = &mut self.store;
        let outcome: Result<Option<String>, String> = match command {
            QueueCommand::Reload => Ok(None),
            QueueCommand::TogglePanel => {
                if actor.require(Permission::Supervise).is_err() {
                    Err(i18n::QS_PANEL_MANAGERS_ONLY.get(lang).to_string())
                } else {
                    self.deliver(Outcome::PanelToggled);
                    Ok(None)
                }
            }
            QueueCommand::Counter(mode) => q::set_counter(store, &actor, mode, now)
                .map(|m| {
                    Some(i18n::QS_COUNTER_NOW.fill(
                        lang,
                        &[
                            ("counter", &actor.counter_no.unwrap_or(0)),
                            ("mode", &m.label().get(lang)),
                        ],
                    ))
                })
                .map_err(|e| e.localized(lang)),
            QueueCommand::CallNext => q::call_next(store, &actor, &rules, now)
                .map(|c| Some(called(lang, &c.ticket.number, actor.counter_no)))
                .map_err(|e| e.localized(lang)),
            QueueCommand::Recall { ticket } => q::recall(store, &actor, &rules, ticket, now)
                .map(|_| None)
                .map_err(|e| e.localized(lang)),
            QueueCommand::Arrived { ticket } => q::arrived(store, &actor, ticket, now)
                .map(|t| Some(done(lang, &t.number)))
                .map_err(|e| e.localized(lang)),
            QueueCommand::NoShow { ticket } => q::no_show(store, &actor, ticket, now)
                .map(|t| Some(done(lang, &t.number)))
                .map_err(|e| e.localized(lang)),
            QueueCommand::Park { ticket, note } => q::park(store, &actor, ticket, &note, now)
                .map(|t| Some(done(lang, &t.number)))
                .map_err(|e| e.localized(lang)),
            QueueCommand::Resume { ticket } => q::resume(store, &actor, ticket, now)
                .map(|c| Some(called(lang, &c.ticket.number, actor.counter_no)))
                .map_err(|e| e.localized(lang)),
            QueueCommand::Transfer {
                ticket,
                service,
                counter,
                note,
            } => {
                let req = q::TransferRequest {
                    service,
                    counter,
                    note,
                };
                q::transfer(store, &actor, &rules, ticket, &req, now)
                    .map(|t| Some(done(lang, &t.number)))
                    .map_err(|e| e.localized(lang))
            }
            QueueCommand::CallNumber { number, reason } => {
                let day = q::current_day(&store, actor.office_id.unwrap_or(1))
                    .map_err(|e| e.localized(lang));
                day.and_then(|day| {
                    let day = day.ok_or_else(|| i18n::Q_NO_DAY_OPEN.get(lang).to_string())?;
                    let found = q::ticket_by_number(&store, day.office_id, &number)
                        .map_err(|e| e.localized(lang))?;
                    let ticket = found
                        .ok_or_else(|| q::QueueError::UnknownTicket(number).localized(lang))?;
                    q::call_ticket(store, &actor, &rules, ticket.id, &reason, now)
                        .map(|c| Some(called(lang, &c.ticket.number, actor.counter_no)))
                        .map_err(|e| e.localized(lang))
                })
            }
            QueueCommand::Finish {
                ticket,
                outcome,
                account_no,
                reference,
                note,
                then_call,
            } => account_id(store, lang, account_no).and_then(|account_id| {
                let req = q::FinishRequest {
                    outcome,
                    account_id,
                    transaction_ref: reference,
                    note,
                };
                let finished =
                    q::finish(store, &actor, ticket, &req, now).map_err(|e| e.localized(lang))?;
                if !then_call {
                    return Ok(Some(done(lang, &finished.number)));
                }
                // The ticket is finished whatever the call does: a refused call is said
                // beside that, not under a form that would look as if finishing failed.
                Ok(Some(match q::call_next(store, &actor, &rules, now) {
                    Ok(c) => called(lang, &c.ticket.number, actor.counter_no),
                    Err(e) => format!("{}  {}", done(lang, &finished.number), e.localized(lang)),
                }))
            }),
            QueueCommand::QuickServe {
                service,
                account_no,
            } => {
                let req = q::IssueRequest {
                    office_id: actor.office_id.unwrap_or(1),
                    service,
                    account_no,
                    phone: None,
                    priority: false,
                };
                q::quick_serve(store, &actor, &rules, &req, now)
                    .map(|t| Some(called(lang, &t.number, actor.counter_no)))
                    .map_err(|e| e.localized(lang))
            }
        };
        match outcome {
            Ok(message) => {
                self.deliver(Outcome::QueueDone);
                if let Some(m) = message {
                    self.info(m);
                }
            }
            Err(message) => self.refused(FormOf::Queue, Some(0), message),
        }
        self.reload_queue();
    }
}

fn done(lang: i18n::Lang, number: &str) -> String {
    i18n::QS_DONE.fill(lang, &[("number", &number)])
}

fn called(lang: i18n::Lang, number: &str, counter: Option<i64>) -> String {
    i18n::QS_CALLED.fill(
        lang,
        &[("number", &number), ("counter", &counter.unwrap_or(0))],
    )
}

/// The account a finished ticket concerns, by its number; empty means none.
fn account_id(
    store: &db::Store,
    lang: i18n::Lang,
    account_no: Option<String>,
) -> Result<Option<i64>, String> {
    let Some(account_no) = account_no else {
        return Ok(None);
    };
    match db::account::id_by_account_no(&store, &account_no) {
        Ok(Some(id)) => Ok(Some(id)),
        Ok(None) => Err(q::QueueError::UnknownAccount(account_no).localized(lang)),
        Err(e) => Err(e.localized(lang)),
    }
}
