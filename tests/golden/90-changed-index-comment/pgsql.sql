-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:2cwvKI/Mz04nCkcDwglRujNaezBXYz5MGKQ8fndu/5Q=
-- mig:up
CREATE TABLE t (
    id bigint,
    a text,
    b text,
    CONSTRAINT t_pkey PRIMARY KEY (id)
);

CREATE INDEX t_ix ON t (a);
COMMENT ON INDEX t_ix IS 'doc';
-- mig:down
-- destructive: drops table t and its rows
DROP TABLE t;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:VDzGaFb0dRSv9x0+B15hf7/JNzz6s/DA5oFZGhmyC5Q=
-- mig:up
DROP INDEX t_ix;
CREATE INDEX t_ix ON t (a, b);
COMMENT ON INDEX t_ix IS 'doc';
-- mig:down
DROP INDEX t_ix;
CREATE INDEX t_ix ON t (a);
COMMENT ON INDEX t_ix IS 'doc';
