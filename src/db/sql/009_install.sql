-- gasdesk schema v9: one-stop new install (燃气新装"一站式"). An application carries a new
-- connection from acceptance to an open account; every step is an event row; the stages
-- an application may move between are a table here, kept equal to the domain's
-- (src/domain/install.rs, Progress::apply) by a unit test, and a trigger refuses any other
-- move whatever code makes it.

-- Application numbers BZ<office code>-<year>-<seq>, gapless per office and year,
-- allocated in the transaction that inserts the application.
CREATE TABLE install_series (
    office_id INTEGER NOT NULL REFERENCES office(id),
    year      INTEGER NOT NULL,
    last_seq  INTEGER NOT NULL CHECK (last_seq BETWEEN 1 AND 999999),
    PRIMARY KEY (office_id, year)
) STRICT, WITHOUT ROWID;
CREATE TRIGGER install_series_step BEFORE UPDATE ON install_series
WHEN new.last_seq IS NOT old.last_seq + 1 OR new.office_id IS NOT old.office_id
     OR new.year IS NOT old.year BEGIN
    SELECT RAISE(ABORT, 'an application series steps by one');
END;

CREATE TABLE install_application (
    id                INTEGER PRIMARY KEY,
    app_no            TEXT NOT NULL UNIQUE,
    office_id         INTEGER NOT NULL REFERENCES office(id),
    year              INTEGER NOT NULL,
    seq               INTEGER NOT NULL,
    name              TEXT NOT NULL CHECK (name <> ''),
    id_number         TEXT NOT NULL CHECK (length(id_number) = 18),
    phone             TEXT NOT NULL CHECK (length(phone) = 11 AND phone NOT GLOB '*[^0-9]*'),
    district          TEXT NOT NULL CHECK (district <> ''),
    address           TEXT NOT NULL CHECK (address <> ''),
    customer_type     TEXT NOT NULL CHECK (customer_type IN ('residential', 'commercial')),
    household         INTEGER NOT NULL CHECK (household BETWEEN 1 AND 20),
    channel           TEXT NOT NULL CHECK (channel IN ('counter', 'hotline', 'vehicle', 'developer')),
    stage             TEXT NOT NULL CHECK (stage IN ('accepted', 'survey', 'design', 'fee',
                          'construction', 'inspection', 'meter', 'ignition', 'account',
                          'completed', 'cancelled')),
    on_hold           INTEGER NOT NULL DEFAULT 0 CHECK (on_hold IN (0, 1)),
    fee_paid          INTEGER NOT NULL DEFAULT 0 CHECK (fee_paid IN (0, 1)),
    inspection_passed INTEGER NOT NULL DEFAULT 0 CHECK (inspection_passed IN (0, 1)),
    cancelled_from    TEXT,
    -- The day the current stage began, and the day it is due (working days from
    -- data/install.toml, moved on by time on hold); NULL once finished.
    stage_since       TEXT NOT NULL,
    due_on            TEXT,
    -- 首问负责: who took it; never changes. The handler is who works on it now.
    owner_staff_id    INTEGER NOT NULL REFERENCES staff(id),
    handler_staff_id  INTEGER NOT NULL REFERENCES staff(id),
    survey_on         TEXT,
    pipe_metres       INTEGER CHECK (pipe_metres IS NULL OR pipe_metres >= 0),
    meter_kind        TEXT CHECK (meter_kind IS NULL OR meter_kind IN ('ic_card', 'mechanical', 'iot')),
    quote_fen         INTEGER CHECK (quote_fen IS NULL OR quote_fen > 0),
    quote_lines       TEXT,
    fee_receipt_id    INTEGER REFERENCES receipt(id),
    meter_serial      TEXT,
    account_id        INTEGER UNIQUE REFERENCES account(id),
    accepted_at       TEXT NOT NULL,
    -- Bumped by every change: a step names the version it saw, so of two counters
    -- advancing the same application one wins and the other is told who and when.
    version           INTEGER NOT NULL DEFAULT 0,
    UNIQUE (office_id, year, seq),
    CHECK (fee_paid = 0 OR fee_receipt_id IS NOT NULL),
    CHECK ((stage = 'cancelled') = (cancelled_from IS NOT NULL)),
    CHECK ((stage IN ('completed', 'cancelled')) = (due_on IS NULL)),
    CHECK (stage <> 'completed' OR account_id IS NOT NULL)
) STRICT;

