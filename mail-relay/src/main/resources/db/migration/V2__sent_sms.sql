-- The ledger of the SMS notifier, one row per event, like sent_mail: the row is inserted and the
-- SMS handed to the sender in one transaction, so that a repeated event sends no second SMS.
create table sent_sms (
    event_id     uuid        primary key,
    event_type   text        not null,
    phone_number text        not null,
    sent_at      timestamptz not null default now()
);
