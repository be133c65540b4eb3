-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:PjZSGBvQbHQtP3C9NvV7VIS0cK47W/VVS5pst2rXa38=
-- mig:up
CREATE TABLE p (
    id integer NOT NULL,
    code text,
    CONSTRAINT p_pkey PRIMARY KEY (id),
    CONSTRAINT p_code_key UNIQUE (code)
);

CREATE TABLE c (
    id integer NOT NULL,
    code text,
    CONSTRAINT c_pkey PRIMARY KEY (id),
    CONSTRAINT c_code_fkey FOREIGN KEY (code) REFERENCES p (code)
);

-- mig:down
-- destructive: drops table c and its rows
DROP TABLE c;
-- destructive: drops table p and its rows
DROP TABLE p;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:fhZHFbOWqQ8m40I6XOBLtLQ9mqkU1vunniFpydJw28g=
-- mig:up
-- destructive: drops table c and its rows
DROP TABLE c;
-- rebuild of table p: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table p has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('p', 'main') WHERE lower(name) NOT IN ('id', 'code');
DROP TABLE mig_guard;
-- the rebuild's checks (docs/sqlite.md): each fails the migration, naming the table
CREATE TEMP TABLE mig_rebuild (
    foreign_keys integer CONSTRAINT "rebuild of ""p"" needs PRAGMA foreign_keys = OFF" CHECK (foreign_keys = 0),
    rows_before integer,
    rows_after integer CONSTRAINT "rebuild of ""p"" lost rows" CHECK (rows_after >= rows_before)
        CONSTRAINT "rebuild of ""p"" added rows" CHECK (rows_after <= rows_before),
    fk_of integer CONSTRAINT "rebuild of ""p"" broke a foreign key of ""p""" CHECK (fk_of = 0),
    fk_to integer CONSTRAINT "rebuild of ""p"" broke a foreign key to ""p""" CHECK (fk_to = 0),
    integrity text CONSTRAINT "rebuild of ""p"" fails PRAGMA integrity_check" CHECK (integrity = 'ok')
);
INSERT INTO mig_rebuild (foreign_keys, rows_before)
    SELECT foreign_keys, (SELECT count(*) FROM p) FROM pragma_foreign_keys;
CREATE TABLE p_mig_new (
    id integer NOT NULL,
    code text,
    CONSTRAINT p_pkey PRIMARY KEY (id)
);
INSERT INTO p_mig_new (id, code)
    SELECT id, code FROM p;
DROP TABLE p;
PRAGMA legacy_alter_table = ON;
ALTER TABLE p_mig_new RENAME TO p;
PRAGMA legacy_alter_table = OFF;
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE p RENAME TO p_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
UPDATE mig_rebuild SET rows_after = (SELECT count(*) FROM p);
UPDATE mig_rebuild SET fk_of = (SELECT count(*) FROM pragma_foreign_key_check('p', 'main'));
UPDATE mig_rebuild SET fk_to = (SELECT count(*) FROM sqlite_schema c, pragma_foreign_key_check(c.name, 'main') v
    WHERE c.type = 'table' AND v.parent = 'p' COLLATE NOCASE
    AND EXISTS (SELECT 1 FROM pragma_foreign_key_list(c.name, 'main') f WHERE f."table" = 'p' COLLATE NOCASE));
UPDATE mig_rebuild SET integrity = (SELECT group_concat(integrity_check, '; ') FROM pragma_integrity_check('p', 'main'));
DROP TABLE mig_rebuild;
-- mig:down
-- rebuild of table p: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table p has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('p', 'main') WHERE lower(name) NOT IN ('id', 'code');
DROP TABLE mig_guard;
-- the rebuild's checks (docs/sqlite.md): each fails the migration, naming the table
CREATE TEMP TABLE mig_rebuild (
    foreign_keys integer CONSTRAINT "rebuild of ""p"" needs PRAGMA foreign_keys = OFF" CHECK (foreign_keys = 0),
    rows_before integer,
    rows_after integer CONSTRAINT "rebuild of ""p"" lost rows" CHECK (rows_after >= rows_before)
        CONSTRAINT "rebuild of ""p"" added rows" CHECK (rows_after <= rows_before),
    fk_of integer CONSTRAINT "rebuild of ""p"" broke a foreign key of ""p""" CHECK (fk_of = 0),
    fk_to integer CONSTRAINT "rebuild of ""p"" broke a foreign key to ""p""" CHECK (fk_to = 0),
    integrity text CONSTRAINT "rebuild of ""p"" fails PRAGMA integrity_check" CHECK (integrity = 'ok')
);
INSERT INTO mig_rebuild (foreign_keys, rows_before)
    SELECT foreign_keys, (SELECT count(*) FROM p) FROM pragma_foreign_keys;
CREATE TABLE p_mig_new (
    id integer NOT NULL,
    code text,
    CONSTRAINT p_pkey PRIMARY KEY (id),
    CONSTRAINT p_code_key UNIQUE (code)
);
INSERT INTO p_mig_new (id, code)
    SELECT id, code FROM p;
DROP TABLE p;
PRAGMA legacy_alter_table = ON;
ALTER TABLE p_mig_new RENAME TO p;
PRAGMA legacy_alter_table = OFF;
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE p RENAME TO p_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
UPDATE mig_rebuild SET rows_after = (SELECT count(*) FROM p);
UPDATE mig_rebuild SET fk_of = (SELECT count(*) FROM pragma_foreign_key_check('p', 'main'));
UPDATE mig_rebuild SET fk_to = (SELECT count(*) FROM sqlite_schema c, pragma_foreign_key_check(c.name, 'main') v
    WHERE c.type = 'table' AND v.parent = 'p' COLLATE NOCASE
    AND EXISTS (SELECT 1 FROM pragma_foreign_key_list(c.name, 'main') f WHERE f."table" = 'p' COLLATE NOCASE));
UPDATE mig_rebuild SET integrity = (SELECT group_concat(integrity_check, '; ') FROM pragma_integrity_check('p', 'main'));
DROP TABLE mig_rebuild;
CREATE TABLE c (
    id integer NOT NULL,
    code text,
    CONSTRAINT c_pkey PRIMARY KEY (id),
    CONSTRAINT c_code_fkey FOREIGN KEY (code) REFERENCES p (code)
);

