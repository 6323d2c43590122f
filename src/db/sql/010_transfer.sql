-- gasdesk schema: ownership transfer (过户).
--
-- 1. `account.id_number` loses its UNIQUE: one person may hold several accounts (a
--    holder who already has accounts is shown at a transfer, not refused). SQLite cannot
--    drop a column's UNIQUE in place, so `account` is rebuilt as 006_fees.sql rebuilt
--    `receipt`: its rows set aside, the table dropped and created again under its own
--    name (every table that references it still does), the rows put back, an ordinary
--    index on the ID number, and its triggers as 001 and 007 made them — in the
--    migration's one transaction, foreign keys deferred to its commit. The search index
--    `account_search` (rowid = account number) is not touched: the rows go back as they
--    were, with the triggers still dropped, and the triggers come back after.
-- 2. `transfer`: a transfer pending (from the property registry) or done, with what was
--    settled; `holder_history`: one row per earlier holder (from, to), never changed;
--    `transfer_balance_entry`: a balance carried from the old to the new holder, as two
--    entries (−x from the old, +x to the new), never an update.

PRAGMA defer_foreign_keys = ON;

CREATE TEMP TABLE account_kept AS SELECT * FROM main.account;
DROP TABLE main.account;

CREATE TABLE account (
    id             INTEGER PRIMARY KEY,
    account_no     TEXT NOT NULL UNIQUE CHECK (length(account_no) = 10 AND account_no NOT GLOB '*[^0-9]*'),
    holder_name    TEXT NOT NULL CHECK (holder_name <> ''),
    id_number      TEXT CHECK (id_number IS NULL OR length(id_number) = 18),
    phone          TEXT CHECK (phone IS NULL OR (length(phone) = 11 AND phone NOT GLOB '*[^0-9]*')),
    landline       TEXT,
    district       TEXT NOT NULL,
    address        TEXT NOT NULL,
    customer_type  TEXT NOT NULL CHECK (customer_type IN ('residential', 'commercial')),
    status         TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'closed')),
    home_office_id INTEGER NOT NULL REFERENCES office(id),
    opened_on      TEXT NOT NULL,
    household_size INTEGER NOT NULL DEFAULT 3 CHECK (household_size BETWEEN 1 AND 30)
) STRICT;

INSERT INTO main.account (id, account_no, holder_name, id_number, phone, landline, district,
                          address, customer_type, status, home_office_id, opened_on,
                          household_size)
SELECT id, account_no, holder_name, id_number, phone, landline, district, address,
       customer_type, status, home_office_id, opened_on, household_size
FROM temp.account_kept ORDER BY id;
DROP TABLE temp.account_kept;

-- A person's accounts, by ID number (no longer unique).
CREATE INDEX account_id_number ON account(id_number) WHERE id_number IS NOT NULL;

-- Triggers as 001_foundation.sql and 007_search_rank.sql made them (the drop took them).
CREATE TRIGGER account_no_delete BEFORE DELETE ON account BEGIN
    SELECT RAISE(ABORT, 'accounts are never deleted; close the account instead');
END;

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

