//! Checking one row of an account import file. Pure: the caller supplies the row and
//! today's date; duplicates against the store are checked by the caller.

use chrono::{Months, NaiveDate};

use super::account::{CustomerType, MeterKind, NewAccount, NewMeter, is_account_no};
use super::office::OfficeDef;
use super::{id_number, phone, text};
use crate::i18n::{self, Lang, Localized};

pub const REQUIRED_COLUMNS: [&str; 5] = ["account_no", "name", "id_number", "phone", "address"];
pub const OPTIONAL_COLUMNS: [&str; 4] = ["district", "customer_type", "meter_kind", "meter_serial"];
pub const ADDRESS_MAX_CHARS: usize = 120;
/// Meters imported without dates are taken as installed on the import day and due for
/// replacement after this many years (the usual service life of a diaphragm meter).
pub const METER_LIFE_YEARS: u32 = 10;

/// One row as read from the file, by column name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawRow {
    pub account_no: String,
    pub name: String,
    pub id_number: String,
    pub phone: String,
    pub address: String,
    pub district: String,
    pub customer_type: String,
    pub meter_kind: String,
    pub meter_serial: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RowError {
    #[error("account_no must be 10 digits")]
    AccountNo,
    #[error("name: {0}")]
    Name(text::TextError),
    #[error("id_number: {0}")]
    IdNumber(id_number::IdNumberError),
    #[error("phone: {0}")]
    Phone(phone::PhoneError),
    #[error("address: {0}")]
    Address(text::TextError),
    #[error("district: {0}")]
    District(text::TextError),
    #[error("unknown customer_type {0:?}")]
    CustomerType(String),
    #[error("unknown meter_kind {0:?}")]
    MeterKind(String),
    #[error("meter_serial is required with meter_kind")]
    MeterSerialMissing,
    #[error("account_no {0} appears twice in the file (first on line {1})")]
    DuplicateAccountInFile(String, usize),
    #[error("id_number appears twice in the file (first on line {0})")]
    DuplicateIdInFile(usize),
    #[error("account_no {0} already exists")]
    AccountExists(String),
    #[error("id_number already belongs to another account")]
    IdNumberExists,
    /// A row with more or fewer fields than the header: an unquoted comma in an address
    /// would otherwise shift or silently drop the rest of the row.
    #[error("the row has {found} fields but the header has {expected}")]
    FieldCount { expected: usize, found: usize },
    /// A field whose bytes are not UTF-8 (a file saved as GBK, or damaged).
    #[error("{column}: not UTF-8 text")]
    InvalidUtf8 { column: String },
}

impl Localized for RowError {
    fn localized(&self, lang: Lang) -> String {
        match self {
            RowError::AccountNo => i18n::IMPORT_BAD_ACCOUNT_NO.get(lang).to_string(),
            RowError::Name(e) => field(lang, "name", e.localized(lang)),
            RowError::IdNumber(e) => field(lang, "id_number", e.localized(lang)),
            RowError::Phone(e) => field(lang, "phone", e.localized(lang)),
            RowError::Address(e) => field(lang, "address", e.localized(lang)),
            RowError::District(e) => field(lang, "district", e.localized(lang)),
            RowError::CustomerType(v) => i18n::IMPORT_BAD_CUSTOMER_TYPE.fill(lang, &[("value", v)]),
            RowError::MeterKind(v) => i18n::IMPORT_BAD_METER_KIND.fill(lang, &[("value", v)]),
            RowError::MeterSerialMissing => i18n::IMPORT_METER_SERIAL_MISSING.get(lang).to_string(),
            RowError::DuplicateAccountInFile(no, line) => {
                i18n::IMPORT_DUP_ACCOUNT_FILE.fill(lang, &[("account", no), ("line", line)])
            }
            RowError::DuplicateIdInFile(line) => {
                i18n::IMPORT_DUP_ID_FILE.fill(lang, &[("line", line)])
            }
            RowError::AccountExists(no) => {
                i18n::IMPORT_ACCOUNT_EXISTS.fill(lang, &[("account", no)])
            }
            RowError::IdNumberExists => i18n::IMPORT_ID_EXISTS.get(lang).to_string(),
            RowError::FieldCount { expected, found } => {
                i18n::IMPORT_FIELD_COUNT.fill(lang, &[("expected", expected), ("found", found)])
            }
            RowError::InvalidUtf8 { column } => {
                i18n::IMPORT_INVALID_UTF8.fill(lang, &[("column", column)])
            }
        }
    }
}

fn field(lang: Lang, name: &str, reason: String) -> String {
    i18n::IMPORT_FIELD.fill(lang, &[("field", &name), ("reason", &reason)])
}

