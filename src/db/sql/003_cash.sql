-- gasdesk schema v3: the cash desk — meter readings and bills, cash shifts, receipts,
-- the money ledger, IC-card writes.
--
-- Money rows (`receipt`, `ledger_entry`) are append-only: triggers refuse UPDATE and
-- DELETE, so a mistake is reversed by a new row that references the original. Rows that
-- carry a state (`bill`, `cash_shift`, `card_write`) may change only the state columns,
-- along the transitions the triggers allow; everything else about them is fixed.

-- Registered people in the household, for the tier adjustment of the tariff.
ALTER TABLE account ADD COLUMN household_size INTEGER NOT NULL DEFAULT 3
    CHECK (household_size BETWEEN 1 AND 30);

CREATE TABLE meter_reading (
    id              INTEGER PRIMARY KEY,
    meter_id        INTEGER NOT NULL REFERENCES meter(id),
    read_on         TEXT NOT NULL CHECK (read_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    -- The meter's register, in litres (1/1000 m³).
    register_litres INTEGER NOT NULL CHECK (register_litres >= 0),
    source          TEXT NOT NULL CHECK (source IN ('install', 'counter', 'import', 'demo')),
    entered_by      INTEGER REFERENCES staff(id),
    at              TEXT NOT NULL,
    UNIQUE (meter_id, read_on)
) STRICT;

CREATE TRIGGER meter_reading_no_update BEFORE UPDATE ON meter_reading BEGIN
    SELECT RAISE(ABORT, 'meter readings are never changed');
END;
CREATE TRIGGER meter_reading_no_delete BEFORE DELETE ON meter_reading BEGIN
    SELECT RAISE(ABORT, 'meter readings are never deleted');
END;

CREATE TABLE bill (
    id             INTEGER PRIMARY KEY,
    account_id     INTEGER NOT NULL REFERENCES account(id),
    meter_id       INTEGER NOT NULL REFERENCES meter(id),
    reading_id     INTEGER NOT NULL UNIQUE REFERENCES meter_reading(id),
    period_from    TEXT NOT NULL,
    period_to      TEXT NOT NULL CHECK (period_to > period_from),
    volume_litres  INTEGER NOT NULL CHECK (volume_litres > 0),
    amount_fen     INTEGER NOT NULL CHECK (amount_fen > 0),
    -- The tier split as priced, JSON: [{tier, litres, unit_fen, amount_fen}, ...].
    tier_lines     TEXT NOT NULL,
    issued_at      TEXT NOT NULL,
    -- The state: the ledger entry that settled the bill, if any. Paying is the
    -- conditional update `SET settled_by = ? WHERE settled_by IS NULL`; a void sets it
    -- back and starts a new payment round.
    settled_by     INTEGER REFERENCES ledger_entry(id),
    payment_round  INTEGER NOT NULL DEFAULT 0 CHECK (payment_round >= 0)
) STRICT;
CREATE INDEX bill_account ON bill(account_id, id);
CREATE INDEX bill_open ON bill(account_id) WHERE settled_by IS NULL;

CREATE TRIGGER bill_no_delete BEFORE DELETE ON bill BEGIN
    SELECT RAISE(ABORT, 'bills are never deleted');
END;
CREATE TRIGGER bill_fixed BEFORE UPDATE OF id, account_id, meter_id, reading_id, period_from,
    period_to, volume_litres, amount_fen, tier_lines, issued_at ON bill BEGIN
    SELECT RAISE(ABORT, 'a bill''s amount and period never change');
END;
-- Settle an open bill in the same round, or reopen a settled one for the next round.
CREATE TRIGGER bill_settlement BEFORE UPDATE OF settled_by, payment_round ON bill
WHEN NOT (
    (old.settled_by IS NULL AND new.settled_by IS NOT NULL AND new.payment_round = old.payment_round)
    OR (old.settled_by IS NOT NULL AND new.settled_by IS NULL
        AND new.payment_round = old.payment_round + 1)
) BEGIN
    SELECT RAISE(ABORT, 'a bill is settled once per payment round');
END;

-- A clerk's cash drawer for one business day: opened with a float, balanced, closed.
CREATE TABLE cash_shift (
    id              INTEGER PRIMARY KEY,
    office_id       INTEGER NOT NULL REFERENCES office(id),
    staff_id        INTEGER NOT NULL REFERENCES staff(id),
    counter_no      INTEGER,
    business_day_id INTEGER NOT NULL REFERENCES business_day(id),
    opened_at       TEXT NOT NULL,
    float_fen       INTEGER NOT NULL CHECK (float_fen >= 0),
    state           TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'balancing', 'closed'))
) STRICT;
-- A clerk holds at most one drawer that is not closed.
CREATE UNIQUE INDEX cash_shift_one_active ON cash_shift(staff_id) WHERE state <> 'closed';
CREATE INDEX cash_shift_day ON cash_shift(business_day_id);

