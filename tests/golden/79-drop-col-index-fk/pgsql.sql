-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:qiWtd6YZAzBwUC5/jBf1/vsToTim5m3wiCCHAsCUahg=
-- mig:up
CREATE TABLE p (
    id integer,
    CONSTRAINT p_pkey PRIMARY KEY (id)
);

CREATE TABLE t (
    id integer,
    p_id integer NOT NULL,
    x text,
    CONSTRAINT t_pkey PRIMARY KEY (id),
    CONSTRAINT t_x_p_id_key UNIQUE (x, p_id),
    CONSTRAINT t_check CHECK (p_id > 0),
    CONSTRAINT t_p_id_fkey FOREIGN KEY (p_id) REFERENCES p (id)
);

CREATE INDEX t_p_id_x_idx ON t (p_id, x);
-- mig:down
-- destructive: drops table t and its rows
DROP TABLE t;
-- destructive: drops table p and its rows
DROP TABLE p;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:ca1PFQQ+KkzHyU87v0qi/gyOW8uF/AvOS5+MTPkxNjU=
-- mig:up
ALTER TABLE t DROP CONSTRAINT t_p_id_fkey;
ALTER TABLE t DROP CONSTRAINT t_x_p_id_key;
ALTER TABLE t DROP CONSTRAINT t_check;
DROP INDEX t_p_id_x_idx;
-- destructive: drops column t.p_id and its data
ALTER TABLE t DROP COLUMN p_id;
-- mig:down
ALTER TABLE t ADD COLUMN p_id integer NOT NULL DEFAULT 1;
ALTER TABLE t ALTER COLUMN p_id DROP DEFAULT;
CREATE INDEX t_p_id_x_idx ON t (p_id, x);
ALTER TABLE t ADD CONSTRAINT t_check CHECK (p_id > 0);
ALTER TABLE t ADD CONSTRAINT t_x_p_id_key UNIQUE (x, p_id);
ALTER TABLE t ADD CONSTRAINT t_p_id_fkey FOREIGN KEY (p_id) REFERENCES p (id);
