-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:AnMKAumvb4mbTIqpGHGwz11WoI9cw8owIgOhwP+L6pQ=
-- mig:up
CREATE TABLE item (
    id bigint,
    name varchar(100) NOT NULL,
    at timestamp,
    CONSTRAINT item_pkey PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table item and its rows
DROP TABLE item;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:fazAL8ic1f2hDVlDlRgzq5/kpOmWoAbjLE7BCl/NQz4=
-- mig:up
ALTER TABLE item ALTER COLUMN at TYPE timestamptz USING at::timestamptz;
-- mig:down
ALTER TABLE item ALTER COLUMN at TYPE timestamp USING at::timestamp;
