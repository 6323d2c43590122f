//! Drawing the queue screen: the ticket at the counter, the waiting counts, the parked
//! list, the step in progress, and the manager's office panel.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table};

use super::{QueueScreen, Step};
use crate::db::queue::{CounterView, ManagerPanel};
use crate::domain::queue::{CounterMode, Outcome, QueueRules, RecallRefused, whole_minutes};
use crate::domain::text::{display_width, sanitize, truncate_to_width};
use crate::i18n::{self, Lang, Localized};
use crate::tui::screens::{Ctx, panel};
use crate::tui::widgets::dialog;
use crate::tui::widgets::table;

impl QueueScreen {
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
        // The form is drawn a cell inside the box's borders on each side.
        let rect = dialog::centered(area, 60, form.height(60 - 4, lang) + 4);
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
