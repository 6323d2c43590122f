//! What a search box query means. One input serves account numbers, phones, pinyin
//! initials and Chinese names or addresses; this decides which index answers it.

/// The kind of search a query runs, after folding full-width characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Query {
    /// Only digits: account number (exact or prefix), phone prefix, or phone last four.
    Digits(String),
    /// Only ASCII letters (up to 8): pinyin initials of the holder name, e.g. `zxm`.
    Initials(String),
    /// Anything else: substrings of the holder name or address, split on spaces.
    Text(Vec<String>),
}

/// The longest query accepted; longer input is cut (a search box is not a document).
pub const MAX_QUERY_CHARS: usize = 40;

/// Folds full-width ASCII (ＡＢＣ１２３) and the ideographic space to their narrow forms.
pub fn fold_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

pub fn classify(input: &str) -> Option<Query> {
    let folded: String = fold_width(input).chars().take(MAX_QUERY_CHARS).collect();
    let trimmed = folded.trim();
    if trimmed.is_empty() {
        return None;
    }
    let compact: String = trimmed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    if !compact.is_empty() && compact.bytes().all(|b| b.is_ascii_digit()) {
        return Some(Query::Digits(compact));
    }
    if compact.len() <= 8 && !compact.is_empty() && compact.bytes().all(|b| b.is_ascii_alphabetic())
    {
        return Some(Query::Initials(compact.to_ascii_lowercase()));
    }
    let parts: Vec<String> = trimmed
        .split_whitespace()
        .map(|p| {
            p.chars()
                .filter(|c| !crate::domain::text::is_forbidden_char(*c))
                .collect::<String>()
        })
        .filter(|p| !p.is_empty())
        .collect();
    (!parts.is_empty()).then_some(Query::Text(parts))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_letters_and_text_are_told_apart() {
        assert_eq!(
            classify("3401000123"),
            Some(Query::Digits("3401000123".into()))
        );
        assert_eq!(
            classify(" 138-0013 "),
            Some(Query::Digits("1380013".into()))
        );
        assert_eq!(classify("５６７８"), Some(Query::Digits("5678".into())));
        assert_eq!(classify("ZXM"), Some(Query::Initials("zxm".into())));
        assert_eq!(classify("张伟"), Some(Query::Text(vec!["张伟".into()])));
        assert_eq!(
            classify("长江花园　9栋"),
            Some(Query::Text(vec!["长江花园".into(), "9栋".into()]))
        );
        assert_eq!(classify("   "), None);
        assert_eq!(
            classify("abcdefghi"),
            Some(Query::Text(vec!["abcdefghi".into()]))
        );
    }

    #[test]
    fn control_characters_never_reach_the_index() {
        assert_eq!(
            classify("张\u{202e}伟"),
            Some(Query::Text(vec!["张伟".into()]))
        );
    }
}