CREATE INDEX install_due ON install_application(office_id, due_on)
    WHERE due_on IS NOT NULL AND on_hold = 0;
CREATE INDEX install_handler_due ON install_application(handler_staff_id, due_on)
    WHERE due_on IS NOT NULL AND on_hold = 0;
CREATE INDEX install_office_stage ON install_application(office_id, stage);
CREATE INDEX install_id_number ON install_application(id_number);
CREATE INDEX install_phone ON install_application(phone);
CREATE INDEX install_address ON install_application(address, district);
CREATE INDEX install_fee_receipt ON install_application(fee_receipt_id)
    WHERE fee_receipt_id IS NOT NULL;

-- The moves the stage rules allow (from, to). Reopening returns a cancelled application
-- to the stage it was cancelled in; a voided fee sends it back to the fee.
CREATE TABLE install_transition (
    from_stage TEXT NOT NULL,
    to_stage   TEXT NOT NULL,
    PRIMARY KEY (from_stage, to_stage)
) STRICT, WITHOUT ROWID;
INSERT INTO install_transition (from_stage, to_stage) VALUES
    ('accepted', 'survey'), ('survey', 'design'), ('design', 'fee'),
    ('fee', 'construction'), ('construction', 'inspection'), ('inspection', 'meter'),
    ('inspection', 'construction'), ('meter', 'ignition'), ('ignition', 'account'),
    ('account', 'completed'),
    ('construction', 'fee'), ('inspection', 'fee'), ('meter', 'fee'), ('ignition', 'fee'),
    ('account', 'fee'),
    ('accepted', 'cancelled'), ('survey', 'cancelled'), ('design', 'cancelled'),
    ('fee', 'cancelled'), ('construction', 'cancelled'), ('inspection', 'cancelled'),
    ('meter', 'cancelled'), ('ignition', 'cancelled'), ('account', 'cancelled'),
    ('cancelled', 'accepted'), ('cancelled', 'survey'), ('cancelled', 'design'),
    ('cancelled', 'fee'), ('cancelled', 'construction'), ('cancelled', 'inspection'),
    ('cancelled', 'meter'), ('cancelled', 'ignition'), ('cancelled', 'account');
CREATE TRIGGER install_transition_fixed BEFORE UPDATE ON install_transition BEGIN
    SELECT RAISE(ABORT, 'the stage rules are fixed by the schema');
END;
CREATE TRIGGER install_transition_kept BEFORE DELETE ON install_transition BEGIN
    SELECT RAISE(ABORT, 'the stage rules are fixed by the schema');
END;

CREATE TRIGGER install_stage_move BEFORE UPDATE OF stage ON install_application
WHEN new.stage IS NOT old.stage AND NOT EXISTS (
    SELECT 1 FROM install_transition WHERE from_stage = old.stage AND to_stage = new.stage) BEGIN
    SELECT RAISE(ABORT, 'the stage rules do not allow this move');
END;
CREATE TRIGGER install_no_early_ignition BEFORE UPDATE ON install_application
WHEN new.stage IN ('account', 'completed') AND (new.fee_paid = 0 OR new.inspection_passed = 0) BEGIN
    SELECT RAISE(ABORT, 'no ignition before the fee is paid and the inspection passed');
END;
CREATE TRIGGER install_no_work_unpaid BEFORE UPDATE ON install_application
WHEN new.stage IN ('construction', 'inspection', 'meter', 'ignition', 'account', 'completed')
     AND new.fee_paid = 0 BEGIN
    SELECT RAISE(ABORT, 'no construction before the fee is paid');
