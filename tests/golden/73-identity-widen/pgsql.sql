-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:sZ7B0Xfa9qRIyqhqNZ4PfprijFkZemO1wVDj2kb05NQ=
-- mig:up
CREATE TABLE t (
    id integer GENERATED ALWAYS AS IDENTITY,
    CONSTRAINT t_pkey PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table t and its rows
DROP TABLE t;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:LqjGO78RTTBqK2Ge+UgsQUffaNKOoSgi+561E6ASokU=
-- mig:up
ALTER TABLE t ALTER COLUMN id TYPE bigint USING id::bigint;
-- mig:down
ALTER TABLE t ALTER COLUMN id TYPE integer USING id::integer;
