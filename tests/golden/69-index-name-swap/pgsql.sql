-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:0is2Fd3mqcPWqCeIqM/ywX/PSSoAfE0aZ+OFC+9s2Mw=
-- mig:up
CREATE TABLE t (
    id bigint,
    a text,
    b text,
    CONSTRAINT t_pkey PRIMARY KEY (id)
);

CREATE INDEX ix1 ON t (a);
CREATE INDEX ix2 ON t (b);
-- mig:down
-- destructive: drops table t and its rows
DROP TABLE t;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:YKJcuAuxw7RVgrKOGdbHS/Hzb5DtXZ/U0f3BdVGgVTo=
-- mig:up
ALTER INDEX ix2 RENAME TO ix2_mig_tmp;
ALTER INDEX ix1 RENAME TO ix2;
ALTER INDEX ix2_mig_tmp RENAME TO ix1;
-- mig:down
ALTER INDEX ix1 RENAME TO ix2_mig_tmp;
ALTER INDEX ix2 RENAME TO ix1;
ALTER INDEX ix2_mig_tmp RENAME TO ix2;
