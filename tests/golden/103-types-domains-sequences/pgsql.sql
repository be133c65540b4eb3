-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:DmeevvySYVGU+ANOaUBkwxLsU0bQ5TJ636/0QdblGjc=
-- mig:up
CREATE DOMAIN quantity AS integer DEFAULT 1 CONSTRAINT quantity_positive CHECK (VALUE > 0);
CREATE SEQUENCE ticket START WITH 100;
CREATE TABLE item (
    id bigint,
    CONSTRAINT item_pkey PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table item and its rows
DROP TABLE item;
DROP SEQUENCE ticket;
DROP DOMAIN quantity;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:XUJwrh8WmzJAQkOQoqH9VOzcZPNX2iJ8BleDWCP4i+4=
-- mig:up
ALTER DOMAIN quantity DROP CONSTRAINT quantity_positive;
ALTER DOMAIN quantity SET NOT NULL;
ALTER DOMAIN quantity ADD CONSTRAINT quantity_small CHECK (VALUE < 1000);
ALTER SEQUENCE ticket START WITH 100 INCREMENT BY 10 AS bigint NO MINVALUE NO MAXVALUE CACHE 1 NO CYCLE;
CREATE EXTENSION IF NOT EXISTS citext;
CREATE TYPE dimensions AS (width integer, height integer);
ALTER TABLE item ADD COLUMN qty quantity;
ALTER TABLE item ADD COLUMN size dimensions;
ALTER TABLE item ADD COLUMN code citext;
ALTER TABLE item ADD COLUMN ticket bigint DEFAULT nextval('ticket');
CREATE SEQUENCE batch START WITH 5 OWNED BY item.id;
COMMENT ON DOMAIN quantity IS 'how many';
-- mig:down
COMMENT ON DOMAIN quantity IS NULL;
DROP SEQUENCE batch;
-- destructive: drops column item.ticket and its data
ALTER TABLE item DROP COLUMN ticket;
-- destructive: drops column item.code and its data
ALTER TABLE item DROP COLUMN code;
-- destructive: drops column item.size and its data
ALTER TABLE item DROP COLUMN size;
-- destructive: drops column item.qty and its data
ALTER TABLE item DROP COLUMN qty;
DROP TYPE dimensions;
DROP EXTENSION citext;
ALTER SEQUENCE ticket START WITH 100 AS bigint INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1 NO CYCLE;
ALTER DOMAIN quantity DROP CONSTRAINT quantity_small;
ALTER DOMAIN quantity DROP NOT NULL;
ALTER DOMAIN quantity ADD CONSTRAINT quantity_positive CHECK (VALUE > 0);
