-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:HIcafdBsY/wzM0LFgZWAHYGMkr10nKRihd76DCaUdoQ=
-- mig:up
CREATE TABLE item (
    id bigint,
    name varchar(100) NOT NULL,
    qty integer,
    CONSTRAINT item_pkey PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table item and its rows
DROP TABLE item;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:FjPzk5C54NvTajvXRCHO91Xi1fbVYkdzF6wY9DF9Dlw=
-- mig:up
ALTER TABLE item ALTER COLUMN qty SET DEFAULT 5;
UPDATE item SET qty = 5 WHERE qty IS NULL;
ALTER TABLE item ALTER COLUMN qty SET NOT NULL;
-- mig:down
ALTER TABLE item ALTER COLUMN qty DROP NOT NULL;
ALTER TABLE item ALTER COLUMN qty DROP DEFAULT;
