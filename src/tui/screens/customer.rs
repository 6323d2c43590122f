//! The customer view: account, holder (ID number and phone masked), address, meters,
//! status, the money side (balance, bills owed, card purchases and their writes, recent
//! receipts) and the account's recent activity from the audit trail. `p`/F9 opens the
//! payment form, `k` opens the card replacement form (补卡: reason, fee, then the last
//! purchase is written onto the new card), `m` opens the reading form for a mechanical or
//! IoT meter (抄表).

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::cash_command::CashCommand;
use super::{Command, Ctx, Reply, panel};
use crate::db::account::AccountDetail;
use crate::db::audit::AuditRow;
use crate::db::cash::{AccountMoney, CardPurchase, LedgerRow};
use crate::domain::account::MeterKind;
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
    /// The receipt chosen among the recent ones (↑/↓), to open (Enter) or to void or
    /// refund (`v`), an earlier day's included; `None` until the clerk moves to one.
    pub receipt_cursor: Option<usize>,
    /// The care register's marker when a registered person uses this account: only what
    /// serving them needs, never the file.
    pub care: Option<crate::db::care::CareMarker>,
}

fn status_label(status: &str) -> Msg {
    match status {
        "active" => i18n::STATUS_ACTIVE,
        "suspended" => i18n::STATUS_SUSPENDED,
        _ => i18n::STATUS_CLOSED,
    }
}

/// A stored meter kind in the catalog's words.
pub(super) fn meter_label(kind: &str) -> Msg {
    match MeterKind::parse(kind) {
        Some(MeterKind::IcCard) => i18n::METER_IC_CARD,
        Some(MeterKind::Mechanical) => i18n::METER_MECHANICAL,
        _ => i18n::METER_IOT,
    }
}

