//! The app's side of F5: running the install screen's commands against `db::install` and
//! the cash desk with the session's actor and the offices' date. The store decides who
//! may do what; a refusal is said under the form it concerns or on the message line.

use crate::db::install::{self, InstallDbError, ListFilter};
use crate::domain::install::{Action, InstallError, WorkCalendar};
use crate::domain::role::Permission;
use crate::i18n::{self, Localized};

use super::app::App;
use super::screens::Screen;
use super::screens::install::{Filter, InstallCommand, InstallScreen};
use super::screens::outcome::{FormOf, Outcome};
use super::screens::queue::NEW_INSTALL_SERVICE;
use crate::domain::role::Role;

impl App {
    /// Opens F5 over Home and reads the list.
    pub(crate) fn open_install(&mut self) {
        let Some(session) = &self.session else { return };
        let role = session.actor.role;
        let today = self.rules.local_day(self.clock.now());
        // From a new-install (B) ticket being served at the counter, the intake opens with
        // the ticket's mobile: the customer is served at once.
        let served = self.stack.iter().rev().find_map(|s| match s {
            Screen::Queue(q) => q
                .view
                .as_ref()
                .and_then(|v| v.current.as_ref())
                .map(|c| c.ticket.clone()),
            _ => None,
        });
        let served = served.filter(|t| t.service == NEW_INSTALL_SERVICE);
        if !matches!(self.screen(), Screen::Install(_)) {
            let screen = self.new_install_screen(today, role);
            self.navigate(Screen::Install(Box::new(screen)));
        }
        let filter = match self.screen() {
            Screen::Install(s) => s.filter.clone(),
            _ => Filter::Mine,
        };
        self.execute_install(InstallCommand::Load { filter });
        if let (Some(t), Screen::Install(s)) = (served, self.top())
            && !s.has_form()
        {
            s.start_intake_for_ticket(t.id, &t.number, t.phone.as_deref());
        }
    }

    fn new_install_screen(&self, today: chrono::NaiveDate, role: Role) -> InstallScreen {
        let mut screen = InstallScreen::new(today, role);
        screen.me = self.session.as_ref().and_then(|s| s.actor.staff_id);
        screen.office = self.session.as_ref().and_then(|s| s.actor.office_id);
        // Managers are told before the working-day calendar runs out.
        if role.allows(Permission::Supervise) {
            let cal = WorkCalendar::builtin();
            if let Some(days) = cal.runs_out_within(today, 60) {
                screen.calendar_note = Some(
                    i18n::IN_CAL_RUNS_OUT
                        .fill(self.lang, &[("year", &cal.last_year()), ("days", &days)]),
                );
            }
        }
        screen
    }

    /// From the queue screen (`i` on a new-install ticket at the counter): F5's new
    /// application opens over the queue, as the customer view does, with the ticket's
    /// mobile; the application records the ticket; Esc goes back to the queue.
    pub(crate) fn open_install_for_ticket(&mut self, ticket: i64) {
        let Some(session) = &self.session else { return };
        let role = session.actor.role;
        let today = self.rules.local_day(self.clock.now());
        let t = match crate::db::queue::ticket(&self.store, ticket) {
            Ok(Some(t)) => t,
            Ok(None) => return,
            Err(e) => return self.error(e.localized(self.lang)),
        };
        let screen = self.new_install_screen(today, role);
        let filter = screen.filter.clone();
        self.stack.push(Screen::Install(Box::new(screen)));
        self.execute_install(InstallCommand::Load { filter });
        if let Screen::Install(s) = self.top() {
            s.start_intake_for_ticket(t.id, &t.number, t.phone.as_deref());
        }
    }

