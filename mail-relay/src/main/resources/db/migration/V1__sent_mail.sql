-- The ledger of mails sent, one row per event. mail-relay inserts the row and sends the mail in
-- one transaction: a failed send leaves no row, and a second delivery of the same event finds the
-- row (or waits for the first transaction to end) and sends nothing.
create table sent_mail (
    event_id   uuid        primary key,
    event_type text        not null,
    recipient  text        not null,
    -- derived from the event id, so a mail sent again after a crash carries the same Message-ID
    message_id text        not null,
    sent_at    timestamptz not null default now()
);
