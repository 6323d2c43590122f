//! Placeholder for a counter function that a later release delivers: it says so plainly
//! instead of pretending.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Paragraph, Wrap};

use super::{Ctx, panel};
use crate::i18n;
use crate::keymap::Action;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coming {
    pub feature: Action,
}

impl Coming {
    pub fn render(&self, frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>) {
        let lang = ctx.lang;
        let block = panel(self.feature.label().get(lang));
        let text = i18n::COMING_TEXT.fill(lang, &[("feature", &self.feature.label().get(lang))]);
        frame.render_widget(
            Paragraph::new(text).wrap(Wrap { trim: false }).block(block),
            area,
        );
    }
}
