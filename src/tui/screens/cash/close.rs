//! Closing a shift: the drawer counted by denomination, each non-cash method by its
//! terminal's batch total, and a reason when anything differs. Expected against counted
//! is shown live beside the fields, so the clerk sees the over/under before submitting.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::super::cash_command::CashCommand;
use super::super::panel;
use super::parse_float;
use crate::db::cash::MethodTotal;
use crate::domain::money::Fen;
use crate::domain::receipt::{CashCount, Denomination, PaymentMethod, parse_pieces};
use crate::domain::text::{display_width, truncate_to_width};
use crate::i18n::{self, Lang, Localized};
use crate::tui::widgets::dialog;
use crate::tui::widgets::form::{Field, Form};

/// The non-cash methods, in form order.
fn other_methods() -> impl Iterator<Item = PaymentMethod> {
    PaymentMethod::ALL.into_iter().filter(|m| !m.is_cash())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CloseForm {
    /// One count per denomination, one amount per non-cash method, then the reason.
    pub form: Form,
}

/// The close form as typed, read once for both the live summary and the command.
struct Typed {
    cash: CashCount,
    others: Vec<(PaymentMethod, Option<Fen>)>,
    faults: Vec<(usize, String)>,
}

impl Default for CloseForm {
    fn default() -> Self {
        CloseForm::new()
    }
}

impl CloseForm {
    pub fn new() -> CloseForm {
        let mut fields: Vec<Field> = Denomination::ALL
            .iter()
            // Room for more than a count holds: a long count is refused with a message,
            // not cut to the field's width.
            .map(|d| Field::text(d.label(), 12))
            .collect();
        fields.extend(other_methods().map(|m| Field::text(m.label(), 14)));
        fields.push(Field::text(i18n::CD_LABEL_REASON, 200));
        CloseForm {
            form: Form::new(fields),
        }
    }

    fn reason_index(&self) -> usize {
        self.form.fields.len() - 1
    }

    /// What is typed so far: the drawer count, each other method's batch total (`None`
    /// where it is not an amount yet), and every field that does not read, with why.
    fn read(&self, lang: Lang) -> Typed {
        let mut cash = CashCount::new();
        let mut faults = Vec::new();
        for (i, d) in Denomination::ALL.iter().enumerate() {
            match parse_pieces(&self.form.value(i)) {
                Ok(n) => cash.set(*d, n),
                Err(e) => faults.push((i, e.localized(lang))),
            }
        }
        let others = other_methods()
            .enumerate()
            .map(|(j, m)| {
                let i = Denomination::ALL.len() + j;
                match parse_amount(&self.form.value(i)) {
                    Ok(f) => (m, Some(f)),
                    Err(e) => {
                        faults.push((i, e.localized(lang)));
                        (m, None)
                    }
                }
            })
            .collect();
        Typed {
            cash,
            others,
            faults,
        }
    }

    /// The command to close, or `None` with the faulty fields marked.
    pub fn command(&mut self, lang: Lang) -> Option<CashCommand> {
        self.form.clear_errors();
        let typed = self.read(lang);
        if let Some(&(first, _)) = typed.faults.first() {
            for (i, message) in typed.faults {
                self.form.fields[i].error = Some(message);
            }
            self.form.focus = first;
            return None;
        }
        Some(CashCommand::CloseShift {
            cash: typed.cash,
            others: typed
                .others
                .into_iter()
                .filter_map(|(m, f)| f.map(|f| (m, f)))
                .collect(),
            reason: self.form.value(self.reason_index()),
        })
    }

    pub fn render(&self, frame: &mut Frame<'_>, area: Rect, lang: Lang, totals: &[MethodTotal]) {
        // The count takes the whole desk: it needs every row at 80x24.
        let rect = area;
        dialog::clear_popup(frame, rect);
        let block = panel(i18n::CD_CLOSE_TITLE.get(lang));
        let inner = block.inner(rect);
        frame.render_widget(block, rect);
        let form_width = 28.min(inner.width.saturating_sub(2));
        self.form.render(
            frame,
            Rect {
                x: inner.x + 1,
                width: form_width,
                ..inner
            },
            lang,
            true,
        );
        let side = Rect {
            x: inner.x + 1 + form_width + 2,
            width: inner.width.saturating_sub(form_width + 4),
            ..inner
        };
        frame.render_widget(
            Paragraph::new(self.summary(lang, totals, side.width as usize)),
            side,
        );
    }

    fn summary(&self, lang: Lang, totals: &[MethodTotal], width: usize) -> Vec<Line<'static>> {
        let Typed {
            cash,
            others,
            faults,
        } = self.read(lang);
        let unreadable = !faults.is_empty();
        let bold = Style::default().add_modifier(Modifier::BOLD);
        let row = |cells: [String; 4]| {
            let text = format!(
                "{}{}{}{}",
                pad(&cells[0], 10),
                pad_left(&cells[1], 12),
                pad_left(&cells[2], 12),
                pad_left(&cells[3], 12)
            );
            truncate_to_width(&text, width)
        };
        let mut lines = vec![Line::styled(
            row([
                i18n::CD_CLOSE_METHOD.get(lang).to_string(),
                i18n::CD_CLOSE_EXPECTED.get(lang).to_string(),
                i18n::CD_CLOSE_COUNTED.get(lang).to_string(),
                i18n::CD_CLOSE_DIFF.get(lang).to_string(),
            ]),
            bold.add_modifier(Modifier::UNDERLINED),
        )];
        let mut balanced = true;
        for t in totals {
            let counted = if t.method.is_cash() {
                Some(cash.total())
            } else {
                others
                    .iter()
                    .find(|(m, _)| *m == t.method)
                    .and_then(|(_, f)| *f)
            };
            let diff = counted.and_then(|c| c.checked_sub(t.expected));
            balanced &= diff == Some(Fen::ZERO);
            let line = row([
                t.method.label().get(lang).to_string(),
                t.expected.yuan_string(),
                counted.map(Fen::yuan_string).unwrap_or_else(|| "?".into()),
                diff.map(|d| match d.get() {
                    0 => "0.00".to_string(),
                    n if n > 0 => format!("+{}", d.yuan_string()),
                    _ => d.yuan_string(),
                })
                .unwrap_or_else(|| "?".into()),
            ]);
            lines.push(if diff.is_some_and(|d| !d.is_zero()) {
                Line::styled(line, bold)
            } else {
                Line::from(line)
            });
        }
        lines.push(Line::from(""));
        lines.push(Line::from(truncate_to_width(
            &i18n::CD_CLOSE_CASH_TOTAL.fill(lang, &[("total", &cash.total().yuan_string())]),
            width,
        )));
        let verdict = if unreadable {
            i18n::CD_CLOSE_UNREADABLE
        } else if balanced {
            i18n::CD_CLOSE_BALANCED
        } else {
            i18n::CD_CLOSE_OVER_UNDER
        };
        lines.push(Line::styled(
            truncate_to_width(verdict.get(lang), width),
            bold,
        ));
        lines
    }
}

