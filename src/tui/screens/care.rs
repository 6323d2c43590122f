//! The care register (F7): the office's register, most overdue visit first, with filters
//! (all, mine, visits overdue, hazards open); a person's file with its visits and open
//! hazards; the visit form; following up a hazard; withdrawal of consent. The store
//! decides who may see it: a clerk who is not a care officer reads why, nothing else.

pub mod register;
mod render;
pub mod visit;

use chrono::NaiveDate;
use ratatui::crossterm::event::KeyEvent;

use super::{Command, Ctx, Reply};
use crate::db::care::{CareFile, CareListRow};
use crate::domain::care::{CareRules, NewVisit};
use crate::i18n::{self, Lang};
use crate::keymap::{Action, KeyChord, Scope};
use crate::tui::widgets::form::{Field, Form, FormEvent};
use crate::tui::widgets::table::Selection;
pub use register::{HelperChoice, RegisterForm, Registration};
pub use visit::VisitForm;

/// Which entries the list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Filter {
    #[default]
    All,
    Mine,
    Overdue,
    Hazards,
    /// The entries in one category of `data/care.toml` (by its position there).
    Category(usize),
}

impl Filter {
    /// The filters the screen offers as tabs (the categories as one, "by category").
    pub const TABS: [Filter; 5] = [
        Filter::All,
        Filter::Mine,
        Filter::Overdue,
        Filter::Hazards,
        Filter::Category(0),
    ];

    pub fn label(self, lang: Lang) -> String {
        match self {
            Filter::All => i18n::CARE_FILTER_ALL.get(lang).to_string(),
            Filter::Mine => i18n::CARE_FILTER_MINE.get(lang).to_string(),
            Filter::Overdue => i18n::CARE_FILTER_OVERDUE.get(lang).to_string(),
            Filter::Hazards => i18n::CARE_FILTER_HAZARDS.get(lang).to_string(),
            Filter::Category(i) => {
                let name = CareRules::builtin()
                    .categories
                    .get(i)
                    .map(|c| c.name(lang).to_string())
                    .unwrap_or_default();
                i18n::CARE_FILTER_CATEGORY.fill(lang, &[("category", &name)])
            }
        }
    }

    /// The category's code of a category filter.
    pub fn category(self) -> Option<String> {
        match self {
            Filter::Category(i) => CareRules::builtin()
                .categories
                .get(i)
                .map(|c| c.code.clone()),
            _ => None,
        }
    }

    /// The next filter: through the tabs, and through every category before going back
    /// to all.
    fn next(self) -> Filter {
        let categories = CareRules::builtin().categories.len();
        match self {
            Filter::All => Filter::Mine,
            Filter::Mine => Filter::Overdue,
            Filter::Overdue => Filter::Hazards,
            Filter::Hazards => Filter::Category(0),
            Filter::Category(i) if i + 1 < categories => Filter::Category(i + 1),
            Filter::Category(_) => Filter::All,
        }
    }

    /// Whether this tab is the one showing (any category lights the category tab).
    pub fn is_tab_of(self, tab: Filter) -> bool {
        matches!((self, tab), (Filter::Category(_), Filter::Category(_))) || self == tab
    }
}

/// What the screen asks the app to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CareCommand {
    Load {
        filter: Filter,
    },
    Register(Box<Registration>),
    ReviewConsent {
        person_id: i64,
    },
    Open {
        person_id: i64,
    },
    RecordVisit {
        person_id: i64,
        visit: NewVisit,
    },
    ResolveHazard {
        hazard_id: i64,
        person_id: i64,
        resolution: String,
    },
    Withdraw {
        person_id: i64,
    },
}

/// An open step over the file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Step {
    #[default]
    None,
    Visit(Box<VisitForm>),
    Register(Box<RegisterForm>),
    Resolve {
        hazard_id: i64,
        form: Form,
    },
    Withdraw,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CareScreen {
    pub filter: Filter,
    /// The list as the store gave it, or why it may not be shown.
    pub rows: Option<Result<Vec<CareListRow>, String>>,
    pub selection: Selection,
    pub file: Option<Box<CareFile>>,
    pub step: Step,
    pub today: NaiveDate,
}

impl CareScreen {
    pub fn new(today: NaiveDate) -> CareScreen {
        CareScreen {
            filter: Filter::All,
            rows: None,
            selection: Selection::default(),
            file: None,
            step: Step::None,
            today,
        }
    }

