-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:mWuJ2MXrVRwqPQhTUDFeyqM2G8sT/entVyL9PEbAhxE=
-- mig:up
CREATE TABLE counter (
    id integer NOT NULL,
    hits integer,
    CONSTRAINT counter_pkey PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table counter and its rows
DROP TABLE counter;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:/4tJpYDirCsuh6BNQdj9UpbI/t/Z7tKAIK+CWSlzZog=
-- mig:up
-- rebuild of table counter: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table counter has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('counter', 'main') WHERE lower(name) NOT IN ('id', 'hits');
DROP TABLE mig_guard;
-- the rebuild's checks (docs/sqlite.md): each fails the migration, naming the table
CREATE TEMP TABLE mig_rebuild (
    foreign_keys integer CONSTRAINT "rebuild of ""counter"" needs PRAGMA foreign_keys = OFF" CHECK (foreign_keys = 0),
    rows_before integer,
    rows_after integer CONSTRAINT "rebuild of ""counter"" lost rows" CHECK (rows_after >= rows_before)
        CONSTRAINT "rebuild of ""counter"" added rows" CHECK (rows_after <= rows_before),
    fk_of integer CONSTRAINT "rebuild of ""counter"" broke a foreign key of ""counter""" CHECK (fk_of = 0),
    fk_to integer CONSTRAINT "rebuild of ""counter"" broke a foreign key to ""counter""" CHECK (fk_to = 0),
    integrity text CONSTRAINT "rebuild of ""counter"" fails PRAGMA integrity_check" CHECK (integrity = 'ok')
);
INSERT INTO mig_rebuild (foreign_keys, rows_before)
    SELECT foreign_keys, (SELECT count(*) FROM counter) FROM pragma_foreign_keys;
CREATE TABLE counter_mig_new (
    id bigint NOT NULL,
    hits bigint,
    CONSTRAINT counter_pkey PRIMARY KEY (id)
);
INSERT INTO counter_mig_new (id, hits)
    SELECT id, hits FROM counter;
DROP TABLE counter;
PRAGMA legacy_alter_table = ON;
ALTER TABLE counter_mig_new RENAME TO counter;
PRAGMA legacy_alter_table = OFF;
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE counter RENAME TO counter_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
UPDATE mig_rebuild SET rows_after = (SELECT count(*) FROM counter);
UPDATE mig_rebuild SET fk_of = (SELECT count(*) FROM pragma_foreign_key_check('counter', 'main'));
UPDATE mig_rebuild SET fk_to = (SELECT count(*) FROM sqlite_schema c, pragma_foreign_key_check(c.name, 'main') v
    WHERE c.type = 'table' AND v.parent = 'counter' COLLATE NOCASE
    AND EXISTS (SELECT 1 FROM pragma_foreign_key_list(c.name, 'main') f WHERE f."table" = 'counter' COLLATE NOCASE));
UPDATE mig_rebuild SET integrity = (SELECT group_concat(integrity_check, '; ') FROM pragma_integrity_check('counter', 'main'));
DROP TABLE mig_rebuild;
-- mig:down
-- rebuild of table counter: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table counter has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('counter', 'main') WHERE lower(name) NOT IN ('id', 'hits');
DROP TABLE mig_guard;
-- the rebuild's checks (docs/sqlite.md): each fails the migration, naming the table
CREATE TEMP TABLE mig_rebuild (
    foreign_keys integer CONSTRAINT "rebuild of ""counter"" needs PRAGMA foreign_keys = OFF" CHECK (foreign_keys = 0),
    rows_before integer,
    rows_after integer CONSTRAINT "rebuild of ""counter"" lost rows" CHECK (rows_after >= rows_before)
        CONSTRAINT "rebuild of ""counter"" added rows" CHECK (rows_after <= rows_before),
    fk_of integer CONSTRAINT "rebuild of ""counter"" broke a foreign key of ""counter""" CHECK (fk_of = 0),
    fk_to integer CONSTRAINT "rebuild of ""counter"" broke a foreign key to ""counter""" CHECK (fk_to = 0),
    integrity text CONSTRAINT "rebuild of ""counter"" fails PRAGMA integrity_check" CHECK (integrity = 'ok')
);
INSERT INTO mig_rebuild (foreign_keys, rows_before)
    SELECT foreign_keys, (SELECT count(*) FROM counter) FROM pragma_foreign_keys;
CREATE TABLE counter_mig_new (
    id integer NOT NULL,
    hits integer,
    CONSTRAINT counter_pkey PRIMARY KEY (id)
);
INSERT INTO counter_mig_new (id, hits)
    SELECT id, hits FROM counter;
DROP TABLE counter;
PRAGMA legacy_alter_table = ON;
ALTER TABLE counter_mig_new RENAME TO counter;
PRAGMA legacy_alter_table = OFF;
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE counter RENAME TO counter_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
UPDATE mig_rebuild SET rows_after = (SELECT count(*) FROM counter);
UPDATE mig_rebuild SET fk_of = (SELECT count(*) FROM pragma_foreign_key_check('counter', 'main'));
UPDATE mig_rebuild SET fk_to = (SELECT count(*) FROM sqlite_schema c, pragma_foreign_key_check(c.name, 'main') v
    WHERE c.type = 'table' AND v.parent = 'counter' COLLATE NOCASE
    AND EXISTS (SELECT 1 FROM pragma_foreign_key_list(c.name, 'main') f WHERE f."table" = 'counter' COLLATE NOCASE));
UPDATE mig_rebuild SET integrity = (SELECT group_concat(integrity_check, '; ') FROM pragma_integrity_check('counter', 'main'));
DROP TABLE mig_rebuild;
