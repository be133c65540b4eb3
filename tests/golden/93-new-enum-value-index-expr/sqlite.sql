-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:lZPhc2eqrLkufq0P09frgQQVNEwe4DOAbtQdwlwf/RY=
-- mig:up
CREATE TABLE t (
    id integer NOT NULL,
    m mood,
    CONSTRAINT t_pkey PRIMARY KEY (id),
    CONSTRAINT mig_enum_m CHECK (m IN ('ok'))
);

-- mig:down
-- destructive: drops table t and its rows
DROP TABLE t;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:xhUaYhhG62z35I7kLHc0+SJGTLEwVXMbY9gNEgNa4+Y=
-- mig:up
-- rebuild of table t: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table t has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('t', 'main') WHERE lower(name) NOT IN ('id', 'm');
DROP TABLE mig_guard;
CREATE TABLE t_mig_new (
    id integer NOT NULL,
    m mood,
    CONSTRAINT t_pkey PRIMARY KEY (id),
    CONSTRAINT mig_enum_m CHECK (m IN ('ok', 'great'))
);
INSERT INTO t_mig_new (id, m)
    SELECT id, m FROM t;
DROP TABLE t;
PRAGMA legacy_alter_table = ON;
ALTER TABLE t_mig_new RENAME TO t;
PRAGMA legacy_alter_table = OFF;
CREATE INDEX t_great ON t (((m = 'great')));
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE t RENAME TO t_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
-- mig:down
-- rebuild of table t: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table t has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('t', 'main') WHERE lower(name) NOT IN ('id', 'm');
DROP TABLE mig_guard;
CREATE TABLE t_mig_new (
    id integer NOT NULL,
    m mood,
    CONSTRAINT t_pkey PRIMARY KEY (id),
    CONSTRAINT mig_enum_m CHECK (m IN ('ok'))
);
INSERT INTO t_mig_new (id, m)
    SELECT id, m FROM t;
DROP TABLE t;
PRAGMA legacy_alter_table = ON;
ALTER TABLE t_mig_new RENAME TO t;
PRAGMA legacy_alter_table = OFF;
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE t RENAME TO t_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
