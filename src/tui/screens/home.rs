//! Home: the counter's menu of functions, each entry the same action as its F-key.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Command, Ctx, Reply, panel};
use crate::domain::text::display_width;
use crate::i18n;
use crate::keymap::{Action, KeyChord, Scope};

/// The menu, in the order of the F-keys.
pub const ENTRIES: [Action; 7] = [
    Action::GoQueue,
    Action::GoSearch,
    Action::GoCash,
    Action::GoInstall,
    Action::GoTransfer,
    Action::GoCare,
    Action::GoReports,
];

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Home {
    pub selected: usize,
}

impl Home {
    pub fn on_key(&mut self, ctx: &Ctx<'_>, key: &KeyEvent) -> Reply {
        match ctx.keymap.action(Scope::Home, &KeyChord::from_event(key)) {
            Some(Action::SelectNext) => {
                self.selected = (self.selected + 1) % ENTRIES.len();
                Reply::Done
            }
            Some(Action::SelectPrev) => {
                self.selected = (self.selected + ENTRIES.len() - 1) % ENTRIES.len();
                Reply::Done
            }
            Some(Action::Activate) => Reply::Run(Command::Global(ENTRIES[self.selected])),
            _ => Reply::Pass,
        }
    }

    pub fn render(&self, frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>) {
        let lang = ctx.lang;
        let block = panel(i18n::HOME_TITLE.get(lang));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let mut lines = vec![Line::from(i18n::HOME_INTRO.get(lang)), Line::from("")];
        for (i, action) in ENTRIES.iter().enumerate() {
            let keys: Vec<String> = ctx
                .keymap
                .keys_in(&[Scope::Home], *action)
                .iter()
                .map(|k| k.to_string())
                .collect();
            let label = action.label().get(lang);
            let text = format!(
                "  {label}{}",
                " ".repeat(14usize.saturating_sub(display_width(label)))
            );
            let style = if i == self.selected {
                Style::default().add_modifier(Modifier::REVERSED)
            } else {
                Style::default()
            };
            lines.push(Line::from(vec![
                Span::styled(text, style),
                Span::styled(
                    format!("  {}", keys.join(" / ")),
                    Style::default().add_modifier(Modifier::DIM),
                ),
            ]));
        }
        frame.render_widget(Paragraph::new(lines), inner);
    }
}
