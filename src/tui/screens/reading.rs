//! The reading form (`m` in the customer view): the clerk types the register a customer
//! read off their mechanical or IoT meter, and the reading bills the gas used since the
//! last one. It draws over the customer view it came from; Esc goes back to it.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, BorderType, Borders, Paragraph};

use super::cash_command::CashCommand;
use super::customer::Customer;
use super::{Command, Ctx, Reply};
use crate::domain::reading::{parse_read_on, parse_register};
use crate::domain::tariff::Volume;
use crate::domain::text::sanitize;
use crate::i18n::{self, Lang, Localized, Msg};
use crate::tui::widgets::chrome::textwrap_cells;
use crate::tui::widgets::dialog;
use crate::tui::widgets::form::{Field, Form, FormEvent};

pub const DATE: usize = 0;
pub const REGISTER: usize = 1;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadingScreen {
    /// The view the form was opened from, drawn beneath it.
    pub customer: Box<Customer>,
    pub meter_id: i64,
    pub today: NaiveDate,
    pub form: Form,
    /// The meter's last reading (date, register), shown before anything is typed.
    pub previous: Option<(NaiveDate, Volume)>,
}

impl ReadingScreen {
    /// The form for the account's post-paid meter, or why there is none to read.
    pub fn open(customer: &Customer, today: NaiveDate) -> Result<ReadingScreen, Msg> {
        let meters = &customer.detail.meters;
        let Some(meter) = meters
            .iter()
            .find(|m| !super::customer::is_ic_card(&m.kind))
        else {
            return Err(if meters.is_empty() {
                i18n::RD_NO_METER
            } else {
                i18n::RD_IC_CARD_ONLY
            });
        };
        let mut form = Form::new(vec![
            Field::text(i18n::RD_LABEL_DATE, 10),
            Field::text(i18n::RD_LABEL_REGISTER, 16),
        ]);
        form.fields[DATE].input.set(&today.to_string());
        form.focus = REGISTER;
        Ok(ReadingScreen {
            customer: Box::new(customer.clone()),
            meter_id: meter.id,
            today,
            form,
            previous: None,
        })
    }

    /// The form showing the meter's last reading, as the store has it.
    pub fn with_previous(mut self, previous: Option<(NaiveDate, Volume)>) -> ReadingScreen {
        self.previous = previous;
        self
    }

    /// The meter being read, as the customer view has it.
    fn meter(&self) -> Option<&crate::db::account::Meter> {
        self.customer
            .detail
            .meters
            .iter()
            .find(|m| m.id == self.meter_id)
    }

    /// The date the meter's approval ran out, if it is past: it must be replaced.
    pub fn expired_on(&self) -> Option<NaiveDate> {
        let meter = self.meter()?;
        NaiveDate::parse_from_str(meter.expires_on.trim(), "%Y-%m-%d")
            .ok()
            .filter(|d| *d < self.today)
    }

