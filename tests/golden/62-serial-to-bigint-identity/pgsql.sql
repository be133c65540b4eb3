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
-- mig:state h1:SzUKjMtcpqqULFi9pNlYzt7K+wlZhc5DlT1GpOa9mqY=
-- mig:up
DO $mig$ BEGIN EXECUTE 'ALTER TABLE ' || 't' || ' ALTER COLUMN ' || quote_ident('id') || ' DROP DEFAULT'; EXECUTE 'DROP SEQUENCE ' || pg_get_serial_sequence('t', 'id'); END $mig$;
ALTER TABLE t ALTER COLUMN id TYPE bigint USING id::bigint;
ALTER TABLE t ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY;
SELECT setval(pg_get_serial_sequence('t', 'id'), coalesce(max(id), 0) + 1, false) FROM t;
-- mig:down
ALTER TABLE t ALTER COLUMN id DROP IDENTITY;
ALTER TABLE t ALTER COLUMN id TYPE integer USING id::integer;
CREATE SEQUENCE t_id_seq AS integer OWNED BY t.id;
ALTER TABLE t ALTER COLUMN id SET DEFAULT nextval('t_id_seq');
SELECT setval(pg_get_serial_sequence('t', 'id'), coalesce(max(id), 0) + 1, false) FROM t;
