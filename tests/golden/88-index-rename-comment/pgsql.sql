-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:hwgmVwUXoQKPWpxdHa6iNw3+INvBcK2mv/q7Shk3LJk=
-- mig:up
CREATE TABLE t (
    id bigint,
    a text,
    CONSTRAINT t_pkey PRIMARY KEY (id)
);

CREATE INDEX t_a_i ON t (a);
COMMENT ON INDEX t_a_i IS 'old';
-- mig:down
-- destructive: drops table t and its rows
DROP TABLE t;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:jzcXDQDTQ9aR+y1sx4MuDi83jNBiEiaobHaFyiLDMd0=
-- mig:up
ALTER INDEX t_a_i RENAME TO t_a_ix;
COMMENT ON INDEX t_a_ix IS 'new';
-- mig:down
COMMENT ON INDEX t_a_ix IS 'old';
ALTER INDEX t_a_ix RENAME TO t_a_i;
