-- gasdesk schema v6: fees. A receipt may be a fee (`kind = 'fee'`) — money the counter
-- takes for a service, never for gas: it neither credits the account's balance nor
-- settles a bill. Its ledger entries are `kind = 'fee'` with a `fee_code` saying which
-- fee ('card_replacement' now; installation and transfer fees later). A fee is voided or
-- refunded like any receipt, by a reversal entry.
--
-- SQLite cannot change a CHECK constraint in place, so `receipt` and `ledger_entry` are
-- rebuilt: their rows are set aside, the tables dropped and created again under the same
-- names, the rows put back, and their indexes and triggers created as `003_cash.sql` has
-- them. No table is renamed, so every table that references them (ledger_entry, bill,
-- card_write, receipt_reprint, care_visit) still names the rebuilt table. The migration
-- runs in one transaction with foreign keys on: dropping a referenced table counts its
-- children as violations, putting the rows back counts them off again, and the deferred
-- check at commit finds none.

PRAGMA defer_foreign_keys = ON;

CREATE TEMP TABLE receipt_kept AS SELECT * FROM main.receipt;
CREATE TEMP TABLE ledger_entry_kept AS SELECT * FROM main.ledger_entry;

DROP TABLE main.ledger_entry;
DROP TABLE main.receipt;

-- A money document with a number from the series: a payment, a top-up, an advance, a
-- fee, or the reversal (void or refund) of one of those.
CREATE TABLE receipt (
    id               INTEGER PRIMARY KEY,
    receipt_no       TEXT NOT NULL UNIQUE,
    office_id        INTEGER NOT NULL REFERENCES office(id),
    year             INTEGER NOT NULL,
    seq              INTEGER NOT NULL CHECK (seq BETWEEN 1 AND 999999),
    kind             TEXT NOT NULL
                     CHECK (kind IN ('bills', 'advance', 'top_up', 'fee', 'void', 'refund')),
    account_id       INTEGER NOT NULL REFERENCES account(id),
    total_fen        INTEGER NOT NULL CHECK (total_fen <> 0),
    method           TEXT NOT NULL CHECK (method IN ('cash', 'bank_card', 'wechat', 'alipay')),
    reference        TEXT,
    tendered_fen     INTEGER,
    change_fen       INTEGER,
    shift_id         INTEGER NOT NULL REFERENCES cash_shift(id),
    business_day_id  INTEGER NOT NULL REFERENCES business_day(id),
    staff_id         INTEGER NOT NULL REFERENCES staff(id),
    counter_no       INTEGER,
    at               TEXT NOT NULL,
    -- Chosen by the form when it opens: the same submission twice finds the first receipt.
    idempotency_key  TEXT NOT NULL UNIQUE CHECK (length(idempotency_key) BETWEEN 16 AND 64),
    reverses_id      INTEGER UNIQUE REFERENCES receipt(id),
    reason           TEXT,
    approved_by      INTEGER REFERENCES staff(id),
    UNIQUE (office_id, year, seq),
    CHECK ((kind IN ('void', 'refund')) = (reverses_id IS NOT NULL)),
    CHECK ((kind IN ('void', 'refund')) = (total_fen < 0)),
    CHECK (reverses_id IS NULL OR (reason IS NOT NULL AND approved_by IS NOT NULL
                                   AND approved_by <> staff_id)),
    CHECK (method = 'cash' OR kind IN ('void', 'refund') OR reference IS NOT NULL),
    CHECK (tendered_fen IS NULL OR (method = 'cash' AND change_fen = tendered_fen - total_fen
                                    AND change_fen >= 0))
) STRICT;

-- One row per account movement of a receipt: each bill it settles, an advance, a card
-- purchase, a fee, or the reversal of one of those.
CREATE TABLE ledger_entry (
    id            INTEGER PRIMARY KEY,
    receipt_id    INTEGER NOT NULL REFERENCES receipt(id),
    account_id    INTEGER NOT NULL REFERENCES account(id),
    kind          TEXT NOT NULL
                  CHECK (kind IN ('bill', 'advance', 'top_up', 'fee', 'reversal')),
    amount_fen    INTEGER NOT NULL CHECK (amount_fen <> 0),
    bill_id       INTEGER REFERENCES bill(id),
    bill_round    INTEGER,
    -- Gas bought on a card (negative on its reversal), for the tariff year's tiers.
    volume_litres INTEGER,
    -- A card purchase's tier split as priced, JSON like `bill.tier_lines`.
    tier_lines    TEXT,
    reverses_id   INTEGER UNIQUE REFERENCES ledger_entry(id),
    -- Which fee, for a fee: 'card_replacement', ...
    fee_code      TEXT CHECK (fee_code IS NULL OR fee_code GLOB '[a-z]*'),
    CHECK ((kind = 'bill') = (bill_round IS NOT NULL)),
    CHECK (kind <> 'bill' OR bill_id IS NOT NULL),
    CHECK ((kind = 'reversal') = (reverses_id IS NOT NULL)),
    CHECK ((kind = 'reversal') = (amount_fen < 0)),
    CHECK (kind = 'reversal' OR (kind = 'top_up') = (volume_litres IS NOT NULL AND volume_litres > 0)),
    CHECK ((kind = 'fee') = (fee_code IS NOT NULL))
) STRICT;