/// The office whose district the address belongs to; the first office otherwise.
fn home_office(district: &str, address: &str, offices: &[OfficeDef]) -> i64 {
    offices
        .iter()
        .filter(|o| !o.mobile)
        .find(|o| district == o.district || (district.is_empty() && address.contains(&o.district)))
        .or_else(|| offices.first())
        .map(|o| o.id)
        .unwrap_or(1)
}

/// Validates one row into a canonical account. Empty `id_number` and `phone` are
/// allowed (commercial customers, customers without a mobile).
pub fn check_row(
    row: &RawRow,
    today: NaiveDate,
    offices: &[OfficeDef],
) -> Result<NewAccount, RowError> {
    let account_no = row.account_no.trim();
    if !is_account_no(account_no) {
        return Err(RowError::AccountNo);
    }
    let holder_name = text::validate_name(&row.name).map_err(RowError::Name)?;
    let id_number = match row.id_number.trim() {
        "" => None,
        s => Some(
            id_number::parse(s, today)
                .map_err(RowError::IdNumber)?
                .as_str()
                .to_string(),
        ),
    };
    let phone = match row.phone.trim() {
        "" => None,
        s => Some(
            phone::parse(s)
                .map_err(RowError::Phone)?
                .as_str()
                .to_string(),
        ),
    };
    let address =
        text::validate_text(&row.address, ADDRESS_MAX_CHARS).map_err(RowError::Address)?;
    if address.is_empty() {
        return Err(RowError::Address(text::TextError::Empty));
    }
    let district = text::validate_text(&row.district, 20).map_err(RowError::District)?;
    let customer_type = CustomerType::parse(&row.customer_type)
        .ok_or_else(|| RowError::CustomerType(row.customer_type.clone()))?;
    let meter = match row.meter_kind.trim() {
        "" => None,
        kind => {
            let kind = MeterKind::parse(kind)
                .ok_or_else(|| RowError::MeterKind(row.meter_kind.clone()))?;
            let serial = text::validate_text(&row.meter_serial, 32)
                .map_err(|_| RowError::MeterSerialMissing)?;
            if serial.is_empty() {
                return Err(RowError::MeterSerialMissing);
            }
            Some(NewMeter {
                serial,
                kind,
                installed_on: today,
                expires_on: today
                    .checked_add_months(Months::new(12 * METER_LIFE_YEARS))
                    .unwrap_or(today),
            })
        }
    };
    Ok(NewAccount {
        account_no: account_no.to_string(),
        home_office: home_office(&district, &address, offices),
        holder_name,
        id_number,
        phone,
        landline: None,
        district,
        address,
        customer_type,
        opened_on: today,
        meter,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::office::builtin_offices;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
    }

    fn good() -> RawRow {
        RawRow {
            account_no: "3401000001".into(),
            name: "张小明".into(),
            id_number: "11010519491231002x".into(),
            phone: "+86 138 0013 8000".into(),
            address: "蜀山区长江西路88号 长江花园 9栋801室".into(),
            ..RawRow::default()
        }
    }

    #[test]
    fn a_good_row_becomes_canonical() {
        let a = check_row(&good(), today(), &builtin_offices()).unwrap();
        assert_eq!(a.id_number.as_deref(), Some("11010519491231002X"));
        assert_eq!(a.phone.as_deref(), Some("13800138000"));
        assert_eq!(a.customer_type, CustomerType::Residential);
        assert!(a.meter.is_none());
    }

    #[test]
    fn each_bad_field_is_named() {
        let offices = builtin_offices();
        type Expect = fn(&RowError) -> bool;
        let cases: Vec<(RawRow, Expect)> = vec![
            (
                RawRow {
                    account_no: "12345".into(),
                    ..good()
                },
                |e| matches!(e, RowError::AccountNo),
            ),
            (
                RawRow {
                    name: "".into(),
                    ..good()
                },
                |e| matches!(e, RowError::Name(_)),
            ),
            (
                RawRow {
                    id_number: "110105194912310021".into(),
                    ..good()
                },
                |e| matches!(e, RowError::IdNumber(_)),
            ),
            (
                RawRow {
                    phone: "0551-1234567".into(),
                    ..good()
                },
                |e| matches!(e, RowError::Phone(_)),
            ),
            (
                RawRow {
                    address: "楼\u{202e}下".into(),
                    ..good()
                },
                |e| matches!(e, RowError::Address(_)),
            ),
            (
                RawRow {
                    customer_type: "vip".into(),
                    ..good()
                },
                |e| matches!(e, RowError::CustomerType(_)),
            ),
            (
                RawRow {
                    meter_kind: "ic_card".into(),
                    ..good()
                },
                |e| matches!(e, RowError::MeterSerialMissing),
            ),
        ];
        for (row, expected) in cases {
            let err = check_row(&row, today(), &offices).unwrap_err();
            assert!(expected(&err), "{err:?}");
            assert!(!err.localized(Lang::Zh).is_empty());
        }
    }
}
