//! The one sanitiser for stored text on its way to a screen, file or printer, and the
//! validation of typed text before it is stored.
//!
//! Nothing here normalises (no NFC/NFKC): rare characters in names (生僻字 such as 𠈌 from
//! CJK Extension B) and their variation selectors must be stored exactly as typed, or the
//! name on a bill would no longer match the ID card.

use std::borrow::Cow;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::i18n::{self, Lang, Localized};

/// What [`sanitize`] shows instead of a forbidden character. U+FFFD is one cell wide in a
/// terminal, exists in every font and is never allowed in input, so a placeholder on screen
/// always means "the stored text held something invisible here".
pub const PLACEHOLDER: char = '\u{FFFD}';

/// Characters that may not reach a terminal cell or an input field: they move the cursor,
/// break a line, or reorder or hide neighbouring text (bidi overrides, zero-width marks).
pub fn is_forbidden_char(c: char) -> bool {
    matches!(
        c,
        '\u{0}'..='\u{1F}'
            | '\u{7F}'..='\u{9F}'
            | '\u{AD}'
            | '\u{61C}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            // Line and paragraph separators break screen lines just like a newline.
            | '\u{2028}'..='\u{2029}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
            | '\u{E0000}'..='\u{E007F}'
    )
}

/// Pictographs: the characters emoji are drawn from (the emoji blocks, the symbol blocks
/// of the Basic Multilingual Plane that hold emoji, and the few letterlike ones).
fn is_pictograph(c: char) -> bool {
    matches!(
        c,
        '\u{1F000}'..='\u{1FAFF}'
            | '\u{2190}'..='\u{21FF}'
            | '\u{2300}'..='\u{23FF}'
            | '\u{2460}'..='\u{24FF}'
            | '\u{25A0}'..='\u{27BF}'
            | '\u{2900}'..='\u{297F}'
            | '\u{2B00}'..='\u{2BFF}'
            | '\u{00A9}'
            | '\u{00AE}'
            | '\u{203C}'
            | '\u{2049}'
            | '\u{2122}'
            | '\u{2139}'
            | '\u{3030}'
            | '\u{303D}'
            | '\u{3297}'
            | '\u{3299}'
    )
}

const ZERO_WIDTH_JOINER: char = '\u{200D}';
const BLACK_FLAG: char = '\u{1F3F4}';

fn is_tag(c: char) -> bool {
    ('\u{E0020}'..='\u{E007F}').contains(&c)
}

/// `text`, typed or pasted after `before` (the character left of the cursor, if any),
/// with the invisible joiners of emoji taken out so that the emoji themselves are kept: a
/// zero-width joiner right after a pictograph (👨‍👩‍👧 becomes 👨👩👧) and the tag
/// characters after a black flag (a region's flag becomes 🏴). Whether a terminal draws a
/// joined sequence as one picture or as its parts cannot be known from here, and the
/// screen's layout counts cells; without the joiners every terminal draws the parts, in the
/// cells they are counted for. Other forbidden characters — a joiner between letters, a
/// bidi override — stay, for the caller to refuse.
pub fn drop_emoji_joiners(before: Option<char>, text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c == ZERO_WIDTH_JOINER || is_tag(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    // The last character kept that decides what a joiner or tag joins: variation
    // selectors (️ after ❤) do not count.
    let mut base = before;
    let mut in_flag_tags = before == Some(BLACK_FLAG) || before.is_some_and(is_tag);
    for c in text.chars() {
        let drop = match c {
            ZERO_WIDTH_JOINER => base.is_some_and(is_pictograph),
            c if is_tag(c) => in_flag_tags,
            _ => false,
        };
        if drop {
            continue;
        }
        out.push(c);
        if !matches!(c, '\u{FE0E}' | '\u{FE0F}') {
            base = Some(c);
            in_flag_tags = c == BLACK_FLAG;
        }
    }
    Cow::Owned(out)
}

/// `s` with every forbidden character (see [`is_forbidden_char`], including newline and
/// tab) replaced by [`PLACEHOLDER`]. Borrows when nothing changes: this runs for every
/// stored string that is displayed.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    let Some(first) = s.find(is_forbidden_char) else {
        return Cow::Borrowed(s);
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push_str(&s[..first]);
    out.extend(
        s[first..]
            .chars()
            .map(|c| if is_forbidden_char(c) { PLACEHOLDER } else { c }),
    );
    Cow::Owned(out)
}

