//! Business figures (业务量): one line per figure, each from a provider in
//! `db::report::business`, so that a new kind of business (new install, ownership
//! transfer) is one more provider there and its labels here — the day-end and the period
//! reports pick it up without another change.

use serde::{Deserialize, Serialize};

use crate::i18n::{self, Lang, Msg};

/// What a figure counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Count,
    /// Money, in fen.
    Fen,
    /// Gas, in litres (shown as m³ with three decimals cut to one).
    Litres,
}

/// One business figure of an office over a span of business days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusinessLine {
    /// Stable key (`payments`, `top_up_litres` …), the column of CSV and JSON.
    pub key: String,
    pub unit: Unit,
    pub value: i64,
}

impl BusinessLine {
    pub fn new(key: &str, unit: Unit, value: i64) -> BusinessLine {
        BusinessLine {
            key: key.to_string(),
            unit,
            value,
        }
    }
}

/// The label of each key, in the order the providers give them. A provider's new keys
/// are added here.
pub const LABELS: &[(&str, Msg)] = &[
    ("days", i18n::RPT_DAYS),
    ("tickets", i18n::RPT_TICKETS),
    ("served", i18n::RPT_SERVED),
    ("no_shows", i18n::RPT_NO_SHOWS),
    ("enquiries", i18n::RPT_ENQUIRIES),
    ("other_business", i18n::RPT_OTHER_BUSINESS),
    ("payments", i18n::RPT_PAYMENTS),
    ("payments_fen", i18n::RPT_PAYMENTS_FEN),
    ("top_ups", i18n::RPT_TOP_UPS),
    ("top_up_litres", i18n::RPT_TOP_UP_M3),
    ("top_up_fen", i18n::RPT_TOP_UP_FEN),
    ("advances", i18n::RPT_ADVANCES),
    ("advances_fen", i18n::RPT_ADVANCES_FEN),
    ("fees", i18n::RPT_FEES),
    ("fees_fen", i18n::RPT_FEES_FEN),
    ("reversals", i18n::RPT_REVERSALS),
    ("reversals_fen", i18n::RPT_REVERSALS_FEN),
    ("net_fen", i18n::RPT_NET_FEN),
    ("care_visits", i18n::RPT_CARE_VISITS),
    ("hazards_found", i18n::RPT_HAZARDS_FOUND),
    ("installs_received", i18n::RPT_INSTALLS_RECEIVED),
    ("installs_advanced", i18n::RPT_INSTALLS_ADVANCED),
    ("installs_ignited", i18n::RPT_INSTALLS_IGNITED),
    ("installs_opened", i18n::RPT_INSTALLS_OPENED),
    ("installs_overdue", i18n::RPT_INSTALLS_OVERDUE),
    ("transfers", i18n::RPT_TRANSFERS),
    ("transfers_back", i18n::RPT_TRANSFERS_BACK),
];

/// The label of `key` in `lang`; an unknown key (a figure frozen by a newer binary) is
/// shown as itself.
pub fn label(key: &str, lang: Lang) -> String {
    LABELS
        .iter()
        .find(|(k, _)| *k == key)
        .map_or_else(|| key.to_string(), |(_, m)| m.get(lang).to_string())
}

/// The value of `key` among `lines` (0 when absent).
pub fn value(lines: &[BusinessLine], key: &str) -> i64 {
    lines.iter().find(|l| l.key == key).map_or(0, |l| l.value)
}

/// Sums columns of lines key by key, keeping the first column's order, then any keys
/// only later columns have.
pub fn sum<'a>(columns: impl IntoIterator<Item = &'a [BusinessLine]>) -> Vec<BusinessLine> {
    let mut out: Vec<BusinessLine> = Vec::new();
    for lines in columns {
        for l in lines {
            match out.iter_mut().find(|o| o.key == l.key) {
                Some(o) => o.value += l.value,
                None => out.push(l.clone()),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_key_by_key_and_labels_every_key() {
        let a = vec![
            BusinessLine::new("payments", Unit::Count, 2),
            BusinessLine::new("payments_fen", Unit::Fen, 500),
        ];
        let b = vec![
            BusinessLine::new("payments_fen", Unit::Fen, 100),
            BusinessLine::new("care_visits", Unit::Count, 1),
        ];
        let s = sum([a.as_slice(), b.as_slice()]);
        assert_eq!(value(&s, "payments"), 2);
        assert_eq!(value(&s, "payments_fen"), 600);
        assert_eq!(value(&s, "care_visits"), 1);
        assert_eq!(s[0].key, "payments");
        for (key, _) in LABELS {
            assert_ne!(label(key, Lang::Zh), *key);
        }
        assert_eq!(label("later_kind", Lang::En), "later_kind");
    }
}
