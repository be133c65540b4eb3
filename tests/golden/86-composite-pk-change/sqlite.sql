-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:LUZMpsSEs5tz2ygQ+W/SuDHPRU8uFNoe53sh/jrrSZ0=
-- mig:up
CREATE TABLE t (
    a integer NOT NULL,
    b integer NOT NULL,
    c integer NOT NULL DEFAULT 0,
    CONSTRAINT t_pkey PRIMARY KEY (a, b)
);

-- mig:down
-- destructive: drops table t and its rows
DROP TABLE t;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:MpMD30NcfS9g8A54UfJKbLIRC41DiFdbNEQ3ePNxYYo=
-- mig:up
-- rebuild of table t: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table t has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('t', 'main') WHERE lower(name) NOT IN ('a', 'b', 'c');
DROP TABLE mig_guard;
CREATE TABLE t_mig_new (
    a integer NOT NULL,
    b integer NOT NULL,
    c integer NOT NULL DEFAULT 0,
    CONSTRAINT t_pkey PRIMARY KEY (b, a, c)
);
INSERT INTO t_mig_new (a, b, c)
    SELECT a, b, c FROM t;
DROP TABLE t;
PRAGMA legacy_alter_table = ON;
ALTER TABLE t_mig_new RENAME TO t;
PRAGMA legacy_alter_table = OFF;
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE t RENAME TO t_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
-- mig:down
-- rebuild of table t: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table t has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('t', 'main') WHERE lower(name) NOT IN ('a', 'b', 'c');
DROP TABLE mig_guard;
CREATE TABLE t_mig_new (
    a integer NOT NULL,
    b integer NOT NULL,
    c integer NOT NULL DEFAULT 0,
    CONSTRAINT t_pkey PRIMARY KEY (a, b)
);
INSERT INTO t_mig_new (a, b, c)
    SELECT a, b, c FROM t;
DROP TABLE t;
PRAGMA legacy_alter_table = ON;
ALTER TABLE t_mig_new RENAME TO t;
PRAGMA legacy_alter_table = OFF;
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE t RENAME TO t_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
