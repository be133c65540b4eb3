-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:NM8x9+8QPkHzFnDz619LuiCv9Kue54Ax767diw1YBCw=
-- mig:up
CREATE TYPE order_status AS ENUM ('pending', 'paid', 'shipped', 'lost');
CREATE TABLE orders (
    id bigint,
    status order_status NOT NULL DEFAULT 'pending',
    note text,
    CONSTRAINT orders_pkey PRIMARY KEY (id),
    CONSTRAINT orders_paid_note CHECK (status <> 'paid' OR note IS NOT NULL)
);

CREATE INDEX orders_pending_idx ON orders (id) WHERE status = 'pending';
CREATE INDEX orders_status_note_idx ON orders ((status = 'paid'));
-- mig:down
-- destructive: drops table orders and its rows
DROP TABLE orders;
DROP TYPE order_status;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:EbvZyAV2Ughf7/Lf2C9Jp6wCoYs0iP8Y6LoIxdV1T/Q=
-- mig:up
ALTER TABLE orders DROP CONSTRAINT orders_paid_note;
DROP INDEX orders_pending_idx;
DROP INDEX orders_status_note_idx;
-- destructive: removes values of enum order_status (rows holding them make it fail)
ALTER TYPE order_status RENAME TO order_status_mig_old;
CREATE TYPE order_status AS ENUM ('pending', 'paid', 'shipped');
ALTER TABLE orders ALTER COLUMN status DROP DEFAULT;
ALTER TABLE orders ALTER COLUMN status TYPE order_status USING status::text::order_status;
ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'pending';
DROP TYPE order_status_mig_old;
ALTER TABLE orders ADD CONSTRAINT orders_paid_note CHECK (status <> 'paid' OR note IS NOT NULL);
CREATE INDEX orders_pending_idx ON orders (id) WHERE status = 'pending';
CREATE INDEX orders_status_note_idx ON orders ((status = 'paid'));
-- mig:down
DROP INDEX orders_status_note_idx;
DROP INDEX orders_pending_idx;
ALTER TABLE orders DROP CONSTRAINT orders_paid_note;
ALTER TYPE order_status RENAME TO order_status_mig_old;
CREATE TYPE order_status AS ENUM ('pending', 'paid', 'shipped', 'lost');
ALTER TABLE orders ALTER COLUMN status DROP DEFAULT;
ALTER TABLE orders ALTER COLUMN status TYPE order_status USING status::text::order_status;
ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'pending';
DROP TYPE order_status_mig_old;
CREATE INDEX orders_status_note_idx ON orders ((status = 'paid'));
CREATE INDEX orders_pending_idx ON orders (id) WHERE status = 'pending';
ALTER TABLE orders ADD CONSTRAINT orders_paid_note CHECK (status <> 'paid' OR note IS NOT NULL);
