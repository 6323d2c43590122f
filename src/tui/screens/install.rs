//! New installs (F5): the office's applications (mine, overdue, the office's open ones,
//! by stage) with due date and lateness; the status lookup by number, ID, mobile or
//! address; a new application with the duplicate warning and the documents checklist;
//! the one-time notice (一次性告知单) on screen and to the printer; an application's view
//! with its timeline and the steps its stage allows for this role.

pub mod amend;
pub mod intake;
mod render;
pub mod step;
#[cfg(test)]
mod tests;

use chrono::NaiveDate;
use ratatui::crossterm::event::KeyEvent;

use super::{Command, Ctx, Reply};
use crate::db::cash::Tender;
use crate::db::install::{AppView, ListRow, Step};
use crate::domain::install::{Action, NewApplication, Stage};
use crate::domain::role::Role;
use crate::i18n::{self, Lang};
use crate::keymap::{Action as Key, KeyChord, Scope};
use crate::tui::widgets::form::{Field, Form, FormEvent};
use crate::tui::widgets::table::Selection;
pub use intake::IntakeForm;
pub use step::{Request, StepForm, StepKind};

/// Which applications the list shows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Filter {
    #[default]
    Mine,
    Overdue,
    Office,
    Stage(Stage),
    /// The result of a status lookup.
    Found(String),
}

impl Filter {
    pub fn label(&self, lang: Lang) -> String {
        match self {
            Filter::Mine => i18n::IN_FILTER_MINE.get(lang).to_string(),
            Filter::Overdue => i18n::IN_FILTER_OVERDUE.get(lang).to_string(),
            Filter::Office => i18n::IN_FILTER_OPEN.get(lang).to_string(),
            Filter::Stage(s) => {
                i18n::IN_FILTER_STAGE.fill(lang, &[("stage", &s.label().get(lang))])
            }
            Filter::Found(q) => {
                i18n::IN_FILTER_FOUND.fill(lang, &[("query", &crate::domain::text::sanitize(q))])
            }
        }
    }

    /// The next tab: mine, overdue, the office, then each stage in turn.
    fn next(&self) -> Filter {
        match self {
            Filter::Mine => Filter::Overdue,
            Filter::Overdue => Filter::Office,
            Filter::Office => Filter::Stage(Stage::Accepted),
            Filter::Stage(s) => match s.order() {
                Some(i) if i + 1 < 9 => Filter::Stage(Stage::ALL[i + 1]),
                _ => Filter::Mine,
            },
            Filter::Found(_) => Filter::Mine,
        }
    }

    /// The tab before: back through the stages, the office, overdue, mine (a lookup's
    /// result goes back to the last stage).
    fn prev(&self) -> Filter {
        match self {
            Filter::Mine | Filter::Found(_) => Filter::Stage(Stage::ALL[8]),
            Filter::Overdue => Filter::Mine,
            Filter::Office => Filter::Overdue,
            Filter::Stage(s) => match s.order() {
                Some(i) if i > 0 => Filter::Stage(Stage::ALL[i - 1]),
                _ => Filter::Office,
            },
        }
    }
}

/// What the screen asks the app to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InstallCommand {
    Load {
        filter: Filter,
    },
    /// A status lookup the clerk asked for (audited); reading its result again is a
    /// `Load` of [`Filter::Found`].
    Lookup {
        query: String,
    },
    Open {
        id: i64,
    },
    Accept {
        app: Box<NewApplication>,
        confirmed: bool,
        /// The queue ticket (id) being served, for an intake from it.
        ticket: Option<i64>,
    },
    Step {
        id: i64,
        version: i64,
        step: Step,
    },
    PayFee {
        id: i64,
        version: i64,
        tender: Tender,
    },
    OpenAccount {
        id: i64,
        version: i64,
    },
    /// The applicant's details corrected.
    Correct {
        id: i64,
        version: i64,
        input: crate::domain::install::amend::CorrectionInput,
    },
    Print {
        id: i64,
    },
    /// The fee form just opened: the app says at once if no cash shift is open.
    FeeFormOpened,
}

