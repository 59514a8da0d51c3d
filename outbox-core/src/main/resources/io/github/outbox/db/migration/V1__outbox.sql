-- The outbox: one row per event, in Debezium's outbox column names.
create table outbox_event (
    id            uuid         primary key,
    aggregatetype varchar(255) not null,
    aggregateid   varchar(255) not null,
    type          varchar(255) not null,
    payload       jsonb        not null,
    headers       jsonb        not null default '{}'::jsonb,
    created_at    timestamptz  not null default now()
);

-- Retention deletes by age.
create index outbox_event_created_at_idx on outbox_event (created_at);

-- The relay streams inserts only: deletes by the retention clean-up are not published.
create publication ${publication} for table outbox_event with (publish = 'insert');

-- The relay's Debezium offsets, stored after Kafka acknowledged.
create table outbox_relay_offset (
    offset_key   bytea       primary key,
    offset_value bytea,
    updated_at   timestamptz not null default now()
);

-- A relay role of its own gets what it needs and no more.
do $$
begin
    if '${relayRole}' <> '' and exists (select 1 from pg_roles where rolname = '${relayRole}') then
        execute format('grant select on outbox_event to %I', '${relayRole}');
        execute format('grant select, insert, update on outbox_relay_offset to %I', '${relayRole}');
    end if;
end
$$;
