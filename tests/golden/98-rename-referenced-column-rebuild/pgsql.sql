-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:07vKUysSt9Xjh+nAWzFEpR9Jssdcyyo8yDhsZSARTCc=
-- mig:up
CREATE TABLE customer (
    cust_id bigint,
    nickname text NOT NULL,
    CONSTRAINT customer_pkey PRIMARY KEY (cust_id)
);

CREATE TABLE orders (
    id bigint,
    customer_id bigint NOT NULL,
    CONSTRAINT orders_pkey PRIMARY KEY (id),
    CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customer (cust_id)
);

-- mig:down
-- destructive: drops table orders and its rows
DROP TABLE orders;
-- destructive: drops table customer and its rows
DROP TABLE customer;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:zJHUu+rIv5ZovVI83ASk9/8W107PceIOsZdjKp3b2NM=
-- mig:up
ALTER TABLE customer RENAME COLUMN cust_id TO id;
ALTER TABLE customer ALTER COLUMN nickname DROP NOT NULL;
-- mig:down
ALTER TABLE customer ALTER COLUMN nickname SET NOT NULL;
ALTER TABLE customer RENAME COLUMN id TO cust_id;
