-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:7PNKvjDNDetTn1lYT0c7ffrIShW+4qGozIreDZlkVgs=
-- mig:up
CREATE TABLE orders (
    id bigint NOT NULL,
    status text NOT NULL,
    total numeric(12,2) NOT NULL,
    CONSTRAINT orders_pkey PRIMARY KEY (id)
);

CREATE VIEW open_orders AS SELECT id, total FROM orders WHERE status = 'open';
CREATE VIEW big_orders AS SELECT id FROM orders WHERE total > 100;
-- mig:down
DROP VIEW big_orders;
DROP VIEW open_orders;
-- destructive: drops table orders and its rows
DROP TABLE orders;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:yLwSLNwydQbQi8k3buI8mveUIyTo05rrafR0T3uq4A8=
-- mig:up
DROP VIEW big_orders;
DROP VIEW open_orders;
ALTER TABLE orders ADD COLUMN placed_on date;
CREATE VIEW open_orders AS SELECT id, total, placed_on FROM orders WHERE status = 'open';
CREATE VIEW open_total AS SELECT sum(total) AS total FROM open_orders;
-- SQLite: materialized-view order_counts is left out (SQLite has no materialized-view)
-- SQLite: view-index order_counts_status on order_counts is left out (SQLite has no view-index)
-- mig:down
-- SQLite: view-index order_counts_status on order_counts is left out (SQLite has no view-index)
-- SQLite: materialized-view order_counts is left out (SQLite has no materialized-view)
DROP VIEW open_total;
DROP VIEW open_orders;
-- destructive: drops column orders.placed_on and its data
-- rebuild of table orders: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table orders has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('orders', 'main') WHERE lower(name) NOT IN ('id', 'status', 'total', 'placed_on');
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
    id bigint NOT NULL,
    status text NOT NULL,
    total numeric(12,2) NOT NULL,
    CONSTRAINT orders_pkey PRIMARY KEY (id)
);
INSERT INTO orders_mig_new (id, status, total)
    SELECT id, status, total FROM orders;
DROP TABLE orders;
PRAGMA legacy_alter_table = ON;
ALTER TABLE orders_mig_new RENAME TO orders;
PRAGMA legacy_alter_table = OFF;
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
CREATE VIEW open_orders AS SELECT id, total FROM orders WHERE status = 'open';
CREATE VIEW big_orders AS SELECT id FROM orders WHERE total > 100;
