-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:yQQKLLU7vrbWHenQCPiihCVpqYFbMNF+BdWEZFRbros=
-- mig:up
CREATE TABLE item (
    id bigint NOT NULL,
    name text NOT NULL,
    qty integer NOT NULL DEFAULT 0,
    CONSTRAINT item_pkey PRIMARY KEY (id)
);

CREATE UNIQUE INDEX item_lower_name ON item ((lower(name)));
CREATE INDEX item_in_stock ON item (name) WHERE qty > 0;
CREATE TABLE audit (
    item_id bigint NOT NULL,
    qty integer
);

CREATE VIEW item_names AS SELECT id, name FROM item;
CREATE VIEW item_names_upper AS SELECT id, upper(name) AS name FROM item_names;
CREATE TRIGGER item_audit AFTER UPDATE ON item BEGIN INSERT INTO audit (item_id, qty) VALUES (NEW.id, NEW.qty); END;
-- mig:down
DROP TRIGGER item_audit;
DROP VIEW item_names_upper;
DROP VIEW item_names;
-- destructive: drops table audit and its rows
DROP TABLE audit;
-- destructive: drops table item and its rows
DROP TABLE item;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:pBL1IF8JLTTHXViKUUr9wmuU4DUghy0kNrDOCKLhT7c=
-- mig:up
-- views and triggers on tables rebuilt here: dropped first, created again at the end
DROP TRIGGER item_audit;
DROP VIEW item_names_upper;
DROP VIEW item_names;
-- rebuild of table item: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table item has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('item', 'main') WHERE lower(name) NOT IN ('id', 'name', 'qty');
DROP TABLE mig_guard;
CREATE TABLE item_mig_new (
    id bigint NOT NULL,
    name text NOT NULL,
    qty integer NOT NULL DEFAULT 0,
    CONSTRAINT item_pkey PRIMARY KEY (id),
    CONSTRAINT item_qty_check CHECK (qty >= 0)
);
INSERT INTO item_mig_new (id, name, qty)
    SELECT id, name, qty FROM item;
DROP TABLE item;
PRAGMA legacy_alter_table = ON;
ALTER TABLE item_mig_new RENAME TO item;
PRAGMA legacy_alter_table = OFF;
CREATE UNIQUE INDEX item_lower_name ON item ((lower(name)));
CREATE INDEX item_in_stock ON item (name) WHERE qty > 0;
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE item RENAME TO item_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
CREATE VIEW item_names AS SELECT id, name FROM item;
CREATE VIEW item_names_upper AS SELECT id, upper(name) AS name FROM item_names;
CREATE TRIGGER item_audit AFTER UPDATE ON item BEGIN INSERT INTO audit (item_id, qty) VALUES (NEW.id, NEW.qty); END;
-- they fit the rebuilt tables: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE item RENAME TO item_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
-- mig:down
-- views and triggers on tables rebuilt here: dropped first, created again at the end
DROP TRIGGER item_audit;
DROP VIEW item_names_upper;
DROP VIEW item_names;
-- rebuild of table item: a change ALTER TABLE cannot make
CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT "table item has a column this migration does not know (another branch's?): rebuilt, it would lose it" CHECK (unknown = 0));
INSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo('item', 'main') WHERE lower(name) NOT IN ('id', 'name', 'qty');
DROP TABLE mig_guard;
CREATE TABLE item_mig_new (
    id bigint NOT NULL,
    name text NOT NULL,
    qty integer NOT NULL DEFAULT 0,
    CONSTRAINT item_pkey PRIMARY KEY (id)
);
INSERT INTO item_mig_new (id, name, qty)
    SELECT id, name, qty FROM item;
DROP TABLE item;
PRAGMA legacy_alter_table = ON;
ALTER TABLE item_mig_new RENAME TO item;
PRAGMA legacy_alter_table = OFF;
CREATE UNIQUE INDEX item_lower_name ON item ((lower(name)));
CREATE INDEX item_in_stock ON item (name) WHERE qty > 0;
-- every view and trigger still fits: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE item RENAME TO item_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
CREATE VIEW item_names AS SELECT id, name FROM item;
CREATE VIEW item_names_upper AS SELECT id, upper(name) AS name FROM item_names;
CREATE TRIGGER item_audit AFTER UPDATE ON item BEGIN INSERT INTO audit (item_id, qty) VALUES (NEW.id, NEW.qty); END;
-- they fit the rebuilt tables: SQLite's rename checks them (and is undone)
SAVEPOINT mig_check;
ALTER TABLE item RENAME TO item_mig_check;
ROLLBACK TO mig_check;
RELEASE mig_check;
