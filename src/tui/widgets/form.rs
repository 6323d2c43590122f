//! The one form widget: labelled single-line fields, Tab/Shift-Tab between them,
//! inline validation messages under the field they concern.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::domain::text::{display_width, truncate_to_width};
use crate::i18n::{Lang, Msg};
use crate::keymap::{Action, KeyChord, Keymap, Scope};

use super::chrome::textwrap_cells;
use super::text_input::{Edit, TextInput};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub label: Msg,
    pub input: TextInput,
    pub secret: bool,
    pub error: Option<String>,
    /// Typing or a paste went past the field's limit: what fits was kept and the field
    /// says "at most N characters" (in the screen's language) until the next change.
    pub over_limit: bool,
}

/// A field's label padded to the label column, bold on the focused row. Forms that draw
/// their own rows (the payment form's choices and bill list) use it too.
pub fn label_span(label: &str, label_width: usize, focused: bool) -> Span<'static> {
    let pad = label_width.saturating_sub(display_width(label));
    let style = if focused {
        Style::default().add_modifier(Modifier::BOLD)
    } else {
        Style::default()
    };
    Span::styled(format!("{label}{}", " ".repeat(pad)), style)
}

/// How a field's refusal is shown under it.
pub fn error_style() -> Style {
    Style::default().fg(Color::Red).add_modifier(Modifier::BOLD)
}

impl Field {
    /// What is shown under the field: its refusal, else the limit it reached.
    pub fn message(&self, lang: Lang) -> Option<String> {
        self.error.clone().or_else(|| {
            self.over_limit
                .then(|| crate::i18n::FORM_TOO_LONG.fill(lang, &[("max", &self.input.max_chars())]))
        })
    }

    /// The input box of `width` cells, reversed when focused and underlined otherwise,
    /// with the cursor's column inside it.
    pub fn input_span(&self, width: usize, focused: bool) -> (Span<'static>, usize) {
        let (shown, cursor) = self.input.visible(width, self.secret);
        let fill = " ".repeat(width.saturating_sub(display_width(&shown)));
        let style = if focused {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default().add_modifier(Modifier::UNDERLINED)
        };
        (Span::styled(format!("{shown}{fill}"), style), cursor)
    }

    pub fn text(label: Msg, max_chars: usize) -> Field {
        Field {
            label,
            input: TextInput::new(max_chars),
            secret: false,
            error: None,
            over_limit: false,
        }
    }

