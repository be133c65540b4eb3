-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:XlRYDqpX+B/PsINReF/eF9bihCpbjmyB8IE84gjvVQI=
-- mig:up
CREATE TABLE t (
    id bigint,
    code text DEFAULT 'abc',
    CONSTRAINT t_pkey PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table t and its rows
DROP TABLE t;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:CEJMkWdC8FuVv/NO1Lb8MN7kPcobzX34qCdBK67BnCY=
-- mig:up
-- destructive: narrows column t.code (values that do not fit make it fail)
ALTER TABLE t ALTER COLUMN code DROP DEFAULT;
ALTER TABLE t ALTER COLUMN code TYPE integer USING code::integer;
ALTER TABLE t ALTER COLUMN code SET DEFAULT 5;
-- mig:down
ALTER TABLE t ALTER COLUMN code DROP DEFAULT;
ALTER TABLE t ALTER COLUMN code TYPE text USING code::text;
ALTER TABLE t ALTER COLUMN code SET DEFAULT 'abc';
