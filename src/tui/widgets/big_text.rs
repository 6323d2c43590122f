//! Block letters for ticket numbers: digits, capital letters, `-` and `→` in a 5-row font
//! drawn with `█`, each font pixel scaled to `x` cells wide and `y` rows tall. Text the
//! font cannot draw, or an area too small for even the smallest scale, falls back to one
//! line of plain bold text, so a number is never cut in half.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};

use crate::domain::text::{display_width, truncate_to_width};

/// Rows of the unscaled font.
pub const FONT_HEIGHT: u16 = 5;

/// How many cells one font pixel covers. Terminal cells are about twice as tall as wide,
/// so the larger scales are twice as wide as tall, which keeps the glyphs' proportions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scale {
    pub x: u16,
    pub y: u16,
}

/// The scales tried, smallest first.
pub const SCALES: [Scale; 7] = [
    Scale { x: 1, y: 1 },
    Scale { x: 2, y: 1 },
    Scale { x: 3, y: 2 },
    Scale { x: 4, y: 2 },
    Scale { x: 6, y: 3 },
    Scale { x: 8, y: 4 },
    Scale { x: 10, y: 5 },
];

/// The font: five rows per glyph, `#` is a pixel. Zero is square and O is round, and
/// B, D, S differ from 8, 0, 5, because a misread number sends a customer to the wrong
/// counter.
fn glyph(c: char) -> Option<[&'static str; 5]> {
    Some(match c.to_ascii_uppercase() {
        '0' => ["####", "#  #", "#  #", "#  #", "####"],
        '1' => ["  # ", " ## ", "  # ", "  # ", " ###"],
        '2' => ["####", "   #", "####", "#   ", "####"],
        '3' => ["####", "   #", " ###", "   #", "####"],
        '4' => ["#  #", "#  #", "####", "   #", "   #"],
        '5' => ["####", "#   ", "####", "   #", "####"],
        '6' => ["####", "#   ", "####", "#  #", "####"],
        '7' => ["####", "   #", "  # ", " #  ", " #  "],
        '8' => ["####", "#  #", "####", "#  #", "####"],
        '9' => ["####", "#  #", "####", "   #", "####"],
        'A' => [" ## ", "#  #", "####", "#  #", "#  #"],
        'B' => ["### ", "#  #", "### ", "#  #", "### "],
        'C' => [" ###", "#   ", "#   ", "#   ", " ###"],
        'D' => ["### ", "#  #", "#  #", "#  #", "### "],
        'E' => ["####", "#   ", "### ", "#   ", "####"],
        'F' => ["####", "#   ", "### ", "#   ", "#   "],
        'G' => [" ###", "#   ", "# ##", "#  #", " ###"],
        'H' => ["#  #", "#  #", "####", "#  #", "#  #"],
        'I' => ["###", " # ", " # ", " # ", "###"],
        'J' => ["  ##", "   #", "   #", "#  #", " ## "],
        'K' => ["#  #", "# # ", "##  ", "# # ", "#  #"],
        'L' => ["#   ", "#   ", "#   ", "#   ", "####"],
        'M' => ["#   #", "## ##", "# # #", "#   #", "#   #"],
        'N' => ["#   #", "##  #", "# # #", "#  ##", "#   #"],
        'O' => [" ## ", "#  #", "#  #", "#  #", " ## "],
        'P' => ["### ", "#  #", "### ", "#   ", "#   "],
        'Q' => [" ## ", "#  #", "#  #", "# ##", " ###"],
        'R' => ["### ", "#  #", "### ", "# # ", "#  #"],
        'S' => [" ###", "#   ", " ## ", "   #", "### "],
        'T' => ["#####", "  #  ", "  #  ", "  #  ", "  #  "],
        'U' => ["#  #", "#  #", "#  #", "#  #", " ## "],
        'V' => ["#   #", "#   #", "#   #", " # # ", "  #  "],
        'W' => ["#   #", "#   #", "# # #", "## ##", "#   #"],
        'X' => ["#   #", " # # ", "  #  ", " # # ", "#   #"],
        'Y' => ["#   #", " # # ", "  #  ", "  #  ", "  #  "],
        'Z' => ["####", "   #", "  # ", " #  ", "####"],
        '-' => ["   ", "   ", "###", "   ", "   "],
        '→' => ["  #  ", "   # ", "#####", "   # ", "  #  "],
        ' ' => ["  ", "  ", "  ", "  ", "  "],
        _ => return None,
    })
}

/// Whether the font can draw every character of `text`.
pub fn supports(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| glyph(c).is_some())
}

/// Width and height in cells of `text` at `scale`: glyphs one pixel apart.
pub fn measure(text: &str, scale: Scale) -> (u16, u16) {
    let pixels: usize = text
        .chars()
        .filter_map(glyph)
        .map(|g| g[0].len() + 1)
        .sum::<usize>()
        .saturating_sub(1);
    let width = u16::try_from(pixels).unwrap_or(u16::MAX);
    (
        width.saturating_mul(scale.x),
        FONT_HEIGHT.saturating_mul(scale.y),
    )
}

/// The largest scale at which `text` fits in `width` x `height`, up to `max`.
pub fn fit(text: &str, width: u16, height: u16, max: Scale) -> Option<Scale> {
    if !supports(text) {
        return None;
    }
    SCALES
        .iter()
        .rev()
        .filter(|s| s.x <= max.x && s.y <= max.y)
        .find(|s| {
            let (w, h) = measure(text, **s);
            w <= width && h <= height
        })
        .copied()
}

