//! Drawing the desk: the shift's head lines, the receipts, the card writes to finish,
//! and the small forms that open over it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::super::Ctx;
use super::{DeskView, close, kind_label};
use crate::db::cash::ShiftState;
use crate::domain::text::{sanitize, truncate_to_width};
use crate::i18n;
use crate::keymap::{Action, Scope};
use crate::tui::widgets::table;

pub(super) fn head_lines(desk: &DeskView, ctx: &Ctx<'_>, width: usize) -> Vec<Line<'static>> {
    let lang = ctx.lang;
    let key = |scope: Scope, action: Action| ctx.keymap.key_label(scope, action);
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let Some(shift) = &desk.shift else {
        return vec![Line::styled(
            truncate_to_width(
                &i18n::CD_NO_SHIFT.fill(lang, &[("key", &key(Scope::Cash, Action::OpenShift))]),
                width,
            ),
            bold,
        )];
    };
    let mut lines = vec![Line::styled(
        truncate_to_width(
            &i18n::CD_SHIFT_LINE.fill(
                lang,
                &[
                    ("shift", &shift.id),
                    ("state", &shift.state.label().get(lang)),
                    ("day", &shift.day),
                    ("float", &shift.float.yuan_string()),
                ],
            ),
            width,
        ),
        bold,
    )];
    let list: Vec<String> = desk
        .totals
        .iter()
        .map(|t| {
            format!(
                "{} {}",
                t.method.label().get(lang),
                t.expected.yuan_string()
            )
        })
        .collect();
    lines.push(Line::from(truncate_to_width(
        &i18n::CD_TOTALS_LINE.fill(lang, &[("list", &list.join("  "))]),
        width,
    )));
    let note = if shift.day_closed {
        i18n::CD_SHIFT_DAY_CLOSED.get(lang).to_string()
    } else if shift.state == ShiftState::Balancing {
        i18n::CD_BALANCING_HINT.fill(
            lang,
            &[
                ("close", &key(Scope::Cash, Action::CloseShift)),
                ("resume", &key(Scope::Cash, Action::BalanceShift)),
            ],
        )
    } else {
        String::new()
    };
    lines.push(Line::styled(truncate_to_width(&note, width), bold));
    lines
}

pub(super) fn render_receipts(
    frame: &mut Frame<'_>,
    area: Rect,
    ctx: &Ctx<'_>,
    desk: &DeskView,
    selected: Option<usize>,
) {
    let lang = ctx.lang;
    let header = [
        i18n::CD_COL_NO,
        i18n::CD_COL_TIME,
        i18n::CD_COL_KIND,
        i18n::CD_COL_ACCOUNT,
        i18n::CD_COL_AMOUNT,
        i18n::CD_COL_METHOD,
        i18n::CD_COL_STATE,
    ]
    .iter()
    .map(|m| match *m {
        // Amounts are right-aligned: so is their heading.
        m if m == i18n::CD_COL_AMOUNT => close::pad_left(m.get(lang), 12),
        m => m.get(lang).to_string(),
    })
    .collect();
    let rows = desk
        .receipts
        .iter()
        .map(|r| {
            vec![
                sanitize(&r.receipt_no).into_owned(),
                ctx.rules.local(r.at).format("%H:%M").to_string(),
                kind_label(r.kind).get(lang).to_string(),
                sanitize(&r.account_no).into_owned(),
                format!("{:>12}", r.total.yuan_string()),
                r.method.label().get(lang).to_string(),
                if r.reversed_by.is_some() {
                    i18n::CD_REVERSED_MARK.get(lang).to_string()
                } else {
                    String::new()
                },
            ]
        })
        .collect();
    let widths = [
        Constraint::Length(16),
        Constraint::Length(5),
        Constraint::Length(7),
        Constraint::Length(10),
        Constraint::Length(12),
        Constraint::Length(10),
        Constraint::Min(4),
    ];
    table::render(frame, area, header, rows, &widths, selected);
}

pub(super) fn render_card_writes(
    frame: &mut Frame<'_>,
    area: Rect,
    ctx: &Ctx<'_>,
    desk: &DeskView,
    selected: usize,
) {
    let lang = ctx.lang;
    let key = ctx.keymap.key_label(Scope::Cash, Action::WriteCard);
    let [title, list] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    frame.render_widget(
        Paragraph::new(truncate_to_width(
            &i18n::CD_CARD_WRITES.fill(lang, &[("key", &key)]),
            area.width as usize,
        ))
        .style(Style::default().add_modifier(Modifier::BOLD)),
        title,
    );
    let header = [
        i18n::CD_COL_NO,
        i18n::CD_COL_ACCOUNT,
        i18n::CD_COL_METER,
        i18n::CD_COL_VOLUME,
        i18n::CD_COL_STATE,
        i18n::CD_COL_TRIES,
    ]
    .iter()
    .map(|m| m.get(lang).to_string())
    .collect();
    let rows = desk
        .card_writes
        .iter()
        .map(|w| {
            vec![
                w.receipt_no
                    .as_deref()
                    .map(|n| sanitize(n).into_owned())
                    .unwrap_or_else(|| "-".into()),
                sanitize(&w.account_no).into_owned(),
                sanitize(&w.meter_serial).into_owned(),
                format!("{} m³", crate::printout::m3(w.volume)),
                w.state.label().get(lang).to_string(),
                w.attempts.to_string(),
            ]
        })
        .collect();
    let in_list = selected.checked_sub(desk.receipts.len());
    let widths = [
        Constraint::Length(16),
        Constraint::Length(10),
        Constraint::Length(14),
        Constraint::Length(10),
        Constraint::Length(8),
        Constraint::Min(4),
    ];
    table::render(frame, list, header, rows, &widths, in_list);
}
