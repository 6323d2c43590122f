//! The frame around every screen: status bar on top, message line and key hints at the
//! bottom, and the notice shown instead of everything when the terminal is too small.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::domain::text::{display_width, truncate_to_width};
use crate::i18n::{self, Lang};
use crate::keymap::{Action, Keymap, Scope};

pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// What the status bar shows; strings are sanitised by the caller.
#[derive(Debug, Clone, Default)]
pub struct Status {
    pub office: Option<String>,
    pub counter: Option<i64>,
    pub staff: Option<String>,
    pub business_date: String,
    pub clock: String,
    pub demo: bool,
    pub read_only: bool,
}

impl Status {
    /// The status of a screen that belongs to an office, not to a logged-in clerk (the
    /// kiosk, the display board).
    pub fn office_display(
        office: String,
        local: chrono::DateTime<chrono::FixedOffset>,
        demo: bool,
        read_only: bool,
    ) -> Status {
        Status {
            office: Some(office),
            counter: None,
            staff: None,
            business_date: local.format("%Y-%m-%d").to_string(),
            clock: local.format("%H:%M").to_string(),
            demo,
            read_only,
        }
    }
}

pub fn status_bar(frame: &mut Frame<'_>, area: Rect, status: &Status, lang: Lang) {
    let mut spans = Vec::new();
    if status.demo {
        spans.push(Span::styled(
            i18n::BANNER_DEMO.get(lang),
            Style::default()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
        ));
        spans.push(Span::raw(" "));
    }
    if status.read_only {
        spans.push(Span::styled(
            i18n::BANNER_READ_ONLY.get(lang),
            Style::default()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD),
        ));
        spans.push(Span::raw(" "));
    }
    let mut left = Vec::new();
    if status.office.is_none() {
        left.push(i18n::APP_NAME.get(lang).to_string());
    }
    if let Some(office) = &status.office {
        left.push(office.clone());
    }
    if let Some(counter) = status.counter {
        left.push(i18n::STATUS_COUNTER.fill(lang, &[("counter", &counter)]));
    }
    if let Some(staff) = &status.staff {
        left.push(staff.clone());
    }
    let right = format!("{} {} ", status.business_date, status.clock);
    let used: usize = spans.iter().map(|s| display_width(&s.content)).sum();
    let room = (area.width as usize).saturating_sub(used + display_width(&right) + 1);
    let left = truncate_to_width(&left.join(" │ "), room);
    let gap = " ".repeat(room.saturating_sub(display_width(&left)) + 1);
    spans.push(Span::raw(format!("{left}{gap}{right}")));
    frame.render_widget(
        Paragraph::new(Line::from(spans)).style(Style::default().add_modifier(Modifier::REVERSED)),
        area,
    );
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Info,
    Error,
}

/// The most rows a message takes above the footer; the screen's body gives them up while
/// the message shows.
pub const MESSAGE_MAX_ROWS: u16 = 3;

/// A message broken into the rows of a `width`-cell message line: as many as it needs, up
/// to [`MESSAGE_MAX_ROWS`] (the last cut with an ellipsis only beyond that).
pub fn message_lines(text: &str, width: u16) -> Vec<String> {
    let mut lines = textwrap_cells(text, width as usize);
    let max = MESSAGE_MAX_ROWS as usize;
    if lines.len() > max {
        let rest = lines.split_off(max - 1).join(" ");
        lines.push(truncate_to_width(&rest, width as usize));
    }
    lines
}

/// Rows the message line needs for `message` on a `width`-cell screen: at least one.
pub fn message_rows(message: Option<&(String, Severity)>, width: u16) -> u16 {
    message.map_or(1, |(text, _)| {
        message_lines(text, width).len().max(1) as u16
    })
}

/// Draws the message in `area`, wrapped to its rows (see [`message_rows`]).
pub fn message_line(frame: &mut Frame<'_>, area: Rect, message: Option<&(String, Severity)>) {
    let Some((text, severity)) = message else {
        return;
    };
    let style = match severity {
        Severity::Info => Style::default().fg(Color::Green),
        Severity::Error => Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
    };
    let lines: Vec<Line<'_>> = message_lines(text, area.width)
        .into_iter()
        .take(area.height as usize)
        .map(Line::from)
        .collect();
    frame.render_widget(Paragraph::new(lines).style(style), area);
}

/// Key hints for `actions`, each with the first key that reaches it through `scopes`:
/// built from the live keymap, so a remapped key shows as remapped.
pub fn hints(
    keymap: &Keymap,
    scopes: &[Scope],
    actions: &[Action],
    lang: Lang,
) -> Vec<(String, String)> {
    actions
        .iter()
        .filter_map(|action| {
            keymap
                .keys_in(scopes, *action)
                .first()
                .map(|key| (key.to_string(), action.label().get(lang).to_string()))
        })
        .collect()
}

