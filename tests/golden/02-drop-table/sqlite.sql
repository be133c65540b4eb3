-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:Tci1CpYReeKVYnNQH6D87m6/NP9v8Ka3GlPbZCDiTE8=
-- mig:up
CREATE TABLE item (
    id bigint NOT NULL,
    name varchar(100) NOT NULL,
    CONSTRAINT item_pkey PRIMARY KEY (id)
);

CREATE TABLE gone (
    id integer NOT NULL,
    CONSTRAINT gone_pkey PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table gone and its rows
DROP TABLE gone;
-- destructive: drops table item and its rows
DROP TABLE item;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:Gph0EMNJzPre7pNE0EtH/HGswg7xXVUR4ig1soCP2x4=
-- mig:up
-- destructive: drops table gone and its rows
DROP TABLE gone;
-- mig:down
CREATE TABLE gone (
    id integer NOT NULL,
    CONSTRAINT gone_pkey PRIMARY KEY (id)
);

