//! Login: staff number, Tab, PIN (not echoed), Enter. Also the lock screen's PIN form.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::{Command, Ctx, Reply, panel};
use crate::domain::text::display_width;
use crate::i18n;
use crate::tui::widgets::dialog::centered;
use crate::tui::widgets::form::{Field, Form, FormEvent};

const STAFF_NO: usize = 0;
const PIN: usize = 1;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Login {
    pub form: Form,
    /// Set when this is the idle lock: the staff number is fixed and only the PIN is asked.
    pub locked_staff: Option<String>,
}

impl Login {
    pub fn new() -> Login {
        Login {
            form: Form::new(vec![
                Field::text(i18n::LABEL_STAFF_NO, 8),
                Field::secret(i18n::LABEL_PIN, 6),
            ]),
            locked_staff: None,
        }
    }

    /// The lock screen: the same form with the staff number filled in and fixed.
    pub fn relock(staff_no: &str) -> Login {
        let mut login = Login::new();
        login.form.fields[STAFF_NO].input.set(staff_no);
        login.form.focus = PIN;
        login.locked_staff = Some(staff_no.to_string());
        login
    }

    pub fn is_dirty(&self) -> bool {
        self.locked_staff.is_none() && self.form.is_dirty()
    }

    /// Shows why the login failed and empties the PIN.
    pub fn fail(&mut self, message: String) {
        self.form.fields[PIN].input.clear();
        self.form.fail(PIN, message);
    }

    pub fn on_paste(&mut self, text: &str) -> Reply {
        Reply::pasted(Some(self.form.paste(text)), text)
    }

    pub fn on_key(&mut self, ctx: &Ctx<'_>, key: &KeyEvent) -> Reply {
        // On the lock screen the staff number cannot be changed.
        if self.locked_staff.is_some() {
            self.form.focus = PIN;
        }
        match self.form.handle_key(ctx.keymap, key) {
            FormEvent::Submit => self.submit(ctx.lang),
            FormEvent::Refused => Reply::Refused,
            FormEvent::Ignored => Reply::Pass,
            _ => {
                if self.locked_staff.is_some() {
                    self.form.focus = PIN;
                }
                Reply::Done
            }
        }
    }

    fn submit(&mut self, lang: i18n::Lang) -> Reply {
        self.form.clear_errors();
        let staff_no = self.form.value(STAFF_NO).trim().to_string();
        let pin = self.form.value(PIN);
        if staff_no.is_empty() {
            self.form
                .fail(STAFF_NO, i18n::LOGIN_NEED_STAFF_NO.get(lang).to_string());
            return Reply::Done;
        }
        if pin.is_empty() {
            // Enter in the staff-number field moves on to the PIN, as counter staff expect.
            self.form.focus = PIN;
            return Reply::Done;
        }
        Reply::Run(Command::Login { staff_no, pin })
    }

    pub fn render(&self, frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>) {
        let lang = ctx.lang;
        // Wider for a message under a field (a lock-out explains itself at some length, in
        // English most of all), up to a width that leaves the screen around it; a longer
        // message wraps under the field.
        let widest_error = self
            .form
            .fields
            .iter()
            .filter_map(|f| f.error.as_deref())
            .map(display_width)
            .max()
            .unwrap_or(0);
        let width = (widest_error as u16).saturating_add(20).clamp(50, 66);
        let width = width.min(area.width);
        let rect = centered(
            area,
            width,
            self.form.height(width.saturating_sub(4), lang) + 7,
        );
        let title = if self.locked_staff.is_some() {
            i18n::LOCK_TITLE.get(lang)
        } else {
            i18n::LOGIN_TITLE.get(lang)
        };
        let block = panel(title);
        let inner = block.inner(rect);
        crate::tui::widgets::dialog::clear_popup(frame, rect);
        frame.render_widget(block, rect);
        let intro = if self.locked_staff.is_some() {
            i18n::LOCK_INTRO.get(lang)
        } else {
            i18n::LOGIN_INTRO.get(lang)
        };
        frame.render_widget(
            Paragraph::new(Line::from(intro)),
            Rect { height: 1, ..inner },
        );
        let form_area = Rect {
            y: inner.y + 2,
            height: inner.height.saturating_sub(2),
            x: inner.x + 1,
            width: inner.width.saturating_sub(2),
        };
        self.form.render(frame, form_area, lang, true);
    }
}

impl Default for Login {
    fn default() -> Self {
        Login::new()
    }
}
