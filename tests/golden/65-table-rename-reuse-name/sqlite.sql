-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:T9le3wd2Ku4OjuLkDLf2ED2YwSCONlUyyuaerY63s5c=
-- mig:up
CREATE TABLE users (
    id integer NOT NULL,
    CONSTRAINT users_pkey PRIMARY KEY (id)
);

CREATE TABLE users_v2 (
    id integer NOT NULL,
    name text,
    CONSTRAINT users_v2_pkey PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table users_v2 and its rows
DROP TABLE users_v2;
-- destructive: drops table users and its rows
DROP TABLE users;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:/5eIulGtFbHnfEoe2tl3cqJWZ8sba4+7EZVFJx+84ms=
-- mig:up
-- destructive: drops table users and its rows
DROP TABLE users;
-- rebuild of table users: a change ALTER TABLE cannot make
ALTER TABLE users_v2 RENAME TO users;
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table users has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('users', 'main') WHERE lower(name) NOT IN ('id', 'name');
DROP TABLE mig_guard;
-- the rebuild's checks (docs/sqlite.md): each fails the migration, naming the table
CREATE TEMP TABLE mig_rebuild (
    foreign_keys integer CONSTRAINT "rebuild of ""users"" needs PRAGMA foreign_keys = OFF" CHECK (foreign_keys = 0),
    rows_before integer,
    rows_after integer CONSTRAINT "rebuild of ""users"" lost rows" CHECK (rows_after >= rows_before)
        CONSTRAINT "rebuild of ""users"" added rows" CHECK (rows_after <= rows_before),
    fk_of integer CONSTRAINT "rebuild of ""users"" broke a foreign key of ""users""" CHECK (fk_of = 0),
    fk_to integer CONSTRAINT "rebuild of ""users"" broke a foreign key to ""users""" CHECK (fk_to = 0),
    integrity text CONSTRAINT "rebuild of ""users"" fails PRAGMA integrity_check" CHECK (integrity = 'ok')
);
INSERT INTO mig_rebuild (foreign_keys, rows_before)
    SELECT foreign_keys, (SELECT count(*) FROM users) FROM pragma_foreign_keys;
CREATE TABLE users_mig_new (
    id integer NOT NULL,
    name text,
    CONSTRAINT users_pkey PRIMARY KEY (id)
);
INSERT INTO users_mig_new (id, name)
    SELECT id, name FROM users;
DROP TABLE users;
PRAGMA legacy_alter_table = ON;
ALTER TABLE users_mig_new RENAME TO users;
PRAGMA legacy_alter_table = OFF;
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE users RENAME TO users_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
UPDATE mig_rebuild SET rows_after = (SELECT count(*) FROM users);
UPDATE mig_rebuild SET fk_of = (SELECT count(*) FROM pragma_foreign_key_check('users', 'main'));
UPDATE mig_rebuild SET fk_to = (SELECT count(*) FROM sqlite_schema c, pragma_foreign_key_check(c.name, 'main') v
    WHERE c.type = 'table' AND v.parent = 'users' COLLATE NOCASE
    AND EXISTS (SELECT 1 FROM pragma_foreign_key_list(c.name, 'main') f WHERE f."table" = 'users' COLLATE NOCASE));
UPDATE mig_rebuild SET integrity = (SELECT group_concat(integrity_check, '; ') FROM pragma_integrity_check('users', 'main'));
DROP TABLE mig_rebuild;
-- mig:down
-- rebuild of table users_v2: a change ALTER TABLE cannot make
ALTER TABLE users RENAME TO users_v2;
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table users_v2 has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('users_v2', 'main') WHERE lower(name) NOT IN ('id', 'name');
DROP TABLE mig_guard;
-- the rebuild's checks (docs/sqlite.md): each fails the migration, naming the table
CREATE TEMP TABLE mig_rebuild (
    foreign_keys integer CONSTRAINT "rebuild of ""users_v2"" needs PRAGMA foreign_keys = OFF" CHECK (foreign_keys = 0),
    rows_before integer,
    rows_after integer CONSTRAINT "rebuild of ""users_v2"" lost rows" CHECK (rows_after >= rows_before)
        CONSTRAINT "rebuild of ""users_v2"" added rows" CHECK (rows_after <= rows_before),
    fk_of integer CONSTRAINT "rebuild of ""users_v2"" broke a foreign key of ""users_v2""" CHECK (fk_of = 0),
    fk_to integer CONSTRAINT "rebuild of ""users_v2"" broke a foreign key to ""users_v2""" CHECK (fk_to = 0),
    integrity text CONSTRAINT "rebuild of ""users_v2"" fails PRAGMA integrity_check" CHECK (integrity = 'ok')
);
INSERT INTO mig_rebuild (foreign_keys, rows_before)
    SELECT foreign_keys, (SELECT count(*) FROM users_v2) FROM pragma_foreign_keys;
CREATE TABLE users_v2_mig_new (
    id integer NOT NULL,
    name text,
    CONSTRAINT users_v2_pkey PRIMARY KEY (id)
);
INSERT INTO users_v2_mig_new (id, name)
    SELECT id, name FROM users_v2;
DROP TABLE users_v2;
PRAGMA legacy_alter_table = ON;
ALTER TABLE users_v2_mig_new RENAME TO users_v2;
PRAGMA legacy_alter_table = OFF;
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE users_v2 RENAME TO users_v2_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
UPDATE mig_rebuild SET rows_after = (SELECT count(*) FROM users_v2);
UPDATE mig_rebuild SET fk_of = (SELECT count(*) FROM pragma_foreign_key_check('users_v2', 'main'));
UPDATE mig_rebuild SET fk_to = (SELECT count(*) FROM sqlite_schema c, pragma_foreign_key_check(c.name, 'main') v
    WHERE c.type = 'table' AND v.parent = 'users_v2' COLLATE NOCASE
    AND EXISTS (SELECT 1 FROM pragma_foreign_key_list(c.name, 'main') f WHERE f."table" = 'users_v2' COLLATE NOCASE));
UPDATE mig_rebuild SET integrity = (SELECT group_concat(integrity_check, '; ') FROM pragma_integrity_check('users_v2', 'main'));
DROP TABLE mig_rebuild;
CREATE TABLE users (
    id integer NOT NULL,
    CONSTRAINT users_pkey PRIMARY KEY (id)
);

