-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:PUEaBnz6d5dDKjDnmSauvVocOfvbfYc7a/+AxweRjeM=
-- mig:up
CREATE TABLE kid (
    id integer NOT NULL,
    a integer,
    CONSTRAINT kid_pkey PRIMARY KEY (id),
    CONSTRAINT kid_check CHECK (a > 0),
    CONSTRAINT child_check CHECK (a < 100)
);

-- mig:down
-- destructive: drops table kid and its rows
DROP TABLE kid;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:BTQe7/tOuqoxEOHnbV1GFYaCqsmk0GUziW8kzN5pGrs=
-- mig:up
-- rebuild of table child: a change ALTER TABLE cannot make
ALTER TABLE kid RENAME TO child;
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table child has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('child', 'main') WHERE lower(name) NOT IN ('id', 'a');
DROP TABLE mig_guard;
-- the rebuild's checks (docs/sqlite.md): each fails the migration, naming the table
CREATE TEMP TABLE mig_rebuild (
    foreign_keys integer CONSTRAINT "rebuild of ""child"" needs PRAGMA foreign_keys = OFF" CHECK (foreign_keys = 0),
    rows_before integer,
    rows_after integer CONSTRAINT "rebuild of ""child"" lost rows" CHECK (rows_after >= rows_before)
        CONSTRAINT "rebuild of ""child"" added rows" CHECK (rows_after <= rows_before),
    fk_of integer CONSTRAINT "rebuild of ""child"" broke a foreign key of ""child""" CHECK (fk_of = 0),
    fk_to integer CONSTRAINT "rebuild of ""child"" broke a foreign key to ""child""" CHECK (fk_to = 0),
    integrity text CONSTRAINT "rebuild of ""child"" fails PRAGMA integrity_check" CHECK (integrity = 'ok')
);
INSERT INTO mig_rebuild (foreign_keys, rows_before)
    SELECT foreign_keys, (SELECT count(*) FROM child) FROM pragma_foreign_keys;
CREATE TABLE child_mig_new (
    id integer NOT NULL,
    a integer,
    CONSTRAINT child_pkey PRIMARY KEY (id),
    CONSTRAINT child_check1 CHECK (a > 0),
    CONSTRAINT child_check CHECK (a < 100)
);
INSERT INTO child_mig_new (id, a)
    SELECT id, a FROM child;
DROP TABLE child;
PRAGMA legacy_alter_table = ON;
ALTER TABLE child_mig_new RENAME TO child;
PRAGMA legacy_alter_table = OFF;
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE child RENAME TO child_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
UPDATE mig_rebuild SET rows_after = (SELECT count(*) FROM child);
UPDATE mig_rebuild SET fk_of = (SELECT count(*) FROM pragma_foreign_key_check('child', 'main'));
UPDATE mig_rebuild SET fk_to = (SELECT count(*) FROM sqlite_schema c, pragma_foreign_key_check(c.name, 'main') v
    WHERE c.type = 'table' AND v.parent = 'child' COLLATE NOCASE
    AND EXISTS (SELECT 1 FROM pragma_foreign_key_list(c.name, 'main') f WHERE f."table" = 'child' COLLATE NOCASE));
UPDATE mig_rebuild SET integrity = (SELECT group_concat(integrity_check, '; ') FROM pragma_integrity_check('child', 'main'));
DROP TABLE mig_rebuild;
-- mig:down
-- rebuild of table kid: a change ALTER TABLE cannot make
ALTER TABLE child RENAME TO kid;
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table kid has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('kid', 'main') WHERE lower(name) NOT IN ('id', 'a');
DROP TABLE mig_guard;
-- the rebuild's checks (docs/sqlite.md): each fails the migration, naming the table
CREATE TEMP TABLE mig_rebuild (
    foreign_keys integer CONSTRAINT "rebuild of ""kid"" needs PRAGMA foreign_keys = OFF" CHECK (foreign_keys = 0),
    rows_before integer,
    rows_after integer CONSTRAINT "rebuild of ""kid"" lost rows" CHECK (rows_after >= rows_before)
        CONSTRAINT "rebuild of ""kid"" added rows" CHECK (rows_after <= rows_before),
    fk_of integer CONSTRAINT "rebuild of ""kid"" broke a foreign key of ""kid""" CHECK (fk_of = 0),
    fk_to integer CONSTRAINT "rebuild of ""kid"" broke a foreign key to ""kid""" CHECK (fk_to = 0),
    integrity text CONSTRAINT "rebuild of ""kid"" fails PRAGMA integrity_check" CHECK (integrity = 'ok')
);
INSERT INTO mig_rebuild (foreign_keys, rows_before)
    SELECT foreign_keys, (SELECT count(*) FROM kid) FROM pragma_foreign_keys;
CREATE TABLE kid_mig_new (
    id integer NOT NULL,
    a integer,
    CONSTRAINT kid_pkey PRIMARY KEY (id),
    CONSTRAINT kid_check CHECK (a > 0),
    CONSTRAINT child_check CHECK (a < 100)
);
INSERT INTO kid_mig_new (id, a)
    SELECT id, a FROM kid;
DROP TABLE kid;
PRAGMA legacy_alter_table = ON;
ALTER TABLE kid_mig_new RENAME TO kid;
PRAGMA legacy_alter_table = OFF;
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE kid RENAME TO kid_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
UPDATE mig_rebuild SET rows_after = (SELECT count(*) FROM kid);
UPDATE mig_rebuild SET fk_of = (SELECT count(*) FROM pragma_foreign_key_check('kid', 'main'));
UPDATE mig_rebuild SET fk_to = (SELECT count(*) FROM sqlite_schema c, pragma_foreign_key_check(c.name, 'main') v
    WHERE c.type = 'table' AND v.parent = 'kid' COLLATE NOCASE
    AND EXISTS (SELECT 1 FROM pragma_foreign_key_list(c.name, 'main') f WHERE f."table" = 'kid' COLLATE NOCASE));
UPDATE mig_rebuild SET integrity = (SELECT group_concat(integrity_check, '; ') FROM pragma_integrity_check('kid', 'main'));
DROP TABLE mig_rebuild;
