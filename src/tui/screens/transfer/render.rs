//! Drawing the worklist, the checklist (with a form over it) and the slip.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph};

use super::{Checklist, Mode, Row, SubForm, TransferScreen};
use crate::domain::mask::{mask_id_number, mask_name, mask_phone};
use crate::domain::text::{display_width, sanitize, truncate_to_width};
use crate::domain::transfer::{Step, StepState};
use crate::i18n::{self, Lang};
use crate::tui::screens::{Ctx, inside, panel};
use crate::tui::widgets::chrome::textwrap_cells;
use crate::tui::widgets::{dialog, table};

impl TransferScreen {
    pub fn render(&self, frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>) {
        match &self.mode {
            Mode::Worklist => self.render_worklist(frame, area, ctx.lang),
            Mode::Checklist(c) => c.render(frame, area, ctx.lang),
            Mode::Slip(slip, scroll) => {
                let lang = ctx.lang;
                let inner = inside(frame, area, panel(i18n::TRANSFER_SLIP_TITLE.get(lang)));
                let lines = crate::printout::transfer::slip_text(slip, lang, self.demo);
                let visible = inner.height as usize;
                let top = (*scroll as usize).min(lines.len().saturating_sub(visible));
                let text: Vec<Line<'_>> = lines
                    .into_iter()
                    .skip(top)
                    .take(visible)
                    .map(Line::from)
                    .collect();
                frame.render_widget(Paragraph::new(text), inner);
            }
        }
    }

    fn render_worklist(&self, frame: &mut Frame<'_>, area: Rect, lang: Lang) {
        let inner = inside(frame, area, panel(i18n::TRANSFER_WORKLIST_TITLE.get(lang)));
        if let Some(error) = &self.error {
            let lines: Vec<Line<'_>> = textwrap_cells(error, inner.width as usize)
                .into_iter()
                .map(Line::from)
                .collect();
            frame.render_widget(Paragraph::new(lines), inner);
            return;
        }
        let hint_rows = 2;
        let list = Rect {
            height: inner.height.saturating_sub(hint_rows),
            ..inner
        };
        if self.worklist.is_empty() {
            frame.render_widget(
                Paragraph::new(i18n::TRANSFER_WORKLIST_EMPTY.get(lang)),
                list,
            );
        } else {
            let header = vec![
                i18n::TRANSFER_COL_ACCOUNT.get(lang).to_string(),
                i18n::TRANSFER_COL_HOLDERS.get(lang).to_string(),
                i18n::TRANSFER_COL_CASE_NO.get(lang).to_string(),
                i18n::TRANSFER_COL_ADDRESS.get(lang).to_string(),
            ];
            let rows = self
                .worklist
                .iter()
                .map(|p| {
                    vec![
                        sanitize(&p.account_no).into_owned(),
                        format!("{} → {}", mask_name(&p.old_name), mask_name(&p.new_name)),
                        p.registry_case_no
                            .as_deref()
                            .map(|c| sanitize(c).into_owned())
                            .unwrap_or_default(),
                        sanitize(&p.address).into_owned(),
                    ]
                })
                .collect();
            table::render(
                frame,
                list,
                header,
                rows,
                &[
                    Constraint::Length(10),
                    Constraint::Length(16),
                    Constraint::Length(16),
                    Constraint::Min(10),
                ],
                Some(self.selection.selected),
            );
        }
        let hint = Rect {
            y: inner.bottom().saturating_sub(hint_rows),
            height: hint_rows,
            ..inner
        };
        let lines: Vec<Line<'_>> =
            textwrap_cells(i18n::TRANSFER_WORKLIST_HINT.get(lang), inner.width as usize)
                .into_iter()
                .map(|l| Line::from(l).style(Style::default().add_modifier(Modifier::DIM)))
                .collect();
        frame.render_widget(Paragraph::new(lines), hint);
    }
}

fn state_mark(state: StepState) -> &'static str {
    match state {
        StepState::Done => "[✓]",
        StepState::NotNeeded => "[-]",
        StepState::Pending => "[ ]",
        StepState::Blocked => "[!]",
    }
}

