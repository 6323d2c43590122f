//! Errors of keymap files. Every one names the file, and where it applies the section and
//! the action, so a clerk's supervisor can find the line to fix.

use std::fmt::{self, Write as _};
use std::io;

use super::{Action, KeyChord, KeyParseError, Scope};
use crate::i18n::{self, Lang, Localized};

/// A keymap that cannot be used. `Display` is English, for logs; [`Localized`] for screens.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.render(Lang::En))]
pub enum KeymapError {
    Read {
        file: String,
        #[source]
        error: io::Error,
    },
    Syntax {
        file: String,
        line: usize,
        /// The section the error line is in, when it is in one.
        section: Option<String>,
        /// The nearest `name =` at or above the error line within that section.
        key: Option<String>,
        message: String,
    },
    /// A value outside any section, or a section name used as a plain key.
    NotASection { file: String, key: String },
    UnknownSection {
        file: String,
        section: String,
        first_key: Option<String>,
    },
    UnknownAction {
        file: String,
        scope: Scope,
        action: String,
    },
    /// A known action written in a section where it means nothing.
    WrongScope {
        file: String,
        scope: Scope,
        action: Action,
    },
    BadValue {
        file: String,
        scope: Scope,
        action: Action,
    },
    BadKey {
        file: String,
        scope: Scope,
        action: Action,
        error: KeyParseError,
    },
    ListedTwice {
        file: String,
        scope: Scope,
        action: Action,
        key: KeyChord,
    },
    /// Two actions of one section share a key after the file was merged over the defaults.
    Duplicate {
        file: String,
        scope: Scope,
        action: Action,
        key: KeyChord,
        other: Action,
        /// `other` has the key from the defaults, not from this file.
        other_is_default: bool,
    },
    /// `--keymap NAME` matched no file; `looked` lists the paths tried.
    NotFound {
        name: String,
        looked: Vec<String>,
        built_in: Vec<&'static str>,
    },
}

fn location(out: &mut String, file: &str, section: &str, key: Option<&str>) {
    let _ = write!(out, "{file}: [{section}] ");
    if let Some(key) = key {
        let _ = write!(out, "{key}: ");
    }
}

fn list<T: fmt::Display>(items: impl IntoIterator<Item = T>) -> String {
    items
        .into_iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

impl KeymapError {
    /// The file the error is about (for `NotFound`, the name asked for).
    pub fn file(&self) -> &str {
        match self {
            KeymapError::Read { file, .. }
            | KeymapError::Syntax { file, .. }
            | KeymapError::NotASection { file, .. }
            | KeymapError::UnknownSection { file, .. }
            | KeymapError::UnknownAction { file, .. }
            | KeymapError::WrongScope { file, .. }
            | KeymapError::BadValue { file, .. }
            | KeymapError::BadKey { file, .. }
            | KeymapError::ListedTwice { file, .. }
            | KeymapError::Duplicate { file, .. } => file,
            KeymapError::NotFound { name, .. } => name,
        }
    }

    fn render(&self, lang: Lang) -> String {
        let mut out = String::new();
        match self {
            KeymapError::Read { file, error } => {
                let _ = write!(out, "{file}: ");
                out.push_str(&i18n::KEYMAP_ERR_READ.fill(lang, &[("error", error)]));
            }
            KeymapError::Syntax {
                file,
                line,
                section,
                key,
                message,
            } => {
                let top = i18n::KEYMAP_ERR_TOP_LEVEL.get(lang);
                let section = section.as_deref().unwrap_or(top);
                location(&mut out, &format!("{file}:{line}"), section, key.as_deref());
                out.push_str(&i18n::KEYMAP_ERR_SYNTAX.fill(lang, &[("message", message)]));
            }
            KeymapError::NotASection { file, key } => {
                let _ = write!(out, "{file}: {key}: ");
                out.push_str(i18n::KEYMAP_ERR_NOT_A_SECTION.get(lang));
            }
            KeymapError::UnknownSection {
                file,
                section,
                first_key,
            } => {
                location(&mut out, file, section, first_key.as_deref());
                let sections = list(Scope::ALL.iter().map(|s| s.name()));
                out.push_str(
                    &i18n::KEYMAP_ERR_UNKNOWN_SECTION
                        .fill(lang, &[("section", section), ("sections", &sections)]),
                );
            }
            KeymapError::UnknownAction {
                file,
                scope,
                action,
            } => {
                location(&mut out, file, scope.name(), Some(action));
                let actions = list(Action::valid_in(*scope).map(Action::name));
                out.push_str(
                    &i18n::KEYMAP_ERR_UNKNOWN_ACTION
                        .fill(lang, &[("section", &scope.name()), ("actions", &actions)]),
                );
            }
            KeymapError::WrongScope {
                file,
                scope,
                action,
            } => {
                location(&mut out, file, scope.name(), Some(action.name()));
                let belongs = list(action.scopes().iter().map(|s| format!("[{}]", s.name())));
                out.push_str(
                    &i18n::KEYMAP_ERR_WRONG_SCOPE
                        .fill(lang, &[("section", &scope.name()), ("belongs", &belongs)]),
                );
            }
            KeymapError::BadValue {
                file,
                scope,
                action,
            } => {
                location(&mut out, file, scope.name(), Some(action.name()));
                out.push_str(i18n::KEYMAP_ERR_BAD_VALUE.get(lang));
            }
            KeymapError::BadKey {
                file,
                scope,
                action,
                error,
            } => {
                location(&mut out, file, scope.name(), Some(action.name()));
                out.push_str(&error.localized(lang));
            }
            KeymapError::ListedTwice {
                file,
                scope,
                action,
                key,
            } => {
                location(&mut out, file, scope.name(), Some(action.name()));
                let key = key.to_config_string();
                out.push_str(&i18n::KEYMAP_ERR_LISTED_TWICE.fill(lang, &[("key", &key)]));
            }
            KeymapError::Duplicate {
                file,
                scope,
                action,
                key,
                other,
                other_is_default,
            } => {
                location(&mut out, file, scope.name(), Some(action.name()));
                let key = key.to_config_string();
                out.push_str(&i18n::KEYMAP_ERR_DUPLICATE.fill(
                    lang,
                    &[
                        ("key", &key),
                        ("action", &action.name()),
                        ("other", &other.name()),
                    ],
                ));
                if *other_is_default {
                    out.push_str(
                        &i18n::KEYMAP_ERR_DUPLICATE_DEFAULT.fill(lang, &[("other", &other.name())]),
                    );
                }
            }
            KeymapError::NotFound {
                name,
                looked,
                built_in,
            } => {
                let mut places = looked.clone();
                places.push(i18n::KEYMAP_BUILT_IN.fill(lang, &[("names", &built_in.join(", "))]));
                out.push_str(
                    &i18n::KEYMAP_ERR_NOT_FOUND
                        .fill(lang, &[("name", name), ("looked", &places.join("; "))]),
                );
            }
        }
        out
    }
}

impl Localized for KeymapError {
    fn localized(&self, lang: Lang) -> String {
        self.render(lang)
    }
}
