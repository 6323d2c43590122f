//! `data/services.toml`: the services customers take tickets for, their service-level
//! targets, the priority lane, recall limits and the wait estimate, validated before use.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::Deserialize;

use crate::i18n::Lang;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceDef {
    pub letter: char,
    pub name_zh: String,
    pub name_en: String,
    /// A customer should be called within this many minutes.
    pub target_minutes: u32,
    /// Service time assumed for estimates until there is history.
    pub typical_minutes: u32,
}

impl ServiceDef {
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.name_zh,
            Lang::En => &self.name_en,
        }
    }

    pub fn target_seconds(&self) -> i64 {
        i64::from(self.target_minutes) * 60
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriorityRule {
    /// A priority ticket counts as if it had already waited this share of its target.
    pub head_start_percent: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecallRule {
    pub max_recalls: u32,
    pub min_interval_seconds: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EstimateRule {
    /// How many of the latest service times the median is taken over.
    pub recent_services: u32,
    /// Fewer than this many, and the service's typical time is used instead.
    pub min_samples: u32,
}

/// Everything the queue is configured by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueRules {
    pub utc_offset: FixedOffset,
    pub services: Vec<ServiceDef>,
    pub priority: PriorityRule,
    pub recall: RecallRule,
    pub estimate: EstimateRule,
}

impl QueueRules {
    pub fn service(&self, letter: char) -> Option<&ServiceDef> {
        self.services.iter().find(|s| s.letter == letter)
    }

    /// The target of a service, in seconds; an unknown letter (from an older file) gets
    /// the longest target, so it is never called ahead of the configured services by mistake.
    pub fn target_seconds(&self, letter: char) -> i64 {
        match self.service(letter) {
            Some(s) => s.target_seconds(),
            None => self
                .services
                .iter()
                .map(ServiceDef::target_seconds)
                .max()
                .unwrap_or(600),
        }
    }

    /// The calendar day `at` falls on at the offices.
    pub fn local_day(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.utc_offset).date_naive()
    }

    /// `at` on the offices' clock.
    pub fn local(&self, at: DateTime<Utc>) -> DateTime<FixedOffset> {
        at.with_timezone(&self.utc_offset)
    }

    pub fn letters(&self) -> String {
        self.services.iter().map(|s| s.letter).collect()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RulesError {
    #[error("services file is not valid TOML: {0}")]
    Syntax(String),
    #[error("utc_offset {0:?} must look like \"+08:00\"")]
    BadOffset(String),
    #[error("services file defines no service")]
    NoServices,
    #[error("service letter {0:?} must be one capital letter A-Z")]
    BadLetter(char),
    #[error("service {0} is defined twice")]
    DuplicateLetter(char),
    #[error("service {letter}: {field} must be positive")]
    NotPositive { letter: char, field: &'static str },
    #[error("service {0}: a name is empty")]
    EmptyName(char),
    #[error("estimate.recent_services must be at least min_samples and positive")]
    BadEstimate,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    utc_offset: String,
    #[serde(default)]
    service: Vec<ServiceDef>,
    priority: PriorityRule,
    recall: RecallRule,
    estimate: EstimateRule,
}

/// The rules shipped with the program.
pub fn builtin_rules() -> QueueRules {
    // Checked by a unit test, so a failure here is a build defect, not a runtime condition.
    parse_rules(include_str!("../../../data/services.toml"))
        .expect("data/services.toml is validated by tests")
}

/// Parses and validates a services file (same format as `data/services.toml`).
pub fn parse_rules(text: &str) -> Result<QueueRules, RulesError> {
    let file: RulesFile = toml::from_str(text).map_err(|e| RulesError::Syntax(e.to_string()))?;
    let utc_offset: FixedOffset = file
        .utc_offset
        .parse()
        .map_err(|_| RulesError::BadOffset(file.utc_offset.clone()))?;
    if file.service.is_empty() {
        return Err(RulesError::NoServices);
    }
    let mut seen = String::new();
    for s in &file.service {
        if !s.letter.is_ascii_uppercase() {
            return Err(RulesError::BadLetter(s.letter));
        }
        if seen.contains(s.letter) {
            return Err(RulesError::DuplicateLetter(s.letter));
        }
        seen.push(s.letter);
        if s.name_zh.trim().is_empty() || s.name_en.trim().is_empty() {
            return Err(RulesError::EmptyName(s.letter));
        }
        for (field, value) in [
            ("target_minutes", s.target_minutes),
            ("typical_minutes", s.typical_minutes),
        ] {
            if value == 0 {
                return Err(RulesError::NotPositive {
                    letter: s.letter,
                    field,
                });
            }
        }
    }
    if file.estimate.recent_services == 0
        || file.estimate.min_samples > file.estimate.recent_services
    {
        return Err(RulesError::BadEstimate);
    }
    Ok(QueueRules {
        utc_offset,
        services: file.service,
        priority: file.priority,
        recall: file.recall,
        estimate: file.estimate,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::office::builtin_offices;
    use chrono::TimeZone;

    #[test]
    fn shipped_file_is_valid_and_has_the_four_services() {
        let rules = builtin_rules();
        assert_eq!(rules.letters(), "ABCD");
        assert_eq!(rules.service('A').unwrap().target_minutes, 10);
        assert_eq!(rules.service('B').unwrap().name_zh, "燃气新装");
        assert_eq!(rules.recall.max_recalls, 3);
        assert_eq!(rules.utc_offset.local_minus_utc(), 8 * 3600);
    }

    #[test]
    fn every_counter_calls_only_configured_services() {
        let rules = builtin_rules();
        for o in builtin_offices() {
            for c in &o.counters {
                for letter in c.services.chars() {
                    assert!(rules.service(letter).is_some(), "{} {letter}", o.code);
                }
            }
        }
    }

    #[test]
    fn the_day_turns_at_local_midnight() {
        let rules = builtin_rules();
        // 15:59 UTC is 23:59 in Hefei; 16:00 UTC is the next day there.
        let before = Utc.with_ymd_and_hms(2026, 11, 28, 15, 59, 0).unwrap();
        let after = Utc.with_ymd_and_hms(2026, 11, 28, 16, 0, 0).unwrap();
        assert_eq!(rules.local_day(before).to_string(), "2026-11-28");
        assert_eq!(rules.local_day(after).to_string(), "2026-11-29");
    }

    fn with(replace: &str, by: &str) -> Result<QueueRules, RulesError> {
        let text = include_str!("../../../data/services.toml");
        assert!(text.contains(replace), "{replace}");
        parse_rules(&text.replacen(replace, by, 1))
    }

    #[test]
    fn broken_files_are_refused_with_a_reason() {
        assert!(matches!(
            with("utc_offset = \"+08:00\"", "utc_offset = \"Beijing\""),
            Err(RulesError::BadOffset(_))
        ));
        assert_eq!(
            with("letter = \"B\"", "letter = \"A\""),
            Err(RulesError::DuplicateLetter('A'))
        );
        assert_eq!(
            with("letter = \"B\"", "letter = \"b\""),
            Err(RulesError::BadLetter('b'))
        );
        assert_eq!(
            with("target_minutes = 10", "target_minutes = 0"),
            Err(RulesError::NotPositive {
                letter: 'A',
                field: "target_minutes"
            })
        );
        assert!(matches!(
            with("max_recalls = 3", "max_recals = 3"),
            Err(RulesError::Syntax(_))
        ));
        assert_eq!(
            with("min_samples = 3", "min_samples = 30"),
            Err(RulesError::BadEstimate)
        );
    }
}