/// Whether a stored meter kind is an IC-card meter (topped up, never billed).
pub(super) fn is_ic_card(kind: &str) -> bool {
    MeterKind::parse(kind) == Some(MeterKind::IcCard)
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
            Some(Action::Pay) => Reply::Run(Command::Cash(CashCommand::OpenPayment {
                account_id: self.detail.summary.id,
            })),
            // Without an IC-card meter the app says there is no card to replace.
            Some(Action::ReissueCard) => {
                Reply::Run(Command::Cash(CashCommand::OpenCardReplacement {
                    account_id: self.detail.summary.id,
                }))
            }
            Some(Action::EnterReading) => Reply::Run(Command::Cash(CashCommand::OpenReading {
                account_id: self.detail.summary.id,
            })),
            Some(Action::TransferStart) => {
                Reply::Run(Command::Transfer(super::transfer::TransferCommand::Load {
                    account_id: self.detail.summary.id,
                }))
            }
            Some(Action::SelectNext) => self.move_receipt(1),
            Some(Action::SelectPrev) => self.move_receipt(-1),
            Some(Action::Open) => match self.chosen_receipt() {
                Some(receipt_id) => {
                    Reply::Run(Command::Cash(CashCommand::OpenReceipt { receipt_id }))
                }
                None => Reply::Pass,
            },
            Some(Action::VoidReceipt) => match self.chosen_receipt() {
                Some(receipt_id) => {
                    Reply::Run(Command::Cash(CashCommand::StartVoid { receipt_id }))
                }
                None => Reply::Refused,
            },
            _ => Reply::Pass,
        }
    }

    fn recent_len(&self) -> usize {
        self.money.as_ref().map_or(0, |m| m.recent.len())
    }

    fn move_receipt(&mut self, step: isize) -> Reply {
        let len = self.recent_len();
        if len == 0 {
            return Reply::Done;
        }
        self.receipt_cursor = Some(match (self.receipt_cursor, step) {
            (None, _) => 0,
            (Some(at), 1) => (at + 1).min(len - 1),
            (Some(at), _) => at.saturating_sub(1),
        });
        Reply::Done
    }

    /// The id of the receipt the clerk chose, if any.
    pub fn chosen_receipt(&self) -> Option<i64> {
        let money = self.money.as_ref()?;
        money.recent.get(self.receipt_cursor?).map(|r| r.id)
    }

    /// The footer's keys: `k` only for an account with an IC-card meter, the receipt keys
    /// once a receipt is chosen.
    pub fn footer_actions(&self) -> &'static [Action] {
        let postpaid = self.detail.meters.iter().any(|m| !is_ic_card(&m.kind));
        match (
            self.ic_meter_id().is_some(),
            postpaid,
            self.receipt_cursor.is_some(),
        ) {
            (_, _, true) => &[
                Action::Open,
                Action::VoidReceipt,
                Action::Pay,
                Action::Back,
                Action::Help,
                Action::Quit,
            ],
            (true, true, false) => &[
                Action::Pay,
                Action::ReissueCard,
                Action::EnterReading,
                Action::TransferStart,
                Action::SelectNext,
                Action::Back,
                Action::Help,
                Action::Quit,
            ],
            // An IC-card meter alone: nothing to read.
            (true, false, false) => &[
                Action::Pay,
                Action::ReissueCard,
                Action::TransferStart,
                Action::SelectNext,
                Action::Refresh,
                Action::Back,
                Action::Help,
                Action::Quit,
            ],
            (false, _, false) => &[
                Action::Pay,
                Action::EnterReading,
                Action::TransferStart,
                Action::SelectNext,
                Action::Refresh,
                Action::Back,
                Action::Help,
                Action::Quit,
            ],
        }
    }

    /// The account's IC-card meter, if it has one.
    pub fn ic_meter_id(&self) -> Option<i64> {
        self.detail
            .meters
            .iter()
            .find(|m| is_ic_card(&m.kind))
            .map(|m| m.id)
    }

    pub fn render(&self, frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>) {
        let lang = ctx.lang;
        let d = &self.detail;
        let s = &d.summary;
        // A registered person's marker: the needs in full, wrapped, in place of the
        // opening date (at most three rows; the panels below give them up).
        let care_lines: Vec<String> = self
            .care
            .as_ref()
            .filter(|m| !m.hint.is_empty())
            .map(|m| {
                crate::tui::widgets::chrome::textwrap_cells(
                    &m.hint,
                    area.width.saturating_sub(14) as usize,
                )
                .into_iter()
                .take(3)
                .collect()
            })
            .unwrap_or_default();
        let top_height = 10 + care_lines.len().saturating_sub(1) as u16;
        let [top, bottom] =
            Layout::vertical([Constraint::Length(top_height), Constraint::Min(3)]).areas(area);
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
                match &self.care {
                    Some(marker) => format!(
                        "{}    {}",
                        sanitize(&s.holder_name),
                        i18n::CARE_MARKER
                            .fill(lang, &[("marks", &marker.marks), ("hint", &"")])
                            .trim_end()
                    ),
                    None => sanitize(&s.holder_name).into_owned(),
                },
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
                match &self.money {
                    Some(m) => i18n::CUST_MONEY.fill(
                        lang,
                        &[
                            ("balance", &m.balance.yuan_string()),
                            ("owed", &m.owed.yuan_string()),
                            ("count", &m.open_bills.len()),
                        ],
                    ),
                    None => i18n::BALANCE_NO_LEDGER.get(lang).to_string(),
                },
                lang,
            ),
        ];
        let mut lines = lines;
        if care_lines.is_empty() {
            lines.push(row(
                i18n::LABEL_OPENED,
                sanitize(&d.opened_on).into_owned(),
                lang,
            ));
        } else {
            for (i, text) in care_lines.into_iter().enumerate() {
                let mut line = if i == 0 {
                    row(i18n::CARE_LABEL_SERVE, text, lang)
                } else {
                    Line::from(format!("{}{text}", " ".repeat(10)))
                };
                line.style = Style::default().add_modifier(Modifier::BOLD);
                lines.push(line);
            }
        }
        frame.render_widget(Paragraph::new(lines), inner);

        let bottom = match &self.money {
            Some(money) => render_money(frame, bottom, money, self.receipt_cursor, lang),
            None => bottom,
        };
        let block = panel(i18n::ACTIVITY_TITLE.get(lang));
        let inner = block.inner(bottom);
        frame.render_widget(block, bottom);
        let lines: Vec<Line<'_>> = if self.activity.is_empty() {
            vec![Line::from(i18n::ACTIVITY_NONE.get(lang))]
        } else {
            self.activity
                .iter()
                .map(|a| {
                    let when = crate::clock::office_minute_of_stamp(&a.at);
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

/// Rows the activity panel keeps under the money panel (borders and one line).
const ACTIVITY_MIN_ROWS: u16 = 3;

/// The money panel above the activity: card purchases (an unfinished write first and
/// highlighted), then the latest receipts, as many as fit. Returns the area left below.
fn render_money(
    frame: &mut Frame<'_>,
    area: Rect,
    money: &AccountMoney,
    cursor: Option<usize>,
    lang: Lang,
) -> Rect {
    let room = area.height.saturating_sub(ACTIVITY_MIN_ROWS + 2) as usize;
    if room == 0 || (money.card_purchases.is_empty() && money.recent.is_empty()) {
        return area;
    }
    let block = panel(i18n::CUST_MONEY_TITLE.get(lang));
    let width = area.width.saturating_sub(2) as usize;
    let alert = Style::default()
        .fg(ratatui::style::Color::Red)
        .add_modifier(Modifier::BOLD);
    let mut purchases: Vec<&CardPurchase> = money.card_purchases.iter().collect();
    purchases.sort_by_key(|p| !p.unfinished());
    // Cards take at most two rows, so receipts still show on a small screen.
    let cards = purchases.len().min(2).min(room);
    let mut lines: Vec<Line<'_>> = purchases[..cards]
        .iter()
        .map(|p| {
            let text = card_line(p, lang);
            let style = if p.unfinished() {
                alert
            } else {
                Style::default()
            };
            Line::styled(truncate_to_width(&text, width), style)
        })
        .collect();
    // The chosen receipt stays in view: the list starts late enough to show it.
    let rows = room - cards;
    let first = cursor.map_or(0, |c| (c + 1).saturating_sub(rows));
    lines.extend(
        money
            .recent
            .iter()
            .enumerate()
            .skip(first)
            .take(rows)
            .map(|(i, r)| {
                let text = truncate_to_width(&receipt_line(r, lang), width);
                if cursor == Some(i) {
                    Line::styled(text, Style::default().add_modifier(Modifier::REVERSED))
                } else {
                    Line::from(text)
                }
            }),
    );
    let height = lines.len() as u16 + 2;
    let [top, rest] =
        Layout::vertical([Constraint::Length(height), Constraint::Min(0)]).areas(area);
    let inner = block.inner(top);
    frame.render_widget(block, top);
    frame.render_widget(Paragraph::new(lines), inner);
    rest
}

fn card_line(p: &CardPurchase, lang: Lang) -> String {
    let w = &p.write;
    let date = chrono::DateTime::parse_from_rfc3339(&w.created_at)
        .map(|t| {
            crate::printout::office_time(t.to_utc())
                .format("%Y-%m-%d")
                .to_string()
        })
        .unwrap_or_else(|_| sanitize(&w.created_at).into_owned());
    // A replacement card carries the gas already bought: it is said as a replacement,
    // not as a purchase of nothing.
    let line = if w.reason.is_some() {
        i18n::CUST_CARD_REPLACED_LINE
    } else {
        i18n::CUST_CARD_LINE
    };
    let mut text = line.fill(
        lang,
        &[
            ("date", &date),
            ("volume", &crate::printout::m3(w.volume)),
            ("amount", &p.amount.yuan_string()),
            ("state", &w.state.label().get(lang)),
        ],
    );
    if p.unfinished() {
        text.push_str(" — ");
        text.push_str(i18n::CUST_CARD_RECOVER.get(lang));
    }
    text
}

fn receipt_line(r: &LedgerRow, lang: Lang) -> String {
    let kind = crate::printout::kind_label(r.kind).get(lang);
    let kind_pad = 7usize.saturating_sub(display_width(kind));
    let method = r.method.label().get(lang);
    let method_pad = 10usize.saturating_sub(display_width(method));
    let mut text = format!(
        "{}  {}  {kind}{}{:>12}  {method}{}",
        sanitize(&r.receipt_no),
        r.day,
        " ".repeat(kind_pad),
        r.amount.yuan_string(),
        " ".repeat(method_pad),
    );
    if r.reversed {
        text.push_str(i18n::CUST_RECEIPT_REVERSED.get(lang));
    }
    text.trim_end().to_string()
}
