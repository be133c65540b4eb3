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
-- mig:down
-- rebuild of table pair: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table pair has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('pair', 'main') WHERE lower(name) NOT IN ('a', 'b');
DROP TABLE mig_guard;
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
