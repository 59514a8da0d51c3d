create table shipment (
    id      uuid primary key,
    address text not null
);
