//! Drawing F5: the list with due dates and lateness, an application's view (its details,
//! timeline and the steps it allows), the notice, and the forms over them. Names, ID
//! numbers and phones are masked; text from the store is made safe.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph};

use super::{Filter, InstallScreen, Mode};
use crate::db::install::{AppView, stage_words};
use crate::domain::install::WorkCalendar;
use crate::domain::mask::mask_name;
use crate::domain::money::Fen;
use crate::domain::text::{sanitize, truncate_to_width};
use crate::i18n::{self, Lang};
use crate::tui::screens::{Ctx, inside, panel};
use crate::tui::widgets::chrome::textwrap_cells;
use crate::tui::widgets::dialog;
use crate::tui::widgets::form_box::FormBox;
use crate::tui::widgets::table;

fn bold() -> Style {
    Style::default().add_modifier(Modifier::BOLD)
}

/// How late or how close, in working days: `超2天`, `今天`, `3天`; nothing on hold.
pub fn lateness(
    due: Option<chrono::NaiveDate>,
    on_hold: bool,
    today: chrono::NaiveDate,
    lang: Lang,
) -> String {
    let Some(due) = due else { return String::new() };
    if on_hold {
        return i18n::IN_ON_HOLD.get(lang).to_string();
    }
    match WorkCalendar::builtin().days_left(today, due) {
        0 => i18n::IN_TODAY.get(lang).to_string(),
        d if d < 0 => i18n::IN_LATE.fill(lang, &[("days", &-d)]),
        d => i18n::IN_LEFT.fill(lang, &[("days", &d)]),
    }
}

/// In the Mine list, what `me` is to the application: its first-contact owner, its
/// handler, or both.
fn mine_words(r: &crate::db::install::ListRow, me: i64, lang: Lang) -> String {
    match (r.owner_id == me, r.handler_id == me) {
        (true, true) => i18n::IN_MINE_BOTH,
        (true, false) => i18n::IN_MINE_OWNER,
        _ => i18n::IN_MINE_HANDLER,
    }
    .get(lang)
    .to_string()
}

impl InstallScreen {
    pub fn render(&self, frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>) {
        let lang = ctx.lang;
        match &self.view {
            Some(view) => self.render_view(frame, area, view, lang),
            None => self.render_list(frame, area, lang),
        }
        // The forms and the notice stand inside the panel, never over its own border.
        let within = Block::default().borders(Borders::ALL).inner(area);
        match &self.mode {
            Mode::Intake(f) => FormBox::new(i18n::IN_NEW_TITLE.get(lang), 76)
                .hint(&f.hint(lang))
                .at_bottom()
                .render(frame, within, &f.form, lang),
            Mode::Step(s) => FormBox::new(&s.title(lang), 76)
                .hint(&s.hint(lang))
                .at_bottom()
                .render(frame, within, &s.form, lang),
            Mode::Lookup(f) => FormBox::new(i18n::ACTION_INSTALL_LOOKUP.get(lang), 76)
                .at_bottom()
                .render(frame, within, f, lang),
            Mode::Notice => {
                if let Some(v) = &self.view {
                    render_notice(frame, within, v, lang, self.today, self.notice_scroll);
                }
            }
            Mode::None => {}
        }
    }

