-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:ZWxBRNsvlkGQRkqbk2VDZoZuaYulZapaMCxkUq/bUNI=
-- mig:up
CREATE TABLE item (
    id bigint,
    name varchar(100) NOT NULL,
    state text,
    CONSTRAINT item_pkey PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table item and its rows
DROP TABLE item;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:tX+CPRZIDWqmTCGmgWxBOxykwW4O/qeu24RnCzVIUiE=
-- mig:up
ALTER TABLE item ALTER COLUMN state SET DEFAULT 'new';
-- mig:down
ALTER TABLE item ALTER COLUMN state DROP DEFAULT;
