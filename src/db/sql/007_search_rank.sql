-- gasdesk schema v7: one search index, keyed by account number, for ranked search.
--
-- The four indexes of v1 (names and addresses per character, pinyin initials, trigrams)
-- were keyed by account id, so a result in account-number order meant reading every
-- match, and a query of several kinds of word could not be answered by one index.
-- Here every row's FTS5 rowid is its account number as an integer: any MATCH returns
-- rows in account-number order, and one MATCH expression combines words of any kind.
DROP TRIGGER account_search_insert;
DROP TRIGGER account_search_update;
DROP TABLE name_chars;
DROP TABLE address_chars;
DROP TABLE account_initials;
DROP TABLE account_trigram;
-- Phones are searched through the keys below.
DROP INDEX account_phone;
DROP INDEX account_phone_last4;

-- name_chars, address_chars: atoms (each character, a run of digits whole) for one-atom
-- words; name_pairs, address_pairs: each pair of neighbouring atoms, so a longer word is
-- a phrase of pairs (name tokens start with x, address tokens with y); keys: exact name,
-- name start, initials and phone tokens, each kind with its own first character (see
-- src/domain/search.rs).
CREATE VIRTUAL TABLE account_search USING fts5(
    name_chars, name_pairs, address_chars, address_pairs, keys,
    content = '', tokenize = 'unicode61', columnsize = 0
);

-- In account-number order: FTS5 writes out its pending terms whenever a rowid is not
-- larger than the one before.
INSERT INTO account_search(rowid, name_chars, name_pairs, address_chars, address_pairs, keys)
    SELECT CAST(account_no AS INTEGER),
           gasdesk_search_column('name_chars', holder_name),
           gasdesk_search_column('name_pairs', holder_name),
           gasdesk_search_column('address_chars', address),
           gasdesk_search_column('address_pairs', address),
           gasdesk_search_keys(holder_name, phone)
    FROM account ORDER BY account_no;
INSERT INTO account_search(account_search) VALUES ('optimize');

CREATE TRIGGER account_search_insert AFTER INSERT ON account BEGIN
    INSERT INTO account_search(rowid, name_chars, name_pairs, address_chars, address_pairs, keys)
        VALUES (CAST(new.account_no AS INTEGER),
                gasdesk_search_column('name_chars', new.holder_name),
                gasdesk_search_column('name_pairs', new.holder_name),
                gasdesk_search_column('address_chars', new.address),
                gasdesk_search_column('address_pairs', new.address),
                gasdesk_search_keys(new.holder_name, new.phone));
END;

CREATE TRIGGER account_search_update AFTER UPDATE OF account_no, holder_name, phone, address ON account BEGIN
    -- A contentless index forgets a row through the 'delete' command with its old tokens.
    INSERT INTO account_search(account_search, rowid, name_chars, name_pairs, address_chars,
                               address_pairs, keys)
        VALUES ('delete', CAST(old.account_no AS INTEGER),
                gasdesk_search_column('name_chars', old.holder_name),
                gasdesk_search_column('name_pairs', old.holder_name),
                gasdesk_search_column('address_chars', old.address),
                gasdesk_search_column('address_pairs', old.address),
                gasdesk_search_keys(old.holder_name, old.phone));
    INSERT INTO account_search(rowid, name_chars, name_pairs, address_chars, address_pairs, keys)
        VALUES (CAST(new.account_no AS INTEGER),
                gasdesk_search_column('name_chars', new.holder_name),
                gasdesk_search_column('name_pairs', new.holder_name),
                gasdesk_search_column('address_chars', new.address),
                gasdesk_search_column('address_pairs', new.address),
                gasdesk_search_keys(new.holder_name, new.phone));
END;
