-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:ECOe0lFo9raUj8yiGmgCHq/MV0LVEAmzxmP3G5xnTfY=
-- mig:up
CREATE TABLE plain (
    id integer NOT NULL,
    CONSTRAINT plain_id_pk PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table plain and its rows
DROP TABLE plain;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:WKQ3dVAfAsumvgJ8Gc/98H+yNVbvjc81rHkoDq7B2bY=
-- mig:up
-- rebuild of table plain: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table plain has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('plain', 'main') WHERE lower(name) NOT IN ('id');
DROP TABLE mig_guard;
-- the rebuild's checks (docs/sqlite.md): each fails the migration, naming the table
CREATE TEMP TABLE mig_rebuild (
    foreign_keys integer CONSTRAINT "rebuild of ""plain"" needs PRAGMA foreign_keys = OFF" CHECK (foreign_keys = 0),
    rows_before integer,
    rows_after integer CONSTRAINT "rebuild of ""plain"" lost rows" CHECK (rows_after >= rows_before)
        CONSTRAINT "rebuild of ""plain"" added rows" CHECK (rows_after <= rows_before),
    fk_of integer CONSTRAINT "rebuild of ""plain"" broke a foreign key of ""plain""" CHECK (fk_of = 0),
    fk_to integer CONSTRAINT "rebuild of ""plain"" broke a foreign key to ""plain""" CHECK (fk_to = 0),
    integrity text CONSTRAINT "rebuild of ""plain"" fails PRAGMA integrity_check" CHECK (integrity = 'ok')
);
INSERT INTO mig_rebuild (foreign_keys, rows_before)
    SELECT foreign_keys, (SELECT count(*) FROM plain) FROM pragma_foreign_keys;
CREATE TABLE plain_mig_new (
    id integer NOT NULL
);
INSERT INTO plain_mig_new (id)
    SELECT id FROM plain;
DROP TABLE plain;
PRAGMA legacy_alter_table = ON;
ALTER TABLE plain_mig_new RENAME TO plain;
PRAGMA legacy_alter_table = OFF;
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE plain RENAME TO plain_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
UPDATE mig_rebuild SET rows_after = (SELECT count(*) FROM plain);
UPDATE mig_rebuild SET fk_of = (SELECT count(*) FROM pragma_foreign_key_check('plain', 'main'));
UPDATE mig_rebuild SET fk_to = (SELECT count(*) FROM sqlite_schema c, pragma_foreign_key_check(c.name, 'main') v
    WHERE c.type = 'table' AND v.parent = 'plain' COLLATE NOCASE
    AND EXISTS (SELECT 1 FROM pragma_foreign_key_list(c.name, 'main') f WHERE f."table" = 'plain' COLLATE NOCASE));
UPDATE mig_rebuild SET integrity = (SELECT group_concat(integrity_check, '; ') FROM pragma_integrity_check('plain', 'main'));
DROP TABLE mig_rebuild;
-- mig:down
-- rebuild of table plain: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table plain has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('plain', 'main') WHERE lower(name) NOT IN ('id');
DROP TABLE mig_guard;
-- the rebuild's checks (docs/sqlite.md): each fails the migration, naming the table
CREATE TEMP TABLE mig_rebuild (
    foreign_keys integer CONSTRAINT "rebuild of ""plain"" needs PRAGMA foreign_keys = OFF" CHECK (foreign_keys = 0),
    rows_before integer,
    rows_after integer CONSTRAINT "rebuild of ""plain"" lost rows" CHECK (rows_after >= rows_before)
        CONSTRAINT "rebuild of ""plain"" added rows" CHECK (rows_after <= rows_before),
    fk_of integer CONSTRAINT "rebuild of ""plain"" broke a foreign key of ""plain""" CHECK (fk_of = 0),
    fk_to integer CONSTRAINT "rebuild of ""plain"" broke a foreign key to ""plain""" CHECK (fk_to = 0),
    integrity text CONSTRAINT "rebuild of ""plain"" fails PRAGMA integrity_check" CHECK (integrity = 'ok')
);
INSERT INTO mig_rebuild (foreign_keys, rows_before)
    SELECT foreign_keys, (SELECT count(*) FROM plain) FROM pragma_foreign_keys;
CREATE TABLE plain_mig_new (
    id integer NOT NULL,
    CONSTRAINT plain_id_pk PRIMARY KEY (id)
);
INSERT INTO plain_mig_new (id)
    SELECT id FROM plain;
DROP TABLE plain;
PRAGMA legacy_alter_table = ON;
ALTER TABLE plain_mig_new RENAME TO plain;
PRAGMA legacy_alter_table = OFF;
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE plain RENAME TO plain_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
UPDATE mig_rebuild SET rows_after = (SELECT count(*) FROM plain);
UPDATE mig_rebuild SET fk_of = (SELECT count(*) FROM pragma_foreign_key_check('plain', 'main'));
UPDATE mig_rebuild SET fk_to = (SELECT count(*) FROM sqlite_schema c, pragma_foreign_key_check(c.name, 'main') v
    WHERE c.type = 'table' AND v.parent = 'plain' COLLATE NOCASE
    AND EXISTS (SELECT 1 FROM pragma_foreign_key_list(c.name, 'main') f WHERE f."table" = 'plain' COLLATE NOCASE));
UPDATE mig_rebuild SET integrity = (SELECT group_concat(integrity_check, '; ') FROM pragma_integrity_check('plain', 'main'));
DROP TABLE mig_rebuild;
