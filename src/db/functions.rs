//! SQL functions the search triggers call. Registered on every connection gasdesk
//! opens; a tool that writes accounts without them fails loudly instead of leaving
//! the search indexes out of step.

use rusqlite::Connection;
use rusqlite::functions::FunctionFlags;

use crate::domain::pinyin;

/// One token per character, so FTS5 phrase queries match any run of characters.
pub fn chars_as_tokens(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

pub(super) fn register(conn: &Connection) -> rusqlite::Result<()> {
    // INNOCUOUS: the triggers run with trusted_schema=OFF and these have no side effects.
    let flags = FunctionFlags::SQLITE_UTF8
        | FunctionFlags::SQLITE_DETERMINISTIC
        | FunctionFlags::SQLITE_INNOCUOUS;
    conn.create_scalar_function("gasdesk_chars", 1, flags, |ctx| {
        let text: String = ctx.get(0)?;
        Ok(chars_as_tokens(&text))
    })?;
    conn.create_scalar_function("gasdesk_initials", 1, flags, |ctx| {
        let text: String = ctx.get(0)?;
        Ok(pinyin::initials_variants(&text).join(" "))
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_become_tokens() {
        assert_eq!(chars_as_tokens("张伟"), "张 伟");
        assert_eq!(chars_as_tokens("9栋 801室"), "9 栋 8 0 1 室");
        assert_eq!(chars_as_tokens(""), "");
    }
}
