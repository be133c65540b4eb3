-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:PPiDHXR+VTGJYoZ/T3HelAPLT1eZH6tY+4dVvecqHs8=
-- mig:up
CREATE TABLE p (
    id integer NOT NULL,
    CONSTRAINT p_pkey PRIMARY KEY (id)
);

CREATE TABLE c (
    id integer NOT NULL,
    p_id integer,
    CONSTRAINT c_pkey PRIMARY KEY (id),
    CONSTRAINT c_p_id_fkey FOREIGN KEY (p_id) REFERENCES p (id)
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
-- mig:state h1:RwNVh0/m3lRSks1xSz3QRXhBJ16LoP/VVwn6M4Mzfok=
-- mig:up
-- rebuild of table c: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table c has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('c', 'main') WHERE lower(name) NOT IN ('id', 'p_id');
DROP TABLE mig_guard;
CREATE TABLE c_mig_new (
    id integer NOT NULL,
    p_id text,
    CONSTRAINT c_pkey PRIMARY KEY (id),
    CONSTRAINT c_p_id_fkey FOREIGN KEY (p_id) REFERENCES p (id)
);
INSERT INTO c_mig_new (id, p_id)
    SELECT id, p_id FROM c;
DROP TABLE c;
PRAGMA legacy_alter_table = ON;
ALTER TABLE c_mig_new RENAME TO c;
PRAGMA legacy_alter_table = OFF;
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE c RENAME TO c_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
-- rebuild of table p: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table p has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('p', 'main') WHERE lower(name) NOT IN ('id');
DROP TABLE mig_guard;
CREATE TABLE p_mig_new (
    id text NOT NULL,
    CONSTRAINT p_pkey PRIMARY KEY (id)
);
INSERT INTO p_mig_new (id)
    SELECT id FROM p;
DROP TABLE p;
PRAGMA legacy_alter_table = ON;
ALTER TABLE p_mig_new RENAME TO p;
PRAGMA legacy_alter_table = OFF;
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE p RENAME TO p_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
-- mig:down
-- rebuild of table c: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table c has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('c', 'main') WHERE lower(name) NOT IN ('id', 'p_id');
DROP TABLE mig_guard;
CREATE TABLE c_mig_new (
    id integer NOT NULL,
    p_id integer,
    CONSTRAINT c_pkey PRIMARY KEY (id),
    CONSTRAINT c_p_id_fkey FOREIGN KEY (p_id) REFERENCES p (id)
);
INSERT INTO c_mig_new (id, p_id)
    SELECT id, p_id FROM c;
DROP TABLE c;
PRAGMA legacy_alter_table = ON;
ALTER TABLE c_mig_new RENAME TO c;
PRAGMA legacy_alter_table = OFF;
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE c RENAME TO c_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
-- rebuild of table p: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table p has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('p', 'main') WHERE lower(name) NOT IN ('id');
DROP TABLE mig_guard;
CREATE TABLE p_mig_new (
    id integer NOT NULL,
    CONSTRAINT p_pkey PRIMARY KEY (id)
);
INSERT INTO p_mig_new (id)
    SELECT id FROM p;
DROP TABLE p;
PRAGMA legacy_alter_table = ON;
ALTER TABLE p_mig_new RENAME TO p;
PRAGMA legacy_alter_table = OFF;
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE p RENAME TO p_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
