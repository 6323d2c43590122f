//! Key chords: the key strings of keymap files and the key events of the terminal, made
//! comparable.
//!
//! Only chords that a legacy terminal (VT220/xterm over SSH from a thin client, no kitty
//! keyboard protocol) sends distinctly can be written; everything else is refused at parse
//! time, so a keymap never promises a key that will not arrive.

use std::fmt;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::i18n::{self, Lang, Localized};

/// One key with its modifiers, normalised so that a parsed key string and the event the
/// terminal delivers for it compare equal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyChord {
    code: KeyCode,
    mods: KeyModifiers,
}

/// Key names accepted in files (case-insensitive), in the canonical spelling.
const NAMED: &[(&str, KeyCode)] = &[
    ("enter", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backtab", KeyCode::BackTab),
    ("space", KeyCode::Char(' ')),
    ("backspace", KeyCode::Backspace),
    ("delete", KeyCode::Delete),
    ("insert", KeyCode::Insert),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("pageup", KeyCode::PageUp),
    ("pagedown", KeyCode::PageDown),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
];

/// Modifier prefixes that exist on keyboards but never reach a program through a terminal.
const FOREIGN_MODIFIERS: &[&str] = &["super", "hyper", "meta", "cmd", "command", "win"];

/// Why a key string was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyProblem {
    Empty,
    Unknown,
    NotAscii,
    UnknownModifier(String),
    RepeatedModifier,
    /// `shift-a`: carries the spelling to use instead (`A`).
    ShiftLetter(char),
    ShiftTab,
    ShiftOther,
    /// Arrives as the same bytes as another key, named here.
    Indistinct(&'static str),
    ReservedInterrupt,
    ReservedSuspend,
    ReservedFlowControl,
    ReservedWindowManager,
    NoModifiers,
    CtrlNeedsLetter,
    /// `ctrl-A`: carries the lowercase letter to use instead.
    CtrlUppercase(char),
}

/// A key string that cannot be bound, with the string as written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.render(Lang::En))]
pub struct KeyParseError {
    pub input: String,
    pub problem: KeyProblem,
}

impl KeyParseError {
    fn render(&self, lang: Lang) -> String {
        use KeyProblem as P;
        let body = match &self.problem {
            P::Empty => i18n::KEY_ERR_EMPTY.get(lang).to_string(),
            P::Unknown => i18n::KEY_ERR_UNKNOWN.get(lang).to_string(),
            P::NotAscii => i18n::KEY_ERR_NOT_ASCII.get(lang).to_string(),
            P::UnknownModifier(m) => i18n::KEY_ERR_UNKNOWN_MODIFIER.fill(lang, &[("modifier", m)]),
            P::RepeatedModifier => i18n::KEY_ERR_REPEATED_MODIFIER.get(lang).to_string(),
            P::ShiftLetter(c) => i18n::KEY_ERR_SHIFT_LETTER.fill(lang, &[("key", c)]),
            P::ShiftTab => i18n::KEY_ERR_SHIFT_TAB.get(lang).to_string(),
            P::ShiftOther => i18n::KEY_ERR_SHIFT_OTHER.get(lang).to_string(),
            P::Indistinct(like) => i18n::KEY_ERR_INDISTINCT.fill(lang, &[("like", like)]),
            P::ReservedInterrupt => i18n::KEY_ERR_RESERVED_INTERRUPT.get(lang).to_string(),
            P::ReservedSuspend => i18n::KEY_ERR_RESERVED_SUSPEND.get(lang).to_string(),
            P::ReservedFlowControl => i18n::KEY_ERR_RESERVED_FLOW.get(lang).to_string(),
            P::ReservedWindowManager => i18n::KEY_ERR_RESERVED_WINDOW.get(lang).to_string(),
            P::NoModifiers => i18n::KEY_ERR_NO_MODIFIERS.get(lang).to_string(),
            P::CtrlNeedsLetter => i18n::KEY_ERR_CTRL_LETTER.get(lang).to_string(),
            P::CtrlUppercase(c) => {
                i18n::KEY_ERR_CTRL_UPPERCASE.fill(lang, &[("key", &format!("ctrl-{c}"))])
            }
        };
        format!("\"{}\" {body}", self.input)
    }
}

impl Localized for KeyParseError {
    fn localized(&self, lang: Lang) -> String {
        self.render(lang)
    }
}

impl KeyChord {
    /// A chord from a key code and modifiers, normalised like [`KeyChord::from_event`].
    pub fn new(code: KeyCode, mods: KeyModifiers) -> KeyChord {
        let mut mods = mods;
        let ctrl = mods.contains(KeyModifiers::CONTROL);
        let code = match code {
            KeyCode::BackTab => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            KeyCode::Tab if mods.contains(KeyModifiers::SHIFT) => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            // Terminals set to send ^H for the backspace key deliver it as ctrl-h, which
            // cannot be bound anyway.
            KeyCode::Char('h' | 'H') if ctrl => {
                mods.remove(KeyModifiers::CONTROL | KeyModifiers::SHIFT);
                KeyCode::Backspace
            }
            // Legacy ctrl codes carry no case: ctrl-shift-a is ctrl-a.
            KeyCode::Char(c) if ctrl => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::Char(c.to_ascii_lowercase())
            }
            KeyCode::Char(c) if mods.contains(KeyModifiers::SHIFT) => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::Char(if c.is_ascii_lowercase() {
                    c.to_ascii_uppercase()
                } else {
                    c
                })
            }
            KeyCode::Null => {
                mods.insert(KeyModifiers::CONTROL);
                KeyCode::Char(' ')
            }
            // Shift cannot be bound on these (see `validate`), so a terminal that does
            // report it means the plain key.
            KeyCode::Enter | KeyCode::Esc | KeyCode::Backspace => {
                mods.remove(KeyModifiers::SHIFT);
                code
            }
            other => other,
        };
        KeyChord { code, mods }
    }

    /// The chord of a key event. Callers pass only `Press` and `Repeat` events; the kind is
    /// not looked at.
    pub fn from_event(ev: &KeyEvent) -> KeyChord {
        KeyChord::new(ev.code, ev.modifiers)
    }

    pub fn code(&self) -> KeyCode {
        self.code
    }

    pub fn mods(&self) -> KeyModifiers {
        self.mods
    }

    /// A printable character with no ctrl/alt: when a text field has focus this is typed
    /// into the field and never looked up in the keymap.
    pub fn is_text(&self) -> bool {
        matches!(self.code, KeyCode::Char(_)) && self.mods.is_empty()
    }

    /// Parses a key string such as `f1`, `A`, `ctrl-q`, `alt-2` or `backtab`.
    ///
    /// Modifier and key names are case-insensitive; a single character is taken as
    /// written, so `A` is shift+a. `shift-` is refused with a hint (`shift-a` → write `A`,
    /// `shift-tab` → write `backtab`) so each chord has exactly one spelling.
    pub fn parse(s: &str) -> Result<KeyChord, KeyParseError> {
        let fail = |problem| KeyParseError {
            input: s.to_string(),
            problem,
        };
        let mut rest = s;
        let mut mods = KeyModifiers::NONE;
        while let Some((head, tail)) = rest.split_once('-') {
            if tail.is_empty() {
                break;
            }
            let head = head.to_ascii_lowercase();
            let bit = match head.as_str() {
                "ctrl" => KeyModifiers::CONTROL,
                "alt" => KeyModifiers::ALT,
                "shift" => KeyModifiers::SHIFT,
                m if FOREIGN_MODIFIERS.contains(&m) => {
                    return Err(fail(KeyProblem::UnknownModifier(head)));
                }
                _ => break,
            };
            if mods.contains(bit) {
                return Err(fail(KeyProblem::RepeatedModifier));
            }
            mods |= bit;
            rest = tail;
        }
        let code = parse_key(rest).map_err(fail)?;
        validate(code, mods).map_err(fail)?;
        Ok(KeyChord { code, mods })
    }

    /// The canonical key string: parses back to an equal chord.
    pub fn to_config_string(&self) -> String {
        let mut out = String::new();
        if self.mods.contains(KeyModifiers::CONTROL) {
            out.push_str("ctrl-");
        }
        if self.mods.contains(KeyModifiers::ALT) {
            out.push_str("alt-");
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            out.push_str("shift-");
        }
        match self.code {
            KeyCode::F(n) => out.push_str(&format!("f{n}")),
            KeyCode::Char(' ') => out.push_str("space"),
            KeyCode::Char(c) => out.push(c),
            code => match NAMED.iter().find(|(_, k)| *k == code) {
                Some((name, _)) => out.push_str(name),
                None => out.push_str(&format!("{code:?}").to_ascii_lowercase()),
            },
        }
        out
    }
}

