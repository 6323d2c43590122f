-- Reports (报表, F8): a closed day's figures frozen at close, and the indexes the day-end
-- and period reports read through.

-- The day-end report of a business day as it stood when the day closed: the figures
-- (JSON, src/report/day.rs), written in the closing transaction and never changed, so
-- printing the day again later gives the same figures whatever happens afterwards (a
-- refund is a receipt of the day it is made; a card write still pending at close may be
-- written later; a care visit may be recorded later with an earlier date).
CREATE TABLE day_report (
    business_day_id INTEGER PRIMARY KEY REFERENCES business_day(id),
    format          INTEGER NOT NULL CHECK (format > 0),
    figures         TEXT NOT NULL CHECK (json_valid(figures)),
    sha256          TEXT NOT NULL CHECK (length(sha256) = 64),
    -- The business lines of the figures again, small: the period report sums these.
    business        TEXT NOT NULL CHECK (json_valid(business)),
    at              TEXT NOT NULL
) STRICT;

CREATE TRIGGER day_report_no_update BEFORE UPDATE ON day_report BEGIN
    SELECT RAISE(ABORT, 'a closed day''s report is frozen');
END;
CREATE TRIGGER day_report_no_delete BEFORE DELETE ON day_report BEGIN
    SELECT RAISE(ABORT, 'a closed day''s report is frozen');
END;
CREATE TRIGGER day_report_day_closed BEFORE INSERT ON day_report
WHEN (SELECT closed_at FROM business_day WHERE id = new.business_day_id) IS NULL BEGIN
    SELECT RAISE(ABORT, 'only a closed day''s report is frozen');
END;

-- Receipts by business day, covering the sums by kind and method.
CREATE INDEX receipt_day ON receipt(business_day_id, kind, method, total_fen);
-- Top-up volumes by receipt.
CREATE INDEX ledger_entry_top_up ON ledger_entry(receipt_id, volume_litres) WHERE kind = 'top_up';
-- Ticket events by day, kind and the business a finish recorded.
CREATE INDEX ticket_event_report
    ON ticket_event(business_day_id, kind, json_extract(detail, '$.outcome'));
-- Hazards by the visit that found them.
CREATE INDEX care_hazard_visit ON care_hazard(visit_id);
