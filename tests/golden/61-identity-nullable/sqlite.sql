-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:tIO/+Jp7yO6TqLYKSaYs+W8gceSIShF53KkjwBrMUJ4=
-- mig:up
CREATE TABLE t (
    id bigint NOT NULL,
    seq bigint,
    CONSTRAINT t_pkey PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table t and its rows
DROP TABLE t;
-- (mig-gen exited 2: mig-gen: models/m.xml:4: column t.seq: SQLite has an identity only as the table's single-column primary key (the rowid)
mig-gen: hint: make it the primary key, or write PostgreSQL migrations only (--dialect pgsql))
