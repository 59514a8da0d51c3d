-- Events the relay could not publish because Kafka refused them for good (record too large,
-- topic missing, not authorised), and the later events of the same aggregate, which wait
-- behind them so that the aggregate's order holds. The relay writes it through the
-- application's DataSource. A copy of the outbox row, so that retention may delete the row;
-- re-driven in seq order (OutboxReplay.redriveParked).
create table outbox_parked_event (
    id            uuid         primary key,
    seq           bigserial    not null,
    aggregatetype varchar(255) not null,
    aggregateid   varchar(255) not null,
    type          varchar(255) not null,
    payload       jsonb        not null,
    headers       jsonb        not null default '{}'::jsonb,
    created_at    timestamptz  not null,
    topic         text         not null,
    reason        text         not null,
    -- null when Kafka refused this event itself; else the parked event it waits behind
    blocked_by    uuid,
    parked_at     timestamptz  not null default now(),
    -- set by a re-drive, whose copy in outbox_event the relay has not published yet
    redriven      boolean      not null default false
);

create index outbox_parked_event_aggregate_idx on outbox_parked_event (aggregatetype, aggregateid, seq);
