-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:4qeke4Xq74+Acn8G15KFyukFtVH3UAuDqXSVKnQO43Q=
-- mig:up
CREATE TABLE item (
    id bigint,
    name varchar(100) NOT NULL,
    qty text,
    CONSTRAINT item_pkey PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table item and its rows
DROP TABLE item;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:HIcafdBsY/wzM0LFgZWAHYGMkr10nKRihd76DCaUdoQ=
-- mig:up
-- destructive: narrows column item.qty (values that do not fit make it fail)
ALTER TABLE item ALTER COLUMN qty TYPE integer USING qty::integer;
-- mig:down
ALTER TABLE item ALTER COLUMN qty TYPE text USING qty::text;
