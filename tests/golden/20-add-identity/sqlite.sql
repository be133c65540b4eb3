-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:/WFOgjf62TIHSaWPQQ6JJYYENqZXXygMZ8LRaQqmg68=
-- mig:up
CREATE TABLE ticket (
    id bigint NOT NULL,
    t text,
    CONSTRAINT ticket_pkey PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table ticket and its rows
DROP TABLE ticket;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:dRcGVcWvrMyr4BrJWZwbyvyNMSD9P5zbShbA0NzAnqM=
-- mig:up
-- rebuild of table ticket: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table ticket has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('ticket', 'main') WHERE lower(name) NOT IN ('id', 't');
DROP TABLE mig_guard;
-- the rebuild's checks (docs/sqlite.md): each fails the migration, naming the table
CREATE TEMP TABLE mig_rebuild (
    foreign_keys integer CONSTRAINT "rebuild of ""ticket"" needs PRAGMA foreign_keys = OFF" CHECK (foreign_keys = 0),
    rows_before integer,
    rows_after integer CONSTRAINT "rebuild of ""ticket"" lost rows" CHECK (rows_after >= rows_before)
        CONSTRAINT "rebuild of ""ticket"" added rows" CHECK (rows_after <= rows_before),
    fk_of integer CONSTRAINT "rebuild of ""ticket"" broke a foreign key of ""ticket""" CHECK (fk_of = 0),
    fk_to integer CONSTRAINT "rebuild of ""ticket"" broke a foreign key to ""ticket""" CHECK (fk_to = 0),
    integrity text CONSTRAINT "rebuild of ""ticket"" fails PRAGMA integrity_check" CHECK (integrity = 'ok')
);
INSERT INTO mig_rebuild (foreign_keys, rows_before)
    SELECT foreign_keys, (SELECT count(*) FROM ticket) FROM pragma_foreign_keys;
CREATE TABLE ticket_mig_new (
    id integer NOT NULL CONSTRAINT ticket_pkey PRIMARY KEY AUTOINCREMENT,
    t text
);
INSERT INTO ticket_mig_new (id, t)
    SELECT id, t FROM ticket;
INSERT INTO sqlite_sequence (name, seq) SELECT 'ticket_mig_new', 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'ticket_mig_new');
UPDATE sqlite_sequence SET seq = max(seq, coalesce((SELECT max(seq) FROM sqlite_sequence WHERE name = 'ticket'), 0)) WHERE name = 'ticket_mig_new';
DROP TABLE ticket;
PRAGMA legacy_alter_table = ON;
ALTER TABLE ticket_mig_new RENAME TO ticket;
PRAGMA legacy_alter_table = OFF;
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE ticket RENAME TO ticket_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
UPDATE mig_rebuild SET rows_after = (SELECT count(*) FROM ticket);
UPDATE mig_rebuild SET fk_of = (SELECT count(*) FROM pragma_foreign_key_check('ticket', 'main'));
UPDATE mig_rebuild SET fk_to = (SELECT count(*) FROM sqlite_schema c, pragma_foreign_key_check(c.name, 'main') v
    WHERE c.type = 'table' AND v.parent = 'ticket' COLLATE NOCASE
    AND EXISTS (SELECT 1 FROM pragma_foreign_key_list(c.name, 'main') f WHERE f."table" = 'ticket' COLLATE NOCASE));
UPDATE mig_rebuild SET integrity = (SELECT group_concat(integrity_check, '; ') FROM pragma_integrity_check('ticket', 'main'));
DROP TABLE mig_rebuild;
-- mig:down
-- rebuild of table ticket: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table ticket has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('ticket', 'main') WHERE lower(name) NOT IN ('id', 't');
DROP TABLE mig_guard;
-- the rebuild's checks (docs/sqlite.md): each fails the migration, naming the table
CREATE TEMP TABLE mig_rebuild (
    foreign_keys integer CONSTRAINT "rebuild of ""ticket"" needs PRAGMA foreign_keys = OFF" CHECK (foreign_keys = 0),
    rows_before integer,
    rows_after integer CONSTRAINT "rebuild of ""ticket"" lost rows" CHECK (rows_after >= rows_before)
        CONSTRAINT "rebuild of ""ticket"" added rows" CHECK (rows_after <= rows_before),
    fk_of integer CONSTRAINT "rebuild of ""ticket"" broke a foreign key of ""ticket""" CHECK (fk_of = 0),
    fk_to integer CONSTRAINT "rebuild of ""ticket"" broke a foreign key to ""ticket""" CHECK (fk_to = 0),
    integrity text CONSTRAINT "rebuild of ""ticket"" fails PRAGMA integrity_check" CHECK (integrity = 'ok')
);
INSERT INTO mig_rebuild (foreign_keys, rows_before)
    SELECT foreign_keys, (SELECT count(*) FROM ticket) FROM pragma_foreign_keys;
CREATE TABLE ticket_mig_new (
    id bigint NOT NULL,
    t text,
    CONSTRAINT ticket_pkey PRIMARY KEY (id)
);
INSERT INTO ticket_mig_new (id, t)
    SELECT id, t FROM ticket;
DROP TABLE ticket;
PRAGMA legacy_alter_table = ON;
ALTER TABLE ticket_mig_new RENAME TO ticket;
PRAGMA legacy_alter_table = OFF;
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE ticket RENAME TO ticket_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
UPDATE mig_rebuild SET rows_after = (SELECT count(*) FROM ticket);
UPDATE mig_rebuild SET fk_of = (SELECT count(*) FROM pragma_foreign_key_check('ticket', 'main'));
UPDATE mig_rebuild SET fk_to = (SELECT count(*) FROM sqlite_schema c, pragma_foreign_key_check(c.name, 'main') v
    WHERE c.type = 'table' AND v.parent = 'ticket' COLLATE NOCASE
    AND EXISTS (SELECT 1 FROM pragma_foreign_key_list(c.name, 'main') f WHERE f."table" = 'ticket' COLLATE NOCASE));
UPDATE mig_rebuild SET integrity = (SELECT group_concat(integrity_check, '; ') FROM pragma_integrity_check('ticket', 'main'));
DROP TABLE mig_rebuild;
