-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:ECOe0lFo9raUj8yiGmgCHq/MV0LVEAmzxmP3G5xnTfY=
-- mig:up
CREATE TABLE plain (
    id integer NOT NULL,
    CONSTRAINT plain_id_pk PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table plain and its rows
DROP TABLE plain;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:WKQ3dVAfAsumvgJ8Gc/98H+yNVbvjc81rHkoDq7B2bY=
-- mig:up
-- rebuild of table plain: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table plain has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('plain', 'main') WHERE lower(name) NOT IN ('id');
DROP TABLE mig_guard;
CREATE TABLE plain_mig_new (
    id integer NOT NULL
);
INSERT INTO plain_mig_new (id)
    SELECT id FROM plain;
DROP TABLE plain;
PRAGMA legacy_alter_table = ON;
ALTER TABLE plain_mig_new RENAME TO plain;
PRAGMA legacy_alter_table = OFF;
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE plain RENAME TO plain_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
-- mig:down
-- rebuild of table plain: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table plain has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('plain', 'main') WHERE lower(name) NOT IN ('id');
DROP TABLE mig_guard;
CREATE TABLE plain_mig_new (
    id integer NOT NULL,
    CONSTRAINT plain_id_pk PRIMARY KEY (id)
);
INSERT INTO plain_mig_new (id)
    SELECT id FROM plain;
DROP TABLE plain;
PRAGMA legacy_alter_table = ON;
ALTER TABLE plain_mig_new RENAME TO plain;
PRAGMA legacy_alter_table = OFF;
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE plain RENAME TO plain_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
