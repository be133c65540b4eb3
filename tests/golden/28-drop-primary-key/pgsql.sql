-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:ECOe0lFo9raUj8yiGmgCHq/MV0LVEAmzxmP3G5xnTfY=
-- mig:up
CREATE TABLE plain (
    id integer,
    CONSTRAINT plain_id_pk PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table plain and its rows
DROP TABLE plain;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:WKQ3dVAfAsumvgJ8Gc/98H+yNVbvjc81rHkoDq7B2bY=
-- mig:up
ALTER TABLE plain DROP CONSTRAINT plain_id_pk;
-- mig:down
ALTER TABLE plain ADD CONSTRAINT plain_id_pk PRIMARY KEY (id);
