-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:9eYRs9rQ2k81Ni/Mek++UsmNJKLwgXB0fzeDm85yNTc=
-- mig:up
CREATE TABLE t (
    id bigint,
    a text,
    b text,
    CONSTRAINT t_pkey PRIMARY KEY (id)
);

CREATE INDEX t_search ON t (a);
CREATE INDEX t_search_new ON t (a, b);
-- mig:down
-- destructive: drops table t and its rows
DROP TABLE t;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:YgLu8D+20V9EJj+pv0zYZbnL3FcUuvoVnrrBIDHzFqw=
-- mig:up
DROP INDEX t_search;
ALTER INDEX t_search_new RENAME TO t_search;
-- mig:down
ALTER INDEX t_search RENAME TO t_search_new;
CREATE INDEX t_search ON t (a);