/// `s` as a cell of a CSV file meant for Excel or WPS: control and format characters are
/// replaced as by [`sanitize`], and a cell that a spreadsheet would run as a formula
/// (starting with `=`, `+`, `-` or `@`, full-width forms included) gets a leading `'`,
/// which spreadsheets show as text and do not display.
pub fn csv_cell(s: &str) -> String {
    let clean = sanitize(s);
    match clean.chars().next() {
        Some('=' | '+' | '-' | '@' | '＝' | '＋' | '－' | '＠') => format!("'{clean}"),
        _ => clean.into_owned(),
    }
}

/// A character as it may be quoted in a message: itself when printable, its code point
/// (`U+202E`) when it is forbidden or blank (a quoted space or bidi override would be
/// invisible or harmful).
pub fn describe_char(c: char) -> String {
    if is_forbidden_char(c) || c.is_whitespace() {
        code_point(c)
    } else {
        c.to_string()
    }
}

fn code_point(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

/// Why typed text was refused.
#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
pub enum TextError {
    #[error("empty")]
    Empty,
    #[error("longer than {max} characters")]
    TooLong { max: usize },
    /// `position` is the 1-based character index in the text as typed (before trimming),
    /// so it matches what the clerk sees in the field; `code` is the code point.
    #[error("forbidden character U+{code:04X} at position {position}")]
    ForbiddenChar { position: usize, code: u32 },
    #[error("a name cannot contain digits")]
    DigitsInName,
}

impl Localized for TextError {
    fn localized(&self, lang: Lang) -> String {
        match self {
            TextError::Empty => i18n::TEXT_EMPTY.get(lang).to_string(),
            TextError::TooLong { max } => i18n::TEXT_TOO_LONG.fill(lang, &[("max", max)]),
            TextError::ForbiddenChar { position, code } => {
                let code = format!("U+{code:04X}");
                i18n::TEXT_FORBIDDEN_CHAR.fill(lang, &[("position", position), ("code", &code)])
            }
            TextError::DigitsInName => i18n::TEXT_DIGITS_IN_NAME.get(lang).to_string(),
        }
    }
}

/// Typed text, trimmed of surrounding blanks (ASCII, the ideographic space U+3000, and a
/// pasted trailing newline), refused if it still holds a forbidden character or has more
/// than `max_chars` characters. Empty text is accepted; the caller decides whether a field
/// is required.
pub fn validate_text(input: &str, max_chars: usize) -> Result<String, TextError> {
    let trimmed = input.trim_matches(char::is_whitespace);
    let start = input.len() - input.trim_start_matches(char::is_whitespace).len();
    let leading = input[..start].chars().count();
    if let Some((index, c)) = trimmed
        .chars()
        .enumerate()
        .find(|&(_, c)| is_forbidden_char(c))
    {
        return Err(TextError::ForbiddenChar {
            position: leading + index + 1,
            code: u32::from(c),
        });
    }
    if trimmed.chars().count() > max_chars {
        return Err(TextError::TooLong { max: max_chars });
    }
    Ok(trimmed.to_string())
}

/// Longest name accepted, in characters.
pub const NAME_MAX_CHARS: usize = 40;

/// A person's name as typed: required, at most [`NAME_MAX_CHARS`] characters, no digits
/// (ASCII or full-width). The middle dot `·` of ethnic-minority names (阿依古丽·买买提) and
/// rare characters are kept as typed.
pub fn validate_name(input: &str) -> Result<String, TextError> {
    let name = validate_text(input, NAME_MAX_CHARS)?;
    if name.is_empty() {
        return Err(TextError::Empty);
    }
    if name
        .chars()
        .any(|c| c.is_ascii_digit() || ('\u{FF10}'..='\u{FF19}').contains(&c))
    {
        return Err(TextError::DigitsInName);
    }
    Ok(name)
}

/// Terminal cells `s` occupies (CJK characters take two). Meant for sanitised text.
pub fn display_width(s: &str) -> usize {
    s.width()
}

/// The longest prefix of `s` that fits in `max` cells, followed by `…` when something was
/// cut; the result never exceeds `max` cells and never splits a character.
pub fn truncate_to_width(s: &str, max: usize) -> String {
    if display_width(s) <= max {
        return s.to_string();
    }
    let Some(budget) = max.checked_sub(ELLIPSIS_WIDTH) else {
        return String::new();
    };
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > budget {
            break;
        }
        used += w;
        out.push(c);
    }
    // Summing character widths can differ from the width of the whole string (emoji
    // presentation selectors widen the character before them), so confirm and back off.
    while display_width(&out) > budget {
        out.pop();
    }
    out.push(ELLIPSIS);
    out
}

