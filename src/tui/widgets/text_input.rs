//! One line of editable text: the single editor behind every field and search box.
//! Forbidden characters (controls, bidi overrides, zero-width) are refused on entry, so
//! they never reach validation, the database or the screen.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use unicode_width::UnicodeWidthChar;

use crate::domain::text::is_forbidden_char;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    chars: Vec<char>,
    cursor: usize,
    max_chars: usize,
}

/// What an edit did, so the owner can react (re-search, show a refusal).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    Changed,
    Moved,
    /// Input was refused: a forbidden character or the length limit.
    Refused,
    /// The key is not an editing key.
    Ignored,
}

impl TextInput {
    pub fn new(max_chars: usize) -> Self {
        TextInput {
            chars: Vec::new(),
            cursor: 0,
            max_chars,
        }
    }

    pub fn value(&self) -> String {
        self.chars.iter().collect()
    }

    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    pub fn clear(&mut self) {
        self.chars.clear();
        self.cursor = 0;
    }

    pub fn set(&mut self, text: &str) {
        self.clear();
        self.insert_str(text);
    }

    /// Inserts pasted or typed text. All or nothing: text with a forbidden character or
    /// too long for the field is refused whole, so a paste never half-lands.
    pub fn insert_str(&mut self, text: &str) -> Edit {
        // Pasted line breaks end the field's text; a single-line field keeps the first line.
        let line = text.split(['\r', '\n']).next().unwrap_or("");
        if line.chars().any(is_forbidden_char) {
            return Edit::Refused;
        }
        let count = line.chars().count();
        if count == 0 {
            return Edit::Ignored;
        }
        if self.chars.len() + count > self.max_chars {
            return Edit::Refused;
        }
        for (i, c) in line.chars().enumerate() {
            self.chars.insert(self.cursor + i, c);
        }
        self.cursor += count;
        Edit::Changed
    }

    /// Applies an editing key; anything else is `Ignored` for the caller to route.
    pub fn handle_key(&mut self, key: &KeyEvent) -> Edit {
        let plain = !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        match key.code {
            KeyCode::Char(c) if plain => self.insert_str(c.encode_utf8(&mut [0; 4])),
            KeyCode::Backspace if self.cursor > 0 => {
                self.cursor -= 1;
                self.chars.remove(self.cursor);
                Edit::Changed
            }
            KeyCode::Delete if self.cursor < self.chars.len() => {
                self.chars.remove(self.cursor);
                Edit::Changed
            }
            KeyCode::Left if self.cursor > 0 => {
                self.cursor -= 1;
                Edit::Moved
            }
            KeyCode::Right if self.cursor < self.chars.len() => {
                self.cursor += 1;
                Edit::Moved
            }
            KeyCode::Home => {
                self.cursor = 0;
                Edit::Moved
            }
            KeyCode::End => {
                self.cursor = self.chars.len();
                Edit::Moved
            }
            KeyCode::Backspace | KeyCode::Delete | KeyCode::Left | KeyCode::Right => Edit::Moved,
            _ => Edit::Ignored,
        }
    }

    /// The text to draw in `width` cells (`secret` shows one bullet per character) and the
    /// cursor's cell offset. Scrolls so the cursor stays visible; wide characters count 2.
    pub fn visible(&self, width: usize, secret: bool) -> (String, usize) {
        let shown: Vec<char> = if secret {
            vec!['•'; self.chars.len()]
        } else {
            self.chars.clone()
        };
        let w = |c: &char| c.width().unwrap_or(0);
        let width = width.max(1);
        // Start far enough right that the text up to the cursor fits, leaving a cell for it.
        let mut start = 0;
        let mut before: usize = shown[..self.cursor].iter().map(w).sum();
        while before + 1 > width && start < self.cursor {
            before -= w(&shown[start]);
            start += 1;
        }
        let mut text = String::new();
        let mut used = 0;
        for c in &shown[start..] {
            if used + w(c) > width {
                break;
            }
            used += w(c);
            text.push(*c);
        }
        (text, before)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn typing_editing_and_moving() {
        let mut t = TextInput::new(10);
        for c in "张伟x".chars() {
            t.handle_key(&key(KeyCode::Char(c)));
        }
        assert_eq!(t.value(), "张伟x");
        t.handle_key(&key(KeyCode::Backspace));
        t.handle_key(&key(KeyCode::Home));
        t.handle_key(&key(KeyCode::Delete));
        assert_eq!(t.value(), "伟");
        assert_eq!(t.handle_key(&key(KeyCode::F(2))), Edit::Ignored);
    }

    #[test]
    fn forbidden_characters_and_overlong_pastes_are_refused_whole() {
        let mut t = TextInput::new(4);
        assert_eq!(t.insert_str("ab\u{202e}c"), Edit::Refused);
        assert_eq!(t.insert_str("abcde"), Edit::Refused);
        assert!(t.is_empty());
        assert_eq!(t.insert_str("ab\ncd"), Edit::Changed);
        assert_eq!(t.value(), "ab");
    }

    #[test]
    fn visible_window_keeps_the_cursor_on_screen_with_wide_characters() {
        let mut t = TextInput::new(40);
        t.insert_str("长江花园九栋二单元");
        let (text, cursor) = t.visible(8, false);
        assert!(cursor < 8, "{cursor}");
        assert!(crate::domain::text::display_width(&text) <= 8);
        let (secret, _) = t.visible(20, true);
        assert_eq!(secret, "•••••••••");
    }
}
