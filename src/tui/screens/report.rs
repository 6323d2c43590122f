//! Reports (F8): the day-end of the office (key figures, tickets per hour as a bar
//! chart, the median wait per half hour as a sparkline, then the whole report to
//! scroll) and the period report (a month, offices side by side). ← → move a day or a
//! month, Tab switches, `o` changes the office (administrators), `p` prints, `>` `<`
//! scroll the text sideways. The screen
//! holds figures only; the app reads them through `db::report`, which decides who may.

use chrono::{Datelike, Duration, Months, NaiveDate};
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::Line;
use ratatui::widgets::{
    Bar, BarChart, BarGroup, Block, Borders, Clear, Paragraph, Sparkline, Wrap,
};

use super::{Command, Ctx, Reply, panel};
use crate::i18n::{self, Lang};
use crate::keymap::{Action, KeyChord, Scope};
use crate::report::business;
use crate::report::day::DayReport;
use crate::report::period::PeriodReport;
use crate::report::table::{self, Cell};

/// Columns one `>` or `<` moves the report text.
const HSCROLL_STEP: u16 = 20;

/// What the screen asks of the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportCommand {
    Day {
        office: i64,
        date: NaiveDate,
    },
    Period {
        office: Option<i64>,
        from: NaiveDate,
        to: NaiveDate,
    },
    PrintDay {
        office: i64,
        date: NaiveDate,
    },
    PrintPeriod {
        office: Option<i64>,
        from: NaiveDate,
        to: NaiveDate,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Day,
    Period,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ReportScreen {
    pub view: View,
    /// `None`: every office (the period view of an administrator).
    pub office: Option<i64>,
    pub own_office: i64,
    /// Administrators choose the office; managers read their own.
    pub choose_office: bool,
    pub offices: i64,
    pub date: NaiveDate,
    /// The first day of the period view's month.
    pub month: NaiveDate,
    pub today: NaiveDate,
    pub day: Option<Result<DayReport, String>>,
    pub period: Option<Result<PeriodReport, String>>,
    pub scroll: u16,
    /// Columns the report text is scrolled to the right (`>` `<`): its tables are wider
    /// than 80 columns in places.
    pub hscroll: u16,
    /// How far right the text can go, as the last frame measured it.
    hscroll_max: std::cell::Cell<u16>,
    /// The staff member may not read reports (a clerk): every report key says so.
    pub refused: bool,
}

impl Eq for ReportScreen {}

impl ReportScreen {
    pub fn new(today: NaiveDate, own_office: i64, choose_office: bool, offices: i64) -> Self {
        ReportScreen {
            view: View::Day,
            office: Some(own_office),
            own_office,
            choose_office,
            offices,
            date: today,
            month: today.with_day(1).unwrap_or(today),
            today,
            day: None,
            period: None,
            scroll: 0,
            hscroll: 0,
            hscroll_max: std::cell::Cell::new(0),
            refused: false,
        }
    }

    /// The command that reads what the screen shows now.
    pub fn load(&self) -> ReportCommand {
        let office = self.office.unwrap_or(self.own_office);
        match self.view {
            View::Day => ReportCommand::Day {
                office,
                date: self.date,
            },
            View::Period => {
                let (from, to) = self.period_range();
                ReportCommand::Period {
                    office: self.office,
                    from,
                    to,
                }
            }
        }
    }

    pub fn period_range(&self) -> (NaiveDate, NaiveDate) {
        let end = self
            .month
            .checked_add_months(Months::new(1))
            .and_then(|d| d.pred_opt())
            .unwrap_or(self.month)
            .min(self.today);
        (self.month, end)
    }

    pub fn set_day(&mut self, r: Result<DayReport, String>) {
        self.day = Some(r);
    }

    pub fn set_period(&mut self, r: Result<PeriodReport, String>) {
        self.period = Some(r);
    }

    pub fn footer_actions(&self) -> &'static [Action] {
        use Action::*;
        if self.refused {
            return &[Back];
        }
        let left = self.hscroll > 0;
        let right = self.hscroll < self.hscroll_max.get();
        match (self.choose_office, left, right) {
            (true, false, false) => &[
                ReportPrev,
                ReportNext,
                ReportView,
                ReportOffice,
                ReportPrint,
                Back,
            ],
            (true, false, true) => &[
                ReportPrev,
                ReportNext,
                ReportView,
                ReportOffice,
                ReportPrint,
                ScrollRight,
                Back,
            ],
            (true, true, false) => &[
                ReportPrev,
                ReportNext,
                ReportView,
                ReportOffice,
                ReportPrint,
                ScrollLeft,
                Back,
            ],
            (true, true, true) => &[
                ReportPrev,
                ReportNext,
                ReportView,
                ReportOffice,
                ReportPrint,
                ScrollLeft,
                ScrollRight,
                Back,
            ],
            (false, false, false) => &[
                ReportPrev,
                ReportNext,
                ReportView,
                ReportPrint,
                SelectNext,
                Back,
            ],
            (false, false, true) => &[
                ReportPrev,
                ReportNext,
                ReportView,
                ReportPrint,
                SelectNext,
                ScrollRight,
                Back,
            ],
            (false, true, false) => &[
                ReportPrev,
                ReportNext,
                ReportView,
                ReportPrint,
                SelectNext,
                ScrollLeft,
                Back,
            ],
            (false, true, true) => &[
                ReportPrev,
                ReportNext,
                ReportView,
                ReportPrint,
                SelectNext,
                ScrollLeft,
                ScrollRight,
                Back,
            ],
        }
    }

    fn reload(&mut self) -> Reply {
        self.scroll = 0;
        self.hscroll = 0;
        Reply::Run(Command::Report(self.load()))
    }

    pub fn on_key(&mut self, ctx: &Ctx<'_>, key: &KeyEvent) -> Reply {
        let chord = KeyChord::from_event(key);
        let action = ctx.keymap.action_in(&[Scope::Reports], &chord);
        if self.refused
            && matches!(
                action,
                Some(
                    Action::ReportPrev
                        | Action::ReportNext
                        | Action::ReportView
                        | Action::ReportOffice
                        | Action::ReportPrint
                        | Action::ScrollLeft
                        | Action::ScrollRight
                )
            )
        {
            return Reply::Refuse(i18n::RPT_NOT_ALLOWED.get(ctx.lang).to_string());
        }
        match action {
            Some(Action::ReportPrev) => {
                match self.view {
                    View::Day => self.date -= Duration::days(1),
                    View::Period => {
                        self.month = self
                            .month
                            .checked_sub_months(Months::new(1))
                            .unwrap_or(self.month)
                    }
                }
                self.reload()
            }
            Some(Action::ReportNext) => {
                match self.view {
                    View::Day if self.date < self.today => self.date += Duration::days(1),
                    View::Period => {
                        let next = self
                            .month
                            .checked_add_months(Months::new(1))
                            .unwrap_or(self.month);
                        if next <= self.today {
                            self.month = next;
                        }
                    }
                    View::Day => {}
                }
                self.reload()
            }
            Some(Action::ReportView) => {
                self.view = match self.view {
                    View::Day => View::Period,
                    View::Period => View::Day,
                };
                if self.view == View::Day && self.office.is_none() {
                    self.office = Some(self.own_office);
                }
                self.reload()
            }
            Some(Action::ReportOffice) if self.choose_office => {
                // 1 … N, then every office (period view only), then 1 again.
                self.office = match self.office {
                    Some(n) if n < self.offices => Some(n + 1),
                    Some(_) if self.view == View::Period => None,
                    _ => Some(1),
                };
                self.reload()
            }
            Some(Action::ReportPrint) => Reply::Run(Command::Report(match self.load() {
                ReportCommand::Day { office, date } => ReportCommand::PrintDay { office, date },
                ReportCommand::Period { office, from, to } => {
                    ReportCommand::PrintPeriod { office, from, to }
                }
                other => other,
            })),
            Some(Action::SelectNext) => {
                self.scroll = self.scroll.saturating_add(1);
                Reply::Done
            }
            Some(Action::SelectPrev) => {
                self.scroll = self.scroll.saturating_sub(1);
                Reply::Done
            }
            Some(Action::PageDown) => {
                self.scroll = self.scroll.saturating_add(10);
                Reply::Done
            }
            Some(Action::PageUp) => {
                self.scroll = self.scroll.saturating_sub(10);
                Reply::Done
            }
            Some(Action::ScrollRight) => {
                self.hscroll = (self.hscroll + HSCROLL_STEP).min(self.hscroll_max.get());
                Reply::Done
            }
            Some(Action::ScrollLeft) => {
                self.hscroll = self.hscroll.saturating_sub(HSCROLL_STEP);
                Reply::Done
            }
            _ => Reply::Pass,
        }
    }

    pub fn render(&self, frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>) {
        match self.view {
            View::Day => self.render_day(frame, area, ctx),
            View::Period => self.render_period(frame, area, ctx),
        }
    }

    fn message(frame: &mut Frame<'_>, area: Rect, block: Block<'_>, text: String) {
        frame.render_widget(
            Paragraph::new(text).wrap(Wrap { trim: false }).block(block),
            area,
        );
    }

    fn render_day(&self, frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>) {
        let lang = ctx.lang;
        let r = match &self.day {
            Some(Ok(r)) => r,
            Some(Err(e)) => {
                return Self::message(
                    frame,
                    area,
                    panel(i18n::ACTION_GO_REPORTS.get(lang)),
                    e.clone(),
                );
            }
            None => {
                return Self::message(
                    frame,
                    area,
                    panel(i18n::ACTION_GO_REPORTS.get(lang)),
                    i18n::RPT_SCREEN_LOADING.get(lang).to_string(),
                );
            }
        };
        let status = if r.is_closed() {
            i18n::RPT_SCREEN_CLOSED
        } else {
            i18n::RPT_SCREEN_OPEN
        };
        let title = i18n::RPT_SCREEN_DAY.fill(
            lang,
            &[
                ("office", &r.office.name(lang)),
                ("date", &r.date),
                ("status", &status.get(lang)),
            ],
        );
        let block = panel(&title);
        let inner = block.inner(area);
        frame.render_widget(Clear, area);
        frame.render_widget(block, area);
        let [top, rest] =
            Layout::vertical([Constraint::Length(8), Constraint::Min(0)]).areas(inner);
        let [figures, charts] =
            Layout::horizontal([Constraint::Length(44), Constraint::Min(0)]).areas(top);
        frame.render_widget(Paragraph::new(day_figures(r, lang)), figures);
        let [bars, waits] =
            Layout::vertical([Constraint::Min(0), Constraint::Length(3)]).areas(charts);
        let hours: Vec<Bar<'_>> = r
            .queue
            .arrivals_by_hour
            .iter()
            .map(|(h, n)| {
                Bar::default()
                    .value(u64::try_from(*n).unwrap_or(0))
                    .label(Line::from(format!("{h:02}")))
                    .text_value(String::new())
            })
            .collect();
        frame.render_widget(
            BarChart::default()
                .block(Block::default().title(i18n::RPT_ARRIVALS.get(lang)))
                .data(BarGroup::default().bars(&hours))
                .bar_width(2)
                .bar_gap(1)
                .bar_style(Style::default().fg(Color::Cyan)),
            bars,
        );
        let waits_p50: Vec<u64> = r
            .queue
            .by_slot
            .iter()
            .map(|s| u64::try_from(s.wait_p50_secs.unwrap_or(0)).unwrap_or(0))
            .collect();
        frame.render_widget(
            Sparkline::default()
                .block(
                    Block::default()
                        .borders(Borders::TOP)
                        .title(i18n::RPT_WAITS.get(lang)),
                )
                .data(&waits_p50)
                .style(Style::default().fg(Color::Yellow)),
            waits,
        );
        let text = crate::report::render::text(&title, &table::day_tables(r, ctx.rules, lang));
        let lines: Vec<Line<'_>> = text
            .lines()
            .skip(2)
            .map(|l| Line::from(l.to_string()))
            .collect();
        let max = (lines.len() as u16).saturating_sub(rest.height);
        let h = self.horizontal(&lines, rest.width);
        frame.render_widget(
            Paragraph::new(lines).scroll((self.scroll.min(max), h)),
            rest,
        );
    }

    /// The horizontal offset to draw at, and how far the keys may take it: the widest
    /// line past the area's width.
    fn horizontal(&self, lines: &[Line<'_>], width: u16) -> u16 {
        let widest = lines.iter().map(Line::width).max().unwrap_or(0);
        let max = u16::try_from(widest)
            .unwrap_or(u16::MAX)
            .saturating_sub(width);
        self.hscroll_max.set(max);
        self.hscroll.min(max)
    }

    fn render_period(&self, frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>) {
        let lang = ctx.lang;
        let (from, to) = self.period_range();
        let office = match self.office {
            None => i18n::RPT_SCREEN_ALL.get(lang).to_string(),
            Some(_) => match &self.period {
                Some(Ok(p)) => p
                    .offices
                    .first()
                    .map_or(String::new(), |o| o.name(lang).to_string()),
                _ => String::new(),
            },
        };
        let title = i18n::RPT_SCREEN_PERIOD
            .fill(lang, &[("from", &from), ("to", &to), ("office", &office)]);
        let block = panel(&title);
        let p = match &self.period {
            Some(Ok(p)) => p,
            Some(Err(e)) => return Self::message(frame, area, block, e.clone()),
            None => {
                return Self::message(
                    frame,
                    area,
                    block,
                    i18n::RPT_SCREEN_LOADING.get(lang).to_string(),
                );
            }
        };
        let inner = block.inner(area);
        frame.render_widget(Clear, area);
        frame.render_widget(block, area);
        let overview = table::period_overview(p, &p.whole, lang);
        let mut text = crate::report::render::text("", &[overview]);
        // Then every figure of the office or the group.
        let whole = table::Table {
            rows: p
                .whole
                .total
                .iter()
                .map(|l| {
                    vec![
                        Cell::Text(business::label(&l.key, lang)),
                        match l.unit {
                            crate::report::Unit::Count => Cell::Int(l.value),
                            crate::report::Unit::Fen => Cell::Fen(l.value),
                            crate::report::Unit::Litres => Cell::Litres(l.value),
                        },
                    ]
                })
                .collect(),
            headers: vec![
                i18n::RPT_COL_ITEM.get(lang).to_string(),
                i18n::RPT_OFFICE_TOTAL_ALL.get(lang).to_string(),
            ],
            title: i18n::RPT_BUSINESS_TITLE.get(lang).to_string(),
            name: String::new(),
        };
        text.push_str(&crate::report::render::text("", &[whole]));
        let lines: Vec<Line<'_>> = text
            .lines()
            .filter(|l| !l.is_empty())
            .map(|l| Line::from(l.to_string()))
            .collect();
        let max = (lines.len() as u16).saturating_sub(inner.height);
        let h = self.horizontal(&lines, inner.width);
        frame.render_widget(
            Paragraph::new(lines).scroll((self.scroll.min(max), h)),
            inner,
        );
    }
}

/// The key figures beside the charts.
fn day_figures(r: &DayReport, lang: Lang) -> Vec<Line<'static>> {
    let yuan = |f: i64| crate::domain::money::Fen(f).yuan_string();
    let expected: i64 = r.methods.iter().map(|m| m.expected_fen).sum();
    let counted: Option<i64> = r.methods.iter().map(|m| m.counted_fen).sum();
    let mut out = vec![Line::from(i18n::RPT_FIG_CASH.fill(
        lang,
        &[
            ("expected", &yuan(expected)),
            ("counted", &counted.map_or("—".to_string(), yuan)),
            (
                "diff",
                &counted.map_or("—".to_string(), |c| yuan(c - expected)),
            ),
        ],
    ))];
    out.push(Line::from(match r.receipts.first() {
        Some(g) => i18n::RPT_FIG_RECEIPTS.fill(
            lang,
            &[
                ("first", &g.first.rsplit('-').next().unwrap_or("")),
                ("last", &g.last.rsplit('-').next().unwrap_or("")),
                ("count", &r.receipts.iter().map(|g| g.count).sum::<i64>()),
                (
                    "missing",
                    &if r.receipts.iter().all(|g| g.missing.is_empty()) {
                        i18n::RPT_NONE_MISSING.get(lang).to_string()
                    } else {
                        i18n::RPT_COL_MISSING.get(lang).to_string()
                    },
                ),
            ],
        ),
        None => i18n::RPT_FIG_NO_RECEIPTS.get(lang).to_string(),
    }));
    out.push(Line::from(i18n::RPT_FIG_REVERSALS.fill(
        lang,
        &[
            ("reversals", &r.reversals.len()),
            ("pending", &r.card_writes.len()),
        ],
    )));
    let q = &r.queue.total;
    out.push(Line::from(i18n::RPT_FIG_QUEUE.fill(
        lang,
        &[
            ("issued", &q.issued),
            ("served", &q.served),
            ("no_show", &q.no_show),
            ("moved", &q.moved),
        ],
    )));
    let mins = |s: Option<i64>| s.map_or("—".to_string(), |s| Cell::Secs(s).text());
    out.push(Line::from(
        i18n::RPT_FIG_WAIT.fill(
            lang,
            &[
                ("p50", &mins(q.wait_p50_secs)),
                ("p90", &mins(q.wait_p90_secs)),
                (
                    "within",
                    &q.within_permille()
                        .map_or("—".to_string(), |p| Cell::Permille(p).text()),
                ),
            ],
        ),
    ));
    out.push(Line::from(i18n::RPT_FIG_NET.fill(
        lang,
        &[("net", &yuan(business::value(&r.business, "net_fen")))],
    )));
    let head = r.audit_head.as_ref().map_or_else(
        || i18n::RPT_HEAD_AT_CLOSE_NONE.get(lang).to_string(),
        |h| format!("#{} {}…", h.id, &h.hash[..h.hash.len().min(12)]),
    );
    out.push(Line::from(
        i18n::RPT_FIG_HEAD.fill(lang, &[("head", &head)]),
    ));
    out
}
