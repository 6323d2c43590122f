//! The customer view: account, holder (ID number and phone masked), address, meters,
//! status, and the account's recent activity from the audit trail.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Command, Ctx, Reply, panel};
use crate::db::account::AccountDetail;
use crate::db::audit::AuditRow;
use crate::domain::mask::{mask_id_number, mask_phone};
use crate::domain::text::{display_width, sanitize, truncate_to_width};
use crate::i18n::{self, Lang, Msg};
use crate::keymap::{Action, KeyChord, Scope};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Customer {
    pub detail: AccountDetail,
    pub activity: Vec<AuditRow>,
    /// Balance, open bills, card purchases and recent receipts; `None` when they could
    /// not be read (the rest of the view still shows).
    pub money: Option<crate::db::cash::AccountMoney>,
}

fn status_label(status: &str) -> Msg {
    match status {
        "active" => i18n::STATUS_ACTIVE,
        "suspended" => i18n::STATUS_SUSPENDED,
        _ => i18n::STATUS_CLOSED,
    }
}

fn meter_label(kind: &str) -> Msg {
    match kind {
        "ic_card" => i18n::METER_IC_CARD,
        "mechanical" => i18n::METER_MECHANICAL,
        _ => i18n::METER_IOT,
    }
}

fn customer_type_label(kind: &str) -> Msg {
    match kind {
        "commercial" => i18n::CUSTOMER_COMMERCIAL,
        _ => i18n::CUSTOMER_RESIDENTIAL,
    }
}

/// A label padded to a common width (CJK counts two cells), then the value.
fn row(label: Msg, value: String, lang: Lang) -> Line<'static> {
    let label = label.get(lang);
    let pad = 10usize.saturating_sub(display_width(label));
    Line::from(vec![
        Span::styled(
            format!("{label}{}", " ".repeat(pad)),
            Style::default().add_modifier(Modifier::BOLD),
        ),
        Span::raw(value),
    ])
}

impl Customer {
    pub fn on_key(&mut self, ctx: &Ctx<'_>, key: &KeyEvent) -> Reply {
        match ctx
            .keymap
            .action(Scope::Customer, &KeyChord::from_event(key))
        {
            Some(Action::Refresh) => Reply::Run(Command::RefreshAccount {
                id: self.detail.summary.id,
            }),
            _ => Reply::Pass,
        }
    }

    pub fn render(&self, frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>) {
        let lang = ctx.lang;
        let d = &self.detail;
        let s = &d.summary;
        let [top, bottom] =
            Layout::vertical([Constraint::Length(10), Constraint::Min(3)]).areas(area);
        let block = panel(i18n::CUSTOMER_TITLE.get(lang));
        let inner = block.inner(top);
        frame.render_widget(block, top);
        let width = inner.width as usize;
        let meters = if d.meters.is_empty() {
            i18n::NONE.get(lang).to_string()
        } else {
            d.meters
                .iter()
                .map(|m| {
                    i18n::METER_LINE.fill(
                        lang,
                        &[
                            ("kind", &meter_label(&m.kind).get(lang)),
                            ("serial", &sanitize(&m.serial)),
                            ("expires", &sanitize(&m.expires_on)),
                        ],
                    )
                })
                .collect::<Vec<_>>()
                .join("；")
        };
        let lines = vec![
            row(
                i18n::COL_ACCOUNT_NO,
                format!(
                    "{}    {} {}    {} {}",
                    s.account_no,
                    i18n::LABEL_STATUS.get(lang),
                    status_label(&s.status).get(lang),
                    i18n::LABEL_TYPE.get(lang),
                    customer_type_label(&d.customer_type).get(lang)
                ),
                lang,
            ),
            row(
                i18n::COL_HOLDER,
                sanitize(&s.holder_name).into_owned(),
                lang,
            ),
            row(
                i18n::LABEL_ID_NUMBER,
                d.id_number
                    .as_deref()
                    .map(mask_id_number)
                    .unwrap_or_else(|| "-".into()),
                lang,
            ),
            row(
                i18n::COL_PHONE,
                format!(
                    "{}    {} {}",
                    s.phone
                        .as_deref()
                        .map(mask_phone)
                        .unwrap_or_else(|| "-".into()),
                    i18n::LABEL_LANDLINE.get(lang),
                    d.landline
                        .as_deref()
                        .map(|l| sanitize(l).into_owned())
                        .unwrap_or_else(|| "-".into())
                ),
                lang,
            ),
            row(
                i18n::COL_ADDRESS,
                truncate_to_width(
                    &format!("{} {}", sanitize(&s.district), sanitize(&s.address)),
                    width.saturating_sub(10),
                ),
                lang,
            ),
            row(
                i18n::LABEL_METER,
                truncate_to_width(&meters, width.saturating_sub(10)),
                lang,
            ),
            row(
                i18n::LABEL_BALANCE,
                i18n::BALANCE_NO_LEDGER.get(lang).to_string(),
                lang,
            ),
            row(
                i18n::LABEL_OPENED,
                sanitize(&d.opened_on).into_owned(),
                lang,
            ),
        ];
        frame.render_widget(Paragraph::new(lines), inner);

        let block = panel(i18n::ACTIVITY_TITLE.get(lang));
        let inner = block.inner(bottom);
        frame.render_widget(block, bottom);
        let lines: Vec<Line<'_>> = if self.activity.is_empty() {
            vec![Line::from(i18n::ACTIVITY_NONE.get(lang))]
        } else {
            self.activity
                .iter()
                .map(|a| {
                    let when = chrono::DateTime::parse_from_rfc3339(&a.at)
                        .map(|t| {
                            t.with_timezone(&chrono::Local)
                                .format("%Y-%m-%d %H:%M")
                                .to_string()
                        })
                        .unwrap_or_else(|_| sanitize(&a.at).into_owned());
                    Line::from(truncate_to_width(
                        &format!(
                            "{when}  {}  {}",
                            sanitize(&a.staff_no),
                            i18n::audit_action_label(&a.action).get(lang)
                        ),
                        inner.width as usize,
                    ))
                })
                .collect()
        };
        frame.render_widget(Paragraph::new(lines), inner);
    }
}
