-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:8IQ52AGrT4u8yeG0CuYa/DfU3qIHozyqlE1OfRY/O5w=
-- mig:up
CREATE TABLE t (
    id serial,
    x text,
    CONSTRAINT t_pkey PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table t and its rows
DROP TABLE t;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:49ikb3YWYMbqvuSwAfgh4W20ubK6NoE6KjJj4z/zaB8=
-- mig:up
ALTER TABLE t ALTER COLUMN id TYPE bigint USING id::bigint;
DO $mig$ BEGIN EXECUTE 'ALTER SEQUENCE ' || pg_get_serial_sequence('t', 'id') || ' AS bigint'; END $mig$;
-- mig:down
ALTER TABLE t ALTER COLUMN id TYPE integer USING id::integer;
DO $mig$ BEGIN EXECUTE 'ALTER SEQUENCE ' || pg_get_serial_sequence('t', 'id') || ' AS integer'; END $mig$;
