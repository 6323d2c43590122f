//! Customer search (F3): one box, results as you type (best match first), Enter opens
//! the customer view.
//! Names and phones are masked in the list; the full record is one Enter away.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Command, Ctx, Reply, panel};
use crate::db::account::{AccountSummary, SearchKind};
use crate::domain::mask::{mask_name, mask_phone};
use crate::domain::search::MAX_QUERY_CHARS;
use crate::domain::text::{display_width, sanitize, truncate_to_width};
use crate::i18n::{self, Msg};
use crate::keymap::{Action, KeyChord, Scope};
use crate::tui::widgets::table::{self, Selection};
use crate::tui::widgets::text_input::{Edit, TextInput};

/// Rows a search fetches: a screenful and a bit, never the whole match.
pub const RESULT_LIMIT: usize = 50;

/// Widths of the account, holder and mobile columns (one cell between columns); the
/// address takes the rest.
const COLUMNS: [u16; 3] = [10, 8, 11];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Search {
    pub input: TextInput,
    pub rows: Vec<AccountSummary>,
    pub kinds: Vec<SearchKind>,
    pub selection: Selection,
    /// Per row, whether a person on the care register uses the account.
    pub care: Vec<bool>,
}

impl Default for Search {
    fn default() -> Self {
        Search {
            input: TextInput::new(MAX_QUERY_CHARS),
            rows: Vec::new(),
            kinds: Vec::new(),
            selection: Selection::default(),
            care: Vec::new(),
        }
    }
}

fn kind_label(kind: SearchKind) -> Msg {
    match kind {
        SearchKind::AccountNo => i18n::KIND_ACCOUNT_NO,
        SearchKind::Phone => i18n::KIND_PHONE,
        SearchKind::PhoneLast4 => i18n::KIND_PHONE_LAST4,
        SearchKind::Initials => i18n::KIND_INITIALS,
        SearchKind::NameChars => i18n::KIND_NAME,
        SearchKind::AddressChars => i18n::KIND_ADDRESS,
    }
}

impl Search {
    pub fn set_results(&mut self, rows: Vec<AccountSummary>, kinds: Vec<SearchKind>) {
        self.rows = rows;
        self.kinds = kinds;
        self.care.clear();
        self.selection.reset();
    }

    /// Which rows belong to a person on the care register (their 关爱 mark).
    pub fn set_care(&mut self, care: Vec<bool>) {
        self.care = care;
    }

    pub fn on_paste(&mut self, text: &str) -> Reply {
        match self.input.insert_str(text) {
            Edit::Changed => self.query_changed().noting_dropped_lines(text),
            Edit::Refused => Reply::Refused,
            _ => Reply::Done,
        }
    }

    fn query_changed(&mut self) -> Reply {
        Reply::Run(Command::Search {
            query: self.input.value(),
        })
    }

    pub fn on_key(&mut self, ctx: &Ctx<'_>, key: &KeyEvent) -> Reply {
        let chord = KeyChord::from_event(key);
        if !chord.is_text() {
            match ctx.keymap.action(Scope::Search, &chord) {
                Some(Action::SelectNext) => {
                    self.selection.next(self.rows.len());
                    return Reply::Done;
                }
                Some(Action::SelectPrev) => {
                    self.selection.prev();
                    return Reply::Done;
                }
                Some(Action::PageDown) => {
                    self.selection.page_down(self.rows.len(), 10);
                    return Reply::Done;
                }
                Some(Action::PageUp) => {
                    self.selection.page_up(10);
                    return Reply::Done;
                }
                Some(Action::Open) => {
                    return match self.rows.get(self.selection.selected) {
                        Some(row) => Reply::Run(Command::OpenAccount { id: row.id }),
                        None => Reply::Done,
                    };
                }
                _ => {}
            }
        }
        // Ctrl-U empties the box, as in every form (help lists it).
        if ctx.keymap.action_in(&[Scope::Form], &chord) == Some(Action::ClearField) {
            if self.input.is_empty() {
                return Reply::Done;
            }
            self.input.clear();
            return self.query_changed();
        }
        match self.input.handle_key(key) {
            Edit::Changed => self.query_changed(),
            Edit::Moved => Reply::Done,
            Edit::Refused => Reply::Refused,
            Edit::Ignored => Reply::Pass,
        }
    }