CREATE TRIGGER cash_shift_no_delete BEFORE DELETE ON cash_shift BEGIN
    SELECT RAISE(ABORT, 'cash shifts are never deleted');
END;
CREATE TRIGGER cash_shift_fixed BEFORE UPDATE OF id, office_id, staff_id, counter_no,
    business_day_id, opened_at, float_fen ON cash_shift BEGIN
    SELECT RAISE(ABORT, 'a cash shift keeps its clerk, day and float');
END;
-- open ⇄ balancing → closed; a manager may reopen a closed shift.
CREATE TRIGGER cash_shift_transition BEFORE UPDATE OF state ON cash_shift
WHEN new.state <> old.state AND NOT (
    (old.state = 'open' AND new.state = 'balancing')
    OR (old.state = 'balancing' AND new.state IN ('open', 'closed'))
    OR (old.state = 'closed' AND new.state = 'open')
) BEGIN
    SELECT RAISE(ABORT, 'a cash shift goes open → balancing → closed');
END;

-- The count at each close of a shift; a reopened shift is closed again with a new row.
CREATE TABLE shift_close (
    id               INTEGER PRIMARY KEY,
    shift_id         INTEGER NOT NULL REFERENCES cash_shift(id),
    closed_at        TEXT NOT NULL,
    closed_by        INTEGER NOT NULL REFERENCES staff(id),
    -- {"100": 3, "50": 1, ...}: how many of each denomination (by its code) were counted.
    denominations    TEXT NOT NULL,
    -- Variance per method (counted − expected); a reason is required when any is non-zero.
    reason           TEXT,
    UNIQUE (shift_id, closed_at)
) STRICT;

