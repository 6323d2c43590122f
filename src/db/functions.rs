//! SQL functions the search triggers call. Registered on every connection gasdesk
//! opens; a tool that writes accounts without them fails loudly instead of leaving
//! the search index out of step.

use rusqlite::Connection;
use rusqlite::functions::FunctionFlags;

use crate::domain::search;

pub(super) fn register(conn: &Connection) -> rusqlite::Result<()> {
    // INNOCUOUS: the triggers run with trusted_schema=OFF and these have no side effects.
    let flags = FunctionFlags::SQLITE_UTF8
        | FunctionFlags::SQLITE_DETERMINISTIC
        | FunctionFlags::SQLITE_INNOCUOUS;
    // gasdesk_search_column('name_pairs', holder_name): one name or address column.
    conn.create_scalar_function("gasdesk_search_column", 2, flags, |ctx| {
        let column: String = ctx.get(0)?;
        let text: String = ctx.get(1)?;
        search::column_text(&column, &text).ok_or_else(|| {
            rusqlite::Error::UserFunctionError(format!("no search column {column}").into())
        })
    })?;
    conn.create_scalar_function("gasdesk_search_keys", 2, flags, |ctx| {
        let name: String = ctx.get(0)?;
        let phone: Option<String> = ctx.get(1)?;
        Ok(search::keys_column(&name, phone.as_deref()))
    })?;
    // The search triggers of schema versions 1 to 6 call these: a file still at one of
    // them (a migration test builds one) can take an insert until it is migrated, which
    // drops those triggers and builds the index again.
    conn.create_scalar_function("gasdesk_chars", 1, flags, |ctx| {
        let text: String = ctx.get(0)?;
        Ok(text
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(String::from)
            .collect::<Vec<_>>()
            .join(" "))
    })?;
    conn.create_scalar_function("gasdesk_initials", 1, flags, |ctx| {
        let text: String = ctx.get(0)?;
        Ok(crate::domain::pinyin::initials_variants(&text).join(" "))
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_functions_give_the_columns() {
        let conn = Connection::open_in_memory().unwrap();
        register(&conn).unwrap();
        let row: (String, String, String) = conn
            .query_row(
                "SELECT gasdesk_search_column('address_chars', '9栋 801室'),
                        gasdesk_search_column('address_pairs', '9栋'),
                        gasdesk_search_keys('张伟', NULL)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!(row.0, "y9 y栋 y801 y室");
        assert_eq!(row.1, "y9栋");
        assert_eq!(row.2, search::keys_column("张伟", None));
        assert!(
            conn.query_row("SELECT gasdesk_search_column('keys', 'x')", [], |_| Ok(()))
                .is_err()
        );
    }
}
