-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:qR4mxFeQ/TeVU81K467W4mCIPytTuYP+PP4GI2Y9zc0=
-- mig:up
CREATE TABLE t (
    id bigint NOT NULL,
    email text,
    email_new varchar(320),
    CONSTRAINT t_pkey PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table t and its rows
DROP TABLE t;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:p/+DGNuOh0+kELqdeW0iY52rFkn+gPCtPPOT8KtV20s=
-- mig:up
-- destructive: drops column t.email and its data
-- rebuild of table t: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table t has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('t', 'main') WHERE lower(name) NOT IN ('id', 'email', 'email_new');
DROP TABLE mig_guard;
CREATE TABLE t_mig_new (
    id bigint NOT NULL,
    email varchar(320),
    CONSTRAINT t_pkey PRIMARY KEY (id)
);
INSERT INTO t_mig_new (id, email)
    SELECT id, email_new FROM t;
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
ALTER TABLE t RENAME COLUMN email TO email_new;
ALTER TABLE t ADD COLUMN email text;