CREATE TABLE shift_close_method (
    close_id     INTEGER NOT NULL REFERENCES shift_close(id),
    method       TEXT NOT NULL CHECK (method IN ('cash', 'bank_card', 'wechat', 'alipay')),
    expected_fen INTEGER NOT NULL,
    counted_fen  INTEGER NOT NULL CHECK (counted_fen >= 0),
    PRIMARY KEY (close_id, method)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER shift_close_no_update BEFORE UPDATE ON shift_close BEGIN
    SELECT RAISE(ABORT, 'a shift count is never changed');
END;
CREATE TRIGGER shift_close_no_delete BEFORE DELETE ON shift_close BEGIN
    SELECT RAISE(ABORT, 'a shift count is never deleted');
END;
CREATE TRIGGER shift_close_method_no_update BEFORE UPDATE ON shift_close_method BEGIN
    SELECT RAISE(ABORT, 'a shift count is never changed');
END;
CREATE TRIGGER shift_close_method_no_delete BEFORE DELETE ON shift_close_method BEGIN
    SELECT RAISE(ABORT, 'a shift count is never deleted');
END;

-- One gapless receipt series per office (the vehicle is an office) and year. `dataset`
-- says which kind of file the series was started in: a demo file with a live series (a
-- copied live database) must not print receipts that look real, and the store refuses.
CREATE TABLE receipt_series (
    office_id INTEGER NOT NULL REFERENCES office(id),
    year      INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 9999),
    dataset   TEXT NOT NULL CHECK (dataset IN ('live', 'demo')),
    last_seq  INTEGER NOT NULL CHECK (last_seq BETWEEN 1 AND 999999),
    PRIMARY KEY (office_id, year)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER receipt_series_step BEFORE UPDATE ON receipt_series
WHEN new.last_seq <> old.last_seq + 1 OR new.dataset <> old.dataset
    OR new.office_id <> old.office_id OR new.year <> old.year BEGIN
    SELECT RAISE(ABORT, 'a receipt series only counts up by one');
END;
CREATE TRIGGER receipt_series_no_delete BEFORE DELETE ON receipt_series BEGIN
    SELECT RAISE(ABORT, 'receipt series are never deleted');
END;

-- A money document with a number from the series: a payment, a top-up, an advance, or
-- the reversal (void or refund) of one of those.
CREATE TABLE receipt (
    id               INTEGER PRIMARY KEY,
    receipt_no       TEXT NOT NULL UNIQUE,
    office_id        INTEGER NOT NULL REFERENCES office(id),
    year             INTEGER NOT NULL,
    seq              INTEGER NOT NULL CHECK (seq BETWEEN 1 AND 999999),
    kind             TEXT NOT NULL CHECK (kind IN ('bills', 'advance', 'top_up', 'void', 'refund')),
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

-- One row per account movement of a receipt: each bill it settles, an advance, a card
-- purchase, or the reversal of one of those.
CREATE TABLE ledger_entry (
    id            INTEGER PRIMARY KEY,
    receipt_id    INTEGER NOT NULL REFERENCES receipt(id),
    account_id    INTEGER NOT NULL REFERENCES account(id),
    kind          TEXT NOT NULL CHECK (kind IN ('bill', 'advance', 'top_up', 'reversal')),
    amount_fen    INTEGER NOT NULL CHECK (amount_fen <> 0),
    bill_id       INTEGER REFERENCES bill(id),
    bill_round    INTEGER,
    -- Gas bought on a card (negative on its reversal), for the tariff year's tiers.
    volume_litres INTEGER,
    -- A card purchase's tier split as priced, JSON like `bill.tier_lines`.
    tier_lines    TEXT,
    reverses_id   INTEGER UNIQUE REFERENCES ledger_entry(id),
    CHECK ((kind = 'bill') = (bill_round IS NOT NULL)),
    CHECK (kind <> 'bill' OR bill_id IS NOT NULL),
    CHECK ((kind = 'reversal') = (reverses_id IS NOT NULL)),
    CHECK ((kind = 'reversal') = (amount_fen < 0)),
    CHECK (kind = 'reversal' OR (kind = 'top_up') = (volume_litres IS NOT NULL AND volume_litres > 0))
) STRICT;
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

-- Writing a purchase onto an IC card, in two phases: the money and this row commit with
-- state 'pending'; then the card is written ('written') and read back ('verified'). A
-- write that failed or was interrupted stays listed for recovery. `purchase_count` is the
-- card's counter after the write: the card refuses a count it already holds, so a
-- purchase is never loaded twice.
CREATE TABLE card_write (
    id             INTEGER PRIMARY KEY,
    meter_id       INTEGER NOT NULL REFERENCES meter(id),
    purpose        TEXT NOT NULL CHECK (purpose IN ('purchase', 'reissue')),
    entry_id       INTEGER UNIQUE REFERENCES ledger_entry(id),
    purchase_count INTEGER NOT NULL CHECK (purchase_count > 0),
    volume_litres  INTEGER NOT NULL CHECK (volume_litres > 0),
    state          TEXT NOT NULL DEFAULT 'pending'
                   CHECK (state IN ('pending', 'written', 'verified', 'failed', 'reversed')),
    attempts       INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_error     TEXT,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    staff_id       INTEGER NOT NULL REFERENCES staff(id),
    CHECK ((purpose = 'purchase') = (entry_id IS NOT NULL))
) STRICT;
-- A purchase count is used once per meter (a reversed purchase gives its count back).
CREATE UNIQUE INDEX card_write_one_per_count ON card_write(meter_id, purchase_count)
    WHERE purpose = 'purchase' AND state <> 'reversed';
CREATE INDEX card_write_unfinished ON card_write(state) WHERE state IN ('pending', 'failed');

CREATE TRIGGER card_write_no_delete BEFORE DELETE ON card_write BEGIN
    SELECT RAISE(ABORT, 'card writes are never deleted');
END;
CREATE TRIGGER card_write_fixed BEFORE UPDATE OF id, meter_id, purpose, entry_id, purchase_count,
    volume_litres, created_at, staff_id ON card_write BEGIN
    SELECT RAISE(ABORT, 'a card write keeps its purchase');
END;
CREATE TRIGGER card_write_transition BEFORE UPDATE OF state ON card_write
WHEN new.state <> old.state AND NOT (
    (old.state = 'pending' AND new.state IN ('written', 'failed', 'reversed'))
    OR (old.state = 'failed' AND new.state IN ('written', 'reversed'))
    OR (old.state = 'written' AND new.state IN ('verified', 'failed'))
) BEGIN
    SELECT RAISE(ABORT, 'a card write moves pending → written → verified, or to recovery');
END;

-- Reprints (补打) of a receipt; the first print is the receipt itself.
CREATE TABLE receipt_reprint (
    id         INTEGER PRIMARY KEY,
    receipt_id INTEGER NOT NULL REFERENCES receipt(id),
    staff_id   INTEGER NOT NULL REFERENCES staff(id),
    at         TEXT NOT NULL
) STRICT;
CREATE TRIGGER receipt_reprint_no_update BEFORE UPDATE ON receipt_reprint BEGIN
    SELECT RAISE(ABORT, 'reprints are append-only');
END;
CREATE TRIGGER receipt_reprint_no_delete BEFORE DELETE ON receipt_reprint BEGIN
    SELECT RAISE(ABORT, 'reprints are append-only');
END;
