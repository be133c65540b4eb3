-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:ZuJ52WykYDn8eV2Nbk8ufo/oWyZsydQAPkJHj6ZZ+Mk=
-- mig:up
CREATE TABLE customer (
    id integer NOT NULL CONSTRAINT customer_pkey PRIMARY KEY AUTOINCREMENT,
    name varchar(100) NOT NULL,
    email varchar(100)
);

CREATE TABLE orders (
    id integer NOT NULL CONSTRAINT orders_pkey PRIMARY KEY AUTOINCREMENT,
    customer_id bigint NOT NULL,
    total numeric(10,2) NOT NULL DEFAULT 0,
    note text,
    CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customer (id) ON DELETE CASCADE
);

CREATE INDEX orders_customer_idx ON orders (customer_id);
CREATE TABLE order_line (
    order_id bigint NOT NULL,
    line integer NOT NULL,
    qty integer NOT NULL,
    CONSTRAINT order_line_pkey PRIMARY KEY (order_id, line),
    CONSTRAINT order_line_order_id_fkey FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE
);

-- mig:down
-- destructive: drops table order_line and its rows
DROP TABLE order_line;
-- destructive: drops table orders and its rows
DROP TABLE orders;
-- destructive: drops table customer and its rows
DROP TABLE customer;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:aqPKRbGDyGkx+hoKbSvZ4sHNZmF7AwP/atg+jlxNkMc=
-- mig:up
-- rebuild of table customer: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table customer has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('customer', 'main') WHERE lower(name) NOT IN ('id', 'name', 'email');
DROP TABLE mig_guard;
-- the rebuild's checks (docs/sqlite.md): each fails the migration, naming the table
CREATE TEMP TABLE mig_rebuild (
    foreign_keys integer CONSTRAINT "rebuild of ""customer"" needs PRAGMA foreign_keys = OFF" CHECK (foreign_keys = 0),
    rows_before integer,
    rows_after integer CONSTRAINT "rebuild of ""customer"" lost rows" CHECK (rows_after >= rows_before)
        CONSTRAINT "rebuild of ""customer"" added rows" CHECK (rows_after <= rows_before),
    fk_of integer CONSTRAINT "rebuild of ""customer"" broke a foreign key of ""customer""" CHECK (fk_of = 0),
    fk_to integer CONSTRAINT "rebuild of ""customer"" broke a foreign key to ""customer""" CHECK (fk_to = 0),
    integrity text CONSTRAINT "rebuild of ""customer"" fails PRAGMA integrity_check" CHECK (integrity = 'ok')
);
INSERT INTO mig_rebuild (foreign_keys, rows_before)
    SELECT foreign_keys, (SELECT count(*) FROM customer) FROM pragma_foreign_keys;
CREATE TABLE customer_mig_new (
    id integer NOT NULL CONSTRAINT customer_pkey PRIMARY KEY AUTOINCREMENT,
    name varchar(200) NOT NULL,
    email varchar(100),
    CONSTRAINT customer_email_key UNIQUE (email)
);
INSERT INTO customer_mig_new (id, name, email)
    SELECT id, name, email FROM customer;
INSERT INTO sqlite_sequence (name, seq) SELECT 'customer_mig_new', 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'customer_mig_new');
UPDATE sqlite_sequence SET seq = max(seq, coalesce((SELECT max(seq) FROM sqlite_sequence WHERE name = 'customer'), 0)) WHERE name = 'customer_mig_new';
DROP TABLE customer;
PRAGMA legacy_alter_table = ON;
ALTER TABLE customer_mig_new RENAME TO customer;
PRAGMA legacy_alter_table = OFF;
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE customer RENAME TO customer_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
UPDATE mig_rebuild SET rows_after = (SELECT count(*) FROM customer);
UPDATE mig_rebuild SET fk_of = (SELECT count(*) FROM pragma_foreign_key_check('customer', 'main'));
UPDATE mig_rebuild SET fk_to = (SELECT count(*) FROM sqlite_schema c, pragma_foreign_key_check(c.name, 'main') v
    WHERE c.type = 'table' AND v.parent = 'customer' COLLATE NOCASE
    AND EXISTS (SELECT 1 FROM pragma_foreign_key_list(c.name, 'main') f WHERE f."table" = 'customer' COLLATE NOCASE));
