-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:0FS4s3WGIIzyfgChss2aVfdtf0TUXaATtZpHlApKfPw=
-- mig:up
CREATE TABLE item (
    id bigint NOT NULL,
    name varchar(100) NOT NULL,
    state text,
    CONSTRAINT item_pkey PRIMARY KEY (id)
);

CREATE INDEX item_state_idx ON item (state);
-- mig:down
-- destructive: drops table item and its rows
DROP TABLE item;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:H24+SejdNygqwHvDdvthHL8TltJX1bs2VEULoSSAN1Q=
-- mig:up
DROP INDEX IF EXISTS item_state_idx;
CREATE INDEX item_state_idx ON item (state DESC) WHERE state IS NOT NULL;
-- mig:down
DROP INDEX IF EXISTS item_state_idx;
CREATE INDEX item_state_idx ON item (state);