const ELLIPSIS: char = '\u{2026}';
const ELLIPSIS_WIDTH: usize = 1;

/// Breaks text into lines of at most `width` cells, counting wide characters as two.
/// Lines break at a space where one is near, or between two CJK characters, so a Latin
/// word or a number stays whole; CJK punctuation that closes (，。；：、）) never starts
/// a line. Only a run longer than the whole line is cut where it must be.
pub fn wrap_cells(text: &str, width: usize) -> Vec<String> {
    let width = width.max(2);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for piece in unbreakable_pieces(text) {
        let w = display_width(&piece);
        let shown = display_width(piece.trim_end());
        if used + shown <= width {
            line.push_str(&piece);
            used += w;
            continue;
        }
        if shown <= width {
            if !line.is_empty() {
                lines.push(line.trim_end().to_string());
            }
            line = piece.trim_start().to_string();
            used = display_width(&line);
            continue;
        }
        for c in piece.chars() {
            let cw = display_width(c.encode_utf8(&mut [0; 4]));
            if used + cw > width {
                lines.push(std::mem::take(&mut line).trim_end().to_string());
                used = 0;
            }
            line.push(c);
            used += cw;
        }
    }
    lines.push(line.trim_end().to_string());
    lines
}

/// `text` as the pieces a line may not break inside: a run of narrow characters with
/// the spaces after it, or one wide character with any closing punctuation after it.
fn unbreakable_pieces(text: &str) -> Vec<String> {
    const CLOSING: &str = "，。；：、）》」』！？,.;:!?)%";
    let mut pieces: Vec<String> = Vec::new();
    let mut narrow_run = false;
    let mut after_space = false;
    for c in text.chars() {
        let wide = display_width(c.encode_utf8(&mut [0; 4])) > 1;
        let joins = match pieces.last() {
            None => false,
            Some(_) if c == ' ' => true,
            Some(_) if CLOSING.contains(c) && !after_space => true,
            Some(_) => !wide && narrow_run && !after_space,
        };
        if joins {
            pieces.last_mut().expect("joined to a piece").push(c);
        } else {
            pieces.push(c.to_string());
        }
        after_space = c == ' ';
        narrow_run = !wide && c != ' ';
    }
    pieces
}

