//! `data/install.toml`: documents per customer type (core or 容缺), stage time limits in
//! working days, and the itemised fee in fen — validated.

use std::sync::LazyLock;

use serde::Deserialize;

use super::Stage;
use crate::domain::account::{CustomerType, MeterKind};
use crate::domain::money::Fen;
use crate::i18n::Lang;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    pub accept: u32,
    pub survey: u32,
    pub design: u32,
    pub fee: u32,
    pub construction: u32,
    pub inspection: u32,
    pub meter: u32,
    pub ignition: u32,
    pub account: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fees {
    pub connection_residential: i64,
    pub connection_commercial: i64,
    pub pipe_per_metre: i64,
    pub pipe_metres_max: u32,
    pub meter_ic_card: i64,
    pub meter_mechanical: i64,
    pub meter_iot: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentRule {
    pub code: String,
    pub types: Vec<String>,
    pub core: bool,
    #[serde(default)]
    pub owe_days: Option<u32>,
    pub name_zh: String,
    pub name_en: String,
}

impl DocumentRule {
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.name_zh,
            Lang::En => &self.name_en,
        }
    }

    pub fn applies_to(&self, customer: CustomerType) -> bool {
        self.types.iter().any(|t| t == customer.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstallRules {
    pub notice_phone: String,
    pub limits: Limits,
    pub fees: Fees,
    #[serde(rename = "document")]
    pub documents: Vec<DocumentRule>,
}

/// One line of a quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteLine {
    /// `connection`, `pipe` or `meter`.
    pub item: &'static str,
    pub quantity: u32,
    pub amount: Fen,
}

static BUILTIN: LazyLock<InstallRules> = LazyLock::new(|| {
    InstallRules::parse(include_str!("../../../data/install.toml"))
        .expect("data/install.toml is validated by tests")
});

impl InstallRules {
    pub fn builtin() -> &'static InstallRules {
        &BUILTIN
    }

    pub fn parse(text: &str) -> Result<InstallRules, String> {
        let rules: InstallRules = toml::from_str(text).map_err(|e| e.to_string())?;
        rules.validate()?;
        Ok(rules)
    }

    fn validate(&self) -> Result<(), String> {
        let f = &self.fees;
        for (name, v) in [
            ("connection_residential", f.connection_residential),
            ("connection_commercial", f.connection_commercial),
            ("pipe_per_metre", f.pipe_per_metre),
            ("meter_ic_card", f.meter_ic_card),
            ("meter_mechanical", f.meter_mechanical),
            ("meter_iot", f.meter_iot),
        ] {
            if !(0..=100_000_000).contains(&v) {
                return Err(format!("fee {name} must be 0 to 1,000,000.00 yuan in fen"));
            }
        }
        if f.pipe_metres_max == 0 || f.pipe_metres_max > 10_000 {
            return Err("pipe_metres_max must be 1 to 10000".into());
        }
        let mut seen = std::collections::HashSet::new();
        for d in &self.documents {
            let ok =
                !d.code.is_empty() && d.code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
            if !ok || !seen.insert(d.code.as_str()) {
                return Err(format!(
                    "document code {:?} is empty, not a-z or twice",
                    d.code
                ));
            }
            if d.types.is_empty() || d.types.iter().any(|t| CustomerType::parse(t).is_none()) {
                return Err(format!("document {}: unknown or no customer type", d.code));
            }
            match (d.core, d.owe_days) {
                (true, Some(_)) => return Err(format!("core document {} cannot be owed", d.code)),
                (false, None | Some(0)) => {
                    return Err(format!("document {} may be owed: give owe_days", d.code));
                }
                _ => {}
            }
        }
        for t in [CustomerType::Residential, CustomerType::Commercial] {
            if !self.documents.iter().any(|d| d.core && d.applies_to(t)) {
                return Err(format!("{} has no core document", t.as_str()));
            }
        }
        Ok(())
    }

    /// The working days stage `stage` may take; `None` for a stage with no clock
    /// (completed, cancelled).
    pub fn limit(&self, stage: Stage) -> Option<u32> {
        let l = &self.limits;
        Some(match stage {
            Stage::Accepted => l.accept,
            Stage::Survey => l.survey,
            Stage::Design => l.design,
            Stage::Fee => l.fee,
            Stage::Construction => l.construction,
            Stage::Inspection => l.inspection,
            Stage::Meter => l.meter,
            Stage::Ignition => l.ignition,
            Stage::Account => l.account,
            Stage::Completed | Stage::Cancelled => return None,
        })
    }

    pub fn documents_for(&self, customer: CustomerType) -> impl Iterator<Item = &DocumentRule> {
        self.documents
            .iter()
            .filter(move |d| d.applies_to(customer))
    }

    pub fn document(&self, code: &str) -> Option<&DocumentRule> {
        self.documents.iter().find(|d| d.code == code)
    }

    /// The itemised quote: connection by customer type, pipe by the metre, meter by kind.
    pub fn quote(
        &self,
        customer: CustomerType,
        pipe_metres: u32,
        meter: MeterKind,
    ) -> Result<Vec<QuoteLine>, super::InstallError> {
        if pipe_metres > self.fees.pipe_metres_max {
            return Err(super::InstallError::PipeMetres(self.fees.pipe_metres_max));
        }
        let f = &self.fees;
        let connection = match customer {
            CustomerType::Residential => f.connection_residential,
            CustomerType::Commercial => f.connection_commercial,
        };
        let meter_fen = match meter {
            MeterKind::IcCard => f.meter_ic_card,
            MeterKind::Mechanical => f.meter_mechanical,
            MeterKind::Iot => f.meter_iot,
        };
        let mut lines = vec![QuoteLine {
            item: "connection",
            quantity: 1,
            amount: Fen(connection),
        }];
        if pipe_metres > 0 {
            lines.push(QuoteLine {
                item: "pipe",
                quantity: pipe_metres,
                // validated bounds: at most 10,000 m x 1,000,000.00 yuan fits an i64
                amount: Fen(f.pipe_per_metre * i64::from(pipe_metres)),
            });
        }
        lines.push(QuoteLine {
            item: "meter",
            quantity: 1,
            amount: Fen(meter_fen),
        });
        Ok(lines)
    }
}