/// Block-letter text, centred vertically in its area and aligned as asked; the style
/// covers the whole text rectangle, so a REVERSED style shows dark letters on a light
/// plate.
#[derive(Debug, Clone, Copy)]
pub struct BigText<'a> {
    text: &'a str,
    style: Style,
    alignment: Alignment,
    max: Scale,
}

impl<'a> BigText<'a> {
    pub fn new(text: &'a str) -> BigText<'a> {
        BigText {
            text,
            style: Style::default(),
            alignment: Alignment::Center,
            max: SCALES[SCALES.len() - 1],
        }
    }

    pub fn style(mut self, style: Style) -> Self {
        self.style = style;
        self
    }

    pub fn alignment(mut self, alignment: Alignment) -> Self {
        self.alignment = alignment;
        self
    }

    /// Never draws larger than `max` (several numbers side by side stay the same size).
    pub fn max_scale(mut self, max: Scale) -> Self {
        self.max = max;
        self
    }

    /// The scale this text would be drawn at in `area`; `None` means plain text.
    pub fn scale_in(&self, area: Rect) -> Option<Scale> {
        fit(self.text, area.width, area.height, self.max)
    }
}

impl Widget for BigText<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.is_empty() {
            return;
        }
        let Some(scale) = self.scale_in(area) else {
            let text = truncate_to_width(self.text, area.width as usize);
            let y = area.y + area.height.saturating_sub(1) / 2;
            let used = (display_width(&text) as u16).min(area.width);
            let x = offset(area.width, used, self.alignment);
            Paragraph::new(Line::from(text))
                .style(self.style.add_modifier(Modifier::BOLD))
                .render(Rect::new(area.x + x, y, used, 1), buf);
            return;
        };
        let (w, h) = measure(self.text, scale);
        let x0 = area.x + offset(area.width, w, self.alignment);
        let y0 = area.y + area.height.saturating_sub(h) / 2;
        buf.set_style(Rect::new(x0, y0, w, h), self.style);
        let mut x = x0;
        for g in self.text.chars().filter_map(glyph) {
            for (row, bits) in g.iter().enumerate() {
                for (col, bit) in bits.chars().enumerate() {
                    if bit != '#' {
                        continue;
                    }
                    let px = x + col as u16 * scale.x;
                    let py = y0 + row as u16 * scale.y;
                    for dy in 0..scale.y {
                        for dx in 0..scale.x {
                            buf[(px + dx, py + dy)].set_symbol("█");
                        }
                    }
                }
            }
            x += (g[0].len() as u16 + 1) * scale.x;
        }
    }
}

fn offset(room: u16, used: u16, alignment: Alignment) -> u16 {
    let spare = room.saturating_sub(used);
    match alignment {
        Alignment::Left => 0,
        Alignment::Center => spare / 2,
        Alignment::Right => spare,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draw(text: &str, w: u16, h: u16) -> Vec<String> {
        let area = Rect::new(0, 0, w, h);
        let mut buf = Buffer::empty(area);
        BigText::new(text)
            .alignment(Alignment::Left)
            .render(area, &mut buf);
        (0..h)
            .map(|y| {
                (0..w)
                    .map(|x| buf[(x, y)].symbol().to_string())
                    .collect::<String>()
                    .trim_end()
                    .to_string()
            })
            .collect()
    }

    #[test]
    fn every_glyph_is_five_rows_of_one_width() {
        let all = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-→ ";
        for c in all.chars() {
            let g = glyph(c).unwrap_or_else(|| panic!("{c}"));
            assert!(g.iter().all(|r| r.len() == g[0].len()), "{c}");
            assert!(g.iter().all(|r| r.chars().all(|p| p == '#' || p == ' ')));
        }
        assert_eq!(glyph('a'), glyph('A'));
        assert!(!supports("A号"));
        assert!(!supports(""));
    }

    #[test]
    fn digits_look_alike_letters_differ() {
        for (a, b) in [('0', 'O'), ('8', 'B'), ('5', 'S'), ('0', 'D'), ('2', 'Z')] {
            assert_ne!(glyph(a), glyph(b), "{a} {b}");
        }
    }

    #[test]
    fn draws_at_the_smallest_scale() {
        assert_eq!(
            draw("A1", 9, 5),
            [" ██    █", "█  █  ██", "████   █", "█  █   █", "█  █  ███"]
        );
    }

    #[test]
    fn picks_the_largest_scale_that_fits() {
        assert_eq!(measure("A012", SCALES[0]), (19, 5));
        let max = SCALES[SCALES.len() - 1];
        assert_eq!(fit("A012", 19, 5, max), Some(SCALES[0]));
        assert_eq!(fit("A012", 38, 9, max), Some(SCALES[1]));
        assert_eq!(fit("A012", 57, 10, max), Some(SCALES[2]));
        assert_eq!(fit("A012", 57, 10, SCALES[1]), Some(SCALES[1]));
        assert_eq!(fit("A012", 18, 5, max), None);
        assert_eq!(fit("A012", 19, 4, max), None);
    }

    #[test]
    fn falls_back_to_bold_text_when_too_small() {
        let rows = draw("A012", 10, 3);
        assert_eq!(rows, ["", "A012", ""]);
        let rows = draw("A012", 3, 1);
        assert_eq!(rows, ["A0…"]);
    }
}
