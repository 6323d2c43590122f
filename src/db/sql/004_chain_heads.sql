-- gasdesk schema v4: the audit chain's head is recorded when a business day closes, so
-- that a chain rewritten later (rows edited and every hash recomputed) no longer meets
-- the heads stored with the days it covers. Set by the closing update only; the closed
-- day is final (business_day_closed_is_final).

ALTER TABLE business_day ADD COLUMN audit_head_id INTEGER
    CHECK (audit_head_id IS NULL OR audit_head_id >= 0);
ALTER TABLE business_day ADD COLUMN audit_head_hash TEXT
    CHECK (audit_head_hash IS NULL OR length(audit_head_hash) = 64);
