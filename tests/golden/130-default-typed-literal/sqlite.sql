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
-- mig:down
-- rebuild of table event: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table event has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('event', 'main') WHERE lower(name) NOT IN ('id', 'starts_at', 'ends_at');
DROP TABLE mig_guard;
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
