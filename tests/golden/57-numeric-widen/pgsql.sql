-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:+sTnIrIjfPFTfBeESgz0CHn+q8ibzCqkHwVTw2T3Fyw=
-- mig:up
CREATE TABLE item (
    id bigint,
    name varchar(100) NOT NULL,
    price numeric(8,2),
    CONSTRAINT item_pkey PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table item and its rows
DROP TABLE item;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:AZD1qQRA22TEx5PQU45j3+LjFvGjjK3sTcwL9IzCqwo=
-- mig:up
ALTER TABLE item ALTER COLUMN price TYPE numeric(12,4);
-- mig:down
ALTER TABLE item ALTER COLUMN price TYPE numeric(8,2);
