-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:Gph0EMNJzPre7pNE0EtH/HGswg7xXVUR4ig1soCP2x4=
-- mig:up
CREATE TABLE item (
    id bigint,
    name varchar(100) NOT NULL,
    CONSTRAINT item_pkey PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table item and its rows
DROP TABLE item;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:6SYMAgOY9HUvy5vcrtWj80rzDRqnsMLybkBJrNj5+hk=
-- mig:up
ALTER TABLE item ADD COLUMN qty integer NOT NULL DEFAULT 1;
-- mig:down
-- destructive: drops column item.qty and its data
ALTER TABLE item DROP COLUMN qty;