    /// The command that fills the list.
    pub fn load(&self) -> Command {
        Command::Care(CareCommand::Load {
            filter: self.filter,
        })
    }

    pub fn set_rows(&mut self, rows: Result<Vec<CareListRow>, String>) {
        let len = rows.as_ref().map_or(0, Vec::len);
        self.selection.selected = self.selection.selected.min(len.saturating_sub(1));
        self.rows = Some(rows);
    }

    pub fn set_file(&mut self, file: CareFile) {
        self.file = Some(Box::new(file));
    }

    /// The store did the step: its form closes.
    pub fn done(&mut self) {
        self.step = Step::None;
    }

    pub fn has_form(&self) -> bool {
        matches!(
            self.step,
            Step::Visit(_) | Step::Register(_) | Step::Resolve { .. }
        )
    }

    pub fn is_dirty(&self) -> bool {
        match &self.step {
            Step::Visit(v) => v.form.is_dirty(),
            Step::Register(r) => r.is_dirty(),
            Step::Resolve { form, .. } => form.is_dirty(),
            _ => false,
        }
    }

    pub fn fail_at(&mut self, field: Option<usize>, message: String) -> bool {
        match &mut self.step {
            Step::Visit(v) => {
                v.form.fail(field.unwrap_or(0), message);
                true
            }
            Step::Register(r) => {
                r.form.fail(field.unwrap_or(0), message);
                true
            }
            Step::Resolve { form, .. } => {
                form.fail(0, message);
                true
            }
            _ => false,
        }
    }

    pub fn scopes(&self) -> Vec<Scope> {
        match &self.step {
            Step::Visit(_) | Step::Register(_) | Step::Resolve { .. } => {
                vec![Scope::Form, Scope::Care]
            }
            Step::Withdraw => vec![Scope::Dialog],
            Step::None => vec![Scope::Care],
        }
    }

