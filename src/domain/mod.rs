//! Pure rules: no I/O, typed errors.
pub mod account;
pub mod id_number;
pub mod import;
pub mod mask;
pub mod office;
pub mod phone;
pub mod pin;
pub mod pinyin;
pub mod role;
pub mod search;
pub mod text;
