-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:d32GkhetR6KKs+XRWf8RJ6apVYPH+wtaRPrbq1wR2fI=
-- mig:up
CREATE TYPE e1 AS ENUM ('x', 'y');
CREATE TYPE e2 AS ENUM ('x', 'y', 'z');
CREATE TABLE t (
    id integer,
    v e1 DEFAULT 'x',
    CONSTRAINT t_pkey PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table t and its rows
DROP TABLE t;
DROP TYPE e2;
DROP TYPE e1;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:5lesDDmh1kJvq1uTAU1bCF97rf4kgw2he1pMU9D9kcQ=
-- mig:up
-- destructive: narrows column t.v (values that do not fit make it fail)
ALTER TABLE t ALTER COLUMN v DROP DEFAULT;
ALTER TABLE t ALTER COLUMN v TYPE e2 USING v::text::e2;
ALTER TABLE t ALTER COLUMN v SET DEFAULT 'x';
-- mig:down
ALTER TABLE t ALTER COLUMN v DROP DEFAULT;
ALTER TABLE t ALTER COLUMN v TYPE e1 USING v::text::e1;
ALTER TABLE t ALTER COLUMN v SET DEFAULT 'x';
