-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:Kf6JsXzS2laiyXwsKuVmQ8duVSZhuQu6cKTvCdeDPcA=
-- mig:up
CREATE TABLE item (
    id bigint NOT NULL,
    name varchar(40) NOT NULL,
    price numeric(10,2),
    data blob,
    CONSTRAINT item_pkey PRIMARY KEY (id)
);

CREATE INDEX item_name_idx ON item (name) WHERE price IS NOT NULL;
CREATE TABLE setting (
    "key" TEXT NOT NULL,
    value TEXT NOT NULL,
    CONSTRAINT setting_pkey PRIMARY KEY ("key")
) STRICT, WITHOUT ROWID;

-- mig:down
-- destructive: drops table setting and its rows
DROP TABLE setting;
-- destructive: drops table item and its rows
DROP TABLE item;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:A/v2Drh+VajFtlMIvRlvIYRsYgkkzWkSYzCM1vKdFMM=
-- mig:up
-- rebuild of table item: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table item has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('item', 'main') WHERE lower(name) NOT IN ('id', 'name', 'price', 'data');
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
    id INTEGER NOT NULL,
    name TEXT NOT NULL,
    price ANY,
    data BLOB,
    CONSTRAINT item_pkey PRIMARY KEY (id)
) STRICT;
INSERT INTO item_mig_new (id, name, price, data)
    SELECT id, name, price, data FROM item;
DROP TABLE item;
PRAGMA legacy_alter_table = ON;
ALTER TABLE item_mig_new RENAME TO item;
PRAGMA legacy_alter_table = OFF;
CREATE INDEX item_name_idx ON item (name) WHERE price IS NOT NULL;
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
-- rebuild of table setting: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table setting has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('setting', 'main') WHERE lower(name) NOT IN ('key', 'value');
DROP TABLE mig_guard;
-- the rebuild's checks (docs/sqlite.md): each fails the migration, naming the table
CREATE TEMP TABLE mig_rebuild (
    foreign_keys integer CONSTRAINT "rebuild of ""setting"" needs PRAGMA foreign_keys = OFF" CHECK (foreign_keys = 0),
    rows_before integer,
    rows_after integer CONSTRAINT "rebuild of ""setting"" lost rows" CHECK (rows_after >= rows_before)
        CONSTRAINT "rebuild of ""setting"" added rows" CHECK (rows_after <= rows_before),
    fk_of integer CONSTRAINT "rebuild of ""setting"" broke a foreign key of ""setting""" CHECK (fk_of = 0),
    fk_to integer CONSTRAINT "rebuild of ""setting"" broke a foreign key to ""setting""" CHECK (fk_to = 0),
    integrity text CONSTRAINT "rebuild of ""setting"" fails PRAGMA integrity_check" CHECK (integrity = 'ok')
);
INSERT INTO mig_rebuild (foreign_keys, rows_before)
    SELECT foreign_keys, (SELECT count(*) FROM setting) FROM pragma_foreign_keys;
CREATE TABLE setting_mig_new (
    "key" text NOT NULL,
    value text NOT NULL,
    CONSTRAINT setting_pkey PRIMARY KEY ("key")
) WITHOUT ROWID;
INSERT INTO setting_mig_new ("key", value)
    SELECT "key", value FROM setting;
DROP TABLE setting;
PRAGMA legacy_alter_table = ON;
ALTER TABLE setting_mig_new RENAME TO setting;
PRAGMA legacy_alter_table = OFF;
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE setting RENAME TO setting_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
UPDATE mig_rebuild SET rows_after = (SELECT count(*) FROM setting);
UPDATE mig_rebuild SET fk_of = (SELECT count(*) FROM pragma_foreign_key_check('setting', 'main'));
UPDATE mig_rebuild SET fk_to = (SELECT count(*) FROM sqlite_schema c, pragma_foreign_key_check(c.name, 'main') v
    WHERE c.type = 'table' AND v.parent = 'setting' COLLATE NOCASE
    AND EXISTS (SELECT 1 FROM pragma_foreign_key_list(c.name, 'main') f WHERE f."table" = 'setting' COLLATE NOCASE));
