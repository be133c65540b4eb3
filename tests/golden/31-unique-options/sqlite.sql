-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:qxYWgI3cwysLXDdkRjQPxiAQVPZYnmh1MDce5+KGxBI=
-- mig:up
CREATE TABLE item (
    id bigint NOT NULL,
    name varchar(100) NOT NULL,
    a integer,
    b integer,
    CONSTRAINT item_pkey PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table item and its rows
DROP TABLE item;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:WoiFe2qpnX6gFa8NIG0TwMITRNZxTkB+wu7Cx7Pw/BA=
-- mig:up
-- rebuild of table item: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table item has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('item', 'main') WHERE lower(name) NOT IN ('id', 'name', 'a', 'b');
DROP TABLE mig_guard;
-- SQLite: unique constraint item_a_b_key treats NULLs as distinct (SQLite has no NULLS NOT DISTINCT)
-- SQLite: unique constraint item_a_b_key is not deferrable (SQLite has no deferrable unique constraints)
CREATE TABLE item_mig_new (
    id bigint NOT NULL,
    name varchar(100) NOT NULL,
    a integer,
    b integer,
    CONSTRAINT item_pkey PRIMARY KEY (id),
    CONSTRAINT item_a_b_key UNIQUE (a, b)
);
INSERT INTO item_mig_new (id, name, a, b)
    SELECT id, name, a, b FROM item;
DROP TABLE item;
PRAGMA legacy_alter_table = ON;
ALTER TABLE item_mig_new RENAME TO item;
PRAGMA legacy_alter_table = OFF;
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE item RENAME TO item_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
-- mig:down
-- rebuild of table item: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table item has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('item', 'main') WHERE lower(name) NOT IN ('id', 'name', 'a', 'b');
DROP TABLE mig_guard;
CREATE TABLE item_mig_new (
    id bigint NOT NULL,
    name varchar(100) NOT NULL,
    a integer,
    b integer,
    CONSTRAINT item_pkey PRIMARY KEY (id)
);
INSERT INTO item_mig_new (id, name, a, b)
    SELECT id, name, a, b FROM item;
DROP TABLE item;
PRAGMA legacy_alter_table = ON;
ALTER TABLE item_mig_new RENAME TO item;
PRAGMA legacy_alter_table = OFF;
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE item RENAME TO item_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