UPDATE mig_rebuild SET integrity = (SELECT group_concat(integrity_check, '; ') FROM pragma_integrity_check('customer', 'main'));
DROP TABLE mig_rebuild;
-- rebuild of table orders: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table orders has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('orders', 'main') WHERE lower(name) NOT IN ('id', 'customer_id', 'total', 'note');
DROP TABLE mig_guard;
-- the rebuild's checks (docs/sqlite.md): each fails the migration, naming the table
CREATE TEMP TABLE mig_rebuild (
    foreign_keys integer CONSTRAINT "rebuild of ""orders"" needs PRAGMA foreign_keys = OFF" CHECK (foreign_keys = 0),
    rows_before integer,
    rows_after integer CONSTRAINT "rebuild of ""orders"" lost rows" CHECK (rows_after >= rows_before)
        CONSTRAINT "rebuild of ""orders"" added rows" CHECK (rows_after <= rows_before),
    fk_of integer CONSTRAINT "rebuild of ""orders"" broke a foreign key of ""orders""" CHECK (fk_of = 0),
    fk_to integer CONSTRAINT "rebuild of ""orders"" broke a foreign key to ""orders""" CHECK (fk_to = 0),
    integrity text CONSTRAINT "rebuild of ""orders"" fails PRAGMA integrity_check" CHECK (integrity = 'ok')
);
INSERT INTO mig_rebuild (foreign_keys, rows_before)
    SELECT foreign_keys, (SELECT count(*) FROM orders) FROM pragma_foreign_keys;
CREATE TABLE orders_mig_new (
    id integer NOT NULL CONSTRAINT orders_pkey PRIMARY KEY AUTOINCREMENT,
    customer_id bigint NOT NULL,
    total numeric(12,2) NOT NULL DEFAULT 0,
    note text NOT NULL DEFAULT 'none',
    CONSTRAINT orders_total_nonnegative CHECK (total >= 0),
    CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customer (id) ON DELETE CASCADE
);
INSERT INTO orders_mig_new (id, customer_id, total, note)
    SELECT id, customer_id, total, coalesce(note, 'none') FROM orders;
INSERT INTO sqlite_sequence (name, seq) SELECT 'orders_mig_new', 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'orders_mig_new');
UPDATE sqlite_sequence SET seq = max(seq, coalesce((SELECT max(seq) FROM sqlite_sequence WHERE name = 'orders'), 0)) WHERE name = 'orders_mig_new';
DROP TABLE orders;
PRAGMA legacy_alter_table = ON;
ALTER TABLE orders_mig_new RENAME TO orders;
PRAGMA legacy_alter_table = OFF;
CREATE INDEX orders_customer_idx ON orders (customer_id);
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE orders RENAME TO orders_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
UPDATE mig_rebuild SET rows_after = (SELECT count(*) FROM orders);
UPDATE mig_rebuild SET fk_of = (SELECT count(*) FROM pragma_foreign_key_check('orders', 'main'));
UPDATE mig_rebuild SET fk_to = (SELECT count(*) FROM sqlite_schema c, pragma_foreign_key_check(c.name, 'main') v
    WHERE c.type = 'table' AND v.parent = 'orders' COLLATE NOCASE
    AND EXISTS (SELECT 1 FROM pragma_foreign_key_list(c.name, 'main') f WHERE f."table" = 'orders' COLLATE NOCASE));
UPDATE mig_rebuild SET integrity = (SELECT group_concat(integrity_check, '; ') FROM pragma_integrity_check('orders', 'main'));
DROP TABLE mig_rebuild;
-- mig:down
-- rebuild of table orders: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table orders has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('orders', 'main') WHERE lower(name) NOT IN ('id', 'customer_id', 'total', 'note');
DROP TABLE mig_guard;
-- the rebuild's checks (docs/sqlite.md): each fails the migration, naming the table
CREATE TEMP TABLE mig_rebuild (
    foreign_keys integer CONSTRAINT "rebuild of ""orders"" needs PRAGMA foreign_keys = OFF" CHECK (foreign_keys = 0),
    rows_before integer,
    rows_after integer CONSTRAINT "rebuild of ""orders"" lost rows" CHECK (rows_after >= rows_before)
        CONSTRAINT "rebuild of ""orders"" added rows" CHECK (rows_after <= rows_before),
    fk_of integer CONSTRAINT "rebuild of ""orders"" broke a foreign key of ""orders""" CHECK (fk_of = 0),
    fk_to integer CONSTRAINT "rebuild of ""orders"" broke a foreign key to ""orders""" CHECK (fk_to = 0),
    integrity text CONSTRAINT "rebuild of ""orders"" fails PRAGMA integrity_check" CHECK (integrity = 'ok')
);
INSERT INTO mig_rebuild (foreign_keys, rows_before)
    SELECT foreign_keys, (SELECT count(*) FROM orders) FROM pragma_foreign_keys;
