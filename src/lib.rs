//! gasdesk: the counter terminal of a city gas utility.
//!
//! Layers: [`domain`] (pure rules) → [`db`] (the only SQL) → [`tui`] and [`cli`].

pub mod bench;
pub mod bench_install;
pub mod bench_load;
pub mod bench_pay;
pub mod bench_report;
pub mod bench_transfer;
pub mod card;
pub mod cli;
pub mod clock;
pub mod config;
pub mod db;
pub mod demo;
pub mod domain;
pub mod files;
pub mod i18n;
pub mod keymap;
pub mod printout;
pub mod report;
pub mod spool;
pub mod tui;