    pub(crate) fn execute_install(&mut self, command: InstallCommand) {
        let Some(session) = &self.session else { return };
        let actor = session.actor.clone();
        let lang = self.lang;
        let now = self.clock.now();
        let today = self.rules.local_day(now);
        match command {
            InstallCommand::Load { filter } => {
                let rows = match &filter {
                    Filter::Found(q) => install::lookup(&self.store, q, 200),
                    f => install::list(
                        &self.store,
                        &ListFilter {
                            office: actor.office_id,
                            handler: None,
                            // Mine: taken by me (首问负责) or handled by me now.
                            mine: (*f == Filter::Mine).then_some(actor.staff_id).flatten(),
                            stage: match f {
                                Filter::Stage(s) => Some(*s),
                                _ => None,
                            },
                            overdue_on: (*f == Filter::Overdue).then_some(today),
                            finished: false,
                            limit: 500,
                        },
                    ),
                }
                .map_err(|e| e.localized(lang));
                self.deliver(Outcome::InstallListed(rows));
            }
            // Asked by the clerk: audited (the lookup names how it looked, the view which
            // application was opened). Reading again what is shown is not.
            InstallCommand::Lookup { query } => {
                let rows = install::find(&mut self.store, &actor, &query, 200)
                    .map_err(|e| e.localized(lang));
                self.deliver(Outcome::InstallListed(rows));
            }
            InstallCommand::Open { id } => match install::open(&mut self.store, &actor, id) {
                Ok(view) => {
                    self.deliver(Outcome::InstallOpened(Box::new(view)));
                }
                Err(e) => self.error(e.localized(lang)),
            },
            InstallCommand::Accept {
                app,
                confirmed,
                ticket,
            } => {
                let accepted = install::accept_at_ticket(
                    &mut self.store,
                    &actor,
                    &app,
                    confirmed,
                    ticket,
                    today,
                    now,
                );
                match accepted {
                    Ok(done) => {
                        self.info(i18n::IN_ACCEPTED.fill(lang, &[("no", &done.app_no)]));
                        self.open_application(done.id);
                        self.deliver(Outcome::InstallDone { notice: true });
                        self.print_notice(done.id);
                    }
                    Err(InstallDbError::Duplicate(found)) => {
                        let e = InstallDbError::Duplicate(found);
                        if !self.deliver(Outcome::InstallDuplicate(e.localized(lang))) {
                            self.error(e.localized(lang));
                        }
                    }
                    Err(e) => self.install_refused(None, e),
                }
            }
            InstallCommand::Step { id, version, step } => {
                let action = step.action();
                match install::step(
                    &mut self.store,
                    &actor,
                    id,
                    Some(version),
                    &step,
                    today,
                    now,
                ) {
                    Ok(_) => {
                        self.info(match (&step, action) {
                            (install::Step::DocumentsReceived { codes }, _) => {
                                let names: Vec<String> = codes
                                    .iter()
                                    .map(|c| crate::domain::install::document_name(c, lang))
                                    .collect();
                                i18n::IN_DOCS_SAVED.fill(
                                    lang,
                                    &[("list", &names.join(i18n::IN_LIST_SEP.get(lang)))],
                                )
                            }
                            (_, Some(a)) => {
                                i18n::IN_STEP_SAVED.fill(lang, &[("action", &a.label().get(lang))])
                            }
                            (_, None) => i18n::IN_STEP_SAVED
                                .fill(lang, &[("action", &i18n::IN_ACT_DOCUMENT.get(lang))]),
                        });
                        self.deliver(Outcome::InstallDone { notice: false });
                        self.open_application(id);
                    }
                    Err(e) => {
                        let field = match &e {
                            InstallDbError::UnknownStaff(_)
                            | InstallDbError::Rule(InstallError::Required("staff")) => Some(0),
                            InstallDbError::Rule(
                                InstallError::Required(_) | InstallError::Text { .. },
                            ) if matches!(action, Some(Action::Reassign | Action::MoveDue)) => {
                                Some(1)
                            }
                            _ => Some(0),
                        };
                        self.install_refused(field, e);
                    }
                }
            }
            InstallCommand::PayFee {
                id,
                version,
                tender,
            } => {
                let key = crate::db::cash::PaymentKey::new();
                match crate::db::cash::pay_install_fee(
                    &mut self.store,
                    &actor,
                    id,
                    Some(version),
                    &tender,
                    &key,
                    now,
                ) {
                    Ok(paid) => {
                        self.spool_receipt(&paid.receipt, false);
                        self.info(
                            i18n::IN_FEE_PAID.fill(lang, &[("receipt", &paid.receipt.receipt_no)]),
                        );
                        self.deliver(Outcome::InstallDone { notice: false });
                        self.open_application(id);
                    }
                    Err(e) => self.install_refused(Some(0), e),
                }
            }
            InstallCommand::OpenAccount { id, version } => {
                let opened = install::open_account(
                    &mut self.store,
                    &actor,
                    id,
                    Some(version),
                    self.cards.as_mut(),
                    today,
                    now,
                );
                match opened {
                    Ok(o) => {
                        self.info(
                            i18n::IN_ACCOUNT_OPENED.fill(lang, &[("account", &o.account_no)]),
                        );
                        self.deliver(Outcome::InstallDone { notice: false });
                        self.open_application(id);
                    }
                    Err(e) => self.install_refused(None, e),
                }
            }
            InstallCommand::Correct { id, version, input } => {
                match install::correct_applicant(
                    &mut self.store,
                    &actor,
                    id,
                    Some(version),
                    &input,
                    today,
                    now,
                ) {
                    Ok(_) => {
                        let also = if input.id_number.trim().is_empty() {
                            Vec::new()
                        } else {
                            self.also_on_file(id, &input.id_number.trim().to_uppercase())
                        };
                        self.info(if also.is_empty() {
                            i18n::IN_CORRECTED.get(lang).to_string()
                        } else {
                            i18n::IN_CORRECTED_ALSO_ON_FILE.fill(
                                lang,
                                &[(
                                    "records",
                                    &also.join(if lang == crate::i18n::Lang::Zh {
                                        "；"
                                    } else {
                                        "; "
                                    }),
                                )],
                            )
                        });
                        self.deliver(Outcome::InstallDone { notice: false });
                        self.open_application(id);
                    }
                    Err(e) => {
                        // Under the field it concerns: name, ID, mobile, household, reason.
                        let field = match &e {
                            InstallDbError::Rule(InstallError::IdNumber(_)) => 1,
                            InstallDbError::Rule(InstallError::Phone(_)) => 2,
                            InstallDbError::Rule(InstallError::Household) => 3,
                            InstallDbError::Rule(
                                InstallError::Required(_) | InstallError::Text { .. },
                            ) => 4,
                            _ => 0,
                        };
                        self.install_refused(Some(field), e);
                    }
                }
            }
            InstallCommand::Print { id } => {
                self.print_notice(id);
                self.info(i18n::IN_PRINTED.get(lang).to_string());
            }
            InstallCommand::FeeFormOpened => {
                // As the cash desk's payment form: no shift is said before anything is
                // typed, with the keys that open one.
                use crate::db::cash::{CashError, shift_for_payment};
                use crate::keymap::{Action as Key, Scope};
                let message = match shift_for_payment(&self.store, &actor) {
                    Ok(_) => return,
                    Err(CashError::NoOpenShift) => i18n::IN_FEE_NO_SHIFT.fill(
                        lang,
                        &[
                            ("desk", &self.keymap.key_label(Scope::Global, Key::GoCash)),
                            ("key", &self.keymap.key_label(Scope::Cash, Key::OpenShift)),
                        ],
                    ),
                    // Balancing, the day closed, another office's shift: said as the desk
                    // says it.
                    Err(e) => e.localized(lang),
                };
                self.refused(FormOf::Install, Some(0), message);
            }
        }
    }

