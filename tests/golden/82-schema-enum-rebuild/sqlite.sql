-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:2VWsnEjv1APg7RxvA8iT/7HHl9x/GALX0rB+bxOd7r4=
-- mig:up
CREATE SCHEMA app;
CREATE TABLE app.t (
    id integer NOT NULL,
    s st NOT NULL DEFAULT 'a',
    ss st[],
    CONSTRAINT t_pkey PRIMARY KEY (id),
    CONSTRAINT mig_enum_s CHECK (s IN ('a', 'b'))
);

CREATE INDEX app.t_s_idx ON t (s);
CREATE TABLE u (
    id integer NOT NULL,
    s st,
    CONSTRAINT u_pkey PRIMARY KEY (id),
    CONSTRAINT mig_enum_s CHECK (s IN ('a', 'b'))
);

-- mig:down
-- destructive: drops table u and its rows
DROP TABLE u;
-- destructive: drops table app.t and its rows
DROP TABLE app.t;
DROP SCHEMA app;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:klB2gkS6gASmAuQxaWeBmBJLWBQiqj8P/bMJnw8yyao=
-- mig:up
-- rebuild of table t: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table app.t has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('t', 'app') WHERE lower(name) NOT IN ('id', 's', 'ss');
DROP TABLE mig_guard;
-- the rebuild's checks (docs/sqlite.md): each fails the migration, naming the table
CREATE TEMP TABLE mig_rebuild (
    foreign_keys integer CONSTRAINT "rebuild of ""app.t"" needs PRAGMA foreign_keys = OFF" CHECK (foreign_keys = 0),
    rows_before integer,
    rows_after integer CONSTRAINT "rebuild of ""app.t"" lost rows" CHECK (rows_after >= rows_before)
        CONSTRAINT "rebuild of ""app.t"" added rows" CHECK (rows_after <= rows_before),
    fk_of integer CONSTRAINT "rebuild of ""app.t"" broke a foreign key of ""app.t""" CHECK (fk_of = 0),
    fk_to integer CONSTRAINT "rebuild of ""app.t"" broke a foreign key to ""app.t""" CHECK (fk_to = 0),
    integrity text CONSTRAINT "rebuild of ""app.t"" fails PRAGMA integrity_check" CHECK (integrity = 'ok')
);
INSERT INTO mig_rebuild (foreign_keys, rows_before)
    SELECT foreign_keys, (SELECT count(*) FROM app.t) FROM pragma_foreign_keys;
CREATE TABLE app.t_mig_new (
    id integer NOT NULL,
    s st NOT NULL DEFAULT 'a',
    ss st[],
    CONSTRAINT t_pkey PRIMARY KEY (id),
    CONSTRAINT mig_enum_s CHECK (s IN ('b', 'a'))
);
INSERT INTO app.t_mig_new (id, s, ss)
    SELECT id, s, ss FROM app.t;
DROP TABLE app.t;
PRAGMA legacy_alter_table = ON;
ALTER TABLE app.t_mig_new RENAME TO t;
PRAGMA legacy_alter_table = OFF;
CREATE INDEX app.t_s_idx ON t (s);
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE app.t RENAME TO t_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
UPDATE mig_rebuild SET rows_after = (SELECT count(*) FROM app.t);
UPDATE mig_rebuild SET fk_of = (SELECT count(*) FROM pragma_foreign_key_check('t', 'app'));
UPDATE mig_rebuild SET fk_to = (SELECT count(*) FROM app.sqlite_schema c, pragma_foreign_key_check(c.name, 'app') v
    WHERE c.type = 'table' AND v.parent = 't' COLLATE NOCASE
    AND EXISTS (SELECT 1 FROM pragma_foreign_key_list(c.name, 'app') f WHERE f."table" = 't' COLLATE NOCASE));