    pub fn footer_actions(&self) -> &'static [Action] {
        match (&self.step, &self.file) {
            (Step::Visit(_) | Step::Register(_) | Step::Resolve { .. }, _) => {
                &[Action::Submit, Action::NextField, Action::Back]
            }
            (Step::Withdraw, _) => &[Action::Confirm, Action::Cancel],
            (Step::None, Some(file)) if file.status != "active" => &[Action::Back, Action::Help],
            (Step::None, Some(_)) => &[
                Action::CareVisit,
                Action::CareResolve,
                Action::CareReview,
                Action::CareWithdraw,
                Action::Back,
                Action::Help,
            ],
            (Step::None, None) => &[
                Action::Open,
                Action::CareNew,
                Action::CareFilter,
                Action::SelectNext,
                Action::Back,
                Action::Help,
            ],
        }
    }

    fn listed(&self) -> &[CareListRow] {
        match &self.rows {
            Some(Ok(rows)) => rows,
            _ => &[],
        }
    }

    pub fn on_paste(&mut self, text: &str) -> Reply {
        match &mut self.step {
            Step::Visit(v) => Reply::pasted(Some(v.form.paste(text)), text),
            Step::Register(r) => Reply::pasted(Some(r.form.paste(text)), text),
            Step::Resolve { form, .. } => Reply::pasted(Some(form.paste(text)), text),
            _ => Reply::Done,
        }
    }

    pub fn on_key(&mut self, ctx: &Ctx<'_>, key: &KeyEvent) -> Reply {
        let chord = KeyChord::from_event(key);
        let action = ctx.keymap.action_in(&self.scopes(), &chord);
        match &mut self.step {
            Step::Visit(v) => {
                return match v.form.handle_key(ctx.keymap, key) {
                    FormEvent::Submit => {
                        let person_id = self.file.as_ref().map_or(0, |f| f.id);
                        match v.visit(ctx.lang) {
                            Some(visit) => Reply::Run(Command::Care(CareCommand::RecordVisit {
                                person_id,
                                visit,
                            })),
                            None => Reply::Done,
                        }
                    }
                    FormEvent::Refused => Reply::Refused,
                    FormEvent::Ignored if action == Some(Action::Back) => {
                        self.step = Step::None;
                        Reply::Done
                    }
                    FormEvent::Ignored => Reply::Pass,
                    _ => Reply::Done,
                };
            }
            Step::Register(r) => {
                return match r.form.handle_key(ctx.keymap, key) {
                    FormEvent::Submit => match r.registration(ctx.lang) {
                        Some(reg) => {
                            Reply::Run(Command::Care(CareCommand::Register(Box::new(reg))))
                        }
                        None => Reply::Done,
                    },
                    FormEvent::Refused => Reply::Refused,
                    FormEvent::Ignored if action == Some(Action::Back) => {
                        self.step = Step::None;
                        Reply::Done
                    }
                    FormEvent::Ignored => Reply::Pass,
                    _ => Reply::Done,
                };
            }
            Step::Resolve { hazard_id, form } => {
                return match form.handle_key(ctx.keymap, key) {
                    FormEvent::Submit => {
                        let resolution = form.value(0).trim().to_string();
                        if resolution.is_empty() {
                            form.fail(0, i18n::TEXT_EMPTY.get(ctx.lang).to_string());
                            return Reply::Done;
                        }
                        Reply::Run(Command::Care(CareCommand::ResolveHazard {
                            hazard_id: *hazard_id,
                            person_id: self.file.as_ref().map_or(0, |f| f.id),
                            resolution,
                        }))
                    }
                    FormEvent::Refused => Reply::Refused,
                    FormEvent::Ignored if action == Some(Action::Back) => {
                        self.step = Step::None;
                        Reply::Done
                    }
                    FormEvent::Ignored => Reply::Pass,
                    _ => Reply::Done,
                };
            }
            Step::Withdraw => {
                return match action {
                    Some(Action::Confirm) => {
                        self.step = Step::None;
                        match &self.file {
                            Some(f) => {
                                Reply::Run(Command::Care(CareCommand::Withdraw { person_id: f.id }))
                            }
                            None => Reply::Done,
                        }
                    }
                    Some(Action::Cancel | Action::Back) => {
                        self.step = Step::None;
                        Reply::Done
                    }
                    _ => Reply::Done,
                };
            }
            Step::None => {}
        }
        if let Some(file) = &self.file {
            return match action {
                Some(Action::Back) => {
                    self.file = None;
                    Reply::Run(self.load())
                }
                Some(Action::CareVisit) if file.status == "active" => {
                    self.step = Step::Visit(Box::new(VisitForm::new(self.today)));
                    Reply::Done
                }
                Some(Action::CareResolve) => match file.open_hazards.first() {
                    Some(h) => {
                        self.step = Step::Resolve {
                            hazard_id: h.id,
                            form: Form::new(vec![Field::text(i18n::CARE_LABEL_RESOLUTION, 60)]),
                        };
                        Reply::Done
                    }
                    None => Reply::Note(i18n::CARE_NO_OPEN_HAZARD, Box::new(Reply::Done)),
                },
                Some(Action::CareReview) if file.status == "active" => {
                    Reply::Run(Command::Care(CareCommand::ReviewConsent {
                        person_id: file.id,
                    }))
                }
                Some(Action::CareWithdraw) if file.status == "active" => {
                    self.step = Step::Withdraw;
                    Reply::Done
                }
                Some(Action::CareVisit | Action::CareWithdraw | Action::CareReview) => {
                    Reply::Note(i18n::CARE_NOT_ACTIVE, Box::new(Reply::Done))
                }
                _ => Reply::Pass,
            };
        }
        let len = self.listed().len();
        match action {
            Some(Action::SelectNext) => self.selection.next(len),
            Some(Action::SelectPrev) => self.selection.prev(),
            // Nobody fills in a form the store will refuse: without care access the list
            // already says why.
            Some(Action::CareNew) if matches!(self.rows, Some(Err(_)) | None) => {
                return Reply::Note(i18n::CARE_NO_ACCESS, Box::new(Reply::Done));
            }
            Some(Action::CareNew) => {
                self.step = Step::Register(Box::new(RegisterForm::new(self.today)));
                return Reply::Done;
            }
            Some(Action::CareFilter) => {
                self.filter = self.filter.next();
                self.selection.reset();
                return Reply::Run(self.load());
            }
            Some(Action::Open) => {
                return match self.listed().get(self.selection.selected) {
                    Some(row) => Reply::Run(Command::Care(CareCommand::Open { person_id: row.id })),
                    None => Reply::Done,
                };
            }
            _ => return Reply::Pass,
        }
        Reply::Done
    }

    /// Whether the app's answer of what it shows, for a title: the file's id if open.
    pub fn open_file(&self) -> Option<i64> {
        self.file.as_ref().map(|f| f.id)
    }

    pub fn label(lang: Lang) -> &'static str {
        i18n::CARE_TITLE.get(lang)
    }
}

#[cfg(test)]
mod tests;
