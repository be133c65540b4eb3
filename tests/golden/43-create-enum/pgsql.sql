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
-- mig:state h1:oRW9slNmZKhaS58RLcyLOKHnNWb9QXrARC83I+zYlUU=
-- mig:up
CREATE TYPE item_state AS ENUM ('draft', 'live');
ALTER TABLE item ADD COLUMN state item_state NOT NULL DEFAULT 'draft';
-- mig:down
-- destructive: drops column item.state and its data
ALTER TABLE item DROP COLUMN state;
DROP TYPE item_state;