UPDATE mig_rebuild SET integrity = (SELECT group_concat(integrity_check, '; ') FROM pragma_integrity_check('t', 'app'));
DROP TABLE mig_rebuild;
-- rebuild of table u: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table u has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('u', 'main') WHERE lower(name) NOT IN ('id', 's');
DROP TABLE mig_guard;
-- the rebuild's checks (docs/sqlite.md): each fails the migration, naming the table
CREATE TEMP TABLE mig_rebuild (
    foreign_keys integer CONSTRAINT "rebuild of ""u"" needs PRAGMA foreign_keys = OFF" CHECK (foreign_keys = 0),
    rows_before integer,
    rows_after integer CONSTRAINT "rebuild of ""u"" lost rows" CHECK (rows_after >= rows_before)
        CONSTRAINT "rebuild of ""u"" added rows" CHECK (rows_after <= rows_before),
    fk_of integer CONSTRAINT "rebuild of ""u"" broke a foreign key of ""u""" CHECK (fk_of = 0),
    fk_to integer CONSTRAINT "rebuild of ""u"" broke a foreign key to ""u""" CHECK (fk_to = 0),
    integrity text CONSTRAINT "rebuild of ""u"" fails PRAGMA integrity_check" CHECK (integrity = 'ok')
);
INSERT INTO mig_rebuild (foreign_keys, rows_before)
    SELECT foreign_keys, (SELECT count(*) FROM u) FROM pragma_foreign_keys;
CREATE TABLE u_mig_new (
    id integer NOT NULL,
    s st,
    CONSTRAINT u_pkey PRIMARY KEY (id),
    CONSTRAINT mig_enum_s CHECK (s IN ('b', 'a'))
);
INSERT INTO u_mig_new (id, s)
    SELECT id, s FROM u;
DROP TABLE u;
PRAGMA legacy_alter_table = ON;
ALTER TABLE u_mig_new RENAME TO u;
PRAGMA legacy_alter_table = OFF;
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE u RENAME TO u_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
UPDATE mig_rebuild SET rows_after = (SELECT count(*) FROM u);
UPDATE mig_rebuild SET fk_of = (SELECT count(*) FROM pragma_foreign_key_check('u', 'main'));
UPDATE mig_rebuild SET fk_to = (SELECT count(*) FROM sqlite_schema c, pragma_foreign_key_check(c.name, 'main') v
    WHERE c.type = 'table' AND v.parent = 'u' COLLATE NOCASE
    AND EXISTS (SELECT 1 FROM pragma_foreign_key_list(c.name, 'main') f WHERE f."table" = 'u' COLLATE NOCASE));
UPDATE mig_rebuild SET integrity = (SELECT group_concat(integrity_check, '; ') FROM pragma_integrity_check('u', 'main'));
DROP TABLE mig_rebuild;
-- mig:down
-- rebuild of table t: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table app.t has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('t', 'app') WHERE lower(name) NOT IN ('id', 's', 'ss');
DROP TABLE mig_guard;
-- the rebuild's checks (docs/sqlite.md): each fails the migration, naming the table
CREATE TEMP TABLE mig_rebuild (
    foreign_keys integer CONSTRAINT "rebuild of ""app.t"" needs PRAGMA foreign_keys = OFF" CHECK (foreign_keys = 0),
    rows_before integer,
    rows_after integer CONSTRAINT "rebuild of ""app.t"" lost rows" CHECK (rows_after >= rows_before)
        CONSTRAINT "rebuild of ""app.t"" added rows" CHECK (rows_after <= rows_before),
    fk_of integer CONSTRAINT "rebuild of ""app.t"" broke a foreign key of ""app.t""" CHECK (fk_of = 0),
    fk_to integer CONSTRAINT "rebuild of ""app.t"" broke a foreign key to ""app.t""" CHECK (fk_to = 0),
    integrity text CONSTRAINT "rebuild of ""app.t"" fails PRAGMA integrity_check" CHECK (integrity = 'ok')
);
INSERT INTO mig_rebuild (foreign_keys, rows_before)
    SELECT foreign_keys, (SELECT count(*) FROM app.t) FROM pragma_foreign_keys;