-- A transfer: pending (from the registry, on the F6 worklist of the account's office) or
-- done. The old holder is as the account had them (as the registry sent them, while
-- pending); the new holder as checked. Done rows never change.
CREATE TABLE transfer (
    id                 INTEGER PRIMARY KEY,
    account_id         INTEGER NOT NULL REFERENCES account(id),
    office_id          INTEGER NOT NULL REFERENCES office(id),
    state              TEXT NOT NULL CHECK (state IN ('pending', 'done', 'cancelled')),
    source             TEXT NOT NULL CHECK (source IN ('counter', 'registry', 'back')),
    case_code          TEXT CHECK (case_code IS NULL OR case_code GLOB '[a-z]*'),
    by_agent           INTEGER NOT NULL DEFAULT 0 CHECK (by_agent IN (0, 1)),
    registry_case_no   TEXT,
    old_name           TEXT NOT NULL,
    old_id_number      TEXT,
    old_phone          TEXT,
    new_name           TEXT NOT NULL CHECK (new_name <> ''),
    -- A transfer back may return the account to a holder recorded without them.
    new_id_number      TEXT CHECK (new_id_number IS NULL OR length(new_id_number) = 18),
    new_phone          TEXT CHECK (new_phone IS NULL OR length(new_phone) = 11),
    new_household_size INTEGER NOT NULL CHECK (new_household_size BETWEEN 1 AND 30),
    created_at         TEXT NOT NULL,
    created_by         INTEGER REFERENCES staff(id),
    -- Filled when done:
    done_at            TEXT,
    done_by            INTEGER REFERENCES staff(id),
    counter_no         INTEGER,
    -- JSON list of document codes seen.
    documents          TEXT,
    -- JSON list of [meter serial, read_on, register litres] of the final readings.
    final_readings     TEXT,
    -- Open bills settled before the transfer (count and total), for the slip.
    arrears_settled_fen INTEGER,
    balance_fen        INTEGER CHECK (balance_fen IS NULL OR balance_fen >= 0),
    balance_how        TEXT CHECK (balance_how IS NULL OR balance_how IN ('none', 'refunded', 'carried')),
    consent_recorded   INTEGER CHECK (consent_recorded IS NULL OR consent_recorded IN (0, 1)),
    card_write_id      INTEGER REFERENCES card_write(id),
    fee_receipt_id     INTEGER REFERENCES receipt(id),
    -- A transfer back: the transfer it undoes, the reason, the approving manager.
    reverses_id        INTEGER UNIQUE REFERENCES transfer(id),
    reason             TEXT,
    approved_by        INTEGER REFERENCES staff(id),
    CHECK ((state = 'done') = (done_at IS NOT NULL)),
    CHECK ((source = 'registry') = (registry_case_no IS NOT NULL)),
    CHECK ((source = 'back') = (reverses_id IS NOT NULL)),
    CHECK (source = 'back' OR (new_id_number IS NOT NULL AND new_phone IS NOT NULL)),
    CHECK (reverses_id IS NULL OR (reason IS NOT NULL AND approved_by IS NOT NULL
                                   AND approved_by IS NOT done_by)),
    CHECK (balance_how IS NOT 'carried' OR consent_recorded = 1)
) STRICT;
-- At most one transfer pending per account.
CREATE UNIQUE INDEX transfer_one_pending ON transfer(account_id) WHERE state = 'pending';
CREATE INDEX transfer_account ON transfer(account_id, id);
CREATE INDEX transfer_worklist ON transfer(office_id, id) WHERE state = 'pending';

CREATE TRIGGER transfer_no_delete BEFORE DELETE ON transfer BEGIN
    SELECT RAISE(ABORT, 'transfers are never deleted');
END;
-- A pending transfer is done or cancelled once; a done or cancelled one never changes.
CREATE TRIGGER transfer_forward BEFORE UPDATE ON transfer
WHEN old.state <> 'pending' OR new.state NOT IN ('done', 'cancelled')
    OR new.account_id <> old.account_id OR new.source <> old.source
    OR new.created_at <> old.created_at BEGIN
    SELECT RAISE(ABORT, 'a transfer goes from pending to done or cancelled, once');
END;

-- Earlier holders of an account: each row is one holder from `valid_from` (the opening
-- day, or the instant of the transfer that brought them) to `valid_to` (the instant of
-- the transfer that ended it). The current holder is the account's, from the last row's
-- `valid_to` (or the opening day). Rows chain without gap or overlap and never change.
CREATE TABLE holder_history (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES account(id),
    holder_name TEXT NOT NULL,
    id_number   TEXT,
    phone       TEXT,
    valid_from  TEXT NOT NULL,
    valid_to    TEXT NOT NULL CHECK (valid_to > valid_from),
    transfer_id INTEGER NOT NULL UNIQUE REFERENCES transfer(id),
    UNIQUE (account_id, valid_to)
) STRICT;

CREATE TRIGGER holder_history_no_update BEFORE UPDATE ON holder_history BEGIN
    SELECT RAISE(ABORT, 'the holder history is never changed; transfer back instead');
END;
CREATE TRIGGER holder_history_no_delete BEFORE DELETE ON holder_history BEGIN
    SELECT RAISE(ABORT, 'the holder history is never changed; transfer back instead');
END;
-- A new row starts where the last one ended (or on the opening day), and names the
-- account's holder as it stands: no gap, no overlap, nobody else's period.
CREATE TRIGGER holder_history_chains BEFORE INSERT ON holder_history
WHEN new.valid_from IS NOT coalesce(
        (SELECT max(valid_to) FROM holder_history WHERE account_id = new.account_id),
        (SELECT opened_on FROM account WHERE id = new.account_id))
    OR NOT EXISTS (SELECT 1 FROM account a WHERE a.id = new.account_id
                   AND a.holder_name = new.holder_name AND a.id_number IS new.id_number)
BEGIN
    SELECT RAISE(ABORT, 'a holder period starts where the last one ended, for the current holder');
END;
-- The holder changes only with the old holder's period written first.
CREATE TRIGGER account_holder_recorded BEFORE UPDATE OF holder_name, id_number ON account
WHEN (new.holder_name IS NOT old.holder_name OR new.id_number IS NOT old.id_number)
    AND NOT EXISTS (
        SELECT 1 FROM holder_history h
        WHERE h.account_id = old.id AND h.holder_name = old.holder_name
          AND h.id_number IS old.id_number
          AND h.valid_to = (SELECT max(valid_to) FROM holder_history WHERE account_id = old.id)
          AND h.transfer_id = (SELECT max(id) FROM transfer WHERE account_id = old.id
                                                             AND state = 'done'))
BEGIN
    SELECT RAISE(ABORT, 'a holder changes only by a transfer, which records the old holder');
END;

-- A balance carried to the new holder: two entries of one transfer, −x from the old
-- holder and +x to the new, on the account. No money crosses the counter, so no receipt.
CREATE TABLE transfer_balance_entry (
    id          INTEGER PRIMARY KEY,
    transfer_id INTEGER NOT NULL REFERENCES transfer(id),
    account_id  INTEGER NOT NULL REFERENCES account(id),
    side        TEXT NOT NULL CHECK (side IN ('from_old', 'to_new')),
    holder_name TEXT NOT NULL,
    amount_fen  INTEGER NOT NULL CHECK ((side = 'from_old') = (amount_fen < 0) AND amount_fen <> 0),
    UNIQUE (transfer_id, side)
) STRICT;
CREATE TRIGGER transfer_balance_entry_no_update BEFORE UPDATE ON transfer_balance_entry BEGIN
    SELECT RAISE(ABORT, 'ledger entries are append-only; reverse with a new entry');
END;
CREATE TRIGGER transfer_balance_entry_no_delete BEFORE DELETE ON transfer_balance_entry BEGIN
    SELECT RAISE(ABORT, 'ledger entries are append-only; reverse with a new entry');
END;
-- The second entry balances the first.
CREATE TRIGGER transfer_balance_entry_pairs BEFORE INSERT ON transfer_balance_entry
WHEN new.side = 'to_new' AND new.amount_fen IS NOT
    -(SELECT amount_fen FROM transfer_balance_entry
      WHERE transfer_id = new.transfer_id AND side = 'from_old') BEGIN
    SELECT RAISE(ABORT, 'a carried balance is two entries that sum to zero');
END;
