-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:/R/PD7BWIXo2wlmAs+MI2wAUzOgXlUw9mPj0uJWdEFo=
-- mig:up
CREATE TABLE t (
    id serial,
    CONSTRAINT t_pkey PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table t and its rows
DROP TABLE t;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:mhl9h9CgIicxJzQmnL8mDMhL4FZaatEwdh6dm8YJfj4=
-- mig:up
ALTER TABLE t ALTER COLUMN id TYPE bigint USING id::bigint;
DO $mig$ BEGIN EXECUTE 'ALTER SEQUENCE ' || pg_get_serial_sequence('t', 'id') || ' AS bigint'; END $mig$;
-- mig:down
ALTER TABLE t ALTER COLUMN id TYPE integer USING id::integer;
DO $mig$ BEGIN EXECUTE 'ALTER SEQUENCE ' || pg_get_serial_sequence('t', 'id') || ' AS integer'; END $mig$;
