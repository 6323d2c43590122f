//! The receipt as printed on the counter's thermal printer: lines of at most
//! [`PAPER_WIDTH`] terminal columns (CJK characters take two), the same text the receipt
//! screen shows. Every string from the database is sanitised here, so a control
//! character in a holder's name can neither move the printer's head nor the screen's cursor.

pub mod install_notice;

use crate::db::cash::{ReceiptKind, ReceiptLine, ReceiptView};
use crate::domain::money::{Fen, to_chinese_capital};
use crate::domain::tariff::Volume;
use crate::domain::text::{display_width, sanitize};
use crate::i18n::{self, Lang, Msg};

/// Columns of the 58 mm paper roll with the printer's standard font.
pub const PAPER_WIDTH: usize = 40;

pub mod report;

pub use crate::clock::office_time;

/// The receipt's title: 燃气费收据, 购气收据, 预存款收据, 收费收据, 作废凭证, 退款凭证.
pub fn title(kind: ReceiptKind) -> Msg {
    match kind {
        ReceiptKind::Bills => i18n::RCPT_TITLE_BILLS,
        ReceiptKind::Advance => i18n::RCPT_TITLE_ADVANCE,
        ReceiptKind::TopUp => i18n::RCPT_TITLE_TOP_UP,
        ReceiptKind::Fee => i18n::RCPT_TITLE_FEE,
        ReceiptKind::Void => i18n::RCPT_TITLE_VOID,
        ReceiptKind::Refund => i18n::RCPT_TITLE_REFUND,
    }
}

/// The short name of a receipt kind for lists (缴费, 预存, 购气, 收费, 作废, 退款).
pub fn kind_label(kind: ReceiptKind) -> Msg {
    match kind {
        ReceiptKind::Bills => i18n::KIND_BILLS,
        ReceiptKind::Advance => i18n::KIND_ADVANCE,
        ReceiptKind::TopUp => i18n::KIND_TOP_UP,
        ReceiptKind::Fee => i18n::KIND_FEE,
        ReceiptKind::Void => i18n::KIND_VOID,
        ReceiptKind::Refund => i18n::KIND_REFUND,
    }
}

/// m³ as a card or a tier line shows it: tenths when the volume is in card steps
/// (`360.0`), otherwise exact to the litre (`12.345`).
pub fn m3(volume: Volume) -> String {
    if volume.litres() % 100 == 0 {
        let tenths = volume.litres() / 100;
        let sign = if tenths < 0 { "-" } else { "" };
        let abs = tenths.unsigned_abs();
        format!("{sign}{}.{}", abs / 10, abs % 10)
    } else {
        volume.to_string()
    }
}

/// One tier line: `第1档 360.0 m³ × 2.53 = 910.80`.
pub fn tier_line(lang: Lang, tier: u8, volume: Volume, price: Fen, amount: Fen) -> String {
    i18n::PAY_TIER_LINE.fill(
        lang,
        &[
            ("tier", &i18n::TARIFF_TIER.fill(lang, &[("tier", &tier)])),
            ("volume", &m3(volume)),
            ("price", &price),
            ("amount", &amount.yuan_string()),
        ],
    )
}