    fn render_list(&self, frame: &mut Frame<'_>, area: Rect, lang: Lang) {
        let inner = inside(frame, area, panel(i18n::IN_TITLE.get(lang)));
        let note_rows = u16::from(self.calendar_note.is_some());
        let [tabs, note, body] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(note_rows),
            Constraint::Min(1),
        ])
        .areas(inner);
        let tab = |f: &Filter, on: bool| {
            let text = match f {
                Filter::Stage(_) if !on => i18n::IN_FILTER_BY_STAGE.get(lang).to_string(),
                f => f.label(lang),
            };
            if on {
                Span::styled(format!("[{text}]"), bold().add_modifier(Modifier::REVERSED))
            } else {
                Span::raw(format!(" {text} "))
            }
        };
        let mut spans = vec![];
        for f in [
            Filter::Mine,
            Filter::Overdue,
            Filter::Office,
            Filter::Stage(crate::domain::install::Stage::Accepted),
        ] {
            let on = std::mem::discriminant(&f) == std::mem::discriminant(&self.filter);
            spans.push(tab(if on { &self.filter } else { &f }, on));
        }
        if let Filter::Found(_) = &self.filter {
            spans.push(tab(&self.filter, true));
        }
        frame.render_widget(Paragraph::new(Line::from(spans)), tabs);
        if let Some(n) = &self.calendar_note {
            frame.render_widget(
                Paragraph::new(truncate_to_width(n, note.width as usize)),
                note,
            );
        }
        let rows = match &self.rows {
            None => return,
            Some(Err(e)) => {
                frame.render_widget(Paragraph::new(sanitize(e).into_owned()), body);
                return;
            }
            Some(Ok(rows)) if rows.is_empty() => {
                frame.render_widget(Paragraph::new(i18n::IN_EMPTY.get(lang)), body);
                return;
            }
            Some(Ok(rows)) => rows,
        };
        // Mine: whether I took it (首问), handle it now (经办), or both.
        let mine = match (&self.filter, self.me) {
            (Filter::Mine, Some(me)) => Some(me),
            _ => None,
        };
        let mut header = vec![
            i18n::IN_COL_NO.get(lang).to_string(),
            i18n::IN_COL_STAGE.get(lang).to_string(),
            i18n::IN_COL_DUE.get(lang).to_string(),
            i18n::IN_COL_LEFT.get(lang).to_string(),
            i18n::IN_COL_NAME.get(lang).to_string(),
            i18n::IN_COL_ADDRESS.get(lang).to_string(),
        ];
        let cells: Vec<Vec<String>> = rows
            .iter()
            .map(|r| {
                let mut row = vec![
                    sanitize(&r.app_no).into_owned(),
                    // On hold is said in the next column; "Construction·On hold" would
                    // not fit this one in English.
                    r.stage().label().get(lang).to_string(),
                    r.due_on.clone().unwrap_or_default(),
                    lateness(r.due(), r.on_hold, self.today, lang),
                    mask_name(&r.name),
                    sanitize(&r.address).into_owned(),
                ];
                if let Some(me) = mine {
                    row.insert(1, mine_words(r, me, lang));
                }
                row
            })
            .collect();
        let mut widths = vec![
            Constraint::Length(18),
            Constraint::Length(12),
            Constraint::Length(10),
            Constraint::Length(7),
            Constraint::Length(8),
            Constraint::Min(8),
        ];
        if mine.is_some() {
            header.insert(1, i18n::IN_COL_MINE.get(lang).to_string());
            widths.insert(1, Constraint::Length(8));
        }
        table::render(
            frame,
            body,
            header,
            cells,
            &widths,
            Some(self.selection.selected),
        );
    }

    fn render_view(&self, frame: &mut Frame<'_>, area: Rect, v: &AppView, lang: Lang) {
        let title = format!("{} {}", i18n::IN_TITLE.get(lang), sanitize(&v.app_no));
        let inner = inside(frame, area, panel(&title));
        let w = inner.width as usize;
        let mut head: Vec<Line<'_>> = Vec::new();
        let left = lateness(v.due(), v.on_hold, self.today, lang);
        head.push(Line::from(vec![
            Span::styled(stage_words(v.stage(), v.on_hold, lang), bold()),
            Span::raw(format!(
                "  {} {}  {}",
                i18n::IN_COL_DUE.get(lang),
                v.due_on.clone().unwrap_or_else(|| "-".into()),
                left
            )),
        ]));
        let kind = match v.customer_type.as_str() {
            "commercial" => i18n::IN_HINT_TYPE
                .get(lang)
                .split("  ")
                .nth(1)
                .unwrap_or(""),
            _ => i18n::IN_HINT_TYPE
                .get(lang)
                .split("  ")
                .next()
                .unwrap_or(""),
        };
        let lines = [
            format!(
                "{} {}  {}  {}  {} {}",
                i18n::IN_F_NAME.get(lang),
                mask_name(&v.name),
                v.phone,
                v.id_number,
                kind.trim_start_matches(|c: char| c.is_ascii_digit() || c == ' '),
                v.household
            ),
            format!("{} {}", sanitize(&v.district), sanitize(&v.address)),
            i18n::IN_OWNER_LINE.fill(
                lang,
                &[
                    ("owner", &sanitize(&v.owner)),
                    ("handler", &sanitize(&v.handler)),
                ],
            ),
        ];
        for l in lines {
            head.push(Line::raw(truncate_to_width(&l, w)));
        }
        if let Some(on) = &v.survey_on {
            head.push(Line::raw(truncate_to_width(
                &i18n::IN_SURVEY_LINE.fill(lang, &[("on", &sanitize(on))]),
                w,
            )));
        }
        if let Some(t) = &v.ticket {
            let line = crate::printout::install_notice::ticket_line(t, lang);
            head.push(Line::raw(truncate_to_width(&line, w)));
        }
        if let Some(fee) = v.quote_fen {
            head.push(Line::raw(truncate_to_width(
                &i18n::IN_QUOTE_LINE.fill(
                    lang,
                    &[
                        ("amount", &Fen(fee).yuan_string()),
                        (
                            "receipt",
                            // A voided fee's receipt stays on the application, said so:
                            // nobody reads the fee as paid.
                            &match (&v.fee_receipt_no, v.fee_paid) {
                                (Some(no), true) => no.clone(),
                                (Some(no), false) => {
                                    i18n::IN_RECEIPT_VOIDED.fill(lang, &[("receipt", no)])
                                }
                                (None, _) => "-".into(),
                            },
                        ),
                    ],
                ),
                w,
            )));
        }
        if let Some(acc) = &v.account_no {
            head.push(Line::raw(format!(
                "{} {}",
                i18n::IN_STAGE_ACCOUNT.get(lang),
                sanitize(acc)
            )));
        }
        // What is owed (or, once finished, never came), wrapped rather than cut.
        if let Some(line) = super::amend::owed_line(v, lang) {
            for part in textwrap_cells(&line, w).into_iter().take(3) {
                head.push(Line::raw(part));
            }
        }
        let head_rows = head.len() as u16;
        let [top, bottom] =
            Layout::vertical([Constraint::Length(head_rows + 1), Constraint::Min(1)]).areas(inner);
        frame.render_widget(Paragraph::new(head), top);
        let [timeline, actions] =
            Layout::horizontal([Constraint::Min(30), Constraint::Length(24)]).areas(bottom);
        // The timeline: the latest entries that fit, each on as many rows as it needs (a
        // reopen names the due date it counted again and the reason).
        let rows = timeline.height.saturating_sub(1) as usize;
        let width = (timeline.width as usize).saturating_sub(1);
        let mut entries: Vec<Vec<String>> = Vec::new();
        for e in v.events.iter().rev() {
            let at = crate::clock::office_minute_of_stamp(&e.at);
            let note = e.note.as_deref().map(sanitize).unwrap_or_default();
            // The survey day, the new handler, a moved or kept due date.
            let note = match e.extra(lang, v.survey_on.as_deref()) {
                Some(extra) => format!("{extra} {note}"),
                None => note.into_owned(),
            };
            let text = format!(
                "{} {} {} {}",
                at.get(5..).unwrap_or(&at),
                e.text(lang),
                sanitize(e.staff.split(' ').next().unwrap_or("")),
                note
            );
            let parts = timeline_entry(text.trim_end(), width);
            let used = entries.iter().map(Vec::len).sum::<usize>();
            if used + parts.len() > rows {
                // The latest entry is shown as far as it fits; an older one that does
                // not fit is left off whole.
                if entries.is_empty() && rows > 0 {
                    entries.push(parts.into_iter().take(rows).collect());
                }
                break;
            }
            entries.push(parts);
        }
        let mut tl = vec![Line::styled(
            i18n::IN_VIEW_TIMELINE.get(lang).to_string(),
            bold(),
        )];
        for part in entries.into_iter().rev().flatten() {
            tl.push(Line::raw(part));
        }
        frame.render_widget(Paragraph::new(tl), timeline);
        let steps = self.steps_for(v);
        let mut al = Vec::new();
        if steps.is_empty() {
            for l in textwrap_cells(&self.no_steps_text(v, lang), actions.width as usize) {
                al.push(Line::raw(l));
            }
        } else {
            for l in textwrap_cells(i18n::IN_VIEW_ACTIONS.get(lang), actions.width as usize) {
                al.push(Line::styled(l, bold()));
            }
            for (i, s) in steps.iter().enumerate() {
                let label = match s {
                    super::StepKind::Action(a) => a.label().get(lang).to_string(),
                    super::StepKind::PayFee => i18n::IN_ACT_PAY_FEE.get(lang).to_string(),
                    super::StepKind::Document => i18n::IN_ACT_DOCUMENT.get(lang).to_string(),
                    super::StepKind::Correct => i18n::IN_ACT_CORRECT.get(lang).to_string(),
                };
                let style = if i == self.chosen {
                    Style::default().add_modifier(Modifier::REVERSED)
                } else {
                    Style::default()
                };
                al.push(Line::styled(format!(" {label} "), style));
            }
        }
        if v.on_hold {
            al.push(Line::raw(""));
            for l in textwrap_cells(i18n::IN_VIEW_HOLD.get(lang), actions.width as usize) {
                al.push(Line::raw(l));
            }
        }
        frame.render_widget(Paragraph::new(al), actions);
    }
}

