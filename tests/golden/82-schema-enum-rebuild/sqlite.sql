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
-- rebuild of table u: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table u has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('u', 'main') WHERE lower(name) NOT IN ('id', 's');
DROP TABLE mig_guard;
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
-- mig:down
-- rebuild of table t: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table app.t has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('t', 'app') WHERE lower(name) NOT IN ('id', 's', 'ss');
DROP TABLE mig_guard;
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
-- rebuild of table u: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table u has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('u', 'main') WHERE lower(name) NOT IN ('id', 's');
DROP TABLE mig_guard;
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
