-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:o3uW4+PRJJDwkmPnCgyWCrslwm6tODH0UcE/KnSfeLs=
-- mig:up
CREATE TABLE orders (
    id bigint,
    note text,
    CONSTRAINT orders_pkey PRIMARY KEY (id)
);

CREATE TABLE payment (
    id bigint,
    order_id bigint NOT NULL,
    amount integer NOT NULL,
    CONSTRAINT payment_pkey PRIMARY KEY (id),
    CONSTRAINT payment_order_id_fkey FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE
);

-- mig:down
-- destructive: drops table payment and its rows
DROP TABLE payment;
-- destructive: drops table orders and its rows
DROP TABLE orders;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:UbS6KQbuZpU1ZMWXECOAAbtRBE8QSb4k8qfOKrYMjcQ=
-- mig:up
ALTER TABLE orders RENAME TO purchase;
ALTER TABLE purchase RENAME CONSTRAINT orders_pkey TO purchase_pkey;
ALTER TABLE purchase ALTER COLUMN note SET DEFAULT '';
UPDATE purchase SET note = '' WHERE note IS NULL;
ALTER TABLE purchase ALTER COLUMN note SET NOT NULL;
-- mig:down
ALTER TABLE purchase ALTER COLUMN note DROP NOT NULL;
ALTER TABLE purchase ALTER COLUMN note DROP DEFAULT;
ALTER TABLE purchase RENAME CONSTRAINT purchase_pkey TO orders_pkey;
ALTER TABLE purchase RENAME TO orders;
