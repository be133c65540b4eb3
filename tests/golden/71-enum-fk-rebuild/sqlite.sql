-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:Dv6k4jjbrvZ6tRm8QKrBGUvcq3MvaB6jFIw8TzNSyEI=
-- mig:up
CREATE TABLE k (
    code kind NOT NULL,
    CONSTRAINT k_pkey PRIMARY KEY (code),
    CONSTRAINT mig_enum_code CHECK (code IN ('a', 'b', 'c'))
);

CREATE TABLE item (
    id bigint NOT NULL,
    code kind,
    CONSTRAINT item_pkey PRIMARY KEY (id),
    CONSTRAINT mig_enum_code CHECK (code IN ('a', 'b', 'c')),
    CONSTRAINT item_code_fkey FOREIGN KEY (code) REFERENCES k (code)
);

-- mig:down
-- destructive: drops table item and its rows
DROP TABLE item;
-- destructive: drops table k and its rows
DROP TABLE k;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:8lJyaB3Klp+KgGcNg4riW3vDDlSyB2lhaJ1HedimTrk=
-- mig:up
-- rebuild of table item: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table item has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('item', 'main') WHERE lower(name) NOT IN ('id', 'code');
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
    code kind,
    CONSTRAINT item_pkey PRIMARY KEY (id),
    CONSTRAINT mig_enum_code CHECK (code IN ('a', 'c')),
    CONSTRAINT item_code_fkey FOREIGN KEY (code) REFERENCES k (code)
);
INSERT INTO item_mig_new (id, code)
    SELECT id, code FROM item;
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
-- destructive: removes values of enum kind (rows holding them make it fail)
-- rebuild of table k: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table k has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('k', 'main') WHERE lower(name) NOT IN ('code');
DROP TABLE mig_guard;
-- the rebuild's checks (docs/sqlite.md): each fails the migration, naming the table
CREATE TEMP TABLE mig_rebuild (
    foreign_keys integer CONSTRAINT "rebuild of ""k"" needs PRAGMA foreign_keys = OFF" CHECK (foreign_keys = 0),
    rows_before integer,
    rows_after integer CONSTRAINT "rebuild of ""k"" lost rows" CHECK (rows_after >= rows_before)
        CONSTRAINT "rebuild of ""k"" added rows" CHECK (rows_after <= rows_before),
    fk_of integer CONSTRAINT "rebuild of ""k"" broke a foreign key of ""k""" CHECK (fk_of = 0),
    fk_to integer CONSTRAINT "rebuild of ""k"" broke a foreign key to ""k""" CHECK (fk_to = 0),
    integrity text CONSTRAINT "rebuild of ""k"" fails PRAGMA integrity_check" CHECK (integrity = 'ok')
);
INSERT INTO mig_rebuild (foreign_keys, rows_before)
    SELECT foreign_keys, (SELECT count(*) FROM k) FROM pragma_foreign_keys;
CREATE TABLE k_mig_new (
    code kind NOT NULL,
    CONSTRAINT k_pkey PRIMARY KEY (code),
    CONSTRAINT mig_enum_code CHECK (code IN ('a', 'c'))
);
INSERT INTO k_mig_new (code)
    SELECT code FROM k;
DROP TABLE k;
PRAGMA legacy_alter_table = ON;
ALTER TABLE k_mig_new RENAME TO k;
PRAGMA legacy_alter_table = OFF;
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE k RENAME TO k_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
UPDATE mig_rebuild SET rows_after = (SELECT count(*) FROM k);
UPDATE mig_rebuild SET fk_of = (SELECT count(*) FROM pragma_foreign_key_check('k', 'main'));
UPDATE mig_rebuild SET fk_to = (SELECT count(*) FROM sqlite_schema c, pragma_foreign_key_check(c.name, 'main') v
    WHERE c.type = 'table' AND v.parent = 'k' COLLATE NOCASE
    AND EXISTS (SELECT 1 FROM pragma_foreign_key_list(c.name, 'main') f WHERE f."table" = 'k' COLLATE NOCASE));
UPDATE mig_rebuild SET integrity = (SELECT group_concat(integrity_check, '; ') FROM pragma_integrity_check('k', 'main'));
DROP TABLE mig_rebuild;
-- mig:down
-- rebuild of table item: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table item has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('item', 'main') WHERE lower(name) NOT IN ('id', 'code');
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
    code kind,
    CONSTRAINT item_pkey PRIMARY KEY (id),
    CONSTRAINT mig_enum_code CHECK (code IN ('a', 'b', 'c')),
    CONSTRAINT item_code_fkey FOREIGN KEY (code) REFERENCES k (code)
);
INSERT INTO item_mig_new (id, code)
    SELECT id, code FROM item;
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
-- rebuild of table k: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table k has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('k', 'main') WHERE lower(name) NOT IN ('code');
DROP TABLE mig_guard;
-- the rebuild's checks (docs/sqlite.md): each fails the migration, naming the table
CREATE TEMP TABLE mig_rebuild (
    foreign_keys integer CONSTRAINT "rebuild of ""k"" needs PRAGMA foreign_keys = OFF" CHECK (foreign_keys = 0),
    rows_before integer,
    rows_after integer CONSTRAINT "rebuild of ""k"" lost rows" CHECK (rows_after >= rows_before)
        CONSTRAINT "rebuild of ""k"" added rows" CHECK (rows_after <= rows_before),
    fk_of integer CONSTRAINT "rebuild of ""k"" broke a foreign key of ""k""" CHECK (fk_of = 0),
    fk_to integer CONSTRAINT "rebuild of ""k"" broke a foreign key to ""k""" CHECK (fk_to = 0),
    integrity text CONSTRAINT "rebuild of ""k"" fails PRAGMA integrity_check" CHECK (integrity = 'ok')
);
INSERT INTO mig_rebuild (foreign_keys, rows_before)
    SELECT foreign_keys, (SELECT count(*) FROM k) FROM pragma_foreign_keys;
CREATE TABLE k_mig_new (
    code kind NOT NULL,
    CONSTRAINT k_pkey PRIMARY KEY (code),
    CONSTRAINT mig_enum_code CHECK (code IN ('a', 'b', 'c'))
);
INSERT INTO k_mig_new (code)
    SELECT code FROM k;
DROP TABLE k;
PRAGMA legacy_alter_table = ON;
ALTER TABLE k_mig_new RENAME TO k;
PRAGMA legacy_alter_table = OFF;
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE k RENAME TO k_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
UPDATE mig_rebuild SET rows_after = (SELECT count(*) FROM k);
UPDATE mig_rebuild SET fk_of = (SELECT count(*) FROM pragma_foreign_key_check('k', 'main'));
UPDATE mig_rebuild SET fk_to = (SELECT count(*) FROM sqlite_schema c, pragma_foreign_key_check(c.name, 'main') v
    WHERE c.type = 'table' AND v.parent = 'k' COLLATE NOCASE
    AND EXISTS (SELECT 1 FROM pragma_foreign_key_list(c.name, 'main') f WHERE f."table" = 'k' COLLATE NOCASE));
UPDATE mig_rebuild SET integrity = (SELECT group_concat(integrity_check, '; ') FROM pragma_integrity_check('k', 'main'));
DROP TABLE mig_rebuild;
