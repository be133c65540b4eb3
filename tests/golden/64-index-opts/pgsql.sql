-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:BKNxf2EsL+whbMJQRVDNqDRprsGcaEXcP5RaHTlROx4=
-- mig:up
CREATE TABLE t (
    id integer,
    a text,
    b text,
    CONSTRAINT t_pkey PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table t and its rows
DROP TABLE t;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:qaBYUps49oBZNIEJU/X8vjYDeU/h3TV+NdLmW7Y4ghA=
-- mig:up
CREATE INDEX i1 ON t (a DESC NULLS LAST, b NULLS FIRST) INCLUDE (id) WHERE a IS NOT NULL;
CREATE UNIQUE INDEX i2 ON t (a COLLATE "C" text_pattern_ops, (lower(b)) DESC) NULLS NOT DISTINCT;
CREATE INDEX i3 ON t USING hash (b);
-- mig:down
DROP INDEX i3;
DROP INDEX i2;
DROP INDEX i1;
