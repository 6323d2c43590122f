-- gasdesk schema v1: offices, staff, accounts, meters, search indexes, audit.
-- Every table is STRICT; enums are CHECKed; nothing here is ever deleted.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE office (
    id       INTEGER PRIMARY KEY,
    code     TEXT NOT NULL UNIQUE,
    name_zh  TEXT NOT NULL,
    name_en  TEXT NOT NULL,
    district TEXT NOT NULL,
    address  TEXT NOT NULL,
    mobile   INTEGER NOT NULL CHECK (mobile IN (0, 1))
) STRICT;

CREATE TABLE counter (
    office_id INTEGER NOT NULL REFERENCES office(id),
    number    INTEGER NOT NULL CHECK (number > 0),
    services  TEXT NOT NULL CHECK (services <> '' AND services NOT GLOB '*[^A-Z]*'),
    PRIMARY KEY (office_id, number)
) STRICT, WITHOUT ROWID;

CREATE TABLE staff (
    id              INTEGER PRIMARY KEY,
    staff_no        TEXT NOT NULL UNIQUE CHECK (length(staff_no) BETWEEN 3 AND 8 AND staff_no NOT GLOB '*[^0-9]*'),
    name            TEXT NOT NULL CHECK (name <> ''),
    office_id       INTEGER NOT NULL REFERENCES office(id),
    counter_no      INTEGER CHECK (counter_no IS NULL OR counter_no > 0),
    role            TEXT NOT NULL CHECK (role IN ('clerk', 'manager', 'trainer', 'admin')),
    pin_hash        TEXT NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
    locked_until    TEXT,
    active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at      TEXT NOT NULL
) STRICT;

CREATE TABLE account (
    id             INTEGER PRIMARY KEY,
    account_no     TEXT NOT NULL UNIQUE CHECK (length(account_no) = 10 AND account_no NOT GLOB '*[^0-9]*'),
    holder_name    TEXT NOT NULL CHECK (holder_name <> ''),
    id_number      TEXT UNIQUE CHECK (id_number IS NULL OR length(id_number) = 18),
    phone          TEXT CHECK (phone IS NULL OR (length(phone) = 11 AND phone NOT GLOB '*[^0-9]*')),
    landline       TEXT,
    district       TEXT NOT NULL,
    address        TEXT NOT NULL,
    customer_type  TEXT NOT NULL CHECK (customer_type IN ('residential', 'commercial')),
    status         TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'closed')),
    home_office_id INTEGER NOT NULL REFERENCES office(id),
    opened_on      TEXT NOT NULL
) STRICT;

-- Phone prefix search binds the whole GLOB pattern; last-four search uses this exact expression.
CREATE INDEX account_phone ON account(phone);
CREATE INDEX account_phone_last4 ON account(substr(phone, 8));

CREATE TABLE meter (
    id           INTEGER PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES account(id),
    serial       TEXT NOT NULL UNIQUE,
    kind         TEXT NOT NULL CHECK (kind IN ('ic_card', 'mechanical', 'iot')),
    installed_on TEXT NOT NULL,
    expires_on   TEXT NOT NULL CHECK (expires_on > installed_on)
) STRICT;
CREATE INDEX meter_account ON meter(account_id);

-- Search indexes, kept in step with `account` by triggers.
-- Holder names and addresses as one token per character: a phrase query answers 1-2
-- character searches (张伟), which the trigram tokenizer silently cannot. Names and
-- addresses are apart because address characters (区, 路, 号) are in every row and
-- would slow every name phrase that mentions them.
CREATE VIRTUAL TABLE name_chars USING fts5(
    name, content = '', tokenize = 'unicode61', columnsize = 0
);
CREATE VIRTUAL TABLE address_chars USING fts5(
    address, content = '', tokenize = 'unicode61', columnsize = 0
);
-- Every pinyin-initials reading of the holder name, as tokens with a prefix index.
CREATE VIRTUAL TABLE account_initials USING fts5(
    initials, content = '', tokenize = 'ascii', prefix = '1 2 3', columnsize = 0
);
-- Substrings of 3+ characters in names and addresses.
CREATE VIRTUAL TABLE account_trigram USING fts5(
    holder_name, address, content = 'account', content_rowid = 'id', tokenize = 'trigram',
    columnsize = 0
);

CREATE TRIGGER account_search_insert AFTER INSERT ON account BEGIN
    INSERT INTO name_chars(rowid, name) VALUES (new.id, gasdesk_chars(new.holder_name));
    INSERT INTO address_chars(rowid, address) VALUES (new.id, gasdesk_chars(new.address));
    INSERT INTO account_initials(rowid, initials) VALUES (new.id, gasdesk_initials(new.holder_name));
    INSERT INTO account_trigram(rowid, holder_name, address) VALUES (new.id, new.holder_name, new.address);
END;

CREATE TRIGGER account_search_update AFTER UPDATE OF holder_name, address ON account BEGIN
    -- Contentless indexes forget a row through the 'delete' command with its old tokens.
    INSERT INTO name_chars(name_chars, rowid, name) VALUES ('delete', old.id, gasdesk_chars(old.holder_name));
    INSERT INTO address_chars(address_chars, rowid, address)
        VALUES ('delete', old.id, gasdesk_chars(old.address));
    INSERT INTO account_initials(account_initials, rowid, initials)
        VALUES ('delete', old.id, gasdesk_initials(old.holder_name));
    INSERT INTO account_trigram(account_trigram, rowid, holder_name, address)
        VALUES ('delete', old.id, old.holder_name, old.address);
    INSERT INTO name_chars(rowid, name) VALUES (new.id, gasdesk_chars(new.holder_name));
    INSERT INTO address_chars(rowid, address) VALUES (new.id, gasdesk_chars(new.address));
    INSERT INTO account_initials(rowid, initials) VALUES (new.id, gasdesk_initials(new.holder_name));
    INSERT INTO account_trigram(rowid, holder_name, address) VALUES (new.id, new.holder_name, new.address);
END;

-- Accounts are closed, never deleted: their history must stay reachable.
CREATE TRIGGER account_no_delete BEFORE DELETE ON account BEGIN
    SELECT RAISE(ABORT, 'accounts are never deleted; close the account instead');
END;

CREATE TABLE audit (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    staff_id   INTEGER REFERENCES staff(id),
    staff_no   TEXT NOT NULL,
    office_id  INTEGER REFERENCES office(id),
    counter_no INTEGER,
    action     TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_id  TEXT,
    detail     TEXT NOT NULL,
    prev_hash  TEXT NOT NULL CHECK (length(prev_hash) = 64),
    row_hash   TEXT NOT NULL UNIQUE CHECK (length(row_hash) = 64)
) STRICT;

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN
    SELECT RAISE(ABORT, 'audit rows are append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN
    SELECT RAISE(ABORT, 'audit rows are append-only');
END;