/// A batch total: blank is zero.
fn parse_amount(text: &str) -> Result<Fen, crate::domain::money::AmountError> {
    if text.trim().is_empty() {
        Ok(Fen::ZERO)
    } else {
        parse_float(text)
    }
}

fn pad(text: &str, width: usize) -> String {
    let w = display_width(text);
    format!("{text}{}", " ".repeat(width.saturating_sub(w)))
}

pub(super) fn pad_left(text: &str, width: usize) -> String {
    let w = display_width(text);
    format!("{}{text}", " ".repeat(width.saturating_sub(w)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_amounts_parse_blank_as_zero() {
        assert_eq!(parse_amount(""), Ok(Fen::ZERO));
        assert_eq!(parse_amount("0"), Ok(Fen::ZERO));
        assert_eq!(parse_amount("12.50"), Ok(Fen(1250)));
        assert!(parse_amount("1,000").is_err());
    }

    #[test]
    fn a_count_becomes_the_close_command() {
        let mut close = CloseForm::new();
        close.form.fields[0].input.set("3");
        close.form.fields[8].input.set("5");
        close.form.fields[9].input.set("１");
        close.form.fields[11].input.set("3");
        close.form.fields[12].input.set("20.00");
        let reason = close.reason_index();
        close.form.fields[reason].input.set("short");
        let Some(CashCommand::CloseShift {
            cash,
            others,
            reason,
        }) = close.command(Lang::En)
        else {
            panic!("no command");
        };
        assert_eq!(cash.total(), Fen(30_050 + 5 + 3));
        assert_eq!(others[0], (PaymentMethod::BankCard, Fen(2000)));
        assert_eq!(reason, "short");
    }

    #[test]
    fn a_bad_count_is_marked_and_not_sent() {
        let mut close = CloseForm::new();
        close.form.fields[2].input.set("x");
        assert_eq!(close.command(Lang::Zh), None);
        assert_eq!(close.form.focus, 2);
        assert!(close.form.fields[2].error.is_some());
        // More than a count holds is refused whole, with the limit, never cut.
        let mut close = CloseForm::new();
        close.form.fields[0].input.set("1234567");
        assert_eq!(close.command(Lang::En), None);
        assert_eq!(close.form.fields[0].input.value(), "1234567");
        assert_eq!(
            close.form.fields[0].error.as_deref(),
            Some("At most 99999 pieces")
        );
    }
}
