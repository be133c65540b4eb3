-- mig:revision 0001_20260101000001_after
-- mig:parents
-- mig:message after
-- mig:transaction on
-- mig:state h1:HInaMDsGb5WeNsRd0lNrc1JmLENGh4yd6XsP8FTkM5c=
-- mig:up
CREATE SCHEMA billing;
COMMENT ON SCHEMA billing IS 'money';
CREATE TYPE billing.currency AS ENUM ('EUR', 'USD');
CREATE TABLE item (
    id bigint,
    name varchar(100) NOT NULL,
    CONSTRAINT item_pkey PRIMARY KEY (id)
);

CREATE TABLE billing.invoice (
    id bigint GENERATED ALWAYS AS IDENTITY,
    currency billing.currency NOT NULL DEFAULT 'EUR',
    item_id bigint,
    CONSTRAINT invoice_pkey PRIMARY KEY (id),
    CONSTRAINT invoice_item_id_fkey FOREIGN KEY (item_id) REFERENCES item (id)
);

-- mig:down
-- destructive: drops table billing.invoice and its rows
DROP TABLE billing.invoice;
-- destructive: drops table item and its rows
DROP TABLE item;
DROP TYPE billing.currency;
DROP SCHEMA billing;
