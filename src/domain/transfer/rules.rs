//! `data/transfer.toml`: the documents each case needs, its fee, and the rule for the
//! tariff year's cumulative volume, validated.

use std::sync::LazyLock;

use serde::Deserialize;

use crate::domain::money::Fen;
use crate::i18n::Lang;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentRule {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseRule {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    /// Requirements, each met by any one of its documents; all are core.
    pub core: Vec<Vec<String>>,
    pub fee_fen: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgentRule {
    pub name_zh: String,
    pub name_en: String,
    pub core: Vec<Vec<String>>,
}

/// What becomes of the tariff year's cumulative volume at a transfer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VolumeRule {
    /// The volume stays counted on the account; the new holder continues from it.
    StaysWithAccount,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TransferRules {
    pub tariff_year_volume: VolumeRule,
    #[serde(rename = "document")]
    pub documents: Vec<DocumentRule>,
    #[serde(rename = "case")]
    pub cases: Vec<CaseRule>,
    pub agent: AgentRule,
}

fn pick<'a>(lang: Lang, zh: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

impl DocumentRule {
    pub fn name(&self, lang: Lang) -> &str {
        pick(lang, &self.name_zh, &self.name_en)
    }
}

impl CaseRule {
    pub fn name(&self, lang: Lang) -> &str {
        pick(lang, &self.name_zh, &self.name_en)
    }

    pub fn fee(&self) -> Fen {
        Fen(self.fee_fen)
    }
}

impl AgentRule {
    pub fn name(&self, lang: Lang) -> &str {
        pick(lang, &self.name_zh, &self.name_en)
    }
}

static BUILTIN: LazyLock<TransferRules> = LazyLock::new(|| {
    // Checked by a unit test, so a failure here is a build defect, not a runtime condition.
    TransferRules::parse(include_str!("../../../data/transfer.toml"))
        .expect("data/transfer.toml is validated by tests")
});

impl TransferRules {
    /// The rules shipped in `data/transfer.toml`.
    pub fn builtin() -> &'static TransferRules {
        &BUILTIN
    }

    pub fn parse(text: &str) -> Result<TransferRules, String> {
        let rules: TransferRules = toml::from_str(text).map_err(|e| e.to_string())?;
        rules.validate()?;
        Ok(rules)
    }

    fn validate(&self) -> Result<(), String> {
        let code_ok =
            |c: &str| !c.is_empty() && c.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
        let mut seen = std::collections::HashSet::new();
        for d in &self.documents {
            if !code_ok(&d.code) || !seen.insert(d.code.as_str()) {
                return Err(format!(
                    "document code {:?} is empty, not a-z or twice",
                    d.code
                ));
            }
        }
        let requirements_ok = |what: &str, core: &[Vec<String>]| -> Result<(), String> {
            if core.is_empty() || core.iter().any(|r| r.is_empty()) {
                return Err(format!("{what}: every requirement names a document"));
            }
            for code in core.iter().flatten() {
                if self.document(code).is_none() {
                    return Err(format!("{what}: unknown document {code:?}"));
                }
            }
            Ok(())
        };
        let mut cases = std::collections::HashSet::new();
        for c in &self.cases {
            if !code_ok(&c.code) || !cases.insert(c.code.as_str()) {
                return Err(format!("case code {:?} is empty, not a-z or twice", c.code));
            }
            if c.fee_fen < 0 {
                return Err(format!("case {}: fee_fen below 0", c.code));
            }
            requirements_ok(&c.code, &c.core)?;
        }
        if self.cases.is_empty() {
            return Err("at least one case".into());
        }
        requirements_ok("agent", &self.agent.core)
    }

    pub fn document(&self, code: &str) -> Option<&DocumentRule> {
        self.documents.iter().find(|d| d.code == code)
    }

    pub fn case(&self, code: &str) -> Option<&CaseRule> {
        self.cases.iter().find(|c| c.code == code)
    }

    /// Every requirement of `case` (and of an agent, when one acts).
    pub fn requirements(&self, case: &CaseRule, by_agent: bool) -> Vec<Vec<String>> {
        let mut all = case.core.clone();
        if by_agent {
            all.extend(self.agent.core.iter().cloned());
        }
        all
    }

    /// The requirements `seen` does not meet: empty when the documents are complete.
    pub fn missing(&self, case: &CaseRule, by_agent: bool, seen: &[String]) -> Vec<Vec<String>> {
        self.requirements(case, by_agent)
            .into_iter()
            .filter(|req| !req.iter().any(|d| seen.contains(d)))
            .collect()
    }

    /// Documents the checklist offers for `case`, in the file's order, each once.
    pub fn documents_of(&self, case: &CaseRule, by_agent: bool) -> Vec<&DocumentRule> {
        let wanted: Vec<String> = self
            .requirements(case, by_agent)
            .into_iter()
            .flatten()
            .collect();
        self.documents
            .iter()
            .filter(|d| wanted.contains(&d.code))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_file_is_valid() {
        let rules = TransferRules::parse(include_str!("../../../data/transfer.toml")).unwrap();
        assert_eq!(rules.tariff_year_volume, VolumeRule::StaysWithAccount);
        for code in ["sale", "inheritance", "court"] {
            assert!(rules.case(code).is_some(), "{code}");
        }
    }

    #[test]
    fn a_sale_needs_a_title_and_both_ids() {
        let rules = TransferRules::builtin();
        let sale = rules.case("sale").unwrap();
        let seen = |d: &[&str]| d.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(rules.missing(sale, false, &seen(&[])).len(), 3);
        let ok = seen(&["sale_contract", "old_holder_id", "new_holder_id"]);
        assert!(rules.missing(sale, false, &ok).is_empty());
        assert_eq!(
            rules.missing(sale, true, &ok),
            vec![
                vec!["power_of_attorney".to_string()],
                vec!["agent_id".to_string()]
            ]
        );
    }

    #[test]
    fn bad_files_are_refused() {
        let good = include_str!("../../../data/transfer.toml");
        let volume = good.replace("\"stays_with_account\"", "\"restart\"");
        assert!(TransferRules::parse(&volume).is_err());
        let unknown_doc = good.replace("[\"court_ruling\"]", "[\"moon_deed\"]");
        assert!(
            TransferRules::parse(&unknown_doc)
                .unwrap_err()
                .contains("moon_deed")
        );
        let negative = good.replacen("fee_fen = 0", "fee_fen = -1", 1);
        assert!(TransferRules::parse(&negative).is_err());
    }
}