CREATE TABLE orders_mig_new (
    id integer NOT NULL CONSTRAINT orders_pkey PRIMARY KEY AUTOINCREMENT,
    customer_id bigint NOT NULL,
    total numeric(10,2) NOT NULL DEFAULT 0,
    note text,
    CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customer (id) ON DELETE CASCADE
);
INSERT INTO orders_mig_new (id, customer_id, total, note)
    SELECT id, customer_id, total, note FROM orders;
INSERT INTO sqlite_sequence (name, seq) SELECT 'orders_mig_new', 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'orders_mig_new');
UPDATE sqlite_sequence SET seq = max(seq, coalesce((SELECT max(seq) FROM sqlite_sequence WHERE name = 'orders'), 0)) WHERE name = 'orders_mig_new';
DROP TABLE orders;
PRAGMA legacy_alter_table = ON;
ALTER TABLE orders_mig_new RENAME TO orders;
PRAGMA legacy_alter_table = OFF;
CREATE INDEX orders_customer_idx ON orders (customer_id);
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE orders RENAME TO orders_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
UPDATE mig_rebuild SET rows_after = (SELECT count(*) FROM orders);
UPDATE mig_rebuild SET fk_of = (SELECT count(*) FROM pragma_foreign_key_check('orders', 'main'));
UPDATE mig_rebuild SET fk_to = (SELECT count(*) FROM sqlite_schema c, pragma_foreign_key_check(c.name, 'main') v
    WHERE c.type = 'table' AND v.parent = 'orders' COLLATE NOCASE
    AND EXISTS (SELECT 1 FROM pragma_foreign_key_list(c.name, 'main') f WHERE f."table" = 'orders' COLLATE NOCASE));
UPDATE mig_rebuild SET integrity = (SELECT group_concat(integrity_check, '; ') FROM pragma_integrity_check('orders', 'main'));
DROP TABLE mig_rebuild;
-- rebuild of table customer: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table customer has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('customer', 'main') WHERE lower(name) NOT IN ('id', 'name', 'email');
DROP TABLE mig_guard;
-- the rebuild's checks (docs/sqlite.md): each fails the migration, naming the table
CREATE TEMP TABLE mig_rebuild (
    foreign_keys integer CONSTRAINT "rebuild of ""customer"" needs PRAGMA foreign_keys = OFF" CHECK (foreign_keys = 0),
    rows_before integer,
    rows_after integer CONSTRAINT "rebuild of ""customer"" lost rows" CHECK (rows_after >= rows_before)
        CONSTRAINT "rebuild of ""customer"" added rows" CHECK (rows_after <= rows_before),
    fk_of integer CONSTRAINT "rebuild of ""customer"" broke a foreign key of ""customer""" CHECK (fk_of = 0),
    fk_to integer CONSTRAINT "rebuild of ""customer"" broke a foreign key to ""customer""" CHECK (fk_to = 0),
    integrity text CONSTRAINT "rebuild of ""customer"" fails PRAGMA integrity_check" CHECK (integrity = 'ok')
);
INSERT INTO mig_rebuild (foreign_keys, rows_before)
    SELECT foreign_keys, (SELECT count(*) FROM customer) FROM pragma_foreign_keys;
CREATE TABLE customer_mig_new (
    id integer NOT NULL CONSTRAINT customer_pkey PRIMARY KEY AUTOINCREMENT,
    name varchar(100) NOT NULL,
    email varchar(100)
);
INSERT INTO customer_mig_new (id, name, email)
    SELECT id, name, email FROM customer;
INSERT INTO sqlite_sequence (name, seq) SELECT 'customer_mig_new', 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'customer_mig_new');
UPDATE sqlite_sequence SET seq = max(seq, coalesce((SELECT max(seq) FROM sqlite_sequence WHERE name = 'customer'), 0)) WHERE name = 'customer_mig_new';
DROP TABLE customer;
PRAGMA legacy_alter_table = ON;
ALTER TABLE customer_mig_new RENAME TO customer;
PRAGMA legacy_alter_table = OFF;
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE customer RENAME TO customer_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
UPDATE mig_rebuild SET rows_after = (SELECT count(*) FROM customer);
UPDATE mig_rebuild SET fk_of = (SELECT count(*) FROM pragma_foreign_key_check('customer', 'main'));
UPDATE mig_rebuild SET fk_to = (SELECT count(*) FROM sqlite_schema c, pragma_foreign_key_check(c.name, 'main') v
    WHERE c.type = 'table' AND v.parent = 'customer' COLLATE NOCASE
    AND EXISTS (SELECT 1 FROM pragma_foreign_key_list(c.name, 'main') f WHERE f."table" = 'customer' COLLATE NOCASE));
UPDATE mig_rebuild SET integrity = (SELECT group_concat(integrity_check, '; ') FROM pragma_integrity_check('customer', 'main'));
DROP TABLE mig_rebuild;
