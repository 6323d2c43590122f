//! Reading keymap files and merging them over the defaults.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use super::{Action, KeyChord, Keymap, KeymapError, SHIPPED, Scope, shipped};

impl Keymap {
    /// A copy of `self` with the actions named in `text` replaced, and how many it names.
    /// Nothing of a broken file is used: any error leaves no keymap at all.
    pub(super) fn merged(&self, text: &str, file: &str) -> Result<(Keymap, usize), KeymapError> {
        let table: toml::Table = toml::from_str(text).map_err(|e| syntax_error(text, file, &e))?;
        let mut next = self.clone();
        let mut touched = BTreeSet::new();
        for (section, value) in &table {
            let toml::Value::Table(entries) = value else {
                return Err(KeymapError::NotASection {
                    file: file.to_string(),
                    key: section.clone(),
                });
            };
            let Some(scope) = Scope::from_name(section) else {
                return Err(KeymapError::UnknownSection {
                    file: file.to_string(),
                    section: section.clone(),
                    first_key: entries.keys().next().cloned(),
                });
            };
            for (name, value) in entries {
                let action = parse_action(file, scope, name)?;
                let keys = parse_keys(file, scope, action, value)?;
                next.bindings.insert((scope, action), keys);
                touched.insert((scope, action));
            }
        }
        next.index = build_index(&next, file, &touched)?;
        Ok((next, touched.len()))
    }
}

pub(super) fn merge_file(path: &Path) -> Result<(Keymap, usize), KeymapError> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|error| KeymapError::Read {
        file: file.clone(),
        error,
    })?;
    Keymap::builtin().merged(&text, &file)
}

pub(super) fn resolve(
    name: Option<&str>,
    config_dir: Option<&Path>,
) -> Result<Keymap, KeymapError> {
    let Some(name) = name else {
        return match config_dir.map(|dir| dir.join("keymap.toml")) {
            Some(path) if path.is_file() => merge_file(&path).map(|(keymap, _)| keymap),
            _ => Ok(Keymap::builtin()),
        };
    };
    let as_path = Path::new(name);
    if as_path.is_file() {
        return merge_file(as_path).map(|(keymap, _)| keymap);
    }
    let mut looked = vec![as_path.display().to_string()];
    let stem = name.strip_suffix(".toml").unwrap_or(name);
    let plain_name = !stem.is_empty() && !stem.contains(['/', '\\']) && stem != "..";
    if let (Some(dir), true) = (config_dir, plain_name) {
        let path = dir.join("keymaps").join(format!("{stem}.toml"));
        if path.is_file() {
            return merge_file(&path).map(|(keymap, _)| keymap);
        }
        looked.push(path.display().to_string());
    }
    if stem == "default" {
        return Ok(Keymap::builtin());
    }
    if let Some(text) = shipped(stem) {
        return Keymap::with_override_str(text, &format!("keymaps/{stem}.toml"));
    }
    Err(KeymapError::NotFound {
        name: name.to_string(),
        looked,
        built_in: SHIPPED.iter().map(|(name, _)| *name).collect(),
    })
}

fn parse_action(file: &str, scope: Scope, name: &str) -> Result<Action, KeymapError> {
    match Action::from_name(name) {
        Some(action) if action.is_valid_in(scope) => Ok(action),
        Some(action) => Err(KeymapError::WrongScope {
            file: file.to_string(),
            scope,
            action,
        }),
        None => Err(KeymapError::UnknownAction {
            file: file.to_string(),
            scope,
            action: name.to_string(),
        }),
    }
}

/// A list of key strings; a lone string is taken as a list of one.
fn parse_keys(
    file: &str,
    scope: Scope,
    action: Action,
    value: &toml::Value,
) -> Result<Vec<KeyChord>, KeymapError> {
    let bad_value = || KeymapError::BadValue {
        file: file.to_string(),
        scope,
        action,
    };
    let strings: Vec<&str> = match value {
        toml::Value::String(s) => vec![s.as_str()],
        toml::Value::Array(items) => items
            .iter()
            .map(|item| item.as_str().ok_or_else(bad_value))
            .collect::<Result<_, _>>()?,
        _ => return Err(bad_value()),
    };
    let mut keys = Vec::with_capacity(strings.len());
    for s in strings {
        let key = KeyChord::parse(s).map_err(|error| KeymapError::BadKey {
            file: file.to_string(),
            scope,
            action,
            error,
        })?;
        if keys.contains(&key) {
            return Err(KeymapError::ListedTwice {
                file: file.to_string(),
                scope,
                action,
                key,
            });
        }
        keys.push(key);
    }
    Ok(keys)
}

/// The lookup table; refuses a key bound to two actions of one section. The error names
/// the action this file set, so the user is pointed at a line they wrote.
fn build_index(
    keymap: &Keymap,
    file: &str,
    touched: &BTreeSet<(Scope, Action)>,
) -> Result<HashMap<(Scope, KeyChord), Action>, KeymapError> {
    let mut index = HashMap::new();
    for (&(scope, action), keys) in &keymap.bindings {
        for &key in keys {
            let Some(&first) = index.get(&(scope, key)) else {
                index.insert((scope, key), action);
                continue;
            };
            let (action, other) = if touched.contains(&(scope, action)) {
                (action, first)
            } else {
                (first, action)
            };
            return Err(KeymapError::Duplicate {
                file: file.to_string(),
                scope,
                action,
                key,
                other,
                other_is_default: !touched.contains(&(scope, other)),
            });
        }
    }
    Ok(index)
}

/// Places a TOML syntax error by line, section and the nearest `name =` above it: the
/// parser's own message knows only byte offsets.
fn syntax_error(text: &str, file: &str, error: &toml::de::Error) -> KeymapError {
    let offset = error
        .span()
        .map_or(text.len(), |span| span.start)
        .min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let mut section = None;
    let mut key = None;
    for l in text[..line_end].lines() {
        let l = l.trim();
        if let Some(header) = l.strip_prefix('[') {
            let name = header
                .trim_start_matches('[')
                .split(']')
                .next()
                .unwrap_or("");
            section = Some(name.trim().to_string());
            key = None;
        } else if let Some((name, _)) = l.split_once('=') {
            let name = name.trim().trim_matches('"');
            if !name.is_empty() && !name.starts_with('#') {
                key = Some(name.to_string());
            }
        }
    }
    KeymapError::Syntax {
        file: file.to_string(),
        line,
        section,
        key,
        message: error.message().to_string(),
    }
}