pub fn footer(frame: &mut Frame<'_>, area: Rect, hints: &[(String, String)]) {
    let mut spans = Vec::new();
    let mut used = 0;
    for (key, label) in hints {
        let width = display_width(key) + display_width(label) + 2;
        if used + width > area.width as usize {
            break;
        }
        used += width;
        spans.push(Span::styled(
            key.clone(),
            Style::default().add_modifier(Modifier::REVERSED),
        ));
        spans.push(Span::raw(format!(" {label} ")));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The status-bar clock shows minutes: screens redraw when the minute moves, not on
/// every tick, so an idle session sends nothing over SSH.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MinuteWatch(String);

impl MinuteWatch {
    pub fn new(now: chrono::DateTime<chrono::FixedOffset>) -> MinuteWatch {
        let mut watch = MinuteWatch::default();
        watch.moved(now);
        watch
    }

    /// Whether the minute changed since the last call.
    pub fn moved(&mut self, now: chrono::DateTime<chrono::FixedOffset>) -> bool {
        let minute = now.format("%Y-%m-%d %H:%M").to_string();
        if minute == self.0 {
            return false;
        }
        self.0 = minute;
        true
    }
}

/// The rows of a full-screen frontend.
pub struct ScreenRows {
    pub status: Rect,
    pub body: Rect,
    pub message: Rect,
    pub footer: Rect,
}

/// Splits the screen into status bar, body, message line and footer; below the minimum
/// size draws the too-small notice instead and returns `None`. A message too long for one
/// row takes the rows it needs (at most [`MESSAGE_MAX_ROWS`]) from the bottom of the body.
pub fn screen_rows(
    frame: &mut Frame<'_>,
    lang: Lang,
    message: Option<&(String, Severity)>,
) -> Option<ScreenRows> {
    let area = frame.area();
    if is_too_small(area) {
        too_small(frame, area, lang);
        return None;
    }
    let [status, body, message, footer] = ratatui::layout::Layout::vertical([
        ratatui::layout::Constraint::Length(1),
        ratatui::layout::Constraint::Min(1),
        ratatui::layout::Constraint::Length(message_rows(message, area.width)),
        ratatui::layout::Constraint::Length(1),
    ])
    .areas(area);
    Some(ScreenRows {
        status,
        body,
        message,
        footer,
    })
}

pub fn is_too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

pub fn too_small(frame: &mut Frame<'_>, area: Rect, lang: Lang) {
    let text = i18n::TOO_SMALL.fill(
        lang,
        &[
            ("need_w", &MIN_WIDTH),
            ("need_h", &MIN_HEIGHT),
            ("w", &area.width),
            ("h", &area.height),
        ],
    );
    let lines: Vec<Line<'_>> = textwrap_cells(&text, area.width as usize)
        .into_iter()
        .map(Line::from)
        .collect();
    let y = area.y + area.height.saturating_sub(lines.len() as u16) / 2;
    let h = (lines.len() as u16).min(area.height);
    frame.render_widget(
        Paragraph::new(lines)
            .alignment(ratatui::layout::Alignment::Center)
            .style(Style::default().add_modifier(Modifier::BOLD)),
        Rect::new(area.x, y, area.width, h),
    );
}

pub use crate::domain::text::wrap_cells as textwrap_cells;

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use super::*;
    use crate::i18n::check::{all_messages, filled};
    use crate::tui::widgets::dialog::tests::{all_shown, shown};

    /// Draws `message` as the app does at 80x24: status bar, a full body, the message line
    /// and the footer. Returns the screen and the rows the message took.
    fn screen_with(message: &str) -> (Vec<String>, Rect) {
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        let message = (message.to_string(), Severity::Error);
        let mut rows = None;
        terminal
            .draw(|frame| {
                let r = screen_rows(frame, Lang::En, Some(&message)).expect("80x24 is enough");
                frame.render_widget(
                    Paragraph::new("body ".repeat(400))
                        .wrap(ratatui::widgets::Wrap { trim: false }),
                    r.body,
                );
                footer(frame, r.footer, &[("F1".into(), "Help".into())]);
                message_line(frame, r.message, Some(&message));
                rows = Some(r.message);
            })
            .unwrap();
        let rows = rows.expect("drawn");
        (shown(terminal.backend().buffer(), rows), rows)
    }

    #[test]
    fn a_long_message_takes_the_rows_it_needs_above_the_footer() {
        let (screen, rows) = screen_with("short");
        assert_eq!((rows.y, rows.height), (22, 1));
        assert!(all_shown(&screen, "short"));
        let long = "The payment made before the connection dropped was recorded: this is its \
                    receipt; do not charge again";
        let (screen, rows) = screen_with(long);
        assert_eq!((rows.y, rows.height), (21, 2), "{screen:#?}");
        assert!(all_shown(&screen, long), "{screen:#?}");
    }

    /// Every catalog message, in both languages with its placeholders filled, shows whole
    /// on the message line of an 80x24 screen.
    #[test]
    fn every_catalog_message_fits_the_message_line_at_80x24() {
        for (zh, en) in all_messages() {
            for text in [filled(&zh), filled(&en)] {
                let (screen, _) = screen_with(&text);
                assert!(all_shown(&screen, &text), "cut: {text:?}\n{screen:#?}");
            }
        }
    }

    #[test]
    fn wrapping_prefers_spaces_and_respects_wide_characters() {
        assert_eq!(
            textwrap_cells("Enlarge the window now", 10),
            ["Enlarge", "the window", "now"]
        );
        assert_eq!(
            textwrap_cells("终端窗口太小请放大", 8),
            ["终端窗口", "太小请放", "大"]
        );
        for line in textwrap_cells(
            "Terminal too small: needs at least 80x24, now 60x20. Enlarge the window",
            20,
        ) {
            assert!(display_width(&line) <= 20, "{line}");
        }
    }
}
