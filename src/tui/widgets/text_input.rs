//! One line of editable text: the single editor behind every field and search box.
//! Forbidden characters (controls, bidi overrides, zero-width) are refused on entry, so
//! they never reach validation, the database or the screen.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::domain::text::{display_width, drop_emoji_joiners, is_forbidden_char};

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
    /// too long for the field is refused whole, so a paste never half-lands. A field is
    /// one line: of pasted lines it takes the first (see [`first_line`]).
    pub fn insert_str(&mut self, text: &str) -> Edit {
        self.insert(text, false).0
    }

    /// Like [`TextInput::insert_str`], but text too long for the field keeps what fits
    /// (forms then say so under the field); `true` when some of it was left out.
    pub fn insert_fitting(&mut self, text: &str) -> (Edit, bool) {
        self.insert(text, true)
    }

    /// The most characters the field holds.
    pub fn max_chars(&self) -> usize {
        self.max_chars
    }

    fn insert(&mut self, text: &str, fit: bool) -> (Edit, bool) {
        let (raw, _) = first_line(text);
        // Emoji are welcome; the invisible characters that join them are not kept.
        let before = self.cursor.checked_sub(1).map(|i| self.chars[i]);
        let line = drop_emoji_joiners(before, raw);
        if line.is_empty() && !raw.is_empty() {
            // Only a joiner, typed after an emoji: nothing to add, nothing wrong.
            return (Edit::Moved, false);
        }
        if line.chars().any(is_forbidden_char) {
            return (Edit::Refused, false);
        }
        let count = line.chars().count();
        if count == 0 {
            return (Edit::Ignored, false);
        }
        let room = self.max_chars.saturating_sub(self.chars.len());
        let cut = count > room;
        if cut && (!fit || room == 0) {
            return (Edit::Refused, cut);
        }
        let take = count.min(room);
        for (i, c) in line.chars().take(take).enumerate() {
            self.chars.insert(self.cursor + i, c);
        }
        self.cursor += take;
        (Edit::Changed, cut)
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
        // Widths of runs of text, not sums of characters: a variation selector widens the
        // symbol before it (❤ and ❤️) as the screen draws it.
        let width_of = |run: &[char]| display_width(&run.iter().collect::<String>());
        let width = width.max(1);
        // Start far enough right that the text up to the cursor fits, leaving a cell for it.
        let mut start = 0;
        while width_of(&shown[start..self.cursor]) + 1 > width && start < self.cursor {
            start += 1;
        }
        let before = width_of(&shown[start..self.cursor]);
        let mut end = start;
        while end < shown.len() && width_of(&shown[start..=end]) <= width {
            end += 1;
        }
        let text: String = shown[start..end].iter().collect();
        (text, before)
    }
}

/// The line a one-line field takes from pasted `text`: the first that is not blank (a
/// copied cell or line often brings a line end before or after it), and whether any other
/// line had something on it, which the field then leaves out.
pub fn first_line(text: &str) -> (&str, bool) {
    if !text.contains(['\r', '\n']) {
        return (text, false);
    }
    let mut lines = text
        .split(['\r', '\n'])
        .filter(|line| !line.trim().is_empty());
    let first = lines.next().unwrap_or("");
    (first, lines.next().is_some())
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
    fn a_paste_of_several_lines_keeps_the_first_and_says_so() {
        assert_eq!(first_line("3401000123"), ("3401000123", false));
        assert_eq!(first_line("3401000123\r\n"), ("3401000123", false));
        assert_eq!(first_line("\n 3401000123 \n\n"), (" 3401000123 ", false));
        assert_eq!(first_line("张三\r\n合肥市\r\n"), ("张三", true));
        assert_eq!(first_line("\n\nfirst\nsecond"), ("first", true));
        assert_eq!(first_line("\n \n"), ("", false));
        let mut t = TextInput::new(20);
        assert_eq!(t.insert_str("\r\n张三\r\n合肥市"), Edit::Changed);
        assert_eq!(t.value(), "张三");
    }

    #[test]
    fn emoji_are_typed_and_pasted_and_their_joiners_left_out() {
        let mut t = TextInput::new(40);
        // Typed one character at a time, as a terminal sends an emoji keyboard's output.
        for c in "到了👨\u{200D}👩\u{200D}👧".chars() {
            assert_ne!(t.handle_key(&key(KeyCode::Char(c))), Edit::Refused, "{c:?}");
        }
        assert_eq!(t.value(), "到了👨👩👧");
        assert_eq!(t.insert_str(" ❤\u{FE0F}\u{200D}🔥 👍🏽"), Edit::Changed);
        assert_eq!(t.value(), "到了👨👩👧 ❤\u{FE0F}🔥 👍🏽");
        // A joiner between letters, and a bidi override anywhere, are still refused.
        assert_eq!(t.insert_str("张\u{200D}三"), Edit::Refused);
        assert_eq!(t.insert_str("😀\u{202E}"), Edit::Refused);
        assert_eq!(t.value(), "到了👨👩👧 ❤\u{FE0F}🔥 👍🏽");
        // ❤️ takes two cells, as drawn: the cursor after it is two cells on.
        let mut heart = TextInput::new(5);
        heart.insert_str("❤\u{FE0F}");
        assert_eq!(heart.visible(10, false), ("❤\u{FE0F}".to_string(), 2));
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
