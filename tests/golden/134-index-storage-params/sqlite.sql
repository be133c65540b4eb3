-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:ajL8ZBtsjH0iOcpjR/XCabr8EdlqoHPt7xe8hjilcqo=
-- mig:up
CREATE TABLE item (
    id bigint NOT NULL,
    name text NOT NULL,
    price integer,
    CONSTRAINT item_pkey PRIMARY KEY (id)
);

CREATE INDEX item_name_idx ON item (name);
CREATE INDEX item_price_idx ON item (price);
-- mig:down
-- destructive: drops table item and its rows
DROP TABLE item;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:ltZ04+fOYfquPCsX3X5VcAzHUlS+SYDAdw02kShtS4A=
-- mig:up
DROP INDEX IF EXISTS item_name_idx;
DROP INDEX IF EXISTS item_price_idx;
CREATE INDEX item_name_idx ON item (name);
CREATE INDEX item_price_idx ON item (price);
-- mig:down
DROP INDEX IF EXISTS item_price_idx;
DROP INDEX IF EXISTS item_name_idx;
CREATE INDEX item_price_idx ON item (price);
CREATE INDEX item_name_idx ON item (name);
