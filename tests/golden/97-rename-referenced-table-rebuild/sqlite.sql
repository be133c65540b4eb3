-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:o3uW4+PRJJDwkmPnCgyWCrslwm6tODH0UcE/KnSfeLs=
-- mig:up
CREATE TABLE orders (
    id bigint NOT NULL,
    note text,
    CONSTRAINT orders_pkey PRIMARY KEY (id)
);

CREATE TABLE payment (
    id bigint NOT NULL,
    order_id bigint NOT NULL,
    amount integer NOT NULL,
    CONSTRAINT payment_pkey PRIMARY KEY (id),
    CONSTRAINT payment_order_id_fkey FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE
);

-- mig:down
-- destructive: drops table payment and its rows
DROP TABLE payment;
-- destructive: drops table orders and its rows
DROP TABLE orders;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:UbS6KQbuZpU1ZMWXECOAAbtRBE8QSb4k8qfOKrYMjcQ=
-- mig:up
-- rebuild of table purchase: a change ALTER TABLE cannot make
ALTER TABLE orders RENAME TO purchase;
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table purchase has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('purchase', 'main') WHERE lower(name) NOT IN ('id', 'note');
DROP TABLE mig_guard;
-- the rebuild's checks (docs/sqlite.md): each fails the migration, naming the table
CREATE TEMP TABLE mig_rebuild (
    foreign_keys integer CONSTRAINT "rebuild of ""purchase"" needs PRAGMA foreign_keys = OFF" CHECK (foreign_keys = 0),
    rows_before integer,
    rows_after integer CONSTRAINT "rebuild of ""purchase"" lost rows" CHECK (rows_after >= rows_before)
        CONSTRAINT "rebuild of ""purchase"" added rows" CHECK (rows_after <= rows_before),
    fk_of integer CONSTRAINT "rebuild of ""purchase"" broke a foreign key of ""purchase""" CHECK (fk_of = 0),
    fk_to integer CONSTRAINT "rebuild of ""purchase"" broke a foreign key to ""purchase""" CHECK (fk_to = 0),
    integrity text CONSTRAINT "rebuild of ""purchase"" fails PRAGMA integrity_check" CHECK (integrity = 'ok')
);
INSERT INTO mig_rebuild (foreign_keys, rows_before)
    SELECT foreign_keys, (SELECT count(*) FROM purchase) FROM pragma_foreign_keys;
CREATE TABLE purchase_mig_new (
    id bigint NOT NULL,
    note text NOT NULL DEFAULT '',
    CONSTRAINT purchase_pkey PRIMARY KEY (id)
);
INSERT INTO purchase_mig_new (id, note)
    SELECT id, coalesce(note, '') FROM purchase;
DROP TABLE purchase;
PRAGMA legacy_alter_table = ON;
ALTER TABLE purchase_mig_new RENAME TO purchase;
PRAGMA legacy_alter_table = OFF;
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE purchase RENAME TO purchase_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
UPDATE mig_rebuild SET rows_after = (SELECT count(*) FROM purchase);
UPDATE mig_rebuild SET fk_of = (SELECT count(*) FROM pragma_foreign_key_check('purchase', 'main'));
UPDATE mig_rebuild SET fk_to = (SELECT count(*) FROM sqlite_schema c, pragma_foreign_key_check(c.name, 'main') v
    WHERE c.type = 'table' AND v.parent = 'purchase' COLLATE NOCASE
    AND EXISTS (SELECT 1 FROM pragma_foreign_key_list(c.name, 'main') f WHERE f."table" = 'purchase' COLLATE NOCASE));
UPDATE mig_rebuild SET integrity = (SELECT group_concat(integrity_check, '; ') FROM pragma_integrity_check('purchase', 'main'));
DROP TABLE mig_rebuild;
-- mig:down
-- rebuild of table orders: a change ALTER TABLE cannot make
ALTER TABLE purchase RENAME TO orders;
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table orders has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('orders', 'main') WHERE lower(name) NOT IN ('id', 'note');
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
    note text,
    CONSTRAINT orders_pkey PRIMARY KEY (id)
);
INSERT INTO orders_mig_new (id, note)
    SELECT id, note FROM orders;
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
