//! Drawing the register, a file and the forms over it. Names, ID numbers and phones are
//! masked on screen; the file says everything else a visit needs.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::{CareScreen, Filter, Step};
use crate::db::care::CareFile;
use crate::domain::care::CareRules;
use crate::domain::mask::{mask_id_number, mask_name, mask_phone};
use crate::domain::text::sanitize;
use crate::i18n::{self, Lang};
use crate::tui::screens::{Ctx, inside, panel};
use crate::tui::widgets::chrome::textwrap_cells;
use crate::tui::widgets::dialog::form_dialog;
use crate::tui::widgets::{dialog, table};

fn bold() -> Style {
    Style::default().add_modifier(Modifier::BOLD)
}

impl CareScreen {
    pub fn render(&self, frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>) {
        let lang = ctx.lang;
        match &self.file {
            Some(file) => render_file(frame, area, file, lang, self.today),
            None => self.render_list(frame, area, lang),
        }
        match &self.step {
            Step::Visit(v) => {
                let rules = CareRules::builtin();
                let checks: Vec<String> = rules
                    .checks
                    .iter()
                    .enumerate()
                    .map(|(i, c)| format!("{} {}", i + 1, c.name(lang)))
                    .collect();
                let hint = i18n::CARE_VISIT_HINT.fill(lang, &[("checks", &checks.join("  "))]);
                form_dialog(
                    frame,
                    area,
                    i18n::CARE_VISIT_TITLE.get(lang),
                    &v.form,
                    &hint,
                    lang,
                );
            }
            Step::Register(r) => {
                form_dialog(
                    frame,
                    area,
                    i18n::CARE_REGISTER_TITLE.get(lang),
                    &r.form,
                    &r.hint(lang),
                    lang,
                );
            }
            Step::Resolve { form, .. } => {
                let hazard = self
                    .file
                    .as_ref()
                    .and_then(|f| f.open_hazards.first())
                    .map(|h| format!("{}: {}", h.due_on, sanitize(&h.what)))
                    .unwrap_or_default();
                form_dialog(
                    frame,
                    area,
                    i18n::CARE_RESOLVE_TITLE.get(lang),
                    form,
                    &hazard,
                    lang,
                );
            }
            Step::Withdraw => {
                let name = self
                    .file
                    .as_ref()
                    .map(|f| mask_name(&f.name))
                    .unwrap_or_default();
                dialog::render(
                    frame,
                    area,
                    i18n::CARE_WITHDRAW_TITLE.get(lang),
                    &[i18n::CARE_WITHDRAW_TEXT.fill(lang, &[("name", &name)])],
                    i18n::CARE_CONFIRM_HINT.get(lang),
                );
            }
            Step::None => {}
        }
    }

    fn render_list(&self, frame: &mut Frame<'_>, area: Rect, lang: Lang) {
        let block = panel(i18n::CARE_TITLE.get(lang));
        let inner = inside(frame, area, block);
        let [filters, body] =
            Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(inner);
        let tabs: Vec<String> = Filter::TABS
            .iter()
            .map(|tab| {
                if self.filter.is_tab_of(*tab) {
                    format!("[{}]", self.filter.label(lang))
                } else if matches!(tab, Filter::Category(_)) {
                    format!(" {} ", i18n::CARE_FILTER_BY_CATEGORY.get(lang))
                } else {
                    format!(" {} ", tab.label(lang))
                }
            })
            .collect();
        frame.render_widget(
            Paragraph::new(Line::styled(tabs.join(" "), bold())),
            filters,
        );
        let rows = match &self.rows {
            None => {
                frame.render_widget(Paragraph::new(i18n::CARE_LOADING.get(lang)), body);
                return;
            }
            Some(Err(why)) => {
                let lines: Vec<Line<'_>> = textwrap_cells(why, body.width as usize)
                    .into_iter()
                    .map(Line::from)
                    .collect();
                frame.render_widget(Paragraph::new(lines), body);
                return;
            }
            Some(Ok(rows)) => rows,
        };
        if rows.is_empty() {
            frame.render_widget(Paragraph::new(i18n::CARE_NONE.get(lang)), body);
            return;
        }
        let header = [
            i18n::CARE_COL_NAME,
            i18n::CARE_COL_MARKS,
            i18n::CARE_COL_NEXT,
            i18n::CARE_COL_LATE,
            i18n::CARE_COL_HAZARDS,
            i18n::CARE_COL_HELPER,
        ]
        .iter()
        .map(|m| m.get(lang).to_string())
        .collect();
        let cells = rows
            .iter()
            .map(|r| {
                vec![
                    sanitize(&r.name_masked).into_owned(),
                    r.marks.clone(),
                    r.next_visit.to_string(),
                    if r.overdue_days > 0 {
                        r.overdue_days.to_string()
                    } else {
                        String::new()
                    },
                    if r.open_hazards > 0 {
                        r.open_hazards.to_string()
                    } else {
                        String::new()
                    },
                    r.helper.clone(),
                ]
            })
            .collect();
        table::render(
            frame,
            body,
            header,
            cells,
            &[
                Constraint::Length(10),
                Constraint::Length(8),
                Constraint::Length(10),
                Constraint::Length(6),
                Constraint::Length(6),
                Constraint::Min(6),
            ],
            Some(self.selection.selected),
        );
    }
}

