-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:1l8DT6u3GmoGbk4cISmEu7MurM4g+VYQuswvcmY//QA=
-- mig:up
CREATE TYPE mood AS ENUM ('ok');
CREATE TABLE item (
    id bigint,
    name varchar(100) NOT NULL,
    mood mood,
    CONSTRAINT item_pkey PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table item and its rows
DROP TABLE item;
DROP TYPE mood;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:Gph0EMNJzPre7pNE0EtH/HGswg7xXVUR4ig1soCP2x4=
-- mig:up
-- destructive: drops column item.mood and its data
ALTER TABLE item DROP COLUMN mood;
DROP TYPE mood;
-- mig:down
CREATE TYPE mood AS ENUM ('ok');
ALTER TABLE item ADD COLUMN mood mood;
