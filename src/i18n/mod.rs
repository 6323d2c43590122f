//! The one message catalog. Every user-visible string is a [`Msg`] constant in one of the
//! submodules; screens and errors look text up through [`Msg::get`] or [`Msg::fill`].

mod care;
mod cash;
mod cash_counter;
mod cash_screens;
mod cashdesk;
mod core;
mod counter;
mod errors;
mod frontdesk;
mod install;
mod install_amend;
mod install_rules;
mod install_stage;
mod install_tui;
mod integrity;
mod payment;
mod queue;
mod queue_desk;
mod reading;
mod report;
mod screens;
#[cfg(test)]
mod terms;
mod transfer;
mod ui;

pub use care::*;
pub use cash::*;
pub use cash_counter::*;
#[allow(unused_imports)]
pub use cash_screens::*;
pub use cashdesk::*;
pub use core::*;
pub use counter::*;
pub use errors::*;
pub use frontdesk::*;
pub use install::*;
pub use install_amend::*;
pub use install_rules::*;
pub use install_stage::*;
pub use install_tui::*;
pub use integrity::*;
#[allow(unused_imports)]
pub use payment::*;
pub use queue::*;
pub use queue_desk::*;
pub use reading::*;
pub use report::*;
pub use screens::*;
pub use transfer::*;
pub use ui::*;

use std::fmt;

/// The language of the interface: Simplified Chinese unless `--lang en`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        })
    }
}

/// One catalog entry in both languages. Placeholders are written `{name}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Msg {
    pub zh: &'static str,
    pub en: &'static str,
}

impl Msg {
    pub const fn new(zh: &'static str, en: &'static str) -> Self {
        Self { zh, en }
    }

    pub fn get(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh,
            Lang::En => self.en,
        }
    }

    /// The text with each `{name}` replaced by its value.
    pub fn fill(&self, lang: Lang, args: &[(&str, &dyn fmt::Display)]) -> String {
        let mut text = self.get(lang).to_string();
        for (name, value) in args {
            text = text.replace(&format!("{{{name}}}"), &value.to_string());
        }
        text
    }
}

/// Something that can explain itself to a counter clerk in either language.
pub trait Localized {
    fn localized(&self, lang: Lang) -> String;
}

/// Checks shared by the catalog's tests.
#[cfg(test)]
pub(crate) mod check {
    use std::collections::BTreeSet;

    use super::Msg;

    /// The `{name}` placeholders of a message.
    pub fn placeholders(text: &str) -> BTreeSet<&str> {
        text.split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .collect()
    }

    pub fn assert_complete(msgs: &[Msg]) {
        for m in msgs {
            assert!(!m.zh.trim().is_empty(), "empty zh: {m:?}");
            assert!(!m.en.trim().is_empty(), "empty en: {m:?}");
            assert_eq!(placeholders(m.zh), placeholders(m.en), "{m:?}");
        }
    }

    /// Every catalog file, by name, with its source.
    pub const FILES: [(&str, &str); 23] = [
        ("care.rs", include_str!("care.rs")),
        ("cash.rs", include_str!("cash.rs")),
        ("cash_counter.rs", include_str!("cash_counter.rs")),
        ("cash_screens.rs", include_str!("cash_screens.rs")),
        ("cashdesk.rs", include_str!("cashdesk.rs")),
        ("core.rs", include_str!("core.rs")),
        ("counter.rs", include_str!("counter.rs")),
        ("errors.rs", include_str!("errors.rs")),
        ("frontdesk.rs", include_str!("frontdesk.rs")),
        ("install.rs", include_str!("install.rs")),
        ("install_amend.rs", include_str!("install_amend.rs")),
        ("install_rules.rs", include_str!("install_rules.rs")),
        ("install_stage.rs", include_str!("install_stage.rs")),
        ("install_tui.rs", include_str!("install_tui.rs")),
        ("integrity.rs", include_str!("integrity.rs")),
        ("payment.rs", include_str!("payment.rs")),
        ("queue.rs", include_str!("queue.rs")),
        ("queue_desk.rs", include_str!("queue_desk.rs")),
        ("reading.rs", include_str!("reading.rs")),
        ("report.rs", include_str!("report.rs")),
        ("screens.rs", include_str!("screens.rs")),
        ("transfer.rs", include_str!("transfer.rs")),
        ("ui.rs", include_str!("ui.rs")),
    ];

    /// Every message of the catalog as `(zh, en)`.
    pub fn all_messages() -> Vec<(String, String)> {
        FILES
            .iter()
            .flat_map(|(_, source)| messages_in(source))
            .collect()
    }

    /// A message with each `{name}` replaced by a value as long as a receipt number, the
    /// longest value most placeholders take.
    pub fn filled(text: &str) -> String {
        let mut out = text.to_string();
        for name in placeholders(text) {
            out = out.replace(&format!("{{{name}}}"), "HF01-2026-000123");
        }
        out
    }

    /// The string literals of every `Msg::new(zh, en)` in a catalog source file.
    pub fn messages_in(source: &str) -> Vec<(String, String)> {
        let mut found = Vec::new();
        for call in source.split("Msg::new(").skip(1) {
            let mut literals = Vec::new();
            let mut chars = call.chars();
            while literals.len() < 2 {
                match chars.next() {
                    Some('"') => {
                        let mut text = String::new();
                        while let Some(c) = chars.next() {
                            match c {
                                // A line continuation: the line end and the next line's
                                // indentation are not part of the text.
                                '\\' if chars.clone().next() == Some('\n') => {
                                    while chars.clone().next().is_some_and(char::is_whitespace) {
                                        chars.next();
                                    }
                                }
                                '\\' => text.push(chars.next().unwrap_or('\\')),
                                '"' => break,
                                c => text.push(c),
                            }
                        }
                        literals.push(text);
                    }
                    Some(_) => {}
                    None => break,
                }
            }
            if let [zh, en] = literals.as_slice() {
                found.push((zh.clone(), en.clone()));
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::check::{FILES, messages_in, placeholders};

    /// Every message of every catalog file: both languages present, the same
    /// placeholders in each, Chinese text in the Chinese half.
    #[test]
    fn the_whole_catalog_is_complete() {
        let mut total = 0;
        for (name, source) in FILES {
            let messages = messages_in(source);
            assert!(!messages.is_empty(), "{name}: no messages found");
            for (zh, en) in messages {
                assert!(
                    !zh.trim().is_empty() && !en.trim().is_empty(),
                    "{name}: {zh:?} / {en:?}"
                );
                assert_eq!(
                    placeholders(&zh),
                    placeholders(&en),
                    "{name}: {zh:?} / {en:?}"
                );
                total += 1;
            }
        }
        assert!(total > 300, "only {total} messages found");
    }

    #[test]
    fn the_source_scanner_reads_escapes_and_line_breaks() {
        let source = "pub const A: Msg = Msg::new(\n    \"甲 {x}\",\n    \"a \\\"{x}\\\"\",\n);";
        assert_eq!(
            messages_in(source),
            [("甲 {x}".to_string(), "a \"{x}\"".to_string())]
        );
        let continued = "Msg::new(\"甲\", \"one \\\n     two\")";
        assert_eq!(
            messages_in(continued),
            [("甲".to_string(), "one two".to_string())]
        );
    }
}
