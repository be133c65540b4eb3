-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:nhSlZhg5UztGy3uLivtfb1rRQf7KZtCvMPkBt+e7X6c=
-- mig:up
CREATE TABLE orders (
    id integer NOT NULL,
    status order_status NOT NULL,
    note varchar(20),
    CONSTRAINT orders_pkey PRIMARY KEY (id),
    CONSTRAINT mig_enum_status CHECK (status IN ('pending', 'paid', 'void'))
);

CREATE VIEW pending_orders AS SELECT id, note FROM orders WHERE status = 'pending';
CREATE VIEW pending_notes AS SELECT note FROM pending_orders;
-- mig:down
DROP VIEW pending_notes;
DROP VIEW pending_orders;
-- destructive: drops table orders and its rows
DROP TABLE orders;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:BAcgM5+dQFD7l/QxF1AzcGjMNuaQb1qaXNkJmFHDwRo=
-- mig:up
DROP VIEW pending_notes;
DROP VIEW pending_orders;
-- destructive: removes values of enum order_status (rows holding them make it fail)
-- rebuild of table orders: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table orders has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('orders', 'main') WHERE lower(name) NOT IN ('id', 'status', 'note');
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
    status order_status NOT NULL,
    note text,
    CONSTRAINT orders_pkey PRIMARY KEY (id),
    CONSTRAINT mig_enum_status CHECK (status IN ('pending', 'paid'))
);
INSERT INTO orders_mig_new (id, status, note)
    SELECT id, status, note FROM orders;
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
CREATE VIEW pending_orders AS SELECT id, note FROM orders WHERE status = 'pending';
CREATE VIEW pending_notes AS SELECT note FROM pending_orders;
-- mig:down
DROP VIEW pending_notes;
DROP VIEW pending_orders;
-- rebuild of table orders: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table orders has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('orders', 'main') WHERE lower(name) NOT IN ('id', 'status', 'note');
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
    id integer NOT NULL,
    status order_status NOT NULL,
    note varchar(20),
    CONSTRAINT orders_pkey PRIMARY KEY (id),
    CONSTRAINT mig_enum_status CHECK (status IN ('pending', 'paid', 'void'))
);
INSERT INTO orders_mig_new (id, status, note)
    SELECT id, status, note FROM orders;
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
CREATE VIEW pending_orders AS SELECT id, note FROM orders WHERE status = 'pending';
CREATE VIEW pending_notes AS SELECT note FROM pending_orders;
