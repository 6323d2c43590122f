//! The one form widget: labelled single-line fields, Tab/Shift-Tab between them,
//! inline validation messages under the field they concern.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::domain::text::{display_width, truncate_to_width};
use crate::i18n::{Lang, Msg};
use crate::keymap::{Action, KeyChord, Keymap, Scope};

use super::text_input::{Edit, TextInput};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub label: Msg,
    pub input: TextInput,
    pub secret: bool,
    pub error: Option<String>,
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
}

impl Form {
    pub fn new(fields: Vec<Field>) -> Form {
        Form { fields, focus: 0 }
    }

    pub fn value(&self, index: usize) -> String {
        self.fields[index].input.value()
    }

    /// Whether anything has been typed (quitting then asks first).
    pub fn is_dirty(&self) -> bool {
        self.fields.iter().any(|f| !f.input.is_empty())
    }

    pub fn clear_errors(&mut self) {
        for f in &mut self.fields {
            f.error = None;
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

    pub fn paste(&mut self, text: &str) -> FormEvent {
        match self.fields[self.focus].input.insert_str(text) {
            Edit::Changed => FormEvent::Changed,
            Edit::Refused => FormEvent::Refused,
            _ => FormEvent::Ignored,
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
                    return FormEvent::Changed;
                }
                _ => {}
            }
        }
        match self.fields[self.focus].input.handle_key(key) {
            Edit::Changed => {
                self.fields[self.focus].error = None;
                FormEvent::Changed
            }
            Edit::Moved => FormEvent::Moved,
            Edit::Refused => FormEvent::Refused,
            Edit::Ignored => FormEvent::Ignored,
        }
    }

    /// Rows the form needs: one per field plus one per shown error.
    pub fn height(&self) -> u16 {
        self.fields
            .iter()
            .map(|f| 1 + u16::from(f.error.is_some()))
            .sum()
    }

    /// Draws the fields and places the terminal cursor in the focused one.
    pub fn render(&self, frame: &mut Frame<'_>, area: Rect, lang: Lang, focused: bool) {
        let label_width = self
            .fields
            .iter()
            .map(|f| display_width(f.label.get(lang)))
            .max()
            .unwrap_or(0)
            + 2;
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
            if let Some(error) = &field.error
                && y < area.bottom()
            {
                let text = truncate_to_width(
                    &format!("{}! {error}", " ".repeat(label_width)),
                    area.width as usize,
                );
                frame.render_widget(
                    Paragraph::new(text).style(error_style()),
                    Rect::new(area.x, y, area.width, 1),
                );
                y += 1;
            }
        }
    }
}
