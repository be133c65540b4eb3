-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:AZa8+FmBwKFQlOkvti8/x9JHlPqHyK4+teveJxVjoQw=
-- mig:up
CREATE TABLE item (
    id bigint NOT NULL,
    color color,
    CONSTRAINT item_pkey PRIMARY KEY (id),
    CONSTRAINT mig_enum_color CHECK (color IN ('red', 'blue'))
);

-- mig:down
-- destructive: drops table item and its rows
DROP TABLE item;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:hGwrf+uaSqE4YPpg7/SEt2WPoBsaUnljqRFWru9XAys=
-- mig:up
-- destructive: narrows column item.color (SQLite keeps values the new type would refuse: it converts what its type affinity can, and keeps the rest)
-- rebuild of table item: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table item has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('item', 'main') WHERE lower(name) NOT IN ('id', 'color');
DROP TABLE mig_guard;
CREATE TABLE item_mig_new (
    id bigint NOT NULL,
    color colour,
    CONSTRAINT item_pkey PRIMARY KEY (id),
    CONSTRAINT mig_enum_color CHECK (color IN ('red', 'blue'))
);
INSERT INTO item_mig_new (id, color)
    SELECT id, color FROM item;
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
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('item', 'main') WHERE lower(name) NOT IN ('id', 'color');
DROP TABLE mig_guard;
CREATE TABLE item_mig_new (
    id bigint NOT NULL,
    color color,
    CONSTRAINT item_pkey PRIMARY KEY (id),
    CONSTRAINT mig_enum_color CHECK (color IN ('red', 'blue'))
);
INSERT INTO item_mig_new (id, color)
    SELECT id, color FROM item;
DROP TABLE item;
PRAGMA legacy_alter_table = ON;
ALTER TABLE item_mig_new RENAME TO item;
PRAGMA legacy_alter_table = OFF;
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE item RENAME TO item_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
