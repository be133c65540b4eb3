-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:nhSlZhg5UztGy3uLivtfb1rRQf7KZtCvMPkBt+e7X6c=
-- mig:up
CREATE TYPE order_status AS ENUM ('pending', 'paid', 'void');
CREATE TABLE orders (
    id integer,
    status order_status NOT NULL,
    note varchar(20),
    CONSTRAINT orders_pkey PRIMARY KEY (id)
);

CREATE VIEW pending_orders AS SELECT id, note FROM orders WHERE status = 'pending';
CREATE VIEW pending_notes AS SELECT note FROM pending_orders;
-- mig:down
DROP VIEW pending_notes;
DROP VIEW pending_orders;
-- destructive: drops table orders and its rows
DROP TABLE orders;
DROP TYPE order_status;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:BAcgM5+dQFD7l/QxF1AzcGjMNuaQb1qaXNkJmFHDwRo=
-- mig:up
DROP VIEW pending_notes;
DROP VIEW pending_orders;
-- destructive: removes values of enum order_status (rows holding them make it fail)
ALTER TYPE order_status RENAME TO order_status_mig_old;
CREATE TYPE order_status AS ENUM ('pending', 'paid');
ALTER TABLE orders ALTER COLUMN status TYPE order_status USING status::text::order_status;
DROP TYPE order_status_mig_old;
ALTER TABLE orders ALTER COLUMN id TYPE bigint USING id::bigint;
ALTER TABLE orders ALTER COLUMN note TYPE text USING note::text;
CREATE VIEW pending_orders AS SELECT id, note FROM orders WHERE status = 'pending';
CREATE VIEW pending_notes AS SELECT note FROM pending_orders;
-- mig:down
DROP VIEW pending_notes;
DROP VIEW pending_orders;
ALTER TABLE orders ALTER COLUMN note TYPE varchar(20) USING note::varchar(20);
ALTER TABLE orders ALTER COLUMN id TYPE integer USING id::integer;
ALTER TYPE order_status RENAME TO order_status_mig_old;
CREATE TYPE order_status AS ENUM ('pending', 'paid', 'void');
ALTER TABLE orders ALTER COLUMN status TYPE order_status USING status::text::order_status;
DROP TYPE order_status_mig_old;
CREATE VIEW pending_orders AS SELECT id, note FROM orders WHERE status = 'pending';
CREATE VIEW pending_notes AS SELECT note FROM pending_orders;
