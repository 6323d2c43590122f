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
        // A manager logged in without a counter has only the office panel to look at;
        // anyone else without one picks a counter first.
        let counter = match actor.counter_no {
            Some(c) => Some(c),
            None if supervises => None,
            None => {
                match db::office::counters(&self.store, office) {
                    Ok(counters) => {
                        self.deliver(Outcome::QueueLoaded(Box::new(QueueLoad {
                            view: None,
                            panel: None,
                            counters,
                            care: None,
                            now,
                        })));
                    }
                    Err(e) => self.error(e.localized(self.lang)),
                }
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
                let care = view
                    .as_ref()
                    .and_then(|v| v.current.as_ref())
                    .and_then(|c| {
                        db::care::marker_for(
                            &self.store,
                            c.ticket.account_id,
                            c.ticket.phone.as_deref(),
                            crate::domain::care::CareRules::builtin(),
                            self.lang,
                            self.rules.local_day(now),
                        )
                        .ok()
                        .flatten()
                    });
                self.deliver(Outcome::QueueLoaded(Box::new(QueueLoad {
                    view,
                    panel,
                    counters: Vec::new(),
                    care,
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
                .and_then(|n| {
                    let number = q::ticket(&*store, ticket)?.map(|t| t.number);
                    Ok(Some(i18n::QD_RECALLED.fill(
                        lang,
                        &[
                            ("number", &number.unwrap_or_default()),
                            ("nth", &ordinal(lang, n)),
                        ],
                    )))
                })
                .map_err(|e| e.localized(lang)),
            QueueCommand::Arrived { ticket } => q::arrived(store, &actor, ticket, now)
                .map(|t| Some(i18n::QD_ARRIVED.fill(lang, &[("number", &t.number)])))
                .map_err(|e| e.localized(lang)),
            QueueCommand::NoShow { ticket } => q::no_show(store, &actor, ticket, now)
                .map(|t| Some(i18n::QD_NO_SHOW.fill(lang, &[("number", &t.number)])))
                .map_err(|e| e.localized(lang)),
            QueueCommand::Park { ticket, note } => q::park(store, &actor, ticket, &note, now)
                .map(|t| Some(parked(lang, &t.number, &note)))
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
                    .map(|t| Some(moved(lang, &rules, &t.number, service, counter)))
                    .map_err(|e| e.localized(lang))
            }
            QueueCommand::CallTicket { ticket, reason } => {
                q::call_ticket(store, &actor, &rules, ticket, &reason, now)
                    .map(|c| Some(called(lang, &c.ticket.number, actor.counter_no)))
                    .map_err(|e| e.localized(lang))
            }
            QueueCommand::CloseDay => {
                let office = actor.office_id.unwrap_or(1);
                q::close_day(store, &actor, office, now)
                    .map(|c| {
                        Some(
                            i18n::QD_DAY_CLOSED_DONE
                                .fill(lang, &[("day", &c.day.day), ("tickets", &c.closed_tickets)]),
                        )
                    })
                    .map_err(|e| e.localized(lang))
            }
            QueueCommand::ChooseCounter { counter } => {
                self.choose_counter(counter);
                return;
            }
            QueueCommand::OpenCustomer { ticket } => {
                self.open_ticket_customer(ticket);
                return;
            }
            QueueCommand::StartInstall { ticket } => {
                self.open_install_for_ticket(ticket);
                return;
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
                let said = i18n::QD_FINISHED.fill(
                    lang,
                    &[
                        ("number", &finished.number),
                        ("outcome", &outcome.label().get(lang)),
                    ],
                );
                if !then_call {
                    return Ok(Some(said));
                }
                // The ticket is finished whatever the call does: a refused call is said
                // beside that, not under a form that would look as if finishing failed.
                Ok(Some(match q::call_next(store, &actor, &rules, now) {
                    Ok(c) => called(lang, &c.ticket.number, actor.counter_no),
                    Err(e) => format!("{said}  {}", e.localized(lang)),
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
                    .map(|t| {
                        Some(i18n::QD_WALK_IN.fill(
                            lang,
                            &[
                                ("number", &t.number),
                                ("counter", &actor.counter_no.unwrap_or(0)),
                            ],
                        ))
                    })
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

/// "2nd" in English; the number itself in Chinese (第 2 次).
fn ordinal(lang: i18n::Lang, n: u32) -> String {
    match lang {
        i18n::Lang::Zh => n.to_string(),
        i18n::Lang::En => {
            let suffix = match (n % 10, n % 100) {
                (_, 11..=13) => "th",
                (1, _) => "st",
                (2, _) => "nd",
                (3, _) => "rd",
                _ => "th",
            };
            format!("{n}{suffix}")
        }
    }
}

fn parked(lang: i18n::Lang, number: &str, note: &str) -> String {
    let note = crate::domain::text::sanitize(note.trim());
    if note.is_empty() {
        i18n::QD_PARKED_NO_NOTE.fill(lang, &[("number", &number)])
    } else {
        i18n::QD_PARKED.fill(lang, &[("number", &number), ("note", &note)])
    }
}

/// "A075 moved to C", to a counter, or both.
fn moved(
    lang: i18n::Lang,
    rules: &crate::domain::queue::QueueRules,
    number: &str,
    service: Option<char>,
    counter: Option<i64>,
) -> String {
    // The service by its letter and name ("C 过户"), as the counter's lists show it.
    let service = service.map(|s| match rules.service(s) {
        Some(def) => format!("{s} {}", def.name(lang)),
        None => s.to_string(),
    });
    match (service, counter) {
        (Some(s), Some(c)) => i18n::QD_MOVED_BOTH.fill(
            lang,
            &[("number", &number), ("service", &s), ("counter", &c)],
        ),
        (None, Some(c)) => {
            i18n::QD_MOVED_COUNTER.fill(lang, &[("number", &number), ("counter", &c)])
        }
        (Some(s), None) => {
            i18n::QD_MOVED_SERVICE.fill(lang, &[("number", &number), ("service", &s)])
        }
        (None, None) => i18n::QS_DONE.fill(lang, &[("number", &number)]),
    }
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

impl App {
    /// A staff member without a counter sits at `counter` for this session.
    fn choose_counter(&mut self, counter: i64) {
        let Some(session) = &mut self.session else {
            return;
        };
        let office = session.actor.office_id.unwrap_or(1);
        let known = db::office::counters(&self.store, office)
            .ok()
            .and_then(|cs| cs.into_iter().find(|c| c.number == counter));
        let Some(known) = known else {
            let message = q::QueueError::UnknownCounter { counter }.localized(self.lang);
            self.error(message);
            return;
        };
        session.actor.counter_no = Some(counter);
        self.counter = Some(counter);
        self.info(i18n::QD_COUNTER_CHOSEN.fill(
            self.lang,
            &[("counter", &counter), ("services", &known.services)],
        ));
        self.reload_queue();
    }

    /// The customer of the ticket at the counter: their customer view when the ticket
    /// carries an account; the search for its phone otherwise (straight to the customer
    /// when one account has that phone).
    fn open_ticket_customer(&mut self, ticket: i64) {
        let lang = self.lang;
        let found = match q::ticket(&self.store, ticket) {
            Ok(t) => t,
            Err(e) => return self.error(e.localized(lang)),
        };
        let Some(t) = found else { return };
        if let Some(id) = t.account_id {
            if let Some(screen) = self.load_customer(id) {
                self.stack.push(screen);
            }
            return;
        }
        let Some(phone) = t.phone else { return };
        match db::account::search(&self.store, &phone, super::screens::search::RESULT_LIMIT) {
            Ok(found) if found.rows.len() == 1 => {
                if let Some(screen) = self.load_customer(found.rows[0].id) {
                    self.stack.push(screen);
                }
            }
            Ok(found) if found.rows.is_empty() => self.error(
                i18n::QD_NO_CUSTOMER_FOR_PHONE
                    .fill(lang, &[("phone", &crate::domain::text::sanitize(&phone))]),
            ),
            Ok(_) => {
                let mut search = super::screens::search::Search::default();
                let reply = search.on_paste(&phone);
                self.stack.push(super::screens::Screen::Search(search));
                if let super::screens::Reply::Run(command) = reply {
                    self.execute(command);
                }
            }
            Err(e) => self.error(e.localized(lang)),
        }
    }

    /// The payment form opened for the customer at the counter: the open bills ticked.
    pub(crate) fn paying_for_ticket(&mut self, account_id: i64) {
        let serving = self
            .stack
            .iter()
            .any(|s| s.serving_account() == Some(account_id));
        if serving && self.screen().payment_key().is_some() {
            self.deliver(Outcome::OpenBillsChosen);
        }
    }
}