    /// The lines above the fields: the meter, its last reading, and a warning when the
    /// meter is past its expiry date.
    fn head(&self, lang: Lang, width: usize) -> Vec<Line<'static>> {
        let bold = Style::default().add_modifier(Modifier::BOLD);
        let meter_line = self
            .meter()
            .map(|m| {
                let kind = super::customer::meter_label(&m.kind);
                i18n::RD_METER.fill(
                    lang,
                    &[("kind", &kind.get(lang)), ("serial", &sanitize(&m.serial))],
                )
            })
            .unwrap_or_default();
        let mut lines = vec![Line::styled(meter_line, bold)];
        let previous = match self.previous {
            Some((on, register)) => i18n::RD_PREVIOUS.fill(
                lang,
                &[("date", &on), ("register", &crate::printout::m3(register))],
            ),
            None => i18n::RD_NO_PREVIOUS.get(lang).to_string(),
        };
        lines.extend(textwrap_cells(&previous, width).into_iter().map(Line::from));
        if let Some(expired) = self.expired_on() {
            let alert = Style::default()
                .fg(ratatui::style::Color::Red)
                .add_modifier(Modifier::BOLD);
            let text = i18n::RD_METER_EXPIRED.fill(lang, &[("date", &expired)]);
            lines.extend(
                textwrap_cells(&text, width)
                    .into_iter()
                    .map(|l| Line::styled(l, alert)),
            );
        }
        lines
    }

    pub fn account_id(&self) -> i64 {
        self.customer.detail.summary.id
    }

    /// The date is filled in: only a change from it or a typed register would be lost.
    pub fn is_dirty(&self) -> bool {
        !self.form.fields[REGISTER].input.is_empty()
            || self.form.value(DATE).trim() != self.today.to_string()
    }

    /// A refusal, shown under the field it concerns; the form stays open.
    pub fn fail(&mut self, field: usize, message: String) {
        self.form.fail(field, message);
    }

    pub fn on_paste(&mut self, text: &str) -> Reply {
        Reply::pasted(Some(self.form.paste(text)), text)
    }

    pub fn on_key(&mut self, ctx: &Ctx<'_>, key: &KeyEvent) -> Reply {
        match self.form.handle_key(ctx.keymap, key) {
            FormEvent::Submit => match self.command(ctx.lang) {
                Some(command) => Reply::Run(Command::Cash(command)),
                None => Reply::Done,
            },
            FormEvent::Refused => Reply::Refused,
            // Esc and the F-keys: the app goes back or elsewhere.
            FormEvent::Ignored => Reply::Pass,
            _ => Reply::Done,
        }
    }

    /// The command to record the reading, or `None` with the faulty fields marked.
    pub fn command(&mut self, lang: Lang) -> Option<CashCommand> {
        self.form.clear_errors();
        let read_on = parse_read_on(&self.form.value(DATE));
        let register = parse_register(&self.form.value(REGISTER));
        if let Err(e) = &register {
            self.form.fail(REGISTER, e.localized(lang));
        }
        // The date is checked last so that, both being wrong, the focus goes to it first.
        if read_on.is_none() {
            let example = self.today.to_string();
            self.form
                .fail(DATE, i18n::RD_BAD_DATE.fill(lang, &[("example", &example)]));
        }
        Some(CashCommand::RecordReading {
            meter_id: self.meter_id,
            read_on: read_on?,
            register: register.ok()?,
        })
    }

    pub fn render(&self, frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>) {
        let lang = ctx.lang;
        self.customer.render(frame, area, ctx);
        let width = 76.min(area.width.saturating_sub(2));
        let inner_width = width.saturating_sub(4);
        let dim = Style::default().add_modifier(Modifier::DIM);
        let hints: Vec<Line<'_>> = [
            i18n::RD_HINT_DATE,
            i18n::RD_HINT_REGISTER,
            i18n::RD_HINT_BILL,
        ]
        .iter()
        .flat_map(|m| textwrap_cells(m.get(lang), inner_width as usize))
        .map(|l| Line::styled(l, dim))
        .collect();
        let hint_rows = hints.len() as u16;
        let head = self.head(lang, inner_width as usize);
        let head_rows = head.len() as u16;
        let form_width = width.saturating_sub(2);
        let height = 2 + head_rows + 1 + self.form.height(form_width, lang) + 1 + hint_rows;
        // At the bottom, so the account, meters and money above stay in view.
        let centred = dialog::centered(area, width, height);
        let rect = Rect {
            y: area.bottom().saturating_sub(centred.height),
            ..centred
        };
        dialog::clear_popup(frame, rect);
        let s = &self.customer.detail.summary;
        let block = Block::default()
            .borders(Borders::ALL)
            .border_type(BorderType::Double)
            .title(
                Line::from(format!(
                    " {} ",
                    i18n::RD_TITLE.fill(
                        lang,
                        &[
                            ("account", &s.account_no),
                            ("holder", &sanitize(&s.holder_name)),
                        ],
                    )
                ))
                .style(Style::default().add_modifier(Modifier::BOLD)),
            );
        let inner = super::inside(frame, rect, block);
        frame.render_widget(
            Paragraph::new(head),
            Rect {
                height: head_rows.min(inner.height),
                ..inner
            },
        );
        let form_y = inner.y + head_rows + 1;
        let form_rows = self.form.height(inner.width, lang);
        self.form.render(
            frame,
            Rect {
                y: form_y.min(inner.bottom()),
                height: form_rows.min(inner.bottom().saturating_sub(form_y)),
                ..inner
            },
            lang,
            true,
        );
        let hint_y = form_y + form_rows + 1;
        frame.render_widget(
            Paragraph::new(hints),
            Rect {
                y: hint_y.min(inner.bottom()),
                height: inner.bottom().saturating_sub(hint_y),
                ..inner
            },
        );
    }
}
