//! A form in a box over the current screen: every screen's small forms (open a shift, park
//! a ticket, record a visit…) are drawn by this one widget, so they look and fit alike.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};

use super::chrome::textwrap_cells;
use super::dialog;
use super::form::Form;
use crate::i18n::Lang;

/// Where the box stands on the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Centre,
    /// At the bottom, leaving what the form is about (a file, a list) readable above it.
    Bottom,
}

/// What goes in the box besides the form.
#[derive(Debug, Clone, Copy)]
pub struct FormBox<'a> {
    pub title: &'a str,
    /// The box's width, at most the screen's.
    pub width: u16,
    /// Lines before the form: what it acts on, or a list to choose from.
    pub above: &'a [String],
    /// A dim explanation before the form. On a short screen it gives way first, from its
    /// end, so every field stays in view.
    pub hint: &'a str,
    pub place: Place,
}

impl<'a> FormBox<'a> {
    pub fn new(title: &'a str, width: u16) -> FormBox<'a> {
        FormBox {
            title,
            width,
            above: &[],
            hint: "",
            place: Place::Centre,
        }
    }

    pub fn above(self, above: &'a [String]) -> FormBox<'a> {
        FormBox { above, ..self }
    }

    pub fn hint(self, hint: &'a str) -> FormBox<'a> {
        FormBox { hint, ..self }
    }

    pub fn at_bottom(self) -> FormBox<'a> {
        FormBox {
            place: Place::Bottom,
            ..self
        }
    }

    /// Draws the box with `form` inside, focused.
    pub fn render(&self, frame: &mut Frame<'_>, area: Rect, form: &Form, lang: Lang) {
        let width = self.width.min(area.width);
        // Borders, then a cell of margin on each side.
        let text_width = width.saturating_sub(4);
        let dim = Style::default().add_modifier(Modifier::DIM);
        let mut lines: Vec<Line<'_>> = self
            .above
            .iter()
            .flat_map(|l| textwrap_cells(l, text_width as usize))
            .map(Line::from)
            .collect();
        let fixed = lines.len() as u16;
        let hint = if self.hint.is_empty() {
            Vec::new()
        } else {
            textwrap_cells(self.hint, text_width as usize)
        };
        lines.extend(hint.into_iter().map(|l| Line::styled(l, dim)));
        let form_rows = form.height(text_width, lang);
        let room = area.height.saturating_sub(2 + form_rows);
        let spacer = u16::from(!lines.is_empty() && room > lines.len() as u16);
        lines.truncate(room.saturating_sub(spacer).max(fixed.min(room)) as usize);
        let text_rows = lines.len() as u16;
        let height = (2 + text_rows + spacer + form_rows).min(area.height);
        let centred = dialog::centered(area, width, height);
        let rect = match self.place {
            Place::Centre => centred,
            Place::Bottom => Rect {
                y: area.bottom().saturating_sub(centred.height),
                ..centred
            },
        };
        dialog::clear_popup(frame, rect);
        let block = Block::default().borders(Borders::ALL).title(
            Line::from(format!(" {} ", self.title))
                .style(Style::default().add_modifier(Modifier::BOLD)),
        );
        let inner = block.inner(rect);
        frame.render_widget(block, rect);
        let inner = Rect {
            x: inner.x + 1,
            width: inner.width.saturating_sub(2),
            ..inner
        };
        frame.render_widget(
            Paragraph::new(lines),
            Rect {
                height: text_rows.min(inner.height),
                ..inner
            },
        );
        let form_y = (inner.y + text_rows + spacer).min(inner.bottom());
        form.render(
            frame,
            Rect {
                y: form_y,
                height: inner.bottom().saturating_sub(form_y),
                ..inner
            },
            lang,
            true,
        );
    }
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use super::*;
    use crate::tui::widgets::dialog::tests::shown;
    use crate::tui::widgets::form::Field;

    fn draw(area: (u16, u16), b: FormBox<'_>, form: &Form) -> Vec<String> {
        let mut t = Terminal::new(TestBackend::new(area.0, area.1)).expect("terminal");
        t.draw(|f| b.render(f, f.area(), form, Lang::En))
            .expect("draw");
        shown(t.backend().buffer(), Rect::new(0, 0, area.0, area.1))
    }

    fn two_fields() -> Form {
        Form::new(vec![
            Field::text(crate::i18n::QS_LABEL_NOTE, 20),
            Field::text(crate::i18n::QS_LABEL_REASON, 20),
        ])
    }

    #[test]
    fn text_above_then_a_blank_line_then_the_form() {
        let above = ["Which shift".to_string()];
        let screen = draw(
            (60, 20),
            FormBox::new("Reopen", 40).above(&above).hint("pick one"),
            &two_fields(),
        );
        let row = |needle: &str| screen.iter().position(|r| r.contains(needle));
        let (title, head, hint) = (row("Reopen"), row("Which shift"), row("pick one"));
        let field = row(crate::i18n::QS_LABEL_NOTE.get(Lang::En)).expect("field shown");
        assert_eq!(head, title.map(|t| t + 1), "{screen:#?}");
        assert_eq!(hint, head.map(|h| h + 1), "{screen:#?}");
        assert_eq!(
            Some(field),
            hint.map(|h| h + 2),
            "a blank line before the form"
        );
    }

    #[test]
    fn without_text_the_fields_start_under_the_title() {
        let screen = draw((60, 20), FormBox::new("Park", 40), &two_fields());
        let title = screen
            .iter()
            .position(|r| r.contains("Park"))
            .expect("title");
        assert!(
            screen[title + 1].contains(crate::i18n::QS_LABEL_NOTE.get(Lang::En)),
            "{screen:#?}"
        );
        assert!(
            screen[title + 3].contains('└'),
            "no blank rows: {screen:#?}"
        );
    }

    #[test]
    fn on_a_short_screen_the_hint_gives_way_and_every_field_stays() {
        let long = "a long explanation of the form ".repeat(20);
        let screen = draw(
            (40, 8),
            FormBox::new("Visit", 40).hint(&long),
            &two_fields(),
        );
        for label in [crate::i18n::QS_LABEL_NOTE, crate::i18n::QS_LABEL_REASON] {
            assert!(
                screen.iter().any(|r| r.contains(label.get(Lang::En))),
                "{screen:#?}"
            );
        }
    }

    #[test]
    fn at_the_bottom_the_box_ends_on_the_last_row() {
        let screen = draw(
            (60, 20),
            FormBox::new("Visit", 40).at_bottom(),
            &two_fields(),
        );
        assert!(screen[19].contains('└'), "{screen:#?}");
        assert!(!screen[0].contains('┌'), "{screen:#?}");
    }
}
