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
-- mig:down
-- rebuild of table p: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table p has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('p', 'main') WHERE lower(name) NOT IN ('id', 'code');
DROP TABLE mig_guard;
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
CREATE TABLE c (
    id integer NOT NULL,
    code text,
    CONSTRAINT c_pkey PRIMARY KEY (id),
    CONSTRAINT c_code_fkey FOREIGN KEY (code) REFERENCES p (code)
);

