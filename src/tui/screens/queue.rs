//! The counter's queue screen (F2): open, pause and close the counter; call, recall,
//! confirm arrival, park, resume, transfer, call a number out of order, finish with an
//! outcome. Managers toggle the office panel with the same screen. Shared state: the app
//! reloads it whenever another process commits (`PRAGMA data_version`).

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table};

use super::{Command, Ctx, Reply, panel};
use crate::db::queue::{CounterView, ManagerPanel};
use crate::domain::queue::{CounterMode, Outcome, QueueRules, RecallRefused, whole_minutes};
use crate::domain::text::{display_width, sanitize, truncate_to_width};
use crate::i18n::{self, Lang, Localized};
use crate::keymap::{Action, KeyChord, Scope};
use crate::tui::widgets::dialog;
use crate::tui::widgets::form::{Field, Form, FormEvent};
use crate::tui::widgets::table::{self, Selection};

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
    Transfer {
        ticket: i64,
        service: String,
        counter: String,
        note: String,
    },
    CallNumber {
        number: String,
        reason: String,
    },
    Finish {
        ticket: i64,
        outcome: Outcome,
        account_no: String,
        reference: String,
        note: String,
        then_call: bool,
    },
    QuickServe {
        service: String,
        account_no: String,
    },
    TogglePanel,
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
    CallNumber(Form),
    Park(Form),
    QuickServe(Form),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueScreen {
    pub view: Option<CounterView>,
    pub panel: Option<ManagerPanel>,
    pub show_panel: bool,
    pub step: Step,
    /// Selection in the parked list (resume picks it).
    pub parked: Selection,
    /// The time the view was loaded, for waiting and serving durations.
    pub now: DateTime<Utc>,
}

impl QueueScreen {
    pub fn new(now: DateTime<Utc>) -> QueueScreen {
        QueueScreen {
            view: None,
            panel: None,
            show_panel: false,
            step: Step::None,
            parked: Selection::default(),
            now,
        }
    }

    /// The form of the current step, if it has one (a form takes typed text).
    fn form_mut(&mut self) -> Option<&mut Form> {
        match &mut self.step {
            Step::Finish { form, .. }
            | Step::Transfer(form)
            | Step::CallNumber(form)
            | Step::Park(form)
            | Step::QuickServe(form) => Some(form),
            _ => None,
        }
    }

    pub fn has_form(&self) -> bool {
        matches!(
            self.step,
            Step::Finish { .. }
                | Step::Transfer(_)
                | Step::CallNumber(_)
                | Step::Park(_)
                | Step::QuickServe(_)
        )
    }

    pub fn is_dirty(&self) -> bool {
        match &self.step {
            Step::Finish { form, .. }
            | Step::Transfer(form)
            | Step::CallNumber(form)
            | Step::Park(form)
            | Step::QuickServe(form) => form.is_dirty(),
            _ => false,
        }
    }

