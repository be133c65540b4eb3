-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:7FVTh4RtVsMksJBzUymHahb+MTDNo8qqi6oqB35l/7I=
-- mig:up
CREATE TABLE account (
    id INT NOT NULL,
    email VARCHAR(255),
    token CHAR(36),
    payload,
    CONSTRAINT account_pkey PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table account and its rows
DROP TABLE account;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:y8Uk+EYAJ4OGH2APaJEAXFhPh88DViDafC9JbeEOGAo=
-- mig:up
-- rebuild of table account: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table account has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('account', 'main') WHERE lower(name) NOT IN ('id', 'email', 'token', 'payload');
DROP TABLE mig_guard;
-- the rebuild's checks (docs/sqlite.md): each fails the migration, naming the table
CREATE TEMP TABLE mig_rebuild (
    foreign_keys integer CONSTRAINT "rebuild of ""account"" needs PRAGMA foreign_keys = OFF" CHECK (foreign_keys = 0),
    rows_before integer,
    rows_after integer CONSTRAINT "rebuild of ""account"" lost rows" CHECK (rows_after >= rows_before)
        CONSTRAINT "rebuild of ""account"" added rows" CHECK (rows_after <= rows_before),
    fk_of integer CONSTRAINT "rebuild of ""account"" broke a foreign key of ""account""" CHECK (fk_of = 0),
    fk_to integer CONSTRAINT "rebuild of ""account"" broke a foreign key to ""account""" CHECK (fk_to = 0),
    integrity text CONSTRAINT "rebuild of ""account"" fails PRAGMA integrity_check" CHECK (integrity = 'ok')
);
INSERT INTO mig_rebuild (foreign_keys, rows_before)
    SELECT foreign_keys, (SELECT count(*) FROM account) FROM pragma_foreign_keys;
CREATE TABLE account_mig_new (
    id INT NOT NULL,
    email VARCHAR(255),
    token CHAR(36),
    payload,
    note,
    CONSTRAINT account_pkey PRIMARY KEY (id),
    CONSTRAINT account_email_check CHECK (length(email) > 3)
);
INSERT INTO account_mig_new (id, email, token, payload)
    SELECT id, email, token, payload FROM account;
DROP TABLE account;
PRAGMA legacy_alter_table = ON;
ALTER TABLE account_mig_new RENAME TO account;
PRAGMA legacy_alter_table = OFF;
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE account RENAME TO account_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
UPDATE mig_rebuild SET rows_after = (SELECT count(*) FROM account);
UPDATE mig_rebuild SET fk_of = (SELECT count(*) FROM pragma_foreign_key_check('account', 'main'));
UPDATE mig_rebuild SET fk_to = (SELECT count(*) FROM sqlite_schema c, pragma_foreign_key_check(c.name, 'main') v
    WHERE c.type = 'table' AND v.parent = 'account' COLLATE NOCASE
    AND EXISTS (SELECT 1 FROM pragma_foreign_key_list(c.name, 'main') f WHERE f."table" = 'account' COLLATE NOCASE));
UPDATE mig_rebuild SET integrity = (SELECT group_concat(integrity_check, '; ') FROM pragma_integrity_check('account', 'main'));
DROP TABLE mig_rebuild;
-- mig:down
-- rebuild of table account: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table account has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('account', 'main') WHERE lower(name) NOT IN ('id', 'email', 'token', 'payload', 'note');
DROP TABLE mig_guard;
-- the rebuild's checks (docs/sqlite.md): each fails the migration, naming the table
CREATE TEMP TABLE mig_rebuild (
    foreign_keys integer CONSTRAINT "rebuild of ""account"" needs PRAGMA foreign_keys = OFF" CHECK (foreign_keys = 0),
    rows_before integer,
    rows_after integer CONSTRAINT "rebuild of ""account"" lost rows" CHECK (rows_after >= rows_before)
        CONSTRAINT "rebuild of ""account"" added rows" CHECK (rows_after <= rows_before),
    fk_of integer CONSTRAINT "rebuild of ""account"" broke a foreign key of ""account""" CHECK (fk_of = 0),
    fk_to integer CONSTRAINT "rebuild of ""account"" broke a foreign key to ""account""" CHECK (fk_to = 0),
    integrity text CONSTRAINT "rebuild of ""account"" fails PRAGMA integrity_check" CHECK (integrity = 'ok')
);
INSERT INTO mig_rebuild (foreign_keys, rows_before)
    SELECT foreign_keys, (SELECT count(*) FROM account) FROM pragma_foreign_keys;
CREATE TABLE account_mig_new (
    id INT NOT NULL,
    email VARCHAR(255),
    token CHAR(36),
    payload,
    CONSTRAINT account_pkey PRIMARY KEY (id)
);
INSERT INTO account_mig_new (id, email, token, payload)
    SELECT id, email, token, payload FROM account;
DROP TABLE account;
PRAGMA legacy_alter_table = ON;
ALTER TABLE account_mig_new RENAME TO account;
PRAGMA legacy_alter_table = OFF;
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE account RENAME TO account_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
UPDATE mig_rebuild SET rows_after = (SELECT count(*) FROM account);
UPDATE mig_rebuild SET fk_of = (SELECT count(*) FROM pragma_foreign_key_check('account', 'main'));
UPDATE mig_rebuild SET fk_to = (SELECT count(*) FROM sqlite_schema c, pragma_foreign_key_check(c.name, 'main') v
    WHERE c.type = 'table' AND v.parent = 'account' COLLATE NOCASE
    AND EXISTS (SELECT 1 FROM pragma_foreign_key_list(c.name, 'main') f WHERE f."table" = 'account' COLLATE NOCASE));
UPDATE mig_rebuild SET integrity = (SELECT group_concat(integrity_check, '; ') FROM pragma_integrity_check('account', 'main'));
DROP TABLE mig_rebuild;
-- destructive: drops column account.note and its data
