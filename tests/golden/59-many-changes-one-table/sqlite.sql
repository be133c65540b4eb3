-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:cY9IgaQF/N5LBWccGlZ2reYsDRWi2vaVdanjSnBRjVQ=
-- mig:up
CREATE TABLE account (
    id integer NOT NULL,
    mail varchar(100),
    old text,
    age smallint,
    CONSTRAINT account_pkey PRIMARY KEY (id)
);

CREATE INDEX account_mail_idx ON account (mail);
-- mig:down
-- destructive: drops table account and its rows
DROP TABLE account;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:34HJCXckDrm3OTlIPjbaIAjZ2N0dTpVjXFoDq2gUnjc=
-- mig:up
-- destructive: drops column account.old and its data
-- rebuild of table account: a change ALTER TABLE cannot make
ALTER TABLE account RENAME COLUMN mail TO email;
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table account has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('account', 'main') WHERE lower(name) NOT IN ('id', 'email', 'old', 'age');
DROP TABLE mig_guard;
CREATE TABLE account_mig_new (
    id integer NOT NULL CONSTRAINT account_pkey PRIMARY KEY AUTOINCREMENT,
    email varchar(320) NOT NULL DEFAULT '',
    age integer DEFAULT 18,
    joined date DEFAULT (CURRENT_DATE),
    CONSTRAINT account_age_adult CHECK (age >= 18)
);
INSERT INTO account_mig_new (id, email, age, joined)
    SELECT id, coalesce(email, ''), age, (CURRENT_DATE) FROM account;
INSERT INTO sqlite_sequence (name, seq) SELECT 'account_mig_new', 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'account_mig_new');
UPDATE sqlite_sequence SET seq = max(seq, coalesce((SELECT max(seq) FROM sqlite_sequence WHERE name = 'account'), 0)) WHERE name = 'account_mig_new';
DROP TABLE account;
PRAGMA legacy_alter_table = ON;
ALTER TABLE account_mig_new RENAME TO account;
PRAGMA legacy_alter_table = OFF;
CREATE INDEX account_mail_idx ON account (email);
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE account RENAME TO account_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
-- mig:down
-- rebuild of table account: a change ALTER TABLE cannot make
ALTER TABLE account RENAME COLUMN email TO mail;
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table account has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('account', 'main') WHERE lower(name) NOT IN ('id', 'mail', 'age', 'joined');
DROP TABLE mig_guard;
CREATE TABLE account_mig_new (
    id integer NOT NULL,
    mail varchar(100),
    old text,
    age smallint,
    CONSTRAINT account_pkey PRIMARY KEY (id)
);
INSERT INTO account_mig_new (id, mail, age)
    SELECT id, mail, age FROM account;
DROP TABLE account;
PRAGMA legacy_alter_table = ON;
ALTER TABLE account_mig_new RENAME TO account;
PRAGMA legacy_alter_table = OFF;
CREATE INDEX account_mail_idx ON account (mail);
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE account RENAME TO account_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
-- destructive: drops column account.joined and its data
