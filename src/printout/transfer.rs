//! The 过户单 (transfer slip), for the screen and the printer spool: the account, both
//! holders (masked), the final readings, how arrears and balance were settled, the
//! documents seen, the IC card reissued, the fee, the clerk and counter.

use super::{PAPER_WIDTH, Paper, office_time};
use crate::db::transfer::TransferSlip;
use crate::domain::mask::{mask_id_number, mask_name, mask_phone};
use crate::domain::tariff::Volume;
use crate::domain::text::sanitize;
use crate::domain::transfer::TransferRules;
use crate::i18n::{self, Lang};

/// A holder as the slip shows them: name, ID number and mobile, masked.
fn holder(name: &str, id: Option<&str>, phone: Option<&str>) -> String {
    let mut parts = vec![mask_name(&sanitize(name))];
    parts.extend(id.map(mask_id_number));
    parts.extend(phone.map(mask_phone));
    parts.join(" ")
}

pub fn slip_text(slip: &TransferSlip, lang: Lang, demo: bool) -> Vec<String> {
    let rules = TransferRules::builtin();
    let mut out = Paper::default();
    let rule = "-".repeat(PAPER_WIDTH);
    if demo {
        out.center(i18n::RCPT_DEMO.get(lang));
    }
    out.center(i18n::TRANSFER_SLIP_TITLE.get(lang));
    if slip.source == "back" {
        out.center(i18n::TRANSFER_SLIP_BACK.get(lang));
    }
    out.push(rule.clone());
    let office = match lang {
        Lang::Zh => &slip.office_name_zh,
        Lang::En => &slip.office_name_en,
    };
    out.pair(i18n::RCPT_OFFICE.get(lang), &sanitize(office));
    let at = crate::db::cash::parse_time(&slip.done_at)
        .map(|t| office_time(t).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|_| sanitize(&slip.done_at).into_owned());
    out.pair(i18n::TRANSFER_SLIP_NO.get(lang), &slip.id.to_string());
    out.pair(i18n::TRANSFER_SLIP_AT.get(lang), &at);
    out.pair(
        i18n::TRANSFER_SLIP_ACCOUNT.get(lang),
        &sanitize(&slip.account_no),
    );
    out.wrap(&sanitize(&slip.address));
    out.push(rule.clone());
    out.pair(
        i18n::TRANSFER_SLIP_OLD.get(lang),
        &holder(
            &slip.old_name,
            slip.old_id_number.as_deref(),
            slip.old_phone.as_deref(),
        ),
    );
    out.pair(
        i18n::TRANSFER_SLIP_NEW.get(lang),
        &holder(
            &slip.new_name,
            slip.new_id_number.as_deref(),
            slip.new_phone.as_deref(),
        ),
    );
    if let Some(code) = &slip.case_code {
        let mut case = rules
            .case(code)
            .map(|c| c.name(lang).to_string())
            .unwrap_or_else(|| sanitize(code).into_owned());
        if slip.by_agent {
            case = format!("{case} · {}", rules.agent.name(lang));
        }
        out.pair(i18n::TRANSFER_SLIP_CASE.get(lang), &case);
    }
    if let Some(no) = &slip.registry_case_no {
        out.pair(i18n::TRANSFER_SLIP_REGISTRY.get(lang), &sanitize(no));
    }
    out.push(rule.clone());
    if slip.final_readings.is_empty() {
        if slip.ic_card {
            out.pair(
                i18n::TRANSFER_SLIP_READING.get(lang),
                i18n::TRANSFER_SLIP_NO_READING.get(lang),
            );
        }
    } else {
        for (serial, day, litres) in &slip.final_readings {
            out.pair(
                i18n::TRANSFER_SLIP_READING.get(lang),
                &format!(
                    "{} {} {} m³",
                    sanitize(serial),
                    sanitize(day),
                    super::m3(Volume(*litres))
                ),
            );
        }
    }
    let arrears = if slip.arrears_settled.is_positive() {
        format!(
            "{} {}",
            i18n::TRANSFER_SLIP_ARREARS_SETTLED.get(lang),
            slip.arrears_settled.yuan_string()
        )
    } else {
        i18n::TRANSFER_SLIP_ARREARS_NONE.get(lang).to_string()
    };
    out.pair(i18n::TRANSFER_SLIP_ARREARS.get(lang), &arrears);
    let balance = match slip.balance_how.as_str() {
        "carried" => {
            i18n::TRANSFER_BALANCE_CARRIED.fill(lang, &[("amount", &slip.balance.yuan_string())])
        }
        "refunded" => i18n::TRANSFER_BALANCE_REFUNDED.get(lang).to_string(),
        _ => i18n::TRANSFER_BALANCE_NONE.get(lang).to_string(),
    };
    out.pair(i18n::TRANSFER_SLIP_BALANCE.get(lang), &balance);
    match slip.purchase_count {
        Some(count) => out.wrap(&i18n::TRANSFER_SLIP_CARD.fill(lang, &[("count", &count)])),
        None if slip.ic_card => out.wrap(i18n::TRANSFER_SLIP_CARD_NONE.get(lang)),
        None => {}
    }
    if !slip.documents.is_empty() {
        let sep = if lang == Lang::Zh { "、" } else { ", " };
        let names: Vec<String> = slip
            .documents
            .iter()
            .map(|c| {
                rules
                    .document(c)
                    .map(|d| d.name(lang).to_string())
                    .unwrap_or_else(|| sanitize(c).into_owned())
            })
            .collect();
        let colon = if lang == Lang::Zh { "：" } else { ": " };
        out.wrap(&format!(
            "{}{colon}{}",
            i18n::TRANSFER_SLIP_DOCUMENTS.get(lang),
            names.join(sep)
        ));
    }
    if let (Some(fee), Some(no)) = (slip.fee, &slip.fee_receipt_no) {
        out.pair(
            i18n::TRANSFER_SLIP_FEE.get(lang),
            &format!("{} ({})", fee.yuan_string(), sanitize(no)),
        );
    }
    if let Some(by) = &slip.approved_by {
        out.pair(i18n::TRANSFER_SLIP_APPROVED.get(lang), &sanitize(by));
    }
    if let Some(reason) = &slip.reason {
        out.wrap(&sanitize(reason));
    }
    out.push(rule);
    let counter = slip
        .counter_no
        .map(|c| format!(" #{c}"))
        .unwrap_or_default();
    out.pair(
        i18n::TRANSFER_SLIP_CLERK.get(lang),
        &format!(
            "{} {}{counter}",
            sanitize(&slip.staff_no),
            sanitize(&slip.staff_name)
        ),
    );
    if demo {
        out.center(i18n::RCPT_DEMO.get(lang));
    }
    out.into_lines()
}