/// The receipt as lines of at most [`PAPER_WIDTH`] columns. `demo` frames it with a
/// "not a valid receipt" line at the top and bottom; `reprint` marks it 补打.
pub fn receipt_text(view: &ReceiptView, lang: Lang, demo: bool, reprint: bool) -> Vec<String> {
    let mut out = Paper::default();
    let rule = "-".repeat(PAPER_WIDTH);
    if demo {
        out.center(i18n::RCPT_DEMO.get(lang));
    }
    out.center(title(view.kind).get(lang));
    if reprint {
        out.center(i18n::RCPT_REPRINT.get(lang));
    }
    out.push(rule.clone());
    out.pair(i18n::RCPT_NO.get(lang), &sanitize(&view.receipt_no));
    let office = match lang {
        Lang::Zh => &view.office_name_zh,
        Lang::En => &view.office_name_en,
    };
    out.pair(i18n::RCPT_OFFICE.get(lang), &sanitize(office));
    let at = office_time(view.at);
    out.pair(
        i18n::RCPT_TIME.get(lang),
        &at.format("%Y-%m-%d %H:%M:%S").to_string(),
    );
    match &view.install {
        // A new-install fee is on the office's holding account (新装预收): the customer's
        // paper names their application and them.
        Some(install) => {
            out.pair(i18n::RCPT_APPLICATION.get(lang), &sanitize(&install.app_no));
            out.pair(
                i18n::RCPT_APPLICANT.get(lang),
                &sanitize(&install.applicant),
            );
        }
        None => {
            out.pair(i18n::RCPT_ACCOUNT.get(lang), &sanitize(&view.account_no));
            out.pair(i18n::RCPT_HOLDER.get(lang), &sanitize(&view.holder_name));
        }
    }
    out.push(rule.clone());
    for line in &view.lines {
        body_line(&mut out, view.kind, line, lang);
    }
    // How the tier lines are rounded, so the customer can check them with a calculator.
    if view.lines.iter().any(|l| !l.tiers.is_empty()) {
        out.wrap(i18n::TIER_ROUNDING.get(lang));
    }
    out.push(rule.clone());
    out.pair(i18n::RCPT_TOTAL.get(lang), &view.total.yuan_string());
    out.pair(
        i18n::RCPT_IN_WORDS.get(lang),
        &to_chinese_capital(view.total),
    );
    out.pair(i18n::RCPT_METHOD.get(lang), view.method.label().get(lang));
    if let Some(reference) = view.reference.as_deref().filter(|r| !r.is_empty()) {
        out.pair(i18n::RCPT_REFERENCE.get(lang), &sanitize(reference));
    }
    if let Some(tendered) = view.tendered {
        out.pair(i18n::RCPT_TENDERED.get(lang), &tendered.yuan_string());
    }
    if let Some(change) = view.change {
        out.pair(i18n::RCPT_CHANGE.get(lang), &change.yuan_string());
    }
    if view.kind.is_reversal() {
        out.push(rule.clone());
        if let Some(original) = &view.reverses {
            out.pair(i18n::RCPT_REVERSES.get(lang), &sanitize(original));
        }
        if let Some(reason) = &view.reason {
            out.pair(i18n::RCPT_REASON.get(lang), &sanitize(reason));
        }
        if let Some(manager) = &view.approved_by {
            out.pair(i18n::RCPT_APPROVED.get(lang), &sanitize(manager));
        }
    }
    out.push(rule);
    out.pair(
        i18n::RCPT_CLERK.get(lang),
        &format!(
            "{} {}",
            sanitize(&view.staff_no),
            sanitize(&view.staff_name)
        ),
    );
    if let Some(counter) = view.counter_no {
        out.pair(i18n::RCPT_COUNTER.get(lang), &counter.to_string());
    }
    out.center(i18n::RCPT_THANKS.get(lang));
    if demo {
        out.center(i18n::RCPT_DEMO.get(lang));
    }
    out.lines
}

fn body_line(out: &mut Paper, kind: ReceiptKind, line: &ReceiptLine, lang: Lang) {
    let amount = line.amount.yuan_string();
    if let Some((_, from, to)) = line.bill {
        let period = i18n::RCPT_PERIOD.fill(lang, &[("from", &from), ("to", &to)]);
        out.pair(&period, &amount);
    } else if let Some(volume) = line.volume {
        out.pair(
            &i18n::RCPT_GAS.fill(lang, &[("volume", &m3(volume))]),
            &amount,
        );
    } else if let Some(fee) = line.fee {
        let label = fee.label().get(lang);
        if kind.is_reversal() {
            out.pair(
                &format!("{} {label}", i18n::RCPT_REVERSAL_LINE.get(lang)),
                &amount,
            );
        } else {
            out.pair(label, &amount);
        }
    } else if kind.is_reversal() {
        out.pair(i18n::RCPT_REVERSAL_LINE.get(lang), &amount);
    } else {
        out.pair(i18n::RCPT_ADVANCE.get(lang), &amount);
    }
    for &(tier, volume, price, tier_amount) in &line.tiers {
        out.wrap(&format!(
            "  {}",
            tier_line(lang, tier, volume, price, tier_amount)
        ));
    }
}

/// Lines being laid out on the paper roll.
#[derive(Default)]
pub(crate) struct Paper {
    lines: Vec<String>,
}

impl Paper {
    pub(crate) fn push(&mut self, line: String) {
        self.lines.push(line);
    }

    pub(crate) fn center(&mut self, text: &str) {
        for piece in wrap(text, PAPER_WIDTH) {
            let pad = (PAPER_WIDTH - display_width(&piece)) / 2;
            self.lines.push(format!("{}{piece}", " ".repeat(pad)));
        }
    }

    pub(crate) fn wrap(&mut self, text: &str) {
        self.lines.extend(wrap(text, PAPER_WIDTH));
    }

    /// A label on the left and its value on the right; a value too long for the line
    /// goes on the lines below, right-aligned, wrapped if need be.
    pub(crate) fn pair(&mut self, label: &str, value: &str) {
        let used = display_width(label) + display_width(value);
        if used < PAPER_WIDTH {
            let gap = PAPER_WIDTH - used;
            self.lines
                .push(format!("{label}{}{value}", " ".repeat(gap)));
            return;
        }
        self.wrap(label);
        for piece in wrap(value, PAPER_WIDTH - 2) {
            let pad = PAPER_WIDTH - display_width(&piece);
            self.lines.push(format!("{}{piece}", " ".repeat(pad)));
        }
    }
}

/// `text` cut into pieces of at most `width` columns, never splitting a character and,
/// where a space is near, not a word either.
fn wrap(text: &str, width: usize) -> Vec<String> {
    crate::domain::text::wrap_cells(text, width)
}

pub mod transfer;

impl Paper {
    pub(crate) fn into_lines(self) -> Vec<String> {
        self.lines
    }
}

#[cfg(test)]
mod tests;
