-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:yhYe11JN7FSpsbwAwZ0JHpVg2te12sL+jSjBvJlo/4s=
-- mig:up
CREATE SCHEMA billing;
CREATE TABLE billing.invoice (
    id bigint NOT NULL,
    CONSTRAINT invoice_pkey PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table billing.invoice and its rows
DROP TABLE billing.invoice;
DROP SCHEMA billing;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:Gph0EMNJzPre7pNE0EtH/HGswg7xXVUR4ig1soCP2x4=
-- mig:up
-- destructive: drops table billing.invoice and its rows
DROP TABLE billing.invoice;
CREATE TABLE item (
    id bigint NOT NULL,
    name varchar(100) NOT NULL,
    CONSTRAINT item_pkey PRIMARY KEY (id)
);

DROP SCHEMA billing;
-- mig:down
CREATE SCHEMA billing;
-- destructive: drops table item and its rows
DROP TABLE item;
CREATE TABLE billing.invoice (
    id bigint NOT NULL,
    CONSTRAINT invoice_pkey PRIMARY KEY (id)
);

