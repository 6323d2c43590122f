//! The one message catalog. Every user-visible string is a [`Msg`] constant in one of the
//! submodules; screens and errors look text up through [`Msg::get`] or [`Msg::fill`].

mod cash;
mod core;
mod counter;
mod errors;
mod frontdesk;
mod queue;
mod screens;
mod ui;

pub use cash::*;
pub use core::*;
pub use counter::*;
pub use errors::*;
pub use frontdesk::*;
pub use queue::*;
pub use screens::*;
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
