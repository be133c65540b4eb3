-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:cCcqxeAxeFabsazowUGS7A8rjyMAh2e3RB0x1vgVgw4=
-- mig:up
-- SQLite: column volt.id keeps no sequence options (START WITH 10 INCREMENT BY 5): SQLite numbers rows its own way
CREATE TABLE volt (
    id integer NOT NULL CONSTRAINT volt_pkey PRIMARY KEY AUTOINCREMENT,
    name text NOT NULL
);

-- SQLite: column down.id keeps no sequence options (START WITH -100 INCREMENT BY -5 MINVALUE -1000 MAXVALUE -10): SQLite numbers rows its own way
CREATE TABLE down (
    id integer NOT NULL CONSTRAINT down_pkey PRIMARY KEY AUTOINCREMENT,
    name text NOT NULL
);

-- SQLite: column ticket.id keeps no sequence options (START WITH 7 INCREMENT BY 3): SQLite numbers rows its own way
CREATE TABLE ticket (
    id integer NOT NULL CONSTRAINT ticket_pkey PRIMARY KEY AUTOINCREMENT,
    name text NOT NULL
);

-- SQLite: column idle.volt keeps no sequence options (INCREMENT BY 10 MINVALUE -200 MAXVALUE 200): SQLite numbers rows its own way
CREATE TABLE idle (
    volt integer NOT NULL CONSTRAINT idle_pkey PRIMARY KEY AUTOINCREMENT
);

CREATE TABLE gain (
    id integer NOT NULL,
    name text NOT NULL,
    CONSTRAINT gain_pkey PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table gain and its rows
DROP TABLE gain;
-- destructive: drops table idle and its rows
DROP TABLE idle;
-- destructive: drops table ticket and its rows
DROP TABLE ticket;
-- destructive: drops table down and its rows
DROP TABLE down;
-- destructive: drops table volt and its rows
DROP TABLE volt;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:mEmlQ/soBioJg0h9muMX8YZigzIyaQrcC17rzzvEv2w=
-- mig:up
-- SQLite: column volt.id keeps no sequence options (SQLite numbers rows its own way)
-- SQLite: column down.id keeps no sequence options (SQLite numbers rows its own way)
-- SQLite: column ticket.id keeps no sequence options (SQLite numbers rows its own way)
-- SQLite: column idle.volt keeps no sequence options (SQLite numbers rows its own way)
-- rebuild of table gain: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table gain has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('gain', 'main') WHERE lower(name) NOT IN ('id', 'name');
DROP TABLE mig_guard;
-- the rebuild's checks (docs/sqlite.md): each fails the migration, naming the table
CREATE TEMP TABLE mig_rebuild (
    foreign_keys integer CONSTRAINT "rebuild of ""gain"" needs PRAGMA foreign_keys = OFF" CHECK (foreign_keys = 0),
    rows_before integer,
    rows_after integer CONSTRAINT "rebuild of ""gain"" lost rows" CHECK (rows_after >= rows_before)
        CONSTRAINT "rebuild of ""gain"" added rows" CHECK (rows_after <= rows_before),
    fk_of integer CONSTRAINT "rebuild of ""gain"" broke a foreign key of ""gain""" CHECK (fk_of = 0),
    fk_to integer CONSTRAINT "rebuild of ""gain"" broke a foreign key to ""gain""" CHECK (fk_to = 0),
    integrity text CONSTRAINT "rebuild of ""gain"" fails PRAGMA integrity_check" CHECK (integrity = 'ok')
);
INSERT INTO mig_rebuild (foreign_keys, rows_before)
    SELECT foreign_keys, (SELECT count(*) FROM gain) FROM pragma_foreign_keys;
-- SQLite: column gain.id keeps no sequence options (START WITH 100 INCREMENT BY 10): SQLite numbers rows its own way
CREATE TABLE gain_mig_new (
    id integer NOT NULL CONSTRAINT gain_pkey PRIMARY KEY AUTOINCREMENT,
    name text NOT NULL
);
INSERT INTO gain_mig_new (id, name)
    SELECT id, name FROM gain;
INSERT INTO sqlite_sequence (name, seq) SELECT 'gain_mig_new', 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'gain_mig_new');
UPDATE sqlite_sequence SET seq = max(seq, coalesce((SELECT max(seq) FROM sqlite_sequence WHERE name = 'gain'), 0)) WHERE name = 'gain_mig_new';
DROP TABLE gain;
PRAGMA legacy_alter_table = ON;
ALTER TABLE gain_mig_new RENAME TO gain;
PRAGMA legacy_alter_table = OFF;
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE gain RENAME TO gain_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
UPDATE mig_rebuild SET rows_after = (SELECT count(*) FROM gain);
UPDATE mig_rebuild SET fk_of = (SELECT count(*) FROM pragma_foreign_key_check('gain', 'main'));
UPDATE mig_rebuild SET fk_to = (SELECT count(*) FROM sqlite_schema c, pragma_foreign_key_check(c.name, 'main') v
    WHERE c.type = 'table' AND v.parent = 'gain' COLLATE NOCASE
    AND EXISTS (SELECT 1 FROM pragma_foreign_key_list(c.name, 'main') f WHERE f."table" = 'gain' COLLATE NOCASE));
