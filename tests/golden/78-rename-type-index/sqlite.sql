-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:iDxntxd5b9yRMq9U0bANlMpzTX0ziOD5PAZCED5rJr0=
-- mig:up
CREATE TABLE t (
    id bigint NOT NULL,
    mail varchar(100) DEFAULT 'x',
    CONSTRAINT t_pkey PRIMARY KEY (id)
);

CREATE INDEX t_mail_idx ON t (mail);
-- mig:down
-- destructive: drops table t and its rows
DROP TABLE t;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:U80PABGOKUvcbBS/2gzFqy0y3wA29wJA8o5DV95I8EM=
-- mig:up
-- rebuild of table t: a change ALTER TABLE cannot make
ALTER TABLE t RENAME COLUMN mail TO email;
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table t has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('t', 'main') WHERE lower(name) NOT IN ('id', 'email');
DROP TABLE mig_guard;
-- the rebuild's checks (docs/sqlite.md): each fails the migration, naming the table
CREATE TEMP TABLE mig_rebuild (
    foreign_keys integer CONSTRAINT "rebuild of ""t"" needs PRAGMA foreign_keys = OFF" CHECK (foreign_keys = 0),
    rows_before integer,
    rows_after integer CONSTRAINT "rebuild of ""t"" lost rows" CHECK (rows_after >= rows_before)
        CONSTRAINT "rebuild of ""t"" added rows" CHECK (rows_after <= rows_before),
    fk_of integer CONSTRAINT "rebuild of ""t"" broke a foreign key of ""t""" CHECK (fk_of = 0),
    fk_to integer CONSTRAINT "rebuild of ""t"" broke a foreign key to ""t""" CHECK (fk_to = 0),
    integrity text CONSTRAINT "rebuild of ""t"" fails PRAGMA integrity_check" CHECK (integrity = 'ok')
);
INSERT INTO mig_rebuild (foreign_keys, rows_before)
    SELECT foreign_keys, (SELECT count(*) FROM t) FROM pragma_foreign_keys;
CREATE TABLE t_mig_new (
    id bigint NOT NULL,
    email text NOT NULL DEFAULT 'y',
    CONSTRAINT t_pkey PRIMARY KEY (id),
    CONSTRAINT t_email_key UNIQUE (email)
);
INSERT INTO t_mig_new (id, email)
    SELECT id, coalesce(email, 'y') FROM t;
DROP TABLE t;
PRAGMA legacy_alter_table = ON;
ALTER TABLE t_mig_new RENAME TO t;
PRAGMA legacy_alter_table = OFF;
CREATE INDEX t_email_idx ON t (email);
CREATE INDEX t_lower ON t (id) WHERE email <> '';
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE t RENAME TO t_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
UPDATE mig_rebuild SET rows_after = (SELECT count(*) FROM t);
UPDATE mig_rebuild SET fk_of = (SELECT count(*) FROM pragma_foreign_key_check('t', 'main'));
UPDATE mig_rebuild SET fk_to = (SELECT count(*) FROM sqlite_schema c, pragma_foreign_key_check(c.name, 'main') v
    WHERE c.type = 'table' AND v.parent = 't' COLLATE NOCASE
    AND EXISTS (SELECT 1 FROM pragma_foreign_key_list(c.name, 'main') f WHERE f."table" = 't' COLLATE NOCASE));
UPDATE mig_rebuild SET integrity = (SELECT group_concat(integrity_check, '; ') FROM pragma_integrity_check('t', 'main'));
DROP TABLE mig_rebuild;
-- mig:down
-- rebuild of table t: a change ALTER TABLE cannot make
ALTER TABLE t RENAME COLUMN email TO mail;
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table t has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('t', 'main') WHERE lower(name) NOT IN ('id', 'mail');
DROP TABLE mig_guard;
-- the rebuild's checks (docs/sqlite.md): each fails the migration, naming the table
CREATE TEMP TABLE mig_rebuild (
    foreign_keys integer CONSTRAINT "rebuild of ""t"" needs PRAGMA foreign_keys = OFF" CHECK (foreign_keys = 0),
    rows_before integer,
    rows_after integer CONSTRAINT "rebuild of ""t"" lost rows" CHECK (rows_after >= rows_before)
        CONSTRAINT "rebuild of ""t"" added rows" CHECK (rows_after <= rows_before),
    fk_of integer CONSTRAINT "rebuild of ""t"" broke a foreign key of ""t""" CHECK (fk_of = 0),
    fk_to integer CONSTRAINT "rebuild of ""t"" broke a foreign key to ""t""" CHECK (fk_to = 0),
    integrity text CONSTRAINT "rebuild of ""t"" fails PRAGMA integrity_check" CHECK (integrity = 'ok')
);
INSERT INTO mig_rebuild (foreign_keys, rows_before)
    SELECT foreign_keys, (SELECT count(*) FROM t) FROM pragma_foreign_keys;
CREATE TABLE t_mig_new (
    id bigint NOT NULL,
    mail varchar(100) DEFAULT 'x',
    CONSTRAINT t_pkey PRIMARY KEY (id)
);
INSERT INTO t_mig_new (id, mail)
    SELECT id, mail FROM t;
DROP TABLE t;
PRAGMA legacy_alter_table = ON;
ALTER TABLE t_mig_new RENAME TO t;
PRAGMA legacy_alter_table = OFF;
CREATE INDEX t_mail_idx ON t (mail);
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE t RENAME TO t_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
UPDATE mig_rebuild SET rows_after = (SELECT count(*) FROM t);
UPDATE mig_rebuild SET fk_of = (SELECT count(*) FROM pragma_foreign_key_check('t', 'main'));
UPDATE mig_rebuild SET fk_to = (SELECT count(*) FROM sqlite_schema c, pragma_foreign_key_check(c.name, 'main') v
    WHERE c.type = 'table' AND v.parent = 't' COLLATE NOCASE
    AND EXISTS (SELECT 1 FROM pragma_foreign_key_list(c.name, 'main') f WHERE f."table" = 't' COLLATE NOCASE));
UPDATE mig_rebuild SET integrity = (SELECT group_concat(integrity_check, '; ') FROM pragma_integrity_check('t', 'main'));
DROP TABLE mig_rebuild;