fn render_file(
    frame: &mut Frame<'_>,
    area: Rect,
    file: &CareFile,
    lang: Lang,
    today: chrono::NaiveDate,
) {
    let rules = CareRules::builtin();
    let block = panel(i18n::CARE_FILE_TITLE.get(lang));
    let inner = inside(frame, area, block);
    let width = inner.width as usize;
    let categories = file
        .categories
        .iter()
        .filter_map(|c| rules.category(c).map(|c| c.name(lang).to_string()))
        .collect::<Vec<_>>()
        .join(list_sep(lang));
    let needs = file
        .needs
        .iter()
        .filter_map(|c| rules.need(c).map(|n| n.name(lang).to_string()))
        .collect::<Vec<_>>()
        .join(list_sep(lang));
    let or_dash = |s: String| if s.is_empty() { "—".to_string() } else { s };
    let mut text = vec![
        i18n::CARE_FILE_PERSON.fill(
            lang,
            &[
                ("name", &mask_name(&file.name)),
                (
                    "id",
                    &or_dash(
                        file.id_number
                            .as_deref()
                            .map(mask_id_number)
                            .unwrap_or_default(),
                    ),
                ),
                (
                    "phone",
                    &or_dash(file.phone.as_deref().map(mask_phone).unwrap_or_default()),
                ),
            ],
        ),
        i18n::CARE_FILE_CATEGORIES.fill(
            lang,
            &[("categories", &categories), ("needs", &or_dash(needs))],
        ),
        i18n::CARE_FILE_HINT_LINE.fill(
            lang,
            &[("hint", &or_dash(rules.counter_hint(&file.needs, lang)))],
        ),
        i18n::CARE_FILE_CONTACTS.fill(
            lang,
            &[
                (
                    "nominee",
                    &or_dash(
                        file.nominee
                            .as_ref()
                            .map(|(n, p)| format!("{} {}", mask_name(n), mask_phone(p)))
                            .unwrap_or_default(),
                    ),
                ),
                (
                    "emergency",
                    &or_dash(
                        file.emergency
                            .as_ref()
                            .map(|(n, p)| format!("{} {}", mask_name(n), mask_phone(p)))
                            .unwrap_or_default(),
                    ),
                ),
            ],
        ),
        i18n::CARE_FILE_ASSISTANCE.fill(
            lang,
            &[
                (
                    "helper",
                    &sanitize(
                        &file
                            .helper
                            .clone()
                            .or(file.team.clone())
                            .unwrap_or_default(),
                    ),
                ),
                ("every", &file.visit_every_days),
                ("accounts", &file.accounts.join(" ")),
            ],
        ),
        i18n::CARE_FILE_CONSENT.fill(
            lang,
            &[
                (
                    "by",
                    &match file.consent_by.as_str() {
                        "nominee" => i18n::CARE_BY_NOMINEE,
                        _ => i18n::CARE_BY_PERSON,
                    }
                    .get(lang),
                ),
                (
                    "on",
                    &file.consent_on.map(|d| d.to_string()).unwrap_or_default(),
                ),
                (
                    "review",
                    &match file.review_on {
                        // A review date gone by is said: consent is to be confirmed (r).
                        Some(d) if d < today && file.status == "active" => {
                            i18n::CARE_REVIEW_DUE.fill(lang, &[("date", &d)])
                        }
                        Some(d) => d.to_string(),
                        None => String::new(),
                    },
                ),
                (
                    "status",
                    &match file.status.as_str() {
                        "active" => i18n::CARE_STATUS_ACTIVE,
                        "withdrawn" => i18n::CARE_STATUS_WITHDRAWN,
                        _ => i18n::CARE_STATUS_PURGED,
                    }
                    .get(lang),
                ),
            ],
        ),
    ];
    for h in &file.open_hazards {
        text.push(i18n::CARE_FILE_HAZARD.fill(
            lang,
            &[
                ("due", &h.due_on),
                ("what", &sanitize(&h.what)),
                ("follow_up", &sanitize(&h.follow_up)),
            ],
        ));
    }
    text.push(i18n::CARE_FILE_VISITS.fill(lang, &[("count", &file.visits.len())]));
    for v in file.visits.iter().take(8) {
        let failed: Vec<String> = v
            .checks
            .iter()
            .filter(|(_, ok)| !ok)
            .filter_map(|(c, _)| rules.check(c).map(|c| c.name(lang).to_string()))
            .collect();
        let note = if v.note.trim().is_empty() {
            String::new()
        } else {
            format!("  {}", sanitize(&v.note))
        };
        text.push(format!(
            "  {}  {}  {}{}{note}",
            v.visited_on,
            sanitize(&v.staff),
            if failed.is_empty() {
                i18n::CARE_CHECKS_OK.get(lang).to_string()
            } else {
                i18n::CARE_CHECKS_FAILED.fill(lang, &[("checks", &failed.join(list_sep(lang)))])
            },
            if v.hose_replaced {
                i18n::CARE_HOSE_REPLACED.get(lang)
            } else {
                ""
            },
        ));
    }
    let lines: Vec<Line<'_>> = text
        .iter()
        .flat_map(|t| textwrap_cells(t, width))
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                Line::styled(l, bold())
            } else {
                Line::from(l)
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// A form in a double-bordered box at the bottom of the screen, its hint above the fields.
/// The separator of a short list in running text.
fn list_sep(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "、",
        Lang::En => ", ",
    }
}
