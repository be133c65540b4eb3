-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:qiWtd6YZAzBwUC5/jBf1/vsToTim5m3wiCCHAsCUahg=
-- mig:up
CREATE TABLE p (
    id integer NOT NULL,
    CONSTRAINT p_pkey PRIMARY KEY (id)
);

CREATE TABLE t (
    id integer NOT NULL,
    p_id integer NOT NULL,
    x text,
    CONSTRAINT t_pkey PRIMARY KEY (id),
    CONSTRAINT t_x_p_id_key UNIQUE (x, p_id),
    CONSTRAINT t_check CHECK (p_id > 0),
    CONSTRAINT t_p_id_fkey FOREIGN KEY (p_id) REFERENCES p (id)
);

CREATE INDEX t_p_id_x_idx ON t (p_id, x);
-- mig:down
-- destructive: drops table t and its rows
DROP TABLE t;
-- destructive: drops table p and its rows
DROP TABLE p;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:ca1PFQQ+KkzHyU87v0qi/gyOW8uF/AvOS5+MTPkxNjU=
-- mig:up
-- rebuild of table t: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table t has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('t', 'main') WHERE lower(name) NOT IN ('id', 'p_id', 'x');
DROP TABLE mig_guard;
CREATE TABLE t_mig_new (
    id integer NOT NULL,
    x text,
    CONSTRAINT t_pkey PRIMARY KEY (id)
);
INSERT INTO t_mig_new (id, x)
    SELECT id, x FROM t;
DROP TABLE t;
PRAGMA legacy_alter_table = ON;
ALTER TABLE t_mig_new RENAME TO t;
PRAGMA legacy_alter_table = OFF;
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE t RENAME TO t_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
-- destructive: drops column t.p_id and its data
-- mig:down
-- rebuild of table t: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table t has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('t', 'main') WHERE lower(name) NOT IN ('id', 'x');
DROP TABLE mig_guard;
CREATE TABLE t_mig_new (
    id integer NOT NULL,
    p_id integer NOT NULL,
    x text,
    CONSTRAINT t_pkey PRIMARY KEY (id),
    CONSTRAINT t_x_p_id_key UNIQUE (x, p_id),
    CONSTRAINT t_check CHECK (p_id > 0),
    CONSTRAINT t_p_id_fkey FOREIGN KEY (p_id) REFERENCES p (id)
);
INSERT INTO t_mig_new (id, p_id, x)
    SELECT id, 1, x FROM t;
DROP TABLE t;
PRAGMA legacy_alter_table = ON;
ALTER TABLE t_mig_new RENAME TO t;
PRAGMA legacy_alter_table = OFF;
CREATE INDEX t_p_id_x_idx ON t (p_id, x);
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE t RENAME TO t_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
