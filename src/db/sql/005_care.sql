-- The care register (关爱): people who need help (孤、寡、老、特、残), the accounts they
-- use, what was seen as evidence, home visits and the hazards they found. Personal
-- details are kept only while consent stands: a withdrawn entry is purged after the
-- period in data/care.toml, leaving its categories, dates and visit counts anonymous.

-- Named care officers may read care files besides managers.
ALTER TABLE staff ADD COLUMN care_officer INTEGER NOT NULL DEFAULT 0 CHECK (care_officer IN (0, 1));

CREATE TABLE care_person (
    id               INTEGER PRIMARY KEY,
    office_id        INTEGER NOT NULL REFERENCES office(id),
    status           TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'withdrawn', 'purged')),
    -- Comma-separated codes of data/care.toml; they stay after a purge (anonymous counts).
    categories       TEXT NOT NULL CHECK (categories <> ''),
    needs            TEXT NOT NULL DEFAULT '',
    assistance       TEXT NOT NULL CHECK (assistance IN ('one_on_one', 'group')),
    helper_staff_id  INTEGER REFERENCES staff(id),
    team             TEXT,
    visit_every_days INTEGER NOT NULL CHECK (visit_every_days > 0),
    registered_on    TEXT NOT NULL,
    registered_by    INTEGER REFERENCES staff(id),
    withdrawn_on     TEXT,
    purged_on        TEXT,
    -- Personal details: NULL once purged.
    name             TEXT,
    id_number        TEXT CHECK (id_number IS NULL OR length(id_number) = 18),
    phone            TEXT CHECK (phone IS NULL OR (length(phone) = 11 AND phone NOT GLOB '*[^0-9]*')),
    nominee_name     TEXT,
    nominee_phone    TEXT,
    visit_password   TEXT,
    temporary_until  TEXT,
    emergency_name   TEXT,
    emergency_phone  TEXT,
    consent_by       TEXT CHECK (consent_by IS NULL OR consent_by IN ('person', 'nominee')),
    consent_on       TEXT,
    consent_purpose  TEXT,
    review_on        TEXT,
    CHECK ((assistance = 'one_on_one') = (helper_staff_id IS NOT NULL)),
    CHECK ((assistance = 'group') = (team IS NOT NULL)),
    CHECK (status = 'purged' OR (name IS NOT NULL AND consent_on IS NOT NULL
                                 AND consent_by IS NOT NULL AND review_on IS NOT NULL)),
    CHECK ((status = 'active') = (withdrawn_on IS NULL)),
    CHECK ((status = 'purged') = (purged_on IS NOT NULL)),
    CHECK (status <> 'purged' OR (name IS NULL AND id_number IS NULL AND phone IS NULL
        AND nominee_name IS NULL AND nominee_phone IS NULL AND visit_password IS NULL
        AND emergency_name IS NULL AND emergency_phone IS NULL AND consent_purpose IS NULL))
) STRICT;
CREATE INDEX care_person_office ON care_person(office_id, status);
CREATE INDEX care_person_id_number ON care_person(id_number) WHERE id_number IS NOT NULL;
CREATE INDEX care_person_phone ON care_person(phone) WHERE phone IS NOT NULL;

-- An entry only moves forward: active → withdrawn → purged; a purged entry is never
-- filled again, and no entry is deleted (the counts must stay).
CREATE TRIGGER care_person_forward BEFORE UPDATE OF status ON care_person
WHEN NOT ((old.status = new.status)
          OR (old.status = 'active' AND new.status = 'withdrawn')
          OR (old.status = 'withdrawn' AND new.status = 'purged')) BEGIN
    SELECT RAISE(ABORT, 'a care entry only goes from active to withdrawn to purged');
END;
CREATE TRIGGER care_person_purged_stays BEFORE UPDATE ON care_person
WHEN old.status = 'purged' BEGIN
    SELECT RAISE(ABORT, 'a purged care entry is never changed');
END;
CREATE TRIGGER care_person_no_delete BEFORE DELETE ON care_person BEGIN
    SELECT RAISE(ABORT, 'care entries are never deleted; withdraw and purge them');
END;

CREATE TABLE care_account (
    person_id  INTEGER NOT NULL REFERENCES care_person(id),
    account_id INTEGER NOT NULL REFERENCES account(id),
    PRIMARY KEY (person_id, account_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX care_account_account ON care_account(account_id);

CREATE TABLE care_evidence (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES care_person(id),
    kind        TEXT NOT NULL CHECK (kind IN ('civil_affairs', 'disability_card', 'household_register', 'other')),
    seen_on     TEXT NOT NULL,
    recorded_by INTEGER REFERENCES staff(id)
) STRICT;
CREATE INDEX care_evidence_person ON care_evidence(person_id);

CREATE TABLE care_visit (
    id            INTEGER PRIMARY KEY,
    person_id     INTEGER NOT NULL REFERENCES care_person(id),
    visited_on    TEXT NOT NULL,
    staff_id      INTEGER REFERENCES staff(id),
    -- JSON: [["hose", true], ["leak", false], ...]
    checks        TEXT NOT NULL,
    hose_replaced INTEGER NOT NULL CHECK (hose_replaced IN (0, 1)),
    receipt_id    INTEGER REFERENCES receipt(id),
    note          TEXT,
    recorded_at   TEXT NOT NULL
) STRICT;
CREATE INDEX care_visit_person ON care_visit(person_id, visited_on);

CREATE TABLE care_hazard (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES care_person(id),
    visit_id    INTEGER NOT NULL REFERENCES care_visit(id),
    what        TEXT,
    follow_up   TEXT,
    due_on      TEXT NOT NULL,
    resolved_on TEXT,
    resolved_by INTEGER REFERENCES staff(id),
    resolution  TEXT
) STRICT;
CREATE INDEX care_hazard_open ON care_hazard(person_id) WHERE resolved_on IS NULL;