CREATE TABLE app.t_mig_new (
    id integer NOT NULL,
    s st NOT NULL DEFAULT 'a',
    ss st[],
    CONSTRAINT t_pkey PRIMARY KEY (id),
    CONSTRAINT mig_enum_s CHECK (s IN ('a', 'b'))
);
INSERT INTO app.t_mig_new (id, s, ss)
    SELECT id, s, ss FROM app.t;
DROP TABLE app.t;
PRAGMA legacy_alter_table = ON;
ALTER TABLE app.t_mig_new RENAME TO t;
PRAGMA legacy_alter_table = OFF;
CREATE INDEX app.t_s_idx ON t (s);
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE app.t RENAME TO t_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
UPDATE mig_rebuild SET rows_after = (SELECT count(*) FROM app.t);
UPDATE mig_rebuild SET fk_of = (SELECT count(*) FROM pragma_foreign_key_check('t', 'app'));
UPDATE mig_rebuild SET fk_to = (SELECT count(*) FROM app.sqlite_schema c, pragma_foreign_key_check(c.name, 'app') v
    WHERE c.type = 'table' AND v.parent = 't' COLLATE NOCASE
    AND EXISTS (SELECT 1 FROM pragma_foreign_key_list(c.name, 'app') f WHERE f."table" = 't' COLLATE NOCASE));
UPDATE mig_rebuild SET integrity = (SELECT group_concat(integrity_check, '; ') FROM pragma_integrity_check('t', 'app'));
DROP TABLE mig_rebuild;
-- rebuild of table u: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table u has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('u', 'main') WHERE lower(name) NOT IN ('id', 's');
DROP TABLE mig_guard;
-- the rebuild's checks (docs/sqlite.md): each fails the migration, naming the table
CREATE TEMP TABLE mig_rebuild (
    foreign_keys integer CONSTRAINT "rebuild of ""u"" needs PRAGMA foreign_keys = OFF" CHECK (foreign_keys = 0),
    rows_before integer,
    rows_after integer CONSTRAINT "rebuild of ""u"" lost rows" CHECK (rows_after >= rows_before)
        CONSTRAINT "rebuild of ""u"" added rows" CHECK (rows_after <= rows_before),
    fk_of integer CONSTRAINT "rebuild of ""u"" broke a foreign key of ""u""" CHECK (fk_of = 0),
    fk_to integer CONSTRAINT "rebuild of ""u"" broke a foreign key to ""u""" CHECK (fk_to = 0),
    integrity text CONSTRAINT "rebuild of ""u"" fails PRAGMA integrity_check" CHECK (integrity = 'ok')
);
INSERT INTO mig_rebuild (foreign_keys, rows_before)
    SELECT foreign_keys, (SELECT count(*) FROM u) FROM pragma_foreign_keys;
CREATE TABLE u_mig_new (
    id integer NOT NULL,
    s st,
    CONSTRAINT u_pkey PRIMARY KEY (id),
    CONSTRAINT mig_enum_s CHECK (s IN ('a', 'b'))
);
INSERT INTO u_mig_new (id, s)
    SELECT id, s FROM u;
DROP TABLE u;
PRAGMA legacy_alter_table = ON;
ALTER TABLE u_mig_new RENAME TO u;
PRAGMA legacy_alter_table = OFF;
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE u RENAME TO u_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
UPDATE mig_rebuild SET rows_after = (SELECT count(*) FROM u);
UPDATE mig_rebuild SET fk_of = (SELECT count(*) FROM pragma_foreign_key_check('u', 'main'));
UPDATE mig_rebuild SET fk_to = (SELECT count(*) FROM sqlite_schema c, pragma_foreign_key_check(c.name, 'main') v
    WHERE c.type = 'table' AND v.parent = 'u' COLLATE NOCASE
    AND EXISTS (SELECT 1 FROM pragma_foreign_key_list(c.name, 'main') f WHERE f."table" = 'u' COLLATE NOCASE));
UPDATE mig_rebuild SET integrity = (SELECT group_concat(integrity_check, '; ') FROM pragma_integrity_check('u', 'main'));
DROP TABLE mig_rebuild;
