//! Customer accounts and meters as plain values, validated before they reach the store.

use chrono::NaiveDate;

/// Account numbers are 10 ASCII digits.
pub const ACCOUNT_NO_LEN: usize = 10;

pub fn is_account_no(s: &str) -> bool {
    s.len() == ACCOUNT_NO_LEN && s.bytes().all(|b| b.is_ascii_digit())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CustomerType {
    Residential,
    Commercial,
}

impl CustomerType {
    pub fn as_str(self) -> &'static str {
        match self {
            CustomerType::Residential => "residential",
            CustomerType::Commercial => "commercial",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "residential" | "居民" | "" => Some(CustomerType::Residential),
            "commercial" | "商业" | "非居民" => Some(CustomerType::Commercial),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MeterKind {
    IcCard,
    Mechanical,
    Iot,
}

impl MeterKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MeterKind::IcCard => "ic_card",
            MeterKind::Mechanical => "mechanical",
            MeterKind::Iot => "iot",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "ic_card" | "ic" | "IC卡" | "IC" => Some(MeterKind::IcCard),
            "mechanical" | "机械表" => Some(MeterKind::Mechanical),
            "iot" | "物联网表" => Some(MeterKind::Iot),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AccountStatus {
    Active,
    Suspended,
    Closed,
}

impl AccountStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AccountStatus::Active => "active",
            AccountStatus::Suspended => "suspended",
            AccountStatus::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "active" => Some(AccountStatus::Active),
            "suspended" => Some(AccountStatus::Suspended),
            "closed" => Some(AccountStatus::Closed),
            _ => None,
        }
    }
}

/// A meter to install with a new account. Strings are already canonical.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMeter {
    pub serial: String,
    pub kind: MeterKind,
    pub installed_on: NaiveDate,
    pub expires_on: NaiveDate,
}

/// A validated account ready to insert: every string is canonical and free of control
/// characters (the importer and the demo generator both guarantee it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAccount {
    pub account_no: String,
    pub holder_name: String,
    /// Canonical 18-character resident ID number.
    pub id_number: Option<String>,
    /// Canonical 11-digit mobile number.
    pub phone: Option<String>,
    pub landline: Option<String>,
    pub district: String,
    pub address: String,
    pub customer_type: CustomerType,
    pub home_office: i64,
    pub opened_on: NaiveDate,
    pub meter: Option<NewMeter>,
}
