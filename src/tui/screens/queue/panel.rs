//! The manager's office panel (every counter, every cash shift, services nobody is
//! calling, closing the day) and the counter choice of a staff member without one.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table};

use super::render::{minutes_since, service_name};
use crate::db::office::Counter;
use crate::db::queue::ManagerPanel;
use crate::domain::queue::QueueRules;
use crate::domain::text::{display_width, sanitize, truncate_to_width};
use crate::i18n::{self, Lang};
use crate::tui::screens::panel;
use crate::tui::widgets::table::{self, Selection};

pub(super) fn render_panel(
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
    let bold = Style::default().add_modifier(Modifier::BOLD);
    if p.stale {
        lines.push(Line::from(Span::styled(
            i18n::QS_STALE_PANEL.get(lang),
            bold,
        )));
    }
    if let Some(day) = &p.closed_day {
        lines.push(Line::from(Span::styled(
            i18n::QD_DAY_CLOSED_PANEL.fill(lang, &[("day", &day.day)]),
            bold,
        )));
    }
    // A service with people waiting and no open counter: nobody will call them.
    for u in &p.unserved {
        let paused = if u.paused.is_empty() {
            String::new()
        } else {
            let list: Vec<String> = u.paused.iter().map(i64::to_string).collect();
            i18n::QD_UNSERVED_PAUSED.fill(lang, &[("counters", &list.join(" "))])
        };
        let text = i18n::QD_UNSERVED.fill(
            lang,
            &[
                ("service", &u.service),
                ("waiting", &u.waiting),
                ("number", &u.oldest.number),
                ("minutes", &minutes_since(u.oldest.issued_at, now)),
                ("paused", &paused),
            ],
        );
        lines.push(Line::from(Span::styled(
            truncate_to_width(&text, width),
            bold.add_modifier(Modifier::REVERSED),
        )));
    }
    let [summary, counters, _, shifts] = Layout::vertical([
        Constraint::Length(lines.len() as u16),
        Constraint::Length(p.counters.len() as u16 + 1),
        Constraint::Length(1),
        Constraint::Min(2),
    ])
    .areas(inner);
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
    render_shifts(frame, shifts, lang, p);
}

/// Every cash shift of the day, open and closed, by whom and where.
fn render_shifts(frame: &mut Frame<'_>, area: Rect, lang: Lang, p: &ManagerPanel) {
    if p.shifts.is_empty() {
        frame.render_widget(
            Paragraph::new(i18n::QD_NO_SHIFTS.get(lang))
                .style(Style::default().add_modifier(Modifier::DIM)),
            area,
        );
        return;
    }
    let rows: Vec<Row> = p
        .shifts
        .iter()
        .map(|s| {
            // Stored in UTC: shown on the offices' clock, as every time a person reads.
            let opened = crate::clock::office_minute_of_stamp(&s.opened_at);
            let opened = opened.get(11..16).unwrap_or(&opened).to_string();
            Row::new(vec![
                format!("{} {}", sanitize(&s.staff_no), sanitize(&s.staff_name)),
                s.counter_no
                    .map(|c| i18n::QD_SHIFT_AT.fill(lang, &[("counter", &c)]))
                    .unwrap_or_default(),
                s.state.label().get(lang).to_string(),
                i18n::QD_SHIFT_OPENED.fill(lang, &[("time", &opened)]),
            ])
        })
        .collect();
    let header = Row::new(vec![i18n::QD_COL_SHIFT.get(lang).to_string()])
        .style(Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED));
    let table = Table::new(
        rows,
        [
            Constraint::Length(16),
            Constraint::Length(10),
            Constraint::Length(8),
            Constraint::Min(8),
        ],
    )
    .header(header)
    .column_spacing(1);
    frame.render_widget(table, area);
}

/// The office's counters for a staff member who has none: the number picks one.
pub(super) fn render_counter_choice(
    frame: &mut Frame<'_>,
    area: Rect,
    lang: Lang,
    counters: &[Counter],
    choice: &Selection,
) {
    let block = panel(i18n::QD_CHOOSE_COUNTER_TITLE.get(lang));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [text, _, list] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(1),
        Constraint::Min(2),
    ])
    .areas(inner);
    frame.render_widget(
        Paragraph::new(i18n::QD_CHOOSE_COUNTER_BODY.get(lang))
            .wrap(ratatui::widgets::Wrap { trim: false }),
        text,
    );
    let rows: Vec<Vec<String>> = counters
        .iter()
        .map(|c| {
            vec![
                i18n::QD_COUNTER_ROW
                    .fill(lang, &[("counter", &c.number), ("services", &c.services)]),
            ]
        })
        .collect();
    table::render(
        frame,
        list,
        vec![i18n::QS_COL_COUNTER.get(lang).to_string()],
        rows,
        &[Constraint::Min(10)],
        Some(choice.selected),
    );
}