fn parse_key(rest: &str) -> Result<KeyCode, KeyProblem> {
    let mut chars = rest.chars();
    match (chars.next(), chars.next()) {
        (None, _) => Err(KeyProblem::Empty),
        (Some(c), None) => {
            if !c.is_ascii() {
                Err(KeyProblem::NotAscii)
            } else if c.is_ascii_graphic() {
                Ok(KeyCode::Char(c))
            } else {
                Err(KeyProblem::Unknown)
            }
        }
        _ => {
            let lower = rest.to_ascii_lowercase();
            if let Some((_, code)) = NAMED.iter().find(|(name, _)| *name == lower) {
                return Ok(*code);
            }
            match lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
                Some(n @ 1..=12) if !lower.starts_with("f0") && !lower.contains('+') => {
                    Ok(KeyCode::F(n))
                }
                _ => Err(KeyProblem::Unknown),
            }
        }
    }
}

/// Refuses chords a legacy terminal cannot send distinctly or that something else takes.
fn validate(code: KeyCode, mods: KeyModifiers) -> Result<(), KeyProblem> {
    use KeyProblem as P;
    let ctrl = mods.contains(KeyModifiers::CONTROL);
    let alt = mods.contains(KeyModifiers::ALT);
    let shift = mods.contains(KeyModifiers::SHIFT);
    match code {
        KeyCode::Char(' ') if shift => Err(P::Indistinct("Space")),
        KeyCode::Char(' ') => Ok(()),
        KeyCode::Char(c) if shift => Err(if c.is_ascii_alphabetic() {
            P::ShiftLetter(c.to_ascii_uppercase())
        } else {
            P::ShiftOther
        }),
        KeyCode::Char(c) if ctrl => match c {
            'A'..='Z' => Err(P::CtrlUppercase(c.to_ascii_lowercase())),
            'i' => Err(P::Indistinct("Tab")),
            'm' | 'j' => Err(P::Indistinct("Enter")),
            'h' | '8' | '?' => Err(P::Indistinct("Backspace")),
            '[' | '3' => Err(P::Indistinct("Esc")),
            '2' | '@' => Err(P::Indistinct("ctrl-space")),
            'c' => Err(P::ReservedInterrupt),
            'z' => Err(P::ReservedSuspend),
            's' => Err(P::ReservedFlowControl),
            'a'..='z' => Ok(()),
            _ => Err(P::CtrlNeedsLetter),
        },
        KeyCode::Char(_) => Ok(()),
        KeyCode::Enter if ctrl || shift => Err(P::Indistinct("Enter")),
        KeyCode::Enter => Ok(()),
        KeyCode::Tab if shift => Err(P::ShiftTab),
        KeyCode::Tab if ctrl => Err(P::Indistinct("Tab")),
        KeyCode::Tab if alt => Err(P::ReservedWindowManager),
        KeyCode::Tab => Ok(()),
        KeyCode::Esc if !mods.is_empty() => Err(P::Indistinct("Esc")),
        KeyCode::Backspace if ctrl || shift => Err(P::Indistinct("Backspace")),
        KeyCode::Backspace => Ok(()),
        _ if !mods.is_empty() => Err(P::NoModifiers),
        _ => Ok(()),
    }
}

