-- Requests for a new confirmation link, one row per request let through, so that the limit per
-- address (sample.signup.resend-limit) holds across instances. The address is kept only as its
-- SHA-256 hash, whether or not it has an account; rows older than the limit's window are deleted
-- by later requests.
create table confirmation_requests (
    id           bigint      generated always as identity primary key,
    email_hash   bytea       not null,
    requested_at timestamptz not null
);

create index confirmation_requests_email_hash_idx on confirmation_requests (email_hash, requested_at);
create index confirmation_requests_requested_at_idx on confirmation_requests (requested_at);
