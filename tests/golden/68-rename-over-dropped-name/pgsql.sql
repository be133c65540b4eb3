-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:qR4mxFeQ/TeVU81K467W4mCIPytTuYP+PP4GI2Y9zc0=
-- mig:up
CREATE TABLE t (
    id bigint,
    email text,
    email_new varchar(320),
    CONSTRAINT t_pkey PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table t and its rows
DROP TABLE t;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:p/+DGNuOh0+kELqdeW0iY52rFkn+gPCtPPOT8KtV20s=
-- mig:up
-- destructive: drops column t.email and its data
ALTER TABLE t DROP COLUMN email;
ALTER TABLE t RENAME COLUMN email_new TO email;
-- mig:down
ALTER TABLE t RENAME COLUMN email TO email_new;
ALTER TABLE t ADD COLUMN email text;
