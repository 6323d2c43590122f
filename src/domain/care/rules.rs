//! `data/care.toml`: categories, needs, home checks and the keeping periods, validated.

use std::sync::LazyLock;

use chrono::{Days, NaiveDate};
use serde::Deserialize;

use crate::i18n::Lang;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryRule {
    pub code: String,
    /// The one character of 孤寡老特残 shown in lists.
    pub mark: String,
    pub name_zh: String,
    pub name_en: String,
    pub visit_every_days: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NeedRule {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub marker_zh: String,
    pub marker_en: String,
    #[serde(default)]
    pub visit_every_days: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckRule {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CareRules {
    pub purge_after_days: u32,
    pub review_every_days: u32,
    #[serde(rename = "category")]
    pub categories: Vec<CategoryRule>,
    #[serde(rename = "need")]
    pub needs: Vec<NeedRule>,
    #[serde(rename = "check")]
    pub checks: Vec<CheckRule>,
}

fn pick<'a>(lang: Lang, zh: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

impl CategoryRule {
    pub fn name(&self, lang: Lang) -> &str {
        pick(lang, &self.name_zh, &self.name_en)
    }
}

impl NeedRule {
    pub fn name(&self, lang: Lang) -> &str {
        pick(lang, &self.name_zh, &self.name_en)
    }

    pub fn marker(&self, lang: Lang) -> &str {
        pick(lang, &self.marker_zh, &self.marker_en)
    }
}

impl CheckRule {
    pub fn name(&self, lang: Lang) -> &str {
        pick(lang, &self.name_zh, &self.name_en)
    }
}

static BUILTIN: LazyLock<CareRules> = LazyLock::new(|| {
    // Checked by a unit test, so a failure here is a build defect, not a runtime condition.
    CareRules::parse(include_str!("../../../data/care.toml"))
        .expect("data/care.toml is validated by tests")
});

impl CareRules {
    /// The rules shipped in `data/care.toml`.
    pub fn builtin() -> &'static CareRules {
        &BUILTIN
    }

    pub fn parse(text: &str) -> Result<CareRules, String> {
        let rules: CareRules = toml::from_str(text).map_err(|e| e.to_string())?;
        rules.validate()?;
        Ok(rules)
    }

    fn validate(&self) -> Result<(), String> {
        if self.purge_after_days == 0 || self.review_every_days == 0 {
            return Err("purge_after_days and review_every_days must be above 0".into());
        }
        let codes = |list: Vec<&str>, what: &str| -> Result<(), String> {
            let mut seen = std::collections::HashSet::new();
            for code in list {
                let ascii =
                    !code.is_empty() && code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
                if !ascii || !seen.insert(code) {
                    return Err(format!("{what} code {code:?} is empty, not a-z or twice"));
                }
            }
            Ok(())
        };
        codes(
            self.categories.iter().map(|c| c.code.as_str()).collect(),
            "category",
        )?;
        codes(self.needs.iter().map(|c| c.code.as_str()).collect(), "need")?;
        codes(
            self.checks.iter().map(|c| c.code.as_str()).collect(),
            "check",
        )?;
        if self.categories.is_empty() || self.checks.is_empty() {
            return Err("at least one category and one check".into());
        }
        for c in &self.categories {
            if c.mark.chars().count() != 1 || c.visit_every_days == 0 {
                return Err(format!(
                    "category {}: one mark character, visits above 0",
                    c.code
                ));
            }
        }
        if self.needs.iter().any(|n| n.visit_every_days == Some(0)) {
            return Err("a need's visit_every_days must be above 0".into());
        }
        Ok(())
    }

    pub fn category(&self, code: &str) -> Option<&CategoryRule> {
        self.categories.iter().find(|c| c.code == code)
    }

    pub fn need(&self, code: &str) -> Option<&NeedRule> {
        self.needs.iter().find(|c| c.code == code)
    }

    pub fn check(&self, code: &str) -> Option<&CheckRule> {
        self.checks.iter().find(|c| c.code == code)
    }

    /// Days between two home visits for a person in `categories` with `needs`: the most
    /// frequent any of them asks for. Unknown codes ask for nothing.
    pub fn visit_every(&self, categories: &[String], needs: &[String]) -> u32 {
        let from_categories = categories
            .iter()
            .filter_map(|c| self.category(c))
            .map(|c| c.visit_every_days);
        let from_needs = needs
            .iter()
            .filter_map(|n| self.need(n))
            .filter_map(|n| n.visit_every_days);
        from_categories.chain(from_needs).min().unwrap_or_else(|| {
            self.categories
                .iter()
                .map(|c| c.visit_every_days)
                .max()
                .unwrap_or(30)
        })
    }

    /// The next home visit: `every` days after the last one, or after registration when
    /// there has been none.
    pub fn next_visit(&self, since: NaiveDate, every: u32) -> NaiveDate {
        since
            .checked_add_days(Days::new(u64::from(every)))
            .unwrap_or(NaiveDate::MAX)
    }

    /// The first day a withdrawn entry's personal details may be purged.
    pub fn purge_from(&self, withdrawn_on: NaiveDate) -> NaiveDate {
        withdrawn_on
            .checked_add_days(Days::new(u64::from(self.purge_after_days)))
            .unwrap_or(NaiveDate::MAX)
    }

    /// The default review date of consent given on `given_on`.
    pub fn review_by(&self, given_on: NaiveDate) -> NaiveDate {
        given_on
            .checked_add_days(Days::new(u64::from(self.review_every_days)))
            .unwrap_or(NaiveDate::MAX)
    }

    /// What a clerk sees at the counter for a person with `needs`: the markers of the
    /// needs, joined; empty when the person has none (the 关爱 mark alone then).
    pub fn counter_hint(&self, needs: &[String], lang: Lang) -> String {
        let sep = match lang {
            Lang::Zh => "；",
            Lang::En => "; ",
        };
        needs
            .iter()
            .filter_map(|n| self.need(n))
            .map(|n| n.marker(lang))
            .collect::<Vec<_>>()
            .join(sep)
    }

    /// The marks of `categories` in the register's order (孤寡老特残).
    pub fn marks(&self, categories: &[String]) -> String {
        self.categories
            .iter()
            .filter(|c| categories.contains(&c.code))
            .map(|c| c.mark.as_str())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn codes(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_shipped_file_parses_with_the_five_categories_and_five_checks() {
        let rules = CareRules::builtin();
        assert_eq!(
            rules.marks(&codes(&["disabled", "alone", "elderly"])),
            "孤老残"
        );
        assert_eq!(rules.categories.len(), 5);
        assert_eq!(rules.checks.len(), 5);
        assert!(rules.check("hose").is_some());
    }

    #[test]
    fn the_most_frequent_need_or_category_sets_the_visits() {
        let rules = CareRules::builtin();
        assert_eq!(rules.visit_every(&codes(&["special"]), &[]), 90);
        assert_eq!(rules.visit_every(&codes(&["special", "alone"]), &[]), 30);
        assert_eq!(
            rules.visit_every(&codes(&["alone"]), &codes(&["cognition"])),
            14
        );
        assert_eq!(rules.next_visit(day(2026, 12, 20), 30), day(2027, 1, 19));
        assert_eq!(rules.next_visit(day(2028, 2, 15), 14), day(2028, 2, 29));
    }

    #[test]
    fn the_counter_hint_says_only_what_serving_needs() {
        let rules = CareRules::builtin();
        let needs = codes(&["hearing", "mobility"]);
        assert_eq!(
            rules.counter_hint(&needs, Lang::En),
            "hearing: write, do not call out; mobility: serve at the seat"
        );
        assert!(rules.counter_hint(&needs, Lang::Zh).starts_with("听力"));
        assert_eq!(rules.counter_hint(&[], Lang::Zh), "");
    }

    #[test]
    fn bad_files_are_refused() {
        let good = include_str!("../../../data/care.toml");
        assert!(CareRules::parse(good).is_ok());
        for (from, to) in [
            ("purge_after_days = 90", "purge_after_days = 0"),
            ("code = \"widowed\"", "code = \"alone\""),
            ("mark = \"寡\"", "mark = \"寡妇\""),
            ("visit_every_days = 14", "visit_every_days = 0"),
            ("code = \"hose\"", "code = \"Hose\""),
        ] {
            assert!(good.contains(from), "{from}");
            assert!(CareRules::parse(&good.replace(from, to)).is_err(), "{to}");
        }
        assert!(CareRules::parse(&format!("{good}\nextra = 1\n")).is_err());
    }
}