    /// Reads the application shown again (after a step here): not a new opening, so not
    /// audited again (the step is).
    fn open_application(&mut self, id: i64) {
        match install::view_by_id(&self.store, id) {
            Ok(Some(view)) => {
                self.deliver(Outcome::InstallOpened(Box::new(view)));
            }
            Ok(None) => self.error(InstallDbError::NotFound(id.to_string()).localized(self.lang)),
            Err(e) => self.error(e.localized(self.lang)),
        }
    }

    /// What else is on file for the application's corrected ID number or at its
    /// address, besides the application itself: what intake would have shown.
    fn also_on_file(&self, id: i64, id_number: &str) -> Vec<String> {
        let Ok(Some(view)) = install::view_by_id(&self.store, id) else {
            return Vec::new();
        };
        install::existing(&self.store, id_number, &view.district, &view.address)
            .unwrap_or_default()
            .into_iter()
            .filter(|e| {
                !matches!(e, install::Existing::Application { app_no, .. } if *app_no == view.app_no)
            })
            .map(|e| e.describe(self.lang))
            .collect()
    }

    /// The one-time notice to the printer spool.
    fn print_notice(&mut self, id: i64) {
        let today = self.rules.local_day(self.clock.now());
        if let Ok(Some(view)) = install::view_by_id(&self.store, id) {
            let lines = crate::printout::install_notice::notice_text(&view, self.lang, today);
            let stem = format!("{}-notice-{}", view.app_no, view.version);
            self.spool(&stem, &lines);
        }
    }

    /// A refusal: under the form's field, else on the message line; someone else's step
    /// (the application moved) also reads the application again.
    fn install_refused(&mut self, field: Option<usize>, e: InstallDbError) {
        let message = e.localized(self.lang);
        if let InstallDbError::Moved { .. } = e
            && let Screen::Install(s) = self.screen()
            && let Some(v) = &s.view
        {
            let id = v.id;
            self.deliver(Outcome::InstallDone { notice: false });
            self.open_application(id);
            self.error(message);
            return;
        }
        self.refused(FormOf::Install, field, message);
    }
}
