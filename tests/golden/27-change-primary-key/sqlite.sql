-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:rfCANTudFglbk5/gBMkv3/YJEAANG02NaogaIyTK2N4=
-- mig:up
CREATE TABLE pair (
    a integer NOT NULL,
    b integer NOT NULL,
    CONSTRAINT pair_pkey PRIMARY KEY (a)
);

-- mig:down
-- destructive: drops table pair and its rows
DROP TABLE pair;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:dSMm4homySk3nl/xKfsJsbq7l3OzL5PXDw7KuBIHIW8=
-- mig:up
-- rebuild of table pair: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table pair has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('pair', 'main') WHERE lower(name) NOT IN ('a', 'b');
DROP TABLE mig_guard;
-- the rebuild's checks (docs/sqlite.md): each fails the migration, naming the table
CREATE TEMP TABLE mig_rebuild (
    foreign_keys integer CONSTRAINT "rebuild of ""pair"" needs PRAGMA foreign_keys = OFF" CHECK (foreign_keys = 0),
    rows_before integer,
    rows_after integer CONSTRAINT "rebuild of ""pair"" lost rows" CHECK (rows_after >= rows_before)
        CONSTRAINT "rebuild of ""pair"" added rows" CHECK (rows_after <= rows_before),
    fk_of integer CONSTRAINT "rebuild of ""pair"" broke a foreign key of ""pair""" CHECK (fk_of = 0),
    fk_to integer CONSTRAINT "rebuild of ""pair"" broke a foreign key to ""pair""" CHECK (fk_to = 0),
    integrity text CONSTRAINT "rebuild of ""pair"" fails PRAGMA integrity_check" CHECK (integrity = 'ok')
);
INSERT INTO mig_rebuild (foreign_keys, rows_before)
    SELECT foreign_keys, (SELECT count(*) FROM pair) FROM pragma_foreign_keys;
CREATE TABLE pair_mig_new (
    a integer NOT NULL,
    b integer NOT NULL,
    CONSTRAINT pair_pkey PRIMARY KEY (a, b)
);
INSERT INTO pair_mig_new (a, b)
    SELECT a, b FROM pair;
DROP TABLE pair;
PRAGMA legacy_alter_table = ON;
ALTER TABLE pair_mig_new RENAME TO pair;
PRAGMA legacy_alter_table = OFF;
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE pair RENAME TO pair_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
UPDATE mig_rebuild SET rows_after = (SELECT count(*) FROM pair);
UPDATE mig_rebuild SET fk_of = (SELECT count(*) FROM pragma_foreign_key_check('pair', 'main'));
UPDATE mig_rebuild SET fk_to = (SELECT count(*) FROM sqlite_schema c, pragma_foreign_key_check(c.name, 'main') v
    WHERE c.type = 'table' AND v.parent = 'pair' COLLATE NOCASE
    AND EXISTS (SELECT 1 FROM pragma_foreign_key_list(c.name, 'main') f WHERE f."table" = 'pair' COLLATE NOCASE));
UPDATE mig_rebuild SET integrity = (SELECT group_concat(integrity_check, '; ') FROM pragma_integrity_check('pair', 'main'));
DROP TABLE mig_rebuild;
-- mig:down
-- rebuild of table pair: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table pair has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('pair', 'main') WHERE lower(name) NOT IN ('a', 'b');
DROP TABLE mig_guard;
-- the rebuild's checks (docs/sqlite.md): each fails the migration, naming the table
CREATE TEMP TABLE mig_rebuild (
    foreign_keys integer CONSTRAINT "rebuild of ""pair"" needs PRAGMA foreign_keys = OFF" CHECK (foreign_keys = 0),
    rows_before integer,
    rows_after integer CONSTRAINT "rebuild of ""pair"" lost rows" CHECK (rows_after >= rows_before)
        CONSTRAINT "rebuild of ""pair"" added rows" CHECK (rows_after <= rows_before),
    fk_of integer CONSTRAINT "rebuild of ""pair"" broke a foreign key of ""pair""" CHECK (fk_of = 0),
    fk_to integer CONSTRAINT "rebuild of ""pair"" broke a foreign key to ""pair""" CHECK (fk_to = 0),
    integrity text CONSTRAINT "rebuild of ""pair"" fails PRAGMA integrity_check" CHECK (integrity = 'ok')
);
INSERT INTO mig_rebuild (foreign_keys, rows_before)
    SELECT foreign_keys, (SELECT count(*) FROM pair) FROM pragma_foreign_keys;
CREATE TABLE pair_mig_new (
    a integer NOT NULL,
    b integer NOT NULL,
    CONSTRAINT pair_pkey PRIMARY KEY (a)
);
INSERT INTO pair_mig_new (a, b)
    SELECT a, b FROM pair;
DROP TABLE pair;
PRAGMA legacy_alter_table = ON;
ALTER TABLE pair_mig_new RENAME TO pair;
PRAGMA legacy_alter_table = OFF;
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE pair RENAME TO pair_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
UPDATE mig_rebuild SET rows_after = (SELECT count(*) FROM pair);
UPDATE mig_rebuild SET fk_of = (SELECT count(*) FROM pragma_foreign_key_check('pair', 'main'));
UPDATE mig_rebuild SET fk_to = (SELECT count(*) FROM sqlite_schema c, pragma_foreign_key_check(c.name, 'main') v
    WHERE c.type = 'table' AND v.parent = 'pair' COLLATE NOCASE
    AND EXISTS (SELECT 1 FROM pragma_foreign_key_list(c.name, 'main') f WHERE f."table" = 'pair' COLLATE NOCASE));
UPDATE mig_rebuild SET integrity = (SELECT group_concat(integrity_check, '; ') FROM pragma_integrity_check('pair', 'main'));
DROP TABLE mig_rebuild;
