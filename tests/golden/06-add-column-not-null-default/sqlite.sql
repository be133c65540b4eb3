-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:Gph0EMNJzPre7pNE0EtH/HGswg7xXVUR4ig1soCP2x4=
-- mig:up
CREATE TABLE item (
    id bigint NOT NULL,
    name varchar(100) NOT NULL,
    CONSTRAINT item_pkey PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table item and its rows
DROP TABLE item;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:6SYMAgOY9HUvy5vcrtWj80rzDRqnsMLybkBJrNj5+hk=
-- mig:up
ALTER TABLE item ADD COLUMN qty integer NOT NULL DEFAULT 1;
-- mig:down
-- destructive: drops column item.qty and its data
-- rebuild of table item: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table item has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('item', 'main') WHERE lower(name) NOT IN ('id', 'name', 'qty');
DROP TABLE mig_guard;
-- the rebuild's checks (docs/sqlite.md): each fails the migration, naming the table
CREATE TEMP TABLE mig_rebuild (
    foreign_keys integer CONSTRAINT "rebuild of ""item"" needs PRAGMA foreign_keys = OFF" CHECK (foreign_keys = 0),
    rows_before integer,
    rows_after integer CONSTRAINT "rebuild of ""item"" lost rows" CHECK (rows_after >= rows_before)
        CONSTRAINT "rebuild of ""item"" added rows" CHECK (rows_after <= rows_before),
    fk_of integer CONSTRAINT "rebuild of ""item"" broke a foreign key of ""item""" CHECK (fk_of = 0),
    fk_to integer CONSTRAINT "rebuild of ""item"" broke a foreign key to ""item""" CHECK (fk_to = 0),
    integrity text CONSTRAINT "rebuild of ""item"" fails PRAGMA integrity_check" CHECK (integrity = 'ok')
);
INSERT INTO mig_rebuild (foreign_keys, rows_before)
    SELECT foreign_keys, (SELECT count(*) FROM item) FROM pragma_foreign_keys;
CREATE TABLE item_mig_new (
    id bigint NOT NULL,
    name varchar(100) NOT NULL,
    CONSTRAINT item_pkey PRIMARY KEY (id)
);
INSERT INTO item_mig_new (id, name)
    SELECT id, name FROM item;
DROP TABLE item;
PRAGMA legacy_alter_table = ON;
ALTER TABLE item_mig_new RENAME TO item;
PRAGMA legacy_alter_table = OFF;
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE item RENAME TO item_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
UPDATE mig_rebuild SET rows_after = (SELECT count(*) FROM item);
UPDATE mig_rebuild SET fk_of = (SELECT count(*) FROM pragma_foreign_key_check('item', 'main'));
UPDATE mig_rebuild SET fk_to = (SELECT count(*) FROM sqlite_schema c, pragma_foreign_key_check(c.name, 'main') v
    WHERE c.type = 'table' AND v.parent = 'item' COLLATE NOCASE
    AND EXISTS (SELECT 1 FROM pragma_foreign_key_list(c.name, 'main') f WHERE f."table" = 'item' COLLATE NOCASE));
UPDATE mig_rebuild SET integrity = (SELECT group_concat(integrity_check, '; ') FROM pragma_integrity_check('item', 'main'));
DROP TABLE mig_rebuild;