    fn current_ticket(&self) -> Option<i64> {
        self.view.as_ref()?.current.as_ref().map(|c| c.ticket.id)
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

    /// The store did what was asked: back to the plain counter view.
    pub fn done(&mut self) {
        self.step = Step::None;
    }

    pub fn on_paste(&mut self, text: &str) -> Reply {
        Reply::pasted(self.form_mut().map(|f| f.paste(text)))
    }

    pub fn on_key(&mut self, ctx: &Ctx<'_>, key: &KeyEvent) -> Reply {
        let chord = KeyChord::from_event(key);
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
                    self.step = Step::Finish {
                        outcome: *outcome,
                        then_call,
                        form: finish_form(),
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
            Some(Action::NoShow) => need(ticket, |t| QueueCommand::NoShow { ticket: t }),
            Some(Action::Park) if ticket.is_some() => {
                self.step = Step::Park(Form::new(vec![Field::text(i18n::QS_LABEL_NOTE, 60)]));
                Reply::Done
            }
            Some(Action::Finish) if ticket.is_some() => {
                self.step = Step::ChooseOutcome { then_call: false };
                Reply::Done
            }
            Some(Action::TransferTicket) if ticket.is_some() => {
                self.step = Step::Transfer(Form::new(vec![
                    Field::text(i18n::QS_LABEL_SERVICE, 1),
                    Field::text(i18n::QS_LABEL_COUNTER, 3),
                    Field::text(i18n::QS_LABEL_NOTE, 60),
                ]));
                Reply::Done
            }
            Some(Action::CallSpecific) => {
                self.step = Step::CallNumber(Form::new(vec![
                    Field::text(i18n::QS_LABEL_NUMBER, 6),
                    Field::text(i18n::QS_LABEL_REASON, 60),
                ]));
                Reply::Done
            }
            Some(Action::QuickServe) if ticket.is_none() => {
                self.step = Step::QuickServe(Form::new(vec![
                    Field::text(i18n::QS_LABEL_SERVICE, 1),
                    Field::text(i18n::QS_LABEL_ACCOUNT, 10),
                ]));
                Reply::Done
            }
            Some(Action::Resume) => {
                let parked = self
                    .view
                    .as_ref()
                    .and_then(|v| v.parked.get(self.parked.selected))
                    .map(|t| t.id);
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
            Some(Action::OpenCounter) => {
                Reply::Run(Command::Queue(QueueCommand::Counter(CounterMode::Open)))
            }
            Some(Action::PauseCounter) => {
                Reply::Run(Command::Queue(QueueCommand::Counter(CounterMode::Paused)))
            }
            Some(Action::CloseCounter) => {
                Reply::Run(Command::Queue(QueueCommand::Counter(CounterMode::Closed)))
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
            FormEvent::Submit => self.submit(),
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

    fn submit(&mut self) -> Reply {
        let ticket = self.current_ticket();
        let command = match &self.step {
            Step::Finish {
                outcome,
                then_call,
                form,
            } => ticket.map(|t| QueueCommand::Finish {
                ticket: t,
                outcome: *outcome,
                account_no: form.value(0),
                reference: form.value(1),
                note: form.value(2),
                then_call: *then_call,
            }),
            Step::Transfer(form) => ticket.map(|t| QueueCommand::Transfer {
                ticket: t,
                service: form.value(0),
                counter: form.value(1),
                note: form.value(2),
            }),
            Step::CallNumber(form) => Some(QueueCommand::CallNumber {
                number: form.value(0),
                reason: form.value(1),
            }),
            Step::Park(form) => ticket.map(|t| QueueCommand::Park {
                ticket: t,
                note: form.value(0),
            }),
            Step::QuickServe(form) => Some(QueueCommand::QuickServe {
                service: form.value(0),
                account_no: form.value(1),
            }),
            _ => None,
        };
        match command {
            Some(c) => Reply::Run(Command::Queue(c)),
            None => {
                self.step = Step::None;
                Reply::Done
            }
        }
    }

    pub fn footer_actions(&self) -> &'static [Action] {
        if self.show_panel && self.panel.is_some() {
            &[Action::ManagerPanel, Action::Help]
        } else if self.has_form() {
            &[Action::Submit, Action::NextField, Action::Back]
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
        } else {
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
        }
    }

    pub fn render(&self, frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>, rules: &QueueRules) {
        if self.show_panel
            && let Some(p) = &self.panel
        {
            render_panel(frame, area, ctx.lang, rules, p, self.now);
            return;
        }
        let lang = ctx.lang;
        let Some(view) = &self.view else {
            frame.render_widget(
                Paragraph::new(i18n::QS_LOADING.get(lang))
                    .block(panel(i18n::ACTION_GO_QUEUE.get(lang))),
                area,
            );
            return;
        };
        let title = i18n::QS_SCREEN_TITLE.fill(
            lang,
            &[
                ("counter", &view.counter_no),
                ("services", &view.services),
                ("mode", &view.mode.label().get(lang)),
            ],
        );
        let block = panel(&title);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let [current_area, waiting_area, parked_area] = Layout::vertical([
            Constraint::Length(5),
            Constraint::Length(4),
            Constraint::Min(2),
        ])
        .areas(inner);
        let width = inner.width as usize;
        frame.render_widget(
            Paragraph::new(current_lines(view, lang, rules, self.now, width)),
            current_area,
        );
        frame.render_widget(
            Paragraph::new(waiting_lines(view, lang, rules, self.now, width)),
            waiting_area,
        );
        let parked_rows: Vec<Vec<String>> = view
            .parked
            .iter()
            .map(|t| {
                vec![
                    t.number.clone(),
                    service_name(rules, t.service, lang),
                    t.owner
                        .as_ref()
                        .map(|o| format!("{} {}", sanitize(&o.staff_no), sanitize(&o.name)))
                        .unwrap_or_default(),
                ]
            })
            .collect();
        if parked_rows.is_empty() {
            frame.render_widget(
                Paragraph::new(i18n::QS_NO_PARKED.get(lang))
                    .style(Style::default().add_modifier(Modifier::DIM)),
                parked_area,
            );
        } else {
            let service_width = rules
                .services
                .iter()
                .map(|s| display_width(s.name(lang)))
                .max()
                .unwrap_or(8) as u16
                + 1;
            table::render(
                frame,
                parked_area,
                vec![
                    i18n::QS_PARKED.get(lang).to_string(),
                    String::new(),
                    i18n::QS_OWNER.get(lang).to_string(),
                ],
                parked_rows,
                &[
                    Constraint::Length(6),
                    Constraint::Length(service_width),
                    Constraint::Min(10),
                ],
                Some(self.parked.selected),
            );
        }
        self.render_step(frame, area, ctx);
    }

    fn render_step(&self, frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>) {
        let lang = ctx.lang;
        let (title, form) = match &self.step {
            Step::None => return,
            Step::ConfirmCallNext => {
                let number = self
                    .view
                    .as_ref()
                    .and_then(|v| v.current.as_ref())
                    .map(|c| c.ticket.number.clone())
                    .unwrap_or_default();
                dialog::render(
                    frame,
                    area,
                    i18n::QS_CONFIRM_CALL_TITLE.get(lang),
                    &[i18n::QS_CONFIRM_CALL_BODY.fill(lang, &[("number", &number)])],
                    i18n::QS_CONFIRM_CALL_HINT.get(lang),
                );
                return;
            }
            Step::ChooseOutcome { .. } => {
                let body: Vec<String> = Outcome::ALL
                    .iter()
                    .enumerate()
                    .map(|(i, o)| format!("{}  {}", i + 1, o.label().get(lang)))
                    .collect();
                dialog::render(
                    frame,
                    area,
                    i18n::QS_CHOOSE_OUTCOME.get(lang),
                    &body,
                    i18n::QS_CHOOSE_OUTCOME_HINT.get(lang),
                );
                return;
            }
            Step::Finish { outcome, form, .. } => (
                i18n::QS_FINISH_TITLE.fill(lang, &[("outcome", &outcome.label().get(lang))]),
                form,
            ),
            Step::Transfer(form) => {
                let letters: Vec<String> = ctx.rules.letters().chars().map(String::from).collect();
                (
                    i18n::QS_TRANSFER_TITLE.fill(lang, &[("services", &letters.join(" "))]),
                    form,
                )
            }
            Step::CallNumber(form) => (i18n::QS_CALL_NUMBER_TITLE.get(lang).to_string(), form),
            Step::Park(form) => (i18n::QS_PARK_TITLE.get(lang).to_string(), form),
            Step::QuickServe(form) => (i18n::QS_QUICK_SERVE_TITLE.get(lang).to_string(), form),
        };
        let rect = dialog::centered(area, 60, form.height() + 4);
        dialog::clear_popup(frame, rect);
        let block = panel(&title);
        let inner = block.inner(rect);
        frame.render_widget(block, rect);
        form.render(
            frame,
            Rect {
                x: inner.x + 1,
                width: inner.width.saturating_sub(2),
                ..inner
            },
            lang,
            true,
        );
    }
}

fn finish_form() -> Form {
    Form::new(vec![
        Field::text(i18n::QS_LABEL_ACCOUNT, 10),
        Field::text(i18n::QS_LABEL_REFERENCE, 40),
        Field::text(i18n::QS_LABEL_NOTE, 60),
    ])
}

fn service_name(rules: &QueueRules, letter: char, lang: Lang) -> String {
    rules
        .service(letter)
        .map(|s| s.name(lang).to_string())
        .unwrap_or_else(|| letter.to_string())
}

fn minutes_since(at: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
    whole_minutes((now - at).num_seconds().max(0))
}

fn current_lines(
    view: &CounterView,
    lang: Lang,
    rules: &QueueRules,
    now: DateTime<Utc>,
    width: usize,
) -> Vec<Line<'static>> {
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let Some(c) = &view.current else {
        let text = match view.mode {
            CounterMode::Open => i18n::QS_IDLE_OPEN.get(lang),
            CounterMode::Paused => i18n::QS_IDLE_PAUSED.get(lang),
            CounterMode::Closed => i18n::QS_IDLE_CLOSED.get(lang),
        };
        let mut lines = vec![Line::from(Span::styled(text.to_string(), bold))];
        if view.day.is_none() {
            lines.push(Line::from(i18n::QS_NO_DAY_HINT.get(lang)));
        }
        return lines;
    };
    let t = &c.ticket;
    let mut first = vec![
        Span::styled(
            format!(" {} ", t.number),
            bold.add_modifier(Modifier::REVERSED),
        ),
        Span::raw(format!(" {}  ", service_name(rules, t.service, lang))),
        Span::raw(i18n::QS_CALLED_AGO.fill(lang, &[("minutes", &minutes_since(c.called_at, now))])),
        Span::raw("  "),
        Span::raw(i18n::QS_RECALLS.fill(
            lang,
            &[("count", &c.recalls), ("cap", &rules.recall.max_recalls)],
        )),
    ];
    if t.priority {
        first.push(Span::styled(
            format!("  {}", i18n::QS_PRIORITY_MARK.get(lang)),
            bold,
        ));
    }
    let arrived = match c.arrived_at {
        Some(at) => i18n::QS_ARRIVED_AGO.fill(lang, &[("minutes", &minutes_since(at, now))]),
        None => i18n::QS_NOT_ARRIVED.get(lang).to_string(),
    };
    first.push(Span::raw(format!("  {arrived}")));
    let why = c
        .reason
        .as_ref()
        .map(|r| r.localized(lang))
        .unwrap_or_default();
    let owner = t
        .owner
        .as_ref()
        .map(|o| format!("{} {}", sanitize(&o.staff_no), sanitize(&o.name)))
        .unwrap_or_else(|| "-".into());
    let waited = minutes_since(t.issued_at, c.called_at);
    vec![
        Line::from(first),
        Line::from(truncate_to_width(
            &i18n::QS_WHY.fill(lang, &[("why", &why)]),
            width,
        )),
        Line::from(truncate_to_width(
            &i18n::QS_OWNER_LINE.fill(
                lang,
                &[
                    ("owner", &owner),
                    (
                        "account",
                        &t.account_no
                            .as_deref()
                            .map(|a| sanitize(a).into_owned())
                            .unwrap_or_else(|| "-".into()),
                    ),
                    ("waited", &waited),
                ],
            ),
            width,
        )),
        // Only the cap stands on screen: it tells what to do next (no-show). "Too soon"
        // is said when `r` is pressed; as a standing line its seconds would go stale.
        Line::from(match &c.recall_refused {
            Some(r @ RecallRefused::CapReached { .. }) => {
                truncate_to_width(&r.localized(lang), width)
            }
            _ => String::new(),
        }),
    ]
}

fn waiting_lines(
    view: &CounterView,
    lang: Lang,
    rules: &QueueRules,
    now: DateTime<Utc>,
    width: usize,
) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(Span::styled(
        i18n::QS_WAITING_FOR_ME.fill(lang, &[("count", &view.waiting_for_me)]),
        Style::default().add_modifier(Modifier::BOLD),
    ))];
    if let Some(next) = &view.next {
        lines.push(Line::from(truncate_to_width(
            &i18n::QS_NEXT_UP.fill(
                lang,
                &[
                    ("number", &next.number),
                    ("why", &next.choice.reason.localized(lang)),
                ],
            ),
            width,
        )));
    }
    if let Some(day) = &view.day
        && day.is_stale(now, rules)
    {
        lines.push(Line::from(Span::styled(
            i18n::QS_STALE_DAY.fill(lang, &[("day", &day.day)]),
            Style::default().add_modifier(Modifier::BOLD),
        )));
    }
    lines
}

fn render_panel(
    frame: &mut Frame<'_>,
    area: Rect,
    lang: Lang,
    rules: &QueueRules,
    p: &ManagerPanel,
    now: DateTime<Utc>,
) {
    let block = panel(i18n::QS_PANEL_TITLE.get(lang));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [summary, counters] =
        Layout::vertical([Constraint::Length(4), Constraint::Min(3)]).areas(inner);
    let width = inner.width as usize;
    // With the service names when they fit (Chinese), else the letters alone (English).
    let waiting_line = |named: bool| {
        let list: Vec<String> = p
            .waiting
            .iter()
            .map(|s| {
                if named {
                    let name = service_name(rules, s.service, lang);
                    format!("{} {name} {}", s.service, s.waiting)
                } else {
                    format!("{} {}", s.service, s.waiting)
                }
            })
            .collect();
        i18n::QS_WAITING_LINE.fill(lang, &[("list", &list.join("  "))])
    };
    let waiting = Some(waiting_line(true))
        .filter(|l| display_width(l) <= width)
        .unwrap_or_else(|| waiting_line(false));
    let longest = p
        .longest_wait
        .as_ref()
        .map(|t| {
            i18n::QS_LONGEST.fill(
                lang,
                &[
                    ("number", &t.number),
                    ("minutes", &minutes_since(t.issued_at, now)),
                ],
            )
        })
        .unwrap_or_else(|| i18n::QS_LONGEST_NONE.get(lang).to_string());
    let total = &p.today.total;
    let share = total
        .within_target_permille()
        .map(|m| format!("{}.{}%", m / 10, m % 10))
        .unwrap_or_else(|| "-".into());
    let mut lines = vec![
        Line::from(truncate_to_width(&waiting, width)),
        Line::from(longest),
        Line::from(i18n::QS_TODAY_FIGURES.fill(
            lang,
            &[
                ("served", &total.served),
                ("no_show", &total.no_show),
                ("share", &share),
                ("parked", &p.parked),
            ],
        )),
    ];
    if p.stale {
        lines.push(Line::from(Span::styled(
            i18n::QS_STALE_PANEL.get(lang),
            Style::default().add_modifier(Modifier::BOLD),
        )));
    }
    frame.render_widget(Paragraph::new(lines), summary);
    let header: Vec<String> = [
        i18n::QS_COL_COUNTER,
        i18n::QS_COL_STATE,
        i18n::QS_COL_STAFF,
        i18n::QS_COL_SERVING,
        i18n::QS_COL_FOR,
    ]
    .iter()
    .map(|m| m.get(lang).to_string())
    .collect();
    let rows: Vec<Vec<String>> = p
        .counters
        .iter()
        .map(|c| {
            vec![
                format!("{} {}", c.counter_no, c.services),
                c.mode.label().get(lang).to_string(),
                c.staff
                    .as_ref()
                    .map(|s| format!("{} {}", sanitize(&s.staff_no), sanitize(&s.name)))
                    .unwrap_or_default(),
                c.current
                    .as_ref()
                    .map(|(t, _)| t.number.clone())
                    .unwrap_or_default(),
                c.current
                    .as_ref()
                    .map(|(_, since)| {
                        i18n::QS_MINUTES.fill(lang, &[("minutes", &minutes_since(*since, now))])
                    })
                    .or_else(|| {
                        c.since.map(|s| {
                            i18n::QS_MINUTES.fill(lang, &[("minutes", &minutes_since(s, now))])
                        })
                    })
                    .unwrap_or_default(),
            ]
        })
        .collect();
    // Nothing is selected here: the shared table would scroll to its selection, so a
    // plain table shows every counter from the first.
    let widths = [
        Constraint::Length(8),
        Constraint::Length(6),
        Constraint::Length(16),
        Constraint::Length(8),
        Constraint::Min(6),
    ];
    let table = Table::new(rows.into_iter().map(Row::new), widths)
        .header(
            Row::new(header)
                .style(Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)),
        )
        .column_spacing(1);
    frame.render_widget(table, counters);
}
