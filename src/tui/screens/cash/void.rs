//! The void/refund form: the receipt to reverse, the clerk's reason, then a manager's
//! staff number and PIN typed at this terminal. The form keeps the key it got when it
//! opened, so a second Enter returns the first reversal instead of a second one.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::super::cash_command::CashCommand;
use super::super::{Command, Ctx, Reply, inside, panel};
use super::kind_label;
use crate::db::cash::{Approval, PaymentKey, ReceiptView};
use crate::domain::text::sanitize;
use crate::i18n::{self, Lang};
use crate::tui::widgets::chrome::textwrap_cells;
use crate::tui::widgets::form::{Field, Form, FormEvent};

pub const REASON: usize = 0;
pub const APPROVER: usize = 1;
pub const PIN: usize = 2;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoidScreen {
    pub receipt: ReceiptView,
    pub form: Form,
    pub key: PaymentKey,
}

impl VoidScreen {
    pub fn new(receipt: ReceiptView) -> VoidScreen {
        VoidScreen {
            receipt,
            form: Form::new(vec![
                Field::text(i18n::CD_LABEL_VOID_REASON, 200),
                Field::text(i18n::CD_LABEL_APPROVER, 16),
                Field::secret(i18n::CD_LABEL_APPROVER_PIN, 12),
            ]),
            key: PaymentKey::new(),
        }
    }

    pub fn is_dirty(&self) -> bool {
        self.form.is_dirty()
    }

    /// A refusal, shown under the field it concerns; the form stays open with its key.
    /// A wrong PIN is cleared so the manager types it again.
    pub fn fail(&mut self, field: usize, message: String) {
        if field == PIN {
            self.form.fields[PIN].input.clear();
        }
        self.form.fail(field.min(PIN), message);
    }

    pub fn on_paste(&mut self, text: &str) -> Reply {
        Reply::pasted(Some(self.form.paste(text)), text)
    }

    pub fn on_key(&mut self, ctx: &Ctx<'_>, key: &KeyEvent) -> Reply {
        match self.form.handle_key(ctx.keymap, key) {
            FormEvent::Submit => Reply::Run(Command::Cash(CashCommand::Void {
                receipt_id: self.receipt.id,
                reason: self.form.value(REASON),
                approval: Approval {
                    staff_no: self.form.value(APPROVER).trim().to_string(),
                    pin: self.form.value(PIN),
                },
                key: self.key.clone(),
            })),
            FormEvent::Refused => Reply::Refused,
            // Esc and the F-keys: the app goes back or elsewhere.
            FormEvent::Ignored => Reply::Pass,
            _ => Reply::Done,
        }
    }

    pub fn render(&self, frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>) {
        let lang = ctx.lang;
        let inner = inside(frame, area, panel(i18n::CD_VOID_TITLE.get(lang)));
        // Wrapped here, so the form starts below the last row the text takes.
        let lines: Vec<Line<'_>> = summary(&self.receipt, lang, ctx)
            .into_iter()
            .flat_map(|line| {
                textwrap_cells(&line.to_string(), inner.width as usize)
                    .into_iter()
                    .map(move |piece| Line::styled(piece, line.style))
            })
            .collect();
        let text_height = (lines.len() as u16).min(inner.height);
        frame.render_widget(
            Paragraph::new(lines),
            Rect {
                height: text_height,
                ..inner
            },
        );
        self.form.render(
            frame,
            Rect {
                y: inner.y + text_height + 1,
                height: inner.height.saturating_sub(text_height + 1),
                ..inner
            },
            lang,
            true,
        );
    }
}

fn summary(r: &ReceiptView, lang: Lang, ctx: &Ctx<'_>) -> Vec<Line<'static>> {
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let mut lines = vec![
        Line::styled(
            i18n::CD_VOID_RECEIPT.fill(
                lang,
                &[
                    ("receipt", &sanitize(&r.receipt_no)),
                    ("kind", &kind_label(r.kind).get(lang)),
                    ("amount", &r.total.yuan_string()),
                    ("method", &r.method.label().get(lang)),
                ],
            ),
            bold,
        ),
        // An install fee names its application and applicant, as its receipt does.
        Line::from(match &r.install {
            Some(fee) => i18n::CD_VOID_APPLICATION.fill(
                lang,
                &[
                    ("app", &sanitize(&fee.app_no)),
                    ("applicant", &sanitize(&fee.applicant)),
                ],
            ),
            None => i18n::CD_VOID_ACCOUNT.fill(
                lang,
                &[
                    ("account", &sanitize(&r.account_no)),
                    ("holder", &sanitize(&r.holder_name)),
                ],
            ),
        }),
        Line::from(i18n::CD_VOID_WHEN.fill(
            lang,
            &[
                ("day", &r.business_day),
                (
                    "staff",
                    &format!(
                        "{} {}  {}",
                        sanitize(&r.staff_no),
                        sanitize(&r.staff_name),
                        ctx.rules.local(r.at).format("%H:%M")
                    ),
                ),
            ],
        )),
        Line::from(""),
        Line::from(i18n::CD_VOID_RULE.get(lang)),
    ];
    if let Some(by) = &r.reversed_by {
        lines.push(Line::styled(
            i18n::CD_VOID_ALREADY.fill(lang, &[("by", &sanitize(by))]),
            bold,
        ));
    }
    lines
}