END;
CREATE TRIGGER install_completed_fixed BEFORE UPDATE ON install_application
WHEN old.stage = 'completed' BEGIN
    SELECT RAISE(ABORT, 'a completed application does not change');
END;
CREATE TRIGGER install_cancelled_fixed BEFORE UPDATE ON install_application
WHEN old.stage = 'cancelled' AND new.stage = 'cancelled' BEGIN
    SELECT RAISE(ABORT, 'a cancelled application changes only by reopening');
END;
CREATE TRIGGER install_keeps_identity BEFORE UPDATE OF id, app_no, office_id, year, seq,
    owner_staff_id, accepted_at ON install_application BEGIN
    SELECT RAISE(ABORT, 'an application keeps its number and its first-contact owner');
END;
CREATE TRIGGER install_versioned BEFORE UPDATE ON install_application
WHEN new.version IS NOT old.version + 1 BEGIN
    SELECT RAISE(ABORT, 'every change to an application takes the next version');
END;
CREATE TRIGGER install_no_delete BEFORE DELETE ON install_application BEGIN
    SELECT RAISE(ABORT, 'applications are cancelled, never deleted');
END;

-- Every step: who, when, what, the stages before and after, its result and note.
CREATE TABLE install_event (
    id             INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES install_application(id),
    at             TEXT NOT NULL,
    staff_id       INTEGER REFERENCES staff(id),
    action         TEXT NOT NULL,
    from_stage     TEXT,
    to_stage       TEXT NOT NULL,
    on_hold        INTEGER NOT NULL CHECK (on_hold IN (0, 1)),
    due_on         TEXT,
    note           TEXT,
    detail         TEXT
) STRICT;
CREATE INDEX install_event_application ON install_event(application_id, id);
CREATE TRIGGER install_event_no_update BEFORE UPDATE ON install_event BEGIN
    SELECT RAISE(ABORT, 'application history is append-only');
END;
CREATE TRIGGER install_event_no_delete BEFORE DELETE ON install_event BEGIN
    SELECT RAISE(ABORT, 'application history is append-only');
END;

-- The documents of data/install.toml an application needs: seen at acceptance, or owed
-- (容缺) with the day each is due, and when it came.
CREATE TABLE install_document (
    application_id INTEGER NOT NULL REFERENCES install_application(id),
    code           TEXT NOT NULL,
    core           INTEGER NOT NULL CHECK (core IN (0, 1)),
    due_on         TEXT,
    received_on    TEXT,
    received_by    INTEGER REFERENCES staff(id),
    PRIMARY KEY (application_id, code),
    CHECK (core = 0 OR received_on IS NOT NULL),
    CHECK (received_on IS NOT NULL OR due_on IS NOT NULL)
) STRICT, WITHOUT ROWID;
CREATE TRIGGER install_document_kept BEFORE DELETE ON install_document BEGIN
    SELECT RAISE(ABORT, 'an application keeps its documents list');
END;

-- Times on hold (waiting for the applicant): the clock stops.
CREATE TABLE install_hold (
    id             INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES install_application(id),
    from_on        TEXT NOT NULL,
    until_on       TEXT,
    reason         TEXT NOT NULL CHECK (reason <> ''),
    staff_id       INTEGER REFERENCES staff(id),
    CHECK (until_on IS NULL OR until_on >= from_on)
) STRICT;
CREATE UNIQUE INDEX install_hold_open ON install_hold(application_id) WHERE until_on IS NULL;
CREATE TRIGGER install_hold_kept BEFORE DELETE ON install_hold BEGIN
    SELECT RAISE(ABORT, 'times on hold are kept');
END;

-- The install fee is taken on each office's holding account (新装预收), since the
-- applicant's own account is opened only at the last stage. One per office.
CREATE TABLE install_holding_account (
    office_id  INTEGER PRIMARY KEY REFERENCES office(id),
    account_id INTEGER NOT NULL UNIQUE REFERENCES account(id)
) STRICT;