-- The rows back, in id order; each one put back counts off the violations its drop made.
INSERT INTO main.receipt (id, receipt_no, office_id, year, seq, kind, account_id, total_fen,
                          method, reference, tendered_fen, change_fen, shift_id,
                          business_day_id, staff_id, counter_no, at, idempotency_key,
                          reverses_id, reason, approved_by)
SELECT id, receipt_no, office_id, year, seq, kind, account_id, total_fen, method, reference,
       tendered_fen, change_fen, shift_id, business_day_id, staff_id, counter_no, at,
       idempotency_key, reverses_id, reason, approved_by
FROM temp.receipt_kept ORDER BY id;

INSERT INTO main.ledger_entry (id, receipt_id, account_id, kind, amount_fen, bill_id,
                               bill_round, volume_litres, tier_lines, reverses_id)
SELECT id, receipt_id, account_id, kind, amount_fen, bill_id, bill_round, volume_litres,
       tier_lines, reverses_id
FROM temp.ledger_entry_kept ORDER BY id;

DROP TABLE temp.receipt_kept;
DROP TABLE temp.ledger_entry_kept;

-- Indexes and triggers exactly as 003_cash.sql made them (the drop took them away).
CREATE INDEX receipt_account ON receipt(account_id, id);
CREATE INDEX receipt_shift ON receipt(shift_id);

-- The number must be the one the series just handed out: no gaps, no reuse.
CREATE TRIGGER receipt_takes_series_number BEFORE INSERT ON receipt
WHEN new.seq IS NOT (SELECT last_seq FROM receipt_series
                     WHERE office_id = new.office_id AND year = new.year) BEGIN
    SELECT RAISE(ABORT, 'a receipt takes the number its series just allocated');
END;
-- Money goes only into a drawer that is open.
CREATE TRIGGER receipt_needs_open_shift BEFORE INSERT ON receipt
WHEN (SELECT state FROM cash_shift WHERE id = new.shift_id) IS NOT 'open' BEGIN
    SELECT RAISE(ABORT, 'money is taken only in an open cash shift');
END;
CREATE TRIGGER receipt_no_update BEFORE UPDATE ON receipt BEGIN
    SELECT RAISE(ABORT, 'receipts are append-only; reverse with a void or refund');
END;
CREATE TRIGGER receipt_no_delete BEFORE DELETE ON receipt BEGIN
    SELECT RAISE(ABORT, 'receipts are append-only; reverse with a void or refund');
END;

CREATE INDEX ledger_entry_account ON ledger_entry(account_id, id);
CREATE INDEX ledger_entry_receipt ON ledger_entry(receipt_id);
-- Exactly one payment per bill and payment round, whatever a caller does.
CREATE UNIQUE INDEX ledger_entry_one_payment_per_bill ON ledger_entry(bill_id, bill_round)
    WHERE kind = 'bill';

CREATE TRIGGER ledger_entry_no_update BEFORE UPDATE ON ledger_entry BEGIN
    SELECT RAISE(ABORT, 'ledger entries are append-only; reverse with a new entry');
END;
CREATE TRIGGER ledger_entry_no_delete BEFORE DELETE ON ledger_entry BEGIN
    SELECT RAISE(ABORT, 'ledger entries are append-only; reverse with a new entry');
END;

-- A replacement card (补卡) records why it was replaced and the receipt of its fee, if
-- one was taken.
ALTER TABLE card_write ADD COLUMN reason TEXT
    CHECK (reason IS NULL OR reason IN ('lost', 'damaged', 'other'));
ALTER TABLE card_write ADD COLUMN reason_note TEXT;
ALTER TABLE card_write ADD COLUMN fee_receipt_id INTEGER REFERENCES receipt(id);

DROP TRIGGER card_write_fixed;
CREATE TRIGGER card_write_fixed BEFORE UPDATE OF id, meter_id, purpose, entry_id, purchase_count,
    volume_litres, created_at, staff_id, reason, reason_note, fee_receipt_id ON card_write BEGIN
    SELECT RAISE(ABORT, 'a card write keeps its purchase');
END;
-- A new replacement says why; its fee, if any, is a fee receipt.
CREATE TRIGGER card_write_reissue_reason BEFORE INSERT ON card_write
WHEN new.purpose = 'reissue' AND (new.reason IS NULL
    OR (new.fee_receipt_id IS NOT NULL
        AND (SELECT kind FROM receipt WHERE id = new.fee_receipt_id) IS NOT 'fee')) BEGIN
    SELECT RAISE(ABORT, 'a replacement card records its reason and its fee receipt');
END;
