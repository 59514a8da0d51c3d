-- Requests that send a mail or a text, one row per request let through, so that the limits per
-- key (sample.signup.signups-per-address, sample.orders.mails-per-account, ...) hold across
-- instances. A key (an address, a client, an account, a phone number) is kept only as its SHA-256
-- hash; rows older than the limit's window are deleted by later requests.
create table request_log (
    id           bigint      generated always as identity primary key,
    scope        varchar(40) not null,
    key_hash     bytea       not null,
    requested_at timestamptz not null
);

create index request_log_key_idx on request_log (scope, key_hash, requested_at);
create index request_log_requested_at_idx on request_log (requested_at);
