-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:ZXSHQTkfF7/4cYryt5D7iXV/3SAQku31uepT5lAlMCs=
-- mig:up
CREATE SCHEMA crm;
CREATE TYPE mood AS ENUM ('ok');
CREATE TABLE item (
    id bigint,
    name varchar(100) NOT NULL,
    CONSTRAINT item_pkey PRIMARY KEY (id)
);

CREATE INDEX item_name_idx ON item (name);
-- mig:down
-- destructive: drops table item and its rows
DROP TABLE item;
DROP TYPE mood;
DROP SCHEMA crm;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:gQ3uBHAgu9c46czALgCiZNI2/k4M9x0yNfPO/EPkhw4=
-- mig:up
COMMENT ON SCHEMA crm IS 'customers';
COMMENT ON TYPE mood IS 'how it feels';
COMMENT ON TABLE item IS 'an item';
COMMENT ON COLUMN item.name IS 'what it''s called';
COMMENT ON INDEX item_name_idx IS 'by name';
-- mig:down
COMMENT ON INDEX item_name_idx IS NULL;
COMMENT ON COLUMN item.name IS NULL;
COMMENT ON TABLE item IS NULL;
COMMENT ON TYPE mood IS NULL;
COMMENT ON SCHEMA crm IS NULL;
