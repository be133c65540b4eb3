-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:07vKUysSt9Xjh+nAWzFEpR9Jssdcyyo8yDhsZSARTCc=
-- mig:up
CREATE TABLE customer (
    cust_id bigint NOT NULL,
    nickname text NOT NULL,
    CONSTRAINT customer_pkey PRIMARY KEY (cust_id)
);

CREATE TABLE orders (
    id bigint NOT NULL,
    customer_id bigint NOT NULL,
    CONSTRAINT orders_pkey PRIMARY KEY (id),
    CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customer (cust_id)
);

-- mig:down
-- destructive: drops table orders and its rows
DROP TABLE orders;
-- destructive: drops table customer and its rows
DROP TABLE customer;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:zJHUu+rIv5ZovVI83ASk9/8W107PceIOsZdjKp3b2NM=
-- mig:up
-- rebuild of table customer: a change ALTER TABLE cannot make
ALTER TABLE customer RENAME COLUMN cust_id TO id;
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table customer has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('customer', 'main') WHERE lower(name) NOT IN ('id', 'nickname');
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
    id bigint NOT NULL,
    nickname text,
    CONSTRAINT customer_pkey PRIMARY KEY (id)
);
INSERT INTO customer_mig_new (id, nickname)
    SELECT id, nickname FROM customer;
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
-- mig:down
-- rebuild of table customer: a change ALTER TABLE cannot make
ALTER TABLE customer RENAME COLUMN id TO cust_id;
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table customer has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('customer', 'main') WHERE lower(name) NOT IN ('cust_id', 'nickname');
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
    cust_id bigint NOT NULL,
    nickname text NOT NULL,
    CONSTRAINT customer_pkey PRIMARY KEY (cust_id)
);
INSERT INTO customer_mig_new (cust_id, nickname)
    SELECT cust_id, nickname FROM customer;
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