    pub fn render(&self, frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>) {
        let lang = ctx.lang;
        let block = panel(i18n::SEARCH_TITLE.get(lang));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let [prompt_row, hint_row, results] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(1),
        ])
        .areas(inner);
        let prompt = i18n::SEARCH_PROMPT.get(lang);
        let prompt_w = display_width(prompt) as u16 + 1;
        let field_w = prompt_row.width.saturating_sub(prompt_w) as usize;
        let (shown, cursor) = self.input.visible(field_w, false);
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(
                    format!("{prompt} "),
                    Style::default().add_modifier(Modifier::BOLD),
                ),
                Span::styled(
                    format!(
                        "{shown}{}",
                        " ".repeat(field_w.saturating_sub(display_width(&shown)))
                    ),
                    Style::default().add_modifier(Modifier::UNDERLINED),
                ),
            ])),
            prompt_row,
        );
        frame.set_cursor_position(Position::new(
            prompt_row.x + prompt_w + cursor as u16,
            prompt_row.y,
        ));
        let hint = if self.input.is_empty() {
            i18n::SEARCH_HINT.get(lang).to_string()
        } else if self.rows.is_empty() {
            i18n::SEARCH_NONE.get(lang).to_string()
        } else {
            let kinds: Vec<&str> = self
                .kinds
                .iter()
                .map(|k| kind_label(*k).get(lang))
                .collect();
            let more = if self.rows.len() >= RESULT_LIMIT {
                "+"
            } else {
                ""
            };
            i18n::SEARCH_COUNT.fill(
                lang,
                &[
                    ("count", &format!("{}{more}", self.rows.len())),
                    ("kinds", &kinds.join("、")),
                ],
            )
        };
        // The selected customer is on the care register: said discreetly, on the hint
        // line (the customer view then shows what serving them needs).
        let hint = if self
            .care
            .get(self.selection.selected)
            .copied()
            .unwrap_or(false)
        {
            format!("{hint}  {}", i18n::CARE_SELECTED_MARK.get(lang))
        } else {
            hint
        };
        frame.render_widget(
            Paragraph::new(hint).style(Style::default().add_modifier(Modifier::DIM)),
            hint_row,
        );
        if self.rows.is_empty() {
            return;
        }
        let header = [
            i18n::COL_ACCOUNT_NO,
            i18n::COL_HOLDER,
            i18n::COL_PHONE,
            i18n::COL_ADDRESS,
        ]
        .iter()
        .map(|m| m.get(lang).to_string())
        .collect();
        // Cut with an ellipsis rather than at the column edge, so a cut-off room number
        // never reads as a different one.
        let fixed: u16 = COLUMNS.iter().sum::<u16>() + COLUMNS.len() as u16;
        let address_w = results.width.saturating_sub(fixed) as usize;
        let rows = self
            .rows
            .iter()
            .map(|r| {
                vec![
                    r.account_no.clone(),
                    mask_name(&r.holder_name),
                    r.phone
                        .as_deref()
                        .map(mask_phone)
                        .unwrap_or_else(|| "-".into()),
                    truncate_to_width(
                        &format!("{} {}", sanitize(&r.district), sanitize(&r.address)),
                        address_w,
                    ),
                ]
            })
            .collect();
        table::render(
            frame,
            results,
            header,
            rows,
            &[
                Constraint::Length(COLUMNS[0]),
                Constraint::Length(COLUMNS[1]),
                Constraint::Length(COLUMNS[2]),
                Constraint::Min(10),
            ],
            Some(self.selection.selected),
        );
    }
}
