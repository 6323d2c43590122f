//! Drawing the queue screen: the ticket at the counter, the waiting counts, the waiting
//! list beside the parked list (with their notes), the step in progress; the manager's
//! office panel and the counter choice are in `panel`.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::panel::{render_counter_choice, render_panel};
use super::{Question, QueueScreen, Step};
use crate::db::queue::CounterView;
use crate::domain::queue::{CounterMode, Outcome, QueueRules, RecallRefused, whole_minutes};
use crate::domain::text::{sanitize, truncate_to_width};
use crate::i18n::{self, Lang, Localized};
use crate::tui::screens::{Ctx, panel};
use crate::tui::widgets::dialog;
use crate::tui::widgets::form_box::FormBox;
use crate::tui::widgets::table;

impl QueueScreen {
    pub fn render(&self, frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>, rules: &QueueRules) {
        if self.show_panel
            && let Some(p) = &self.panel
        {
            render_panel(frame, area, ctx.lang, rules, p, self.now);
            self.render_step(frame, area, ctx);
            return;
        }
        if self.choosing_counter() {
            render_counter_choice(frame, area, ctx.lang, &self.counters, &self.choice);
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
        let [current_area, waiting_area, lists_area] = Layout::vertical([
            Constraint::Length(5),
            Constraint::Length(3),
            Constraint::Min(2),
        ])
        .areas(inner);
        let width = inner.width as usize;
        frame.render_widget(
            Paragraph::new(current_lines(
                view,
                lang,
                rules,
                self.now,
                width,
                self.care.as_ref(),
            )),
            current_area,
        );
        let mut summary = waiting_lines(view, lang, rules, self.now, width);
        if self.step == Step::PickTicket {
            summary[0] = Line::from(Span::styled(
                i18n::QD_PICK_TITLE.get(lang).to_string(),
                Style::default().add_modifier(Modifier::BOLD | Modifier::REVERSED),
            ));
        }
        frame.render_widget(Paragraph::new(summary), waiting_area);
        let [waiting_list, _, parked_list] = Layout::horizontal([
            Constraint::Length(37),
            Constraint::Length(1),
            Constraint::Min(20),
        ])
        .areas(lists_area);
        self.render_waiting(frame, waiting_list, lang, rules);
        self.render_parked(frame, parked_list, lang);
        self.render_step(frame, area, ctx);
    }

    /// The tickets this counter may call, most urgent first; lit while picking one.
    fn render_waiting(&self, frame: &mut Frame<'_>, area: Rect, lang: Lang, rules: &QueueRules) {
        let Some(view) = &self.view else { return };
        if view.callable.is_empty() {
            frame.render_widget(
                Paragraph::new(i18n::QD_NOBODY_WAITING.get(lang))
                    .style(Style::default().add_modifier(Modifier::DIM)),
                area,
            );
            return;
        }
        let rows: Vec<Vec<String>> = view
            .callable
            .iter()
            .map(|t| {
                vec![
                    t.number.clone(),
                    truncate_to_width(
                        &format!("{} {}", t.service, service_name(rules, t.service, lang)),
                        14,
                    ),
                    i18n::QS_MINUTES
                        .fill(lang, &[("minutes", &minutes_since(t.issued_at, self.now))]),
                    if t.priority {
                        i18n::QD_PRIORITY.get(lang).to_string()
                    } else {
                        String::new()
                    },
                ]
            })
            .collect();
        table::render(
            frame,
            area,
            vec![
                i18n::QS_LABEL_NUMBER.get(lang).to_string(),
                i18n::QS_LABEL_SERVICE.get(lang).to_string(),
                i18n::QD_COL_WAITED.get(lang).to_string(),
                String::new(),
            ],
            rows,
            &[
                Constraint::Length(6),
                Constraint::Length(14),
                Constraint::Length(8),
                Constraint::Min(4),
            ],
            (self.step == Step::PickTicket).then_some(self.waiting.selected),
        );
    }

    /// The office's parked tickets with the note each was parked with; `u` resumes the
    /// lit one.
    fn render_parked(&self, frame: &mut Frame<'_>, area: Rect, lang: Lang) {
        let Some(view) = &self.view else { return };
        if view.parked.is_empty() {
            frame.render_widget(
                Paragraph::new(i18n::QS_NO_PARKED.get(lang))
                    .style(Style::default().add_modifier(Modifier::DIM)),
                area,
            );
            return;
        }
        let rows: Vec<Vec<String>> = view
            .parked
            .iter()
            .map(|p| {
                vec![
                    p.ticket.number.clone(),
                    // Cut with an ellipsis, so a cut note is not read as the whole note.
                    truncate_to_width(&sanitize(&p.note), area.width.saturating_sub(21) as usize),
                    p.ticket
                        .owner
                        .as_ref()
                        .map(|o| format!("{} {}", sanitize(&o.staff_no), sanitize(&o.name)))
                        .unwrap_or_default(),
                ]
            })
            .collect();
        table::render(
            frame,
            area,
            vec![
                i18n::QS_PARKED.get(lang).to_string(),
                i18n::QD_COL_NOTE.get(lang).to_string(),
                i18n::QS_OWNER.get(lang).to_string(),
            ],
            rows,
            &[
                Constraint::Length(6),
                Constraint::Min(10),
                Constraint::Length(13),
            ],
            (self.step != Step::PickTicket).then_some(self.parked.selected),
        );
    }

    fn render_step(&self, frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>) {
        let lang = ctx.lang;
        let (title, form) = match &self.step {
            Step::None | Step::PickTicket => return,
            Step::Confirm(question) => {
                let (title, body) = self.question_text(*question, lang);
                dialog::render(frame, area, title, &[body], i18n::QD_CONFIRM_HINT.get(lang));
                return;
            }
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
            Step::CallTicket { number, form, .. } => (
                i18n::QD_CALL_TICKET_TITLE.fill(lang, &[("number", number)]),
                form,
            ),
            Step::Park(form) => (i18n::QS_PARK_TITLE.get(lang).to_string(), form),
            Step::QuickServe(form) => (i18n::QS_QUICK_SERVE_TITLE.get(lang).to_string(), form),
        };
        FormBox::new(&title, 60).render(frame, area, form, lang);
    }
}

impl QueueScreen {
    /// The title and body of a question asked before a step.
    fn question_text(&self, question: Question, lang: Lang) -> (&'static str, String) {
        let number = self
            .view
            .as_ref()
            .and_then(|v| v.current.as_ref())
            .map(|c| c.ticket.number.clone())
            .unwrap_or_default();
        match question {
            Question::NoShow { .. } => (
                i18n::QD_CONFIRM_NO_SHOW_TITLE.get(lang),
                i18n::QD_CONFIRM_NO_SHOW_BODY.fill(lang, &[("number", &number)]),
            ),
            Question::CloseCounter => (
                i18n::QD_CONFIRM_CLOSE_TITLE.get(lang),
                i18n::QD_CONFIRM_CLOSE_BODY.fill(
                    lang,
                    &[("counter", &self.view.as_ref().map_or(0, |v| v.counter_no))],
                ),
            ),
            Question::CloseDay => {
                let panel = self.panel.as_ref();
                let day = panel
                    .and_then(|p| p.day.as_ref())
                    .map(|d| d.day.to_string())
                    .unwrap_or_default();
                let waiting: usize = panel.map_or(0, |p| p.waiting.iter().map(|s| s.waiting).sum());
                let parked = panel.map_or(0, |p| p.parked);
                (
                    i18n::QD_CONFIRM_CLOSE_DAY_TITLE.get(lang),
                    i18n::QD_CONFIRM_CLOSE_DAY_BODY.fill(
                        lang,
                        &[("day", &day), ("waiting", &waiting), ("parked", &parked)],
                    ),
                )
            }
        }
    }
}

pub(super) fn service_name(rules: &QueueRules, letter: char, lang: Lang) -> String {
    rules
        .service(letter)
        .map(|s| s.name(lang).to_string())
        .unwrap_or_else(|| letter.to_string())
}

pub(super) fn minutes_since(at: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
    whole_minutes((now - at).num_seconds().max(0))
}

fn current_lines(
    view: &CounterView,
    lang: Lang,
    rules: &QueueRules,
    now: DateTime<Utc>,
    width: usize,
    care: Option<&crate::db::care::CareMarker>,
) -> Vec<Line<'static>> {
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let Some(c) = &view.current else {
        let text = match view.mode {
            CounterMode::Open => i18n::QS_IDLE_OPEN.get(lang),
            CounterMode::Paused => i18n::QS_IDLE_PAUSED.get(lang),
            CounterMode::Closed => i18n::QS_IDLE_CLOSED.get(lang),
        };
        if let Some(day) = &view.closed_day {
            return vec![Line::from(Span::styled(
                i18n::QD_COUNTER_DAY_CLOSED.fill(lang, &[("day", &day.day)]),
                bold,
            ))];
        }
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
        match (&c.recall_refused, care) {
            (Some(r @ RecallRefused::CapReached { .. }), _) => {
                Line::from(truncate_to_width(&r.localized(lang), width))
            }
            // The care register's marker: what serving this customer needs.
            (_, Some(marker)) => Line::styled(
                truncate_to_width(
                    &i18n::CARE_MARKER
                        .fill(lang, &[("marks", &marker.marks), ("hint", &marker.hint)]),
                    width,
                ),
                bold,
            ),
            _ => Line::from(String::new()),
        },
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