/// A compact label for footers and the help screen: `F1`, `^Q`, `Alt-2`, `PgDn`, `↓`.
impl fmt::Display for KeyChord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ctrl = self.mods.contains(KeyModifiers::CONTROL);
        let alt = self.mods.contains(KeyModifiers::ALT);
        let key = match self.code {
            KeyCode::F(n) => format!("F{n}"),
            KeyCode::Char(' ') => "Space".to_string(),
            // ^Q is the conventional spelling of a control letter.
            KeyCode::Char(c) if ctrl => c.to_ascii_uppercase().to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "Enter".to_string(),
            KeyCode::Esc => "Esc".to_string(),
            KeyCode::Tab => "Tab".to_string(),
            KeyCode::BackTab => "Shift-Tab".to_string(),
            KeyCode::Backspace => "Bksp".to_string(),
            KeyCode::Delete => "Del".to_string(),
            KeyCode::Insert => "Ins".to_string(),
            KeyCode::Home => "Home".to_string(),
            KeyCode::End => "End".to_string(),
            KeyCode::PageUp => "PgUp".to_string(),
            KeyCode::PageDown => "PgDn".to_string(),
            KeyCode::Up => "↑".to_string(),
            KeyCode::Down => "↓".to_string(),
            KeyCode::Left => "←".to_string(),
            KeyCode::Right => "→".to_string(),
            other => format!("{other:?}"),
        };
        match (ctrl, alt) {
            (true, true) => write!(f, "Ctrl-Alt-{key}"),
            (true, false) => write!(f, "^{key}"),
            (false, true) => write!(f, "Alt-{key}"),
            (false, false) => f.write_str(&key),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use ratatui::crossterm::event::{KeyEventKind, KeyEventState};

    fn chord(s: &str) -> KeyChord {
        KeyChord::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    fn problem(s: &str) -> KeyProblem {
        match KeyChord::parse(s) {
            Ok(c) => panic!("{s} parsed as {c:?}"),
            Err(e) => e.problem,
        }
    }

    fn event(code: KeyCode, mods: KeyModifiers) -> KeyChord {
        KeyChord::from_event(&KeyEvent {
            code,
            modifiers: mods,
            kind: KeyEventKind::Press,
            state: KeyEventState::NONE,
        })
    }

    #[test]
    fn parses_and_displays() {
        let cases = [
            ("f1", "F1", "f1"),
            ("F12", "F12", "f12"),
            ("a", "a", "a"),
            ("A", "A", "A"),
            ("?", "?", "?"),
            ("/", "/", "/"),
            ("-", "-", "-"),
            ("alt--", "Alt--", "alt--"),
            ("enter", "Enter", "enter"),
            ("Esc", "Esc", "esc"),
            ("tab", "Tab", "tab"),
            ("backtab", "Shift-Tab", "backtab"),
            ("space", "Space", "space"),
            ("backspace", "Bksp", "backspace"),
            ("pagedown", "PgDn", "pagedown"),
            ("PageUp", "PgUp", "pageup"),
            ("up", "↑", "up"),
            ("down", "↓", "down"),
            ("ctrl-q", "^Q", "ctrl-q"),
            ("CTRL-q", "^Q", "ctrl-q"),
            ("alt-2", "Alt-2", "alt-2"),
            ("Alt-A", "Alt-A", "alt-A"),
            ("alt-ctrl-x", "Ctrl-Alt-X", "ctrl-alt-x"),
            ("ctrl-space", "^Space", "ctrl-space"),
            ("alt-enter", "Alt-Enter", "alt-enter"),
            ("alt-backspace", "Alt-Bksp", "alt-backspace"),
        ];
        for (input, shown, canonical) in cases {
            let c = chord(input);
            assert_eq!(c.to_string(), shown, "{input}");
            assert_eq!(c.to_config_string(), canonical, "{input}");
            assert_eq!(chord(canonical), c, "{input}");
        }
    }

    #[test]
    fn refuses_legacy_and_reserved_keys() {
        use KeyProblem as P;
        let cases = [
            ("ctrl-enter", P::Indistinct("Enter")),
            ("shift-enter", P::Indistinct("Enter")),
            ("ctrl-i", P::Indistinct("Tab")),
            ("ctrl-m", P::Indistinct("Enter")),
            ("ctrl-j", P::Indistinct("Enter")),
            ("ctrl-h", P::Indistinct("Backspace")),
            ("ctrl-[", P::Indistinct("Esc")),
            ("ctrl-tab", P::Indistinct("Tab")),
            ("ctrl-backspace", P::Indistinct("Backspace")),
            ("shift-space", P::Indistinct("Space")),
            ("alt-esc", P::Indistinct("Esc")),
            ("ctrl-2", P::Indistinct("ctrl-space")),
            ("ctrl-c", P::ReservedInterrupt),
            ("ctrl-z", P::ReservedSuspend),
            ("ctrl-s", P::ReservedFlowControl),
            ("alt-tab", P::ReservedWindowManager),
            ("ctrl-A", P::CtrlUppercase('a')),
            ("ctrl-1", P::CtrlNeedsLetter),
            ("ctrl-/", P::CtrlNeedsLetter),
            ("shift-a", P::ShiftLetter('A')),
            ("shift-tab", P::ShiftTab),
            ("shift-1", P::ShiftOther),
            ("shift-f1", P::NoModifiers),
            ("ctrl-up", P::NoModifiers),
            ("alt-f4", P::NoModifiers),
            ("ctrl-backtab", P::NoModifiers),
            ("super-a", P::UnknownModifier("super".into())),
            ("Hyper-a", P::UnknownModifier("hyper".into())),
            ("meta-a", P::UnknownModifier("meta".into())),
            ("ctrl-ctrl-a", P::RepeatedModifier),
            ("", P::Empty),
            ("ctrl-", P::Unknown),
            ("f13", P::Unknown),
            ("f0", P::Unknown),
            ("f01", P::Unknown),
            ("enterr", P::Unknown),
            (" ", P::Unknown),
            ("é", P::NotAscii),
            ("中", P::NotAscii),
        ];
        for (input, expected) in cases {
            assert_eq!(problem(input), expected, "{input}");
        }
    }

    #[test]
    fn allows_what_the_brief_allows() {
        for ok in [
            "alt-enter",
            "ctrl-space",
            "ctrl-q",
            "ctrl-l",
            "ctrl-u",
            "ctrl-alt-a",
        ] {
            chord(ok);
        }
    }

    #[test]
    fn error_text_names_the_key_in_both_languages() {
        let e = KeyChord::parse("ctrl-enter").unwrap_err();
        assert_eq!(
            e.to_string(),
            "\"ctrl-enter\" cannot be told apart from Enter on most terminals"
        );
        let zh = e.localized(Lang::Zh);
        assert!(
            zh.contains("\"ctrl-enter\"") && zh.contains("无法区分"),
            "{zh}"
        );
        let hint = KeyChord::parse("shift-a").unwrap_err().to_string();
        assert!(hint.contains("\"A\""), "{hint}");
    }

    #[test]
    fn normalises_terminal_events() {
        let shift = KeyModifiers::SHIFT;
        let ctrl = KeyModifiers::CONTROL;
        let alt = KeyModifiers::ALT;
        assert_eq!(event(KeyCode::Char('A'), shift), chord("A"));
        assert_eq!(event(KeyCode::Char('a'), shift), chord("A"));
        assert_eq!(event(KeyCode::Char('?'), shift), chord("?"));
        assert_eq!(event(KeyCode::Char('A'), alt | shift), chord("alt-A"));
        assert_eq!(event(KeyCode::BackTab, shift), chord("backtab"));
        assert_eq!(event(KeyCode::Tab, shift), chord("backtab"));
        assert_eq!(event(KeyCode::Char('Q'), ctrl | shift), chord("ctrl-q"));
        assert_eq!(event(KeyCode::Char('h'), ctrl), chord("backspace"));
        assert_eq!(
            event(KeyCode::Null, KeyModifiers::NONE),
            chord("ctrl-space")
        );
        assert_eq!(event(KeyCode::Char(' '), ctrl), chord("ctrl-space"));
        assert_eq!(event(KeyCode::Enter, shift), chord("enter"));
        assert_eq!(event(KeyCode::F(1), KeyModifiers::NONE), chord("f1"));
        assert_ne!(event(KeyCode::F(1), shift), chord("f1"));
        assert_ne!(event(KeyCode::Char('q'), KeyModifiers::SUPER), chord("q"));
    }

    #[test]
    fn text_chords() {
        assert!(chord("a").is_text());
        assert!(chord("?").is_text());
        assert!(chord("space").is_text());
        assert!(!chord("alt-a").is_text());
        assert!(!chord("ctrl-u").is_text());
        assert!(!chord("enter").is_text());
    }

    fn key_string() -> impl Strategy<Value = String> {
        let modifier = prop::sample::select(vec!["", "ctrl-", "alt-", "shift-", "CTRL-", "Alt-"]);
        let named: Vec<String> = NAMED.iter().map(|(n, _)| n.to_string()).collect();
        let key = prop_oneof![
            prop::sample::select(named),
            (1u8..=13).prop_map(|n| format!("F{n}")),
            (0x20u8..0x7f).prop_map(|b| (b as char).to_string()),
        ];
        (modifier.clone(), modifier, key).prop_map(|(a, b, k)| format!("{a}{b}{k}"))
    }

    proptest! {
        #[test]
        fn canonical_form_reparses_equal(s in key_string()) {
            if let Ok(c) = KeyChord::parse(&s) {
                let canonical = c.to_config_string();
                prop_assert_eq!(KeyChord::parse(&canonical), Ok(c));
                prop_assert!(!c.to_string().is_empty());
            }
        }

        #[test]
        fn parsed_chords_survive_event_normalisation(s in key_string()) {
            if let Ok(c) = KeyChord::parse(&s) {
                prop_assert_eq!(KeyChord::new(c.code(), c.mods()), c);
            }
        }
    }
}
