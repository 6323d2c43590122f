-- Failed logins with a staff number that does not exist are counted and locked out as a
-- real number's are, so a lock-out never tells a real staff number from a made-up one.
-- Only numbers of the staff number's own form (3-8 digits) are kept: nothing else could
-- ever be a real one.
CREATE TABLE login_probe (
    staff_no        TEXT PRIMARY KEY CHECK (length(staff_no) BETWEEN 3 AND 8 AND staff_no NOT GLOB '*[^0-9]*'),
    failed_attempts INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
    locked_until    TEXT
) STRICT, WITHOUT ROWID;