/// An open form or page over the list or the view.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Mode {
    #[default]
    None,
    Intake(Box<IntakeForm>),
    Step(Box<StepForm>),
    Lookup(Form),
    /// The one-time notice of the open application.
    Notice,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstallScreen {
    pub filter: Filter,
    pub rows: Option<Result<Vec<ListRow>, String>>,
    pub selection: Selection,
    pub view: Option<Box<AppView>>,
    /// The selected step in the view's list of allowed steps.
    pub chosen: usize,
    pub mode: Mode,
    pub today: NaiveDate,
    pub role: Role,
    /// Said at the top to managers when the working-day calendar runs out soon.
    pub calendar_note: Option<String>,
    /// Rows of the one-time notice scrolled off its top (a long notice at 80x24).
    pub notice_scroll: u16,
    /// The signed-in staff member: the Mine list says whether they took each application
    /// (首问), handle it now (经办), or both.
    pub me: Option<i64>,
    /// The signed-in staff member's office: staff of another office may read an
    /// application but are offered no step on it.
    pub office: Option<i64>,
}

impl InstallScreen {
    pub fn new(today: NaiveDate, role: Role) -> InstallScreen {
        InstallScreen {
            // A manager starts on the office's applications, a clerk on their own.
            filter: if role == Role::Manager {
                Filter::Office
            } else {
                Filter::Mine
            },
            rows: None,
            selection: Selection::default(),
            view: None,
            chosen: 0,
            mode: Mode::None,
            today,
            role,
            calendar_note: None,
            notice_scroll: 0,
            me: None,
            office: None,
        }
    }

    /// Opens the intake form for the new-install ticket `ticket_id` (numbered `ticket`)
    /// being served (its mobile filled in); the application will record the ticket.
    pub fn start_intake_for_ticket(&mut self, ticket_id: i64, ticket: &str, phone: Option<&str>) {
        self.view = None;
        let mut form = IntakeForm::for_ticket(self.today, ticket, phone);
        form.ticket_id = Some(ticket_id);
        self.mode = Mode::Intake(Box::new(form));
    }

    pub fn load(&self) -> Command {
        Command::Install(InstallCommand::Load {
            filter: self.filter.clone(),
        })
    }

    pub fn set_rows(&mut self, rows: Result<Vec<ListRow>, String>) {
        let len = rows.as_ref().map_or(0, Vec::len);
        self.selection.selected = self.selection.selected.min(len.saturating_sub(1));
        self.rows = Some(rows);
    }

    pub fn set_view(&mut self, view: AppView) {
        // Another application, or its steps changed (a step was done here or elsewhere):
        // the choice goes back to the first, the main step, so Enter never does a step the
        // clerk did not pick. The same list read again keeps it.
        let same_steps = self
            .view
            .as_ref()
            .is_some_and(|old| old.id == view.id && self.steps_for(old) == self.steps_for(&view));
        self.chosen = if same_steps {
            self.chosen
                .min(self.steps_for(&view).len().saturating_sub(1))
        } else {
            0
        };
        self.view = Some(Box::new(view));
    }

    /// The store did the step: its form closes; `notice` shows the notice (after intake).
    /// After every step the choice goes back to the first action (the main step), as
    /// when the steps change: a clerk counting Down presses from the top each time.
    pub fn done(&mut self, notice: bool) {
        self.mode = if notice { Mode::Notice } else { Mode::None };
        self.notice_scroll = 0;
        self.chosen = 0;
    }

    /// The store warned of what exists: the intake form shows it; saving again accepts.
    pub fn warn_duplicate(&mut self, text: String) -> bool {
        match &mut self.mode {
            Mode::Intake(f) => {
                f.warning = Some(text);
                true
            }
            _ => false,
        }
    }

    /// The steps this role may take now on `view`, in the rules' order; the fee (at the
    /// cash desk) and documents owed come as steps too. A voided fee is the cash desk's.
    pub fn steps_for(&self, view: &AppView) -> Vec<StepKind> {
        let mut out: Vec<StepKind> = Vec::new();
        let own = crate::domain::install::own_office(self.office, view.office_id);
        if !own {
            // Another office's application: read only (the store refuses any step).
            return out;
        }
        for a in view.progress().allowed_for(self.role, own) {
            match a {
                Action::VoidFee => {}
                Action::PayFee => out.push(StepKind::PayFee),
                a => out.push(StepKind::Action(a)),
            }
        }
        if !view.stage().is_finished()
            && view.owed().next().is_some()
            && self
                .role
                .allows(crate::domain::role::Permission::CounterWork)
        {
            out.push(StepKind::Document);
        }
        if amend::correct_refusal(view, self.role, Lang::Zh).is_none() {
            out.push(StepKind::Correct);
        }
        out
    }

