-- The catalog orders are priced from: a client names a sku and a quantity, never a price.
create table products (
    sku        varchar(40)   primary key,
    title      varchar(200)  not null,
    unit_price numeric(10,2) not null check (unit_price >= 0),
    currency   char(3)       not null
);

insert into products (sku, title, unit_price, currency) values
    ('BOOK-001', 'Notes on the Analytical Engine', 12.50, 'EUR'),
    ('PEN-042',  'Fountain pen',                    3.20, 'EUR'),
    ('INK-007',  'Bottle of blue-black ink',        6.90, 'EUR'),
    ('CARD-100', 'Punched cards, pack of 100',      9.99, 'EUR'),
    ('LAMP-003', 'Brass reading lamp',             48.00, 'EUR');

create table orders (
    id        uuid          primary key,
    user_id   uuid          not null references users (id),
    phone     varchar(16),
    currency  char(3)       not null,
    total     numeric(14,2) not null,
    placed_at timestamptz   not null
);

create index orders_user_id_idx on orders (user_id);

-- Title and price as they were when the order was placed: the catalog may change later.
-- line_index is the line's position in the order, from 0, as Spring Data JDBC keeps a list.
create table order_lines (
    order_id   uuid          not null references orders (id),
    line_index integer       not null,
    sku        varchar(40)   not null references products (sku),
    title      varchar(200)  not null,
    quantity   integer       not null check (quantity between 1 and 100),
    unit_price numeric(10,2) not null,
    primary key (order_id, line_index)
);