/// A date as typed: surrounding spaces trimmed, then exactly `YYYY-MM-DD` with a
/// four-digit year and two-digit month and day, and a real day. Anything else
/// (`2027-2-11`, `2026-12-155`, `2027-02-11x`, `2027/02/11`) is refused, never read
/// as some other date.
pub fn parse_day(s: &str) -> Option<chrono::NaiveDate> {
    let s = s.trim_matches(|c: char| c == ' ' || c == '\u{3000}' || c == '\t');
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    if !(digits(0..4) && digits(5..7) && digits(8..10)) {
        return None;
    }
    let year = s[0..4].parse().ok()?;
    let month = s[5..7].parse().ok()?;
    let day = s[8..10].parse().ok()?;
    chrono::NaiveDate::from_ymd_opt(year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_is_exactly_yyyy_mm_dd() {
        let d = chrono::NaiveDate::from_ymd_opt(2027, 2, 11).unwrap();
        assert_eq!(parse_day("2027-02-11"), Some(d));
        assert_eq!(parse_day(" 2027-02-11\u{3000}"), Some(d));
        for bad in [
            "2027-2-11",
            "2026-12-155",
            "2027-02-1",
            "2027/02/11",
            "2027-02-30",
            "",
        ] {
            assert_eq!(parse_day(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn wrapping_keeps_latin_words_whole_and_fills_lines_with_cjk() {
        let text = "Documents seen: Property certificate, Sale contract, Old holder's ID card";
        let lines = wrap_cells(text, 40);
        for line in &lines {
            assert!(display_width(line) <= 40, "{line:?}");
        }
        let words: Vec<&str> = text.split(' ').collect();
        let rewrapped: Vec<&str> = lines.iter().flat_map(|l| l.split(' ')).collect();
        assert_eq!(rewrapped, words, "no word split: {lines:?}");
        let cjk = wrap_cells("每行 = 气量 × 单价，四舍五入到分；合计为各行之和", 40);
        assert!(display_width(&cjk[0]) >= 38, "CJK fills the line: {cjk:?}");
        // A date stays whole, and closing punctuation never starts a line.
        let mixed = wrap_cells(
            "待补材料：户型图或平面图 2026-12-22前；产权人同意书（非产权人申请时） 2026-12-29前",
            76,
        );
        assert!(mixed.iter().all(|l| !l.contains("2026-1\n")), "{mixed:?}");
        assert!(mixed.concat().contains("2026-12-29"), "{mixed:?}");
        for width in 20..60 {
            for l in wrap_cells(
                "已由 陈捷（1002）于 2026-12-01 17:29 收讫，收据号 HF01-2026-000001；本次",
                width,
            ) {
                assert!(
                    !l.starts_with('，') && !l.starts_with('；'),
                    "{width}: {l:?}"
                );
                assert!(display_width(&l) <= width, "{width}: {l:?}");
            }
        }
        assert_eq!(
            cjk.concat().replace(' ', ""),
            "每行=气量×单价，四舍五入到分；合计为各行之和"
        );
        // A word longer than the line is cut where it must be.
        let long = wrap_cells("WL19384595471938459547", 10);
        assert_eq!(long, ["WL19384595", "4719384595", "47"]);
    }

    #[test]
    fn csv_cells_neither_run_as_formulas_nor_carry_control_characters() {
        assert_eq!(
            csv_cell("=HYPERLINK(\"http://x\",\"y\")"),
            "'=HYPERLINK(\"http://x\",\"y\")"
        );
        assert_eq!(csv_cell("+86 138"), "'+86 138");
        assert_eq!(csv_cell("-1+1"), "'-1+1");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("＝1+1"), "'＝1+1");
        assert_eq!(csv_cell("张三"), "张三");
        assert_eq!(csv_cell("3499000001"), "3499000001");
        let tab = csv_cell("\t=1+1");
        assert!(!tab.contains('\t') && !tab.starts_with('='), "{tab:?}");
        let cr = csv_cell("a\rb\u{1b}[2J\u{202e}");
        assert!(!cr.chars().any(is_forbidden_char), "{cr:?}");
    }
    use proptest::prelude::*;

    #[test]
    fn sanitize_borrows_clean_text() {
        let s = "张三 合肥市蜀山区 𠈌 ·";
        assert!(matches!(sanitize(s), Cow::Borrowed(t) if t == s));
    }

    #[test]
    fn sanitize_replaces_controls_and_format_characters() {
        assert_eq!(sanitize("a\nb\tc"), "a\u{FFFD}b\u{FFFD}c");
        assert_eq!(sanitize("\u{1b}[2J"), "\u{FFFD}[2J");
        assert_eq!(sanitize("abc\u{202E}fed"), "abc\u{FFFD}fed");
        assert_eq!(sanitize("a\u{200B}b\u{FEFF}"), "a\u{FFFD}b\u{FFFD}");
        assert_eq!(sanitize("\u{9B}31m"), "\u{FFFD}31m");
        assert_eq!(sanitize("x\u{E0041}"), "x\u{FFFD}");
    }

    #[test]
    fn forbidden_set_edges() {
        for c in [
            '\u{0}',
            '\u{1F}',
            '\u{7F}',
            '\u{80}',
            '\u{9F}',
            '\u{AD}',
            '\u{61C}',
            '\u{180E}',
            '\u{200B}',
            '\u{200F}',
            '\u{202A}',
            '\u{202E}',
            '\u{2060}',
            '\u{2064}',
            '\u{2066}',
            '\u{2069}',
            '\u{FEFF}',
            '\u{E0000}',
            '\u{E007F}',
        ] {
            assert!(is_forbidden_char(c), "{:04X}", u32::from(c));
        }
        for c in [
            ' ', '~', '\u{A0}', '\u{B7}', '\u{3000}', '\u{2065}', '\u{FFFD}', '𠈌',
        ] {
            assert!(!is_forbidden_char(c), "{:04X}", u32::from(c));
        }
    }

    #[test]
    fn validate_text_trims_and_keeps_rare_characters() {
        assert_eq!(validate_text("\u{3000} 王𠈌 \n", 10).unwrap(), "王𠈌");
        assert_eq!(validate_text("   ", 10).unwrap(), "");
    }

    #[test]
    fn validate_text_names_the_bad_character() {
        let err = validate_text("  ab\u{202E}c", 10).unwrap_err();
        assert_eq!(
            err,
            TextError::ForbiddenChar {
                position: 5,
                code: 0x202E
            }
        );
        assert_eq!(
            err.localized(Lang::En),
            "Character 5 is an invisible control character (U+202E): delete it and retype"
        );
        assert!(err.localized(Lang::Zh).contains("U+202E"));
        assert_eq!(
            validate_text("a\nb", 10),
            Err(TextError::ForbiddenChar {
                position: 2,
                code: 0x0A
            })
        );
    }

    #[test]
    fn validate_text_counts_characters_not_bytes() {
        assert_eq!(validate_text("合肥燃气", 4).unwrap(), "合肥燃气");
        let err = validate_text("合肥燃气集团", 4).unwrap_err();
        assert_eq!(err, TextError::TooLong { max: 4 });
        assert_eq!(err.localized(Lang::Zh), "内容过长：最多4个字");
    }

    #[test]
    fn names() {
        assert_eq!(validate_name(" 张三 ").unwrap(), "张三");
        assert_eq!(validate_name("阿依古丽·买买提").unwrap(), "阿依古丽·买买提");
        assert_eq!(validate_name("李𠈌").unwrap(), "李𠈌");
        assert_eq!(validate_name("\u{3000}"), Err(TextError::Empty));
        assert_eq!(validate_name("张三2"), Err(TextError::DigitsInName));
        assert_eq!(validate_name("张三２"), Err(TextError::DigitsInName));
        assert_eq!(
            validate_name(&"王".repeat(41)),
            Err(TextError::TooLong { max: 40 })
        );
    }

    #[test]
    fn describe_char_quotes_invisible_characters_by_code() {
        assert_eq!(describe_char('a'), "a");
        assert_eq!(describe_char('\u{202E}'), "U+202E");
        assert_eq!(describe_char(' '), "U+0020");
        assert_eq!(describe_char('\u{E0041}'), "U+E0041");
    }

    #[test]
    fn emoji_are_kept_and_their_joiners_taken_out() {
        let family = "到了\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}";
        assert_eq!(
            drop_emoji_joiners(None, family),
            "到了\u{1F468}\u{1F469}\u{1F467}"
        );
        // ❤️‍🔥: the joiner follows a variation selector.
        assert_eq!(
            drop_emoji_joiners(None, "\u{2764}\u{FE0F}\u{200D}\u{1F525}"),
            "\u{2764}\u{FE0F}\u{1F525}"
        );
        // Skin tones, flags and keycaps have no forbidden character at all.
        for plain in ["👍🏽", "🇨🇳", "1\u{FE0F}\u{20E3}", "😀 ok"] {
            assert!(matches!(drop_emoji_joiners(None, plain), Cow::Borrowed(_)));
            assert!(!plain.chars().any(is_forbidden_char), "{plain}");
        }
        // Scotland's flag: the black flag stays, its tags go.
        let scotland = "\u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}";
        assert_eq!(drop_emoji_joiners(None, scotland), "\u{1F3F4}");
        // Typed one character at a time: the joiner after the emoji left of the cursor.
        assert_eq!(drop_emoji_joiners(Some('\u{1F468}'), "\u{200D}"), "");
        assert_eq!(drop_emoji_joiners(Some('\u{1F3F4}'), "\u{E0067}"), "");
        // Between letters a joiner hides a difference (张\u{200D}三 looks like 张三): it
        // stays, to be refused; so do tags anywhere else and every bidi override.
        assert_eq!(drop_emoji_joiners(None, "张\u{200D}三"), "张\u{200D}三");
        assert_eq!(drop_emoji_joiners(Some('a'), "\u{200D}"), "\u{200D}");
        assert_eq!(drop_emoji_joiners(None, "x\u{E0041}"), "x\u{E0041}");
        assert_eq!(
            drop_emoji_joiners(None, "\u{1F600}\u{202E}"),
            "\u{1F600}\u{202E}"
        );
    }

    #[test]
    fn widths() {
        assert_eq!(display_width("张三ab"), 6);
        assert_eq!(display_width("𠈌"), 2);
        assert_eq!(truncate_to_width("合肥市蜀山区", 12), "合肥市蜀山区");
        assert_eq!(truncate_to_width("合肥市蜀山区", 11), "合肥市蜀山…");
        assert_eq!(truncate_to_width("合肥市蜀山区", 6), "合肥…");
        assert_eq!(truncate_to_width("合肥市蜀山区", 2), "…");
        assert_eq!(truncate_to_width("合肥市蜀山区", 1), "…");
        assert_eq!(truncate_to_width("合肥市蜀山区", 0), "");
        assert_eq!(truncate_to_width("abcdef", 4), "abc…");
    }

    proptest! {
        #[test]
        fn sanitize_output_is_clean(s in any::<String>()) {
            let out = sanitize(&s);
            prop_assert!(!out.chars().any(is_forbidden_char));
            prop_assert_eq!(out.chars().count(), s.chars().count());
        }

        #[test]
        fn sanitize_is_identity_on_clean_text(s in any::<String>()) {
            let clean: String = s.chars().filter(|&c| !is_forbidden_char(c)).collect();
            prop_assert!(matches!(sanitize(&clean), Cow::Borrowed(t) if t == clean));
        }

        #[test]
        fn truncate_never_exceeds_width(s in any::<String>(), max in 0usize..40) {
            let s = sanitize(&s);
            let out = truncate_to_width(&s, max);
            prop_assert!(display_width(&out) <= max, "{:?} -> {:?}", s, out);
            let kept = out.strip_suffix('\u{2026}').unwrap_or(&out);
            prop_assert!(s.starts_with(kept));
        }

        #[test]
        fn truncate_keeps_cjk_whole(s in "[合肥燃气a-z𠈌]{0,20}", max in 0usize..30) {
            let out = truncate_to_width(&s, max);
            prop_assert!(display_width(&out) <= max);
            if display_width(&s) <= max {
                prop_assert_eq!(out, s);
            }
        }

        #[test]
        fn validate_text_never_returns_forbidden(s in any::<String>(), max in 0usize..50) {
            if let Ok(out) = validate_text(&s, max) {
                prop_assert!(!out.chars().any(is_forbidden_char));
                prop_assert!(out.chars().count() <= max);
            }
        }

        #[test]
        fn validate_text_keeps_inner_text_exactly(s in any::<String>()) {
            let s: String = s
                .chars()
                .filter(|&c| !is_forbidden_char(c) && !c.is_whitespace())
                .collect();
            prop_assert_eq!(validate_text(&s, s.chars().count()).unwrap(), s);
        }
    }
}