    /// What the actions area says when `view` offers this staff member no step: the
    /// office it belongs to, to staff of another office who could work on it otherwise;
    /// a manager can reopen it, to a clerk on a cancelled one; or nothing to do.
    pub fn no_steps_text(&self, view: &AppView, lang: Lang) -> String {
        use crate::domain::role::Permission;
        if let Some(why) = self.other_office(view, lang) {
            return why;
        }
        if view.stage() == crate::domain::install::Stage::Cancelled
            && !self.role.allows(Permission::Supervise)
        {
            i18n::IN_VIEW_REOPEN_HINT.get(lang).to_string()
        } else {
            i18n::IN_VIEW_NO_ACTIONS.get(lang).to_string()
        }
    }

    /// For staff who do counter work but at another office than `view`'s: that it
    /// belongs to that office and they may only read it. `None` otherwise.
    fn other_office(&self, view: &AppView, lang: Lang) -> Option<String> {
        if !self
            .role
            .allows(crate::domain::role::Permission::CounterWork)
            || crate::domain::install::own_office(self.office, view.office_id)
        {
            return None;
        }
        let name = match lang {
            Lang::Zh => &view.office_name,
            Lang::En => &view.office_name_en,
        };
        Some(i18n::IN_VIEW_OTHER_OFFICE.fill(
            lang,
            &[
                ("office", &crate::domain::text::sanitize(name)),
                ("code", &crate::domain::text::sanitize(&view.office_code)),
            ],
        ))
    }

    pub fn has_form(&self) -> bool {
        matches!(self.mode, Mode::Intake(_) | Mode::Step(_) | Mode::Lookup(_))
    }

    pub fn is_dirty(&self) -> bool {
        match &self.mode {
            Mode::Intake(f) => f.is_dirty(),
            Mode::Step(s) => s.form.is_dirty(),
            Mode::Lookup(f) => f.is_dirty(),
            _ => false,
        }
    }

    pub fn fail_at(&mut self, field: Option<usize>, message: String) -> bool {
        match &mut self.mode {
            Mode::Intake(f) => {
                f.form.fail(field.unwrap_or(0), message);
                true
            }
            Mode::Step(s) => {
                s.form.fail(field.unwrap_or(0), message);
                true
            }
            Mode::Lookup(f) => {
                f.fail(0, message);
                true
            }
            _ => false,
        }
    }

    pub fn scopes(&self) -> Vec<Scope> {
        if self.has_form() {
            vec![Scope::Form, Scope::Install]
        } else {
            vec![Scope::Install]
        }
    }

