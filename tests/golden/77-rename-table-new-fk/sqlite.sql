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
-- the rebuild's checks (docs/sqlite.md): each fails the migration, naming the table
CREATE TEMP TABLE mig_rebuild (
    foreign_keys integer CONSTRAINT "rebuild of ""child"" needs PRAGMA foreign_keys = OFF" CHECK (foreign_keys = 0),
    rows_before integer,
    rows_after integer CONSTRAINT "rebuild of ""child"" lost rows" CHECK (rows_after >= rows_before)
        CONSTRAINT "rebuild of ""child"" added rows" CHECK (rows_after <= rows_before),
    fk_of integer CONSTRAINT "rebuild of ""child"" broke a foreign key of ""child""" CHECK (fk_of = 0),
    fk_to integer CONSTRAINT "rebuild of ""child"" broke a foreign key to ""child""" CHECK (fk_to = 0),
    integrity text CONSTRAINT "rebuild of ""child"" fails PRAGMA integrity_check" CHECK (integrity = 'ok')
);
INSERT INTO mig_rebuild (foreign_keys, rows_before)
    SELECT foreign_keys, (SELECT count(*) FROM child) FROM pragma_foreign_keys;
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
UPDATE mig_rebuild SET rows_after = (SELECT count(*) FROM child);
UPDATE mig_rebuild SET fk_of = (SELECT count(*) FROM pragma_foreign_key_check('child', 'main'));
UPDATE mig_rebuild SET fk_to = (SELECT count(*) FROM sqlite_schema c, pragma_foreign_key_check(c.name, 'main') v
    WHERE c.type = 'table' AND v.parent = 'child' COLLATE NOCASE
    AND EXISTS (SELECT 1 FROM pragma_foreign_key_list(c.name, 'main') f WHERE f."table" = 'child' COLLATE NOCASE));
UPDATE mig_rebuild SET integrity = (SELECT group_concat(integrity_check, '; ') FROM pragma_integrity_check('child', 'main'));
DROP TABLE mig_rebuild;
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
-- the rebuild's checks (docs/sqlite.md): each fails the migration, naming the table
CREATE TEMP TABLE mig_rebuild (
    foreign_keys integer CONSTRAINT "rebuild of ""toy"" needs PRAGMA foreign_keys = OFF" CHECK (foreign_keys = 0),
    rows_before integer,
    rows_after integer CONSTRAINT "rebuild of ""toy"" lost rows" CHECK (rows_after >= rows_before)
        CONSTRAINT "rebuild of ""toy"" added rows" CHECK (rows_after <= rows_before),
    fk_of integer CONSTRAINT "rebuild of ""toy"" broke a foreign key of ""toy""" CHECK (fk_of = 0),
    fk_to integer CONSTRAINT "rebuild of ""toy"" broke a foreign key to ""toy""" CHECK (fk_to = 0),
    integrity text CONSTRAINT "rebuild of ""toy"" fails PRAGMA integrity_check" CHECK (integrity = 'ok')
);
INSERT INTO mig_rebuild (foreign_keys, rows_before)
    SELECT foreign_keys, (SELECT count(*) FROM toy) FROM pragma_foreign_keys;
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
UPDATE mig_rebuild SET rows_after = (SELECT count(*) FROM toy);
UPDATE mig_rebuild SET fk_of = (SELECT count(*) FROM pragma_foreign_key_check('toy', 'main'));
UPDATE mig_rebuild SET fk_to = (SELECT count(*) FROM sqlite_schema c, pragma_foreign_key_check(c.name, 'main') v
    WHERE c.type = 'table' AND v.parent = 'toy' COLLATE NOCASE
    AND EXISTS (SELECT 1 FROM pragma_foreign_key_list(c.name, 'main') f WHERE f."table" = 'toy' COLLATE NOCASE));
