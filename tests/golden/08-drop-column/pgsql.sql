-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:v+nBa81GPz+3Ya5nUhyNlC7HWhaVbalY6aM7PJKDdCA=
-- mig:up
CREATE TABLE item (
    id bigint,
    name varchar(100) NOT NULL,
    note text,
    CONSTRAINT item_pkey PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table item and its rows
DROP TABLE item;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:Gph0EMNJzPre7pNE0EtH/HGswg7xXVUR4ig1soCP2x4=
-- mig:up
-- destructive: drops column item.note and its data
ALTER TABLE item DROP COLUMN note;
-- mig:down
ALTER TABLE item ADD COLUMN note text;