    pub fn footer_actions(&self) -> &'static [Key] {
        match (&self.mode, &self.view) {
            (Mode::Intake(_) | Mode::Step(_) | Mode::Lookup(_), _) => {
                &[Key::Submit, Key::NextField, Key::Back]
            }
            (Mode::Notice, _) => &[Key::InstallPrint, Key::SelectNext, Key::Back],
            // No step this role may take (a cancelled application to a clerk, a finished
            // one): Enter and Down would do nothing, so they are not offered.
            (Mode::None, Some(v)) if self.steps_for(v).is_empty() => {
                &[Key::InstallNotice, Key::InstallPrint, Key::Back, Key::Help]
            }
            (Mode::None, Some(_)) => &[
                Key::Open,
                Key::SelectNext,
                Key::InstallNotice,
                Key::InstallPrint,
                Key::Back,
                Key::Help,
            ],
            (Mode::None, None) => &[
                Key::Open,
                Key::InstallNew,
                Key::InstallFilter,
                Key::InstallLookup,
                Key::Back,
                Key::Help,
            ],
        }
    }

    fn listed(&self) -> &[ListRow] {
        match &self.rows {
            Some(Ok(rows)) => rows,
            _ => &[],
        }
    }

    pub fn on_paste(&mut self, text: &str) -> Reply {
        match &mut self.mode {
            Mode::Intake(f) => {
                f.warning = None;
                Reply::pasted(Some(f.form.paste(text)), text)
            }
            Mode::Step(s) => Reply::pasted(Some(s.form.paste(text)), text),
            Mode::Lookup(f) => Reply::pasted(Some(f.paste(text)), text),
            _ => Reply::Done,
        }
    }

    fn request(&self, request: Request) -> Reply {
        let Some(v) = &self.view else {
            return Reply::Done;
        };
        let (id, version) = (v.id, v.version);
        Reply::Run(Command::Install(match request {
            Request::Step(step) => InstallCommand::Step { id, version, step },
            Request::PayFee(tender) => InstallCommand::PayFee {
                id,
                version,
                tender,
            },
            Request::OpenAccount => InstallCommand::OpenAccount { id, version },
            Request::Correct(input) => InstallCommand::Correct { id, version, input },
        }))
    }

    pub fn on_key(&mut self, ctx: &Ctx<'_>, key: &KeyEvent) -> Reply {
        let chord = KeyChord::from_event(key);
        let action = ctx.keymap.action_in(&self.scopes(), &chord);
        let lang = ctx.lang;
        match &mut self.mode {
            Mode::Intake(f) => {
                return match f.form.handle_key(ctx.keymap, key) {
                    FormEvent::Submit => match f.application(lang) {
                        Some(app) => Reply::Run(Command::Install(InstallCommand::Accept {
                            confirmed: f.warning.is_some(),
                            ticket: f.ticket_id,
                            app: Box::new(app),
                        })),
                        None => Reply::Done,
                    },
                    FormEvent::Refused => Reply::Refused,
                    // The clerk confirmed what the warning named for the details then: a
                    // change asks the store again.
                    FormEvent::Changed => {
                        f.warning = None;
                        Reply::Done
                    }
                    FormEvent::Ignored if action == Some(Key::Back) => {
                        self.mode = Mode::None;
                        Reply::Done
                    }
                    FormEvent::Ignored => Reply::Pass,
                    _ => Reply::Done,
                };
            }
            Mode::Step(s) => {
                return match s.form.handle_key(ctx.keymap, key) {
                    FormEvent::Submit => match s.request(lang) {
                        Some(r) => self.request(r),
                        None => Reply::Done,
                    },
                    FormEvent::Refused => Reply::Refused,
                    FormEvent::Ignored if action == Some(Key::Back) => {
                        self.mode = Mode::None;
                        Reply::Done
                    }
                    FormEvent::Ignored => Reply::Pass,
                    _ => Reply::Done,
                };
            }
            Mode::Lookup(form) => {
                return match form.handle_key(ctx.keymap, key) {
                    FormEvent::Submit => {
                        let query = form.value(0).trim().to_string();
                        if query.is_empty() {
                            form.fail(0, i18n::TEXT_EMPTY.get(lang).to_string());
                            return Reply::Done;
                        }
                        self.mode = Mode::None;
                        self.view = None;
                        self.filter = Filter::Found(query.clone());
                        self.selection.reset();
                        Reply::Run(Command::Install(InstallCommand::Lookup { query }))
                    }
                    FormEvent::Refused => Reply::Refused,
                    FormEvent::Ignored if action == Some(Key::Back) => {
                        self.mode = Mode::None;
                        Reply::Done
                    }
                    FormEvent::Ignored => Reply::Pass,
                    _ => Reply::Done,
                };
            }
            Mode::Notice => {
                return match action {
                    Some(Key::InstallPrint) => match &self.view {
                        Some(v) => Reply::Run(Command::Install(InstallCommand::Print { id: v.id })),
                        None => Reply::Done,
                    },
                    Some(Key::Back) => {
                        self.mode = Mode::None;
                        Reply::Done
                    }
                    // The drawing keeps the scroll within the notice.
                    Some(Key::SelectNext) => {
                        self.notice_scroll = self.notice_scroll.saturating_add(1);
                        Reply::Done
                    }
                    Some(Key::SelectPrev) => {
                        self.notice_scroll = self.notice_scroll.saturating_sub(1);
                        Reply::Done
                    }
                    _ => Reply::Pass,
                };
            }
            Mode::None => {}
        }
        if let Some(view) = &self.view {
            let steps = self.steps_for(view);
            return match action {
                Some(Key::Back) => {
                    self.view = None;
                    Reply::Run(self.load())
                }
                Some(Key::SelectNext) => {
                    if !steps.is_empty() {
                        self.chosen = (self.chosen + 1).min(steps.len() - 1);
                    }
                    Reply::Done
                }
                Some(Key::SelectPrev) => {
                    self.chosen = self.chosen.saturating_sub(1);
                    Reply::Done
                }
                Some(Key::InstallNotice) => {
                    self.mode = Mode::Notice;
                    self.notice_scroll = 0;
                    Reply::Done
                }
                Some(Key::InstallPrint) => {
                    Reply::Run(Command::Install(InstallCommand::Print { id: view.id }))
                }
                Some(Key::InstallDocument) => {
                    // Said why when there is nothing to record (finished, cancelled,
                    // nothing owed, another office's), never silently ignored.
                    if let Some(why) = self.other_office(view, lang) {
                        return Reply::Refuse(why);
                    }
                    if let Some(why) = amend::document_refusal(view, self.role, lang) {
                        return Reply::Refuse(why);
                    }
                    if let Some(form) = StepForm::new(StepKind::Document, view, self.today) {
                        self.mode = Mode::Step(Box::new(form));
                    }
                    Reply::Done
                }
                Some(Key::InstallCorrect) => {
                    if let Some(why) = self.other_office(view, lang) {
                        return Reply::Refuse(why);
                    }
                    if let Some(why) = amend::correct_refusal(view, self.role, lang) {
                        return Reply::Refuse(why);
                    }
                    if let Some(form) = StepForm::new(StepKind::Correct, view, self.today) {
                        self.mode = Mode::Step(Box::new(form));
                    }
                    Reply::Done
                }
                Some(Key::Open) => {
                    let Some(kind) = steps.get(self.chosen).copied() else {
                        return Reply::Done;
                    };
                    match StepForm::new(kind, view, self.today) {
                        Some(form) => {
                            self.mode = Mode::Step(Box::new(form));
                            if kind == StepKind::PayFee {
                                // No shift is said now, not after the form is filled in.
                                return Reply::Run(Command::Install(InstallCommand::FeeFormOpened));
                            }
                            Reply::Done
                        }
                        None => match kind {
                            StepKind::Action(Action::OpenAccount) => {
                                self.request(Request::OpenAccount)
                            }
                            StepKind::Action(Action::Resume) => {
                                self.request(Request::Step(Step::Resume))
                            }
                            _ => Reply::Done,
                        },
                    }
                }
                _ => Reply::Pass,
            };
        }
        let len = self.listed().len();
        match action {
            Some(Key::SelectNext) => self.selection.next(len),
            Some(Key::SelectPrev) => self.selection.prev(),
            Some(Key::InstallNew) => {
                self.mode = Mode::Intake(Box::new(IntakeForm::new(self.today)));
            }
            Some(Key::InstallLookup) => {
                self.mode = Mode::Lookup(Form::new(vec![Field::text(
                    i18n::ACTION_INSTALL_LOOKUP,
                    40,
                )]));
            }
            Some(Key::InstallFilter) => {
                self.filter = self.filter.next();
                self.selection.reset();
                return Reply::Run(self.load());
            }
            Some(Key::InstallFilterPrev) => {
                self.filter = self.filter.prev();
                self.selection.reset();
                return Reply::Run(self.load());
            }
            Some(Key::Open) => {
                let id = self.listed().get(self.selection.selected).map(|r| r.id);
                return match id {
                    Some(id) => {
                        self.chosen = 0;
                        Reply::Run(Command::Install(InstallCommand::Open { id }))
                    }
                    None => Reply::Done,
                };
            }
            _ => return Reply::Pass,
        }
        Reply::Done
    }

    pub fn label(lang: Lang) -> &'static str {
        i18n::IN_TITLE.get(lang)
    }
}