UPDATE mig_rebuild SET integrity = (SELECT group_concat(integrity_check, '; ') FROM pragma_integrity_check('gain', 'main'));
DROP TABLE mig_rebuild;
-- SQLite: column fresh.id keeps no sequence options (START WITH 1000 INCREMENT BY 100): SQLite numbers rows its own way
CREATE TABLE fresh (
    id integer NOT NULL CONSTRAINT fresh_pkey PRIMARY KEY AUTOINCREMENT,
    name text NOT NULL
);

-- mig:down
-- destructive: drops table fresh and its rows
DROP TABLE fresh;
-- rebuild of table gain: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table gain has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('gain', 'main') WHERE lower(name) NOT IN ('id', 'name');
DROP TABLE mig_guard;
-- the rebuild's checks (docs/sqlite.md): each fails the migration, naming the table
CREATE TEMP TABLE mig_rebuild (
    foreign_keys integer CONSTRAINT "rebuild of ""gain"" needs PRAGMA foreign_keys = OFF" CHECK (foreign_keys = 0),
    rows_before integer,
    rows_after integer CONSTRAINT "rebuild of ""gain"" lost rows" CHECK (rows_after >= rows_before)
        CONSTRAINT "rebuild of ""gain"" added rows" CHECK (rows_after <= rows_before),
    fk_of integer CONSTRAINT "rebuild of ""gain"" broke a foreign key of ""gain""" CHECK (fk_of = 0),
    fk_to integer CONSTRAINT "rebuild of ""gain"" broke a foreign key to ""gain""" CHECK (fk_to = 0),
    integrity text CONSTRAINT "rebuild of ""gain"" fails PRAGMA integrity_check" CHECK (integrity = 'ok')
);
INSERT INTO mig_rebuild (foreign_keys, rows_before)
    SELECT foreign_keys, (SELECT count(*) FROM gain) FROM pragma_foreign_keys;
CREATE TABLE gain_mig_new (
    id integer NOT NULL,
    name text NOT NULL,
    CONSTRAINT gain_pkey PRIMARY KEY (id)
);
INSERT INTO gain_mig_new (id, name)
    SELECT id, name FROM gain;
DROP TABLE gain;
PRAGMA legacy_alter_table = ON;
ALTER TABLE gain_mig_new RENAME TO gain;
PRAGMA legacy_alter_table = OFF;
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE gain RENAME TO gain_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
UPDATE mig_rebuild SET rows_after = (SELECT count(*) FROM gain);
UPDATE mig_rebuild SET fk_of = (SELECT count(*) FROM pragma_foreign_key_check('gain', 'main'));
UPDATE mig_rebuild SET fk_to = (SELECT count(*) FROM sqlite_schema c, pragma_foreign_key_check(c.name, 'main') v
    WHERE c.type = 'table' AND v.parent = 'gain' COLLATE NOCASE
    AND EXISTS (SELECT 1 FROM pragma_foreign_key_list(c.name, 'main') f WHERE f."table" = 'gain' COLLATE NOCASE));
UPDATE mig_rebuild SET integrity = (SELECT group_concat(integrity_check, '; ') FROM pragma_integrity_check('gain', 'main'));
DROP TABLE mig_rebuild;
-- SQLite: column idle.volt keeps no sequence options (SQLite numbers rows its own way)
-- SQLite: column ticket.id keeps no sequence options (SQLite numbers rows its own way)
-- SQLite: column down.id keeps no sequence options (SQLite numbers rows its own way)
-- SQLite: column volt.id keeps no sequence options (SQLite numbers rows its own way)
