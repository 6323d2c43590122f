//! Drawing the payment form: one row per slot, a label column wide enough for the
//! longest label in the language, messages under the row they concern.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Mode, PaymentScreen, Quote, Slot, TopUpBy};
use crate::db::cash::TopUpOrder;
use crate::domain::receipt::PaymentMethod;
use crate::domain::text::{display_width, sanitize, truncate_to_width};
use crate::i18n::{self, Lang, Msg};
use crate::printout::{m3, tier_line};
use crate::tui::screens::panel;
use crate::tui::widgets::chrome::textwrap_cells;
use crate::tui::widgets::form::{Field, error_style, label_span};

/// Bills listed at once; the list scrolls to keep the cursor visible.
const BILL_ROWS: usize = 5;
/// Cells of the amount and tendered inputs.
const NUMBER_WIDTH: usize = 14;

/// A form's rows as the payment form draws them (the card replacement form too): a label
/// column, choice rows, text fields with what follows them, notes and refusals under a row.
pub(in crate::tui::screens) struct Rows {
    pub lines: Vec<Line<'static>>,
    pub label_width: usize,
    pub width: usize,
    pub lang: Lang,
    /// Row and column of the terminal cursor, for the focused text field.
    pub cursor: Option<(usize, usize)>,
}

impl Rows {
    /// Rows `width` cells wide with a label column for the longest of `labels`.
    pub fn new(labels: &[Msg], width: usize, lang: Lang) -> Rows {
        Rows {
            lines: Vec::new(),
            label_width: labels
                .iter()
                .map(|l| display_width(l.get(lang)))
                .max()
                .unwrap_or(0)
                + 2,
            width,
            lang,
            cursor: None,
        }
    }

    pub fn label(&self, label: &str, focused: bool) -> Span<'static> {
        label_span(label, self.label_width, focused)
    }

    /// Lines under a row, indented to the value column: the text wraps, never cut.
    pub fn note(&mut self, text: &str, style: Style) {
        for piece in textwrap_cells(text, self.width.saturating_sub(self.label_width)) {
            self.lines.push(Line::from(vec![
                Span::raw(" ".repeat(self.label_width)),
                Span::styled(piece, style),
            ]));
        }
    }

    pub fn error(&mut self, error: &Option<String>) {
        if let Some(message) = error {
            self.note(&format!("! {message}"), error_style());
        }
    }

    pub fn choice(&mut self, label: Msg, options: &[(Msg, bool)], focused: bool) {
        let mut spans = vec![self.label(label.get(self.lang), focused)];
        for (option, selected) in options {
            let text = option.get(self.lang);
            if *selected {
                let style = if focused {
                    Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD)
                } else {
                    Style::default().add_modifier(Modifier::BOLD)
                };
                spans.push(Span::styled(format!("[{text}]"), style));
            } else {
                spans.push(Span::raw(format!(" {text} ")));
            }
            spans.push(Span::raw(" "));
        }
        self.lines.push(Line::from(spans));
    }

    pub fn text(&mut self, field: &Field, width: usize, focused: bool, after: String) {
        let (input, cursor) = field.input_span(width, focused);
        if focused {
            self.cursor = Some((self.lines.len(), self.label_width + cursor));
        }
        self.lines.push(Line::from(vec![
            self.label(field.label.get(self.lang), focused),
            input,
            Span::raw(after),
        ]));
        self.error(&field.error);
    }
}

