-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:9wrykdKrAqGYEIW8E+oMgPfWeDhI3lEx/OJYtRICpCs=
-- mig:up
CREATE TABLE t (
    id integer,
    code text,
    CONSTRAINT t_pkey PRIMARY KEY (id),
    CONSTRAINT t_code_u UNIQUE (code)
);

-- mig:down
-- destructive: drops table t and its rows
DROP TABLE t;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:pyST86bXrNTVkSoKxJKHfEHZXn/Ug7bmq2iafZbPmqM=
-- mig:up
ALTER TABLE t DROP CONSTRAINT t_code_u;
CREATE UNIQUE INDEX t_code_u ON t (code);
-- mig:down
DROP INDEX t_code_u;
ALTER TABLE t ADD CONSTRAINT t_code_u UNIQUE (code);