/// The total of a quote.
pub fn quote_total(lines: &[QuoteLine]) -> Fen {
    Fen(lines.iter().map(|l| l.amount.get()).sum())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_rules_parse_and_each_type_has_core_and_owable_documents() {
        let r = InstallRules::builtin();
        for t in [CustomerType::Residential, CustomerType::Commercial] {
            assert!(r.documents_for(t).any(|d| d.core));
            assert!(r.documents_for(t).any(|d| !d.core));
        }
        assert_eq!(r.limit(Stage::Accepted), Some(1));
        assert_eq!(r.limit(Stage::Design), Some(12));
        assert_eq!(r.limit(Stage::Completed), None);
    }

    #[test]
    fn quote_is_itemised_in_fen() {
        let r = InstallRules::builtin();
        let q = r
            .quote(CustomerType::Residential, 12, MeterKind::IcCard)
            .unwrap();
        assert_eq!(q.len(), 3);
        assert_eq!(q[1].amount, Fen(12 * 6500));
        assert_eq!(quote_total(&q), Fen(180000 + 78000 + 42000));
        let q = r
            .quote(CustomerType::Commercial, 0, MeterKind::Iot)
            .unwrap();
        assert_eq!(quote_total(&q), Fen(650000 + 56000));
        assert!(
            r.quote(CustomerType::Residential, 501, MeterKind::Iot)
                .is_err()
        );
    }

    #[test]
    fn a_core_document_cannot_be_owed() {
        let bad = include_str!("../../../data/install.toml").replace(
            "code = \"id_card\"\ntypes = [\"residential\"]\ncore = true",
            "code = \"id_card\"\ntypes = [\"residential\"]\ncore = true\nowe_days = 3",
        );
        assert!(
            InstallRules::parse(&bad)
                .unwrap_err()
                .contains("cannot be owed")
        );
    }
}