impl Checklist {
    /// What a step's row says beside its state.
    fn detail(&self, step: Step, lang: Lang) -> String {
        let s = &self.load.situation;
        match step {
            Step::Account => match &self.load.pending {
                Some(p) => i18n::TRANSFER_DETAIL_PENDING.fill(
                    lang,
                    &[(
                        "case",
                        &p.registry_case_no
                            .as_deref()
                            .map(|c| sanitize(c).into_owned())
                            .unwrap_or_default(),
                    )],
                ),
                None if !s.active => i18n::TRANSFER_NOT_ACTIVE.get(lang).to_string(),
                None => match (&s.open_install, &s.card_unfinished) {
                    (Some(app_no), _) => {
                        i18n::TRANSFER_INSTALL_OPEN.fill(lang, &[("app", &sanitize(app_no))])
                    }
                    (None, Some(receipt)) => {
                        crate::db::transfer::card_unfinished_text(receipt.as_deref(), lang)
                    }
                    (None, None) => String::new(),
                },
            },
            Step::Arrears if s.owed.is_positive() => {
                i18n::TRANSFER_DETAIL_OWED.fill(lang, &[("owed", &s.owed.yuan_string())])
            }
            Step::Arrears => String::new(),
            Step::Reading => match s.readings_missing.first() {
                Some(serial) => {
                    i18n::TRANSFER_DETAIL_READ.fill(lang, &[("serial", &sanitize(serial))])
                }
                None if !s.has_postpaid => i18n::TRANSFER_SLIP_NO_READING.get(lang).to_string(),
                None => s
                    .final_readings
                    .iter()
                    .map(|(serial, _, l)| {
                        format!(
                            "{} {}",
                            sanitize(serial),
                            crate::printout::m3(crate::domain::tariff::Volume(*l))
                        ) + " m³"
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
            },
            Step::Balance if s.balance.is_positive() && self.consent => {
                i18n::TRANSFER_BALANCE_CARRIED.fill(lang, &[("amount", &s.balance.yuan_string())])
            }
            Step::Balance if s.balance.is_positive() => {
                i18n::TRANSFER_DETAIL_BALANCE.fill(lang, &[("amount", &s.balance.yuan_string())])
            }
            Step::Balance => String::new(),
            Step::Documents => {
                let mut text = self.case_rule().name(lang).to_string();
                if self.by_agent {
                    text = format!(
                        "{text} · {}",
                        crate::domain::transfer::TransferRules::builtin()
                            .agent
                            .name(lang)
                    );
                }
                text
            }
            Step::NewHolder => match &self.holder {
                Some(h) => format!(
                    "{} {} {} {}",
                    mask_name(&h.name),
                    mask_id_number(h.id_number.as_str()),
                    mask_phone(h.phone.as_str()),
                    i18n::TRANSFER_DETAIL_HOUSEHOLD.fill(lang, &[("n", &h.household_size)])
                ),
                None => i18n::TRANSFER_DETAIL_HOLDER.get(lang).to_string(),
            },
            Step::Fee => {
                let fee = self.case_rule().fee();
                if fee.is_positive() {
                    i18n::TRANSFER_FEE_AT_COMMIT.fill(lang, &[("fee", &fee.yuan_string())])
                } else {
                    String::new()
                }
            }
        }
    }

    fn render(&self, frame: &mut Frame<'_>, area: Rect, lang: Lang) {
        let s = &self.load.situation;
        let title =
            i18n::TRANSFER_CHECKLIST_TITLE.fill(lang, &[("account", &sanitize(&s.account_no))]);
        let inner = inside(frame, area, panel(&title));
        let width = inner.width as usize;
        let bold = Style::default().add_modifier(Modifier::BOLD);
        let mut lines: Vec<Line<'_>> = Vec::new();
        let head = format!(
            "{} {}  {}",
            i18n::TRANSFER_SLIP_OLD.get(lang),
            mask_name(&s.holder_name),
            sanitize(&s.address)
        );
        lines.push(Line::from(truncate_to_width(&head, width)));
        let states = self.states();
        let docs = self.documents();
        let label_width = crate::domain::transfer::Step::ALL
            .iter()
            .map(|st| display_width(st.label().get(lang)))
            .max()
            .unwrap_or(8)
            + 2;
        for (i, row) in self.rows().iter().enumerate() {
            let selected = i == self.cursor && self.form.is_none();
            let text = match row {
                Row::Step(step) => {
                    let n = Step::ALL.iter().position(|x| x == step).unwrap_or(0);
                    let state = states[n];
                    let label = step.label().get(lang);
                    let pad = label_width.saturating_sub(display_width(label));
                    let state_label = state.label().get(lang);
                    let state_pad = 12usize.saturating_sub(display_width(state_label));
                    format!(
                        "{} {}. {label}{}{state_label}{}{}",
                        state_mark(state),
                        n + 1,
                        " ".repeat(pad),
                        " ".repeat(state_pad),
                        self.detail(*step, lang)
                    )
                }
                Row::Document(d) => {
                    let doc = docs[*d];
                    let mark = if self.seen.contains(&doc.code) {
                        "[x]"
                    } else {
                        "[ ]"
                    };
                    format!("       {mark} {}", doc.name(lang))
                }
            };
            let text = truncate_to_width(&text, width);
            let style = if selected {
                Style::default().add_modifier(Modifier::REVERSED)
            } else if matches!(row, Row::Step(_)) {
                Style::default()
            } else {
                Style::default().add_modifier(Modifier::DIM)
            };
            lines.push(Line::from(Span::styled(text, style)));
        }
        if !self.holder_accounts.is_empty() {
            let list: Vec<String> = self
                .holder_accounts
                .iter()
                .map(|a| sanitize(&a.account_no).into_owned())
                .collect();
            let text = i18n::TRANSFER_HOLDER_HAS_ACCOUNTS.fill(
                lang,
                &[("count", &list.len()), ("accounts", &list.join(", "))],
            );
            for l in textwrap_cells(&text, width) {
                lines.push(Line::from(l));
            }
            // The ID number is on record under another name: a typo in the number, or
            // someone else's card. Shown, not refused (a name can change).
            if let Some(holder) = &self.holder {
                let mut others: Vec<String> = self
                    .holder_accounts
                    .iter()
                    .filter(|a| a.holder_name.trim() != holder.name.trim())
                    .map(|a| mask_name(&sanitize(&a.holder_name)))
                    .collect();
                others.dedup();
                if !others.is_empty() {
                    let text = i18n::TRANSFER_HOLDER_ID_OTHER_NAME.fill(
                        lang,
                        &[
                            (
                                "names",
                                &others.join(if lang == Lang::Zh { "、" } else { ", " }),
                            ),
                            ("name", &mask_name(&sanitize(&holder.name))),
                        ],
                    );
                    for l in textwrap_cells(&text, width) {
                        lines.push(Line::styled(l, bold));
                    }
                }
            }
        }
        let ready = if self.ready() {
            Line::styled(i18n::TRANSFER_READY.get(lang), bold)
        } else {
            Line::styled(
                i18n::TRANSFER_NOT_READY.get(lang),
                Style::default().add_modifier(Modifier::DIM),
            )
        };
        lines.push(ready);
        frame.render_widget(Paragraph::new(lines), inner);
        if let Some(form) = &self.form {
            let (title, form) = match form {
                SubForm::Holder(f) => (i18n::TRANSFER_STEP_NEW_HOLDER, f),
                SubForm::Refund(f) => (i18n::TRANSFER_REFUND_TITLE, f),
                SubForm::Back(f) => (i18n::TRANSFER_BACK_TITLE, f),
                SubForm::Cancel(f) => (i18n::TRANSFER_CANCEL_TITLE, f),
            };
            let width = 64u16.min(area.width);
            let height = form.height(width.saturating_sub(4), lang) + 2;
            let rect = dialog::centered(area, width, height);
            dialog::clear_popup(frame, rect);
            let block = Block::default()
                .borders(Borders::ALL)
                .border_type(BorderType::Double)
                .title(Line::from(format!(" {} ", title.get(lang))).style(bold));
            let inner = inside(frame, rect, block);
            form.render(frame, inner, lang, true);
        }
    }
}