    pub fn secret(label: Msg, max_chars: usize) -> Field {
        Field {
            secret: true,
            ..Field::text(label, max_chars)
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormEvent {
    Submit,
    Changed,
    Moved,
    Refused,
    /// Not a form key: the caller looks it up in the screen's and the global keymap.
    Ignored,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub fields: Vec<Field>,
    pub focus: usize,
    /// What the screen filled in itself (a default date, a method): leaving the form as
    /// it was opened loses nothing the clerk typed.
    prefilled: Vec<String>,
}

impl Form {
    pub fn new(fields: Vec<Field>) -> Form {
        let prefilled = vec![String::new(); fields.len()];
        Form {
            fields,
            focus: 0,
            prefilled,
        }
    }

    /// Takes what the fields hold now as the form's starting point (after the screen
    /// filled in its defaults): only a change from it makes the form dirty.
    pub fn prefilled(mut self) -> Form {
        self.prefilled = self.fields.iter().map(|f| f.input.value()).collect();
        self
    }

    pub fn value(&self, index: usize) -> String {
        self.fields[index].input.value()
    }

    /// Whether anything has been typed (quitting then asks first).
    pub fn is_dirty(&self) -> bool {
        self.fields
            .iter()
            .zip(&self.prefilled)
            .any(|(f, start)| f.input.value() != *start)
    }

    pub fn clear_errors(&mut self) {
        for f in &mut self.fields {
            f.error = None;
            f.over_limit = false;
        }
    }

    /// Shows `message` under field `index` and moves the focus there.
    /// Shows `message` under field `index` (the last field, if there is no such one) and
    /// moves the focus there.
    pub fn fail(&mut self, index: usize, message: String) {
        let index = index.min(self.fields.len().saturating_sub(1));
        self.fields[index].error = Some(message);
        self.focus = index;
    }

    /// Pasted text into the focused field. Too long for it, it keeps what fits and says so
    /// under the field (never silently dropped).
    pub fn paste(&mut self, text: &str) -> FormEvent {
        self.insert_fitting(text, FormEvent::Ignored)
    }

    /// Typed or pasted `text` into the focused field, keeping what fits; past the limit the
    /// field shows "at most N characters". `other` is what an insert that neither changed
    /// nor was refused comes to.
    fn insert_fitting(&mut self, text: &str, other: FormEvent) -> FormEvent {
        let field = &mut self.fields[self.focus];
        let (edit, cut) = field.input.insert_fitting(text);
        if edit == Edit::Changed {
            field.error = None;
        }
        field.over_limit = cut;
        if cut {
            return match edit {
                Edit::Changed => FormEvent::Changed,
                // Full already: nothing changed, the message under the field says why.
                _ => FormEvent::Moved,
            };
        }
        match edit {
            Edit::Changed => FormEvent::Changed,
            Edit::Refused => FormEvent::Refused,
            _ => other,
        }
    }

    /// Form keys first ([form] section), then field editing. Printable characters are
    /// always typed, never looked up.
    pub fn handle_key(&mut self, keymap: &Keymap, key: &KeyEvent) -> FormEvent {
        let chord = KeyChord::from_event(key);
        if !chord.is_text() {
            match keymap.action(Scope::Form, &chord) {
                Some(Action::NextField) => {
                    self.focus = (self.focus + 1) % self.fields.len();
                    return FormEvent::Moved;
                }
                Some(Action::PrevField) => {
                    self.focus = (self.focus + self.fields.len() - 1) % self.fields.len();
                    return FormEvent::Moved;
                }
                Some(Action::Submit) => return FormEvent::Submit,
                Some(Action::ClearField) => {
                    self.fields[self.focus].input.clear();
                    self.fields[self.focus].over_limit = false;
                    return FormEvent::Changed;
                }
                _ => {}
            }
        }
        if let KeyCode::Char(c) = key.code
            && !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
        {
            return self.insert_fitting(c.encode_utf8(&mut [0; 4]), FormEvent::Moved);
        }
        match self.fields[self.focus].input.handle_key(key) {
            Edit::Changed => {
                self.fields[self.focus].error = None;
                self.fields[self.focus].over_limit = false;
                FormEvent::Changed
            }
            Edit::Moved => FormEvent::Moved,
            Edit::Refused => FormEvent::Refused,
            Edit::Ignored => FormEvent::Ignored,
        }
    }

    /// Rows the form needs drawn `width` cells wide: one per field plus the rows of each
    /// shown error, wrapped under its field.
    pub fn height(&self, width: u16, lang: Lang) -> u16 {
        let label_width = self.label_width(lang);
        self.fields
            .iter()
            .map(|f| {
                let error_rows = f
                    .message(lang)
                    .map_or(0, |e| error_lines(&e, label_width, width as usize).len());
                1 + error_rows as u16
            })
            .sum()
    }

    /// The label column: the widest label and two cells.
    fn label_width(&self, lang: Lang) -> usize {
        self.fields
            .iter()
            .map(|f| display_width(f.label.get(lang)))
            .max()
            .unwrap_or(0)
            + 2
    }

    /// Draws the fields and places the terminal cursor in the focused one.
    pub fn render(&self, frame: &mut Frame<'_>, area: Rect, lang: Lang, focused: bool) {
        let label_width = self.label_width(lang);
        let input_width = (area.width as usize)
            .saturating_sub(label_width + 2)
            .min(40);
        let mut y = area.y;
        for (i, field) in self.fields.iter().enumerate() {
            if y >= area.bottom() {
                break;
            }
            let is_focus = focused && i == self.focus;
            let (input, cursor) = field.input_span(input_width, is_focus);
            let line = Line::from(vec![
                label_span(field.label.get(lang), label_width, is_focus),
                input,
            ]);
            frame.render_widget(Paragraph::new(line), Rect::new(area.x, y, area.width, 1));
            if is_focus {
                frame.set_cursor_position(Position::new(area.x + (label_width + cursor) as u16, y));
            }
            y += 1;
            let Some(error) = field.message(lang) else {
                continue;
            };
            for text in error_lines(&error, label_width, area.width as usize) {
                if y >= area.bottom() {
                    break;
                }
                frame.render_widget(
                    Paragraph::new(text).style(error_style()),
                    Rect::new(area.x, y, area.width, 1),
                );
                y += 1;
            }
        }
    }
}

/// A field's refusal as drawn under it: `! ` in the input column, the text wrapped to the
/// room right of it, continuation rows aligned with the text. Where there is no room
/// beside the labels it starts at the left edge instead.
fn error_lines(error: &str, label_width: usize, width: usize) -> Vec<String> {
    let indent = if width >= label_width + 2 + 12 {
        label_width
    } else {
        0
    };
    let room = width.saturating_sub(indent + 2).max(2);
    textwrap_cells(error, room)
        .into_iter()
        .enumerate()
        .map(|(i, line)| {
            let mark = if i == 0 { "! " } else { "  " };
            let text = format!("{}{mark}{line}", " ".repeat(indent));
            truncate_to_width(&text, width)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use super::*;
    use crate::i18n::check::{all_messages, filled};
    use crate::i18n::{self, Lang};
    use crate::tui::widgets::dialog::tests::{all_shown, shown};

    /// A two-field form with `error` under its first field, drawn `width` cells wide in
    /// exactly the rows it says it needs.
    fn drawn(error: &str, width: u16, lang: Lang) -> Vec<String> {
        let mut form = Form::new(vec![
            Field::text(i18n::QS_LABEL_REASON, 40),
            Field::text(i18n::QS_LABEL_NOTE, 40),
        ]);
        form.fail(0, error.to_string());
        let height = form.height(width, lang);
        assert!(height <= 21, "{height} rows for {error:?}");
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        let area = Rect::new(2, 1, width, height);
        terminal
            .draw(|frame| form.render(frame, area, lang, true))
            .unwrap();
        let screen = shown(terminal.backend().buffer(), area);
        let last = screen.last().expect("rows");
        assert!(
            last.contains(i18n::QS_LABEL_NOTE.get(lang)),
            "the field below the error is drawn: {screen:#?}"
        );
        screen
    }

    /// Typing or pasting past a field's limit keeps what fits and says so under the field
    /// in the screen's language, instead of dropping the input silently; the next change
    /// takes the message away.
    #[test]
    fn past_the_limit_what_fits_is_kept_and_the_field_says_so() {
        use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
        let keymap = Keymap::builtin();
        let key = |c| KeyEvent::new(c, KeyModifiers::NONE);
        let mut form = Form::new(vec![
            Field::text(i18n::QS_LABEL_REASON, 5),
            Field::text(i18n::QS_LABEL_NOTE, 40),
        ]);
        assert_eq!(form.paste("张三李四王五"), FormEvent::Changed);
        assert_eq!(form.value(0), "张三李四王");
        for (lang, text) in [
            (Lang::Zh, "最多 5 个字符"),
            (Lang::En, "At most 5 characters"),
        ] {
            let shown = form.fields[0].message(lang).expect("said under the field");
            assert!(shown.contains(text), "{shown}");
        }
        // Drawn under the field, and the rows it takes are counted.
        let height = form.height(56, Lang::En);
        assert!(height > 2, "{height}");
        let mut terminal = Terminal::new(TestBackend::new(60, 8)).unwrap();
        let area = Rect::new(0, 0, 56, height);
        terminal
            .draw(|frame| form.render(frame, area, Lang::En, true))
            .unwrap();
        let screen = shown(terminal.backend().buffer(), area).join("\n");
        assert!(screen.contains("At most 5 characters"), "{screen}");
        // Full: a typed character is kept out, and said so again.
        form.fields[0].over_limit = false;
        assert_eq!(
            form.handle_key(&keymap, &key(KeyCode::Char('x'))),
            FormEvent::Moved
        );
        assert_eq!(form.value(0), "张三李四王");
        assert!(form.fields[0].over_limit);
        // A change takes the message away; typing within the limit never shows it.
        form.handle_key(&keymap, &key(KeyCode::Backspace));
        assert!(form.fields[0].message(Lang::Zh).is_none());
        assert_eq!(
            form.handle_key(&keymap, &key(KeyCode::Char('x'))),
            FormEvent::Changed
        );
        assert_eq!(form.value(0), "张三李四x");
        assert!(form.fields[0].message(Lang::Zh).is_none());
        // A forbidden character is still refused whole.
        form.focus = 1;
        assert_eq!(form.paste("ab\u{202e}c"), FormEvent::Refused);
        assert_eq!(form.value(1), "");
    }

    /// Every catalog message shows whole as a field's refusal, in the 56 cells of a queue
    /// step's dialog and in the 28 of the drawer count beside its totals.
    #[test]
    fn every_catalog_message_fits_under_a_field() {
        for (zh, en) in all_messages() {
            for (lang, text) in [(Lang::Zh, filled(&zh)), (Lang::En, filled(&en))] {
                for width in [56, 28] {
                    let screen = drawn(&text, width, lang);
                    assert!(all_shown(&screen, &text), "cut: {text:?}\n{screen:#?}");
                }
            }
        }
    }
}
