-- gasdesk schema v2: the queue — business days, tickets, their events, counter states.
-- `ticket_event` is the record (append-only); `ticket.state` is a projection of it kept
-- in the same transaction, for the screens. Statistics read events only.

CREATE TABLE business_day (
    id        INTEGER PRIMARY KEY,
    office_id INTEGER NOT NULL REFERENCES office(id),
    day       TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    opened_at TEXT NOT NULL,
    -- NULL: opened by the first ticket of the day (a kiosk), not by a manager.
    opened_by INTEGER REFERENCES staff(id),
    closed_at TEXT,
    closed_by INTEGER REFERENCES staff(id),
    UNIQUE (office_id, day),
    CHECK (closed_by IS NULL OR closed_at IS NOT NULL)
) STRICT;

-- Numbering keys on the open day, so an office has at most one.
CREATE UNIQUE INDEX business_day_one_open ON business_day(office_id) WHERE closed_at IS NULL;

-- A closed day stays closed: reopening it would hand out its numbers again.
CREATE TRIGGER business_day_closed_is_final BEFORE UPDATE ON business_day
WHEN old.closed_at IS NOT NULL BEGIN
    SELECT RAISE(ABORT, 'a closed business day cannot change');
END;
CREATE TRIGGER business_day_identity_fixed BEFORE UPDATE OF id, office_id, day, opened_at, opened_by
ON business_day BEGIN
    SELECT RAISE(ABORT, 'a business day keeps its office, date and opening');
END;
CREATE TRIGGER business_day_no_delete BEFORE DELETE ON business_day BEGIN
    SELECT RAISE(ABORT, 'business days are never deleted');
END;

CREATE TABLE ticket (
    id              INTEGER PRIMARY KEY,
    business_day_id INTEGER NOT NULL REFERENCES business_day(id),
    -- The letter of the number; `service` may change by a transfer, the number never.
    letter          TEXT NOT NULL CHECK (length(letter) = 1 AND letter GLOB '[A-Z]'),
    seq             INTEGER NOT NULL CHECK (seq > 0),
    number          TEXT NOT NULL CHECK (number = letter || substr('00' || seq, -max(3, length(seq)))),
    service         TEXT NOT NULL CHECK (length(service) = 1 AND service GLOB '[A-Z]'),
    priority        INTEGER NOT NULL CHECK (priority IN (0, 1)),
    account_id      INTEGER REFERENCES account(id),
    phone           TEXT CHECK (phone IS NULL OR (length(phone) = 11 AND phone NOT GLOB '*[^0-9]*')),
    -- Kept through transfers: the wait is counted from here.
    issued_at       TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN
                        ('waiting', 'called', 'serving', 'parked', 'finished', 'no_show', 'closed')),
    -- The counter serving it, or that parked it; NULL while waiting.
    counter_no      INTEGER CHECK (counter_no IS NULL OR counter_no > 0),
    -- After a transfer to a named counter, only that counter may call it.
    target_counter  INTEGER CHECK (target_counter IS NULL OR target_counter > 0),
    -- First-contact owner (首问负责): the staff member who first served it.
    owner_staff_id  INTEGER REFERENCES staff(id),
    outcome         TEXT CHECK (outcome IS NULL OR outcome IN
                        ('payment', 'top_up', 'new_install', 'transfer', 'enquiry', 'care_visit', 'other')),
    UNIQUE (business_day_id, letter, seq),
    CHECK ((state = 'finished') = (outcome IS NOT NULL)),
    CHECK (state NOT IN ('called', 'serving', 'parked') OR counter_no IS NOT NULL)
) STRICT;

CREATE INDEX ticket_day_state ON ticket(business_day_id, state);
-- A counter has at most one customer at a time, whatever the screens do.
CREATE UNIQUE INDEX ticket_one_per_counter ON ticket(business_day_id, counter_no)
    WHERE state IN ('called', 'serving');

CREATE TRIGGER ticket_identity_fixed
BEFORE UPDATE OF id, business_day_id, letter, seq, number, issued_at ON ticket BEGIN
    SELECT RAISE(ABORT, 'a ticket keeps its day, number and issue time');
END;
CREATE TRIGGER ticket_final_is_final BEFORE UPDATE ON ticket
WHEN old.state IN ('finished', 'no_show', 'closed') BEGIN
    SELECT RAISE(ABORT, 'a finished, no-show or closed ticket cannot change');
END;
-- A closed day takes no more tickets, whoever writes.
CREATE TRIGGER ticket_day_open BEFORE INSERT ON ticket
WHEN (SELECT closed_at FROM business_day WHERE id = new.business_day_id) IS NOT NULL BEGIN
    SELECT RAISE(ABORT, 'the business day is closed');
END;
CREATE TRIGGER ticket_no_delete BEFORE DELETE ON ticket BEGIN
    SELECT RAISE(ABORT, 'tickets are never deleted');
END;

CREATE TABLE ticket_event (
    id              INTEGER PRIMARY KEY,
    ticket_id       INTEGER NOT NULL REFERENCES ticket(id),
    business_day_id INTEGER NOT NULL REFERENCES business_day(id),
    office_id       INTEGER NOT NULL REFERENCES office(id),
    at              TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN
                        ('issued', 'called', 'called_out_of_order', 'recalled', 'arrived', 'parked',
                         'resumed', 'transferred', 'finished', 'no_show', 'closed')),
    -- The ticket's service when the step happened (a transfer records the one it left).
    service         TEXT NOT NULL CHECK (length(service) = 1 AND service GLOB '[A-Z]'),
    staff_id        INTEGER REFERENCES staff(id),
    counter_no      INTEGER CHECK (counter_no IS NULL OR counter_no > 0),
    detail          TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detail))
) STRICT;

CREATE INDEX ticket_event_ticket ON ticket_event(ticket_id, id);
CREATE INDEX ticket_event_day ON ticket_event(business_day_id, id);
-- The display board: the latest announcements of the day.
CREATE INDEX ticket_event_announced ON ticket_event(business_day_id, id)
    WHERE kind IN ('called', 'called_out_of_order', 'resumed', 'recalled');
-- Wait estimates: the latest service times of a service at an office.
CREATE INDEX ticket_event_finished ON ticket_event(office_id, service, id)
    WHERE kind = 'finished';

CREATE TRIGGER ticket_event_no_update BEFORE UPDATE ON ticket_event BEGIN
    SELECT RAISE(ABORT, 'ticket events are append-only');
END;
CREATE TRIGGER ticket_event_no_delete BEFORE DELETE ON ticket_event BEGIN
    SELECT RAISE(ABORT, 'ticket events are append-only');
END;

-- Whether each counter calls tickets now. Opening, pausing and closing are audited.
CREATE TABLE counter_state (
    office_id  INTEGER NOT NULL,
    counter_no INTEGER NOT NULL,
    state      TEXT NOT NULL CHECK (state IN ('open', 'paused', 'closed')),
    staff_id   INTEGER REFERENCES staff(id),
    since      TEXT NOT NULL,
    PRIMARY KEY (office_id, counter_no),
    FOREIGN KEY (office_id, counter_no) REFERENCES counter(office_id, number)
) STRICT, WITHOUT ROWID;
