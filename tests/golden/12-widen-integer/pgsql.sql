-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:mWuJ2MXrVRwqPQhTUDFeyqM2G8sT/entVyL9PEbAhxE=
-- mig:up
CREATE TABLE counter (
    id integer,
    hits integer,
    CONSTRAINT counter_pkey PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table counter and its rows
DROP TABLE counter;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:/4tJpYDirCsuh6BNQdj9UpbI/t/Z7tKAIK+CWSlzZog=
-- mig:up
ALTER TABLE counter ALTER COLUMN id TYPE bigint USING id::bigint;
ALTER TABLE counter ALTER COLUMN hits TYPE bigint USING hits::bigint;
-- mig:down
ALTER TABLE counter ALTER COLUMN hits TYPE integer USING hits::integer;
ALTER TABLE counter ALTER COLUMN id TYPE integer USING id::integer;
