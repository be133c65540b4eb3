-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:BKNxf2EsL+whbMJQRVDNqDRprsGcaEXcP5RaHTlROx4=
-- mig:up
CREATE TABLE t (
    id integer NOT NULL,
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
-- SQLite: index i1 has no INCLUDE columns in SQLite
-- SQLite: index i1 sorts NULLs as SQLite does (no NULLS FIRST/LAST in an index)
-- SQLite: index i1 sorts NULLs as SQLite does (no NULLS FIRST/LAST in an index)
CREATE INDEX i1 ON t (a DESC, b) WHERE a IS NOT NULL;
-- SQLite: index i2 treats NULLs as distinct (SQLite has no NULLS NOT DISTINCT)
-- SQLite: index i2 has no operator class text_pattern_ops in SQLite
CREATE UNIQUE INDEX i2 ON t (a COLLATE BINARY, (lower(b)) DESC);
-- SQLite: index i3 is a B-tree (SQLite has no hash indexes)
CREATE INDEX i3 ON t (b);
-- mig:down
DROP INDEX IF EXISTS i3;
DROP INDEX IF EXISTS i2;
DROP INDEX IF EXISTS i1;
