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
-- mig:down
-- rebuild of table counter: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table counter has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('counter', 'main') WHERE lower(name) NOT IN ('id', 'hits');
DROP TABLE mig_guard;
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
