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
-- mig:state h1:+KJys1JVt7eKXAUIA+Jt0bwJepgcYzv8PeJyvwuXLN0=
-- mig:up
-- destructive: narrows column item.name (values that do not fit make it fail)
ALTER TABLE item ALTER COLUMN name TYPE varchar(20);
-- mig:down
ALTER TABLE item ALTER COLUMN name TYPE varchar(100);
