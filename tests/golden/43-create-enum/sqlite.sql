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
-- mig:state h1:oRW9slNmZKhaS58RLcyLOKHnNWb9QXrARC83I+zYlUU=
-- mig:up
-- rebuild of table item: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table item has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('item', 'main') WHERE lower(name) NOT IN ('id', 'name');
DROP TABLE mig_guard;
CREATE TABLE item_mig_new (
    id bigint NOT NULL,
    name varchar(100) NOT NULL,
    state item_state NOT NULL DEFAULT 'draft',
    CONSTRAINT item_pkey PRIMARY KEY (id),
    CONSTRAINT mig_enum_state CHECK (state IN ('draft', 'live'))
);
INSERT INTO item_mig_new (id, name, state)
    SELECT id, name, 'draft' FROM item;
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
-- destructive: drops column item.state and its data
-- rebuild of table item: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table item has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('item', 'main') WHERE lower(name) NOT IN ('id', 'name', 'state');
DROP TABLE mig_guard;
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
