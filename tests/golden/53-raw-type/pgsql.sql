-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:5OhjFraL0hODSb9sOd6W0xY9cy1iOPBQI9+JnLrs5IU=
-- mig:up
CREATE TABLE item (
    id bigint,
    name varchar(100) NOT NULL,
    search text,
    CONSTRAINT item_pkey PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table item and its rows
DROP TABLE item;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:1EJJGRdzhpkyK0CkPcpMQznAzFszVw9ufKOu9cE56/o=
-- mig:up
-- destructive: narrows column item.search (values that do not fit make it fail)
ALTER TABLE item ALTER COLUMN search TYPE tsvector USING search::tsvector;
-- mig:down
ALTER TABLE item ALTER COLUMN search TYPE text USING search::text;