pub(super) fn render(screen: &PaymentScreen, frame: &mut Frame<'_>, area: Rect, lang: Lang) {
    let s = &screen.account.summary;
    let title = i18n::PAY_TITLE.fill(
        lang,
        &[
            ("account", &sanitize(&s.account_no)),
            ("holder", &sanitize(&s.holder_name)),
        ],
    );
    let title = match &screen.care {
        // The marks only: the needs are in the customer view the form came from.
        Some(m) => format!(
            "{title}  {}",
            i18n::CARE_MARKER
                .fill(lang, &[("marks", &m.marks), ("hint", &"")])
                .trim_end()
        ),
        None => title,
    };
    let title = truncate_to_width(&title, area.width.saturating_sub(4) as usize);
    let block = panel(&title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let labels = [
        i18n::PAY_LABEL_MODE,
        i18n::PAY_LABEL_BILLS,
        i18n::PAY_LABEL_BY,
        i18n::PAY_LABEL_AMOUNT,
        i18n::PAY_LABEL_VOLUME,
        i18n::PAY_LABEL_METHOD,
        i18n::PAY_LABEL_TENDERED,
        i18n::PAY_LABEL_REFERENCE,
    ];
    let mut rows = Rows {
        lines: Vec::new(),
        label_width: labels
            .iter()
            .map(|l| display_width(l.get(lang)))
            .max()
            .unwrap_or(0)
            + 2,
        width: inner.width as usize,
        lang,
        cursor: None,
    };
    if screen.demo {
        rows.lines.push(Line::styled(
            i18n::PAY_DEMO.get(lang),
            Style::default().add_modifier(Modifier::BOLD | Modifier::REVERSED),
        ));
    }
    let money = &screen.money;
    rows.lines.push(Line::from(i18n::PAY_SUMMARY.fill(
        lang,
        &[
            ("balance", &money.balance.yuan_string()),
            ("owed", &money.owed.yuan_string()),
            ("count", &money.open_bills.len()),
        ],
    )));
    rows.lines.push(Line::from(""));
    for slot in screen.slots() {
        slot_rows(screen, &mut rows, slot);
    }
    rows.lines.push(Line::from(""));
    if let Some(refusal) = &screen.refusal {
        // In full: who paid a bill, when and on which receipt does not fit one row.
        let text = i18n::PAY_REFUSED.fill(lang, &[("reason", refusal)]);
        for piece in textwrap_cells(&text, rows.width) {
            rows.lines.push(Line::styled(piece, error_style()));
        }
    }
    let due = screen
        .due()
        .map(|d| d.yuan_string())
        .unwrap_or_else(|| "—".into());
    rows.lines.push(Line::styled(
        i18n::PAY_DUE.fill(lang, &[("total", &due)]),
        Style::default().add_modifier(Modifier::BOLD),
    ));
    // The hint stays on the last row; the rows above it give way when space is short.
    let height = inner.height as usize;
    let hint = Line::styled(
        truncate_to_width(i18n::PAY_HINT.get(lang), rows.width),
        Style::default().add_modifier(Modifier::DIM),
    );
    let mut lines = rows.lines;
    lines.truncate(height.saturating_sub(1));
    while lines.len() + 1 < height {
        lines.push(Line::from(""));
    }
    lines.push(hint);
    frame.render_widget(Paragraph::new(lines.clone()), inner);
    if let Some((row, col)) = rows.cursor
        && row + 1 < height
    {
        frame.set_cursor_position(Position::new(inner.x + col as u16, inner.y + row as u16));
    }
}

fn slot_rows(screen: &PaymentScreen, rows: &mut Rows, slot: Slot) {
    let lang = rows.lang;
    let focused = screen.focus == slot;
    match slot {
        Slot::Mode => {
            let options: Vec<(Msg, bool)> = screen
                .modes
                .iter()
                .map(|m| {
                    let label = match m {
                        Mode::Bills => i18n::PAY_MODE_BILLS,
                        Mode::Advance => i18n::PAY_MODE_ADVANCE,
                        Mode::TopUp => i18n::PAY_MODE_TOP_UP,
                    };
                    (label, *m == screen.mode)
                })
                .collect();
            rows.choice(i18n::PAY_LABEL_MODE, &options, focused);
        }
        Slot::Bills => bill_rows(screen, rows, focused),
        Slot::By => rows.choice(
            i18n::PAY_LABEL_BY,
            &[
                (i18n::PAY_BY_VOLUME, screen.by == TopUpBy::Volume),
                (i18n::PAY_BY_AMOUNT, screen.by == TopUpBy::Amount),
            ],
            focused,
        ),
        Slot::Amount => {
            let field = match screen.mode {
                Mode::TopUp => &screen.top_up,
                _ => &screen.advance,
            };
            rows.text(field, NUMBER_WIDTH, focused, String::new());
            rows.error(&screen.live_error(lang));
            if screen.mode == Mode::TopUp {
                quote_rows(screen, rows);
            }
        }
        Slot::Method => {
            let options: Vec<(Msg, bool)> = PaymentMethod::ALL
                .iter()
                .map(|m| (m.label(), *m == screen.method))
                .collect();
            rows.choice(i18n::PAY_LABEL_METHOD, &options, focused);
        }
        Slot::Tendered => {
            let after = screen
                .change()
                .map(|c| {
                    format!(
                        "  {}",
                        i18n::PAY_CHANGE.fill(lang, &[("change", &c.yuan_string())])
                    )
                })
                .unwrap_or_default();
            rows.text(&screen.tendered, NUMBER_WIDTH, focused, after);
        }
        Slot::Reference => {
            let width = rows
                .width
                .saturating_sub(rows.label_width + 1)
                .min(crate::domain::receipt::REFERENCE_MAX_CHARS + 1);
            rows.text(&screen.reference, width, focused, String::new());
        }
    }
}

fn bill_rows(screen: &PaymentScreen, rows: &mut Rows, focused: bool) {
    let lang = rows.lang;
    let bills = &screen.money.open_bills;
    let label = i18n::PAY_LABEL_BILLS.get(lang);
    if bills.is_empty() {
        rows.lines.push(Line::from(vec![
            rows.label(label, focused),
            Span::raw(i18n::PAY_NO_BILLS.get(lang)),
        ]));
        rows.error(&screen.bills_error);
        return;
    }
    let cursor = screen.bill_cursor.selected.min(bills.len() - 1);
    let first = cursor.saturating_sub(BILL_ROWS - 1);
    for (i, bill) in bills.iter().enumerate().skip(first).take(BILL_ROWS) {
        let mark = if screen.chosen[i] { "[x]" } else { "[ ]" };
        let period = i18n::PAY_BILL_ROW.fill(
            lang,
            &[("from", &bill.period_from), ("to", &bill.period_to)],
        );
        let text = format!(
            "{mark} {period}  {:>9} m³ {:>10}",
            m3(bill.volume),
            bill.amount.yuan_string()
        );
        let style = if focused && i == cursor {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default()
        };
        let head = if i == first { label } else { "" };
        rows.lines.push(Line::from(vec![
            rows.label(head, focused),
            Span::styled(text, style),
        ]));
    }
    let hidden = bills.len().saturating_sub(first + BILL_ROWS) + first;
    if hidden > 0 {
        rows.note(
            &i18n::PAY_MORE_BILLS.fill(lang, &[("count", &hidden)]),
            Style::default().add_modifier(Modifier::DIM),
        );
    }
    let chosen: Vec<_> = screen.chosen_bills();
    let total = crate::domain::money::Fen::checked_sum(chosen.iter().map(|b| b.amount))
        .map(|t| t.yuan_string())
        .unwrap_or_else(|| "—".into());
    rows.note(
        &i18n::PAY_CHOSEN.fill(
            lang,
            &[
                ("count", &chosen.len()),
                ("all", &bills.len()),
                ("total", &total),
            ],
        ),
        Style::default().add_modifier(Modifier::BOLD),
    );
    rows.error(&screen.bills_error);
}

/// The price preview under the top-up field: a line per tier, the total, and for an
/// order in yuan the gas it buys and what is not taken.
fn quote_rows(screen: &PaymentScreen, rows: &mut Rows) {
    let lang = rows.lang;
    match &screen.quote {
        Quote::None => {}
        Quote::Waiting(_) => rows.note(
            i18n::PAY_QUOTE_WAITING.get(lang),
            Style::default().add_modifier(Modifier::DIM),
        ),
        Quote::Ready(_, Err(message)) if screen.top_up.error.is_none() => {
            rows.note(&format!("! {message}"), error_style());
        }
        Quote::Ready(_, Err(_)) => {}
        Quote::Ready(order, Ok(priced)) => {
            for line in &priced.lines {
                let text = tier_line(lang, line.tier, line.volume, line.unit_price, line.amount);
                rows.note(&text, Style::default());
            }
            let total = i18n::PAY_QUOTE_TOTAL.fill(
                lang,
                &[
                    ("volume", &m3(priced.volume)),
                    ("total", &priced.total.yuan_string()),
                ],
            );
            rows.note(&total, Style::default().add_modifier(Modifier::BOLD));
            rows.note(
                i18n::TIER_ROUNDING.get(lang),
                Style::default().add_modifier(Modifier::DIM),
            );
            if let TopUpOrder::Amount(amount) = order {
                let rest = amount.checked_sub(priced.total).unwrap_or_default();
                rows.note(
                    &i18n::PAY_QUOTE_UNSPENT.fill(
                        lang,
                        &[
                            ("amount", &amount.yuan_string()),
                            ("volume", &m3(priced.volume)),
                            ("rest", &rest.yuan_string()),
                        ],
                    ),
                    Style::default(),
                );
            }
        }
    }
}
