-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:PUEaBnz6d5dDKjDnmSauvVocOfvbfYc7a/+AxweRjeM=
-- mig:up
CREATE TABLE kid (
    id integer NOT NULL,
    a integer,
    CONSTRAINT kid_pkey PRIMARY KEY (id),
    CONSTRAINT kid_check CHECK (a > 0),
    CONSTRAINT child_check CHECK (a < 100)
);

-- mig:down
-- destructive: drops table kid and its rows
DROP TABLE kid;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:BTQe7/tOuqoxEOHnbV1GFYaCqsmk0GUziW8kzN5pGrs=
-- mig:up
-- rebuild of table child: a change ALTER TABLE cannot make
ALTER TABLE kid RENAME TO child;
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table child has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('child', 'main') WHERE lower(name) NOT IN ('id', 'a');
DROP TABLE mig_guard;
CREATE TABLE child_mig_new (
    id integer NOT NULL,
    a integer,
    CONSTRAINT child_pkey PRIMARY KEY (id),
    CONSTRAINT child_check1 CHECK (a > 0),
    CONSTRAINT child_check CHECK (a < 100)
);
INSERT INTO child_mig_new (id, a)
    SELECT id, a FROM child;
DROP TABLE child;
PRAGMA legacy_alter_table = ON;
ALTER TABLE child_mig_new RENAME TO child;
PRAGMA legacy_alter_table = OFF;
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE child RENAME TO child_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
-- mig:down
-- rebuild of table kid: a change ALTER TABLE cannot make
ALTER TABLE child RENAME TO kid;
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table kid has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('kid', 'main') WHERE lower(name) NOT IN ('id', 'a');
DROP TABLE mig_guard;
CREATE TABLE kid_mig_new (
    id integer NOT NULL,
    a integer,
    CONSTRAINT kid_pkey PRIMARY KEY (id),
    CONSTRAINT kid_check CHECK (a > 0),
    CONSTRAINT child_check CHECK (a < 100)
);
INSERT INTO kid_mig_new (id, a)
    SELECT id, a FROM kid;
DROP TABLE kid;
PRAGMA legacy_alter_table = ON;
ALTER TABLE kid_mig_new RENAME TO kid;
PRAGMA legacy_alter_table = OFF;
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE kid RENAME TO kid_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