UPDATE mig_rebuild SET integrity = (SELECT group_concat(integrity_check, '; ') FROM pragma_integrity_check('toy', 'main'));
DROP TABLE mig_rebuild;
-- mig:down
-- rebuild of table toy: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table toy has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('toy', 'main') WHERE lower(name) NOT IN ('id', 'owner');
DROP TABLE mig_guard;
-- the rebuild's checks (docs/sqlite.md): each fails the migration, naming the table
CREATE TEMP TABLE mig_rebuild (
    foreign_keys integer CONSTRAINT "rebuild of ""toy"" needs PRAGMA foreign_keys = OFF" CHECK (foreign_keys = 0),
    rows_before integer,
    rows_after integer CONSTRAINT "rebuild of ""toy"" lost rows" CHECK (rows_after >= rows_before)
        CONSTRAINT "rebuild of ""toy"" added rows" CHECK (rows_after <= rows_before),
    fk_of integer CONSTRAINT "rebuild of ""toy"" broke a foreign key of ""toy""" CHECK (fk_of = 0),
    fk_to integer CONSTRAINT "rebuild of ""toy"" broke a foreign key to ""toy""" CHECK (fk_to = 0),
    integrity text CONSTRAINT "rebuild of ""toy"" fails PRAGMA integrity_check" CHECK (integrity = 'ok')
);
INSERT INTO mig_rebuild (foreign_keys, rows_before)
    SELECT foreign_keys, (SELECT count(*) FROM toy) FROM pragma_foreign_keys;
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
UPDATE mig_rebuild SET rows_after = (SELECT count(*) FROM toy);
UPDATE mig_rebuild SET fk_of = (SELECT count(*) FROM pragma_foreign_key_check('toy', 'main'));
UPDATE mig_rebuild SET fk_to = (SELECT count(*) FROM sqlite_schema c, pragma_foreign_key_check(c.name, 'main') v
    WHERE c.type = 'table' AND v.parent = 'toy' COLLATE NOCASE
    AND EXISTS (SELECT 1 FROM pragma_foreign_key_list(c.name, 'main') f WHERE f."table" = 'toy' COLLATE NOCASE));
UPDATE mig_rebuild SET integrity = (SELECT group_concat(integrity_check, '; ') FROM pragma_integrity_check('toy', 'main'));
DROP TABLE mig_rebuild;
-- rebuild of table kid: a change ALTER TABLE cannot make
ALTER TABLE child RENAME TO kid;
ALTER TABLE kid RENAME COLUMN mother_id TO parent_id;
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table kid has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('kid', 'main') WHERE lower(name) NOT IN ('id', 'parent_id');
DROP TABLE mig_guard;
-- the rebuild's checks (docs/sqlite.md): each fails the migration, naming the table
CREATE TEMP TABLE mig_rebuild (
    foreign_keys integer CONSTRAINT "rebuild of ""kid"" needs PRAGMA foreign_keys = OFF" CHECK (foreign_keys = 0),
    rows_before integer,
    rows_after integer CONSTRAINT "rebuild of ""kid"" lost rows" CHECK (rows_after >= rows_before)
        CONSTRAINT "rebuild of ""kid"" added rows" CHECK (rows_after <= rows_before),
    fk_of integer CONSTRAINT "rebuild of ""kid"" broke a foreign key of ""kid""" CHECK (fk_of = 0),
    fk_to integer CONSTRAINT "rebuild of ""kid"" broke a foreign key to ""kid""" CHECK (fk_to = 0),
    integrity text CONSTRAINT "rebuild of ""kid"" fails PRAGMA integrity_check" CHECK (integrity = 'ok')
);
INSERT INTO mig_rebuild (foreign_keys, rows_before)
    SELECT foreign_keys, (SELECT count(*) FROM kid) FROM pragma_foreign_keys;
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
UPDATE mig_rebuild SET rows_after = (SELECT count(*) FROM kid);
UPDATE mig_rebuild SET fk_of = (SELECT count(*) FROM pragma_foreign_key_check('kid', 'main'));
UPDATE mig_rebuild SET fk_to = (SELECT count(*) FROM sqlite_schema c, pragma_foreign_key_check(c.name, 'main') v
    WHERE c.type = 'table' AND v.parent = 'kid' COLLATE NOCASE
    AND EXISTS (SELECT 1 FROM pragma_foreign_key_list(c.name, 'main') f WHERE f."table" = 'kid' COLLATE NOCASE));
UPDATE mig_rebuild SET integrity = (SELECT group_concat(integrity_check, '; ') FROM pragma_integrity_check('kid', 'main'));
DROP TABLE mig_rebuild;
-- destructive: drops table game and its rows
DROP TABLE game;
