//! Help (F1): every key of the screen it was opened from, then the form and global keys,
//! read from the live keymap so it is never out of date.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Ctx, Reply, panel};
use crate::domain::text::display_width;
use crate::i18n::{self, Msg};
use crate::keymap::{Action, KeyChord, Scope};
use crate::tui::widgets::chrome::textwrap_cells;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Help {
    /// The screen the help is about.
    pub about: Scope,
    pub scroll: u16,
}

fn section_title(scope: Scope) -> Msg {
    match scope {
        Scope::Global => i18n::HELP_GLOBAL,
        Scope::Form => i18n::HELP_FORM,
        Scope::Dialog => i18n::HELP_DIALOG,
        _ => i18n::HELP_SCREEN,
    }
}

impl Help {
    pub fn new(about: Scope) -> Help {
        Help { about, scroll: 0 }
    }

    pub fn on_key(&mut self, ctx: &Ctx<'_>, key: &KeyEvent) -> Reply {
        match ctx.keymap.action(Scope::Help, &KeyChord::from_event(key)) {
            Some(Action::ScrollDown) => self.scroll = self.scroll.saturating_add(1),
            Some(Action::ScrollUp) => self.scroll = self.scroll.saturating_sub(1),
            Some(Action::PageDown) => self.scroll = self.scroll.saturating_add(10),
            Some(Action::PageUp) => self.scroll = self.scroll.saturating_sub(10),
            _ => return Reply::Pass,
        }
        Reply::Done
    }

    /// The help text, its closing note wrapped to `width` cells.
    pub fn lines(&self, ctx: &Ctx<'_>, width: usize) -> Vec<Line<'static>> {
        let lang = ctx.lang;
        let mut lines = Vec::new();
        let mut sections = vec![self.about, Scope::Form, Scope::Dialog, Scope::Global];
        sections.dedup();
        for scope in sections {
            let bindings = ctx.keymap.bindings(scope);
            if bindings.is_empty() {
                continue;
            }
            lines.push(Line::from(Span::styled(
                section_title(scope).get(lang).to_string(),
                Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            )));
            for (action, keys) in bindings {
                let keys = keys
                    .iter()
                    .map(|k| k.to_string())
                    .collect::<Vec<_>>()
                    .join(" / ");
                let pad = 18usize.saturating_sub(display_width(&keys));
                lines.push(Line::from(format!(
                    "  {keys}{}{}",
                    " ".repeat(pad),
                    action.label().get(lang)
                )));
            }
            lines.push(Line::from(""));
        }
        lines.extend(
            textwrap_cells(i18n::HELP_TEXT_RULE.get(lang), width)
                .into_iter()
                .map(Line::from),
        );
        lines
    }

    pub fn render(&self, frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>) {
        let block = panel(i18n::HELP_TITLE.get(ctx.lang));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let lines = self.lines(ctx, inner.width as usize);
        let max_scroll = (lines.len() as u16).saturating_sub(inner.height);
        frame.render_widget(
            Paragraph::new(lines).scroll((self.scroll.min(max_scroll), 0)),
            inner,
        );
    }
}
