-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:yQQKLLU7vrbWHenQCPiihCVpqYFbMNF+BdWEZFRbros=
-- mig:up
CREATE TABLE item (
    id bigint,
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
-- for SQLite only: trigger item_audit on item
-- mig:down
-- for SQLite only: trigger item_audit on item
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
ALTER TABLE item ADD CONSTRAINT item_qty_check CHECK (qty >= 0);
-- mig:down
ALTER TABLE item DROP CONSTRAINT item_qty_check;
