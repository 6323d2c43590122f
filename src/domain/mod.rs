//! Pure rules: no I/O, typed errors.
pub mod account;
pub mod care;
pub mod id_number;
pub mod import;
pub mod mask;
pub mod money;
pub mod office;
pub mod phone;
pub mod pin;
pub mod pinyin;
pub mod queue;
pub mod reading;
pub mod receipt;
pub mod role;
pub mod search;
pub mod tariff;
pub mod text;
