create table users (
    id            uuid         primary key,
    email         varchar(254) not null unique,
    name          varchar(100) not null,
    registered_at timestamptz  not null,
    confirmed_at  timestamptz
);

-- Only the hash of a token is kept: a copy of this table confirms no account.
create table confirmation_tokens (
    token_hash bytea       primary key,
    user_id    uuid        not null references users (id),
    expires_at timestamptz not null,
    used_at    timestamptz
);

create index confirmation_tokens_user_id_idx on confirmation_tokens (user_id);
