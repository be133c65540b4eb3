-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:8+AFOaTbUofugO7N9LdiD66eXm5xZh16lVHTZI9kKWs=
-- mig:up
CREATE TABLE event (
    id bigint NOT NULL,
    starts_at timestamptz DEFAULT '0001-01-01 00:00:00+00',
    ends_at timestamptz DEFAULT ('0001-01-01 00:00:00'),
    CONSTRAINT event_pkey PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table event and its rows
DROP TABLE event;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:aZTtHGAZVg+UA6+hPkZpWXzGZmzFs4pd/FW/9wJh8v0=
-- mig:up
-- rebuild of table event: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table event has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('event', 'main') WHERE lower(name) NOT IN ('id', 'starts_at', 'ends_at');
DROP TABLE mig_guard;
-- the rebuild's checks (docs/sqlite.md): each fails the migration, naming the table
CREATE TEMP TABLE mig_rebuild (
    foreign_keys integer CONSTRAINT "rebuild of ""event"" needs PRAGMA foreign_keys = OFF" CHECK (foreign_keys = 0),
    rows_before integer,
    rows_after integer CONSTRAINT "rebuild of ""event"" lost rows" CHECK (rows_after >= rows_before)
        CONSTRAINT "rebuild of ""event"" added rows" CHECK (rows_after <= rows_before),
    fk_of integer CONSTRAINT "rebuild of ""event"" broke a foreign key of ""event""" CHECK (fk_of = 0),
    fk_to integer CONSTRAINT "rebuild of ""event"" broke a foreign key to ""event""" CHECK (fk_to = 0),
    integrity text CONSTRAINT "rebuild of ""event"" fails PRAGMA integrity_check" CHECK (integrity = 'ok')
);
INSERT INTO mig_rebuild (foreign_keys, rows_before)
    SELECT foreign_keys, (SELECT count(*) FROM event) FROM pragma_foreign_keys;
CREATE TABLE event_mig_new (
    id bigint NOT NULL,
    starts_at timestamptz DEFAULT ('0001-01-01 00:00:00'),
    ends_at timestamptz DEFAULT '0001-01-01 00:00:00+00',
    CONSTRAINT event_pkey PRIMARY KEY (id)
);
INSERT INTO event_mig_new (id, starts_at, ends_at)
    SELECT id, starts_at, ends_at FROM event;
DROP TABLE event;
PRAGMA legacy_alter_table = ON;
ALTER TABLE event_mig_new RENAME TO event;
PRAGMA legacy_alter_table = OFF;
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE event RENAME TO event_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
UPDATE mig_rebuild SET rows_after = (SELECT count(*) FROM event);
UPDATE mig_rebuild SET fk_of = (SELECT count(*) FROM pragma_foreign_key_check('event', 'main'));
UPDATE mig_rebuild SET fk_to = (SELECT count(*) FROM sqlite_schema c, pragma_foreign_key_check(c.name, 'main') v
    WHERE c.type = 'table' AND v.parent = 'event' COLLATE NOCASE
    AND EXISTS (SELECT 1 FROM pragma_foreign_key_list(c.name, 'main') f WHERE f."table" = 'event' COLLATE NOCASE));
UPDATE mig_rebuild SET integrity = (SELECT group_concat(integrity_check, '; ') FROM pragma_integrity_check('event', 'main'));
DROP TABLE mig_rebuild;
-- mig:down
-- rebuild of table event: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table event has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('event', 'main') WHERE lower(name) NOT IN ('id', 'starts_at', 'ends_at');
DROP TABLE mig_guard;
-- the rebuild's checks (docs/sqlite.md): each fails the migration, naming the table
CREATE TEMP TABLE mig_rebuild (
    foreign_keys integer CONSTRAINT "rebuild of ""event"" needs PRAGMA foreign_keys = OFF" CHECK (foreign_keys = 0),
    rows_before integer,
    rows_after integer CONSTRAINT "rebuild of ""event"" lost rows" CHECK (rows_after >= rows_before)
        CONSTRAINT "rebuild of ""event"" added rows" CHECK (rows_after <= rows_before),
    fk_of integer CONSTRAINT "rebuild of ""event"" broke a foreign key of ""event""" CHECK (fk_of = 0),
    fk_to integer CONSTRAINT "rebuild of ""event"" broke a foreign key to ""event""" CHECK (fk_to = 0),
    integrity text CONSTRAINT "rebuild of ""event"" fails PRAGMA integrity_check" CHECK (integrity = 'ok')
);
INSERT INTO mig_rebuild (foreign_keys, rows_before)
    SELECT foreign_keys, (SELECT count(*) FROM event) FROM pragma_foreign_keys;
CREATE TABLE event_mig_new (
    id bigint NOT NULL,
    starts_at timestamptz DEFAULT '0001-01-01 00:00:00+00',
    ends_at timestamptz DEFAULT ('0001-01-01 00:00:00'),
    CONSTRAINT event_pkey PRIMARY KEY (id)
);
INSERT INTO event_mig_new (id, starts_at, ends_at)
    SELECT id, starts_at, ends_at FROM event;
DROP TABLE event;
PRAGMA legacy_alter_table = ON;
ALTER TABLE event_mig_new RENAME TO event;
PRAGMA legacy_alter_table = OFF;
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE event RENAME TO event_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
UPDATE mig_rebuild SET rows_after = (SELECT count(*) FROM event);
UPDATE mig_rebuild SET fk_of = (SELECT count(*) FROM pragma_foreign_key_check('event', 'main'));
UPDATE mig_rebuild SET fk_to = (SELECT count(*) FROM sqlite_schema c, pragma_foreign_key_check(c.name, 'main') v
    WHERE c.type = 'table' AND v.parent = 'event' COLLATE NOCASE
    AND EXISTS (SELECT 1 FROM pragma_foreign_key_list(c.name, 'main') f WHERE f."table" = 'event' COLLATE NOCASE));
UPDATE mig_rebuild SET integrity = (SELECT group_concat(integrity_check, '; ') FROM pragma_integrity_check('event', 'main'));
DROP TABLE mig_rebuild;