UPDATE mig_rebuild SET integrity = (SELECT group_concat(integrity_check, '; ') FROM pragma_integrity_check('setting', 'main'));
DROP TABLE mig_rebuild;
CREATE TABLE tag (
    name text NOT NULL,
    uses integer NOT NULL DEFAULT 0,
    CONSTRAINT tag_pkey PRIMARY KEY (name)
) WITHOUT ROWID;

-- mig:down
-- destructive: drops table tag and its rows
DROP TABLE tag;
-- rebuild of table setting: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table setting has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('setting', 'main') WHERE lower(name) NOT IN ('key', 'value');
DROP TABLE mig_guard;
-- the rebuild's checks (docs/sqlite.md): each fails the migration, naming the table
CREATE TEMP TABLE mig_rebuild (
    foreign_keys integer CONSTRAINT "rebuild of ""setting"" needs PRAGMA foreign_keys = OFF" CHECK (foreign_keys = 0),
    rows_before integer,
    rows_after integer CONSTRAINT "rebuild of ""setting"" lost rows" CHECK (rows_after >= rows_before)
        CONSTRAINT "rebuild of ""setting"" added rows" CHECK (rows_after <= rows_before),
    fk_of integer CONSTRAINT "rebuild of ""setting"" broke a foreign key of ""setting""" CHECK (fk_of = 0),
    fk_to integer CONSTRAINT "rebuild of ""setting"" broke a foreign key to ""setting""" CHECK (fk_to = 0),
    integrity text CONSTRAINT "rebuild of ""setting"" fails PRAGMA integrity_check" CHECK (integrity = 'ok')
);
INSERT INTO mig_rebuild (foreign_keys, rows_before)
    SELECT foreign_keys, (SELECT count(*) FROM setting) FROM pragma_foreign_keys;
CREATE TABLE setting_mig_new (
    "key" TEXT NOT NULL,
    value TEXT NOT NULL,
    CONSTRAINT setting_pkey PRIMARY KEY ("key")
) STRICT, WITHOUT ROWID;
INSERT INTO setting_mig_new ("key", value)
    SELECT "key", value FROM setting;
DROP TABLE setting;
PRAGMA legacy_alter_table = ON;
ALTER TABLE setting_mig_new RENAME TO setting;
PRAGMA legacy_alter_table = OFF;
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE setting RENAME TO setting_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
UPDATE mig_rebuild SET rows_after = (SELECT count(*) FROM setting);
UPDATE mig_rebuild SET fk_of = (SELECT count(*) FROM pragma_foreign_key_check('setting', 'main'));
UPDATE mig_rebuild SET fk_to = (SELECT count(*) FROM sqlite_schema c, pragma_foreign_key_check(c.name, 'main') v
    WHERE c.type = 'table' AND v.parent = 'setting' COLLATE NOCASE
    AND EXISTS (SELECT 1 FROM pragma_foreign_key_list(c.name, 'main') f WHERE f."table" = 'setting' COLLATE NOCASE));
UPDATE mig_rebuild SET integrity = (SELECT group_concat(integrity_check, '; ') FROM pragma_integrity_check('setting', 'main'));
DROP TABLE mig_rebuild;
-- rebuild of table item: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table item has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('item', 'main') WHERE lower(name) NOT IN ('id', 'name', 'price', 'data');
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
    name varchar(40) NOT NULL,
    price numeric(10,2),
    data blob,
    CONSTRAINT item_pkey PRIMARY KEY (id)
);
INSERT INTO item_mig_new (id, name, price, data)
    SELECT id, name, price, data FROM item;
DROP TABLE item;
PRAGMA legacy_alter_table = ON;
ALTER TABLE item_mig_new RENAME TO item;
PRAGMA legacy_alter_table = OFF;
CREATE INDEX item_name_idx ON item (name) WHERE price IS NOT NULL;
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
