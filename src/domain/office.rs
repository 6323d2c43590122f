//! The service offices (服务所), the mobile service vehicle and their counters, as defined
//! in `data/offices.toml`.
//!
//! The file is embedded and validated here, before anything reaches the store: a counter
//! that calls a service letter nobody issues tickets for, or an office with no counter for
//! a service, would leave customers waiting for a call that never comes.

use std::collections::HashSet;

use serde::Deserialize;

/// Service letters a counter may call, in queue order: A 缴费购气 (payment, top-up),
/// B 燃气新装 (new install), C 过户 (transfer), D 咨询/其他 (enquiries, other).
pub const SERVICE_LETTERS: &str = "ABCD";

/// Office codes prefix receipt numbers (`HF03-2026-000123`), so they stay short and ASCII.
pub const MAX_CODE_LEN: usize = 8;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfficeDef {
    pub id: i64,
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    /// The district it serves; the vehicle serves the whole city (`全市`).
    pub district: String,
    pub address: String,
    #[serde(default)]
    pub mobile: bool,
    pub counters: Vec<CounterDef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CounterDef {
    pub number: i64,
    /// The service letters this counter calls, e.g. `"AD"`.
    pub services: String,
}

impl CounterDef {
    pub fn calls(&self, letter: char) -> bool {
        self.services.contains(letter)
    }
}

impl OfficeDef {
    pub fn counter(&self, number: i64) -> Option<&CounterDef> {
        self.counters.iter().find(|c| c.number == number)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OfficeFileError {
    #[error("office file is not valid TOML: {0}")]
    Syntax(String),
    #[error("office file defines no office")]
    NoOffices,
    #[error("office id {0} must be positive")]
    BadId(i64),
    #[error("office id {0} is defined twice")]
    DuplicateId(i64),
    #[error("office {office}: code {code:?} must be 1-{MAX_CODE_LEN} ASCII letters or digits")]
    BadCode { office: i64, code: String },
    #[error("office code {0:?} is defined twice")]
    DuplicateCode(String),
    #[error("office {office}: {field} is empty")]
    EmptyField { office: i64, field: &'static str },
    #[error("office {office} has no counter")]
    NoCounters { office: i64 },
    #[error("office {office}: counter number {number} must be positive")]
    BadCounterNumber { office: i64, number: i64 },
    #[error("office {office}: counter {number} is defined twice")]
    DuplicateCounter { office: i64, number: i64 },
    #[error(
        "office {office}, counter {counter}: services {services:?} must be letters from ABCD, each once"
    )]
    BadServices {
        office: i64,
        counter: i64,
        services: String,
    },
    #[error("office {office}: no counter calls service {letter}")]
    ServiceUncovered { office: i64, letter: char },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OfficeFile {
    #[serde(default)]
    office: Vec<OfficeDef>,
}

/// The offices shipped with the program.
pub fn builtin_offices() -> Vec<OfficeDef> {
    // Checked by a unit test, so a failure here is a build defect, not a runtime condition.
    parse_offices(include_str!("../../data/offices.toml"))
        .expect("data/offices.toml is validated by tests")
}

/// Parses and validates an offices file (same format as `data/offices.toml`).
pub fn parse_offices(text: &str) -> Result<Vec<OfficeDef>, OfficeFileError> {
    let file: OfficeFile =
        toml::from_str(text).map_err(|e| OfficeFileError::Syntax(e.to_string()))?;
    validate(&file.office)?;
    Ok(file.office)
}

fn validate(offices: &[OfficeDef]) -> Result<(), OfficeFileError> {
    if offices.is_empty() {
        return Err(OfficeFileError::NoOffices);
    }
    let mut ids = HashSet::new();
    let mut codes = HashSet::new();
    for o in offices {
        if o.id <= 0 {
            return Err(OfficeFileError::BadId(o.id));
        }
        if !ids.insert(o.id) {
            return Err(OfficeFileError::DuplicateId(o.id));
        }
        let code_ok = !o.code.is_empty()
            && o.code.len() <= MAX_CODE_LEN
            && o.code.bytes().all(|b| b.is_ascii_alphanumeric());
        if !code_ok {
            return Err(OfficeFileError::BadCode {
                office: o.id,
                code: o.code.clone(),
            });
        }
        if !codes.insert(o.code.as_str()) {
            return Err(OfficeFileError::DuplicateCode(o.code.clone()));
        }
        for (field, value) in [
            ("name_zh", &o.name_zh),
            ("name_en", &o.name_en),
            ("district", &o.district),
            ("address", &o.address),
        ] {
            if value.trim().is_empty() {
                return Err(OfficeFileError::EmptyField {
                    office: o.id,
                    field,
                });
            }
        }
        validate_counters(o)?;
    }
    Ok(())
}

fn validate_counters(o: &OfficeDef) -> Result<(), OfficeFileError> {
    if o.counters.is_empty() {
        return Err(OfficeFileError::NoCounters { office: o.id });
    }
    let mut numbers = HashSet::new();
    for c in &o.counters {
        if c.number <= 0 {
            return Err(OfficeFileError::BadCounterNumber {
                office: o.id,
                number: c.number,
            });
        }
        if !numbers.insert(c.number) {
            return Err(OfficeFileError::DuplicateCounter {
                office: o.id,
                number: c.number,
            });
        }
        let mut seen = HashSet::new();
        let services_ok = !c.services.is_empty()
            && c.services
                .chars()
                .all(|l| SERVICE_LETTERS.contains(l) && seen.insert(l));
        if !services_ok {
            return Err(OfficeFileError::BadServices {
                office: o.id,
                counter: c.number,
                services: c.services.clone(),
            });
        }
    }
    for letter in SERVICE_LETTERS.chars() {
        if !o.counters.iter().any(|c| c.calls(letter)) {
            return Err(OfficeFileError::ServiceUncovered {
                office: o.id,
                letter,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE: &str = r#"
[[office]]
id = 1
code = "HF01"
name_zh = "庐阳服务所"
name_en = "Luyang Office"
district = "庐阳区"
address = "阜阳路1号"
counters = [{ number = 1, services = "ABCD" }]
"#;

    #[test]
    fn builtin_file_is_valid() {
        let offices = builtin_offices();
        assert_eq!(offices.len(), 9);
        let ids: HashSet<i64> = offices.iter().map(|o| o.id).collect();
        assert_eq!(ids, (1..=9).collect());
        let codes: HashSet<&str> = offices.iter().map(|o| o.code.as_str()).collect();
        assert_eq!(codes.len(), 9);
        assert_eq!(offices.iter().filter(|o| o.mobile).count(), 1);
        let vehicle = offices.iter().find(|o| o.mobile).unwrap();
        assert_eq!((vehicle.id, vehicle.code.as_str()), (9, "HF09"));
        assert_eq!(vehicle.counters.len(), 2);
        for o in offices.iter().filter(|o| !o.mobile) {
            assert!((4..=6).contains(&o.counters.len()), "office {}", o.id);
            assert_eq!(o.code, format!("HF{:02}", o.id));
        }
        for c in offices.iter().flat_map(|o| &o.counters) {
            assert!(c.services.chars().all(|l| SERVICE_LETTERS.contains(l)));
        }
    }

    #[test]
    fn builtin_districts_are_the_eight() {
        let offices = builtin_offices();
        let districts: Vec<&str> = offices
            .iter()
            .filter(|o| !o.mobile)
            .map(|o| o.district.as_str())
            .collect();
        assert_eq!(
            districts,
            [
                "庐阳区",
                "瑶海区",
                "蜀山区",
                "包河区",
                "高新区",
                "经开区",
                "新站区",
                "滨湖新区"
            ]
        );
    }

    #[test]
    fn minimal_file_parses_and_mobile_defaults_to_false() {
        let offices = parse_offices(ONE).unwrap();
        assert!(!offices[0].mobile);
        assert!(offices[0].counter(1).unwrap().calls('C'));
        assert!(offices[0].counter(2).is_none());
    }

    fn err(text: &str) -> OfficeFileError {
        parse_offices(text).unwrap_err()
    }

    #[test]
    fn invalid_files_are_refused_with_a_reason() {
        assert_eq!(err(""), OfficeFileError::NoOffices);
        assert!(matches!(
            err("[[office]]\nid = "),
            OfficeFileError::Syntax(_)
        ));
        assert!(matches!(
            err(&ONE.replace("id = 1", "id = 1\ncolour = 2")),
            OfficeFileError::Syntax(_)
        ));
        assert_eq!(
            err(&ONE.replace("id = 1", "id = 0")),
            OfficeFileError::BadId(0)
        );
        assert_eq!(
            err(&format!("{ONE}{}", ONE.replace("HF01", "HF02"))),
            OfficeFileError::DuplicateId(1)
        );
        assert_eq!(
            err(&format!("{ONE}{}", ONE.replace("id = 1", "id = 2"))),
            OfficeFileError::DuplicateCode("HF01".into())
        );
        assert!(matches!(
            err(&ONE.replace("HF01", "HF-01")),
            OfficeFileError::BadCode { .. }
        ));
        assert_eq!(
            err(&ONE.replace("\"庐阳区\"", "\" \"")),
            OfficeFileError::EmptyField {
                office: 1,
                field: "district"
            }
        );
        assert_eq!(
            err(&ONE.replace("[{ number = 1, services = \"ABCD\" }]", "[]")),
            OfficeFileError::NoCounters { office: 1 }
        );
        assert!(matches!(
            err(&ONE.replace("number = 1", "number = -1")),
            OfficeFileError::BadCounterNumber { .. }
        ));
        assert!(matches!(
            err(&ONE.replace("}]", "}, { number = 1, services = \"A\" }]")),
            OfficeFileError::DuplicateCounter { number: 1, .. }
        ));
        for bad in ["ABCE", "AAD", "", "abcd"] {
            assert!(
                matches!(
                    err(&ONE.replace("\"ABCD\"", &format!("{bad:?}"))),
                    OfficeFileError::BadServices { .. }
                ),
                "{bad}"
            );
        }
        assert_eq!(
            err(&ONE.replace("\"ABCD\"", "\"ABD\"")),
            OfficeFileError::ServiceUncovered {
                office: 1,
                letter: 'C'
            }
        );
    }
}
