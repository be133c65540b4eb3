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
-- mig:down
-- rebuild of table account: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table account has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('account', 'main') WHERE lower(name) NOT IN ('id', 'email', 'token', 'payload', 'note');
DROP TABLE mig_guard;
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
-- destructive: drops column account.note and its data
