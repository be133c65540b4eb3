-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:ZiqS/8X8JXCvl+5560ugvWWmoOTvNGwEHlJ4IpXHVvk=
-- mig:up
CREATE TABLE item (
    id bigint NOT NULL,
    name text NOT NULL,
    price integer NOT NULL,
    qty integer NOT NULL,
    total integer GENERATED ALWAYS AS (price * qty) STORED,
    label text,
    code text GENERATED ALWAYS AS (lower(name)) STORED,
    half integer NOT NULL GENERATED ALWAYS AS (qty / 2) STORED,
    CONSTRAINT item_pkey PRIMARY KEY (id),
    CONSTRAINT item_total_check CHECK (total >= 0)
);

CREATE INDEX item_total_idx ON item (total);
-- mig:down
-- destructive: drops table item and its rows
DROP TABLE item;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:MZZ3e2oLK/lZhLSIXL/BH5NWU5EsTr3XE9eXmyAeMxc=
-- mig:up
-- rebuild of table item: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table item has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('item', 'main') WHERE lower(name) NOT IN ('id', 'name', 'price', 'qty', 'total', 'label', 'code', 'half');
DROP TABLE mig_guard;
CREATE TABLE item_mig_new (
    id bigint NOT NULL,
    name text NOT NULL,
    price integer NOT NULL,
    qty integer NOT NULL,
    total integer GENERATED ALWAYS AS (price * qty + 1) STORED,
    label text GENERATED ALWAYS AS (upper(name)) STORED,
    code text DEFAULT 'none',
    twice integer NOT NULL GENERATED ALWAYS AS (qty * 2) STORED,
    CONSTRAINT item_pkey PRIMARY KEY (id),
    CONSTRAINT item_total_check CHECK (total >= 0)
);
INSERT INTO item_mig_new (id, name, price, qty, code)
    SELECT id, name, price, qty, code FROM item;
DROP TABLE item;
PRAGMA legacy_alter_table = ON;
ALTER TABLE item_mig_new RENAME TO item;
PRAGMA legacy_alter_table = OFF;
CREATE INDEX item_total_idx ON item (total);
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE item RENAME TO item_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
-- destructive: column item.label becomes generated: its values are replaced by computed ones
-- mig:down
-- rebuild of table item: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table item has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('item', 'main') WHERE lower(name) NOT IN ('id', 'name', 'price', 'qty', 'total', 'label', 'code', 'twice');
DROP TABLE mig_guard;
CREATE TABLE item_mig_new (
    id bigint NOT NULL,
    name text NOT NULL,
    price integer NOT NULL,
    qty integer NOT NULL,
    total integer GENERATED ALWAYS AS (price * qty) STORED,
    label text,
    code text GENERATED ALWAYS AS (lower(name)) STORED,
    half integer NOT NULL GENERATED ALWAYS AS (qty / 2) STORED,
    CONSTRAINT item_pkey PRIMARY KEY (id),
    CONSTRAINT item_total_check CHECK (total >= 0)
);
INSERT INTO item_mig_new (id, name, price, qty, label)
    SELECT id, name, price, qty, label FROM item;
DROP TABLE item;
PRAGMA legacy_alter_table = ON;
ALTER TABLE item_mig_new RENAME TO item;
PRAGMA legacy_alter_table = OFF;
CREATE INDEX item_total_idx ON item (total);
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE item RENAME TO item_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
-- destructive: drops column item.twice and its data
