-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:j2McxRS8nKsGYJRc+V58y1krfv+1q3XIHHmHZyOGljg=
-- mig:up
CREATE TABLE kid (
    id integer NOT NULL,
    parent_id integer,
    CONSTRAINT kid_pkey PRIMARY KEY (id)
);

CREATE TABLE toy (
    id integer NOT NULL,
    owner integer,
    CONSTRAINT toy_pkey PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table toy and its rows
DROP TABLE toy;
-- destructive: drops table kid and its rows
DROP TABLE kid;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:FbK1XzYEH38lw9D2m5fnFrk9RQSEUX5Rzq6ta7iR/vs=
-- mig:up
-- rebuild of table child: a change ALTER TABLE cannot make
ALTER TABLE kid RENAME TO child;
ALTER TABLE child RENAME COLUMN parent_id TO mother_id;
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table child has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('child', 'main') WHERE lower(name) NOT IN ('id', 'mother_id');
DROP TABLE mig_guard;
CREATE TABLE child_mig_new (
    id integer NOT NULL,
    mother_id integer,
    CONSTRAINT child_pkey PRIMARY KEY (id),
    CONSTRAINT child_mother_id_fkey FOREIGN KEY (mother_id) REFERENCES child (id)
);
INSERT INTO child_mig_new (id, mother_id)
    SELECT id, mother_id FROM child;
DROP TABLE child;
PRAGMA legacy_alter_table = ON;
ALTER TABLE child_mig_new RENAME TO child;
PRAGMA legacy_alter_table = OFF;
CREATE INDEX child_mother_id_idx ON child (mother_id);
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE child RENAME TO child_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
CREATE TABLE game (
    id integer NOT NULL,
    child_id integer,
    CONSTRAINT game_pkey PRIMARY KEY (id),
    CONSTRAINT game_child_id_fkey FOREIGN KEY (child_id) REFERENCES child (id)
);

-- rebuild of table toy: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table toy has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('toy', 'main') WHERE lower(name) NOT IN ('id', 'owner');
DROP TABLE mig_guard;
CREATE TABLE toy_mig_new (
    id integer NOT NULL,
    owner integer,
    CONSTRAINT toy_pkey PRIMARY KEY (id),
    CONSTRAINT toy_owner_fkey FOREIGN KEY (owner) REFERENCES child (id)
);
INSERT INTO toy_mig_new (id, owner)
    SELECT id, owner FROM toy;
DROP TABLE toy;
PRAGMA legacy_alter_table = ON;
ALTER TABLE toy_mig_new RENAME TO toy;
PRAGMA legacy_alter_table = OFF;
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE toy RENAME TO toy_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
-- mig:down
-- rebuild of table toy: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table toy has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('toy', 'main') WHERE lower(name) NOT IN ('id', 'owner');
DROP TABLE mig_guard;
CREATE TABLE toy_mig_new (
    id integer NOT NULL,
    owner integer,
    CONSTRAINT toy_pkey PRIMARY KEY (id)
);
INSERT INTO toy_mig_new (id, owner)
    SELECT id, owner FROM toy;
DROP TABLE toy;
PRAGMA legacy_alter_table = ON;
ALTER TABLE toy_mig_new RENAME TO toy;
PRAGMA legacy_alter_table = OFF;
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE toy RENAME TO toy_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
-- rebuild of table kid: a change ALTER TABLE cannot make
ALTER TABLE child RENAME TO kid;
ALTER TABLE kid RENAME COLUMN mother_id TO parent_id;
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table kid has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('kid', 'main') WHERE lower(name) NOT IN ('id', 'parent_id');
DROP TABLE mig_guard;
CREATE TABLE kid_mig_new (
    id integer NOT NULL,
    parent_id integer,
    CONSTRAINT kid_pkey PRIMARY KEY (id)
);
INSERT INTO kid_mig_new (id, parent_id)
    SELECT id, parent_id FROM kid;
DROP TABLE kid;
PRAGMA legacy_alter_table = ON;
ALTER TABLE kid_mig_new RENAME TO kid;
PRAGMA legacy_alter_table = OFF;
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE kid RENAME TO kid_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
-- destructive: drops table game and its rows
DROP TABLE game;
