-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:ZXSHQTkfF7/4cYryt5D7iXV/3SAQku31uepT5lAlMCs=
-- mig:up
CREATE SCHEMA crm;
CREATE TABLE item (
    id bigint NOT NULL,
    name varchar(100) NOT NULL,
    CONSTRAINT item_pkey PRIMARY KEY (id)
);

CREATE INDEX item_name_idx ON item (name);
-- mig:down
-- destructive: drops table item and its rows
DROP TABLE item;
DROP SCHEMA crm;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:gQ3uBHAgu9c46czALgCiZNI2/k4M9x0yNfPO/EPkhw4=
-- mig:up
-- mig:down
