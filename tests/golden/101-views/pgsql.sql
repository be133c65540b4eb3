-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:7PNKvjDNDetTn1lYT0c7ffrIShW+4qGozIreDZlkVgs=
-- mig:up
CREATE TABLE orders (
    id bigint,
    status text NOT NULL,
    total numeric(12,2) NOT NULL,
    CONSTRAINT orders_pkey PRIMARY KEY (id)
);

CREATE VIEW open_orders AS SELECT id, total FROM orders WHERE status = 'open';
COMMENT ON VIEW open_orders IS 'orders not yet shipped';
CREATE VIEW big_orders AS SELECT id FROM orders WHERE total > 100;
-- mig:down
DROP VIEW big_orders;
COMMENT ON VIEW open_orders IS NULL;
DROP VIEW open_orders;
-- destructive: drops table orders and its rows
DROP TABLE orders;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:yLwSLNwydQbQi8k3buI8mveUIyTo05rrafR0T3uq4A8=
-- mig:up
DROP VIEW big_orders;
COMMENT ON VIEW open_orders IS NULL;
DROP VIEW open_orders;
ALTER TABLE orders ADD COLUMN placed_on date;
CREATE VIEW open_orders AS SELECT id, total, placed_on FROM orders WHERE status = 'open';
COMMENT ON VIEW open_orders IS 'orders waiting to ship';
CREATE VIEW open_total AS SELECT sum(total) AS total FROM open_orders;
CREATE MATERIALIZED VIEW order_counts AS SELECT status, count(*) AS n FROM orders GROUP BY status;
CREATE UNIQUE INDEX order_counts_status ON order_counts (status);
-- mig:down
DROP INDEX order_counts_status;
DROP MATERIALIZED VIEW order_counts;
DROP VIEW open_total;
COMMENT ON VIEW open_orders IS NULL;
DROP VIEW open_orders;
-- destructive: drops column orders.placed_on and its data
ALTER TABLE orders DROP COLUMN placed_on;
CREATE VIEW open_orders AS SELECT id, total FROM orders WHERE status = 'open';
COMMENT ON VIEW open_orders IS 'orders not yet shipped';
CREATE VIEW big_orders AS SELECT id FROM orders WHERE total > 100;