/// One timeline entry in rows of `width`: the first row from the time, the rest under the
/// action (after the time), wrapped at spaces, and by width where there are none (CJK).
pub fn timeline_entry(text: &str, width: usize) -> Vec<String> {
    let mut parts = textwrap_cells(text, width);
    if parts.len() > 1 {
        // The first row is a prefix of the text; the rest is wrapped again, narrower,
        // from the text itself (joining rows would put spaces into CJK).
        let rest = text
            .strip_prefix(parts[0].as_str())
            .unwrap_or_default()
            .trim_start()
            .to_string();
        parts.truncate(1);
        let indent = 12.min(width / 2);
        for row in textwrap_cells(&rest, width - indent) {
            parts.push(format!("{}{row}", " ".repeat(indent)));
        }
    }
    parts
}

fn render_notice(
    frame: &mut Frame<'_>,
    area: Rect,
    v: &AppView,
    lang: Lang,
    today: chrono::NaiveDate,
    scroll: u16,
) {
    let lines = crate::printout::install_notice::notice_text(v, lang, today);
    let width = 76.min(area.width.saturating_sub(2));
    let mut wrapped: Vec<Line<'_>> = Vec::new();
    for (i, l) in lines.iter().enumerate().skip(1) {
        for part in textwrap_cells(l, width.saturating_sub(4) as usize) {
            wrapped.push(if i == 1 {
                Line::styled(part, bold())
            } else {
                Line::raw(part)
            });
        }
    }
    let height = (wrapped.len() as u16 + 2).min(area.height);
    let rect = dialog::centered(area, width, height);
    dialog::clear_popup(frame, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Double)
        .title(Line::from(format!(" {} ", lines[0])).style(bold()));
    // Taller than the screen: it scrolls (↑↓), and the border says more is below.
    let room = height.saturating_sub(2);
    let total = wrapped.len() as u16;
    let scroll = scroll.min(total.saturating_sub(room));
    let block = if scroll + room < total {
        block.title_bottom(Line::from(" ↓ ").right_aligned())
    } else {
        block
    };
    let inner = inside(frame, rect, block);
    frame.render_widget(Paragraph::new(wrapped).scroll((scroll, 0)), inner);
}
