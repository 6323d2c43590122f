-- gasdesk schema v12: what a new-install fee receipt was for, and the queue ticket an
-- application was taken from.

-- A new-install fee (营业费) is on the office's holding account (新装预收); its receipt,
-- printout and void name the application instead, found by the payment's event (which
-- names the receipt, append-only like the receipt itself). This index finds it.
CREATE INDEX install_event_fee_receipt ON install_event(json_extract(detail, '$.receipt'))
    WHERE action = 'pay_fee';

-- The queue ticket being served when the application was taken (intake from a ticket):
-- its office, business day and number are the ticket's. Written once with the
-- application, never changed.
CREATE TABLE install_ticket (
    application_id INTEGER PRIMARY KEY REFERENCES install_application(id),
    ticket_id      INTEGER NOT NULL REFERENCES ticket(id)
) STRICT;
CREATE INDEX install_ticket_ticket ON install_ticket(ticket_id);
CREATE TRIGGER install_ticket_no_update BEFORE UPDATE ON install_ticket BEGIN
    SELECT RAISE(ABORT, 'an application keeps the ticket it was taken from');
END;
CREATE TRIGGER install_ticket_no_delete BEFORE DELETE ON install_ticket BEGIN
    SELECT RAISE(ABORT, 'an application keeps the ticket it was taken from');
END;
